"""One sheet of a workbook (xlsx, xlsm, xls, ods) or a CSV file, read row by row.

Why calamine for workbooks: python-calamine (Rust) reads xlsx, xls and ods alike, returns
dates as dates and a formula's last computed value (never its text), and reads a 65,000-row
sheet 7.5 times faster than openpyxl's read-only mode (0.71 s against 5.31 s,
bench/bench_import_read.py). It loads the whole sheet before the first row (about 1.4 KB a
row): an xlsx is therefore first measured by the used range its sheet declares, read by
openpyxl's read-only mode without loading a row, and one past ``MAX_ROWS`` is refused
before calamine loads it. Why the CSV rules:
institutions export from Excel in Windows-1252 with « ; » as often as in UTF-8 with « , »;
the encoding is UTF-8 when the bytes decode as such (a BOM is dropped), else Windows-1252,
and the separator is the one the header line uses most.

Every refusal is a ``SheetError`` naming the file and what to do; nothing is read past the
first one. A sheet over ``MAX_ROWS`` filled rows is refused as it is read.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from gem.formatting import format_number
from gem.i18n import N_
from gem.services.errors import GemError

MAX_ROWS = 200_000  # filled rows in one import: three times the union's 65,000 members
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
CSV_SUFFIXES = frozenset({".csv", ".txt"})
SEPARATORS = (";", ",", "\t")

Cell = str | int | float | bool | date | datetime | time | timedelta | None


class SheetError(GemError):
    """A file that cannot be read as a sheet of rows, in words the person can act on."""


@dataclass(frozen=True)
class Row:
    number: int          # as the spreadsheet shows it (the header is row 1)
    cells: tuple[Cell, ...]


@dataclass
class Sheet:
    name: str            # the file's name (and the sheet's, for a workbook)
    header: tuple[str, ...]
    rows: Iterator[Row]  # the filled rows after the header, blank ones skipped


def open_sheet(path: Path, sheet: str | int = 0) -> Sheet:
    """The sheet's header and an iterator over its rows (read as they are asked for)."""
    path = Path(path)
    if not path.is_file():
        raise SheetError(N_("Le fichier {path} n'existe pas."), path=str(path.absolute()))
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _csv(path)
    if suffix in WORKBOOK_SUFFIXES:
        return _workbook(path, sheet)
    raise _not_a_sheet(path)


def _not_a_sheet(path: Path) -> SheetError:
    return SheetError(N_("Le fichier {name} n'est pas un classeur (xlsx, xls, ods) ni un "
                         "fichier CSV : enregistrez-le sous l'un de ces formats."),
                      name=path.name)


def _empty(name: str) -> SheetError:
    return SheetError(N_("La feuille « {name} » est vide : la première ligne doit nommer les "
                         "colonnes."), name=name)


def _too_many(name: str) -> SheetError:
    return SheetError(N_("La feuille « {name} » compte plus de {limit} lignes remplies : "
                         "séparez-la en plusieurs fichiers."), name=name,
                      limit=format_number(MAX_ROWS, 0))


def _filled(cells: tuple[Cell, ...]) -> bool:
    return any(c not in (None, "") and not (isinstance(c, str) and not c.strip())
               for c in cells)


def _rows(name: str, raw: Iterator[tuple[int, tuple[Cell, ...]]]) -> Iterator[Row]:
    count = 0
    for number, cells in raw:
        if not _filled(cells):
            continue
        count += 1
        if count > MAX_ROWS:
            raise _too_many(name)
        yield Row(number, cells)


def _header(name: str, cells: tuple[Cell, ...] | None) -> tuple[str, ...]:
    if cells is None or not _filled(cells):
        raise _empty(name)
    return tuple("" if c is None else str(c).strip() for c in cells)


# ---------------------------------------------------------------------- workbooks
def _declared_rows(path: Path, which: str | int) -> int | None:
    """The rows an xlsx sheet says it spans (its <dimension>), without loading them."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    try:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        try:
            sheet = book.worksheets[which] if isinstance(which, int) else book[which]
            rows = sheet.max_row
        finally:
            book.close()
    except Exception:  # noqa: BLE001 - calamine below says what is wrong with the file
        return None
    return rows if isinstance(rows, int) else None


def _workbook(path: Path, which: str | int) -> Sheet:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    declared = _declared_rows(path, which)
    if declared is not None and declared > MAX_ROWS + 1:
        raise SheetError(N_("La feuille du classeur {name} s'étend sur {rows} lignes : GEM en "
                            "importe au plus {limit} à la fois. Supprimez les lignes vides "
                            "du bas de la feuille, ou séparez-la en plusieurs fichiers."),
                         name=path.name, rows=format_number(declared, 0),
                         limit=format_number(MAX_ROWS, 0))

    try:
        book = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise SheetError(N_("Le classeur {name} est protégé par un mot de passe : enregistrez-"
                            "en une copie sans mot de passe, puis importez cette copie."),
                         name=path.name) from None
    except (CalamineError, OSError, ValueError):
        raise _not_a_sheet(path) from None
    try:
        sheet = (book.get_sheet_by_index(which) if isinstance(which, int)
                 else book.get_sheet_by_name(which))
    except Exception:  # noqa: BLE001 - calamine's own error types vary by format
        raise SheetError(N_("Le classeur {name} n'a pas de feuille « {sheet} »."),
                         name=path.name, sheet=str(which)) from None
    label = f"{path.name} › {sheet.name}"
    if sheet.height == 0:
        raise _empty(label)
    first_row = sheet.start[0] if sheet.start else 0
    lines = iter(sheet.iter_rows())
    header = _header(label, tuple(next(lines, ())) or None)

    def numbered() -> Iterator[tuple[int, tuple[Cell, ...]]]:
        for offset, cells in enumerate(lines, start=first_row + 2):
            yield offset, tuple(cells)

    return Sheet(label, header, _rows(label, numbered()))


# ---------------------------------------------------------------------- CSV
def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        line = data[:data.index(b"\x00")].count(b"\n") + 1
        raise SheetError(N_("Le fichier {name} contient des caractères nuls (ligne {line}) : "
                            "ce n'est pas un fichier CSV en texte. Enregistrez-le de nouveau "
                            "en CSV depuis le tableur."), name=path.name, line=line)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise SheetError(N_("Le fichier {name} n'est ni en UTF-8 ni en Windows-1252 (octet "
                            "illisible ligne {line}) : enregistrez-le en « CSV UTF-8 » depuis "
                            "le tableur."), name=path.name, line=line) from None


def _csv(path: Path) -> Sheet:
    data = path.read_bytes()
    if data.startswith((b"PK\x03\x04", codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
                        b"\xd0\xcf\x11\xe0")):
        raise SheetError(N_("Le fichier {name} porte l'extension CSV mais n'est pas du texte "
                            "(un classeur renommé ?) : ouvrez-le dans le tableur et "
                            "enregistrez-le en CSV, ou importez le classeur lui-même."),
                         name=path.name)
    text = _decode(path, data)
    first = text.split("\n", 1)[0]
    separator = max(SEPARATORS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    header = _header(path.name, tuple(next(reader, ())) or None)

    def numbered() -> Iterator[tuple[int, tuple[Cell, ...]]]:
        for number, cells in enumerate(reader, start=2):
            yield number, tuple(cells)

    return Sheet(path.name, header, _rows(path.name, numbered()))
