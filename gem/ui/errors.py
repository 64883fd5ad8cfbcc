"""One way for the whole window to say that something failed.

Every screen used to word its own failures, most as "the database did not respond", and a job
with no failure handler failed silently (a search that found nothing, a list left empty). Now:

- :func:`describe` sorts an exception (gem.log.classify) and words it: a service's
  :class:`GemError` in its own translated message; a lost or refused database connection as
  such, with the typing kept; anything else as an internal error pointing to the log file, where
  its traceback is written;
- :func:`address_problem` says what is wrong in the address of a database that could not be
  opened (unknown server, refused port, wrong password, missing database, a file that is not a
  database) in the command line's own sentences (gem.database_problems), pointing at the
  window's « Changer de base… » instead of ``--database``;
- :func:`report_unhandled` is where a failure nobody handled ends up (gem.ui.workers sends every
  job there that has no ``on_failure``; :func:`install` sends uncaught exceptions there): it
  logs and shows a non-modal notice through :data:`present`, which tests replace;
- :func:`install_qt_message_handler` writes Qt's own warnings into the same log.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import (
    QCoreApplication,
    QMessageLogContext,
    QObject,
    Qt,
    QThread,
    QtMsgType,
    QUrl,
    Signal,
    Slot,
    qInstallMessageHandler,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget
from shiboken6 import isValid

from gem import log as gem_log
from gem.database_problems import WINDOW, database_problem_for
from gem.services.errors import GemError
from gem.ui.workers import Cancelled

NOTICE_MS = 30_000  # how long a notice stays in the status bar


class Kind(StrEnum):
    EXPECTED = gem_log.EXPECTED
    BUSY = gem_log.BUSY
    CONNECTION = gem_log.CONNECTION
    SYSTEM = gem_log.SYSTEM
    INTERNAL = gem_log.INTERNAL
    CANCELLED = "cancelled"


# ------------------------------------------------------------------------------ wording
def describe(exc: BaseException, lang: str | None = None) -> tuple[Kind, str]:
    """What to tell the person, and what sort of failure it is. Logs every failure that is
    not a GemError nor a cancellation (once: the worker may have logged it already).

    ``lang`` is the language of a GemError's message (the form's actor's); the other texts
    follow the window's installed Qt translation."""
    if isinstance(exc, Cancelled):
        return Kind.CANCELLED, QCoreApplication.translate("ErrorNotice", "Opération annulée.")
    kind = Kind(gem_log.classify(exc))
    if kind is Kind.EXPECTED:
        assert isinstance(exc, GemError)
        return kind, exc.message(lang)
    gem_log.log_exception(exc, "shown in the window")
    reason = gem_log.reason(exc)
    if kind is Kind.BUSY:  # the driver's words ("database is locked") go to the log only
        text = QCoreApplication.translate(
            "ErrorNotice", "La base de données est occupée : un autre poste utilise ces "
            "données. Rien n'a été enregistré et vos saisies sont conservées : réessayez dans "
            "un instant.")
    elif kind is Kind.CONNECTION:
        text = QCoreApplication.translate(
            "ErrorNotice", "La connexion à la base de données est perdue ou a été refusée "
            "({error}). Vos saisies sont conservées : réessayez dans un instant.")
    elif kind is Kind.SYSTEM:
        text = QCoreApplication.translate(
            "ErrorNotice", "Un fichier ou un dossier est inaccessible ({error}). Vos saisies "
            "sont conservées.")
    else:
        text = QCoreApplication.translate(
            "ErrorNotice", "Erreur interne ({error}). Vos saisies sont conservées. Le détail "
            "est dans le journal : {path}")
    return kind, text.format(error=reason, path=str(gem_log.log_file()))


def message_for(exc: BaseException, lang: str | None = None) -> str:
    """The sentence a form or a screen shows for ``exc`` (see :func:`describe`)."""
    return describe(exc, lang)[1]


def address_problem(exc: BaseException, url: str | None) -> str | None:
    """What to fix in ``url`` when opening it failed because of the address itself; None for
    any other failure (a timeout, a dropped connection, a bug), which keeps its own message.

    Only for a failure to open a database the window just chose: the same error in the
    middle of work (the server stopped, so "refused") would wrongly blame an address that
    worked. ``url`` may hold a password: the sentence names the server, the account, the
    database or the file, never the password."""
    return database_problem_for(exc, url, WINDOW)


# ------------------------------------------------------------------------------ showing
class ErrorNotice(QMessageBox):
    """The notice shown when no main window is active to carry it in its status bar.

    Non-modal: a failure in the background must never block the window, nor a test."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("GEM — Erreur"))
        self.setStandardButtons(QMessageBox.StandardButton.Close)
        self.log_button = self.addButton(self.tr("Ouvrir le dossier du &journal"),
                                         QMessageBox.ButtonRole.ActionRole)
        self.log_button.clicked.connect(open_log_folder)
        self.kind: Kind | None = None

    def show_failure(self, kind: Kind, text: str) -> None:
        self.kind = kind
        self.setIcon(QMessageBox.Icon.Critical if kind is Kind.INTERNAL
                     else QMessageBox.Icon.Warning)
        self.log_button.setVisible(kind in (Kind.INTERNAL, Kind.CONNECTION, Kind.BUSY,
                                            Kind.SYSTEM))
        self.setText(text)
        self.show()
        self.raise_()


_notice: ErrorNotice | None = None


def _main_window() -> QMainWindow | None:
    """The main window whose status bar a person is looking at: the active one; when GEM is
    not in front, the one visible main window. None when a dialog is in front (its owner's
    status bar would be hidden behind it)."""
    active = QApplication.activeWindow()
    if active is not None:
        top = active.window()
        return top if isinstance(top, QMainWindow) else None
    windows = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, QMainWindow) and w.isVisible()]
    return windows[0] if len(windows) == 1 else None


def show_notice(kind: Kind, text: str) -> None:
    """The default :data:`present`: the main window's status bar, else one reused non-modal
    box (a dropped connection fails every open job at once: one box, not ten)."""
    global _notice
    if not isinstance(QCoreApplication.instance(), QApplication):
        return  # no widgets (a test without a window): the log has it
    window = _main_window()
    if window is not None:
        window.statusBar().showMessage(text, NOTICE_MS)
        return
    if _notice is None or not isValid(_notice) or not _notice.isVisible():
        active = QApplication.activeWindow()
        _notice = ErrorNotice(active)
        _notice.destroyed.connect(_forget_notice)
    _notice.show_failure(kind, text)


def _forget_notice() -> None:
    global _notice
    _notice = None


present: Callable[[Kind, str], None] = show_notice
"""How a failure nobody handled is shown; tests replace it (``monkeypatch.setattr``)."""


class _Relay(QObject):
    """Carries a failure from a worker thread to the GUI thread, where widgets may be
    touched and where the window's language is set."""

    failure = Signal(object)

    @Slot(object)
    def deliver(self, exc: BaseException) -> None:
        _report_here(exc)


_relay_lock = threading.Lock()
_relay_object: _Relay | None = None


def _relay() -> _Relay:
    global _relay_object
    with _relay_lock:
        if _relay_object is None:
            relay = _Relay()
            app = QCoreApplication.instance()
            if app is not None and relay.thread() is not app.thread():
                relay.moveToThread(app.thread())
            relay.failure.connect(relay.deliver)
            _relay_object = relay
        return _relay_object


def _on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


def report_unhandled(exc: BaseException) -> None:
    """A failure nobody handled: logged with its traceback, then shown (see :data:`present`).
    Callable from any thread; a cancellation is not a failure and shows nothing."""
    if isinstance(exc, Cancelled):
        return
    if not _on_gui_thread():
        # Written now, from the failing thread: the window may close before the notice shows.
        gem_log.log_exception(exc, "not handled by the window")
        if QCoreApplication.instance() is not None:
            _relay().failure.emit(exc)
        return
    _report_here(exc)


def _report_here(exc: BaseException) -> None:
    kind, text = describe(exc)
    if kind is not Kind.CANCELLED:
        present(kind, text)


# ------------------------------------------------------------------------------ the log
def open_url(url: QUrl) -> bool:
    """The desktop's file manager; apart so tests can replace it."""
    return QDesktopServices.openUrl(url)


def open_log_folder() -> bool:
    """Open the folder holding gem.log (Aide › Journal). When the desktop cannot (no file
    manager), say where it is instead."""
    folder = gem_log.log_file().parent
    folder.mkdir(parents=True, exist_ok=True)
    if open_url(QUrl.fromLocalFile(str(folder))):
        return True
    present(Kind.SYSTEM, QCoreApplication.translate(
        "ErrorNotice", "Impossible d'ouvrir le dossier du journal. Il se trouve ici : {path}")
        .format(path=str(folder)))
    return False


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_qt_handler_installed = False


def _qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's qDebug/qWarning/... as log records under ``qt.<category>``. Never raises: Qt
    calls it from C++, from any thread."""
    try:
        category = context.category or ""
        name = category if category.startswith("qt") else \
            "qt" if category in ("", "default") else f"qt.{category}"
        where = f" ({context.file}:{context.line})" if context.file else ""
        logging.getLogger(name).log(_QT_LEVELS.get(mode, logging.WARNING), "%s%s",
                                    message, where)
    except Exception:  # noqa: BLE001, S110 - a log line is not worth a crash inside Qt
        pass


def install_qt_message_handler() -> None:
    """Qt's messages go to the log file (and, for warnings, to the console if any) instead
    of only to a console a packaged window does not have. Installed once."""
    global _qt_handler_installed
    if not _qt_handler_installed:
        qInstallMessageHandler(_qt_message)
        _qt_handler_installed = True


def install() -> None:
    """For the window, after ``gem.log.setup("window")``: Qt's messages into the log, and
    every exception nothing caught (a slot, a thread) shown as a notice as well as logged."""
    install_qt_message_handler()
    if QCoreApplication.instance() is not None:
        _relay()  # created here, on the GUI thread
    gem_log.on_unhandled(report_unhandled)
