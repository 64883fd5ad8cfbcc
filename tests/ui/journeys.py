"""GEM as a person meets it: the start-up of `gem` (gem.ui.app.Startup) on the test database,
the sign-in dialog typed into, then the main window driven by keys and clicks only. No form is
built directly here: every record is reached the way a person reaches it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication

from gem import clock
from gem.ui import app as gem_app
from gem.ui.app import Startup
from gem.ui.dialogs.sign_in import SignInDialog
from gem.ui.main_window import MainWindow
from gem.ui.workers import write_pool
from tests.ui.forms_support import pick, settle, tab, type_here, type_text

PASSWORD = "motdepasse-123"


class Desk:
    """One `gem` process's window: signs in, finds screens and tabs, waits for work."""

    def __init__(self, qtbot: Any, startup: Startup):
        self.qtbot = qtbot
        self.startup = startup

    @property
    def window(self) -> MainWindow:
        window = self.startup.window
        assert window is not None, "no main window"
        return window

    def sign_in_dialog(self) -> SignInDialog:
        self.qtbot.waitUntil(lambda: isinstance(self.startup.dialog, SignInDialog)
                             and self.startup.dialog.isVisible(), timeout=15_000)
        dialog = self.startup.dialog
        assert isinstance(dialog, SignInDialog)
        return dialog

    def sign_in(self, login: str, password: str = PASSWORD) -> MainWindow:
        """Type the login and the password into the dialog, then Enter."""
        dialog = self.sign_in_dialog()
        dialog.login.selectAll()
        dialog.login.setFocus()
        type_text(self.qtbot, dialog.login, login)
        dialog.password.setFocus()
        type_text(self.qtbot, dialog.password, password)
        self.qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        self.qtbot.waitUntil(lambda: self.startup.window is not None
                             and self.startup.window.isVisible(), timeout=20_000)
        window = self.window
        window.activateWindow()
        self.qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
        return window

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
            widget: Any = None) -> None:
        target = widget or QApplication.focusWidget() or self.window
        self.qtbot.keyClick(target, key, modifier)

    def ctrl(self, key: Qt.Key, widget: Any = None) -> None:
        self.key(key, Qt.KeyboardModifier.ControlModifier, widget)

    def current_form(self) -> Any:
        form = self.window.current_form()
        assert form is not None, "no record tab in view"
        return form

    def wait_form_loaded(self, form: Any) -> None:
        self.qtbot.waitUntil(lambda: form.is_loaded(), timeout=15_000)

    def open_row(self, view: Any, row: int = 0) -> Any:
        """Enter on a list's row, as a person opens a record; the loaded form."""
        view.table.setFocus()
        view.table.setCurrentIndex(view.model.index(row, 0))
        self.key(Qt.Key.Key_Return, widget=view.table)
        form = self.current_form()
        self.wait_form_loaded(form)
        return form

    def settle(self) -> None:
        settle(self.qtbot)


def type_new_grievance(qtbot: Any, form: Any, title: str) -> None:
    """A new grievance's form typed field by field, as a secretary does: the institution
    « capitale nat… », the member « Côté-Bélanger, Hélène » (the test makes her), a nature,
    known ten days ago, filed today, article 12.03, and ``title``."""
    knowledge = clock.today() - timedelta(days=10)
    form.setFocus()
    pick(qtbot, "capitale nat", "field_institution_id")
    tab(qtbot)  # unit
    pick(qtbot, "cote hel", "field_member_ids", key=Qt.Key.Key_Return)
    tab(qtbot, 2)  # kind keeps "individuel"
    type_here(qtbot, "Cong", "field_nature")
    tab(qtbot)
    type_here(qtbot, knowledge.isoformat(), "field_event_date")
    tab(qtbot)
    type_here(qtbot, knowledge.isoformat(), "field_knowledge_date")
    tab(qtbot)
    type_here(qtbot, clock.today().isoformat(), "field_filed_date")
    tab(qtbot, 2)  # status at creation keeps "déposé"
    type_here(qtbot, "12.03", "field_articles")
    tab(qtbot)
    type_here(qtbot, title, "field_title")


@pytest.fixture
def desk(qapp, qtbot, settings, monkeypatch, engine) -> Iterator[Any]:
    """``desk()``: `gem` started on the test database, as far as its sign-in dialog."""
    monkeypatch.setattr(gem_app.credentials, "get_password", lambda _url: None)
    monkeypatch.setattr(Startup, "ask_password", lambda _self, _url: "trusted")
    settings.last_login = None
    startups: list[Startup] = []

    def make() -> Desk:
        startup = Startup(qapp, settings, engine.url.render_as_string(hide_password=False))
        startups.append(startup)
        startup.start()
        return Desk(qtbot, startup)

    yield make
    close_startups(startups)


def close_startups(startups: list[Startup]) -> None:
    """End each `gem` started by a test: its window closed (unsaved forms dropped), then
    every query it started finished, before the next test's."""
    for startup in startups:
        window = startup.window
        startup.stop(0)
        if window is not None:
            window.documents.discard_all()
            window.close()
            window.deleteLater()
    QThreadPool.globalInstance().waitForDone(20_000)
    write_pool().waitForDone(20_000)
