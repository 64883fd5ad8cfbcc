"""Audit entries written in the same transaction as the change they describe."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from gem.models import AuditEntry
from gem.services.actor import Actor

# Never in an audit entry: derived search keys, file contents, and secrets in any form (a
# password hash in the log is as good as one in the users table to whoever reads the log).
_SKIP = {"search_key", "content", "password_hash"}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    """Column values of a mapped object, JSON-ready (dates as ISO text, amounts as text)."""
    mapper = inspect(obj).mapper
    return {c.key: _json_value(getattr(obj, c.key)) for c in mapper.column_attrs
            if c.key not in _SKIP}


def snapshot_of(values: dict[str, Any]) -> dict[str, Any]:
    """``snapshot`` of a row written in bulk (an import), from the values it was given."""
    return {key: _json_value(value) for key, value in values.items() if key not in _SKIP}


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [k for k in after if before.get(k) != after.get(k)
            and k not in ("version", "updated_at", "updated_by_id")]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(session: Session, actor: Actor, action: str, entity: str, entity_id: int | None,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> None:
    session.add(AuditEntry(user_id=actor.id, user_login=actor.login, action=action,
                           entity=entity, entity_id=entity_id, before=before, after=after))


# The entities whose audit rows reveal a file the actor may not see: the service that hides the
# file says whether its history may be read.
_FILE_SERVICES = {"grievance": "gem.services.grievance:GrievanceService",
                  "recourse": "gem.services.recourse:RecourseService",
                  "arbitration": "gem.services.arbitration:ArbitrationService"}


def history(session: Session, actor: Actor, entity: str, entity_id: int) -> list[AuditEntry]:
    """The record's audit entries, oldest first, if ``actor`` may see the record: a hidden
    confidential file's history is as hidden as the file (NotFoundError)."""
    from importlib import import_module

    from gem.services import policy
    from gem.services.policy import Action

    policy.require(actor, Action.READ, policy.AUDIT)
    if entity in _FILE_SERVICES:
        module, name = _FILE_SERVICES[entity].split(":")
        getattr(import_module(module), name)().get(session, actor, entity_id)
    stmt = (select(AuditEntry).where(AuditEntry.entity == entity,
                                     AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.at, AuditEntry.id))
    return list(session.scalars(stmt))
