"""Connecting to the database: the embedded SQLite file or a shared PostgreSQL server.

The URL comes, in order, from ``--database``, ``GEM_DATABASE_URL``, then the SQLite file in the
user's data directory. SQLite gets WAL, foreign keys and a busy timeout on every connection.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from gem.paths import ENV_URL, default_url

__all__ = ["ENV_URL", "default_url", "make_engine", "resolve_url", "session_factory",
           "transaction"]


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
    cursor.execute("PRAGMA busy_timeout=5000")
    if _is_file_database(dbapi_connection):
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _is_file_database(dbapi_connection) -> bool:
    row = dbapi_connection.execute("PRAGMA database_list").fetchone()
    return bool(row and row[2])


def make_engine(url: str | URL | None = None, **kwargs) -> Engine:
    url = resolve_url(str(url) if isinstance(url, URL) else url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(parsed.database)), exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit, so a window can show an object that
    its (now closed) session loaded without lazy-loading from another thread."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error, always close."""
    with factory() as session, session.begin():
        yield session
