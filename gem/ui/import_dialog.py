"""Fichier › Importer…: an institution's employee list, an invoice's lines or the previous
system's files brought in from the window (issue 14).

Four steps in one dialog, the same as ``gem import members|invoice|files`` but seen before
anything is written: the kind, the file and the institution (and, for invoice lines, the
invoice that receives them); the columns (proposed from the header, or as remembered from
this institution's last import, each one adjustable); the preview (what each row would do,
the refused rows first, and the members the list no longer names); then the import itself
as one batch, all or nothing, once the person has said yes. The previous system's files
have no institution to choose (each row names its own) and their columns are chosen sheet by
sheet, proposed from the documented layout or as remembered from the last files import. A
QDialog over a QStackedWidget rather than a QWizard: each step waits for a job in a worker
thread before the next one can show, and the buttons keep mnemonics of our own in both
languages.

Every read and the write run in a DbOp (gem.ui.workers) with a progress dialog whose
Annuler (or Échap) stops them: a cancelled preview leaves no preview, a cancelled import
rolls its transaction back. The window calls one service function per job (gem.imports.*);
nothing here builds a query. The preview can hold 65,000 rows, hence a QAbstractTableModel
that formats only the rows in view, with a fixed row height.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QStandardPaths,
    Qt,
)
from PySide6.QtGui import QCloseEvent, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from gem.formatting import format_date, format_money, format_number
from gem.i18n import tr
from gem.labels import label
from gem.services import policy
from gem.ui.context import AppContext
from gem.ui.errors import message_for
from gem.ui.workers import Background, Cancelled, DbOp, OpControl

if TYPE_CHECKING:
    from gem.imports.batches import BatchSummary
    from gem.imports.columns import Field
    from gem.imports.files import FilesPreview, FilesProposal
    from gem.imports.invoices import InvoicePreview
    from gem.imports.members import Outcome, Preview, Proposal

translate = QCoreApplication.translate  # lupdate reads translate("ImportDialog", …)

MEMBERS = "members"  # the kinds offered (gem.imports.batches' kinds)
INVOICE_LINES = "invoice_lines"
FILES = "files"  # the previous system's files: one sheet per kind, mapped sheet by sheet
SUFFIXES = "*.xlsx *.xlsm *.xls *.ods *.csv"
LEFT = "left"  # the preview's "absent from the list": not a row of the file
IGNORED = ""   # a column left out of the import
# A changed field that holds an id: named as the forms name it (gem.services.records).
LINKED = {"job_title_id": "job_title", "unit_id": "unit", "institution_id": "institution"}
CHOICES = {"employment_status": "employment_status"}  # a changed code shown by its label

ImportIndex = QModelIndex | QPersistentModelIndex


def field_labels(fields: tuple[Field, ...], lang: str) -> dict[str, str]:
    """Each field's label in ``lang``, under its import key and under the member column the
    preview reports its changes by (``job_title`` is saved as ``job_title_id``)."""
    labels = {f.key: tr(f.label, lang) for f in fields}
    for key in ("job_title", "unit"):
        if key in labels:
            labels[f"{key}_id"] = labels[key]
    return labels


class PreviewTableModel(QAbstractTableModel):
    """The preview's rows, refused ones first (then to create, to update, unchanged, then the
    members absent from the list), filtered by outcome. Holds the service's Outcome objects
    and formats a cell only when the view asks for it: 65,000 rows load at once."""

    COL_ROW, COL_OUTCOME, COL_NAME, COL_DETAIL = range(4)

    def __init__(self, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self._by_kind: dict[str, list[Any]] = {}
        self._rows: list[Any] = []
        self._shown_kind: str | None = None
        self._labels: dict[str, str] = {}
        self._names: dict[tuple[str, Any], str] = {}
        self._headers = [self.tr("Ligne"), self.tr("Résultat"), self.tr("Nom"),
                         self.tr("Détail")]
        self._outcome_text = {
            "refused": self.tr("Refusée"), "create": self.tr("À créer"),
            "update": self.tr("À mettre à jour"), "unchanged": self.tr("Inchangée"),
            LEFT: self.tr("Absent de la liste")}
        self._left_text = self.tr("Actif dans GEM, absent du fichier : signalé, jamais "
                                  "supprimé")
        self._empty = self.tr("(vide)")
        self._outside: Callable[[Any], bool] | None = None

    # ------------------------------------------------------------------ data in
    def set_preview(self, preview: Preview | InvoicePreview | FilesPreview | None,
                    labels: dict[str, str],
                    names: dict[tuple[str, Any], str]) -> None:
        """A new preview (None: none), shown through the current filter."""
        from gem.imports.members import OUTCOMES

        self.beginResetModel()
        self._labels, self._names = labels, names
        self._by_kind = {kind: [] for kind in (*OUTCOMES, LEFT)}
        if preview is not None:
            for outcome in preview.outcomes:
                self._by_kind.setdefault(outcome.kind, []).append(outcome)
            self._by_kind[LEFT] = list(getattr(preview, "left", ()))  # members only
        self._outside = getattr(preview, "outside_period", None)  # invoice lines only
        self._rows = self._select(self._shown_kind)
        self.endResetModel()

    def set_filter(self, kind: str | None) -> None:
        """Only the rows of ``kind`` (an outcome, or LEFT); every row with None."""
        self.beginResetModel()
        self._shown_kind = kind
        self._rows = self._select(kind)
        self.endResetModel()

    def _select(self, kind: str | None) -> list[Any]:
        if kind is not None:
            return self._by_kind.get(kind, [])
        rows: list[Any] = []
        for part in self._by_kind.values():  # OUTCOMES order: refused first, LEFT last
            rows.extend(part)
        return rows

    def count(self, kind: str) -> int:
        return len(self._by_kind.get(kind, []))

    # ------------------------------------------------------------------ Qt
    def rowCount(self, parent: ImportIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ImportIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: ImportIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.COL_DETAIL or role == Qt.ItemDataRole.DisplayRole:
                return self._text(item, column)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_OUTCOME \
                and getattr(item, "kind", None) == "refused":
            return QColor("#b91c1c")
        if role == Qt.ItemDataRole.UserRole:
            return item
        return None

    def _text(self, item: Any, column: int) -> str:
        if isinstance(item, tuple):  # (member id, name): absent from the list
            return ("", self._outcome_text[LEFT], item[1], self._left_text)[column]
        outcome: Outcome = item
        if column == self.COL_ROW:
            return format_number(outcome.row, 0, self.lang)
        if column == self.COL_OUTCOME:
            return self._outcome_text.get(outcome.kind, outcome.kind)
        if column == self.COL_NAME:
            return outcome.name
        if outcome.kind == "refused":
            return " ; ".join(self._problem(p.column, p.message) for p in outcome.problems)
        if "work_date" in outcome.data:  # an invoice line: its day, hours, rate and amount
            data = outcome.data
            text = self.tr("{day} : {hours} h × {rate} = {amount}").format(
                day=format_date(data["work_date"]),
                hours=format_number(data.get("hours"), 2, self.lang),
                rate=format_money(data.get("rate"), self.lang),
                amount=format_money(data.get("amount"), self.lang))
            if self._outside is not None and self._outside(outcome):
                text += self.tr(" — hors de la période de la facture")
            return text
        return " ; ".join(f"{self._labels.get(key, key)} : {self._value(key, was)} → "
                          f"{self._value(key, now)}"
                          for key, (was, now) in outcome.changes.items())

    @staticmethod
    def _problem(column: str, message: str) -> str:
        """« Colonne : raison »; a reason that already opens with the column (the member
        form's own messages name their field) is not prefixed twice."""
        if not column or message.startswith(f"{column} :"):
            return message
        return f"{column} : {message}"

    def _value(self, key: str, value: Any) -> str:
        """A value as the forms show it: Québec dates and numbers, names for ids, labels for
        codes."""
        if value is None or value == "":
            return self._empty
        if key in LINKED:
            return self._names.get((key, value), f"#{value}")
        if key in CHOICES:
            return label(CHOICES[key], str(value), self.lang)
        if isinstance(value, datetime | date):
            return format_date(value)
        if isinstance(value, Decimal | float):
            return format_number(value, 2, self.lang)
        if isinstance(value, bool):
            return self.tr("oui") if value else self.tr("non")
        return str(value)


FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1  # an institution's name, then without accents


class NameCompleter(QCompleter):
    """Matches the typed text against a name and its accent-free form (FOLDED_ROLE: people
    type « quebec » for « Québec »), but shows and inserts the name itself."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class JobProgress(QProgressDialog):
    """The progress of one job: Échap is Annuler (QProgressDialog would only hide itself,
    and the job would go on unseen), and once asked the dialog stays, saying that the job
    is being stopped, until the job has really ended: the person cannot start another
    import over one that is still rolling back."""

    def __init__(self, text: str, parent: QWidget):
        super().__init__(text, translate("ImportDialog", "Annuler"), 0, 0, parent)
        self.stopping = False
        self.canceled.connect(self._stopping)

    def reject(self) -> None:
        # What Annuler does (its click emits canceled, which runs cancel()); QDialog's own
        # reject() would only hide the dialog and the job would run on, unseen.
        self.canceled.emit()

    def _stopping(self) -> None:
        if self.stopping:
            return
        self.stopping = True
        self.setLabelText(QCoreApplication.translate(
            "ImportDialog", "Annulation en cours : rien ne sera écrit…"))
        self.setCancelButton(None)  # pressed once is enough
        self.show()  # cancel() hid it; it goes when the job has ended


class ImportDialog(QDialog):
    """Fichier › Importer…: choose, map, preview, import (see the module's docstring)."""

    CHOOSE, MAPPING, PREVIEW, DONE = range(4)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.lang = ctx.actor.language
        self.proposal: Proposal | None = None  # members and invoice lines: one sheet
        self.files_proposal: FilesProposal | None = None  # the files kind: sheet by sheet
        self.preview: Preview | InvoicePreview | FilesPreview | None = None
        self.batch: BatchSummary | None = None
        self.refused_written: Path | None = None
        self.op: DbOp | None = None  # the job running now, if any
        self.progress: QProgressDialog | None = None
        self.confirm: QMessageBox | None = None  # the question before the import writes
        self.warnings: list[str] = []  # the preview's (gem.imports.invoices.preview_warnings)
        self._leaving = False
        # (sheet kind, sheet name, fields, the combos of its columns): one group for members
        # and invoice lines (kind ""), one per sheet for the previous system's files
        self.mapping_groups: list[tuple[str, str, tuple[Field, ...], list[QComboBox]]] = []
        self._institutions_loaded = False
        self.invoices_loaded = False  # the invoice kind's list, for the chosen institution
        self.setWindowTitle(self.tr("Importer un fichier"))
        self.setMinimumSize(760, 520)
        self.resize(1000, 640)  # the preview's Détail column needs the width
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("import_heading")
        self.heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.heading)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._choose_page())
        self.stack.addWidget(self._mapping_page())
        self.stack.addWidget(self._preview_page())
        self.stack.addWidget(self._done_page())
        layout.addWidget(self.stack, 1)
        self.problem = QLabel()
        self.problem.setObjectName("import_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b91c1c;")
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("< &Précédent"))
        self.back_button.setObjectName("import_back")
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton(self.tr("&Suivant >"))
        self.next_button.setObjectName("import_next")
        self.next_button.clicked.connect(self.go_next)
        self.import_button = QPushButton(self.tr("&Importer"))
        self.import_button.setObjectName("import_run")
        self.import_button.clicked.connect(self.run_import)
        self.close_button = QPushButton(self.tr("Fer&mer"))
        self.close_button.setObjectName("import_close")
        self.close_button.clicked.connect(self.reject)
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.import_button,
                       self.close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self._show_step(self.CHOOSE)
        self._kind_changed()  # the invoice row hidden until that kind is chosen
        self._load_institutions()

    # ------------------------------------------------------------------ pages
    def _choose_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.kind = QComboBox()
        self.kind.setObjectName("import_kind")
        self.kind.addItem(self.tr("Membres (liste d'employés d'un établissement)"), MEMBERS)
        if policy.may(self.ctx.actor, policy.Action.IMPORT, policy.LEAVE_INVOICE):
            self.kind.addItem(self.tr("Lignes d'une facture de libérations syndicales"),
                              INVOICE_LINES)
        if policy.may(self.ctx.actor, policy.Action.IMPORT, policy.GRIEVANCE):
            self.kind.addItem(self.tr("Dossiers de l'ancien système (griefs, arbitrages, "
                                      "ententes, recours)"), FILES)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        kind_label = QLabel(self.tr("&Type d'import"))
        kind_label.setBuddy(self.kind)
        form.addRow(kind_label, self.kind)
        self._form = form
        self.file = QLineEdit()
        self.file.setObjectName("import_file")
        self.browse = QPushButton(self.tr("Pa&rcourir…"))
        self.browse.setObjectName("import_browse")
        self.browse.setAutoDefault(False)
        self.browse.clicked.connect(self.choose_file)
        # The previous system's files may come as a folder of CSV files: a folder picker.
        self.browse_folder = QPushButton(self.tr("&Dossier…"))
        self.browse_folder.setObjectName("import_browse_folder")
        self.browse_folder.setAutoDefault(False)
        self.browse_folder.clicked.connect(self.choose_folder)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.browse)
        file_row.addWidget(self.browse_folder)
        file_label = QLabel(self.tr("&Fichier"))
        file_label.setBuddy(self.file)
        form.addRow(file_label, file_row)
        # Editable, matching anywhere in the name: dozens of institutions share « Centre
        # intégré de santé et de services sociaux de… », so typing « bas-saint » finds one.
        self.institution = QComboBox()
        self.institution.setObjectName("import_institution")
        self.institution.setEditable(True)
        self.institution_edit = QLineEdit()
        self.institution_edit.setPlaceholderText(self.tr("Chargement des établissements…"))
        self.institution.setLineEdit(self.institution_edit)
        self.institution.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = NameCompleter(self.institution.model(), self.institution)
        completer.setCompletionRole(FOLDED_ROLE)  # « chu de quebec » finds « Québec »
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.institution.setCompleter(completer)
        self.institution_label = QLabel(self.tr("Éta&blissement"))
        self.institution_label.setBuddy(self.institution)
        form.addRow(self.institution_label, self.institution)
        # The invoice that receives the lines: entered first (number, date, period), then
        # chosen here among the institution's, the latest first.
        self.invoice = QComboBox()
        self.invoice.setObjectName("import_invoice")
        self.invoice_label = QLabel(self.tr("Fact&ure"))
        self.invoice_label.setBuddy(self.invoice)
        form.addRow(self.invoice_label, self.invoice)
        self.institution.currentIndexChanged.connect(lambda _i: self._load_invoices())
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        form.addRow(self.hint)
        return page

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.mapping_intro = QLabel()
        self.mapping_intro.setWordWrap(True)
        layout.addWidget(self.mapping_intro)
        self.columns_label = QLabel(self.tr("&Colonnes du fichier et champs de GEM "
                                            "(* : obligatoire)"))
        layout.addWidget(self.columns_label)
        self.mapping_area = QScrollArea()
        self.mapping_area.setWidgetResizable(True)
        self.mapping_area.setObjectName("import_mapping")
        layout.addWidget(self.mapping_area, 1)
        self.mapping_state = QLabel()
        self.mapping_state.setObjectName("import_mapping_state")
        self.mapping_state.setWordWrap(True)
        layout.addWidget(self.mapping_state)
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.summary = QLabel()
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        counts = QHBoxLayout()
        self.count_labels: dict[str, QLabel] = {}
        for kind in ("create", "update", "unchanged", "refused", LEFT):
            shown = QLabel()
            shown.setObjectName(f"import_count_{kind}")
            shown.setTextFormat(Qt.TextFormat.RichText)
            self.count_labels[kind] = shown
            counts.addWidget(shown)
        counts.addStretch(1)
        layout.addLayout(counts)
        filters = QHBoxLayout()
        self.filter = QComboBox()
        self.filter.setObjectName("import_filter")
        # Its items (and their counts) come with each preview, after the first show.
        self.filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filter.currentIndexChanged.connect(self._filter_changed)
        filter_label = QLabel(self.tr("&Afficher"))
        filter_label.setBuddy(self.filter)
        filters.addWidget(filter_label)
        filters.addWidget(self.filter)
        filters.addStretch(1)
        layout.addLayout(filters)
        self.model = PreviewTableModel(self.lang, self)
        self.table = QTableView()
        self.table.setObjectName("import_preview")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows walk it
        self.table.verticalHeader().hide()
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # 65,000 rows stay fast
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        horizontal = self.table.horizontalHeader()
        horizontal.setStretchLastSection(True)
        for column, width in ((PreviewTableModel.COL_ROW, 70),
                              (PreviewTableModel.COL_OUTCOME, 130),
                              (PreviewTableModel.COL_NAME, 200)):
            self.table.setColumnWidth(column, width)
        self.table.setAccessibleName(self.tr("Aperçu des lignes"))
        rows_label = QLabel(self.tr("&Lignes"))
        rows_label.setBuddy(self.table)
        layout.addWidget(rows_label)
        layout.addWidget(self.table, 1)
        # The current row's detail in full: the column cuts long reasons off, and a
        # keyboard user has no mouse to hover for the tooltip.
        self.row_detail = QLabel()
        self.row_detail.setObjectName("import_row_detail")
        self.row_detail.setWordWrap(True)
        self.row_detail.setTextFormat(Qt.TextFormat.PlainText)
        self.row_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.row_detail)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_row_detail(current))
        bottom = QHBoxLayout()
        self.write_refused_button = QPushButton(self.tr("Enregistrer les lignes refusé&es…"))
        self.write_refused_button.setObjectName("import_write_refused")
        self.write_refused_button.setAutoDefault(False)
        self.write_refused_button.clicked.connect(lambda: self.write_refused())
        self.valid_only = QCheckBox(self.tr("Importer seulement les lignes &valides"))
        self.valid_only.setObjectName("import_valid_only")
        self.valid_only.toggled.connect(lambda _on: self._sync_import_button())
        self.valid_only.toggled.connect(lambda _on: self._refresh_notice())
        bottom.addWidget(self.write_refused_button)
        bottom.addWidget(self.valid_only)
        bottom.addStretch(1)
        layout.addLayout(bottom)
        self.preview_notice = QLabel()
        self.preview_notice.setObjectName("import_preview_notice")
        self.preview_notice.setWordWrap(True)
        self.preview_notice.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.preview_notice)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.result_text = QLabel()
        self.result_text.setObjectName("import_result")
        self.result_text.setWordWrap(True)
        self.result_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result_text)
        layout.addStretch(1)
        return page

    # ------------------------------------------------------------------ steps
    def step(self) -> int:
        return self.stack.currentIndex()

    def _titles(self) -> dict[int, str]:
        """Each step's heading; the files kind has no institution, and several sheets."""
        files = self.chosen_kind() == FILES
        return {
            self.CHOOSE: self.tr("Étape 1 sur 4 : le classeur ou le dossier") if files else
            self.tr("Étape 1 sur 4 : le fichier et l'établissement"),
            self.MAPPING: self.tr("Étape 2 sur 4 : les colonnes de chaque feuille") if files
            else self.tr("Étape 2 sur 4 : les colonnes"),
            self.PREVIEW: self.tr("Étape 3 sur 4 : l'aperçu (rien n'est encore écrit)"),
            self.DONE: self.tr("Étape 4 sur 4 : l'import est fait"),
        }

    def _show_step(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        self.heading.setText(self._titles()[step])
        self.back_button.setVisible(step in (self.MAPPING, self.PREVIEW))
        self.next_button.setVisible(step in (self.CHOOSE, self.MAPPING))
        self.import_button.setVisible(step == self.PREVIEW)
        self._say("")
        self.next_button.setEnabled(step != self.MAPPING or self._check_mapping())
        # Importer asks before it writes, so Entrée on the preview opens that question.
        default = {self.CHOOSE: self.next_button, self.MAPPING: self.next_button,
                   self.PREVIEW: self.import_button, self.DONE: self.close_button}[step]
        default.setDefault(True)
        if step == self.CHOOSE:
            self.file.setFocus()
        elif step == self.MAPPING and self.mapping_combos:
            self.mapping_area.verticalScrollBar().setValue(0)  # the first sheet in view again
            self.mapping_combos[0].setFocus()
        elif step == self.PREVIEW:
            self._sync_import_button()
            self.table.setFocus()
        else:
            self.close_button.setFocus()

    def go_next(self) -> None:
        if self.step() == self.CHOOSE:
            self.read_header()
        elif self.step() == self.MAPPING and self.files_proposal is not None:
            self.read_files_preview()
        elif self.step() == self.MAPPING:
            self.read_preview()

    def go_back(self) -> None:
        if self.step() in (self.MAPPING, self.PREVIEW):
            self._show_step(self.step() - 1)

    def _say(self, text: str) -> None:
        """A failure in words, under the page (empty: none)."""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _failed(self, exc: BaseException) -> None:
        """A GemError in the actor's language; anything else as gem.ui.errors words it
        (« erreur interne », logged by the worker)."""
        if not isinstance(exc, Cancelled):
            self._say(message_for(exc, self.lang))

    # ------------------------------------------------------------------ step 1
    def _load_institutions(self) -> None:
        actor = self.ctx.actor

        def job(session: Any, _control: OpControl) -> list[tuple[int, str]]:
            from gem.services.institution import InstitutionService

            return [(i.id, i.name) for i in InstitutionService().find(
                session, actor, None, "name", limit=None)]

        self.ctx.read(job).on_success(self._guarded(self._institutions)) \
            .on_failure(self._guarded(self._failed)).run()

    def _institutions(self, rows: list[tuple[int, str]]) -> None:
        self.institution.clear()
        import unicodedata

        from gem.imports.columns import normalized

        for ident, name in rows:
            # The name, then without accents (« monteregie-est »), then without punctuation
            # either (« monteregie est »): the completer matches any of the three.
            plain = "".join(c for c in unicodedata.normalize("NFKD", name)
                            if not unicodedata.combining(c))
            self.institution.addItem(name, ident)
            self.institution.setItemData(self.institution.count() - 1,
                                         f"{name} {plain} {normalized(name)}", FOLDED_ROLE)
        self.institution.setCurrentIndex(-1)
        self.institution_edit.setPlaceholderText(
            self.tr("Tapez une partie du nom, puis choisissez"))
        self._institutions_loaded = True

    def chosen_institution(self) -> int | None:
        """The id of the institution whose name the combo shows (typed or picked)."""
        index = self.institution.findText(self.institution.currentText().strip(),
                                          Qt.MatchFlag.MatchFixedString)
        return None if index < 0 else int(self.institution.itemData(index))

    def institutions_loaded(self) -> bool:
        return self._institutions_loaded

    def chosen_kind(self) -> str:
        return str(self.kind.currentData())

    def _kind_changed(self) -> None:
        """The invoice row only for invoice lines; a new kind means a new mapping."""
        invoices = self.chosen_kind() == INVOICE_LINES
        self.invoice.setVisible(invoices)
        self.invoice_label.setVisible(invoices)
        files = self.chosen_kind() == FILES  # each row names its own institution
        self.institution.setVisible(not files)
        self.institution_label.setVisible(not files)
        self.browse_folder.setVisible(files)
        self.hint.setText(self.tr(
            "Rien n'est écrit avant la dernière étape : GEM propose d'abord les colonnes de "
            "chaque feuille (ou de chaque fichier CSV du dossier), puis montre ce que chaque "
            "ligne ferait. La disposition des feuilles est décrite dans le README.")
            if files else self.tr(
            "Rien n'est écrit avant la dernière étape : GEM propose d'abord les colonnes, "
            "puis montre ce que chaque ligne ferait."))
        if self.step() == self.CHOOSE:
            self.heading.setText(self._titles()[self.CHOOSE])
        self.file.setPlaceholderText(self.tr(
            "Classeur d'une feuille par type de dossier, ou dossier de fichiers CSV")
            if files else self.tr("Classeur xlsx, xls ou ods, ou fichier csv"))
        self.proposal, self.files_proposal, self.preview = None, None, None
        if invoices:
            self._load_invoices()

    def _load_invoices(self) -> None:
        """The chosen institution's invoices (the latest first), for the invoice kind."""
        self.invoice.clear()
        self.invoices_loaded = False
        ident = self.chosen_institution()
        if self.chosen_kind() != INVOICE_LINES or ident is None:
            return
        actor = self.ctx.actor

        def job(session: Any, _control: OpControl
                ) -> tuple[int, list[tuple[str, date, date]]]:
            from gem.services.leave import LeaveInvoiceService

            found = LeaveInvoiceService().find(session, actor, {"institution_id": ident},
                                               "invoice_date", descending=True, limit=200)
            return ident, [(i.number, i.period_start, i.period_end) for i in found]

        self.ctx.read(job).on_success(self._guarded(self._invoices)) \
            .on_failure(self._guarded(self._failed)).run()

    def _invoices(self, result: tuple[int, list[tuple[str, date, date]]]) -> None:
        ident, rows = result
        if ident != self.chosen_institution():  # another institution chosen meanwhile
            return
        self.invoice.clear()
        for number, start, end in rows:
            self.invoice.addItem(self.tr("{number} (du {start} au {end})").format(
                number=number, start=format_date(start), end=format_date(end)), number)
        if not rows:
            self.invoice.addItem(self.tr("(aucune facture : saisissez-la d'abord)"), None)
        self.invoices_loaded = True

    def chosen_invoice(self) -> str | None:
        data = self.invoice.currentData()
        return None if data is None else str(data)

    def choose_folder(self) -> None:
        """A folder of CSV files, one per sheet of the layout (the files kind)."""
        start = self.file.text().strip() or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Choisir le dossier des fichiers CSV"), start)
        if chosen:
            self.file.setText(chosen)

    def choose_file(self) -> None:
        start = self.file.text().strip() or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choisir le fichier à importer"), start,
            self.tr("Feuilles de calcul ({suffixes});;Tous les fichiers (*)")
            .format(suffixes=SUFFIXES))
        if chosen:
            self.file.setText(chosen)
            self.institution.setFocus()

    def read_header(self) -> None:
        """Step 1 → 2: the file's header and the columns proposed for it."""
        path = Path(self.file.text().strip())
        if not self.file.text().strip():
            self._say(self.tr("Choisissez le fichier à importer."))
            self.file.setFocus()
            return
        if self.chosen_kind() == FILES:  # each row names its institution
            self.read_sheet_headers()
            return
        chosen = self.chosen_institution()
        if chosen is None:
            self._say(self.tr("Choisissez dans la liste l'établissement dont vient le "
                              "fichier."))
            self.institution.setFocus()
            return
        kind = self.chosen_kind()
        if kind == INVOICE_LINES and self.chosen_invoice() is None:
            self._say(self.tr("Choisissez la facture qui reçoit les lignes ; une facture "
                              "s'inscrit d'abord dans la liste « Factures » (numéro, date, "
                              "période)."))
            self.invoice.setFocus()
            return
        actor, institution = self.ctx.actor, str(chosen)

        def job(session: Any, _control: OpControl) -> Proposal:
            from gem.imports import invoices, members

            if kind == INVOICE_LINES:
                return invoices.propose_invoice_mapping(session, actor, path, institution)
            return members.propose_members_mapping(session, actor, path, institution)

        self._run(self.ctx.read(job),
                  self.tr("Lecture de l'en-tête de « {file} »…").format(file=path.name),
                  self._proposed)

    def _proposed(self, proposal: Proposal) -> None:
        self.proposal, self.files_proposal = proposal, None
        self._build_mapping(self.tr(
            "Pour chaque colonne de « {sheet} », choisissez le champ de GEM qu'elle remplit, "
            "ou « (ignorer) ». Il faut aussi le numéro de membre ou le matricule.")
            .format(sheet=proposal.sheet), [("", proposal.sheet, proposal.header,
                                             proposal.mapping, proposal.fields)])

    def read_sheet_headers(self) -> None:
        """Step 1 → 2 for the previous system's files: each known sheet's header and the
        columns proposed for it."""
        actor, path = self.ctx.actor, Path(self.file.text().strip())

        def job(session: Any, _control: OpControl) -> FilesProposal:
            from gem.imports import files

            return files.propose_files_mapping(session, actor, path)

        self.preview, self.proposal, self.files_proposal = None, None, None
        self._run(self.ctx.read(job),
                  self.tr("Lecture des en-têtes de « {file} »…").format(file=path.name),
                  self._files_proposed)

    def _files_proposed(self, proposal: FilesProposal) -> None:
        self.proposal, self.files_proposal = None, proposal
        self._build_mapping(self.tr(
            "« {file} » : {count} feuille(s) reconnue(s). Pour chaque colonne de chaque "
            "feuille, choisissez le champ de GEM qu'elle remplit, ou « (ignorer) ». Les "
            "colonnes sont retenues pour le prochain import.").format(
            file=proposal.file, count=format_number(len(proposal.sheets), 0, self.lang)),
            [(sheet.kind, sheet.name, sheet.header, sheet.mapping, sheet.fields)
             for sheet in proposal.sheets])

    # ------------------------------------------------------------------ step 2
    def _build_mapping(self, intro: str, sheets: list[tuple[
            str, str, tuple[str, ...], dict[int, str], tuple[Field, ...]]]) -> None:
        """Step 2 shown: a combo per column; with more than one sheet, each sheet's under
        its name."""
        self.mapping_intro.setText(intro)
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setColumnStretch(1, 1)
        self.mapping_groups = []
        line = 0
        for kind, name, header, proposed, fields in sheets:
            labels = field_labels(fields, self.lang)
            if len(sheets) > 1:
                title = QLabel(self.tr("Feuille « {sheet} »").format(sheet=name))
                title.setObjectName(f"import_sheet_{kind}")
                title.setTextFormat(Qt.TextFormat.PlainText)
                title.setStyleSheet("font-weight: bold; margin-top: 6px;")
                grid.addWidget(title, line, 0, 1, 2)
                line += 1
            group: list[QComboBox] = []
            for index, title_text in enumerate(header):
                shown = title_text.strip() or self.tr("(colonne {n} sans en-tête)").format(
                    n=index + 1)
                column = QLabel(shown)
                column.setTextFormat(Qt.TextFormat.PlainText)  # the file's text, never markup
                combo = QComboBox()
                combo.setObjectName(f"import_column_{kind}_{index}" if kind else
                                    f"import_column_{index}")
                combo.setAccessibleName(f"{name} : {shown}" if len(sheets) > 1 else shown)
                combo.addItem(self.tr("(ignorer)"), IGNORED)
                for f in fields:
                    combo.addItem(f"{labels[f.key]} *" if f.required else labels[f.key], f.key)
                combo.setCurrentIndex(max(combo.findData(proposed.get(index, IGNORED)), 0))
                combo.currentIndexChanged.connect(lambda _i: self._check_mapping())
                grid.addWidget(column, line, 0)
                grid.addWidget(combo, line, 1)
                line += 1
                group.append(combo)
            self.mapping_groups.append((kind, name, fields, group))
        grid.setRowStretch(line, 1)
        self.mapping_area.setWidget(grid_widget)
        if self.mapping_combos:
            self.columns_label.setBuddy(self.mapping_combos[0])
        self._check_mapping()
        self._show_step(self.MAPPING)

    @property
    def mapping_combos(self) -> list[QComboBox]:
        """Every sheet's combos, in the order shown."""
        return [combo for *_rest, combos in self.mapping_groups for combo in combos]

    @staticmethod
    def _chosen(combos: list[QComboBox]) -> dict[int, str]:
        return {index: combo.currentData() for index, combo in enumerate(combos)
                if combo.currentData()}

    def mapping(self) -> dict[int, str]:
        """Column index → field, as the combos of the (only) sheet say now."""
        return self._chosen(self.mapping_groups[0][3]) if self.mapping_groups else {}

    def sheet_mappings(self) -> dict[str, dict[int, str]]:
        """Sheet kind → its column index → field, as the combos say now (the files kind)."""
        return {kind: self._chosen(combos) for kind, _name, _fields, combos
                in self.mapping_groups}

    def _check_mapping(self) -> bool:
        """Names the required fields no column fills and the fields two columns fill,
        sheet by sheet; Suivant waits until there are none."""
        if self.proposal is None and self.files_proposal is None:
            return False
        problems = []
        several = len(self.mapping_groups) > 1
        for _kind, name, fields, combos in self.mapping_groups:
            labels = field_labels(fields, self.lang)
            chosen = list(self._chosen(combos).values())
            missing = [labels[f.key] for f in fields if f.required and f.key not in chosen]
            twice = sorted({labels[key] for key in chosen if chosen.count(key) > 1})
            where = self.tr("« {sheet} » : ").format(sheet=name) if several else ""
            if missing:
                problems.append(where + self.tr("Champs obligatoires sans colonne : "
                                                "{fields}.").format(fields=", ".join(missing)))
            if twice:
                problems.append(where + self.tr("Choisis pour plus d'une colonne : "
                                                "{fields}.").format(fields=", ".join(twice)))
        self.mapping_state.setStyleSheet("color: #b91c1c;" if problems else "")
        self.mapping_state.setText(" ".join(problems) or self.tr(
            "Chaque champ obligatoire a sa colonne."))
        if self.step() == self.MAPPING:
            self.next_button.setEnabled(not problems)
        return not problems

    def read_preview(self) -> None:
        """Step 2 → 3: every row read and checked, in a worker; nothing written."""
        if self.proposal is None or not self._check_mapping():
            return
        actor, path = self.ctx.actor, Path(self.file.text().strip())
        institution, mapping = str(self.proposal.institution_id), self.mapping()
        kind, invoice = self.chosen_kind(), self.chosen_invoice() or ""

        def job(session: Any, control: OpControl
                ) -> tuple[Preview | InvoicePreview, dict[tuple[str, Any], str]]:
            from gem.imports import invoices, members
            from gem.services.records import link_label

            if kind == INVOICE_LINES:
                return invoices.preview_invoice_lines(
                    session, actor, path, institution, invoice,
                    choose=lambda _header: mapping, progress=control.progress), {}
            preview = members.preview_members(session, actor, path, institution,
                                              choose=lambda _header: mapping,
                                              progress=control.progress)
            names: dict[tuple[str, Any], str] = {}
            for outcome in preview.outcomes:  # the few job titles and units named
                for key, pair in outcome.changes.items():
                    if key in LINKED:
                        for value in pair:
                            if value is not None and (key, value) not in names:
                                names[(key, value)] = link_label(session, actor, LINKED[key],
                                                                 value)
            return preview, names

        self.preview = None
        self._run(self.ctx.read(job),
                  self.tr("Lecture et vérification des lignes…"), self._previewed,
                  progress=self._preview_progress)

    def read_files_preview(self) -> None:
        """Step 2 → 3 for the previous system's files: every sheet read with the columns
        chosen for it, and checked."""
        if self.files_proposal is None or not self._check_mapping():
            return
        actor, path = self.ctx.actor, Path(self.file.text().strip())
        chosen = self.sheet_mappings()

        def job(session: Any, control: OpControl) -> tuple[FilesPreview,
                                                           dict[tuple[str, Any], str]]:
            from gem.imports import files

            return files.preview_files(session, actor, path,
                                       choose=lambda kind, _header: chosen.get(kind),
                                       progress=control.progress), {}

        self.preview = None
        self._run(self.ctx.read(job),
                  self.tr("Lecture et vérification des lignes…"), self._previewed,
                  progress=self._preview_progress)

    def _preview_progress(self, done: int, _total: int) -> None:
        if self.progress is not None:
            self.progress.setLabelText(self.tr("Lecture et vérification des lignes… "
                                               "{count} lignes lues").format(
                count=format_number(done, 0, self.lang)))

    # ------------------------------------------------------------------ step 3
    def _previewed(self, result: tuple[Preview | InvoicePreview | FilesPreview,
                                       dict[tuple[str, Any], str]]) -> None:
        preview, names = result
        left = getattr(preview, "left", ())  # a members list only
        kinds = ("create", "refused") if self._files_kind(preview) else \
            ("create", "unchanged", "refused") if self._invoice_kind(preview) else \
            ("create", "update", "unchanged", "refused", LEFT)
        self.preview = preview
        self.refused_written = None
        labels = field_labels(self.proposal.fields, self.lang) if self.proposal else {}
        self.model.set_preview(preview, labels, names)
        counts = {kind: self.model.count(kind) for kind in self.count_labels}
        texts = {"create": self.tr("à créer"), "update": self.tr("à mettre à jour"),
                 "unchanged": self.tr("inchangé(s)"), "refused": self.tr("refusé(s)"),
                 LEFT: self.tr("absent(s) de la liste")}
        for kind, shown in self.count_labels.items():
            shown.setVisible(kind in kinds)
            shown.setText(f"<b>{format_number(counts[kind], 0, self.lang)}</b> {texts[kind]}")
            if kind == "refused" and counts[kind]:
                shown.setStyleSheet("color: #b91c1c;")
            else:
                shown.setStyleSheet("")
        if self._files_kind(preview):
            self.warnings = []
            self.summary.setText(self._files_summary(cast("FilesPreview", preview)))
        elif self._invoice_kind(preview):
            from gem.imports.invoices import preview_warnings

            self.warnings = preview_warnings(cast("InvoicePreview", preview), self.lang)
            self.summary.setText("\n".join([self.tr(
                "« {file} » pour la facture {invoice} de {institution} : {rows} lignes lues. "
                "Rien n'a encore été écrit.").format(
                file=preview.file, invoice=getattr(preview, "invoice_number", ""),
                institution=getattr(preview, "institution", ""),
                rows=format_number(len(preview.outcomes), 0, self.lang)), *self.warnings]))
        else:
            self.warnings = []
            self.summary.setText(self.tr("« {file} » pour {institution} : {rows} lignes lues. "
                                         "Rien n'a encore été écrit.").format(
                file=preview.file, institution=getattr(preview, "institution", ""),
                rows=format_number(len(preview.outcomes), 0, self.lang)))
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(self.tr("Tout ({count})").format(  # rows, and members absent
            count=format_number(len(preview.outcomes) + len(left), 0, self.lang)),
            None)
        for kind, text in (("refused", self.tr("Refusées ({count})")),
                           ("create", self.tr("À créer ({count})")),
                           ("update", self.tr("À mettre à jour ({count})")),
                           ("unchanged", self.tr("Inchangées ({count})")),
                           (LEFT, self.tr("Absents de la liste ({count})"))):
            if kind not in kinds:
                continue
            self.filter.addItem(text.format(count=format_number(counts[kind], 0, self.lang)),
                                kind)
        self.filter.setCurrentIndex(0)
        self.filter.blockSignals(False)
        self.model.set_filter(None)
        refused = bool(preview.refused)
        self.valid_only.setChecked(False)
        self.valid_only.setEnabled(refused)
        self.write_refused_button.setEnabled(refused)
        self._refresh_notice()
        self._show_step(self.PREVIEW)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))

    @staticmethod
    def _invoice_kind(preview: Any) -> bool:
        return hasattr(preview, "invoice_number")

    @staticmethod
    def _files_kind(preview: Any) -> bool:
        return hasattr(preview, "sheets")

    def _files_summary(self, preview: FilesPreview) -> str:
        """The workbook (or folder), then each sheet found with its counts."""
        from gem.imports.files import FILE_KINDS

        names = {kind.key: tr(kind.label, self.lang) for kind in FILE_KINDS}
        parts = [self.tr("{sheet} : {create} à créer, {refused} refusée(s)").format(
            sheet=names.get(kind, kind), create=format_number(n["create"], 0, self.lang),
            refused=format_number(n["refused"], 0, self.lang))
            for kind, n in preview.counts.items()]
        return self.tr("« {file} », dossiers de l'ancien système : {rows} lignes lues. Rien "
                       "n'a encore été écrit.").format(
            file=preview.file, rows=format_number(len(preview.outcomes), 0, self.lang)) + \
            "\n" + " ; ".join(parts)

    def _filter_changed(self, _index: int) -> None:
        self.model.set_filter(self.filter.currentData())
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        else:
            self.row_detail.clear()

    def _show_row_detail(self, current: QModelIndex) -> None:
        if not current.isValid():
            self.row_detail.clear()
            return
        row = current.row()
        texts = [self.model.data(self.model.index(row, column)) or ""
                 for column in range(self.model.columnCount())]
        where = self.tr("Ligne {row}").format(row=texts[0]) if texts[0] else ""
        self.row_detail.setText(" — ".join(t for t in (where, texts[1], texts[2], texts[3])
                                           if t))

    def _refresh_notice(self) -> None:
        """What the refused rows mean for the import, as the check box now says."""
        preview = self.preview
        if preview is None or not preview.refused:
            self.preview_notice.setText("")
            return
        count = format_number(len(preview.refused), 0, self.lang)
        if self._files_kind(preview):
            self.preview_notice.setText(self.tr(
                "{count} ligne(s) refusée(s) seront laissées de côté, avec les lignes qui en "
                "dépendent ; les autres seront importées. Enregistrez-les pour corriger "
                "l'export.").format(count=count) if self.valid_only.isChecked() else self.tr(
                "{count} ligne(s) refusée(s) : l'import n'écrira rien tant qu'elles le sont, à "
                "moins de cocher « Importer seulement les lignes valides ». Enregistrez-les "
                "pour corriger l'export.").format(count=count))
        elif self.valid_only.isChecked():
            self.preview_notice.setText(self.tr(
                "{count} ligne(s) refusée(s) seront laissées de côté ; les autres seront "
                "importées. Enregistrez-les pour les renvoyer à l'établissement.")
                .format(count=count))
        else:
            self.preview_notice.setText(self.tr(
                "{count} ligne(s) refusée(s) : l'import n'écrira rien tant qu'elles le sont, à "
                "moins de cocher « Importer seulement les lignes valides ». Enregistrez-les "
                "pour les renvoyer à l'établissement.").format(count=count))

    def _sync_import_button(self) -> None:
        refused = self.preview is not None and bool(self.preview.refused)
        self.import_button.setEnabled(self.preview is not None
                                      and (not refused or self.valid_only.isChecked()))

    def write_refused(self, target: str | Path | None = None) -> Background | None:
        """The refused rows in a workbook to send back to the institution; returns the job
        (None if the person closed the file dialog)."""
        preview = self.preview
        if preview is None or not preview.refused:
            return None
        if target is None:
            source = Path(self.file.text().strip())
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Enregistrer les lignes refusées"),
                str(source.with_name(f"{source.stem}-refusees.xlsx")),
                self.tr("Classeurs Excel (*.xlsx)"))
            if not chosen:
                return None
            target = chosen
        path = Path(target)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        lang = self.lang

        def job(report: Callable[[str, Any], None]) -> None:
            from gem.imports import files, members

            if isinstance(preview, files.FilesPreview):  # one sheet per sheet of the file
                report("written", files.write_refused(preview, path, lang))
            else:
                report("written", members.write_refused(preview, path, lang))

        op = Background(job)  # no parent: the dialog may close before the file is written
        op.reported.connect(self._guarded(lambda _name, value: self._refused_written(value)))
        op.failed.connect(self._guarded(self._failed))
        self.write_refused_button.setEnabled(False)
        op.finished.connect(self._guarded(lambda: self.write_refused_button.setEnabled(True)))
        return op.run()

    def _refused_written(self, path: Path) -> None:
        self.refused_written = path
        self.preview_notice.setText(self.tr("Lignes refusées enregistrées : {path}")
                                    .format(path=str(path)))

    # ------------------------------------------------------------------ step 4
    def run_import(self) -> None:
        """Asks first (what will be written, and where), then writes."""
        preview = self.preview
        if preview is None or not self.import_button.isEnabled() or self.is_busy():
            return
        counts = {kind: format_number(self.model.count(kind), 0, self.lang)
                  for kind in ("create", "update", "refused")}
        invoice = getattr(preview, "invoice_number", None)
        place = getattr(preview, "institution", "")  # the files kind names one per row
        if self._files_kind(preview):
            text = self.tr("Importer {create} ligne(s) de « {file} » (dossiers, liens, "
                           "audiences) avec leurs numéros de dossier d'origine ?").format(
                file=preview.file, **counts)
        elif invoice is not None:
            text = self.tr("Importer {create} ligne(s) sur la facture {invoice} de "
                           "{institution} ?").format(invoice=invoice, institution=place,
                                                     **counts)
        else:
            text = self.tr("Importer dans {institution} : {create} membre(s) à créer, {update} "
                           "à mettre à jour ?").format(institution=place, **counts)
        if preview.refused:
            text += "\n\n" + self.tr("{refused} ligne(s) refusée(s) seront laissées de "
                                      "côté.").format(**counts)
        for warning in self.warnings:  # an invoice already paid, lines outside its period
            text += "\n\n" + warning
        box = QMessageBox(QMessageBox.Icon.Question, self.windowTitle(), text,
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("import_confirm")
        box.setInformativeText(self.tr(
            "Un seul lot, tout ou rien ; un administrateur pourra l'annuler tant que "
            "personne n'a modifié ces dossiers.") if self._files_kind(preview) else self.tr(
            "Un seul lot, tout ou rien ; un administrateur pourra l'annuler tant que "
            "personne n'a modifié ces lignes.") if invoice is not None else self.tr(
            "Un seul lot, tout ou rien ; un administrateur pourra l'annuler tant que "
            "personne n'a modifié ces membres."))
        go = box.addButton(self.tr("&Importer"), QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton(self.tr("&Revenir à l'aperçu"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)  # Entrée twice never writes by accident
        box.setEscapeButton(stay)
        if self.confirm is not None and isValid(self.confirm):
            self.confirm.deleteLater()  # the last question, answered: one kept at a time
        box.finished.connect(self._guarded(
            lambda _result: self.write_import() if box.clickedButton() is go else None))
        self.confirm = box
        box.open()

    def write_import(self) -> None:
        """The preview written as one batch, in one write transaction: Annuler rolls it back."""
        preview = self.preview
        if preview is None or self.is_busy():
            return
        actor, valid_only = self.ctx.actor, self.valid_only.isChecked()
        self._refresh_notice()  # not the last attempt's « annulé » during this one

        def job(session: Any, control: OpControl) -> BatchSummary:
            from gem.imports import files, invoices, members
            from gem.imports.invoices import InvoicePreview

            if isinstance(preview, files.FilesPreview):
                return files.import_files(session, actor, preview, valid_only,
                                          progress=control.progress)
            if isinstance(preview, InvoicePreview):
                return invoices.import_invoice_lines(session, actor, preview, valid_only,
                                                     progress=control.progress)
            return members.import_members(session, actor, preview, valid_only,
                                          progress=control.progress)

        self._run(self.ctx.write(job), self._writing_text(), self._imported,
                  progress=self._import_progress, writes=True)

    def _writing_text(self) -> str:
        if self._files_kind(self.preview):
            return self.tr("Enregistrement des dossiers…")
        return self.tr("Enregistrement des lignes de facture…") \
            if self._invoice_kind(self.preview) else self.tr("Enregistrement des membres…")

    def _import_progress(self, done: int, total: int) -> None:
        progress = self.progress
        if progress is None:
            return
        progress.setLabelText(self.tr("{writing} {done} sur {total}")
                              .format(writing=self._writing_text(),
                                      done=format_number(done, 0, self.lang),
                                      total=format_number(total, 0, self.lang)))
        progress.setRange(0, max(total, 1))
        # Last: on a modal dialog setValue() runs the event loop, where the job's end may
        # arrive and close this progress dialog.
        progress.setValue(min(done, max(total, 1)))

    def _imported(self, batch: BatchSummary) -> None:
        self.batch = batch
        keys = ("create", "update", "unchanged", "refused", LEFT, "matched", "not_approved",
                "hours_differ", "already_billed", "rechecked")
        counts = {kind: format_number(batch.counts.get(kind, 0), 0, self.lang) for kind in keys}
        invoice = getattr(self.preview, "invoice_number", None)
        files = self._files_kind(self.preview)
        if files:
            shown = {kind: format_number(batch.counts.get(kind, 0), 0, self.lang)
                     for kind in ("grievances", "arbitrations", "agreements", "recourses")}
            lines = [self.tr("Lot n° {batch} : {create} ligne(s) importée(s) : {grievances} "
                             "grief(s), {arbitrations} arbitrage(s), {agreements} entente(s), "
                             "{recourses} recours, avec leurs liens, audiences et échéances.")
                     .format(batch=batch.id, create=counts["create"], **shown)]
        elif invoice is not None:
            lines = [self.tr("Lot n° {batch} : {create} ligne(s) créée(s) sur la facture "
                             "{invoice}, {unchanged} inchangée(s).").format(
                batch=batch.id, invoice=invoice, **counts)]
            if batch.counts.get("create"):
                lines.append(self.tr(
                    "Rapprochement avec les libérations approuvées : {matched} conforme(s), "
                    "{not_approved} sans libération approuvée, {hours_differ} aux heures "
                    "différentes, {already_billed} déjà facturée(s) ; {rechecked} autre(s) "
                    "ligne(s) de la période au résultat changé.").format(**counts))
        else:
            lines = [self.tr("Lot n° {batch} : {create} membre(s) créé(s), {update} mis à "
                             "jour, {unchanged} inchangé(s).").format(batch=batch.id, **counts)]
        if batch.counts.get("refused"):
            lines.append(self.tr("{refused} ligne(s) refusée(s) laissée(s) de côté.")
                         .format(**counts))
        if batch.counts.get(LEFT):
            lines.append(self.tr("{left} membre(s) actif(s) absent(s) de la liste : "
                                 "signalés, jamais supprimés.").format(**counts))
        if files:
            lines.append(self.tr("Pour défaire cet import tant que personne n'a modifié ces "
                                 "dossiers : Fichier › Imports précédents…, puis « Annuler ce "
                                 "lot… »."))
            self.ctx.announce("grievance", 0)
        elif invoice is not None:
            lines.append(self.tr("Pour défaire cet import tant que personne n'a modifié ces "
                                 "lignes : Fichier › Imports précédents…, puis « Annuler ce "
                                 "lot… » (administrateurs)."))
            self.ctx.announce("leave_invoice", 0)
        else:
            lines.append(self.tr("Pour défaire cet import tant que personne n'a modifié ces "
                                 "membres : Fichier › Imports précédents…, puis « Annuler ce "
                                 "lot… » (administrateurs)."))
            self.ctx.announce("member", 0)
        self.result_text.setText("\n\n".join(lines))
        self._show_step(self.DONE)

    # ------------------------------------------------------------------ jobs
    def _run(self, op: DbOp, text: str, on_done: Callable[[Any], None],
             progress: Callable[[int, int], None] | None = None, writes: bool = False
             ) -> None:
        """``op`` with a busy progress dialog (the total is unknown until the job says) and
        Annuler; ``on_done(result)`` unless it failed or was cancelled."""
        dialog = JobProgress(text, self)
        dialog.setObjectName("import_progress")
        dialog.setWindowTitle(self.windowTitle())
        # Not modal: the main window stays usable during a long read or write; this
        # dialog's own steps and buttons wait (_set_busy).
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(op.cancel)
        self.op, self.progress = op, dialog
        self._say("")
        self._set_busy(True)

        def finish() -> None:
            self._set_busy(False)
            dialog.canceled.disconnect()  # close() emits canceled: neither cancel nor re-show
            # reset() stops QProgressDialog's own timer, which would show it again (and keep
            # blocking this dialog, invisibly) when a job ends before that timer fires.
            dialog.reset()
            dialog.close()
            dialog.deleteLater()
            self.activateWindow()  # the keyboard comes back to the step, not the main window
            if self.op is op:
                self.op, self.progress = None, None

        def succeeded(result: Any) -> None:
            if isValid(self):  # the dialog may have gone with its window meanwhile
                finish()
                on_done(result)

        def failed(exc: BaseException) -> None:
            if isValid(self):
                stopped = dialog.stopping
                finish()
                self._failed(exc)
                if stopped and writes and isinstance(exc, Cancelled):
                    self.preview_notice.setText(self.tr(
                        "Import annulé : rien n'a été écrit. L'aperçu est toujours là."))

        op.on_success(succeeded).on_failure(failed)
        if progress is not None:
            op.on_progress(progress)
        dialog.show()
        op.run()

    def _guarded(self, fn: Callable[..., None]) -> Callable[..., None]:
        """``fn`` called only while the dialog still exists: a job may report after the
        window that owned the dialog has gone."""
        def call(*args: Any) -> None:
            if isValid(self):
                fn(*args)
        return call

    def is_busy(self) -> bool:
        return self.op is not None

    def _set_busy(self, busy: bool) -> None:
        """While a job runs, no step can change nor a second job start (the progress dialog
        is modal to this dialog only: the main window stays usable)."""
        self.stack.setEnabled(not busy)
        for button in (self.back_button, self.next_button, self.close_button):
            button.setEnabled(not busy)
        if busy:
            self.import_button.setEnabled(False)
        elif self.step() == self.PREVIEW:
            self._sync_import_button()
        if not busy and self.step() == self.MAPPING:
            self._check_mapping()

    # ------------------------------------------------------------------ closing
    def _needs_asking(self) -> bool:
        """A preview read and not imported: closing would drop it."""
        return not self._leaving and self.step() == self.PREVIEW and \
            self.preview is not None and self.batch is None

    def _leave(self) -> None:
        self._leaving = True  # QDialog.done() goes through closeEvent: ask once only
        super().reject()

    def reject(self) -> None:
        """Échap or Fermer: never while a job runs (its progress dialog has Annuler); a
        preview not imported yet is dropped only once the person says so."""
        if self.is_busy():
            return
        if not self._needs_asking():
            super().reject()
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.windowTitle(), self.tr(
            "Fermer sans importer ? L'aperçu sera perdu ; rien n'a été écrit."),
            QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("import_close_confirm")
        leave = box.addButton(self.tr("&Fermer sans importer"),
                              QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(self.tr("&Revenir à l'aperçu"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._guarded(
            lambda _result: self._leave() if box.clickedButton() is leave else None))
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """The title bar's ✕ goes the way of Échap."""
        if self.is_busy() or self._needs_asking():
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)


def open_import(ctx: AppContext, parent: QWidget | None = None) -> ImportDialog:
    """The import dialog, non-modal (the window stays usable); the one already open comes
    forward instead of a second."""
    existing = parent.findChild(ImportDialog) if parent is not None else None
    if existing is not None and existing.isVisible():
        existing.raise_()
        existing.activateWindow()
        return existing
    dialog = ImportDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
