"""The one translation catalogue for everything below the UI (services, reports, CLI).

Messages are written in French, the default language, and used as their own keys; English
comes from ``resources/i18n/en.json``. Placeholders use ``str.format`` names so a translation
can reorder them (tests check every translation keeps the same placeholders).
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any

from gem.paths import resource_path

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
_current: ContextVar[str] = ContextVar("gem_language", default=DEFAULT_LANGUAGE)


@cache
def catalogue(lang: str) -> dict[str, str]:
    if lang == DEFAULT_LANGUAGE:
        return {}
    path = resource_path("i18n", f"{lang}.json")
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def current_language() -> str:
    return _current.get()


def set_language(lang: str) -> None:
    _current.set(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)


@contextmanager
def language(lang: str | None):
    token = _current.set(lang if lang in LANGUAGES else current_language())
    try:
        yield
    finally:
        _current.reset(token)


def tr(msgid: str, lang: str | None = None, /, **params: Any) -> str:
    """Translate ``msgid`` (French) into ``lang`` (default: the current language)."""
    lang = lang or current_language()
    text = catalogue(lang).get(msgid, msgid) if lang != DEFAULT_LANGUAGE else msgid
    return text.format(**params) if params else text


def N_(msgid: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    return msgid
