"""One form field: its widget, its inline error label, and the conversions the form needs.

A field answers four questions with one vocabulary for every widget type, so the form's dirty
tracking, save, error display and conflict merge are written once:

* ``raw()``: what goes to the service (the typed text for dates and amounts: the service
  parses them and names the error, so the window and the CLI accept the same input);
* ``canonical()`` / ``canonical_stored(v)``: a comparable form of what is on screen and of
  a stored value (a date object, an ISO string from a conflict snapshot...);
* ``show_stored(v, label)`` / ``display_stored(v, label)``: put a stored value on screen,
  or describe it in the conflict dialog;
* ``local_error()``: what can be told before asking the database (an unreadable date, a
  name typed in a picker but never chosen).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from gem.formatting import format_bool, format_money, format_number
from gem.i18n import tr
from gem.labels import choices as code_choices
from gem.labels import label as code_label
from gem.services.values import BadValue, parse_date, parse_decimal, parse_time
from gem.ui.widgets.date_edit import DateEdit
from gem.ui.widgets.money_edit import MoneyEdit
from gem.ui.widgets.multi_picker import MultiPicker, TextListEdit
from gem.ui.widgets.record_picker import RecordPicker
from gem.ui.widgets.sources import source as picker_source

_ERROR_STYLE = "color: #b03a2e;"

# Linked records that open in a tab of their own, by picker source: the list name the shell's
# open_form knows. The other sources (people, reference tables, bargaining units) have no form
# of their own in a tab.
LINKED_LISTS = {"member": "members", "institution": "institutions", "grievance": "grievances",
                "union_leave": "union_leaves"}


W = TypeVar("W", bound=QWidget)


class Field(Generic[W]):
    """Base class; subclasses create ``self.widget`` in ``build``. Generic over the widget
    so that each field reaches its own widget's methods (``text()``, ``currentData()``...)
    typed, without a cast at every use."""

    extra = False   # a service input that is not a column (member_ids, articles...)

    def __init__(self, key: str, label: str, *, required: bool = False, default: Any = None,
                 only_new: bool = False, read_only: bool = False, hint: str = ""):
        self.key = key
        self.label = label
        self.required = required
        self.default = default
        self.only_new = only_new          # shown and sent only when creating the record
        self.always_read_only = read_only
        self.hint = hint
        self.widget: W
        self.error = QLabel()
        self.label_widget: QLabel | None = None
        self.container: QWidget | None = None
        self.language = "fr"

    # ---------------------------------------------------------------- building
    def build(self, form: Any) -> W:
        raise NotImplementedError

    def make(self, form: Any) -> W:
        self.language = form.ctx.actor.language
        self.widget = self.build(form)
        self.widget.setObjectName(f"field_{self.key}")
        if self.focus_widget() is not self.widget:
            self.widget.setObjectName(f"field_{self.key}_box")
            self.focus_widget().setObjectName(f"field_{self.key}")
            self.focus_widget().setAccessibleName(self.label)
        self.widget.setAccessibleName(self.label)
        if self.hint:
            self.widget.setToolTip(self.hint)
        self.error.setObjectName(f"error_{self.key}")
        self.error.setStyleSheet(_ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        return self.widget

    def focus_widget(self) -> QWidget:
        return self.widget

    def tab_widgets(self) -> list[QWidget]:
        """The widgets of this field in the form's tab chain, in order."""
        return [self.focus_widget()]

    def connect_changed(self, slot: Callable[[], None]) -> None:
        raise NotImplementedError

    def connect_open(self, slot: Callable[[str, Any], None]) -> None:
        """``slot(list_name, id)`` when the person asks to open the linked record."""

    # ---------------------------------------------------------------- values
    def raw(self) -> Any:
        raise NotImplementedError

    def canonical(self) -> Any:
        return self.raw()

    def canonical_stored(self, value: Any) -> Any:
        return value

    def show_stored(self, value: Any, label: str | None = None) -> None:
        raise NotImplementedError

    def display_stored(self, value: Any, label: str | None = None) -> str:
        return "" if value is None else str(value)

    def display_current(self) -> str:
        return str(self.raw() or "")

    def local_error(self) -> str | None:
        return None

    def set_read_only(self, read_only: bool) -> None:
        setter = getattr(self.widget, "setReadOnly", None)
        if setter is not None:
            setter(read_only or self.always_read_only)
        else:
            self.widget.setEnabled(not (read_only or self.always_read_only))

    # ---------------------------------------------------------------- errors
    def show_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))

    def error_text(self) -> str:
        return self.error.text()


TW = TypeVar("TW", QLineEdit, QPlainTextEdit)


class _TextBase(Field[TW]):
    """What one line and several lines of text share: a length and a placeholder."""

    def __init__(self, key: str, label: str, *, max_length: int = 0, placeholder: str = "",
                 **kw: Any):
        super().__init__(key, label, **kw)
        self.max_length = max_length
        self.placeholder = placeholder

    def raw(self) -> str:
        raise NotImplementedError

    def canonical(self) -> str:
        return self.raw().strip()

    def canonical_stored(self, value: Any) -> str:
        return "" if value is None else str(value).strip()


class TextField(_TextBase[QLineEdit]):
    def build(self, form: Any) -> QLineEdit:
        edit = QLineEdit()
        if self.max_length:
            edit.setMaxLength(self.max_length)
        if self.placeholder:
            edit.setPlaceholderText(self.placeholder)
        return edit

    def connect_changed(self, slot: Callable[[], None]) -> None:
        self.widget.textChanged.connect(lambda _t: slot())

    def raw(self) -> str:
        return self.widget.text()

    def show_stored(self, value: Any, label: str | None = None) -> None:
        self.widget.setText("" if value is None else str(value))
        self.widget.setCursorPosition(0)


class NoteField(_TextBase[QPlainTextEdit]):
    """Several lines (facts, remedy sought, notes); Tab still moves to the next field."""

    def __init__(self, key: str, label: str, *, lines: int = 4, **kw: Any):
        super().__init__(key, label, **kw)
        self.lines = lines

    def build(self, form: Any) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        # a fixed height per field, as on the paper form: an expanding box would push the
        # sections below it off the screen
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * self.lines + 14)
        edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        if self.placeholder:
            edit.setPlaceholderText(self.placeholder)
        return edit

    def connect_changed(self, slot: Callable[[], None]) -> None:
        self.widget.textChanged.connect(slot)

    def raw(self) -> str:
        return self.widget.toPlainText()

    def show_stored(self, value: Any, label: str | None = None) -> None:
        self.widget.setPlainText("" if value is None else str(value))

    def display_current(self) -> str:
        return self.raw()


class DateField(Field[DateEdit]):
    def build(self, form: Any) -> DateEdit:
        edit = DateEdit(language=form.ctx.actor.language)
        edit.validity_changed.connect(lambda _ok: self.show_error(edit.error_message()))
        return edit

    def connect_changed(self, slot: Callable[[], None]) -> None:
        self.widget.textChanged.connect(lambda _t: slot())

    def raw(self) -> str:
        return self.widget.text().strip()

    def canonical(self) -> str:
        try:
            value = parse_date(self.raw())
        except BadValue:
            return "?" + self.raw()
        return value.isoformat() if value else ""

    def canonical_stored(self, value: Any) -> str:
        try:
            parsed = parse_date(value)
        except BadValue:
            return "?" + str(value)
        return parsed.isoformat() if parsed else ""

    def show_stored(self, value: Any, label: str | None = None) -> None:
        self.widget.set_date(value)

    def display_stored(self, value: Any, label: str | None = None) -> str:
        return self.canonical_stored(value).lstrip("?")

    def local_error(self) -> str | None:
        return self.widget.error_message()

    def date_value(self) -> date | None:
        try:
            return parse_date(self.raw())
        except BadValue:
            return None


class TimeField(TextField):
    def build(self, form: Any) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(self.placeholder or "HH:MM")
        edit.setMaxLength(5)
        edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("00:00") + 40)
        return edit

    def canonical(self) -> str:
        try:
            value = parse_time(self.raw())
        except BadValue:
            return "?" + self.raw()
        return value.strftime("%H:%M") if value else ""

    def canonical_stored(self, value: Any) -> str:
        try:
            parsed = parse_time(value)
        except BadValue:
            return "?" + str(value)
        return parsed.strftime("%H:%M") if parsed else ""

    def show_stored(self, value: Any, label: str | None = None) -> None:
        self.widget.setText(self.canonical_stored(value))

    def display_stored(self, value: Any, label: str | None = None) -> str:
        return self.canonical_stored(value)

    def local_error(self) -> str | None:
        try:
            parse_time(self.raw())
        except BadValue as exc:
            return tr(exc.msgid, self.language, **exc.params)
        return None


class MoneyField(Field[MoneyEdit]):
    def __init__(self, key: str, label: str, *, decimals: int = 2, money: bool = True,
                 **kw: Any):
        super().__init__(key, label, **kw)
        self.decimals = decimals
        self.money = money

    def build(self, form: Any) -> MoneyEdit:
        edit = MoneyEdit(decimals=self.decimals, language=form.ctx.actor.language,
                         suffix="\u00a0$" if self.money and form.ctx.actor.language == "fr"
                         else "")
        edit.validity_changed.connect(lambda _ok: self.show_error(edit.error_message()))
        return edit

    def connect_changed(self, slot: Callable[[], None]) -> None:
        self.widget.textChanged.connect(lambda _t: slot())

    def raw(self) -> str:
        return self.widget.raw()

    def _norm(self, value: Any) -> str:
        try:
            number = parse_decimal(value)
        except BadValue:
            return "?" + str(value)
        if number is None:
            return ""
        return str(number.quantize(Decimal(1).scaleb(-self.decimals)))

    def canonical(self) -> str:
        return self._norm(self.raw())

    def canonical_stored(self, value: Any) -> str:
        return self._norm(value)

    def show_stored(self, value: Any, label: str | None = None) -> None:
        self.widget.set_value(value)

    def display_stored(self, value: Any, label: str | None = None) -> str:
        try:
            number = parse_decimal(value)
        except BadValue:
            return str(value)
        if number is None:
            return ""
        return format_money(number, self.language) if self.money else \
            format_number(number, self.decimals, self.language)

    def display_current(self) -> str:
        return self.widget.text()

    def local_error(self) -> str | None:
        return self.widget.error_message()


class ChoiceField(Field[QComboBox]):
    """A coded value from gem.labels (or explicit pairs); optional fields start empty."""

    def __init__(self, key: str, label: str, kind: str = "", *,
                 pairs: Sequence[tuple[str, str]] | None = None, **kw: Any):
        super().__init__(key, label, **kw)
        self.kind = kind
        self.pairs = pairs

    def build(self, form: Any) -> QComboBox:
        combo = QComboBox()
        pairs = self.pairs if self.pairs is not None else \
            code_choices(self.kind, form.ctx.actor.language)
        if not self.required or self.default is None:
            combo.addItem("", None)  # a required choice starts empty: never a silent default
        for code, text in pairs:
            combo.addItem(text, code)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def connect_changed(self, slot: Callable[[], None]) -> None:
        self.widget.currentIndexChanged.connect(lambda _i: slot())

    def raw(self) -> str | None:
        return self.widget.currentData()

    def canonical(self) -> str:
        return self.raw() or ""

    def canonical_stored(self, value: Any) -> str:
        return value or ""

    def show_stored(self, value: Any, label: str | None = None) -> None:
        combo = self.widget
        index = combo.findData(value)
        if index < 0 and value:
            combo.addItem(self.display_stored(value), value)  # a retired code stays visible
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))

    def display_stored(self, value: Any, label: str | None = None) -> str:
        if not value:
            return ""
        for code, text in (self.pairs or []):
            if code == value:
                return text
        return code_label(self.kind, value, self.language) if self.kind else str(value)

    def display_current(self) -> str:
        return self.widget.currentText()

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setEnabled(not (read_only or self.always_read_only))


class CheckField(Field[QCheckBox]):
    def build(self, form: Any) -> QCheckBox:
        return QCheckBox()

    def connect_changed(self, slot: Callable[[], None]) -> None:
        self.widget.toggled.connect(lambda _b: slot())

    def raw(self) -> bool:
        return self.widget.isChecked()

    def canonical_stored(self, value: Any) -> bool:
        if isinstance(value, str):
            return value.lower() in ("1", "true", "oui")
        return bool(value)

    def show_stored(self, value: Any, label: str | None = None) -> None:
        self.widget.setChecked(self.canonical_stored(value))

    def display_stored(self, value: Any, label: str | None = None) -> str:
        return format_bool(self.canonical_stored(value), self.language)

    def display_current(self) -> str:
        return format_bool(self.raw(), self.language)

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setEnabled(not (read_only or self.always_read_only))


class PickerField(Field[RecordPicker]):
    """A link to another record, chosen by searching (see RecordPicker)."""

    def __init__(self, key: str, label: str, source: str, *,
                 context: Callable[[], dict[str, Any]] | None = None, **kw: Any):
        super().__init__(key, label, **kw)
        self.source_kind = source
        self.context = context
        self.opens = LINKED_LISTS.get(source)

    def build(self, form: Any) -> RecordPicker:
        picker = RecordPicker(form.ctx, picker_source(self.source_kind), context=self.context)
        picker.set_openable(self.opens is not None)
        return picker

    def connect_open(self, slot: Callable[[str, Any], None]) -> None:
        if self.opens is not None:
            kind = self.opens
            self.widget.open_requested.connect(
                lambda ident: slot(kind, ident))

    def connect_changed(self, slot: Callable[[], None]) -> None:
        self.widget.value_changed.connect(lambda _v: slot())
        self.widget.textChanged.connect(lambda _t: slot())

    def raw(self) -> Any:
        return self.widget.value()

    def canonical(self) -> Any:
        picker = self.widget
        if picker.is_unresolved():
            return "?" + picker.text()
        return picker.value()

    def show_stored(self, value: Any, label: str | None = None) -> None:
        self.widget.set_value(value, label or ("" if value is None else f"#{value}"))

    def display_stored(self, value: Any, label: str | None = None) -> str:
        return label or ("" if value is None else f"#{value}")

    def display_current(self) -> str:
        return self.widget.text()

    def local_error(self) -> str | None:
        picker = self.widget
        if picker.is_unresolved():
            return QCoreApplication.translate(
                "Field", "« {value} » : choisissez une valeur dans la liste (Entrée ou Tab)."
            ).format(value=picker.text().strip())
        return None


class MultiField(Field[MultiPicker]):
    """Several linked records (member_ids, grievance_ids): an extra service input."""

    extra = True

    def __init__(self, key: str, label: str, source: str, *,
                 context: Callable[[], dict[str, Any]] | None = None, **kw: Any):
        super().__init__(key, label, **kw)
        self.source_kind = source
        self.context = context
        self.opens = LINKED_LISTS.get(source)

    def build(self, form: Any) -> MultiPicker:
        picker = MultiPicker(form.ctx, picker_source(self.source_kind), context=self.context)
        picker.set_openable(self.opens is not None)
        return picker

    def focus_widget(self) -> QWidget:
        return self.widget.search

    def tab_widgets(self) -> list[QWidget]:
        # the chosen list takes the focus only when the search is hidden (read-only)
        return [self.widget.search, self.widget.chosen]

    def connect_open(self, slot: Callable[[str, Any], None]) -> None:
        if self.opens is not None:
            kind = self.opens
            self.widget.open_requested.connect(
                lambda ident: slot(kind, ident))

    def connect_changed(self, slot: Callable[[], None]) -> None:
        self.widget.changed.connect(slot)
        self.widget.search.textChanged.connect(lambda _t: slot())

    def raw(self) -> list[Any]:
        return self.widget.values()

    def canonical(self) -> Any:
        return tuple(self.raw())

    def canonical_stored(self, value: Any) -> Any:
        return tuple(ident for ident, _label in (value or []))

    def show_stored(self, value: Any, label: str | None = None) -> None:
        self.widget.set_values(list(value or []))

    def display_stored(self, value: Any, label: str | None = None) -> str:
        return "; ".join(text for _ident, text in (value or []))

    def display_current(self) -> str:
        return "; ".join(self.widget.labels())

    def local_error(self) -> str | None:
        picker = self.widget.search
        if picker.is_unresolved():
            return QCoreApplication.translate(
                "Field", "« {value} » : choisissez dans la liste (Entrée) ou effacez le texte."
            ).format(value=picker.text().strip())
        return None


class TextListField(Field[TextListEdit]):
    """A free list on one line (articles invoked: "12.03; 5.01")."""

    extra = True

    def build(self, form: Any) -> TextListEdit:
        edit = TextListEdit()
        edit.setPlaceholderText(QCoreApplication.translate("Field", "ex. 12.03; 5.01"))
        return edit

    def connect_changed(self, slot: Callable[[], None]) -> None:
        self.widget.textChanged.connect(lambda _t: slot())

    def raw(self) -> list[str]:
        return self.widget.values()

    def canonical(self) -> Any:
        return tuple(self.raw())

    def canonical_stored(self, value: Any) -> Any:
        return tuple(value or [])

    def show_stored(self, value: Any, label: str | None = None) -> None:
        self.widget.set_values(list(value or []))

    def display_stored(self, value: Any, label: str | None = None) -> str:
        return "; ".join(value or [])


class DisplayField(Field[QLabel]):
    """Shown, never typed (an invoice total kept by its lines, who approved a leave)."""

    def __init__(self, key: str, label: str, *, kind: str = "text", source: str | None = None,
                 **kw: Any):
        super().__init__(key, label, read_only=True, **kw)
        self.kind = kind
        self.source_kind = source  # a linked record, named through its picker source

    def build(self, form: Any) -> QLabel:
        text = QLabel()
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return text

    def connect_changed(self, slot: Callable[[], None]) -> None:
        pass

    def raw(self) -> Any:
        return None

    def canonical(self) -> Any:
        return None

    def canonical_stored(self, value: Any) -> Any:
        return None

    def show_stored(self, value: Any, label: str | None = None) -> None:
        self.widget.setText(label or self.display_stored(value))

    def display_stored(self, value: Any, label: str | None = None) -> str:
        if value is None:
            return ""
        if self.kind == "money":
            try:
                return format_money(parse_decimal(value), self.language)
            except BadValue:
                return str(value)
        if self.kind == "date":
            try:
                parsed = parse_date(value)
            except BadValue:
                return str(value)
            return parsed.isoformat() if parsed else ""
        return str(value)

    def set_read_only(self, read_only: bool) -> None:
        pass
