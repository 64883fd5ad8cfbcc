"""The document area: the screen in view, and one tab per open record.

Why tabs inside the main window rather than a window per record: a secretary works through a
pile of scanned forms and a counsellor keeps a grievance, its member and its arbitration side by
side, the way legal-practice and accounting packages keep open files in one frame. Tabs stay
in one place on a laptop screen, Ctrl+Tab walks them, Ctrl+W closes one, and nothing opened
gets lost behind another window. The first tab is the screen chosen in the navigation (a list,
the caseload, the reports); it is never closed. A record already open is brought forward
rather than opened twice, so two tabs never hold competing edits of one record.

Closing goes through every form with unsaved typing: Enregistrer / Ne pas enregistrer /
Annuler, the same three answers for Ctrl+W, signing out and quitting.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QTabBar, QTabWidget, QWidget

from gem.ui.context import AppContext


class Unsaved(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved(parent: QWidget, title: str) -> Unsaved:
    """Enregistrer / Ne pas enregistrer / Annuler for one form; Annuler is the default and
    Esc's answer. Module-level so tests can answer it without a modal loop."""
    # A module function has no self for tr(): the same "DocumentArea" context, spelt out.
    translate = QCoreApplication.translate
    box = QMessageBox(QMessageBox.Icon.Warning,
                      translate("DocumentArea", "Modifications non enregistrées"),
                      translate("DocumentArea", "« {title} » a des modifications non enregistrées.")
                      .format(title=title), parent=parent)
    save = box.addButton(translate("DocumentArea", "Enregistrer"),
                         QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(translate("DocumentArea", "Ne pas enregistrer"),
                            QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(translate("DocumentArea", "Annuler"),
                           QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return Unsaved.SAVE
    if clicked is discard:
        return Unsaved.DISCARD
    return Unsaved.CANCEL


class DocumentArea(QTabWidget):
    """Tab 0 is the current screen; the others are record forms keyed by (list, id)."""

    SAVE_WAIT_MS = 30_000  # a save that has not answered by then keeps the window open

    def __init__(self, ctx: AppContext, home: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("documents")
        self.setDocumentMode(True)
        self.setTabsClosable(True)
        self.setMovable(True)
        self.setUsesScrollButtons(True)
        self.setElideMode(Qt.TextElideMode.ElideMiddle)
        self._keys: dict[int, tuple[str, int | None]] = {}  # id(form) -> (list, id or None)
        self._titles: dict[int, str] = {}  # id(form) -> its latest heading
        self.home = home
        self.addTab(home, "")
        self._pin_home()
        self.tabBar().tabMoved.connect(lambda *_: self._pin_home())
        self.tabCloseRequested.connect(self.close_tab)

    # ------------------------------------------------------------------ home tab
    def _pin_home(self) -> None:
        """The screen tab has no close button and stays first, even when tabs are dragged."""
        home_index = self.indexOf(self.home)
        if home_index > 0:
            self.tabBar().moveTab(home_index, 0)
        bar = self.tabBar()
        for side in (QTabBar.ButtonPosition.RightSide, QTabBar.ButtonPosition.LeftSide):
            if bar.tabButton(0, side) is not None:
                bar.tabButton(0, side).hide()
                bar.setTabButton(0, side, None)

    def set_home_title(self, text: str) -> None:
        self.setTabText(0, text)

    def show_home(self) -> None:
        self.setCurrentIndex(0)

    # ------------------------------------------------------------------ forms
    def forms(self) -> list[Any]:
        return [self.widget(i) for i in range(self.count()) if self.widget(i) is not self.home]

    def find_form(self, kind: str, ident: int) -> Any | None:
        """The open form of that record, if any (not ``find``: QWidget.find() is a static
        lookup by window id)."""
        for form in self.forms():
            if self._keys.get(id(form)) == (kind, ident):
                return form
        return None

    def open(self, kind: str, ident: int | None, *, fixed: dict[str, Any] | None = None) -> Any:
        """The form of record ``ident`` of list ``kind`` (a new record when None), in its tab,
        brought forward."""
        if ident is not None:
            existing = self.find_form(kind, ident)
            if existing is not None:
                self.setCurrentWidget(existing)
                existing.setFocus()
                return existing
        from gem.ui.forms import open_form

        form = open_form(self.ctx, kind, ident, self, fixed=fixed)
        self._keys[id(form)] = (kind, ident)
        index = self.addTab(form, form.windowTitle() or "…")
        self.setTabToolTip(index, form.windowTitle())
        form.title_changed.connect(lambda t, f=form: self._retitle(f, t))
        form.dirty_changed.connect(lambda _d, f=form: self._retitle(f))
        form.saved.connect(lambda new_id, f=form: self._saved(f, int(new_id)))
        form.closed.connect(lambda f=form: self._remove(f))
        open_linked = getattr(form, "open_requested", None)
        if open_linked is not None:  # a linked record (the member of a grievance...)
            open_linked.connect(lambda k, i: self.open(str(k), int(i)))
        self.setCurrentIndex(index)
        form.setFocus()
        return form

    def key_of(self, form: Any) -> tuple[str, int | None] | None:
        return self._keys.get(id(form))

    def _retitle(self, form: Any, title: str | None = None) -> None:
        """The tab reads the form's heading (file number, name), with * while unsaved; the
        heading arrives with title_changed, before the form's own window title follows."""
        index = self.indexOf(form)
        if index < 0:
            return
        if title is not None:
            self._titles[id(form)] = title
        title = self._titles.get(id(form)) or form.windowTitle() or "…"
        self.setTabText(index, title + (" *" if form.is_dirty() else ""))
        self.setTabToolTip(index, title)

    def _saved(self, form: Any, new_id: int) -> None:
        kind, _old = self._keys.get(id(form), ("", None))
        if not kind:
            return
        self._keys[id(form)] = (kind, new_id)  # a new record is now that record
        self._retitle(form)

    def _remove(self, form: Any) -> None:
        index = self.indexOf(form)
        self._keys.pop(id(form), None)
        self._titles.pop(id(form), None)
        if index >= 0:
            self.removeTab(index)
        form.setParent(None)
        form.deleteLater()

    # ------------------------------------------------------------------ closing
    def close_current(self) -> None:
        """Ctrl+W: the record in view, after asking if it holds unsaved typing."""
        index = self.currentIndex()
        if index >= 0 and self.widget(index) is not self.home:
            self.close_tab(index)

    def close_tab(self, index: int) -> bool:
        """True once the tab is gone (saved, discarded or clean); False if kept."""
        form = self.widget(index)
        if form is None or form is self.home:
            return False
        if not self._settle(form):
            return False
        self._remove(form)
        return True

    def close_all(self) -> bool:
        """Every open record, each asked about in turn; False as soon as one is kept (the
        window then stays open on that record)."""
        for form in list(self.forms()):
            if not self._settle(form):
                return False
        for form in list(self.forms()):
            self._remove(form)
        return True

    def discard_all(self) -> None:
        """Close every record without asking (the session is ending regardless: a lost
        database, a test's teardown)."""
        for form in list(self.forms()):
            self._remove(form)

    def _settle(self, form: Any) -> bool:
        """Whether ``form`` may go: clean, discarded, or saved on request."""
        if not form.is_dirty():
            return True
        self.setCurrentWidget(form)
        answer = ask_unsaved(self, form.windowTitle())
        if answer is Unsaved.CANCEL:
            return False
        if answer is Unsaved.DISCARD:
            return True
        return self._save_and_wait(form)

    def _save_and_wait(self, form: Any) -> bool:
        """Save and wait for the answer (the write runs in its worker); a refused save keeps
        the form open with its messages under the fields."""
        loop = QEventLoop()
        outcome: list[bool] = []

        def done(ok: bool) -> None:
            if not outcome:
                outcome.append(ok)
            loop.quit()

        form.saved.connect(lambda _id: done(True))
        form.save_failed.connect(lambda _exc: done(False))
        QTimer.singleShot(self.SAVE_WAIT_MS, lambda: done(False))
        form.save()
        if not outcome and form.is_busy():
            loop.exec()
        elif not outcome:
            return False  # refused before sending (a field's own check): messages shown
        return bool(outcome and outcome[0]) and not form.is_dirty()
