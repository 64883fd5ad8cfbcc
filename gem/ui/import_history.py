"""Fichier › Imports précédents…: the latest import batches, and the undo of one (issue 14).

Everyone who reads sees what was imported, when, by whom and from which file (the same list
as ``gem import batches``); the roles the policy lets undo a batch (UPDATE on import_batch:
administrators) get « Annuler ce lot… », which asks first, then runs
gem.imports.batches.undo_batch in one write transaction: all of the batch's writes taken
back, or none, with the reason when a member changed since.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from gem.formatting import format_date, format_number
from gem.i18n import tr
from gem.services import policy
from gem.ui.context import AppContext
from gem.ui.errors import message_for
from gem.ui.import_dialog import FILES, INVOICE_LINES
from gem.ui.workers import OpControl

if TYPE_CHECKING:
    from gem.imports.batches import BatchSummary

HistoryIndex = QModelIndex | QPersistentModelIndex
COUNTED = ("create", "update", "unchanged", "refused", "left")  # the batch's counts shown


class BatchTableModel(QAbstractTableModel):
    """One import batch per row, newest first (at most a hundred: no paging needed)."""

    # « Annulé le » beside who imported: the first thing to see before undoing one.
    COL_ID, COL_MADE, COL_BY, COL_UNDONE, COL_KIND, COL_FILE, COL_INSTITUTION = range(7)
    COL_COUNTS = COL_INSTITUTION + 1  # then one column per COUNTED

    def __init__(self, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.batches: list[BatchSummary] = []
        self._headers = [self.tr("Lot"), self.tr("Importé le"), self.tr("Par"),
                         self.tr("Annulé le"), self.tr("Type"), self.tr("Fichier"),
                         self.tr("Établissement"), self.tr("Créés"), self.tr("Mis à jour"),
                         self.tr("Inchangés"), self.tr("Refusés"),
                         self.tr("Absents de la liste")]

    def set_batches(self, batches: list[BatchSummary]) -> None:
        self.beginResetModel()
        self.batches = list(batches)
        self.endResetModel()

    def rowCount(self, parent: HistoryIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.batches)

    def columnCount(self, parent: HistoryIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: HistoryIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.batches):
            return None
        batch = self.batches[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(batch, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_FILE:
            return self.tr("{file}\nSHA-256 : {sha}").format(file=batch.file, sha=batch.sha256)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_INSTITUTION:
            return batch.institution or ""
        if role == Qt.ItemDataRole.TextAlignmentRole and (
                column == self.COL_ID or column >= self.COL_COUNTS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return batch
        return None

    def _text(self, batch: BatchSummary, column: int) -> str:
        from gem.imports.batches import KINDS

        if column == self.COL_ID:
            return format_number(batch.id, 0, self.lang)
        if column == self.COL_MADE:
            return format_date(batch.made_at)  # Québec local time
        if column == self.COL_BY:
            return batch.made_by
        if column == self.COL_KIND:
            kind = tr(KINDS.get(batch.kind, batch.kind), self.lang)
            return self.tr("{kind} (lignes valides seulement)").format(kind=kind) \
                if batch.valid_only else kind
        if column == self.COL_FILE:
            return batch.file
        if column == self.COL_INSTITUTION:
            return batch.institution or ""
        if column == self.COL_UNDONE:
            if batch.undone_at is None:
                return ""
            return self.tr("{when} par {login}").format(when=format_date(batch.undone_at),
                                                        login=batch.undone_by or "")
        kind = COUNTED[column - self.COL_COUNTS]
        return format_number(batch.counts.get(kind, 0), 0, self.lang)


class ImportHistoryDialog(QDialog):
    """The list of batches; « Annuler ce lot… » for the roles that may undo one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.lang = ctx.actor.language
        self.loaded = False  # the first list has arrived
        self.busy = False    # an undo is running
        self.may_undo = policy.may(ctx.actor, policy.Action.UPDATE, policy.IMPORT_BATCH)
        self.setWindowTitle(self.tr("Imports précédents"))
        self.resize(980, 460)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Les derniers imports, du plus récent au plus ancien. Un lot peut être annulé "
            "tant que personne n'a modifié les membres, les lignes de facture ou les dossiers "
            "qu'il a créés ou mis à jour."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = BatchTableModel(self.lang, self)
        self.table = QTableView()
        self.table.setObjectName("import_batches")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Institutions' names run to 80 characters: their column (and the file's) keeps a
        # width that leaves the counts in view, the full text in its tooltip.
        for column, width in ((BatchTableModel.COL_FILE, 160),
                              (BatchTableModel.COL_INSTITUTION, 220)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        self.table.setAccessibleName(self.tr("Lots d'import"))
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._sync())
        self.table.doubleClicked.connect(lambda _i: self.undo_current())
        table_label = QLabel(self.tr("&Lots"))
        table_label.setBuddy(self.table)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        self.notice = QLabel()
        self.notice.setObjectName("import_history_notice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.notice)
        buttons = QHBoxLayout()
        self.undo_button = QPushButton(self.tr("&Annuler ce lot…"))
        self.undo_button.setObjectName("import_undo")
        self.undo_button.setAutoDefault(False)
        self.undo_button.setVisible(self.may_undo)
        self.undo_button.setToolTip(self.tr(
            "Retire les membres que le lot a créés et remet ceux qu'il a mis à jour comme "
            "avant, si personne ne les a modifiés depuis"))
        self.undo_button.clicked.connect(self.undo_current)
        self.refresh_button = QPushButton(self.tr("A&ctualiser"))
        self.refresh_button.setObjectName("import_history_refresh")
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.reload)
        self.close_button = QPushButton(self.tr("Fer&mer"))
        self.close_button.clicked.connect(self.close)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self._sync()
        self.reload()

    # ------------------------------------------------------------------ reading
    def reload(self) -> None:
        actor = self.ctx.actor

        def job(session: Any, _control: OpControl) -> list[BatchSummary]:
            from gem.imports import batches

            return batches.list_batches(session, actor)

        self.ctx.read(job).on_success(self._guarded(self._listed)) \
            .on_failure(self._guarded(self._failed)).run()

    def _listed(self, found: list[BatchSummary]) -> None:
        current = self.current_batch()
        self.model.set_batches(found)
        self.loaded = True
        row = next((i for i, b in enumerate(found) if current is not None
                    and b.id == current.id), 0)
        if found:
            self.table.setCurrentIndex(self.model.index(row, 0))
        self._sync()

    def current_batch(self) -> BatchSummary | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.batches):
            return None
        return self.model.batches[index.row()]

    def _sync(self) -> None:
        batch = self.current_batch()
        self.undo_button.setEnabled(self.may_undo and not self.busy and batch is not None
                                    and batch.undone_at is None)

    # ------------------------------------------------------------------ undo
    def undo_current(self) -> None:
        """Ask, then take the selected batch back in one write transaction."""
        batch = self.current_batch()
        if not self.undo_button.isEnabled() or batch is None:
            return
        counts = {kind: format_number(batch.counts.get(kind, 0), 0, self.lang)
                  for kind in COUNTED}
        question = self.tr(
            "Annuler le lot n° {batch} (« {file} », importé le {when} par {login}) ?\n\n"
            "Les {create} ligne(s) qu'il a importées seront retirées : dossiers, liens, "
            "audiences, échéances et lignes de temps. Rien n'est fait si l'un de ces dossiers "
            "a été modifié depuis.") if batch.kind == FILES else self.tr(
            "Annuler le lot n° {batch} (« {file} », {institution}, importé le {when} par "
            "{login}) ?\n\n{create} ligne(s) de facture créée(s) par ce lot seront "
            "retirées ; le total de la facture et le rapprochement seront refaits. Rien "
            "n'est fait si l'une d'elles a été modifiée depuis.") \
            if batch.kind == INVOICE_LINES else self.tr(
            "Annuler le lot n° {batch} (« {file} », {institution}, importé le {when} par "
            "{login}) ?\n\n{create} membre(s) créé(s) par ce lot seront retirés ; "
            "{update} membre(s) mis à jour retrouveront leurs valeurs d'avant. Rien n'est "
            "fait si l'un d'eux a été modifié depuis.")
        answer = QMessageBox.question(
            self, self.tr("Annuler un lot d'import"),
            question.format(batch=batch.id, file=batch.file,
                            institution=batch.institution or "",
                            when=format_date(batch.made_at), login=batch.made_by, **counts),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        actor, ident = self.ctx.actor, batch.id

        def job(session: Any, _control: OpControl) -> BatchSummary:
            from gem.imports import batches

            return batches.undo_batch(session, actor, ident)

        self.busy = True
        self._sync()
        self.notice.setStyleSheet("")
        self.notice.setText(self.tr("Annulation du lot n° {batch}…").format(batch=ident))
        self.ctx.write(job).on_success(self._guarded(self._undone)) \
            .on_failure(self._guarded(self._failed)).run()

    def _undone(self, batch: BatchSummary) -> None:
        self.busy = False
        self.notice.setStyleSheet("")
        done = self.tr("Lot n° {batch} annulé : {create} ligne(s) retirée(s) (dossiers, liens, "
                       "audiences, échéances et lignes de temps).") \
            if batch.kind == FILES else self.tr(
            "Lot n° {batch} annulé : {create} ligne(s) de facture retirée(s), le total et le "
            "rapprochement refaits.") \
            if batch.kind == INVOICE_LINES else self.tr(
            "Lot n° {batch} annulé : {create} membre(s) retiré(s), {update} remis comme "
            "avant.")
        self.notice.setText(done.format(
            batch=batch.id, create=format_number(batch.counts.get("create", 0), 0, self.lang),
            update=format_number(batch.counts.get("update", 0), 0, self.lang)))
        self.ctx.announce({FILES: "grievance", INVOICE_LINES: "leave_invoice"}.get(
            batch.kind, "member"), 0)
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        """The refusal (CannotUndo names the record that changed) in the actor's language;
        anything unexpected as gem.ui.errors words it."""
        self.busy = False
        self.notice.setStyleSheet("color: #b91c1c;")
        self.notice.setText(message_for(exc, self.lang))
        self._sync()

    def _guarded(self, fn: Any) -> Any:
        """``fn`` called only while the dialog still exists."""
        def call(*args: Any) -> None:
            if isValid(self):
                fn(*args)
        return call


def open_history(ctx: AppContext, parent: QWidget | None = None) -> ImportHistoryDialog:
    """The history, non-modal; the one already open comes forward and is read again."""
    existing = parent.findChild(ImportHistoryDialog) if parent is not None else None
    if existing is not None and existing.isVisible():
        existing.reload()
        existing.raise_()
        existing.activateWindow()
        return existing
    dialog = ImportHistoryDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
