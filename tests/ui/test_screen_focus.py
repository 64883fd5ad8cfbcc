"""Ctrl+1…Ctrl+0 from the main window as `gem` opens it: the keyboard lands on the screen's
main widget (a list's table, on a current row; the caseload's first table), wherever it was
before (the navigation, an open record), so that Ctrl+2, Down, Enter opens a member with no
mouse. Key events only, sent to whatever has the focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gem.ui.caseload_view import CaseloadTable
from gem.ui.list_view import ListView
from tests import factories
from tests.ui.conftest import wait_loaded


def test_ctrl_digit_puts_the_keyboard_on_the_screen(desk, tx, people, qtbot, backend):
    if backend != "sqlite":
        pytest.skip("keys and focus: the window's own, the same on every database")
    with tx() as s:
        for name in ("Tremblay", "Gagnon", "Roy"):
            factories.member(s, people["admin"], last_name=name)
        factories.grievance(s, people["admin"], title="Prime de soir")
    d = desk()
    window = d.sign_in("secretaire")
    window.nav.setFocus()  # she last clicked the navigation
    qtbot.waitUntil(window.nav.hasFocus, timeout=5_000)

    # Ctrl+2 (Membres), Down, Enter: the member on the second row opens
    d.ctrl(Qt.Key.Key_2)
    view = window.current_screen()
    assert isinstance(view, ListView) and view.list_name == "members"
    qtbot.waitUntil(view.table.hasFocus, timeout=5_000)
    wait_loaded(qtbot, view.model)
    qtbot.waitUntil(lambda: view.table.currentIndex().row() == 0, timeout=5_000)
    d.key(Qt.Key.Key_Down)
    assert view.table.currentIndex().row() == 1
    expected = view.model.record_id(1)
    d.key(Qt.Key.Key_Return)
    member = d.current_form()
    assert window.documents.key_of(member) == ("members", expected)
    d.wait_form_loaded(member)

    # from the open record, Ctrl+4 (Griefs), Enter: the grievance on the current row
    d.ctrl(Qt.Key.Key_4)
    grievances = window.current_screen()
    assert isinstance(grievances, ListView) and grievances.list_name == "grievances"
    assert window.current_form() is None
    qtbot.waitUntil(grievances.table.hasFocus, timeout=5_000)
    wait_loaded(qtbot, grievances.model)
    qtbot.waitUntil(lambda: grievances.table.currentIndex().isValid(), timeout=5_000)
    d.key(Qt.Key.Key_Return)
    assert window.documents.key_of(d.current_form()) == \
        ("grievances", grievances.model.record_id(0))

    # Ctrl+1: the caseload's first table
    d.ctrl(Qt.Key.Key_1)
    assert window.current_key() == "caseload"
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), CaseloadTable),
                    timeout=5_000)
