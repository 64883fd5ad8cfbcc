"""Fixtures: a fresh, migrated database per test on SQLite, and on PostgreSQL as well when
GEM_TEST_DATABASE_URL points at a (throw-away) database.

SQLite tests copy a migrated template file; PostgreSQL tests clone the migrated test database
with CREATE DATABASE ... TEMPLATE, so each test has its own database and may open several
connections (conflicts between two sessions are real ones).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from sqlalchemy import Engine, create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from gem import schema  # noqa: E402
from gem.db import make_engine, resolve_url, session_factory, transaction  # noqa: E402
from gem.services.actor import Actor  # noqa: E402

PG_URL = os.environ.get("GEM_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(autouse=True, scope="session")
def _isolated_dirs(tmp_path_factory) -> None:
    """Never touch the developer's real data directory or settings."""
    base = tmp_path_factory.mktemp("gem-home")
    os.environ["GEM_DATA_DIR"] = str(base / "data")
    os.environ["GEM_CONFIG_DIR"] = str(base / "config")
    os.environ.pop("GEM_DATABASE_URL", None)


@pytest.fixture(autouse=True)
def _test_clock(request) -> Iterator[None]:
    """A ``clock`` marker starts GEM's clock at a fixed day, running; otherwise the clock is
    whatever the run uses (the machine's, or ``GEM_CLOCK``), restored after each test."""
    from gem import clock

    marker = request.node.get_closest_marker("clock")
    with clock.preserved():
        if marker is not None:
            clock.set_clock(marker.args[0], running=True)
        yield


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """Argon2's production cost (64 MiB, ~180 ms a hash) would dominate the suite; the tests
    check that hashing and verification are wired, not Argon2's strength."""
    from argon2 import PasswordHasher

    from gem.services import users

    saved = users._hasher
    users._hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    yield
    users._hasher = saved


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("template") / "gem.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    schema.upgrade(engine)
    engine.dispose()
    return str(path)


def _pg_admin() -> Engine:
    url = make_url(resolve_url(PG_URL)).set(database="postgres")
    return create_engine(url, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def pg_template() -> str:
    assert PG_URL
    engine = make_engine(PG_URL)
    schema.upgrade(engine)
    engine.dispose()
    return make_url(resolve_url(PG_URL)).database or ""


def _new_pg_database(template: str | None) -> tuple[str, str]:
    # Named after the run's own database, so a CI run drops its leftovers and nobody else's.
    base = make_url(resolve_url(PG_URL)).database or "gem"
    name = f"{base[:40]}_t_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        clause = f" TEMPLATE {template}" if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    admin.dispose()
    url = make_url(resolve_url(PG_URL)).set(database=name)
    return name, url.render_as_string(hide_password=False)


def _drop_pg_database(name: str) -> None:
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def engine(request, backend, tmp_path) -> Iterator[Engine]:
    """A migrated database holding only the reference data."""
    if backend == "sqlite":
        path = tmp_path / "gem.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        eng = make_engine(f"sqlite:///{path}")
        yield eng
        eng.dispose()
    else:
        name, url = _new_pg_database(request.getfixturevalue("pg_template"))
        eng = make_engine(url)
        yield eng
        eng.dispose()
        _drop_pg_database(name)


@pytest.fixture
def empty_engine(backend, tmp_path) -> Iterator[Engine]:
    """A database with no schema at all, for migration tests."""
    if backend == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
        yield eng
        eng.dispose()
    else:
        name, url = _new_pg_database(None)
        eng = make_engine(url)
        yield eng
        eng.dispose()
        _drop_pg_database(name)


@pytest.fixture
def sessions(engine) -> sessionmaker[Session]:
    return session_factory(engine)


def full_name(login: str) -> str:
    """The name each of ``people`` goes by (what a conflict or a banner names them by)."""
    return login.capitalize() + " Test"


@pytest.fixture
def people(sessions) -> dict[str, Actor]:
    """One signed-in actor per role, plus a second counsellor."""
    from gem.services.actor import SYSTEM
    from gem.services.users import UserService, actor_for

    service = UserService()
    result: dict[str, Actor] = {}
    with transaction(sessions) as session:
        for login, role, lang in [("admin", "admin", "fr"), ("coord", "coordinator", "fr"),
                                  ("conseil", "counsellor", "fr"),
                                  ("conseil2", "counsellor", "en"),
                                  ("secretaire", "secretary", "fr"),
                                  ("lecteur", "read_only", "fr"),
                                  ("secretary", "secretary", "en")]:
            user = service.create(session, SYSTEM, {
                "login": login, "full_name": full_name(login), "role": role,
                "language": lang, "password": "motdepasse-123"})
            result[login] = actor_for(user)
    return result


@pytest.fixture
def tx(sessions):
    """``with tx() as session:`` one committed unit of work."""
    return lambda: transaction(sessions)


@pytest.fixture(autouse=True, scope="session")
def _isolated_log(tmp_path_factory) -> Iterator[None]:
    """gem.log (the window's and the CLI's log file) in a temporary folder, never the
    developer's own log folder."""
    os.environ["GEM_LOG_DIR"] = str(tmp_path_factory.mktemp("gem-log"))
    yield
    from gem import log

    log.shutdown()


@pytest.fixture
def log_dir(tmp_path, monkeypatch) -> Iterator[Path]:
    """A log folder of the test's own; the process's log set up again afterwards."""
    from gem import log

    folder = tmp_path / "logs"
    monkeypatch.setenv("GEM_LOG_DIR", str(folder))
    yield folder
    log.shutdown()



# ---------------------------------------------------------------------- deadlines
@pytest.fixture(scope="session")
def cal():
    """The holidays a new database ships, without a database (pure counting tests)."""
    from gem.services.deadlines.calendar import calendar_from, default_rules

    return calendar_from(default_rules())


@pytest.fixture(scope="session")
def cals(sqlite_template, cal):
    """The calendars a new database ships (gem.services.deadlines.calendars), over the same
    holidays as ``cal``; read once from the migrated template."""
    from gem.services.deadlines.calendars import load_calendars

    engine = create_engine(f"sqlite:///{sqlite_template}")
    with Session(engine) as session:
        found = load_calendars(session, cal)
    engine.dispose()
    return found


@pytest.fixture
def gem(engine, capsys, monkeypatch):
    """``gem`` on the test's database, in-process: (exit code, stdout, stderr).
    ``user=`` names the acting person (``--user``), whose password is then answered with
    the ``people`` fixture's."""
    from gem.cli import main
    from gem.i18n import set_language

    url = engine.url.render_as_string(hide_password=False)
    monkeypatch.setattr("gem.commands._common.ask_password", lambda _prompt: "motdepasse-123")

    def run(*argv: str, user: str | None = None) -> tuple[int, str, str]:
        code = main(["--database", url, *(["--user", user] if user else []), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    yield run
    set_language("fr")


@pytest.fixture(scope="module")
def secured():
    """A PostgreSQL database secured by ``gem db setup``, one person per role (tests/secured.py);
    PostgreSQL tests only."""
    from tests.secured import secured_database

    yield from secured_database()
