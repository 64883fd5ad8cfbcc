"""A :class:`~gem.reports.base.Report` as a Letter-size PDF (reportlab platypus).

What every page carries: the union's logo, the report's title, when and by whom it was made,
the filters it was run with, and "page X de Y" (the total is known only at the end, so the
canvas keeps each page's state and numbers them all when the document is saved).

Long tables are built as consecutive 500-row tables with the same column widths and a repeated
header: one 10,000-row LongTable took 9.4 s here and grows worse than linearly; chunks took
2.1 s (PRACTICES.md). Cells are plain strings cut to their column's width; only columns marked
``wrap`` use Paragraphs, which are much slower to lay out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus import (
    Table as RLTable,
)
from reportlab.platypus import (
    TableStyle as RLTableStyle,
)

from gem.formatting import format_date
from gem.i18n import N_
from gem.paths import resource_path
from gem.reports.base import (
    Block,
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
from gem.reports.fonts import register_fonts

CHUNK_ROWS = 500
FONT_SIZE = 7.5
HEADER_GREY = colors.Color(0.86, 0.89, 0.93)
GROUP_BLUE = colors.Color(0.80, 0.86, 0.94)
STRIPE = colors.Color(0.96, 0.97, 0.98)
INK = colors.Color(0.09, 0.27, 0.51)
PAD = 2.5


class _Styles:
    def __init__(self) -> None:
        regular, bold = register_fonts()
        self.regular, self.bold = regular, bold
        self.title = ParagraphStyle("title", fontName=bold, fontSize=13, leading=16,
                                    textColor=INK)
        self.meta = ParagraphStyle("meta", fontName=regular, fontSize=7.5, leading=9.5,
                                   textColor=colors.Color(0.25, 0.25, 0.25))
        self.h2 = ParagraphStyle("h2", fontName=bold, fontSize=10.5, leading=13,
                                 spaceBefore=8, spaceAfter=4, textColor=INK)
        self.body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5,
                                   spaceAfter=7, alignment=TA_LEFT)
        self.empty = ParagraphStyle("empty", fontName=bold, fontSize=11, leading=14,
                                    spaceBefore=12, spaceAfter=12)
        self.cell = ParagraphStyle("cell", fontName=regular, fontSize=FONT_SIZE,
                                   leading=FONT_SIZE + 1.5)
        self.head = ParagraphStyle("head", fontName=bold, fontSize=FONT_SIZE,
                                   leading=FONT_SIZE + 1.5)
        self.fact_label = ParagraphStyle("fl", fontName=bold, fontSize=8.5, leading=10.5)
        self.fact_value = ParagraphStyle("fv", fontName=regular, fontSize=8.5, leading=10.5)


def _numbered_canvas(report: Report, styles: _Styles) -> type[Canvas]:
    """A canvas that defers each page until the page count is known."""

    class NumberedCanvas(Canvas):
        # Set by Canvas itself; the reportlab stubs leave these internals out, and deferring
        # a page (the usual "page X of Y" recipe) needs them.
        _pagesize: tuple[float, float]
        _startPage: Callable[[], None]

        def __init__(self, *args: Any, **kwargs: Any):
            # Otherwise every page starts in Helvetica, which is then listed (unembedded).
            kwargs["initialFontName"] = kwargs.get("initialFontName") or styles.regular
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width, _ = self._pagesize
            self.saveState()
            self.setStrokeColor(colors.Color(0.7, 0.7, 0.7))
            self.setLineWidth(0.4)
            self.line(1.5 * cm, 1.25 * cm, width - 1.5 * cm, 1.25 * cm)
            self.setFont(styles.regular, 7.5)
            self.setFillColor(colors.Color(0.3, 0.3, 0.3))
            self.drawRightString(width - 1.5 * cm, 0.85 * cm,
                                 report.t(N_("page {page} de {pages}"),
                                          page=self.getPageNumber(), pages=total))
            if not report.letter:
                self.drawString(1.5 * cm, 0.85 * cm, f"GEM — {report.title}")
            self.restoreState()

    return NumberedCanvas


class _Header:
    """The band at the top of every page: logo, title, generation line, filters."""

    LOGO = 1.45 * cm

    def __init__(self, report: Report, styles: _Styles, page_width: float):
        self.report = report
        self.logo = str(resource_path("images", "logo.png"))
        self.x = 1.5 * cm
        self.page_width = page_width
        self.text_x = self.x + self.LOGO + 0.4 * cm
        self.text_width = page_width - self.text_x - 1.5 * cm
        generated = report.t(N_("Généré le {when} par {user}"),
                             when=format_date(report.generated_at), user=report.generated_by)
        self.parts = [Paragraph(escape(report.title), styles.title),
                      Paragraph(escape(generated), styles.meta)]
        if report.filters:
            text = " · ".join(f"<b>{escape(k)}</b> : {escape(v)}" for k, v in report.filters)
            self.parts.append(Paragraph(report.t(N_("Filtres")) + " — " + text, styles.meta))
        self.heights = [p.wrap(self.text_width, 10 * cm)[1] for p in self.parts]
        self.height = max(self.LOGO, sum(self.heights) + 2)

    def draw(self, canvas: Canvas, page_height: float) -> None:
        top = page_height - 1.0 * cm
        canvas.saveState()
        canvas.drawImage(self.logo, self.x, top - self.LOGO, self.LOGO, self.LOGO,
                         mask="auto")
        if not self.report.letter:
            y = top
            for part, height in zip(self.parts, self.heights, strict=True):
                part.wrapOn(canvas, self.text_width, height)
                part.drawOn(canvas, self.text_x, y - height)
                y -= height
            canvas.setStrokeColor(INK)
            canvas.setLineWidth(0.8)
            line_y = top - self.height - 0.2 * cm
            canvas.line(self.x, line_y, self.page_width - 1.5 * cm, line_y)
        canvas.restoreState()


class _Document(SimpleDocTemplate):
    """Reports progress as chunk tables are laid out (the slow part of a long PDF)."""

    def __init__(self, *args: Any, progress: Progress | None = None, base: int = 0,
                 total: int = 0, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._progress = progress
        self._done = base
        self._total = total

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        rows = getattr(flowable, "_gem_rows", 0)
        if rows and self._progress is not None:
            self._done += rows
            self._progress(self._done, self._total)


def _fit(text: str, width: float, font: str, size: float) -> str:
    """Cut ``text`` with an ellipsis so it fits ``width`` points; a long value never spills
    into its neighbour's column."""
    text = text.replace("\n", " ").replace("\r", " ")
    room = width - 2 * PAD
    # Cheap test first: no DejaVu Sans glyph is wider than about 1 em.
    if len(text) * size * 1.05 <= room or stringWidth(text, font, size) <= room:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if stringWidth(text[:mid] + "…", font, size) <= room:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"


def _wrap(text: str, width: float, font: str, size: float, max_lines: int = 6) -> str:
    """Greedy word wrap into lines that fit ``width`` points, as one multi-line string.

    A plain string with line breaks is drawn by the table itself, about ten times cheaper
    than a Paragraph (whose layout dominated a 3,000-file caseload); beyond ``max_lines`` the
    text is cut with an ellipsis so one long note cannot fill a page."""
    room = width - 2 * PAD
    lines: list[str] = []
    for source in text.replace("\r", "").split("\n"):
        current = ""
        for word in source.split(" "):
            candidate = f"{current} {word}" if current else word
            if stringWidth(candidate, font, size) <= room:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word if stringWidth(word, font, size) <= room else \
                _fit(word, width, font, size)
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _fit(lines[-1] + " …", width, font, size)
    return "\n".join(lines)


_SAMPLES = {"date": "2026-12-31", "datetime": "2026-12-31 23:59", "money": "999 999,99 $",
            "number": "9 999,99", "int": "-9 999"}


def _widths(columns: Sequence[Column], available: float, report: Report,
            styles: _Styles, rows: Sequence[Sequence[Any]] = ()) -> list[float]:
    """Column widths in points: proportional to each column's ``width``, but never so narrow
    that a date or an amount is cut or a header word is split in the middle."""
    minimum = []
    for i, col in enumerate(columns):
        words = report.t(col.label).split() or [""]
        need = max(stringWidth(w, styles.bold, FONT_SIZE) for w in words)
        sample = _SAMPLES.get(col.kind)
        if sample:
            need = max(need, stringWidth(sample, styles.regular, FONT_SIZE))
        if col.fit:
            texts = {display(col.kind, row[i], report.lang) for row in rows}
            need = max([need] + [stringWidth(t, styles.regular, FONT_SIZE) for t in texts])
        minimum.append(need + 2 * PAD + 1)
    fixed: set[int] = set()
    while True:
        free = available - sum(minimum[i] for i in fixed)
        weights = sum(c.width for i, c in enumerate(columns) if i not in fixed) or 1
        widths = [minimum[i] if i in fixed else free * c.width / weights
                  for i, c in enumerate(columns)]
        short = {i for i, w in enumerate(widths) if i not in fixed and w < minimum[i]}
        if not short:
            return widths
        fixed |= short


def _table_flowables(block: Table, report: Report, styles: _Styles, available: float,
                     progress: Progress | None) -> tuple[list[Flowable], int]:
    lang = report.lang
    all_columns = list(block.columns)
    group_index = next((i for i, c in enumerate(all_columns) if c.key == block.group_by), None)
    shown = [i for i in range(len(all_columns)) if i != group_index]
    columns = [all_columns[i] for i in shown]
    total_rows = block.total_rows or 0
    rows = list(counted(block.rows, progress, total_rows))
    widths = _widths(columns, available, report, styles,
                     [[row[i] for i in shown] for row in rows] if any(c.fit for c in columns)
                     else ())
    flow: list[Flowable] = []
    if block.title:
        flow.append(CondPageBreak(3 * cm))
        flow.append(Paragraph(escape(report.t(block.title)), styles.h2))
    if not rows:
        flow.append(Paragraph(escape(report.t(block.empty_text)), styles.body))
        return flow, 0
    totals = Totaliser(all_columns)
    group_counts: dict[int, int] = {}
    if group_index is not None:
        start = 0
        for i, row in enumerate(rows):
            if i and row[group_index] != rows[i - 1][group_index]:
                group_counts[start] = i - start
                start = i
        group_counts[start] = len(rows) - start
    header = [Paragraph(escape(report.t(c.label)), styles.head) for c in columns]
    numeric = [j for j, c in enumerate(columns) if c.numeric]
    body: list[tuple[str, list[Any]]] = []  # ("row" | "group" | "total", cells)
    for i, row in enumerate(rows):
        totals.add(row)
        if group_index is not None and i in group_counts:
            name = display(all_columns[group_index].kind, row[group_index], lang) or "—"
            text = report.t(N_("{group} ({count})"), group=name, count=group_counts[i])
            body.append(("group", [_fit(text, available, styles.bold, FONT_SIZE)]
                         + [""] * (len(columns) - 1)))
        cells: list[Any] = []
        for j, col in enumerate(columns):
            text = display(col.kind, row[shown[j]], lang)
            if col.wrap and text:
                cells.append(_wrap(text, widths[j], styles.regular, FONT_SIZE))
            else:
                cells.append(_fit(text, widths[j], styles.regular, FONT_SIZE))
        body.append(("row", cells))
    if block.totals:
        sums = totals.values()
        cells = [""] * len(columns)
        cells[0] = report.t(N_("Total ({count})"), count=totals.count)
        for j, col in enumerate(columns):
            if col.total:
                cells[j] = display(col.kind, sums[shown[j]], lang)
        body.append(("total", cells))
    for start in range(0, len(body), CHUNK_ROWS):
        part = body[start:start + CHUNK_ROWS]
        data = [header] + [cells for _, cells in part]
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), styles.regular, FONT_SIZE),
            ("FONT", (0, 0), (-1, 0), styles.bold, FONT_SIZE),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_GREY),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE]),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, INK),
            ("LINEBELOW", (0, 1), (-1, -1), 0.2, colors.Color(0.82, 0.82, 0.82)),
        ]
        for j in numeric:
            commands.append(("ALIGN", (j, 1), (j, -1), "RIGHT"))
        for k, (kind, _) in enumerate(part, start=1):
            if kind == "group":
                commands += [("SPAN", (0, k), (-1, k)), ("BACKGROUND", (0, k), (-1, k),
                                                         GROUP_BLUE),
                             ("FONT", (0, k), (-1, k), styles.bold, FONT_SIZE)]
            elif kind == "total":
                commands += [("FONT", (0, k), (-1, k), styles.bold, FONT_SIZE),
                             ("LINEABOVE", (0, k), (-1, k), 0.8, INK),
                             ("BACKGROUND", (0, k), (-1, k), HEADER_GREY)]
        table = RLTable(data, colWidths=widths, repeatRows=1, style=RLTableStyle(commands),
                        hAlign="LEFT")
        table._gem_rows = sum(1 for kind, _ in part if kind == "row")  # type: ignore[attr-defined]
        flow.append(table)
    return flow, len(rows)


def _facts(block: Facts, report: Report, styles: _Styles, available: float) -> list[Flowable]:
    flow: list[Flowable] = []
    if block.title:
        flow.append(Paragraph(escape(report.t(block.title)), styles.h2))
    cells = [(Paragraph(escape(report.t(label)), styles.fact_label),
              Paragraph(escape(display(kind, value, report.lang)) or "—", styles.fact_value))
             for label, value, kind in block.items]
    pairs = 2 if len(cells) > 4 else 1
    rows: list[list[Any]] = []
    for i in range(0, len(cells), pairs):
        row: list[Any] = []
        for label, value in cells[i:i + pairs]:
            row += [label, value]
        row += [""] * (2 * pairs - len(row))
        rows.append(row)
    unit = available / pairs
    widths = [unit * 0.45, unit * 0.55] * pairs
    table = RLTable(rows, colWidths=widths, hAlign="LEFT", style=RLTableStyle([
        ("FONT", (0, 0), (-1, -1), styles.regular, 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.2, colors.Color(0.85, 0.85, 0.85)),
    ]))
    flow.append(table)
    flow.append(Spacer(1, 4))
    return flow


def _chart(block: Chart, report: Report, styles: _Styles, available: float) -> list[Flowable]:
    flow: list[Flowable] = []
    if block.title:
        flow.append(Paragraph(escape(report.t(block.title)), styles.h2))
    if not block.values:
        flow.append(Paragraph(escape(report.t(N_("Aucune donnée pour cette période."))),
                              styles.body))
        return flow
    bar = 13
    label_width = min(available * 0.35, max(stringWidth(c, styles.regular, 7.5)
                                            for c in block.categories) + 8)
    height = bar * len(block.values) + 38
    drawing = Drawing(available, height)
    chart = HorizontalBarChart()
    # The stubs type PlotArea's geometry as int; reportlab takes any number (points).
    chart.x = cast(int, label_width)
    chart.y = 26
    chart.width = cast(int, available - label_width - 40)
    chart.height = height - 34
    # reportlab draws the first category at the bottom: reverse so the list reads top-down.
    chart.data = [list(reversed(block.values))]
    chart.categoryAxis.categoryNames = list(reversed(block.categories))
    chart.categoryAxis.labels.fontName = styles.regular
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.labels.fontName = styles.regular
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    chart.bars[0].fillColor = INK
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = styles.regular
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    drawing.add(String(available - 40, 2, report.t(block.value_label),
                       fontName=styles.regular, fontSize=7, textAnchor="end"))
    flow.append(KeepTogether([drawing]) if height < 15 * cm else drawing)
    return flow


def _paragraphs(block: Paragraphs, report: Report, styles: _Styles) -> list[Flowable]:
    flow: list[Flowable] = []
    if block.title:
        flow.append(Paragraph(escape(report.t(block.title)), styles.h2))
    for text in block.texts:
        flow.append(Paragraph(escape(text).replace("\n", "<br/>"), styles.body))
    return flow


def render_pdf(report: Report, path: str | Path, progress: Progress | None = None) -> None:
    """Write ``report`` to ``path`` as a PDF."""
    styles = _Styles()
    pagesize = landscape(letter) if report.landscape else letter
    header = _Header(report, styles, pagesize[0])
    available = pagesize[0] - 3 * cm
    total = sum((b.total_rows or 0) for b in report.blocks if isinstance(b, Table))
    flow: list[Flowable] = []
    if report.empty_message:
        flow.append(Paragraph(escape(report.empty_message), styles.empty))
    for block in report.blocks:
        flow.extend(_block(block, report, styles, available, progress, total))
    if not flow:
        flow.append(Paragraph(escape(report.t(N_("Aucune donnée pour cette période."))),
                              styles.empty))
    top = 1.0 * cm + header.height + 0.55 * cm
    doc = _Document(str(path), pagesize=pagesize, leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                    topMargin=top, bottomMargin=1.6 * cm, title=report.title,
                    author=report.generated_by, creator="GEM", lang=report.lang,
                    progress=progress, base=total, total=2 * total)

    def on_page(canvas: Canvas, _doc: Any) -> None:
        if not report.letter or canvas.getPageNumber() == 1:
            header.draw(canvas, pagesize[1])

    doc.build(flow, onFirstPage=on_page, onLaterPages=on_page,
              canvasmaker=_numbered_canvas(report, styles))


def _block(block: Block, report: Report, styles: _Styles, available: float,
           progress: Progress | None, total: int) -> list[Flowable]:
    if isinstance(block, Table):
        # Reading the rows is the first half of the progress bar, laying them out the second.
        scaled = None
        if progress is not None:
            def scaled(done: int, _total: int) -> None:
                progress(done, 2 * total)
        flow, _ = _table_flowables(block, report, styles, available, scaled)
        return flow
    if isinstance(block, Facts):
        return _facts(block, report, styles, available)
    if isinstance(block, Chart):
        return _chart(block, report, styles, available)
    if isinstance(block, Paragraphs):
        return _paragraphs(block, report, styles)
    raise TypeError(f"unknown block {type(block).__name__}")
