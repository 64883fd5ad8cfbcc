"""Benchmark: the "what is due" questions (overdue, next N days, hearings this month, files
idle for 90 days) on a big database, for one counsellor and for a coordinator (everyone).

    python bench/bench_due.py --database URL [--members N --grievances N] [--repeat N]

A database without members is first filled with ``gem demo --members N --grievances N``
(run as a command, the way a person would). Demo data carries no computed deadlines, so on
first use the grievances still awaiting filing get theirs, computed by the deadline engine
with the built-in rule and bulk-inserted (a grievance saved through GrievanceService would
get the same row from sync_file_deadlines). Each question is then timed through the service
(gem.services.deadlines.due), which is what the window calls.

Budget: the caseload screen asks the four questions at once; they should answer well under
the 200 ms DESIGN.md allows for first rows.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from gem import clock
from gem.db import make_engine, session_factory
from gem.models import Deadline, Grievance, Member, User
from gem.models.enums import DeadlineStatus, GrievanceStatus, Role
from gem.services.actor import Actor
from gem.services.deadlines import (
    DueSummary,
    compute_with_version,
    get_rule,
    hearings_between,
    inactive_grievances,
    load_calendars,
    overdue_deadlines,
    upcoming_deadlines,
    version_for,
    what_is_due,
)
from gem.services.users import actor_for


def _rows(due: DueSummary) -> int:
    """The caseload screen shows the four lists at once: their rows together."""
    return len(due.overdue) + len(due.upcoming) + len(due.hearings) + len(due.inactive)

def ensure_demo(url: str, engine: Engine, members: int, grievances: int) -> None:
    with Session(engine) as session:
        try:
            count = session.scalar(select(func.count()).select_from(Member)) or 0
        except Exception:  # no schema yet: gem demo creates it
            count = 0
    if count:
        print(f"reusing the database already there ({count} members)")
        return
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "gem.cli", "--database", url, "demo",
                    "--members", str(members), "--grievances", str(grievances)], check=True)
    print(f"gem demo: {time.perf_counter() - started:.1f} s")


def ensure_deadlines(engine: Engine) -> None:
    """Filing deadlines for grievances that have none, computed by the engine."""
    with Session(engine) as session, session.begin():
        existing = session.scalar(select(func.count()).select_from(Deadline)) or 0
        if existing:
            print(f"reusing {existing} deadlines")
            return
        started = time.perf_counter()
        calendars = load_calendars(session)
        rule = get_rule(session, "grievance_agreement")
        rows = []
        stmt = select(Grievance.id, Grievance.knowledge_date, Grievance.event_date,
                      Grievance.filed_date, Grievance.agreement_id, Grievance.counsellor_id,
                      Grievance.status)
        for gid, knowledge, event, filed, agreement_id, counsellor_id, status in \
                session.execute(stmt):
            trigger = knowledge or event
            if trigger is None:
                continue
            version = version_for(session, rule, trigger, agreement_id)
            result = compute_with_version(calendars, version, trigger, event,
                                          agreement_id=agreement_id)
            closed = status in (GrievanceStatus.SETTLED, GrievanceStatus.WITHDRAWN,
                                GrievanceStatus.AWARDED)
            state = DeadlineStatus.MET if filed else \
                DeadlineStatus.WAIVED if closed else DeadlineStatus.OPEN
            rows.append({"owner_type": "grievance", "owner_id": gid,
                         "rule_version_id": version.id, "counsellor_id": counsellor_id,
                         "label": "Dépôt du grief", "trigger_date": trigger,
                         "cap_trigger_date": event, "due_date": result.due_date,
                         "latest_date": result.latest_date,
                         "calendar_id": result.calendar_id,
                         "status": state, "met_on": filed,
                         "waived_reason": "Dossier fermé sans dépôt." if state == "waived"
                         else None})
        for i in range(0, len(rows), 10_000):
            session.execute(insert(Deadline), rows[i:i + 10_000])
        opened = sum(1 for r in rows if r["status"] == DeadlineStatus.OPEN)
        print(f"computed and inserted {len(rows)} deadlines ({opened} open) in "
              f"{time.perf_counter() - started:.1f} s")


def timed(fn: Callable[[], int], repeat: int) -> tuple[list[float], int]:
    fn()  # warm the caches the way a second click would
    times, rows = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = fn()
        times.append((time.perf_counter() - started) * 1000)
    return times, rows


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def run(engine: Engine, repeat: int) -> list[tuple[str, list[float], int]]:
    factory = session_factory(engine)
    results = []
    with factory() as session:
        counsellor = session.scalars(
            select(User).join(Deadline, Deadline.counsellor_id == User.id)
            .where(User.role == Role.COUNSELLOR, Deadline.status == DeadlineStatus.OPEN)
            .group_by(User.id).order_by(func.count().desc()).limit(1)).first()
        coordinator = session.scalars(select(User).where(
            User.role.in_([Role.COORDINATOR, Role.ADMIN])).limit(1)).first()
        assert counsellor is not None, "no counsellor with open deadlines"
        me = actor_for(counsellor)
        boss: Actor = actor_for(coordinator) if coordinator else \
            Actor(None, "system", Role.ADMIN)
        today = clock.today()
        now = clock.now()
        cases: list[tuple[str, Callable[[], int]]] = [
            ("overdue, counsellor", lambda: len(overdue_deadlines(
                session, me, counsellor_id=me.id, today=today, limit=500))),
            ("next 7 days, counsellor", lambda: len(upcoming_deadlines(
                session, me, 7, counsellor_id=me.id, today=today))),
            ("hearings this month, counsellor", lambda: len(hearings_between(
                session, me, today, today + timedelta(days=30), counsellor_id=me.id))),
            ("idle 90 days, counsellor", lambda: len(inactive_grievances(
                session, me, 90, counsellor_id=me.id, now=now))),
            ("caseload screen (all four), counsellor", lambda: _rows(what_is_due(
                session, me, counsellor_id=me.id, today=today, now=now))),
            ("overdue, everyone (first 500)", lambda: len(overdue_deadlines(
                session, boss, today=today, limit=500))),
            ("next 30 days, everyone", lambda: len(upcoming_deadlines(
                session, boss, 30, today=today))),
            ("idle 90 days, everyone (first 500)", lambda: len(inactive_grievances(
                session, boss, 90, now=now, limit=500))),
        ]
        for name, fn in cases:
            times, rows = timed(fn, repeat)
            results.append((name, times, rows))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", metavar="URL", required=True,
                        help="database to measure (filled with gem demo when empty)")
    parser.add_argument("--members", type=int, default=65000)
    parser.add_argument("--grievances", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per case")
    args = parser.parse_args(argv)
    engine = make_engine(args.database)
    ensure_demo(args.database, engine, args.members, args.grievances)
    ensure_deadlines(engine)
    with Session(engine) as session:
        grievances = session.scalar(select(func.count()).select_from(Grievance))
        deadlines = session.scalar(select(func.count()).select_from(Deadline))
    print(f"{engine.url.get_backend_name()}: {grievances} grievances, {deadlines} deadlines")
    print(f"{'question':<42} {'rows':>6} {'median ms':>10} {'p95 ms':>8}")
    for name, times, rows in run(engine, args.repeat):
        print(f"{name:<42} {rows:>6} {statistics.median(times):>10.1f} {p95(times):>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
