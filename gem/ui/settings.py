"""The workstation's preferences, typed, over QSettings.

Why a wrapper: QSettings hands back strings, QByteArrays or None depending on the platform and
the file format, and a typo in a key silently creates a new one. Every preference GEM keeps is
a property here, with its type and default, and ``SCHEMA`` numbers the layout so a later GEM can
upgrade old keys (Picard's approach) instead of misreading them.

The file lives in ``gem.paths.config_dir()`` (an ini file, so IT can inspect or pre-seed it and
tests can point ``GEM_CONFIG_DIR`` elsewhere). The database password is never stored here: a URL
is stripped of it before it is written (credentials.py keeps it in the OS keyring).
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit, urlunsplit

from PySide6.QtCore import QByteArray, QSettings

from gem.paths import config_dir

SCHEMA = 1
LANGUAGES = ("fr", "en")
DEFAULT_IDLE_LOCK_MINUTES = 15
MAX_IDLE_LOCK_MINUTES = 24 * 60


def strip_password(url: str) -> str:
    """The URL without its password (``postgresql+psycopg://u:secret@h/db`` -> ``u@h/db``)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = parts.username or ""
    netloc = f"{user}@{host}" if user else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def with_password(url: str, password: str) -> str:
    """The URL with ``password`` put back (percent-encoded, so '@' or '/' in it are safe)."""
    parts = urlsplit(strip_password(url))
    if not password or parts.username is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    netloc = f"{parts.username}:{quote(password, safe='')}@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def has_password(url: str) -> bool:
    return urlsplit(url).password is not None


def is_server_url(url: str) -> bool:
    """True for a database server (PostgreSQL), which needs a password; False for SQLite."""
    return urlsplit(url).scheme.split("+")[0] in ("postgresql", "postgres")


def display_url(url: str) -> str:
    """What the status bar shows: the SQLite file, or user@host:port/database."""
    parts = urlsplit(strip_password(url))
    if parts.scheme.startswith("sqlite"):
        path = url.split(":///", 1)[1] if ":///" in url else url
        return f"SQLite {path}"
    return f"PostgreSQL {parts.netloc}{parts.path}"


class Settings:
    """One object per process; pass it to the windows that need it."""

    def __init__(self, path: str | None = None):
        file = path or str(config_dir() / "gem.ini")
        self._qs = QSettings(file, QSettings.Format.IniFormat)
        self._upgrade()

    # ------------------------------------------------------------------ plumbing
    def _upgrade(self) -> None:
        version = self._int("schema", 0)
        if version < 1:
            # No earlier layout was ever released; record the current one.
            self._qs.setValue("schema", SCHEMA)

    def _int(self, key: str, default: int) -> int:
        value = self._qs.value(key)
        try:
            return int(value) if value is not None else default
        except (TypeError, ValueError):
            return default

    def _str(self, key: str) -> str | None:
        value = self._qs.value(key)
        return str(value) if value not in (None, "") else None

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def sync(self) -> None:
        self._qs.sync()

    @property
    def file_name(self) -> str:
        return self._qs.fileName()

    # ------------------------------------------------------------------ window
    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._qs.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._qs.setValue("window/state", value)

    @property
    def last_screen(self) -> str | None:
        return self._str("window/last_screen")

    @last_screen.setter
    def last_screen(self, value: str) -> None:
        self._qs.setValue("window/last_screen", value)

    def column_state(self, list_name: str) -> QByteArray | None:
        """Widths and order of a list's columns, as the user left them."""
        return self._bytes(f"lists/{list_name}/header")

    def set_column_state(self, list_name: str, value: QByteArray) -> None:
        self._qs.setValue(f"lists/{list_name}/header", value)

    # ------------------------------------------------------------------ language
    @property
    def language(self) -> str | None:
        value = self._str("ui/language")
        return value if value in LANGUAGES else None

    @language.setter
    def language(self, value: str) -> None:
        if value not in LANGUAGES:
            raise ValueError(value)
        self._qs.setValue("ui/language", value)

    # ------------------------------------------------------------------ sign-in and database
    @property
    def last_login(self) -> str | None:
        return self._str("session/last_login")

    @last_login.setter
    def last_login(self, value: str) -> None:
        self._qs.setValue("session/last_login", value)

    @property
    def idle_lock_minutes(self) -> int:
        """Minutes without the keyboard or the mouse before the window locks (0: never)."""
        return min(max(self._int("session/idle_lock_minutes", DEFAULT_IDLE_LOCK_MINUTES), 0),
                   MAX_IDLE_LOCK_MINUTES)

    @idle_lock_minutes.setter
    def idle_lock_minutes(self, value: int) -> None:
        self._qs.setValue("session/idle_lock_minutes", min(max(int(value), 0),
                                                           MAX_IDLE_LOCK_MINUTES))

    @property
    def database_url(self) -> str | None:
        return self._str("database/url")

    @database_url.setter
    def database_url(self, value: str | None) -> None:
        if value is None:
            self._qs.remove("database/url")
        else:
            self._qs.setValue("database/url", strip_password(value))
