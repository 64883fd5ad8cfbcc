"""Word-prefix matching on stored search keys (see gem/models/text.py): every typed word must
start a word of the key, so "cote hel" finds "Côté-Bélanger, Hélène" on SQLite and PostgreSQL
alike. Used by the list filters and by the quick search (gem/services/search.py).

What is typed into a search box is cleaned here before it reaches any query (issue 12):
PostgreSQL refuses a text holding a NUL ("cannot contain NUL") and no driver encodes a lone
surrogate, while SQLite takes both, so the same keystroke would fail on one engine only.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_
from sqlalchemy.orm import InstrumentedAttribute

from gem.models.text import search_key

SEARCH_LENGTH = 300
"""The most characters of a search that are looked up: more than any searched column holds
(the longest, an institution's search key, holds 260), so the cut never loses a match, and a
megabyte pasted into the search box costs no more than a name."""

_SPACES = re.compile(r"\s+")


def search_text(text: str | None) -> str:
    """What was typed into a search box, fit for a query on both engines: white space of any
    kind (a pasted tab, a line break) as one space, since it separates words; every other
    control character (a NUL, an escape) and lone surrogate dropped, since it is invisible
    and nothing stored holds one (gem.services.values refuses them), so the search finds
    what the rest of the text finds; at most SEARCH_LENGTH characters; stripped.

    A search is not stored, so dropping what cannot be looked up loses nothing, and refusing
    a keystroke with a message would interrupt the person for a character they cannot see."""
    cleaned = "".join(ch for ch in _SPACES.sub(" ", text or "")
                      if unicodedata.category(ch) not in ("Cc", "Cs"))
    return cleaned[:SEARCH_LENGTH].strip()


def prefix_end(prefix: str) -> str | None:
    """The least text after every text that starts with ``prefix`` (``prefix`` with its last
    character incremented), for a range an index answers: ``column >= prefix AND column <
    prefix_end(prefix)``. The next character skips the surrogates (no driver encodes one);
    after the last code point it moves to the one before (None: no upper end at all)."""
    while prefix:
        last = ord(prefix[-1])
        if last < sys.maxunicode:
            following = 0xE000 if 0xD800 <= last + 1 <= 0xDFFF else last + 1
            return prefix[:-1] + chr(following)
        prefix = prefix[:-1]
    return None


def escape_like(token: str) -> str:
    return token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def starts_a_word(column: InstrumentedAttribute[Any], token: str) -> ColumnElement[bool]:
    """``token`` starts a word of ``column``. The plain substring test comes first: it is a
    necessary condition, cheaper than the two word tests, so SQLite rejects most rows with one
    LIKE, and PostgreSQL can answer it from the trigram index."""
    word = escape_like(token)
    return and_(column.like(f"%{word}%", escape="\\"),
                or_(column.like(f"{word}%", escape="\\"),
                    column.like(f"% {word}%", escape="\\")))


def fit_key(key: str, length: int) -> str:
    """A search key cut to its column's length, after its last whole word: the key of a
    name within its own column can be longer than the column (NFKD turns the single
    character "ﷺ" into 18 letters), and a key serves the search only, so the name is kept
    and its key covers the words that fit."""
    if len(key) <= length:
        return key
    head, sep, _ = key[:length + 1].rpartition(" ")
    return (head if sep and head else key[:length]).rstrip()


def column_key(column: InstrumentedAttribute[Any], *parts: str | None) -> str:
    """The key of ``parts`` as ``column`` stores it (fit_key)."""
    return fit_key(search_key(*parts), column.property.columns[0].type.length)


def word_prefix_filter(stmt: Select[Any], column: InstrumentedAttribute[Any],
                       text: str) -> Select[Any]:
    for token in search_key(text).split():
        stmt = stmt.where(starts_a_word(column, token))
    return stmt
