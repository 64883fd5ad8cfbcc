"""One error path for the window: a failed job nobody handles is logged and shown, a service's
refusal keeps its own words, a lost connection says so, a cancellation says nothing."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
import sqlalchemy.exc as sa_exc
from PySide6.QtCore import QTimer, QUrl, qWarning
from PySide6.QtWidgets import QApplication, QMainWindow

from gem import log
from gem.services.errors import PermissionDenied
from gem.ui import errors
from gem.ui.errors import Kind
from gem.ui.workers import Background, DbOp


@pytest.fixture
def shown(monkeypatch) -> list[tuple[Kind, str]]:
    """What report_unhandled presented, instead of a notice on screen."""
    notices: list[tuple[Kind, str]] = []
    monkeypatch.setattr(errors, "present", lambda kind, text: notices.append((kind, text)))
    return notices


def _log_text(folder: Path) -> str:
    path = folder / "gem.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_a_failed_job_with_no_failure_handler_is_shown_and_logged(qtbot, sessions, log_dir,
                                                                   shown):
    def reading_the_caseload(_session, _control):
        raise RuntimeError("colonne inconnue")

    op = DbOp(sessions, reading_the_caseload)
    got: list[object] = []
    op.on_success(got.append).run()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert got == []
    [(kind, text)] = shown
    assert kind is Kind.INTERNAL
    assert text.startswith("Erreur interne (RuntimeError: colonne inconnue). Vos saisies sont "
                           "conservées.")
    assert str(log_dir / "gem.log") in text
    logged = _log_text(log_dir)
    assert "Traceback (most recent call last)" in logged
    assert "in reading_the_caseload" in logged and "background job" in logged
    assert logged.count("RuntimeError: colonne inconnue (internal)") == 1  # logged once


def test_a_handled_failure_is_still_logged_but_not_shown_twice(qtbot, sessions, log_dir, shown):
    def broken(_session, _control):
        raise KeyError("institution")

    failures: list[BaseException] = []
    op = DbOp(sessions, broken).on_failure(failures.append)
    with qtbot.waitSignal(op.finished, timeout=10_000):
        op.run()
    qtbot.waitUntil(lambda: bool(failures), timeout=10_000)
    qtbot.wait(50)
    assert isinstance(failures[0], KeyError) and shown == []
    assert "in broken" in _log_text(log_dir)


def test_a_gem_error_shows_its_own_translated_message(qtbot, sessions, log_dir, shown):
    def refused(_session, _control):
        raise PermissionDenied()

    DbOp(sessions, refused, write=True).run()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown == [(Kind.EXPECTED, "Votre rôle ne permet pas cette action.")]
    assert errors.describe(PermissionDenied(), "en") == \
        (Kind.EXPECTED, "Your role does not allow this action.")
    assert "Votre rôle" not in _log_text(log_dir)  # a refusal is no bug


def test_a_lost_connection_is_described_as_such(log_dir):
    lost = sa_exc.OperationalError(
        "SELECT * FROM member WHERE last_name = %(name)s", {"name": "Tremblay"},
        psycopg.OperationalError("server closed the connection unexpectedly"))
    kind, text = errors.describe(lost, "fr")
    assert kind is Kind.CONNECTION
    assert text == ("La connexion à la base de données est perdue ou a été refusée (server "
                    "closed the connection unexpectedly). Vos saisies sont conservées : "
                    "réessayez dans un instant.")
    assert errors.message_for(lost) == text
    logged = _log_text(log_dir)
    assert "WARNING" in logged and "(connection)" in logged and "Tremblay" not in logged


def test_a_cancelled_job_is_silent(qtbot, sessions, log_dir, shown):
    started: list[bool] = []

    def long_export(_session, control):
        started.append(True)
        control.check()

    op = DbOp(sessions, long_export)
    op.cancel()
    with qtbot.waitSignal(op.finished, timeout=10_000):
        op.run()
    qtbot.wait(100)
    assert started == [True] and shown == []
    assert "Cancelled" not in _log_text(log_dir)
    assert errors.describe(errors.Cancelled())[0] is Kind.CANCELLED


def test_a_background_job_with_no_receiver_is_shown(qtbot, log_dir, shown):
    def warm_up(_report):
        raise ValueError("pas de cache")

    Background(warm_up).run()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown[0][0] is Kind.INTERNAL and "ValueError: pas de cache" in shown[0][1]
    assert "in warm_up" in _log_text(log_dir)


@pytest.mark.qt_no_exception_capture  # pytest-qt would take the slot's exception first
def test_an_exception_in_a_slot_is_logged_and_shown(qtbot, log_dir, shown):
    log.setup("window")
    errors.install()
    try:
        def clicked() -> None:
            raise LookupError("dossier absent")

        QTimer.singleShot(0, clicked)
        qtbot.waitUntil(lambda: bool(shown), timeout=5_000)
    finally:
        log.remove_unhandled_listener(errors.report_unhandled)
    assert shown[0][0] is Kind.INTERNAL and "LookupError: dossier absent" in shown[0][1]
    logged = _log_text(log_dir)
    assert "CRITICAL" in logged and "in clicked" in logged


def test_the_notice_goes_to_the_main_window_status_bar(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    errors.show_notice(Kind.CONNECTION, "La connexion est perdue.")
    assert window.statusBar().currentMessage() == "La connexion est perdue."


def test_without_a_main_window_one_non_modal_box_is_reused(qtbot, monkeypatch):
    monkeypatch.setattr(errors, "_main_window", lambda: None)
    errors.show_notice(Kind.CONNECTION, "Première panne.")
    box = errors._notice
    assert box is not None and box.isVisible() and not box.isModal()
    qtbot.addWidget(box)
    errors.show_notice(Kind.INTERNAL, "Deuxième panne.")
    assert errors._notice is box and box.text() == "Deuxième panne."
    opened: list[QUrl] = []
    monkeypatch.setattr(errors, "open_url", lambda url: opened.append(url) or True)
    box.log_button.click()
    assert opened and Path(opened[0].toLocalFile()) == log.log_file().parent


def test_open_log_folder_opens_the_folder_or_says_where_it_is(log_dir, monkeypatch, shown):
    opened: list[QUrl] = []
    monkeypatch.setattr(errors, "open_url", lambda url: opened.append(url) or True)
    assert errors.open_log_folder()
    assert Path(opened[0].toLocalFile()) == log_dir and log_dir.is_dir()
    monkeypatch.setattr(errors, "open_url", lambda url: False)
    assert not errors.open_log_folder()
    assert shown and shown[0][0] is Kind.SYSTEM and str(log_dir) in shown[0][1]


def test_qt_messages_go_to_the_log(log_dir, monkeypatch):
    from PySide6.QtCore import qInstallMessageHandler

    monkeypatch.setattr(errors, "_qt_handler_installed", False)
    log.setup("cli")  # the file only: nothing on the console
    errors.install_qt_message_handler()
    try:
        qWarning("pilote graphique absent")
    finally:
        qInstallMessageHandler(None)
    logged = _log_text(log_dir)
    assert "WARNING" in logged and "qt" in logged and "pilote graphique absent" in logged
