"""Hearing what the other desks write: the database's announcements, as :class:`Change`.

Every committed write announces itself from the database (revision 0007), whoever made it (GEM
on another workstation, psql, a script), and a rolled-back one announces nothing:

* PostgreSQL sends ``NOTIFY gem_changes`` with a small JSON payload (table, row id, operation,
  login). :class:`PostgresFeed` listens on one connection of its own, in autocommit (a
  notification is delivered between transactions only), and reconnects after a drop;
* SQLite (one workstation, several windows) bumps a counter and fills a small ring in the
  writer's transaction (gem.models.change). :class:`SqliteFeed` polls the counter every
  ``POLL_SECONDS`` with one tiny SELECT on a connection of its own and reads the ring past the
  value it last saw.

Both are loops meant for a thread of their own (the window runs one off the GUI thread,
gem.ui.live_refresh): :meth:`Feed.batches` yields lists of changes until :meth:`Feed.stop`.
A failure (the server restarted, the network dropped, the file cannot be read) is reported to
``on_error`` (or logged) and retried after a growing pause; once it works again the feed says
:data:`EVERYTHING` changed, since whatever was written meanwhile was not heard.

An announcement is a hint, not data: it names a row, never its content (nothing confidential
leaves the database this way; NOTIFY can be sent by any login, so it proves nothing either).
What a window shows afterwards is read again through the services, with the reader's own
visibility (:func:`record_stamp`, :func:`their_version`).
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from gem import clock
from gem.models import Base
from gem.models.base import table_of
from gem.models.change import RING_SIZE
from gem.services import audit, policy
from gem.services.actor import Actor
from gem.services.errors import ConflictError

CHANNEL = "gem_changes"
EVERYTHING = "*"       # Change.entity when what changed is not known: refresh everything
RESYNC = "resync"      # Change.op after the feed was deaf for a while
MANY = "many"          # Change.op for a bulk write: many rows of that table
POLL_SECONDS = 0.5     # SQLite: how often the counter is read
WAIT_SECONDS = 0.2     # PostgreSQL: longest wait for a notification before looking at stop()
GATHER_SECONDS = 0.03  # PostgreSQL: a commit's notifications arrive together; gather them
PING_SECONDS = 30.0    # PostgreSQL: a silent connection is checked this often
BACKOFF = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0)  # seconds before each new attempt
CONNECT_TIMEOUT = 5    # seconds (PostgreSQL)

log = logging.getLogger("gem.changes")

# Tables whose records the services name otherwise than their model's class (_entity_names).
_NAMED_OTHERWISE = {"audit_log": policy.AUDIT, "deadline_calendar_days": "deadline_calendar_day",
                    "sign_in_attempts": "sign_in_attempt"}


def _entity_names() -> dict[str, str]:
    """Each table → the name the services give its records (EntityService.entity, the
    audit's and the attachments' names): its model's class in snake case (LeaveInvoiceLine →
    leave_invoice_line), as every service names its own (tests/test_changes.py checks), but
    for _NAMED_OTHERWISE. Read from the models, so that a new table is named with them."""
    names = {table_of(mapper.class_).name: re.sub(r"(?<!^)(?=[A-Z])", "_",
                                             mapper.class_.__name__).lower()
             for mapper in Base.registry.mappers}
    return names | _NAMED_OTHERWISE


ENTITY_OF_TABLE: dict[str, str] = _entity_names()


@dataclass(frozen=True)
class Change:
    """One announced write: ``entity`` ``id`` was inserted, updated or deleted (``op``) by
    ``who`` (a login, when the database knows it). ``id`` is None for a table keyed by
    something else and for ``many``; ``entity`` is :data:`EVERYTHING` when the feed cannot
    say what changed."""

    entity: str
    id: int | None
    op: str
    who: str | None = None
    table: str | None = None

    @property
    def aggregate(self) -> str:
        """The aggregate whose rules the table follows (gem.services.policy.TABLES): a
        grievance's members and events are the grievance's."""
        return policy.TABLES.get(self.table or "", self.entity)

    @property
    def is_everything(self) -> bool:
        return self.entity == EVERYTHING


def everything(op: str = RESYNC) -> Change:
    return Change(EVERYTHING, None, op)


def change_of(table: str, ident: Any, op: str, who: str | None) -> Change:
    return Change(ENTITY_OF_TABLE.get(table, table), int(ident) if ident is not None else None,
                  op, who or None, table)


def parse_payload(payload: str) -> Change:
    """A NOTIFY payload; anything that is not one of ours (``NOTIFY gem_changes, 'x'`` from
    psql) means "something changed": everything is read again, nothing is trusted."""
    try:
        data = json.loads(payload)
        table, ident, op = data["table"], data.get("id"), data["op"]
        if not isinstance(table, str) or not isinstance(op, str) or \
                (ident is not None and not isinstance(ident, int)):
            raise ValueError(payload)
        who = data.get("who")
        return change_of(table, ident, op, who if isinstance(who, str) else None)
    except (ValueError, KeyError, TypeError):
        log.debug("live refresh: not an announcement: %.200r", payload)
        return everything("unknown")


ErrorHandler = Callable[[BaseException, float], None]


def _log_failure(exc: BaseException, retry_in: float) -> None:
    """The default ``on_error``: one line (no traceback: this runs in the feed's thread)."""
    from gem import log as gem_log

    log.warning("live refresh: %s (%s); retrying in %.1f s", gem_log.reason(exc),
                gem_log.classify(exc), retry_in)


class Feed:
    """The loop shared by both engines: open, wait for changes, report failures and retry."""

    def __init__(self, on_error: ErrorHandler | None = None,
                 on_connected: Callable[[], None] | None = None,
                 backoff: tuple[float, ...] = BACKOFF):
        self._stop = threading.Event()
        self._on_error = on_error or _log_failure
        self._on_connected = on_connected
        self._backoff = backoff
        self.failures = 0  # consecutive failed attempts (0 while it works)

    def stop(self) -> None:
        """Ask the loop to end; it does within WAIT_SECONDS (PostgreSQL) or at once."""
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def batches(self) -> Iterator[list[Change]]:
        """The changes, a batch at a time (what one commit, or one poll, brought), until
        stop(). Never raises: a failure goes to ``on_error`` and the feed tries again."""
        deaf = False  # a failure happened: what was written meanwhile was not heard
        try:
            while not self._stop.is_set():
                try:
                    self._open()
                    if self._on_connected is not None:
                        self._on_connected()
                    if deaf:
                        deaf = False
                        yield [everything()]
                    self.failures = 0
                    while not self._stop.is_set():
                        batch = self._wait()
                        if batch:
                            yield batch
                except Exception as exc:  # noqa: BLE001 - reported, then retried
                    deaf = True
                    delay = self._backoff[min(self.failures, len(self._backoff) - 1)]
                    self.failures += 1
                    self._close()
                    self._on_error(exc, delay)
                    self._stop.wait(delay)
        finally:
            self._close()

    def run(self, deliver: Callable[[list[Change]], None]) -> None:
        """``deliver(batch)`` for every batch until stop() (blocks: call it in a thread)."""
        for batch in self.batches():
            deliver(batch)

    # ---------------------------------------------------------------- per engine
    def _open(self) -> None:
        raise NotImplementedError

    def _wait(self) -> list[Change]:
        raise NotImplementedError

    def _close(self) -> None:
        raise NotImplementedError


class PostgresFeed(Feed):
    """LISTEN on a connection of its own (autocommit: notifications arrive between
    transactions only), with TCP keepalives and a ping when silent, so a dead server or a
    cut cable is noticed."""

    def __init__(self, connect_kwargs: dict[str, Any], **kw: Any):
        super().__init__(**kw)
        self._kwargs = connect_kwargs
        self._conn: Any = None
        self._last_heard = 0.0

    def _open(self) -> None:
        import psycopg

        self._conn = psycopg.connect(**self._kwargs, autocommit=True)
        self._conn.execute(f"LISTEN {CHANNEL}")
        self._last_heard = time.monotonic()

    def _wait(self) -> list[Change]:
        conn = self._conn
        notes = list(conn.notifies(timeout=WAIT_SECONDS, stop_after=1))
        if notes:
            notes += conn.notifies(timeout=GATHER_SECONDS)
            self._last_heard = time.monotonic()
            return [parse_payload(n.payload) for n in notes]
        if time.monotonic() - self._last_heard > PING_SECONDS:
            conn.execute("SELECT 1")
            self._last_heard = time.monotonic()
        return []

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception as exc:  # noqa: BLE001 - a broken connection may not close
                log.debug("live refresh: closing the listening connection: %s", exc)


class SqliteFeed(Feed):
    """The counter read every POLL_SECONDS on a connection of its own, in autocommit, so
    each read sees the last commit and holds no snapshot between polls (WAL checkpoints go
    on)."""

    def __init__(self, path: str, interval: float = POLL_SECONDS, **kw: Any):
        super().__init__(**kw)
        self._path = path
        self._interval = interval
        self._conn: sqlite3.Connection | None = None
        self._seen = 0

    def _open(self) -> None:
        self._conn = sqlite3.connect(self._path, timeout=5, isolation_level=None,
                                     check_same_thread=False)
        self._seen = self._counter()

    def _counter(self) -> int:
        assert self._conn is not None
        row = self._conn.execute("SELECT n FROM change_counter WHERE slot = 0").fetchone()
        if row is None:
            raise sqlite3.OperationalError("change_counter has no row (revision 0007)")
        return int(row[0])

    def _wait(self) -> list[Change]:
        if self._stop.wait(self._interval):
            return []
        assert self._conn is not None
        now = self._counter()
        seen, self._seen = self._seen, now
        if now == seen:
            return []
        if now < seen or now - seen > RING_SIZE:  # a restored file, or too much at once
            return [everything()]
        rows = self._conn.execute(
            "SELECT r.n, r.table_name, r.ident, r.op, u.login FROM recent_changes r "
            "LEFT JOIN users u ON u.id = r.who_id WHERE r.n > ? AND r.n <= ? ORDER BY r.n",
            (seen, now)).fetchall()
        if len(rows) < now - seen:  # overwritten by later writes while we read
            return [everything()]
        return [change_of(table, ident, op, who) for _n, table, ident, op, who in rows]

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()


def feed_for(engine: Engine, **kw: Any) -> Feed | None:
    """The feed for this database, or None for one no other connection can write (SQLite
    in memory). ``kw``: ``on_error``, ``on_connected``, ``backoff`` (see :class:`Feed`)."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        return SqliteFeed(url.database, **kw)
    _args, params = engine.dialect.create_connect_args(url)
    params = {k: v for k, v in params.items() if k != "context"}
    params.setdefault("connect_timeout", CONNECT_TIMEOUT)
    params.setdefault("application_name", "GEM live refresh")
    for key, value in (("keepalives", 1), ("keepalives_idle", 30),
                       ("keepalives_interval", 10), ("keepalives_count", 3)):
        params.setdefault(key, value)
    return PostgresFeed(params, **kw)


# ---------------------------------------------------------------------- what the form reads
@dataclass(frozen=True)
class Stamp:
    """Who saved a record last and when, and its version: enough for a form to tell whether
    what it shows is still the stored record."""

    id: int
    version: int | None
    by: str | None      # the person's full name
    at: datetime | None

    def local_time(self) -> str:
        """The time of the save, Québec's (« 14:02 »)."""
        return clock.local(self.at).strftime("%H:%M") if self.at is not None else "?"


def _who(session: Session, user_id: int | None) -> str | None:
    from sqlalchemy import select

    from gem.models import User

    if user_id is None:
        return None
    return session.scalar(select(User.full_name).where(User.id == user_id))


def _stored(session: Session, actor: Actor, entity: str, ident: int) -> tuple[Any, str]:
    """The record as ``actor`` may see it (NotFoundError when hidden or deleted) and the name
    of its kind in their language: a record with a form (gem.services.records.KINDS), or a
    deadline, which its file's form acts on in a dialog that watches it the same way."""
    if entity == policy.DEADLINE:
        from gem.i18n import tr
        from gem.services.deadlines.files import DEADLINE, get_deadline

        return get_deadline(session, actor, ident), tr(DEADLINE, actor.language)
    from gem.services import records

    service = records.kind(entity).service()
    return service.get(session, actor, ident), service.label_in(actor)


def record_stamp(session: Session, actor: Actor, entity: str, ident: int) -> Stamp:
    """The record's version, last author and time, as ``actor`` may see it (a hidden or
    deleted record raises NotFoundError)."""
    obj, _name = _stored(session, actor, entity, ident)
    return Stamp(obj.id, getattr(obj, "version", None),
                 _who(session, getattr(obj, "updated_by_id", None)),
                 getattr(obj, "updated_at", None))


def their_version(session: Session, actor: Actor, entity: str, ident: int,
                  pickers: list[tuple[str, str]]) -> tuple[ConflictError, dict[str, str]]:
    """The stored record as the conflict dialog shows "their" side (the same shape as a
    refused save's ConflictError) and the names of the records it links to."""
    from gem.services import records

    obj, name = _stored(session, actor, entity, ident)
    theirs = audit.snapshot(obj)
    if entity == policy.DEADLINE:
        # under the deadline dialog's inputs too, as a refused action's conflict has them
        # (records.act_on_deadline)
        theirs.update({key: theirs.get(column)
                       for column, key in records._DEADLINE_FIELDS.items()})
    at = getattr(obj, "updated_at", None)
    who = _who(session, getattr(obj, "updated_by_id", None)) or "?"
    exc = ConflictError(name, getattr(obj, "file_number", None) or ident, who,
                        clock.local(at) if at is not None else None, theirs, {},
                        actor.language, record_id=ident)
    return exc, records.conflict_labels(session, actor, pickers, theirs)
