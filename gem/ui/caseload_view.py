"""« Mon portefeuille »: what a counsellor must act on, before anything else.

The screen a counsellor opens every morning. It answers from the caseload service
(gem.services.caseload, over the deadline engine) and nothing else, so every figure traces back
to a rule: deadlines already past (red), deadlines in the next 30 days (orange within a week),
hearings in the next 30 days, grievances idle for 90 days, and the grievances by status.

A counsellor sees their own caseload; coordinators, administrators, secretaries and read-only
staff pick a counsellor (or everyone) — secretaries because they keep files up to date for
several counsellors. What is shown, with which thresholds, and what stays hidden (confidential
files) is gem.services.caseload's answer, the one ``gem due`` and the caseload report give too;
this screen asks it in one worker job and only lays it out. A double-click or Enter on a row
asks, through ``open_requested``, for the record it belongs to; the main window opens it.
« Exporter le calendrier (.ics)… » writes the same caseload's deadlines and hearings for
Outlook or Google Calendar, in one worker job too (gem.services.calendar_export).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gem import clock
from gem.formatting import format_date, format_number
from gem.i18n import current_language
from gem.labels import label
from gem.models.enums import GrievanceStatus
from gem.services import policy
from gem.services.caseload import (
    HORIZON_DAYS,
    IDLE_DAYS,
    Caseload,
    Counsellor,
    DeadlineRow,
    Urgency,
    caseload,
    counsellors,
    default_counsellor,
    may_pick_counsellor,
)
from gem.ui.context import AppContext
from gem.ui.errors import NOTICE_MS, message_for
from gem.ui.warmup import CaseloadPrefetch

OVERDUE_FG, OVERDUE_BG = QColor("#a1141c"), QColor("#fde3e4")
SOON_FG, SOON_BG = QColor("#8a4b00"), QColor("#fff1dc")
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
LOGIN_ROLE = Qt.ItemDataRole.UserRole + 2  # the counsellor's login, for a file name
# What the caseload is made of: a write to any of these on another desk reads it again.
CASELOAD_AGGREGATES = frozenset({policy.GRIEVANCE, policy.ARBITRATION, policy.HEARING,
                                 policy.DEADLINE, policy.RECOURSE})


def ask_save_path(parent: QWidget, title: str, suggested: str, pattern: str) -> str:
    """Where to save, as the desktop's file dialog answers ("" when closed); a module
    function so tests answer it instead of a person."""
    path, _filter = QFileDialog.getSaveFileName(parent, title, suggested, pattern)
    return path


Row = tuple[tuple[str, int] | None, list[str], tuple[QColor, QColor] | None]


class SectionModel(QAbstractTableModel):
    """The rows of a section as plain tuples, formatted once, painted on demand.

    Why not a QTableWidget: 4 sections × 500 rows × 6 columns are 12,000 items; creating them
    and fitting the columns to them took 0.9 s of the GUI thread after sign-in, most of the
    « usable main window » budget. A model hands Qt only the cells it paints."""

    def __init__(self, headers: list[str], parent=None):
        super().__init__(parent)
        self.headers = headers
        self.rows: list[Row] = []
        self._brushes: dict[tuple[int, int], tuple[QBrush, QBrush]] = {}

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        record, cells, colours = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cells[index.column()] if index.column() < len(cells) else None
        if role == RECORD_ROLE:
            return record
        if colours is not None and role in (Qt.ItemDataRole.ForegroundRole,
                                            Qt.ItemDataRole.BackgroundRole):
            key = (colours[0].rgba(), colours[1].rgba())
            brushes = self._brushes.get(key)
            if brushes is None:
                brushes = self._brushes[key] = (QBrush(colours[0]), QBrush(colours[1]))
            return brushes[0 if role == Qt.ItemDataRole.ForegroundRole else 1]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class CaseloadTable(QTableView):
    """A section's table: a double-click or Enter on a row asks to open its record.

    Why not QTableView's own ``activated``: what triggers it depends on the platform style
    (a single click on some, not Enter on others), and alongside ``doubleClicked`` it opened
    a record twice where both fire."""

    row_opened = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.doubleClicked.connect(self.row_opened)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.currentIndex().isValid():
            self.row_opened.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class Section(QFrame):
    """A titled table of one kind of item; rows carry (list name, record id)."""

    MAX_WIDTH = 320  # a column never takes more; the last one (free text) stretches
    MEASURED = 8  # the longest texts of a column measured to size it

    def __init__(self, title: str, headers: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("section")
        self._title = title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel(title)
        self.caption.setObjectName("sectionTitle")
        layout.addWidget(self.caption)
        self.model = SectionModel(headers, self)
        self.table = CaseloadTable()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setHighlightSections(False)
        layout.addWidget(self.table, 1)

    def set_rows(self, rows: list[Row], count_text: str) -> None:
        self.caption.setText(f"{self._title} ({count_text})")
        self.model.set_rows(rows)
        self._fit_columns(rows)

    def _fit_columns(self, rows: list[Row]) -> None:
        """Each column as wide as its widest text (capped), measuring only the longest few
        texts: Qt's resizeColumnsToContents asks the model for every cell of 500 rows."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        header_metrics = header.fontMetrics()
        padding = 2 * self.table.style().pixelMetric(
            self.table.style().PixelMetric.PM_FocusFrameHMargin, None, self.table) + 12
        for c in range(self.model.columnCount() - 1):
            if self.table.isColumnHidden(c):
                continue
            texts = sorted((cells[c] for _r, cells, _k in rows if c < len(cells)),
                           key=len, reverse=True)[:self.MEASURED]
            width = max([metrics.horizontalAdvance(t) for t in texts], default=0) + padding
            title = header_metrics.horizontalAdvance(self.model.headers[c]) + 24
            header.resizeSection(c, min(max(width, title), self.MAX_WIDTH))


class CaseloadView(QWidget):
    loaded = Signal()
    # list name ("grievances", "arbitrations", "recourses", ...) and the record's id
    open_requested = Signal(str, int)
    calendar_exported = Signal(str, int)  # the file written and how many events it holds

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 today: date | None = None, prefetch: CaseloadPrefetch | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._today = today
        # Read ahead while the person signed in (gem.ui.warmup): used once, if it is theirs.
        self._prefetch = prefetch
        self._lang = current_language()
        self._generation = 0
        self._stale = False
        self._errors: dict[str, str] = {}  # what could not be read, by job, as shown
        self.caseload: Caseload | None = None
        self.last_calendar: tuple[Path, int] | None = None  # the last .ics written
        self._build()
        ctx.changed.connect(self._on_changed)
        if self.counsellor_combo is not None:
            actor = ctx.actor
            (ctx.read(lambda session, _c: counsellors(session, actor))
             .on_success(self._fill_counsellors)
             .on_failure(self._counsellors_failed)
             .run())
        self.refresh()

    @property
    def today(self) -> date:
        return self._today or clock.today()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        top = QHBoxLayout()
        title = QLabel(self.tr("Mon portefeuille"))
        title.setObjectName("screenTitle")
        top.addWidget(title)
        top.addSpacing(16)
        self.counsellor_combo: QComboBox | None = None
        if may_pick_counsellor(self.ctx.actor):
            top.addWidget(QLabel(self.tr("Conseiller :")))
            self.counsellor_combo = QComboBox()
            self.counsellor_combo.setAccessibleName(self.tr("Conseiller"))
            self.counsellor_combo.setMinimumContentsLength(24)
            self.counsellor_combo.addItem(self.tr("Tous les conseillers"), None)
            self.counsellor_combo.currentIndexChanged.connect(lambda _i: self.refresh())
            top.addWidget(self.counsellor_combo)
        top.addStretch(1)
        self.today_label = QLabel()
        top.addWidget(self.today_label)
        self.refresh_button = QPushButton(self.tr("Actualiser"))
        self.refresh_button.setToolTip(self.tr("Actualiser (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        self.calendar_button = QPushButton(self.tr("Exporter le &calendrier (.ics)…"))
        self.calendar_button.setToolTip(self.tr(
            "Les échéances et les audiences affichées, dans un fichier à importer dans "
            "Outlook ou Google Agenda"))
        self.calendar_button.clicked.connect(self.export_calendar)
        top.addWidget(self.calendar_button)
        layout.addLayout(top)

        self.counts_bar = QHBoxLayout()
        self.count_labels: dict[str, QLabel] = {}
        for status in GrievanceStatus:
            box = QLabel()
            box.setObjectName("countCard")
            box.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.count_labels[status.value] = box
            self.counts_bar.addWidget(box)
        layout.addLayout(self.counts_bar)

        self.error_label = QLabel()
        self.error_label.setObjectName("errorBanner")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        grid = QGridLayout()
        grid.setSpacing(10)
        # The long free text goes last, where the column stretches.
        deadline_headers = [self.tr("Échéance"), self.tr("Jours"), self.tr("Dossier"),
                            self.tr("Délai"), self.tr("Conseiller"), self.tr("Objet")]
        self.overdue = Section(self.tr("Échéances dépassées"), deadline_headers)
        self.upcoming = Section(self.tr("Échéances des {days} prochains jours")
                                .format(days=HORIZON_DAYS), deadline_headers)
        self.hearings = Section(
            self.tr("Audiences des {days} prochains jours").format(days=HORIZON_DAYS),
            [self.tr("Date"), self.tr("Heure"), self.tr("Dossier"), self.tr("Type"),
             self.tr("Conseiller"), self.tr("Lieu")])
        self.inactive = Section(
            self.tr("Griefs sans activité depuis {days} jours").format(days=IDLE_DAYS),
            [self.tr("Dossier"), self.tr("Jours"), self.tr("Statut"),
             self.tr("Dernière activité"), self.tr("Conseiller"), self.tr("Objet")])
        grid.addWidget(self.overdue, 0, 0)
        grid.addWidget(self.upcoming, 1, 0)
        grid.addWidget(self.hearings, 0, 1)
        grid.addWidget(self.inactive, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid, 1)
        for section in self.sections():
            # a counsellor's own caseload needs no counsellor column (index 4 in each)
            section.table.setColumnHidden(4, self.counsellor_combo is None)
            section.table.row_opened.connect(self._open_item)

    def sections(self) -> tuple[Section, ...]:
        return self.overdue, self.upcoming, self.hearings, self.inactive

    def focus_main(self) -> None:
        """The keyboard to the first section that has rows (overdue deadlines first), on a
        current row, so that Enter opens it: what Ctrl+1 brings up (gem.ui.main_window)."""
        tables = [section.table for section in self.sections()]
        table = next((t for t in tables if t.model().rowCount()), tables[0])
        table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if table.model().rowCount() and not table.currentIndex().isValid():
            table.setCurrentIndex(table.model().index(0, 0))

    # ------------------------------------------------------------------ data
    def counsellor_id(self) -> int | None:
        if self.counsellor_combo is None:
            return default_counsellor(self.ctx.actor)
        return self.counsellor_combo.currentData()

    def select_counsellor(self, user_id: int | None) -> bool:
        if self.counsellor_combo is None:
            return False
        index = self.counsellor_combo.findData(user_id)
        if index >= 0:
            self.counsellor_combo.setCurrentIndex(index)
        return index >= 0

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        actor, counsellor, today = self.ctx.actor, self.counsellor_id(), self.today
        self.today_label.setText(self.tr("Aujourd'hui : {date}").format(date=format_date(today)))
        prefetch, self._prefetch = self._prefetch, None
        if prefetch is not None and prefetch.matches(actor, counsellor, today):
            if prefetch.finished:
                self._show(generation, prefetch.result)
            else:
                self._prefetch = prefetch  # still on its way: _prefetched takes it
                prefetch.done.connect(self._prefetched)
            return
        (self.ctx.read(lambda session, _c: caseload(session, actor, counsellor, today))
         .on_success(lambda result: self._show(generation, result))
         .on_failure(lambda exc: self._failed(generation, exc))
         .run())

    def _prefetched(self) -> None:
        prefetch, self._prefetch = self._prefetch, None
        if prefetch is None:  # a refresh has been asked for since
            return
        prefetch.done.disconnect(self._prefetched)
        if prefetch.matches(self.ctx.actor, self.counsellor_id(), self.today):
            self._show(self._generation, prefetch.result)
        else:
            self.refresh()

    def _fill_counsellors(self, rows: list[Counsellor]) -> None:
        if self.counsellor_combo is None:
            return
        self._set_error("counsellors", None)
        self.counsellor_combo.blockSignals(True)
        for person in rows:
            self.counsellor_combo.addItem(person.full_name, person.id)
            self.counsellor_combo.setItemData(self.counsellor_combo.count() - 1,
                                              person.login, LOGIN_ROLE)
        self.counsellor_combo.blockSignals(False)

    def _counsellors_failed(self, exc: BaseException) -> None:
        self._set_error("counsellors", self.tr("La liste des conseillers n'a pas pu être lue : "
                                               "{error}").format(error=self._message(exc)))

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_error("caseload", self.tr("Le portefeuille n'a pas pu être lu : {error}")
                        .format(error=self._message(exc)))
        # Rows left from an earlier read (perhaps another counsellor's) would pass for this
        # one's: empty the tables and say in each caption that it was not read.
        self.caseload = None
        for section in self.sections():
            section.set_rows([], self.tr("non lu"))
        for box in self.count_labels.values():
            box.setText("—")

    def _message(self, exc: BaseException) -> str:
        return message_for(exc, self.ctx.actor.language)

    def _set_error(self, job: str, message: str | None) -> None:
        if message is None:
            self._errors.pop(job, None)
        else:
            self._errors[job] = message
        self.error_label.setText("\n".join(self._errors.values()))
        self.error_label.setVisible(bool(self._errors))

    def _show(self, generation: int, found: Caseload) -> None:
        if generation != self._generation:
            return
        self._set_error("caseload", None)
        self.caseload = found
        lang = self._lang
        for status, box in self.count_labels.items():
            box.setText(f"<b style='font-size:15pt'>"
                        f"{format_number(found.count_of(status), 0, lang)}</b><br>"
                        f"{label('grievance_status', status, lang)}")
        self.overdue.set_rows([self._deadline_row(d) for d in found.overdue],
                              self._count_text(found, found.overdue))
        self.upcoming.set_rows([self._deadline_row(d) for d in found.upcoming],
                               self._count_text(found, found.upcoming))
        self.hearings.set_rows([((h.list_name, h.arbitration_id),
                                 [format_date(h.date),
                                  h.start_time.strftime("%H:%M") if h.start_time else "",
                                  h.file_number, label("hearing_kind", h.kind, lang),
                                  h.counsellor_login or "", h.location or ""], None)
                                for h in found.hearings],
                               self._count_text(found, found.hearings))
        self.inactive.set_rows([((f.list_name, f.grievance_id),
                                 [self._file_number(f.file_number, f.confidential),
                                  format_number(f.idle_days, 0, lang),
                                  label("grievance_status", f.status, lang),
                                  format_date(clock.local(f.last_activity_at).date()),
                                  f.counsellor_login or "", f.title], None)
                                for f in found.stale],
                               self._count_text(found, found.stale))
        self.loaded.emit()

    def _count_text(self, found: Caseload, rows: tuple) -> str:
        if found.is_cut(rows):
            return self.tr("{n} premiers").format(n=len(rows))
        return str(len(rows))

    def _file_number(self, number: str, confidential: bool) -> str:
        return number + self.tr(" (confidentiel)") if confidential else number

    def _deadline_row(self, d: DeadlineRow) -> Row:
        colours: tuple[QColor, QColor] | None = None
        if d.urgency == Urgency.OVERDUE:
            days = self.tr("en retard de {n} j").format(n=-d.days_left)
            colours = (OVERDUE_FG, OVERDUE_BG)
        elif d.urgency == Urgency.TODAY:
            days = self.tr("aujourd'hui")
            colours = (OVERDUE_FG, SOON_BG)
        else:
            days = self.tr("dans {n} j").format(n=d.days_left)
            if d.urgency == Urgency.SOON:
                colours = (SOON_FG, SOON_BG)
        return ((d.list_name, d.owner_id),
                [format_date(d.due_date), days, self._file_number(d.file_number, d.confidential),
                 d.label_in(self._lang), d.counsellor_login or "", d.title or ""], colours)

    # ------------------------------------------------------------------ calendar
    def _calendar_name(self) -> str:
        """``echeances-<login>-<date>.ics``: whose caseload, as of which day; « tous » for
        everyone's."""
        if self.counsellor_combo is None:
            who = self.ctx.actor.login
        else:
            who = self.counsellor_combo.currentData(LOGIN_ROLE) or self.tr("tous")
        return f"echeances-{who}-{self.today.isoformat()}.ics"

    def export_calendar(self) -> None:
        """Ask where, then write the chosen caseload's calendar in a worker (one service
        call: gem.services.calendar_export.write_calendar); the window stays usable."""
        from gem.ui.reports_view import reports_folder  # the reports' folder, read on use

        suggested = reports_folder() / self._calendar_name()
        chosen = ask_save_path(self, self.tr("Exporter le calendrier"), str(suggested),
                               self.tr("Calendrier iCalendar (*.ics)"))
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".ics":
            path = path.with_name(path.name + ".ics")
        actor, counsellor, today, lang = (self.ctx.actor, self.counsellor_id(), self.today,
                                          self._lang)

        def job(session: Any, _control: Any) -> int:
            # imported here, in the worker: icalendar costs ~40 ms, which the screen shown
            # right after sign-in should not pay for a button seldom pressed
            from gem.services.calendar_export import write_calendar

            return write_calendar(session, actor, counsellor, path, today, lang=lang)

        self.calendar_button.setEnabled(False)
        op = self.ctx.read(job)
        op.on_success(lambda count: self._calendar_written(path, count))
        op.on_failure(self._calendar_failed)
        op.run()

    def _calendar_written(self, path: Path, count: int) -> None:
        self.calendar_button.setEnabled(True)
        self._set_error("calendar", None)
        self.last_calendar = (path, count)
        self._notify(self.tr("Calendrier exporté : {path} (événements : {count})")
                     .format(path=str(path), count=count))
        self.calendar_exported.emit(str(path), count)

    def _calendar_failed(self, exc: BaseException) -> None:
        self.calendar_button.setEnabled(True)
        self._set_error("calendar", self.tr("Le calendrier n'a pas pu être exporté : {error}")
                        .format(error=self._message(exc)))

    def _notify(self, text: str) -> None:
        """The main window's status bar, where GEM says what it has just done."""
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, NOTICE_MS)

    # ------------------------------------------------------------------ events
    def _open_item(self, index: QModelIndex) -> None:
        record = index.data(RECORD_ROLE)
        if record:
            kind, ident = record
            self.open_requested.emit(kind, int(ident))

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Writes other desks announced (gem.ui.live_refresh): the caseload is read again
        when files, their deadlines or hearings changed; now if in view, else when shown."""
        if not any(c.is_everything or c.aggregate in CASELOAD_AGGREGATES for c in changes):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def _on_changed(self, entity: str, _ident: int) -> None:
        if entity in ("user",):
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

