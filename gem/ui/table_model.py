"""A table model over a list definition (gem/services/listing.py), paged from the database.

Why it is built this way (measured, PRACTICES.md): a QStandardItemModel of 100,000 rows takes
7.6 s to fill, a QSortFilterProxyModel 25 s to sort, and one query on the GUI thread froze the
window for a second. So:

- Sorting and filtering are ORDER BY / WHERE in the service: ``sort()`` and ``set_filters()``
  re-query, they never touch rows in Python.
- Rows come in pages of ``PAGE`` rows from ``listing.fetch_page``, each fetched in a worker
  thread (``AppContext.read``); the GUI thread only formats the cells it paints.
- The model knows the total (``listing.count``) and reports it as its row count, then fills
  pages on demand as the view asks for rows: a windowed cache, as Anki's browser does. We chose
  this over ``canFetchMore``/``fetchMore``: with fetchMore, Ctrl+End on 100,000 rows walks
  500 pages one after another (and the scroll bar lies about the list's size); here it fetches
  the one page at the end. Pages far from the view are dropped past ``MAX_PAGES``.
- While a page is on its way its cells are blank; once it lands, ``dataChanged`` repaints them.
  A reload keeps the old rows on screen until the new ones arrive, so nothing flickers.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from gem.i18n import current_language, tr
from gem.services import listing
from gem.services.listing import ListColumn
from gem.ui.context import AppContext

RIGHT_ALIGNED = ("money", "number", "int")
ID_ROLE = Qt.ItemDataRole.UserRole + 1
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class ListTableModel(QAbstractTableModel):
    PAGE = 200
    MAX_PAGES = 100  # 20,000 rows kept; a page is ~200 tuples, so memory stays small

    loaded = Signal()  # a reload (first page and count) has arrived
    refreshed = Signal()  # a refresh's rows have replaced the ones shown (see refresh())
    count_changed = Signal(int)
    failed = Signal(object)  # the exception of a failed query

    def __init__(self, ctx: AppContext, list_name: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.list_name = list_name
        self.definition = listing.get_list(list_name)
        self.columns: tuple[ListColumn, ...] = self.definition.columns
        self._lang = current_language()
        self._headers = [tr(c.label, self._lang) for c in self.columns]
        self._filters: dict[str, Any] = {}
        self._order = self.definition.default_order
        self._descending = self.definition.descending
        self._total = 0
        self._pages: OrderedDict[int, list[tuple]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self._loading = False
        self._counted_total: int | None = None
        self._first_arrived = False

    # ------------------------------------------------------------------ state
    @property
    def filters(self) -> dict[str, Any]:
        return dict(self._filters)

    @property
    def order(self) -> tuple[str, bool]:
        return self._order, self._descending

    @property
    def total(self) -> int:
        return self._total

    @property
    def is_loading(self) -> bool:
        return self._loading or bool(self._pending)

    def set_filters(self, filters: dict[str, Any]) -> None:
        cleaned = {k: v for k, v in filters.items() if v not in (None, "", [], ())}
        if cleaned == self._filters and self._total:
            return
        self._filters = cleaned
        self.reload()

    def column_key(self, column: int) -> str:
        return self.columns[column].key

    def column_of(self, key: str) -> int:
        return self.definition.keys.index(key)

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        """First page, then the count, as two worker jobs: the first rows show as soon as they
        are read (milliseconds); the count of 100,000 rows takes longer (70 ms warm, more on a
        cold cache) and only grows the scroll bar when it lands, so it starts once the first
        page is in rather than competing with it for a busy workstation's two cores. The old
        rows stay until then."""
        self._generation += 1
        generation = self._generation
        name, actor = self.list_name, self.ctx.actor
        filters, order, desc = dict(self._filters), self._order, self._descending
        self._loading = True
        self._counted_total = None
        self._first_arrived = False
        self._pending.clear()

        def first_page(session, _control):
            return listing.fetch_page(session, actor, name, filters, order, desc, 0, self.PAGE)

        def count(session, _control):
            return listing.count(session, actor, name, filters)

        def then_count() -> None:
            if generation != self._generation:
                return
            (self.ctx.read(count)
             .on_success(lambda total: self._counted(generation, total))
             .on_failure(lambda exc: self._failed(generation, exc))
             .run())

        def first_page_read(rows: list[tuple]) -> None:
            self._reloaded(generation, rows)
            then_count()

        (self.ctx.read(first_page)
         .on_success(first_page_read)
         .on_failure(lambda exc: self._failed(generation, exc))
         .run())

    def refresh(self, first_row: int, last_row: int) -> None:
        """Read again the rows from ``first_row`` to ``last_row`` (those in view), in place:
        no model reset, so the view keeps its scroll position and the rows on screen stay
        until the new ones replace them; the other pages are dropped, to be read again when
        scrolled to. The count follows (not needed when the page read reaches the end of the
        list). ``refreshed`` says the new rows are in: the view finds its selected record
        again (``row_of``). Before the first page has arrived this is a reload."""
        if not self._first_arrived or self._total == 0:
            self.reload()
            return
        self._generation += 1
        generation = self._generation
        first_page = max(first_row, 0) // self.PAGE
        last_page = max(last_row, first_row, 0) // self.PAGE
        offset, limit = first_page * self.PAGE, (last_page - first_page + 1) * self.PAGE
        name, actor = self.list_name, self.ctx.actor
        filters, order, desc = dict(self._filters), self._order, self._descending
        self._loading = True
        self._pending.clear()

        def rows_in_view(session, _control):
            return listing.fetch_page(session, actor, name, filters, order, desc, offset,
                                      limit)

        def count(session, _control):
            return listing.count(session, actor, name, filters)

        def arrived(rows: list[tuple]) -> None:
            if self._refreshed(generation, first_page, offset, limit, rows):
                (self.ctx.read(count)
                 .on_success(lambda total: self._counted(generation, total))
                 .on_failure(lambda exc: self._failed(generation, exc))
                 .run())

        (self.ctx.read(rows_in_view)
         .on_success(arrived)
         .on_failure(lambda exc: self._failed(generation, exc))
         .run())

    def _refreshed(self, generation: int, first_page: int, offset: int, limit: int,
                   rows: list[tuple]) -> bool:
        """The refreshed rows in place; whether the count is still to be read."""
        if not shiboken6.isValid(self) or generation != self._generation:
            return False
        self._pages = OrderedDict(
            (first_page + i, rows[start:start + self.PAGE])
            for i, start in enumerate(range(0, len(rows), self.PAGE)))
        exact = len(rows) < limit and (bool(rows) or offset == 0)  # the list's end is in view
        if exact:
            self._resize(offset + len(rows))
            self._loading = False
        if self._total:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self._total - 1, len(self.columns) - 1))
        if exact:
            self.count_changed.emit(self._total)
        self.refreshed.emit()
        return not exact

    def _resize(self, total: int) -> None:
        """The row count becomes ``total``: rows added or removed at the end (the rows before
        keep their selection)."""
        if total > self._total:
            self.beginInsertRows(QModelIndex(), self._total, total - 1)
            self._total = total
            self.endInsertRows()
        elif total < self._total:
            self.beginRemoveRows(QModelIndex(), total, self._total - 1)
            self._total = total
            self.endRemoveRows()

    def row_of(self, ident: int) -> int | None:
        """The row of record ``ident`` among the rows in memory, or None."""
        for page, rows in self._pages.items():
            for offset, values in enumerate(rows):
                if values[0] == ident:
                    return page * self.PAGE + offset
        return None

    def _reloaded(self, generation: int, rows: list[tuple]) -> None:
        if not shiboken6.isValid(self):  # the screen closed while the query ran
            return
        if generation != self._generation:
            return
        self.beginResetModel()
        if self._counted_total is not None:
            self._total = self._counted_total
        else:  # provisional: the rows we hold; the count will extend it
            self._total = len(rows)
        self._pages = OrderedDict({0: rows}) if rows else OrderedDict()
        self._pending.clear()
        self._first_arrived = True
        self._loading = self._counted_total is None
        self.endResetModel()
        if not self._loading:
            self.count_changed.emit(self._total)
        self.loaded.emit()

    def _counted(self, generation: int, total: int) -> None:
        if not shiboken6.isValid(self):  # the screen closed while the query ran
            return
        if generation != self._generation:
            return
        self._counted_total = total
        if not self._first_arrived:
            return
        self._loading = False
        self._resize(total)
        self.count_changed.emit(total)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if not shiboken6.isValid(self):  # the screen closed while the query ran
            return
        if generation != self._generation:
            return
        self._loading = False
        self.failed.emit(exc)

    def _request(self, page: int) -> None:
        if page in self._pending:
            return
        self._pending.add(page)
        generation = self._generation
        name, actor = self.list_name, self.ctx.actor
        filters, order, desc = dict(self._filters), self._order, self._descending

        def job(session, _control):
            return listing.fetch_page(session, actor, name, filters, order, desc,
                                      page * self.PAGE, self.PAGE)

        (self.ctx.read(job)
         .on_success(lambda rows: self._page_arrived(generation, page, rows))
         .on_failure(lambda exc: self._page_failed(generation, page, exc))
         .run())

    def _page_arrived(self, generation: int, page: int, rows: list[tuple]) -> None:
        if not shiboken6.isValid(self):  # the screen closed while the query ran
            return
        if generation != self._generation:
            return
        self._pending.discard(page)
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
        first = page * self.PAGE
        last = min(first + self.PAGE, self._total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0),
                                  self.index(last, len(self.columns) - 1))

    def _page_failed(self, generation: int, page: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._pending.discard(page)
        self.failed.emit(exc)

    def ensure_loaded(self, row: int) -> bool:
        """True when ``row`` is in memory; otherwise ask for its page and return False."""
        page = row // self.PAGE
        if page in self._pages:
            return True
        self._request(page)
        return False

    def row_values(self, row: int) -> tuple | None:
        """(id, value...) of a row held in memory, or None while its page is loading."""
        if row < 0 or row >= self._total:
            return None
        rows = self._pages.get(row // self.PAGE)
        if rows is None:
            self._request(row // self.PAGE)
            return None
        offset = row % self.PAGE
        return rows[offset] if offset < len(rows) else None

    def record_id(self, row: int) -> int | None:
        values = self.row_values(row)
        return int(values[0]) if values is not None else None

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self._total

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and \
                    self.columns[section].kind in RIGHT_ALIGNED:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.kind in RIGHT_ALIGNED:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ID_ROLE,
                        VALUE_ROLE):
            return None
        values = self.row_values(index.row())
        if values is None:
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        if role == ID_ROLE:
            return values[0]
        value = values[index.column() + 1]
        if role == VALUE_ROLE:
            return value
        text = column.display(value, self._lang)
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if len(text) > column.width else None
        return text

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """ORDER BY in the database; the view keeps showing the old order until it lands."""
        if not 0 <= column < len(self.columns):
            return
        key, descending = self.columns[column].key, order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._order, self._descending) and \
                (self._loading or self._first_arrived):
            return  # already loading or shown in this order (the header announcing it)
        self._order, self._descending = key, descending
        self.reload()

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
