"""The demo generator on a small database, on SQLite and (when configured) PostgreSQL: counts,
statuses, date consistency, search keys, reproducibility, refusal of a second run, the CLI; the
marker only a finished demo writes, the demo accounts it offers at sign-in, the refusal of a
database where a demo began and never finished, and tools/demo.sh's build-then-rename."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from gem import demo, schema
from gem.cli import main
from gem.db import make_engine, session_factory, transaction
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
from gem.services.actor import SYSTEM
from gem.services.demo_accounts import demo_accounts, demo_state
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
    assert _count(engine, AuditEntry, AuditEntry.action == "demo_built") == 1


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


# ---------------------------------------------------------------------- finished or nothing
def _markers(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(select(AuditEntry.action)
                                 .where(AuditEntry.entity == "database")
                                 .order_by(AuditEntry.id)))


def test_a_finished_demo_writes_its_marker_last(small):
    engine, summary = small
    assert _markers(engine) == ["demo_started", "demo_built"]
    with engine.connect() as conn:
        last = conn.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1))
        state = demo_state(conn)
    assert last == "demo_built"  # no row of the demo comes after it
    assert state.built and not state.unfinished
    assert state.details["seed"] == 7 and state.details["today"] == "2026-11-23"
    assert state.details["logins"] == [a.login for a in summary.accounts]
    assert state.details["rows"]["grievances"] == 500


def _interrupt_at_the_last_step(monkeypatch) -> None:
    def interrupted(self) -> None:
        raise KeyboardInterrupt  # Ctrl+C while the deadlines are computed

    monkeypatch.setattr(demo._Generator, "deadlines", interrupted)


def test_an_interrupted_demo_leaves_no_marker_and_no_data(engine, monkeypatch):
    _interrupt_at_the_last_step(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        demo.generate(engine, members=40, grievances=30, seed=5, today=TODAY)
    assert _markers(engine) == ["demo_started", "demo_stopped"]
    assert _count(engine, Member) == 0 and _count(engine, User) == 0
    with session_factory(engine)() as session:
        assert not demo_state(session).built
        assert demo_accounts(session) == []
    # It gave up cleanly (rolled back, said so): running it again just works.
    monkeypatch.undo()
    demo.generate(engine, members=40, grievances=30, seed=5, today=TODAY)
    assert _markers(engine) == ["demo_started", "demo_stopped", "demo_started", "demo_built"]
    assert _count(engine, Member) == 40


def test_a_demo_that_never_finished_is_refused_with_the_way_out(engine, capsys):
    """A killed run (or one still going elsewhere) leaves only its "started" entry: a second
    run must not fill the database alongside it, and says how to start again."""
    demo._claim(engine, {"seed": 1, "today": TODAY.isoformat()})  # what a killed run leaves
    with pytest.raises(demo.DemoInterrupted) as refused:
        demo.generate(engine, members=10, grievances=5, seed=2, today=TODAY)
    message = str(refused.value)
    assert "ne s'est pas terminé" in message
    if engine.dialect.name == "postgresql":
        assert f"recréez la base {engine.url.database} (dropdb puis createdb)" in message
    else:
        assert f"supprimez le fichier {engine.url.database}" in message
    assert _count(engine, Member) == 0 and _markers(engine) == ["demo_started"]
    url = engine.url.render_as_string(hide_password=False)
    assert main(["--database", url, "demo", "--check"]) == 1
    assert "sans se terminer" in capsys.readouterr().out
    assert main(["--database", url, "demo", "--members", "10"]) == 2
    assert "relancez « gem demo »" in capsys.readouterr().err


def test_a_refused_demo_leaves_no_trace(engine, people):
    with transaction(session_factory(engine)) as session:
        MemberService().create(session, people["admin"], {
            "member_number": "R-1", "last_name": "Réelle", "first_name": "Personne"})
    with pytest.raises(demo.DemoError):
        demo.generate(engine, members=10, grievances=5, seed=2, today=TODAY)
    assert _markers(engine) == []


def test_demo_accounts_one_active_account_per_role(small, tx):
    engine, summary = small
    with tx() as session:
        accounts = demo_accounts(session)
    assert [a.role for a in accounts] == [str(r) for r in Role]
    firsts = {}
    for account in summary.accounts:
        firsts.setdefault(account.role, account)
    assert accounts == [firsts[str(r)] for r in Role]
    coordinators = [a.login for a in summary.accounts if a.role == Role.COORDINATOR]
    reader = firsts[str(Role.READ_ONLY)].login
    with tx() as session:
        for user in session.scalars(select(User).where(User.login.in_(
                [coordinators[0], reader]))):
            user.active = False
    with tx() as session:
        accounts = demo_accounts(session)
    by_role = {a.role: a.login for a in accounts}
    assert by_role[str(Role.COORDINATOR)] == coordinators[1]  # the other coordinator
    assert str(Role.READ_ONLY) not in by_role  # the only reader is deactivated


def test_no_demo_accounts_on_an_ordinary_database_even_with_the_same_logins(engine, tx):
    """Logins prove nothing: only the demo's own closing entry does."""
    assert _markers(engine) == []
    with tx() as session:
        assert demo_accounts(session) == []
        UserService().create(session, SYSTEM, {
            "login": "mtremblay", "full_name": "Marie Tremblay", "role": "admin",
            "password": demo.DEMO_PASSWORD})
    with tx() as session:
        assert demo_accounts(session) == []
        assert demo_state(session).action is None


def test_a_demo_from_an_earlier_gem_still_counts(engine, tx, people):
    """Earlier versions closed the same transaction with an entry named "demo"."""
    with tx() as session:
        session.add(AuditEntry(user_login="system", action="demo", entity="database",
                               after={"seed": 2026, "logins": ["lecteur", "admin"]}))
    with tx() as session:
        assert [a.login for a in demo_accounts(session)] == ["admin", "lecteur"]


def test_cli_demo_check(engine, tmp_path, capsys):
    url = engine.url.render_as_string(hide_password=False)
    assert main(["--database", url, "demo", "--check"]) == 1
    assert "Aucune démonstration terminée" in capsys.readouterr().out
    assert main(["--database", url, "demo", "--members", "20", "--grievances", "5",
                 "--seed", "4"]) == 0
    capsys.readouterr()
    assert main(["--database", url, "demo", "--check"]) == 0
    assert "germe 4" in capsys.readouterr().out
    absent = tmp_path / "absent.sqlite3"
    assert main(["--database", f"sqlite:///{absent}", "demo", "--check"]) == 1
    assert not absent.exists()  # checking does not create the file


# ---------------------------------------------------------------------- tools/demo.sh
ROOT = Path(__file__).resolve().parent.parent
FAKE_PYTHON = """#!/bin/sh
# pip and the system-library check are not what this test is about
exit 0
"""
FAKE_GEM = """#!/bin/sh
# Records each call; the window is not opened; FAKE_DEMO_FAIL makes `gem demo` stop half-way.
echo "$*" >> "$CALLS"
case "$*" in
  *" demo --check"*) exec "$REAL_GEM" "$@" ;;
  *" demo "*|*" demo")
    if [ -n "${FAKE_DEMO_FAIL:-}" ]; then
      "$REAL_GEM" "$1" "$2" db upgrade >/dev/null 2>&1
      exit 130
    fi
    exec "$REAL_GEM" "$@" ;;
  *) echo "WINDOW $*"; exit 0 ;;
esac
"""


def _demo_sh(tree: Path, *args: str, fail: bool = False) -> subprocess.CompletedProcess:
    env = dict(os.environ, CALLS=str(tree / "calls"),
               REAL_GEM=str(Path(sys.executable).with_name("gem")))
    env.pop("GEM_DATABASE_URL", None)
    if fail:
        env["FAKE_DEMO_FAIL"] = "1"
    return subprocess.run(["bash", str(tree / "tools" / "demo.sh"), *args], cwd=tree, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def demo_tree(tmp_path) -> Path:
    """A copy of tools/demo.sh in a tree whose .venv is two fakes around the real gem."""
    tree = tmp_path / "tree"
    (tree / "tools").mkdir(parents=True)
    shutil.copy(ROOT / "tools" / "demo.sh", tree / "tools" / "demo.sh")
    bin_dir = tree / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name, body in (("python", FAKE_PYTHON), ("gem", FAKE_GEM)):
        (bin_dir / name).write_text(body)
        (bin_dir / name).chmod(0o755)
    return tree


def test_demo_sh_builds_aside_and_renames_only_a_finished_demo(demo_tree):
    small_demo = ("--members", "20", "--grievances", "5", "--seed", "3")
    db, partial = demo_tree / "demo.sqlite3", demo_tree / "demo.sqlite3.partial"

    interrupted = _demo_sh(demo_tree, *small_demo, fail=True)
    assert interrupted.returncode != 0 and "WINDOW" not in interrupted.stdout
    assert not db.exists() and partial.exists()  # nothing that looks ready

    rebuilt = _demo_sh(demo_tree, *small_demo)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert f"WINDOW --database sqlite:///{db}" in rebuilt.stdout
    assert db.exists() and not partial.exists()
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        assert demo_state(conn).built
    engine.dispose()

    calls = demo_tree / "calls"
    calls.write_text("")
    again = _demo_sh(demo_tree, *small_demo)
    assert again.returncode == 0 and "WINDOW" in again.stdout
    assert " demo --check" in calls.read_text()
    assert "demo.sqlite3.partial" not in calls.read_text()  # no second build
    assert calls.read_text().count(" demo") == 1


def test_demo_sh_sets_aside_a_database_that_is_not_a_finished_demo(demo_tree):
    """What the previous demo.sh left after an interruption: a schema and no account."""
    db = demo_tree / "demo.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    schema.upgrade(engine)
    engine.dispose()
    result = _demo_sh(demo_tree, "--members", "20", "--grievances", "5")
    assert result.returncode == 0, result.stderr
    assert (demo_tree / "demo.sqlite3.old-1").exists()
    assert "moved to" in result.stderr
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        assert demo_state(conn).built
    engine.dispose()
