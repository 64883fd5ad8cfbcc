"""One generic list screen per list definition: a filter bar, the paged table, a row count.

Why generic: the nine lists differ only in their columns (listing.py) and in which filters make
sense (``FILTERS`` below), so one screen keeps their behaviour identical — the same keys, the
same count, the same export hook — and a fix lands everywhere at once.

Filters become a dict for ``listing.fetch_page`` (status list, ids, a ``Range`` of dates, free
text); the database does the filtering. Enter, a double-click or Ouvrir asks for the record
(``open_requested``, with None for New / Ctrl+N, offered only to roles that may create); the main
window opens it in a tab of its document area. ``export_requested`` hands the current list,
filters and order to whoever builds files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QDate, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gem.formatting import format_number
from gem.i18n import current_language, tr
from gem.labels import label
from gem.models import enums
from gem.services import listing, policy
from gem.services.actor import Actor
from gem.services.entity import Range
from gem.services.workflow import ARBITRATION, GRIEVANCE, RECOURSE, Workflow
from gem.ui.context import AppContext
from gem.ui.errors import message_for

NO_DATE = QDate(1900, 1, 1)
CHOICES_DELAY_MS = 100  # the filter combos' choices, read after the first rows are painted


@dataclass(frozen=True)
class FilterSpec:
    """Which filters a list offers; ``kind`` is (filter key, label kind of its codes) and
    ``date`` the model column a date range applies to."""

    status: str | None = None  # label kind of the status codes
    institution: bool = False
    region: bool = False
    counsellor: bool = False
    kind: tuple[str, str] | None = None
    date: str | None = None
    text: bool = False


FILTERS: dict[str, FilterSpec] = {
    "members": FilterSpec("member_status", institution=True, region=True, text=True),
    "institutions": FilterSpec(region=True, text=True),
    "grievances": FilterSpec("grievance_status", True, True, True,
                             ("nature", "grievance_nature"), "filed_date", True),
    "arbitrations": FilterSpec("arbitration_status", True, True, True,
                               ("procedure", "arbitration_procedure"), "referral_date", True),
    "agreements": FilterSpec("agreement_status", True, True, False,
                             ("kind", "agreement_kind"), "signed_date", True),
    "union_leaves": FilterSpec("leave_status", True, True, False,
                               ("leave_type", "leave_type"), "start_date"),
    "leave_invoices": FilterSpec("invoice_status", True, True, date="invoice_date"),
    "recourses": FilterSpec("recourse_status", True, True, True,
                            ("kind", "recourse_kind"), "deadline_date", True),
    "users": FilterSpec(text=True),
}

STATUS_CODES: dict[str, type[StrEnum]] = {
    "member_status": enums.MemberStatus, "grievance_status": enums.GrievanceStatus,
    "arbitration_status": enums.ArbitrationStatus, "agreement_status": enums.AgreementStatus,
    "leave_status": enums.LeaveStatus, "invoice_status": enums.InvoiceStatus,
    "recourse_status": enums.RecourseStatus,
}
WORKFLOWS: dict[str, Workflow] = {"grievance_status": GRIEVANCE,
                                  "arbitration_status": ARBITRATION,
                                  "recourse_status": RECOURSE}
KIND_CODES: dict[str, type[StrEnum]] = {
    "grievance_nature": enums.GrievanceNature,
    "arbitration_procedure": enums.ArbitrationProcedure,
    "agreement_kind": enums.AgreementKind, "leave_type": enums.LeaveType,
    "recourse_kind": enums.RecourseKind,
}
ENTITY_OF_LIST = {"members": "member", "institutions": "institution",
                  "grievances": "grievance", "arbitrations": "arbitration",
                  "agreements": "agreement", "union_leaves": "union_leave",
                  "leave_invoices": "leave_invoice", "recourses": "recourse", "users": "user"}
LIST_OF_ENTITY = {v: k for k, v in ENTITY_OF_LIST.items()}
# Besides its own records (and their child rows), what each list shows of other records: a
# write another desk makes there is read again on this list too (gem.ui.live_refresh).
# Counsellors' names are left out: every sign-in writes the accounts table.
SHOWN_FROM: dict[str, frozenset[str]] = {
    "members": frozenset({policy.INSTITUTION, policy.JOB_TITLE}),
    "institutions": frozenset({policy.HEALTH_REGION}),
    "grievances": frozenset({policy.INSTITUTION}),
    "arbitrations": frozenset({policy.INSTITUTION, policy.ARBITRATOR, policy.HEARING}),
    "agreements": frozenset({policy.INSTITUTION}),
    "union_leaves": frozenset({policy.MEMBER, policy.INSTITUTION}),
    "leave_invoices": frozenset({policy.INSTITUTION, policy.LEAVE_INVOICE_LINE}),
    "recourses": frozenset({policy.MEMBER, policy.INSTITUTION}),
}
OPEN = "__open__"  # status combo value: every status that is not closed


def can_create(actor: Actor, list_name: str) -> bool:
    """Whether New (Ctrl+N) is offered for this list: what the services accept, both asked
    of gem.services.policy."""
    return policy.may(actor, policy.Action.CREATE, ENTITY_OF_LIST[list_name])


def can_export(actor: Actor, list_name: str) -> bool:
    """Whether Exporter (Ctrl+E) is offered for this list (the report refuses the others)."""
    return policy.may(actor, policy.Action.EXPORT, ENTITY_OF_LIST[list_name])


def load_choices(session, actor) -> dict[str, list[tuple[Any, str]]]:
    """Institutions, regions and counsellors for the filter combos, in one worker job.

    Regions come from the institutions' rows (code and name columns of that list): the ones
    that can match anything, in code order."""
    rows = listing.fetch_page(session, actor, "institutions", {}, "name", False, 0, 1000)
    keys = listing.get_list("institutions").keys
    code_at, name_at = keys.index("region_code") + 1, keys.index("region") + 1
    institutions = [(row[0], row[1]) for row in rows]
    regions = sorted({(row[code_at], f"{row[code_at]} – {row[name_at]}") for row in rows
                      if row[code_at]})
    counsellors = [(row[0], row[2]) for row in listing.fetch_page(
        session, actor, "users",
        {"role": sorted(policy.COUNSELLOR_ROLES), "active": True},
        "full_name", False, 0, 1000)]
    return {"institutions": institutions, "regions": regions, "counsellors": counsellors}


class RecordTable(QTableView):
    """A table whose Enter opens the current row (QTableView's own ``activated`` depends on
    the platform style), with fixed-height rows so 100,000 of them cost nothing to lay out."""

    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as in every form
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        horizontal = self.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        horizontal.setStretchLastSection(True)
        horizontal.setHighlightSections(False)
        horizontal.setSectionsMovable(True)
        self.doubleClicked.connect(lambda index: self.open_requested.emit(index.row()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex().row())
            event.accept()
            return
        super().keyPressEvent(event)


class ListView(QWidget):
    export_requested = Signal(str, object, object)  # list name, filters dict, (key, desc)
    open_requested = Signal(str, object)  # list name, record id (None for a new record)

    def __init__(self, ctx: AppContext, list_name: str, settings=None,
                 parent: QWidget | None = None):
        from gem.ui.table_model import ListTableModel

        super().__init__(parent)
        self.ctx = ctx
        self.list_name = list_name
        self.settings = settings
        self.spec = FILTERS.get(list_name, FilterSpec())
        self.definition = listing.get_list(list_name)
        self._lang = current_language()
        self.model = ListTableModel(ctx, list_name, self)
        # The first page is asked for before the screen is built (~30 ms of widgets): its
        # query runs meanwhile. _start's sort indicator then finds it under way.
        self.model.reload()
        self._restore_scroll: int | None = None
        self._keep_selected: int | None = None  # the record selected when a refresh began
        self._stale = False
        self._building = True
        self._build()
        self._building = False
        self.model.count_changed.connect(self._show_count)
        self.model.loaded.connect(self._loaded)
        self.model.refreshed.connect(self._reselect)
        self.model.failed.connect(self._show_error)
        ctx.changed.connect(self._on_changed)
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(250)
        self._text_timer.timeout.connect(self.apply_filters)
        self._choices_requested = False
        self._start()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        title_row = QHBoxLayout()
        self.title = QLabel(tr(self.definition.title, self._lang))
        self.title.setObjectName("screenTitle")
        title_row.addWidget(self.title)
        title_row.addStretch(1)
        self.count_label = QLabel(self.tr("Chargement…"))
        self.count_label.setObjectName("rowCount")
        title_row.addWidget(self.count_label)
        layout.addLayout(title_row)

        # Two rows: the search box and the short combos, then the long ones (institution
        # names run to 60 characters) and the dates; one row clipped every label at 1280 px.
        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar2 = QHBoxLayout()
        bar2.setSpacing(6)
        self.text_edit: QLineEdit | None = None
        if self.spec.text:
            self.text_edit = QLineEdit()
            self.text_edit.setPlaceholderText(self.tr("Rechercher dans la liste…"))
            self.text_edit.setClearButtonEnabled(True)
            self.text_edit.setMinimumWidth(260)
            self.text_edit.textChanged.connect(lambda _t: self._text_timer.start())
            self.text_edit.returnPressed.connect(self.focus_main)
            bar.addWidget(self.text_edit, 2)
        self.status_combo: QComboBox | None = None
        if self.spec.status:
            self.status_combo = self._combo(self.tr("Statut"))
            self.status_combo.addItem(self.tr("Tous les statuts"), None)
            if self.spec.status in WORKFLOWS:
                self.status_combo.addItem(self.tr("Dossiers ouverts"), OPEN)
            for code in STATUS_CODES[self.spec.status]:
                self.status_combo.addItem(label(self.spec.status, code.value, self._lang),
                                          code.value)
            bar.addWidget(self.status_combo, 1)
        self.kind_combo: QComboBox | None = None
        if self.spec.kind:
            _key, kind = self.spec.kind
            caption = self._captions()[kind]
            self.kind_combo = self._combo(caption)
            self.kind_combo.addItem(self.tr("{what} : tous").format(what=caption), None)
            for code in KIND_CODES[kind]:
                self.kind_combo.addItem(label(kind, code.value, self._lang), code.value)
            bar.addWidget(self.kind_combo, 1)
        self.institution_combo: QComboBox | None = None
        if self.spec.institution:
            self.institution_combo = self._combo(self.tr("Établissement"))
            self.institution_combo.addItem(self.tr("Tous les établissements"), None)
            self.institution_combo.setMinimumContentsLength(34)
            bar2.addWidget(self.institution_combo, 3)
        self.region_combo: QComboBox | None = None
        if self.spec.region:
            self.region_combo = self._combo(self.tr("Région"))
            self.region_combo.addItem(self.tr("Toutes les régions"), None)
            self.region_combo.setMinimumContentsLength(22)
            bar2.addWidget(self.region_combo, 2)
        self.counsellor_combo: QComboBox | None = None
        if self.spec.counsellor:
            self.counsellor_combo = self._combo(self.tr("Conseiller"))
            self.counsellor_combo.addItem(self.tr("Tous les conseillers"), None)
            self.counsellor_combo.setMinimumContentsLength(20)
            bar2.addWidget(self.counsellor_combo, 2)
        self.date_from: QDateEdit | None = None
        self.date_to: QDateEdit | None = None
        if self.spec.date:
            what = self._captions()[self.spec.date]
            date_caption = QLabel(self.tr("{what} du").format(what=what))
            bar2.addWidget(date_caption)
            self.date_from = self._date_edit(self.tr("Depuis le"))
            bar2.addWidget(self.date_from)
            bar2.addWidget(QLabel(self.tr("au")))
            self.date_to = self._date_edit(self.tr("Jusqu'au"))
            bar2.addWidget(self.date_to)
        self.clear_button = QPushButton(self.tr("Effacer les filtres"))
        self.clear_button.clicked.connect(self.clear_filters)
        if bar2.count():
            bar2.addStretch(1)
            bar2.addWidget(self.clear_button)
        else:
            bar.addStretch(1)
            bar.addWidget(self.clear_button)
        layout.addLayout(bar)
        if bar2.count():
            layout.addLayout(bar2)

        self.error_label = QLabel()
        self.error_label.setObjectName("errorBanner")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        self.table = RecordTable()
        self.table.setObjectName(f"list_{self.list_name}")
        self.table.setModel(self.model)
        self.table.open_requested.connect(self._open_row)
        self._size_columns()
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.new_button: QPushButton | None = None
        if self.can_create():
            self.new_button = QPushButton(self.tr("Nouveau"))
            self.new_button.setToolTip(self.tr("Nouvel enregistrement (Ctrl+N)"))
            self.new_button.clicked.connect(self.new_record)
            actions.addWidget(self.new_button)
        self.open_button = QPushButton(self.tr("Ouvrir"))
        self.open_button.setToolTip(self.tr("Ouvrir la fiche (Entrée)"))
        self.open_button.clicked.connect(lambda: self._open_row(self.table.currentIndex().row()))
        actions.addWidget(self.open_button)
        actions.addStretch(1)
        self.export_button = QPushButton(self.tr("Exporter…"))
        self.export_button.setToolTip(self.tr("Exporter la liste telle que filtrée"))
        self.export_button.clicked.connect(self.request_export)
        if not self.can_export():
            self.export_button.hide()
        actions.addWidget(self.export_button)
        layout.addLayout(actions)

        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_filter)

    def _captions(self) -> dict[str, str]:
        """Names of the kind and date filters (literal tr() calls, so lupdate finds them)."""
        return {"grievance_nature": self.tr("Nature"),
                "arbitration_procedure": self.tr("Procédure"),
                "agreement_kind": self.tr("Type"), "leave_type": self.tr("Type"),
                "recourse_kind": self.tr("Type de recours"),
                "filed_date": self.tr("Déposé"), "referral_date": self.tr("Renvoyé"),
                "signed_date": self.tr("Signée"), "start_date": self.tr("Début"),
                "invoice_date": self.tr("Facturée"), "deadline_date": self.tr("Échéance")}

    def _combo(self, tooltip: str) -> QComboBox:
        combo = QComboBox()
        combo.setToolTip(tooltip)
        combo.setAccessibleName(tooltip)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(18)
        combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        return combo

    def _date_edit(self, tooltip: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setToolTip(tooltip)
        edit.setAccessibleName(tooltip)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText("—")  # shown at the minimum date: no bound
        edit.setDate(NO_DATE)
        edit.dateChanged.connect(lambda _d: self.apply_filters())
        return edit

    def _size_columns(self) -> None:
        """Widths from the list definition (characters × average width), not from the data:
        ResizeToContents over 100,000 rows costs seconds (PRACTICES.md)."""
        header = self.table.horizontalHeader()
        state = self.settings.column_state(self.list_name) if self.settings else None
        if state is not None and header.restoreState(state):
            return
        char = self.table.fontMetrics().averageCharWidth()
        metrics = header.fontMetrics()
        for i, column in enumerate(self.definition.columns):
            title = str(self.model.headerData(i, Qt.Orientation.Horizontal))
            header.resizeSection(i, max(max(column.width, 6) * char + 16,
                                        metrics.horizontalAdvance(title) + 30))

    def save_state(self) -> None:
        if self.settings is not None:
            self.settings.set_column_state(self.list_name,
                                           self.table.horizontalHeader().saveState())

    # ------------------------------------------------------------------ behaviour
    def can_create(self) -> bool:
        return can_create(self.ctx.actor, self.list_name)

    def can_export(self) -> bool:
        return can_export(self.ctx.actor, self.list_name)

    def _start(self) -> None:
        """The sort indicator set to the list's default order, then sorting on (which asks the
        model to sort: a no-op, the first page already on its way in that order)."""
        key, desc = self.model.order
        column = self.model.column_of(key) if key in self.definition.keys else 0
        order = Qt.SortOrder.DescendingOrder if desc else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(column, order)
        self.table.setSortingEnabled(True)
        if self.model.total == 0 and not self.model.is_loading:
            self.model.reload()

    def filters(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        if self.text_edit is not None and self.text_edit.text().strip():
            result["text"] = self.text_edit.text().strip()
        if self.status_combo is not None:
            value = self.status_combo.currentData()
            if value == OPEN and self.spec.status:
                workflow = WORKFLOWS[self.spec.status]
                result["status"] = [c.value for c in STATUS_CODES[self.spec.status]
                                    if not workflow.is_closed(c.value)]
            elif value is not None:
                result["status"] = value
        if self.kind_combo is not None and self.spec.kind and \
                self.kind_combo.currentData() is not None:
            result[self.spec.kind[0]] = self.kind_combo.currentData()
        if self.institution_combo is not None and self.institution_combo.currentData():
            result["institution_id"] = self.institution_combo.currentData()
        if self.region_combo is not None and self.region_combo.currentData():
            result["region_code"] = self.region_combo.currentData()
        if self.counsellor_combo is not None and self.counsellor_combo.currentData():
            result["counsellor_id"] = self.counsellor_combo.currentData()
        if self.spec.date and self.date_from is not None and self.date_to is not None:
            low = _date_of(self.date_from)
            high = _date_of(self.date_to)
            if low is not None or high is not None:
                result[self.spec.date] = Range(low, high)
        return result

    def apply_filters(self) -> None:
        if self._building:  # combos announce their first item while the bar is built
            return
        self.error_label.hide()
        self.model.set_filters(self.filters())

    def clear_filters(self) -> None:
        widgets: list[Any] = [self.status_combo, self.kind_combo, self.institution_combo,
                              self.region_combo, self.counsellor_combo]
        for combo in widgets:
            if combo is not None:
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
        for edit in (self.date_from, self.date_to):
            if edit is not None:
                edit.blockSignals(True)
                edit.setDate(NO_DATE)
                edit.blockSignals(False)
        if self.text_edit is not None:
            self.text_edit.blockSignals(True)
            self.text_edit.clear()
            self.text_edit.blockSignals(False)
        self.apply_filters()

    def refresh(self) -> None:
        """Read again the rows in view (F5, a save here or on another desk), in place: the
        scroll position stays, and the record selected stays selected wherever it now is
        (gone from the rows read: nothing is selected rather than another record)."""
        current = self.table.currentIndex()
        self._keep_selected = self.model.record_id(current.row()) if current.isValid() \
            else None
        viewport = self.table.viewport()
        first = max(self.table.rowAt(0), 0)
        last = self.table.rowAt(viewport.height() - 1)
        if last < 0:  # fewer rows than the view holds (or not laid out yet): one page at most
            last = min(self.model.rowCount() - 1, first + self.model.PAGE - 1)
        self._restore_scroll = self.table.verticalScrollBar().value()
        self.model.refresh(first, last)

    def _reselect(self) -> None:
        """After a refresh: the selection follows its record (another row may hold it now,
        when rows were added or removed above it)."""
        self._restore_scroll = None  # nothing was reset: the view has kept its position
        ident, self._keep_selected = self._keep_selected, None
        selection = self.table.selectionModel()
        current = self.table.currentIndex()
        if ident is None or not current.isValid() or self.model.record_id(current.row()) == ident:
            return
        row = self.model.row_of(ident)
        flags = QItemSelectionModel.SelectionFlag
        if row is None:  # moved past the rows read: nothing current, so Enter opens no
            selection.clear()  # other file that slid into its place
            return
        selection.setCurrentIndex(self.model.index(row, max(current.column(), 0)),
                                  flags.ClearAndSelect | flags.Rows)

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Writes other desks announced (gem.ui.live_refresh): read again if they touch this
        list's records or what it shows of others; now if the list is in view, else when it
        is next shown (a hidden list costs no query)."""
        entity = ENTITY_OF_LIST.get(self.list_name, "")
        shown = {entity} | SHOWN_FROM.get(self.list_name, frozenset())
        if not any(c.is_everything or c.aggregate in shown for c in changes):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def focus_filter(self) -> None:
        if self.text_edit is not None:
            self.text_edit.setFocus()
            self.text_edit.selectAll()

    def focus_main(self) -> None:
        """The keyboard to the table, on a current row (the first until one is chosen), so
        that Enter opens a record and the arrows move from there: after Enter in the search
        box, and when Ctrl+1…Ctrl+0 brings the screen up (gem.ui.main_window). A list still
        loading gets its first row as current once it arrives (``_loaded``)."""
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _fill_choices(self, choices: dict[str, list[tuple[Any, str]]]) -> None:
        for combo, key in ((self.institution_combo, "institutions"),
                           (self.region_combo, "regions"),
                           (self.counsellor_combo, "counsellors")):
            if combo is None:
                continue
            combo.blockSignals(True)
            for value, text in choices[key]:
                combo.addItem(text, value)
            combo.blockSignals(False)

    def _show_count(self, total: int) -> None:
        count = format_number(total, 0, self._lang)
        text = self.tr("{count} ligne") if total <= 1 else self.tr("{count} lignes")
        self.count_label.setText(text.format(count=count))

    def _loaded(self) -> None:
        # The combos' choices are read after the first page, not beside it: on a busy
        # two-core workstation the two queries would compete for the first rows' 200 ms.
        # Later still: not before the first rows are painted (the next turn of the event loop).
        if not self._choices_requested and (self.spec.institution or self.spec.region or
                                            self.spec.counsellor):
            self._choices_requested = True
            QTimer.singleShot(CHOICES_DELAY_MS, self._load_choices)
        if self._restore_scroll is not None:
            self.table.verticalScrollBar().setValue(self._restore_scroll)
            self._restore_scroll = None
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate)

    def _load_choices(self) -> None:
        actor = self.ctx.actor  # (the job's second argument is its OpControl, not an actor)
        self.ctx.read(lambda session, _c: load_choices(session, actor)) \
            .on_success(self._fill_choices).on_failure(self._show_error).run()

    def _show_error(self, exc: BaseException) -> None:
        self.error_label.setText(self.tr("La liste n'a pas pu être lue : {error}")
                                 .format(error=message_for(exc, self._lang)))
        self.error_label.show()

    def _on_changed(self, entity: str, _ident: int) -> None:
        """Any saved record may show up here (a grievance list shows institution names), so
        refresh now if visible, or on the next show: hidden lists cost no query."""
        if self.list_name == "users" and entity not in ("user", "*"):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    def _open_row(self, row: int) -> None:
        record_id = self.model.record_id(row) if row >= 0 else None
        if record_id is None:
            return
        self.open_requested.emit(self.list_name, record_id)

    def new_record(self) -> None:
        if not self.can_create():
            return
        self.open_requested.emit(self.list_name, None)

    def request_export(self) -> None:
        if not self.can_export():
            return
        self.export_requested.emit(self.list_name, self.model.filters, self.model.order)


def _date_of(edit: QDateEdit) -> date | None:
    value = edit.date()
    if value == NO_DATE:
        return None
    return date(value.year(), value.month(), value.day())
