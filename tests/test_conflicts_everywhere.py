"""One conflict everywhere: every versioned record that a save writes (a deadline extended or
recomputed, an invoice line, the invoice's total, a hearing, the arbitration a hearing
schedules, the lines a reconciliation marks) refuses a stale write with the ConflictError a
grievance gives, naming who changed it and when, never SQLAlchemy's StaleDataError nor a
database error.

Two ways to come second, on both engines:

* ``window``: each person reads the record in one transaction (opening the form) and saves in
  another with the version they read: the service checks that version;
* ``race``: both passed that check (their saves read the record before the other committed):
  the late session still holds the row at the version it read, and its UPDATE matches no row.
  On PostgreSQL that is also what two overlapping transactions do
  (``test_overlapping_transactions_on_postgresql``); the processes below race for real.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gem.db import transaction
from gem.models import (
    AuditEntry,
    CollectiveAgreement,
    Deadline,
    Grievance,
    Hearing,
    LeaveInvoice,
    LeaveInvoiceLine,
)
from gem.services import records
from gem.services.actor import Actor
from gem.services.arbitration import ArbitrationService, HearingService
from gem.services.deadlines import extend_deadline, file_deadlines, get_deadline
from gem.services.deadlines.calendar_admin import set_agreement_days
from gem.services.errors import ConflictError
from gem.services.grievance import GrievanceService
from gem.services.leave import InvoiceLineService, LeaveInvoiceService, UnionLeaveService
from gem.services.reconciliation import reconcile
from gem.services.users import UserService, actor_for
from tests import factories
from tests.conftest import full_name

pytestmark = pytest.mark.clock("2026-06-20")

D = date.fromisoformat
DUE = D("2026-07-02")  # knowledge 2026-06-01 + 30 days = Canada Day, moved to 2 July

GRIEVANCE_SPECS = [records.FieldSpec("knowledge_date"), records.FieldSpec("title")]
LINE_SPECS = [records.FieldSpec("hours"), records.FieldSpec("rate")]
HEARING_SPECS = [records.FieldSpec("date"), records.FieldSpec("location")]


# ---------------------------------------------------------------------- helpers
class Desk:
    """One person's workstation: ``opens()`` reads as a form opens, ``saves()`` writes.
    ``window``: each its own transaction, the save given the version read. ``race``: the
    save's session is the one that read, still holding the rows at the version it read (as
    long as the test holds them: the session keeps only what is referenced), as a save
    whose transaction read them just before the other person's save committed."""

    def __init__(self, sessions, how: str):
        self.sessions = sessions
        self.session = sessions() if how == "race" else None

    @contextmanager
    def opens(self) -> Iterator[Session]:
        if self.session is None:
            with transaction(self.sessions) as session:
                yield session
        else:
            with self.session.begin():
                yield self.session

    saves = opens

    def close(self) -> None:
        if self.session is not None:
            self.session.close()


@pytest.fixture
def desk(sessions) -> Iterator[Callable[[str], Desk]]:
    opened: list[Desk] = []

    def make(how: str) -> Desk:
        opened.append(Desk(sessions, how))
        return opened[-1]

    yield make
    for d in opened:
        d.close()


def _grievance(session: Session, actor: Actor, **fields) -> Grievance:
    data = {"status": "draft", "filed_date": None, "knowledge_date": "2026-06-01",
            "event_date": "2026-05-15", "counsellor_id": actor.id}
    data.update(fields)
    return factories.grievance(session, actor, **data)


def _deadline_of(session: Session, grievance_id: int) -> Deadline:
    (deadline,) = file_deadlines(session, "grievance", grievance_id)
    return deadline


def _extend(session: Session, actor: Actor, ident: int, to: str, version: int | None,
            reference: str = "Lettre 2026-117") -> Deadline:
    return extend_deadline(session, actor, ident, extended_to=D(to),
                           agreed_on=D("2026-06-18"), reference=reference,
                           expected_version=version)


def _audits(session: Session, entity: str, ident: int, action: str = "update") -> list[str]:
    return list(session.scalars(select(AuditEntry.user_login).where(
        AuditEntry.entity == entity, AuditEntry.entity_id == ident,
        AuditEntry.action == action).order_by(AuditEntry.id)))


def _names(conflict: ConflictError, name: str, entity: str) -> None:
    """The conflict a grievance gives: the other person by name (not login), when, and
    nothing overwritten."""
    assert conflict.changed_by == name
    assert conflict.changed_at is not None
    assert entity in conflict.message() and name in conflict.message()
    assert "Rien n'a été écrasé" in conflict.message()


@pytest.fixture
def deadline(tx, people) -> tuple[int, int]:
    """A draft grievance of the counsellor's and its open deadline: (grievance, deadline)."""
    with tx() as s:
        g = _grievance(s, people["conseil"])
        return g.id, _deadline_of(s, g.id).id


# ---------------------------------------------------------------------- deadlines
@pytest.mark.parametrize("how", ["window", "race"])
def test_two_extensions(tx, desk, people, deadline, how):
    _g, ident = deadline
    late = desk(how)
    with late.opens() as s:
        read = get_deadline(s, people["conseil"], ident)  # held, as the save holds it
        seen = read.version
    with tx() as s:
        _extend(s, people["secretaire"], ident, "2026-08-14", seen)
    with pytest.raises(ConflictError) as err, late.saves() as s:
        _extend(s, people["conseil"], ident, "2026-09-01", seen, "Lettre 2026-200")
    _names(err.value, full_name("secretaire"), "Échéance")
    assert err.value.theirs["extended_to"] == "2026-08-14"
    assert err.value.yours["extended_to"] == "2026-09-01"
    with tx() as s:
        stored = s.get(Deadline, ident)
        assert (stored.extended_to, stored.extension_reference, stored.version) == \
            (D("2026-08-14"), "Lettre 2026-117", 2)
        assert _audits(s, "deadline", ident) == ["secretaire"]


@pytest.mark.parametrize("how", ["window", "race"])
def test_extension_after_a_grievance_edit_that_recomputed_it(tx, desk, people, deadline, how):
    """The secretary moves the knowledge date: the file's save recomputes the open deadline.
    The counsellor's extension, from a form opened before, meets that version."""
    g, ident = deadline
    late = desk(how)
    with late.opens() as s:
        read = get_deadline(s, people["conseil"], ident)  # held, as the save holds it
        seen = read.version
    with tx() as s:
        version = s.get(Grievance, g).version
        GrievanceService().update(s, people["secretaire"], g,
                                  {"knowledge_date": "2026-06-08"}, version)
        assert s.get(Deadline, ident).due_date == D("2026-07-08")  # recomputed
    with pytest.raises(ConflictError) as err, late.saves() as s:
        _extend(s, people["conseil"], ident, "2026-08-14", seen)
    _names(err.value, full_name("secretaire"), "Échéance")
    assert err.value.theirs["due_date"] == "2026-07-08"
    with tx() as s:
        stored = s.get(Deadline, ident)
        assert (stored.status, stored.due_date, stored.extended_to) == \
            ("open", D("2026-07-08"), None)


def test_grievance_edit_whose_save_read_the_deadline_before_an_extension(
        tx, desk, people, deadline):
    """The other order: the file's save had read its deadline (open, version 1) when the
    counsellor's extension committed; recomputing it now would undo the extension. The save
    is refused as a conflict naming the counsellor, and writes nothing, the grievance
    included."""
    g, ident = deadline
    late = desk("race")
    with late.opens() as s:
        version = s.get(Grievance, g).version
        read = _deadline_of(s, g)  # held, as the save's transaction holds what it read
        assert read.version == 1
    with tx() as s:
        _extend(s, people["conseil"], ident, "2026-08-14", 1)
    with pytest.raises(ConflictError) as err, late.saves() as s:
        GrievanceService().update(s, people["secretaire"], g,
                                  {"knowledge_date": "2026-06-08"}, version)
    _names(err.value, full_name("conseil"), "Échéance")
    with tx() as s:
        assert s.get(Grievance, g).knowledge_date == D("2026-06-01")
        assert s.get(Deadline, ident).extended_to == D("2026-08-14")
        assert _audits(s, "grievance", g) == []


def test_the_grievance_form_gets_the_grievance_as_the_other_version(tx, desk, people, deadline):
    """Through the form's save (records.save_record) the same conflict carries the
    grievance's stored version, which the form compares with what is typed and saves again
    on: the second save keeps the extension (an extended deadline is not recomputed)."""
    g, ident = deadline
    late = desk("race")
    with late.opens() as s:
        version = s.get(Grievance, g).version
        read = _deadline_of(s, g)  # noqa: F841 - held, as the save's transaction holds it
    with tx() as s:
        _extend(s, people["conseil"], ident, "2026-08-14", 1)
    changes = {"knowledge_date": "2026-06-08"}
    with pytest.raises(ConflictError) as err, late.saves() as s:
        records.save_record(s, people["secretaire"], "grievance", g, changes, version,
                            GRIEVANCE_SPECS)
    conflict = err.value
    _names(conflict, full_name("conseil"), "Échéance")
    assert conflict.theirs["id"] == g and conflict.theirs["version"] == version
    assert conflict.theirs["knowledge_date"] == "2026-06-01"
    with tx() as s:
        saved = records.save_record(s, people["secretaire"], "grievance", g, changes,
                                    conflict.theirs["version"], GRIEVANCE_SPECS)
    assert saved.values["knowledge_date"] == D("2026-06-08")
    (row,) = saved.deadlines
    assert (row.status, row.effective) == ("extended", D("2026-08-14"))


def test_an_extension_committed_before_the_edit_began_is_no_conflict(tx, people, deadline):
    """The edit's save reads the deadline as extended: nothing to recompute, both stand."""
    g, ident = deadline
    with tx() as s:
        version = s.get(Grievance, g).version
    with tx() as s:
        _extend(s, people["conseil"], ident, "2026-08-14", 1)
    with tx() as s:
        GrievanceService().update(s, people["secretaire"], g,
                                  {"knowledge_date": "2026-06-08"}, version)
    with tx() as s:
        stored = s.get(Deadline, ident)
        assert (stored.status, stored.extended_to, stored.due_date) == \
            ("extended", D("2026-08-14"), DUE)


def test_act_on_deadline_names_the_dialog_fields(tx, desk, people, deadline):
    """The deadline panel's job: their version under the dialog's own field names too."""
    g, ident = deadline
    with tx() as s:
        _extend(s, people["secretaire"], ident, "2026-08-14", 1)
    with pytest.raises(ConflictError) as err, tx() as s:
        records.act_on_deadline(s, people["conseil"], "grievance", g, ident, 1, "extend",
                                {"extended_to": "2026-09-01", "agreed_on": "2026-06-19",
                                 "reference": "Lettre 2026-200"})
    _names(err.value, full_name("secretaire"), "Échéance")
    theirs = err.value.theirs
    assert (theirs["extended_to"], theirs["agreed_on"], theirs["reference"]) == \
        ("2026-08-14", "2026-06-18", "Lettre 2026-117")


def test_a_status_move_read_before_an_edit(tx, desk, people, deadline):
    """A move whose transaction read the file before another person's save: a conflict."""
    g, _ident = deadline
    late = desk("race")
    with late.opens() as s:
        read = s.get(Grievance, g)  # held, as the move's transaction holds it
        version = read.version
    with tx() as s:
        GrievanceService().update(s, people["secretaire"], g, {"title": "Revu"}, version)
    with pytest.raises(ConflictError) as err, late.saves() as s:
        GrievanceService().transition(s, people["conseil"], g, "withdrawn", version)
    _names(err.value, full_name("secretaire"), "Grief")
    with tx() as s:
        assert s.get(Grievance, g).status == "draft"


def test_agreement_days_name_the_other_administrator(tx, people):
    with tx() as s:
        other = actor_for(UserService().create(s, people["admin"], {
            "login": "admin2", "full_name": "Admin Deux", "role": "admin", "language": "fr",
            "password": "motdepasse-123"}))
        agreement = CollectiveAgreement(name="Convention CIUSSS test", valid_from=D("2023-04-01"))
        s.add(agreement)
        s.flush()
        saved = set_agreement_days(s, people["admin"], agreement.id, {"saturday": "holiday"},
                                   "art. 1.01")
        ident, version = agreement.id, saved.calendar.version
    with tx() as s:
        set_agreement_days(s, other, ident, {"sunday": "holiday"}, "art. 1.02",
                           expected_version=version)
    with pytest.raises(ConflictError) as err, tx() as s:
        set_agreement_days(s, people["admin"], ident, {"saturday": "unverified"}, "art. 1.01",
                           expected_version=version)
    _names(err.value, "Admin Deux", "Calendrier")
    assert err.value.theirs["source"] == "art. 1.02"


# ---------------------------------------------------------------------- invoices
@pytest.fixture
def invoice(tx, people) -> dict[str, int]:
    return _invoice(tx, people)


def _invoice(tx, people) -> dict[str, int]:
    """An invoice of institution 2 for May, one line of 7 h at 40 $, an approved leave."""
    who = people["secretaire"]
    with tx() as s:
        member = factories.member(s, who, institution_id=2)
        leave = UnionLeaveService().create(s, who, {
            "member_id": member.id, "institution_id": 2, "leave_type": "union_business",
            "start_date": "2026-05-04", "end_date": "2026-05-08", "hours": "35",
            "payment": "reimbursed_by_union", "status": "approved"})
        inv = LeaveInvoiceService().create(s, who, {
            "institution_id": 2, "number": "F-2026-05", "invoice_date": "2026-06-01",
            "period_start": "2026-05-01", "period_end": "2026-05-31"})
        line = InvoiceLineService().create(s, who, {
            "invoice_id": inv.id, "member_id": member.id, "leave_id": leave.id,
            "work_date": "2026-05-04", "hours": "7", "rate": "40"})
        return {"invoice": inv.id, "line": line.id, "member": member.id, "leave": leave.id}


def _line(invoice: dict[str, int], day: str, hours: str = "7") -> dict[str, str | int]:
    return {"invoice_id": invoice["invoice"], "member_id": invoice["member"],
            "leave_id": invoice["leave"], "work_date": day, "hours": hours, "rate": "40"}


def _total(tx, invoice: dict[str, int]) -> tuple[Decimal, Decimal]:
    """The invoice's total as stored, and the sum of its lines."""
    with tx() as s:
        stored = s.get(LeaveInvoice, invoice["invoice"]).total
        lines = s.scalar(select(func.sum(LeaveInvoiceLine.amount)).where(
            LeaveInvoiceLine.invoice_id == invoice["invoice"]))
        return stored, lines


@pytest.mark.parametrize("how", ["window", "race"])
def test_two_edits_of_one_invoice_line(tx, desk, people, invoice, how):
    late = desk(how)
    with late.opens() as s:
        read = s.get(LeaveInvoiceLine, invoice["line"])
        seen = read.version
    with tx() as s:
        InvoiceLineService().update(s, people["conseil"], invoice["line"], {"hours": "6"}, seen)
    with pytest.raises(ConflictError) as err, late.saves() as s:
        InvoiceLineService().update(s, people["secretaire"], invoice["line"], {"hours": "8"},
                                    seen)
    _names(err.value, full_name("conseil"), "Ligne de facture")
    assert err.value.theirs["hours"] == "6.00"
    assert _total(tx, invoice) == (Decimal("240.00"), Decimal("240.00"))


@pytest.mark.parametrize("change", ["create", "update", "delete"])
def test_a_line_saved_while_another_changed_the_total(tx, desk, people, invoice, change):
    """The second save had read the invoice before the first person's new line: its total
    is summed again on the invoice's row as it now stands (locked until the save ends), so
    no line goes uncounted and neither person meets a conflict that nothing they typed
    caused. The total is audited each time, under who changed it."""
    late = desk("race")
    with late.opens() as s:
        read = s.get(LeaveInvoice, invoice["invoice"])  # held by the save, total 280 $
        version = s.get(LeaveInvoiceLine, invoice["line"]).version
    with tx() as s:
        InvoiceLineService().create(s, people["conseil"], _line(invoice, "2026-05-05"))
    with late.saves() as s:
        if change == "create":
            records.save_record(s, people["secretaire"], "leave_invoice_line", None,
                                _line(invoice, "2026-05-06", "6"), None, LINE_SPECS)
        elif change == "update":
            records.save_record(s, people["secretaire"], "leave_invoice_line",
                                invoice["line"], {"hours": "6"}, version, LINE_SPECS)
        else:  # the other line is exactly the deleted one's amount: 280 $ either way
            records.delete_child(s, people["coord"], "invoice_lines", invoice["invoice"],
                                 invoice["line"], version)
        assert read.total != Decimal("280.00") or change == "delete"
    expected = {"create": "800.00", "update": "520.00", "delete": "280.00"}[change]
    assert _total(tx, invoice) == (Decimal(expected), Decimal(expected))
    with tx() as s:
        assert _audits(s, "leave_invoice", invoice["invoice"]) == \
            ["secretaire", "conseil", "coord" if change == "delete" else "secretaire"]


def test_the_invoice_form_meets_the_total_a_line_changed(tx, people, invoice):
    with tx() as s:
        seen = s.get(LeaveInvoice, invoice["invoice"]).version
    with tx() as s:
        InvoiceLineService().create(s, people["conseil"], _line(invoice, "2026-05-05"))
    with pytest.raises(ConflictError) as err, tx() as s:
        LeaveInvoiceService().update(s, people["secretaire"], invoice["invoice"],
                                     {"note": "Vérifiée"}, seen)
    _names(err.value, full_name("conseil"), "Facture de libérations")


def test_a_reconciliation_that_read_a_line_before_it_changed(tx, desk, people, invoice):
    late = desk("race")
    with late.opens() as s:
        read = s.get(LeaveInvoiceLine, invoice["line"])  # noqa: F841 - held by the run
    with tx() as s:
        InvoiceLineService().update(s, people["conseil"], invoice["line"], {"hours": "9"},
                                    None)
    with pytest.raises(ConflictError) as err, late.saves() as s:
        reconcile(s, people["secretaire"], 2, D("2026-05-01"), D("2026-05-31"))
    _names(err.value, full_name("conseil"), "Ligne de facture")
    with tx() as s:  # run again, on what is stored
        result = reconcile(s, people["secretaire"], 2, D("2026-05-01"), D("2026-05-31"))
        assert [line.match for line in result.lines] == ["hours_differ"]


# ---------------------------------------------------------------------- hearings
@pytest.fixture
def arbitration(tx, people) -> int:
    who = people["secretaire"]
    with tx() as s:
        g = _grievance(s, people["conseil"], status="filed", filed_date="2026-06-15")
        return ArbitrationService().create(s, who, {
            "procedure": "regular", "institution_id": 2, "grievance_ids": [g.id],
            "counsellor_id": people["conseil"].id}).id


@pytest.mark.parametrize("how", ["window", "race"])
def test_two_edits_of_one_hearing(tx, desk, people, arbitration, how):
    with tx() as s:
        ident = HearingService().create(s, people["secretaire"], {
            "arbitration_id": arbitration, "date": "2026-09-14"}).id
    late = desk(how)
    with late.opens() as s:
        read = s.get(Hearing, ident)
        seen = read.version
    with tx() as s:
        HearingService().update(s, people["conseil"], ident, {"location": "Salle 3"}, seen)
    with pytest.raises(ConflictError) as err, late.saves() as s:
        HearingService().update(s, people["secretaire"], ident, {"location": "Salle 5"}, seen)
    _names(err.value, full_name("conseil"), "Audience")
    assert err.value.theirs["location"] == "Salle 3"


def test_a_first_hearing_on_an_arbitration_just_edited(tx, desk, people, arbitration):
    """The first hearing schedules its arbitration: its save read the arbitration before
    another person's edit committed. A conflict naming them, on the arbitration; the new
    hearing's form saves it again as typed."""
    late = desk("race")
    with late.opens() as s:
        read = s.get(ArbitrationService.model, arbitration)
        assert read.status == "pending"
    with tx() as s:
        ArbitrationService().update(s, people["conseil"], arbitration,
                                    {"registry_number": "AR-2026-77"}, read.version)
    hearing = {"arbitration_id": arbitration, "date": "2026-09-14"}
    with pytest.raises(ConflictError) as err, late.saves() as s:
        records.save_record(s, people["secretaire"], "hearing", None, hearing, None,
                            HEARING_SPECS)
    _names(err.value, full_name("conseil"), "Arbitrage")
    assert err.value.theirs == {}
    with tx() as s:
        assert s.scalar(select(func.count()).select_from(Hearing)) == 0
    with tx() as s:
        records.save_record(s, people["secretaire"], "hearing", None, hearing, None,
                            HEARING_SPECS)
        a = s.get(ArbitrationService.model, arbitration)
        assert (a.status, a.registry_number) == ("scheduled", "AR-2026-77")


def test_a_hearing_moved_while_its_award_deadline_is_extended(tx, desk, people, arbitration):
    """Moving the last hearing day recomputes the award deadline; extended meanwhile by the
    counsellor, it is a conflict naming them, and the extension stands."""
    with tx() as s:
        ident = HearingService().create(s, people["secretaire"], {
            "arbitration_id": arbitration, "date": "2026-06-01"}).id
        (award,) = file_deadlines(s, "arbitration", arbitration)
        award_id = award.id
    late = desk("race")
    with late.opens() as s:
        seen = s.get(Hearing, ident).version
        read = file_deadlines(s, "arbitration", arbitration)  # noqa: F841 - held
    with tx() as s:
        _extend(s, people["conseil"], award_id, "2026-10-30", None)
    with pytest.raises(ConflictError) as err, late.saves() as s:
        records.save_record(s, people["secretaire"], "hearing", ident, {"date": "2026-06-08"},
                            seen, HEARING_SPECS)
    _names(err.value, full_name("conseil"), "Échéance")
    assert err.value.theirs["id"] == ident and err.value.theirs["date"] == "2026-06-01"
    with tx() as s:
        assert s.get(Deadline, award_id).extended_to == D("2026-10-30")
        assert s.get(Hearing, ident).date == D("2026-06-01")


# ---------------------------------------------------------------------- PostgreSQL
def test_overlapping_transactions_on_postgresql(backend, tx, sessions, people, deadline):
    """Real overlap: the file's save reads its deadline in its transaction, the extension
    commits meanwhile (PostgreSQL lets it: nothing was locked by a read), the save's UPDATE
    then matches no row. On SQLite a transaction that may write begins by taking the lock
    (BEGIN IMMEDIATE), so this interleaving cannot happen there."""
    if backend != "postgresql":
        pytest.skip("SQLite serialises write transactions")
    g, ident = deadline
    with transaction(sessions) as late:
        version = late.get(Grievance, g).version
        read = _deadline_of(late, g)
        with tx() as s:
            _extend(s, people["conseil"], ident, "2026-08-14", read.version)
        with pytest.raises(ConflictError) as err:
            GrievanceService().update(late, people["secretaire"], g,
                                      {"knowledge_date": "2026-06-08"}, version)
        late.rollback()
    _names(err.value, full_name("conseil"), "Échéance")


def test_two_lines_at_once_on_postgresql(backend, tx, sessions, people, invoice):
    """Two transactions each add a line to one invoice: the second waits on the invoice's
    row until the first commits, then counts both lines."""
    if backend != "postgresql":
        pytest.skip("SQLite serialises write transactions")
    import threading

    first = sessions()
    first.begin()
    InvoiceLineService().create(first, people["conseil"], _line(invoice, "2026-05-05"))
    failures: list[BaseException] = []

    def second() -> None:
        try:
            with tx() as s:
                InvoiceLineService().create(s, people["secretaire"],
                                            _line(invoice, "2026-05-06", "6"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    thread = threading.Thread(target=second)
    thread.start()
    thread.join(1.0)
    assert thread.is_alive()  # waiting on the invoice's row
    first.commit()
    first.close()
    thread.join(10)
    assert not thread.is_alive() and failures == []
    assert _total(tx, invoice) == (Decimal("800.00"), Decimal("800.00"))


# ---------------------------------------------------------------------- processes racing
RACE_ROUNDS = 50
RACE_AUDIT = {("deadline", "extend"): ("deadline", "update"),
              ("deadline", "edit"): ("grievance", "update"),
              ("invoice", "edit"): ("leave_invoice_line", "update"),
              ("invoice", "create"): ("leave_invoice_line", "create"),
              ("hearing", "edit"): ("hearing", "update"),
              ("hearing", "create"): ("hearing", "create")}


def _race_data(tx, people, scenario: str, rounds: int) -> dict:
    who = people["secretaire"]
    with tx() as s:
        if scenario == "deadline":
            files = []
            for _ in range(rounds):
                g = _grievance(s, people["conseil"])
                files.append((g.id, _deadline_of(s, g.id).id))
            return {"grievances": files}
    if scenario == "invoice":
        return {k: v for k, v in _invoice(tx, people).items()}
    with tx() as s:
        g = _grievance(s, people["conseil"], status="filed", filed_date="2026-06-15")
        a = ArbitrationService().create(s, who, {
            "procedure": "regular", "institution_id": 2, "grievance_ids": [g.id],
            "counsellor_id": people["conseil"].id})
        h = HearingService().create(s, who, {"arbitration_id": a.id, "date": "2026-06-01"})
        return {"arbitration": a.id, "hearing": h.id}


def _race(engine, tx, people, scenario: str, processes: int, rounds: int) -> dict:
    """``processes`` desks, each its own process and its own person, ``rounds`` times."""
    import multiprocessing

    from tests import conflict_race

    ids = _race_data(tx, people, scenario, rounds)
    logins = [f"poste{i}" for i in range(processes)]
    with tx() as s:
        for login in logins:
            UserService().create(s, people["admin"], {
                "login": login, "full_name": f"Poste {login[-1]}", "role": "counsellor",
                "language": "fr", "password": "motdepasse-123"})
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes)
    out = context.Queue()
    url = engine.url.render_as_string(hide_password=False)
    desks = [context.Process(target=conflict_race.desk, args=(
        url, login, i, scenario, rounds, ids, "2026-06-20", barrier, out))
        for i, login in enumerate(logins)]
    for d in desks:
        d.start()
    try:
        results = dict(out.get(timeout=600) for _ in desks)
    finally:
        for d in desks:
            d.join(60)
            if d.is_alive():
                d.kill()
    return {"ids": ids, "logins": logins, "results": results}


def _check_race(tx, scenario: str, race: dict, rounds: int) -> dict[str, int]:
    """Only successes and conflicts naming another desk; every success audited, by its
    desk; at least one success a round. Returns the count of each outcome."""
    logins, results = race["logins"], race["results"]
    counts: dict[str, int] = {}
    wins_by_round: dict[int, int] = {}
    for login, outcomes in results.items():
        assert len(outcomes) == rounds, (login, outcomes[-3:])
        for round_, _kind, outcome, detail in outcomes:
            counts[outcome] = counts.get(outcome, 0) + 1
            assert outcome in ("ok", "conflict"), (login, round_, outcome, detail)
            if outcome == "conflict":  # another desk, by its name (_race: « Poste N »)
                names = {f"Poste {other[-1]}" for other in logins if other != login}
                assert detail in names, (login, round_, detail)
            else:
                wins_by_round[round_] = wins_by_round.get(round_, 0) + 1
    assert sorted(wins_by_round) == list(range(rounds))
    with tx() as s:
        for login, outcomes in results.items():
            for kind in {k for _r, k, _o, _d in outcomes}:
                entity, action = RACE_AUDIT[(scenario, kind)]
                won = sum(1 for _r, k, o, _d in outcomes if k == kind and o == "ok")
                audited = s.scalar(select(func.count()).select_from(AuditEntry).where(
                    AuditEntry.user_login == login, AuditEntry.entity == entity,
                    AuditEntry.action == action))
                assert audited == won, (login, kind, audited, won)
    return counts


def _race_invariants(tx, scenario: str, race: dict) -> None:
    ids, results = race["ids"], race["results"]
    won = {kind: sum(1 for outcomes in results.values() for _r, k, o, _d in outcomes
                     if k == kind and o == "ok") for kind in ("edit", "create", "extend")}
    with tx() as s:
        if scenario == "invoice":
            stored, lines = _total(tx, {"invoice": ids["invoice"]})
            assert stored == lines
            count = s.scalar(select(func.count()).select_from(LeaveInvoiceLine).where(
                LeaveInvoiceLine.invoice_id == ids["invoice"]))
            assert count == 1 + won["create"]
        elif scenario == "hearing":
            count = s.scalar(select(func.count()).select_from(Hearing))
            assert count == 1 + won["create"]
            (award,) = file_deadlines(s, "arbitration", ids["arbitration"])
            last = s.scalar(select(func.max(Hearing.date)))
            assert award.trigger_date == last  # the award deadline follows the last hearing
        else:
            extended = sum(1 for _g, d in ids["grievances"]
                           if s.get(Deadline, d).status == "extended")
            assert extended == won["extend"]


@pytest.mark.processes
@pytest.mark.parametrize("scenario", ["deadline", "invoice", "hearing"])
@pytest.mark.parametrize("processes", [2, 8])
def test_desks_racing(backend, engine, tx, people, scenario, processes, record_property):
    """2 or 8 processes, ~50 rounds, on both engines (on SQLite one writer at a time: the
    desks wait their turn, gem.db)."""
    race = _race(engine, tx, people, scenario, processes, RACE_ROUNDS)
    counts = _check_race(tx, scenario, race, RACE_ROUNDS)
    _race_invariants(tx, scenario, race)
    record_property("outcomes", counts)
    print(f"\n{backend} {scenario} x{processes}: {counts}")
