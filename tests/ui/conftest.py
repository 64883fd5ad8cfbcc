"""Helpers for the window tests: a context per signed-in person, isolated settings, waiting
for the paged model, and fast bulk grievances (Core inserts, as gem.demo does)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import insert, select

from gem.models import Grievance, Institution
from gem.services.actor import Actor
from gem.ui.context import AppContext
from gem.ui.settings import Settings
from gem.ui.table_model import ListTableModel
from tests.ui.journeys import desk  # noqa: F401 - `gem` started, for the journeys


@pytest.fixture(autouse=True, scope="session")
def _gem_style(qapp):
    """The application as GEM sets it up (style, French), once for the session."""
    import pytestqt.modeltest  # noqa: F401 - rewritten now, before any worker thread runs

    from gem.ui.app import apply_style, install_translators

    apply_style(qapp)
    install_translators(qapp, "fr")
    yield
    install_translators(qapp, "fr")


@pytest.fixture
def make_ctx(engine) -> Callable[[Actor], AppContext]:
    contexts: list[AppContext] = []

    def make(actor: Actor) -> AppContext:
        ctx = AppContext(engine, actor)
        contexts.append(ctx)
        return ctx

    yield make
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(10_000)  # no worker may outlive the database


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(str(tmp_path / "gem.ini"))


def wait_loaded(qtbot, model: ListTableModel, timeout: int = 15_000) -> None:
    """Until the first page and the count have both arrived."""
    qtbot.waitUntil(lambda: not model.is_loading and model.rowCount() == model.total,
                    timeout=timeout)
    qtbot.waitUntil(lambda: not model.is_loading, timeout=timeout)


def shown_column(qtbot, model: ListTableModel, key: str) -> list[str]:
    """Every displayed cell of a column, loading the pages it needs."""
    column = model.column_of(key)
    values = []
    for row in range(model.rowCount()):
        if not model.ensure_loaded(row):
            qtbot.waitUntil(lambda r=row: model.ensure_loaded(r), timeout=10_000)
        values.append(model.data(model.index(row, column)))
    return values


def bulk_grievances(engine, n: int, prefix: str = "G-2025-", **fields) -> None:
    """``n`` grievances in a few Core executemany calls (ORM objects would take minutes)."""
    with engine.begin() as conn:
        institutions = list(conn.scalars(select(Institution.id).order_by(Institution.id)))
        statuses = ["filed", "in_discussion", "settled", "withdrawn", "draft"]
        natures = ["pay", "discipline", "seniority", "posting", "overtime"]
        start = date(2019, 1, 1)
        rows = []
        for i in range(n):
            row = {"file_number": f"{prefix}{i + 1:06d}", "kind": "union",
                   "nature": natures[i % len(natures)],
                   "institution_id": institutions[i % len(institutions)],
                   "title": f"Grief de masse {i + 1}", "status": statuses[i % len(statuses)],
                   "filed_date": start + timedelta(days=i % 2500), "confidential": False}
            row.update(fields)
            rows.append(row)
            if len(rows) == 10_000:
                conn.execute(insert(Grievance), rows)
                rows = []
        if rows:
            conn.execute(insert(Grievance), rows)
