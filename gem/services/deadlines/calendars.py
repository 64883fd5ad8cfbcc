"""Whose days a delay is counted on, and how sure we are of each.

A delay that ends on a day its source does not count as a working day moves to the next
working day; which days those are depends on the source. The Interpretation Act (art. 52,
61(23)) moves a deadline off Sundays and its listed holidays only; the Code of Civil
Procedure (art. 82-83) also off Saturdays, 2 January and 26 December; a collective agreement
may list its own. Each calendar (table ``deadline_calendars``) names the days it treats as
non-working, each ``holiday`` (the source was read and lists it) or ``unverified`` (it may).

A missed deadline loses the case; a deadline shown one day early costs nothing. So every
computation is made twice:

* the **strict** reading counts only certain non-working days: the days the calendar lists as
  ``holiday`` when the rule's choice of calendar was verified, else only the days every
  general calendar agrees on. Its date is the one GEM retains and shows;
* the **lenient** reading counts every day any plausible reading treats as non-working; its
  date, when later, is shown as « au plus tard » and never used as the deadline.

Both readings are plain sets of days (:class:`Reading`) over the holidays of
:class:`~gem.services.deadlines.calendar.HolidayCalendar`, so the counting functions stay pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gem.i18n import N_, tr
from gem.models import DeadlineCalendar
from gem.services.deadlines.calendar import SATURDAY, SUNDAY, Holiday, HolidayCalendar

HOLIDAY = "holiday"          # the source lists the day: it moves a deadline
UNVERIFIED = "unverified"    # the source may list it: it never moves a deadline later
DAY_STATUSES = (HOLIDAY, UNVERIFIED)

SATURDAY_DAY = "saturday"
SUNDAY_DAY = "sunday"
PROCLAIMED_DAY = "proclaimed"  # the days the government proclaims (ProclaimedHoliday)
WEEKDAY_DAYS = {SATURDAY_DAY: SATURDAY, SUNDAY_DAY: SUNDAY}

INTERPRETATION_ACT = "interpretation_act"
CPC = "cpc"
GENERAL = (INTERPRETATION_ACT, CPC)  # the built-in calendars every rule could be read with
AGREEMENT = "agreement"  # a rule version's calendar: the file's collective agreement's own

STATUS_LABELS = {HOLIDAY: N_("férié (vérifié)"), UNVERIFIED: N_("férié non vérifié")}
DAY_LABELS = {SATURDAY_DAY: N_("Samedi"), SUNDAY_DAY: N_("Dimanche"),
              PROCLAIMED_DAY: N_("Jours proclamés par le gouvernement")}


@dataclass(frozen=True)
class Reading:
    """A set of non-working days: weekdays, holiday rule codes, proclaimed days or not."""

    weekdays: frozenset[int] = frozenset()
    holidays: frozenset[str] = frozenset()
    proclaimed: bool = False

    @classmethod
    def of(cls, days: Iterable[str]) -> Reading:
        days = set(days)
        return cls(frozenset(WEEKDAY_DAYS[d] for d in days if d in WEEKDAY_DAYS),
                   frozenset(d for d in days if d not in WEEKDAY_DAYS and d != PROCLAIMED_DAY),
                   PROCLAIMED_DAY in days)

    def __and__(self, other: Reading) -> Reading:
        return Reading(self.weekdays & other.weekdays, self.holidays & other.holidays,
                       self.proclaimed and other.proclaimed)

    def __or__(self, other: Reading) -> Reading:
        return Reading(self.weekdays | other.weekdays, self.holidays | other.holidays,
                       self.proclaimed or other.proclaimed)


@dataclass(frozen=True)
class CalendarSpec:
    """One calendar as the database defines it now."""

    code: str
    name_fr: str
    name_en: str
    source: str | None
    days: Mapping[str, str]                 # day kind -> HOLIDAY | UNVERIFIED
    day_sources: Mapping[str, str | None] = field(default_factory=dict)
    id: int | None = None
    agreement_id: int | None = None
    version: int = 1

    def name(self, lang: str | None) -> str:
        return self.name_en if lang == "en" else self.name_fr

    def certain(self) -> Reading:
        return Reading.of(d for d, s in self.days.items() if s == HOLIDAY)

    def possible(self) -> Reading:
        return Reading.of(self.days)


class CalendarView:
    """The working days of one reading, with the interface the counting functions use
    (:class:`~gem.services.deadlines.calendar.HolidayCalendar` has the same three methods)."""

    def __init__(self, holidays: HolidayCalendar, reading: Reading):
        self.base = holidays
        self.reading = reading

    def holiday_on(self, day: date) -> Holiday | None:
        for h in self.base.holidays_on(day):
            if (h.code is None and self.reading.proclaimed) or h.code in self.reading.holidays:
                return h
        return None

    def is_working_day(self, day: date) -> bool:
        return day.weekday() not in self.reading.weekdays and self.holiday_on(day) is None

    def next_working_day(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


@dataclass(frozen=True)
class Resolved:
    """The calendar a computation uses and its two readings.

    ``verified``: the rule's choice of this calendar was checked against its source (or the
    user picked the calendar). ``fallback``: the rule counts on the agreement's days, but the
    agreement has none defined, so the Interpretation Act stands in."""

    calendar: CalendarSpec
    verified: bool
    strict: Reading
    lenient: Reading
    fallback: bool = False
    everything: bool = False  # the ad-hoc calculator's habitual count: every listed day
    picked: bool = False      # named by the user for an ad-hoc count

    @property
    def certain(self) -> bool:
        return self.strict == self.lenient

    def describe(self, lang: str | None) -> str:
        """« Calendrier : … » as the CLI and the form print it."""
        if self.everything:
            note = tr(N_("tous ses jours, vérifiés ou non"), lang)
        elif self.picked:
            note = tr(N_("choisi pour ce calcul"), lang)
        elif self.fallback:
            note = tr(N_("la convention n'a pas défini ses jours : jours certains seulement"),
                      lang)
        elif self.verified:
            note = tr(N_("choix vérifié"), lang)
        else:
            note = tr(N_("choix non vérifié : jours certains selon tous les calendriers"),
                      lang)
        return tr(N_("Calendrier : {name} ({note})"), lang, name=self.calendar.name(lang),
                  note=note)


@dataclass
class Calendars:
    """Everything a computation needs about days, loaded once per use case."""

    holidays: HolidayCalendar
    by_code: dict[str, CalendarSpec]
    _views: dict[Reading, CalendarView] = field(default_factory=dict, repr=False)
    _resolved: dict[tuple[str | None, bool, int | None], Resolved] = field(
        default_factory=dict, repr=False)

    def view(self, reading: Reading) -> CalendarView:
        found = self._views.get(reading)
        if found is None:
            found = self._views[reading] = CalendarView(self.holidays, reading)
        return found

    def for_agreement(self, agreement_id: int | None) -> CalendarSpec | None:
        if agreement_id is None:
            return None
        for spec in self.by_code.values():
            if spec.agreement_id == agreement_id:
                return spec
        return None

    def general(self) -> list[CalendarSpec]:
        return [self.by_code[c] for c in GENERAL if c in self.by_code]

    def resolve(self, code: str | None, verified: bool,
                agreement_id: int | None = None) -> Resolved:
        """The calendar a rule version names (``code``: a calendar code, ``agreement`` or
        None), for a file under ``agreement_id``. A choice nobody verified keeps only the
        days every general calendar is certain of, and allows for every day any of them may
        count (module docstring). Memoised: a report resolves the same few thousand times."""
        key = (code, verified, agreement_id if code == AGREEMENT else None)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = self._resolve(code, verified, agreement_id)
        return found

    def _resolve(self, code: str | None, verified: bool, agreement_id: int | None) -> Resolved:
        fallback = False
        spec: CalendarSpec | None
        if code == AGREEMENT:
            spec = self.for_agreement(agreement_id)
            if spec is None:
                spec, fallback, verified = self.by_code[INTERPRETATION_ACT], True, False
        else:
            spec = self.by_code.get(code or INTERPRETATION_ACT)
            if spec is None:
                spec, verified = self.by_code[INTERPRETATION_ACT], False
        strict, lenient = spec.certain(), spec.possible()
        if not verified:
            for other in self.general():
                strict &= other.certain()
                lenient |= other.possible()
        return Resolved(spec, verified, strict, lenient, fallback)

    def chosen(self, code: str) -> Resolved:
        """A calendar the user names for an ad-hoc count: taken as verified."""
        spec = self.by_code[code]
        return Resolved(spec, True, spec.certain(), spec.possible(), picked=True)

    def habitual(self) -> Resolved:
        """The ad-hoc calculator's count when no calendar is named: every day the C.p.c.
        calendar lists, unverified ones included, as GEM counted before calendars."""
        spec = self.by_code[CPC]
        every = spec.possible()
        return Resolved(spec, True, every, every, everything=True)


def spec_of(row: DeadlineCalendar) -> CalendarSpec:
    return CalendarSpec(row.code, row.name_fr, row.name_en, row.source,
                        {d.day: d.status for d in row.days},
                        {d.day: d.source for d in row.days}, row.id, row.agreement_id,
                        row.version)


def load_calendars(session: Session, holidays: HolidayCalendar | None = None) -> Calendars:
    from gem.services.deadlines.calendar import load_calendar

    rows = session.scalars(select(DeadlineCalendar)
                           .options(selectinload(DeadlineCalendar.days))
                           .order_by(DeadlineCalendar.id))
    return Calendars(holidays or load_calendar(session), {r.code: spec_of(r) for r in rows})


def uncertain_days(calendars: Calendars, resolved: Resolved, start: date,
                   end: date) -> list[tuple[date, Any]]:
    """Days in ``(start, end]`` the lenient reading does not work and the strict one does:
    the days whose status decides between the two dates."""
    strict, lenient = calendars.view(resolved.strict), calendars.view(resolved.lenient)
    found = []
    day = start + timedelta(days=1)
    while day <= end:
        if strict.is_working_day(day) and not lenient.is_working_day(day):
            found.append((day, lenient.holiday_on(day)))
        day += timedelta(days=1)
    return found
