"""Utilisateurs (administrators only): accounts, roles, passwords, deactivation.

The list is the generic paged list of the ``users`` definition; the actions call UserService,
which checks the administrator role again (the window hides, the service refuses). Accounts
are deactivated, never deleted: the audit log and the files point at them. Passwords are typed
twice and sent straight to the service, which hashes them (Argon2id); they are never shown or
kept by the window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gem.i18n import current_language
from gem.labels import choices
from gem.services.errors import GemError, ValidationError
from gem.services.users import MIN_PASSWORD_LENGTH, UserService
from gem.ui.context import AppContext
from gem.ui.list_view import ListView


class UserDialog(QDialog):
    """New account (all fields) or password reset (password only)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, login: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.login_for_reset = login
        lang = current_language()
        self.setWindowTitle(self.tr("Nouvel utilisateur") if login is None else
                            self.tr("Nouveau mot de passe pour {login}").format(login=login))
        form = QFormLayout()
        self.login = QLineEdit()
        self.full_name = QLineEdit()
        self.email = QLineEdit()
        self.role = QComboBox()
        for code, text in choices("role", lang):
            self.role.addItem(text, code)
        # the least rights until the administrator chooses (an account made in haste must
        # not be an administrator's)
        self.role.setCurrentIndex(max(0, self.role.findData("read_only")))
        self.language = QComboBox()
        for code, text in choices("language", lang):
            self.language.addItem(text, code)
        if login is None:
            form.addRow(self.tr("&Identifiant"), self.login)
            form.addRow(self.tr("&Nom complet"), self.full_name)
            form.addRow(self.tr("&Courriel"), self.email)
            form.addRow(self.tr("&Rôle"), self.role)
            form.addRow(self.tr("&Langue"), self.language)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            self.tr("{n} caractères au moins").format(n=MIN_PASSWORD_LENGTH))
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("&Mot de passe"), self.password)
        form.addRow(self.tr("&Confirmer"), self.confirm)
        self.message = QLabel()
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enregistrer"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def data(self) -> dict[str, Any]:
        return {"login": self.login.text().strip(), "full_name": self.full_name.text().strip(),
                "email": self.email.text().strip() or None, "role": self.role.currentData(),
                "language": self.language.currentData(), "password": self.password.text()}

    def _error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.buttons.setEnabled(True)

    def save(self) -> None:
        if self.password.text() != self.confirm.text():
            self._error(self.tr("Les deux mots de passe ne sont pas identiques."))
            return
        actor, service, data = self.ctx.actor, UserService(), self.data()
        login = self.login_for_reset
        if login is None:
            def job(session, _c):
                return service.create(session, actor, data).id
        else:
            def job(session, _c):
                return service.reset_password(session, actor, login, data["password"]).id
        self.buttons.setEnabled(False)
        self.ctx.write(job).on_success(self._saved).on_failure(self._failed).run()

    def _saved(self, ident: int) -> None:
        self.password.clear()
        self.confirm.clear()
        self.ctx.announce("user", int(ident))
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self._error(exc.message())
        elif isinstance(exc, GemError):
            self._error(exc.message())
        else:
            self._error(str(exc))


class UsersView(ListView):
    def __init__(self, ctx: AppContext, settings=None, parent: QWidget | None = None):
        super().__init__(ctx, "users", settings, parent)
        bar = QHBoxLayout()
        self.role_combo = QComboBox()
        self.role_combo.setAccessibleName(self.tr("Nouveau rôle"))
        for code, text in choices("role", current_language()):
            self.role_combo.addItem(text, code)
        self.role_button = QPushButton(self.tr("Changer le rôle"))
        self.role_button.clicked.connect(self.change_role)
        self.password_button = QPushButton(self.tr("Réinitialiser le mot de passe…"))
        self.password_button.clicked.connect(self.reset_password)
        self.active_button = QPushButton(self.tr("Désactiver"))
        self.active_button.clicked.connect(self.toggle_active)
        bar.addWidget(QLabel(self.tr("Compte choisi :")))
        self.chosen = QLabel()
        self.chosen.setObjectName("chosenAccount")
        bar.addWidget(self.chosen)
        bar.addWidget(self.role_combo)
        bar.addWidget(self.role_button)
        bar.addWidget(self.password_button)
        bar.addWidget(self.active_button)
        bar.addStretch(1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(layout.count() - 1, bar)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._sync_buttons())
        self.model.loaded.connect(self._sync_buttons)
        self.model.dataChanged.connect(lambda *_: self._sync_buttons())
        self._sync_buttons()

    def selected(self) -> tuple | None:
        """(id, login, full_name, role, language, active) of the selected row: the one the
        person sees highlighted, never a current cell they cannot see."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_values(rows[0].row()) if rows else None

    def _sync_buttons(self) -> None:
        values = self.selected()
        for button in (self.role_button, self.password_button, self.active_button):
            button.setEnabled(values is not None)
        self.chosen.setText(self.tr("aucun (choisissez une ligne)") if values is None else
                            f"{values[1]} — {values[2]}")
        if values is not None:
            self.active_button.setText(self.tr("Désactiver") if values[5] else
                                       self.tr("Réactiver"))
            index = self.role_combo.findData(values[3])
            if index >= 0:
                self.role_combo.setCurrentIndex(index)

    # New (button or Ctrl+N) opens the account dialog rather than a record form.
    def new_record(self) -> None:
        UserDialog(self.ctx, self).open()

    def _open_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _run(self, job) -> None:
        self.ctx.write(job).on_success(lambda ident: self.ctx.announce("user", int(ident))) \
            .on_failure(self._show_error).run()

    def change_role(self) -> None:
        values = self.selected()
        if values is None:
            return
        actor, login, role = self.ctx.actor, values[1], self.role_combo.currentData()
        self._run(lambda session, _c: UserService().set_role(session, actor, login, role).id)

    def reset_password(self) -> None:
        values = self.selected()
        if values is not None:
            UserDialog(self.ctx, self, login=values[1]).open()

    def toggle_active(self) -> None:
        values = self.selected()
        if values is None:
            return
        ident, login, active = values[0], values[1], bool(values[5])
        if active and ident == self.ctx.actor.id:
            QMessageBox.warning(self, self.tr("Utilisateurs"),
                                self.tr("Vous ne pouvez pas désactiver votre propre compte."))
            return
        if active and QMessageBox.question(
                self, self.tr("Utilisateurs"),
                self.tr("Désactiver le compte {login}? Il ne pourra plus se connecter.")
                .format(login=login)) != QMessageBox.StandardButton.Yes:
            return
        actor = self.ctx.actor
        self._run(lambda session, _c: UserService().update(
            session, actor, ident, {"active": not active}, None).id)
