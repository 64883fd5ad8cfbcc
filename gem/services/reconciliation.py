"""Union-leave reconciliation: each line of an institution's leave invoices checked against the
leave the union approved, and the result stored on the line.

The result is stored (``LeaveInvoiceLine.match``, audited like any change) so the invoice screen,
the PDF and the workbook show the same verdict for the same line, and so a later run shows
what changed. The rules, in the order they apply, each explainable in one sentence:

1. **already billed** — the same member, day and leave were billed on another line, on this or
   any institution's invoice, and that other line is the real billing: the first one that an
   approved leave covers (else simply the first, by invoice date, invoice, line);
2. **not approved** — no approved leave of that member, at that institution, covers the day (a
   line that names a leave that is not approved, is another member's, or does not cover the day
   is checked against the member's other approved leave before being flagged);
3. **hours differ** — the hours billed for a leave (its lines in the period, duplicates left
   out) differ from the approved hours; when the leave runs past the period only an excess is
   flagged, since the rest may be billed on the next invoice;
4. otherwise **matched**.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gem import clock
from gem.models import LeaveInvoice, LeaveInvoiceLine, Member, UnionLeave
from gem.models.enums import InvoiceLineMatch, LeaveStatus
from gem.services import audit, policy
from gem.services.actor import Actor
from gem.services.entity import flush_or_conflict
from gem.services.leave import InvoiceLineService

ZERO = Decimal(0)


@dataclass(frozen=True)
class LineResult:
    line_id: int
    invoice_id: int
    invoice_number: str
    invoice_date: date
    member_id: int
    member_number: str
    member_name: str
    work_date: date
    hours: Decimal
    approved_hours: Decimal | None
    rate: Decimal
    amount: Decimal
    leave_id: int | None  # the approved leave the line was matched to
    match: str
    previous: str  # what the line said before this run


@dataclass
class Reconciliation:
    institution_id: int
    start: date
    end: date
    lines: list[LineResult] = field(default_factory=list)
    stored: bool = False
    changed: int = 0

    def summary(self) -> list[tuple[str, int, Decimal, Decimal]]:
        """(match, lines, hours, amount) for each result, in a fixed order."""
        totals: dict[str, list[Any]] = {m.value: [0, ZERO, ZERO] for m in InvoiceLineMatch
                                   if m != InvoiceLineMatch.UNCHECKED}
        for line in self.lines:
            entry = totals[line.match]
            entry[0] += 1
            entry[1] += line.hours
            entry[2] += line.amount
        return [(match, n, hours, amount) for match, (n, hours, amount) in totals.items()]

    @property
    def billed(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def disputed(self) -> Decimal:
        return sum((line.amount for line in self.lines
                    if line.match != InvoiceLineMatch.MATCHED), ZERO)


def _covers(leave: UnionLeave, member_id: int, day: date, institution_id: int) -> bool:
    return (leave.status == LeaveStatus.APPROVED and leave.member_id == member_id
            and leave.institution_id == institution_id
            and leave.start_date <= day <= leave.end_date)


def reconcile(session: Session, actor: Actor, institution_id: int, start: date, end: date,
              store: bool = True) -> Reconciliation:
    """Check the invoice lines of ``institution_id`` for days in [start, end].

    With ``store`` (and an actor who may write), each line whose verdict changed gets it
    stored, with an audit entry; a read-only user gets the same verdicts without storing."""
    rows = list(session.execute(
        select(LeaveInvoiceLine, LeaveInvoice.number, LeaveInvoice.invoice_date,
               Member.member_number, Member.last_name, Member.first_name)
        .join(LeaveInvoice, LeaveInvoice.id == LeaveInvoiceLine.invoice_id)
        .join(Member, Member.id == LeaveInvoiceLine.member_id)
        .where(LeaveInvoice.institution_id == institution_id,
               LeaveInvoiceLine.work_date >= start, LeaveInvoiceLine.work_date <= end)
        .order_by(LeaveInvoice.invoice_date, LeaveInvoice.id, LeaveInvoiceLine.id)))
    result = Reconciliation(institution_id, start, end)
    if not rows:
        return result
    members = {row[0].member_id for row in rows}
    # Every billing of these members' days in the period, on any institution's invoice.
    billings = list(session.execute(
        select(LeaveInvoiceLine.id, LeaveInvoiceLine.member_id, LeaveInvoiceLine.work_date,
               LeaveInvoiceLine.leave_id, LeaveInvoice.invoice_date, LeaveInvoice.id,
               LeaveInvoice.institution_id)
        .join(LeaveInvoice, LeaveInvoice.id == LeaveInvoiceLine.invoice_id)
        .where(LeaveInvoiceLine.member_id.in_(members),
               LeaveInvoiceLine.work_date >= start, LeaveInvoiceLine.work_date <= end)))
    leaves: dict[int, list[UnionLeave]] = defaultdict(list)
    by_id: dict[int, UnionLeave] = {}
    for approved in session.scalars(select(UnionLeave).where(
            UnionLeave.member_id.in_(members), UnionLeave.status == LeaveStatus.APPROVED,
            UnionLeave.start_date <= end, UnionLeave.end_date >= start)
            .order_by(UnionLeave.start_date, UnionLeave.id)):
        leaves[approved.member_id].append(approved)
        by_id[approved.id] = approved
    named = {b[3] for b in billings if b[3] is not None} - set(by_id)
    if named:
        by_id.update({leave.id: leave for leave in session.scalars(
            select(UnionLeave).where(UnionLeave.id.in_(named)))})

    def approved_leave(member_id: int, day: date, leave_id: int | None,
                       institution: int) -> UnionLeave | None:
        """The approved leave covering the day: the one the line names if it does, else
        any of the member's approved leave at that institution."""
        leave = by_id.get(leave_id) if leave_id is not None else None
        if leave is not None and _covers(leave, member_id, day, institution):
            return leave
        return next((c for c in leaves.get(member_id, [])
                     if _covers(c, member_id, day, institution)), None)

    # The same member, day and leave billed twice: the first billing that an approved leave
    # covers (else simply the first) is the real one, every other is "already billed".
    first: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for line_id, member_id, day, leave_id, invoice_date, invoice_id, institution in billings:
        leave = approved_leave(member_id, day, leave_id, institution)
        key = (member_id, day, leave_id if leave_id is not None else
               (leave.id if leave is not None else None))
        rank = (leave is None, invoice_date, invoice_id, line_id)
        if key not in first or rank < first[key]:
            first[key] = rank

    verdicts: dict[int, str] = {}
    matched_leave: dict[int, UnionLeave] = {}
    billed: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line, _number, invoice_date, *_ in rows:
        leave = approved_leave(line.member_id, line.work_date, line.leave_id, institution_id)
        key = (line.member_id, line.work_date, line.leave_id if line.leave_id is not None
               else (leave.id if leave is not None else None))
        if first[key][1:] != (invoice_date, line.invoice_id, line.id):
            verdicts[line.id] = InvoiceLineMatch.ALREADY_BILLED
            continue
        if leave is None:
            verdicts[line.id] = InvoiceLineMatch.NOT_APPROVED
            continue
        matched_leave[line.id] = leave
        billed[leave.id] += line.hours
    for line, *_ in rows:
        leave = matched_leave.get(line.id)
        if leave is None:
            continue
        inside = start <= leave.start_date and leave.end_date <= end
        total = billed[leave.id]
        differs = total != leave.hours if inside else total > leave.hours
        verdicts[line.id] = InvoiceLineMatch.HOURS_DIFFER if differs else \
            InvoiceLineMatch.MATCHED

    result.stored = store and policy.may(actor, policy.Action.UPDATE, policy.LEAVE_INVOICE_LINE)
    for line, number, invoice_date, member_number, last_name, first_name in rows:
        verdict = str(verdicts[line.id])
        previous = line.match
        leave = matched_leave.get(line.id)
        if result.stored and verdict != previous:
            line.match = verdict
            line.updated_by_id = actor.id
            line.updated_at = clock.now()
            audit.record(session, actor, "update", "leave_invoice_line", line.id,
                         {"match": previous}, {"match": verdict})
            result.changed += 1
        result.lines.append(LineResult(
            line.id, line.invoice_id, number, invoice_date, line.member_id, member_number,
            f"{last_name}, {first_name}", line.work_date, line.hours,
            leave.hours if leave else None, line.rate, line.amount,
            leave.id if leave else None, verdict, previous))
    if result.changed:
        # a line someone changed since it was read here (its hours, its match) is a
        # conflict naming them: the verdicts were worked out on what they replaced
        flush_or_conflict(session, actor, labels={LeaveInvoiceLine: InvoiceLineService.label})
    return result
