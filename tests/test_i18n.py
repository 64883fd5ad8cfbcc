"""Every message below the window has an English translation with the same placeholders."""

from __future__ import annotations

import re
import string
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import i18n_catalogue  # noqa: E402

from gem.i18n import language, tr  # noqa: E402


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_an_english_translation():
    missing = sorted(i18n_catalogue.msgids() - set(i18n_catalogue.catalogue()))
    assert missing == []


def test_translations_keep_their_placeholders():
    wrong = {k: v for k, v in i18n_catalogue.catalogue().items()
             if _fields(k) != _fields(v) or not v.strip()}
    assert wrong == {}


def test_translations_are_not_left_in_french():
    french = re.compile(r"[éèêàùçôœ«»]")
    suspicious = {k: v for k, v in i18n_catalogue.catalogue().items()
                  if v == k and french.search(k)}
    assert suspicious == {}


def test_language_switch():
    assert tr("Brouillon") == "Brouillon"
    with language("en"):
        assert tr("Brouillon") == "Draft"
    assert tr("Brouillon", "en") == "Draft"
