"""The Utilisateurs screen as an administrator meets it (from the main window as `gem` opens
it): the actions work on the row that is highlighted, and say which; a new account starts
with the least rights."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from gem.db import session_factory, transaction
from gem.services.actor import SYSTEM
from gem.services.users import UserService
from gem.ui.users_view import UserDialog, UsersView
from tests.ui.conftest import wait_loaded


def test_the_account_actions_follow_the_highlighted_row(desk, qtbot, people, engine):
    d = desk()
    window = d.sign_in("admin")
    window.show_screen("users")
    view = window.current_screen()
    assert isinstance(view, UsersView)
    wait_loaded(qtbot, view.model)
    # nothing highlighted: nothing to act on, and the screen says so
    assert not view.role_button.isEnabled() and not view.active_button.isEnabled()
    assert view.chosen.text().startswith("aucun")
    row = next(r for r in range(view.model.rowCount()) if view.model.row_values(r)[1] == "lecteur")
    view.table.selectRow(row)
    assert view.role_button.isEnabled()
    assert view.chosen.text().startswith("lecteur")
    view.role_combo.setCurrentIndex(view.role_combo.findData("secretary"))
    view.role_button.click()

    def moved() -> bool:
        with transaction(session_factory(engine)) as s:
            return UserService().by_login(s, "lecteur").role == "secretary"

    qtbot.waitUntil(moved, timeout=10_000)


def test_a_new_account_starts_read_only(desk, qtbot, people):
    d = desk()
    window = d.sign_in("admin")
    window.show_screen("users")
    view = window.current_screen()
    view.new_record()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, UserDialog) and w.isVisible())
    qtbot.addWidget(dialog)
    assert dialog.role.currentData() == "read_only"
    dialog.reject()
    with transaction(session_factory(window.ctx.engine)) as s:
        assert UserService().count(s, SYSTEM) == len(people)
