"""`gem` on a server reached with each person's own PostgreSQL login: the workstation's
address names no user, so no password is kept or asked before the sign-in dialog; the login
and password typed there open the connection, PostgreSQL checks them, and the window works
under that person's grants and row-level security. A sign-out takes that connection away.

The server is one of the tests' own that checks passwords (tests/scram_server.py);
PostgreSQL tests only. The database dialog's choice itself is checked without a server.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from sqlalchemy.engine import make_url

from gem.ui import app as gem_app
from gem.ui.app import Startup
from gem.ui.dialogs.database import DatabaseDialog
from gem.ui.list_view import ListView
from tests.conftest import PG_URL
from tests.scram_server import scram_url
from tests.secured import PASSWORD, secured_database
from tests.ui.conftest import wait_loaded
from tests.ui.journeys import Desk, close_startups

needs_pg = pytest.mark.skipif(not PG_URL, reason="PostgreSQL only (GEM_TEST_DATABASE_URL)")


@pytest.fixture(scope="module")
def secured_server() -> Iterator:
    if not PG_URL:
        pytest.skip("PostgreSQL only (GEM_TEST_DATABASE_URL)")
    for url in scram_url():
        yield from secured_database(url)


@pytest.fixture
def personal_desk(qapp, qtbot, settings, monkeypatch, secured_server) -> Iterator:
    """`gem` started on the workstation's address (no user in it)."""
    asked: list[str] = []
    monkeypatch.setattr(gem_app.credentials, "get_password",
                        lambda url: asked.append(url))  # never consulted: nothing stored
    monkeypatch.setattr(Startup, "ask_password", lambda _self, url: asked.append(url))
    settings.last_login = None
    url = make_url(secured_server.url)._replace(username=None, password=None) \
        .render_as_string(hide_password=False)
    startup = Startup(qapp, settings, url)
    startup.start()
    yield Desk(qtbot, startup), secured_server, asked
    close_startups([startup])


@needs_pg
def test_a_counsellor_signs_in_with_her_own_login_and_sees_only_her_files(
        personal_desk, qtbot):
    d, secured, asked = personal_desk
    dialog = d.sign_in_dialog()
    assert "serveur" in dialog.heading.text()  # the server checks the password
    window = d.sign_in("conseil", PASSWORD)
    assert not asked  # no workstation password was looked for nor asked
    assert window.ctx.actor.login == "conseil"
    assert window.ctx.engine.url.username == secured.names.login("conseil")
    d.ctrl(Qt.Key.Key_4, window)  # Dossiers de grief
    screen = window.current_screen()
    assert isinstance(screen, ListView)
    wait_loaded(qtbot, screen.model)
    ids = {screen.model.record_id(row) for row in range(screen.model.rowCount())}
    assert secured.ids["mine"] in ids and secured.ids["open"] in ids
    assert secured.ids["theirs"] not in ids  # hidden by PostgreSQL itself

    window.sign_out_action.trigger()
    again = d.sign_in_dialog()
    assert again.personal_url is not None and again.ready  # the next person connects
    assert d.startup.engine is None  # her connection went with her
    other = d.sign_in("conseil2", PASSWORD)
    assert other.ctx.engine.url.username == secured.names.login("conseil2")


@needs_pg
def test_a_wrong_password_is_refused_inline_by_the_server(personal_desk, qtbot):
    d, _secured, _asked = personal_desk
    dialog = d.sign_in_dialog()
    dialog.login.setText("conseil")
    dialog.password.setText("pas-le-bon")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=20_000)
    assert dialog.message.text() == "Identifiant ou mot de passe incorrect."
    assert dialog.login.text() == "conseil" and not dialog.password.text()
    assert d.startup.window is None and d.startup.engine is None


def test_the_database_dialog_offers_each_persons_own_login(qtbot):
    dialog = DatabaseDialog("postgresql+psycopg://serveur:5432/gem")
    qtbot.addWidget(dialog)
    assert dialog.server.isChecked() and dialog.personal.isChecked()
    assert not dialog.user.isEnabled() and not dialog.password.isEnabled()
    choice = dialog.choice()
    assert make_url(choice.url).username is None and choice.password is None
    dialog.personal.setChecked(False)
    assert dialog.user.isEnabled()
    dialog.user.setText("gem_service")
    assert make_url(dialog.choice().url).username == "gem_service"


@needs_pg
def test_the_idle_lock_asks_the_server_for_the_persons_password(personal_desk, qtbot):
    from tests.ui.forms_support import type_text

    d, _secured, _asked = personal_desk
    window = d.sign_in("conseil", PASSWORD)
    window.lock_now()
    qtbot.waitUntil(lambda: window.idle_lock.dialog is not None
                    and window.idle_lock.dialog.isVisible(), timeout=10_000)
    dialog = window.idle_lock.dialog
    type_text(qtbot, dialog.password, "pas-le-bon-mot")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=20_000)
    assert dialog.message.text() == "Mot de passe incorrect." and window.is_locked
    with qtbot.waitSignal(window.idle_lock.unlocked, timeout=20_000):
        type_text(qtbot, dialog.password, PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not window.is_locked


def test_the_database_dialog_keeps_tls_and_recommends_personal_logins(qtbot):
    from urllib.parse import parse_qs, urlsplit

    dialog = DatabaseDialog("postgresql+psycopg://serveur:5432/gem?sslmode=verify-full"
                            "&sslrootcert=/etc/gem/ca.pem")
    qtbot.addWidget(dialog)
    assert dialog.tls.isChecked()
    query = parse_qs(urlsplit(dialog.choice().url).query)
    assert query["sslmode"] == ["verify-full"]  # IT's stricter mode stays
    assert query["sslrootcert"] == ["/etc/gem/ca.pem"]
    dialog.tls.setChecked(False)
    assert "sslmode" not in parse_qs(urlsplit(dialog.choice().url).query)
    first = DatabaseDialog("sqlite:////tmp/gem.sqlite3", first_run=True)
    qtbot.addWidget(first)
    first.server.setChecked(True)
    assert first.personal.isChecked()  # the recommended set-up is the default
    first.tls.setChecked(True)
    assert parse_qs(urlsplit(first.choice().url).query)["sslmode"] == ["require"]


def test_a_personal_sign_in_to_a_server_that_cannot_be_found_says_so(
        qapp, qtbot, settings, monkeypatch):
    """The address's own mistake, named as at start-up (gem.database_problems), not the
    driver's words nor « mot de passe incorrect »; no PostgreSQL needed."""
    monkeypatch.setattr(gem_app.credentials, "get_password", lambda _url: None)
    settings.last_login = None
    startup = Startup(qapp, settings, "postgresql+psycopg://nosuchhost.invalid:5432/gem")
    startup.start()
    try:
        d = Desk(qtbot, startup)
        dialog = d.sign_in_dialog()
        assert dialog.personal_url is not None
        dialog.login.setText("conseil")
        dialog.password.setText(PASSWORD)
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=30_000)
        assert dialog.message.text().startswith(
            "Le serveur « nosuchhost.invalid » est introuvable : choisissez « Changer de base… »")
        assert PASSWORD not in dialog.message.text()
        assert dialog.password.text() == PASSWORD  # nothing refused the password itself
    finally:
        close_startups([startup])
