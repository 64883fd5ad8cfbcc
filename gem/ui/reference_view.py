"""Tables de référence (administrators only): job titles, arbitrators, proclaimed holidays,
deadline rules and the calendars deadlines are counted on.

Each table is a plain read-only grid filled by a read in a worker; additions and changes go
through a dialog that calls the existing service in a write worker (the window hides, the
service refuses). A dialog stays open with everything typed when the service reports an error.
A deadline rule is never edited in place: "Modifier la durée…" previews the new version,
lists the open deadlines whose date would move, and applies it only once confirmed, moving
only the deadlines the administrator ticked (gem.services.deadlines.rules).
« Calendriers » shows what each rule counts on and the days each calendar treats as holidays
this year and next, unverified ones marked; an administrator defines a collective agreement's
own days there, which moves no deadline already computed but lists those to look at
(gem.services.deadlines.calendar_admin).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from gem import clock
from gem.i18n import current_language, tr
from gem.services.actor import Actor
from gem.services.arbitration import ArbitratorService
from gem.services.collective_agreement import CollectiveAgreementService
from gem.services.deadlines import (
    add_proclaimed_holiday,
    apply_rule_change,
    length_text,
    list_rules,
    load_calendar,
    preview_rule_change,
    select_version,
)
from gem.services.deadlines.calendar_admin import (
    AgreementDays,
    CalendarListing,
    DayEntry,
    RuleCalendar,
    agreement_days,
    calendar_listing,
    rule_calendars,
    set_agreement_days,
)
from gem.services.deadlines.calendars import HOLIDAY, UNVERIFIED
from gem.services.deadlines.compute import TRIGGER_LABELS, UNIT_LABELS
from gem.services.errors import GemError, ValidationError
from gem.services.reference import JobTitleService
from gem.ui.context import AppContext
from gem.ui.widgets.date_edit import DateEdit


def _error_text(exc: BaseException, lang: str) -> str:
    if isinstance(exc, GemError):
        return exc.message(lang)
    return str(exc)


def _agreement_choices(actor: Actor):
    """The job that reads the collective agreements, (id, name) by name, for a picker."""
    def job(session, _c):
        return [(a.id, a.name) for a in
                CollectiveAgreementService().find(session, actor, order_by="name", limit=None)]
    return job


def _alive(widget: QWidget, fn):
    """``fn`` for a worker's answer, skipped when ``widget`` was closed and deleted meanwhile
    (lambdas are not disconnected with their widget the way bound slots are)."""
    return lambda *args: fn(*args) if isValid(widget) else None


def _grid(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(text))


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorText")
    label.setWordWrap(True)
    label.hide()
    return label


# ---------------------------------------------------------------------- record dialog
class RecordDialog(QDialog):
    """Add or edit one row: ``fields`` is [(key, label, "text" | "bool")]; ``save_fn(data)``
    is the service call run in the write worker."""

    def __init__(self, ctx: AppContext, title: str, fields: list[tuple[str, str, str]],
                 values: dict[str, Any] | None, save_fn, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._save_fn = save_fn
        self._lang = current_language()
        self.setWindowTitle(title)
        form = QFormLayout()
        self.editors: dict[str, QLineEdit | QCheckBox] = {}
        values = values or {}
        for key, text, kind in fields:
            if kind == "bool":
                box = QCheckBox()
                box.setChecked(bool(values.get(key, True)))
                editor: QLineEdit | QCheckBox = box
            else:
                line = QLineEdit()
                line.setText(values.get(key) or "")
                editor = line
            editor.setObjectName(key)
            editor.setAccessibleName(text.replace("&", ""))
            self.editors[key] = editor
            form.addRow(text, editor)
        self.message = _error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enregistrer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def data(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QCheckBox):
                result[key] = editor.isChecked()
            else:
                result[key] = editor.text().strip() or None
        return result

    def save(self) -> None:
        data, save_fn = self.data(), self._save_fn
        self.buttons.setEnabled(False)
        self.ctx.write(lambda session, _c: save_fn(session, data)) \
            .on_success(self._saved).on_failure(self._failed).run()

    def _saved(self, _result: object) -> None:
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(_error_text(exc, self._lang))
        self.message.show()
        self.buttons.setEnabled(True)


# ---------------------------------------------------------------------- panels
class _Panel(QWidget):
    """A grid, a button bar and a status line; ``load()`` reads ``rows`` in a worker."""

    def __init__(self, ctx: AppContext, headers: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._lang = current_language()
        self.rows: list[dict[str, Any]] = []
        self.loading = False
        self._serial = 0
        self.dialog: QDialog | None = None
        self.table = _grid(headers)
        self.bar = QHBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.table.doubleClicked.connect(lambda _i: self.edit_record())

    def fetch(self, session, actor, lang: str) -> list[dict[str, Any]]:
        """The rows, as plain values; runs in the worker, so it touches no widget."""
        raise NotImplementedError

    def cells(self, row: dict[str, Any]) -> list[str]:
        raise NotImplementedError

    def load(self) -> None:
        actor, lang, fetch = self.ctx.actor, self._lang, self.fetch
        self._read(lambda session, _c: fetch(session, actor, lang))

    def _read(self, job) -> None:
        """Run ``job`` in a read worker; only the latest load fills the grid."""
        self._serial += 1
        serial = self._serial
        self.loading = True
        self.ctx.read(job).on_success(_alive(self, lambda rows: self._loaded(rows, serial))) \
            .on_failure(_alive(self, lambda exc: self._load_failed(exc, serial))).run()

    def _loaded(self, rows: list[dict[str, Any]], serial: int) -> None:
        if serial != self._serial:
            return
        self.rows = list(rows)
        _fill(self.table, [self.cells(r) for r in self.rows])
        self.loading = False

    def _load_failed(self, exc: BaseException, serial: int) -> None:
        if serial != self._serial:
            return
        self.loading = False
        self.status.setText(_error_text(exc, self._lang))

    def selected(self) -> dict[str, Any] | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _show(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.accepted.connect(self.load)
        dialog.open()
        return dialog

    def add_record(self) -> QDialog | None:
        return None

    def edit_record(self) -> QDialog | None:
        return None


class JobTitlesPanel(_Panel):
    entity = "job_title"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, [self.tr("Code"), self.tr("Titre d'emploi"),
                               self.tr("Titre anglais"), self.tr("Secteur")], parent)
        self.add_button = QPushButton(self.tr("&Ajouter…"))
        self.add_button.clicked.connect(self.add_record)
        self.edit_button = QPushButton(self.tr("&Modifier…"))
        self.edit_button.clicked.connect(self.edit_record)
        self.bar.addWidget(self.add_button)
        self.bar.addWidget(self.edit_button)
        self.bar.addStretch(1)

    def fields(self) -> list[tuple[str, str, str]]:
        return [("code", self.tr("&Code"), "text"),
                ("title_fr", self.tr("&Titre d'emploi"), "text"),
                ("title_en", self.tr("Titre &anglais"), "text"),
                ("sector", self.tr("&Secteur"), "text")]

    def fetch(self, session, actor, lang: str) -> list[dict[str, Any]]:
        return [{"id": j.id, "version": j.version, "code": j.code, "title_fr": j.title_fr,
                 "title_en": j.title_en, "sector": j.sector}
                for j in JobTitleService().find(session, actor, limit=None)]

    def cells(self, row: dict[str, Any]) -> list[str]:
        return [row["code"] or "", row["title_fr"], row["title_en"] or "", row["sector"] or ""]

    def add_record(self) -> QDialog:
        actor = self.ctx.actor

        def save(session, data):
            return JobTitleService().create(session, actor, data).id
        return self._show(RecordDialog(self.ctx, self.tr("Nouveau titre d'emploi"),
                                       self.fields(), None, save, self))

    def edit_record(self) -> QDialog | None:
        row = self.selected()
        if row is None:
            return None
        actor, ident, version = self.ctx.actor, row["id"], row["version"]

        def save(session, data):
            return JobTitleService().update(session, actor, ident, data, version).id
        return self._show(RecordDialog(self.ctx, self.tr("Modifier le titre d'emploi"),
                                       self.fields(), row, save, self))


class ArbitratorsPanel(_Panel):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, [self.tr("Nom"), self.tr("Courriel"), self.tr("Téléphone"),
                               self.tr("Actif")], parent)
        self.add_button = QPushButton(self.tr("&Ajouter…"))
        self.add_button.clicked.connect(self.add_record)
        self.edit_button = QPushButton(self.tr("&Modifier…"))
        self.edit_button.clicked.connect(self.edit_record)
        self.bar.addWidget(self.add_button)
        self.bar.addWidget(self.edit_button)
        self.bar.addStretch(1)

    def fields(self) -> list[tuple[str, str, str]]:
        return [("name", self.tr("&Nom"), "text"), ("email", self.tr("&Courriel"), "text"),
                ("phone", self.tr("&Téléphone"), "text"), ("active", self.tr("A&ctif"), "bool")]

    def fetch(self, session, actor, lang: str) -> list[dict[str, Any]]:
        return [{"id": a.id, "version": a.version, "name": a.name, "email": a.email,
                 "phone": a.phone, "active": a.active}
                for a in ArbitratorService().find(session, actor, limit=None)]

    def cells(self, row: dict[str, Any]) -> list[str]:
        return [row["name"], row["email"] or "", row["phone"] or "",
                self.tr("Oui") if row["active"] else self.tr("Non")]

    def add_record(self) -> QDialog:
        actor = self.ctx.actor

        def save(session, data):
            return ArbitratorService().create(session, actor, data).id
        return self._show(RecordDialog(self.ctx, self.tr("Nouvel arbitre"), self.fields(),
                                       None, save, self))

    def edit_record(self) -> QDialog | None:
        row = self.selected()
        if row is None:
            return None
        actor, ident, version = self.ctx.actor, row["id"], row["version"]

        def save(session, data):
            return ArbitratorService().update(session, actor, ident, data, version).id
        return self._show(RecordDialog(self.ctx, self.tr("Modifier l'arbitre"), self.fields(),
                                       row, save, self))


class HolidayDialog(QDialog):
    """A day the government proclaims a holiday."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._lang = current_language()
        self.result_text = ""
        self.added_day: date | None = None
        self.setWindowTitle(self.tr("Nouveau jour férié proclamé"))
        self.day = DateEdit(language=self._lang)
        self.day.setAccessibleName(self.tr("Date"))
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Nom"))
        self.source = QLineEdit()
        self.source.setAccessibleName(self.tr("Source"))
        self.source.setPlaceholderText(self.tr("Décret, Gazette officielle…"))
        form = QFormLayout()
        form.addRow(self.tr("&Date"), self.day)
        form.addRow(self.tr("&Nom"), self.name)
        form.addRow(self.tr("&Source"), self.source)
        self.message = _error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enregistrer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.buttons.setEnabled(True)

    def save(self) -> None:
        problem = self.day.error_message()
        if problem is not None:
            self._error(self.tr("Date : {problem}").format(problem=problem))
            return
        actor, day = self.ctx.actor, self.day.date()
        name, source = self.name.text(), self.source.text()

        def job(session, _c):
            added = add_proclaimed_holiday(session, actor, day, name, source)
            return added.holiday.day, len(added.deadlines_on_that_day)
        self.buttons.setEnabled(False)
        self.ctx.write(job).on_success(self._saved).on_failure(
            _alive(self, lambda exc: self._error(_error_text(exc, self._lang)))).run()

    def _saved(self, result: tuple[date, int]) -> None:
        self.added_day, count = result
        self.result_text = self.tr(
            "{count} échéance(s) ouverte(s) tombent ce jour-là ; leur date n'a pas changé : "
            "vérifiez ces dossiers.").format(count=count) if count else ""
        self.accept()


class HolidaysPanel(_Panel):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, [self.tr("Date"), self.tr("Nom"), self.tr("Type")], parent)
        self.year = QSpinBox()
        self.year.setRange(1990, 2100)
        self.year.setValue(clock.today().year)
        self.year.setAccessibleName(self.tr("Année"))
        self.year.valueChanged.connect(lambda _v: self.load())
        self.add_button = QPushButton(self.tr("&Ajouter un jour proclamé…"))
        self.add_button.clicked.connect(self.add_record)
        self.bar.addWidget(QLabel(self.tr("Année :")))
        self.bar.addWidget(self.year)
        self.bar.addWidget(self.add_button)
        self.bar.addStretch(1)

    def load(self) -> None:  # the year is read here, on the GUI thread
        year, lang = self.year.value(), self._lang
        self._read(lambda session, _c: [
            {"day": h.day, "name": h.name(lang), "proclaimed": h.code is None}
            for h in load_calendar(session).listing(year)])

    def cells(self, row: dict[str, Any]) -> list[str]:
        return [row["day"].isoformat(), row["name"],
                self.tr("Proclamé") if row["proclaimed"] else self.tr("Statutaire")]

    def add_record(self) -> QDialog:
        dialog = HolidayDialog(self.ctx, self)
        dialog.accepted.connect(lambda: self._added(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _added(self, dialog: HolidayDialog) -> None:
        self.status.setText(dialog.result_text)
        if dialog.added_day is not None and dialog.added_day.year != self.year.value():
            self.year.setValue(dialog.added_day.year)  # reloads
        else:
            self.load()


class RuleChangeDialog(QDialog):
    """A new length for one rule from a date, for every agreement or one: preview, tick the
    deadlines to move, apply."""

    def __init__(self, ctx: AppContext, rule: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.rule = rule
        self._lang = current_language()
        self.preview: Any = None
        self.applied_version: int | None = None
        self.setWindowTitle(self.tr("Modifier la durée — {rule}").format(rule=rule["name"]))
        self.effective_from = DateEdit(language=self._lang)
        self.effective_from.set_date(clock.today())
        self.effective_from.setAccessibleName(self.tr("En vigueur du"))
        self.agreement = QComboBox()
        self.agreement.setAccessibleName(self.tr("Convention collective"))
        self.agreement.addItem(self.tr("Toutes les conventions"), None)
        self.length = QSpinBox()
        self.length.setRange(1, 3650)
        self.length.setValue(int(rule["length"]))
        self.length.setAccessibleName(self.tr("Durée"))
        self.unit_label = QLabel(rule["unit_text"])
        length_row = QHBoxLayout()
        length_row.addWidget(self.length)
        length_row.addWidget(self.unit_label)
        length_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("En &vigueur du"), self.effective_from)
        form.addRow(self.tr("&Convention collective"), self.agreement)
        form.addRow(self.tr("&Durée"), length_row)
        self.preview_button = QPushButton(self.tr("&Aperçu"))
        self.preview_button.clicked.connect(self.run_preview)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.affected = _grid([self.tr("Recalculer"), self.tr("Dossier"),
                               self.tr("Date actuelle"), self.tr("Nouvelle date")])
        self.affected.setAccessibleName(self.tr("Échéances touchées"))
        self.message = _error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText(self.tr("Appliquer"))
        self.apply_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.summary)
        layout.addWidget(self.affected, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        # a preview only stands for the values it was made with
        self.effective_from.textChanged.connect(self._stale)
        self.agreement.currentIndexChanged.connect(self._stale)
        self.length.valueChanged.connect(self._stale)
        self._load_agreements()

    def _load_agreements(self) -> None:
        self.ctx.read(_agreement_choices(self.ctx.actor)) \
            .on_success(self._agreements_loaded).run()

    def _agreements_loaded(self, rows: list[tuple[int, str]]) -> None:
        for ident, name in rows:
            self.agreement.addItem(name, ident)

    def _stale(self, *_args: object) -> None:
        self.preview = None
        self.apply_button.setEnabled(False)

    def _error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.preview_button.setEnabled(True)

    def _arguments(self) -> dict[str, Any] | None:
        problem = self.effective_from.error_message()
        if problem is not None:
            self._error(self.tr("En vigueur du : {problem}").format(problem=problem))
            return None
        return {"effective_from": self.effective_from.date(),
                "agreement_id": self.agreement.currentData(), "length": self.length.value()}

    def run_preview(self) -> None:
        args = self._arguments()
        if args is None:
            return
        actor, code = self.ctx.actor, self.rule["code"]
        self.message.hide()
        self.preview_button.setEnabled(False)
        self.ctx.read(lambda session, _c: preview_rule_change(session, actor, code, **args)) \
            .on_success(_alive(self, lambda preview: self._previewed(preview, args))) \
            .on_failure(_alive(self, lambda exc: self._error(_error_text(exc, self._lang)))) \
            .run()

    def _previewed(self, preview: Any, args: dict[str, Any]) -> None:
        self.preview_button.setEnabled(True)
        if args != self._arguments():
            return  # changed while the preview ran
        self.preview = preview
        self.affected.setRowCount(len(preview.affected))
        for r, item in enumerate(preview.affected):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(Qt.CheckState.Checked)
            tick.setData(Qt.ItemDataRole.UserRole, item.deadline_id)
            self.affected.setItem(r, 0, tick)
            for c, text in enumerate((item.file_number or "", item.current_due.isoformat(),
                                      item.new_due.isoformat()), start=1):
                self.affected.setItem(r, c, QTableWidgetItem(text))
        if preview.affected:
            self.summary.setText(self.tr(
                "{count} échéance(s) ouverte(s) changeraient de date. Cochez celles à "
                "recalculer ; les autres gardent leur date.").format(
                    count=len(preview.affected)))
        else:
            self.summary.setText(self.tr("Aucune échéance ouverte ne changerait de date."))
        self.apply_button.setEnabled(True)

    def ticked(self) -> list[int]:
        result = []
        for r in range(self.affected.rowCount()):
            item = self.affected.item(r, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                result.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return result

    def set_ticked(self, ids: list[int]) -> None:
        for r in range(self.affected.rowCount()):
            item = self.affected.item(r, 0)
            if item is not None:
                wanted = int(item.data(Qt.ItemDataRole.UserRole)) in ids
                item.setCheckState(Qt.CheckState.Checked if wanted else
                                   Qt.CheckState.Unchecked)

    def apply(self) -> None:
        if self.preview is None:
            return
        args = self._arguments()
        if args is None:
            return
        actor, code, recompute = self.ctx.actor, self.rule["code"], self.ticked()
        self.apply_button.setEnabled(False)
        self.ctx.write(lambda session, _c: apply_rule_change(
            session, actor, code, confirmed=True, recompute=recompute, **args).id) \
            .on_success(self._applied).on_failure(self._apply_failed).run()

    def _apply_failed(self, exc: BaseException) -> None:
        self._error(_error_text(exc, self._lang))
        self.apply_button.setEnabled(self.preview is not None)

    def _applied(self, version_id: int) -> None:
        self.applied_version = int(version_id)
        self.ctx.announce("deadline", 0)
        self.accept()


class RulesPanel(_Panel):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, [self.tr("Code"), self.tr("Nom"), self.tr("Durée"),
                               self.tr("Point de départ"), self.tr("Plafond"),
                               self.tr("Source"), self.tr("Vérifiée")], parent)
        self.change_button = QPushButton(self.tr("&Modifier la durée…"))
        self.change_button.clicked.connect(self.edit_record)
        self.bar.addWidget(self.change_button)
        self.bar.addStretch(1)

    def fetch(self, session, actor, lang: str) -> list[dict[str, Any]]:
        today = clock.today()
        rows = []
        for rule in list_rules(session):
            if not rule.versions:
                continue
            v = select_version(rule.versions, today, None) or rule.versions[-1]
            cap = length_text(v.cap_length, v.cap_unit, lang) \
                if v.cap_length and v.cap_unit else ""
            rows.append({"code": rule.code,
                         "name": rule.name_en if lang == "en" and rule.name_en
                         else rule.name_fr,
                         "length": v.length, "unit_text": tr(UNIT_LABELS.get(v.unit, v.unit), lang),
                         "length_text": length_text(v.length, v.unit, lang),
                         "trigger": tr(TRIGGER_LABELS.get(v.trigger, v.trigger), lang),
                         "cap": cap, "source": v.source or "", "verified": bool(v.verified)})
        return rows

    def cells(self, row: dict[str, Any]) -> list[str]:
        return [row["code"], row["name"], row["length_text"], row["trigger"], row["cap"],
                row["source"], self.tr("Oui") if row["verified"] else self.tr("Non")]

    def edit_record(self) -> QDialog | None:
        row = self.selected()
        if row is None:
            self.status.setText(self.tr("Choisissez d'abord une règle."))
            return None
        dialog = RuleChangeDialog(self.ctx, row, self)
        dialog.accepted.connect(lambda: self.status.setText(
            self.tr("Nouvelle version de la règle {code} enregistrée.").format(code=row["code"])))
        return self._show(dialog)


# ---------------------------------------------------------------------- calendars
UNVERIFIED_BACKGROUND = "#fdebd0"   # a day or a choice nobody checked against its source
UNVERIFIED_TEXT = "#7e5109"
WORKING = ""                        # the third choice for a kind of day: not a holiday


def _mark_unverified(table: QTableWidget, row: int, tip: str, bold: int) -> None:
    """Paint one row as unverified: amber, column ``bold`` in bold, and a tooltip saying
    what that means after each cell's own text."""
    for c in range(table.columnCount()):
        item = table.item(row, c)
        if item is None:
            continue
        item.setBackground(QBrush(QColor(UNVERIFIED_BACKGROUND)))
        item.setForeground(QBrush(QColor(UNVERIFIED_TEXT)))
        if c == bold:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        item.setToolTip(f"{item.text()}\n{tip}" if item.text() else tip)


class AgreementDaysDialog(QDialog):
    """A collective agreement's own days: for each kind of day (Saturday, Sunday, the
    proclaimed days, each holiday), férié / férié non vérifié / ouvrable, and the article of
    the agreement they come from. Saving moves no deadline; the panel lists those the new
    days would change."""

    def __init__(self, ctx: AppContext, agreement_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._lang = current_language()
        self._wanted = agreement_id
        self._serial = 0
        self.loaded: AgreementDays | None = None
        self.loading = True
        self.groups: dict[str, QButtonGroup] = {}
        self.radios: dict[tuple[str, str], QRadioButton] = {}
        self._names: dict[str, QLabel] = {}
        self.saved_code: str | None = None
        self.to_review: list[tuple[int, date, date]] = []
        self.files: dict[int, str | None] = {}
        self.setWindowTitle(self.tr("Jours d'une convention collective"))
        self.agreement = QComboBox()
        self.agreement.setAccessibleName(self.tr("Convention collective"))
        self.agreement.addItem(self.tr("— Choisissez une convention —"), None)
        self.source = QLineEdit()
        self.source.setAccessibleName(self.tr("Source"))
        self.source.setPlaceholderText(self.tr("L'article de la convention qui définit ces "
                                               "jours (ex. art. 7.01)"))
        form = QFormLayout()
        form.addRow(self.tr("&Convention collective"), self.agreement)
        self.days_host = QWidget()
        self.days_grid = QGridLayout(self.days_host)
        self.days_grid.setHorizontalSpacing(18)
        self.days_grid.setVerticalSpacing(6)
        self.days_scroll = scroll = QScrollArea()  # not ``scroll``: QWidget.scroll()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.days_host)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        hint = QLabel(self.tr(
            "Un jour « férié non vérifié » ne reporte jamais une échéance : il donne seulement "
            "la date « au plus tard ». Les échéances déjà calculées ne sont pas déplacées ; "
            "celles que ces jours changeraient vous seront énumérées."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        source_form = QFormLayout()
        source_form.addRow(self.tr("&Source"), self.source)
        self.message = _error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText(self.tr("Enregistrer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(scroll, 1)
        layout.addLayout(source_form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.agreement.setMinimumContentsLength(48)
        self.agreement.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.resize(760, 480)
        self._set_editable(False)
        self.agreement.currentIndexChanged.connect(self._agreement_changed)
        self._load_agreements()

    # ------------------------------------------------------------------ reading
    def _load_agreements(self) -> None:
        self.ctx.read(_agreement_choices(self.ctx.actor)) \
            .on_success(_alive(self, self._agreements_loaded)) \
            .on_failure(_alive(self, lambda exc: self._error(_error_text(exc, self._lang)))) \
            .run()

    def _agreements_loaded(self, rows: list[tuple[int, str]]) -> None:
        for ident, name in rows:
            self.agreement.addItem(name, ident)
        if not rows:
            self._error(self.tr("Aucune convention collective n'est enregistrée."))
        index = self.agreement.findData(self._wanted) if self._wanted is not None else -1
        if index > 0:
            self.agreement.setCurrentIndex(index)  # reads its days
        else:
            self._read_days(None)

    def _agreement_changed(self, _index: int) -> None:
        self._read_days(self.agreement.currentData())

    def _read_days(self, agreement_id: int | None) -> None:
        self._serial += 1
        serial, lang = self._serial, self._lang
        self.loading = True
        self._set_editable(False)
        self.ctx.read(lambda session, _c: agreement_days(session, agreement_id, lang)) \
            .on_success(_alive(self, lambda found: self._days_read(found, serial))) \
            .on_failure(_alive(self, lambda exc: self._read_failed(exc, serial))).run()

    def _read_failed(self, exc: BaseException, serial: int) -> None:
        if serial == self._serial:
            self.loading = False
            self._error(_error_text(exc, self._lang))

    def _days_read(self, found: AgreementDays, serial: int) -> None:
        if serial != self._serial:
            return  # another agreement was picked meanwhile
        self.loaded = found
        self._fill_days(found)
        self.source.setText(found.source or "")
        self.message.hide()
        self.loading = False
        self._set_editable(found.agreement_id is not None)

    def _fill_days(self, found: AgreementDays) -> None:
        if [k.kind for k in found.kinds] == list(self.groups):
            for kind in found.kinds:  # the same kinds: only what the agreement ticks changes
                self.tick(kind.kind, kind.status)
                self._names[kind.kind].setToolTip(self._source_tip(kind.source))
            return
        while self.days_grid.count():
            item = self.days_grid.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.hide()
                old.deleteLater()
        for group in self.groups.values():
            group.deleteLater()
        self.groups.clear()
        self.radios.clear()
        self._names.clear()
        choices = ((HOLIDAY, self.tr("Férié")), (UNVERIFIED, self.tr("Férié non vérifié")),
                   (WORKING, self.tr("Ouvrable")))
        heading = QLabel(self.tr("Jour"))
        heading.setStyleSheet("font-weight: 600;")
        self.days_grid.addWidget(heading, 0, 0)
        for c, (_status, text) in enumerate(choices, start=1):
            label = QLabel(text)
            label.setStyleSheet("font-weight: 600;")
            self.days_grid.addWidget(label, 0, c)
        for r, kind in enumerate(found.kinds, start=1):
            name = QLabel(kind.name)
            name.setToolTip(self._source_tip(kind.source))
            self._names[kind.kind] = name
            self.days_grid.addWidget(name, r, 0)
            group = QButtonGroup(self.days_host)
            group.setExclusive(True)
            for c, (status, text) in enumerate(choices, start=1):
                radio = QRadioButton()
                radio.setObjectName(f"day_{kind.kind}_{status or 'working'}")
                radio.setAccessibleName(f"{kind.name} : {text}")
                radio.setToolTip(f"{kind.name} : {text}")
                radio.setChecked((kind.status or WORKING) == status)
                group.addButton(radio)
                self.radios[(kind.kind, status)] = radio
                self.days_grid.addWidget(radio, r, c, Qt.AlignmentFlag.AlignHCenter)
            self.groups[kind.kind] = group
        self.days_grid.setColumnStretch(0, 1)
        self.days_grid.setRowStretch(len(found.kinds) + 1, 1)
        for i in range(self.days_grid.count()):  # shown now, not on the next event loop
            item = self.days_grid.itemAt(i)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.show()
        # every kind in view without scrolling, as far as the screen allows
        self.days_scroll.setMinimumHeight(min(self.days_host.sizeHint().height() + 6, 520))
        layout = self.layout()
        if layout is not None:
            layout.activate()
        if self.height() < self.sizeHint().height():
            self.resize(self.width(), self.sizeHint().height())

    def _source_tip(self, source: str | None) -> str:
        return self.tr("Source : {source}").format(source=source) if source else ""

    def _set_editable(self, editable: bool) -> None:
        self.days_host.setEnabled(editable)
        self.source.setEnabled(editable)
        self.save_button.setEnabled(editable)

    # ------------------------------------------------------------------ values
    def status_of(self, kind: str) -> str | None:
        """What is ticked for ``kind``: holiday, unverified, or None for a working day."""
        for (k, status), radio in self.radios.items():
            if k == kind and radio.isChecked():
                return status or None
        return None

    def tick(self, kind: str, status: str | None) -> None:
        self.radios[(kind, status or WORKING)].setChecked(True)

    def days(self) -> dict[str, str]:
        return {kind: status for kind in self.groups
                if (status := self.status_of(kind)) is not None}

    # ------------------------------------------------------------------ saving
    def _error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def save(self) -> None:
        agreement_id = self.agreement.currentData()
        if agreement_id is None or self.loaded is None or \
                self.loaded.agreement_id != agreement_id:
            self._error(self.tr("Convention collective : choisissez une convention."))
            return
        actor, days, source = self.ctx.actor, self.days(), self.source.text()
        version = self.loaded.version

        def job(session, _c):
            saved = set_agreement_days(session, actor, agreement_id, days, source, version)
            return saved.calendar.code, list(saved.deadlines_to_review), dict(saved.files)
        self.save_button.setEnabled(False)
        self.ctx.write(job).on_success(_alive(self, self._saved)) \
            .on_failure(_alive(self, self._save_failed)).run()

    def _save_failed(self, exc: BaseException) -> None:
        self._error(_error_text(exc, self._lang))
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError) and \
                any(e.field == "source" for e in exc.errors):
            self.source.setFocus()

    def _saved(self, result: tuple[str, list[tuple[int, date, date]],
                                   dict[int, str | None]]) -> None:
        self.saved_code, self.to_review, self.files = result
        self.accept()

    def result_text(self, limit: int = 12) -> str:
        """What the panel says once the days are saved."""
        name = self.agreement.currentText()
        if not self.to_review:
            return self.tr("Jours de la convention « {name} » enregistrés. Aucune échéance "
                           "ouverte ne change de date.").format(name=name)
        lines = []
        for ident, stored, new in self.to_review[:limit]:
            number = self.files.get(ident) or self.tr("échéance n° {id}").format(id=ident)
            lines.append(self.tr("{file} : {stored} (selon ces jours : {new})").format(
                file=number, stored=stored.isoformat(), new=new.isoformat()))
        if len(self.to_review) > limit:
            lines.append(self.tr("… et {n} autre(s)").format(n=len(self.to_review) - limit))
        return self.tr(
            "Jours de la convention « {name} » enregistrés. {count} échéance(s) ouverte(s) "
            "auraient une autre date selon ces jours ; elles n'ont pas été déplacées : "
            "vérifiez ces dossiers.").format(name=name, count=len(self.to_review)) + \
            "\n" + "\n".join(lines)


class CalendarsPanel(_Panel):
    """What each rule counts on (and whether that choice was verified), then one calendar's
    days this year and next with their sources; « Jours d'une convention… » edits an
    agreement's own days."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, [self.tr("Date"), self.tr("Jour"), self.tr("Statut"),
                               self.tr("Source")], parent)
        self.listing: list[CalendarListing] = []
        self.rule_rows: list[RuleCalendar] = []
        self._pending = 0
        self._wanted_code: str | None = None
        self.table.setAccessibleName(self.tr("Jours du calendrier"))
        self.agreement_button = QPushButton(self.tr("&Jours d'une convention…"))
        self.agreement_button.clicked.connect(self.edit_record)
        self.bar.addWidget(self.agreement_button)
        self.bar.addStretch(1)

        self.rules = _grid([self.tr("Règle"), self.tr("Calendrier"),
                            self.tr("Choix vérifié")])
        self.rules.setAccessibleName(self.tr("Calendrier de chaque règle"))
        rules_title = QLabel(self.tr("Calendrier de chaque règle de délai"))
        rules_title.setStyleSheet("font-weight: 600;")
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(rules_title)
        top_layout.addWidget(self.rules, 1)

        self.calendar = QComboBox()
        self.calendar.setAccessibleName(self.tr("Calendrier"))
        self.calendar.currentIndexChanged.connect(lambda _i: self._show_calendar())
        calendar_label = QLabel(self.tr("&Calendrier :"))
        calendar_label.setBuddy(self.calendar)
        calendar_label.setStyleSheet("font-weight: 600;")
        pick_row = QHBoxLayout()
        pick_row.addWidget(calendar_label)
        pick_row.addWidget(self.calendar, 1)
        self.about = QLabel()
        self.about.setObjectName("hint")
        self.about.setWordWrap(True)
        self.about.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.legend = QLabel(self.tr(
            "Surlignés : les jours « férié non vérifié » et les choix de calendrier non "
            "vérifiés. Un jour non vérifié ne reporte jamais l'échéance retenue ; il donne la "
            "date « au plus tard »."))
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet(f"background: {UNVERIFIED_BACKGROUND}; "
                                  f"color: {UNVERIFIED_TEXT}; padding: 3px 6px;")
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(pick_row)
        bottom_layout.addWidget(self.about)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeWidget(self.table)
        bottom_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout.insertWidget(1, self.splitter, 1)
        layout.insertWidget(2, self.legend)
        self.table.doubleClicked.disconnect()

    # ------------------------------------------------------------------ reading
    def load(self) -> None:
        """Two reads, one service call each: the rules' calendars and the calendars' days."""
        self._serial += 1
        serial, lang = self._serial, self._lang
        self.loading = True
        self._pending = 2
        for job, done in ((lambda session, _c: rule_calendars(session, lang), self._rules_read),
                          (lambda session, _c: calendar_listing(session, lang),
                           self._listing_read)):
            self.ctx.read(job) \
                .on_success(_alive(self, lambda rows, d=done: self._answer(d, rows, serial))) \
                .on_failure(_alive(self, lambda exc: self._load_failed(exc, serial))).run()

    def _answer(self, done, rows, serial: int) -> None:
        if serial != self._serial:
            return
        done(rows)
        self._pending -= 1
        if self._pending <= 0:
            self.loading = False

    def _rules_read(self, rows: list[RuleCalendar]) -> None:
        self.rule_rows = list(rows)
        _fill(self.rules, [[r.rule_name, r.calendar_name,
                            self.tr("Oui") if r.verified else self.tr("Non")]
                           for r in self.rule_rows])
        tip = self.tr("Choix de calendrier non vérifié : l'échéance retenue ne compte que les "
                      "jours fériés certains selon tous les calendriers.")
        for r, rule in enumerate(self.rule_rows):
            item = self.rules.item(r, 0)
            assert item is not None  # _fill has just set every cell
            item.setToolTip(f"{rule.rule_name} ({rule.rule_code})")
            if not rule.verified:
                _mark_unverified(self.rules, r, tip, bold=2)

    def _listing_read(self, listing: list[CalendarListing]) -> None:
        keep = self._wanted_code or self.calendar.currentData()
        self._wanted_code = None
        self.listing = list(listing)
        self.calendar.blockSignals(True)
        self.calendar.clear()
        for cal in self.listing:
            self.calendar.addItem(cal.name, cal.code)
        index = self.calendar.findData(keep) if keep is not None else -1
        self.calendar.setCurrentIndex(max(index, 0))
        self.calendar.blockSignals(False)
        self._show_calendar()

    def current_calendar(self) -> CalendarListing | None:
        code = self.calendar.currentData()
        return next((c for c in self.listing if c.code == code), None)

    def show_calendar(self, code: str) -> bool:
        index = self.calendar.findData(code)
        if index >= 0:
            self.calendar.setCurrentIndex(index)
        return index >= 0

    def _show_calendar(self) -> None:
        cal = self.current_calendar()
        days: list[DayEntry] = list(cal.days) if cal is not None else []
        self.rows = [{"entry": d} for d in days]
        _fill(self.table, [self.cells(r) for r in self.rows])
        tip = self.tr("Jour non vérifié : il ne reporte jamais l'échéance retenue ; il donne la "
                      "date « au plus tard ».")
        for r, entry in enumerate(days):
            item = self.table.item(r, 3)
            assert item is not None  # _fill has just set every cell
            item.setToolTip(entry.source or "")  # often longer than shown
            if not entry.verified:
                _mark_unverified(self.table, r, tip, bold=2)
        if cal is None:
            self.about.clear()
            return
        parts = [self.tr("Source : {source}").format(source=cal.source)] if cal.source else \
            [self.tr("Source : aucune")]
        if cal.rules:
            parts.append(self.tr("Règles qui comptent sur ce calendrier : {rules}").format(
                rules=", ".join(r.rule_name for r in cal.rules)))
        else:
            parts.append(self.tr("Aucune règle ne compte sur ce calendrier."))
        self.about.setText("\n".join(parts))

    def cells(self, row: dict[str, Any]) -> list[str]:
        entry: DayEntry = row["entry"]
        if entry.day is not None:
            when = entry.day.isoformat()
        elif entry.kind in ("saturday", "sunday"):
            when = self.tr("chaque semaine")
        else:
            when = self.tr("à la proclamation")
        return [when, entry.name, entry.status_label, entry.source or ""]

    # ------------------------------------------------------------------ agreement days
    def edit_record(self) -> QDialog:
        cal = self.current_calendar()
        if isinstance(self.dialog, AgreementDaysDialog) and not self.dialog.isVisible():
            self.dialog.deleteLater()  # the one closed before
        dialog = AgreementDaysDialog(self.ctx, cal.agreement_id if cal else None, self)
        dialog.accepted.connect(lambda: self._agreement_saved(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _agreement_saved(self, dialog: AgreementDaysDialog) -> None:
        self.status.setText(dialog.result_text())
        self._wanted_code = dialog.saved_code
        self.load()


# ---------------------------------------------------------------------- the screen
class ReferenceView(QWidget):
    """The selector of tables and one panel per table, each loaded when first shown."""

    TABLES = ("job_titles", "arbitrators", "holidays", "rules", "calendars")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.selector = QComboBox()
        self.selector.setAccessibleName(self.tr("Table"))
        titles = {"job_titles": self.tr("Titres d'emploi"), "arbitrators": self.tr("Arbitres"),
                  "holidays": self.tr("Jours fériés proclamés"),
                  "rules": self.tr("Règles de délai"), "calendars": self.tr("Calendriers")}
        for key in self.TABLES:
            self.selector.addItem(titles[key], key)
        self.stack = QStackedWidget()
        self.panels: dict[str, _Panel] = {
            "job_titles": JobTitlesPanel(ctx), "arbitrators": ArbitratorsPanel(ctx),
            "holidays": HolidaysPanel(ctx), "rules": RulesPanel(ctx),
            "calendars": CalendarsPanel(ctx)}
        for key in self.TABLES:
            self.stack.addWidget(self.panels[key])
        self._loaded: set[str] = set()
        top = QHBoxLayout()
        label = QLabel(self.tr("&Table :"))
        label.setBuddy(self.selector)
        top.addWidget(label)
        top.addWidget(self.selector)
        top.addStretch(1)
        title = QLabel(self.tr("Tables de référence"))
        title.setObjectName("screenTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self.selector.currentIndexChanged.connect(self._selected)
        self._selected(0)

    def panel(self, key: str) -> _Panel:
        return self.panels[key]

    def show_table(self, key: str) -> _Panel:
        self.selector.setCurrentIndex(self.TABLES.index(key))
        return self.panels[key]

    def _selected(self, index: int) -> None:
        key = self.TABLES[max(index, 0)]
        self.stack.setCurrentWidget(self.panels[key])
        if key not in self._loaded:
            self._loaded.add(key)
            self.panels[key].load()

    def refresh(self) -> None:
        key = self.TABLES[max(self.selector.currentIndex(), 0)]
        self.panels[key].load()
