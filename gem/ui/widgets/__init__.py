"""Input widgets shared by the record forms (and usable by any other screen): dates and
amounts typed the Québec way, and search-as-you-type pickers for linked records."""

from gem.ui.widgets.date_edit import DateEdit
from gem.ui.widgets.money_edit import MoneyEdit
from gem.ui.widgets.multi_picker import MultiPicker, TextListEdit
from gem.ui.widgets.record_picker import PickerSource, RecordPicker

__all__ = ["DateEdit", "MoneyEdit", "MultiPicker", "PickerSource", "RecordPicker",
           "TextListEdit"]
