"""Benchmark: the window's start and its biggest lists, on a demo database.

    python bench/bench_ui.py --database sqlite:////tmp/demo100k.sqlite3 [--repeat 5] [--typing 2]

A database without members is first filled with ``gem demo`` (65,000 members, 100,000
grievances; about a minute). Then each measure runs in a fresh process, so nothing is warm
that a person's first start would not have warm (the OS file cache aside). The process starts
GEM the way ``gem`` does (gem.cli, then gem.ui.app's Startup) with fresh settings in which the
demo's admin login is remembered (a returning person), and drives the real sign-in dialog.

- **start to usable main window**: launch of ``python`` → the sign-in dialog's first paint;
  then « Se connecter » pressed → the main window shown with its first screen (Mon
  portefeuille) filled and painted. The sign-in's own check (Argon2 verify, ~180 ms on purpose,
  plus its audit row) and the time the person types are not counted; everything else is,
  including any wait for the background preparation (gem.ui.warmup) that the typing did not
  hide. Measured twice: pressing ``--typing`` seconds after the dialog appears (a returning
  person typing a password), and pressing at once (the worst case: nothing hidden).
  The background steps (database open and schema checked, window modules imported, caseload
  read ahead) are printed as times since launch.
- **grievance list, 100,000 rows**: in the started window, from the click on « Griefs » in
  the navigation (the list screen created) to its first rows on screen (the first page), to
  the count known (scroll bar at full size), then Ctrl+End to the last row shown, and a sort on
  the counsellor column (a joined column: the slowest ORDER BY); the resident memory it added.
  Same for the 65,000 members.

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
TYPING = 2.0  # seconds a returning person takes to type their password (login remembered)


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


def _start_gem(url: str, login: str):
    """The window's real start (gem.cli, then what gem.ui.app.run does), for a returning user
    (the login remembered): returns the app, the Startup and the marks dict it fills."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import tempfile

    os.environ["GEM_CONFIG_DIR"] = tempfile.mkdtemp()  # fresh settings, nothing warm
    from gem import cli

    args = cli.build_parser([]).parse_args(["--database", url])
    from PySide6.QtCore import QEvent, QObject

    from gem.ui.app import Startup, create_application, install_translators
    from gem.ui.settings import Settings

    marks: dict[str, float] = {"imported": time.time()}
    app = create_application()
    settings = Settings()
    settings.last_login = login
    install_translators(app, settings.language or "fr")
    startup = Startup(app, settings, args.database, None)
    startup.prepared.connect(lambda step: marks.setdefault(step, time.time()))

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                marks.setdefault("dialog", time.time())
            return False

    painted = FirstPaint()
    startup.start()
    dialog = startup.dialog
    assert dialog is not None
    dialog.installEventFilter(painted)
    _pump(app, lambda: "dialog" in marks)
    dialog.removeEventFilter(painted)
    return app, startup, marks


def _sign_in_and_wait(app, startup, marks: dict[str, float], press_at: float) -> None:
    """Type the password, press « Se connecter » at ``press_at`` (time.time()), wait for the
    main window shown with Mon portefeuille filled. (Nothing is imported here: the main thread
    would wait for the background preparation's import lock.)"""
    dialog = startup.dialog
    dialog.password.setText(PASSWORD)
    _pump(app, lambda: time.time() >= press_at)
    marks["pressed"] = time.time()
    dialog.ok_button.click()
    _pump(app, lambda: startup.window is not None)
    screen = startup.window.current_screen()
    assert type(screen).__name__ == "CaseloadView"
    _pump(app, lambda: screen.caseload is not None)
    app.processEvents()  # paint it
    marks["ready"] = time.time()
    marks["sign_in"] = dialog.sign_in_seconds


def child_startup(url: str, login: str, typing: float) -> dict:
    """Runs in a fresh process; the parent timed our launch. ``typing``: seconds between the
    dialog on screen and « Se connecter » pressed (0: at once, before the preparation ends)."""
    app, startup, marks = _start_gem(url, login)
    _sign_in_and_wait(app, startup, marks, marks["dialog"] + typing)
    return marks


def child_lists(url: str, login: str, typing: float) -> dict:
    """The lists as a person opens them: signed in, the main window up, then a click on
    Griefs (then on Membres) in the navigation, timed from that click."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    app, startup, marks = _start_gem(url, login)
    _sign_in_and_wait(app, startup, marks, marks["dialog"] + typing)
    window = startup.window
    window.resize(1280, 800)
    app.processEvents()
    result = {}
    for name in ("grievances", "members"):
        rss = rss_mb()
        began = time.perf_counter()
        window.show_screen(name)
        view = window.current_screen()
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


def _run(mode: str, url: str, login: str, typing: float) -> tuple[float, dict]:
    began = time.time()
    out = subprocess.run([sys.executable, __file__, "--child", mode, "--database", url,
                          "--login", login, "--typing", str(typing)], check=True,
                         capture_output=True, text=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return began, data


def _line(text: str, values: list[float], indent: str = "") -> None:
    print(f"{indent}{text:{52 - len(indent)}s} median {statistics.median(values) * 1000:6.0f} ms, "
          f"worst {max(values) * 1000:6.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sqlite:////tmp/demo100k.sqlite3")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--login", default="vdupuis", help="a demo account (admin)")
    parser.add_argument("--typing", type=float, default=TYPING,
                        help="seconds from the dialog on screen to « Se connecter » pressed "
                             f"(default {TYPING})")
    parser.add_argument("--child", choices=("startup", "lists"))
    args = parser.parse_args()
    if args.child == "startup":
        print(json.dumps(child_startup(args.database, args.login, args.typing)))
        return 0
    if args.child == "lists":
        print(json.dumps(child_lists(args.database, args.login, args.typing)))
        return 0

    ensure_demo(args.database)
    for typing, title in ((args.typing, f"a person who types for {args.typing:g} s"),
                          (0.0, "« Se connecter » pressed as soon as the dialog shows")):
        phases: dict[str, list[float]] = {k: [] for k in (
            "imported", "dialog", "database", "window_modules", "caseload_read", "sign_in",
            "window", "total")}
        for _ in range(args.repeat):
            began, m = _run("startup", args.database, args.login, typing)
            phases["imported"].append(m["imported"] - began)
            phases["dialog"].append(m["dialog"] - began)
            phases["database"].append(m["database"] - began)
            phases["window_modules"].append(m["window"] - began)
            phases["caseload_read"].append(m["caseload"] - began)
            phases["sign_in"].append(m["sign_in"])
            phases["window"].append(m["ready"] - m["pressed"] - m["sign_in"])
            phases["total"].append(m["dialog"] - began + m["ready"] - m["pressed"]
                                   - m["sign_in"])
        print(f"Start, {title}:")
        for key, text in (("imported", "launch to Qt and the dialog's modules imported"),
                          ("dialog", "launch to sign-in dialog on screen"),
                          ("database", "  background: database open, schema checked"),
                          ("window_modules", "  background: main window's modules imported"),
                          ("caseload_read", "  background: caseload read ahead"),
                          ("sign_in", "sign-in itself (Argon2 verify + audit)"),
                          ("window", "pressed to usable main window, sign-in excluded"),
                          ("total", "start to usable main window, typing and sign-in "
                                    "excluded")):
            _line(text, phases[key], "  ")
    print("  [budget: start to a usable main window under 1000 ms]")
    runs = [_run("lists", args.database, args.login, args.typing)[1]
            for _ in range(args.repeat)]
    for name in ("grievances", "members"):
        rows = runs[0][name]["rows"]
        print(f"{name} list, {rows:,} rows (navigation clicked in the started window):")
        for key, text in (("first_rows", "first rows shown"), ("counted", "count known"),
                          ("ctrl_end", "Ctrl+End, last row shown"),
                          ("sort_joined", "sort on a joined column")):
            _line(text, [r[name][key] for r in runs], "  ")
        memory = [r[name]["rss_mb"] for r in runs]
        print(f"  {'memory added':50s} median {statistics.median(memory):6.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
