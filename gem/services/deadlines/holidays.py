"""Administering holidays: a day the government proclaims is added by an administrator.

Adding a holiday does not move deadlines already computed (a counsellor may already have
planned around them); it returns the open deadlines that fall on that day so the
administrator can see which files to look at.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from gem.i18n import N_
from gem.models import Deadline, ProclaimedHoliday
from gem.models.enums import DeadlineStatus
from gem.services import audit, policy
from gem.services.actor import Actor
from gem.services.errors import FieldError, ValidationError


@dataclass(frozen=True)
class HolidayAdded:
    holiday: ProclaimedHoliday
    deadlines_on_that_day: list[Deadline]


def add_proclaimed_holiday(session: Session, actor: Actor, day: date | None, name: str | None,
                           source: str | None = None) -> HolidayAdded:
    policy.require(actor, policy.Action.CHANGE_RULES, policy.HOLIDAY)
    errors: list[FieldError] = []
    name = (name or "").strip()
    if day is None:
        errors.append(FieldError("day", N_("Date"), N_("ce champ est obligatoire.")))
    elif session.scalar(select(ProclaimedHoliday.id).where(ProclaimedHoliday.day == day)):
        errors.append(FieldError("day", N_("Date"), N_("« {value} » est déjà utilisé."),
                                 {"value": day.isoformat()}))
    if not name:
        errors.append(FieldError("name", N_("Nom"), N_("ce champ est obligatoire.")))
    elif len(name) > 120:
        errors.append(FieldError("name", N_("Nom"),
                                 N_("{length} caractères au plus ({actual} saisis)."),
                                 {"length": 120, "actual": len(name)}))
    if errors:
        raise ValidationError(errors, actor.language)
    holiday = ProclaimedHoliday(day=day, name=name, source=(source or "").strip() or None,
                                updated_by_id=actor.id)
    session.add(holiday)
    session.flush()
    audit.record(session, actor, "create", "proclaimed_holiday", holiday.id, None,
                 audit.snapshot(holiday))
    on_day = list(session.scalars(select(Deadline).where(
        Deadline.status == DeadlineStatus.OPEN, Deadline.due_date == day)
        .order_by(Deadline.id)))
    return HolidayAdded(holiday, on_day)
