"""Union leave, the invoices institutions send for it, and the invoice lines."""

from __future__ import annotations

from typing import Any

from gem.formatting import format_money, format_number
from gem.labels import label as code_label
from gem.services.leave import InvoiceLineService, LeaveInvoiceService, UnionLeaveService
from gem.ui.forms.base import RecordForm
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
from gem.ui.widgets.sources import member_label


class UnionLeaveForm(RecordForm):
    entity = "union_leave"
    service_class = UnionLeaveService

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

    def heading(self) -> str:
        if self._data is None:
            return self.tr("Nouvelle libération syndicale")
        return self.tr("Libération — {member}").format(
            member=self._data.labels.get("member_id", ""))


class LeaveInvoiceForm(RecordForm):
    entity = "leave_invoice"
    service_class = LeaveInvoiceService

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
            "invoice_lines", InvoiceLineService, "invoice_id",
            [self.tr("Date"), self.tr("Membre"), self.tr("Heures"), self.tr("Taux"),
             self.tr("Montant"), self.tr("Rapprochement")], _line_cells, "work_date"))
        self.lines.changed.connect(self._lines_changed)
        self.tabs.insertTab(1, self.lines, self.tr("Lignes"))

    def _lines_changed(self) -> None:
        if not self.is_dirty():
            self.reload()  # the total follows the lines

    def heading(self) -> str:
        if self._data is None:
            return self.tr("Nouvelle facture de libérations")
        return self.tr("Facture {number} — {institution}").format(
            number=self._data.values.get("number"),
            institution=self._data.labels.get("institution_id", ""))


def _line_cells(session: Any, line: Any, actor: Any) -> list[str]:
    from gem.services.member import MemberService

    lang = actor.language
    return [line.work_date.isoformat(),
            member_label(MemberService().get(session, actor, line.member_id)),
            format_number(line.hours, 2, lang), format_money(line.rate, lang),
            format_money(line.amount, lang), code_label("invoice_match", line.match, lang)]


class InvoiceLineForm(RecordForm):
    entity = "leave_invoice_line"
    service_class = InvoiceLineService
    has_attachments = False

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

    def heading(self) -> str:
        return self.tr("Nouvelle ligne") if self._data is None else self.tr("Ligne de facture")
