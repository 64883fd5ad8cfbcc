"""Lists sort and filter in the database: what the table shows is checked against the rows
the database holds; confidential files stay hidden from other counsellors."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from gem import clock
from gem.models import Grievance, Institution
from gem.ui.list_view import ListView
from gem.ui.table_model import ListTableModel
from tests import factories
from tests.ui.conftest import shown_column, wait_loaded

pytestmark = pytest.mark.clock("2026-10-01")  # the files here and in factories are 2026


def _grievances(tx, people):
    admin = people["admin"]
    with tx() as session:
        institutions = list(session.scalars(select(Institution.id).order_by(Institution.id)))
        specs = [("Prime de soir", "filed", "pay", institutions[0], "2026-03-02"),
                 ("Suspension de trois jours", "draft", "discipline", institutions[1], None),
                 ("Ancienneté mal calculée", "filed", "seniority", institutions[2],
                  "2026-05-10"),
                 ("Affichage de poste", "filed", "posting", institutions[0], "2026-08-15"),
                 ("Heures supplémentaires", "draft", "overtime", institutions[3], None)]
        for title, status, nature, inst, filed in specs:
            factories.grievance(session, admin, title=title, status=status, nature=nature,
                                institution_id=inst, filed_date=filed, event_date="2026-01-10",
                                knowledge_date="2026-01-12",
                                counsellor_id=people["conseil"].id)
    return institutions


def _view(qtbot, ctx, name="grievances") -> ListView:
    view = ListView(ctx, name)
    qtbot.addWidget(view)
    view.show()
    wait_loaded(qtbot, view.model)
    return view


def test_header_click_sorts_in_the_database(qtbot, make_ctx, people, tx):
    _grievances(tx, people)
    view = _view(qtbot, make_ctx(people["admin"]))
    model = view.model
    column = model.column_of("title")
    header = view.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().topLeft() + _section_center(header, column))
    wait_loaded(qtbot, model)
    with tx() as session:
        titles = list(session.scalars(select(Grievance.title).order_by(Grievance.title,
                                                                        Grievance.id)))
    shown = shown_column(qtbot, model, "title")
    assert model.order == ("title", header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)
    assert shown in (titles, titles[::-1])
    model.sort(column, Qt.SortOrder.DescendingOrder)
    wait_loaded(qtbot, model)
    with tx() as session:
        titles = list(session.scalars(select(Grievance.title).order_by(Grievance.title.desc(),
                                                                        Grievance.id.desc())))
    assert shown_column(qtbot, model, "title") == titles


def _section_center(header, column):
    from PySide6.QtCore import QPoint

    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2,
                  header.height() // 2)


def test_filters_show_exactly_the_matching_rows(qtbot, make_ctx, people, tx):
    institutions = _grievances(tx, people)
    view = _view(qtbot, make_ctx(people["admin"]))
    model = view.model
    assert model.rowCount() == 5

    view.status_combo.setCurrentIndex(view.status_combo.findData("draft"))
    wait_loaded(qtbot, model)
    with tx() as session:
        drafts = set(session.scalars(select(Grievance.file_number)
                                     .where(Grievance.status == "draft")))
    assert set(shown_column(qtbot, model, "file_number")) == drafts and len(drafts) == 2
    assert "2 lignes" in view.count_label.text()

    view.clear_filters()
    wait_loaded(qtbot, model)
    assert model.rowCount() == 5

    qtbot.waitUntil(lambda: view.institution_combo.count() > 1, timeout=10_000)
    view.institution_combo.setCurrentIndex(view.institution_combo.findData(institutions[0]))
    wait_loaded(qtbot, model)
    with tx() as session:
        name = session.scalar(select(Institution.name).where(Institution.id == institutions[0]))
    assert shown_column(qtbot, model, "institution") == [name, name]

    view.clear_filters()
    view.date_from.setDate(QDate(2026, 4, 1))
    view.date_to.setDate(QDate(2026, 6, 30))
    wait_loaded(qtbot, model)
    assert shown_column(qtbot, model, "filed_date") == ["2026-05-10"]

    view.clear_filters()
    qtbot.keyClicks(view.text_edit, "suspension")
    qtbot.waitUntil(lambda: model.filters.get("text") == "suspension", timeout=5_000)
    wait_loaded(qtbot, model)
    assert shown_column(qtbot, model, "title") == ["Suspension de trois jours"]

    view.clear_filters()
    view.kind_combo.setCurrentIndex(view.kind_combo.findData("pay"))
    wait_loaded(qtbot, model)
    assert shown_column(qtbot, model, "title") == ["Prime de soir"]
    assert shown_column(qtbot, model, "nature") == ["Rémunération"]


def test_open_files_filter_hides_closed_statuses(qtbot, make_ctx, people, tx):
    _grievances(tx, people)
    view = _view(qtbot, make_ctx(people["admin"]))
    view.status_combo.setCurrentIndex(view.status_combo.findData("__open__"))
    wait_loaded(qtbot, view.model)
    assert view.model.filters["status"] == ["draft", "filed", "in_discussion",
                                            "referred_to_arbitration"]
    assert view.model.rowCount() == 5


def test_enter_ouvrir_and_new_ask_for_the_record(qtbot, make_ctx, people, tx):
    _grievances(tx, people)
    view = _view(qtbot, make_ctx(people["secretaire"]))
    opened = []
    view.open_requested.connect(lambda kind, ident: opened.append((kind, ident)))
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(1, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened == [("grievances", view.model.record_id(1))]
    view.table.setCurrentIndex(view.model.index(2, 0))
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert opened[-1] == ("grievances", view.model.record_id(2))
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    assert opened[-1] == ("grievances", None)


def test_list_refreshes_when_a_record_is_announced(qtbot, make_ctx, people, tx):
    ctx = make_ctx(people["admin"])
    view = _view(qtbot, ctx, "members")
    before = view.model.rowCount()
    with tx() as session:
        ident = factories.member(session, people["admin"], last_name="Nouvel").id
    ctx.announce("member", ident)
    qtbot.waitUntil(lambda: view.model.rowCount() == before + 1, timeout=10_000)


def test_export_hands_over_the_filters_and_order(qtbot, make_ctx, people, tx):
    _grievances(tx, people)
    view = _view(qtbot, make_ctx(people["admin"]))
    view.status_combo.setCurrentIndex(view.status_combo.findData("filed"))
    wait_loaded(qtbot, view.model)
    with qtbot.waitSignal(view.export_requested) as signal:
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert signal.args == ["grievances", {"status": "filed"}, ("filed_date", True)]


def test_confidential_grievance_hidden_from_another_counsellor(qtbot, make_ctx, people, tx):
    with tx() as session:
        secret = factories.grievance(session, people["admin"], title="Dossier confidentiel",
                                     confidential=True, counsellor_id=people["conseil"].id)
        factories.grievance(session, people["admin"], title="Dossier ordinaire",
                            counsellor_id=people["conseil"].id)
        number = secret.file_number
    for login, sees in (("conseil", True), ("conseil2", False), ("coord", True),
                        ("secretaire", False)):
        view = _view(qtbot, make_ctx(people[login]))
        titles = shown_column(qtbot, view.model, "title")
        assert ("Dossier confidentiel" in titles) is sees, login
        assert "Dossier ordinaire" in titles
        assert view.model.rowCount() == (2 if sees else 1)
        # quick search by its file number: same rule
        from gem.services.quick_search import quick_search

        with tx() as session:
            hits = quick_search(session, people[login], number, "fr")
        assert any(h.text == number for h in hits) is sees, login


def test_model_passes_qt_model_tester(qtbot, qtmodeltester, make_ctx, people, tx):
    _grievances(tx, people)
    model = ListTableModel(make_ctx(people["admin"]), "grievances")
    model.reload()
    wait_loaded(qtbot, model)
    qtmodeltester.check(model)
    assert model.data(model.index(0, model.column_of("filed_date"))) in \
        {"2026-08-15", "2026-05-10", "2026-03-02", ""}
    assert model.headerData(model.column_of("amount_claimed"), Qt.Orientation.Horizontal) == \
        "Montant réclamé"
    # instants are shown in Québec wall time, whatever the machine's zone
    with tx() as session:
        stored = list(session.scalars(select(Grievance.last_activity_at)))
    expected = sorted(clock.local(v).strftime("%Y-%m-%d %H:%M") for v in stored)
    assert sorted(shown_column(qtbot, model, "last_activity_at")) == expected


def test_a_list_closed_while_its_queries_run_ignores_their_answers(qtbot, make_ctx, people, tx):
    """Signing out deletes the window while a page and the count are still being read."""
    import shiboken6
    from PySide6.QtCore import QThreadPool

    _grievances(tx, people)
    model = ListTableModel(make_ctx(people["admin"]), "grievances")
    reported: list[BaseException] = []
    model.failed.connect(reported.append)
    model.reload()
    shiboken6.delete(model)
    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(100)  # the answers arrive; pytest-qt fails the test on an exception in them
    assert reported == [] and not shiboken6.isValid(model)
