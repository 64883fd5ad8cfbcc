"""Starting GEM's window: application, languages, style, database, schema, sign-in.

Why it is a small state machine (``Startup``) rather than one function: every step that talks
to the database (the schema probe, an upgrade, the sign-in) runs in a worker, so even an
unreachable server never freezes a visible window; each step's answer decides the next one.

Why the sign-in dialog comes first (DESIGN.md: a usable main window within 1 s of the start):
importing SQLAlchemy, the ORM models and the services and opening the database took 1.3 s,
more than the whole budget, before anything showed. So this module imports Qt, the settings
and the dialog alone; the dialog appears at once, and gem.ui.warmup.prepare does the rest in a
worker thread while the person types: imports, engine, schema check, accounts counted, the main
window's modules, the remembered person's caseload read ahead. « Se connecter » pressed sooner
waits for it with a busy bar. The schema's verdict (too new, empty, older) and a connection
failure come as before, only over the dialog instead of before it.

Order of the steps and what each protects against:

1. The database URL: ``--database``, then ``GEM_DATABASE_URL``, then the URL chosen earlier on
   this workstation (settings), then the embedded SQLite file if it exists; otherwise the
   first-run dialog asks. A server password comes from the OS keyring or is asked for; it is
   never written to the settings.
2. The schema, checked in the background while the sign-in dialog shows: a newer one is
   refused (install the newer GEM); an empty one is created on request; an older one is
   upgraded only after an administrator signs in, with a SQLite backup first
   (gem.schema.upgrade).
3. Sign-in (or the creation of the first administrator on a database with no account).
4. The main window, in the language chosen: ``--lang``, else the workstation's choice, else
   the signed-in user's own language.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QThreadPool, QTranslator, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox, QWidget

# Qt and light modules only: everything that imports SQLAlchemy comes in the background
# (gem.ui.warmup) while the sign-in dialog is on screen.
from gem.i18n import set_language
from gem.paths import ENV_URL, default_url, is_personal_url, resource_path
from gem.ui import credentials
from gem.ui.dialogs.sign_in import CHANGE_DATABASE, SignInDialog
from gem.ui.settings import (
    Settings,
    display_url,
    has_password,
    is_server_url,
    strip_password,
    with_password,
)
from gem.ui.warmup import CaseloadPrefetch, PreparedDatabase, prepare, prepare_window
from gem.ui.workers import Background, DbOp, write_pool

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from gem.services.actor import Actor
    from gem.ui.main_window import MainWindow

_translators: list[QTranslator] = []

STYLE_SHEET = """
QListWidget#navigation { font-size: 11pt; padding-top: 6px; border: none;
    background: palette(window); }
QListWidget#navigation::item { padding: 7px 10px; border-radius: 4px; margin: 1px 4px; }
QListWidget#navigation::item:selected { background: #1f5f8b; color: white; }
QLabel#screenTitle { font-size: 15pt; font-weight: 600; padding: 2px 0 6px 0; }
QLabel#sectionTitle { font-size: 11pt; font-weight: 600; padding: 4px 0 2px 0; }
QLabel#rowCount { color: palette(mid); font-size: 10pt; }
QLabel#hint { color: #5f6368; }
QLabel#errorText { color: #a1141c; }
QLabel#okText { color: #1e6b34; }
QLabel#errorBanner { background: #fde3e4; color: #a1141c; border: 1px solid #f2b8bb;
    border-radius: 4px; padding: 6px; }
QLabel#countCard { border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 4px;
    background: white; min-width: 90px; }
QLabel#dialogHeading { font-size: 11pt; }
QFrame#quickSearch { border: 1px solid #1f5f8b; border-radius: 6px; background: white; }
QFrame#quickSearch QLineEdit { font-size: 13pt; padding: 6px; }
QTableView { gridline-color: #e3e6ea; selection-background-color: #cfe3f3;
    selection-color: black; }
QHeaderView::section { padding: 4px 6px; }
"""


# ---------------------------------------------------------------------- application
def create_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication (several in one process crash), with GEM's name and look."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("GEM")
    app.setOrganizationName("GEM")
    app.setApplicationDisplayName("GEM")
    apply_style(app)
    return app


def apply_style(app: QApplication) -> None:
    """Fusion with a light palette looks the same on every workstation (and in screenshots);
    a short style sheet gives titles, counts and warnings their weight."""
    app.setStyle("Fusion")
    palette = app.style().standardPalette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#1f5f8b"))
    app.setPalette(palette)
    font = QFont(app.font())
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)


def install_translators(app: QApplication, lang: str) -> bool:
    """French source strings need no catalogue; English loads gem_en.qm. Qt's own strings
    (standard buttons) come from qtbase_<lang>. Returns False if gem_en.qm is missing."""
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    lang = lang if lang in ("fr", "en") else "fr"
    set_language(lang)  # the services' catalogue (labels, messages) follows the window
    QLocale.setDefault(QLocale(QLocale.Language.French if lang == "fr" else
                               QLocale.Language.English, QLocale.Country.Canada))
    ok = True
    qt_base = QTranslator(app)
    if qt_base.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_base)
        _translators.append(qt_base)
    if lang == "fr":  # what qtbase_fr lacks (gem.ui.qt_gaps); installed last, asked first,
        from gem.ui.qt_gaps import QtFrenchGaps  # but it answers only its few entries

        gaps = QtFrenchGaps(app)
        app.installTranslator(gaps)
        _translators.append(gaps)
    if lang == "en":
        gem = QTranslator(app)
        ok = gem.load(str(resource_path("i18n", "gem_en.qm")))
        if ok:
            app.installTranslator(gem)
            _translators.append(gem)
    return ok


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _sessions(engine: Engine):
    from gem.db import session_factory

    return session_factory(engine)


def _upgrade(session, _control):
    from gem import schema

    return schema.upgrade(session.get_bind())


# ---------------------------------------------------------------------- startup
class Startup(QObject):
    """Runs the start-up steps; ``ready`` carries the main window, ``stopped`` the exit code.

    ``prepared`` is emitted (with the step's name: "database", "window", "caseload") as the
    background preparation advances; ``preparing`` is True until it has ended."""

    ready = Signal(object)
    stopped = Signal(int)
    prepared = Signal(str)
    signed_out = Signal()  # the sign-in dialog is back on screen

    def __init__(self, app: QApplication, settings: Settings, explicit_url: str | None = None,
                 explicit_lang: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.app = app
        self.settings = settings
        self.explicit_url = explicit_url
        self.explicit_lang = explicit_lang
        self.url: str | None = None  # without the password
        self.password: str | None = None
        self.password_from_keyring = False
        self.engine: Engine | None = None
        self.upgrade_pending = False
        self.window: MainWindow | None = None
        self.dialog: QWidget | None = None
        self.preparing = False
        self.window_modules_ready = False
        self.prefetch: CaseloadPrefetch | None = None
        self._generation = 0  # of the preparation; an older one's reports are dropped
        self._job: Background | None = None
        self._waiting_actor: Actor | None = None  # signed in before the modules were ready
        self._stopped = False

    # ------------------------------------------------------------------ 1. where
    def start(self) -> None:
        url = self.explicit_url or os.environ.get(ENV_URL) or self.settings.database_url
        if url is None and os.path.exists(default_url().split(":///", 1)[1]):
            url = default_url()
        if url is None:
            self.choose_database(first_run=True)
        else:
            self.connect_to(url)

    def choose_database(self, first_run: bool = False) -> None:
        from gem.ui.dialogs.database import DatabaseDialog

        self._cancel_preparation()
        self._close_sign_in()
        dialog = DatabaseDialog(self.url, None, first_run=first_run)
        self.dialog = dialog
        if dialog.exec() != DatabaseDialog.DialogCode.Accepted:
            if first_run or self.url is None:
                self.stop(0)  # nowhere to go back to
            else:
                self.connect_to(self.url)  # back to the sign-in dialog, same database
            return
        choice = dialog.choice()
        self.settings.database_url = choice.url
        self.explicit_url = None
        if choice.password:
            if choice.remember:
                credentials.set_password(choice.url, choice.password)
            else:
                credentials.forget_password(choice.url)
        self.password = choice.password
        self.connect_to(choice.url, password=choice.password)

    def connect_to(self, url: str, password: str | None = None) -> None:
        """Prepare ``url`` in the background and show the sign-in dialog meanwhile."""
        self.url = strip_password(url)
        full = url
        if is_personal_url(url):
            # Each person's own login: nothing to open before they type it.
            self._cancel_preparation()
            self._dispose()
            self._prepare(None)
            self.sign_in()
            self._database_for_sign_in(None)
            return
        if is_server_url(url) and not has_password(url):
            password = password or self.password
            self.password_from_keyring = False
            if password is None:
                password = credentials.get_password(url)
                self.password_from_keyring = password is not None
            if password is None:
                password = self.ask_password(url)
                if password is None:
                    self.stop(0)
                    return
            self.password = password
            full = with_password(url, password)
        self._cancel_preparation()
        self._dispose()
        self._prepare(full)
        self.sign_in()

    def _prepare(self, url: str | None) -> None:
        """``url`` None: the window's modules only (a server reached with each person's own
        login opens at the sign-in)."""
        self._generation += 1
        generation = self._generation
        self.preparing = True
        self.window_modules_ready = False
        self.prefetch = None
        last_login = self.settings.last_login

        def work(report) -> None:
            if url is None:
                prepare_window(report, lambda: job.is_cancelled)
            else:
                prepare(url, last_login, report, lambda: job.is_cancelled)

        job = Background(work)
        self._job = job
        job.reported.connect(lambda step, value: self._reported(generation, step, value))
        job.failed.connect(lambda exc: self._preparation_failed(generation, exc))
        job.finished.connect(lambda: self._preparation_ended(generation))
        job.run()

    def _cancel_preparation(self) -> None:
        """Reports of the preparation under way are dropped from now on; it stops early."""
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self._generation += 1
        self.preparing = False
        self.prefetch = None

    def _reported(self, generation: int, step: str, value) -> None:
        if generation != self._generation or self._stopped:
            if step == "database":  # a preparation overtaken (other database, quit)
                value.engine.dispose()
            return
        if step == "database":
            self._database_ready(value)
        elif step == "window":
            self.window_modules_ready = True
            if self._waiting_actor is not None:
                actor, self._waiting_actor = self._waiting_actor, None
                self.open_main_window(actor)
        elif step == "caseload" and self.prefetch is not None:
            key, caseload = value if value is not None else (None, None)
            self.prefetch.finish(key, caseload)
        self.prepared.emit(step)

    def _preparation_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation or self._stopped:
            return
        self.preparing = False
        if self.engine is None:  # the database could not be reached or read
            self._connect_failed(exc)
            return
        # The window's modules failed to import: a bug, shown rather than hidden.
        self._fatal(exc)

    def _preparation_ended(self, generation: int) -> None:
        if generation == self._generation:
            self.preparing = False
            if self.prefetch is not None and not self.prefetch.finished:
                self.prefetch.finish(None, None)

    def ask_password(self, url: str) -> str | None:
        text, ok = QInputDialog.getText(
            None, self.tr("GEM — Mot de passe"),
            self.tr("Mot de passe de la base de données\n{where}").format(
                where=display_url(url)), QLineEdit.EchoMode.Password)
        return text if ok and text else None

    def _connect_failed(self, exc: BaseException) -> None:
        """The database chosen (at the start, on « Réessayer », after « Changer de base… »)
        could not be opened. A mistake in its address is named as the command line names it
        (issue 13), the button to fix it being in this very box; any other failure shows the
        driver's words."""
        from gem.ui.errors import address_problem

        if self.password_from_keyring:
            self.password = None  # maybe changed on the server: ask next time
        sign_in = self._sign_in_dialog()
        if sign_in is not None:
            sign_in.database_failed()
        error = address_problem(exc, self.url) or _first_line(exc)
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("GEM"),
                          self.tr("GEM n'a pas pu joindre la base de données.\n\n{where}\n\n"
                                  "{error}").format(where=display_url(self.url or ""),
                                                    error=error), parent=sign_in)
        retry = box.addButton(self.tr("Réessayer"), QMessageBox.ButtonRole.AcceptRole)
        change = box.addButton(self.tr("Changer de base…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(self.tr("Quitter"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is retry and self.url:
            self.connect_to(self.url)  # the sign-in dialog stays, with what was typed
        elif box.clickedButton() is change:
            self.choose_database()
        else:
            self.stop(1)

    def _fatal(self, exc: BaseException) -> None:
        QMessageBox.critical(self._sign_in_dialog(), self.tr("GEM"), _first_line(exc))
        self.stop(1)

    # ------------------------------------------------------------------ 2. schema
    def _database_ready(self, prepared: PreparedDatabase) -> None:
        self.engine = prepared.engine
        state = prepared.state
        if state.is_newer:
            self._refuse(prepared.newer_message or "")
            return
        if state.is_current and prepared.remembered is not None:
            self.prefetch = CaseloadPrefetch(prepared.remembered, self)
        parent = self._sign_in_dialog()
        if state.is_empty:
            answer = QMessageBox.question(
                parent, self.tr("GEM"),
                self.tr("Cette base de données est vide.\n\n{where}\n\nCréer les tables de "
                        "GEM maintenant?").format(where=display_url(self.url or "")))
            if answer != QMessageBox.StandardButton.Yes:
                self._refuse(self.tr("La base de données est vide."))
                return
            self._run_upgrade(then_sign_in=True)
            return
        if not state.is_current:
            answer = QMessageBox.question(
                parent, self.tr("GEM"),
                self.tr("Le schéma de cette base de données ({current}) est plus ancien que "
                        "celui de GEM ({head}).\n\nUn administrateur peut le mettre à niveau "
                        "maintenant : connectez-vous avec un compte administrateur. Une copie "
                        "de sécurité d'une base SQLite est faite d'abord.\n\nContinuer?")
                .format(current=state.current, head=state.head))
            if answer != QMessageBox.StandardButton.Yes:
                self.stop(1)
                return
            self.upgrade_pending = True
        self._database_for_sign_in(prepared.users)

    def _database_for_sign_in(self, users: int | None) -> None:
        dialog = self._sign_in_dialog()
        if dialog is not None and self.url is not None and is_personal_url(self.url):
            # The last person's own connection goes with them: the next one opens theirs.
            self._dispose()
            dialog.set_personal(self.url)
        elif dialog is not None and self.engine is not None:
            dialog.set_database(_sessions(self.engine), users)

    def _personal_connected(self, session) -> None:
        """The person's own connection is open (gem.services.personal_login): the window
        uses it; a schema GEM cannot use is refused here, with its reason."""
        self._dispose()
        self.engine = session.engine
        if session.actor is None:
            self._refuse(session.schema_message or "")

    def _refuse(self, message: str) -> None:
        sign_in = self._sign_in_dialog()
        if sign_in is not None:
            sign_in.database_failed()
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("GEM"), message, parent=sign_in)
        change = box.addButton(self.tr("Changer de base…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(self.tr("Quitter"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is change:
            self.choose_database()
        else:
            self.stop(1)

    def _run_upgrade(self, then_sign_in: bool, actor: Actor | None = None) -> None:
        assert self.engine is not None
        DbOp(_sessions(self.engine), _upgrade, write=True) \
            .on_success(lambda backup: self._upgraded(backup, then_sign_in, actor)) \
            .on_failure(lambda exc: self._refuse(
                self.tr("La mise à niveau du schéma a échoué; rien n'a été modifié.\n\n{error}")
                .format(error=_first_line(exc)))).run()

    def _upgraded(self, backup, then_sign_in: bool, actor: Actor | None) -> None:
        self.upgrade_pending = False
        if backup is not None:
            QMessageBox.information(self._sign_in_dialog(), self.tr("GEM"),
                                    self.tr("Schéma mis à niveau. Copie de sécurité de "
                                            "l'ancienne base :\n{path}").format(path=backup))
        if then_sign_in:
            self._database_for_sign_in(None)  # counted again: none on a new database
        elif actor is not None:
            self.open_main_window(actor)

    # ------------------------------------------------------------------ 3. who
    def sign_in(self) -> None:
        """Show the sign-in dialog (it waits for the database being prepared)."""
        dialog = self._sign_in_dialog()
        if dialog is not None:  # a retry: keep what was typed
            dialog.database_label.setText(display_url(self.url or ""))
            dialog.ready = False
            return
        dialog = SignInDialog(None, display_url(self.url or ""), self.settings.last_login,
                              self.explicit_lang or self.settings.language or "fr",
                              close_on_success=False)
        dialog.signed_in.connect(self._signed_in_from_dialog)
        dialog.connected.connect(self._personal_connected)
        dialog.finished.connect(lambda result: self._sign_in_finished(dialog, result))
        self.dialog = dialog
        dialog.show()

    def _sign_in_dialog(self) -> SignInDialog | None:
        dialog = self.dialog
        if isinstance(dialog, SignInDialog) and not dialog.closed:
            return dialog
        return None

    def _close_sign_in(self) -> None:
        dialog = self._sign_in_dialog()
        if dialog is not None:
            dialog.accept()  # closes it; _sign_in_finished ignores Accepted
        if self.dialog is dialog:
            self.dialog = None

    def _sign_in_finished(self, dialog: SignInDialog, result: int) -> None:
        if result == SignInDialog.DialogCode.Accepted or self._stopped:
            return  # signed in (signed_in did the rest) or closed by the start-up itself
        if result == CHANGE_DATABASE:
            self.choose_database()
        else:
            self.stop(0)

    def _signed_in_from_dialog(self, actor: Actor) -> None:
        self.settings.last_login = actor.login
        self.signed_in(actor)

    def signed_in(self, actor: Actor) -> None:
        if self.upgrade_pending:
            if not actor.is_admin:
                self._refuse(self.tr("Seul un administrateur peut mettre le schéma à niveau."))
                return
            self._run_upgrade(then_sign_in=False, actor=actor)
            return
        self.open_main_window(actor)

    # ------------------------------------------------------------------ 4. window
    def language_for(self, actor: Actor) -> str:
        return self.explicit_lang or self.settings.language or actor.language or "fr"

    def open_main_window(self, actor: Actor, lang: str | None = None) -> MainWindow | None:
        """The main window, shown; None while its modules are still being imported in the
        background (it opens by itself when they are: the sign-in dialog stays busy)."""
        if not self.window_modules_ready and self.window is None:
            self._waiting_actor = actor
            return None
        from gem.ui.context import AppContext
        from gem.ui.main_window import MainWindow

        assert self.engine is not None
        lang = lang or self.language_for(actor)
        install_translators(self.app, lang)
        actor = replace(actor, language=lang)
        old = self.window
        if old is not None:
            old.save_state()
            ctx = old.ctx
            ctx.actor = actor
        else:
            ctx = AppContext(self.engine, actor)
        # The first window takes the caseload read ahead (used only if it is this actor's);
        # self.prefetch stays here too, for the preparation to finish it.
        window = MainWindow(ctx, self.settings, display_url(self.url or ""),
                            prefetch=self.prefetch if old is None else None)
        window.language_requested.connect(lambda code: self.open_main_window(actor, code))
        window.sign_out_requested.connect(self.sign_out)
        self.window = window
        window.show()
        if old is not None:
            old.close()
            _retire(old)
        self._close_sign_in()
        self.dialog = None
        self.ready.emit(window)
        return window

    def sign_out(self) -> None:
        """Fichier › Se déconnecter (the window has settled its open forms): back to the
        sign-in dialog on the same database, for the same or another person."""
        window, self.window = self.window, None
        if window is None:
            return
        self.app.setQuitOnLastWindowClosed(False)  # the dialog comes next, not the end
        window.save_state()
        window.hide()
        window.ctx.deleteLater()
        _retire(window)
        self.prefetch = None
        self.sign_in()
        self._database_for_sign_in(None)
        self.signed_out.emit()

    # ------------------------------------------------------------------ end
    def stop(self, code: int) -> None:
        self._stopped = True
        self._cancel_preparation()
        self._close_sign_in()
        self._dispose()
        self.stopped.emit(code)

    def _dispose(self) -> None:
        if self.engine is not None and self.window is None:
            self.engine.dispose()
            self.engine = None


def _retire(window: QWidget) -> None:
    """Delete a window that is going away only once the queries it started have reported:
    their answers are queued before the deletion then, instead of reaching a list model that
    no longer exists (found walking sign-out under a real X server)."""
    QThreadPool.globalInstance().waitForDone(10_000)
    write_pool().waitForDone(10_000)
    window.deleteLater()


def run(args: argparse.Namespace) -> int:
    """Open the window; returns the process exit code."""
    from gem import log
    from gem.ui import errors

    log.setup("window")  # before anything can fail: the log file, sys.excepthook
    app = create_application()
    errors.install()  # Qt's messages and uncaught exceptions in slots go to the log too
    settings = Settings()
    explicit_lang = getattr(args, "lang", None)
    install_translators(app, explicit_lang or settings.language or "fr")
    startup = Startup(app, settings, getattr(args, "database", None), explicit_lang)
    codes: list[int] = []

    def stopped(code: int) -> None:
        codes.append(code)
        app.exit(code)

    startup.stopped.connect(stopped)
    app.setQuitOnLastWindowClosed(False)
    startup.ready.connect(lambda _w: app.setQuitOnLastWindowClosed(True))
    startup.start()
    if codes:  # stopped before the event loop started (dialog cancelled)
        return codes[0]
    code = app.exec()
    settings.sync()
    # Let queries still running (a list page, the caseload) finish before Python tears the
    # Qt objects down, so they do not report to deleted objects.
    QThreadPool.globalInstance().waitForDone(5000)
    write_pool().waitForDone(5000)
    return code
