"""The grievance form, in the order of the union's grievance form: employer, employees,
kind and nature, dates, articles, object, facts, remedy; then follow-up and closing.

The deadline to file is shown while typing (computed with the rule the save will use) and,
once saved, with the file's stored deadlines and their explanations.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from gem import clock
from gem.labels import label as code_label
from gem.services import records
from gem.services.files import AWARD_OUTCOMES
from gem.services.records import TimelineEvent
from gem.services.workflow import GRIEVANCE, status_label
from gem.ui.forms.base import RecordData, RecordForm
from gem.ui.forms.fields import (
    CheckField,
    ChoiceField,
    DateField,
    Field,
    MoneyField,
    MultiField,
    NoteField,
    PickerField,
    TextField,
    TextListField,
)
from gem.ui.forms.panels import DeadlinesPanel, _Table
from gem.ui.widgets.date_edit import DateEdit


class GrievanceForm(RecordForm):
    entity = "grievance"

    def build_fields(self) -> None:
        lang = self.lang
        s = self.section(self.tr("Employeur et personnes visées"), 0)
        self.add(s, PickerField("institution_id", self.tr("Établissement"), "institution",
                                required=True))
        self.add(s, PickerField("unit_id", self.tr("Unité d'accréditation"), "unit",
                                context=self._institution_context))
        self.add(s, MultiField("member_ids", self.tr("Membres visés"), "member",
                               hint=self.tr("Entrée ajoute le membre trouvé ; Retour arrière "
                                            "dans la recherche vide retire le dernier.")))
        self.add(s, ChoiceField("kind", self.tr("Type de grief"), "grievance_kind",
                                required=True, default="individual"))
        self.add(s, ChoiceField("nature", self.tr("Nature"), "grievance_nature",
                                required=True))
        s = self.section(self.tr("Dates"), 0)
        self.add(s, DateField("event_date", self.tr("Date de l'événement")))
        self.add(s, DateField("knowledge_date", self.tr("Date de connaissance")))
        self.add(s, DateField("filed_date", self.tr("Date de dépôt")))
        initial = [(code, status_label("grievance", code, lang))
                   for code in ("draft", "filed")]
        self.add(s, ChoiceField("status", self.tr("Statut à la création"), pairs=initial,
                                required=True, default="filed", only_new=True))
        self.deadlines = DeadlinesPanel(self)
        self.column(0).addWidget(self.deadlines)

        s = self.section(self.tr("Objet du grief"), 1)
        self.add(s, TextListField("articles", self.tr("Articles invoqués")))
        self.add(s, TextField("title", self.tr("Objet"), required=True, max_length=200))
        self.add(s, NoteField("facts", self.tr("Faits"), lines=8))
        self.add(s, NoteField("remedy_sought", self.tr("Correctif requis"), lines=4))
        s = self.section(self.tr("Suivi"), 1)
        self.add(s, PickerField("counsellor_id", self.tr("Conseiller"), "counsellor"))
        self.add(s, PickerField("agreement_id", self.tr("Convention collective"),
                                "collective_agreement"))
        self.add(s, TextField("employer_number", self.tr("Numéro de l'employeur"),
                              max_length=40))
        self.add(s, MoneyField("amount_claimed", self.tr("Montant réclamé")))
        self.add(s, CheckField("confidential", self.tr("Confidentiel"),
                               hint=self.tr("Visible seulement par son conseiller, les "
                                            "coordonnateurs et les administrateurs.")))
        self.add(s, TextField("file_number", self.tr("Numéro de dossier"), max_length=30,
                              placeholder=self.tr("attribué à l'enregistrement")))
        s = self.section(self.tr("Fermeture"), 0)
        self.add(s, ChoiceField("outcome", self.tr("Issue"), "outcome"))
        self.add(s, MoneyField("amount_obtained", self.tr("Montant obtenu")))
        self.add(s, DateField("closed_date", self.tr("Date de fermeture")))
        self.add(s, NoteField("closing_reason", self.tr("Motif de fermeture"), lines=2))

    def build_tabs(self) -> None:
        self.timeline = TimelinePanel(self)
        self.tabs.addTab(self.timeline, self.tr("Chronologie"))

    def _institution_context(self) -> dict[str, Any]:
        return {"institution_id": self.field("institution_id").raw()}

    def new_heading(self) -> str:
        return self.tr("Nouveau grief")

    def record_heading(self, data: RecordData) -> str:
        return self.tr("Grief {number} — {title}").format(
            number=data.values.get("file_number") or "", title=data.values.get("title") or "")

    # ---------------------------------------------------------------- reading
    def show_more(self, data: RecordData) -> None:
        self.timeline.set_events(data.more.get("timeline", []))

    # ---------------------------------------------------------------- deadline preview
    preview_keys = ("event_date", "knowledge_date", "agreement_id", "filed_date", "status",
                    "closed_date")

    def preview_attrs(self) -> dict[str, Any] | None:
        dates = self.typed_dates("event_date", "knowledge_date", "filed_date", "closed_date")
        if dates is None:
            return None
        status = self.field("status").raw() if self.data is None else self.data.status
        return {**dates, "agreement_id": self.field("agreement_id").raw(), "status": status,
                "counsellor_id": self.field("counsellor_id").raw()}

    # ---------------------------------------------------------------- moves
    def move_fields(self, target: str) -> list[Field]:
        today = clock.today()
        if target == "filed":
            filed = self.data.values.get("filed_date") if self.data else None
            return [DateField("filed_date", self.tr("Date de dépôt"), required=True,
                              default=filed or today)]
        fields: list[Field] = []
        if target == "awarded":
            pairs = [(code, code_label("outcome", code, self.lang)) for code in AWARD_OUTCOMES]
            fields.append(ChoiceField("outcome", self.tr("Issue"), pairs=pairs, required=True))
            fields.append(MoneyField("amount_obtained", self.tr("Montant obtenu")))
        if GRIEVANCE.is_closed(target):
            fields.append(DateField("closed_date", self.tr("Date de fermeture"), required=True,
                                    default=today))
            fields.append(NoteField("closing_reason", self.tr("Motif de fermeture"), lines=2))
        return fields


class TimelinePanel(QWidget):
    """The file's timeline, and a line to add a note (call, meeting, document received)."""

    def __init__(self, form: GrievanceForm):
        super().__init__()
        self.form = form
        layout = QVBoxLayout(self)
        self.table = _Table([self.tr("Date"), self.tr("Type"), self.tr("Description")])
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.when = DateEdit(language=form.lang)
        self.when.setText(clock.today().isoformat())
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Note : appel, rencontre, document reçu…"))
        self.add_button = QPushButton(self.tr("Ajouter la note"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_note)
        self.text.returnPressed.connect(self.add_note)
        row.addWidget(self.when)
        row.addWidget(self.text, 1)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self._kinds = {"note": self.tr("Note"), "created": self.tr("Ouverture"),
                       "imported": self.tr("Import")}  # from the previous system (issue 14)

    def set_events(self, events: list[TimelineEvent]) -> None:
        allowed = self.form.can_edit and self.form.data is not None
        for widget in (self.when, self.text, self.add_button):
            widget.setEnabled(allowed)
        rows = [[e.occurred_on.isoformat(),
                 self._kinds.get(e.kind) or status_label("grievance", e.kind, self.form.lang),
                 e.description] for e in events]
        self.table.set_rows(rows, list(range(len(rows))))
        self.table.scrollToBottom()

    def add_note(self) -> None:
        form = self.form
        data = form.data
        if data is None or not form.can_edit:
            return
        text, when, actor, ident = self.text.text(), self.when.text(), form.actor, data.id

        def job(session: Any, _control: Any) -> list[TimelineEvent]:
            return records.add_grievance_note(session, actor, ident, text, when)

        def done(events: list[TimelineEvent]) -> None:
            if isValid(self):
                self.text.clear()
                self.set_events(events)
                form.ctx.announce("grievance", ident)

        def failed(exc: BaseException) -> None:
            if isValid(form):
                form.set_banner(form.message(exc), "error")

        form.ctx.write(job).on_success(done).on_failure(failed).run()
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
