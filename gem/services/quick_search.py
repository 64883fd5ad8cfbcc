"""What Ctrl+K answers on every keystroke: file numbers, members and institutions, in one
read (one session, one transaction) so the window's job is a single call.

Confidentiality follows the lists: file numbers go through ``listing.fetch_page``, which hides
a confidential file from anyone but its counsellor, coordinators and administrators.

What was typed is cleaned once, before any lookup (gem.services.search_keys.search_text): a
NUL or another control character is dropped, so a keystroke never reaches PostgreSQL with a
character it refuses, nor the list filters, which would refuse it with a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from gem.labels import label
from gem.services import listing, search
from gem.services.actor import Actor
from gem.services.entity import Range
from gem.services.search_keys import prefix_end, search_text

PER_KIND = 8


@dataclass(frozen=True)
class Hit:
    kind: str  # list name: members, institutions, grievances, arbitrations, recourses
    ident: int
    text: str
    detail: str


FILE_PREFIXES = {"grievances": "G-", "arbitrations": "A-", "recourses": "R-"}


def file_number_prefixes(text: str) -> list[tuple[str, str]]:
    """(list name, file-number prefix) pairs worth looking up for what was typed.

    File numbers are PREFIX-YEAR-NNNNN (services/files.py). "g-2024-001" looks up grievances
    only; "2024-001" looks up the three kinds; text without a digit is not a file number."""
    typed = search_text(text).upper().replace(" ", "")
    if not any(ch.isdigit() for ch in typed):
        return []
    for kind, prefix in FILE_PREFIXES.items():
        if typed.startswith(prefix):
            return [(kind, typed)]
    if typed[0].isdigit():
        return [(kind, prefix + typed) for kind, prefix in FILE_PREFIXES.items()]
    return []


def quick_search(session: Session, actor: Actor, text: str, lang: str) -> list[Hit]:
    """Every lookup for one keystroke, in one worker job (one session, one transaction).

    File numbers are looked up as a range on the unique index (a ``Range`` filter from the
    prefix to the prefix with its last character incremented), not with the list's
    ``%text%`` filter, which scans 100,000 grievances (~0.2 s) on every keystroke; listing
    still applies the confidentiality rule. The range's upper end is inclusive, so hits are
    checked against the prefix once more here."""
    text = search_text(text)
    if not text:
        return []
    hits: list[Hit] = []
    for kind, prefix in file_number_prefixes(text):
        upper = prefix_end(prefix)
        rows = listing.fetch_page(session, actor, kind,
                                  {"file_number": Range(prefix, upper)},
                                  "file_number", False, 0, PER_KIND + 1)
        found = [row for row in rows if str(row[1]).upper().startswith(prefix)]
        hits.extend(_file_hit(kind, row, lang) for row in found[:PER_KIND])
    has_digit = any(ch.isdigit() for ch in text)
    # Names have no digits and member numbers are only digits: "2024-001" is a file number,
    # and sending it to the name search would scan 65,000 members for nothing.
    if not has_digit or text.replace(" ", "").isdigit():
        for member in search.search_members(session, actor, text, PER_KIND):
            detail = " · ".join(p for p in (member.member_number, member.employee_number) if p)
            hits.append(Hit("members", member.id, f"{member.last_name}, {member.first_name}",
                            detail))
    if not has_digit:
        for inst in search.search_institutions(session, actor, text, PER_KIND):
            hits.append(Hit("institutions", inst.id, inst.name, inst.region_code or ""))
    return hits


def _file_hit(kind: str, row: tuple[Any, ...], lang: str) -> Hit:
    definition = listing.get_list(kind)
    values = dict(zip(definition.keys, row[1:], strict=True))
    status = definition.column("status").display(values.get("status"), lang)
    if kind == "grievances":
        detail = f"{values.get('title') or ''} · {status}"
    elif kind == "arbitrations":
        detail = f"{values.get('institution') or ''} · {status}"
    else:
        kind_label = label("recourse_kind", values.get("kind"), lang)
        detail = f"{kind_label} · {status}"
    return Hit(kind, int(row[0]), str(values.get("file_number")), detail)
