"""The list of 100,000 grievances opens and scrolls to the end, smoothly: the paged model
fetches the pages on screen only, sorting stays in the database."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from gem.models import Grievance
from gem.ui.list_view import ListView
from tests.ui.conftest import bulk_grievances, wait_loaded

N = 100_000


@pytest.mark.slow
def test_hundred_thousand_grievances_open_and_scroll_to_the_end(qtbot, engine, make_ctx,
                                                                 people):
    began = time.perf_counter()
    bulk_grievances(engine, N)
    view = ListView(make_ctx(people["conseil"]), "grievances")
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    shown_at = time.perf_counter()
    model = view.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=20_000)
    first_rows = time.perf_counter() - shown_at
    wait_loaded(qtbot, model, timeout=30_000)
    assert model.rowCount() == N
    assert view.count_label.text() == "100\u202f000 lignes"

    # Ctrl+End, as a person would: the view jumps to the last row, one page is fetched
    view.table.setFocus()
    view.table.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert view.table.currentIndex().row() == N - 1
    qtbot.waitUntil(lambda: model.record_id(N - 1) is not None, timeout=20_000)
    bar = view.table.verticalScrollBar()
    assert bar.value() == bar.maximum()
    with engine.connect() as conn:  # default order: filed date descending, then id
        last = conn.execute(select(Grievance.id, Grievance.file_number)
                            .order_by(Grievance.filed_date.desc(), Grievance.id.desc())
                            .offset(N - 1).limit(1)).one()
        assert conn.scalar(select(func.count()).select_from(Grievance)) == N
    assert model.record_id(N - 1) == last.id
    number = model.data(model.index(N - 1, model.column_of("file_number")))
    assert number == last.file_number
    # only the pages looked at were read, not 100,000 rows
    assert len(model._pages) <= 4
    elapsed = time.perf_counter() - began
    print(f"100,000 grievances: first rows {first_rows * 1000:.0f} ms, whole test "
          f"{elapsed:.1f} s")
    assert elapsed < 60
