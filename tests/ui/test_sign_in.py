"""Sign-in: the right password opens a session, a wrong one says so and keeps the login; a
database without any account offers to create the first administrator."""

from __future__ import annotations

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
