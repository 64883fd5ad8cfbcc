"""The deadline calculator: the window's twin of ``gem deadline compute``.

A counsellor asks "30 days after 2026-06-01?" or "the CNESST review delay from this
notification?" and gets the date with the sentence that explains it, from the same engine
the files use (holidays, weekends, month ends, caps), so the answer can be checked by hand.
A free length counts on the calendar picked (by default every day the C.p.c. lists, as GEM
always has); the answer names the calendar and, when an unverified day could make it later,
the « au plus tard » date. The length's field goes as far as the computation does
(gem.services.deadlines.compute.MAX_LENGTH, for the unit picked) and no further.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from gem.i18n import tr
from gem.services import records
from gem.services.deadlines.calendars import load_calendars
from gem.services.deadlines.compute import MAX_LENGTH, UNIT_LABELS
from gem.services.records import RuleChoice
from gem.services.values import BadValue, parse_date
from gem.ui.errors import message_for
from gem.ui.widgets.date_edit import DateEdit

FREE = ""
HABITUAL = ""  # no calendar named: every day the C.p.c. calendar lists


class DeadlineCalculator(QDialog):
    def __init__(self, ctx: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.lang = ctx.actor.language
        self.rules: dict[str, RuleChoice] = {}
        self.result: Any = None
        self.setWindowTitle(self.tr("Calculer une échéance"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.rule = QComboBox()
        self.rule.setObjectName("calc_rule")
        self.rule.addItem(self.tr("Durée libre (N jours, mois…)"), FREE)
        self.rule.currentIndexChanged.connect(self._rule_changed)
        form.addRow(self.tr("Règle"), self.rule)
        length_row = QHBoxLayout()
        self.length = QSpinBox()
        self.length.setObjectName("calc_length")
        self.length.setValue(30)
        self.unit = QComboBox()
        self.unit.setObjectName("calc_unit")
        for code, text in UNIT_LABELS.items():
            self.unit.addItem(tr(text, self.lang), code)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self._unit_changed()
        length_row.addWidget(self.length)
        length_row.addWidget(self.unit, 1)
        self.length_label = QLabel(self.tr("Durée"))
        form.addRow(self.length_label, length_row)
        self.calendar = QComboBox()
        self.calendar.setObjectName("calc_calendar")
        self.calendar.addItem(self.tr("Habituel (tous les jours du C.p.c.)"), HABITUAL)
        self.calendar_label = QLabel(self.tr("Calendrier"))
        self.calendar_label.setBuddy(self.calendar)
        form.addRow(self.calendar_label, self.calendar)
        self.trigger = DateEdit(language=self.lang)
        self.trigger.setObjectName("calc_trigger")
        self.trigger_label = QLabel(self.tr("Point de départ"))
        form.addRow(self.trigger_label, self.trigger)
        self.cap = DateEdit(language=self.lang)
        self.cap.setObjectName("calc_cap")
        self.cap_label = QLabel(self.tr("Date de l'événement (plafond)"))
        form.addRow(self.cap_label, self.cap)
        layout.addLayout(form)

        self.error = QLabel()
        self.error.setObjectName("calc_error")
        self.error.setStyleSheet("color: #b03a2e;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.due = QLabel()
        self.due.setObjectName("calc_due")
        font = self.due.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.due.setFont(font)
        self.due.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.due)
        self.latest = QLabel()
        self.latest.setObjectName("calc_latest")
        self.latest.setWordWrap(True)
        self.latest.setStyleSheet("color: #7e5109;")
        self.latest.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.latest.hide()
        layout.addWidget(self.latest)
        self.explanation = QLabel()
        self.explanation.setObjectName("calc_explanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.explanation)
        self.calendar_note = QLabel()
        self.calendar_note.setObjectName("calc_calendar_text")
        self.calendar_note.setWordWrap(True)
        self.calendar_note.setStyleSheet("color: #555;")
        layout.addWidget(self.calendar_note)
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setStyleSheet("color: #555;")
        layout.addWidget(self.source)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.compute_button = QPushButton(self.tr("Calculer (Entrée)"))
        self.compute_button.setDefault(True)
        self.compute_button.clicked.connect(self.compute)
        close = QPushButton(self.tr("Fermer"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons.addWidget(self.compute_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)
        self._rule_changed()
        self._load_rules()
        self._load_calendars()

    def _load_rules(self) -> None:
        lang = self.lang

        def job(session: Any, _control: Any) -> list[RuleChoice]:
            return records.rule_choices(session, lang)

        def shown(rows: list[RuleChoice]) -> None:
            if not isValid(self):
                return
            for row in rows:
                self.rules[row.code] = row
                self.rule.addItem(row.name, row.code)

        def failed(exc: BaseException) -> None:
            if isValid(self):
                self._show_error(message_for(exc, lang))

        self.ctx.read(job).on_success(shown).on_failure(failed).run()

    def _load_calendars(self) -> None:
        lang = self.lang

        def job(session: Any, _control: Any) -> list[tuple[str, str]]:
            return [(code, spec.name(lang))
                    for code, spec in load_calendars(session).by_code.items()]

        def shown(rows: list[tuple[str, str]]) -> None:
            if isValid(self):
                for code, name in rows:
                    self.calendar.addItem(name, code)

        def failed(exc: BaseException) -> None:
            if isValid(self):
                self._show_error(message_for(exc, lang))

        self.ctx.read(job).on_success(shown).on_failure(failed).run()

    def select_calendar(self, code: str | None) -> bool:
        index = self.calendar.findData(code or HABITUAL)
        if index >= 0:
            self.calendar.setCurrentIndex(index)
        return index >= 0

    def _rule_changed(self) -> None:
        code = self.rule.currentData()
        free = code == FREE
        for widget in (self.length, self.unit, self.length_label, self.calendar,
                       self.calendar_label):
            widget.setEnabled(free)
        rule = self.rules.get(code)
        has_cap = not free and rule is not None and rule.has_cap
        self.cap.setEnabled(has_cap)
        self.cap_label.setEnabled(has_cap)

    def _unit_changed(self) -> None:
        """The length's range for the unit picked: the computation refuses more (a hundred
        years), so the field never offers what would only come back as an error."""
        self.length.setRange(1, MAX_LENGTH[self.unit.currentData()])

    def select_rule(self, code: str) -> None:
        index = self.rule.findData(code)
        if index >= 0:
            self.rule.setCurrentIndex(index)

    def compute(self) -> None:
        lang, code = self.lang, self.rule.currentData()
        length, unit = self.length.value(), self.unit.currentData()
        try:
            trigger = parse_date(self.trigger.text())
            cap = parse_date(self.cap.text()) if self.cap.isEnabled() else None
        except BadValue as exc:
            self._show_error(tr(exc.msgid, lang, **exc.params))
            return

        rule_code = None if code == FREE else code
        calendar = (self.calendar.currentData() or None) if rule_code is None else None

        def job(session: Any, _control: Any) -> Any:
            return records.compute_deadline(session, rule_code, trigger, cap, length, unit,
                                            lang, calendar=calendar)

        def computed(result: Any) -> None:
            if isValid(self):
                self._show(result)

        def failed(exc: BaseException) -> None:
            if isValid(self):
                self._show_error(message_for(exc, lang))

        self.ctx.read(job).on_success(computed).on_failure(failed).run()

    def _fit(self) -> None:
        """Grow to the height the answer's wrapped lines need (a dialog does not follow its
        labels' height-for-width by itself, and squeezes the form's rows instead)."""
        layout = self.layout()
        assert layout is not None  # the QVBoxLayout set in __init__
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() \
            else layout.totalSizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.due.clear()
        self.latest.clear()
        self.latest.hide()
        self.explanation.clear()
        self.calendar_note.clear()
        self.source.clear()
        self._fit()

    def _show(self, result: Any) -> None:
        self.result = result
        self.error.hide()
        self.due.setText(result.due_date.isoformat())
        if result.latest_date is not None:
            self.latest.setText(self.tr("Au plus tard {latest} si les jours non vérifiés du "
                                        "calendrier sont fériés (date non retenue)").format(
                                            latest=result.latest_date.isoformat()))
        self.latest.setVisible(result.latest_date is not None)
        self.explanation.setText(result.explain(self.lang))
        self.calendar_note.setText(result.calendar_text(self.lang) or "")
        if result.rule_code:
            self.source.setText(self.tr("Source : {source}").format(source=result.source or "")
                                + ("" if result.verified else self.tr(" (non vérifiée)")))
        else:
            self.source.clear()
        self._fit()


__all__ = ["DeadlineCalculator"]
