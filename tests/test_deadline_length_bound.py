"""A delay is at most a hundred years long, whoever asks: the window's calculator, ``gem
deadline compute`` and a rule's computation share one bound (MAX_LENGTH), and a longer one is
the length field's translated message, not an OverflowError past year 9999."""

from __future__ import annotations

from datetime import date

import pytest

from gem.commands import _input
from gem.models.enums import DeadlineUnit
from gem.services import records
from gem.services.deadlines.compute import MAX_DAYS, MAX_LENGTH, compute_with_version
from gem.services.deadlines.rules import ProposedVersion
from gem.services.errors import ValidationError

TRIGGER = date(2026, 1, 1)


@pytest.mark.parametrize("unit, high", [("days", 36_600), ("working_days", 26_100),
                                        ("months", 1_200), ("years", 100)])
def test_the_calculator_refuses_a_length_beyond_a_hundred_years(tx, unit, high):
    assert MAX_LENGTH[unit] == high
    with tx() as s:  # the longest delay is counted
        longest = records.compute_deadline(s, None, TRIGGER, None, high, unit, "fr")
        assert longest.due_date.year in (2126, 2129)
    for lang, expected in (
            ("fr", f"Durée : « {high + 1} » est hors de la plage permise (1 à {high})."),
            ("en", f"Length: “{high + 1}” is outside the allowed range (1 to {high}).")):
        with pytest.raises(ValidationError) as err, tx() as s:
            records.compute_deadline(s, None, TRIGGER, None, high + 1, unit, lang)
        assert err.value.fields() == {"length": expected}


def test_ten_million_days_is_the_message_not_an_overflow(tx):
    with pytest.raises(ValidationError) as err, tx() as s:
        records.compute_deadline(s, None, TRIGGER, None, 10_000_000, "days", "en")
    assert str(err.value) == "Length: “10000000” is outside the allowed range (1 to 36600)."


def test_a_rule_longer_than_the_bound_is_refused_when_computed(tx):
    from gem.services.deadlines import load_calendars

    version = ProposedVersion(
        rule_id=1, agreement_id=None, effective_from=date(1900, 1, 1), length=1_201,
        unit="months", trigger="notification", cap_length=None, cap_unit=None,
        cap_trigger=None, warn_length=None, warn_unit=None, kind="strict", extendable=False,
        source="Test", verified=True, note=None, calendar="interpretation_act",
        calendar_verified=True)
    with pytest.raises(ValidationError) as err, tx() as s:
        compute_with_version(load_calendars(s), version, TRIGGER, lang="fr")
    assert err.value.fields() == {
        "length": "Durée : « 1201 » est hors de la plage permise (1 à 1200)."}


def test_the_command_line_bounds_days_with_the_same_constant():
    assert _input.MAX_DAYS is MAX_DAYS == MAX_LENGTH[DeadlineUnit.DAYS]
