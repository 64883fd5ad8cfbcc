"""Agreements (ententes) with the grievances they dispose of, and their follow-up steps."""

from __future__ import annotations

from gem.ui.forms.base import RecordData, RecordForm
from gem.ui.forms.fields import (
    ChoiceField,
    DateField,
    MoneyField,
    MultiField,
    NoteField,
    PickerField,
    TextField,
)
from gem.ui.forms.panels import ChildSpec, ChildTable


class AgreementForm(RecordForm):
    entity = "agreement"

    def build_fields(self) -> None:
        s = self.section(self.tr("Entente"), 0)
        self.add(s, ChoiceField("kind", self.tr("Type d'entente"), "agreement_kind",
                                required=True, default="settlement"))
        self.add(s, PickerField("institution_id", self.tr("Établissement"), "institution",
                                required=True))
        self.add(s, MultiField("grievance_ids", self.tr("Griefs réglés"), "grievance",
                               context=lambda: {"institution_id":
                                                self.field("institution_id").raw()}))
        self.add(s, TextField("title", self.tr("Objet"), required=True, max_length=200))
        self.add(s, NoteField("parties", self.tr("Parties"), lines=2))
        self.add(s, PickerField("counsellor_id", self.tr("Conseiller"), "counsellor"))
        self.add(s, TextField("file_number", self.tr("Numéro de dossier"), max_length=30,
                              placeholder=self.tr("attribué à l'enregistrement")))
        s = self.section(self.tr("Modalités"), 1)
        self.add(s, DateField("signed_date", self.tr("Date de signature")))
        self.add(s, DateField("effective_date", self.tr("Date d'entrée en vigueur")))
        self.add(s, DateField("end_date", self.tr("Date de fin")))
        self.add(s, MoneyField("amount", self.tr("Montant")))
        self.add(s, ChoiceField("status", self.tr("Statut"), "agreement_status", required=True,
                                default="draft"))
        self.add(s, NoteField("terms", self.tr("Modalités"), lines=5))

    def build_tabs(self) -> None:
        self.follow_ups = ChildTable(self, ChildSpec(
            "follow_ups", [self.tr("Échéance"), self.tr("Réalisé le"), self.tr("Description")]))
        self.tabs.insertTab(1, self.follow_ups, self.tr("Suivi de la mise en œuvre"))

    def new_heading(self) -> str:
        return self.tr("Nouvelle entente")

    def record_heading(self, data: RecordData) -> str:
        return self.tr("Entente {number} — {title}").format(
            number=data.values.get("file_number"), title=data.values.get("title"))


class FollowUpForm(RecordForm):
    entity = "agreement_follow_up"

    def build_fields(self) -> None:
        s = self.section(self.tr("Étape de mise en œuvre"), 0)
        self.add(s, NoteField("description", self.tr("Description"), required=True, lines=3))
        self.add(s, DateField("due_date", self.tr("Échéance")))
        self.add(s, DateField("done_date", self.tr("Réalisé le")))

    def new_heading(self) -> str:
        return self.tr("Nouvelle étape")

    def record_heading(self, data: RecordData) -> str:
        return self.tr("Étape de suivi")
