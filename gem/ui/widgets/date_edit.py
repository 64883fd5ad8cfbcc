"""A date field that accepts what secretaries type from a paper form.

QDateEdit forces a section-by-section entry and a fixed format; people copying a scanned form
type "1/6/2026" or "2026-06-01" in one go. This line edit accepts the formats the services
accept (the same parser, gem.services.values.parse_date), rewrites the text as ISO when the
field is left so the interpretation is visible (day first: 1/6/2026 is the 1st of June), and
keeps whatever was typed when it cannot be read, with a red frame and the reason.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QStyle, QVBoxLayout, QWidget

from gem import clock
from gem.i18n import tr
from gem.services.values import BadValue, parse_date

_INVALID_STYLE = "QLineEdit { border: 1px solid #c0392b; background: #fdecea; }"


class _CalendarPopup(QWidget):
    """The month calendar shown under the field (Alt+Down or F4, or the arrow button)."""

    picked = Signal(QDate)

    def __init__(self, parent: QWidget):
        super().__init__(parent, Qt.WindowType.Popup)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Sunday)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.calendar)
        self.calendar.activated.connect(self._pick)
        self.calendar.clicked.connect(self._pick)

    def _pick(self, day: QDate) -> None:
        self.hide()
        self.picked.emit(day)


class DateEdit(QLineEdit):
    """``date()`` returns the date, None when empty, or raises BadValue; ``is_valid()``."""

    validity_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, calendar: bool = True,
                 language: str = "fr"):
        super().__init__(parent)
        self._language = language
        self._valid = True
        self._popup: _CalendarPopup | None = None
        self.setPlaceholderText(self.tr("AAAA-MM-JJ ou JJ/MM/AAAA"))
        self.setMaxLength(10)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 48)
        self.editingFinished.connect(self.normalise)
        self.textEdited.connect(self._edited)
        self._calendar_action: QAction | None = None
        if calendar:
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown)
            self._calendar_action = self.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
            self._calendar_action.setToolTip(self.tr("Calendrier (Alt+Bas)"))
            self._calendar_action.triggered.connect(self.show_calendar)

    # ---------------------------------------------------------------- value
    def date(self) -> datetime.date | None:
        return parse_date(self.text())

    def set_date(self, value: datetime.date | str | None) -> None:
        if isinstance(value, str):
            typed = value
            try:
                value = parse_date(typed)
            except BadValue:
                self.setText(typed)
                return
        self.setText(value.isoformat() if value else "")
        self._set_valid(True)

    def is_valid(self) -> bool:
        try:
            self.date()
        except BadValue:
            return False
        return True

    def error_message(self) -> str | None:
        """The parser's message in the user's language, or None when the text is a date."""
        try:
            self.date()
        except BadValue as exc:
            return tr(exc.msgid, self._language, **exc.params)
        return None

    def normalise(self) -> None:
        """Show a readable date as ISO; leave an unreadable one exactly as typed."""
        message = self.error_message()
        if message is None:
            value = self.date()
            text = value.isoformat() if value else ""
            if text != self.text():
                self.setText(text)
        self._set_valid(message is None)

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802 - Qt override
        super().setReadOnly(read_only)
        if self._calendar_action is not None:
            self._calendar_action.setVisible(not read_only)

    # ---------------------------------------------------------------- calendar
    def show_calendar(self) -> None:
        if self.isReadOnly():
            return
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.picked.connect(self._picked)
        try:
            current = self.date()
        except BadValue:
            current = None
        current = current or clock.today()
        self._popup.calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        self._popup.adjustSize()
        self._popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        self._popup.show()
        self._popup.calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        self.setText(datetime.date(day.year(), day.month(), day.day()).isoformat())
        self._set_valid(True)
        self.textEdited.emit(self.text())
        self.editingFinished.emit()
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if (event.key() == Qt.Key.Key_Down and
                event.modifiers() & Qt.KeyboardModifier.AltModifier) or \
                event.key() == Qt.Key.Key_F4:
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        # Ctrl+S must reach the form even while a date is being typed.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.matches(QKeySequence.StandardKey.Save):
            self.normalise()
        return super().event(event)

    # ---------------------------------------------------------------- feedback
    def _edited(self, _text: str) -> None:
        if not self._valid and self.is_valid():
            self._set_valid(True)

    def _set_valid(self, valid: bool) -> None:
        self.setStyleSheet("" if valid else _INVALID_STYLE)
        self.setToolTip("" if valid else (self.error_message() or ""))
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
