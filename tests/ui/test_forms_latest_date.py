"""Both dates of a deadline, from the main window `gem` opens: a file whose deadline lands
on a day not every reading of its calendar counts (a Saturday, for the agreement rule nobody
verified) shows the retained date and, on a line of its own, « Au plus tard » the later one;
the deadline calculator (Outils › Calculatrice de délais…, Ctrl+D) counts a free length on
the calendar picked and says which calendar it used."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFrame, QLabel

from gem.services.deadlines import file_deadlines
from gem.ui.forms.deadline_calculator import DeadlineCalculator
from gem.ui.list_view import ListView
from tests import factories
from tests.ui.conftest import shown_column, wait_loaded
from tests.ui.forms_support import type_text

pytestmark = pytest.mark.clock("2026-06-10")

D = date.fromisoformat


@pytest.fixture
def files(tx, people) -> dict[str, int]:
    """Two grievances of the counsellor: one whose 30 days end on Saturday 2026-07-04 (the
    Interpretation Act does not move it, the C.p.c. would: the choice is unverified), one on
    Canada Day (moved by every calendar: no doubt)."""
    found = {}
    with tx() as s:
        for title, knowledge in (("Prime de soir (samedi)", "2026-06-04"),
                                 ("Heures supplémentaires (fête)", "2026-06-01")):
            g = factories.grievance(s, people["secretaire"], title=title, status="draft",
                                    filed_date=None, knowledge_date=knowledge,
                                    event_date="2026-06-01",
                                    counsellor_id=people["conseil"].id)
            found[title] = g.id
    return found


def _open_grievance(d, title: str):
    d.ctrl(Qt.Key.Key_4, d.window)  # Griefs
    view = d.window.current_screen()
    assert isinstance(view, ListView) and view.list_name == "grievances"
    wait_loaded(d.qtbot, view.model)
    return d.open_row(view, shown_column(d.qtbot, view.model, "title").index(title))


def _latest_labels(form) -> list[QLabel]:
    return [label for label in form.deadlines.findChildren(QLabel)
            if label.objectName().startswith("deadline_latest_") and label.isVisible()]


def _head(form, deadline_id: int) -> str:
    frame = form.deadlines.findChild(QFrame, f"deadline_{deadline_id}")
    assert frame is not None
    return frame.findChildren(QLabel)[0].text()


def test_the_form_shows_the_retained_and_the_latest_date(desk, people, tx, files):
    with tx() as s:
        [saturday] = file_deadlines(s, "grievance", files["Prime de soir (samedi)"])
        [holiday] = file_deadlines(s, "grievance", files["Heures supplémentaires (fête)"])
        assert (saturday.due_date, saturday.latest_date) == (D("2026-07-04"), D("2026-07-06"))
        assert (holiday.due_date, holiday.latest_date) == (D("2026-07-02"), None)
    d = desk()
    d.sign_in("conseil")

    form = _open_grievance(d, "Prime de soir (samedi)")
    [row] = form.deadlines.rows
    assert (row.due, row.latest) == (D("2026-07-04"), D("2026-07-06"))
    assert "2026-07-04" in _head(form, row.id) and "2026-07-06" not in _head(form, row.id)
    # rows built while the form shows appear on the next turn of the event loop
    d.qtbot.waitUntil(lambda: len(_latest_labels(form)) == 1, timeout=5_000)
    [later] = _latest_labels(form)
    assert later.objectName() == f"deadline_latest_{row.id}"
    assert form.deadlines.latest_texts() == [
        "Au plus tard 2026-07-06 si les jours non vérifiés de son calendrier sont fériés ; "
        "l'échéance retenue reste le 2026-07-04."]
    [explanation] = [w for w in form.deadlines.findChildren(QLabel, "deadline_explanation")
                     if w.isVisible()]
    assert "le samedi n'est pas un jour férié certain" in explanation.text()
    assert "au plus tard 2026-07-06 si le jour est férié" in explanation.text()

    # extended by written agreement: that date governs, the « au plus tard » line goes
    button = form.findChild(type(form.save_button), f"deadline_extend_{row.id}")
    d.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    d.qtbot.waitUntil(lambda: form.deadlines.dialog is not None
                      and form.deadlines.dialog.isVisible(), timeout=5_000)
    dialog = form.deadlines.dialog
    fields = {f.key: f for f in dialog.fields}
    for key, text in (("extended_to", "2026-07-31"), ("reference", "Lettre du 2026-06-09")):
        widget = fields[key].widget
        widget.setFocus()
        type_text(d.qtbot, widget, text)
    d.qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                       Qt.MouseButton.LeftButton)  # « Prolonger »
    d.qtbot.waitUntil(lambda: form.deadlines.rows[0].status == "extended", timeout=10_000)
    d.qtbot.waitUntil(lambda: not _latest_labels(form), timeout=5_000)
    assert form.deadlines.latest_texts() == []
    with tx() as s:
        [stored] = file_deadlines(s, "grievance", files["Prime de soir (samedi)"])
        assert (stored.due_date, stored.extended_to, stored.latest_date) == \
            (D("2026-07-04"), D("2026-07-31"), D("2026-07-06"))

    # no doubt about Canada Day: one date only
    other = _open_grievance(d, "Heures supplémentaires (fête)")
    [row] = other.deadlines.rows
    assert (row.due, row.latest) == (D("2026-07-02"), None)
    d.qtbot.waitUntil(lambda: any(w.isVisible() for w in other.deadlines.findChildren(
        QLabel, "deadline_explanation")), timeout=5_000)
    assert _latest_labels(other) == [] and other.deadlines.latest_texts() == []


def _calculator(d) -> DeadlineCalculator:
    d.ctrl(Qt.Key.Key_D, d.window)  # Outils › Calculatrice de délais…
    d.qtbot.waitUntil(lambda: d.window.findChild(DeadlineCalculator) is not None
                      and d.window.findChild(DeadlineCalculator).isVisible(), timeout=5_000)
    dialog = d.window.findChild(DeadlineCalculator)
    d.qtbot.waitUntil(lambda: dialog.calendar.count() >= 3 and dialog.rule.count() > 1,
                      timeout=10_000)
    return dialog


def _compute(d, dialog: DeadlineCalculator) -> None:
    dialog.result = None
    d.key(Qt.Key.Key_Return, widget=dialog.trigger)
    d.qtbot.waitUntil(lambda: dialog.result is not None or dialog.error.isVisible(),
                      timeout=10_000)
    assert not dialog.error.isVisible(), dialog.error.text()


def test_the_calculator_counts_on_the_calendar_picked(desk, people):
    d = desk()
    d.sign_in("conseil")
    dialog = _calculator(d)
    assert dialog.calendar.currentText() == "Habituel (tous les jours du C.p.c.)"
    names = [dialog.calendar.itemText(i) for i in range(dialog.calendar.count())]
    assert names[1:3] == ["Loi d'interprétation (jours fériés, art. 61(23))",
                          "Code de procédure civile (jours non juridiques, art. 82-83)"]
    dialog.trigger.setFocus()
    type_text(d.qtbot, dialog.trigger, "2025-12-03")  # 30 days: Friday 2 January 2026

    # the habitual count: every day the C.p.c. lists, 2 January included
    _compute(d, dialog)
    assert dialog.due.text() == "2026-01-05"
    assert not dialog.latest.isVisible()
    assert dialog.calendar_note.text() == ("Calendrier : Code de procédure civile (jours non "
                                           "juridiques, art. 82-83) (tous ses jours, vérifiés "
                                           "ou non)")

    # the C.p.c. as its verified days read it: 2 January is not certain
    dialog.calendar.setFocus()
    d.qtbot.keyClicks(dialog.calendar, "Code")
    assert dialog.calendar.currentData() == "cpc"
    _compute(d, dialog)
    assert dialog.due.text() == "2026-01-02"
    assert dialog.latest.isVisible()
    assert dialog.latest.text().startswith("Au plus tard 2026-01-05")
    assert "Lendemain du jour de l'An" in dialog.explanation.text()
    assert dialog.calendar_note.text() == ("Calendrier : Code de procédure civile (jours non "
                                           "juridiques, art. 82-83) (choisi pour ce calcul)")

    # the Interpretation Act does not list 2 January at all
    d.key(Qt.Key.Key_Up, widget=dialog.calendar)
    assert dialog.calendar.currentData() == "interpretation_act"
    _compute(d, dialog)
    assert (dialog.due.text(), dialog.latest.isVisible()) == ("2026-01-02", False)
    assert "Loi d'interprétation" in dialog.calendar_note.text()

    # a rule counts on its own calendar: the choice is for a free length only
    dialog.select_rule("cnesst_review")
    assert not dialog.calendar.isEnabled() and not dialog.length.isEnabled()
    _compute(d, dialog)
    assert dialog.result.rule_code == "cnesst_review"
    assert dialog.calendar_note.text().startswith("Calendrier : Loi d'interprétation")
    assert "choix non vérifié" in dialog.calendar_note.text()

    # Esc closes the calculator
    d.key(Qt.Key.Key_Escape, widget=QApplication.focusWidget() or dialog)
    d.qtbot.waitUntil(lambda: d.window.findChild(DeadlineCalculator) is None
                      or not d.window.findChild(DeadlineCalculator).isVisible(),
                      timeout=5_000)
