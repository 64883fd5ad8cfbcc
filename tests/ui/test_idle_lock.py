"""The idle lock (gem.ui.idle_lock), from the main window `gem` opens: after the configured
time without the keyboard or the mouse (or Ctrl+L), nothing of the window can be seen or
reached; only the signed-in person's password, typed on the keyboard, brings it back, with the
open tabs and the typing of an unsaved form as they were. Mistyped passwords are slowed down
and locked as at the sign-in, in a worker; « Changer d'utilisateur » is the sign-out, which asks
about unsaved forms first."""

from __future__ import annotations

import re
import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from sqlalchemy import select

from gem.models import AuditEntry
from gem.services import sign_in
from gem.ui import documents
from gem.ui.dialogs.preferences import PreferencesDialog
from gem.ui.dialogs.sign_in import UnlockDialog
from gem.ui.forms import base
from tests.ui.conftest import wait_loaded
from tests.ui.forms_support import type_text
from tests.ui.journeys import PASSWORD


@pytest.fixture(autouse=True)
def answers(monkeypatch):
    """Questions about unsaved forms are answered as the test says (no modal loop)."""
    asked: list[str] = []
    replies = {"unsaved": documents.Unsaved.CANCEL}

    def unsaved(_parent, title):
        asked.append(title)
        return replies["unsaved"]

    monkeypatch.setattr(documents, "ask_unsaved", unsaved)
    monkeypatch.setattr(base, "ask", lambda *_args: True)
    return asked, replies


@pytest.fixture
def slept(monkeypatch) -> list[tuple[float, bool]]:
    """The sign-in delays asked for (never slept here), and whether on the GUI thread."""
    calls: list[tuple[float, bool]] = []

    def fake_sleep(seconds: float) -> None:
        calls.append((seconds, threading.current_thread() is threading.main_thread()))

    monkeypatch.setattr(sign_in, "sleep", fake_sleep)
    return calls


def _unsaved_member(d, qtbot):
    """A new member form in its tab, « Pelletier » typed in its last name, not saved."""
    d.ctrl(Qt.Key.Key_2, d.window)
    view = d.window.current_screen()
    wait_loaded(qtbot, view.model)
    d.ctrl(Qt.Key.Key_N, view.table)
    form = d.current_form()
    last_name = form.field("last_name").widget
    last_name.setFocus()
    type_text(qtbot, last_name, "Pelletier")
    assert form.is_dirty()
    return form, last_name


def _unlock_dialog(qtbot, window) -> UnlockDialog:
    dialog = window.idle_lock.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
    return dialog


def _type_password(qtbot, dialog: UnlockDialog, password: str) -> None:
    assert QApplication.focusWidget() is dialog.password
    type_text(qtbot, dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_an_idle_window_locks_and_only_the_password_brings_it_back_as_it_was(
        desk, qtbot, people, tx, slept):
    d = desk()
    window = d.sign_in("secretaire")
    assert window.idle_lock.interval_ms == 15 * 60_000  # the default: 15 minutes
    form, last_name = _unsaved_member(d, qtbot)
    window.idle_lock.set_interval_ms(300)
    qtbot.waitUntil(lambda: window.is_locked, timeout=10_000)  # nobody touched anything
    dialog = _unlock_dialog(qtbot, window)
    # nothing of the window is shown, nor offered to the keyboard or a screen reader
    for widget in (window.centralWidget(), window.menuBar(), window.statusBar(), window.nav,
                   window.documents, form, last_name):
        assert not widget.isVisible()
    assert window.isVisible()  # covered, not closed: nothing was torn down
    assert QApplication.activeModalWidget() is dialog  # the windows behind take no input
    assert dialog.findChildren(QLineEdit) == [dialog.password]  # no other login
    assert "secretaire" in dialog.heading.text()
    qtbot.keyClick(dialog.password, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert not window.quick_search.isVisible()  # the quick search does not open behind it
    qtbot.keyClick(dialog.password, Qt.Key.Key_Escape)
    assert dialog.isVisible() and window.is_locked  # Esc does not unlock
    # a wrong password is refused, and the window stays locked
    _type_password(qtbot, dialog, "pas-le-bon-mot")
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    assert dialog.message.text() == "Mot de passe incorrect."
    assert dialog.password.text() == "" and window.is_locked and not form.isVisible()
    # the right one unlocks: same tab, same typing, the keyboard where it was
    with qtbot.waitSignal(window.idle_lock.unlocked, timeout=10_000):
        _type_password(qtbot, dialog, PASSWORD)
    assert slept == [(1, False)]  # one failure counted: 1 s, slept in a worker
    assert not window.is_locked and window.idle_lock.dialog is None
    assert window.menuBar().isVisible() and window.nav.isVisible()
    assert window.current_form() is form and form.isVisible()
    assert last_name.text() == "Pelletier" and form.is_dirty()
    assert QApplication.focusWidget() is last_name
    assert window.idle_lock.timer.isActive()  # the countdown starts again
    with tx() as session:
        actions = list(session.scalars(select(AuditEntry.action).where(
            AuditEntry.entity == "user", AuditEntry.entity_id == people["secretaire"].id)
            .order_by(AuditEntry.id)))
    assert actions[-3:] == ["sign_in", "sign_in_failed", "sign_in"]


def test_activity_anywhere_postpones_the_lock(desk, qtbot, people):
    d = desk()
    window = d.sign_in("secretaire")
    window.idle_lock.set_interval_ms(1_000)
    for _ in range(15):  # 1.5 s of typing, never 1 s apart
        qtbot.wait(100)
        qtbot.keyClick(window.nav, Qt.Key.Key_Shift)
    assert not window.is_locked
    qtbot.waitUntil(lambda: window.is_locked, timeout=10_000)


def test_ctrl_l_locks_at_once_and_a_window_opened_meanwhile_stays_empty(desk, qtbot, people,
                                                                         slept):
    d = desk()
    window = d.sign_in("secretaire")
    d.ctrl(Qt.Key.Key_D, window)  # the deadline calculator, a window of its own
    calculator = next(w for w in QApplication.topLevelWidgets()
                      if w.isVisible() and w is not window and w.windowTitle())
    contents = [w for w in calculator.children() if hasattr(w, "isVisible") and w.isVisible()]
    assert contents
    d.ctrl(Qt.Key.Key_L, window)
    assert window.is_locked
    assert not calculator.isVisible() and not any(w.isVisible() for w in contents)
    # what appears while locked (an error, the end of an export) shows nothing either
    box = QMessageBox(QMessageBox.Icon.Warning, "GEM", "Dossier G-2026-000123", parent=window)
    box.show()
    assert not [w for w in box.children() if hasattr(w, "isWindow") and not w.isWindow()
                and w.isVisible()]
    dialog = _unlock_dialog(qtbot, window)  # and the lock keeps the keyboard
    with qtbot.waitSignal(window.idle_lock.unlocked, timeout=10_000):
        _type_password(qtbot, dialog, PASSWORD)
    assert calculator.isVisible() and all(w.isVisible() for w in contents)
    assert any(w.isVisible() for w in box.children() if hasattr(w, "isWindow"))
    assert slept == []  # no failure, no delay
    box.close()
    calculator.close()


def test_a_question_open_at_the_lock_is_still_waiting_after_it(desk, qtbot, people):
    """A modal dialog's own event loop runs on under the lock: emptied, not answered."""
    d = desk()
    window = d.sign_in("secretaire")
    seen: dict[str, object] = {}

    def while_asked() -> None:
        preferences = QApplication.activeModalWidget()
        try:
            assert isinstance(preferences, PreferencesDialog)
            preferences.idle_minutes.setValue(42)
            window.lock_now()
            seen["emptied"] = preferences.isVisible() and not preferences.idle_minutes \
                .isVisible()
            dialog = window.idle_lock.dialog
            with qtbot.waitSignal(window.idle_lock.unlocked, timeout=10_000):
                qtbot.keyClicks(dialog.password, PASSWORD)
                qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
            seen["back"] = preferences.idle_minutes.isVisible() and \
                preferences.idle_minutes.value() == 42
        finally:
            preferences.accept()

    QTimer.singleShot(0, while_asked)
    window.show_preferences()  # its exec() returns once while_asked has answered it
    assert seen == {"emptied": True, "back": True}
    assert window.idle_lock.interval_ms == 42 * 60_000


def test_too_many_wrong_passwords_lock_the_account_there_too(desk, qtbot, people, slept):
    d = desk()
    window = d.sign_in("secretaire")
    window.lock_now()
    dialog = _unlock_dialog(qtbot, window)
    for _ in range(sign_in.MAX_FAILURES):
        dialog.message.clear()
        _type_password(qtbot, dialog, "pas-le-bon-mot")
        qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=10_000)
    assert re.fullmatch(r"Trop d'essais : réessayez après \d\d:\d\d\.", dialog.message.text())
    assert [s for s, _ in slept] == [1, 2, 4, 8] and not any(gui for _, gui in slept)
    dialog.message.clear()
    _type_password(qtbot, dialog, PASSWORD)  # even the right one, until then
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=10_000)
    assert dialog.message.text().startswith("Trop d'essais")
    assert window.is_locked


def test_change_user_is_the_sign_out_and_asks_about_unsaved_forms(desk, qtbot, people,
                                                                  answers):
    asked, replies = answers
    d = desk()
    window = d.sign_in("secretaire")
    form, last_name = _unsaved_member(d, qtbot)
    window.lock_now()
    dialog = _unlock_dialog(qtbot, window)
    replies["unsaved"] = documents.Unsaved.CANCEL
    qtbot.mouseClick(dialog.switch_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1
    assert window.is_locked and dialog.isVisible() and not form.isVisible()  # Annuler
    replies["unsaved"] = documents.Unsaved.DISCARD
    qtbot.mouseClick(dialog.switch_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2
    d.sign_in_dialog()
    assert not window.isVisible() and not dialog.isVisible()
    other = d.sign_in("conseil")
    assert other is not window and other.ctx.actor.login == "conseil"
    assert not other.is_locked and other.centralWidget().isVisible()


def test_the_delay_is_a_preference_and_zero_never_locks(desk, qtbot, people, settings):
    assert settings.idle_lock_minutes == 15
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.idle_minutes.value() == 15
    dialog.idle_minutes.setValue(0)
    assert dialog.idle_minutes.text() == "Jamais"
    dialog.accept()
    assert settings.idle_lock_minutes == 0
    d = desk()
    window = d.sign_in("secretaire")
    assert window.idle_lock.interval_ms == 0 and not window.idle_lock.timer.isActive()
    window.idle_lock.set_minutes(10)
    assert window.idle_lock.timer.isActive() and window.idle_lock.timer.interval() == 600_000
