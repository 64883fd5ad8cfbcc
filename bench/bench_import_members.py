"""Benchmark: GEM's members import (preview, then import) of a 65,000-row employee list on
SQLite and PostgreSQL, side by side with a bare read of the same file plus a bare bulk insert
of the same rows.

    python bench/bench_import_members.py [--engines sqlite,postgresql] [--rows 65000]
        [--repeat 1] [--workbook PATH] [--format xlsx|csv] [--pg-url URL] [--profile DIR]

Why (issue 14, Performance): the preview and the import of a 65,000-row member workbook must
each take under 30 s on both engines, memory growing by under 300 MB (the sheet read as a
stream, the rows written in batches); the issue asks for the ratio to a bare ``openpyxl``
read-only loop plus a bare bulk insert of the same rows.

The list (built once; reused when --workbook names a file already there, else in a temporary
folder; openpyxl's write-only mode, or a UTF-8 ``;`` CSV with --format csv) has the columns an
institution sends: No membre (six digits, leading zeros), Matricule, Nom, Prénom (accented),
Titre d'emploi (a job title code of GEM's reference data, gem/migrations/data/0001/
job_titles.csv), Statut d'emploi (French labels), Date d'embauche (real dates; ISO text in the
CSV), Courriel and Téléphone (blank now and then). A copy ``<name>-changed`` has 5 % of the rows
changed: every 40th member a new job title (which closes the open stretch of employment and
opens the next), every other 20th a new e-mail. --rows must match a reused workbook.

For each engine, a fresh database: ``gem.schema.upgrade`` and a secretary account (through
``UserService().create`` as ``SYSTEM``) made once as a template, copied for each --repeat
(SQLite: the file; PostgreSQL: ``CREATE DATABASE gem_bench_import_<pid> TEMPLATE
gem_bench_import_<pid>_template``, both dropped at the end, also on failure). Then, each in a
fresh subprocess (imports done, connection open, before anything is measured):
- **creates**: ``preview_members`` of the list on the empty database (its own read
  transaction, as the CLI does), then ``import_members`` of that preview in a write
  transaction (``gem.db.transaction(sessions, write=True)``);
- **unchanged**: the same file again on the now-full database (every row unchanged);
- **5 % updates**: the changed copy;
- **bare**: the list read with openpyxl's read-only mode (``iter_rows(values_only=True)``, or
  the ``csv`` module), every row kept, then inserted into a scratch ``bench_bare_members``
  table (member number unique, job title and status resolved through a dict): ``sqlite3``
  ``executemany`` in one transaction, psycopg ``executemany`` (pipelined) and, for the record,
  ``COPY``; the table is dropped afterwards. Also python-calamine's read alone (GEM's reader).
Memory: the peak resident set minus the resident set before the preview (for an import: its
peak minus the same starting point, since the preview is held while importing); on Linux
VmHWM, reset through /proc/self/clear_refs, elsewhere ``ru_maxrss``. Ratios: a preview to the
bare read, an import to the bare insert (executemany), preview + import to both.

--profile DIR runs GEM's subprocesses under ``python -m cProfile -o DIR/<engine>-<pass>.prof``
and prints the costliest calls (cumulative time); the times of such a run are inflated.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import pstats
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

# The same memory measure as the read benchmark (VmHWM reset through clear_refs on Linux):
# a script beside this one, importable as the scripts run from bench/.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import_read import peak_rss, rss_before  # noqa: E402

HEADER = ["No membre", "Matricule", "Nom", "Prénom", "Titre d'emploi", "Statut d'emploi",
          "Date d'embauche", "Courriel", "Téléphone"]
NOMS = ["Côté", "Tremblay", "Gagnon", "Bélanger", "Lévesque", "Bérubé", "Gauthier", "Pelletier",
        "Ouellet", "Fréchette", "Bouchard", "Pâquet", "Roy", "Morin", "Lavoie", "Fortin"]
PRENOMS = ["Hélène", "François", "Zoé", "Josée", "Jérôme", "Gaétan", "Noémie", "André",
           "Maëlle", "Benoît", "Réjean", "Céline", "Luc", "Ève", "Marc-André", "Sophie"]
STATUTS = ["Temps complet", "Temps partiel", "Occasionnel"]
STATUS_CODES = {"Temps complet": "full_time", "Temps partiel": "part_time",
                "Occasionnel": "occasional"}
INSTITUTION = "2"
LOGIN = "bench_secretaire"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432"
PASSES = (("creates", "plain"), ("unchanged", "plain"), ("5 % updates", "changed"))
BUDGET_S, BUDGET_MB = 30.0, 300.0
Row = list[Any]


# --- the list ------------------------------------------------------------------------------

def job_codes() -> list[str]:
    """The job title codes GEM's reference data knows (code_nomenclature)."""
    import gem

    path = Path(gem.__file__).parent / "migrations" / "data" / "0001" / "job_titles.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        codes = sorted({r["code_nomenclature"].strip() for r in csv.DictReader(handle)
                        if r["code_nomenclature"].strip()})
    if not codes:
        raise SystemExit(f"no job title code in {path}")
    return codes


def members(count: int, codes: Sequence[str], changed: bool = False,
            seed: int = 2026) -> Iterator[Row]:
    """The rows of the list, in order; ``changed``: every 20th member changed (5 %)."""
    rng = random.Random(seed)
    for i in range(1, count + 1):
        hired = dt.date(1985, 1, 1) + dt.timedelta(days=rng.randrange(14000))
        code = rng.choice(codes)
        email = None if i % 7 == 0 else f"m{i}@ciusss.example"
        if changed and i % 40 == 0:
            code = codes[(codes.index(code) + 1) % len(codes)]
        elif changed and i % 20 == 0:
            email = f"nouveau.m{i}@ciusss.example"
        yield [f"{i:06d}", f"E{100000 + i}", rng.choice(NOMS), rng.choice(PRENOMS), code,
               rng.choice(STATUTS), hired, email,
               None if i % 5 == 0 else f"514-555-{i % 10000:04d}"]


def build(path: Path, count: int, changed: bool) -> None:
    codes = job_codes()
    part = path.with_name(path.name + ".part")
    if path.suffix.lower() == ".csv":
        with part.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, delimiter=";")
            out.writerow(HEADER)
            for row in members(count, codes, changed):
                out.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date)
                              else v for v in row])
    else:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Membres")
        ws.append(HEADER)
        for row in members(count, codes, changed):
            ws.append(row)
        wb.save(part)
    part.replace(path)


def changed_copy(path: Path) -> Path:
    return path.with_name(f"{path.stem}-changed{path.suffix}")


# --- memory --------------------------------------------------------------------------------

def _growth(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else after - before


# --- the measured runs (each in its own process) -----------------------------------------

def child_gem(url: str, path: Path) -> dict[str, Any]:
    """Preview then import of ``path``, as the CLI does (two transactions)."""
    from sqlalchemy import select, text

    from gem.db import make_engine, session_factory, transaction
    from gem.imports import members as gem_members
    from gem.models import User
    from gem.services.users import actor_for

    engine = make_engine(url)
    sessions = session_factory(engine)
    with transaction(sessions, write=False) as session:
        session.execute(text("SELECT 1"))
        actor = actor_for(session.scalars(select(User).where(User.login == LOGIN)).one())
    before = rss_before()
    began = time.perf_counter()
    with transaction(sessions, write=False) as session:
        preview = gem_members.preview_members(session, actor, path, INSTITUTION)
    preview_s = time.perf_counter() - began
    preview_peak = peak_rss()
    at_import = rss_before()  # the import's own peak from here
    began = time.perf_counter()
    with transaction(sessions, write=True) as session:
        batch = gem_members.import_members(session, actor, preview)
    import_s = time.perf_counter() - began
    import_peak = peak_rss()
    engine.dispose()
    return {"preview_s": preview_s, "import_s": import_s,
            "preview_mb": _growth(before, preview_peak),
            "import_mb": _growth(before, import_peak),
            "import_own_mb": _growth(at_import, import_peak),
            "counts": preview.counts, "left": len(preview.left), "batch": batch.id}


BARE_TABLE = """CREATE TABLE bench_bare_members (
    id {serial} PRIMARY KEY, member_number VARCHAR(20) NOT NULL UNIQUE,
    employee_number VARCHAR(20), last_name VARCHAR(80) NOT NULL,
    first_name VARCHAR(80) NOT NULL, job_title_id INTEGER, employment_status VARCHAR(20),
    hire_date DATE, email VARCHAR(160), phone VARCHAR(30), institution_id INTEGER)"""
BARE_COLUMNS = ("member_number, employee_number, last_name, first_name, job_title_id, "
                "employment_status, hire_date, email, phone, institution_id")


def bare_read(path: Path) -> list[Row]:
    """Every row after the header, as the bare loop reads it."""
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter=";")
            next(reader)
            return [row + [""] * (len(HEADER) - len(row)) for row in reader]
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = wb.worksheets[0].iter_rows(values_only=True)
        next(rows)  # rows come short of their blank last cells (no <dimension> written)
        return [list(row) + [None] * (len(HEADER) - len(row)) for row in rows]
    finally:
        wb.close()


def bare_values(rows: list[Row], titles: dict[str, int]) -> list[tuple[Any, ...]]:
    """The least an insert needs: job title and status resolved, a date as a date."""
    out = []
    institution = int(INSTITUTION)
    for r in rows:
        hired = r[6]
        if isinstance(hired, dt.datetime):
            hired = hired.date()
        elif isinstance(hired, str):
            hired = dt.date.fromisoformat(hired) if hired else None
        out.append((str(r[0]), r[1] or None, r[2], r[3], titles.get(str(r[4])),
                    STATUS_CODES.get(r[5]), hired, r[7] or None, r[8] or None, institution))
    return out


def child_bare(url: str, path: Path) -> dict[str, Any]:
    """The bare read, then the bare bulk insert(s) into a scratch table."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    postgres = parsed.get_backend_name() == "postgresql"
    if postgres:
        import psycopg

        dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
        pg = psycopg.connect(dsn)
        titles = dict(pg.execute("SELECT code, id FROM job_titles WHERE code IS NOT NULL")
                      .fetchall())
    else:
        lite = sqlite3.connect(parsed.database or "", isolation_level=None)
        titles = dict(lite.execute("SELECT code, id FROM job_titles WHERE code IS NOT NULL")
                      .fetchall())
    if path.suffix.lower() != ".csv":
        import openpyxl  # noqa: F401 - imported before measuring, as GEM's children do
    before = rss_before()
    began = time.perf_counter()
    rows = bare_read(path)
    read_s = time.perf_counter() - began
    read_peak = peak_rss()
    out: dict[str, Any] = {"rows": len(rows), "read_s": read_s,
                           "read_mb": _growth(before, read_peak)}
    insert = (f"INSERT INTO bench_bare_members ({BARE_COLUMNS}) VALUES "
              + "(" + ", ".join(["%s" if postgres else "?"] * 10) + ")")
    began = time.perf_counter()
    data = bare_values(rows, titles)
    if postgres:
        with pg.transaction():
            pg.execute(BARE_TABLE.format(serial="SERIAL"))
            with pg.cursor() as cur:
                cur.executemany(insert, data)
    else:
        lite.execute(BARE_TABLE.format(serial="INTEGER"))
        lite.execute("BEGIN IMMEDIATE")
        lite.executemany(insert, data)
        lite.execute("COMMIT")
    out["insert_s"] = time.perf_counter() - began
    out["insert_mb"] = _growth(before, peak_rss())
    if postgres:
        with pg.transaction():
            pg.execute("TRUNCATE bench_bare_members")
        began = time.perf_counter()
        with pg.transaction(), pg.cursor() as cur, cur.copy(
                f"COPY bench_bare_members ({BARE_COLUMNS}) FROM STDIN") as copy:
            for row in bare_values(rows, titles):
                copy.write_row(row)
        out["copy_s"] = time.perf_counter() - began
        with pg.transaction():
            pg.execute("DROP TABLE bench_bare_members")
        pg.close()
    else:
        lite.execute("DROP TABLE bench_bare_members")
        lite.close()
    return out


def child_calamine(path: Path) -> dict[str, Any]:
    """python-calamine's read of every cell (GEM's reader), for the record."""
    from python_calamine import CalamineWorkbook

    before = rss_before()
    began = time.perf_counter()
    wb = CalamineWorkbook.from_path(str(path))
    rows = [list(row) for row in wb.get_sheet_by_index(0).iter_rows()]
    wb.close()
    return {"rows": len(rows) - 1, "read_s": time.perf_counter() - began,
            "read_mb": _growth(before, peak_rss())}


def child(kind: str, arg: str) -> None:
    spec = json.loads(arg)
    if kind == "gem":
        result = child_gem(spec["url"], Path(spec["path"]))
    elif kind == "bare":
        result = child_bare(spec["url"], Path(spec["path"]))
    else:
        result = child_calamine(Path(spec["path"]))
    print("RESULT " + json.dumps(result))


def measure(kind: str, profile: Path | None = None, **spec: str) -> dict[str, Any]:
    command = [sys.executable]
    if profile is not None:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += [__file__, "--child", kind, json.dumps(spec)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"the {kind} run failed (exit {done.returncode})")
    line = next(x for x in reversed(done.stdout.splitlines()) if x.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    return result


# --- databases -----------------------------------------------------------------------------

def prepare(url: str) -> None:
    """GEM's schema and the account the imports are made as."""
    from gem import schema
    from gem.db import make_engine, session_factory, transaction
    from gem.services.actor import SYSTEM
    from gem.services.users import UserService

    engine = make_engine(url)
    try:
        schema.upgrade(engine)
        with transaction(session_factory(engine)) as session:
            UserService().create(session, SYSTEM, {
                "login": LOGIN, "full_name": "Secrétaire du banc d'essai",
                "role": "secretary", "language": "fr", "password": "banc-essai-2026"})
    finally:
        engine.dispose()


class Scratch:
    """Fresh GEM databases of one engine, one per repetition, cloned from a template."""

    def __init__(self, engine: str, folder: Path, pg_url: str) -> None:
        self.engine, self.folder = engine, folder
        self.name = f"gem_bench_import_{os.getpid()}"
        self.template = f"{self.name}_template"
        self.pg_url = pg_url.rstrip("/")
        self.made: list[str] = []

    def _admin(self, *statements: str) -> None:
        from sqlalchemy import create_engine, text

        admin = create_engine(f"{self.pg_url}/postgres", isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                for statement in statements:
                    conn.execute(text(statement))
        finally:
            admin.dispose()

    def __enter__(self) -> Scratch:
        if self.engine == "sqlite":
            prepare(f"sqlite:///{self.folder / 'template.sqlite3'}")
        else:
            self._admin(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
            self.made.append(self.template)
            self._admin(f'CREATE DATABASE "{self.template}"')
            prepare(f"{self.pg_url}/{self.template}")
        return self

    def fresh(self) -> str:
        """The URL of a database as the template left it."""
        if self.engine == "sqlite":
            target = self.folder / "gem.sqlite3"
            for leftover in self.folder.glob("gem.sqlite3*"):
                leftover.unlink()
            shutil.copyfile(self.folder / "template.sqlite3", target)
            return f"sqlite:///{target}"
        if self.name not in self.made:
            self.made.append(self.name)
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)',
                    f'CREATE DATABASE "{self.name}" TEMPLATE "{self.template}"')
        return f"{self.pg_url}/{self.name}"

    def __exit__(self, *_exc: object) -> None:
        for name in reversed(self.made):
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- main ----------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="sqlite,postgresql",
                        help="comma-separated: sqlite, postgresql")
    parser.add_argument("--rows", type=int, default=65000, help="members in the list")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measure (median)")
    parser.add_argument("--workbook", type=Path, help="built there if missing, else reused")
    parser.add_argument("--format", choices=("xlsx", "csv"),
                        help="the list's format (default: --workbook's suffix, else xlsx)")
    parser.add_argument("--pg-url", default=PG_URL, help="PostgreSQL server (superuser)")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="run GEM's passes under cProfile, the profiles kept in DIR")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "SPEC"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(engines) - {"sqlite", "postgresql"}
    if unknown:
        parser.error(f"unknown engine(s): {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="gem-bench-import-") as folder:
        fmt = args.format or (args.workbook.suffix.lstrip(".").lower() if args.workbook
                              else "xlsx")
        plain = args.workbook or Path(folder) / f"members-{args.rows}.{fmt}"
        for path, changed in ((plain, False), (changed_copy(plain), True)):
            if path.exists():
                print(f"reusing {path}")
                continue
            began = time.perf_counter()
            build(path, args.rows, changed)
            print(f"built {path} ({args.rows} members{', 5 % changed' if changed else ''}, "
                  f"{path.stat().st_size / 2**20:.1f} MB) in {time.perf_counter() - began:.1f} s")
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
        results = {e: run(e, Path(folder), plain, args) for e in engines}
    report(results, plain, args)


def run(engine: str, folder: Path, plain: Path, args: argparse.Namespace) -> dict[str, Any]:
    files = {"plain": plain, "changed": changed_copy(plain)}
    work = folder / engine
    work.mkdir()
    passes: dict[str, list[dict[str, Any]]] = {name: [] for name, _f in PASSES}
    bare: list[dict[str, Any]] = []
    calamine: list[dict[str, Any]] = []
    began = time.perf_counter()
    with Scratch(engine, work, args.pg_url) as scratch:
        print(f"{engine}: template database ready in {time.perf_counter() - began:.1f} s")
        for n in range(args.repeat):
            url = scratch.fresh()
            for name, which in PASSES:
                profile = None
                if args.profile:
                    slug = name.replace(" % ", "pct-").replace(" ", "-")
                    profile = args.profile / f"{engine}-{slug}-{n + 1}.prof"
                result = measure("gem", profile, url=url, path=str(files[which]))
                print(f"  {engine} run {n + 1}, {name}: preview {result['preview_s']:.2f} s, "
                      f"import {result['import_s']:.2f} s, {result['counts']}")
                passes[name].append(result)
            bare.append(measure("bare", url=url, path=str(plain)))
            if plain.suffix.lower() != ".csv":
                calamine.append(measure("calamine", path=str(plain)))
    check(passes, args.rows)
    return {"passes": passes, "bare": bare, "calamine": calamine}


def check(passes: dict[str, list[dict[str, Any]]], rows: int) -> None:
    """What each pass did must be what it is meant to measure."""
    changed = rows // 20
    wanted = {"creates": {"create": rows}, "unchanged": {"unchanged": rows},
              "5 % updates": {"update": changed, "unchanged": rows - changed}}
    for name, runs in passes.items():
        for result in runs:
            counts = {k: v for k, v in result["counts"].items() if v}
            if counts != wanted[name]:
                raise SystemExit(f"{name}: the preview counted {counts}, expected "
                                 f"{wanted[name]} (does --rows match the reused workbook?)")


def _median(runs: Sequence[dict[str, Any]], key: str) -> float | None:
    found = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(found) if found else None


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def report(results: dict[str, dict[str, Any]], plain: Path, args: argparse.Namespace) -> None:
    reader = "csv module" if plain.suffix.lower() == ".csv" else "openpyxl read-only"
    print(f"\n{plain.name}: {args.rows} members, {args.repeat} run(s) each (median), a fresh "
          "process per run; MB = peak resident set minus the resident set before the "
          "preview (imports and connection excluded); ratio to the bare read for a preview, "
          "to the bare insert (executemany) for an import.\n")
    print("| engine | step | seconds | MB growth | ratio to baseline |")
    print("|---|---|---|---|---|")
    verdicts = []
    for engine, found in results.items():
        bare = found["bare"]
        read_s, insert_s = _median(bare, "read_s"), _median(bare, "insert_s")
        assert read_s is not None and insert_s is not None
        for name, runs in found["passes"].items():
            preview_s, import_s = _median(runs, "preview_s"), _median(runs, "import_s")
            assert preview_s is not None and import_s is not None
            preview_mb, import_mb = _median(runs, "preview_mb"), _median(runs, "import_mb")
            print(f"| {engine} | {name}: preview | {preview_s:.2f} | {_mb(preview_mb)} "
                  f"| {preview_s / read_s:.2f} |")
            print(f"| {engine} | {name}: import | {import_s:.2f} | {_mb(import_mb)} "
                  f"(own {_mb(_median(runs, 'import_own_mb'))}) | {import_s / insert_s:.2f} |")
            print(f"| {engine} | {name}: preview + import | {preview_s + import_s:.2f} | "
                  f"{_mb(import_mb)} | {(preview_s + import_s) / (read_s + insert_s):.2f} |")
            for step, seconds, mb in (("preview", preview_s, preview_mb),
                                      ("import", import_s, import_mb)):
                ok = seconds < BUDGET_S and (mb is None or mb < BUDGET_MB)
                verdicts.append(f"{engine}, {name}, {step}: {seconds:.1f} s, "
                                f"{_mb(mb)} MB → {'holds' if ok else 'BLOWN'}")
        print(f"| {engine} | bare: {reader} loop | {read_s:.2f} | "
              f"{_mb(_median(bare, 'read_mb'))} | 1 |")
        what = "sqlite3 executemany" if engine == "sqlite" else "psycopg executemany"
        print(f"| {engine} | bare: insert, {what} | {insert_s:.2f} | "
              f"{_mb(_median(bare, 'insert_mb'))} | 1 |")
        copy_s = _median(bare, "copy_s")
        if copy_s is not None:
            print(f"| {engine} | bare: insert, psycopg COPY | {copy_s:.2f} | | "
                  f"{copy_s / insert_s:.2f} |")
        print(f"| {engine} | bare: read + insert | {read_s + insert_s:.2f} | "
              f"{_mb(_median(bare, 'insert_mb'))} | 1 |")
        if found["calamine"]:
            cal_s = _median(found["calamine"], "read_s")
            assert cal_s is not None
            print(f"| {engine} | bare: python-calamine read (GEM's reader) | {cal_s:.2f} | "
                  f"{_mb(_median(found['calamine'], 'read_mb'))} | {cal_s / read_s:.2f} |")
    print(f"\nBudget: under {BUDGET_S:.0f} s and {BUDGET_MB:.0f} MB for the preview and for "
          "the import:")
    for line in verdicts:
        print("- " + line)
    if args.profile:
        for path in sorted(args.profile.glob("*.prof")):
            print(f"\n{path.name}, top 25 by cumulative time:")
            pstats.Stats(str(path), stream=sys.stdout).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
