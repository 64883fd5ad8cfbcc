"""Small dialogs of the record forms: a status move and its data, a deadline met, extended or
waived. Each keeps its typed values when the service refuses them and shows why under the
field, like the forms do.

A dialog that acts on one stored record of the file (:class:`RecordDialog`: a deadline) may
outlive that record's version: another desk extends the deadline while the dialog is open.
It then says so as a record form does, with the same banner (gem.ui.live_refresh
.ChangedBanner: « Modifié par … à 14:02 — Recharger · Comparer », or that the record is gone),
and its action, checked against the version it holds, meets the usual conflict dialog rather
than a refusal."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from gem import clock
from gem.i18n import tr
from gem.services.errors import ConflictError, FieldError
from gem.services.records import DeadlineRow
from gem.services.workflow import status_label
from gem.ui.errors import message_for
from gem.ui.forms.fields import DateField, Field, NoteField, TextField
from gem.ui.live_refresh import ChangedBanner

OPEN_STATES = ("open", "extended")  # a deadline one may still act on


class FieldsDialog(QDialog):
    """A question and a few fields; ``submitted`` carries the raw values, and the caller
    closes the dialog once the service accepted them."""

    submitted = Signal(dict)

    def __init__(self, form: Any, title: str, question: str, fields: list[Field],
                 ok_text: str):
        super().__init__(form)
        self.form = form
        self.setWindowTitle(title)
        self.fields = fields
        layout = QVBoxLayout(self)
        self.question = QLabel(question)
        self.question.setObjectName("dialog_question")
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        self.general = QLabel()
        self.general.setStyleSheet("color: #b03a2e;")
        self.general.setWordWrap(True)
        self.general.hide()
        if fields:
            grid = QFormLayout()
            for f in fields:
                widget = f.make(form)
                holder = QWidget()
                box = QVBoxLayout(holder)
                box.setContentsMargins(0, 0, 0, 0)
                box.addWidget(widget)
                box.addWidget(f.error)
                grid.addRow(f.label + (" *" if f.required else ""), holder)
                if f.default is not None:
                    f.show_stored(f.default)
            layout.addLayout(grid)
        layout.addWidget(self.general)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        if fields:
            fields[0].focus_widget().setFocus()

    def values(self) -> dict[str, Any]:
        return {f.key: f.raw() for f in self.fields}

    def submit(self) -> None:
        errors = [(f, f.local_error()) for f in self.fields]
        shown = False
        for f, message in errors:
            f.show_error(message)
            shown = shown or bool(message)
        if not shown:
            self.general.hide()
            self.submitted.emit(self.values())

    def show_errors(self, errors: list[FieldError]) -> bool:
        """Messages under their fields; the rest above the buttons. True: the dialog stays."""
        by_key = {f.key: f for f in self.fields}
        loose = []
        for error in errors:
            f = by_key.get(error.field)
            if f is not None:
                f.show_error(tr(error.msgid, self.form.lang, **error.params))
            else:
                loose.append(error.message(self.form.lang))
        self.general.setText("\n".join(loose))
        self.general.setVisible(bool(loose))
        return True

    def show_message(self, text: str) -> None:
        """A failure that concerns no field (a lost connection, an internal error)."""
        self.general.setText(text)
        self.general.setVisible(bool(text))


class MoveDialog(FieldsDialog):
    def __init__(self, form: Any, target: str, fields: list[Field]):
        label = status_label(form.workflow or "", target, form.lang)
        translate = QCoreApplication.translate
        super().__init__(form, translate("MoveDialog", "Changer le statut"),
                         translate("MoveDialog", "Passer « {record} » au statut « {status} » ?")
                         .format(record=form.heading(), status=label), fields,
                         translate("MoveDialog", "Passer à « {status} »").format(status=label))
        self.target = target


class RecordDialog(FieldsDialog):
    """A FieldsDialog acting on one stored record (``entity`` ``record_id`` at ``version``)
    that other desks may save while it is open. Its form passes it what they announce
    (``changed_elsewhere``); the banner over the question checks the stored version and says
    who saved it and when. What the two links do depends on the record, so the dialog asks
    its owner: ``reload_requested`` (read it again, then :meth:`adopt` its version) and
    ``compare_requested(ConflictError, labels)`` (their version, to put beside what is
    typed). The owner marks its own action with :meth:`set_busy`, so that its own write never
    looks like someone else's."""

    reload_requested = Signal()
    compare_requested = Signal(object, object)   # ConflictError (their version), labels

    def __init__(self, form: Any, title: str, question: str, fields: list[Field],
                 ok_text: str, entity: str, record_id: int, version: int | None):
        super().__init__(form, title, question, fields, ok_text)
        self.ctx = form.ctx
        self.actor = form.actor
        self.entity = entity
        self._record_id = record_id
        self._version = version
        self._busy = False
        self.changed_banner = ChangedBanner(self)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)  # the one FieldsDialog sets
        layout.insertWidget(0, self.changed_banner)

    # ---------------------------------------------------------------- what the banner asks
    @property
    def record_id(self) -> int:
        return self._record_id

    @property
    def version(self) -> int | None:
        """The version the dialog's action is checked against."""
        return self._version

    def is_busy(self) -> bool:
        return self._busy

    def is_dirty(self) -> bool:
        """« Recharger » keeps what is typed here (the dialog's fields are what to do, not
        the record's values): nothing to ask before it."""
        return False

    def reload(self) -> None:
        self.reload_requested.emit()

    def picker_sources(self) -> list[tuple[str, str]]:
        return []

    def show_their_version(self, exc: ConflictError, labels: dict[str, str]) -> None:
        self.compare_requested.emit(exc, labels)

    def message(self, exc: BaseException) -> str:
        return message_for(exc, self.form.lang)

    def set_banner(self, text: str, kind: str = "info") -> None:
        self.show_message(text)

    # ---------------------------------------------------------------- from the owner
    def changed_elsewhere(self, changes: list[Any]) -> None:
        self.changed_banner.consider(changes)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.changed_banner.busy_changed(busy)

    def adopt(self, version: int | None) -> None:
        """Act next on ``version`` (the stored one, read again or compared)."""
        if version is not None:
            self._version = version
        self.changed_banner.caught_up(version)


class DeadlineDialog(RecordDialog):
    """Marking a deadline met, extending it, or waiving it (``action``), on ``row`` as shown."""

    def __init__(self, form: Any, action: str, row: DeadlineRow):
        translate = QCoreApplication.translate
        if action == "met":
            fields: list[Field] = [DateField("met_on",
                                             translate("FieldsDialog", "Respectée le"),
                                             required=True, default=clock.today())]
            ok = translate("FieldsDialog", "Marquer respectée")
        elif action == "extend":
            fields = [DateField("extended_to", translate("FieldsDialog", "Prolongée au"),
                                required=True),
                      DateField("agreed_on",
                                translate("FieldsDialog", "Date de l'entente écrite"),
                                required=True, default=clock.today()),
                      TextField("reference",
                                translate("FieldsDialog", "Référence de l'entente écrite"),
                                required=True, max_length=200)]
            ok = translate("FieldsDialog", "Prolonger")
        else:
            fields = [NoteField("reason", translate("FieldsDialog", "Motif"), required=True,
                                lines=3)]
            ok = translate("FieldsDialog", "Renoncer")
        super().__init__(form, translate("FieldsDialog", "Échéance"),
                         self.question_for(action, row), fields, ok, "deadline", row.id,
                         row.version)
        self.setObjectName("deadline_dialog")
        self.action = action
        self.row = row

    @staticmethod
    def question_for(action: str, row: DeadlineRow) -> str:
        translate = QCoreApplication.translate
        if action == "met":
            question = translate("FieldsDialog", "« {label} » (échéance {due}) a été respectée.")
        elif action == "extend":
            question = translate("FieldsDialog",
                                 "Prolonger « {label} » (échéance {due}) par entente écrite.")
        else:
            question = translate("FieldsDialog", "Renoncer à surveiller « {label} » "
                                 "(échéance {due}) ; le motif est conservé.")
        return question.format(label=row.label, due=row.effective.isoformat())

    def take_row(self, row: DeadlineRow | None) -> None:
        """The deadline as stored now (« Recharger »): its date in the question, its version
        for the action, what is typed kept. One met, waived or gone meanwhile leaves nothing
        to act on: the dialog says so and offers only to close."""
        translate = QCoreApplication.translate
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if row is None:
            self.show_message(translate("FieldsDialog", "Cette échéance n'existe plus : elle "
                                        "a été recalculée ou supprimée entre-temps."))
            ok.setEnabled(False)
            self.changed_banner.hide()
            return
        self.row = row
        self.question.setText(self.question_for(self.action, row))
        self.adopt(row.version)
        if row.status not in OPEN_STATES:
            self.show_message(translate("FieldsDialog", "Cette échéance est maintenant « "
                                        "{status} » : il n'y a plus rien à y faire.")
                              .format(status=row.status_label))
            ok.setEnabled(False)
        else:
            self.show_message("")
            ok.setEnabled(True)


def deadline_dialog(form: Any, action: str, row: DeadlineRow) -> DeadlineDialog:
    """The dialog for marking a deadline met, extending it, or waiving it."""
    return DeadlineDialog(form, action, row)
