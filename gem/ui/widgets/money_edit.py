"""An amount field: "1 234,56", "1234.56" and "1234,56 $" all mean the same thing.

The text is reformatted in the Québec way when the field is left; ``raw()`` hands the service a
plain decimal string (the French display uses a narrow no-break space the parser would not
expect), or the text exactly as typed when it is not a number, so the service names the error.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from gem.formatting import format_number
from gem.i18n import tr
from gem.services.values import BadValue, parse_decimal

_INVALID_STYLE = "QLineEdit { border: 1px solid #c0392b; background: #fdecea; }"


class MoneyEdit(QLineEdit):
    validity_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, decimals: int = 2,
                 language: str = "fr", suffix: str = ""):
        super().__init__(parent)
        self._decimals = decimals
        self._language = language
        self._suffix = suffix
        self._valid = True
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText(format_number(0, decimals, language) + suffix)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("000 000 000,00 $") + 16)
        self.editingFinished.connect(self.normalise)

    def value(self) -> Decimal | None:
        return parse_decimal(self._bare())

    def set_value(self, value: Decimal | str | float | None) -> None:
        if value is None or value == "":
            self.setText("")
        else:
            try:
                self.setText(self._format(parse_decimal(value)))
            except BadValue:
                self.setText(str(value))
        self._set_valid(True)

    def raw(self) -> str:
        try:
            value = self.value()
        except BadValue:
            return self.text()
        return "" if value is None else str(value)

    def error_message(self) -> str | None:
        try:
            self.value()
        except BadValue as exc:
            return tr(exc.msgid, self._language, **exc.params)
        return None

    def normalise(self) -> None:
        message = self.error_message()
        if message is None:
            value = self.value()
            text = self._format(value) if value is not None else ""
            if text != self.text():
                self.setText(text)
        self._set_valid(message is None)

    def _bare(self) -> str:
        text = self.text().replace("\u202f", " ")
        if self._suffix and text.endswith(self._suffix.strip()):
            text = text[: -len(self._suffix.strip())]
        return text

    def _format(self, value: Decimal | None) -> str:
        if value is None:
            return ""
        # a no-break space, which the service's parser accepts, rather than the narrow one
        return format_number(value, self._decimals, self._language).replace("\u202f", "\u00a0")

    def _set_valid(self, valid: bool) -> None:
        self.setStyleSheet("" if valid else _INVALID_STYLE)
        self.setToolTip("" if valid else (self.error_message() or ""))
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
