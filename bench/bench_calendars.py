"""Benchmark: what counting on both readings of a rule's calendar costs, beside the bare count.

    python bench/bench_calendars.py [--database URL] [--from 2020-01-01 --to 2035-12-31]

Without --database it migrates a throw-away SQLite database. For every built-in rule and every
trigger day of the period it times, side by side:

* **bare**: :func:`gem.services.deadlines.count` on the holiday table (one reading, no
  explanation), what 0.1.0 did for every rule;
* **engine**: :func:`gem.services.deadlines.compute_with_version`, the strict and lenient
  readings with their uncertain days, as saving a file, the form and the reports do;
* **audit**: ``gem deadline audit`` over the period (every calendar's reading of every case).

Why: saving a file computes one deadline and the reports explain up to a few thousand; the ratio
engine / bare says what the calendars add, and the audit figure says whether an administrator
can run it over sixteen years while waiting.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from gem import schema
from gem.db import make_engine
from gem.services.deadlines import compute_with_version, count, list_rules, load_calendars
from gem.services.deadlines.calendar_audit import audit_calendars
from gem.services.deadlines.rules import select_version


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database")
    parser.add_argument("--from", dest="start", default="2020-01-01")
    parser.add_argument("--to", dest="end", default="2035-12-31")
    args = parser.parse_args(argv)
    start, end = date.fromisoformat(args.start), date.fromisoformat(args.end)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        engine = make_engine(url)
        if not args.database:
            schema.upgrade(engine)
        with Session(engine) as session:
            calendars = load_calendars(session)
            cases = []
            for rule in list_rules(session):
                for day in _days(start, end):
                    version = select_version(rule.versions, day, None)
                    if version is not None:
                        cases.append((version, day))
            holidays = calendars.holidays
            began = time.perf_counter()
            for version, day in cases:
                count(holidays, day, version.length, version.unit)
                if version.cap_length and version.cap_unit:
                    count(holidays, day, version.cap_length, version.cap_unit)
            bare = time.perf_counter() - began
            began = time.perf_counter()
            for version, day in cases:
                compute_with_version(calendars, version, day, day)
            computed = time.perf_counter() - began
            began = time.perf_counter()
            found = audit_calendars(session, start, end)
            audited = time.perf_counter() - began
        engine.dispose()
    n = len(cases)
    print(f"{n} (rule, trigger day) cases, {start} to {end}")
    print(f"bare count        {bare:7.2f} s  {bare / n * 1e6:6.1f} µs/case")
    print(f"engine (2 reads)  {computed:7.2f} s  {computed / n * 1e6:6.1f} µs/case  "
          f"ratio {computed / bare:4.1f}")
    print(f"audit             {audited:7.2f} s  ({len(found.rows)} cases differ)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
