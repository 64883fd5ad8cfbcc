"""Union leave, the invoices institutions send for it, and the invoice lines."""

from __future__ import annotations

from gem.ui.forms.base import RecordData, RecordForm
from gem.ui.forms.fields import (
    ChoiceField,
    DateField,
    DisplayField,
    MoneyField,
    NoteField,
    PickerField,
    TextField,
)
from gem.ui.forms.panels import ChildSpec, ChildTable


class UnionLeaveForm(RecordForm):
    entity = "union_leave"

    def build_fields(self) -> None:
        s = self.section(self.tr("Demande de libération"), 0)
        self.add(s, PickerField("member_id", self.tr("Membre"), "member", required=True))
        self.add(s, PickerField("institution_id", self.tr("Établissement"), "institution",
                                required=True))
        self.add(s, ChoiceField("leave_type", self.tr("Type de libération"), "leave_type",
                                required=True))
        self.add(s, DateField("start_date", self.tr("Du"), required=True))
        self.add(s, DateField("end_date", self.tr("Au"), required=True))
        self.add(s, MoneyField("hours", self.tr("Heures"), money=False, required=True))
        self.add(s, ChoiceField("payment", self.tr("Rémunération"), "leave_payment",
                                required=True))
        self.add(s, NoteField("purpose", self.tr("Motif"), lines=3))
        s = self.section(self.tr("Approbation"), 1)
        self.add(s, ChoiceField("status", self.tr("Statut"), "leave_status", required=True,
                                default="requested"))
        self.add(s, DisplayField("approved_by_id", self.tr("Approuvée par"), source="user"))
        self.add(s, DisplayField("approved_on", self.tr("Approuvée le"), kind="date"))

    def new_heading(self) -> str:
        return self.tr("Nouvelle libération syndicale")

    def record_heading(self, data: RecordData) -> str:
        return self.tr("Libération — {member}").format(member=data.labels.get("member_id", ""))


class LeaveInvoiceForm(RecordForm):
    entity = "leave_invoice"

    def build_fields(self) -> None:
        s = self.section(self.tr("Facture"), 0)
        self.add(s, PickerField("institution_id", self.tr("Établissement"), "institution",
                                required=True))
        self.add(s, TextField("number", self.tr("Numéro de facture"), required=True,
                              max_length=40))
        self.add(s, DateField("invoice_date", self.tr("Date de facture"), required=True))
        self.add(s, DateField("period_start", self.tr("Début de période"), required=True))
        self.add(s, DateField("period_end", self.tr("Fin de période"), required=True))
        s = self.section(self.tr("Vérification"), 1)
        self.add(s, DisplayField("total", self.tr("Total (somme des lignes)"), kind="money"))
        self.add(s, ChoiceField("status", self.tr("Statut"), "invoice_status", required=True,
                                default="received"))
        self.add(s, NoteField("note", self.tr("Note"), lines=3))

    def build_tabs(self) -> None:
        self.lines = ChildTable(self, ChildSpec(
            "invoice_lines", [self.tr("Date"), self.tr("Membre"), self.tr("Heures"),
                              self.tr("Taux"), self.tr("Montant"), self.tr("Rapprochement")]))
        self.lines.changed.connect(self._lines_changed)
        self.tabs.insertTab(1, self.lines, self.tr("Lignes"))

    def _lines_changed(self) -> None:
        if not self.is_dirty():
            self.reload()  # the total follows the lines

    def new_heading(self) -> str:
        return self.tr("Nouvelle facture de libérations")

    def record_heading(self, data: RecordData) -> str:
        return self.tr("Facture {number} — {institution}").format(
            number=data.values.get("number"), institution=data.labels.get("institution_id", ""))


class InvoiceLineForm(RecordForm):
    entity = "leave_invoice_line"

    def build_fields(self) -> None:
        s = self.section(self.tr("Ligne de facture"), 0)
        self.add(s, PickerField("member_id", self.tr("Membre"), "member", required=True))
        self.add(s, DateField("work_date", self.tr("Date"), required=True))
        self.add(s, MoneyField("hours", self.tr("Heures"), money=False, required=True))
        self.add(s, MoneyField("rate", self.tr("Taux horaire"), required=True))
        self.add(s, MoneyField("amount", self.tr("Montant"),
                               hint=self.tr("Vide : heures × taux.")))
        self.add(s, PickerField("leave_id", self.tr("Libération"), "union_leave",
                                context=lambda: {"member_id": self.field("member_id").raw()}))
        self.add(s, ChoiceField("match", self.tr("Rapprochement"), "invoice_match",
                                required=True, default="unchecked"))

    def new_heading(self) -> str:
        return self.tr("Nouvelle ligne")

    def record_heading(self, data: RecordData) -> str:
        return self.tr("Ligne de facture")
