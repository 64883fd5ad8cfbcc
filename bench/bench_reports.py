"""Report benchmarks on a demo database (``gem demo``: 65,000 members, 100,000 grievances).

    python bench/bench_reports.py --database sqlite:///demo.sqlite3 [--rounds 1]

1. The Excel export of the whole grievance list (100,000 rows x 12 columns) through
   gem.reports (labels for codes, typed and formatted cells, formula guard, header, widths,
   filter, frozen pane), against a bare openpyxl write-only loop appending the same rows from
   the same query. Budget (DESIGN.md): the export within 1.5x the bare loop.
2. The statistics PDF over every grievance (2019 to today). Budget: under 10 s.
3. A caseload PDF of about 500 open files. Budget: under 2 s.

Both export timings include the query; the bare loop only drops the time zone (openpyxl
refuses aware datetimes), as any loop writing these rows must.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import func, select

from gem import clock
from gem.db import make_engine, session_factory, transaction
from gem.models import Grievance, User
from gem.reports import run_report
from gem.services import listing
from gem.services.actor import SYSTEM


def bare_loop(sessions, path: Path) -> tuple[float, int]:
    began = time.perf_counter()
    rows = 0
    with transaction(sessions) as session:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Griefs")
        ws.append(listing.headers("grievances"))
        for chunk in listing.iterate(session, SYSTEM, "grievances"):
            for row in chunk:
                ws.append([v.replace(tzinfo=None) if getattr(v, "tzinfo", None) else v
                           for v in row[1:]])
                rows += 1
        wb.save(path)
    return time.perf_counter() - began, rows


def report_export(sessions, path: Path) -> float:
    began = time.perf_counter()
    with transaction(sessions) as session:
        run_report(session, SYSTEM, "list_export", {"list": "grievances"}, "xlsx", path, "fr")
    return time.perf_counter() - began


def timed(sessions, name: str, params: dict, path: Path, fmt: str = "pdf") -> float:
    began = time.perf_counter()
    with transaction(sessions) as session:
        run_report(session, SYSTEM, name, params, fmt, path, "fr")
    return time.perf_counter() - began


def busiest_counsellor(sessions, target: int = 500) -> tuple[str, int]:
    """The counsellor whose open caseload is closest to ``target`` files."""
    with transaction(sessions) as session:
        rows = session.execute(
            select(User.login, func.count(Grievance.id))
            .join(Grievance, Grievance.counsellor_id == User.id)
            .where(Grievance.status.in_(["draft", "filed", "in_discussion",
                                         "referred_to_arbitration"]))
            .group_by(User.login)).all()
    login, n = min(rows, key=lambda r: abs(r[1] - target))
    return login, n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    sessions = session_factory(make_engine(args.database))
    out = Path(tempfile.mkdtemp(prefix="gem-bench-"))
    for round_ in range(1, args.rounds + 1):
        bare, rows = bare_loop(sessions, out / "bare.xlsx")
        ours = report_export(sessions, out / "export.xlsx")
        print(f"[{round_}] Excel export of {rows:,} grievances x 12: bare openpyxl loop "
              f"{bare:.1f} s, gem.reports {ours:.1f} s, ratio {ours / bare:.2f} "
              f"(budget 1.5)")
        stats = timed(sessions, "statistics", {"start": date(2019, 1, 1),
                                               "end": clock.today()}, out / "stats.pdf")
        print(f"[{round_}] statistics PDF over every grievance: {stats:.2f} s (budget 10 s)")
        login, files = busiest_counsellor(sessions)
        case = timed(sessions, "caseload", {"counsellors": login}, out / "caseload.pdf")
        print(f"[{round_}] caseload PDF of {files} open files ({login}): {case:.2f} s "
              f"(budget 2 s for 500)")
    print(f"files in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
