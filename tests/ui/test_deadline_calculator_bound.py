"""The deadline calculator's length (Outils › Calculatrice de délais…, Ctrl+D, from the main
window `gem` opens) goes as far as the computation does, per unit, and no further: typing
more digits or pressing Up at the end leaves the longest length the service counts
(gem.services.deadlines.compute.MAX_LENGTH), and that one is computed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gem.services.deadlines.compute import MAX_LENGTH
from gem.ui.forms.deadline_calculator import DeadlineCalculator
from tests.ui.forms_support import type_text

pytestmark = pytest.mark.clock("2026-06-10")


def _calculator(d) -> DeadlineCalculator:
    d.ctrl(Qt.Key.Key_D, d.window)
    d.qtbot.waitUntil(lambda: d.window.findChild(DeadlineCalculator) is not None
                      and d.window.findChild(DeadlineCalculator).isVisible(), timeout=5_000)
    dialog = d.window.findChild(DeadlineCalculator)
    d.qtbot.waitUntil(lambda: dialog.rule.count() > 1, timeout=10_000)
    return dialog


def _type_length(d, dialog: DeadlineCalculator, digits: str) -> None:
    dialog.length.setFocus()
    dialog.length.selectAll()
    type_text(d.qtbot, dialog.length, digits)


def test_the_length_cannot_go_beyond_what_is_computed(desk, people):
    d = desk()
    d.sign_in("conseil")
    dialog = _calculator(d)
    assert dialog.unit.currentData() == "days"
    assert dialog.length.maximum() == MAX_LENGTH["days"] == 36_600

    _type_length(d, dialog, "99999999")  # the digits past the bound are not taken
    assert dialog.length.value() <= MAX_LENGTH["days"]
    _type_length(d, dialog, "36600")
    assert dialog.length.value() == 36_600
    d.key(Qt.Key.Key_Up, widget=dialog.length)
    assert dialog.length.value() == 36_600

    dialog.trigger.setFocus()
    type_text(d.qtbot, dialog.trigger, "2026-01-01")
    dialog.result = None
    d.key(Qt.Key.Key_Return, widget=dialog.trigger)
    d.qtbot.waitUntil(lambda: dialog.result is not None or dialog.error.isVisible(),
                      timeout=10_000)
    assert not dialog.error.isVisible(), dialog.error.text()
    assert dialog.due.text().startswith("2126-")

    # each unit has its own hundred years
    for unit in ("working_days", "months", "years"):
        dialog.unit.setFocus()
        dialog.unit.setCurrentIndex(dialog.unit.findData(unit))
        assert dialog.length.maximum() == MAX_LENGTH[unit]
        assert dialog.length.value() <= MAX_LENGTH[unit]
        _type_length(d, dialog, "99999999")
        assert dialog.length.value() <= MAX_LENGTH[unit]


@pytest.mark.parametrize(("start", "unit", "length"), [("9999-12-01", "years", 100),
                                                       ("9999-12-20", "days", 30),
                                                       ("1900-01-01", "days", 10)])
def test_a_start_no_file_holds_is_refused_under_its_field(desk, people, start, unit, length):
    """Year 9999 plus a delay is no date: said under « Point de départ » with the range the
    command line gives, never « Erreur interne » (the walk of issue 12 met ValueError and
    OverflowError there)."""
    d = desk()
    d.sign_in("conseil")
    dialog = _calculator(d)
    dialog.unit.setCurrentIndex(dialog.unit.findData(unit))
    _type_length(d, dialog, str(length))
    dialog.trigger.setFocus()
    type_text(d.qtbot, dialog.trigger, start)
    d.key(Qt.Key.Key_Return, widget=dialog.trigger)
    d.qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    assert dialog.error.text() == (f"Point de départ : « {start} » est hors de la plage "
                                   f"permise (1950-01-01 à 2076-06-10).")
    assert not dialog.due.text()
