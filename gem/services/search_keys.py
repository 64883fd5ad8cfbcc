"""Word-prefix matching on stored search keys (see gem/models/text.py): every typed word must
start a word of the key, so "cote hel" finds "Côté-Bélanger, Hélène" on SQLite and PostgreSQL
alike. Used by the list filters and by the quick search (gem/services/search.py)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, or_
from sqlalchemy.orm import InstrumentedAttribute

from gem.models.text import search_key


def escape_like(token: str) -> str:
    return token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def starts_a_word(column: InstrumentedAttribute, token: str) -> ColumnElement[bool]:
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


def column_key(column: InstrumentedAttribute, *parts: str | None) -> str:
    """The key of ``parts`` as ``column`` stores it (fit_key)."""
    return fit_key(search_key(*parts), column.property.columns[0].type.length)


def word_prefix_filter(stmt: Select, column: InstrumentedAttribute, text: str) -> Select:
    for token in search_key(text).split():
        stmt = stmt.where(starts_a_word(column, token))
    return stmt
