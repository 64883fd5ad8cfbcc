"""The window locks itself after a while without the keyboard or the mouse.

GEM shows harassment, medical and disciplinary files; a workstation left open in an office
must not show them to whoever walks by. After ``Settings.idle_lock_minutes`` (15 by default,
0 = never; Outils › Préférences) without a key or a mouse event anywhere in the application,
or at once with Fichier › Verrouiller (Ctrl+L), every window of GEM is emptied and a dialog asks
the signed-in person's password again (gem.ui.dialogs.sign_in.UnlockDialog).

Why it works this way:

- One application-wide event filter restarts a single-shot QTimer on every key, click, wheel
  or mouse move: no polling, and nothing but a type check per event.
- Nothing is closed, saved or rebuilt: the main window stays on screen (and in the task bar,
  under the unlock dialog) but emptied, its direct child widgets (menus, navigation, tabs,
  status bar) hidden; a modal dialog is emptied the same way (its own event loop keeps
  running: hiding it would have answered its question); any other window (the deadline
  calculator, an error report) is hidden; popups close. All come back on unlock, so the open
  tabs, the typing in unsaved forms, the scroll positions and a waiting question are all
  there afterwards. Hidden widgets are neither painted nor offered to screen readers, and the
  unlock dialog is application-modal, so no shortcut (Ctrl+K included) reaches the windows
  behind it. A window that opens while locked (an error report, the end of an export) is
  emptied as it appears.
- The password is checked by the same ``authenticate`` as the sign-in, so mistyped passwords
  are slowed down and locked as there. The right password brings everything back, with the
  keyboard focus where it was. « Changer d'utilisateur » is the ordinary sign-out
  (MainWindow.sign_out): unsaved forms are asked about first, and Annuler stays locked.
- Tests drive it through ``lock_now()`` and ``set_interval_ms()``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QToolTip, QWidget
from shiboken6 import isValid

from gem.ui.dialogs.sign_in import UnlockDialog

if TYPE_CHECKING:
    from gem.services.actor import Actor
    from gem.ui.main_window import MainWindow

ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress, QEvent.Type.InputMethod})
_TRANSIENT = (Qt.WindowType.Popup, Qt.WindowType.ToolTip)


class IdleLock(QObject):
    """The lock of one main window; a child of it (its event filter goes with it)."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: MainWindow, minutes: int):
        super().__init__(window)
        self.window = window
        self.dialog: UnlockDialog | None = None
        self.interval_ms = 0
        self._locked = False
        self._opening_allowed = False  # « Changer d'utilisateur »: its questions must show
        self._veiled: list[QWidget] = []  # child widgets hidden
        self._hidden_windows: list[QWidget] = []
        self._veiled_windows: set[int] = set()
        self._focus: QWidget | None = None
        self._active: QWidget | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock_now)
        window.sign_out_requested.connect(self._signed_out)
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # ------------------------------------------------------------------ the timer
    @property
    def is_locked(self) -> bool:
        return self._locked

    def set_minutes(self, minutes: int) -> None:
        """Lock after ``minutes`` without activity; 0 never locks by itself."""
        self.set_interval_ms(max(int(minutes), 0) * 60_000)

    def set_interval_ms(self, ms: int) -> None:
        self.interval_ms = max(int(ms), 0)
        if self.interval_ms == 0:
            self.timer.stop()
            return
        self.timer.setInterval(self.interval_ms)
        if not self._locked:
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in ACTIVITY:
            if not self._locked and self.interval_ms:
                self.timer.start()  # restarts the countdown
        elif kind == QEvent.Type.Show and self._locked and not self._opening_allowed \
                and isinstance(watched, QWidget) and watched.isWindow() \
                and watched is not self.dialog:
            self._veil(watched, appearing=True)  # a window that opens while locked
            QTimer.singleShot(0, self._bring_dialog_forward)  # it took the activation
        elif kind == QEvent.Type.Hide and watched is self.window and not event.spontaneous():
            self._window_gone()  # closed (quit) or retired: its lock goes with it
        return False

    # ------------------------------------------------------------------ locking
    def lock_now(self) -> None:
        """Empty every window of GEM and ask for the password (nothing is closed)."""
        if self._locked or not self.window.isVisible():
            return  # already locked; or a window being retired (signed out, rebuilt)
        self._locked = True
        self.timer.stop()
        for _ in range(10):  # popups (quick search, a calendar) close: they hold the input
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()
        QToolTip.hideText()
        self._focus = QApplication.focusWidget()
        self._active = QApplication.activeWindow()
        if self._focus is not None:
            self._focus.clearFocus()  # no hidden field keeps the keyboard
        self._veil_all()
        actor = self.window.ctx.actor
        dialog = UnlockDialog(self.window.ctx.sessions, actor.login, actor.language,
                              self.window)
        dialog.unlocked.connect(self._unlocked)
        dialog.switch_user_requested.connect(self._switch_user)
        self.dialog = dialog
        dialog.show()
        self._bring_dialog_forward()
        self.locked.emit()

    def _bring_dialog_forward(self) -> None:
        dialog = self.dialog
        if dialog is not None and isValid(dialog):
            dialog.raise_()
            dialog.activateWindow()
            dialog.password.setFocus()

    def _veil_all(self) -> None:
        for top in QApplication.topLevelWidgets():
            if top is not self.dialog and top.isVisible():
                self._veil(top)

    def _veil(self, top: QWidget, appearing: bool = False) -> None:
        """Out of sight: a popup is closed; a plain window (the deadline calculator, an
        error report) is hidden; the main window, a modal dialog (which may be running its
        own event loop: hiding it would answer it) and a window that is appearing right now
        (hiding it inside its Show event would leave its native window on screen) are
        emptied instead, their direct child widgets hidden."""
        if top.windowType() in _TRANSIENT:  # a completion list, a tooltip: not restored
            if appearing:
                QTimer.singleShot(0, top.hide)
            else:
                top.hide()
            return
        if id(top) in self._veiled_windows:
            return
        self._veiled_windows.add(id(top))
        if not appearing and not isinstance(top, QMainWindow) \
                and top.windowModality() == Qt.WindowModality.NonModal:
            top.hide()
            self._hidden_windows.append(top)
            return
        # children(), not findChildren(QWidget): PySide's findChildren missed some widgets
        # (the combo boxes of a dialog) in a probe
        for child in top.children():
            if isinstance(child, QWidget) and not child.isWindow() and not child.isHidden():
                child.hide()
                self._veiled.append(child)

    def _unveil(self) -> None:
        windows, self._hidden_windows = self._hidden_windows, []
        veiled, self._veiled = self._veiled, []
        self._veiled_windows.clear()
        for top in windows:
            if isValid(top):
                top.show()
        for child in veiled:
            if isValid(child):
                child.show()

    # ------------------------------------------------------------------ unlocking
    def _unlocked(self, actor: Actor) -> None:
        ctx = self.window.ctx
        if actor.role != ctx.actor.role:  # changed by an administrator meanwhile
            ctx.actor = replace(actor, language=ctx.actor.language)
        self._end()
        self._unveil()
        active, focus = self._active, self._focus
        self._active = self._focus = None
        if active is None or not isValid(active) or not active.isVisible():
            active = self.window
        active.activateWindow()
        if focus is not None and isValid(focus) and focus.isVisible():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.interval_ms:
            self.timer.start()
        self.unlocked.emit()

    def _switch_user(self) -> None:
        """« Changer d'utilisateur »: the window's own sign-out, which asks about every
        unsaved form; Annuler (or a save that failed) leaves the window locked."""
        self._opening_allowed = True
        try:
            self.window.sign_out()
        finally:
            self._opening_allowed = False
        if self._locked:
            self._veil_all()  # whatever the questions left open stays out of sight

    def _signed_out(self) -> None:
        self._window_gone()  # the window goes away as it is (the start-up retires it)

    def _window_gone(self) -> None:
        if self._locked:
            self._end()
        self.timer.stop()
        self.interval_ms = 0

    def _end(self) -> None:
        self._locked = False
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.finish()
            dialog.deleteLater()
