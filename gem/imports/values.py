"""A cell read as what a field needs: a date, an amount, a number, a code or a text.

Why these rules (issue 14): institutions' files mix real spreadsheet dates with typed ones
(`2026-06-01`, and Québec's day-first `1/6/2026`), amounts with a comma or a point and a
space between thousands, and member numbers whose leading zeros a spreadsheet keeps only as
text. A value is refused with the cell's text and the reason, never guessed: `31/02/2019` is
not a date, and `03/04/2026` is 3 April (day first, as Québec writes it), never 4 March.
A text beginning with « = », « + », « - » or « @ » is refused where a name goes: spreadsheets
run such a cell as a formula when the data is exported again (`=HYPERLINK(...)`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from gem.i18n import N_

from .sheets import Cell

FORMULA_START = ("=", "+", "-", "@")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


@dataclass(frozen=True)
class Refused(Exception):
    """Why a cell cannot be read: a msgid taking {value} (and ``params``)."""

    msgid: str
    value: str
    params: dict[str, Any] = field(default_factory=dict)


def shown(cell: Cell) -> str:
    """The cell as the person sees it, for a message."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def as_date(cell: Cell) -> date | None:
    if is_blank(cell):
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = shown(cell)
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DAY_FIRST.match(text)
        if not match:
            raise Refused(N_("« {value} » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)"),
                          text)
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise Refused(N_("« {value} » n'est pas une date"), text) from None


def as_amount(cell: Cell) -> Decimal | None:
    """An amount or a quantity of hours: `1 234,56`, `1234.56`, `1,234.56`, `12,5 $`."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool):
        raise Refused(N_("« {value} » n'est pas un nombre"), shown(cell))
    if isinstance(cell, int | float):
        return Decimal(str(cell))
    text = _SPACES.sub("", shown(cell)).removesuffix("$").removeprefix("$")
    if "," in text and "." in text:  # the last one is the decimal separator
        thousands = "," if text.rfind(".") > text.rfind(",") else "."
        text = text.replace(thousands, "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise Refused(N_("« {value} » n'est pas un nombre"), shown(cell)) from None
    if not value.is_finite():
        raise Refused(N_("« {value} » n'est pas un nombre"), shown(cell))
    return value


def as_code(cell: Cell) -> str | None:
    """A member or employee number, a code: the text as typed, leading zeros kept. A number
    cell gives its digits (`123.0` → `123`): its zeros were lost by the spreadsheet."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool) or isinstance(cell, date):
        raise Refused(N_("« {value} » n'est pas un numéro"), shown(cell))
    if isinstance(cell, float) and not cell.is_integer():
        raise Refused(N_("« {value} » n'est pas un numéro"), shown(cell))
    return shown(cell)


def as_text(cell: Cell, *, name: bool = False) -> str | None:
    """A text; ``name``: a person's name or a title, where a formula is refused."""
    if is_blank(cell):
        return None
    text = shown(cell)
    if "\x00" in text:
        raise Refused(N_("« {value} » contient un caractère nul"), text.replace("\x00", "␀"))
    if name and text.startswith(FORMULA_START):
        raise Refused(N_("« {value} » ressemble à une formule de tableur, pas à un nom"),
                      text)
    return text
