"""Where the calendars disagree: every (rule, trigger day) whose deadline is not the same date
on every calendar.

An administrator checking a rule against its statute needs the days where the choice of
calendar matters (a Saturday, 2 January, 26 December), not the thousands where it does not.
Each row gives the date GEM retains for the rule and the date on each reading, so the effect
of marking a calendar choice or a day verified is visible before anyone makes it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from gem.i18n import N_
from gem.services.deadlines.calendars import Calendars, Reading, load_calendars
from gem.services.deadlines.compute import compute_with_version
from gem.services.deadlines.counting import count
from gem.services.deadlines.rules import get_rule, list_rules, select_version
from gem.services.errors import FieldError, ValidationError

MAX_DAYS = 366 * 40  # forty years of trigger days at most in one audit


@dataclass(frozen=True)
class Column:
    """One reading the audit compares: a calendar's certain days, or all its days."""

    key: str            # "interpretation_act", "cpc", "cpc+unverified", ...
    calendar_code: str
    with_unverified: bool


@dataclass(frozen=True)
class Difference:
    rule_code: str
    trigger: date
    retained: date                  # what GEM shows for the rule (strict reading)
    latest: date | None             # the rule's « au plus tard », if any
    dates: tuple[date, ...]         # one per column, in the order of ``columns``
    raw: date                       # where the count lands before any move


@dataclass(frozen=True)
class Audit:
    start: date
    end: date
    columns: tuple[Column, ...]
    rows: tuple[Difference, ...]
    checked: int                    # (rule, trigger day) pairs computed
    names: dict[str, str]           # calendar code -> name in the reader's language

    def per_rule(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for row in self.rows:
            found[row.rule_code] = found.get(row.rule_code, 0) + 1
        return found


def columns_of(calendars: Calendars) -> tuple[Column, ...]:
    found = []
    for spec in calendars.by_code.values():
        found.append(Column(spec.code, spec.code, False))
        if spec.possible() != spec.certain():
            found.append(Column(f"{spec.code}+unverified", spec.code, True))
    return tuple(found)


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def audit_calendars(session: Session, start: date | None, end: date | None,
                    rule_codes: Sequence[str] | None = None,
                    lang: str | None = None) -> Audit:
    """Compare, for each rule and each trigger day from ``start`` to ``end``, the deadline on
    every calendar (the general version of the rule in force that day; the cap counted from
    the same day)."""
    errors = []
    if start is None:
        errors.append(FieldError("start", N_("Du"), N_("ce champ est obligatoire.")))
    if end is None:
        errors.append(FieldError("end", N_("Au"), N_("ce champ est obligatoire.")))
    if start is not None and end is not None:
        if end < start:
            errors.append(FieldError("end", N_("Au"),
                                     N_("doit être le {start} ou après."),
                                     {"start": start.isoformat()}))
        elif (end - start).days > MAX_DAYS:
            errors.append(FieldError("end", N_("Au"),
                                     N_("période de {days} jours au plus."),
                                     {"days": MAX_DAYS}))
    if errors:
        raise ValidationError(errors, lang)
    assert start is not None and end is not None
    calendars = load_calendars(session)
    rules = [get_rule(session, c, lang) for c in rule_codes] if rule_codes \
        else list_rules(session)
    columns = columns_of(calendars)
    views = [calendars.view(_reading(calendars, c)) for c in columns]
    rows: list[Difference] = []
    checked = 0
    for rule in rules:
        for day in _days(start, end):
            version = select_version(rule.versions, day, None)
            if version is None:
                continue
            checked += 1
            retained = compute_with_version(calendars, version, day, day)
            dates = []
            for view in views:
                due = count(view, day, version.length, version.unit).due
                if version.cap_length and version.cap_unit:
                    due = min(due, count(view, day, version.cap_length, version.cap_unit).due)
                dates.append(due)
            if len(set(dates)) > 1 or retained.latest_date is not None:
                rows.append(Difference(rule.code, day, retained.due_date,
                                       retained.latest_date, tuple(dates),
                                       retained.main.raw))
    return Audit(start, end, columns, tuple(rows), checked,
                 {code: spec.name(lang) for code, spec in calendars.by_code.items()})


def _reading(calendars: Calendars, column: Column) -> Reading:
    spec = calendars.by_code[column.calendar_code]
    return spec.possible() if column.with_unverified else spec.certain()
