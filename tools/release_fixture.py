"""Build the databases a GEM release made, for the upgrade tests (issue 13).

A release's users keep their database and upgrade it with every later GEM, so the tests must
upgrade a database that the released code made, not one the current code makes and calls old:
revision 0001 was edited in place before 0.1.0, and only a database built by 0.1.0 itself shows
what 0.1.0 really left on disk. For each release in ``RELEASES`` this script checks the
release's commit out in a temporary ``git worktree`` (removed afterwards) and runs *that*
code, in a child process whose ``gem`` package is the worktree's (checked: the venv's editable
install of the current tree must not win), to build:

* ``tests/fixtures/releases/<version>.sqlite``: the release's own schema creation
  (``schema.upgrade``, what its ``gem db upgrade`` runs), its demo generator with small numbers,
  then, through the release's services, a row in every table the demo leaves empty
  (successions, proclaimed holidays, attachments of each kind of owner, sign-ins, updates and
  their audit rows, a deactivated account); VACUUMed, journal mode DELETE, a few hundred kB;
* ``tests/fixtures/releases/<version>.postgresql.sql``: the same, built by the release on a
  throw-away PostgreSQL database (created and dropped here), dumped with ``pg_dump
  --format=plain --inserts --no-owner --no-privileges``: plain SQL that
  tests/test_release_upgrades.py restores into an empty database through psycopg, with no
  pg_restore and no role of ours; psql meta-commands (``\\restrict``...) are removed.

The content is deterministic: a fixed seed, the demo's "today" set to the release day, and,
0.1.0 having no clock of its own, the child fixes ``date.today()`` and ``utcnow()`` in the
release's services and sets the server-stamped times (``created_at``, ``updated_at``, audit
``at``, ``uploaded_at``) to the release instant. Only Argon2 salts differ between two runs.

Regenerate (only when adding a release, never to "fix" a failing upgrade test: the fixture is
what the release made)::

    python tools/release_fixture.py 0.1.0
    python tools/release_fixture.py 0.1.0 --admin-url postgresql://postgres@127.0.0.1:5432/postgres

A new release: add its version and full commit hash to ``RELEASES``, run the script, commit the
two files; test_release_upgrades.py fails while a listed release has no fixture.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

RELEASES: dict[str, str] = {
    "0.1.0": "98faf9821ed140917def0c02fcb610f8fc758e8d",
}
"""Each release's version and the full hash of its commit."""

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "releases"
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"

MEMBERS, GRIEVANCES, SEED = 30, 24, 2026
RELEASE_DAY = (2026, 11, 23)              # the demo's "today" and the fixed clock's day
RELEASE_INSTANT = (2026, 11, 23, 17, 5, 50)  # UTC, the release commit's time


def sqlite_path(version: str) -> Path:
    return OUT / f"{version}.sqlite"


def postgresql_path(version: str) -> Path:
    return OUT / f"{version}.postgresql.sql"


# ====================================================================== the parent process
def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True,
                          text=True).stdout.strip()


def _build_with_release(worktree: Path, url: str) -> None:
    """Run this file's ``--build`` in a child whose ``gem`` is the release's."""
    env = dict(os.environ, PYTHONPATH=str(worktree), GEM_DATA_DIR=str(worktree / ".data"),
               GEM_CONFIG_DIR=str(worktree / ".config"), GEM_LOG_DIR=str(worktree / ".log"))
    env.pop("GEM_DATABASE_URL", None)
    env.pop("GEM_CLOCK", None)
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--build", url,
                    "--worktree", str(worktree)], check=True, env=env, cwd=worktree)


def _admin_engine(admin_url: str):
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(admin_url)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url, create_engine(url, isolation_level="AUTOCOMMIT")


def _clean_dump(text: str) -> str:
    """The dump as plain SQL any client can send: no psql meta-commands (``\\restrict KEY``
    and ``\\unrestrict KEY`` since pg_dump 15.14 / 17.6, with a random key) and no blank
    runs."""
    lines = [line for line in text.splitlines() if not line.startswith("\\")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def build_postgresql(version: str, worktree: Path, admin_url: str) -> Path:
    from sqlalchemy import text

    url, admin = _admin_engine(admin_url)
    name = f"gem_release_fixture_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        target = url.set(database=name)
        _build_with_release(worktree, target.render_as_string(hide_password=False))
        dump_env = dict(os.environ)
        if url.password:
            dump_env["PGPASSWORD"] = url.password
        dumped = subprocess.run(
            ["pg_dump", "--format=plain", "--inserts", "--no-owner", "--no-privileges",
             "--no-comments", "--no-tablespaces", "--host", url.host or "127.0.0.1",
             "--port", str(url.port or 5432), "--username", url.username or "postgres",
             "--dbname", name],
            check=True, capture_output=True, text=True, env=dump_env).stdout
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    path = postgresql_path(version)
    path.write_text(_clean_dump(dumped), encoding="utf-8")
    return path


def build_sqlite(version: str, worktree: Path) -> Path:
    path = sqlite_path(version)
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    _build_with_release(worktree, f"sqlite:///{path}")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("version", nargs="?", default="0.1.0", help="a version of RELEASES")
    parser.add_argument("--admin-url", default=DEFAULT_ADMIN_URL,
                        help="a PostgreSQL login that may create and drop databases")
    parser.add_argument("--no-postgresql", action="store_true",
                        help="build the SQLite fixture only")
    parser.add_argument("--build", help=argparse.SUPPRESS)
    parser.add_argument("--worktree", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build:
        _child(args.build, Path(args.worktree))
        return 0
    if args.version not in RELEASES:
        parser.error(f"unknown release {args.version!r}; known: {', '.join(RELEASES)}")
    commit = RELEASES[args.version]
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"gem-{args.version}-") as folder:
        worktree = Path(folder) / "src"
        _git("worktree", "add", "--detach", str(worktree), commit)
        try:
            made = [build_sqlite(args.version, worktree)]
            if not args.no_postgresql:
                made.append(build_postgresql(args.version, worktree, args.admin_url))
        finally:
            _git("worktree", "remove", "--force", str(worktree))
            _git("worktree", "prune")
    for path in made:
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} kB")
    return 0


# ============================================================ the child: the release's code
def _child(url: str, worktree: Path) -> None:
    """Everything below runs the *release's* gem package, written against its API."""
    import gem

    where = Path(gem.__file__).resolve()
    if worktree.resolve() not in where.parents:
        raise SystemExit(f"gem imported from {where}, not from the release's {worktree}")
    from datetime import date, datetime

    import gem.demo
    import gem.services.documents
    import gem.services.users
    from gem.db import make_engine

    day = date(*RELEASE_DAY)
    instant = datetime(*RELEASE_INSTANT, tzinfo=__import__("datetime").UTC)
    _fix_clock(day, instant)
    engine = make_engine(url)
    from gem import schema

    schema.upgrade(engine)                 # what the release's « gem db upgrade » runs
    gem.demo.generate(engine, members=MEMBERS, grievances=GRIEVANCES, seed=SEED, today=day)
    _fill_the_rest(engine, day)
    _stamp_server_times(engine, instant)
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        import sqlite3

        raw = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        raw.execute("PRAGMA journal_mode=DELETE")
        raw.execute("VACUUM")
        raw.close()
    else:
        engine.dispose()
    _check_every_table_has_rows(url)


# The release's services that call date.today() and never test a value's type against date.
_TODAY_CALLERS = ("gem.services.member", "gem.services.grievance", "gem.services.recourse",
                  "gem.services.listing", "gem.services.arbitration", "gem.services.files",
                  "gem.services.leave", "gem.services.deadlines.due")
# ... and those that imported utcnow (0.1.0's gem.services is a namespace package: listed).
_UTCNOW_CALLERS = ("gem.services.entity", "gem.services.users", "gem.services.files",
                   "gem.services.grievance", "gem.services.reconciliation",
                   "gem.services.deadlines.rules", "gem.services.deadlines.files")


def _fix_clock(day, instant) -> None:
    """0.1.0 has no gem.clock: pin ``date.today()`` in the services that call it and
    ``utcnow()`` wherever it was imported (the demo takes its day as a parameter)."""
    import datetime as dt
    import importlib

    class FixedDate(dt.date):
        @classmethod
        def today(cls):
            return dt.date(day.year, day.month, day.day)

    for name in _UTCNOW_CALLERS:
        importlib.import_module(name)
    for name in _TODAY_CALLERS:
        # The release's module: which names it has is for the asserts here, not a checker.
        service: Any = importlib.import_module(name)
        assert service.date is dt.date, name
        service.date = FixedDate
    for name, loaded in list(sys.modules.items()):
        module: Any = loaded
        if name.startswith("gem.") and callable(getattr(module, "utcnow", None)):
            module.utcnow = lambda: instant


def _fill_the_rest(engine, day) -> None:
    """Rows in the tables 0.1.0's demo leaves empty, through 0.1.0's services, as a user of
    the window would make them; each write audited by the services themselves."""
    from datetime import timedelta

    from sqlalchemy import select

    from gem.db import session_factory, transaction
    from gem.demo import DEMO_PASSWORD
    from gem.models import (
        Agreement,
        Arbitration,
        Grievance,
        Institution,
        LeaveInvoice,
        Member,
        Recourse,
        UnionLeave,
        User,
    )
    from gem.services import documents
    from gem.services.deadlines.holidays import add_proclaimed_holiday
    from gem.services.institution import SuccessionService
    from gem.services.member import MemberService
    from gem.services.users import UserService, actor_for

    sessions = session_factory(engine)
    users = UserService()
    with transaction(sessions) as s:
        admin_user = s.scalars(select(User).where(User.role == "admin").order_by(User.id)).first()
        assert admin_user is not None, "the release's demo made no admin"
        admin_login = admin_user.login
    with transaction(sessions) as s:
        admin = users.authenticate(s, admin_login, DEMO_PASSWORD)   # last_login_at, sign_in
    with transaction(sessions) as s:
        users.create(s, admin, {"login": "ancien", "full_name": "Ancien Compte",
                                "email": "ancien@example.org", "role": "counsellor",
                                "language": "en", "password": "ancien-mot-2026"})
    with transaction(sessions) as s:
        ancien = users.by_login(s, "ancien")
        assert ancien is not None, "created in the transaction before"
        users.update(s, admin, ancien.id, {"active": False}, None)
    with transaction(sessions) as s:
        SuccessionService().create(s, admin, {
            "predecessor_id": 2, "successor_id": 1,
            "effective_date": "2024-12-01", "note": "Loi 15 (2023, c. 34) : Santé Québec"})
    with transaction(sessions) as s:
        add_proclaimed_holiday(s, admin, day + timedelta(days=32), "Jour de deuil national",
                               "Décret 1234-2026")
    with transaction(sessions) as s:
        member = s.scalars(select(Member).order_by(Member.id)).first()
        assert member is not None, "the release's demo made members"
        MemberService().update(s, admin, member.id, {"email": "membre@example.org",
                                                     "notes": "Adresse confirmée"},
                               member.version)
    owners = (("grievance", Grievance), ("arbitration", Arbitration),
              ("agreement", Agreement), ("recourse", Recourse), ("member", Member),
              ("institution", Institution), ("union_leave", UnionLeave),
              ("leave_invoice", LeaveInvoice))
    with transaction(sessions) as s:
        for owner_type, model in owners:
            ident = s.scalars(select(model.id).order_by(model.id)).first()
            assert ident is not None, f"the release's demo made no {owner_type}"
            documents.attach(s, admin, owner_type, ident, f"{owner_type}-{ident}.txt",
                             f"Pièce jointe de {owner_type} {ident}\n".encode())
        grievance = s.scalars(select(Grievance.id).order_by(Grievance.id)).first()
        assert grievance is not None, "the release's demo made grievances"
        documents.attach(s, admin, "grievance", grievance, "lettre.pdf",
                         b"%PDF-1.4\n% GEM fixture\n%%EOF\n", "application/pdf")
        removed = documents.attach(s, admin, "grievance", grievance, "erreur.txt", b"x")
        documents.remove(s, admin, removed.id)
    with transaction(sessions) as s:
        account = s.get(User, admin.id)
        assert account is not None, "the admin signed in above"
        actor_for(account)  # the account still reads back


def _stamp_server_times(engine, instant) -> None:
    """Times the database stamped itself (server default now()) set to the release instant,
    in the columns and in the audit's copies of the records (before/after)."""
    from sqlalchemy import Table, select, update

    from gem.models import AuditEntry, Base

    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                default = column.server_default
                if default is not None and "now" in str(getattr(default, "arg", "")).lower():
                    conn.execute(update(table).where(column > instant).values({column: instant}))
        # Not gem.models.base.table_of: the release (0.1.0) this runs has no such helper.
        audit = AuditEntry.__table__
        assert isinstance(audit, Table), "a declarative model maps one Table"
        for ident, before, after in conn.execute(select(audit.c.id, audit.c.before,
                                                        audit.c.after)).all():
            stamped = [_stamped(before, instant), _stamped(after, instant)]
            if stamped != [before, after]:
                conn.execute(update(audit).where(audit.c.id == ident)
                             .values(before=stamped[0], after=stamped[1]))


def _stamped(record, instant):
    if not isinstance(record, dict):
        return record
    out = dict(record)
    for key in ("created_at", "updated_at", "uploaded_at"):
        value = out.get(key)
        if isinstance(value, str) and value > instant.replace(tzinfo=None).isoformat():
            aware = value.endswith(("Z", "+00:00")) or "+" in value[10:]
            out[key] = (instant if aware else instant.replace(tzinfo=None)).isoformat()
    return out


def _check_every_table_has_rows(url: str) -> None:
    from sqlalchemy import create_engine, func, inspect, select, table

    engine = create_engine(url)
    with engine.connect() as conn:
        empty = [name for name in inspect(conn).get_table_names()
                 if not conn.scalar(select(func.count()).select_from(table(name)))]
    engine.dispose()
    if empty:
        raise SystemExit(f"tables left empty: {empty}")


if __name__ == "__main__":
    sys.exit(main())
