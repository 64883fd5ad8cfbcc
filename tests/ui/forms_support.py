"""Helpers for the record-form tests: a window context for an actor, waiting for background
work, and typing into whatever has the keyboard focus (so the tests follow the tab order a
secretary follows)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QThreadPool
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from gem.ui.context import AppContext
from gem.ui.forms import open_form
from gem.ui.workers import write_pool


def context(engine: Any, actor: Any) -> AppContext:
    return AppContext(engine, actor)


def show_form(qtbot: Any, ctx: AppContext, kind: str, ident: int | None = None,
              **kw: Any) -> Any:
    form = open_form(ctx, kind, ident, None, **kw)
    qtbot.addWidget(form)
    form.resize(1280, 860)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    if ident is not None:
        wait_read(qtbot, form)
    return form


def wait_read(qtbot: Any, form: Any, timeout: int = 10000) -> None:
    """Until the record is on screen, or its read failed (the test then says which)."""
    qtbot.waitUntil(lambda: not form.is_busy() and (form.is_loaded()
                                                    or form.load_error() is not None),
                    timeout=timeout)


def settle(qtbot: Any, ms: int = 20) -> None:
    """Let the worker threads finish and their answers reach the GUI thread."""
    for _ in range(3):
        QThreadPool.globalInstance().waitForDone(10000)
        write_pool().waitForDone(10000)
        qtbot.wait(ms)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_here(qtbot: Any, text: str, expect: str | None = None) -> QWidget:
    """Type into the focused widget; ``expect`` checks it is the field meant (the tab order)."""
    widget = focused()
    if expect is not None:
        assert widget.objectName() == expect, f"focus on {widget.objectName()!r}, " \
                                              f"expected {expect!r}"
    type_text(qtbot, widget, text)
    return widget


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Like qtbot.keyClicks, which aborts on letters outside ASCII: "é" arrives as a key
    event carrying its text, as a French keyboard layout delivers it."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                         ch))


def tab(qtbot: Any, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def pick(qtbot: Any, text: str, expect: str, key: Qt.Key = Qt.Key.Key_Tab) -> None:
    """Type in a record picker, wait for the matches, take the first with Tab (or Enter)."""
    picker = type_here(qtbot, text, expect)
    qtbot.waitUntil(lambda: picker.popup_visible() and bool(picker.popup_items()),
                    timeout=10000)
    qtbot.keyClick(picker, key)


def ctrl_s(qtbot: Any) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
