"""Connecting to the database: the embedded SQLite file or a shared PostgreSQL server.

The URL comes, in order, from ``--database``, ``GEM_DATABASE_URL``, then the SQLite file in the
user's data directory. SQLite gets WAL, foreign keys and a busy timeout on every connection.

Why the timeouts (issue 12): a server that accepts a connection and never answers hung GEM for
over a minute, and a row locked by another session held a save for over 30 s with nothing
shown. So every PostgreSQL connection, from the window, the CLI or a URL, has a connect
timeout, and every session a ``lock_timeout`` and a ``statement_timeout`` suited to interactive
work; a report asks for a longer one for its own transaction (``long_statements``). Each ends
in a clear message (gem.log: CONNECTION, or BUSY for a lock or a statement that took too
long) that keeps the typing. The values come from ``GEM_CONNECT_TIMEOUT``,
``GEM_LOCK_TIMEOUT`` and ``GEM_STATEMENT_TIMEOUT`` (seconds) or the URL's own
``connect_timeout`` / ``options``, which win.

Why ``BEGIN IMMEDIATE`` on SQLite: a transaction that starts by reading and then writes asks
for the write lock mid-way, and SQLite refuses that at once ("database is locked") instead of
waiting, since waiting could deadlock; about 60% of two processes' saves were lost that way in
under 0.12 s. A transaction that may write therefore takes the lock when it begins, and a
second process waits up to the busy timeout for it. ``transaction(…, write=False)`` (the
window's read jobs) begins DEFERRED so that reading never waits for a writer (WAL).

Why GEM waits for that lock itself rather than through SQLite's busy timeout: SQLite's busy
handler is a sleeping retry whose sleeps grow to 100 ms, not a queue. With eight processes
writing at once on two cores, a waiter asleep for 100 ms kept missing the few milliseconds the
lock was free, and about one run in three gave one save "database is locked" after 5 s
(tests/test_file_numbers.py). ``_begin_immediate`` asks again every millisecond or two, as
often as any other waiter, until the same lock timeout, so each free moment goes to one of
the waiters at random and none starves.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from gem.paths import ENV_URL, default_url

__all__ = ["ENV_URL", "default_url", "long_statements", "make_engine", "resolve_url",
           "session_factory", "transaction"]

READS_ONLY = "gem_reads_only"  # execution option: this transaction never writes


def _seconds(variable: str, default: float) -> float:
    """A timeout from the environment, in seconds; a value that is not a positive number
    falls back to the default rather than disabling the timeout."""
    try:
        value = float(os.environ.get(variable, ""))
    except ValueError:
        return default
    return value if value > 0 else default


def connect_timeout() -> int:
    return max(1, round(_seconds("GEM_CONNECT_TIMEOUT", 5)))


def lock_timeout() -> float:
    """How long a save waits for a row (PostgreSQL) or the file (SQLite) another holds."""
    return _seconds("GEM_LOCK_TIMEOUT", 5)


def statement_timeout() -> float:
    return _seconds("GEM_STATEMENT_TIMEOUT", 60)


REPORT_STATEMENT_TIMEOUT = 600  # seconds: a report over 100,000 files reads for a while


def resolve_url(explicit: str | None = None) -> str:
    url = explicit or os.environ.get(ENV_URL) or default_url()
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        # psycopg 3 is the driver we ship; plain "postgresql://" would ask for psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Python 3.11's sqlite3 has no .autocommit. Its legacy mode opens transactions only before
    # writes, which breaks SAVEPOINT and lets reads see two states; turn the driver's own
    # handling off (isolation_level=None) and let SQLAlchemy emit BEGIN (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout() * 1000)}")
    if _is_file_database(dbapi_connection):
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection) -> None:
    """SQLAlchemy's recipe for pysqlite's transactions, with the lock taken at once unless
    the transaction only reads (see the module's notes)."""
    if connection.get_execution_options().get(READS_ONLY, False):
        connection.exec_driver_sql("BEGIN DEFERRED")
    else:
        _begin_immediate(connection)


_RETRY_SLEEP = (0.0005, 0.003)  # seconds between two asks for the write lock (module notes)


def _begin_immediate(connection) -> None:
    """Take the write lock, asking as often as the other waiters until the lock timeout
    (module notes); past it, the last refusal is raised as SQLAlchemy's error, which gem.log
    words as busy. Nothing has been done in the transaction yet, so asking again is safe."""
    raw = connection.connection.driver_connection
    waited_ms = int(lock_timeout() * 1000)
    deadline = time.monotonic() + lock_timeout()
    raw.execute("PRAGMA busy_timeout=0")
    try:
        while time.monotonic() < deadline:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    break  # not a lock: let SQLAlchemy raise it below, with its wording
            time.sleep(random.uniform(*_RETRY_SLEEP))
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        raw.execute(f"PRAGMA busy_timeout={waited_ms}")


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    return getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def _is_file_database(dbapi_connection) -> bool:
    row = dbapi_connection.execute("PRAGMA database_list").fetchone()
    return bool(row and row[2])


def make_engine(url: str | URL | None = None, **kwargs) -> Engine:
    url = resolve_url(str(url) if isinstance(url, URL) else url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        # No folder is made here (issue 13): a mistyped path must fail, not leave folders
        # behind (even at the filesystem's root). The default file's folder is made by
        # gem.paths.data_dir; the CLI refuses a path whose folder is missing (gem.commands).
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    connect_args = dict(kwargs.pop("connect_args", {}))
    if "connect_timeout" not in parsed.query:
        connect_args.setdefault("connect_timeout", connect_timeout())
    if "options" not in parsed.query:
        connect_args.setdefault("options", f"-c lock_timeout={int(lock_timeout() * 1000)} "
                                           f"-c statement_timeout="
                                           f"{int(statement_timeout() * 1000)}")
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit, so a window can show an object that
    its (now closed) session loaded without lazy-loading from another thread."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session], write: bool = True) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error, always close.
    ``write=False`` promises it only reads (SQLite then begins DEFERRED: module notes)."""
    with factory() as session, session.begin():
        if not write:  # procured now, with the option its BEGIN reads
            session.connection(execution_options={READS_ONLY: True})
        else:  # checked when the first statement procures the connection, not before
            event.listen(session, "after_begin", _same_schema)
        yield session


def _same_schema(_session: Session, _transaction: object, connection: Connection) -> None:
    """A write begins by checking that no other GEM upgraded the database meanwhile
    (gem.schema's notes): on PostgreSQL under the upgrade lock's shared form, which waits
    while an upgrade runs; on SQLite the transaction's write lock already excludes one.
    Only once the unit of work touches the database: one that first waits (a sign-in's
    delay) must hold no connection, hence no SQLite write lock, meanwhile."""
    from gem import schema

    if connection.dialect.name == "postgresql":
        current = connection.execute(text(
            "SELECT (SELECT version_num FROM alembic_version) "
            "FROM pg_advisory_xact_lock_shared(:key)"), {"key": schema.UPGRADE_LOCK}).scalar()
    else:
        current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    schema.refuse_other_revision(current)


def long_statements(session: Session, seconds: float = REPORT_STATEMENT_TIMEOUT) -> None:
    """Allow this transaction's statements ``seconds`` (a report), on PostgreSQL."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SET LOCAL statement_timeout = {int(seconds * 1000)}"))
