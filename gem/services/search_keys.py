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


def word_prefix_filter(stmt: Select, column: InstrumentedAttribute, text: str) -> Select:
    for token in search_key(text).split():
        stmt = stmt.where(starts_a_word(column, token))
    return stmt
