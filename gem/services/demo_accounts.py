"""Whether a database is a finished ``gem demo``, and which of its accounts to offer at sign-in.

Why the answer comes from the database: the sign-in dialog prints a shared password next to a
few logins, which is only harmless on a database that ``gem demo`` filled. Login names prove
nothing (an office may well have a "mtremblay"), so ``gem demo`` writes audit entries on the
database itself: ``demo_started`` in its own transaction before it begins, ``demo_stopped`` if
it was interrupted and rolled back, and ``demo_built`` as the very last row of the transaction
that writes the data, so that row exists only when every other row does. The audit table is
insert-only, so the markers are never edited: the most recent one tells the state.

No Qt: the window's sign-in dialog, ``gem demo --check`` and tools/demo.sh share these answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from gem.models import AuditEntry, User
from gem.models.enums import Role

DEMO_PASSWORD = "demo-gem-2026"
"""The one password of every demo account (documented in the README, printed by the CLI and
shown by the sign-in dialog on a demo database)."""

MARKER_ENTITY = "database"
DEMO_STARTED = "demo_started"
DEMO_STOPPED = "demo_stopped"
DEMO_BUILT = "demo_built"
LEGACY_BUILT = "demo"
"""Earlier GEM versions wrote the closing entry under this action, with the same contents and
also as the last row of the demo's one transaction: it marks a finished demo just as well."""

_MARKERS = (DEMO_STARTED, DEMO_STOPPED, DEMO_BUILT, LEGACY_BUILT)


@dataclass(frozen=True)
class DemoAccount:
    login: str
    full_name: str
    role: str


@dataclass(frozen=True)
class DemoState:
    """The most recent demo marker of a database: ``action`` None when there is none."""

    action: str | None = None
    at: datetime | None = None
    details: dict[str, Any] | None = None

    @property
    def built(self) -> bool:
        return self.action in (DEMO_BUILT, LEGACY_BUILT)

    @property
    def unfinished(self) -> bool:
        """A demo began and neither finished nor gave up cleanly: it was killed, or it is still
        running in another process."""
        return self.action == DEMO_STARTED


def demo_state(db: Session | Connection) -> DemoState:
    """The latest demo marker; the (entity, entity_id) index keeps this to a few rows even on
    a database with millions of audit entries."""
    row = db.execute(
        select(AuditEntry.action, AuditEntry.at, AuditEntry.after)
        .where(AuditEntry.entity == MARKER_ENTITY, AuditEntry.entity_id.is_(None),
               AuditEntry.action.in_(_MARKERS))
        .order_by(AuditEntry.id.desc()).limit(1)).first()
    if row is None:
        return DemoState()
    details = row.after if isinstance(row.after, dict) else None
    return DemoState(row.action, row.at, details)


def demo_accounts(db: Session | Connection) -> list[DemoAccount]:
    """One active account per role among those a finished demo created, in the order of the
    roles (administrator first); [] on any other database.

    Accounts come from the users table as they are now: one deactivated or deleted since the
    demo is not offered, and a changed role or name shows as changed.
    """
    state = demo_state(db)
    if not state.built or state.details is None:
        return []
    logins = [x for x in state.details.get("logins") or () if isinstance(x, str)]
    if not logins:
        return []
    rows = db.execute(select(User.login, User.full_name, User.role)
                      .where(User.login.in_(logins), User.active.is_(True))).all()
    by_login = {r.login: r for r in rows}
    first: dict[str, DemoAccount] = {}
    for login in logins:  # the demo's own order: its first account of each role
        row = by_login.get(login)
        if row is not None and str(row.role) not in first:
            first[str(row.role)] = DemoAccount(row.login, row.full_name, str(row.role))
    return [first[str(role)] for role in Role if str(role) in first]
