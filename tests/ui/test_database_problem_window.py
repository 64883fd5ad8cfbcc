"""The window names a mistake in the database's address as the command line does (issue 13):
an unknown server, a refused port, a wrong password, a missing PostgreSQL database, a file that
is not a database, each with the window's way to fix it (« Changer de base… ») instead of the
generic "could not reach the database" and the driver's English words.

Each test starts `gem` the way a person does: ``gem --database URL`` through gem.cli.main,
down to gem.ui.app.run and its event loop; the failure box is answered « closed » at once
(QMessageBox.exec replaced), which ends GEM with status 1. The unknown server and the
refused port need no server at all; the missing database needs the local PostgreSQL server
(127.0.0.1:5432) but not GEM_TEST_DATABASE_URL; the wrong password, the tests' own
password-checking server (tests/scram_server.py).
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.engine import make_url

from gem import log as gem_log
from gem.i18n import set_language
from gem.ui import app as gem_app
from gem.ui import errors
from gem.ui.app import Startup, install_translators
from tests.scram_server import scram_url

PASSWORD = "mdp-Secret-42"
LOCAL_SERVER = ("127.0.0.1", 5432)
WATCHDOG_MS = 60_000  # an event loop that never ends would hang the whole run


def _local_server_running() -> bool:
    try:
        with socket.create_connection(LOCAL_SERVER, timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture
def gem_window(qapp: QApplication, log_dir: Path, monkeypatch: pytest.MonkeyPatch
               ) -> Iterator[Callable[..., tuple[int, list[str]]]]:
    """``gem_window(url, *options)``: `gem [options] --database url` run to its end; its exit
    status and the text of every message box it showed. The OS keyring is left alone; a
    password GEM would ask for is answered at once."""
    monkeypatch.setattr(gem_app.credentials, "get_password", lambda _url: None)
    monkeypatch.setattr(Startup, "ask_password", lambda _self, _url: PASSWORD)
    shown: list[str] = []
    retries: list[int] = [0]  # how many boxes to answer « Réessayer » before closing one

    def exec_box(box: QMessageBox) -> int:
        shown.append(box.text())
        if retries[0] > 0:
            retries[0] -= 1
            retry = next(b for b in box.buttons() if b.text() == "Réessayer")
            retry.click()  # what the person's click does: the box remembers the button
        return 0  # otherwise closed without a choice: GEM quits

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(lambda: qapp.exit(99))

    def run(url: str, *options: str, retry: int = 0) -> tuple[int, list[str]]:
        from gem.cli import main

        shown.clear()
        retries[0] = retry
        watchdog.start(WATCHDOG_MS)
        try:
            code = main([*options, "--database", url])
        finally:
            watchdog.stop()
        return code, list(shown)

    yield run
    watchdog.stop()
    gem_log.remove_unhandled_listener(errors.report_unhandled)
    qapp.setQuitOnLastWindowClosed(True)
    QThreadPool.globalInstance().waitForDone(20_000)
    install_translators(qapp, "fr")
    set_language("fr")


def _the_precise_line(code: int, shown: list[str], expected: str) -> str:
    assert code == 1, shown
    assert len(shown) == 1, shown
    return _precise(shown[0], expected)


def _precise(text: str, expected: str) -> str:
    assert expected in text, text
    assert "n'a pas pu joindre" in text  # the box's heading stays
    # Not the driver's English ("connection failed: ... Connection refused") in its place.
    assert "connection" not in text.lower() and "Error" not in text
    assert PASSWORD not in text  # never the password
    return text


def test_unknown_server(gem_window):
    code, shown = gem_window(
        f"postgresql+psycopg://postgres:{PASSWORD}@nosuchhost.invalid/gem")
    _the_precise_line(code, shown,
                      "Le serveur « nosuchhost.invalid » est introuvable : choisissez "
                      "« Changer de base… » pour vérifier son nom dans l'adresse de la base "
                      "de données.")


def test_refused_port(gem_window):
    code, shown = gem_window(f"postgresql+psycopg://postgres:{PASSWORD}@127.0.0.1:5499/gem")
    text = _the_precise_line(
        code, shown,
        "Aucun serveur PostgreSQL n'accepte de connexion sur 127.0.0.1:5499 : choisissez "
        "« Changer de base… » pour vérifier le port dans l'adresse, ou vérifiez que le "
        "serveur est démarré.")
    assert "--database" not in text and "GEM_DATABASE_URL" not in text  # the CLI's remedy


def test_a_retry_says_it_again(gem_window):
    """« Réessayer » opens the same address again: its failure is worded the same way."""
    code, shown = gem_window("postgresql+psycopg://postgres@127.0.0.1:5499/gem", retry=1)
    assert code == 1 and len(shown) == 2, shown
    for text in shown:
        _precise(text, "Aucun serveur PostgreSQL n'accepte de connexion sur 127.0.0.1:5499")


def test_missing_postgresql_database(gem_window):
    if not _local_server_running():
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
    code, shown = gem_window("postgresql+psycopg://postgres@127.0.0.1:5432/nosuchdb_gem_test")
    _the_precise_line(code, shown,
                      "La base de données « nosuchdb_gem_test » n'existe pas sur le serveur "
                      "127.0.0.1:5432 : choisissez « Changer de base… » pour vérifier son nom, "
                      "ou faites-la créer sur le serveur : GEM y créera ensuite ses tables.")


@pytest.fixture(scope="module")
def password_server() -> Iterator[str]:
    yield from scram_url()


def test_wrong_password(gem_window, password_server):
    url = make_url(password_server).set(username="personne", password=PASSWORD)
    code, shown = gem_window(url.render_as_string(hide_password=False))
    _the_precise_line(code, shown,
                      f"Le serveur 127.0.0.1:{url.port} a refusé le mot de passe de "
                      "« personne » : choisissez « Changer de base… » pour entrer de nouveau "
                      "le mot de passe.")


def test_a_text_file_is_not_a_database(gem_window, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("ceci n'est pas une base de données\n" * 20, encoding="utf-8")
    code, shown = gem_window(f"sqlite:///{path}")
    _the_precise_line(code, shown,
                      f"Le fichier {path} n'est pas une base de données GEM : choisissez "
                      "« Changer de base… » pour corriger le chemin ou indiquer un nouveau "
                      "fichier, où GEM créera ses tables.")
    assert path.read_text(encoding="utf-8").startswith("ceci n'est pas")  # left as it was


def test_the_window_speaks_the_language_chosen(gem_window):
    """The sentence comes from the services' catalogue, which the window switches with Qt's:
    ``--lang en`` must not leave it in French (untranslated msgids fall back to French, so
    only the language's being installed is checked here)."""
    from gem.i18n import current_language

    languages: list[str] = []
    original = errors.address_problem

    def spy(exc: BaseException, url: str | None) -> str | None:
        languages.append(current_language())
        return original(exc, url)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(errors, "address_problem", spy)
        code, shown = gem_window("postgresql+psycopg://postgres@127.0.0.1:5499/gem",
                                 "--lang", "en")
    assert code == 1 and len(shown) == 1
    assert languages == ["en"]
