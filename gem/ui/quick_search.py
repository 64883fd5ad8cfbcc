"""Ctrl+K: one box that finds a member, an institution, or a grievance, arbitration or
recourse by its file number, as you type.

Why it is built this way: a secretary with a scanned form types a name or a number and wants
the record without choosing a screen first. Each keystroke restarts a ~150 ms timer; when it
fires, one worker job runs every lookup (search.py for accent-insensitive names and numbers,
listing.py for file numbers, which applies the confidentiality rule), and a generation counter
throws away answers to text the user has already changed. The GUI thread never waits.
Up/Down move in the results while the typing caret stays in the box; Enter opens.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gem.i18n import current_language
from gem.services.quick_search import Hit, quick_search
from gem.ui.context import AppContext
from gem.ui.errors import message_for

DEBOUNCE_MS = 150
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class QuickSearch(QFrame):
    """The popup; ``chosen(kind, id)`` when the user opens a result."""

    chosen = Signal(str, int)
    searched = Signal(str, int)  # text and number of hits, once results are shown

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Popup)
        self.ctx = ctx
        self._lang = current_language()
        self._generation = 0
        self.setObjectName("quickSearch")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(
            self.tr("Nom, numéro de membre, numéro de dossier ou établissement…"))
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName(self.tr("Recherche rapide"))
        self.edit.textChanged.connect(self._typed)
        self.edit.installEventFilter(self)
        layout.addWidget(self.edit)
        self.results = QListWidget()
        self.results.setObjectName("quickResults")
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.itemActivated.connect(self._activate)
        self.results.itemClicked.connect(self._activate)
        layout.addWidget(self.results, 1)
        self.hint = QLabel(self.tr("↑ ↓ pour choisir · Entrée pour ouvrir · Échap pour fermer"))
        self.hint.setObjectName("hint")
        layout.addWidget(self.hint)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._search)
        self.resize(620, 420)
        self._titles = {"members": self.tr("Membres"), "institutions": self.tr("Établissements"),
                        "grievances": self.tr("Griefs"), "arbitrations": self.tr("Arbitrages"),
                        "recourses": self.tr("Recours")}

    # ------------------------------------------------------------------ showing
    def popup(self, anchor: QWidget | None = None) -> None:
        if anchor is not None:
            top = anchor.mapToGlobal(anchor.rect().topLeft())
            width = min(max(anchor.width() // 2, 520), anchor.width() - 40)
            self.resize(width, 420)
            self.move(top.x() + (anchor.width() - width) // 2, top.y() + 60)
        self.edit.selectAll()
        self.show()
        self.raise_()
        self.activateWindow()
        self.edit.setFocus()

    # ------------------------------------------------------------------ searching
    def _typed(self, _text: str) -> None:
        self._generation += 1  # answers to older text are now stale
        self._timer.start()

    def _search(self) -> None:
        text = self.edit.text()
        generation = self._generation
        if not text.strip():
            self.results.clear()
            return
        actor, lang = self.ctx.actor, self._lang
        (self.ctx.read(lambda session, _c: quick_search(session, actor, text, lang))
         .on_success(lambda hits: self._show(generation, text, hits))
         .on_failure(lambda exc: self._failed(generation, exc))
         .run())

    def _failed(self, generation: int, exc: BaseException) -> None:
        """A failed search says so in the results: an empty list would read as "nobody"."""
        if generation != self._generation:
            return
        self.results.clear()
        item = QListWidgetItem(self.tr("La recherche a échoué : {error}").format(
            error=message_for(exc, self._lang)))
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.results.addItem(item)

    def _show(self, generation: int, text: str, hits: list[Hit]) -> None:
        if generation != self._generation:
            return
        self.results.clear()
        if not hits:
            item = QListWidgetItem(self.tr("Aucun résultat pour « {text} »").format(text=text))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        current_kind = None
        first: QListWidgetItem | None = None
        for hit in hits:
            if hit.kind != current_kind:
                current_kind = hit.kind
                header = QListWidgetItem(self._titles[hit.kind])
                header.setFlags(Qt.ItemFlag.NoItemFlags)
                font = header.font()
                font.setBold(True)
                header.setFont(font)
                self.results.addItem(header)
            item = QListWidgetItem(f"{hit.text}    {hit.detail}".rstrip())
            item.setData(KIND_ROLE, hit.kind)
            item.setData(ID_ROLE, hit.ident)
            self.results.addItem(item)
            if first is None:
                first = item
        if first is not None:
            self.results.setCurrentItem(first)
        self.searched.emit(text, len(hits))

    # ------------------------------------------------------------------ keyboard
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            key = event.key() if isinstance(event, QKeyEvent) else 0
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown,
                       Qt.Key.Key_PageUp):
                self._move(1 if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():  # typed faster than the debounce: search now
                    self._timer.stop()
                item = self.results.currentItem()
                if item is not None and item.data(KIND_ROLE):
                    self._activate(item)
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
        return super().eventFilter(watched, event)

    def _move(self, step: int) -> None:
        count = self.results.count()
        row = self.results.currentRow()
        for _ in range(count):
            row += step
            if row < 0 or row >= count:
                return
            item = self.results.item(row)
            if item.flags() & Qt.ItemFlag.ItemIsEnabled:
                self.results.setCurrentRow(row)
                return

    def _activate(self, item: QListWidgetItem) -> None:
        kind = item.data(KIND_ROLE)
        ident = item.data(ID_ROLE)
        if not kind:
            return
        self.hide()
        self.chosen.emit(str(kind), int(ident))
