"""Institutions (employers) and the union's bargaining units in them."""

from __future__ import annotations

from gem.ui.forms.base import RecordData, RecordForm
from gem.ui.forms.fields import ChoiceField, DateField, PickerField, TextField
from gem.ui.forms.panels import ChildSpec, ChildTable


class InstitutionForm(RecordForm):
    entity = "institution"

    def build_fields(self) -> None:
        s = self.section(self.tr("Établissement"), 0)
        self.add(s, TextField("name", self.tr("Nom"), required=True, max_length=200))
        self.add(s, TextField("short_name", self.tr("Nom court"), max_length=60))
        self.add(s, ChoiceField("type", self.tr("Type"), "institution_type", required=True))
        self.add(s, PickerField("region_code", self.tr("Région sociosanitaire"), "region"))
        s = self.section(self.tr("Historique"), 1)
        self.add(s, PickerField("parent_id", self.tr("Établissement parent"), "institution"))
        self.add(s, DateField("valid_from", self.tr("En vigueur du")))
        self.add(s, DateField("valid_to", self.tr("En vigueur jusqu'au")))

    def build_tabs(self) -> None:
        self.units = ChildTable(self, ChildSpec(
            "bargaining_units", [self.tr("Nom"), self.tr("Section locale"),
                                 self.tr("Accréditation"), self.tr("En vigueur du")]))
        self.tabs.insertTab(1, self.units, self.tr("Unités d'accréditation"))

    def new_heading(self) -> str:
        return self.tr("Nouvel établissement")

    def record_heading(self, data: RecordData) -> str:
        return self.tr("Établissement — {name}").format(name=data.values.get("name"))


class BargainingUnitForm(RecordForm):
    entity = "bargaining_unit"

    def build_fields(self) -> None:
        s = self.section(self.tr("Unité d'accréditation"), 0)
        self.add(s, TextField("name", self.tr("Nom"), required=True, max_length=160))
        self.add(s, TextField("local_number", self.tr("Numéro de section locale"),
                              max_length=20))
        self.add(s, TextField("certification_number", self.tr("Numéro d'accréditation"),
                              max_length=40))
        self.add(s, DateField("valid_from", self.tr("En vigueur du")))
        self.add(s, DateField("valid_to", self.tr("En vigueur jusqu'au")))

    def new_heading(self) -> str:
        return self.tr("Nouvelle unité d'accréditation")

    def record_heading(self, data: RecordData) -> str:
        return self.tr("Unité — {name}").format(name=data.values.get("name"))
