"""The Rapports screen, and the "Exporter" action of every list.

A report runs in a worker thread (AppContext.read, or .write for the reconciliation, which
stores each invoice line's verdict) with a progress bar and a Cancel button: the 100,000-row
export takes about as long as openpyxl needs to write it (~16 s here), and the window must stay
responsive throughout. The report is written to a temporary file and renamed when complete
(gem.reports.write_report), so a cancelled run leaves nothing behind, and the finished file is
opened with the desktop's viewer.

This module builds no SQL: parameters are typed by gem.reports and the choices (counsellors,
institutions) come from the services.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gem import clock
from gem.i18n import current_language, tr
from gem.reports import get_report, report_names, run_report
from gem.reports.params import Param, ParameterChoices, parameter_choices
from gem.ui.context import AppContext
from gem.ui.errors import message_for
from gem.ui.workers import Cancelled, DbOp, OpControl

EXTENSIONS = {"pdf": "pdf", "xlsx": "xlsx"}


def open_file(path: Path) -> None:
    """Show the finished report in the desktop's viewer (replaced in tests)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def reports_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(base or Path.home()) / "GEM"


def default_output(name: str, fmt: str) -> Path:
    stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
    return reports_folder() / f"{name}-{stamp}.{EXTENSIONS[fmt]}"


class ReportsView(QWidget):
    """Choose a report, fill its parameters, pick PDF or Excel, run it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.op: DbOp | None = None
        self.last_path: Path | None = None
        self.open_when_done = True
        self._choices = ParameterChoices([], [])
        self._widgets: dict[str, QWidget] = {}
        self._build()
        self.ctx.read(lambda s, _c: parameter_choices(s, ctx.actor)) \
            .on_success(self._fill_choices).on_failure(self._choices_failed).run()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        lang = current_language()
        layout = QHBoxLayout(self)
        self.report_list = QListWidget()
        self.report_list.setMaximumWidth(320)
        for name in report_names():
            item = QListWidgetItem(tr(get_report(name).title, lang))
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(tr(get_report(name).description, lang))
            self.report_list.addItem(item)
        self.report_list.setAccessibleName(self.tr("Rapports"))
        layout.addWidget(self.report_list)

        right = QVBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.description = QLabel()
        self.description.setWordWrap(True)
        right.addWidget(self.title)
        right.addWidget(self.description)
        self.form = QFormLayout()
        right.addLayout(self.form)

        options = QFormLayout()
        self.format_box = QComboBox()
        self.format_box.currentIndexChanged.connect(self._suggest_output)
        options.addRow(self.tr("&Format :"), self.format_box)
        self.language_box = QComboBox()
        self.language_box.addItem(self.tr("Français"), "fr")
        self.language_box.addItem(self.tr("Anglais"), "en")
        options.addRow(self.tr("&Langue du rapport :"), self.language_box)
        output_row = QHBoxLayout()
        self.output_edit = QLineEdit()
        browse = QPushButton(self.tr("Parcourir…"))
        browse.clicked.connect(self._browse)
        output_row.addWidget(self.output_edit)
        output_row.addWidget(browse)
        output_label = QLabel(self.tr("&Fichier :"))
        output_label.setBuddy(self.output_edit)  # a row of a layout gets no buddy by itself
        options.addRow(output_label, output_row)
        right.addLayout(options)

        buttons = QHBoxLayout()
        self.run_button = QPushButton(self.tr("&Produire le rapport"))
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton(self.tr("Annuler"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        right.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        right.addWidget(self.progress)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right.addWidget(self.status)
        right.addStretch(1)
        layout.addLayout(right, 1)

        self.report_list.currentItemChanged.connect(lambda *_: self._show_report())
        self.report_list.setCurrentRow(0)

    def _label(self, param: Param) -> str:
        lang = current_language()
        return tr(param.label, lang) + (" :" if lang == "fr" else ":")

    def _show_report(self) -> None:
        name = self.report_name
        if not name:
            return
        definition = get_report(name)
        lang = current_language()
        self.title.setText(tr(definition.title, lang))
        self.description.setText(tr(definition.description, lang))
        while self.form.rowCount():
            self.form.removeRow(0)
        self._widgets = {}
        for param in definition.params:
            widget = self._widget_for(param)
            if widget is None:
                continue
            if param.help:
                widget.setToolTip(tr(param.help, lang))
            self._widgets[param.key] = widget
            self.form.addRow(self._label(param), widget)
        self.format_box.blockSignals(True)
        self.format_box.clear()
        names = {"pdf": self.tr("PDF"), "xlsx": self.tr("Excel (.xlsx)")}
        for fmt in definition.formats:
            self.format_box.addItem(names[fmt], fmt)
        self.format_box.blockSignals(False)
        self._suggest_output()

    def _widget_for(self, param: Param) -> QWidget | None:
        default = param.default_value()
        if param.kind == "date":
            date_edit = QDateEdit()
            date_edit.setCalendarPopup(True)
            date_edit.setDisplayFormat("yyyy-MM-dd")
            day = default if isinstance(default, date) else clock.today()
            date_edit.setDate(QDate(day.year, day.month, day.day))
            return date_edit
        if param.kind == "counsellors":
            box = QListWidget()
            box.setMaximumHeight(110)
            box.setToolTip(self.tr("Cochez un ou plusieurs conseillers ; aucun : toute "
                                   "l'équipe"))
            self._fill_counsellors(box)
            return box
        if param.kind == "institution":
            combo = QComboBox()
            combo.setEditable(False)
            self._fill_institutions(combo, param.required)
            return combo
        if param.kind == "list":
            from gem.services.listing import get_list, list_names

            combo = QComboBox()
            for name in list_names():
                combo.addItem(tr(get_list(name).title, current_language()), name)
            return combo
        if param.kind == "bool":
            check = QCheckBox()
            check.setChecked(bool(default))
            return check
        if param.kind == "int":
            spin = QSpinBox()
            spin.setRange(0, 100_000)
            spin.setValue(int(default or 0))
            return spin
        if param.kind == "filters":
            return None  # filters come from a list screen (export_list), not typed here
        edit = QLineEdit()
        if param.kind == "member":
            edit.setPlaceholderText(self.tr("Numéro de membre"))
        elif param.kind == "grievance":
            edit.setPlaceholderText(self.tr("Numéro de dossier, p. ex. G-2026-00042"))
        return edit

    def _fill_counsellors(self, box: QListWidget) -> None:
        box.clear()
        for login, name in self._choices.counsellors:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, login)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if login == self.ctx.actor.login
                               else Qt.CheckState.Unchecked)
            box.addItem(item)

    def _fill_institutions(self, combo: QComboBox, required: bool) -> None:
        combo.clear()
        if not required:
            combo.addItem(self.tr("(tous)"), None)
        for ident, name in self._choices.institutions:
            combo.addItem(name, ident)

    def _choices_failed(self, exc: BaseException) -> None:
        """Without the pickers a report can still run on its defaults: say why they are
        empty rather than leave them looking like an empty office."""
        self.status.setText(self.tr("Les listes de conseillers et d'établissements n'ont pas "
                                    "pu être lues :") + "\n" + message_for(exc))

    def _fill_choices(self, choices: ParameterChoices) -> None:
        self._choices = choices
        definition = get_report(self.report_name) if self.report_name else None
        for key, widget in self._widgets.items():
            if isinstance(widget, QListWidget):
                self._fill_counsellors(widget)
            elif isinstance(widget, QComboBox) and definition is not None and \
                    definition.param(key).kind == "institution":
                self._fill_institutions(widget, definition.param(key).required)

    def _suggest_output(self) -> None:
        if self.report_name and self.format:
            self.output_edit.setText(str(default_output(self.report_name, self.format)))

    def _browse(self) -> None:
        fmt = self.format
        pattern = self.tr("PDF (*.pdf)") if fmt == "pdf" else self.tr("Excel (*.xlsx)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Enregistrer le rapport"),
                                              self.output_edit.text(), pattern)
        if path:
            self.output_edit.setText(path)

    # ------------------------------------------------------------------ state
    @property
    def report_name(self) -> str | None:
        item = self.report_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    @property
    def format(self) -> str | None:
        return self.format_box.currentData()

    def select_report(self, name: str) -> None:
        for row in range(self.report_list.count()):
            if self.report_list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.report_list.setCurrentRow(row)
                return
        raise KeyError(name)

    def widget(self, key: str) -> QWidget:
        return self._widgets[key]

    def values(self) -> dict[str, Any]:
        """The parameters as typed; gem.reports checks and types them."""
        raw: dict[str, Any] = {}
        for key, widget in self._widgets.items():
            if isinstance(widget, QDateEdit):
                raw[key] = widget.date().toPython()
            elif isinstance(widget, QListWidget):
                raw[key] = [widget.item(i).data(Qt.ItemDataRole.UserRole)
                            for i in range(widget.count())
                            if widget.item(i).checkState() == Qt.CheckState.Checked]
            elif isinstance(widget, QComboBox):
                raw[key] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                raw[key] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                raw[key] = widget.value()
            elif isinstance(widget, QLineEdit):
                raw[key] = widget.text().strip()
        return raw

    # ------------------------------------------------------------------ running
    def run(self) -> None:
        name, fmt = self.report_name, self.format
        if not name or not fmt or self.op is not None:
            return
        path = Path(self.output_edit.text().strip() or default_output(name, fmt))
        raw = self.values()
        lang = self.language_box.currentData()
        actor = self.ctx.actor
        definition = get_report(name)

        def job(session: Any, control: OpControl) -> Path:
            return run_report(session, actor, name, raw, fmt, path, lang, control.progress)

        self.op = self.ctx.write(job) if definition.writes else self.ctx.read(job)
        self._busy(True)
        self.status.setText(self.tr("Production du rapport…"))
        self.op.on_progress(self._progressed).on_success(self._succeeded) \
            .on_failure(self._failed)
        self.op.finished.connect(lambda: self._busy(False))
        self.op.run()

    def cancel(self) -> None:
        if self.op is not None:
            self.op.cancel()
            self.status.setText(self.tr("Annulation…"))

    def _busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.report_list.setEnabled(not busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        else:
            self.op = None

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _succeeded(self, path: Path) -> None:
        self.last_path = Path(path)
        self.status.setText(self.tr("Rapport produit : %1").replace("%1", str(path)))
        if self.open_when_done:
            open_file(self.last_path)
        self._suggest_output()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.status.setText(self.tr("Rapport annulé : aucun fichier n'a été écrit."))
            return
        self.status.setText(self.tr("Le rapport n'a pas pu être produit :") + "\n" +
                            message_for(exc))


class ExportProgress(QProgressDialog):
    """The progress of one list export, with Cancel; opens the workbook when done."""

    def __init__(self, ctx: AppContext, list_name: str, filters: dict[str, Any],
                 order_by: str | None, descending: bool | None, path: Path,
                 parent: QWidget | None = None,
                 on_done: Callable[[Path], None] | None = None):
        translate = QCoreApplication.translate
        super().__init__(translate("ExportProgress", "Exportation de la liste…"),
                         translate("ExportProgress", "Annuler"), 0, 0, parent)
        self.setWindowTitle(translate("ExportProgress", "Exporter vers Excel"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.path = path
        # Not ``result``/``done``: an attribute would shadow QDialog's methods of those names.
        self.written: Path | None = None
        self.error: BaseException | None = None
        self.ended = False  # succeeded, failed or cancelled
        self._on_done = on_done or open_file
        raw = {"list": list_name, "filters": dict(filters or {}), "order_by": order_by or "",
               "descending": descending}
        actor = ctx.actor
        lang = current_language()

        def job(session: Any, control: OpControl) -> Path:
            return run_report(session, actor, "list_export", raw, "xlsx", path, lang,
                              control.progress)

        self.op = ctx.read(job)
        self.canceled.connect(self.op.cancel)
        self.op.on_progress(self._progressed).on_success(self._succeeded) \
            .on_failure(self._failed)
        self.op.run()

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.setMaximum(total)
            self.setValue(min(done, total))

    def _succeeded(self, path: Path) -> None:
        self.written = Path(path)
        self.ended = True
        self.close()
        self._on_done(self.written)

    def _failed(self, exc: BaseException) -> None:
        self.error = exc
        self.ended = True
        self.close()
        if not isinstance(exc, Cancelled):
            QMessageBox.warning(self.parentWidget(), QCoreApplication.translate(
                "ExportProgress", "Exportation impossible"), message_for(exc))


def export_list(ctx: AppContext, list_name: str, filters: dict[str, Any],
                order_by: str | None, descending: bool | None, parent: QWidget | None = None,
                path: str | Path | None = None) -> ExportProgress | None:
    """"Exporter" of a list screen: the rows as filtered and sorted on screen, to Excel.

    Asks where to save unless ``path`` is given; returns the running export (its progress
    dialog), or None when the user closed the file dialog."""
    if path is None:
        from gem.services.listing import get_list

        suggested = default_output(list_name, "xlsx")
        title = tr(get_list(list_name).title, current_language())
        chosen, _ = QFileDialog.getSaveFileName(
            parent, QCoreApplication.translate("ExportProgress", "Exporter « %1 »")
            .replace("%1", title), str(suggested),
            QCoreApplication.translate("ExportProgress", "Excel (*.xlsx)"))
        if not chosen:
            return None
        path = chosen
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        target = target.with_suffix(".xlsx")
    dialog = ExportProgress(ctx, list_name, filters, order_by, descending, target, parent)
    dialog.show()
    return dialog
