"""Small builders for test records, going through the services like the window does."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy.orm import Session

from gem.services.actor import Actor
from gem.services.grievance import GrievanceService
from gem.services.member import MemberService

_numbers = itertools.count(100_000)


def member(session: Session, actor: Actor, **fields: Any):
    data = {"member_number": str(next(_numbers)), "last_name": "Tremblay",
            "first_name": "Julie", "institution_id": 2}
    data.update(fields)
    return MemberService().create(session, actor, data)


def grievance(session: Session, actor: Actor, members: list[int] | None = None,
              **fields: Any):
    if members is None:
        members = [member(session, actor).id]
    data = {"kind": "individual", "nature": "pay", "institution_id": 2,
            "title": "Prime de soir non versée", "event_date": "2026-09-01",
            "knowledge_date": "2026-09-03", "filed_date": "2026-09-20", "status": "filed",
            "member_ids": members}
    data.update(fields)
    return GrievanceService().create(session, actor, data)
