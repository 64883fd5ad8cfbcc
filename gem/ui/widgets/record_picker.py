"""Search-as-you-type picker for a linked record (member, institution, grievance...).

The secretary types part of a name or a number; matches are looked up in a worker thread
(never on the GUI thread: the member table holds 65,000 rows) and listed under the field.
Up/Down choose, Enter or Tab takes the highlighted match, Esc closes the list. Typed text that
was never matched to a record is kept and reported by the form instead of being saved as
"nothing": an optional link silently dropped would be lost data.

A chosen record that has a form of its own (a member, an institution, a grievance...) can be
opened from the picker: the small arrow at its right end, or Ctrl+O / Ctrl+Entrée while the
picker has the focus, so a secretary never leaves the keyboard to look at a linked file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QWidget,
)
from shiboken6 import isValid

from gem.services.actor import Actor

SearchFn = Callable[[Any, Actor, str, int, dict[str, Any]], list[tuple[Any, str]]]
LabelFn = Callable[[Any, Actor, Any], str]

_UNRESOLVED_STYLE = "QLineEdit { border: 1px solid #d68910; background: #fef5e7; }"


def is_open_key(event: QKeyEvent) -> bool:
    """Ctrl+O or Ctrl+Enter: open the linked record (shared by the pickers)."""
    return bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier) and event.key() in (
        Qt.Key.Key_O, Qt.Key.Key_Return, Qt.Key.Key_Enter)


@dataclass(frozen=True)
class PickerSource:
    """How to find and how to name records of one kind. Both functions get a Session and run
    in a worker thread; ``search`` receives the picker's context (e.g. the institution a
    bargaining unit must belong to)."""

    kind: str
    search: SearchFn
    label: LabelFn
    limit: int = 20
    extra: dict[str, Any] = field(default_factory=dict)


class RecordPicker(QLineEdit):
    """``value()`` is the chosen record's id (a region's code) or None;
    ``is_unresolved()`` says text was typed without choosing a match."""

    value_changed = Signal(object)
    picked = Signal(object, str)  # a match was taken (also in clear_on_pick mode)
    results_shown = Signal(int)
    open_requested = Signal(object)  # the id of the record to open (see set_openable)

    DEBOUNCE_MS = 150

    def __init__(self, ctx: Any, source: PickerSource, parent: QWidget | None = None, *,
                 context: Callable[[], dict[str, Any]] | None = None,
                 clear_on_pick: bool = False):
        super().__init__(parent)
        self._ctx = ctx
        self._source = source
        self._context = context or (lambda: {})
        self._clear_on_pick = clear_on_pick
        self._value: Any = None
        self._label = ""
        self._seq = 0
        self._accept_when_ready = False
        self._pending = False
        self._openable = False
        self._open_button = True
        self.open_target: Callable[[], Any] = self.value  # what Ctrl+O opens
        self.setPlaceholderText(self.tr("Tapez pour chercher…"))
        self.setClearButtonEnabled(True)
        self.open_action = QAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowForward),
            self.tr("Ouvrir la fiche (Ctrl+O)"), self)
        self.open_action.setObjectName("open_linked")
        self.open_action.setToolTip(self.open_action.text())
        self.open_action.triggered.connect(self.request_open)
        self.open_action.setVisible(False)
        self.addAction(self.open_action, QLineEdit.ActionPosition.TrailingPosition)

        self._popup = QListWidget(self)
        self._popup.setWindowFlags(Qt.WindowType.ToolTip)
        self._popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._popup.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._popup.setUniformItemSizes(True)
        self._popup.itemClicked.connect(self._take)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.textEdited.connect(self._edited)

    # ---------------------------------------------------------------- value
    def value(self) -> Any:
        return self._value

    def label(self) -> str:
        return self._label

    def set_value(self, ident: Any, label: str = "") -> None:
        """Show a record chosen elsewhere (a loaded form, a conflict resolution)."""
        self._timer.stop()
        self._seq += 1  # results still on their way no longer apply
        self._popup.hide()
        changed = ident != self._value
        self._value = ident
        self._label = label if ident is not None else ""
        self.setText(self._label)
        self.setCursorPosition(0)  # a long name shows its beginning, not its end
        self._mark()
        if changed:
            self.value_changed.emit(ident)

    def is_unresolved(self) -> bool:
        return self._value is None and bool(self.text().strip())

    # ---------------------------------------------------------------- opening
    def set_openable(self, openable: bool, *, button: bool = True) -> None:
        """Offer to open the chosen record (only kinds that have a form of their own);
        ``button`` False keeps the keys without the arrow (a multi-picker has its own)."""
        self._openable = openable
        self._open_button = button
        self._mark()

    def can_open(self) -> bool:
        return self._openable and self.open_target() is not None

    def request_open(self) -> bool:
        """Emit ``open_requested`` for the record to open; False when there is none."""
        if not self.can_open():
            return False
        self.open_requested.emit(self.open_target())
        return True

    def popup_visible(self) -> bool:
        return self._popup.isVisible()

    def popup_texts(self) -> list[str]:
        """Every line of the list, matches or not ("Aucun résultat", why a search failed)."""
        return [self._popup.item(row).text() for row in range(self._popup.count())]

    def popup_items(self) -> list[tuple[Any, str]]:
        result = []
        for row in range(self._popup.count()):
            item = self._popup.item(row)
            ident = item.data(Qt.ItemDataRole.UserRole)
            if ident is not None:
                result.append((ident, item.text()))
        return result

    # ---------------------------------------------------------------- searching
    def _edited(self, text: str) -> None:
        if self._value is not None:
            self._value = None
            self._label = ""
            self.value_changed.emit(None)
        self._mark()
        if text.strip():
            self._pending = True
            self._timer.start()
        else:
            self._pending = False
            self._timer.stop()
            self._popup.hide()

    def search_now(self) -> None:
        self._timer.stop()
        text = self.text().strip()
        if not text or self.isReadOnly():
            self._pending = False
            return
        self._seq += 1
        seq = self._seq
        source, actor, context = self._source, self._ctx.actor, dict(self._context())
        self._pending = True

        def job(session: Any, _control: Any) -> list[tuple[Any, str]]:
            return source.search(session, actor, text, source.limit, context)

        self._ctx.read(job).on_success(lambda rows: self._results(seq, rows)) \
            .on_failure(lambda exc: self._search_failed(seq, exc)).run()

    def _search_failed(self, seq: int, exc: BaseException) -> None:
        """Said in the list, where the matches would be: "no match" would be a lie."""
        from gem.ui.errors import message_for

        if isValid(self):
            self._results(seq, [], self.tr("Recherche impossible : {reason}").format(
                reason=message_for(exc, self._ctx.actor.language)))

    def _results(self, seq: int, rows: list[tuple[Any, str]], problem: str = "") -> None:
        if not isValid(self) or seq != self._seq:
            return
        self._pending = False
        self._popup.clear()
        for ident, text in rows:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, ident)
            self._popup.addItem(item)
        if not rows:
            item = QListWidgetItem(problem or self.tr("Aucun résultat"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            item.setToolTip(problem)
            self._popup.addItem(item)
        else:
            self._popup.setCurrentRow(0)
        if self._accept_when_ready:
            self._accept_when_ready = False
            if rows:
                self._take(self._popup.item(0))
                return
        if self.hasFocus() or self._popup.isVisible():
            self._show_popup()
        self.results_shown.emit(len(rows))

    def _show_popup(self) -> None:
        rows = min(max(self._popup.count(), 1), 8)
        height = self._popup.sizeHintForRow(0) * rows + 2 * self._popup.frameWidth() + 2
        width = max(self.width(), 380)
        self._popup.setFixedSize(width, height)
        self._popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        self._popup.show()

    def _take(self, item: QListWidgetItem | None) -> None:
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return
        ident = item.data(Qt.ItemDataRole.UserRole)
        self._popup.hide()
        if self._clear_on_pick:
            self._value, self._label = None, ""
            self.setText("")
            self.value_changed.emit(None)
            self.picked.emit(ident, item.text())
            return
        changed = ident != self._value
        self._value, self._label = ident, item.text()
        self.setText(item.text())
        self.setCursorPosition(0)
        self._mark()
        if changed:
            self.value_changed.emit(ident)
        self.picked.emit(ident, item.text())

    # ---------------------------------------------------------------- keyboard
    def _current(self) -> QListWidgetItem | None:
        return self._popup.currentItem() if self._popup.isVisible() else None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        if is_open_key(event) and self.request_open():
            return
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self._popup.isVisible():
            step = 1 if key == Qt.Key.Key_Down else -1
            row = max(0, min(self._popup.count() - 1, self._popup.currentRow() + step))
            self._popup.setCurrentRow(row)
            return
        if key == Qt.Key.Key_Down and self.text().strip():
            self.search_now()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            current = self._current()
            if current is not None and not self._pending:
                self._take(current)
                return
            if self.is_unresolved():
                # typed faster than the search answered: take the first match when it comes
                self._accept_when_ready = True
                self.search_now()
                return
        if key == Qt.Key.Key_Escape and self._popup.isVisible():
            self._popup.hide()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and ((event.key() == Qt.Key.Key_Escape and self._popup.isVisible())
                     or (is_open_key(event) and self.can_open())):
            event.accept()  # Esc closes the list, not the form; Ctrl+O is the picker's
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            current = self._current()
            if current is not None and event.key() == Qt.Key.Key_Tab and not self._pending:
                self._take(current)
            self._popup.hide()
        return super().event(event)

    def focusOutEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self._popup.hide()
        super().focusOutEvent(event)

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802 - Qt override
        super().setReadOnly(read_only)
        self.setClearButtonEnabled(not read_only)
        if read_only:
            self._popup.hide()

    def _mark(self) -> None:
        unresolved = self.is_unresolved()
        self.setStyleSheet(_UNRESOLVED_STYLE if unresolved else "")
        self.setToolTip(self.tr("Choisissez une valeur dans la liste (Entrée ou Tab).")
                        if unresolved else "")
        self.open_action.setVisible(self._openable and self._open_button
                                    and self._value is not None)
