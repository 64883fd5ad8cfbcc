"""Turning what a person typed into typed values, or into a message saying what is wrong.

Dates accept ISO (2026-06-01) and the Québec day-first form (1/6/2026, 01-06-2026); amounts
accept "1 234,56" and "1234.56".
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from gem.i18n import N_

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


class BadValue(ValueError):
    def __init__(self, msgid: str, **params: Any):
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params


def parse_date(value: Any) -> date | None:
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    text = str(value).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise BadValue(N_("« {value} » n'est pas une date valide (AAAA-MM-JJ ou JJ/MM/AAAA)."),
                   value=text)


def parse_time(value: Any) -> time | None:
    if value is None or isinstance(value, time):
        return value
    text = str(value).strip().lower().replace("h", ":")
    if not text:
        return None
    if text.endswith(":"):
        text += "00"
    try:
        return time.fromisoformat(text if len(text.split(":")[0]) == 2 else "0" + text)
    except ValueError:
        raise BadValue(N_("« {value} » n'est pas une heure valide (HH:MM)."),
                       value=str(value)) from None


def parse_decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace("$", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise BadValue(N_("« {value} » n'est pas un nombre valide."), value=str(value)) from None
    if not result.is_finite():
        raise BadValue(N_("« {value} » n'est pas un nombre valide."), value=str(value))
    return result


def parse_int(value: Any) -> int | None:
    if value is None or isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise BadValue(N_("« {value} » n'est pas un nombre entier."), value=text) from None


def parse_bool(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "oui", "yes", "o", "y", "vrai"):
        return True
    if text in ("0", "false", "non", "no", "n", "faux", ""):
        return False
    raise BadValue(N_("« {value} » n'est ni oui ni non."), value=str(value))


def parse_text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
