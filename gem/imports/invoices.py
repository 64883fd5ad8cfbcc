"""The invoice-lines import (issue 14): the lines of a union-leave invoice brought in from the
institution's spreadsheet (member, date, hours, rate, amount) and reconciled at once against
the approved leave, as typed lines are.

Why it works this way:

- The target is an invoice already entered (its number, date and period come from the
  paper or PDF the institution sent); the file brings its lines only. It is found by its
  number within the institution, as the institution itself numbers it.
- Each row goes through InvoiceLineService.clean, so the import refuses exactly what the
  line's form refuses (no hours, more than a day's hours), in the same words; the import adds
  only what a spreadsheet brings: a cell that is not a date or a number, a member no one
  knows, the same member and day twice, an amount that is not hours × rate.
- A billed line is never changed by a file: a row identical to a line of the invoice is
  « unchanged » (the same file imported twice writes no line the second time), the same
  member and day with other hours or rate is refused, for the person to look at.
- The verdicts are not worked out again here: once the lines are written,
  gem.services.reconciliation.reconcile checks the invoice's period, the one function the
  report and the screen use. The preview cannot give them (it writes nothing, and the
  verdicts are read from the stored lines); the import's summary gives them for the lines it
  created.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from gem import clock
from gem.formatting import format_money, format_number
from gem.i18n import N_, tr
from gem.models import Institution, LeaveInvoice, LeaveInvoiceLine, Member
from gem.models.base import table_of
from gem.models.enums import InvoiceLineMatch, InvoiceStatus
from gem.services import audit, policy
from gem.services.actor import Actor
from gem.services.entity import KnownRows
from gem.services.errors import GemError, ValidationError
from gem.services.leave import InvoiceLineService, refresh_total
from gem.services.reconciliation import reconcile

from . import columns, values
from .columns import Field
from .members import NUMBERS, PreviewOutdated, Proposal
from .outcomes import (
    CREATE,
    REFUSED,
    UNCHANGED,
    Outcome,
    Problem,
    RowsRefused,
    file_sha256,
    find_institution,
    headers_of,
    proposed_mapping,
    read_row,
    remembered_columns,
    write_refused,
)
from .sheets import Cell, Row, open_sheet

if TYPE_CHECKING:
    from .batches import BatchSummary

__all__ = ["FIELDS", "OUTCOMES", "VERDICTS", "InvoiceOutdated", "InvoicePreview",
           "UnknownInvoice", "after_undo", "find_invoice", "import_invoice_lines",
           "preview_warnings",
           "preview_invoice_lines", "propose_invoice_mapping", "write_refused"]

OUTCOMES = (REFUSED, CREATE, UNCHANGED)  # the order a preview shows them in
VERDICTS = tuple(m.value for m in InvoiceLineMatch if m != InvoiceLineMatch.UNCHECKED)
_CENT = Decimal("0.01")
_TOLERANCE = Decimal("0.01")  # a rounding of the institution's own, not a different amount


def _label(model: type[Any], key: str) -> str:
    return str(table_of(model).c[key].info["label"])


FIELDS: tuple[Field, ...] = (
    Field("member_number", _label(Member, "member_number"),
          ("no membre", "numero membre", "no de membre", "numero de membre", "member number",
           "member no")),
    Field("employee_number", _label(Member, "employee_number"),
          ("no employe", "numero employe", "numero d employe", "no d employe",
           "employee number", "employee id", "matricule employe")),
    # The names, where the file has them, are checked against the member the number finds:
    # a mistyped number would bill someone else's day.
    Field("last_name", _label(Member, "last_name"), ("nom", "last name", "surname",
                                                      "family name", "nom employe")),
    Field("first_name", _label(Member, "first_name"), ("first name", "given name")),
    Field("work_date", _label(LeaveInvoiceLine, "work_date"),
          ("date travaillee", "date de travail", "jour", "date liberation", "work date",
           "date worked", "day"), required=True),
    Field("hours", _label(LeaveInvoiceLine, "hours"),
          ("nombre d heures", "nb heures", "heures facturees", "hours", "hours billed"),
          required=True),
    Field("rate", _label(LeaveInvoiceLine, "rate"),
          ("taux", "taux horaire", "rate", "hourly rate"), required=True),
    Field("amount", _label(LeaveInvoiceLine, "amount"),
          ("montant facture", "total", "amount", "amount billed")),
)
_COLUMN_OF = {"member_number": "member_id", "employee_number": "member_id"}


class UnknownInvoice(GemError):
    msgid = N_("Facture « {number} » introuvable pour {institution} : saisissez d'abord la "
               "facture (numéro, date, période), puis importez ses lignes.")


class InvoiceOutdated(PreviewOutdated):
    msgid = N_("La facture « {number} » a été modifiée depuis l'aperçu : rien n'a été "
               "importé. Refaites l'aperçu.")


@dataclass
class InvoicePreview:
    file: str
    sha256: str
    sheet: str
    institution_id: int
    institution: str
    invoice_id: int
    invoice_number: str
    invoice_version: int              # the invoice as the preview read it (the import's check)
    mapping: dict[int, str]           # column index → field key
    header: tuple[str, ...]
    outcomes: list[Outcome]
    invoice_status: str = ""          # « paid »: the preview says the total will change
    period: tuple[date, date] | None = None  # the invoice's own period

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(o.kind for o in self.outcomes)
        return {kind: found.get(kind, 0) for kind in OUTCOMES}

    def outside_period(self, outcome: Outcome) -> bool:
        """A line to create dated outside the invoice's period: accepted (an institution
        bills a forgotten day later) but worth a look."""
        day = outcome.data.get("work_date") if outcome.kind == CREATE else None
        return self.period is not None and day is not None and \
            not self.period[0] <= day <= self.period[1]

    @property
    def refused(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind == REFUSED]


def preview_warnings(preview: InvoicePreview, lang: str) -> list[str]:
    """What the person should know before importing, though nothing is refused for it: the
    invoice already paid (its total will change), lines outside its period (the
    reconciliation then covers those days too). Shown by the window and the command."""
    from gem.formatting import format_date
    from gem.labels import label

    found: list[str] = []
    if preview.invoice_status == InvoiceStatus.PAID:
        found.append(tr(N_("Attention : la facture {invoice} est déjà « {status} » ; les lignes "
                           "importées changeront son total."), lang,
                        invoice=preview.invoice_number,
                        status=label("invoice_status", preview.invoice_status, lang)))
    outside = [o for o in preview.outcomes if preview.outside_period(o)]
    if outside and preview.period is not None:
        found.append(tr(N_("{count} ligne(s) à créer hors de la période de la facture (du "
                           "{start} au {end}), par exemple à la ligne {row} : vérifiez-les "
                           "avant d'importer."), lang,
                        count=format_number(len(outside), 0, lang),
                        start=format_date(preview.period[0]),
                        end=format_date(preview.period[1]),
                        row=format_number(outside[0].row, 0, lang)))
    return found


def find_invoice(session: Session, place: Institution, number: str) -> LeaveInvoice:
    found = session.scalars(select(LeaveInvoice).where(
        LeaveInvoice.institution_id == place.id,
        LeaveInvoice.number == number.strip())).first()
    if found is None:
        raise UnknownInvoice(number=number.strip(), institution=place.name)
    return found


def propose_invoice_mapping(session: Session, actor: Actor, path: Path,
                            institution: str) -> Proposal:
    """The header of ``path`` and the mapping proposed for it (the window's mapping step)."""
    from gem.imports import batches

    policy.require(actor, policy.Action.IMPORT, policy.LEAVE_INVOICE)
    place = find_institution(session, institution)
    sheet = open_sheet(Path(path))
    return Proposal(sheet.header, proposed_mapping(session, batches.INVOICE_LINES, FIELDS,
                                                   sheet.header, place.id),
                    FIELDS, place.id, place.name, sheet.name)


class _Lookups:
    """What the rows are checked against, read once (not once per row)."""

    def __init__(self, session: Session, place: Institution, invoice: LeaveInvoice) -> None:
        self.by_number: dict[str, tuple[int, str]] = {}
        self.by_employee: dict[str, tuple[int, str]] = {}
        self.names: dict[int, tuple[str, str, str]] = {}  # id → (last, first, number)
        for ident, number, employee, last, first, where in session.execute(select(
                Member.id, Member.member_number, Member.employee_number, Member.last_name,
                Member.first_name, Member.institution_id)):
            self.by_number[number] = (ident, f"{last}, {first}")
            self.names[ident] = (last, first, number)
            if employee and where == place.id:
                self.by_employee[employee] = (ident, f"{last}, {first}")
        self.lines: dict[tuple[int, date], tuple[Decimal, Decimal]] = {
            (member, day): (hours, rate) for member, day, hours, rate in session.execute(
                select(LeaveInvoiceLine.member_id, LeaveInvoiceLine.work_date,
                       LeaveInvoiceLine.hours, LeaveInvoiceLine.rate)
                .where(LeaveInvoiceLine.invoice_id == invoice.id))}
        self.known = KnownRows()  # the invoice and members each line names, checked once


def _read(key: str, cell: Cell) -> Any:
    """The field's value from its cell, or values.Refused."""
    if key in ("member_number", "employee_number"):
        return values.as_code(cell)
    if key in ("last_name", "first_name"):
        return values.as_text(cell, name=True)
    if key == "work_date":
        return values.as_date(cell)
    return values.as_amount(cell)


def preview_invoice_lines(session: Session, actor: Actor, path: Path, institution: str,
                          invoice_number: str,
                          choose: Callable[[tuple[str, ...]], Mapping[int, str]] | None = None,
                          progress: Callable[[int, int], None] | None = None
                          ) -> InvoicePreview:
    """What importing ``path`` into invoice ``invoice_number`` of ``institution`` would do,
    row by row; writes nothing. ``choose(header)``: the person's mapping (column index →
    field), given the header read here; proposed from the header (and the columns this
    institution's last invoice file used) without it. ``progress(rows_read, 0)`` after every
    thousand rows."""
    from gem.imports import batches

    policy.require(actor, policy.Action.IMPORT, policy.LEAVE_INVOICE)
    lang = actor.language
    place = find_institution(session, institution)
    invoice = find_invoice(session, place, invoice_number)
    sheet = open_sheet(Path(path))
    chosen = dict(choose(sheet.header)) if choose is not None else proposed_mapping(
        session, batches.INVOICE_LINES, FIELDS, sheet.header, place.id)
    chosen = {index: key for index, key in chosen.items() if key}
    columns.check_required(chosen, FIELDS)
    if not {"member_number", "employee_number"} & set(chosen.values()):
        raise columns.MissingColumns([NUMBERS])
    header_of = headers_of(sheet.header, chosen)
    lookups = _Lookups(session, place, invoice)
    service = InvoiceLineService()
    seen: dict[tuple[int, date], int] = {}  # (member, day) → first row naming it
    outcomes: list[Outcome] = []
    for count, row in enumerate(sheet.rows, start=1):
        outcomes.append(_one(session, actor, service, row, chosen, header_of, lookups, seen,
                             invoice, lang))
        if progress is not None and count % 1000 == 0:
            progress(count, 0)
    return InvoicePreview(Path(path).name, file_sha256(Path(path)), sheet.name, place.id,
                          place.name, invoice.id, invoice.number, invoice.version, chosen,
                          sheet.header, outcomes, str(invoice.status),
                          (invoice.period_start, invoice.period_end))


def _one(session: Session, actor: Actor, service: InvoiceLineService, row: Row,
         mapping: dict[int, str], header_of: dict[str, str], lookups: _Lookups,
         seen: dict[tuple[int, date], int], invoice: LeaveInvoice, lang: str) -> Outcome:
    outcome = Outcome(row.number, REFUSED, cells=row.cells)
    data = read_row(row, mapping, header_of, _read, outcome, lang)
    at_fault = {p.column for p in outcome.problems}
    number, employee = data.get("member_number"), data.get("employee_number")
    member = (lookups.by_number.get(number) if number is not None else None) or \
        (lookups.by_employee.get(employee) if employee is not None else None)
    if member is None and not at_fault & {header_of.get("member_number"),
                                          header_of.get("employee_number")}:
        given = number if number is not None else employee
        key = "member_number" if number is not None or (
            given is None and "member_number" in header_of) else "employee_number"
        outcome.problems.append(Problem(header_of.get(key, ""), tr(
            N_("« {value} » : aucun membre ne porte ce numéro") if given is not None else
            N_("le membre manque : donnez son numéro de membre ou son matricule"), lang,
            value=given)))
    if member is not None:
        outcome.member_id, outcome.name = member
        _check_names(outcome, data, lookups.names[member[0]], header_of, lang)
    line: dict[str, Any] = {key: data[key] for key in ("work_date", "hours", "rate", "amount")
                            if key in data}
    line["invoice_id"] = invoice.id
    if member is not None:
        line["member_id"] = member[0]
    try:
        cleaned, _extras = service.clean(session, actor, line, None, lookups.known)
    except ValidationError as invalid:
        # Left out: what a cell's own problem already says, the member a number did not
        # find, and an amount left blank (computed: the hours' or the rate's error says why).
        reverse = {_COLUMN_OF.get(k, k): h for k, h in header_of.items()}
        outcome.problems.extend(
            Problem(reverse.get(e.field, ""), e.message(lang)) for e in invalid.errors
            if reverse.get(e.field, "") not in at_fault
            and not (e.field == "member_id" and member is None)
            and not (e.field == "amount" and "amount" not in data))
        return outcome
    if outcome.problems:
        return outcome
    _check_amount(outcome, data, cleaned, header_of, lang)
    _check_known(outcome, cleaned, row, lookups, seen, header_of, lang)
    if outcome.problems:
        return outcome
    outcome.data, outcome.cells = cleaned, ()
    known = lookups.lines.get((cleaned["member_id"], cleaned["work_date"]))
    outcome.kind = UNCHANGED if known is not None else CREATE
    return outcome


def _same_name(given: str, known: str) -> bool:
    """Accents, case and punctuation ignored, and one name may hold the other's words: an
    institution's payroll keeps « Tremblay » where GEM has « Tremblay-Roy »."""
    one, other = set(columns.normalized(given).split()), set(columns.normalized(known).split())
    return one <= other or other <= one


def _check_names(outcome: Outcome, data: dict[str, Any], known: tuple[str, str, str],
                 header_of: dict[str, str], lang: str) -> None:
    """A name the file gives must be the name of the member its number finds."""
    last, first, number = known
    for key, name in (("last_name", last), ("first_name", first)):
        given = data.get(key)
        if given is not None and not _same_name(str(given), name):
            outcome.problems.append(Problem(header_of[key], tr(
                N_("« {value} » n'est pas le nom du membre {number} ({name}) : vérifiez le "
                   "numéro ou le nom"), lang, value=given, number=number,
                name=f"{last}, {first}")))


def _check_amount(outcome: Outcome, data: dict[str, Any], cleaned: dict[str, Any],
                  header_of: dict[str, str], lang: str) -> None:
    """An amount given must be hours × rate, to the cent the institution may round."""
    if "amount" not in data:
        return
    try:
        expected = (cleaned["hours"] * cleaned["rate"]).quantize(_CENT)
    except InvalidOperation:  # too large to compute: the service refused it already
        return
    if abs(cleaned["amount"] - expected) > _TOLERANCE:
        outcome.problems.append(Problem(header_of["amount"], tr(
            N_("« {value} » n'est pas heures × taux ({hours} × {rate} = {expected})"), lang,
            value=format_money(cleaned["amount"], lang),
            hours=format_number(cleaned["hours"], 2, lang),
            rate=format_money(cleaned["rate"], lang),
            expected=format_money(expected, lang))))


def _check_known(outcome: Outcome, cleaned: dict[str, Any], row: Row, lookups: _Lookups,
                 seen: dict[tuple[int, date], int], header_of: dict[str, str],
                 lang: str) -> None:
    """The same member and day twice in the file (the second refused), or already billed on
    the invoice with other hours or another rate (a billed line is not changed by a file)."""
    key = (cleaned["member_id"], cleaned["work_date"])
    first = seen.setdefault(key, row.number)
    if first != row.number:
        outcome.problems.append(Problem(header_of["work_date"], tr(
            N_("ce membre figure déjà à cette date à la ligne {row} du fichier"), lang,
            row=format_number(first, 0, lang))))
        return
    known = lookups.lines.get(key)
    if known is not None and (known[0] != cleaned["hours"] or known[1] != cleaned["rate"]):
        outcome.problems.append(Problem("", tr(
            N_("la facture a déjà une ligne de ce membre à cette date ({hours} h à {rate}) : "
               "un import ne modifie pas une ligne facturée"), lang,
            hours=format_number(known[0], 2, lang), rate=format_money(known[1], lang))))


# ---------------------------------------------------------------------- writing
def import_invoice_lines(session: Session, actor: Actor, preview: InvoicePreview,
                         valid_only: bool = False,
                         progress: Callable[[int, int], None] | None = None) -> BatchSummary:
    """Write the lines ``preview`` showed, in the caller's write transaction, as one batch:
    all of them, or none when a row is refused (unless ``valid_only``: the refused rows are
    then left out and counted) or when the invoice changed since the preview was read
    (InvoiceOutdated: the person sees the preview again). Then the invoice's total, once,
    and the reconciliation of its period. The summary's counts add, for the lines created,
    how many each verdict got (``VERDICTS``) and ``rechecked``: the invoice's other lines
    whose verdict changed. ``progress(written, to_write)`` after each thousand lines; it
    may raise to cancel, which rolls the whole import back."""
    from gem.imports import batches
    from gem.services.actor import current as current_actor

    actor = current_actor(session, actor)
    policy.require(actor, policy.Action.IMPORT, policy.LEAVE_INVOICE)
    lang = actor.language
    if preview.refused and not valid_only:
        raise RowsRefused(None, lang, count=format_number(len(preview.refused), 0, lang))
    creates = [o for o in preview.outcomes if o.kind == CREATE]
    invoice = _refuse_outdated(session, preview, creates, lang)
    batch = batches.start(session, actor, batches.INVOICE_LINES, preview.file,
                          preview.sha256, preview.sheet, preview.institution_id,
                          preview.counts, valid_only)
    verdicts = {verdict: 0 for verdict in VERDICTS} | {"rechecked": 0}
    if creates:
        now, written, created = clock.now(), 0, []
        with batches.tagged(session, batch.id):
            for part in batches.chunks(creates):
                created.extend(_create(session, actor, batch.id, invoice.id, part, now))
                written += len(part)
                if progress is not None:
                    progress(written, len(creates))
            refresh_total(session, actor, invoice.id)
            start, end = _period(invoice, [o.data["work_date"] for o in creates])
            result = reconcile(session, actor, invoice.institution_id, start, end)
        mine = set(created)
        found = Counter(line.match for line in result.lines if line.line_id in mine)
        verdicts |= {verdict: found.get(verdict, 0) for verdict in VERDICTS}
        verdicts["rechecked"] = sum(1 for line in result.lines if line.line_id not in mine
                                    and line.match != line.previous)
        batches.audit(session, actor, batch.id, [("reconcile", "import_batch", batch.id,
                                                  None, dict(verdicts))])
    batches.remember(session, actor, batches.INVOICE_LINES, preview.institution_id,
                     remembered_columns(preview.header, preview.mapping))
    session.flush()
    done = batches.summary(batch, preview.institution)
    return replace(done, counts=done.counts | verdicts)


def _period(invoice: LeaveInvoice, days: Sequence[date]) -> tuple[date, date]:
    """The invoice's period, stretched to a line billed outside it: its verdict counts too."""
    return min([invoice.period_start, *days]), max([invoice.period_end, *days])


def _refuse_outdated(session: Session, preview: InvoicePreview, creates: list[Outcome],
                     lang: str) -> LeaveInvoice:
    """The invoice, locked as its total's refresh locks it (a line typed meanwhile waits);
    InvoiceOutdated when it is gone, has another version than the preview read (a line
    typed, its total changed), or has a line since for a member and day to create."""
    invoice = session.scalars(select(LeaveInvoice).where(LeaveInvoice.id == preview.invoice_id)
                              .with_for_update(key_share=True)
                              .execution_options(populate_existing=True)).first()
    stale = invoice is None or invoice.version != preview.invoice_version
    if invoice is not None and not stale and creates:
        wanted = {(o.data["member_id"], o.data["work_date"]) for o in creates}
        stale = any(key in wanted for key in session.execute(
            select(LeaveInvoiceLine.member_id, LeaveInvoiceLine.work_date)
            .where(LeaveInvoiceLine.invoice_id == invoice.id)).all())
    if stale or invoice is None:
        raise InvoiceOutdated(None, lang, number=preview.invoice_number)
    return invoice


def _create(session: Session, actor: Actor, batch_id: int, invoice_id: int,
            part: Sequence[Outcome], now: datetime) -> list[int]:
    """The lines in one statement, each audited with the batch; their ids."""
    from gem.imports import batches

    rows = [{"invoice_id": invoice_id, "member_id": o.data["member_id"], "leave_id": None,
             "work_date": o.data["work_date"], "hours": o.data["hours"],
             "rate": o.data["rate"], "amount": o.data["amount"],
             "match": InvoiceLineMatch.UNCHECKED.value, "version": 1, "created_at": now,
             "updated_at": now, "updated_by_id": actor.id} for o in part]
    session.execute(insert(table_of(LeaveInvoiceLine)), rows)
    ids: dict[tuple[int, date], int] = {}
    for ident, member, day in session.execute(
            select(LeaveInvoiceLine.id, LeaveInvoiceLine.member_id, LeaveInvoiceLine.work_date)
            .where(LeaveInvoiceLine.invoice_id == invoice_id,
                   LeaveInvoiceLine.member_id.in_({r["member_id"] for r in rows}))
            .order_by(LeaveInvoiceLine.id)):
        ids[(member, day)] = ident  # the newest: the one just written
    made = [ids[(r["member_id"], r["work_date"])] for r in rows]
    batches.audit(session, actor, batch_id, [
        ("create", "leave_invoice_line", ident, None, audit.snapshot_of({"id": ident, **row}))
        for ident, row in zip(made, rows, strict=True)])
    return made


def after_undo(session: Session, actor: Actor, deleted: list[dict[str, Any]]) -> None:
    """Once an invoice batch's lines are deleted (gem.imports.batches.undo_batch): each
    invoice's total is the sum of the lines left, and their verdicts are worked out again
    (a line that was « already billed » because of an imported one is not any more)."""
    from gem.services.values import parse_date

    days: dict[int, list[date]] = {}
    for snapshot in deleted:
        day = parse_date(snapshot.get("work_date"))
        if snapshot.get("invoice_id") is not None and day is not None:
            days.setdefault(int(snapshot["invoice_id"]), []).append(day)
    for invoice_id, dates in sorted(days.items()):
        refresh_total(session, actor, invoice_id)
        invoice = session.get(LeaveInvoice, invoice_id)
        if invoice is not None:
            start, end = _period(invoice, dates)
            reconcile(session, actor, invoice.institution_id, start, end)
