"""Tables de référence (administrators only): job titles, arbitrators, proclaimed holidays and
deadline rules.

Each table is a plain read-only grid filled by a read in a worker; additions and changes go
through a dialog that calls the existing service in a write worker (the window hides, the
service refuses). A dialog stays open with everything typed when the service reports an error.
A deadline rule is never edited in place: "Modifier la durée…" previews the new version,
lists the open deadlines whose date would move, and applies it only once confirmed, moving
only the deadlines the administrator ticked (gem.services.deadlines.rules).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from gem import clock
from gem.i18n import current_language, tr
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
from gem.services.deadlines.compute import TRIGGER_LABELS, UNIT_LABELS
from gem.services.errors import GemError
from gem.services.reference import JobTitleService
from gem.ui.context import AppContext
from gem.ui.widgets.date_edit import DateEdit


def _error_text(exc: BaseException, lang: str) -> str:
    if isinstance(exc, GemError):
        return exc.message(lang)
    return str(exc)


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
                for j in JobTitleService().list(session, actor, limit=None)]

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
                for a in ArbitratorService().list(session, actor, limit=None)]

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
        actor = self.ctx.actor

        def job(session, _c):
            return [(a.id, a.name) for a in
                    CollectiveAgreementService().list(session, actor, order_by="name",
                                                      limit=None)]
        self.ctx.read(job).on_success(self._agreements_loaded).run()

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


# ---------------------------------------------------------------------- the screen
class ReferenceView(QWidget):
    """The selector of tables and one panel per table, each loaded when first shown."""

    TABLES = ("job_titles", "arbitrators", "holidays", "rules")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.selector = QComboBox()
        self.selector.setAccessibleName(self.tr("Table"))
        titles = {"job_titles": self.tr("Titres d'emploi"), "arbitrators": self.tr("Arbitres"),
                  "holidays": self.tr("Jours fériés proclamés"),
                  "rules": self.tr("Règles de délai")}
        for key in self.TABLES:
            self.selector.addItem(titles[key], key)
        self.stack = QStackedWidget()
        self.panels: dict[str, _Panel] = {
            "job_titles": JobTitlesPanel(ctx), "arbitrators": ArbitratorsPanel(ctx),
            "holidays": HolidaysPanel(ctx), "rules": RulesPanel(ctx)}
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
