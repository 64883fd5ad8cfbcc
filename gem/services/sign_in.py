"""The sign-in policy: failed sign-ins slow down, then lock, the login that was typed.

Why it works this way:

- Counted per typed login (table ``sign_in_attempts``, by its digest: what was typed is never
  stored, in case it was a password), whether an account has it or not, so
  a guessed login is slowed down and locked exactly like a real one and no answer tells
  which logins exist. An unknown login, a deactivated account, an account without a password
  and a wrong password take one path: the same delay, one Argon2 verification (against a
  dummy hash when there is no usable one, gem.services.users), the same message, one failure
  counted and one audit entry.
- The delay grows with the failures already counted (``DELAYS``: 0, 1, 2, 4, 8 s) and is
  applied to every answer for that login, the right password's included, so the delay itself
  says nothing about the password. It is slept before any query of the caller's session, so
  no transaction or lock is held meanwhile; the window runs sign-ins in a worker (the dialog
  stays responsive). ``sleep`` is looked up here at each call: tests replace it.
- ``MAX_FAILURES`` failures lock the login for ``LOCK_MINUTES``: refused, even with the right
  password, until then (« Trop d'essais : réessayez après 14:05 », Québec time). Failures older
  than ``FORGET_MINUTES`` and a lock that has run out are forgotten; a success clears them.
- A refused sign-in raises, and the callers run it inside ``gem.db.transaction``, which rolls
  back on any exception: so the failure and its audit entry are written by a short
  transaction of their own on the same engine (``record_failure``): on PostgreSQL committed
  before the exception leaves, on SQLite as soon as the caller's transaction has ended
  (``count_failure``: it holds the file's write lock until then). Every caller (window, CLI,
  tests) gets that without doing anything.
- Times come from gem.clock (a test moves past the lock with ``clock.frozen``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from gem import clock
from gem.models import SignInAttempts
from gem.models.enums import Role
from gem.services import audit
from gem.services.actor import Actor

MAX_FAILURES = 5
LOCK_MINUTES = 15
FORGET_MINUTES = 15  # failures older than this no longer slow the login down
DELAYS = (0, 1, 2, 4, 8)  # seconds before the answer, by failures already counted (capped)
LOGIN_LENGTH = 40  # sign_in_attempts.login: the typed login's SHA-256, cut to this length
AUDITED_LOGIN_LENGTH = 100  # what the audit keeps of a typed login

sleep = time.sleep  # replaced by the tests; called as ``sign_in.sleep(seconds)``


@dataclass(frozen=True)
class Attempts:
    """What counts for a login now: failures not yet forgotten, and a lock still running."""

    failures: int = 0
    locked_until: datetime | None = None

    @property
    def delay(self) -> float:
        return delay_for(self.failures)


def delay_for(failures: int) -> float:
    """Seconds to wait before answering a login with ``failures`` counted failures."""
    if failures <= 0:
        return 0
    return DELAYS[min(failures, len(DELAYS) - 1)]


def key_for(login: str) -> str:
    """The counted key of a typed login: a digest of it (spaces around it removed), so the
    table never holds what was typed — a password typed in the login field by mistake
    included — while the same text always counts against the same key."""
    import hashlib

    return hashlib.sha256(login.strip().encode("utf-8")).hexdigest()[:LOGIN_LENGTH]


def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands stored instants back without their zone: they are UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _current(row: SignInAttempts | None, now: datetime) -> Attempts:
    if row is None:
        return Attempts()
    locked_until = _aware(row.locked_until)
    if locked_until is not None:
        if now < locked_until:
            return Attempts(row.failures, locked_until)
        return Attempts()  # the lock has run out: a fresh start
    last = _aware(row.last_failed_at)
    if last is None or now - last >= timedelta(minutes=FORGET_MINUTES):
        return Attempts()
    return Attempts(row.failures)


def engine_of(session: Session) -> Engine:
    """The engine under ``session``, for a transaction of its own."""
    bind = session.get_bind()
    return bind.engine if isinstance(bind, Connection) else bind


def attempts(engine: Engine, key: str, now: datetime | None = None) -> Attempts:
    """The login's state, read in a short session of its own (nothing held afterwards; a
    read-only transaction, which on SQLite takes no write lock: gem.db)."""
    from gem.db import transaction

    now = now or clock.now()
    with transaction(sessionmaker(engine), write=False) as session:
        return _current(session.get(SignInAttempts, key), now)


_UPSERTS: dict[str, Any] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def _locked_row(session: Session, key: str) -> SignInAttempts:
    """The login's row, created if needed, locked until the end of the transaction (two
    workstations failing at once both count)."""
    insert = _UPSERTS.get(session.get_bind().dialect.name)
    if insert is not None:
        session.execute(insert(SignInAttempts).values(login=key, failures=0)
                        .on_conflict_do_nothing(index_elements=["login"]))
        return session.scalars(select(SignInAttempts).where(SignInAttempts.login == key)
                               .with_for_update()).one()
    row = session.get(SignInAttempts, key, with_for_update=True)
    if row is None:
        row = SignInAttempts(login=key, failures=0)
        session.add(row)
        session.flush()
    return row


def record_failure(engine: Engine, typed: str, user_id: int | None,
                   now: datetime | None = None) -> Attempts:
    """Count one failure for ``typed`` and write its « sign_in_failed » audit entry (the
    login as typed, never a password) in a transaction of its own, committed on return.
    Returns the login's state afterwards: locked once ``MAX_FAILURES`` are reached. A sign-in
    refused because the login is already locked is audited without being counted again."""
    now = now or clock.now()
    key = key_for(typed)
    with Session(engine) as session, session.begin():
        row = _locked_row(session, key)
        state = _current(row, now)
        # An account's login is named; anything else typed is kept only as its digest (it may
        # be a password typed in the wrong field).
        after: dict[str, Any] = {"login": typed.strip()[:AUDITED_LOGIN_LENGTH]} \
            if user_id is not None else {"login": None, "typed_digest": key}
        if state.locked_until is None:
            failures = state.failures + 1
            row.failures = failures
            row.last_failed_at = now
            row.locked_until = (now + timedelta(minutes=LOCK_MINUTES)
                                if failures >= MAX_FAILURES else None)
            state = Attempts(failures, _aware(row.locked_until))
        after["failures"] = state.failures
        if state.locked_until is not None:
            after["locked_until"] = state.locked_until.isoformat()
        # Nobody is signed in: the entry names the login typed, and no user as its author.
        author = typed.strip()[:LOGIN_LENGTH] if user_id is not None else "?"
        audit.record(session, Actor(id=None, login=author, role=Role.READ_ONLY),
                     "sign_in_failed", "user", user_id, after=after)
    return state


def _after_failure(state: Attempts, now: datetime) -> Attempts:
    """The login's state once one more failure is counted (a running lock counts none)."""
    if state.locked_until is not None:
        return state
    failures = state.failures + 1
    return Attempts(failures, now + timedelta(minutes=LOCK_MINUTES)
                    if failures >= MAX_FAILURES else None)


def count_failure(session: Session, typed: str, user_id: int | None,
                  now: datetime | None = None) -> Attempts:
    """Count a refused sign-in so that it outlives the caller's transaction, which rolls
    back; returns the login's state afterwards.

    On PostgreSQL in a transaction of its own at once (``record_failure``). On SQLite that
    transaction would wait in vain for the caller's, which holds the file's write lock from
    its start (gem.db, BEGIN IMMEDIATE): so it is written as soon as the caller's has ended
    (rolled back or committed), and the state returned is the one it will record."""
    now = now or clock.now()
    engine = engine_of(session)
    if session.get_bind().dialect.name != "sqlite":
        return record_failure(engine, typed, user_id, now)
    from sqlalchemy import event

    predicted = _after_failure(_current(session.get(SignInAttempts, key_for(typed)), now), now)
    written = False

    def write(_session: Session) -> None:
        nonlocal written
        if written:
            return
        # Once only; the listeners stay, idle (removing one while SQLAlchemy walks its
        # listeners fails).
        written = True
        record_failure(engine, typed, user_id, now)

    event.listen(session, "after_rollback", write)
    event.listen(session, "after_commit", write)
    return predicted


def clear(session: Session, typed: str) -> None:
    """A successful sign-in forgets the login's failures (in the caller's transaction)."""
    session.execute(delete(SignInAttempts).where(SignInAttempts.login == key_for(typed)))
