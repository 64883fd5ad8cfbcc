"""The member form (identity, then employment) and a member's employment history.

Before a new member is created, members with the same name (accents and case folded) are
listed and the secretary confirms: two numbers for one person is the duplicate the design
notes name as a thing secretaries must never suffer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shiboken6 import isValid

from gem.services import records
from gem.ui.forms import base
from gem.ui.forms.base import RecordData, RecordForm
from gem.ui.forms.fields import (
    ChoiceField,
    DateField,
    MoneyField,
    NoteField,
    PickerField,
    TextField,
)
from gem.ui.forms.panels import ChildSpec, ChildTable


class MemberForm(RecordForm):
    entity = "member"

    def build_fields(self) -> None:
        s = self.section(self.tr("Identité"), 0)
        self.add(s, TextField("last_name", self.tr("Nom de famille"), required=True,
                              max_length=80))
        self.add(s, TextField("first_name", self.tr("Prénom"), required=True, max_length=80))
        self.add(s, TextField("member_number", self.tr("Numéro de membre"), required=True,
                              max_length=20))
        self.add(s, TextField("employee_number", self.tr("Matricule"), max_length=20))
        self.add(s, ChoiceField("language", self.tr("Langue"), "language", required=True,
                                default="fr"))
        self.add(s, TextField("email", self.tr("Courriel"), max_length=160))
        self.add(s, TextField("phone", self.tr("Téléphone"), max_length=30))
        self.add(s, NoteField("address", self.tr("Adresse"), lines=3))
        s = self.section(self.tr("Emploi"), 1)
        self.add(s, PickerField("institution_id", self.tr("Établissement"), "institution"))
        self.add(s, PickerField("unit_id", self.tr("Unité d'accréditation"), "unit",
                                context=lambda: {"institution_id":
                                                 self.field("institution_id").raw()}))
        self.add(s, PickerField("job_title_id", self.tr("Titre d'emploi"), "job_title"))
        self.add(s, ChoiceField("employment_status", self.tr("Statut d'emploi"),
                                "employment_status"))
        self.add(s, DateField("hire_date", self.tr("Date d'embauche")))
        self.add(s, DateField("seniority_date", self.tr("Date d'ancienneté")))
        self.add(s, MoneyField("seniority_hours", self.tr("Heures d'ancienneté"), money=False))
        self.add(s, DateField("membership_date", self.tr("Date d'adhésion")))
        self.add(s, ChoiceField("status", self.tr("Statut"), "member_status", required=True,
                                default="active"))
        self.add(s, DateField("left_date", self.tr("Date de départ")))
        self.add(s, NoteField("notes", self.tr("Notes"), lines=3))
        self._duplicates_confirmed_for: str | None = None
        self.duplicates: list[str] = []
        self.field("first_name").widget.editingFinished.connect(self.check_duplicates)

    def build_tabs(self) -> None:
        self.employment = ChildTable(self, ChildSpec(
            "employment_records", [self.tr("Début"), self.tr("Fin"), self.tr("Établissement"),
                                   self.tr("Statut d'emploi")]))
        self.tabs.insertTab(1, self.employment, self.tr("Emplois"))

    def new_heading(self) -> str:
        return self.tr("Nouveau membre")

    def record_heading(self, data: RecordData) -> str:
        v = data.values
        return self.tr("Membre {number} — {last}, {first}").format(
            number=v.get("member_number") or "", last=v.get("last_name") or "",
            first=v.get("first_name") or "")

    # ---------------------------------------------------------------- duplicates
    def _name(self) -> tuple[str, str]:
        return self.field("last_name").raw().strip(), self.field("first_name").raw().strip()

    def check_duplicates(self, then: Callable[[list[str]], None] | None = None) -> None:
        last, first = self._name()
        if not last or not first:
            return
        actor, exclude = self.actor, self.record_id

        def job(session: Any, _control: Any) -> list[str]:
            return records.possible_duplicates(session, actor, last, first, exclude)

        def shown(names: list[str]) -> None:
            if not isValid(self):
                return
            self.duplicates = names
            if names and self.record_id is None:
                self.set_banner(self.tr("Attention : {n} membre(s) portent déjà ce nom : "
                                        "{names}. Vérifiez avant de créer un doublon.")
                                .format(n=len(names), names="; ".join(names)), "warning")
            if then is not None:
                then(names)

        def failed(exc: BaseException) -> None:
            # a save waiting for this check does not go ahead unchecked: the banner says why
            if not isValid(self):
                return
            if then is not None:
                self.end_check()
                self.save_failed.emit(exc)
            if then is not None or self.record_id is None:
                self.set_banner(self.message(exc), "error")

        self.ctx.read(job).on_success(shown).on_failure(failed).run()

    def before_save(self, proceed: Callable[[], None]) -> None:
        """Only a new member, and only once per name: ask before creating a possible
        duplicate."""
        last, first = self._name()
        key = f"{last}|{first}".casefold()
        if self.record_id is not None or not last or not first or \
                self._duplicates_confirmed_for == key:
            proceed()
            return

        def decide(names: list[str]) -> None:
            self.end_check()
            if names and not base.ask(
                    self, self.tr("Doublon possible"),
                    self.tr("Un membre porte déjà ce nom :\n{names}\n\nCréer quand même un "
                            "nouveau membre ?").format(names="\n".join(names)),
                    self.tr("Créer quand même"), self.tr("Ne pas créer")):
                self.save_failed.emit(None)  # the person chose not to save
                return
            self._duplicates_confirmed_for = key
            proceed()

        self.begin_check()
        self.check_duplicates(decide)


class EmploymentRecordForm(RecordForm):
    entity = "employment_record"

    def build_fields(self) -> None:
        s = self.section(self.tr("Emploi"), 0)
        self.add(s, PickerField("institution_id", self.tr("Établissement"), "institution",
                                required=True))
        self.add(s, PickerField("unit_id", self.tr("Unité d'accréditation"), "unit",
                                context=lambda: {"institution_id":
                                                 self.field("institution_id").raw()}))
        self.add(s, PickerField("job_title_id", self.tr("Titre d'emploi"), "job_title"))
        self.add(s, ChoiceField("employment_status", self.tr("Statut d'emploi"),
                                "employment_status"))
        self.add(s, DateField("start_date", self.tr("Début"), required=True))
        self.add(s, DateField("end_date", self.tr("Fin")))
        self.add(s, NoteField("note", self.tr("Note"), lines=2))

    def new_heading(self) -> str:
        return self.tr("Nouvel emploi")

    def record_heading(self, data: RecordData) -> str:
        return self.tr("Emploi depuis le {date}").format(date=data.values.get("start_date") or "")
