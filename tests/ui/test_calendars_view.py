"""Tables de référence › Calendriers, from the main window `gem` opens: an administrator sees
which calendar each rule counts on and whether that choice was verified, reads each
calendar's days this year and next with their sources (unverified ones marked), and defines a
collective agreement's own days by ticking each kind of day. Saving moves no deadline: the
deadlines the new days would change are listed, and the database keeps the days ticked."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from gem.models import CollectiveAgreement, DeadlineCalendar
from gem.services.deadlines import file_deadlines
from gem.ui.main_window import REFERENCE
from gem.ui.reference_view import (
    UNVERIFIED_BACKGROUND,
    AgreementDaysDialog,
    CalendarsPanel,
    ReferenceView,
)
from tests import factories
from tests.ui.forms_support import type_text

pytestmark = pytest.mark.clock("2026-06-10")

D = date.fromisoformat
AGREEMENT = "Dispositions locales CIUSSS de l'Estrie (test)"
EVERY_HOLIDAY = ("new_year", "good_friday", "easter_monday", "patriots_day", "fete_nationale",
                 "christmas", "labour_day", "thanksgiving")


@pytest.fixture
def under_agreement(tx, people) -> dict[str, int]:
    """A collective agreement with no days of its own, and a grievance under it whose
    deadline to file lands on Canada Day (moved to 2026-07-02 by every general calendar)."""
    with tx() as s:
        agreement = CollectiveAgreement(name=AGREEMENT, valid_from=D("2023-04-01"))
        s.add(agreement)
        s.flush()
        g = factories.grievance(s, people["secretaire"], status="draft", filed_date=None,
                                knowledge_date="2026-06-01", event_date="2026-05-15",
                                counsellor_id=people["conseil"].id,
                                agreement_id=agreement.id)
        [deadline] = file_deadlines(s, "grievance", g.id)
        assert deadline.due_date == D("2026-07-02")
        return {"agreement": agreement.id, "grievance": g.id, "deadline": deadline.id,
                "file": g.file_number}


def _calendars_screen(d) -> CalendarsPanel:
    """Tables de référence by a click in the navigation, then « Calendriers » in the table
    selector by keyboard (the last table: End)."""
    nav = d.window.nav
    keys = [nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(nav.count())]
    item = nav.item(keys.index(REFERENCE))
    d.qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton,
                       pos=nav.visualItemRect(item).center())
    view = d.window.current_screen()
    assert isinstance(view, ReferenceView)
    view.selector.setFocus()
    d.key(Qt.Key.Key_End, widget=view.selector)
    assert view.selector.currentText() == "Calendriers"
    panel = view.stack.currentWidget()
    assert isinstance(panel, CalendarsPanel)
    d.qtbot.waitUntil(lambda: not panel.loading and panel.calendar.count() > 0,
                      timeout=15_000)
    return panel


def _marked(table, row: int) -> bool:
    return table.item(row, 0).background().color().name() == UNVERIFIED_BACKGROUND


def _grid(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def _open_days_dialog(d, panel: CalendarsPanel) -> AgreementDaysDialog:
    """« Jours d'une convention… » by its Alt+J mnemonic, the window in front."""
    before = panel.dialog
    d.window.activateWindow()
    d.qtbot.waitUntil(d.window.isActiveWindow, timeout=5_000)
    d.key(Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier, panel.agreement_button)
    d.qtbot.waitUntil(lambda: isinstance(panel.dialog, AgreementDaysDialog)
                      and panel.dialog is not before and panel.dialog.isVisible(),
                      timeout=5_000)
    dialog = panel.dialog
    assert isinstance(dialog, AgreementDaysDialog)
    d.qtbot.waitUntil(lambda: not dialog.loading, timeout=15_000)
    return dialog


def _click(d, dialog: AgreementDaysDialog, kind: str, status: str) -> None:
    radio = dialog.radios[(kind, "" if status == "working" else status)]
    assert radio.objectName() == f"day_{kind}_{status}"
    # a grid filled while the dialog shows appears on the next turn of the event loop
    d.qtbot.waitUntil(lambda: radio.isVisible() and radio.isEnabled(), timeout=5_000)
    d.qtbot.mouseClick(radio, Qt.MouseButton.LeftButton)
    assert radio.isChecked()


def _stored(tx, agreement_id: int) -> tuple[str | None, dict[str, str]]:
    with tx() as s:
        calendar = s.scalars(select(DeadlineCalendar)
                             .options(selectinload(DeadlineCalendar.days))
                             .where(DeadlineCalendar.agreement_id == agreement_id)).first()
        if calendar is None:
            return None, {}
        return calendar.source, {d.day: d.status for d in calendar.days}


def test_rules_and_days_are_shown_with_what_is_not_verified(desk, people):
    d = desk()
    d.sign_in("admin")
    panel = _calendars_screen(d)

    rules = _grid(panel.rules)
    by_name = {r[0]: (r[1:], _marked(panel.rules, i)) for i, r in enumerate(rules)}
    assert by_name["Grief (convention collective du secteur de la santé)"] == \
        (["Jours de la convention collective du dossier", "Non"], True)
    assert by_name["Pourvoi en contrôle judiciaire"] == \
        (["Code de procédure civile (jours non juridiques, art. 82-83)", "Oui"], False)
    assert by_name["Plainte pour harcèlement psychologique"][0] == \
        ["Loi d'interprétation (jours fériés, art. 61(23))", "Non"]
    assert len(rules) == 13

    # the C.p.c.'s days of 2026 and 2027, by keyboard in the calendar combo
    panel.calendar.setFocus()
    d.key(Qt.Key.Key_End, widget=panel.calendar)
    if not panel.calendar.currentText().startswith("Code de procédure civile"):
        d.key(Qt.Key.Key_Up, widget=panel.calendar)
    assert panel.calendar.currentText().startswith("Code de procédure civile")
    days = _grid(panel.table)
    rows = {(r[0], r[1]): (r[2], r[3], _marked(panel.table, i)) for i, r in enumerate(days)}
    assert rows[("chaque semaine", "Samedi")][:1] == ("férié (vérifié)",)
    assert "art. 83" in rows[("chaque semaine", "Samedi")][1]
    for year in (2026, 2027):
        status, source, marked = rows[(f"{year}-12-26", "Lendemain de Noël")]
        assert (status, marked) == ("férié non vérifié", True)
        assert source.startswith("C.p.c. art. 82 (non vérifié")
        assert rows[(f"{year}-01-02", "Lendemain du jour de l'An")][2]
        assert rows[(f"{year}-12-25", "Noël")] == \
            ("férié (vérifié)", "C.p.c. art. 82 ; Loi d'interprétation art. 61(23) h)", False)
    assert not any(r[0].startswith("2028") for r in days)
    assert "Action civile" in panel.about.text() and "Source : Code de procédure" in \
        panel.about.text()

    # the Interpretation Act does not list Saturday nor 26 December
    panel.calendar.setFocus()
    d.key(Qt.Key.Key_Home, widget=panel.calendar)
    assert panel.calendar.currentText().startswith("Loi d'interprétation")
    names = {r[1] for r in _grid(panel.table)}
    assert "Dimanche" in names and "Samedi" not in names and "Lendemain de Noël" not in names
    assert not any(_marked(panel.table, r) for r in range(panel.table.rowCount()))


def test_admin_defines_an_agreements_days(desk, people, tx, under_agreement):
    d = desk()
    d.sign_in("admin")
    panel = _calendars_screen(d)
    dialog = _open_days_dialog(d, panel)
    assert not dialog.save_button.isEnabled()  # nothing to save before a convention
    dialog.agreement.setFocus()
    d.qtbot.waitUntil(lambda: dialog.agreement.findText(AGREEMENT) > 0, timeout=10_000)
    d.key(Qt.Key.Key_Down, widget=dialog.agreement)
    assert dialog.agreement.currentText() == AGREEMENT
    d.qtbot.waitUntil(lambda: not dialog.loading and dialog.save_button.isEnabled(),
                      timeout=10_000)
    # no days of its own yet: every kind is a working day
    kinds = list(dialog.groups)
    assert kinds[:3] == ["saturday", "sunday", "proclaimed"] and "canada_day" in kinds
    assert all(dialog.status_of(k) is None for k in kinds)

    for kind in ("saturday", "sunday", "proclaimed", *EVERY_HOLIDAY):
        _click(d, dialog, kind, "holiday")
    _click(d, dialog, "boxing_day", "unverified")
    _click(d, dialog, "day_after_new_year", "unverified")
    # Canada Day stays « ouvrable » for this agreement

    d.qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no source
    d.qtbot.waitUntil(lambda: dialog.message.isVisibleTo(dialog), timeout=10_000)
    assert "Source" in dialog.message.text() and "obligatoire" in dialog.message.text()
    assert dialog.isVisible() and dialog.status_of("boxing_day") == "unverified"
    assert _stored(tx, under_agreement["agreement"]) == (None, {})

    dialog.source.setFocus()
    type_text(d.qtbot, dialog.source, "art. 7.01 des dispositions locales")
    d.key(Qt.Key.Key_Return, widget=dialog.source)
    d.qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted,
                      timeout=15_000)

    expected = {kind: "holiday" for kind in ("saturday", "sunday", "proclaimed",
                                             *EVERY_HOLIDAY)}
    expected |= {"boxing_day": "unverified", "day_after_new_year": "unverified"}
    assert _stored(tx, under_agreement["agreement"]) == \
        ("art. 7.01 des dispositions locales", expected)
    # the deadline on Canada Day is listed, not moved
    message = panel.status.text()
    number = under_agreement["file"] or f"échéance n° {under_agreement['deadline']}"
    assert "1 échéance(s) ouverte(s)" in message and "n'ont pas été déplacées" in message
    assert f"{number} : 2026-07-02 (selon ces jours : 2026-07-01)" in message
    with tx() as s:
        [deadline] = file_deadlines(s, "grievance", under_agreement["grievance"])
        assert deadline.due_date == D("2026-07-02")

    # the screen now shows the agreement's calendar, its unverified days marked
    d.qtbot.waitUntil(lambda: not panel.loading and panel.calendar.currentText()
                      == f"Convention : {AGREEMENT}", timeout=15_000)
    rows = {(r[0], r[1]): i for i, r in enumerate(_grid(panel.table))}
    assert ("2026-07-01", "Fête du Canada") not in rows
    boxing = rows[("2026-12-26", "Lendemain de Noël")]
    assert panel.table.item(boxing, 2).text() == "férié non vérifié"
    assert panel.table.item(boxing, 3).text() == "art. 7.01 des dispositions locales"
    assert _marked(panel.table, boxing) and not _marked(panel.table, rows[("2026-12-25",
                                                                          "Noël")])
    assert "Grief (convention collective du secteur de la santé)" in panel.about.text()

    # opened again on that calendar: the agreement and what was ticked come back
    again = _open_days_dialog(d, panel)
    assert again.agreement.currentText() == AGREEMENT
    assert again.source.text() == "art. 7.01 des dispositions locales"
    assert again.status_of("canada_day") is None
    assert again.status_of("boxing_day") == "unverified"
    assert again.status_of("saturday") == "holiday"
    _click(d, again, "boxing_day", "holiday")
    _click(d, again, "saturday", "working")
    d.qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    d.qtbot.waitUntil(lambda: again.result() == QDialog.DialogCode.Accepted, timeout=15_000)
    source, days = _stored(tx, under_agreement["agreement"])
    assert days["boxing_day"] == "holiday" and "saturday" not in days
    assert "canada_day" not in days and len(days) == len(expected) - 1


def test_cancel_keeps_the_agreement_as_it_was(desk, people, tx, under_agreement):
    d = desk()
    d.sign_in("admin")
    panel = _calendars_screen(d)
    dialog = _open_days_dialog(d, panel)
    d.qtbot.waitUntil(lambda: dialog.agreement.findText(AGREEMENT) > 0, timeout=10_000)
    dialog.agreement.setCurrentIndex(dialog.agreement.findText(AGREEMENT))
    d.qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    _click(d, dialog, "sunday", "holiday")
    d.key(Qt.Key.Key_Escape, widget=QApplication.focusWidget() or dialog)
    d.qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert dialog.result() == QDialog.DialogCode.Rejected
    d.settle()
    assert _stored(tx, under_agreement["agreement"]) == (None, {})
    assert panel.status.text() == ""
