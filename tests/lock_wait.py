"""A transaction that must wait for another's row lock on PostgreSQL, run in a thread of its
own: the tests hold a lock, start the waiter, and release the lock only once the server shows
it waiting, so that what they check is the wait and not a lucky order."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, text


class Waiter:
    """``work()`` started in a thread; the constructor returns once PostgreSQL shows a session
    of this database waiting on a lock (or after 10 s, and the test's assertion then says)."""

    def __init__(self, engine: Engine, work: Callable[[], Any]):
        self._got: list[Any] = []
        self._thread = threading.Thread(target=self._run, args=(work,))
        self._thread.start()
        deadline = time.monotonic() + 10
        with engine.connect() as watch:
            while time.monotonic() < deadline and not watch.scalar(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()")):
                watch.rollback()  # pg_stat_activity is read once per transaction
                time.sleep(0.05)

    def _run(self, work: Callable[[], Any]) -> None:
        try:
            self._got.append(work())
        except Exception as exc:  # noqa: BLE001 - handed to the test, which asserts on it
            self._got.append(exc)

    def outcome(self) -> list[Any]:
        """What ``work`` returned or raised, once the thread ended (30 s at most)."""
        self._thread.join(30)
        return self._got
