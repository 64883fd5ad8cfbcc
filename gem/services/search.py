"""Quick search: what the search box answers on every keystroke.

Names are matched on the stored, indexed search keys (gem/models/text.py) with the same
word-prefix rule as the list filters (gem/services/search_keys.py), so "cote" finds "Côté",
"BELANGER" finds "Bélanger" and "cote hel" finds "Côté-Bélanger, Hélène" identically on SQLite
and PostgreSQL; SQLite's own lower()/LIKE fold ASCII only. Digits look up member and employee
numbers by prefix with an index range. Budget: under 50 ms a keystroke on 65,000
members (bench/bench_search.py measures it). What was typed is cleaned first
(gem.services.search_keys.search_text): a NUL typed or pasted is dropped rather than sent to
PostgreSQL, which refuses it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, not_, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from gem.models import Institution, Member
from gem.models.text import search_key
from gem.services.actor import Actor
from gem.services.search_keys import prefix_end, search_text, starts_a_word

DEFAULT_LIMIT = 50


def _starts_with(column: InstrumentedAttribute[Any], prefix: str) -> ColumnElement[bool]:
    """``column`` starts with ``prefix``, as a range both engines answer from the b-tree index
    (SQLite's LIKE is case-insensitive and cannot use it)."""
    upper = prefix_end(prefix)
    if upper is None:
        return column >= prefix
    return and_(column >= prefix, column < upper)


def name_queries(model: Any, column: InstrumentedAttribute[Any], text: str
                 ) -> tuple[Select[Any], Select[Any]] | None:
    """The two SELECTs of a name search, best matches first, or None if nothing to look for.

    A row matches when every typed word starts a word of its key (the rule of the list
    filters, gem/services/search_keys.py). Rows whose key *begins* with one of the typed words
    (a last name typed first, or a first name typed first) come first: that query is an index
    range and answers the usual keystrokes ("c", "cote", "tremblay") in about a millisecond.
    Only when it finds fewer rows than asked does the second one scan the key index for words
    further in (second part of a compound name, first names): about 10 ms on 65,000 members."""
    # Each word once: a word typed twice asks nothing more, and "ﷺ" pasted 300 times folds to
    # 1,200 words (NFKD), four of them different.
    tokens = list(dict.fromkeys(search_key(search_text(text)).split()))
    if not tokens:
        return None
    leading = or_(*(_starts_with(column, token) for token in tokens))
    words = and_(*(starts_a_word(column, token) for token in tokens))
    base = select(model).where(words)
    order = (column, model.id)
    return (base.where(leading).order_by(*order),
            base.where(not_(leading)).order_by(*order))


def _two_phase(session: Session, queries: tuple[Select[Any], Select[Any]], limit: int) -> list[Any]:
    first, rest = queries
    found = list(session.scalars(first.limit(limit)))
    if len(found) < limit:
        found.extend(session.scalars(rest.limit(limit - len(found))))
    return found


def number_query(text: str) -> Select[Any] | None:
    """Members whose member or employee number starts with the typed digits, exact first."""
    number = search_text(text).replace(" ", "")
    if not number.isdigit():
        return None
    exact = case((or_(Member.member_number == number, Member.employee_number == number), 0),
                 else_=1)
    return (select(Member)
            .where(or_(_starts_with(Member.member_number, number),
                       _starts_with(Member.employee_number, number)))
            .order_by(exact, Member.member_number, Member.id))


def search_members(session: Session, actor: Actor, text: str,
                   limit: int = DEFAULT_LIMIT) -> list[Member]:
    """Members matching what was typed: digits look up member and employee numbers by prefix
    (an exact number first); words match the starts of the name's words, accents and case
    ignored, members whose name begins with a typed word first, then by name.

    Every role may look members up (members are not confidential); ``actor`` is taken like
    every service call so a later rule (e.g. hiding members who left) has a place to live."""
    text = search_text(text)
    if limit <= 0 or not text:
        return []
    numbers = number_query(text)
    if numbers is not None:
        return list(session.scalars(numbers.limit(limit)))
    queries = name_queries(Member, Member.search_key, text)
    return _two_phase(session, queries, limit) if queries else []


def search_institutions(session: Session, actor: Actor, text: str,
                        limit: int = DEFAULT_LIMIT) -> list[Institution]:
    """Institutions whose name words start with every typed word, in any order: "montreal
    sud" finds "CIUSSS du Centre-Sud-de-l'Île-de-Montréal". Abbreviations match as written
    in the name ("chum" finds the CHUM through its "(CHUM)"), they are not expanded."""
    if limit <= 0:
        return []
    queries = name_queries(Institution, Institution.search_key, text)
    return _two_phase(session, queries, limit) if queries else []
