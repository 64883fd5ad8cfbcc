"""Where GEM keeps its files: platformdirs defaults, each overridable by an environment variable
(tests and portable installs point them elsewhere)."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from platformdirs import user_config_dir, user_data_dir, user_log_dir

APP_NAME = "GEM"
APP_AUTHOR = "GEM"
ENV_URL = "GEM_DATABASE_URL"


def data_dir() -> Path:
    path = Path(os.environ.get("GEM_DATA_DIR") or user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    path = Path(os.environ.get("GEM_CONFIG_DIR") or user_config_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    """Where gem.log writes ``gem.log``: the folder IT is told to look in, and the one the
    window's Aide › Journal opens."""
    path = Path(os.environ.get("GEM_LOG_DIR") or user_log_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_url() -> str:
    """The embedded SQLite database's URL. Here rather than in gem.db so that the window can
    find its database before SQLAlchemy is imported (gem.ui.app imports it in the background)."""
    return f"sqlite:///{data_dir() / 'gem.sqlite3'}"


def is_personal_url(url: str) -> bool:
    """A PostgreSQL address that names no user: each person signs in with their own login
    (gem.services.personal_login). Read with urlsplit, not SQLAlchemy: the window asks it
    before the sign-in dialog shows."""
    parts = urlsplit(url)
    return parts.scheme.split("+")[0] in ("postgresql", "postgres") and not parts.username


def resource_path(*parts: str) -> Path:
    """A file shipped inside the package (also inside a PyInstaller bundle)."""
    return Path(str(resources.files("gem").joinpath("resources", *parts)))
