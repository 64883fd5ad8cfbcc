"""The window's start end to end (gem.ui.app.Startup): the sign-in dialog appears while the
database is still being prepared in the background, « Se connecter » pressed before that ends
waits for it, and the main window opens with « Mon portefeuille » filled. Also the start-up's
other turns: a wrong password, the first administrator, an empty database, a newer schema, an
unreachable server, and the language switch that rebuilds the window."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from gem.ui import app as gem_app
from gem.ui import warmup
from gem.ui.app import Startup, install_translators
from gem.ui.caseload_view import CaseloadView
from gem.ui.dialogs.sign_in import SignInDialog
from gem.ui.workers import write_pool

PASSWORD = "motdepasse-123"


class Gate:
    """Holds the background preparation at its start until ``open()``: the test decides
    whether « Se connecter » comes before or after it."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.entered = threading.Event()

    def prepare(self, url, last_login, report, cancelled=lambda: False) -> None:
        self.entered.set()
        if not self.event.wait(30):
            raise TimeoutError("the test never opened the gate")
        warmup.prepare(url, last_login, report, cancelled)

    def open(self) -> None:
        self.event.set()


@pytest.fixture
def gate(monkeypatch) -> Iterator[Gate]:
    gate = Gate()
    monkeypatch.setattr(gem_app, "prepare", gate.prepare)
    yield gate
    gate.open()  # never leave a worker waiting


@pytest.fixture
def start(qapp, settings, gate, monkeypatch) -> Iterator:
    """``start(engine)``: a Startup on the test database, started; closed afterwards. The
    test PostgreSQL server trusts local connections: the password asked for (the URL has
    none) is answered at once, and the OS keyring is left alone."""
    monkeypatch.setattr(gem_app.credentials, "get_password", lambda _url: None)
    monkeypatch.setattr(Startup, "ask_password", lambda _self, _url: "trusted")
    startups: list[Startup] = []

    def make(engine, last_login: str | None = None) -> Startup:
        settings.last_login = last_login
        startup = Startup(qapp, settings, engine.url.render_as_string(hide_password=False))
        startups.append(startup)
        startup.start()
        return startup

    yield make
    for startup in startups:
        window = startup.window
        # Stopped first: a report still queued from the background (e.g. the test database
        # going away) must not open a modal box once the test is over.
        startup.stop(0)
        if window is not None:
            window.close()
            window.deleteLater()
    gate.open()
    QThreadPool.globalInstance().waitForDone(20_000)
    write_pool().waitForDone(20_000)
    for startup in startups:
        if startup.engine is not None:
            startup.engine.dispose()  # no connection may outlive the test database
    install_translators(qapp, "fr")


def _dialog(qtbot, startup: Startup) -> SignInDialog:
    dialog = startup.dialog
    assert isinstance(dialog, SignInDialog)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    return dialog


def test_sign_in_pressed_before_the_preparation_ends_waits_then_opens_the_window(
        qtbot, engine, people, settings, start, gate):
    startup = start(engine, last_login="conseil")
    dialog = _dialog(qtbot, startup)
    assert gate.entered.wait(10)  # the preparation has started, and is held
    assert startup.preparing and startup.engine is None
    assert dialog.login.text() == "conseil"  # the remembered login
    qtbot.keyClicks(dialog.password, PASSWORD)
    dialog.ok_button.click()
    assert dialog.submit_pending and not dialog.ok_button.isEnabled()
    assert dialog.busy_bar.isVisible()  # a busy indicator, not a frozen window
    qtbot.wait(50)
    assert dialog.isVisible() and startup.window is None

    gate.open()
    with qtbot.waitSignal(startup.ready, timeout=20_000) as ready:
        pass
    window = ready.args[0]
    assert window is startup.window and window.isVisible()
    screen = window.current_screen()
    assert isinstance(screen, CaseloadView)
    qtbot.waitUntil(lambda: screen.caseload is not None, timeout=20_000)
    assert dialog.closed and not dialog.isVisible()
    assert settings.last_login == "conseil"
    assert window.ctx.actor.login == "conseil"
    qtbot.waitUntil(lambda: not startup.preparing, timeout=20_000)


def test_caseload_read_ahead_is_used_for_the_remembered_person(
        qtbot, engine, people, start, gate):
    startup = start(engine, last_login="conseil")
    dialog = _dialog(qtbot, startup)
    gate.open()
    qtbot.waitUntil(lambda: startup.prefetch is not None and startup.prefetch.finished,
                    timeout=20_000)
    assert startup.prefetch.result is not None
    read_ahead = startup.prefetch.result
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(startup.ready, timeout=20_000):
        dialog.ok_button.click()
    screen = startup.window.current_screen()
    assert isinstance(screen, CaseloadView)
    assert screen.caseload is read_ahead  # shown at once, no second read


def test_someone_else_signing_in_gets_their_own_caseload(qtbot, engine, people, start, gate):
    startup = start(engine, last_login="conseil")
    dialog = _dialog(qtbot, startup)
    gate.open()
    qtbot.waitUntil(lambda: startup.prefetch is not None and startup.prefetch.finished,
                    timeout=20_000)
    dialog.login.setText("coord")
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(startup.ready, timeout=20_000):
        dialog.ok_button.click()
    screen = startup.window.current_screen()
    qtbot.waitUntil(lambda: screen.caseload is not None, timeout=20_000)
    assert screen.caseload is not startup.prefetch.result
    assert startup.window.ctx.actor.login == "coord"


def test_wrong_password_pressed_early_is_refused_inline(qtbot, engine, people, start, gate):
    startup = start(engine, last_login="conseil")
    dialog = _dialog(qtbot, startup)
    qtbot.keyClicks(dialog.password, "pas-le-bon-mot")
    dialog.ok_button.click()
    assert dialog.submit_pending
    gate.open()
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=20_000)
    assert "incorrect" in dialog.message.text()
    assert dialog.ok_button.isEnabled() and not dialog.busy_bar.isVisible()
    assert dialog.password.text() == "" and startup.window is None
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(startup.ready, timeout=20_000):
        dialog.ok_button.click()
    assert startup.window.ctx.actor.login == "conseil"


def test_first_administrator_on_a_database_without_accounts(qtbot, engine, start, gate):
    startup = start(engine)
    dialog = _dialog(qtbot, startup)
    qtbot.keyClicks(dialog.login, "it")
    qtbot.keyClicks(dialog.password, "un-long-mot-de-passe")
    dialog.ok_button.click()  # before the dialog knows there is no account yet
    assert dialog.submit_pending
    gate.open()
    qtbot.waitUntil(lambda: dialog.first_run, timeout=20_000)
    # the request is dropped: the form now wants a name and the password twice
    assert not dialog.submit_pending and dialog.ok_button.isEnabled()
    assert dialog.confirm.isVisible() and startup.window is None
    qtbot.keyClicks(dialog.full_name, "Service informatique")
    qtbot.keyClicks(dialog.confirm, "un-long-mot-de-passe")
    with qtbot.waitSignal(startup.ready, timeout=20_000) as ready:
        dialog.ok_button.click()
    assert ready.args[0].ctx.actor.login == "it" and ready.args[0].ctx.actor.is_admin


def test_empty_database_is_created_on_request(qtbot, empty_engine, start, gate, monkeypatch):
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: None))
    startup = start(empty_engine)
    dialog = _dialog(qtbot, startup)
    gate.open()
    qtbot.waitUntil(lambda: dialog.first_run, timeout=30_000)
    assert asked and "vide" in asked[0]


def test_newer_schema_is_refused(qtbot, engine, people, start, gate, monkeypatch):
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    shown: list[str] = []

    def exec_box(box):
        shown.append(box.text())
        return 0  # closed without a choice: quit

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    startup = start(engine)
    dialog = _dialog(qtbot, startup)
    with qtbot.waitSignal(startup.stopped, timeout=20_000) as stopped:
        gate.open()
    assert stopped.args == [1]
    assert shown and dialog.closed and startup.window is None


def test_unreachable_server_says_so_and_quits(qtbot, qapp, settings, gate, monkeypatch):
    shown: list[str] = []

    def exec_box(box):
        shown.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    startup = Startup(qapp, settings, "postgresql://gem:secret@127.0.0.1:1/nowhere")
    startup.start()
    dialog = _dialog(qtbot, startup)
    qtbot.keyClicks(dialog.login, "conseil")
    qtbot.keyClicks(dialog.password, PASSWORD)
    dialog.ok_button.click()
    with qtbot.waitSignal(startup.stopped, timeout=30_000) as stopped:
        gate.open()
    assert stopped.args == [1]
    assert shown and "n'a pas pu joindre" in shown[0]
    assert "secret" not in shown[0]  # the password never shows
    assert dialog.closed
    QThreadPool.globalInstance().waitForDone(20_000)


def test_language_switch_rebuilds_the_window(qtbot, engine, people, start, gate):
    startup = start(engine, last_login="admin")
    dialog = _dialog(qtbot, startup)
    gate.open()
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(startup.ready, timeout=20_000) as ready:
        dialog.ok_button.click()
    first = ready.args[0]
    with qtbot.waitSignal(startup.ready, timeout=20_000) as again:
        first._choose_language("en")
    second = again.args[0]
    assert second is not first and startup.window is second
    assert second.ctx.actor.language == "en"
    assert second.nav.item(0).text() == "My caseload"
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=5_000)
