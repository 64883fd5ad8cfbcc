"""Benchmark: member quick search and the first page of the grievance list, through GEM's
services and, beside each, the same query in bare SQL on the same database.

    python bench/bench_search.py [--database URL] [--members N --grievances N] [--repeat N]

Without --database it builds (once, then reuses) bench/.data/demo-<members>-<grievances>.sqlite3
with ``gem.demo.generate``. A database that already holds members is reused as it is.

Why beside bare SQL: the budget (DESIGN.md: under 50 ms a keystroke, under 200 ms to first
rows) is what users feel, and the ratio says how much of it is GEM's own layers (ORM objects,
visibility rules, statement building) rather than the database; a ratio that grows is a
regression in our code, not in the data.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from gem.db import make_engine, session_factory
from gem.models import Member, User
from gem.models.enums import Role
from gem.models.text import search_key
from gem.services import listing
from gem.services.actor import Actor
from gem.services.grievance import GrievanceService
from gem.services.search import search_members
from gem.services.users import actor_for

HERE = Path(__file__).resolve().parent
KEYSTROKES = ["c", "co", "cot", "cote", "tremblay", "gen", "helene cote"]
LIMIT = 50
PAGE = 100


def _default_url(members: int, grievances: int) -> str:
    data = HERE / ".data"
    data.mkdir(exist_ok=True)
    return f"sqlite:///{data / f'demo-{members}-{grievances}.sqlite3'}"


def ensure_demo(engine: Engine, members: int, grievances: int, seed: int) -> None:
    from gem import demo, schema

    st = schema.state(engine)
    if not st.is_empty:
        with engine.connect() as conn:
            if conn.scalar(select(func.count()).select_from(Member)):
                print("reusing the demo database already there")
                return
    began = time.perf_counter()
    summary = demo.generate(engine, members=members, grievances=grievances, seed=seed)
    print(f"demo generated: {members} members, {grievances} grievances in "
          f"{time.perf_counter() - began:.1f} s ({sum(summary.counts.values())} rows)")


def timed(fn: Callable[[], int], repeat: int) -> tuple[list[float], int]:
    for _ in range(3):  # warm caches and compiled-statement caches, as a running window has
        rows = fn()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        rows = fn()
        times.append((time.perf_counter() - began) * 1000)
    return times, rows


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# ----------------------------------------------------------------------------- bare SQL
def _like_escape(token: str) -> str:
    return token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def bare_member_search(conn: Any, typed: str) -> int:
    """What search_members does, written by hand: numbers by index range, names in two
    phases (keys beginning with a typed word, then the other word starts)."""
    typed = typed.strip()
    compact = typed.replace(" ", "")
    if compact.isdigit():
        upper = compact[:-1] + chr(ord(compact[-1]) + 1)
        rows = conn.execute(text(
            "SELECT * FROM members WHERE (member_number >= :p AND member_number < :u) "
            "OR (employee_number >= :p AND employee_number < :u) "
            "ORDER BY CASE WHEN member_number = :p OR employee_number = :p THEN 0 ELSE 1 END, "
            "member_number, id LIMIT :n"), {"p": compact, "u": upper, "n": LIMIT}).all()
        return len(rows)
    tokens = search_key(typed).split()
    params: dict[str, Any] = {}
    words, leading = [], []
    for i, token in enumerate(tokens):
        params[f"c{i}"] = "%" + _like_escape(token) + "%"
        params[f"w{i}"] = _like_escape(token) + "%"
        params[f"s{i}"] = "% " + _like_escape(token) + "%"
        words.append(f"search_key LIKE :c{i} ESCAPE '\\' AND (search_key LIKE :w{i} ESCAPE "
                     f"'\\' OR search_key LIKE :s{i} ESCAPE '\\')")
    for i, token in enumerate(dict.fromkeys(tokens)):
        params[f"lo{i}"] = token
        params[f"hi{i}"] = token[:-1] + chr(ord(token[-1]) + 1)
        leading.append(f"(search_key >= :lo{i} AND search_key < :hi{i})")
    match, lead = " AND ".join(words), " OR ".join(leading)
    rows = conn.execute(text(
        f"SELECT * FROM members WHERE {match} AND ({lead}) ORDER BY search_key, id LIMIT :n"),
        {**params, "n": LIMIT}).all()
    if len(rows) < LIMIT:
        rows += conn.execute(text(
            f"SELECT * FROM members WHERE {match} AND NOT ({lead}) "
            f"ORDER BY search_key, id LIMIT :n"), {**params, "n": LIMIT - len(rows)}).all()
    return len(rows)


GRIEVANCE_PAGE_SQL = text(
    "SELECT g.id, g.file_number, g.title, g.kind, g.nature, i.name, c.full_name, g.status, "
    "g.filed_date, g.closed_date, g.outcome, g.amount_claimed, g.last_activity_at "
    "FROM grievances g JOIN institutions i ON i.id = g.institution_id "
    "LEFT OUTER JOIN users c ON c.id = g.counsellor_id "
    "WHERE g.confidential = :no OR g.counsellor_id = :me "
    "ORDER BY g.filed_date DESC, g.id DESC LIMIT :n")
GRIEVANCE_OBJECTS_SQL = text(
    "SELECT * FROM grievances g WHERE g.confidential = :no OR g.counsellor_id = :me "
    "ORDER BY g.filed_date DESC, g.id DESC LIMIT :n")


# ----------------------------------------------------------------------------- run
def run(engine: Engine, repeat: int) -> list[tuple[str, list[float], list[float], int, int]]:
    sessions = session_factory(engine)
    with sessions() as session:
        user = session.scalars(select(User).where(User.role == Role.COUNSELLOR)
                               .order_by(User.id)).first()
        assert user is not None, "no counsellor: is this a demo database?"
        actor: Actor = actor_for(user)
        number = session.scalar(select(Member.member_number).order_by(Member.id)
                                .offset(1000 % max(1, session.scalar(
                                    select(func.count()).select_from(Member)) or 1)))
    cases: list[tuple[str, Callable[[Session], int], Callable[[Any], int]]] = []
    for typed in [*KEYSTROKES, number or "1"]:
        label = f"search {typed!r}" if typed != number else f"search member no. {typed}"

        def search_service(s: Session, t: str = typed) -> int:
            return len(search_members(s, actor, t, LIMIT))

        def search_bare(c: Any, t: str = typed) -> int:
            return bare_member_search(c, t)

        cases.append((label, search_service, search_bare))
    params = {"no": False, "me": actor.id, "n": PAGE}
    cases.append(("grievance list, page 1 (listing)",
                  lambda s: len(listing.fetch_page(s, actor, "grievances", limit=PAGE)),
                  lambda c: len(c.execute(GRIEVANCE_PAGE_SQL, params).all())))
    cases.append(("grievance list, page 1 (ORM objects)",
                  lambda s: len(GrievanceService().find(s, actor, order_by="filed_date",
                                                        descending=True, limit=PAGE)),
                  lambda c: len(c.execute(GRIEVANCE_OBJECTS_SQL, params).all())))
    results = []
    for label, service_fn, bare_fn in cases:
        def through_service(fn=service_fn) -> int:
            with sessions() as session:  # one session per user action, as the window does
                return fn(session)

        def bare(fn=bare_fn) -> int:
            with engine.connect() as conn:
                return fn(conn)

        service_times, service_rows = timed(through_service, repeat)
        bare_times, bare_rows = timed(bare, repeat)
        results.append((label, service_times, bare_times, service_rows, bare_rows))
    return results


def report(results: list[tuple[str, list[float], list[float], int, int]]) -> None:
    header = (f"{'case':40} {'rows':>5} {'service med':>12} {'p95':>8} {'bare med':>9} "
              f"{'p95':>8} {'ratio':>6}")
    print(header)
    print("-" * len(header))
    for label, service, bare, rows, bare_rows in results:
        med_s, med_b = statistics.median(service), statistics.median(bare)
        flag = "" if rows == bare_rows else f"  (bare: {bare_rows} rows!)"
        print(f"{label:40} {rows:>5} {med_s:>9.2f} ms {p95(service):>5.2f} ms "
              f"{med_b:>6.2f} ms {p95(bare):>5.2f} ms {med_s / med_b:>6.2f}{flag}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", metavar="URL",
                        help="database to measure (default: a demo SQLite file in bench/.data)")
    parser.add_argument("--members", type=int, default=65000)
    parser.add_argument("--grievances", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=50, help="timed runs per case")
    args = parser.parse_args(argv)
    engine = make_engine(args.database or _default_url(args.members, args.grievances))
    print(f"database: {engine.url.render_as_string(hide_password=True)}")
    ensure_demo(engine, args.members, args.grievances, args.seed)
    with engine.connect() as conn:
        members = conn.scalar(text("SELECT count(*) FROM members"))
        grievances = conn.scalar(text("SELECT count(*) FROM grievances"))
    print(f"{members} members, {grievances} grievances; {args.repeat} runs per case, "
          f"times in ms (median and 95th percentile)\n")
    report(run(engine, args.repeat))
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
