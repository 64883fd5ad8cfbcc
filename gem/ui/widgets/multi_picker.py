"""Several linked records (the members a grievance is about, the grievances an arbitration
hears) and free lists (the articles invoked).

The picker stays in the tab chain and the chosen records are listed beside it: Enter adds the
highlighted match and clears the search for the next name; Backspace in the empty search
removes the last one added; Delete removes the selected one from the list.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from gem.ui.widgets.record_picker import PickerSource, RecordPicker

_SEPARATORS = re.compile(r"\s*[;,]\s*")


class _SearchBox(RecordPicker):
    backspace_on_empty = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Backspace and not self.text():
            self.backspace_on_empty.emit()
            return
        super().keyPressEvent(event)


class _ChosenList(QListWidget):
    remove_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_requested.emit()
            return
        super().keyPressEvent(event)


class MultiPicker(QWidget):
    changed = Signal()

    def __init__(self, ctx: Any, source: PickerSource, parent: QWidget | None = None, *,
                 context: Any = None):
        super().__init__(parent)
        self._read_only = False
        self.search = _SearchBox(ctx, source, self, context=context, clear_on_pick=True)
        self.search.setPlaceholderText(self.tr("Tapez pour ajouter…"))
        self.chosen = _ChosenList(self)
        self.chosen.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.chosen.setMaximumHeight(self.chosen.fontMetrics().lineSpacing() * 3 + 10)
        self.chosen.setToolTip(self.tr("Suppr retire la ligne choisie."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.search)
        layout.addWidget(self.chosen)
        self.setFocusProxy(self.search)
        self.search.picked.connect(self.add)
        self.search.backspace_on_empty.connect(self._remove_last)
        self.chosen.remove_requested.connect(self._remove_selected)

    def values(self) -> list[Any]:
        return [self.chosen.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.chosen.count())]

    def labels(self) -> list[str]:
        return [self.chosen.item(i).text() for i in range(self.chosen.count())]

    def set_values(self, items: list[tuple[Any, str]]) -> None:
        self.chosen.clear()
        for ident, label in items:
            self._append(ident, label)
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

    def _append(self, ident: Any, label: str) -> None:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, ident)
        self.chosen.addItem(item)

    def _remove_last(self) -> None:
        if not self._read_only and self.chosen.count():
            self.chosen.takeItem(self.chosen.count() - 1)
            self.changed.emit()

    def _remove_selected(self) -> None:
        if not self._read_only and self.chosen.currentRow() >= 0:
            self.chosen.takeItem(self.chosen.currentRow())
            self.changed.emit()


class TextListEdit(QLineEdit):
    """A short free list typed on one line: "12.03; 5.01, 26.02"."""

    def values(self) -> list[str]:
        return [part for part in _SEPARATORS.split(self.text().strip()) if part]

    def set_values(self, values: list[str]) -> None:
        self.setText("; ".join(values))
