"""Union leave and the invoices institutions send for it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gem import clock
from gem.i18n import N_
from gem.models import LeaveInvoice, LeaveInvoiceLine, UnionLeave
from gem.models.enums import InvoiceLineMatch, InvoiceStatus, LeavePayment, LeaveStatus, LeaveType
from gem.services import audit
from gem.services.actor import Actor
from gem.services.entity import EntityService, KnownRows, flush_or_conflict
from gem.services.errors import FieldError
from gem.services.values import span_days

_CENT = Decimal("0.01")
HOURS_A_DAY = 24


def _hours_within(hours: Decimal | None, days: int) -> list[FieldError]:
    """Hours no one can be away for: more than the days they cover hold (900,000 hours in a
    one-day leave)."""
    if hours is None:
        return []
    if hours <= 0:
        return [FieldError("hours", N_("Heures"), N_("doit être plus grand que zéro."))]
    most = HOURS_A_DAY * days
    if hours > most:
        return [FieldError("hours", N_("Heures"),
                           N_("{most} heures au plus sur {days} jour(s) ({value})."),
                           {"most": most, "days": days, "value": str(hours)})]
    return []


class UnionLeaveService(EntityService[UnionLeave]):
    model = UnionLeave
    entity = "union_leave"
    label = N_("Libération syndicale")
    choices: ClassVar = {"leave_type": LeaveType, "payment": LeavePayment, "status": LeaveStatus}
    date_order = (("start_date", "end_date"),)
    default_order = "start_date"

    def editable_fields(self) -> set[str]:
        return super().editable_fields() - {"approved_by_id", "approved_on"}

    def check(self, session: Session, actor: Actor, values: dict[str, Any],
              extras: dict[str, Any], obj: UnionLeave | None) -> list[FieldError]:
        start, end = values.get("start_date"), values.get("end_date")
        days = span_days(start, end) if start is not None and end is not None else 1
        return _hours_within(values.get("hours"), max(days, 1))

    def before_save(self, session: Session, actor: Actor, obj: UnionLeave, values: dict[str, Any],
                    extras: dict[str, Any], created: bool) -> None:
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

    def clean(self, session: Session, actor: Actor, data: dict[str, Any],
              obj: LeaveInvoiceLine | None, known: KnownRows | None = None
              ) -> tuple[dict[str, Any], dict[str, Any]]:
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
                try:
                    data["amount"] = (hours * rate).quantize(_CENT)
                except InvalidOperation:  # too large to compute: the hours or rate are
                    pass                  # refused by their own checks, the amount required
        return super().clean(session, actor, data, obj, known)

    def check(self, session: Session, actor: Actor, values: dict[str, Any],
              extras: dict[str, Any], obj: LeaveInvoiceLine | None) -> list[FieldError]:
        """One line is one work date: at most a day's hours."""
        return _hours_within(values.get("hours"), 1)

    def after_save(self, session: Session, actor: Actor, obj: LeaveInvoiceLine,
                   values: dict[str, Any], extras: dict[str, Any], created: bool) -> None:
        refresh_total(session, actor, obj.invoice_id)

    def delete(self, session: Session, actor: Actor, ident: int,
               expected_version: int | None) -> None:
        invoice_id = self.get(session, actor, ident).invoice_id
        super().delete(session, actor, ident, expected_version)
        refresh_total(session, actor, invoice_id)


def refresh_total(session: Session, actor: Any, invoice_id: int) -> None:
    """The invoice's total, the sum of its lines, after a line was added, changed or removed.

    Two people changing lines of the same invoice at once must both see their line counted:
    the invoice's row is locked (PostgreSQL; SQLite has one writer at a time) and read again
    before the lines are summed, so the second waits for the first and sums both lines. The
    lock is FOR NO KEY UPDATE, the one the total's UPDATE takes anyway: a new line's foreign
    key already holds a KEY SHARE lock on the row, which FOR UPDATE would wait on (two new
    lines at once: a deadlock). The
    total is compared with the row as it now stands, never with a copy read earlier (which
    could skip a total that needs writing), and stamped with who changed it, so the
    invoice's form, open meanwhile, meets a conflict naming them."""
    flush_or_conflict(session, actor)
    invoice = session.scalars(select(LeaveInvoice).where(LeaveInvoice.id == invoice_id)
                              .with_for_update(key_share=True)
                              .execution_options(populate_existing=True)).first()
    if invoice is None:
        return
    total = session.scalar(select(func.coalesce(func.sum(LeaveInvoiceLine.amount), 0))
                           .where(LeaveInvoiceLine.invoice_id == invoice_id))
    total = Decimal(total or 0).quantize(_CENT)
    if invoice.total != total:
        before = {"total": str(invoice.total)}
        invoice.total = total
        invoice.updated_by_id = actor.id
        invoice.updated_at = clock.now()
        flush_or_conflict(session, actor, {"total": total})
        audit.record(session, actor, "update", "leave_invoice", invoice_id, before,
                     {"total": str(total)})
