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
into the sheet's XML here (``<f>B2*2</f><v>200004</v>``, ``t="str"`` for text results).

Then, on the cached copy, each reader in a fresh subprocess, ``--repeat`` times (median):
- **openpyxl**: ``load_workbook(read_only=True, data_only=True)``, ``ws.iter_rows(values_only=
  True)`` (streams the sheet's XML);
- **calamine**: ``CalamineWorkbook.from_path``, ``get_sheet_by_index(0)`` (parses the whole
  sheet into Rust memory), ``sheet.iter_rows()`` (lists built row by row from that);
the whole read (every cell of every row touched), the preview (first 50 rows, from opening
the file), and the memory growth: ``ru_maxrss`` (peak resident set, so Rust allocations count,
which tracemalloc cannot see) after the read minus before opening, imports excluded.
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
                data = _FORMULA.sub(cell, data.decode("utf-8")).encode("utf-8")
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


def max_rss_mb() -> float | None:
    if sys.platform == "win32":
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 1024  # bytes on macOS, else KiB


def child(reader: str, path: Path) -> None:
    """One measure in this fresh process: printed as JSON for the parent."""
    __import__(IMPORTS[reader])
    read = READERS[reader]
    before = max_rss_mb()
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
    after = max_rss_mb()
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


def compare(read: Iterator[Sequence[Any]], count: int) -> tuple[list[int], list[int], int]:
    """Per column: cells of another raw type, cells wrong once normalised; rows of another
    length than the header (blank rows included)."""
    raw_bad, value_bad, ragged = [0] * len(HEADER), [0] * len(HEADER), 0
    next(read)  # header
    written = iter(members(count))
    for got, row in zip(read, written, strict=True):
        want_row = expected_values(row)
        if len(got) != len(HEADER):
            ragged += 1
        cells = list(got) + [None] * (len(HEADER) - len(got))
        for c, (value, want) in enumerate(zip(cells, want_row, strict=True)):
            if not raw_ok(value, EXPECTED[c], want):
                raw_bad[c] += 1
            if normalised(value, EXPECTED[c]) != want:
                value_bad[c] += 1
    return raw_bad, value_bad, ragged


def sample(read: Iterator[Sequence[Any]], rows: int) -> list[list[Any]]:
    got = []
    for _, row in zip(range(rows), read, strict=False):
        got.append(list(row) + [None] * (len(HEADER) - len(row)))
    return got


def cell_table(plain: Path, cached: Path) -> None:
    # Sheet rows 2 (member 1) and 6 (member 5: no phone); the first blank row is row 1001.
    first = {name: sample(fn(cached, 6), 6) for name, fn in READERS.items()}
    plain_first = {name: sample(fn(plain, 2), 2) for name, fn in READERS.items()}
    blank = {name: list(next(r for i, r in enumerate(fn(cached, None)) if i == BLANK_EVERY))
             for name, fn in READERS.items()}
    m1 = expected_values(next(members(1)))
    wanted: list[tuple[str, int, int, Any, type]] = [
        ("Matricule, leading zeros", 1, 0, m1[0], str),
        ("Numéro d'employé, int", 1, 1, m1[1], int),
        ("Nom, accented", 1, 2, m1[2], str),
        ("Titre d'emploi, code", 1, 4, m1[4], str),
        ("Ancienneté, float", 1, 6, m1[6], float),
        ("Date d'embauche, date", 1, 7, m1[7], dt.date),
        ("Date de naissance, date", 1, 8, m1[8], dt.date),
        ("Téléphone, text", 1, 10, m1[10], str),
        ("Téléphone, blank cell", 5, 10, None, str),
        ("Cotisant, boolean", 1, 11, m1[11], bool),
        ("=B2*2, no cached value", -1, 12, None, int),
        ("=B2*2, cached value", 1, 12, m1[12], int),
        ('=D2&" "&C2, cached value', 1, 13, m1[13], str),
    ]
    print("\nCell types (`repr` and type; ✗ = not the type written):\n")
    print("| cell | written | openpyxl | calamine |")
    print("|---|---|---|---|")
    for label, r, c, value, want in wanted:
        line = [label, shown(value) if value is not None else "blank"]
        for name in READERS:
            got = plain_first[name][1][c] if r == -1 else first[name][r][c]
            ok = raw_ok(got, want, value)
            line.append(shown(got) + ("" if ok else " ✗"))
        print("| " + " | ".join(line) + " |")
    whole_ancien = next(v for v in (expected_values(m) for m in members(200) if m)
                        if v[6].is_integer())
    print(f"| Ancienneté, whole float ({whole_ancien[6]!r}) | float | "
          + " | ".join(_whole_float(fn, cached) for fn in READERS.values()) + " |")
    print("| blank row | no cells | "
          + " | ".join(f"{len(blank[n])} cells: {sorted({repr(v) for v in blank[n]})}"
                       for n in READERS) + " |")


def _whole_float(read: Callable[[Path, int | None], Iterator[Sequence[Any]]],
                 path: Path) -> str:
    rows = read(path, 201)
    next(rows)
    for got, row in zip(rows, members(200), strict=False):
        if row is not None and float(row[6]).is_integer():
            value = got[6]
            return shown(value) + ("" if type(value) is float else " ✗")
    return "?"


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
          "(memory: ru_maxrss growth from before opening to after the read):\n")
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
                                           for raw, bad, _r in checks.values()) + " |")
    print("| rows not as wide as the header | "
          + " | ".join(str(ragged) for _raw, _bad, ragged in checks.values()) + " |")


if __name__ == "__main__":
    main()
