"""Remedial actions and legal appeals (recours): the forum, the decision contested, the dates
that start the delay to act, and the file's deadline with its explanation."""

from __future__ import annotations

from typing import Any

from gem import clock
from gem.services.workflow import RECOURSE, status_label
from gem.ui.forms.base import RecordData, RecordForm
from gem.ui.forms.fields import (
    CheckField,
    ChoiceField,
    DateField,
    Field,
    NoteField,
    PickerField,
    TextField,
)
from gem.ui.forms.panels import DeadlinesPanel


class RecourseForm(RecordForm):
    entity = "recourse"

    def build_fields(self) -> None:
        s = self.section(self.tr("Recours"), 0)
        self.add(s, ChoiceField("forum", self.tr("Instance"), "recourse_forum", required=True))
        self.add(s, ChoiceField("kind", self.tr("Type de recours"), "recourse_kind",
                                required=True))
        self.add(s, PickerField("member_id", self.tr("Membre"), "member"))
        self.add(s, PickerField("institution_id", self.tr("Établissement"), "institution"))
        self.add(s, PickerField("grievance_id", self.tr("Grief lié"), "grievance"))
        self.add(s, NoteField("decision_contested", self.tr("Décision contestée"), lines=3))
        s = self.section(self.tr("Dates"), 0)
        self.add(s, DateField("decision_date", self.tr("Date de la décision")))
        self.add(s, DateField("notification_date", self.tr("Date de notification")))
        self.add(s, DateField("deadline_date", self.tr("Échéance saisie"),
                              hint=self.tr("Seulement si aucune règle ne calcule le délai.")))
        self.add(s, DateField("filed_date", self.tr("Date de dépôt")))
        initial = [(code, status_label("recourse", code, self.lang))
                   for code in ("to_file", "filed")]
        self.add(s, ChoiceField("status", self.tr("Statut à la création"), pairs=initial,
                                required=True, default="to_file", only_new=True))
        self.deadlines = DeadlinesPanel(self)
        self.column(0).addWidget(self.deadlines)
        s = self.section(self.tr("Suivi"), 1)
        self.add(s, TextField("forum_file_number", self.tr("Numéro de dossier de l'instance"),
                              max_length=40))
        self.add(s, PickerField("counsellor_id", self.tr("Conseiller"), "counsellor"))
        self.add(s, CheckField("confidential", self.tr("Confidentiel")))
        self.add(s, ChoiceField("outcome", self.tr("Issue"), "outcome"))
        self.add(s, DateField("closed_date", self.tr("Date de fermeture")))
        self.add(s, NoteField("notes", self.tr("Notes"), lines=4))
        self.add(s, TextField("file_number", self.tr("Numéro de dossier"), max_length=30,
                              placeholder=self.tr("attribué à l'enregistrement")))

    preview_keys = ("forum", "kind", "decision_date", "notification_date", "deadline_date",
                    "filed_date", "status", "closed_date")

    def preview_attrs(self) -> dict[str, Any] | None:
        dates = self.typed_dates("decision_date", "notification_date", "deadline_date",
                                 "filed_date", "closed_date")
        if dates is None:
            return None
        status = self.field("status").raw() if self.data is None else self.data.status
        return {**dates, "forum": self.field("forum").raw(), "kind": self.field("kind").raw(),
                "status": status, "counsellor_id": self.field("counsellor_id").raw()}

    def new_heading(self) -> str:
        return self.tr("Nouveau recours")

    def record_heading(self, data: RecordData) -> str:
        return self.tr("Recours {number}").format(number=data.values.get("file_number"))

    def move_fields(self, target: str) -> list[Field]:
        today = clock.today()
        if target == "filed":
            filed = self.data.values.get("filed_date") if self.data else None
            return [DateField("filed_date", self.tr("Date de dépôt"), required=True,
                              default=filed or today)]
        if target == "decided":
            return [ChoiceField("outcome", self.tr("Issue"), "outcome")]
        if RECOURSE.is_closed(target):
            return [DateField("closed_date", self.tr("Date de fermeture"), required=True,
                              default=today)]
        return []
