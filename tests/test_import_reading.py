"""Reading the office's spreadsheets (issue 14, the parts every import shares): each kind of
file is read row by row with its real cell types, and each bad file is refused with one
clear sentence naming it, before anything is written."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from gem.imports import columns, layouts, sheets, values
from gem.imports.sheets import SheetError, open_sheet

HEADER = ["Matricule", "Nom", "Prénom", "Date d'embauche", "Ancienneté", "Actif"]


def _workbook(path, rows, header=HEADER):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Employés"
    if header is not None:
        ws.append(header)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def test_a_workbook_is_read_with_its_cell_types_and_row_numbers(tmp_path):
    path = _workbook(tmp_path / "liste.xlsx", [
        ["000123", "Côté", "Hélène", date(2019, 2, 1), 12.5, True],
        [None, None, None, None, None, None],          # a blank row: skipped
        ["000124", "Gagnon", "Luc", "2020-03-04", "7,25", False],
    ])
    sheet = open_sheet(path)
    assert sheet.name == "liste.xlsx › Employés"
    assert sheet.header == tuple(HEADER)
    rows = list(sheet.rows)
    assert [r.number for r in rows] == [2, 4]  # as the spreadsheet numbers them
    first = rows[0].cells
    assert first[0] == "000123"  # leading zeros of a text cell kept
    assert first[3] == date(2019, 2, 1) and first[4] == 12.5 and first[5] is True


@pytest.mark.parametrize(("encoding", "separator"), [("utf-8-sig", ";"), ("utf-8", ","),
                                                     ("cp1252", ";"), ("cp1252", "\t")])
def test_csv_in_utf8_or_windows_1252_with_either_separator(tmp_path, encoding, separator):
    text = separator.join(HEADER) + "\r\n" + separator.join(
        ["000123", "Côté", "Hélène", "01/02/2019", "12,5", "oui"]) + "\r\n\r\n"
    path = tmp_path / "liste.csv"
    path.write_bytes(text.encode(encoding))
    sheet = open_sheet(path)
    assert sheet.header == tuple(HEADER)
    rows = list(sheet.rows)
    assert len(rows) == 1 and rows[0].number == 2
    assert rows[0].cells[:3] == ("000123", "Côté", "Hélène")


def _refusal(path) -> str:
    with pytest.raises(SheetError) as refused:
        sheet = open_sheet(path)
        list(sheet.rows)
    message = refused.value.message("fr")
    assert "\n" not in message
    return message


def test_bad_files_are_refused_with_one_clear_sentence(tmp_path):
    notes = tmp_path / "notes.xlsx"
    notes.write_text("pas un classeur")
    assert _refusal(notes).startswith("Le fichier notes.xlsx n'est pas un classeur")
    pdf = tmp_path / "liste.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert "n'est pas un classeur (xlsx, xls, ods) ni un fichier CSV" in _refusal(pdf)
    empty = _workbook(tmp_path / "vide.xlsx", [], header=None)
    assert _refusal(empty) == ("La feuille « vide.xlsx › Employés » est vide : la première "
                               "ligne doit nommer les colonnes.")
    renamed = tmp_path / "classeur.csv"
    renamed.write_bytes((tmp_path / "vide.xlsx").read_bytes())
    assert "porte l'extension CSV mais n'est pas du texte" in _refusal(renamed)
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"Matricule;Nom\r\n000123;C\x00t\xe9\r\n")
    assert _refusal(nul).startswith("Le fichier nul.csv contient des caractères nuls "
                                    "(ligne 2)")
    assert "n'existe pas" in _refusal(tmp_path / "absent.csv")


def test_an_encrypted_workbook_is_named_as_such(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = _workbook(tmp_path / "plain.xlsx", [["000123", "Côté", "Hélène"]])
    locked = io.BytesIO()
    with plain.open("rb") as handle:
        OOXMLFile(handle).encrypt("secret", locked)
    path = tmp_path / "protégé.xlsx"
    path.write_bytes(locked.getvalue())
    assert _refusal(path).startswith("Le classeur protégé.xlsx est protégé par un mot de "
                                     "passe")


def test_a_sheet_past_the_row_limit_is_refused_as_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 5)
    path = tmp_path / "long.csv"
    path.write_text("Matricule;Nom\n" + "".join(f"{i:06d};Nom{i}\n" for i in range(6)),
                    encoding="utf-8")
    sheet = open_sheet(path)
    read = []
    with pytest.raises(SheetError, match="compte plus de 5 lignes remplies"):
        for row in sheet.rows:
            read.append(row)
    assert len(read) == 5


# ---------------------------------------------------------------------- cells
@pytest.mark.parametrize(("cell", "expected"), [
    (date(2026, 6, 1), date(2026, 6, 1)), ("2026-06-01", date(2026, 6, 1)),
    ("1/6/2026", date(2026, 6, 1)), ("03/04/2026", date(2026, 4, 3)),
    ("2026-06-01 00:00:00", date(2026, 6, 1)), ("", None), (None, None)])
def test_dates(cell, expected):
    assert values.as_date(cell) == expected


@pytest.mark.parametrize(("cell", "message"), [
    ("31/02/2019", "« 31/02/2019 » n'est pas une date"),
    ("juin 2026", "« juin 2026 » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)"),
    (12.5, "« 12.5 » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)")])
def test_what_is_not_a_date_says_so(cell, message):
    from gem.i18n import tr

    with pytest.raises(values.Refused) as refused:
        values.as_date(cell)
    assert tr(refused.value.msgid, "fr", value=refused.value.value) == message


@pytest.mark.parametrize(("cell", "expected"), [
    ("1 234,56", Decimal("1234.56")), ("1234.56", Decimal("1234.56")),
    ("1,234.56", Decimal("1234.56")), ("1.234,56", Decimal("1234.56")),
    ("12,5 $", Decimal("12.5")), ("1\u202f234,5", Decimal("1234.5")), (7, Decimal("7")),
    (7.25, Decimal("7.25")), (None, None)])
def test_amounts_with_a_comma_or_a_point(cell, expected):
    assert values.as_amount(cell) == expected


@pytest.mark.parametrize("cell", ["douze", "1,2,3.4.5", "NaN", True])
def test_what_is_not_an_amount_is_refused(cell):
    with pytest.raises(values.Refused):
        values.as_amount(cell)


def test_codes_keep_their_zeros_and_names_refuse_formulas():
    assert values.as_code("000123") == "000123"
    assert values.as_code(123.0) == "123"
    with pytest.raises(values.Refused):
        values.as_code(12.5)
    assert values.as_text("Côté", name=True) == "Côté"
    for formula in ('=HYPERLINK("http://x","a")', "+1", "@SUM(A1)", "-2"):
        with pytest.raises(values.Refused, match="formule"):
            values.as_text(formula, name=True)
    assert values.as_text("=2+2") == "=2+2"  # a note may hold anything but a NUL


# ---------------------------------------------------------------------- columns
def test_the_mapping_is_proposed_from_french_or_english_headers_whatever_the_accents():
    header = ["MATRICULE", "Nom de famille", "prenom", "Date d’embauche", "E-mail",
              "Job title", "Nº membre", "Colonne inconnue"]
    assert columns.propose(header, layouts.MEMBERS) == {
        0: "employee_number", 1: "last_name", 2: "first_name", 3: "hire_date", 4: "email",
        5: "job_title", 6: "member_number"}


def test_a_header_missing_a_required_column_is_refused_naming_it():
    mapping = columns.propose(["Matricule", "Nom"], layouts.MEMBERS)
    with pytest.raises(columns.MissingColumns) as refused:
        columns.check_required(mapping, layouts.MEMBERS)
    assert refused.value.message("fr") == ("Colonnes obligatoires absentes de l'en-tête : "
                                           "« Prénom ».")
    assert refused.value.message("en") == "Required columns missing from the header: “First name”."


def test_a_sheet_spanning_a_million_rows_is_refused_before_it_is_loaded(tmp_path):
    """A sheet used down to Excel's last row (1,048,576) is refused from its declared range,
    before calamine would load a million rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.cell(row=1_048_576, column=1, value="fin")
    path = tmp_path / "immense.xlsx"
    book.save(path)
    assert _refusal(path) == (
        "La feuille du classeur immense.xlsx s'étend sur 1\u202f048\u202f576 lignes : GEM en "
        "importe au plus 200\u202f000 à la fois. Supprimez les lignes vides du bas de la "
        "feuille, ou séparez-la en plusieurs fichiers.")
