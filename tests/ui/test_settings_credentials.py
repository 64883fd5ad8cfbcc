"""Settings never hold a password; without a usable keyring GEM asks instead of storing."""

from __future__ import annotations

import keyring
from keyring.backends import fail

from gem.ui import credentials
from gem.ui.settings import Settings, display_url, strip_password, with_password

URL = "postgresql+psycopg://gem_app:s3cr%40t@db.local:5433/gem?connect_timeout=5"


def test_password_never_reaches_the_settings_file(tmp_path):
    settings = Settings(str(tmp_path / "gem.ini"))
    settings.database_url = URL
    settings.sync()
    text = (tmp_path / "gem.ini").read_text()
    assert "s3cr" not in text
    assert Settings(str(tmp_path / "gem.ini")).database_url == \
        "postgresql+psycopg://gem_app@db.local:5433/gem?connect_timeout=5"


def test_url_helpers_round_trip_a_password_with_special_characters():
    bare = strip_password(URL)
    assert "s3cr" not in bare
    full = with_password(bare, "p@ss/word:1")
    from sqlalchemy.engine import make_url

    assert make_url(full).password == "p@ss/word:1"
    assert make_url(full).host == "db.local" and make_url(full).port == 5433
    assert display_url(URL) == "PostgreSQL gem_app@db.local:5433/gem"


def test_settings_remember_window_language_and_screen(tmp_path):
    settings = Settings(str(tmp_path / "gem.ini"))
    settings.language = "en"
    settings.last_screen = "grievances"
    settings.sync()
    again = Settings(str(tmp_path / "gem.ini"))
    assert again.language == "en" and again.last_screen == "grievances"


def test_fail_backend_means_ask_each_time(monkeypatch):
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    assert not credentials.keyring_usable()
    assert credentials.get_password(URL) is None
    assert credentials.set_password(URL, "x") is False


def test_a_working_keyring_stores_the_password(monkeypatch):
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self):
            super().__init__()
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service, username):
            return self.store.get((service, username))

        def set_password(self, service, username, password):
            self.store[(service, username)] = password

        def delete_password(self, service, username):
            self.store.pop((service, username), None)

    memory = Memory()
    monkeypatch.setattr(keyring, "get_keyring", lambda: memory)
    monkeypatch.setattr(keyring, "get_password", memory.get_password)
    monkeypatch.setattr(keyring, "set_password", memory.set_password)
    monkeypatch.setattr(keyring, "delete_password", memory.delete_password)
    assert credentials.keyring_usable()
    assert credentials.set_password(strip_password(URL), "s3cr@t")
    assert credentials.get_password(URL) == "s3cr@t"  # same account with or without password
    assert credentials.account_for(URL) == "gem_app@db.local:5433/gem"
    credentials.forget_password(URL)
    assert credentials.get_password(URL) is None
