"""Québec holidays for any year, computed from the ``holiday_rules`` table plus the days the
government proclaims.

The rules live in the database (seeded from resources/data/holiday_rules.csv) rather than in
code, so an administrator can deactivate or add one without a release; this module only knows
how to turn a rule string into a date. Easter uses the anonymous Gregorian algorithm (Meeus /
Jones / Butcher), exact for every Gregorian year, so no dependency is needed for it.

Rule strings:

* ``fixed:MM-DD`` — the same day every year (24 June);
* ``easter:+N`` / ``easter:-N`` — N days after or before Easter Sunday (Good Friday is -2);
* ``monday_before:MM-DD`` — the Monday strictly before that day (Patriots' Day: before 25 May);
* ``nth_weekday:MM:N:W`` — the N-th weekday W (Monday=0) of the month, N=-1 for the last one;
* ``fixed_sunday_next:MM-DD`` — that day, or the next day when it falls on a Sunday
  (1 July, or 2 July when 1 July is a Sunday, Interpretation Act s. 61(23)).
"""

from __future__ import annotations

import calendar as _pycal
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from gem.i18n import N_
from gem.models import HolidayRule, ProclaimedHoliday
from gem.services.values import BadValue

SATURDAY, SUNDAY = 5, 6


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous algorithm, valid for every year after 1582)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _month_day(text: str) -> tuple[int, int]:
    month, day = text.split("-")
    return int(month), int(day)


def holiday_date(rule: str, year: int) -> date | None:
    """The date ``rule`` gives in ``year``; None when the rule has no date that year
    (e.g. ``fixed:02-29`` in a common year). Raises BadValue for a malformed rule, with a
    message an administrator can act on."""
    try:
        kind, _, arg = rule.strip().partition(":")
        if kind == "fixed":
            month, day = _month_day(arg)
            if month == 2 and day == 29 and not _pycal.isleap(year):
                return None
            return date(year, month, day)
        if kind == "easter":
            return easter_sunday(year) + timedelta(days=int(arg))
        if kind == "monday_before":
            month, day = _month_day(arg)
            before = date(year, month, day) - timedelta(days=1)
            return before - timedelta(days=before.weekday())
        if kind == "nth_weekday":
            month_s, nth_s, weekday_s = arg.split(":")
            month, nth, weekday = int(month_s), int(nth_s), int(weekday_s)
            if not 0 <= weekday <= 6 or nth == 0 or not -5 <= nth <= 5:
                raise ValueError(rule)
            if nth > 0:
                first = date(year, month, 1)
                result = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
            else:
                last = date(year, month, _pycal.monthrange(year, month)[1])
                result = last - timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-nth - 1))
            return result if result.month == month else None
        if kind == "fixed_sunday_next":
            month, day = _month_day(arg)
            result = date(year, month, day)
            return result + timedelta(days=1) if result.weekday() == SUNDAY else result
    except (ValueError, TypeError):
        pass
    raise BadValue(N_("« {value} » n'est pas une règle de jour férié valide."), value=rule)


@dataclass(frozen=True)
class Holiday:
    day: date
    name_fr: str
    name_en: str | None
    code: str | None = None  # None for a proclaimed holiday

    def name(self, lang: str | None) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_fr


@dataclass(frozen=True)
class RuleSpec:
    code: str
    name_fr: str
    name_en: str | None
    rule: str


@dataclass
class HolidayCalendar:
    """Holidays of any year, computed on demand and memoised per year.

    Built once per use case from the database (:func:`load_calendar`) and then pure, so the
    counting functions and the property tests need no database."""

    rules: tuple[RuleSpec, ...]
    proclaimed: dict[date, str] = field(default_factory=dict)
    _years: dict[int, dict[date, Holiday]] = field(default_factory=dict, repr=False)
    _all: dict[int, dict[date, tuple[Holiday, ...]]] = field(default_factory=dict, repr=False)

    def holidays(self, year: int) -> dict[date, Holiday]:
        found = self._years.get(year)
        if found is None:
            found = {}
            for spec in self.rules:
                day = holiday_date(spec.rule, year)
                if day is not None and day not in found:
                    found[day] = Holiday(day, spec.name_fr, spec.name_en, spec.code)
            for day, name in self.proclaimed.items():
                if day.year == year and day not in found:
                    found[day] = Holiday(day, name, None, None)
            self._years[year] = found
        return found

    def holiday_on(self, day: date) -> Holiday | None:
        return self.holidays(day.year).get(day)

    def holidays_on(self, day: date) -> tuple[Holiday, ...]:
        """Every holiday on ``day``: two rules (or a rule and a proclamation) may fall on the
        same date, and a calendar may count one of them and not the other."""
        found = self._all.get(day.year)
        if found is None:
            every: dict[date, list[Holiday]] = {}
            for spec in self.rules:
                when = holiday_date(spec.rule, day.year)
                if when is not None:
                    every.setdefault(when, []).append(
                        Holiday(when, spec.name_fr, spec.name_en, spec.code))
            for when, name in self.proclaimed.items():
                if when.year == day.year:
                    every.setdefault(when, []).append(Holiday(when, name, None, None))
            found = self._all[day.year] = {k: tuple(v) for k, v in every.items()}
        return found.get(day, ())

    def is_working_day(self, day: date) -> bool:
        """Not a Saturday, a Sunday (C.p.c. art. 83 treats Saturday like a holiday) nor a
        holiday: every day the table lists, which is the C.p.c. calendar read with its
        unverified days (gem.services.deadlines.calendars has the calendars of the rules)."""
        return day.weekday() < SATURDAY and day not in self.holidays(day.year)

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def listing(self, year: int) -> list[Holiday]:
        return sorted(self.holidays(year).values(), key=lambda h: h.day)


def calendar_from(rules: Iterable[RuleSpec], proclaimed: dict[date, str] | None = None
                  ) -> HolidayCalendar:
    return HolidayCalendar(tuple(rules), dict(proclaimed or {}))


def load_calendar(session: Session) -> HolidayCalendar:
    """The calendar as the database defines it now: active rules plus proclaimed days."""
    rules = [RuleSpec(r.code, r.name_fr, r.name_en, r.rule) for r in session.scalars(
        select(HolidayRule).where(HolidayRule.active.is_(True)).order_by(HolidayRule.id))]
    proclaimed = {p.day: p.name for p in session.scalars(select(ProclaimedHoliday))}
    return calendar_from(rules, proclaimed)


def default_rules() -> list[RuleSpec]:
    """The rules shipped in holiday_rules.csv, for pure tests and a database-less calculator."""
    import csv

    from gem.paths import resource_path

    with open(resource_path("data", "holiday_rules.csv"), encoding="utf-8", newline="") as fh:
        return [RuleSpec(r["code"], r["name_fr"], r["name_en"] or None, r["rule"])
                for r in csv.DictReader(fh) if r["active"] == "1"]
