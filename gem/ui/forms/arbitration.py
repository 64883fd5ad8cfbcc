"""Arbitrations (the grievances heard, the arbitrator, the award) and their hearings."""

from __future__ import annotations

from gem import clock
from gem.labels import label as code_label
from gem.services.files import AWARD_OUTCOMES
from gem.ui.forms.base import RecordData, RecordForm
from gem.ui.forms.fields import (
    ChoiceField,
    DateField,
    Field,
    MoneyField,
    MultiField,
    NoteField,
    PickerField,
    TextField,
    TimeField,
)
from gem.ui.forms.panels import ChildSpec, ChildTable, DeadlinesPanel


class ArbitrationForm(RecordForm):
    entity = "arbitration"

    def build_fields(self) -> None:
        s = self.section(self.tr("Dossier d'arbitrage"), 0)
        self.add(s, PickerField("institution_id", self.tr("Établissement"), "institution",
                                required=True))
        self.add(s, MultiField("grievance_ids", self.tr("Griefs"), "grievance",
                               context=lambda: {"institution_id":
                                                self.field("institution_id").raw()}))
        self.add(s, ChoiceField("procedure", self.tr("Procédure"), "arbitration_procedure",
                                required=True, default="regular"))
        self.add(s, PickerField("arbitrator_id", self.tr("Arbitre"), "arbitrator"))
        self.add(s, PickerField("counsellor_id", self.tr("Conseiller"), "counsellor"))
        self.add(s, DateField("referral_date", self.tr("Date de renvoi")))
        self.add(s, TextField("registry_number", self.tr("Numéro au greffe"), max_length=40))
        self.add(s, TextField("file_number", self.tr("Numéro de dossier"), max_length=30,
                              placeholder=self.tr("attribué à l'enregistrement")))
        self.deadlines = DeadlinesPanel(self)
        self.column(0).addWidget(self.deadlines)
        s = self.section(self.tr("Sentence et frais"), 1)
        self.add(s, DateField("award_date", self.tr("Date de la sentence")))
        self.add(s, ChoiceField("outcome", self.tr("Issue"), "outcome"))
        self.add(s, TextField("citation", self.tr("Référence de la sentence"), max_length=60,
                              placeholder="2026 QCTA 123"))
        self.add(s, MoneyField("fees_total", self.tr("Honoraires")))
        self.add(s, MoneyField("union_share_pct", self.tr("Part du syndicat (%)"),
                               money=False))
        self.add(s, NoteField("notes", self.tr("Notes"), lines=4))

    def build_tabs(self) -> None:
        self.hearings = ChildTable(self, ChildSpec(
            "hearings", [self.tr("Date"), self.tr("Heure"), self.tr("Type"), self.tr("Lieu")]))
        self.hearings.changed.connect(self._hearings_changed)
        self.tabs.insertTab(1, self.hearings, self.tr("Audiences"))

    def _hearings_changed(self) -> None:
        # the first hearing schedules the file and the last hearing day moves the award
        # deadline: show both, unless the user is typing in the form
        if not self.is_dirty():
            self.reload()

    def new_heading(self) -> str:
        return self.tr("Nouvel arbitrage")

    def record_heading(self, data: RecordData) -> str:
        return self.tr("Arbitrage {number}").format(number=data.values.get("file_number"))

    def move_fields(self, target: str) -> list[Field]:
        if target != "award_rendered":
            return []
        pairs = [(code, code_label("outcome", code, self.lang)) for code in AWARD_OUTCOMES]
        return [ChoiceField("outcome", self.tr("Issue"), pairs=pairs, required=True),
                DateField("award_date", self.tr("Date de la sentence"), required=True,
                          default=clock.today()),
                TextField("citation", self.tr("Référence de la sentence"), max_length=60)]


class HearingForm(RecordForm):
    entity = "hearing"

    def build_fields(self) -> None:
        s = self.section(self.tr("Audience"), 0)
        self.add(s, DateField("date", self.tr("Date"), required=True))
        self.add(s, TimeField("start_time", self.tr("Heure")))
        self.add(s, ChoiceField("kind", self.tr("Type"), "hearing_kind", required=True,
                                default="hearing"))
        self.add(s, TextField("location", self.tr("Lieu"), max_length=200))
        self.add(s, PickerField("union_representative_id", self.tr("Représentant syndical"),
                                "user"))
        self.add(s, NoteField("notes", self.tr("Notes"), lines=3))

    def new_heading(self) -> str:
        return self.tr("Nouvelle audience")

    def record_heading(self, data: RecordData) -> str:
        return self.tr("Audience du {date}").format(date=data.values.get("date"))
