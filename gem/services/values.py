"""Turning what a person typed into typed values, or into a message saying what is wrong.

Dates accept ISO (2026-06-01) and the Québec day-first form (1/6/2026, 01-06-2026); amounts
accept "1 234,56" and "1234.56".

The limits every value meets before it reaches a database live here too, because SQLite
stores what PostgreSQL refuses (issue 12): a NUL or another control character in a text
(PostgreSQL: "cannot contain NUL"), an integer beyond its column (NumericValueOutOfRange), a
date no file can have (year 0001, 9999), an amount with more decimals than its column keeps
(SQLite would round 12.345 to 12.35 without a word). Refusing them the same way on both
engines is what lets an office move from one to the other.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from gem import clock
from gem.i18n import N_
from gem.services.errors import FieldError

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")

# Characters no text may hold: C0 controls, DEL, C1 controls (invisible; what a mis-decoded
# paste leaves) and lone surrogates (Python can hold them, no driver can encode them).
# Multi-line texts keep tab and line breaks; a single line keeps neither.
_NOT_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NOT_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n?")

# The integer columns' ranges (SQL standard widths; SQLite stores 64-bit integers).
INT_RANGES = {"small": (-2**15, 2**15 - 1), "integer": (-2**31, 2**31 - 1),
              "big": (-2**63, 2**63 - 1)}

# Dates no file holds: before the oldest record a union desk keeps, or further ahead than
# any agreement runs. Fields whose domain says more (a filing is never in the future) narrow
# this range in their service.
EARLIEST_DATE = date(1950, 1, 1)
YEARS_AHEAD = 50

RANGE_MSGID = N_("« {value} » est hors de la plage permise ({low} à {high}).")


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
                   value=shown(text))


def parse_time(value: Any) -> time | None:
    """A time of day as the hearing's location has it: one with a time zone is refused (the
    column holds local times)."""
    if value is None:
        return None
    if isinstance(value, time):
        result = value
    else:
        text = str(value).strip().lower().replace("h", ":")
        if not text:
            return None
        if text.endswith(":"):
            text += "00"
        try:
            result = time.fromisoformat(text if len(text.split(":")[0]) == 2 else "0" + text)
        except ValueError:
            result = None
    if result is None or result.tzinfo is not None:
        raise BadValue(N_("« {value} » n'est pas une heure valide (HH:MM)."),
                       value=shown(value))
    return result


def parse_decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadValue(N_("« {value} » n'est pas un nombre valide."), value=str(value))
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | float):
        result = Decimal(str(value))
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace("$", "")
        if not text:
            return None
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise BadValue(N_("« {value} » n'est pas un nombre valide."),
                           value=shown(value)) from None
    if not result.is_finite():  # NaN and infinities, however they came
        raise BadValue(N_("« {value} » n'est pas un nombre valide."), value=shown(value))
    return result


def parse_int(value: Any) -> int | None:
    if value is None or isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:  # also Python's own limit on 4,300 digits
        raise BadValue(N_("« {value} » n'est pas un nombre entier."),
                       value=shown(text)) from None


def parse_bool(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "oui", "yes", "o", "y", "vrai"):
        return True
    if text in ("0", "false", "non", "no", "n", "faux", ""):
        return False
    raise BadValue(N_("« {value} » n'est ni oui ni non."), value=shown(value))


def parse_text(value: Any, multiline: bool = False) -> str | None:
    """The text as stored: stripped, empty as None, line breaks as "\\n" in a multi-line
    text; BadValue for what is no text (a list, a flag) or holds a character no text may
    hold (check_text)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise BadValue(N_("une valeur de texte est attendue."))
    text = str(value).strip()
    if multiline:
        text = _LINE_BREAKS.sub("\n", text)
    check_text(text, multiline)
    return text or None


def check_text(text: str, multiline: bool = False) -> None:
    """BadValue naming the first character no text may hold (see _NOT_IN_LINE)."""
    found = (_NOT_IN_TEXT if multiline else _NOT_IN_LINE).search(text)
    if found is not None:
        raise BadValue(N_("contient un caractère non permis (U+{code}, position {position})."),
                       code=f"{ord(found.group()):04X}", position=found.start() + 1)


def shown(value: Any, limit: int = 60) -> str:
    """A value quoted back in a message: short, and without the characters it may not hold
    (a message is printed on one line, stored in the log)."""
    text = _NOT_IN_LINE.sub("\N{REPLACEMENT CHARACTER}", str(value))
    return text if len(text) <= limit else text[:limit - 1] + "…"


# ---------------------------------------------------------------------- limits
def int_range(kind: str = "integer") -> tuple[int, int]:
    return INT_RANGES[kind]


def check_int(value: int, kind: str = "integer") -> None:
    low, high = INT_RANGES[kind]
    if not low <= value <= high:
        raise BadValue(RANGE_MSGID, value=shown(value), low=low, high=high)


def latest_date(today: date | None = None) -> date:
    today = today or clock.today()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def date_range(not_after_today: bool = False) -> tuple[date, date]:
    """The plausible dates of a field: EARLIEST_DATE to YEARS_AHEAD years ahead, or to today
    for what cannot have happened yet."""
    today = clock.today()
    return EARLIEST_DATE, today if not_after_today else latest_date(today)


def check_date(value: date, low: date | None = None, high: date | None = None) -> None:
    """BadValue unless ``value`` is within [low, high] (the default range when None)."""
    default_low, default_high = date_range()
    low, high = low or default_low, high or default_high
    if not low <= value <= high:
        raise BadValue(RANGE_MSGID, value=value.isoformat(), low=low.isoformat(),
                       high=high.isoformat())


def date_errors(field: str, label: str, value: date | None,
                not_after_today: bool = False) -> list[FieldError]:
    """What is wrong with the date ``value`` of a field, named by its label: after today for
    a field where that cannot be (``not_after_today``), else outside the plausible range."""
    if value is None:
        return []
    if not_after_today and value > clock.today():
        return [FieldError(field, label, N_("ne peut pas être dans le futur."))]
    try:
        check_date(value)
    except BadValue as exc:
        return [FieldError(field, label, exc.msgid, exc.params)]
    return []


def check_scale(value: Decimal, scale: int) -> None:
    """More decimals than the column keeps are refused, never rounded away."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= -scale:
        return
    try:
        fits = value == value.quantize(Decimal(1).scaleb(-scale))
    except InvalidOperation:  # more digits than any column holds
        fits = False
    if not fits:
        raise BadValue(N_("{scale} décimales au plus ({value})."), scale=scale,
                       value=shown(value))


def span_days(start: date, end: date) -> int:
    """Days from ``start`` to ``end`` inclusive (1 for a one-day leave)."""
    return (end - start) // timedelta(days=1) + 1
