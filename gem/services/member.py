"""Members and their employment history."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from gem.i18n import N_
from gem.models import EmploymentRecord, Member
from gem.models.enums import EmploymentStatus, Language, MemberStatus
from gem.services.actor import Actor
from gem.services.entity import EntityService
from gem.services.errors import FieldError
from gem.services.search_keys import column_key, word_prefix_filter
from gem.services.values import BadValue, parse_text

_EMAIL_HINT = "@"


class MemberService(EntityService[Member]):
    model = Member
    entity = "member"
    label = N_("Membre")
    choices: ClassVar = {"employment_status": EmploymentStatus, "status": MemberStatus,
                         "language": Language}
    date_order = (("hire_date", "left_date"), ("seniority_date", "left_date"))
    not_after_today = frozenset({"hire_date", "membership_date"})
    default_order = "last_name"

    def check(self, session: Session, actor: Actor, values: dict[str, Any],
              extras: dict[str, Any], obj: Member | None) -> list[FieldError]:
        errors = []
        email = values.get("email")
        if email and (_EMAIL_HINT not in email or email.startswith("@") or email.endswith("@")):
            errors.append(FieldError("email", N_("Courriel"),
                                     N_("« {value} » n'est pas une adresse courriel."),
                                     {"value": email}))
        if values.get("status") == MemberStatus.LEFT and values.get("left_date") is None:
            errors.append(FieldError("left_date", N_("Date de départ"),
                                     N_("obligatoire pour un membre parti.")))
        return errors

    def before_save(self, session: Session, actor: Actor, obj: Member, values: dict[str, Any],
                    extras: dict[str, Any], created: bool) -> None:
        obj.search_key = column_key(Member.search_key, obj.last_name, obj.first_name)

    def text_filter(self, stmt: Select[Any], text: str) -> Select[Any]:
        text = text.strip()
        if text.isdigit():
            return stmt.where(or_(Member.member_number.like(f"{text}%"),
                                  Member.employee_number.like(f"{text}%")))
        return word_prefix_filter(stmt, Member.search_key, text)

    def possible_duplicates(self, session: Session, actor: Actor, last_name: str,
                            first_name: str, exclude_id: int | None = None) -> list[Member]:
        """Members with the same folded name: shown before saving a new member, so the same
        person is not entered twice under two numbers. Names as typed, not yet cleaned: one
        no name can be (a control character) has no duplicate."""
        try:
            last_name, first_name = parse_text(last_name) or "", parse_text(first_name) or ""
        except BadValue:
            return []
        stmt = select(Member).where(
            Member.search_key == column_key(Member.search_key, last_name, first_name))
        if exclude_id is not None:
            stmt = stmt.where(Member.id != exclude_id)
        return list(session.scalars(stmt.limit(20)))


class EmploymentRecordService(EntityService[EmploymentRecord]):
    model = EmploymentRecord
    entity = "employment_record"
    label = N_("Emploi")
    choices: ClassVar = {"employment_status": EmploymentStatus}
    date_order = (("start_date", "end_date"),)
    default_order = "start_date"
