"""Screenshots for docs/screenshots/ (README), taken from GEM as `gem` starts it.

    .venv/bin/gem --database sqlite:////tmp/shots.sqlite3 demo --members 2000 --grievances 5000
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/shell_screenshots.py fr
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/shell_screenshots.py en

The script works on a copy of the demo database, with its settings, data and log in a
temporary directory (GEM_CONFIG_DIR, GEM_DATA_DIR), so nothing touches the user's own. It
starts gem.ui.app.Startup as `gem` does, types the demo counsellor's login and password into
the sign-in dialog, and then drives the main window only: Ctrl+1…9 and the navigation for the
screens, Enter on a list row to open a record in its tab, Ctrl+N for a new grievance, Ctrl+K
for the quick search. It then signs out (Fichier › Se déconnecter) and signs in again as the
demo administrator for Utilisateurs and the reference tables. No widget is built directly.

French pictures are named ``caseload.png``, English ones ``caseload-en.png``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SOURCE = Path("/tmp/shots.sqlite3")
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "demo-gem-2026"
COUNSELLOR = "asauve"
ADMIN = "vdupuis"
SEARCH = "cote"
SIZE = (1366, 800)
SCREENS = ("caseload", "members", "institutions", "grievances", "arbitrations", "agreements",
           "union_leaves", "leave_invoices", "recourses", "reports")
ADMIN_SCREENS = ("users", "reference")
FORMS = ("members", "institutions", "grievances", "arbitrations", "agreements",
         "union_leaves", "leave_invoices", "recourses")
FORM_NAMES = {"members": "form_member", "institutions": "form_institution",
              "grievances": "form_grievance", "arbitrations": "form_arbitration",
              "agreements": "form_agreement", "union_leaves": "form_union_leave",
              "leave_invoices": "form_leave_invoice", "recourses": "form_recourse"}


def main(lang: str) -> int:
    if not SOURCE.exists():
        print(f"{SOURCE} is missing: run `gem demo` first (see the docstring)", file=sys.stderr)
        return 2
    work = Path(tempfile.gettempdir()) / "gem-shots"  # a fixed name: the status bar shows it
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    os.environ["GEM_CONFIG_DIR"] = str(work / "config")
    os.environ["GEM_DATA_DIR"] = str(work / "data")
    database = work / "demo.sqlite3"
    shutil.copyfile(SOURCE, database)
    try:
        return Shots(lang, f"sqlite:///{database}", work).run()
    finally:
        shutil.rmtree(work, ignore_errors=True)


class Shots:
    def __init__(self, lang: str, url: str, work: Path):
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        from gem.ui.app import Startup, create_application, install_translators
        from gem.ui.settings import Settings

        self.Qt, self.QTest = Qt, QTest
        self.lang = lang
        self.suffix = "" if lang == "fr" else f"-{lang}"
        self.app = create_application()
        install_translators(self.app, lang)
        self.app.setQuitOnLastWindowClosed(False)
        self.settings = Settings(str(work / "config" / "gem.ini"))
        self.startup = Startup(self.app, self.settings, url, lang)
        self.saved: list[str] = []
        self.problems: list[str] = []

    # ------------------------------------------------------------------ plumbing
    def pump(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.app.processEvents()
            time.sleep(0.01)

    def wait(self, what: str, condition: Callable[[], bool], timeout: float = 30) -> bool:
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            self.app.processEvents()
            if condition():
                return True
            time.sleep(0.02)
        self.problems.append(f"timed out waiting for {what}")
        print(f"  ! timed out waiting for {what}", file=sys.stderr)
        return False

    def idle(self, settle: float = 0.4) -> None:
        """Background reads done and their answers painted."""
        from PySide6.QtCore import QThreadPool

        from gem.ui.workers import write_pool

        for _ in range(3):
            QThreadPool.globalInstance().waitForDone(10_000)
            write_pool().waitForDone(10_000)
            self.pump(0.05)
        self.pump(settle)

    def save(self, widget, name: str, pixmap=None) -> None:
        path = OUT / f"{name}{self.suffix}.png"
        (pixmap or widget.grab()).save(str(path))
        self.saved.append(path.name)
        print(f"  {path.name}")

    def key(self, widget, key, ctrl: bool = False) -> None:
        modifier = self.Qt.KeyboardModifier.ControlModifier if ctrl \
            else self.Qt.KeyboardModifier.NoModifier
        self.QTest.keyClick(widget, key, modifier)

    # ------------------------------------------------------------------ steps
    def sign_in(self, login: str, picture: bool = False):
        from gem.ui.dialogs.sign_in import SignInDialog

        startup = self.startup
        self.wait("the sign-in dialog", lambda: isinstance(startup.dialog, SignInDialog)
                  and startup.dialog.isVisible())
        dialog = startup.dialog
        assert isinstance(dialog, SignInDialog)  # what the wait above waited for
        self.wait("the demo accounts", lambda: dialog.demo_checked and dialog.ready)
        dialog.activateWindow()
        dialog.login.setFocus()
        dialog.login.selectAll()
        self.QTest.keyClicks(dialog.login, login)
        dialog.password.setFocus()
        self.pump(0.3)
        if picture:
            if not dialog.demo_box.isVisible():
                self.problems.append("sign_in: the demo accounts box is not shown")
            self.save(dialog, "sign_in")
        self.QTest.keyClicks(dialog.password, PASSWORD)
        self.key(dialog.password, self.Qt.Key.Key_Return)
        self.wait(f"the main window for {login}", lambda: startup.window is not None
                  and startup.window.isVisible())
        window = startup.window
        assert window is not None  # what the wait above waited for
        window.resize(*SIZE)
        window.activateWindow()
        self.idle(1.0)
        return window

    def go(self, window, key: str) -> None:
        from gem.ui.list_view import ListView

        order = window._order
        index = order.index(key)
        if index < 9:
            self.key(window, self.Qt.Key(self.Qt.Key.Key_1 + index), ctrl=True)
        else:
            window.show_screen(key)
        if window.current_key() != key:
            self.problems.append(f"{key}: Ctrl+{index + 1} did not bring the screen")
            window.show_screen(key)
        screen = window.current_screen()
        if isinstance(screen, ListView):
            self.wait(f"the {key} list", lambda: not screen.model.is_loading
                      and screen.model.rowCount() > 0)
        self.idle()

    def open_row(self, window, key: str, row: int = 0):
        screen = window.current_screen()
        table = screen.table
        table.setFocus()
        table.setCurrentIndex(screen.model.index(row, 0))
        self.key(table, self.Qt.Key.Key_Return)
        self.wait(f"a {key} tab", lambda: window.current_form() is not None, 10)
        form = window.current_form()
        if form is None:
            return None
        self.wait(f"the {key} form", lambda: not form.is_busy() and (
            form.is_loaded() or form.load_error() is not None))
        self.idle(0.6)
        return form

    def check_form(self, form, name: str) -> None:
        if form.load_error() is not None:
            self.problems.append(f"{name}: load error: {form.load_error()}")
        if form.banner_is_error():
            self.problems.append(f"{name}: error banner: {form.banner.text()}")

    def quick_search(self, window) -> None:
        from PySide6.QtGui import QPainter

        self.key(window, self.Qt.Key.Key_K, ctrl=True)
        search = window.quick_search
        self.wait("the quick search", search.isVisible, 5)
        self.QTest.keyClicks(search.edit, SEARCH)
        self.wait("quick search results", lambda: search.results.count() > 0, 10)
        self.idle(0.5)
        pixmap = window.grab()
        painter = QPainter(pixmap)  # the popup is its own window: paint it where it sits
        painter.drawPixmap(window.mapFromGlobal(search.pos()), search.grab())
        painter.end()
        self.save(window, "quick_search", pixmap)
        self.key(search.edit, self.Qt.Key.Key_Escape)
        self.pump(0.2)
        search.hide()

    def run(self) -> int:
        started = time.perf_counter()
        self.startup.start()
        window = self.sign_in(COUNSELLOR, picture=True)
        for key in SCREENS:
            self.go(window, key)
            self.save(window, key)
        self.go(window, "grievances")
        self.quick_search(window)
        for key in FORMS:
            self.go(window, key)
            form = self.open_row(window, key)
            if form is None:
                continue
            self.check_form(form, FORM_NAMES[key])
            self.save(window, FORM_NAMES[key])
            if key == "grievances":
                self.key(window.current_form(), self.Qt.Key.Key_N, ctrl=True)
                new = window.current_form()
                if new is None or new is form:
                    self.problems.append("form_grievance_new: Ctrl+N opened no new tab")
                else:
                    self.idle(0.6)
                    self.check_form(new, "form_grievance_new")
                    self.save(window, "form_grievance_new")
            window.documents.discard_all()
            self.pump(0.2)
        window.sign_out()
        window = self.sign_in(ADMIN)
        for key in ADMIN_SCREENS:
            self.go(window, key)
            self.save(window, key)
        window.documents.discard_all()
        self.startup.stop(0)
        self.idle(0.2)
        print(f"{len(self.saved)} pictures in {time.perf_counter() - started:.0f} s")
        for problem in self.problems:
            print(f"  problem: {problem}")
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "fr"))
