"""The report model every definition builds and every renderer reads.

A definition turns parameters into a :class:`Report`: a title, the filters it was run with, and
blocks (facts, tables, a chart, paragraphs) holding *typed* values (dates, Decimals, codes).
The PDF and the workbook are two renderings of that one object, and the window shows the same
values, so the three can never disagree on a figure: totals are summed by :class:`Totaliser` from
the very rows both renderers write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from gem.formatting import format_bool, format_date, format_money, format_number
from gem.i18n import N_, tr
from gem.labels import label

Progress = Callable[[int, int], None]
"""``progress(done, total)``; may raise to cancel (the window's OpControl does)."""

NO_DATA = N_("Aucune donnée pour cette période.")

NUMERIC_KINDS = frozenset({"money", "number", "int"})


def display(kind: str, value: Any, lang: str | None = None) -> str:
    """The text of a typed value, formatted exactly as the window's lists show it
    (gem.services.listing.ListColumn.display), so the PDF reads like the screen."""
    if value is None:
        return ""
    if kind in ("date", "datetime"):
        return format_date(value)
    if kind == "money":
        return format_money(value, lang)
    if kind == "number":
        return format_number(value, 2, lang)
    if kind == "int":
        return format_number(value, 0, lang)
    if kind == "bool":
        return format_bool(value, lang)
    if kind.startswith("code:"):
        return label(kind[5:], value, lang)
    return str(value)


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # French msgid, translated when rendered
    kind: str = "text"  # text | date | datetime | money | number | int | bool | code:<kind>
    width: float = 12  # relative width, in characters (Excel column width)
    total: bool = False  # summed on the totals row
    wrap: bool = False  # long text wrapped in the PDF rather than cut
    fit: bool = False  # an identifier (file number): the PDF column always fits it whole

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS


@dataclass
class Block:
    title: str | None = None  # msgid or already-translated text


@dataclass
class Facts(Block):
    """Label/value pairs: a member's identity, the headline figures of a period."""

    items: list[tuple[str, Any, str]] = field(default_factory=list)  # (label, value, kind)


@dataclass
class Table(Block):
    """Rows of typed values, one per column.

    ``rows`` may be a generator (the list export streams 100,000 rows); a renderer reads it
    once. ``group_by`` names a column whose changes start a group in the PDF (with the group's
    row count); the workbook keeps it as an ordinary, filterable column.
    """

    columns: list[Column] = field(default_factory=list)
    rows: Iterable[Sequence[Any]] = field(default_factory=list)
    group_by: str | None = None
    totals: bool = False
    total_rows: int | None = None  # known row count, for progress
    empty_text: str = NO_DATA
    sheet: str | None = None  # workbook sheet name (defaults to the title)


@dataclass
class Chart(Block):
    """A horizontal bar chart of counts (reportlab's own graphics in the PDF; a table in
    the workbook, where the user charts it as they like)."""

    categories: list[str] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    value_label: str = N_("Nombre")


@dataclass
class Paragraphs(Block):
    texts: list[str] = field(default_factory=list)


@dataclass
class Report:
    name: str
    title: str  # translated
    lang: str
    generated_at: datetime
    generated_by: str
    filters: list[tuple[str, str]] = field(default_factory=list)  # translated (label, value)
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False
    empty_message: str | None = None  # translated; set when the whole report has no data
    letter: bool = False  # a letter: letterhead, no filter band

    def t(self, msgid: str, **params: Any) -> str:
        return tr(msgid, self.lang, **params)


class Totaliser:
    """Running totals over rows as a renderer streams them (for generator-fed tables)."""

    def __init__(self, columns: Sequence[Column]):
        self.columns = list(columns)
        self.indexes = [i for i, c in enumerate(columns) if c.total]
        self.count = 0
        self.sums: list[Any] = [Decimal(0) if c.total else None for c in columns]

    def add(self, row: Sequence[Any]) -> None:
        self.count += 1
        for i in self.indexes:
            value = row[i]
            if value is not None:
                self.sums[i] += value if isinstance(value, Decimal) else Decimal(str(value))

    def values(self) -> list[Any]:
        result: list[Any] = []
        for col, value in zip(self.columns, self.sums, strict=True):
            if value is not None and col.kind == "int":
                value = int(value)
            result.append(value)
        return result


def counted(rows: Iterable[Sequence[Any]], progress: Progress | None, total: int,
            every: int = 500) -> Iterator[Sequence[Any]]:
    """Pass rows through, reporting progress every ``every`` rows (and letting the
    callback cancel by raising)."""
    if progress is None:
        yield from rows
        return
    done = 0
    progress(0, total)
    for row in rows:
        yield row
        done += 1
        if done % every == 0:
            progress(done, total)
    progress(done, max(total, done))


def days_between(start: date | None, end: date | None) -> int | None:
    if start is None or end is None:
        return None
    return (end - start).days
