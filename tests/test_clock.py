"""The one clock: today is Québec's date, instants are shown in Québec time, GEM_CLOCK moves the
whole application (the CI runs the suite under a later year with it), and no module reads the
machine's clock behind its back."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from gem import clock
from gem.formatting import format_date

ROOT = Path(__file__).resolve().parent.parent


def test_today_is_the_date_in_quebec_not_in_utc():
    # 03:30 UTC on New Year's Day is still 22:30 on 31 December in Montréal
    with clock.frozen(datetime(2027, 1, 1, 3, 30, tzinfo=UTC)):
        assert clock.today() == date(2026, 12, 31)
        assert clock.now() == datetime(2027, 1, 1, 3, 30, tzinfo=UTC)
        assert clock.local_now().hour == 22
    with clock.frozen(datetime(2027, 1, 1, 5, 30, tzinfo=UTC)):
        assert clock.today() == date(2027, 1, 1)


def test_instants_are_shown_in_quebec_time_winter_and_summer():
    assert format_date(datetime(2026, 11, 23, 14, 30, tzinfo=UTC)) == "2026-11-23 09:30"  # EST
    assert format_date(datetime(2026, 7, 1, 16, 0, tzinfo=UTC)) == "2026-07-01 12:00"  # EDT
    # SQLite returns stored instants without a zone: they are UTC
    assert format_date(datetime(2026, 7, 1, 16, 0)) == "2026-07-01 12:00"
    assert clock.local_naive(datetime(2026, 11, 23, 14, 30, tzinfo=UTC)) == \
        datetime(2026, 11, 23, 9, 30)


def test_a_running_clock_moves_on_and_frozen_restores_it():
    before = clock.now()
    with clock.frozen("2031-02-28", running=True):
        assert clock.today() == date(2031, 2, 28)
        first = clock.now()
        assert clock.now() >= first
        assert clock.is_shifted()
        with clock.frozen("2030-01-15T08:00"):
            assert clock.local_now() == datetime(2030, 1, 15, 8, 0, tzinfo=clock.QUEBEC)
        assert clock.today() == date(2031, 2, 28)
    assert abs(clock.now() - before) < timedelta(minutes=5)


@pytest.mark.clock("2029-05-20")
def test_the_clock_marker_sets_the_day_of_a_test():
    assert clock.today() == date(2029, 5, 20)


@pytest.mark.parametrize("text", ["2030-02-30", "demain", "2030-01-15T25:00"])
def test_a_bad_gem_clock_is_refused_with_its_name(text):
    with pytest.raises(clock.BadClock, match="GEM_CLOCK"):
        clock.parse_moment(text)


def test_gem_clock_reaches_a_fresh_process(tmp_path):
    """The variable is read when gem.clock is imported, so every process of a run agrees."""
    env = dict(os.environ, GEM_CLOCK="2031-02-28", GEM_DATA_DIR=str(tmp_path))
    env.pop("GEM_DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-c",
                          "from gem import clock; print(clock.today().isoformat())"],
                         env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "2031-02-28"


def _clock_calls(path: Path) -> list[str]:
    """``date.today()``, ``datetime.now()``/``utcnow()``/``today()`` and ``time.localtime()``
    anywhere in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else \
                owner.attr if isinstance(owner, ast.Attribute) else ""
            if (name, node.func.attr) in {("date", "today"), ("datetime", "now"),
                                          ("datetime", "utcnow"), ("datetime", "today"),
                                          ("time", "localtime"), ("QDate", "currentDate"),
                                          ("QDateTime", "currentDateTime")}:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "astimezone" and not node.args:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} astimezone()")
    return found


def test_nothing_reads_the_machine_clock_but_the_clock_module():
    sources = [p for folder in ("gem", "tests", "tools", "bench")
               for p in (ROOT / folder).rglob("*.py")]
    offenders = [hit for p in sources if p.name != "clock.py" or p.parent.name != "gem"
                 for hit in _clock_calls(p)
                 if p != Path(__file__).resolve()]
    assert offenders == []
