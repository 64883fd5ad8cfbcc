"""Counting a delay the way Québec law counts it.

Interpretation Act (CQLR c. I-16) and C.p.c. art. 83, as summarised in DESIGN.md:

* the day that starts the delay (day 0) is not counted, the last day is;
* calendar days include weekends and holidays, but a last day that falls on a Saturday, a
  Sunday or a holiday moves to the next working day;
* a delay in months (or years) ends on the same day number of the target month, or on that
  month's last day when it is shorter (31 January + 1 month = 28 or 29 February);
* working days count only days that are neither weekends nor holidays, so the last one is
  always a working day.

Every function here is pure: it takes a calendar (:class:`WorkingDays`) and dates, so the property
tests can run thousands of cases without a database.
"""

from __future__ import annotations

import calendar as _pycal
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from gem.models.enums import DeadlineUnit
from gem.services.deadlines.calendar import SATURDAY, SUNDAY, Holiday


class WorkingDays(Protocol):
    """What counting needs of a calendar: WorkingDays (every listed day) or one reading
    of a rule's calendar (gem.services.deadlines.calendars.CalendarView)."""

    def holiday_on(self, day: date) -> Holiday | None: ...

    def is_working_day(self, day: date) -> bool: ...

    def next_working_day(self, day: date) -> date: ...


def add_months(start: date, months: int) -> date:
    """Same day number ``months`` later, or the last day of a shorter target month."""
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    last = _pycal.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(start.day, last))


def add_working_days(calendar: WorkingDays, start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself is never counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if calendar.is_working_day(current):
            remaining -= 1
    return current


def raw_end(calendar: WorkingDays, start: date, length: int, unit: str) -> date:
    """The last day of the delay before any move for a weekend or holiday."""
    if length < 0:
        raise ValueError("negative delay")
    if unit == DeadlineUnit.DAYS:
        return start + timedelta(days=length)
    if unit == DeadlineUnit.WORKING_DAYS:
        return add_working_days(calendar, start, length)
    if unit == DeadlineUnit.MONTHS:
        return add_months(start, length)
    if unit == DeadlineUnit.YEARS:
        return add_months(start, 12 * length)
    raise ValueError(f"unknown unit {unit!r}")


@dataclass(frozen=True)
class Count:
    """One delay counted from one date: where it lands and, if it had to move, why."""

    start: date
    length: int
    unit: str
    raw: date       # the day the count lands on
    due: date       # the first working day on or after ``raw``
    reason: str | None = None  # "saturday", "sunday" or "holiday" when ``due != raw``
    holiday: Holiday | None = None

    @property
    def moved(self) -> bool:
        return self.due != self.raw


def count(calendar: WorkingDays, start: date, length: int, unit: str) -> Count:
    """Count ``length`` ``unit`` from ``start`` and move a non-working last day forward."""
    raw = raw_end(calendar, start, length, unit)
    due = calendar.next_working_day(raw)
    if due == raw:
        return Count(start, length, unit, raw, due)
    holiday = calendar.holiday_on(raw)
    if holiday is not None:
        reason = "holiday"
    elif raw.weekday() == SATURDAY:
        reason = "saturday"
    else:
        assert raw.weekday() == SUNDAY
        reason = "sunday"
    return Count(start, length, unit, raw, due, reason, holiday)
