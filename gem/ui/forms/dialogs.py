"""Small dialogs of the record forms: a status move and its data, a deadline met, extended or
waived. Each keeps its typed values when the service refuses them and shows why under the
field, like the forms do."""

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
from gem.services.errors import FieldError
from gem.services.records import DeadlineRow
from gem.services.workflow import status_label
from gem.ui.forms.fields import DateField, Field, NoteField, TextField


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
        text = QLabel(question)
        text.setWordWrap(True)
        layout.addWidget(text)
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


def deadline_dialog(form: Any, action: str, row: DeadlineRow) -> FieldsDialog:
    """The dialog for marking a deadline met, extending it, or waiving it."""
    translate = QCoreApplication.translate
    due = row.effective.isoformat()
    if action == "met":
        fields: list[Field] = [DateField("met_on", translate("FieldsDialog", "Respectée le"),
                                         required=True, default=clock.today())]
        question = translate("FieldsDialog", "« {label} » (échéance {due}) a été respectée.")
        ok = translate("FieldsDialog", "Marquer respectée")
    elif action == "extend":
        fields = [DateField("extended_to", translate("FieldsDialog", "Prolongée au"),
                            required=True),
                  DateField("agreed_on", translate("FieldsDialog", "Date de l'entente écrite"),
                            required=True, default=clock.today()),
                  TextField("reference",
                            translate("FieldsDialog", "Référence de l'entente écrite"),
                            required=True, max_length=200)]
        question = translate("FieldsDialog",
                             "Prolonger « {label} » (échéance {due}) par entente écrite.")
        ok = translate("FieldsDialog", "Prolonger")
    else:
        fields = [NoteField("reason", translate("FieldsDialog", "Motif"), required=True,
                            lines=3)]
        question = translate("FieldsDialog", "Renoncer à surveiller « {label} » (échéance "
                             "{due}) ; le motif est conservé.")
        ok = translate("FieldsDialog", "Renoncer")
    return FieldsDialog(form, translate("FieldsDialog", "Échéance"),
                        question.format(label=row.label, due=due), fields, ok)
