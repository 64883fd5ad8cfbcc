"""Word-prefix matching on stored search keys (see gem/models/text.py): every typed word must
start a word of the key, so "cote hel" finds "Côté-Bélanger, Hélène" on SQLite and PostgreSQL
alike."""

from __future__ import annotations

from sqlalchemy import Select, or_
from sqlalchemy.orm import InstrumentedAttribute

from gem.models.text import search_key


def _escape(token: str) -> str:
    return token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def word_prefix_filter(stmt: Select, column: InstrumentedAttribute, text: str) -> Select:
    for token in search_key(text).split():
        token = _escape(token)
        stmt = stmt.where(or_(column.like(f"{token}%", escape="\\"),
                              column.like(f"% {token}%", escape="\\")))
    return stmt
