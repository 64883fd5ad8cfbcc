"""The parts of a record form that are not fields: deadlines with their explanations,
attachments, audit history, and tables of child records (hearings, invoice lines...)."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from gem.services import documents as document_service
from gem.services.errors import FieldError, GemError, ValidationError
from gem.services.values import BadValue, parse_date
from gem.services.workflow import status_label

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
class DeadlinesPanel(QGroupBox):
    """Each deadline of the file: date, status, urgency, the sentence that explains it, and
    the actions a person takes on it (met, extended by written agreement, waived)."""

    def __init__(self, form: Any):
        super().__init__(QCoreApplication.translate("DeadlinesPanel", "Échéances"))
        self.form = form
        self.setObjectName("deadlines_panel")
        self.rows: list[dict[str, Any]] = []
        self.dialog: Any = None
        self._layout = QVBoxLayout(self)
        self._layout.setSpacing(6)
        self.preview = QLabel()
        self.preview.setObjectName("deadline_preview")
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet("color: #1b4f72;")
        self.preview.hide()
        self.empty = QLabel(self.tr("Aucune échéance : elle est calculée à l'enregistrement, "
                                     "dès que la date qui la déclenche est connue."))
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #666;")
        self._rows_host = QVBoxLayout()
        self._layout.addWidget(self.preview)
        self._layout.addLayout(self._rows_host)
        self._layout.addWidget(self.empty)

    def texts(self) -> list[str]:
        """Every explanation on screen (for tests and accessibility)."""
        return [row["explanation"] for row in self.rows]

    def set_preview(self, lines: list[str] | None) -> None:
        if lines:
            self.preview.setText(self.tr("Aperçu avant enregistrement : ") +
                                 "\n".join(lines))
        self.preview.setVisible(bool(lines))

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        while self._rows_host.count():
            item = self._rows_host.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for row in rows:
            self._rows_host.addWidget(self._row_widget(row))
        self.empty.setVisible(not rows)

    def _row_widget(self, row: dict[str, Any]) -> QWidget:
        frame = QFrame()
        frame.setObjectName(f"deadline_{row['id']}")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(frame)
        box.setContentsMargins(6, 4, 6, 4)
        due: date = row["effective"]
        days = (due - clock.today()).days
        if row["status"] not in OPEN_STATES:
            colour, urgency = "#555", row["status_label"]
            if row.get("met_on"):
                urgency += self.tr(" le {date}").format(date=row["met_on"].isoformat())
        elif days < 0:
            colour, urgency = "#b03a2e", self.tr("en retard de {n} jours").format(n=-days)
        elif days == 0:
            colour, urgency = "#b03a2e", self.tr("aujourd'hui")
        else:
            colour = "#b9770e" if days <= 7 else "#1e8449"
            urgency = self.tr("dans {n} jours").format(n=days)
        head = QLabel(f"<b>{row['label']}</b> — <b style='color:{colour}'>"
                      f"{due.isoformat()}</b> ({urgency})")
        head.setWordWrap(True)
        box.addWidget(head)
        text = QLabel(row["explanation"])
        text.setObjectName("deadline_explanation")
        text.setWordWrap(True)
        text.setStyleSheet("color: #444;")
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(text)
        if self.form.can_edit and row["status"] in OPEN_STATES:
            buttons = QHBoxLayout()
            for action, label in (("met", self.tr("Respectée…")),
                                  ("extend", self.tr("Prolonger…")),
                                  ("waive", self.tr("Renoncer…"))):
                button = QPushButton(label)
                button.setObjectName(f"deadline_{action}_{row['id']}")
                button.setAutoDefault(False)
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
                button.clicked.connect(lambda _c=False, a=action, r=row: self.start(a, r))
                buttons.addWidget(button)
            buttons.addStretch(1)
            box.addLayout(buttons)
        return frame

    def start(self, action: str, row: dict[str, Any]) -> None:
        from gem.ui.forms.dialogs import deadline_dialog

        dialog = deadline_dialog(self.form, action, row)
        dialog.submitted.connect(lambda values: self._run(dialog, action, row, values))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _run(self, dialog: Any, action: str, row: dict[str, Any],
             values: dict[str, Any]) -> None:
        from gem.services.deadlines import extend_deadline, mark_met, waive_deadline
        from gem.ui.forms.base import read_deadlines

        actor, owner, ident = self.form.actor, self.form.entity, self.form.record_id
        labels = {"met_on": "Respectée le", "extended_to": "Prolongée au",
                  "agreed_on": "Date de l'entente écrite"}

        def dates(*keys: str) -> dict[str, date | None]:
            result, errors = {}, []
            for key in keys:
                try:
                    result[key] = parse_date(values.get(key))
                except BadValue as exc:
                    errors.append(FieldError(key, labels[key], exc.msgid, exc.params))
            if errors:
                raise ValidationError(errors, actor.language)
            return result

        def job(session: Any, _control: Any) -> list[dict[str, Any]]:
            if action == "met":
                mark_met(session, actor, row["id"], dates("met_on")["met_on"], row["version"])
            elif action == "extend":
                d = dates("extended_to", "agreed_on")
                extend_deadline(session, actor, row["id"], extended_to=d["extended_to"],
                                agreed_on=d["agreed_on"], reference=values.get("reference"),
                                expected_version=row["version"])
            else:
                waive_deadline(session, actor, row["id"], values.get("reason"), row["version"])
            session.flush()
            return read_deadlines(session, actor, owner, ident)

        def done(rows: list[dict[str, Any]]) -> None:
            if isValid(dialog):
                dialog.accept()
            if isValid(self):
                self.set_rows(rows)
                self.form.ctx.announce("deadline", row["id"])

        def failed(exc: BaseException) -> None:
            if not isValid(dialog):
                return
            if isinstance(exc, ValidationError):
                errors = [FieldError({"extension_agreed_on": "agreed_on",
                                      "extension_reference": "reference",
                                      "waived_reason": "reason"}.get(e.field, e.field),
                                     e.label, e.msgid, e.params) for e in exc.errors]
                dialog.show_errors(errors)
            elif isinstance(exc, GemError):
                dialog.show_errors([FieldError("", "", exc.msgid, exc.params)])
            else:
                dialog.show_errors([FieldError("", "", str(exc))])

        self.form.ctx.write(job).on_success(done).on_failure(failed).run()


# ====================================================================== attachments
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class AttachmentsPanel(QWidget):
    """Documents attached to the record: add from files, open a copy, remove."""

    opened = Signal(str)   # path of the temporary copy handed to the desktop

    def __init__(self, form: Any):
        super().__init__()
        self.form = form
        self.documents: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        self.note = QLabel(self.tr("Enregistrez la fiche pour y joindre des documents."))
        self.note.setStyleSheet("color: #666;")
        layout.addWidget(self.note)
        self.table = _Table([self.tr("Nom"), self.tr("Taille"), self.tr("Ajouté le"),
                             self.tr("Empreinte SHA-256")])
        self.table.activated_row.connect(lambda _r: self.open_selected())
        self.table.delete_row.connect(lambda _r: self.remove_selected())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Ajouter des fichiers…"))
        self.open_button = QPushButton(self.tr("Ouvrir"))
        self.remove_button = QPushButton(self.tr("Retirer"))
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.add_button, self.open_button, self.remove_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._temp: Path | None = None
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        saved = self.form.record_id is not None
        self.note.setVisible(not saved)
        self.add_button.setEnabled(saved and self.form.can_edit)
        self.remove_button.setEnabled(saved and self.form.can_edit and bool(self.documents))
        self.open_button.setEnabled(bool(self.documents))

    def set_documents(self, documents: list[dict[str, Any]]) -> None:
        self.documents = documents
        lang = self.form.lang
        self.table.set_rows([[d["name"], _size(d["size"], lang), format_date(d["uploaded_at"]),
                              d["sha256"][:16] + "…"] for d in documents],
                            [d["id"] for d in documents])
        if documents and self.table.currentRow() < 0:
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
                form.set_banner(form._message(exc), "error")

        def succeeded(result: Any) -> None:
            if not isValid(self):
                return
            if done is not None:
                done(result)

        form.ctx.write(job).on_success(succeeded).on_failure(failed).run()

    def _reload_job(self, session: Any) -> list[dict[str, Any]]:
        from gem.ui.forms.base import read_documents

        return read_documents(session, self.form.actor, self.form.entity, self.form.record_id)

    def add_files(self, paths: list[Path]) -> None:
        """Attach files (read in the worker thread: a scan can be large)."""
        actor, owner, ident = self.form.actor, self.form.entity, self.form.record_id
        if ident is None or not self.form.can_edit:
            return

        def job(session: Any, _control: Any) -> list[dict[str, Any]]:
            for path in paths:
                document_service.attach_file(session, actor, owner, ident, Path(path))
            session.flush()
            return self._reload_job(session)

        self._run(job, self._after_change)

    def _after_change(self, documents: list[dict[str, Any]]) -> None:
        self.set_documents(documents)
        self.form.ctx.announce(self.form.entity, self.form.record_id)

    def open_selected(self) -> None:
        ident = self.table.current_id()
        if ident is None:
            return
        actor = self.form.actor
        name = next((d["name"] for d in self.documents if d["id"] == ident), "document")

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

        self.form.ctx.read(job).on_success(lambda c: isValid(self) and write(c)) \
            .on_failure(lambda e: isValid(self.form) and self.form.set_banner(
                self.form._message(e), "error")).run()

    def remove_selected(self) -> None:
        from gem.ui.forms import base

        ident = self.table.current_id()
        if ident is None or not self.form.can_edit:
            return
        name = next((d["name"] for d in self.documents if d["id"] == ident), "")
        if not base.ask(self, self.tr("Retirer la pièce jointe"),
                        self.tr("Retirer « {name} » du dossier ?").format(name=name),
                        self.tr("Retirer"), self.tr("Garder")):
            return
        actor = self.form.actor

        def job(session: Any, _control: Any) -> list[dict[str, Any]]:
            document_service.remove(session, actor, ident)
            return self._reload_job(session)

        self._run(job, self._after_change)


# ====================================================================== history


class HistoryPanel(QWidget):
    """The record's audit entries: when, who, what, and each field's before → after."""

    def __init__(self, form: Any):
        super().__init__()
        self.form = form
        self.entries: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        self.table = _Table([self.tr("Date"), self.tr("Utilisateur"), self.tr("Action"),
                             self.tr("Détails")])
        self.table.setWordWrap(True)
        layout.addWidget(self.table)
        self._actions = {"create": self.tr("Création"), "update": self.tr("Modification"),
                         "transition": self.tr("Changement de statut"),
                         "attach": self.tr("Pièce jointe ajoutée"),
                         "detach": self.tr("Pièce jointe retirée"),
                         "delete": self.tr("Suppression")}

    def describe(self, entry: dict[str, Any]) -> str:
        before, after = entry["before"], entry["after"]
        if entry["action"] in ("attach", "detach"):
            return str((after or before).get("name", ""))
        if entry["action"] == "create":
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

    def set_entries(self, entries: list[dict[str, Any]]) -> None:
        self.entries = entries
        rows = [[format_date(e["at"]), e["user"], self._actions.get(e["action"], e["action"]),
                 self.describe(e)] for e in reversed(entries)]
        self.table.set_rows(rows, list(range(len(rows))))


# ====================================================================== child tables
@dataclass(frozen=True)
class ChildSpec:
    kind: str                       # open_form kind of the child ("hearings")
    service: Callable[[], Any]
    parent_key: str                 # the child's column naming the parent
    headers: list[str]
    cells: Callable[[Any, Any, Any], list[str]]  # (session, obj, actor) -> texts, in the worker
    order_by: str = "id"


class ChildTable(QWidget):
    """Child records of the form's record, each edited in its own form in a dialog."""

    changed = Signal()

    def __init__(self, form: Any, spec: ChildSpec):
        super().__init__()
        self.form = form
        self.spec = spec
        self.dialog: Any = None
        self.ids: list[int] = []
        self.versions: dict[int, int] = {}
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
        form.loaded.connect(self.reload)
        form.saved.connect(lambda _i: self.reload())

    def _refresh_buttons(self) -> None:
        saved = self.form.record_id is not None
        self.note.setVisible(not saved)
        self.add_button.setEnabled(saved and self.form.can_edit)
        self.open_button.setEnabled(bool(self.ids))
        self.delete_button.setVisible(self.form.actor.can_delete)
        self.delete_button.setEnabled(bool(self.ids))

    def reload(self) -> None:
        parent_id = self.form.record_id
        if parent_id is None:
            return
        spec, actor = self.spec, self.form.actor

        def job(session: Any, _control: Any) -> list[tuple[int, int, list[str]]]:
            rows = spec.service().list(session, actor, {spec.parent_key: parent_id},
                                       order_by=spec.order_by, limit=None)
            return [(r.id, r.version, spec.cells(session, r, actor)) for r in rows]

        self.form.ctx.read(job).on_success(lambda rows: isValid(self) and self._show(rows)) \
            .run()

    def _show(self, rows: list[tuple[int, int, list[str]]]) -> None:
        self.ids = [r[0] for r in rows]
        self.versions = {r[0]: r[1] for r in rows}
        self.table.set_rows([r[2] for r in rows], self.ids)
        self._refresh_buttons()

    def _open(self, ident: int | None) -> None:
        from gem.ui.forms import FormDialog, open_form

        form = open_form(self.form.ctx, self.spec.kind, ident, None,
                         fixed={self.spec.parent_key: self.form.record_id})
        dialog = FormDialog(form, self.form)
        form.saved.connect(lambda _i: self._child_saved(dialog))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _child_saved(self, dialog: QDialog) -> None:
        if isValid(dialog):
            dialog.accept()
        if isValid(self):
            self.reload()
            self.changed.emit()

    def add_new(self) -> None:
        if self.form.record_id is not None and self.form.can_edit:
            self._open(None)

    def open_selected(self) -> None:
        ident = self.table.current_id()
        if ident is not None:
            self._open(ident)

    def delete_selected(self) -> None:
        from gem.ui.forms import base

        ident = self.table.current_id()
        if ident is None or not self.form.actor.can_delete:
            return
        if not base.ask(self, self.tr("Supprimer"),
                        self.tr("Supprimer la ligne choisie ? L'historique la conserve."),
                        self.tr("Supprimer"), self.tr("Garder")):
            return
        spec, actor, version = self.spec, self.form.actor, self.versions.get(ident)

        def job(session: Any, _control: Any) -> None:
            spec.service().delete(session, actor, ident, version)

        def done(_r: Any) -> None:
            if isValid(self):
                self.reload()
                self.changed.emit()

        self.form.ctx.write(job).on_success(done).on_failure(
            lambda e: isValid(self.form) and self.form.set_banner(self.form._message(e),
                                                                  "error")).run()
