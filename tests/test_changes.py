"""Every committed write announces itself, on both engines, whoever makes it; a rolled-back
one announces nothing; no announcement carries a record's content (gem.services.changes,
revision 0007). The feeds run as the window runs them, in a thread of their own."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator

import psycopg
import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from gem.db import make_engine
from gem.models import Base, Grievance
from gem.models.change import RING_SIZE
from gem.services import changes, records  # noqa: F401 - records: every service defined
from gem.services.changes import EVERYTHING, Change, Feed
from gem.services.entity import EntityService
from gem.services.errors import NotFoundError
from gem.services.grievance import GrievanceService
from tests import factories
from tests.conftest import PG_URL

HEARD_WITHIN = 1.0  # seconds: the budget from a commit to the listener
SECRET_TITLE = "Harcèlement par le chef d'unité — très confidentiel"
_OWN_TABLES = {"alembic_version", "change_counter", "recent_changes"}


class Heard:
    """A feed running in its thread, as gem.ui.live_refresh runs it; what it heard."""

    def __init__(self, feed: Feed):
        self.feed = feed
        self.changes: list[Change] = []
        self.errors: list[tuple[BaseException, float]] = []
        self.connected = threading.Event()
        self._lock = threading.Condition()
        feed._on_error = self._failed
        feed._on_connected = self.connected.set
        self.thread = threading.Thread(target=feed.run, args=(self._deliver,), daemon=True)
        self.thread.start()
        assert self.connected.wait(10), f"the feed did not start: {self.errors}"

    def _deliver(self, batch: list[Change]) -> None:
        with self._lock:
            self.changes.extend(batch)
            self._lock.notify_all()

    def _failed(self, exc: BaseException, delay: float) -> None:
        with self._lock:
            self.errors.append((exc, delay))
            self._lock.notify_all()

    def wait_for(self, wanted: Callable[[Change], bool],
                 timeout: float = HEARD_WITHIN) -> Change:
        """The first change heard that ``wanted`` accepts, within ``timeout`` seconds."""
        end = time.monotonic() + timeout
        with self._lock:
            while True:
                for change in self.changes:
                    if wanted(change):
                        return change
                left = end - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"not heard within {timeout} s; heard {self.changes}")
                self._lock.wait(left)

    def stop(self) -> None:
        self.feed.stop()
        self.thread.join(5)
        assert not self.thread.is_alive(), "the feed did not stop"


@pytest.fixture
def heard(engine) -> Iterator[Callable[..., Heard]]:
    started: list[Heard] = []

    def start(feed: Feed | None = None) -> Heard:
        made = Heard(feed or changes.feed_for(engine))
        started.append(made)
        return made

    yield start
    for made in started:
        made.stop()


def _about(entity: str, ident: int, op: str) -> Callable[[Change], bool]:
    return lambda c: (c.entity, c.id, c.op) == (entity, ident, op)


def _raw_connection(engine):
    """A connection as psql (or the sqlite3 shell) would open it: not GEM's."""
    if engine.dialect.name == "sqlite":
        return sqlite3.connect(engine.url.database, isolation_level=None)
    u = make_url(engine.url)
    return psycopg.connect(host=u.host, port=u.port, dbname=u.database, user=u.username,
                           autocommit=True)


# ---------------------------------------------------------------------- hearing commits
def test_a_commit_is_heard_within_a_second_with_its_entity_id_and_op(heard, tx, people):
    listener = heard()
    clerk, coordinator = people["secretaire"], people["coord"]
    started = time.monotonic()
    with tx() as s:
        ident = factories.grievance(s, clerk).id
    created = listener.wait_for(_about("grievance", ident, "insert"))
    assert time.monotonic() - started < HEARD_WITHIN
    assert created.table == "grievances" and created.aggregate == "grievance"
    # the members and the audit entry of that save are heard too, under their own tables
    listener.wait_for(lambda c: c.table == "grievance_members" and c.op == "insert")
    listener.wait_for(lambda c: c.entity == "audit" and c.op == "insert")

    with tx() as s:
        GrievanceService().update(s, clerk, ident, {"title": "Prime de nuit"}, 1)
    updated = listener.wait_for(_about("grievance", ident, "update"))
    if updated.who is not None:  # SQLite names the account the row names as its author
        assert updated.who in (clerk.login, "postgres")
    with tx() as s:
        GrievanceService().delete(s, coordinator, ident, 2)
    listener.wait_for(_about("grievance", ident, "delete"))


def test_a_rollback_announces_nothing(heard, sessions, tx, people):
    clerk = people["secretaire"]
    with tx() as s:
        doomed, kept = (factories.grievance(s, clerk).id, factories.grievance(s, clerk).id)
    listener = heard()
    with sessions() as s, s.begin():
        GrievanceService().update(s, clerk, doomed, {"title": "Jamais enregistré"}, 1)
        s.flush()
        s.rollback()
    with tx() as s:  # a later commit: once it is heard, the rolled-back one never will be
        GrievanceService().update(s, clerk, kept, {"title": "Enregistré"}, 1)
    listener.wait_for(_about("grievance", kept, "update"))
    time.sleep(changes.POLL_SECONDS + 0.1)  # one more poll on SQLite
    assert [c for c in listener.changes if (c.table, c.id) == ("grievances", doomed)] == []
    assert [c for c in listener.changes if c.entity == "audit"]  # the kept save's entry


def test_a_direct_write_outside_gem_is_announced(heard, engine, tx, people):
    with tx() as s:
        ident = factories.grievance(s, people["secretaire"]).id
    listener = heard()
    conn = _raw_connection(engine)
    try:
        marker = "?" if engine.dialect.name == "sqlite" else "%s"
        conn.execute(f"UPDATE grievances SET title = {marker} WHERE id = {marker}",
                     ("Corrigé dans psql", ident))
    finally:
        conn.close()
    change = listener.wait_for(_about("grievance", ident, "update"))
    if engine.dialect.name == "postgresql":
        assert change.who == make_url(engine.url).username  # session_user: not secured


def test_announcements_carry_no_confidential_data(heard, engine, tx, people):
    """What leaves the database names a table, a row, an operation and a login: nothing of
    the row. PostgreSQL's payloads are read raw; SQLite's ring is read whole."""
    raw: list[str] = []
    if engine.dialect.name == "postgresql":
        conn = _raw_connection(engine)
        conn.execute("LISTEN gem_changes")
    listener = heard()
    with tx() as s:
        member = factories.member(s, people["secretaire"], last_name="Bélanger-Secret",
                                  first_name="Josée")
        ident = factories.grievance(s, people["secretaire"], members=[member.id],
                                    counsellor_id=people["conseil"].id, confidential=True,
                                    title=SECRET_TITLE, facts="Propos rapportés par un témoin",
                                    status="draft", filed_date=None).id
    listener.wait_for(_about("grievance", ident, "insert"))
    secrets = ("Harcèlement", "Bélanger", "Josée", "témoin")
    if engine.dialect.name == "postgresql":
        end = time.monotonic() + HEARD_WITHIN
        while time.monotonic() < end and not any('"grievances"' in p for p in raw):
            raw += [n.payload for n in conn.notifies(timeout=0.2)]
        conn.close()
        assert raw
        for payload in raw:
            data = json.loads(payload)
            assert set(data) == {"table", "id", "op", "who"}, payload
            assert isinstance(data["id"], int | None) and data["op"] in (
                "insert", "update", "delete", "many"), payload
            assert not any(word in payload for word in secrets), payload
    else:
        with engine.connect() as c:
            ring = c.execute(text("SELECT * FROM recent_changes")).all()
            columns = list(c.execute(text("SELECT * FROM recent_changes")).keys())
        assert columns == ["slot", "n", "table_name", "ident", "op", "who_id"]
        assert ring
        for row in ring:
            assert not any(word in str(value) for value in row for word in secrets), row


def test_every_table_announces_itself(engine):
    """Every table of the models has its triggers at head (a later revision rebuilding a
    table on SQLite must create them again)."""
    tables = set(Base.metadata.tables) - _OWN_TABLES
    with engine.connect() as c:
        if engine.dialect.name == "sqlite":
            names = set(c.execute(text("SELECT name FROM sqlite_master WHERE type = "
                                       "'trigger' AND name LIKE 'gem_announce_%'")).scalars())
            expected = {f"gem_announce_{t}_{op}" for t in tables
                        for op in ("insert", "update", "delete")}
        else:
            names = set(c.execute(text(
                "SELECT c.relname || '.' || t.tgname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname LIKE 'gem_announce%'"))
                .scalars())
            expected = {f"{t}.{name}" for t in tables
                        for name in ("gem_announce", "gem_announce_truncate")}
    assert expected - names == set()
    assert set(inspect(engine).get_table_names()) - _OWN_TABLES == tables


# ---------------------------------------------------------------------- engine by engine
def test_a_bulk_write_is_announced_as_many_rows(heard, engine, tx, people):
    """One transaction writing more rows than are announced one by one (PostgreSQL) or than
    the ring holds (SQLite) is heard as « many »: lists read everything again."""
    listener = heard()
    rows = RING_SIZE + 20 if engine.dialect.name == "sqlite" else 300
    with tx() as s:
        s.execute(Grievance.__table__.insert(), [
            {"file_number": f"G-2019-{i:05d}", "kind": "union", "nature": "pay",
             "institution_id": 2, "title": f"Grief {i}", "status": "filed",
             "confidential": False} for i in range(rows)])
    if engine.dialect.name == "sqlite":
        listener.wait_for(lambda c: c.entity == EVERYTHING)
    else:
        listener.wait_for(lambda c: (c.table, c.op) == ("grievances", changes.MANY))
        time.sleep(0.2)
        one_by_one = [c for c in listener.changes if c.table == "grievances"
                      and c.op == "insert"]
        assert len(one_by_one) == 100  # revision 0007's ANNOUNCED_ROWS
        assert len([c for c in listener.changes if c.op == changes.MANY]) == 1


def test_a_lost_connection_is_reported_retried_and_resynchronised(heard, engine, backend,
                                                                   tx, people):
    if backend != "postgresql":
        pytest.skip("a server connection to lose: PostgreSQL")
    listener = heard(changes.feed_for(engine, backoff=(0.1,)))
    with engine.connect() as c:
        ended = c.execute(text("SELECT count(pg_terminate_backend(pid)) FROM "
                               "pg_stat_activity WHERE application_name = "
                               "'GEM live refresh' AND datname = current_database()")).scalar()
    assert ended == 1
    listener.wait_for(lambda c: c.entity == EVERYTHING, timeout=5)
    assert listener.errors and listener.errors[0][1] == 0.1
    with tx() as s:
        ident = factories.grievance(s, people["secretaire"]).id
    listener.wait_for(_about("grievance", ident, "insert"))


def test_a_database_that_cannot_be_read_is_retried(tmp_path):
    """A feed on a file without GEM's tables (or a server down) fails, says so, waits and
    tries again, without ever raising into its thread."""
    path = tmp_path / "nothing.sqlite3"
    sqlite3.connect(path).close()
    feed = changes.feed_for(make_engine(f"sqlite:///{path}"), backoff=(0.05,))
    errors: list[BaseException] = []
    feed._on_error = lambda exc, _delay: errors.append(exc)
    thread = threading.Thread(target=feed.run, args=(lambda _b: None,), daemon=True)
    thread.start()
    end = time.monotonic() + 5
    while len(errors) < 2 and time.monotonic() < end:
        time.sleep(0.02)
    feed.stop()
    thread.join(5)
    assert len(errors) >= 2 and "change_counter" in str(errors[0])
    assert not thread.is_alive()


def test_no_feed_for_a_database_in_memory():
    assert changes.feed_for(make_engine("sqlite://")) is None


def test_an_unknown_payload_means_read_everything_again():
    assert changes.parse_payload("bonjour").entity == EVERYTHING
    assert changes.parse_payload('{"table": 3, "op": "insert"}').entity == EVERYTHING
    change = changes.parse_payload('{"table": "members", "id": 7, "op": "update", '
                                   '"who": "mtremblay"}')
    assert change == Change("member", 7, "update", "mtremblay", "members")


def test_every_table_is_announced_under_the_name_its_service_gives_its_records():
    assert set(Base.metadata.tables) - _OWN_TABLES <= set(changes.ENTITY_OF_TABLE)
    services = [cls for cls in _subclasses(EntityService) if "model" in vars(cls)]
    assert len(services) >= 20
    for service in services:
        assert changes.ENTITY_OF_TABLE[service.model.__tablename__] == service.entity, service
    assert changes.ENTITY_OF_TABLE["leave_invoice_lines"] == "leave_invoice_line"
    assert changes.ENTITY_OF_TABLE["audit_log"] == "audit"


def _subclasses(cls: type) -> list[type]:
    return [sub for direct in cls.__subclasses__() for sub in (direct, *_subclasses(direct))]


# ---------------------------------------------------------------------- a secured database
@pytest.mark.skipif(not PG_URL, reason="PostgreSQL only (GEM_TEST_DATABASE_URL)")
def test_a_counsellors_own_login_fires_the_announcement_under_their_gem_login(secured):
    """On a database secured by gem db setup, the trigger runs as the owner and names the
    GEM login behind the PostgreSQL one; a read-only person's login listens."""
    u = make_url(secured.url)
    feed = changes.PostgresFeed(dict(host=u.host, port=u.port, dbname=secured.database,
                                     user=secured.names.login("lecteur"),
                                     password="motdepasse-123"))
    listener = Heard(feed)
    try:
        mine = secured.ids["mine"]
        with secured.connect("conseil") as conn:
            conn.execute("UPDATE grievances SET remedy_sought = 'Réintégration' "
                         "WHERE id = %s", (mine,))
        change = listener.wait_for(_about("grievance", mine, "update"))
        assert change.who == "conseil"
        # a login no account has (the DBA's) is named as PostgreSQL knows it
        with psycopg.connect(host=u.host, port=u.port, dbname=secured.database,
                             user=u.username, autocommit=True) as conn:
            conn.execute("UPDATE grievances SET remedy_sought = NULL WHERE id = %s", (mine,))
        listener.changes.clear()
        change = listener.wait_for(_about("grievance", mine, "update"))
        assert change.who == u.username
        # run as the owner, with a search path where no temporary table comes first
        with psycopg.connect(host=u.host, port=u.port, dbname=secured.database,
                             user=u.username) as conn:
            definer, owner, config = conn.execute(
                "SELECT p.prosecdef, pg_get_userbyid(p.proowner), p.proconfig FROM pg_proc p "
                "WHERE p.proname = 'gem_announce_change'").fetchone()
        assert definer and owner == secured.names.owner
        assert config == ["search_path=public, pg_temp"]
    finally:
        listener.stop()


# ---------------------------------------------------------------------- what a form reads
def test_the_stamp_and_their_version_of_a_record(tx, people):
    clerk, counsellor = people["secretaire"], people["conseil"]
    with tx() as s:
        ident = factories.grievance(s, clerk, counsellor_id=counsellor.id).id
        GrievanceService().update(s, clerk, ident, {"title": "Prime de nuit"}, 1)
    with tx() as s:
        stamp = changes.record_stamp(s, counsellor, "grievance", ident)
        exc, labels = changes.their_version(s, counsellor, "grievance", ident,
                                            [("institution_id", "institution")])
    assert stamp.version == 2 and stamp.by == "Secretaire Test"
    assert len(stamp.local_time()) == 5 and stamp.local_time()[2] == ":"
    assert exc.theirs["title"] == "Prime de nuit" and exc.theirs["version"] == 2
    assert exc.changed_by == "Secretaire Test" and "institution_id" in labels
    assert "password_hash" not in exc.theirs


def test_a_hidden_record_has_no_stamp(tx, people):
    with tx() as s:
        ident = factories.grievance(s, people["secretaire"], confidential=True,
                                    counsellor_id=people["conseil"].id, status="draft",
                                    filed_date=None).id
    with tx() as s, pytest.raises(NotFoundError):
        changes.record_stamp(s, people["conseil2"], "grievance", ident)
