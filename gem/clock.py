"""The one clock of GEM: "today", "now" and Québec local time.

Deadlines, file numbers, "in the future" checks and stale-file thresholds all depend on the day,
so every part of GEM asks this module rather than ``date.today()`` or ``datetime.now()``. That
makes the day a single, replaceable input:

- ``GEM_CLOCK`` (an ISO date or date-time) starts the clock at that moment when the process
  starts; it then runs forward in real time. The test suite runs under later years this way, and
  a trainer can show the demo "as of" a chosen day.
- :func:`set_clock` / :func:`frozen` let a test pin the moment.

"Today" is the date in Québec (America/Montreal), not the workstation's zone: a counsellor
working from Vancouver or a server in UTC must see the same due dates as the office. Stored
instants are UTC; every instant shown to a person goes through :func:`local`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

QUEBEC = ZoneInfo("America/Montreal")
ENV_VAR = "GEM_CLOCK"


class BadClock(ValueError):
    """``GEM_CLOCK`` holds something that is not an ISO date or date-time."""


def parse_moment(text: str) -> datetime:
    """An ISO date (taken as 10:00 in Québec, a working morning) or date-time (Québec time when
    it names no zone) as an aware instant."""
    text = text.strip()
    try:
        if len(text) <= 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, 10, 0, tzinfo=QUEBEC)
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise BadClock(f"{ENV_VAR}={text!r}: expected 2030-01-15 or 2030-01-15T09:30") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=QUEBEC)
    return moment


class _Clock:
    """Real time shifted by a fixed offset, or a pinned instant."""

    def __init__(self) -> None:
        self.offset = timedelta(0)
        self.pinned: datetime | None = None

    def start_at(self, moment: datetime | None) -> None:
        self.pinned = None
        self.offset = timedelta(0) if moment is None else moment - datetime.now(UTC)

    def now(self) -> datetime:
        if self.pinned is not None:
            return self.pinned
        return datetime.now(UTC) + self.offset


_clock = _Clock()
if os.environ.get(ENV_VAR):
    _clock.start_at(parse_moment(os.environ[ENV_VAR]))


def now() -> datetime:
    """The current instant, aware, in UTC (what is stored)."""
    return _clock.now().astimezone(UTC)


def local_now() -> datetime:
    """The current instant in Québec local time (what is shown)."""
    return _clock.now().astimezone(QUEBEC)


def today() -> date:
    """Today's date in Québec."""
    return local_now().date()


def local(value: datetime) -> datetime:
    """A stored instant in Québec local time. Naive values are UTC: SQLite hands stored
    instants back without their zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(QUEBEC)


def local_naive(value: datetime) -> datetime:
    """Québec wall time without a zone, for formats that have none (Excel cells)."""
    return local(value).replace(tzinfo=None)


def is_shifted() -> bool:
    """Whether the clock is not the machine's (GEM_CLOCK or a pin): the window says so."""
    return _clock.pinned is not None or abs(_clock.offset) > timedelta(seconds=1)


def set_clock(moment: datetime | date | str | None, *, running: bool = False) -> None:
    """Pin the clock at ``moment`` (or let it run from there with ``running``); ``None`` goes back
    to the machine's clock."""
    if moment is None:
        _clock.start_at(None)
        return
    if isinstance(moment, str):
        moment = parse_moment(moment)
    elif not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, 10, 0, tzinfo=QUEBEC)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=QUEBEC)
    if running:
        _clock.start_at(moment)
    else:
        _clock.pinned = moment


@contextmanager
def preserved() -> Iterator[None]:
    """Restore the clock as it was when the ``with`` block began, whatever the block set."""
    saved_offset, saved_pin = _clock.offset, _clock.pinned
    try:
        yield
    finally:
        _clock.offset, _clock.pinned = saved_offset, saved_pin


@contextmanager
def frozen(moment: datetime | date | str, *, running: bool = False) -> Iterator[None]:
    """The clock at ``moment`` (pinned, or running from there) for the ``with`` block."""
    with preserved():
        set_clock(moment, running=running)
        yield
