"""Sign-in with a GEM account, and the creation of the very first administrator.

Why it works this way: checking a password costs ~180 ms of Argon2 on purpose, and on a
network database the round trip adds more, so the check runs as a ``DbOp`` on the write
thread (a sign-in records ``last_login_at`` and an audit entry) while the dialog stays
responsive. A refused password keeps the login typed, clears the password and says so in the
dialog, never in a modal box. On a new database (no account yet) the same dialog offers to
create the first administrator: without it a fresh install could never be used from the window.
On a database that ``gem demo`` finished filling (the database says so: gem.services.
demo_accounts), a framed box names one account per role and the shared password, so whoever
opens the demo can get in without the terminal's output; an account fills the login when
clicked or when Enter is pressed on it. Any other database shows nothing of the kind.

The dialog appears before the database is open (gem.ui.app prepares it in the background while
the person types; gem.ui.warmup), so it imports Qt alone: the services come with the
preparation. Until ``set_database`` hands it a session factory and it knows whether any
account exists, « Se connecter » only records the request and shows a busy bar; the sign-in
starts by itself as soon as the database is ready.

Refused sign-ins slow down and then lock the typed login (gem.services.sign_in): the delay is
slept in the worker, so the dialog keeps repainting and shows its busy bar meanwhile, and a
locked login says until when (« Trop d'essais : réessayez après 14:05 »). ``UnlockDialog`` is
the same check for the window's idle lock (gem.ui.idle_lock): the signed-in person's password
only, no other login, and « Changer d'utilisateur » for the ordinary sign-out.

On a server reached with each person's own login (an address naming no user; gem.services.
personal_login), ``set_personal`` replaces ``set_database``: there is no database to open
before the person types, so « Se connecter » opens it with their login and password, in a
worker, and ``connected`` hands the start-up the person's own connection before
``signed_in``. PostgreSQL checks the password (an empty one lets Kerberos/GSSAPI sign in).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gem.services.errors import GemError
from gem.ui.workers import Background, DbOp

if TYPE_CHECKING:  # type hints only: the window never builds SQL (STYLE.md)
    from sqlalchemy.orm import Session, sessionmaker

    from gem.services.actor import Actor

CHANGE_DATABASE = 2  # dialog result: the user wants another database


def _count_users(session: Session, _control) -> int:
    from gem.services.actor import SYSTEM
    from gem.services.users import UserService

    return UserService().count(session, SYSTEM)


def _authenticate(session: Session, _control, login: str, password: str) -> Actor:
    from gem.services.users import UserService

    return UserService().authenticate(session, login, password)


def _prepare_sign_in(_report) -> None:
    from gem.services.users import prepare_sign_in

    prepare_sign_in()


def _refusal_text(exc: BaseException, language: str, wrong: str) -> str:
    """What a dialog says when a sign-in or unlock check fails; ``wrong`` for a refused
    password (the same words whatever the reason: unknown, deactivated, wrong)."""
    from gem.services.users import SignInError, SignInLocked

    if isinstance(exc, SignInLocked):
        return QCoreApplication.translate(
            "SignInDialog", "Trop d'essais : réessayez après {time}.").format(
            time=exc.params.get("time", ""))
    if isinstance(exc, SignInError):
        return wrong
    if isinstance(exc, GemError):
        return exc.message(language)
    return QCoreApplication.translate(
        "SignInDialog", "La connexion à la base de données a échoué : {error}").format(
        error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


def _demo_accounts(session: Session, _control, language: str
                   ) -> tuple[list[tuple[str, str, str]], str]:
    """(login, full name, role label) of the demo accounts to offer, and their password."""
    from gem.labels import label
    from gem.services.demo_accounts import DEMO_PASSWORD, demo_accounts

    return ([(a.login, a.full_name, label("role", a.role, language))
             for a in demo_accounts(session)], DEMO_PASSWORD)


class FirstAccountExists(GemError):
    """Someone created an account between the check and this save: sign in instead."""


def _create_first_admin(session: Session, _control, login: str, full_name: str,
                        password: str, language: str) -> Actor:
    from gem.models.enums import Role
    from gem.services.actor import SYSTEM
    from gem.services.users import UserService

    service = UserService()
    if service.count(session, SYSTEM):
        raise FirstAccountExists("Un compte existe déjà : connectez-vous.")
    service.create(session, SYSTEM, {"login": login, "full_name": full_name,
                                     "role": Role.ADMIN, "language": language,
                                     "password": password})
    session.flush()
    return service.authenticate(session, login, password)


def _open_personal(url: str, login: str, password: str):
    from gem.services.personal_login import open_personal

    return open_personal(url, login, password)


class SignInDialog(QDialog):
    signed_in = Signal(object)  # the Actor
    connected = Signal(object)  # a PersonalSession (personal logins), before signed_in

    def __init__(self, sessions: sessionmaker[Session] | None, database_text: str = "",
                 last_login: str | None = None, language: str = "fr",
                 parent: QWidget | None = None, allow_change_database: bool = True,
                 close_on_success: bool = True):
        """``sessions`` None: the database is being prepared; ``set_database`` follows.
        ``close_on_success`` False keeps the dialog (busy) after ``signed_in``, for the
        start-up to close once the main window is on screen."""
        super().__init__(parent)
        self.sessions: sessionmaker[Session] | None = None
        self.language = language
        self.close_on_success = close_on_success
        self.actor: Actor | None = None
        self.first_run = False
        self.ready = False  # a session factory and the accounts counted
        self.submit_pending = False  # « Se connecter » pressed before ready
        self.sign_in_seconds: float | None = None  # the last check's own time (bench/)
        self.demo_checked = False  # the database was asked whether it is a finished demo
        self.personal_url: str | None = None  # each person's own login on this server
        self._busy = False
        self.closed = False
        self.setWindowTitle(self.tr("GEM — Connexion"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self.tr("Connectez-vous avec votre compte GEM."))
        self.heading.setObjectName("dialogHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        form = QFormLayout()
        self.login = QLineEdit(last_login or "")
        self.login.setObjectName("login")
        self.full_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("&Identifiant"), self.login)
        form.addRow(self.tr("&Nom complet"), self.full_name)
        form.addRow(self.tr("&Mot de passe"), self.password)
        form.addRow(self.tr("&Confirmer"), self.confirm)
        self.form = form
        layout.addLayout(form)
        self._set_row_visible(self.full_name, False)
        self._set_row_visible(self.confirm, False)
        self.message = QLabel()
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.demo_box = QFrame()
        self.demo_box.setObjectName("demoAccounts")
        self.demo_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.demo_box.setStyleSheet("QFrame#demoAccounts { border: 1px solid #c9a227; "
                                    "border-radius: 6px; background: #fff8e1; }")
        demo_layout = QVBoxLayout(self.demo_box)
        self.demo_heading = QLabel(self.tr("Base de démonstration — comptes :"))
        demo_layout.addWidget(self.demo_heading)
        self.demo_grid = QGridLayout()
        demo_layout.addLayout(self.demo_grid)
        self.demo_password = QLabel()
        self.demo_password.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        demo_layout.addWidget(self.demo_password)
        self.demo_buttons: list[QPushButton] = []
        self.demo_roles: list[QLabel] = []
        self.demo_box.hide()
        layout.addWidget(self.demo_box)
        self.database_label = QLabel(database_text)
        self.database_label.setObjectName("hint")
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.database_label.setWordWrap(True)
        layout.addWidget(self.database_label)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # indeterminate: the database or the password check
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(6)
        self.busy_bar.hide()
        layout.addWidget(self.busy_bar)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Se connecter"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quitter"))
        self.change_button: QPushButton | None = None
        if allow_change_database:
            self.change_button = self.buttons.addButton(
                self.tr("Base de données…"), QDialogButtonBox.ButtonRole.ResetRole)
            self.change_button.clicked.connect(lambda: self.done(CHANGE_DATABASE))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        (self.login if not self.login.text() else self.password).setFocus()
        if sessions is not None:
            self.set_database(sessions)

    def set_personal(self, url: str) -> None:
        """The server is reached with each person's own login: « Se connecter » connects."""
        self.personal_url = url
        self.sessions = None
        self.first_run = False
        self.demo_box.hide()
        self.heading.setText(self.tr(
            "Connectez-vous avec votre identifiant et votre mot de passe : le serveur de la "
            "base de données les vérifie lui-même."))
        self.adjustSize()  # the longer heading takes its lines, not the fields' height
        self.ready = True
        if self.submit_pending:
            self.submit_pending = False
            self._busy = False
            self.submit()

    def set_database(self, sessions: sessionmaker[Session], users: int | None = None) -> None:
        """The database is open: ``users`` accounts in it (counted here when None)."""
        self.personal_url = None
        self.sessions = sessions
        # The dummy hash an unknown login is checked against, made now rather than at the
        # first refusal (which would then take longer than a wrong password's).
        warm = Background(_prepare_sign_in)
        warm.failed.connect(lambda _exc: None)  # only a head start: the sign-in makes it too
        warm.run()
        if users is not None:
            self._counted(users)
        else:
            DbOp(sessions, _count_users).on_success(self._counted) \
                .on_failure(lambda _exc: self._counted(None)).run()
        language = self.language

        def demo_job(session, control):
            return _demo_accounts(session, control, language)

        # A convenience only: a failure leaves the box hidden, the sign-in says what is wrong.
        DbOp(sessions, demo_job).on_success(self._show_demo_accounts) \
            .on_failure(lambda _exc: setattr(self, "demo_checked", True)).run()

    def _show_demo_accounts(self, found: tuple[list[tuple[str, str, str]], str]) -> None:
        self.demo_checked = True
        if self.closed:
            return
        accounts, password = found
        while self.demo_grid.count():  # what an earlier database of this dialog showed
            item = self.demo_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.demo_buttons = []
        self.demo_roles = []
        if not accounts:
            self.demo_box.hide()
            return
        previous: QWidget = self.confirm  # after the form in the Tab order, before the buttons
        for row, (login, full_name, role) in enumerate(accounts):
            button = QPushButton(login)
            button.setObjectName(f"demo_{login}")
            button.setAccessibleName(f"{login}, {role}")
            button.setToolTip(full_name)
            button.setAutoDefault(True)  # Enter on it fills the login, it does not sign in
            button.clicked.connect(lambda _checked=False, login=login: self._use_demo(login))
            who = QLabel(role)
            who.setToolTip(full_name)
            who.setWordWrap(True)
            self.demo_grid.addWidget(button, row, 0)
            self.demo_grid.addWidget(who, row, 1)
            QWidget.setTabOrder(previous, button)
            previous = button
            self.demo_buttons.append(button)
            self.demo_roles.append(who)
        self.demo_grid.setColumnStretch(1, 1)
        self.demo_password.setText(self.tr("Mot de passe commun : {password}")
                                   .format(password=password))
        self.demo_box.show()

    def _use_demo(self, login: str) -> None:
        self.login.setText(login)
        self.message.hide()
        self.password.setFocus()

    def database_failed(self) -> None:
        """The preparation failed (the start-up says why): a pending request is dropped."""
        self.submit_pending = False
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ok_button.setEnabled(not busy)
        self.busy_bar.setVisible(busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _set_row_visible(self, field: QWidget, visible: bool) -> None:
        field.setVisible(visible)
        label = self.form.labelForField(field)
        if label is not None:
            label.setVisible(visible)

    def _counted(self, users: int | None) -> None:
        self.ready = True
        if users is None or users:  # not counted: a sign-in will say what is wrong
            if self.submit_pending:
                self.submit_pending = False
                self._busy = False
                self.submit()
            return
        from gem.services.users import MIN_PASSWORD_LENGTH

        if self.submit_pending:  # the form changes: let the person fill in the rest
            self.submit_pending = False
            self._set_busy(False)
        self.first_run = True
        self.setWindowTitle(self.tr("GEM — Premier administrateur"))
        self.heading.setText(self.tr(
            "Cette base de données n'a encore aucun compte. Créez le compte de "
            "l'administrateur, qui pourra ensuite ajouter les autres utilisateurs."))
        self._set_row_visible(self.full_name, True)
        self._set_row_visible(self.confirm, True)
        self.password.setPlaceholderText(
            self.tr("{n} caractères au moins").format(n=MIN_PASSWORD_LENGTH))
        self.ok_button.setText(self.tr("Créer et se connecter"))
        self.login.setFocus()

    def _error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.adjustSize()

    def submit(self) -> None:
        if self._busy:
            return
        login, password = self.login.text().strip(), self.password.text()
        personal = self.personal_url is not None  # an empty password: Kerberos may do
        if not login or (not password and not personal):
            self._error(self.tr("Entrez votre identifiant et votre mot de passe."))
            (self.login if not login else self.password).setFocus()
            return
        if personal and self.ready:
            self._connect_personal(login, password)
            return
        if not self.ready or self.sessions is None:
            self.submit_pending = True  # the sign-in starts once the database is ready
            self.message.hide()
            self._set_busy(True)
            return
        if self.first_run:
            if password != self.confirm.text():
                self._error(self.tr("Les deux mots de passe ne sont pas identiques."))
                return
            full_name, language = self.full_name.text().strip() or login, self.language

            def job(session, control):
                return _create_first_admin(session, control, login, full_name, password,
                                           language)
        else:
            def job(session, control):
                began = time.perf_counter()
                actor = _authenticate(session, control, login, password)
                self.sign_in_seconds = time.perf_counter() - began
                return actor
        self.message.hide()
        self._set_busy(True)
        DbOp(self.sessions, job, write=True).on_success(self._succeeded) \
            .on_failure(self._failed).run()

    def _connect_personal(self, login: str, password: str) -> None:
        url = self.personal_url
        assert url is not None
        found: list = []

        def job(_report) -> None:
            began = time.perf_counter()
            found.append(_open_personal(url, login, password))
            self.sign_in_seconds = time.perf_counter() - began

        self.message.hide()
        self._set_busy(True)
        work = Background(job)
        work.failed.connect(self._failed)
        work.finished.connect(lambda: self._personal_connected(found[0]) if found else None)
        work.run()

    def _personal_connected(self, session) -> None:
        if self.closed:  # « Quitter » meanwhile: nobody will use this connection
            session.engine.dispose()
            return
        self.connected.emit(session)
        if session.actor is not None:
            self._succeeded(session.actor)

    def done(self, result: int) -> None:
        self.closed = True
        super().done(result)

    def _succeeded(self, actor: Actor) -> None:
        if self.closed:  # « Quitter » while the password was being checked
            return
        self.actor = actor
        self.password.clear()
        self.confirm.clear()
        if self.close_on_success:
            self._set_busy(False)
        self.signed_in.emit(actor)
        if self.close_on_success:
            self.accept()

    def reject(self) -> None:
        self.submit_pending = False
        super().reject()

    def _failed(self, exc: BaseException) -> None:
        from gem.services.users import SignInError

        self._set_busy(False)
        if isinstance(exc, FirstAccountExists):
            self._error(self.tr("Un compte existe déjà sur cette base : connectez-vous."))
            self.first_run = False
            self._set_row_visible(self.full_name, False)
            self._set_row_visible(self.confirm, False)
            self.ok_button.setText(self.tr("Se connecter"))
            return
        problem = None
        if self.personal_url is not None and not isinstance(exc, GemError):
            # The server's own address is wrong (unknown host, refused port, no such
            # database): the same sentence as at start-up, not the driver's words.
            from gem.ui.errors import address_problem

            problem = address_problem(exc, self.personal_url)
        self._error(problem or _refusal_text(exc, self.language,
                                             self.tr("Identifiant ou mot de passe incorrect.")))
        if isinstance(exc, SignInError):  # also « Trop d'essais »: the login stays
            self.password.clear()
            self.password.setFocus()


class UnlockDialog(QDialog):
    """The locked window's question (gem.ui.idle_lock): the signed-in person's password again.

    Checked by the same ``authenticate`` as the sign-in, in a worker, so a mistyped password
    is slowed down, counted and locked exactly as at the sign-in. Esc and the close button
    do nothing: only the right password, or « Changer d'utilisateur » (the ordinary sign-out,
    which asks about unsaved forms), ends the lock."""

    unlocked = Signal(object)  # the Actor, as the database has it now
    switch_user_requested = Signal()

    def __init__(self, sessions: sessionmaker[Session], login: str, language: str = "fr",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.sessions = sessions
        self.login = login
        self.language = language
        self.closed = False
        self._busy = False
        self._may_close = False
        self.setObjectName("unlockDialog")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowTitle(self.tr("GEM — Session verrouillée"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self.tr(
            "GEM est verrouillé. Entrez le mot de passe de {login} pour reprendre là où "
            "vous étiez.").format(login=login))
        self.heading.setObjectName("dialogHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        form = QFormLayout()
        self.password = QLineEdit()
        self.password.setObjectName("unlock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("&Mot de passe"), self.password)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(6)
        self.busy_bar.hide()
        layout.addWidget(self.busy_bar)
        self.buttons = QDialogButtonBox()
        self.unlock_button = self.buttons.addButton(self.tr("&Déverrouiller"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock_button.setDefault(True)
        self.switch_button = self.buttons.addButton(self.tr("&Changer d'utilisateur"),
                                                    QDialogButtonBox.ButtonRole.ActionRole)
        self.switch_button.setAutoDefault(False)
        self.unlock_button.clicked.connect(self.submit)
        self.switch_button.clicked.connect(self.switch_user_requested)
        layout.addWidget(self.buttons)
        self.password.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.unlock_button.setEnabled(not busy)
        self.switch_button.setEnabled(not busy)
        self.busy_bar.setVisible(busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def submit(self) -> None:
        if self._busy:
            return
        password = self.password.text()
        if not password:
            self.message.setText(self.tr("Entrez votre mot de passe."))
            self.message.show()
            self.password.setFocus()
            return
        login = self.login

        def job(session, _control):
            from gem.services.personal_login import reauthenticate

            return reauthenticate(session, login, password)

        self.message.hide()
        self._set_busy(True)
        DbOp(self.sessions, job, write=True).on_success(self._succeeded) \
            .on_failure(self._failed).run()

    def _succeeded(self, actor: Actor) -> None:
        if self.closed:
            return
        self._set_busy(False)
        self.password.clear()
        self.unlocked.emit(actor)

    def _failed(self, exc: BaseException) -> None:
        if self.closed:
            return
        self._set_busy(False)
        self.message.setText(_refusal_text(exc, self.language,
                                           self.tr("Mot de passe incorrect.")))
        self.message.show()
        self.adjustSize()  # the heading keeps its two lines
        self.password.clear()
        self.password.setFocus()

    def reject(self) -> None:
        """Esc: the window stays locked."""
        if self._may_close:
            super().reject()

    def closeEvent(self, event) -> None:
        if not self._may_close:
            event.ignore()
            return
        super().closeEvent(event)

    def finish(self) -> None:
        """Close for good (unlocked, or the person signed out)."""
        self._may_close = True
        self.closed = True
        self.done(QDialog.DialogCode.Accepted)
