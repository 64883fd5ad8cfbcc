"""A :class:`~gem.reports.base.Report` as an Excel workbook (openpyxl, write-only mode).

Write-only mode streams rows to disk, so 100,000 rows cost ~30 MB rather than ~430 MB
(PRACTICES.md). Every table becomes a sheet with a header row, typed cells (dates as dates,
amounts as numbers with a number format, codes as their labels), a frozen header, an
autofilter over the data (not over the totals row) and column widths from the definition.
A last sheet records the report's title, generation date, author and filters.

Text that came from a person is never run as a formula: openpyxl writes a string starting
with "=" as a live formula, and Excel re-reads "+", "-", "@" (and a leading tab or CR) as one
when the cell is edited; such text is written as a string cell with Excel's "quote prefix"
flag, the workbook equivalent of the leading apostrophe.

Cells that need a style are reused per column: write-only mode serialises a row as soon as
it is appended, so one styled cell object per column serves every row and the style lookup
happens once per column, not once per cell (which keeps the export within 1.5x of a bare
write-only loop).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol, cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.dimensions import ColumnDimension, DimensionHolder
from openpyxl.worksheet.filters import AutoFilter

from gem import clock
from gem.formatting import format_date
from gem.i18n import N_
from gem.labels import LABELS
from gem.reports.base import (
    Chart,
    Column,
    Facts,
    Paragraphs,
    Progress,
    Report,
    Table,
    Totaliser,
    counted,
    display,
)

RISKY_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")

FORMATS = {
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "number": "#,##0.00",
    "int": "#,##0",
}
MONEY_FORMAT = {"fr": '#,##0.00 "$"', "en": '"$"#,##0.00'}
HEADER_FILL = PatternFill("solid", fgColor="DCE3ED")


def safe_text(value: str) -> str:
    """Remove the control characters an .xlsx file cannot hold (openpyxl refuses them)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if ILLEGAL_CHARACTERS_RE.search(value) \
        else value


class _ColumnWriter:
    """Turns one column's typed values into what the sheet stores."""

    def __init__(self, ws: WriteOnlyWorksheet, column: Column, lang: str):
        self.kind = column.kind
        self.lang = lang
        self.ws = ws
        self.styled: Cell | None = None
        if column.kind in FORMATS or column.kind == "money":
            self.styled = WriteOnlyCell(ws)
            self.styled.number_format = MONEY_FORMAT.get(lang, MONEY_FORMAT["fr"]) \
                if column.kind == "money" else FORMATS[column.kind]
        self.guarded = WriteOnlyCell(ws)
        self.guarded.quotePrefix = True
        self.labels: dict[Any, str] = {}
        if column.kind.startswith("code:"):
            kind = column.kind[5:]
            self.labels = {code: display(column.kind, code, lang)
                           for code in LABELS.get(kind, {})}
        self.convert: Callable[[Any], Any] = self._pick()

    def _pick(self) -> Callable[[Any], Any]:
        kind = self.kind
        if kind == "text":
            return self.text
        if kind.startswith("code:"):
            return self.code
        if kind == "bool":
            return lambda v: display("bool", v, self.lang)
        if kind == "datetime":
            return self.datetime_cell
        if self.styled is not None:
            return self.styled_cell
        return self.text

    def text(self, value: Any) -> Any:
        if not isinstance(value, str):
            value = str(value)
        elif value.startswith(RISKY_START):
            return self.guard(value)
        if ILLEGAL_CHARACTERS_RE.search(value):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return value

    def guard(self, value: str) -> Cell:
        cell = self.guarded
        cell.value = safe_text(value)
        cell.data_type = "s"  # a string, even if it starts with "="
        return cell

    def code(self, value: Any) -> Any:
        text = self.labels.get(value)
        if text is None:
            text = self.labels[value] = display(self.kind, value, self.lang)
        return self.text(text)

    def styled_cell(self, value: Any) -> Cell:
        cell = self.styled
        assert cell is not None
        cell.value = value
        return cell

    def datetime_cell(self, value: Any) -> Any:
        if isinstance(value, datetime):
            # Excel has no time zones: write the Québec wall time the window and the PDF show.
            value = clock.local_naive(value)
        elif isinstance(value, date) and not isinstance(value, datetime):
            value = datetime(value.year, value.month, value.day)
        return self.styled_cell(value)


class _SheetLayout(Protocol):
    """A write-only sheet's layout, which openpyxl sets up as a Worksheet's (Worksheet._setup)
    but its stubs leave out of WriteOnlyWorksheet."""

    column_dimensions: DimensionHolder[str, ColumnDimension]
    auto_filter: AutoFilter


def _sheet_title(text: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub(" ", text).strip()[:31] or "Feuille"
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title = base[:31 - len(suffix)] + suffix
        n += 1
    used.add(title.lower())
    return title


def _header(ws: WriteOnlyWorksheet, labels: Sequence[str]) -> list[Cell]:
    font = Font(bold=True)
    cells = []
    for text in labels:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = font
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(cell)
    return cells


def write_table(ws: WriteOnlyWorksheet, block: Table, lang: str,
                progress: Progress | None = None) -> int:
    """Stream ``block`` into ``ws``; returns the number of data rows written."""
    from gem.i18n import tr

    columns = list(block.columns)
    layout = cast(_SheetLayout, ws)  # the stubs lack these attributes, see _SheetLayout
    for i, col in enumerate(columns, start=1):
        layout.column_dimensions[get_column_letter(i)].width = max(6.0, min(60.0, col.width + 2))
    ws.freeze_panes = "A2"
    writers = [_ColumnWriter(ws, col, lang) for col in columns]
    converters = [w.convert for w in writers]
    pairs = list(enumerate(converters))
    totals = Totaliser(columns) if block.totals else None
    ws.append(_header(ws, [tr(c.label, lang) for c in columns]))
    count = 0
    for row in counted(block.rows, progress, block.total_rows or 0, every=2000):
        ws.append([None if row[i] is None else convert(row[i]) for i, convert in pairs])
        if totals is not None:
            totals.add(row)
        count += 1
    last = get_column_letter(len(columns))
    if count:
        layout.auto_filter.ref = f"A1:{last}{count + 1}"
    else:
        ws.append([tr(block.empty_text, lang)])
    if totals is not None and count:
        ws.append([])
        sums = totals.values()
        cells: list[Any] = []
        bold = Font(bold=True)
        for i, (col, value) in enumerate(zip(columns, sums, strict=True)):
            if i == 0:
                text = tr(N_("Total ({count})"), lang, count=count)
                cell = WriteOnlyCell(ws, value=text)
            elif value is None:
                cell = WriteOnlyCell(ws, value=None)
            else:
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = MONEY_FORMAT.get(lang, MONEY_FORMAT["fr"]) \
                    if col.kind == "money" else FORMATS.get(col.kind, "General")
            cell.font = bold
            cells.append(cell)
        ws.append(cells)
    return count


def render_xlsx(report: Report, path: str | Path, progress: Progress | None = None) -> None:
    """Write ``report`` to ``path`` as an .xlsx workbook."""

    wb = Workbook(write_only=True)
    try:
        _fill(wb, report, progress)
    except BaseException:
        # Close the half-written sheets now: left to the garbage collector, their writers
        # complain about their already-closed temporary files.
        for ws in wb.worksheets:
            rows = getattr(ws, "_rows", None)
            if rows is not None:
                try:
                    rows.close()
                except Exception:  # noqa: BLE001 - the original error is the one to report
                    pass
        raise
    wb.save(str(path))


def _fill(wb: Workbook, report: Report, progress: Progress | None) -> None:
    from gem.i18n import tr

    lang = report.lang
    used: set[str] = set()
    facts_rows: list[tuple[str, Any, str]] = []
    for block in report.blocks:
        if isinstance(block, Table):
            name = block.sheet or (tr(block.title, lang) if block.title else report.title)
            ws = wb.create_sheet(_sheet_title(name, used))
            write_table(ws, block, lang, progress)
        elif isinstance(block, Chart):
            name = tr(block.title, lang) if block.title else report.title
            ws = wb.create_sheet(_sheet_title(name, used))
            chart_table = Table(columns=[Column("category", N_("Catégorie"), width=40),
                                         Column("value", block.value_label, "int", 12,
                                                total=True)],
                                rows=list(zip(block.categories, block.values, strict=True)))
            write_table(ws, chart_table, lang)
        elif isinstance(block, Facts):
            prefix = tr(block.title, lang) + " — " if block.title else ""
            facts_rows += [(prefix + tr(label, lang), value, kind)
                           for label, value, kind in block.items]
        elif isinstance(block, Paragraphs):
            facts_rows += [(tr(block.title, lang) if block.title else "", text, "text")
                           for text in block.texts]
    _about_sheet(wb, report, facts_rows, used)


def _about_sheet(wb: Workbook, report: Report, facts: list[tuple[str, Any, str]],
                 used: set[str]) -> None:
    """The report's identity (and its headline facts) on a sheet of their own, so each
    table sheet keeps its header on row 1 where the filter and the frozen pane expect it."""
    from gem.i18n import tr

    lang = report.lang
    ws = wb.create_sheet(_sheet_title(tr(N_("Rapport"), lang), used))
    ws.column_dimensions["A"].width = 42
    ws.column_dimensions["B"].width = 70
    bold = Font(bold=True)
    title = WriteOnlyCell(ws, value=report.title)
    title.font = Font(bold=True, size=13)
    ws.append([title])
    rows: list[tuple[str, Any, str]] = [
        (tr(N_("Généré le"), lang), format_date(report.generated_at), "text"),
        (tr(N_("Par"), lang), report.generated_by, "text")]
    rows += [(k, v, "text") for k, v in report.filters]
    if report.empty_message:
        rows.append((tr(N_("Résultat"), lang), report.empty_message, "text"))
    rows += facts
    for label_text, value, kind in rows:
        cell = text_cell(ws, label_text)
        cell.font = bold
        if kind in ("money", "number", "int", "date") and value is not None:
            value_cell = WriteOnlyCell(ws, value=value)
            value_cell.number_format = MONEY_FORMAT.get(lang, MONEY_FORMAT["fr"]) \
                if kind == "money" else FORMATS[kind]
        else:
            shown = display(kind, value, lang) if kind != "text" else value
            value_cell = text_cell(ws, "" if shown is None else str(shown))
        ws.append([cell, value_cell])


def text_cell(ws: WriteOnlyWorksheet, value: str) -> Cell:
    """A new cell holding ``value`` as text, guarded like table cells."""
    cell = WriteOnlyCell(ws, value=safe_text(value))
    if value.startswith(RISKY_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
