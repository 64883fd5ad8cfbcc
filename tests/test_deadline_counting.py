"""Holiday computation and delay counting, by hand-computed cases and by properties.

Every expected date below was worked out on paper from a calendar (weekday noted), not by
running the code: 2026-01-01 is a Thursday, 2027-01-01 a Friday, 2028-01-01 a Saturday,
2029-01-01 a Monday.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gem.models.enums import DeadlineUnit
from gem.services.deadlines import add_months, compute_adhoc, count, easter_sunday
from gem.services.deadlines.calendar import (
    RuleSpec,
    calendar_from,
    default_rules,
    holiday_date,
)
from gem.services.deadlines.compute import ComputedDeadline, compute_with_version
from gem.services.deadlines.rules import ProposedVersion
from gem.services.errors import ValidationError
from gem.services.values import BadValue

D = date.fromisoformat


# ---------------------------------------------------------------------- holidays
@pytest.mark.parametrize("year,easter", [(2018, "2018-04-01"), (2024, "2024-03-31"),
                                         (2026, "2026-04-05"), (2027, "2027-03-28"),
                                         (2028, "2028-04-16"), (2029, "2029-04-01"),
                                         (2038, "2038-04-25"), (2285, "2285-03-22")])
def test_easter_known_years(year, easter):
    assert easter_sunday(year) == D(easter)


def test_holidays_2026(cal):
    codes = {h.day.isoformat(): h.code for h in cal.listing(2026)}
    assert codes == {
        "2026-01-01": "new_year", "2026-01-02": "day_after_new_year",
        "2026-04-03": "good_friday", "2026-04-06": "easter_monday",
        "2026-05-18": "patriots_day", "2026-06-24": "fete_nationale",
        "2026-07-01": "canada_day", "2026-09-07": "labour_day",
        "2026-10-12": "thanksgiving", "2026-12-25": "christmas", "2026-12-26": "boxing_day"}


def test_canada_day_moves_to_2_july_when_1_july_is_a_sunday(cal):
    assert D("2029-07-01").weekday() == 6
    assert cal.holiday_on(D("2029-07-01")) is None
    assert cal.holiday_on(D("2029-07-02")).code == "canada_day"
    assert cal.holiday_on(D("2028-07-01")).code == "canada_day"  # a Saturday: not moved


@pytest.mark.parametrize("year,expected", [(2026, "2026-05-18"), (2027, "2027-05-24"),
                                           (2020, "2020-05-18"), (2021, "2021-05-24")])
def test_patriots_day_is_the_monday_before_25_may(year, expected):
    # 2026-05-25 and 2020-05-25 are Mondays themselves: the holiday is the week before.
    assert holiday_date("monday_before:05-25", year) == D(expected)


def test_nth_weekday_rules():
    assert holiday_date("nth_weekday:09:1:0", 2026) == D("2026-09-07")
    assert holiday_date("nth_weekday:10:2:0", 2026) == D("2026-10-12")
    assert holiday_date("nth_weekday:05:-1:0", 2026) == D("2026-05-25")
    assert holiday_date("fixed:02-29", 2027) is None


@pytest.mark.parametrize("rule", ["fixed:13-01", "easter:x", "nth_weekday:09:0:0",
                                  "weekly:mon", "", "fixed_sunday_next:07"])
def test_malformed_rules_are_refused(rule):
    with pytest.raises(BadValue):
        holiday_date(rule, 2026)


def test_proclaimed_holiday_counts(cal):
    special = calendar_from(default_rules(), {D("2026-07-03"): "Jour proclamé"})
    assert count(cal, D("2026-06-03"), 30, "days").due == D("2026-07-03")
    assert count(special, D("2026-06-03"), 30, "days").due == D("2026-07-06")


def test_inactive_rule_is_not_a_holiday():
    only_christmas = calendar_from([RuleSpec("christmas", "Noël", "Christmas", "fixed:12-25")])
    assert only_christmas.is_working_day(D("2026-06-24"))
    assert not only_christmas.is_working_day(D("2026-12-25"))


# ---------------------------------------------------------------------- counting days
@pytest.mark.parametrize("trigger,raw,due,why", [
    # 2026-03-04 + 30 = Good Friday 04-03; Sat, Sun, Easter Monday 04-06 -> Tuesday 04-07
    ("2026-03-04", "2026-04-03", "2026-04-07", "good_friday"),
    ("2026-03-07", "2026-04-06", "2026-04-07", "easter_monday"),
    ("2026-04-18", "2026-05-18", "2026-05-19", "patriots_day"),
    ("2026-05-25", "2026-06-24", "2026-06-25", "fete_nationale"),
    ("2026-06-01", "2026-07-01", "2026-07-02", "canada_day"),
    # 2029-07-01 is a Sunday: it moves to 07-02, the holiday, then to Tuesday 07-03
    ("2029-06-01", "2029-07-01", "2029-07-03", "sunday"),
    ("2029-06-02", "2029-07-02", "2029-07-03", "canada_day"),
    ("2026-08-08", "2026-09-07", "2026-09-08", "labour_day"),
    ("2026-09-12", "2026-10-12", "2026-10-13", "thanksgiving"),
    # Christmas 2026 is a Friday, 26 December a Saturday: Monday 12-28
    ("2026-11-25", "2026-12-25", "2026-12-28", "christmas"),
    # 2027-01-01 Friday, 01-02 Saturday: Monday 01-04
    ("2026-12-02", "2027-01-01", "2027-01-04", "new_year"),
    # 2029-01-01 Monday, 01-02 Tuesday (C.p.c. art. 82): Wednesday 01-03
    ("2028-12-02", "2029-01-01", "2029-01-03", "new_year"),
    ("2026-06-06", "2026-07-06", "2026-07-06", None),  # a Monday, nothing moves
    ("2026-06-04", "2026-07-04", "2026-07-06", "saturday"),
])
def test_thirty_days_around_holidays(cal, trigger, raw, due, why):
    c = count(cal, D(trigger), 30, DeadlineUnit.DAYS)
    assert (c.raw, c.due) == (D(raw), D(due))
    if why is None:
        assert not c.moved
    elif why in ("saturday", "sunday"):
        assert c.reason == why and c.holiday is None
    else:
        assert c.reason == "holiday" and c.holiday.code == why


@pytest.mark.parametrize("start,months,raw,due", [
    ("2026-01-31", 1, "2026-02-28", "2026-03-02"),   # 02-28 is a Saturday
    ("2028-01-31", 1, "2028-02-29", "2028-02-29"),   # leap year, a Tuesday
    ("2026-08-31", 6, "2027-02-28", "2027-03-01"),   # 2027-02-28 is a Sunday
    ("2027-08-31", 6, "2028-02-29", "2028-02-29"),
    ("2026-03-31", 1, "2026-04-30", "2026-04-30"),
    ("2026-01-15", 1, "2026-02-15", "2026-02-16"),   # same day number; 02-15 a Sunday
    ("2025-12-31", 6, "2026-06-30", "2026-06-30"),
])
def test_months_end_on_same_day_or_last_day(cal, start, months, raw, due):
    c = count(cal, D(start), months, DeadlineUnit.MONTHS)
    assert (c.raw, c.due) == (D(raw), D(due))


def test_years_from_29_february(cal):
    c = count(cal, D("2024-02-29"), 1, DeadlineUnit.YEARS)
    assert (c.raw, c.due) == (D("2025-02-28"), D("2025-02-28"))
    assert count(cal, D("2024-02-29"), 4, DeadlineUnit.YEARS).raw == D("2028-02-29")


def test_working_days_skip_weekends_and_holidays(cal):
    # Thursday 2026-04-02 + 1 working day: Good Friday, weekend, Easter Monday -> 04-07
    assert count(cal, D("2026-04-02"), 1, DeadlineUnit.WORKING_DAYS).due == D("2026-04-07")
    # Monday 2026-06-22 + 5: 23, (24 holiday), 25, 26, (27-28), 29, 30
    assert count(cal, D("2026-06-22"), 5, DeadlineUnit.WORKING_DAYS).due == D("2026-06-30")


def test_add_months_pure():
    assert add_months(D("2026-12-31"), 2) == D("2027-02-28")
    assert add_months(D("2026-05-31"), -3) == D("2026-02-28")


# ---------------------------------------------------------------------- caps and sentences
def _version(**kw) -> ProposedVersion:
    """A capped rule counted on the C.p.c.'s days, its choice verified: Saturdays and
    the Interpretation Act's holidays move its dates (tests/test_deadline_calendars.py has
    the other calendars)."""
    base = dict(rule_id=1, agreement_id=None, effective_from=D("1900-01-01"), length=30,
                unit="days", trigger="knowledge", cap_length=6, cap_unit="months",
                cap_trigger="event", warn_length=None, warn_unit=None, kind="strict",
                extendable=True, source="Convention", verified=False, note=None,
                calendar="cpc", calendar_verified=True)
    base.update(kw)
    return ProposedVersion(**base)


def test_cap_later_than_delay_delay_wins(cals):
    r = compute_with_version(cals, _version(), D("2026-06-01"), D("2026-05-15"))
    assert r.due_date == D("2026-07-02") and r.winner == "main"
    assert r.cap.raw == D("2026-11-15") and r.cap.due == D("2026-11-16")
    assert r.explain("fr") == (
        "30 jours après la connaissance du fait (2026-06-01) : 2026-07-01, jour férié "
        "(Fête du Canada), reporté au 2026-07-02 ; plafond de 6 mois après l'événement "
        "(2026-05-15) : 2026-11-15, un dimanche, reporté au 2026-11-16 ; la date la plus "
        "proche l'emporte : 2026-07-02")


def test_cap_earlier_than_delay_cap_wins(cals):
    # event 2025-12-20 + 6 months = 2026-06-20, a Saturday -> Monday 06-22, before 07-02
    r = compute_with_version(cals, _version(), D("2026-06-01"), D("2025-12-20"))
    assert r.due_date == D("2026-06-22") and r.winner == "cap"
    assert r.explain("en") == (
        "30 days after knowledge of the fact (2026-06-01): 2026-07-01, a holiday (Canada Day), "
        "moved to 2026-07-02; cap of 6 months after the event (2025-12-20): 2026-06-20, a "
        "Saturday, moved to 2026-06-22; the earlier date wins: 2026-06-22")


def test_cap_without_its_date_is_said_in_the_sentence(cals):
    r = compute_with_version(cals, _version(), D("2026-06-01"), None)
    assert r.due_date == D("2026-07-02") and r.cap_missing
    assert r.explain("fr").endswith("; plafond de 6 mois après l'événement non calculé : "
                                     "date manquante")


def test_adhoc_sentence_both_languages(cals):
    r = compute_adhoc(cals, D("2026-06-01"), 30, "days")
    assert r.explain("fr") == ("30 jours après le 2026-06-01 : 2026-07-01, jour férié "
                               "(Fête du Canada), reporté au 2026-07-02")
    assert r.explain("en") == ("30 days after 2026-06-01: 2026-07-01, a holiday (Canada Day), "
                               "moved to 2026-07-02")
    assert compute_adhoc(cals, D("2026-06-01"), 1, "months").explain("en") == \
        "1 month after 2026-06-01: 2026-07-01, a holiday (Canada Day), moved to 2026-07-02"


@pytest.mark.parametrize("lang,message", [
    ("fr", "Point de départ : ce champ est obligatoire."),
    ("en", "Trigger date: this field is required."),
])
def test_adhoc_without_trigger(cals, lang, message):
    with pytest.raises(ValidationError) as exc:
        compute_adhoc(cals, None, 30, "days", lang)
    assert str(exc.value) == message


def test_adhoc_rejects_bad_length_and_unit(cals):
    with pytest.raises(ValidationError) as exc:
        compute_adhoc(cals, D("2026-06-01"), 0, "weeks", "en")
    assert set(exc.value.fields()) == {"length", "unit"}


# ---------------------------------------------------------------------- properties
_UNITS = st.sampled_from([u.value for u in DeadlineUnit])
_DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


def _lengths(unit: str):
    return st.integers(1, {"days": 400, "working_days": 120, "months": 36, "years": 5}[unit])


@settings(max_examples=400, deadline=None)
@given(data=st.data(), start=_DATES, unit=_UNITS)
def test_due_is_a_working_day_after_the_trigger(cal, cals, data, start, unit):
    length = data.draw(_lengths(unit))
    result: ComputedDeadline = compute_adhoc(cals, start, length, unit)
    due = result.due_date
    assert due > start
    assert due.weekday() < 5
    assert cal.holiday_on(due) is None
    # nothing between the raw last day and the due date is a working day
    day = result.main.raw
    while day < due:
        assert not cal.is_working_day(day)
        day += timedelta(days=1)


@settings(max_examples=400, deadline=None)
@given(data=st.data(), start=_DATES, shift=st.integers(0, 60), unit=_UNITS)
def test_due_is_monotonic_in_the_trigger(cal, data, start, shift, unit):
    length = data.draw(_lengths(unit))
    later = start + timedelta(days=shift)
    assert count(cal, start, length, unit).due <= count(cal, later, length, unit).due


@settings(max_examples=200, deadline=None)
@given(start=_DATES, event_gap=st.integers(0, 400), shift=st.integers(0, 60))
def test_capped_due_is_monotonic_and_never_after_either_leg(cals, start, event_gap, shift):
    version = _version()
    event = start - timedelta(days=event_gap)
    a = compute_with_version(cals, version, start, event)
    b = compute_with_version(cals, version, start + timedelta(days=shift),
                             event + timedelta(days=shift))
    assert a.due_date <= b.due_date
    assert a.due_date == min(a.main.due, a.cap.due)
    assert a.due_date > event
