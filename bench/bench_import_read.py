"""Benchmark: reading a 65,000-row member workbook with python-calamine and with openpyxl's
read-only mode, and what each returns for every kind of cell an institution's list holds.

    python bench/bench_import_read.py [--workbook PATH] [--rows 65000] [--repeat 3]

Why (issue 14): the member import reads an institution's employee list (xlsx) twice, once for
the preview and once for the import; budget 30 s for both and under 300 MB of memory growth.
Use the faster reader, but only if it reads every cell type correctly.

It builds (once: reused when --workbook names a file already there, else in a temporary
folder) a member workbook with openpyxl's write-only mode: leading-zero text, integers,
accented names, job codes, a float seniority (halves, whole values included), two date cells,
e-mail and phone left blank now and then, a boolean, two formula columns (number and text)
and a blank row every 1,000. openpyxl stores no value for a formula, so a second copy,
``<name>-cached.xlsx``, carries the formulas' values as Excel saves them: recalculated by
LibreOffice (``soffice --headless --convert-to xlsx``) when it is on PATH, otherwise written
into the sheet's XML here (``<f>B2*2</f><v>200004</v>``, ``t="str"`` for text results), with
the ``<dimension>`` (used range) Excel writes and openpyxl's write-only mode does not.

Then, on the cached copy, each reader in a fresh subprocess, ``--repeat`` times (median):
- **openpyxl**: ``load_workbook(read_only=True, data_only=True)``, ``ws.iter_rows(values_only=
  True)`` (streams the sheet's XML);
- **calamine**: ``CalamineWorkbook.from_path``, ``get_sheet_by_index(0)`` (parses the whole
  sheet into Rust memory), ``sheet.iter_rows()`` (lists built row by row from that);
the whole read (every cell of every row touched), the preview (first 50 rows, from opening
the file), and the memory growth: the peak resident set (so Rust allocations count, which
tracemalloc cannot see) during preview and read minus the resident set before opening, imports
excluded; on Linux VmHWM, reset through /proc/self/clear_refs, elsewhere ``ru_maxrss``.
Last, every cell both readers return is compared with what was written: the raw type (what
the import must convert) and the value once normalised as an import would (whole float to
int, midnight datetime to date, "" to blank).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

if sys.platform != "win32":
    import resource

HEADER = ["Matricule", "Numéro d'employé", "Nom", "Prénom", "Titre d'emploi", "Statut",
          "Ancienneté", "Date d'embauche", "Date de naissance", "Courriel", "Téléphone",
          "Cotisant", "Numéro × 2", "Nom complet"]
# What the import expects each column to be (the formulas' cached values included).
EXPECTED: list[type] = [str, int, str, str, str, str, float, dt.date, dt.date, str, str, bool,
                        int, str]
NOMS = ["Côté", "Tremblay", "Gagnon", "Bélanger", "Lévesque", "Bérubé", "Gauthier", "Pelletier",
        "Ouellet", "Fréchette", "Bouchard", "Pâquet"]
PRENOMS = ["Hélène", "François", "Zoé", "Josée", "Jérôme", "Gaétan", "Noémie", "André",
           "Maëlle", "Benoît", "Réjean", "Céline"]
TITRES = ["2471", "0311", "1911", "3455", "5311", "0451"]  # text codes, some with a leading zero
STATUTS = ["TCR", "TPR", "TPO", "TSO"]
BLANK_EVERY = 1000
PREVIEW = 50
Row = list[Any]


def members(count: int, seed: int = 2026) -> Iterator[Row | None]:
    """The rows written, in order; None is a blank row. Formula columns hold the formula."""
    rng = random.Random(seed)
    r = 1  # sheet row of the header
    for i in range(1, count + 1):
        if i % BLANK_EVERY == 0:
            r += 1
            yield None
        r += 1
        nom, prenom = rng.choice(NOMS), rng.choice(PRENOMS)
        hired = dt.date(1985, 1, 1) + dt.timedelta(days=rng.randrange(14000))
        born = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(16000))
        yield [f"{i:06d}", 100000 + i, nom, prenom, rng.choice(TITRES), rng.choice(STATUTS),
               rng.randrange(71) / 2,  # 0.0 to 35.0 by halves: 12.0 as well as 12.5
               hired, born,
               None if i % 7 == 0 else f"m{i}@ciusss.example",
               None if i % 5 == 0 else f"514-555-{i % 10000:04d}",
               i % 3 != 0, f"=B{r}*2", f'=D{r}&" "&C{r}']


def expected_values(row: Row | None) -> Row:
    """What a reader should give for a row once formulas are replaced by their values."""
    if row is None:
        return [None] * len(HEADER)
    return row[:12] + [row[1] * 2, f"{row[3]} {row[2]}"]


def build(plain: Path, count: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Membres")
    ws.append(HEADER)
    for row in members(count):
        ws.append([] if row is None else row)
    wb.save(plain)


_FORMULA = re.compile(r'<c r="([MN])(\d+)"><f>([^<]*)</f><v ?/></c>')


def add_cached_values(plain: Path, cached: Path, count: int) -> str:
    """Give every formula its value: LibreOffice if there is one, otherwise what Excel writes."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([soffice, "--headless", "--convert-to", "xlsx", "--outdir", out,
                            str(plain)], check=True, capture_output=True, timeout=900)
            shutil.move(str(Path(out) / plain.name), cached)
        return f"recalculated by LibreOffice ({soffice})"
    values: dict[int, Row] = {}
    r = 1
    for row in members(count):
        r += 1
        if row is not None:
            values[r] = expected_values(row)

    def cell(m: re.Match[str]) -> str:
        column, r, formula = m.group(1), int(m.group(2)), m.group(3)
        if column == "M":
            return f'<c r="M{r}"><f>{formula}</f><v>{values[r][12]}</v></c>'
        return f'<c r="N{r}" t="str"><f>{formula}</f><v>{escape(values[r][13])}</v></c>'

    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(cached, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                xml = _FORMULA.sub(cell, data.decode("utf-8"))
                # Excel also writes the used range, which openpyxl's write-only mode leaves out
                # (without it read-only openpyxl scans the sheet to size it, rows come ragged).
                dimension = f'<dimension ref="A1:{chr(ord("A") + len(HEADER) - 1)}{r}" />'
                xml = xml.replace("<sheetViews>", dimension + "<sheetViews>", 1)
                data = xml.encode("utf-8")
            dst.writestr(info, data)
    return "LibreOffice not found: formula values written into the XML as Excel stores them"


# --- readers -----------------------------------------------------------------------------

def openpyxl_rows(path: Path, limit: int | None = None) -> Iterator[Sequence[Any]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        yield from wb.worksheets[0].iter_rows(values_only=True, max_row=limit)
    finally:
        wb.close()


def calamine_rows(path: Path, limit: int | None = None) -> Iterator[Sequence[Any]]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(path)
    try:
        sheet = wb.get_sheet_by_index(0)
        if limit is None:
            yield from sheet.iter_rows()
        else:
            yield from sheet.to_python(nrows=limit)
    finally:
        wb.close()


READERS: dict[str, Callable[[Path, int | None], Iterator[Sequence[Any]]]] = {
    "openpyxl": openpyxl_rows, "calamine": calamine_rows}
IMPORTS = {"openpyxl": "openpyxl", "calamine": "python_calamine"}


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    raise LookupError(field)


def rss_before() -> float | None:
    """Resident memory now; on Linux the peak is reset to it (ru_maxrss would not do: it keeps
    the parent's peak across fork and exec)."""
    if sys.platform == "linux":
        Path("/proc/self/clear_refs").write_text("5")
        return _status_mb("VmRSS")
    return peak_rss()


def peak_rss() -> float | None:
    if sys.platform == "linux":
        return _status_mb("VmHWM")
    if sys.platform == "win32":
        return None
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # bytes on macOS


def child(reader: str, path: Path) -> None:
    """One measure in this fresh process: printed as JSON for the parent."""
    __import__(IMPORTS[reader])
    read = READERS[reader]
    before = rss_before()
    began = time.perf_counter()
    preview = sum(1 for _ in read(path, PREVIEW + 1))
    preview_s = time.perf_counter() - began
    began = time.perf_counter()
    rows = cells = 0
    for row in read(path, None):
        rows += 1
        for value in row:
            if value is not None and value != "":
                cells += 1
    full_s = time.perf_counter() - began
    after = peak_rss()
    growth = None if before is None or after is None else after - before
    print(json.dumps({"preview_s": preview_s, "preview_rows": preview, "full_s": full_s,
                      "rows": rows, "cells": cells, "rss_growth_mb": growth, "rss_mb": after}))


def measure(reader: str, path: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--child", reader, str(path)],
                          check=True, capture_output=True, text=True, timeout=900)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


# --- cell types --------------------------------------------------------------------------

def shown(value: Any) -> str:
    return f"`{value!r}` {type(value).__name__}"


def normalised(value: Any, want: type) -> Any:
    """What an import would make of a raw cell before comparing it with what was written."""
    if value is None or value == "":
        return None
    if want is int and isinstance(value, float) and value.is_integer():
        return int(value)
    if want is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if want is dt.date and isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


def raw_ok(value: Any, want: type, written: Any) -> bool:
    if written is None:
        return value is None
    if want is dt.date:
        return type(value) is dt.date
    return type(value) is want


Check = tuple[list[int], list[int], int, list[int]]


def compare(read: Iterator[Sequence[Any]], count: int) -> Check:
    """Member rows, per column: cells of another raw type, cells wrong once normalised; rows
    of another width than the header; blank rows: cells not None raw, not blank normalised."""
    raw_bad, value_bad, ragged, blank_bad = [0] * len(HEADER), [0] * len(HEADER), 0, [0, 0]
    next(read)  # header
    for got, row in zip(read, members(count), strict=True):
        want_row = expected_values(row)
        if len(got) != len(HEADER):
            ragged += 1
        cells = list(got) + [None] * (len(HEADER) - len(got))
        for c, (value, want) in enumerate(zip(cells, want_row, strict=True)):
            raw, right = raw_ok(value, EXPECTED[c], want), normalised(value, EXPECTED[c]) == want
            if row is None:
                blank_bad[0] += not raw
                blank_bad[1] += not right
                continue
            raw_bad[c] += not raw
            value_bad[c] += not right
    return raw_bad, value_bad, ragged, blank_bad


def first_rows(read: Iterator[Sequence[Any]], rows: int) -> list[list[Any]]:
    """The first ``rows`` rows after the header, padded with None to the header's width."""
    next(read)
    return [list(row) + [None] * (len(HEADER) - len(row))
            for _, row in zip(range(rows), read, strict=False)]


def cell_table(plain: Path, cached: Path) -> None:
    span = BLANK_EVERY + 1  # reaches the first blank row
    written = [row for _, row in zip(range(span), members(span), strict=False)]
    got = {name: first_rows(fn(cached, span + 1), span) for name, fn in READERS.items()}
    uncached = {name: first_rows(fn(plain, 2), 1) for name, fn in READERS.items()}

    def where(test: Callable[[Row], bool]) -> int:
        return next(i for i, row in enumerate(written) if row is not None and test(row))

    def blank_cells(i: int) -> str:  # as read, not padded
        rows = {name: list(fn(cached, i + 2))[i + 1] for name, fn in READERS.items()}
        return " | ".join(f"{len(row)} cells {sorted({repr(v) for v in row})}"
                          + (" ✗" if any(v is not None for v in row) else "")
                          for row in rows.values())

    cases: list[tuple[str, int, int]] = [
        ("Matricule, leading zeros", 0, 0),
        ("Numéro d'employé, int", 0, 1),
        ("Nom, accented", where(lambda r: r[2] != r[2].encode("ascii", "ignore").decode()), 2),
        ("Prénom, accented", where(lambda r: "ë" in r[3]), 3),
        ("Titre d'emploi, code with a leading 0", where(lambda r: r[4].startswith("0")), 4),
        ("Ancienneté, float", where(lambda r: not float(r[6]).is_integer()), 6),
        ("Ancienneté, whole float", where(lambda r: float(r[6]).is_integer()), 6),
        ("Date d'embauche, date", 0, 7),
        ("Date de naissance, date", 0, 8),
        ("Courriel, blank cell", where(lambda r: r[9] is None), 9),
        ("Téléphone, text", 0, 10),
        ("Téléphone, blank cell", where(lambda r: r[10] is None), 10),
        ("Cotisant, boolean True", where(lambda r: r[11] is True), 11),
        ("Cotisant, boolean False", where(lambda r: r[11] is False), 11),
        ("=B2*2, cached value", 0, 12),
        ('=D2&" "&C2, cached value', 0, 13),
    ]
    print("\nCell types (`repr` and type; ✗ = not the type written):\n")
    print("| cell | written | openpyxl | calamine |")
    print("|---|---|---|---|")
    for label, i, c in cases:
        value = expected_values(written[i])[c]
        line = [label, "blank" if value is None else shown(value)]
        for name in READERS:
            read = got[name][i][c]
            line.append(shown(read) + ("" if raw_ok(read, EXPECTED[c], value) else " ✗"))
        print("| " + " | ".join(line) + " |")
    member_1 = written[0]
    assert member_1 is not None
    line = ["=B2*2, no cached value (plain copy)", f"`{member_1[12]}`"]
    for name in READERS:
        read = uncached[name][0][12]
        line.append(shown(read) + " ✗")  # a formula without its value can only read wrong
    print("| " + " | ".join(line) + " |")
    print(f"| blank row | no cells | {blank_cells(written.index(None))} |")


# --- main --------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workbook", type=Path, help="built there if missing, else reused")
    parser.add_argument("--rows", type=int, default=65000, help="members in the workbook")
    parser.add_argument("--repeat", type=int, default=3, help="runs per reader (median)")
    parser.add_argument("--child", nargs=2, metavar=("READER", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    with tempfile.TemporaryDirectory() as folder:
        plain = args.workbook or Path(folder) / f"members-{args.rows}.xlsx"
        cached = plain.with_name(plain.stem + "-cached.xlsx")
        if plain.exists():
            print(f"reusing {plain}")
        else:
            began = time.perf_counter()
            build(plain, args.rows)
            print(f"built {plain} ({args.rows} members, {plain.stat().st_size / 2**20:.1f} MB) "
                  f"in {time.perf_counter() - began:.1f} s")
        if not cached.exists():
            began = time.perf_counter()
            how = add_cached_values(plain, cached, args.rows)
            print(f"cached copy {cached.name}: {how} ({time.perf_counter() - began:.1f} s)")
        run(plain, cached, args.rows, args.repeat)


def run(plain: Path, cached: Path, count: int, repeat: int) -> None:
    results = {name: [measure(name, cached) for _ in range(repeat)] for name in READERS}
    print(f"\nReading {cached.name}, {repeat} runs each, a fresh process each run "
          "(memory: peak resident set minus resident set before opening):\n")
    print("| reader | rows | non-blank cells | whole read, median | runs | preview 50 rows "
          "| memory growth, median | peak RSS |")
    print("|---|---|---|---|---|---|---|---|")
    medians = {}
    for name, runs in results.items():
        full = [r["full_s"] for r in runs]
        medians[name] = statistics.median(full)
        growth = [r["rss_growth_mb"] for r in runs if r["rss_growth_mb"] is not None]
        memory = f"{statistics.median(growth):.0f} MB" if growth else "n/a"
        peak = f"{max(r['rss_mb'] for r in runs):.0f} MB" if growth else "n/a"
        print(f"| {name} | {runs[0]['rows']} | {runs[0]['cells']} | {medians[name]:.2f} s "
              f"| {', '.join(f'{t:.2f}' for t in full)} "
              f"| {statistics.median(r['preview_s'] for r in runs) * 1000:.0f} ms "
              f"| {memory} | {peak} |")
    fast, slow = sorted(medians, key=medians.__getitem__)
    print(f"\n{fast} is {medians[slow] / medians[fast]:.1f}× faster than {slow} "
          f"({medians[fast]:.2f} s against {medians[slow]:.2f} s)")

    cell_table(plain, cached)

    print(f"\nEvery cell of {cached.name} against what was written ({count} members, "
          f"{count // BLANK_EVERY} blank rows): cells of another raw type / cells wrong once "
          "normalised (whole float → int, midnight datetime → date, \"\" → blank):\n")
    checks = {name: compare(fn(cached, None), count) for name, fn in READERS.items()}
    print("| column | " + " | ".join(checks) + " |")
    print("|---|" + "---|" * len(checks))
    for c, title in enumerate(HEADER):
        print(f"| {title} | " + " | ".join(f"{raw[c]} / {bad[c]}"
                                           for raw, bad, _r, _b in checks.values()) + " |")
    print("| blank rows' cells | "
          + " | ".join(f"{b[0]} / {b[1]}" for _r, _v, _w, b in checks.values()) + " |")
    print("| rows not as wide as the header | "
          + " | ".join(str(ragged) for _r, _v, ragged, _b in checks.values()) + " |")


if __name__ == "__main__":
    main()
