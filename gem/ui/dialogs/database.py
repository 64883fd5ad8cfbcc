"""First run (and File ▸ Base de données…): where GEM keeps its data.

Two choices, as DESIGN.md puts them: the embedded SQLite file on this workstation (a trial, a
demo, one person) or the office's PostgreSQL server (everyone shares it). For a server the
password goes to the OS keyring when the user asks and a keyring exists; otherwise GEM asks for
it at every start — never in the settings file. "Tester la connexion" runs in a worker and
reports the schema state too, so an administrator learns at once whether the database is
empty, current, older (upgrade) or newer (install a newer GEM).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from gem import schema
from gem.db import default_url, make_engine, session_factory
from gem.ui import credentials
from gem.ui.settings import is_server_url, strip_password, with_password
from gem.ui.workers import DbOp

CONNECT_TIMEOUT = 5  # seconds: an unreachable server must not leave the dialog hanging


@dataclass(frozen=True)
class DatabaseChoice:
    url: str  # without the password
    password: str | None
    remember: bool

    @property
    def full_url(self) -> str:
        return with_password(self.url, self.password) if self.password else self.url


def sqlite_url(path: str) -> str:
    return f"sqlite:///{Path(path).expanduser()}"


TLS_MODES = ("require", "verify-ca", "verify-full")


def postgresql_url(host: str, port: int, database: str, user: str,
                   query: dict[str, str] | None = None) -> str:
    """The server's address; ``query`` keeps what the dialog has no field for (an
    ``sslrootcert``, a ``sslmode=verify-full`` set by IT) instead of dropping it."""
    netloc = f"{quote(user, safe='')}@{host}:{port}" if user else f"{host}:{port}"
    params = {"connect_timeout": str(CONNECT_TIMEOUT), **(query or {})}
    return f"postgresql+psycopg://{netloc}/{quote(database, safe='')}?{urlencode(params)}"


def _probe(session, _control) -> schema.SchemaState | BaseException:
    """The schema's state; on a server reached with each person's own login, the server's
    refusal of the test's anonymous connection is the expected answer (returned, not
    raised: nothing went wrong, so nothing is logged)."""
    from gem.services.personal_login import refused_sign_in

    try:
        return schema.state(session.get_bind())
    except Exception as exc:
        if refused_sign_in(exc):
            return exc
        raise


class DatabaseDialog(QDialog):
    def __init__(self, current_url: str | None = None, parent: QWidget | None = None,
                 first_run: bool = False):
        super().__init__(parent)
        self.setWindowTitle(self.tr("GEM — Base de données"))
        self.setMinimumWidth(600)
        self._engine: Engine | None = None  # only while a connection test runs
        layout = QVBoxLayout(self)
        if first_run:
            intro = QLabel(self.tr(
                "Bienvenue dans GEM. Choisissez où garder les dossiers : sur ce poste "
                "(base intégrée, pour un essai ou un seul utilisateur) ou sur le serveur "
                "PostgreSQL du bureau (partagé par tous les postes)."))
            intro.setWordWrap(True)
            layout.addWidget(intro)

        self.embedded = QRadioButton(self.tr("Base &intégrée sur ce poste (SQLite)"))
        self.server = QRadioButton(self.tr("&Serveur PostgreSQL partagé"))
        group = QButtonGroup(self)
        group.addButton(self.embedded)
        group.addButton(self.server)

        layout.addWidget(self.embedded)
        embedded_box = QGroupBox()
        row = QHBoxLayout(embedded_box)
        self.path = QLineEdit(default_url().split(":///", 1)[1])
        self.path.setAccessibleName(self.tr("Fichier de la base"))
        browse = QPushButton(self.tr("Parcourir…"))
        browse.clicked.connect(self._browse)
        row.addWidget(QLabel(self.tr("Fichier :")))
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addWidget(embedded_box)
        note = QLabel(self.tr("Jamais sur un lecteur réseau : pour partager, utilisez un "
                              "serveur PostgreSQL."))
        note.setObjectName("hint")
        layout.addWidget(note)

        layout.addWidget(self.server)
        server_box = QGroupBox()
        form = QFormLayout(server_box)
        self.host = QLineEdit("localhost")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit("gem")
        self.personal = QCheckBox(self.tr("Chaque personne avec son propre &compte "
                                          "(recommandé)"))
        self.personal.setChecked(True)  # the office set-up: no shared password
        self.tls = QCheckBox(self.tr("Connexion &chiffrée exigée (TLS, sslmode=require)"))
        self.tls.setToolTip(self.tr("Refuser toute connexion non chiffrée au serveur : "
                                    "mots de passe et dossiers ne circulent jamais en clair."))
        self.query: dict[str, str] = {}  # the address's other settings, kept as they are
        self.personal.setToolTip(self.tr(
            "Aucun mot de passe partagé sur ce poste : l'identifiant et le mot de passe de la "
            "fenêtre de connexion ouvrent la connexion au serveur, qui les vérifie "
            "(gem db setup, puis gem users add)."))
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("Mémoriser le mot de passe dans le trousseau du "
                                          "système"))
        if not credentials.keyring_usable():
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.remember.setToolTip(self.tr("Aucun trousseau n'est disponible sur ce poste : "
                                             "GEM demandera le mot de passe à chaque "
                                             "démarrage."))
        else:
            self.remember.setChecked(True)
        form.addRow(self.tr("&Hôte"), self.host)
        form.addRow(self.tr("&Port"), self.port)
        form.addRow(self.tr("&Base de données"), self.database)
        form.addRow("", self.personal)
        form.addRow("", self.tls)
        form.addRow(self.tr("&Utilisateur"), self.user)
        form.addRow(self.tr("&Mot de passe"), self.password)
        form.addRow("", self.remember)
        layout.addWidget(server_box)
        self.embedded_box, self.server_box = embedded_box, server_box

        test_row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("&Tester la connexion"))
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        layout.addLayout(test_row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Utiliser cette base"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.embedded.toggled.connect(self._sync)
        self.personal.toggled.connect(self._sync)
        self._load(current_url)
        self._sync()

    # ------------------------------------------------------------------ values
    def _load(self, url: str | None) -> None:
        if url and is_server_url(url):
            parts = urlsplit(url)
            self.server.setChecked(True)
            self.host.setText(parts.hostname or "localhost")
            self.port.setValue(parts.port or 5432)
            self.database.setText(unquote(parts.path.lstrip("/")) or "gem")
            self.user.setText(unquote(parts.username or ""))
            self.personal.setChecked(not parts.username)
            self.query = {k: v for k, v in parse_qsl(parts.query) if k != "connect_timeout"}
            self.tls.setChecked(self.query.get("sslmode") in TLS_MODES)
            self.password.setText(unquote(parts.password) if parts.password else "")
        else:
            self.embedded.setChecked(True)
            if url and ":///" in url:
                self.path.setText(url.split(":///", 1)[1])

    def _sync(self) -> None:
        self.embedded_box.setEnabled(self.embedded.isChecked())
        self.server_box.setEnabled(self.server.isChecked())
        shared = not self.personal.isChecked()  # one account for the workstation
        for widget in (self.user, self.password, self.remember):
            widget.setEnabled(shared and (widget is not self.remember or
                                          credentials.keyring_usable()))
        self.test_result.clear()

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Fichier de la base GEM"), self.path.text(),
            self.tr("Base SQLite (*.sqlite3 *.db);;Tous les fichiers (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.path.setText(path)

    def choice(self) -> DatabaseChoice:
        if self.embedded.isChecked():
            return DatabaseChoice(sqlite_url(self.path.text().strip()), None, False)
        query = dict(self.query)
        if self.tls.isChecked():
            if query.get("sslmode") not in TLS_MODES:
                query["sslmode"] = "require"  # a verify-full set by IT stays
        elif query.get("sslmode") in TLS_MODES:
            del query["sslmode"]
        if self.personal.isChecked():
            return DatabaseChoice(postgresql_url(self.host.text().strip(), self.port.value(),
                                                 self.database.text().strip(), "", query),
                                  None, False)
        url = postgresql_url(self.host.text().strip(), self.port.value(),
                             self.database.text().strip(), self.user.text().strip(), query)
        return DatabaseChoice(strip_password(url), self.password.text() or None,
                              self.remember.isChecked() and self.remember.isEnabled())

    # ------------------------------------------------------------------ test
    def test_connection(self) -> None:
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Connexion en cours…"))
        self._dispose()
        self._engine = make_engine(self.choice().full_url)
        DbOp(session_factory(self._engine), _probe).on_success(self._tested) \
            .on_failure(self._test_failed).run()

    def _tested(self, state: schema.SchemaState | BaseException) -> None:
        self.test_button.setEnabled(True)
        if isinstance(state, BaseException):
            # Reached, and it asks who is connecting: what each person's sign-in answers.
            # The database's name cannot be checked before someone signs in.
            self._show_result("okText", self.tr(
                "Serveur joint : chaque personne s'y connectera avec son propre identifiant "
                "et son mot de passe. Le nom de la base (« {database} ») ne peut être vérifié "
                "qu'à la première connexion : si tous les mots de passe sont refusés, "
                "vérifiez-le.").format(database=self.database.text().strip()))
            self._dispose()
            return
        if state.is_newer:
            text = self.tr("Connexion réussie, mais cette base a été mise à niveau par une "
                           "version plus récente de GEM.")
        elif state.is_empty:
            text = self.tr("Connexion réussie : la base est vide; GEM pourra la créer.")
        elif not state.is_current:
            text = self.tr("Connexion réussie : le schéma est ancien; un administrateur "
                           "pourra le mettre à niveau.")
        else:
            text = self.tr("Connexion réussie : la base est prête.")
        self._show_result("okText", text)
        self._dispose()

    def _test_failed(self, exc: BaseException) -> None:
        from gem import log as gem_log

        self.test_button.setEnabled(True)
        # The driver's own words (not SQLAlchemy's wrapper), after a sentence of ours.
        self._show_result("errorText", self.tr(
            "Échec de la connexion : le serveur ne répond pas, refuse la connexion ou "
            "l'adresse est inexacte. Détail : {error}").format(error=gem_log.reason(exc)))
        self._dispose()

    def _show_result(self, kind: str, text: str) -> None:
        self.test_result.setObjectName(kind)
        self.test_result.setStyleSheet("")
        self.test_result.setText(text)
        # A long answer makes the dialog taller, not its fields thinner (a wrapped label's
        # height is not part of the window's minimum size).
        layout = self.layout()
        needed = layout.totalHeightForWidth(self.width()) if layout is not None else 0
        if needed > self.height():
            self.resize(self.width(), needed)

    def _dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def done(self, result: int) -> None:
        self._dispose()
        super().done(result)
