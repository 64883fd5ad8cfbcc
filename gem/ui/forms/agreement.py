"""Agreements (ententes) with the grievances they dispose of, and their follow-up steps."""

from __future__ import annotations

from typing import Any

from gem.services.actor import Actor
from gem.services.errors import NotFoundError
from gem.services.settlement import AgreementService, FollowUpService
from gem.ui.forms.base import RecordForm
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
from gem.ui.widgets.sources import grievance_label


class AgreementForm(RecordForm):
    entity = "agreement"
    service_class = AgreementService

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
            "follow_ups", FollowUpService, "agreement_id",
            [self.tr("Échéance"), self.tr("Réalisé le"), self.tr("Description")],
            _follow_up_cells, "due_date"))
        self.tabs.insertTab(1, self.follow_ups, self.tr("Suivi de la mise en œuvre"))

    def heading(self) -> str:
        if self._data is None:
            return self.tr("Nouvelle entente")
        return self.tr("Entente {number} — {title}").format(
            number=self._data.values.get("file_number"), title=self._data.values.get("title"))

    @classmethod
    def read_extras(cls, session: Any, actor: Actor, obj: Any) -> dict[str, Any]:
        from gem.services.grievance import GrievanceService

        grievances = GrievanceService()
        chosen = []
        for ident in AgreementService().grievance_ids(session, obj.id):
            try:
                chosen.append((ident, grievance_label(grievances.get(session, actor, ident))))
            except NotFoundError:  # a confidential grievance of another counsellor
                chosen.append((ident, f"#{ident}"))
        return {"grievance_ids": chosen}


def _follow_up_cells(session: Any, f: Any, actor: Any) -> list[str]:
    return [f.due_date.isoformat() if f.due_date else "",
            f.done_date.isoformat() if f.done_date else "", f.description]


class FollowUpForm(RecordForm):
    entity = "agreement_follow_up"
    service_class = FollowUpService
    has_attachments = False

    def build_fields(self) -> None:
        s = self.section(self.tr("Étape de mise en œuvre"), 0)
        self.add(s, NoteField("description", self.tr("Description"), required=True, lines=3))
        self.add(s, DateField("due_date", self.tr("Échéance")))
        self.add(s, DateField("done_date", self.tr("Réalisé le")))

    def heading(self) -> str:
        return self.tr("Nouvelle étape") if self._data is None else self.tr("Étape de suivi")
