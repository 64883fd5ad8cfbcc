"""What the subcommands check in their own options before anything runs: numbers within the
range the option makes sense in, dates within the plausible range every stored date keeps
(gem.services.values), and an output file that can be written.

argparse's ``type=int`` takes 10000000 or 2**40 as readily as 10; passed on, they end as an
OverflowError in a date computation or a driver's "out of range", printed as an internal
error. Refused here, each is one translated line naming the option (exit status 2, as every
refusal: gem.cli)."""

from __future__ import annotations

import errno
import os
import tempfile
from datetime import date
from pathlib import Path

from gem.i18n import N_
from gem.services.deadlines.compute import MAX_DAYS as MAX_DAYS  # any horizon or delay in days
from gem.services.errors import FieldError, ValidationError
from gem.services.values import (
    RANGE_MSGID,
    BadValue,
    check_date,
    int_range,
    parse_date,
)

ID_RANGE = (1, int_range("integer")[1])


def bounded(value: int | None, field: str, label: str, low: int, high: int,
            lang: str | None) -> int | None:
    """``value`` when within [low, high] (None stays None), else a ValidationError."""
    if value is None or low <= value <= high:
        return value
    raise ValidationError([FieldError(field, label, RANGE_MSGID,
                                      {"value": value, "low": low, "high": high})], lang)


def date_option(value: str | None, field: str, label: str, lang: str | None) -> date | None:
    """A date option typed like every date (ISO or day-first) and within the plausible
    range; a ValidationError naming the option otherwise."""
    try:
        day = parse_date(value)
        if day is not None:
            check_date(day)
    except BadValue as exc:
        raise ValidationError([FieldError(field, label, exc.msgid, exc.params)],
                              lang) from None
    return day


def year_option(value: int | None, field: str, lang: str | None) -> int | None:
    """A year within the plausible dates' years."""
    from gem.services.values import date_range

    low, high = date_range()
    return bounded(value, field, N_("Année"), low.year, high.year, lang)


def writable_output(path: str | Path) -> Path:
    """``path`` when a file can be written there, else the OSError of trying, naming it: the
    CLI prints it as « Fichier ou dossier inaccessible » (gem.cli), before a report or a
    calendar is built for nothing, and before a half-written workbook leaves openpyxl's
    noise on stderr. Folders still missing are created by the writer, as before; the
    nearest one that exists must take a new file."""
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(target))
    try:
        handle, probe = tempfile.mkstemp(prefix=".gem-", suffix=".probe", dir=folder)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from None
    os.close(handle)
    os.unlink(probe)
    return target
