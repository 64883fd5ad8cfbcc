"""Québec formats for dates and amounts, shared by the window, the PDFs and the CLI.

French: 2026-06-01 (the Office québécois de la langue française recommends ISO for all-numeric
dates), 1 234,56 $; English: 2026-06-01, $1,234.56.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from gem import clock
from gem.i18n import N_, current_language, tr

NBSP = "\u00a0"
NNBSP = "\u202f"


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return clock.local(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def format_number(value: Decimal | float | int | None, decimals: int = 2,
                  lang: str | None = None) -> str:
    if value is None:
        return ""
    lang = lang or current_language()
    text = f"{Decimal(value):,.{decimals}f}"
    if lang == "fr":
        return text.replace(",", NNBSP).replace(".", ",")
    return text


def format_money(value: Decimal | float | int | None, lang: str | None = None) -> str:
    if value is None:
        return ""
    lang = lang or current_language()
    number = format_number(value, 2, lang)
    return f"{number}{NBSP}$" if lang == "fr" else f"${number}"


def format_bool(value: bool | None, lang: str | None = None) -> str:
    if value is None:
        return ""
    return tr(N_("Oui") if value else N_("Non"), lang)
