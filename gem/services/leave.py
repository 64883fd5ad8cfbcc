"""Union leave and the invoices institutions send for it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gem import clock
from gem.i18n import N_
from gem.models import LeaveInvoice, LeaveInvoiceLine, UnionLeave
from gem.models.enums import InvoiceLineMatch, InvoiceStatus, LeavePayment, LeaveStatus, LeaveType
from gem.services import audit
from gem.services.entity import EntityService
from gem.services.errors import FieldError

_CENT = Decimal("0.01")


class UnionLeaveService(EntityService[UnionLeave]):
    model = UnionLeave
    entity = "union_leave"
    label = N_("Libération syndicale")
    choices: ClassVar = {"leave_type": LeaveType, "payment": LeavePayment, "status": LeaveStatus}
    date_order = (("start_date", "end_date"),)
    default_order = "start_date"

    def editable_fields(self) -> set[str]:
        return super().editable_fields() - {"approved_by_id", "approved_on"}

    def check(self, session, actor, values, extras, obj) -> list[FieldError]:
        hours = values.get("hours")
        if hours is not None and hours <= 0:
            return [FieldError("hours", N_("Heures"), N_("doit être plus grand que zéro."))]
        return []

    def before_save(self, session, actor, obj, values, extras, created) -> None:
        """Approval is stamped with who approved it and when, never typed."""
        if values.get("status") == LeaveStatus.APPROVED:
            obj.approved_by_id = actor.id
            obj.approved_on = clock.today()


class LeaveInvoiceService(EntityService[LeaveInvoice]):
    model = LeaveInvoice
    entity = "leave_invoice"
    label = N_("Facture de libérations")
    choices: ClassVar = {"status": InvoiceStatus}
    date_order = (("period_start", "period_end"),)
    default_order = "invoice_date"

    def editable_fields(self) -> set[str]:
        # The total is the sum of the lines, kept by InvoiceLineService.
        return super().editable_fields() - {"total"}


class InvoiceLineService(EntityService[LeaveInvoiceLine]):
    model = LeaveInvoiceLine
    entity = "leave_invoice_line"
    label = N_("Ligne de facture")
    choices: ClassVar = {"match": InvoiceLineMatch}
    default_order = "work_date"

    def clean(self, session, actor, data, obj):
        """The amount is hours × rate unless typed: computed on creation, and again on an
        update that changes the hours or the rate without giving an amount."""
        data = dict(data)
        if data.get("amount") in (None, "") and ("hours" in data or "rate" in data):
            from gem.services.values import BadValue, parse_decimal

            try:
                hours = parse_decimal(data["hours"]) if "hours" in data else \
                    (obj.hours if obj is not None else None)
                rate = parse_decimal(data["rate"]) if "rate" in data else \
                    (obj.rate if obj is not None else None)
            except BadValue:  # the field checks report the bad number themselves
                hours = rate = None
            if hours is not None and rate is not None:
                data["amount"] = (hours * rate).quantize(_CENT)
        return super().clean(session, actor, data, obj)

    def check(self, session, actor, values, extras, obj) -> list[FieldError]:
        hours = values.get("hours")
        if hours is not None and hours <= 0:
            return [FieldError("hours", N_("Heures"), N_("doit être plus grand que zéro."))]
        return []

    def after_save(self, session, actor, obj, values, extras, created) -> None:
        refresh_total(session, actor, obj.invoice_id)

    def delete(self, session, actor, ident, expected_version) -> None:
        invoice_id = self.get(session, actor, ident).invoice_id
        super().delete(session, actor, ident, expected_version)
        refresh_total(session, actor, invoice_id)


def refresh_total(session: Session, actor: Any, invoice_id: int) -> None:
    invoice = session.get(LeaveInvoice, invoice_id)
    if invoice is None:
        return
    session.flush()
    total = session.scalar(select(func.coalesce(func.sum(LeaveInvoiceLine.amount), 0))
                           .where(LeaveInvoiceLine.invoice_id == invoice_id))
    total = Decimal(total or 0).quantize(_CENT)
    if invoice.total != total:
        before = {"total": str(invoice.total)}
        invoice.total = total
        audit.record(session, actor, "update", "leave_invoice", invoice_id, before,
                     {"total": str(total)})
