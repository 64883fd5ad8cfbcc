"""Sign-in: the right password opens a session, a wrong one says so and keeps the login; a
database without any account offers to create the first administrator; a finished demo
database names its accounts and their password, any other database does not."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from gem.db import session_factory
from gem.models import User
from gem.ui.dialogs.sign_in import SignInDialog


def _dialog(qtbot, engine, **kwargs) -> SignInDialog:
    dialog = SignInDialog(session_factory(engine), "SQLite test", **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_sign_in_with_the_right_password(qtbot, engine, people):
    dialog = _dialog(qtbot, engine)
    qtbot.keyClicks(dialog.login, "secretaire")
    qtbot.keyClicks(dialog.password, "motdepasse-123")
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000) as signal:
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    actor = signal.args[0]
    assert actor.login == "secretaire" and actor.role == "secretary"
    assert dialog.result() == SignInDialog.DialogCode.Accepted
    assert dialog.password.text() == ""  # the password does not linger in the widget
    with session_factory(engine)() as session:
        user = session.scalars(select(User).where(User.login == "secretaire")).one()
        assert user.last_login_at is not None


def test_wrong_password_is_refused_and_keeps_the_login(qtbot, engine, people):
    dialog = _dialog(qtbot, engine, last_login="conseil")
    assert dialog.login.text() == "conseil"
    qtbot.keyClicks(dialog.password, "pas-le-bon-mot")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    assert "incorrect" in dialog.message.text()
    assert dialog.actor is None
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.login.text() == "conseil"
    assert dialog.password.text() == ""
    assert dialog.ok_button.isEnabled()  # the user can try again


def test_deactivated_account_cannot_sign_in(qtbot, engine, people, tx):
    with tx() as session:
        session.scalars(select(User).where(User.login == "lecteur")).one().active = False
    dialog = _dialog(qtbot, engine)
    qtbot.keyClicks(dialog.login, "lecteur")
    qtbot.keyClicks(dialog.password, "motdepasse-123")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    assert dialog.actor is None


def test_first_administrator_on_an_empty_database(qtbot, engine):
    dialog = _dialog(qtbot, engine)
    qtbot.waitUntil(lambda: dialog.first_run, timeout=10_000)
    assert dialog.full_name.isVisible() and dialog.confirm.isVisible()
    qtbot.keyClicks(dialog.login, "it")
    qtbot.keyClicks(dialog.full_name, "Service informatique")
    qtbot.keyClicks(dialog.password, "un-long-mot-de-passe")
    qtbot.keyClicks(dialog.confirm, "un-autre-mot-de-passe")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "identiques" in dialog.message.text()
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm, "un-long-mot-de-passe")
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000) as signal:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert signal.args[0].login == "it" and signal.args[0].is_admin


# ---------------------------------------------------------------------- demo accounts
DEMO_DAY = date(2026, 11, 23)


@pytest.fixture
def demo_engine(engine):
    """The smallest demo `gem demo` builds: one account per role and then some."""
    from gem import demo

    summary = demo.generate(engine, members=20, grievances=5, seed=3, today=DEMO_DAY)
    return engine, summary


def _demo_box_shown(qtbot, dialog: SignInDialog) -> None:
    qtbot.waitUntil(lambda: dialog.demo_checked, timeout=10_000)
    assert dialog.demo_box.isVisible()


def test_a_demo_database_shows_its_accounts_and_enter_fills_the_login(qtbot, demo_engine):
    from gem.services.demo_accounts import DEMO_PASSWORD

    engine, summary = demo_engine
    dialog = _dialog(qtbot, engine)
    dialog.activateWindow()
    _demo_box_shown(qtbot, dialog)
    first_of_role: dict[str, str] = {}
    names: dict[str, str] = {}
    for account in summary.accounts:
        first_of_role.setdefault(account.role, account.login)
        names[account.login] = account.full_name
    roles = ["admin", "coordinator", "counsellor", "secretary", "read_only"]
    assert [b.text() for b in dialog.demo_buttons] == [first_of_role[r] for r in roles]
    labels = ["Administrateur", "Coordonnateur", "Conseiller en relations du travail",
              "Secrétaire de direction", "Lecture seule"]
    assert [w.text() for w in dialog.demo_roles] == labels
    assert [b.toolTip() for b in dialog.demo_buttons] == [names[first_of_role[r]]
                                                          for r in roles]
    assert DEMO_PASSWORD in dialog.demo_password.text()
    assert "Base de démonstration" in dialog.demo_heading.text()

    # Keyboard only: Tab from the password field reaches the accounts, Enter fills the login.
    dialog.password.setFocus()
    qtbot.waitUntil(dialog.password.hasFocus, timeout=5_000)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.demo_buttons[0], timeout=5_000)
    qtbot.keyClick(dialog.demo_buttons[0], Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.demo_buttons[1]
    qtbot.keyClick(dialog.demo_buttons[1], Qt.Key.Key_Return)
    assert dialog.login.text() == first_of_role["coordinator"]
    assert dialog.password.hasFocus()  # ready for the password
    assert dialog.isVisible() and dialog.actor is None  # Enter on an account does not sign in

    # A click does the same; then the demo password signs that person in.
    qtbot.mouseClick(dialog.demo_buttons[2], Qt.MouseButton.LeftButton)
    assert dialog.login.text() == first_of_role["counsellor"]
    qtbot.keyClicks(dialog.password, DEMO_PASSWORD)
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000) as signal:
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert signal.args[0].login == first_of_role["counsellor"]
    assert signal.args[0].role == "counsellor"


def test_no_demo_box_on_an_ordinary_database(qtbot, engine, people):
    dialog = _dialog(qtbot, engine)
    qtbot.waitUntil(lambda: dialog.demo_checked, timeout=10_000)
    assert not dialog.demo_box.isVisible()
    assert dialog.demo_buttons == []


def test_no_demo_box_when_the_demo_never_finished(qtbot, engine, monkeypatch):
    """The demo's accounts were written, but not its closing entry: nothing is offered."""
    from gem import demo

    def stop_before_the_end(self) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(demo._Generator, "deadlines", stop_before_the_end)
    with pytest.raises(KeyboardInterrupt):
        demo.generate(engine, members=20, grievances=5, seed=3, today=DEMO_DAY)
    dialog = _dialog(qtbot, engine)
    qtbot.waitUntil(lambda: dialog.demo_checked, timeout=10_000)
    assert not dialog.demo_box.isVisible()


def test_demo_accounts_also_come_when_the_count_is_given(qtbot, demo_engine):
    """The start-up hands the dialog the number of accounts it counted itself (gem.ui.app):
    the demo accounts are still read from the database."""
    engine, _ = demo_engine
    dialog = SignInDialog(None, "SQLite test")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.demo_box.isVisible()
    dialog.set_database(session_factory(engine), users=25)
    _demo_box_shown(qtbot, dialog)
    assert len(dialog.demo_buttons) == 5


def test_repeated_failures_wait_in_the_worker_then_say_until_when(qtbot, engine, people,
                                                                 monkeypatch):
    """Failed sign-ins slow the typed login down (gem.services.sign_in), off the GUI thread,
    and the fifth locks it: the dialog says until when, and the right password waits too."""
    import re
    import threading

    from gem.services import sign_in

    slept: list[tuple[float, bool]] = []
    monkeypatch.setattr(sign_in, "sleep", lambda seconds: slept.append(
        (seconds, threading.current_thread() is threading.main_thread())))
    dialog = _dialog(qtbot, engine, last_login="conseil")
    for _ in range(5):
        dialog.message.clear()
        qtbot.keyClicks(dialog.password, "pas-le-bon-mot")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=10_000)
    assert [s for s, _ in slept] == [1, 2, 4, 8]
    assert not any(on_gui for _, on_gui in slept)
    assert re.fullmatch(r"Trop d'essais : réessayez après \d\d:\d\d\.", dialog.message.text())
    assert dialog.login.text() == "conseil" and dialog.password.text() == ""
    dialog.message.clear()
    qtbot.keyClicks(dialog.password, "motdepasse-123")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=10_000)
    assert dialog.message.text().startswith("Trop d'essais") and dialog.actor is None
