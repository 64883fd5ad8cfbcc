"""Benchmark: SQLite write transactions, GEM's way of taking the write lock beside SQLite's own
busy handler, for one process and for several writing at once.

    python bench/bench_writes.py [--processes 8] [--transactions 200] [--work-ms 5]

Why (gem.db, issue 12): GEM asks for SQLite's write lock itself, every millisecond or two,
rather than through ``PRAGMA busy_timeout``, whose sleeps grow to 100 ms: with eight processes
on two cores a waiter kept missing the free moments and a save now and then failed after 5 s.
This measures what that costs one process alone (each transaction pays two extra PRAGMAs,
and since issue 13 one read of the schema's revision),
and what it gives several: the longest any transaction waited, and how many gave up.

Each transaction is the same small write (one row updated, one inserted) and ``--work-ms`` of
Python work while it holds the lock (a grievance's creation computes its deadlines, writes its
audit row: a few milliseconds), on a scratch file in WAL mode as GEM opens it:
- **gem**: ``gem.db.transaction`` on ``gem.db.make_engine`` (SQLAlchemy, BEGIN IMMEDIATE asked
  for by ``_begin_immediate``);
- **bare**: the ``sqlite3`` module alone, ``BEGIN IMMEDIATE`` with ``PRAGMA busy_timeout`` at
  the same lock timeout (what GEM did before).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from gem import schema
from gem.db import lock_timeout, make_engine, session_factory, transaction

SCHEMA = ("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)",
          "CREATE TABLE IF NOT EXISTS log (id INTEGER PRIMARY KEY AUTOINCREMENT, n INTEGER)",
          "INSERT OR IGNORE INTO counter VALUES (1, 0)")
UPDATE = "UPDATE counter SET n = n + 1 WHERE id = 1"
INSERT = "INSERT INTO log (n) SELECT n FROM counter WHERE id = 1"


def prepare(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    for statement in SCHEMA:
        conn.execute(statement)
    # GEM's writes first read the schema's revision (gem.db._same_schema, issue 13): the
    # scratch file carries this GEM's, so that read is part of what "gem" pays.
    conn.execute("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32))")
    conn.execute("INSERT INTO alembic_version VALUES (?)", (schema.head_revision(),))
    conn.close()


def work(ms: float) -> None:
    """Busy, not asleep: the work a save does holds a core as well as the lock."""
    until = time.perf_counter() + ms / 1000
    while time.perf_counter() < until:
        pass


def gem_writer(path: str, count: int, work_ms: float, barrier, out) -> None:
    engine = make_engine(f"sqlite:///{path}")
    sessions = session_factory(engine)
    times, failures = [], 0
    barrier.wait(60)
    for _ in range(count):
        began = time.perf_counter()
        try:
            with transaction(sessions) as s:
                s.execute(text(UPDATE))
                work(work_ms)
                s.execute(text(INSERT))
        except Exception:  # noqa: BLE001 - counted: that is the measure
            failures += 1
        times.append((time.perf_counter() - began) * 1000)
    engine.dispose()
    out.put((times, failures))


def bare_writer(path: str, count: int, work_ms: float, barrier, out) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA busy_timeout={int(lock_timeout() * 1000)}")
    times, failures = [], 0
    barrier.wait(60)
    for _ in range(count):
        began = time.perf_counter()
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(UPDATE)
            work(work_ms)
            conn.execute(INSERT)
            conn.execute("COMMIT")
        except sqlite3.OperationalError:
            failures += 1
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        times.append((time.perf_counter() - began) * 1000)
    conn.close()
    out.put((times, failures))


def run(writer, processes: int, count: int, work_ms: float) -> tuple[list[float], int, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        prepare(path)
        ctx = multiprocessing.get_context("spawn")
        out, barrier = ctx.Queue(), ctx.Barrier(processes)
        workers = [ctx.Process(target=writer, args=(str(path), count, work_ms, barrier, out))
                   for _ in range(processes)]
        for worker in workers:
            worker.start()
        began = time.perf_counter()
        results = [out.get(timeout=600) for _ in workers]
        elapsed = time.perf_counter() - began
        for worker in workers:
            worker.join(60)
    times = [t for found, _f in results for t in found]
    return times, sum(f for _t, f in results), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--transactions", type=int, default=200, help="per process")
    parser.add_argument("--work-ms", type=float, default=5, help="work inside each transaction")
    args = parser.parse_args()
    print(f"lock timeout {lock_timeout():.0f} s; {args.transactions} transactions a process, "
          f"{args.work_ms:g} ms of work in each")
    print("| way | processes | median | p95 | longest | gave up | transactions/s |")
    print("|---|---|---|---|---|---|---|")
    for processes in sorted({1, args.processes}):
        for name, writer in (("gem", gem_writer), ("bare", bare_writer)):
            times, failures, elapsed = run(writer, processes, args.transactions, args.work_ms)
            ordered = sorted(times)
            p95 = ordered[round(0.95 * (len(ordered) - 1))]
            print(f"| {name} | {processes} | {statistics.median(times):.2f} ms | {p95:.2f} ms "
                  f"| {max(times):.0f} ms | {failures} | {len(times) / elapsed:.0f} |")


if __name__ == "__main__":
    main()
