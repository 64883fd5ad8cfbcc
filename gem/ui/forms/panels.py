"""The parts of a record form that are not fields: deadlines with their explanations,
attachments, audit history, and tables of child records (hearings, invoice lines...).

Each panel's background job is one call of gem.services.records, which answers with the
rows to show (DeadlineRow, DocumentRow, HistoryEntry, ChildRow).

What other desks write reaches the panels through their form (RecordForm.changed_elsewhere,
gem.ui.live_refresh): a panel whose rows the announced writes may touch reads them again in
place, keeping the row selected (nothing in a panel is typed into, so nothing is lost), at
once while it is on screen and otherwise when it is next shown; a dialog open on one of its
rows (a deadline's, a child record's) hears the news too and says so with the form's banner.
"""

from __future__ import annotations

import html
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from gem import clock
from gem.formatting import format_date, format_number
from gem.i18n import tr
from gem.services import documents as document_service
from gem.services import policy, records
from gem.services.errors import (
    ConflictError,
    NotFoundError,
    PermissionDenied,
    ValidationError,
)
from gem.services.records import ChildRow, DeadlineRow, DocumentRow, HistoryEntry
from gem.services.workflow import status_label
from gem.ui.errors import message_for
from gem.ui.forms.conflict_dialog import THEIRS, ConflictDialog, ConflictRow
from gem.ui.forms.dialogs import DeadlineDialog, FieldsDialog
from gem.ui.forms.fields import TextField
from gem.ui.live_refresh import may_touch

OPEN_STATES = ("open", "extended")


def open_url(url: QUrl) -> bool:
    """Hand a file to the desktop (module-level so tests can watch it)."""
    return QDesktopServices.openUrl(url)


def _size(n: int, lang: str) -> str:
    if n < 1024:
        return f"{n} o" if lang == "fr" else f"{n} B"
    if n < 1024 * 1024:
        return format_number(n / 1024, 1, lang) + (" ko" if lang == "fr" else " KB")
    return format_number(n / 1024 / 1024, 1, lang) + (" Mo" if lang == "fr" else " MB")



def _shown_in(dialog: Any, language: str) -> Callable[[BaseException], None]:
    """A dialog's save failed: the fields' messages under them, anything else in the dialog
    (it stays open with what was typed)."""
    def failed(exc: BaseException) -> None:
        if not isValid(dialog):
            return
        if isinstance(exc, ValidationError):
            dialog.show_errors(exc.errors)
        else:
            dialog.show_message(message_for(exc, language))

    return failed


class _Follows:
    """A part of a record form (a QWidget) that reads its rows again when other desks write
    them: at once while it is on screen, else when it is next shown, so that a tab not in
    view costs no query. ``reload()`` is the part's own read; each read and each of the
    person's own writes takes a number (``_turn``), and an answer that is no longer the
    latest is dropped rather than shown over a newer one."""

    _stale = False
    _turns = 0

    def reload(self) -> None:
        raise NotImplementedError

    def _turn(self) -> int:
        self._turns += 1
        return self._turns

    def _is_latest(self, turn: int) -> bool:
        return isValid(self) and turn == self._turns

    def _read_latest(self, form: Any, read: Callable[[Any], Any], show: Callable[[Any], None],
                     failed: Callable[[BaseException], None] | None = None,
                     then: Callable[[Any], None] | None = None) -> None:
        """``read(session)`` off the GUI thread, its answer to ``show`` unless a newer read or
        write took a turn meanwhile (``then`` gets it either way); a failure to ``failed``,
        else to the form's banner (_read_failed)."""
        turn = self._turn()

        def shown(result: Any) -> None:
            if self._is_latest(turn):
                show(result)
            if then is not None:
                then(result)

        form.ctx.read(lambda session, _control: read(session)).on_success(shown) \
            .on_failure(failed or _read_failed(form)).run()

    def refresh_soon(self) -> None:
        if self.isVisible():  # type: ignore[attr-defined]
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)  # type: ignore[misc]
        if self._stale:
            self._stale = False
            self.reload()


def _read_failed(form: Any) -> Callable[[BaseException], None]:
    """A panel's read failed: said in the form's banner, except a record gone or hidden,
    which the form's « Modifié par » banner already says (the same announcement)."""
    def failed(exc: BaseException) -> None:
        if isValid(form) and not isinstance(exc, NotFoundError):
            form.set_banner(form.message(exc), "error")

    return failed


class _Table(QTableWidget):
    """Read-only table with keyboard actions: Enter opens, Delete removes."""

    activated_row = Signal(int)
    delete_row = Signal(int)

    def __init__(self, headers: list[str], parent: QWidget | None = None):
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)
        self.horizontalHeader().setStretchLastSection(True)
        self.setWordWrap(False)
        self.doubleClicked.connect(lambda index: self.activated_row.emit(index.row()))

    def set_rows(self, rows: list[list[str]], ids: list[Any]) -> None:
        """Show ``rows``; the row selected before, found again by its id, stays selected
        and the table keeps its scroll position (rows read again in place)."""
        kept = self.current_id()
        scroll = self.verticalScrollBar().value()
        self.setRowCount(len(rows))
        for r, (values, ident) in enumerate(zip(rows, ids, strict=True)):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, ident)
                item.setToolTip(value)
                self.setItem(r, c, item)
        self.resizeColumnsToContents()
        header = self.horizontalHeader()
        for c in range(self.columnCount()):
            header.resizeSection(c, min(header.sectionSize(c), 420))
        header.setSectionResizeMode(self.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
        if kept is not None and kept in ids:
            self.selectRow(ids.index(kept))
            self.verticalScrollBar().setValue(scroll)

    def current_id(self) -> Any:
        item = self.item(self.currentRow(), 0) if self.currentRow() >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.activated_row.emit(self.currentRow())
            return
        if event.key() == Qt.Key.Key_Delete and self.currentRow() >= 0:
            self.delete_row.emit(self.currentRow())
            return
        super().keyPressEvent(event)


# ====================================================================== deadlines
class DeadlinesPanel(_Follows, QGroupBox):
    """Each deadline of the file: date, status, urgency, the sentence that explains it, and
    the actions a person takes on it (met, extended by written agreement, waived), each in a
    DeadlineDialog that watches its deadline while it is open."""

    def __init__(self, form: Any):
        super().__init__(QCoreApplication.translate("DeadlinesPanel", "Échéances"))
        self.form = form
        self.setObjectName("deadlines_panel")
        self.rows: list[DeadlineRow] = []
        self._latest: list[QLabel] = []
        self._frames: list[QFrame] = []
        self.dialog: DeadlineDialog | None = None
        self.conflict_dialog: ConflictDialog | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setSpacing(6)
        self.preview = QLabel()
        self.preview.setObjectName("deadline_preview")
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet("color: #1b4f72;")
        self.preview.hide()
        self.empty = QLabel(self._empty_text())
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #666;")
        self._rows_host = QVBoxLayout()
        self._layout.addWidget(self.preview)
        self._layout.addLayout(self._rows_host)
        self._layout.addWidget(self.empty)
        form.follow_changes(self)

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Another desk acted on a deadline of this file (or saved the file, which computes
        them again): the rows are read again; an open deadline dialog checks its own."""
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.changed_elsewhere(changes)
        if self.form.data is not None and \
                may_touch(changes, policy.DEADLINE, {r.id for r in self.rows}):
            self.refresh_soon()

    def _empty_text(self) -> str:
        """Why there is no deadline: a closed file has none to follow (an imported closed
        grievance, seen by the Xvfb walk, was told the date was still to come)."""
        from gem.services.workflow import ARBITRATION, GRIEVANCE, RECOURSE

        data, name = self.form.data, getattr(self.form, "workflow", None)
        flow = {w.name: w for w in (GRIEVANCE, ARBITRATION, RECOURSE)}.get(name or "")
        status = getattr(data, "status", None)
        if flow is not None and status and flow.is_closed(status):
            return self.tr("Aucune échéance : le dossier est fermé.")
        return self.tr("Aucune échéance : elle est calculée à l'enregistrement, dès que la "
                       "date qui la déclenche est connue.")

    def texts(self) -> list[str]:
        """Every explanation on screen (for tests and accessibility)."""
        return [row.explanation for row in self.rows]

    def set_preview(self, lines: list[str] | None) -> None:
        if lines:
            self.preview.setText(self.tr("Aperçu avant enregistrement : ") +
                                 "\n".join(lines))
        self.preview.setVisible(bool(lines))

    @staticmethod
    def latest_date(row: DeadlineRow) -> date | None:
        """The « au plus tard » date shown under the retained one: only while it is later,
        and not once the deadline was extended by written agreement (that date governs)."""
        if row.latest is None or row.status == "extended" or row.latest <= row.effective:
            return None
        return row.latest

    def latest_texts(self) -> list[str]:
        """The « au plus tard » lines on screen, for tests and accessibility."""
        return [label.accessibleName() for label in self._latest if isValid(label)]

    def set_rows(self, rows: list[DeadlineRow]) -> None:
        """Show ``rows``; the same rows again change nothing on screen, and a button that had
        the keyboard focus (« Prolonger… » of a deadline) has it again once rebuilt."""
        self.empty.setText(self._empty_text())  # the file's status may have changed
        if rows == self.rows and len(self._frames) == len(rows):
            return
        focus = QApplication.focusWidget()
        focused = focus.objectName() if focus is not None and self.isAncestorOf(focus) \
            else ""
        self.rows = rows
        self._latest = []
        while self._rows_host.count():
            item = self._rows_host.takeAt(0)
            assert item is not None  # count() says there is one at 0
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self._frames = [self._row_widget(row) for row in rows]
        for frame in self._frames:
            self._rows_host.addWidget(frame)
        self.empty.setVisible(not rows)
        if focused:
            again = next((w for frame in self._frames
                          for w in frame.findChildren(QPushButton, focused)), None)
            if again is not None:
                again.setFocus(Qt.FocusReason.OtherFocusReason)

    def _row_widget(self, row: DeadlineRow) -> QFrame:
        frame = QFrame()
        frame.setObjectName(f"deadline_{row.id}")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(frame)
        box.setContentsMargins(6, 4, 6, 4)
        due: date = row.effective
        days = (due - clock.today()).days
        if row.status not in OPEN_STATES:
            colour, urgency = "#555", row.status_label
            if row.met_on:
                urgency += self.tr(" le {date}").format(date=row.met_on.isoformat())
        elif days < 0:
            colour, urgency = "#b03a2e", self.tr("en retard de {n} jours").format(n=-days)
        elif days == 0:
            colour, urgency = "#b03a2e", self.tr("aujourd'hui")
        else:
            colour = "#b9770e" if days <= 7 else "#1e8449"
            urgency = self.tr("dans {n} jours").format(n=days)
        head = QLabel(f"<b>{row.label}</b> — <b style='color:{colour}'>"
                      f"{due.isoformat()}</b> ({urgency})")
        head.setWordWrap(True)
        box.addWidget(head)
        latest = self.latest_date(row)
        if latest is not None:
            first = self.tr("Au plus tard {latest}").format(latest=latest.isoformat())
            rest = self.tr("si les jours non vérifiés de son calendrier sont fériés ; "
                           "l'échéance retenue reste le {due}.").format(due=due.isoformat())
            later = QLabel(f"<b>{html.escape(first)}</b> {html.escape(rest)}")
            later.setObjectName(f"deadline_latest_{row.id}")
            later.setAccessibleName(f"{first} {rest}")
            self._latest.append(later)
            later.setWordWrap(True)
            later.setStyleSheet("color: #7e5109;")
            later.setToolTip(self.tr("Date qu'une lecture moins stricte du calendrier "
                                     "donnerait ; GEM ne la retient jamais comme échéance."))
            box.addWidget(later)
        text = QLabel(row.explanation)
        text.setObjectName("deadline_explanation")
        text.setWordWrap(True)
        text.setStyleSheet("color: #444;")
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(text)
        if self.form.may(policy.Action.UPDATE, policy.DEADLINE) and row.status in OPEN_STATES:
            buttons = QHBoxLayout()
            for action, label in (("met", self.tr("Respectée…")),
                                  ("extend", self.tr("Prolonger…")),
                                  ("waive", self.tr("Renoncer…"))):
                button = QPushButton(label)
                button.setObjectName(f"deadline_{action}_{row.id}")
                button.setAutoDefault(False)
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
                button.clicked.connect(lambda _c=False, a=action, r=row: self.start(a, r))
                buttons.addWidget(button)
            buttons.addStretch(1)
            box.addLayout(buttons)
        return frame

    def start(self, action: str, row: DeadlineRow) -> None:
        from gem.ui.forms.dialogs import deadline_dialog

        dialog = deadline_dialog(self.form, action, row)
        # the row as the dialog holds it: after « Recharger », the stored version
        dialog.submitted.connect(lambda values: self._run(dialog, action, dialog.row, values))
        dialog.reload_requested.connect(lambda: self._reload_for(dialog))
        dialog.compare_requested.connect(
            lambda exc, _labels: self._compare(dialog, action, exc))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _run(self, dialog: DeadlineDialog, action: str, row: DeadlineRow,
             values: dict[str, Any]) -> None:
        actor, owner, ident = self.form.actor, self.form.entity, self.form.record_id

        def job(session: Any, _control: Any) -> list[DeadlineRow]:
            return records.act_on_deadline(session, actor, owner, ident, row.id, row.version,
                                           action, values)

        def done(rows: list[DeadlineRow]) -> None:
            if isValid(dialog):
                dialog.set_busy(False)
                dialog.accept()
            if isValid(self):
                self._turn()  # a read under way started before this write: not shown
                self.set_rows(rows)
                self.form.ctx.announce("deadline", row.id)

        shown = _shown_in(dialog, actor.language)

        def failed(exc: BaseException) -> None:
            if isValid(dialog):
                dialog.set_busy(False)
            if isinstance(exc, ConflictError) and isValid(dialog) and isValid(self):
                self._conflict(dialog, action, row, exc)
            else:
                shown(exc)

        dialog.set_busy(True)
        self.form.ctx.write(job).on_success(done).on_failure(failed).run()

    def _reload_for(self, dialog: DeadlineDialog) -> None:
        """« Recharger » in a deadline's dialog: the file's deadlines read again, and the
        dialog takes its deadline as now stored (typing kept)."""
        ident = dialog.row.id

        def shown(rows: list[DeadlineRow]) -> None:
            if isValid(dialog):
                dialog.take_row(next((r for r in rows if r.id == ident), None))

        self.reload(then=shown)

    def _compare(self, dialog: DeadlineDialog, action: str, exc: ConflictError) -> None:
        """« Comparer » in a deadline's dialog: what is typed beside their stored version, in
        the conflict dialog a refused action opens; what is chosen there is done the same
        way (on their version), and nothing to choose means they did what was asked."""
        if not isValid(dialog) or not isValid(self) or self.conflict_dialog is not None:
            return
        self._open_conflict(dialog, action, dialog.row, exc)

    # ------------------------------------------------------------------ conflicts
    def _conflict(self, dialog: Any, action: str, row: DeadlineRow,
                  exc: ConflictError) -> None:
        """Someone acted on the deadline (or recomputed it) since it was shown: nothing was
        written. The deadline's dialog keeps what was typed and says who and when; the
        conflict dialog puts each of its fields beside the other version, to keep, take or
        merge, then acts again on the other version's number."""
        dialog.show_message(exc.message(self.form.lang))
        self.reload()
        self._open_conflict(dialog, action, row, exc)

    def _open_conflict(self, dialog: DeadlineDialog, action: str, row: DeadlineRow,
                       exc: ConflictError) -> None:
        rows = self.conflict_rows(dialog, exc)
        if not rows:  # they did exactly what was asked: nothing left to do
            self._theirs_kept(dialog, exc)
            return
        conflict = ConflictDialog(dialog, row.label, exc.changed_by, exc.changed_at, rows)
        conflict.setObjectName("deadline_conflict_dialog")
        conflict.resolved.connect(
            lambda choices: self._resolve(dialog, action, row, exc, choices))
        conflict.finished.connect(lambda _r: setattr(self, "conflict_dialog", None))
        self.conflict_dialog = conflict
        conflict.open()

    @staticmethod
    def conflict_rows(dialog: Any, exc: ConflictError) -> list[ConflictRow]:
        """The dialog's fields whose typed value differs from the other version's."""
        rows = []
        for f in dialog.fields:
            stored = exc.theirs.get(f.key)
            if f.canonical() == f.canonical_stored(stored):
                continue
            rows.append(ConflictRow(f.key, f.label, f.display_current(),
                                    f.display_stored(stored), mine_changed=True,
                                    theirs_changed=stored is not None))
        return rows

    def _resolve(self, dialog: DeadlineDialog, action: str, row: DeadlineRow,
                 exc: ConflictError, choices: dict[str, str]) -> None:
        if not isValid(dialog):
            return
        by_key = {f.key: f for f in dialog.fields}
        for key, choice in choices.items():
            if choice == THEIRS:
                by_key[key].show_stored(exc.theirs.get(key))
        if all(choice == THEIRS for choice in choices.values()):
            self._theirs_kept(dialog, exc)
            return
        dialog.show_message(self.tr("Version de {user} fusionnée avec la vôtre ; "
                                    "enregistrement…").format(user=exc.changed_by))
        dialog.adopt(exc.theirs.get("version"))
        self._run(dialog, action, replace(row, version=exc.theirs.get("version")),
                  dialog.values())

    def _theirs_kept(self, dialog: Any, exc: ConflictError) -> None:
        if isValid(dialog):
            dialog.reject()
        self.form.set_banner(self.tr("La version de {user} est conservée.")
                             .format(user=exc.changed_by), "info")

    def reload(self, then: Callable[[list[DeadlineRow]], None] | None = None) -> None:
        """Read the file's deadlines again (after a conflict: the other version; after
        another desk's write); ``then`` gets them too."""
        actor, owner, ident = self.form.actor, self.form.entity, self.form.record_id
        if ident is None:
            return
        self._read_latest(self.form,
                          lambda s: records.read_deadlines(s, actor, owner, ident),
                          self.set_rows, then=then)


# ====================================================================== attachments
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class AttachmentsPanel(_Follows, QWidget):
    """Documents attached to the record: add from files, open a copy, withdraw one attached
    by mistake, and (administrators) purge one for good.

    Withdrawing is what a secretary or a counsellor does with a wrong file: it leaves the
    list but stays in the database, readable, with when, by whom and why; « Afficher les
    pièces retirées » shows such rows greyed with that sentence. Purging deletes the file and
    its content, so it is offered to the roles the policy lets purge only, behind its own
    button and a question; the Delete key withdraws, it never purges.

    What another desk attaches, withdraws or purges shows here in place (the selected file
    stays selected); each change, here or there, is also a line of the « Historique » tab,
    which is read again with it."""

    opened = Signal(str)   # path of the temporary copy handed to the desktop
    WITHDRAWN_COLOUR = QColor("#8a8a8a")
    WITHDRAWAL_COLUMN = 4

    def __init__(self, form: Any):
        super().__init__()
        self.form = form
        self.all_documents: list[DocumentRow] = []   # as read, withdrawn ones included
        self.documents: list[DocumentRow] = []       # the rows on screen
        self.dialog: FieldsDialog | None = None      # the withdrawal's reason, while asked
        layout = QVBoxLayout(self)
        self.note = QLabel(self.tr("Enregistrez la fiche pour y joindre des documents."))
        self.note.setStyleSheet("color: #666;")
        layout.addWidget(self.note)
        self.table = _Table([self.tr("Nom"), self.tr("Taille"), self.tr("Ajouté le"),
                             self.tr("Empreinte SHA-256"), self.tr("Retrait")])
        self.table.setColumnHidden(self.WITHDRAWAL_COLUMN, True)
        self.table.activated_row.connect(lambda _r: self.open_selected())
        self.table.delete_row.connect(lambda _r: self.withdraw_selected())
        self.table.itemSelectionChanged.connect(self._refresh_buttons)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Ajouter des fichiers…"))
        self.open_button = QPushButton(self.tr("Ouvrir"))
        self.withdraw_button = QPushButton(self.tr("Retirer…"))
        self.withdraw_button.setObjectName("attachment_withdraw")
        self.remove_button = QPushButton(self.tr("Supprimer définitivement…"))
        self.remove_button.setObjectName("attachment_purge")
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_selected)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.add_button, self.open_button, self.withdraw_button,
                       self.remove_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.show_withdrawn = QCheckBox(self.tr("Afficher les pièces retirées"))
        self.show_withdrawn.setObjectName("attachments_show_withdrawn")
        self.show_withdrawn.toggled.connect(lambda _on: self._show())
        buttons.addWidget(self.show_withdrawn)
        layout.addLayout(buttons)
        self._temp: Path | None = None
        self._refresh_buttons()
        form.follow_changes(self)

    # ------------------------------------------------------------------ other desks
    def concerns(self, changes: list[Any]) -> bool:
        """Whether the announced writes may touch this record's attachments: one of them
        written or purged, or a file attached anywhere (an announcement names the document,
        not the record it is attached to)."""
        return may_touch(changes, policy.DOCUMENT, {d.id for d in self.all_documents})

    def changed_elsewhere(self, changes: list[Any]) -> None:
        if self.form.data is not None and self.concerns(changes):
            self.refresh_soon()

    def reload(self) -> None:
        """Read the record's attachments again, withdrawn ones included."""
        form = self.form
        actor, owner, ident = form.actor, form.entity, form.record_id
        if ident is None or form.data is None:
            return
        self._read_latest(form, lambda s: records.read_documents(s, actor, owner, ident),
                          self.set_documents)

    def _refresh_buttons(self) -> None:
        saved = self.form.data is not None
        current = self.current()
        self.note.setVisible(not saved)
        self.add_button.setEnabled(saved and self.may_attach())
        self.withdraw_button.setVisible(self.may_attach())
        self.withdraw_button.setEnabled(saved and self.may_attach() and current is not None
                                        and not current.withdrawn)
        self.remove_button.setVisible(self.may_purge())
        self.remove_button.setEnabled(saved and self.may_purge() and current is not None)
        # the service's own refusal, already in both languages
        self.remove_button.setToolTip("" if self.may_purge() else
                                      tr(PermissionDenied.msgid, self.form.lang))
        self.open_button.setEnabled(current is not None)

    def may_attach(self) -> bool:
        """Adding and withdrawing: whoever may attach to the record."""
        return self.form.may(policy.Action.ATTACH)

    def may_purge(self) -> bool:
        """Supprimer définitivement removes the attachment for good: purging, for
        administrators only."""
        return self.form.may(policy.Action.PURGE)

    def current(self) -> DocumentRow | None:
        ident = self.table.current_id()
        return next((d for d in self.documents if d.id == ident), None)

    def withdrawal_text(self, row: DocumentRow) -> str:
        """« Retiré le <date> par <nom> — <motif> », the sentence a withdrawn row shows."""
        if not row.withdrawn:
            return ""
        return self.tr("Retiré le {date} par {name} — {reason}").format(
            date=format_date(row.withdrawn_at), name=row.withdrawn_by or "?",
            reason=row.withdrawn_reason or "")

    def set_documents(self, documents: list[DocumentRow]) -> None:
        """The record's attachments as read, withdrawn ones included; which are shown
        follows the check box."""
        self.all_documents = documents
        self._show()

    def _show(self) -> None:
        showing = self.show_withdrawn.isChecked()
        selected = self.table.current_id()
        rows = [d for d in self.all_documents if showing or not d.withdrawn]
        self.documents = rows
        lang = self.form.lang
        self.table.set_rows([[d.name, _size(d.size, lang), format_date(d.uploaded_at),
                              d.sha256[:16] + "…", self.withdrawal_text(d)] for d in rows],
                            [d.id for d in rows])
        for r, d in enumerate(rows):
            if not d.withdrawn:
                continue
            text = self.withdrawal_text(d)
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                assert item is not None  # set_rows gave every column of the row a cell
                item.setForeground(self.WITHDRAWN_COLOUR)
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, text)
        self.table.setColumnHidden(self.WITHDRAWAL_COLUMN, not showing)
        ids = [d.id for d in rows]
        if selected in ids:
            self.table.selectRow(ids.index(selected))
        elif rows:
            self.table.selectRow(0)
        self._refresh_buttons()

    def choose_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, self.tr("Joindre des fichiers"))
        if paths:
            self.add_files([Path(p) for p in paths])

    def _run(self, job: Callable[[Any, Any], Any], done: Callable[[Any], None] | None = None
             ) -> None:
        form = self.form

        def failed(exc: BaseException) -> None:
            if isValid(form):
                form.set_banner(form.message(exc), "error")

        def succeeded(result: Any) -> None:
            if not isValid(self):
                return
            if done is not None:
                done(result)

        form.ctx.write(job).on_success(succeeded).on_failure(failed).run()

    def add_files(self, paths: list[Path]) -> None:
        """Attach files (read in the worker thread: a scan can be large)."""
        actor, owner, ident = self.form.actor, self.form.entity, self.form.record_id
        if self.form.data is None or not self.may_attach():
            return
        files = [Path(p) for p in paths]

        def job(session: Any, _control: Any) -> list[DocumentRow]:
            return records.attach_files(session, actor, owner, ident, files)

        self._run(job, self._after_change)

    def _after_change(self, documents: list[DocumentRow]) -> None:
        """The person's own attach, withdrawal or purge went through: the list as it now
        stands, and the history, which has a line for it."""
        self._turn()  # a read under way started before this write: not shown
        self.set_documents(documents)
        if self.form.history is not None:
            self.form.history.refresh_soon()
        self.form.ctx.announce(self.form.entity, self.form.record_id)

    def open_selected(self) -> None:
        ident = self.table.current_id()
        if ident is None:
            return
        actor = self.form.actor
        name = next((d.name for d in self.documents if d.id == ident), "document")

        def job(session: Any, _control: Any) -> bytes:
            return document_service.content_of(session, actor, ident)

        def write(content: bytes) -> None:
            if self._temp is None:
                self._temp = Path(tempfile.mkdtemp(prefix="gem-documents-"))
            path = self._temp / f"{ident}-{_UNSAFE.sub('_', name)}"
            path.write_bytes(content)
            path.chmod(0o400)  # a copy to read: changes would not go back to GEM
            open_url(QUrl.fromLocalFile(str(path)))
            self.opened.emit(str(path))

        def read(content: bytes) -> None:
            if isValid(self):
                write(content)

        def failed(exc: BaseException) -> None:
            if isValid(self.form):
                self.form.set_banner(self.form.message(exc), "error")

        self.form.ctx.read(job).on_success(read).on_failure(failed).run()

    def withdraw_selected(self) -> None:
        """Ask why (the reason is required and kept), then withdraw the selected file. The
        dialog stays open with the service's message under the reason when it is refused."""
        row = self.current()
        if row is None or row.withdrawn or self.form.data is None or not self.may_attach():
            return
        dialog = FieldsDialog(
            self.form, self.tr("Retirer la pièce jointe"),
            self.tr("Retirer « {name} » du dossier ? Le fichier est conservé : « Afficher "
                    "les pièces retirées » le montre encore, et seul un administrateur peut "
                    "le supprimer définitivement.").format(name=row.name),
            [TextField("reason", self.tr("Motif"), required=True,
                       max_length=document_service.REASON_LENGTH)],
            self.tr("Retirer"))
        dialog.setObjectName("attachment_withdraw_dialog")
        dialog.submitted.connect(lambda values: self._withdraw(dialog, row, values))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _withdraw(self, dialog: FieldsDialog, row: DocumentRow, values: dict[str, Any]) -> None:
        actor, owner, owner_id = self.form.actor, self.form.entity, self.form.record_id
        reason = str(values.get("reason") or "")

        def job(session: Any, _control: Any) -> list[DocumentRow]:
            return records.withdraw_document(session, actor, owner, owner_id, row.id, reason)

        def done(documents: list[DocumentRow]) -> None:
            if isValid(dialog):
                dialog.accept()
            if isValid(self):
                self._after_change(documents)

        self.form.ctx.write(job).on_success(done).on_failure(
            _shown_in(dialog, actor.language)).run()

    def remove_selected(self) -> None:
        """Purge the selected file (administrators), after a question whose safe answer is
        the default."""
        from gem.ui.forms import base

        row = self.current()
        if row is None or not self.may_purge():
            return
        if not base.ask(self, self.tr("Supprimer définitivement la pièce jointe"),
                        self.tr("Supprimer définitivement « {name} » ? Son contenu est effacé "
                                "de la base de données ; l'historique n'en garde que le nom "
                                "et l'empreinte.").format(name=row.name),
                        self.tr("Supprimer définitivement"), self.tr("Garder")):
            return
        actor, owner, owner_id, ident = (self.form.actor, self.form.entity,
                                         self.form.record_id, row.id)

        def job(session: Any, _control: Any) -> list[DocumentRow]:
            return records.remove_document(session, actor, owner, owner_id, ident)

        self._run(job, self._after_change)


# ====================================================================== history


class HistoryPanel(_Follows, QWidget):
    """The record's audit entries: when, who, what, and each field's before → after. Read
    again after the person's own attach or withdrawal (AttachmentsPanel) and whenever
    another desk writes the record or its attachments, in place (the selected entry stays
    selected)."""

    def __init__(self, form: Any):
        super().__init__()
        self.form = form
        self.entries: list[HistoryEntry] = []
        layout = QVBoxLayout(self)
        self.table = _Table([self.tr("Date"), self.tr("Utilisateur"), self.tr("Action"),
                             self.tr("Détails")])
        self.table.setWordWrap(True)
        layout.addWidget(self.table)
        self._actions = {"create": self.tr("Création"), "update": self.tr("Modification"),
                         "transition": self.tr("Changement de statut"),
                         "attach": self.tr("Pièce jointe ajoutée"),
                         "withdraw": self.tr("Pièce jointe retirée"),
                         "detach": self.tr("Pièce jointe supprimée définitivement"),
                         "delete": self.tr("Suppression")}
        form.follow_changes(self)

    def changed_elsewhere(self, changes: list[Any]) -> None:
        form = self.form
        if form.data is None:
            return
        if form.changed_banner.concerns(changes) or (
                form.attachments is not None and form.attachments.concerns(changes)):
            self.refresh_soon()

    def reload(self) -> None:
        """Read the record's audit entries again."""
        form = self.form
        actor, entity, ident = form.actor, form.entity, form.record_id
        if ident is None or form.data is None:
            return
        self._read_latest(form, lambda s: records.read_history(s, actor, entity, ident),
                          self.set_entries)

    def describe(self, entry: HistoryEntry) -> str:
        before, after = entry.before, entry.after
        if entry.action in ("attach", "detach"):
            return str((after or before).get("name", ""))
        if entry.action == "withdraw":
            return f"{after.get('name', '')} — {after.get('withdrawn_reason', '')}"
        if entry.action == "create":
            return ""
        parts = []
        for key in after or before:
            f = self.form._by_key.get(key)
            if key == "status" and self.form.workflow:
                label = self.tr("Statut")
                old = status_label(self.form.workflow, before.get(key) or "", self.form.lang)
                new = status_label(self.form.workflow, after.get(key) or "", self.form.lang)
            elif f is not None:
                label = f.label
                old = f.display_stored(before.get(key)) if key in before else ""
                new = f.display_stored(after.get(key)) if key in after else ""
                if getattr(f, "source_kind", None):
                    old = "#" + str(before[key]) if before.get(key) is not None else ""
                    new = "#" + str(after[key]) if after.get(key) is not None else ""
            else:
                continue
            parts.append(f"{label} : {self._short(old) or '—'} → {self._short(new) or '—'}")
        return "; ".join(parts)

    @staticmethod
    def _short(text: str) -> str:
        text = text.replace("\n", " ")
        return text if len(text) <= 60 else text[:57] + "…"

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.entries = entries
        rows = [[format_date(e.at), e.user, self._actions.get(e.action, e.action),
                 self.describe(e)] for e in reversed(entries)]
        # newest first; each entry keeps its number (oldest 0), so a selected one stays
        # selected when newer entries arrive above it
        self.table.set_rows(rows, list(range(len(rows) - 1, -1, -1)))


# ====================================================================== child tables
@dataclass(frozen=True)
class ChildSpec:
    """A table of child rows: the list name (a key of records.CHILDREN, which says how they
    are read, and of open_form) and the column headers."""

    kind: str                       # "hearings"
    headers: list[str]

    @property
    def parent_key(self) -> str:
        """The child's column naming the parent (sent when a child is created)."""
        return records.CHILDREN[self.kind].parent_key

    @property
    def entity(self) -> str:
        """The child's aggregate, which the policy has its own rules for."""
        return records.CHILDREN[self.kind].service().entity


class ChildTable(_Follows, QWidget):
    """Child records of the form's record, each edited in its own form in a dialog. Rows
    another desk writes are read again in place; the child's form in its dialog hears the
    announcements as a form in a tab does (its « Modifié par » banner, its save's
    conflict dialog)."""

    changed = Signal()

    def __init__(self, form: Any, spec: ChildSpec):
        super().__init__()
        self.form = form
        self.spec = spec
        self.dialog: Any = None
        self.ids: list[int] = []
        self.versions: dict[int, int | None] = {}
        layout = QVBoxLayout(self)
        self.note = QLabel(self.tr("Enregistrez d'abord la fiche."))
        self.note.setStyleSheet("color: #666;")
        layout.addWidget(self.note)
        self.table = _Table(spec.headers)
        self.table.activated_row.connect(lambda _r: self.open_selected())
        self.table.delete_row.connect(lambda _r: self.delete_selected())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Ajouter…"))
        self.open_button = QPushButton(self.tr("Ouvrir…"))
        self.delete_button = QPushButton(self.tr("Supprimer"))
        self.add_button.clicked.connect(self.add_new)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        for button in (self.add_button, self.open_button, self.delete_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._refresh_buttons()
        form.loaded.connect(self._refresh_buttons)
        form.loaded.connect(self.reload)
        form.saved.connect(lambda _i: self._refresh_buttons())
        form.saved.connect(lambda _i: self.reload())
        form.follow_changes(self)

    def changed_elsewhere(self, changes: list[Any]) -> None:
        dialog = self.dialog
        if dialog is not None and isValid(dialog):
            dialog.form.changed_elsewhere(changes)
        if self.form.data is not None and may_touch(changes, self.spec.entity, self.ids):
            self.refresh_soon()

    def _refresh_buttons(self) -> None:
        saved = self.form.data is not None
        self.note.setVisible(not saved)
        self.add_button.setEnabled(saved and self.may(policy.Action.CREATE))
        self.open_button.setEnabled(bool(self.ids))
        self.delete_button.setVisible(self.may(policy.Action.DELETE))
        self.delete_button.setEnabled(bool(self.ids))

    def may(self, action: policy.Action) -> bool:
        return self.form.may(action, self.spec.entity)

    def reload(self) -> None:
        parent_id = self.form.record_id
        if self.form.data is None or parent_id is None:
            return
        kind, actor = self.spec.kind, self.form.actor
        self._read_latest(self.form, lambda s: records.list_children(s, actor, kind, parent_id),
                          self._show, failed=self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isValid(self.form):
            self.form.set_banner(self.form.message(exc), "error")

    def _show(self, rows: list[ChildRow]) -> None:
        self.ids = [r.id for r in rows]
        self.versions = {r.id: r.version for r in rows}
        self.table.set_rows([r.cells for r in rows], self.ids)
        self._refresh_buttons()

    def _open(self, ident: int | None) -> None:
        from gem.ui.forms import FormDialog, open_form

        form = open_form(self.form.ctx, self.spec.kind, ident, None,
                         fixed={self.spec.parent_key: self.form.record_id})
        dialog = FormDialog(form, self.form)
        form.saved.connect(lambda _i: self._child_saved(dialog))
        form.open_requested.connect(lambda kind, linked: self._child_opens(form, kind, linked))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _child_opens(self, child: Any, kind: str, ident: int) -> None:
        """A record linked from a child (the union leave of an invoice line) opens in a tab
        of its own, through this form; a child only looked at gets out of the way."""
        if isValid(self.form):
            self.form.request_open(kind, ident)
        if isValid(child) and not child.is_dirty():
            child.cancel()

    def _child_saved(self, dialog: QDialog) -> None:
        if isValid(dialog):
            dialog.accept()
        if isValid(self):
            self.reload()
            self.changed.emit()

    def add_new(self) -> None:
        if self.form.record_id is not None and self.may(policy.Action.CREATE):
            self._open(None)

    def open_selected(self) -> None:
        ident = self.table.current_id()
        if ident is not None:
            self._open(ident)

    def delete_selected(self) -> None:
        from gem.ui.forms import base

        ident = self.table.current_id()
        if ident is None or not self.may(policy.Action.DELETE):
            return
        if not base.ask(self, self.tr("Supprimer"),
                        self.tr("Supprimer la ligne choisie ? L'historique la conserve."),
                        self.tr("Supprimer"), self.tr("Garder")):
            return
        self._delete(ident, self.versions.get(ident))

    def _delete(self, ident: int, version: int | None) -> None:
        kind, actor, parent_id = self.spec.kind, self.form.actor, self.form.record_id

        def job(session: Any, _control: Any) -> list[ChildRow]:
            return records.delete_child(session, actor, kind, parent_id, ident, version)

        def done(rows: list[ChildRow]) -> None:
            if isValid(self):
                self._turn()  # a read under way started before this write: not shown
                self._show(rows)
                self.changed.emit()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ConflictError) and isValid(self):
                self._delete_conflict(ident, exc)
            else:
                self._failed(exc)

        self.form.ctx.write(job).on_success(done).on_failure(failed).run()

    def _delete_conflict(self, ident: int, exc: ConflictError) -> None:
        """The row (or the invoice its total is kept on) was saved by someone else since it
        was shown: nothing was deleted. The table shows their version; the person keeps
        their choice (delete it anyway, on that version) or takes theirs (keep the row)."""
        from gem.ui.forms import base

        message = exc.message(self.form.lang)
        self.form.set_banner(message, "warning")
        self.reload()
        if not exc.theirs:  # gone already
            return
        if base.ask(self, self.tr("Conflit d'enregistrement"),
                    message + "\n\n" + self.tr("Supprimer la ligne quand même ?"),
                    self.tr("Supprimer quand même"), self.tr("Garder la ligne")):
            self._delete(ident, exc.theirs.get("version"))
