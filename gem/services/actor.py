"""Who is acting: every service call takes one, for permissions, audit and message language."""

from __future__ import annotations

from dataclasses import dataclass

from gem.models.enums import Role

WRITERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.COUNSELLOR, Role.SECRETARY})
DELETERS = frozenset({Role.ADMIN, Role.COORDINATOR})
SEES_ALL_CONFIDENTIAL = frozenset({Role.ADMIN, Role.COORDINATOR})


@dataclass(frozen=True)
class Actor:
    id: int | None
    login: str
    role: str
    language: str = "fr"

    @property
    def can_write(self) -> bool:
        return self.role in WRITERS

    @property
    def can_delete(self) -> bool:
        return self.role in DELETERS

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def sees_all_confidential(self) -> bool:
        return self.role in SEES_ALL_CONFIDENTIAL


# Batch jobs (migrations seeding, demo data) act as this built-in identity.
SYSTEM = Actor(id=None, login="system", role=Role.ADMIN)
