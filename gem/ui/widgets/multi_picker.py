"""Several linked records (the members a grievance is about, the grievances an arbitration
hears) and free lists (the articles invoked).

The picker stays in the tab chain and the chosen records are listed beside it: Enter adds the
highlighted match and clears the search for the next name; Backspace in the empty search
removes the last one added; Delete removes the selected one from the list.

A chosen record opens with the Ouvrir button, Ctrl+O / Ctrl+Entrée (from the search or the
list: the selected one, else the first), Entrée or a double-click in the list. Up/Down in the
empty search move the selection in the list, so all of it works without the mouse; a read-only
form hides the search and lets the list itself take the focus.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gem.ui.widgets.record_picker import PickerSource, RecordPicker, is_open_key

_SEPARATORS = re.compile(r"\s*[;,]\s*")


class _SearchBox(RecordPicker):
    backspace_on_empty = Signal()
    step_on_empty = Signal(int)  # Up/Down with nothing typed: move in the chosen list

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Backspace and not self.text():
            self.backspace_on_empty.emit()
            return
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not self.text() \
                and not self.popup_visible():
            self.step_on_empty.emit(1 if event.key() == Qt.Key.Key_Down else -1)
            return
        super().keyPressEvent(event)


class _ChosenList(QListWidget):
    remove_requested = Signal()
    open_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_requested.emit()
            return
        if is_open_key(event) or (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                                  and self.currentRow() >= 0):
            self.open_requested.emit()
            return
        super().keyPressEvent(event)


class MultiPicker(QWidget):
    changed = Signal()
    open_requested = Signal(object)  # the id of the chosen record to open

    def __init__(self, ctx: Any, source: PickerSource, parent: QWidget | None = None, *,
                 context: Any = None):
        super().__init__(parent)
        self._read_only = False
        self._openable = False
        self.search = _SearchBox(ctx, source, self, context=context, clear_on_pick=True)
        self.search.setPlaceholderText(self.tr("Tapez pour ajouter…"))
        self.search.open_target = self.open_target
        self.chosen = _ChosenList(self)
        self.chosen.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.chosen.setMaximumHeight(self.chosen.fontMetrics().lineSpacing() * 3 + 10)
        self.chosen.setToolTip(self.tr("Suppr retire la ligne choisie."))
        self.open_button = QPushButton(self.tr("Ouvrir"))
        self.open_button.setObjectName("open_linked")
        self.open_button.setToolTip(self.tr("Ouvrir la fiche choisie (Ctrl+O)"))
        self.open_button.setAutoDefault(False)
        self.open_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Ctrl+O from the keyboard
        self.open_button.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.search)
        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(self.chosen, 1)
        row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        self.setFocusProxy(self.search)
        self.search.picked.connect(self.add)
        self.search.backspace_on_empty.connect(self._remove_last)
        self.search.step_on_empty.connect(self._step)
        self.search.open_requested.connect(self.open_requested)
        self.chosen.remove_requested.connect(self._remove_selected)
        self.chosen.open_requested.connect(self.request_open)
        self.chosen.itemDoubleClicked.connect(lambda _item: self.request_open())
        self.chosen.currentRowChanged.connect(lambda _row: self._refresh_open())
        self.open_button.clicked.connect(self.request_open)

    # ---------------------------------------------------------------- opening
    def set_openable(self, openable: bool) -> None:
        """Offer to open a chosen record (kinds that have a form of their own)."""
        self._openable = openable
        self.search.set_openable(openable, button=False)
        self._refresh_open()

    def open_target(self) -> Any:
        """The selected chosen record, else the first one."""
        if not self.chosen.count():
            return None
        row = self.chosen.currentRow()
        return self.chosen.item(row if row >= 0 else 0).data(Qt.ItemDataRole.UserRole)

    def request_open(self) -> bool:
        ident = self.open_target() if self._openable else None
        if ident is None:
            return False
        self.open_requested.emit(ident)
        return True

    def _refresh_open(self) -> None:
        self.open_button.setVisible(self._openable)
        self.open_button.setEnabled(self._openable and self.chosen.count() > 0)

    def _step(self, step: int) -> None:
        if self.chosen.count():
            row = self.chosen.currentRow()
            row = 0 if row < 0 else max(0, min(self.chosen.count() - 1, row + step))
            self.chosen.setCurrentRow(row)

    def values(self) -> list[Any]:
        return [self.chosen.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.chosen.count())]

    def labels(self) -> list[str]:
        return [self.chosen.item(i).text() for i in range(self.chosen.count())]

    def set_values(self, items: list[tuple[Any, str]]) -> None:
        self.chosen.clear()
        for ident, label in items:
            self._append(ident, label)
        self._refresh_open()
        self.changed.emit()

    def add(self, ident: Any, label: str) -> None:
        if self._read_only or ident in self.values():
            return
        self._append(ident, label)
        self.changed.emit()

    def is_unresolved(self) -> bool:
        return self.search.is_unresolved()

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802 - Qt naming, like QLineEdit
        self._read_only = read_only
        self.search.setReadOnly(read_only)
        self.search.setVisible(not read_only)
        # with the search hidden, the list is what Tab reaches (to read it and open a record)
        self.chosen.setFocusPolicy(Qt.FocusPolicy.StrongFocus if read_only
                                   else Qt.FocusPolicy.ClickFocus)
        self.setFocusProxy(self.chosen if read_only else self.search)

    def _append(self, ident: Any, label: str) -> None:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, ident)
        self.chosen.addItem(item)
        self._refresh_open()

    def _remove_last(self) -> None:
        if not self._read_only and self.chosen.count():
            self.chosen.takeItem(self.chosen.count() - 1)
            self._refresh_open()
            self.changed.emit()

    def _remove_selected(self) -> None:
        if not self._read_only and self.chosen.currentRow() >= 0:
            self.chosen.takeItem(self.chosen.currentRow())
            self._refresh_open()
            self.changed.emit()


class TextListEdit(QLineEdit):
    """A short free list typed on one line: "12.03; 5.01, 26.02"."""

    def values(self) -> list[str]:
        return [part for part in _SEPARATORS.split(self.text().strip()) if part]

    def set_values(self, values: list[str]) -> None:
        self.setText("; ".join(values))
