"""Benchmark: what row-level security costs the grievance list and the quick search.

    python bench/bench_rls.py --database postgresql://postgres@127.0.0.1:5432/gem_bench_rls \
        [--members 65000 --grievances 100000] [--repeat 30]

The database (created, filled with ``gem demo`` and secured with ``gem db setup`` when it
holds no members yet; the URL's login must be a superuser) is then read, for one counsellor,
through GEM's own services twice, side by side:

* **with RLS**: connected as the counsellor's own PostgreSQL login, so every statement passes
  through the row-level-security policies (and the grants) as it does in the office;
* **without**: the same service calls over the superuser's connection, which bypasses them;
  the services' own visibility filter is there in both, so the difference is the policies.

The budget (issue 11): within 1.2 x. Each call is a fresh session, as each action in the window.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

from bench_search import timed  # the same warm-up and timing as the other benchmarks
from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from gem import database_roles, schema
from gem.db import make_engine, session_factory
from gem.models import Member, User
from gem.models.enums import Role
from gem.services import listing
from gem.services.demo_accounts import DEMO_PASSWORD
from gem.services.quick_search import quick_search
from gem.services.search import search_members
from gem.services.users import actor_for

KEYSTROKES = ["c", "cot", "cote", "tremblay", "helene cote", "G-2024"]


def _prepare(url: str, members: int, grievances: int) -> None:
    admin = make_engine(make_url(url).set(database="postgres").render_as_string(
        hide_password=False), isolation_level="AUTOCOMMIT")
    name = make_url(url).database
    with admin.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                            {"n": name}).first():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = make_engine(url)
    schema.upgrade(engine)
    with engine.begin() as conn:
        database_roles.setup(conn)
    with Session(engine) as session:
        filled = session.scalar(select(func.count()).select_from(Member)) or 0
    if not filled:
        from gem.demo import generate

        began = time.perf_counter()
        generate(engine, members=members, grievances=grievances)
        print(f"gem demo ({members} members, {grievances} grievances): "
              f"{time.perf_counter() - began:.0f} s")
    engine.dispose()


def run(url: str, repeat: int) -> list[tuple[str, list[float], list[float], int, int]]:
    bypass = make_engine(url)
    with Session(bypass) as session:
        user = session.scalars(select(User).where(User.role == Role.COUNSELLOR)
                               .order_by(User.id)).first()
        assert user is not None, "no counsellor: is this a demo database?"
        actor = actor_for(user)
        login = user.login
        database_roles.set_login(session.connection(), login, user.role, True,
                                 DEMO_PASSWORD)
        names = database_roles.names_for(session.connection())
        session.commit()
    own = make_engine(make_url(url).set(username=names.login(login),
                                        password=DEMO_PASSWORD)
                      .render_as_string(hide_password=False))
    cases: list[tuple[str, Callable[[Session], int]]] = [
        ("grievance list, page 1",
         lambda s: len(listing.fetch_page(s, actor, "grievances", limit=100))),
        ("grievance list, count", lambda s: listing.count(s, actor, "grievances")),
    ]
    for typed in KEYSTROKES:
        def search(s: Session, t: str = typed) -> int:
            return len(quick_search(s, actor, t, "fr"))

        cases.append((f"quick search {typed!r}", search))
    cases.append(("member search 'cote'", lambda s: len(search_members(s, actor, "cote", 50))))
    results = []
    for label, fn in cases:
        def through(engine: Engine, f=fn) -> int:
            with session_factory(engine)() as session:
                return f(session)

        with_rls, rows_rls = timed(lambda: through(own), repeat)
        without, rows = timed(lambda: through(bypass), repeat)
        results.append((label, with_rls, without, rows_rls, rows))
    own.dispose()
    bypass.dispose()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="PostgreSQL URL, superuser login")
    parser.add_argument("--members", type=int, default=65000)
    parser.add_argument("--grievances", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    _prepare(args.database, args.members, args.grievances)
    print(f"{'case':<34} {'RLS ms':>8} {'bypass ms':>10} {'ratio':>6}  rows")
    worst = 0.0
    for label, with_rls, without, rows_rls, rows in run(args.database, args.repeat):
        a, b = statistics.median(with_rls), statistics.median(without)
        worst = max(worst, a / b if b else 0)
        print(f"{label:<34} {a:8.2f} {b:10.2f} {a / b if b else 0:6.2f}  {rows_rls}/{rows}")
    print(f"worst ratio (median, RLS / bypass): {worst:.2f} (budget 1.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
