"""Who is acting: every service call takes one, for permissions, audit and message language.

What an actor may do is asked of gem.services.policy, the one place role rules are written."""

from __future__ import annotations

from dataclasses import dataclass

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
