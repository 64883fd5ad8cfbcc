"""Who is acting: every service call takes one, for permissions, audit and message language.

What an actor may do is asked of gem.services.policy, the one place role rules are written."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from gem.models.enums import Role
from gem.services import policy


@dataclass(frozen=True)
class Actor:
    id: int | None
    login: str
    role: str
    language: str = "fr"

    @property
    def is_admin(self) -> bool:
        """May set up and upgrade the database (the start-up asks before an upgrade)."""
        return policy.may(self, policy.Action.UPDATE, policy.DATABASE)

    @property
    def sees_all_confidential(self) -> bool:
        return policy.sees_all_confidential(self)


# Batch jobs (migrations seeding, demo data) act as this built-in identity.
SYSTEM = Actor(id=None, login="system", role=Role.ADMIN)


def current(session: Session, actor: Actor) -> Actor:
    """The actor as the database knows them now: an account deactivated or demoted since
    sign-in (or an Actor made up in code) acts with what the users table says, not with
    what the caller claims. The built-in system identity (id None: the command line, demo
    data) has no row and is taken as it is."""
    if actor.id is None:
        return actor
    from sqlalchemy import select

    from gem.models import User
    from gem.services.errors import PermissionDenied

    row = session.execute(select(User.login, User.role, User.active)
                          .where(User.id == actor.id)).first()
    if row is None or not row.active or row.login != actor.login:
        raise PermissionDenied(None, actor.language)
    if row.role == actor.role:
        return actor
    return Actor(actor.id, actor.login, row.role, actor.language)
