"""The demo generator on a small database, on SQLite and (when configured) PostgreSQL: counts,
statuses, date consistency, search keys, reproducibility, refusal of a second run, the CLI."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, func, select, text

from gem import demo
from gem.cli import main
from gem.db import session_factory, transaction
from gem.models import (
    Arbitration,
    AuditEntry,
    Grievance,
    GrievanceEvent,
    LeaveInvoice,
    LeaveInvoiceLine,
    Member,
    Recourse,
    UnionLeave,
    User,
)
from gem.models.enums import (
    ArbitrationStatus,
    GrievanceStatus,
    InvoiceLineMatch,
    LeaveStatus,
    RecourseStatus,
    Role,
)
from gem.models.text import search_key
from gem.services.member import MemberService
from gem.services.users import UserService, actor_for

TODAY = date(2026, 11, 23)
CLOSED = {GrievanceStatus.SETTLED, GrievanceStatus.WITHDRAWN, GrievanceStatus.AWARDED}


@pytest.fixture
def small(engine) -> tuple[Engine, demo.DemoSummary]:
    steps: list[str] = []
    summary = demo.generate(engine, members=300, grievances=500, seed=7, today=TODAY,
                            progress=lambda step, done, total: steps.append(step))
    assert "Griefs" in steps and "Membres" in steps
    return engine, summary


def _scalar(engine: Engine, stmt):
    with engine.connect() as conn:
        return conn.scalar(stmt)


def _count(engine: Engine, model, *where) -> int:
    return _scalar(engine, select(func.count()).select_from(model).where(*where))


def test_counts_and_every_status(small):
    engine, summary = small
    assert _count(engine, Member) == 300
    assert _count(engine, Grievance) == 500
    assert summary.counts["members"] == 300 and summary.counts["grievances"] == 500
    with engine.connect() as conn:
        roles = [r for (r,) in conn.execute(select(User.role))]
        assert {str(r) for r in Role} == set(roles)
        assert 12 <= roles.count(Role.COUNSELLOR) <= 15
        assert roles.count(Role.SECRETARY) == 4
        assert set(conn.scalars(select(Grievance.status).distinct())) == {
            str(s) for s in GrievanceStatus}
        assert set(conn.scalars(select(Arbitration.status).distinct())) == {
            str(s) for s in ArbitrationStatus}
        assert set(conn.scalars(select(Recourse.status).distinct())) == {
            str(s) for s in RecourseStatus}
        arbitrations = conn.scalar(select(func.count()).select_from(Arbitration))
    assert 20 <= arbitrations <= 80  # about 8 % of 500 grievances
    assert _count(engine, UnionLeave) >= 15
    assert _count(engine, AuditEntry, AuditEntry.action == "demo") == 1


def test_dates_follow_the_life_of_a_file(small):
    engine, _ = small
    bad = {
        "event after knowledge": Grievance.event_date > Grievance.knowledge_date,
        "knowledge after filing": Grievance.knowledge_date > Grievance.filed_date,
        "closed before filing": Grievance.closed_date < Grievance.filed_date,
        "closed in the future": Grievance.closed_date > TODAY,
        "filed in the future": Grievance.filed_date > TODAY,
        "closed without date": Grievance.status.in_(CLOSED) & (
            Grievance.closed_date.is_(None) | Grievance.outcome.is_(None)
            | Grievance.closing_reason.is_(None)),
        "open with a closing date": Grievance.status.not_in(CLOSED)
        & Grievance.closed_date.is_not(None),
        "draft with a filing date": (Grievance.status == GrievanceStatus.DRAFT)
        & Grievance.filed_date.is_not(None),
        "filed without a date": (Grievance.status != GrievanceStatus.DRAFT)
        & Grievance.filed_date.is_(None),
    }
    for label, condition in bad.items():
        assert _count(engine, Grievance, condition) == 0, label
    with engine.connect() as conn:
        per_file = conn.execute(
            select(GrievanceEvent.grievance_id, func.count(), func.max(GrievanceEvent.occurred_on))
            .group_by(GrievanceEvent.grievance_id)).all()
        activity = dict(conn.execute(select(Grievance.id, Grievance.last_activity_at)).all())
        closed = dict(conn.execute(select(Grievance.id, Grievance.closed_date)).all())
        hearings = conn.execute(text(
            "SELECT a.status, a.award_date, min(h.date), max(h.date) FROM arbitrations a "
            "LEFT JOIN hearings h ON h.arbitration_id = a.id GROUP BY a.id, a.status, "
            "a.award_date")).all()
    assert len(per_file) == 500
    for gid, n, last in per_file:
        assert 2 <= n <= 5
        assert last <= TODAY
        assert activity[gid].date() == (last if isinstance(last, date) else
                                        date.fromisoformat(last))
        if closed[gid] is not None:
            assert closed[gid] == activity[gid].date()
    seen = set()
    for status, award, first, last in hearings:
        first = date.fromisoformat(first) if isinstance(first, str) else first
        last = date.fromisoformat(last) if isinstance(last, str) else last
        award = date.fromisoformat(award) if isinstance(award, str) else award
        if status == ArbitrationStatus.SCHEDULED:
            assert last > TODAY  # an upcoming hearing
            seen.add("upcoming")
        if status == ArbitrationStatus.UNDER_ADVISEMENT:
            assert last <= TODAY and (TODAY - last).days < 90
        if status == ArbitrationStatus.AWARD_RENDERED:
            assert award is not None and last < award <= TODAY
    assert seen == {"upcoming"}


def test_search_keys_and_leave_invoices_are_consistent(small):
    engine, _ = small
    with engine.connect() as conn:
        for last, first, key in conn.execute(
                select(Member.last_name, Member.first_name, Member.search_key)):
            assert key == search_key(last, first)
        accented = conn.scalar(select(func.count()).select_from(Member)
                               .where(Member.last_name != Member.search_key))
        assert accented > 0
        numbers = conn.scalars(select(Member.member_number)).all()
        assert len(set(numbers)) == len(numbers)
        for invoice_id, total in conn.execute(select(LeaveInvoice.id, LeaveInvoice.total)):
            lines = conn.scalar(select(func.sum(LeaveInvoiceLine.amount))
                                .where(LeaveInvoiceLine.invoice_id == invoice_id))
            assert lines == total
        matched = conn.execute(
            select(LeaveInvoiceLine.hours, UnionLeave.hours, UnionLeave.status)
            .join(UnionLeave, UnionLeave.id == LeaveInvoiceLine.leave_id)
            .where(LeaveInvoiceLine.match == InvoiceLineMatch.MATCHED)).all()
    assert matched
    for billed, approved, status in matched:
        assert billed == approved and status == LeaveStatus.APPROVED


def test_demo_accounts_sign_in_and_ids_continue_after_the_demo(small):
    engine, summary = small
    sessions = session_factory(engine)
    counsellor = next(a for a in summary.accounts if a.role == Role.COUNSELLOR)
    with transaction(sessions) as session:
        actor = UserService().authenticate(session, counsellor.login, demo.DEMO_PASSWORD)
        assert actor.role == Role.COUNSELLOR
        # On PostgreSQL this fails unless the sequences were moved past the demo's ids.
        admin = session.scalars(select(User).where(User.role == Role.ADMIN)).one()
        member = MemberService().create(session, actor_for(admin), {
            "member_number": "X-1", "last_name": "Nouvelle", "first_name": "Personne"})
        assert member.id == 301


def test_same_seed_same_data_and_a_second_run_is_refused(engine, empty_engine):
    demo.generate(engine, members=120, grievances=150, seed=11, today=TODAY)
    demo.generate(empty_engine, members=120, grievances=150, seed=11, today=TODAY)

    def first_names(eng: Engine) -> list[tuple[str, str, str]]:
        with eng.connect() as conn:
            return [tuple(r) for r in conn.execute(
                select(Member.member_number, Member.last_name, Member.first_name)
                .order_by(Member.id).limit(20))]

    assert first_names(engine) == first_names(empty_engine)
    with engine.connect() as conn:
        files = conn.scalars(select(Grievance.file_number).order_by(Grievance.id)).all()
    with empty_engine.connect() as conn:
        assert conn.scalars(select(Grievance.file_number).order_by(Grievance.id)).all() == files

    with pytest.raises(demo.DemoError, match="120 membres"):
        demo.generate(engine, members=10, grievances=10, seed=12, today=TODAY)
    assert _count(engine, Member) == 120


def test_another_seed_gives_other_people(engine, empty_engine):
    demo.generate(engine, members=50, grievances=20, seed=1, today=TODAY)
    demo.generate(empty_engine, members=50, grievances=20, seed=2, today=TODAY)
    with engine.connect() as a, empty_engine.connect() as b:
        stmt = select(Member.last_name, Member.first_name).order_by(Member.id).limit(20)
        assert a.execute(stmt).all() != b.execute(stmt).all()


def test_cli_demo(engine, capsys):
    url = engine.url.render_as_string(hide_password=False)
    assert main(["--database", url, "demo", "--members", "200", "--grievances", "300"]) == 0
    out = capsys.readouterr().out
    assert demo.DEMO_PASSWORD in out and "Conseiller en relations du travail" in out
    assert _count(engine, Grievance) == 300
    assert main(["--database", url, "demo", "--members", "200", "--grievances", "300"]) == 2
    assert "200 membres" in capsys.readouterr().err
    assert main(["--database", url, "--lang", "en", "demo", "--members", "5"]) == 2


def test_a_demo_without_grievances(tmp_path):
    from sqlalchemy import func, select

    from gem.db import make_engine
    from gem.demo import generate
    from gem.models import Grievance, Member, Recourse

    engine = make_engine(f"sqlite:///{tmp_path / 'no-grievances.sqlite3'}")
    generate(engine, members=50, grievances=0)
    with engine.connect() as c:
        assert c.scalar(select(func.count()).select_from(Member)) == 50
        assert c.scalar(select(func.count()).select_from(Grievance)) == 0
        assert c.scalar(select(func.count()).select_from(Recourse)) == 0
    engine.dispose()
