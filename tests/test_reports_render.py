"""The renderers on their own: what every PDF page carries, how long tables are cut, what the
workbook's cells hold (types, formats, formula-like text kept as text)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from gem.reports import Column, Facts, Report, Table, write_report
from gem.reports.excel import RISKY_START

DANGEROUS = ['=HYPERLINK("http://evil.example","cliquez")', "=1+1", "+33 1 23", "-2+3",
             "@SUM(A1:A2)", "\tà gauche", "\r=1", "=cmd|' /C calc'!A0"]


def _report(rows, title="Essai", lang="fr", **table) -> Report:
    columns = [Column("name", "Nom", "text", 30), Column("day", "Date", "date", 10),
               Column("amount", "Montant", "money", 12, total=True),
               Column("status", "Statut", "code:grievance_status", 12)]
    return Report(name="essai", title=title, lang=lang,
                  generated_at=datetime(2026, 11, 23, 14, 30, tzinfo=UTC),  # 09:30 in Québec
                  generated_by="conseil",
                  filters=[("Conseiller", "Amélie Côté"), ("Du", "2026-01-01")],
                  blocks=[Facts(title="En bref", items=[("Dossiers", len(rows), "int")]),
                          Table(title="Liste", columns=columns, rows=rows, totals=True,
                                total_rows=len(rows), **table)])


def _pdf_pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def test_every_pdf_page_has_header_footer_and_all_rows(tmp_path):
    rows = [(f"Dossier n° {i:04d} — Côté, Hélène « œuvre »", date(2026, 1, 1 + i % 28),
             Decimal("10.25"), "filed") for i in range(1203)]
    path = write_report(_report(rows), "pdf", tmp_path / "r.pdf")
    pages = _pdf_pages(path)
    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        assert f"page {number} de {len(pages)}" in text
        assert "Généré le 2026-11-23 09:30 par conseil" in text
        assert "Conseiller : Amélie Côté" in text
        assert "Du : 2026-01-01" in text
    everything = "\n".join(pages)
    # chunked into 500-row tables, yet every row is there once, accents intact
    found = re.findall(r"Dossier n° (\d{4})", everything)
    assert sorted(found) == [f"{i:04d}" for i in range(1203)]
    assert "Côté, Hélène « œuvre »" in everything
    assert "Total (1203)" in everything
    assert "12\u202f330,75 $" in everything.replace("\xa0", " ")  # 1203 × 10,25 $
    fonts = set()
    for page in PdfReader(str(path)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("DejaVuSans" in f for f in fonts), fonts  # embedded, not Helvetica


def test_pdf_in_english_numbers_pages_in_english(tmp_path):
    path = write_report(_report([("a", None, Decimal(1), "filed")], lang="en"), "pdf",
                        tmp_path / "r.pdf")
    text = _pdf_pages(path)[0]
    assert "page 1 of 1" in text
    assert "Generated on 2026-11-23 09:30 by conseil" in text
    assert "Filed" in text and "$1.00" in text


def test_empty_table_says_so(tmp_path):
    path = write_report(_report([]), "pdf", tmp_path / "r.pdf")
    assert "Aucune donnée pour cette période." in _pdf_pages(path)[0]
    book = write_report(_report([]), "xlsx", tmp_path / "r.xlsx")
    ws = load_workbook(book).worksheets[0]
    assert ws["A2"].value == "Aucune donnée pour cette période."


def test_workbook_cells_are_typed_and_formula_text_stays_text(tmp_path):
    rows = [(text, date(2026, 3, i + 1), Decimal("1234.5"), "settled")
            for i, text in enumerate(DANGEROUS)]
    rows.append(("bip\x07 \x0bbop", None, None, None))
    path = write_report(_report(rows), "xlsx", tmp_path / "r.xlsx")
    wb = load_workbook(path)
    ws = wb["Liste"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:D{len(rows) + 1}"  # the data, not the totals row
    assert ws.column_dimensions["A"].width == 32
    assert [c.value for c in ws[1]] == ["Nom", "Date", "Montant", "Statut"]
    for i, text in enumerate(DANGEROUS, start=2):
        cell = ws.cell(i, 1)
        # exactly what the person typed (XML reads a bare CR back as LF)...
        assert cell.value == text.replace("\r", "\n")
        assert cell.data_type == "s"  # ...and a string, never a formula
        assert cell.quotePrefix
        assert ws.cell(i, 2).value == datetime(2026, 3, i - 1)
        assert ws.cell(i, 2).number_format == "yyyy-mm-dd"
        assert ws.cell(i, 3).value == 1234.5
        assert "$" in ws.cell(i, 3).number_format
        assert ws.cell(i, 4).value == "Réglé"
    assert ws.cell(len(rows) + 1, 1).value == "bip bop"  # control characters removed
    total_row = len(rows) + 3
    assert ws.cell(total_row, 1).value == f"Total ({len(rows)})"
    assert ws.cell(total_row, 3).value == pytest.approx(1234.5 * len(DANGEROUS))
    about = wb["Rapport"]
    values = {r[0]: r[1] for r in about.iter_rows(min_row=2, values_only=True)}
    assert values["Conseiller"] == "Amélie Côté"
    assert values["Par"] == "conseil"
    assert values["En bref — Dossiers"] == len(rows)
    # and no cell anywhere in the workbook is a formula
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row)


def test_raw_openpyxl_would_have_written_a_formula(tmp_path):
    """The guard is needed: without it openpyxl writes "=..." as a live formula."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([DANGEROUS[0]])
    wb.save(tmp_path / "raw.xlsx")
    assert load_workbook(tmp_path / "raw.xlsx").active["A1"].data_type == "f"
    assert all(text.startswith(RISKY_START) for text in DANGEROUS)


def test_cancelled_render_leaves_no_file(tmp_path):
    class Stop(Exception):
        pass

    def progress(done, total):
        if done >= 500:
            raise Stop()

    rows = ((f"r{i}", None, Decimal(1), "filed") for i in range(5000))
    report = _report([])
    report.blocks[1] = Table(columns=report.blocks[1].columns, rows=rows, total_rows=5000)
    target = tmp_path / "r.xlsx"
    with pytest.raises(Stop):
        write_report(report, "xlsx", target, progress)
    assert list(tmp_path.iterdir()) == []
