"""Benchmark: the window's start and its biggest list, on a demo database.

    python bench/bench_ui.py --database sqlite:////tmp/demo100k.sqlite3 [--repeat 5]

A database without members is first filled with ``gem demo`` (65,000 members, 100,000
grievances; about a minute). Then, each measure in a fresh process so nothing is warm that a
user's first start would not have warm (the OS file cache aside):

- **start to usable main window**: from launching ``python`` to the main window shown with its
  first screen (Mon portefeuille) filled — interpreter, imports, QApplication, translators,
  settings, engine, the schema probe, the window, the caseload's queries in their worker. The
  sign-in (Argon2 verify, ~180 ms on purpose, plus the time a person takes to type) is measured
  apart and not included; the admin account of the demo is used.
- **grievance list, 100,000 rows**: from creating the list screen to its first rows on screen
  (the first page), to the count known (scroll bar at full size), then Ctrl+End to the last row
  shown, and a sort on the counsellor column (a joined column: the slowest ORDER BY); the
  resident memory it added. Same for the 65,000 members.

Prints the median and the worst over ``--repeat`` runs. Budgets (DESIGN.md): start under
1.0 s; first rows of a 100,000-row list under 200 ms, memory under +100 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

PASSWORD = "demo-gem-2026"


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def _pump(app, condition, timeout: float = 60.0) -> float:
    """Process events until ``condition()``; returns the time it took."""
    began = time.perf_counter()
    while not condition():
        app.processEvents()
        if time.perf_counter() - began > timeout:
            raise TimeoutError
        time.sleep(0.0005)
    return time.perf_counter() - began


def child_startup(url: str, login: str) -> dict:
    """Runs in a fresh process; the parent timed our launch."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import tempfile

    from gem.db import make_engine, session_factory
    from gem.services.users import UserService
    from gem.ui.app import create_application, install_translators
    from gem.ui.caseload_view import CaseloadView
    from gem.ui.context import AppContext
    from gem.ui.main_window import MainWindow
    from gem.ui.settings import Settings
    from gem.ui.workers import DbOp

    imported_at = time.time()
    app = create_application()
    settings = Settings(os.path.join(tempfile.mkdtemp(), "gem.ini"))
    install_translators(app, "fr")
    engine = make_engine(url)
    from gem.ui.app import _probe

    probed: list = []
    DbOp(session_factory(engine), _probe).on_success(probed.append).run()
    _pump(app, lambda: bool(probed))
    from gem.db import session_factory as _sf
    from gem.ui.dialogs.sign_in import SignInDialog

    dialog = SignInDialog(_sf(engine), url)
    dialog.show()
    _pump(app, lambda: dialog.isVisible())
    app.processEvents()
    sign_in_shown_at = time.time()
    dialog.close()
    before_sign_in = time.time()
    with session_factory(engine)() as session:  # the sign-in, timed apart
        actor = UserService().authenticate(session, login, PASSWORD)
        session.rollback()
    sign_in = time.time() - before_sign_in
    window = MainWindow(AppContext(engine, actor), settings, url)
    window.show()
    screen = window.current_screen()
    assert isinstance(screen, CaseloadView)
    _pump(app, lambda: screen.caseload is not None)
    app.processEvents()
    return {"imported_at": imported_at, "sign_in_shown_at": sign_in_shown_at,
            "signed_in_at": before_sign_in + sign_in, "ready_at": time.time(),
            "sign_in": sign_in}


def child_lists(url: str, login: str) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from gem.db import make_engine, session_factory
    from gem.services.users import UserService
    from gem.ui.app import create_application, install_translators
    from gem.ui.context import AppContext
    from gem.ui.list_view import ListView

    app = create_application()
    install_translators(app, "fr")
    engine = make_engine(url)
    with session_factory(engine)() as session:
        actor = UserService().authenticate(session, login, PASSWORD)
        session.rollback()
    ctx = AppContext(engine, actor)
    result = {}
    for name in ("grievances", "members"):
        rss = rss_mb()
        began = time.perf_counter()
        view = ListView(ctx, name)
        view.resize(1280, 760)
        view.show()
        model = view.model
        _pump(app, lambda m=model: m.rowCount() > 0)
        app.processEvents()  # paint them
        first = time.perf_counter() - began
        _pump(app, lambda m=model: not m.is_loading)
        counted = time.perf_counter() - began
        total = model.rowCount()
        view.table.setFocus()
        view.table.setCurrentIndex(model.index(0, 0))
        began = time.perf_counter()
        QTest.keyClick(view.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        _pump(app, lambda m=model, t=total: m.record_id(t - 1) is not None)
        app.processEvents()
        to_end = time.perf_counter() - began
        column = model.column_of("counsellor" if name == "grievances" else "institution")
        began = time.perf_counter()
        model.sort(column, Qt.SortOrder.AscendingOrder)
        _pump(app, lambda m=model: not m.is_loading)
        app.processEvents()
        sort = time.perf_counter() - began
        result[name] = {"rows": total, "first_rows": first, "counted": counted,
                        "ctrl_end": to_end, "sort_joined": sort, "rss_mb": rss_mb() - rss}
        view.close()
    return result


def ensure_demo(url: str) -> None:
    from sqlalchemy import func, select

    from gem import schema
    from gem.db import make_engine
    from gem.models import Member

    engine = make_engine(url)
    members = 0
    if not schema.state(engine).is_empty:
        with engine.connect() as conn:
            members = conn.scalar(select(func.count()).select_from(Member)) or 0
    engine.dispose()
    if not members:
        print("filling the database with gem demo (65,000 members, 100,000 grievances)…",
              flush=True)
        subprocess.run([sys.executable, "-m", "gem", "--database", url, "demo"], check=True)


def _run(mode: str, url: str, login: str) -> tuple[float, dict]:
    began = time.time()
    out = subprocess.run([sys.executable, __file__, "--child", mode, "--database", url,
                          "--login", login], check=True, capture_output=True, text=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return began, data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sqlite:////tmp/demo100k.sqlite3")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--login", default="vdupuis", help="a demo account (admin)")
    parser.add_argument("--child", choices=("startup", "lists"))
    args = parser.parse_args()
    if args.child == "startup":
        print(json.dumps(child_startup(args.database, args.login)))
        return 0
    if args.child == "lists":
        print(json.dumps(child_lists(args.database, args.login)))
        return 0

    ensure_demo(args.database)
    phases: dict[str, list[float]] = {"imports": [], "dialog": [], "window": [], "total": [],
                                      "sign_in": []}
    for _ in range(args.repeat):
        began, data = _run("startup", args.database, args.login)
        phases["imports"].append(data["imported_at"] - began)
        phases["dialog"].append(data["sign_in_shown_at"] - began)
        phases["window"].append(data["ready_at"] - data["signed_in_at"])
        phases["total"].append(data["ready_at"] - began - data["sign_in"])
        phases["sign_in"].append(data["sign_in"])
    for key, text in (("imports", "launch to Python/Qt/GEM imported"),
                      ("dialog", "launch to sign-in dialog (schema checked)"),
                      ("sign_in", "sign-in itself (Argon2 verify + audit)"),
                      ("window", "sign-in to usable main window"),
                      ("total", "start to usable main window, sign-in excluded")):
        values = phases[key]
        print(f"{text:48s} median {statistics.median(values) * 1000:6.0f} ms, "
              f"worst {max(values) * 1000:6.0f} ms")
    print("  [budget: start to a usable main window under 1000 ms]")
    runs = [_run("lists", args.database, args.login)[1] for _ in range(args.repeat)]
    for name in ("grievances", "members"):
        rows = runs[0][name]["rows"]
        print(f"{name} list, {rows:,} rows:")
        for key, text in (("first_rows", "first rows shown"), ("counted", "count known"),
                          ("ctrl_end", "Ctrl+End, last row shown"),
                          ("sort_joined", "sort on a joined column")):
            values = [r[name][key] for r in runs]
            print(f"  {text:28s} median {statistics.median(values) * 1000:6.0f} ms, "
                  f"worst {max(values) * 1000:6.0f} ms")
        memory = [r[name]["rss_mb"] for r in runs]
        print(f"  {'memory added':28s} median {statistics.median(memory):6.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
