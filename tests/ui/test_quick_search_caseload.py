"""Ctrl+K finds a member by an accent-less name and a file by its number, by keyboard only;
Mon portefeuille shows an overdue deadline in red, the service's rows, and asks to open the
record of a row on a double-click or Enter; a failed read says so on the screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gem.services import caseload as caseload_service
from gem.services.errors import PermissionDenied
from gem.ui import caseload_view
from gem.ui.caseload_view import OVERDUE_FG, RECORD_ROLE, SOON_FG, CaseloadView, Section
from gem.ui.main_window import MainWindow
from tests import factories
from tests.test_caseload_service import build_caseload


def _window(qtbot, ctx, settings) -> MainWindow:
    window = MainWindow(ctx, settings, "SQLite test")
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def test_quick_search_by_keyboard(qtbot, make_ctx, settings, people, tx):
    with tx() as session:
        member = factories.member(session, people["admin"], last_name="Côté-Bélanger",
                                  first_name="Hélène")
        grievance = factories.grievance(session, people["admin"], members=[member.id])
        member_id, grievance_id, number = member.id, grievance.id, grievance.file_number
    window = _window(qtbot, make_ctx(people["secretaire"]), settings)
    opened: list[tuple[str, int]] = []
    window.quick_search.chosen.connect(lambda kind, ident: opened.append((kind, ident)))

    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    search = window.quick_search
    qtbot.waitUntil(search.isVisible, timeout=5_000)
    assert QApplication.focusWidget() is search.edit
    with qtbot.waitSignal(search.searched, timeout=10_000) as signal:
        qtbot.keyClicks(search.edit, "cote hel")
    assert signal.args[0] == "cote hel" and signal.args[1] >= 1
    assert "Côté-Bélanger, Hélène" in search.results.currentItem().text()
    qtbot.keyClick(search.edit, Qt.Key.Key_Return)
    assert opened == [("members", member_id)]
    assert not search.isVisible()

    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(search.isVisible, timeout=5_000)
    search.edit.clear()
    with qtbot.waitSignal(search.searched, timeout=10_000):
        qtbot.keyClicks(search.edit, number.lower())
    qtbot.keyClick(search.edit, Qt.Key.Key_Down)  # already on the only file: stays there
    qtbot.keyClick(search.edit, Qt.Key.Key_Return)
    assert opened[-1] == ("grievances", grievance_id)


def test_stale_answers_are_dropped(qtbot, make_ctx, settings, people, tx):
    with tx() as session:
        factories.member(session, people["admin"], last_name="Tremblay", first_name="Ann")
        factories.member(session, people["admin"], last_name="Gagnon", first_name="Luc")
    window = _window(qtbot, make_ctx(people["secretaire"]), settings)
    search = window.quick_search
    window.show_quick_search()
    results = []
    search.searched.connect(lambda text, n: results.append(text))
    qtbot.keyClicks(search.edit, "trem")
    search._search()  # a search started for "trem" ...
    search.edit.setText("gagnon")  # ... then the user typed on
    qtbot.waitUntil(lambda: "gagnon" in results, timeout=10_000)
    qtbot.wait(200)
    assert results == ["gagnon"]
    assert "Gagnon, Luc" in search.results.currentItem().text()


def test_caseload_shows_an_overdue_deadline_in_red(qtbot, make_ctx, people, tx):
    with tx() as session:
        late = factories.grievance(session, people["admin"], status="draft", filed_date=None,
                                   event_date="2026-05-15", knowledge_date="2026-06-01",
                                   counsellor_id=people["conseil"].id,
                                   title="Grief jamais déposé")
        number, late_id = late.file_number, late.id
    view = CaseloadView(make_ctx(people["conseil"]))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.caseload is not None, timeout=10_000)
    assert view.counsellor_combo is None  # a counsellor sees their own caseload
    model = view.overdue.table.model()

    def cell(row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
        return model.index(row, column).data(role)

    rows = [r for r in range(model.rowCount()) if cell(r, 2) == number]
    assert len(rows) == 1
    colour = cell(rows[0], 0, Qt.ItemDataRole.ForegroundRole).color()
    assert colour == OVERDUE_FG
    assert colour.red() > 150 and colour.green() < 60
    assert cell(rows[0], 1).startswith("en retard de")
    assert cell(rows[0], 3).startswith("Dépôt du grief")
    assert cell(rows[0], 0, RECORD_ROLE) == ("grievances", late_id)
    assert view.count_labels["draft"].text().count("1") >= 1

    # another counsellor does not see it; the coordinator picks the counsellor and does
    other = CaseloadView(make_ctx(people["conseil2"]))
    qtbot.addWidget(other)
    qtbot.waitUntil(lambda: other.caseload is not None, timeout=10_000)
    assert other.overdue.table.model().rowCount() == 0
    coord = CaseloadView(make_ctx(people["coord"]))
    qtbot.addWidget(coord)
    qtbot.waitUntil(lambda: coord.counsellor_combo.count() > 1, timeout=10_000)
    assert coord.select_counsellor(people["conseil"].id)
    qtbot.waitUntil(lambda: coord.caseload is not None and
                    coord.overdue.table.model().rowCount() == 1, timeout=10_000)


def _records(section: Section) -> list[tuple[str, int]]:
    model = section.table.model()
    return [model.index(r, 0).data(RECORD_ROLE) for r in range(model.rowCount())]


@pytest.fixture
def shown(qtbot, make_ctx, people, tx):
    """conseil's caseload of tests/test_caseload_service.py on its day, on screen."""
    with tx() as session:
        made = build_caseload(session, people)
    view = CaseloadView(make_ctx(people["conseil"]))
    qtbot.addWidget(view)
    view.resize(1600, 1000)
    view.show()
    qtbot.waitUntil(lambda: view.caseload is not None, timeout=10_000)
    return view, made


@pytest.mark.clock("2026-10-01")
def test_the_screen_shows_the_services_rows(shown, people, tx):
    view, made = shown
    me = people["conseil"]
    with tx() as session:
        found = caseload_service.caseload(session, me, me.id)
    assert _records(view.overdue) == [(d.list_name, d.owner_id) for d in found.overdue]
    assert _records(view.upcoming) == [(d.list_name, d.owner_id) for d in found.upcoming]
    assert _records(view.hearings) == [("arbitrations", h.arbitration_id)
                                       for h in found.hearings]
    assert _records(view.inactive) == [("grievances", f.grievance_id) for f in found.stale]
    assert len(found.upcoming) == 4 and len(found.stale) == 2  # not trivially empty
    model = view.upcoming.table.model()
    soon = model.index(1, 1)
    assert soon.data() == "dans 4 j"
    assert soon.data(Qt.ItemDataRole.ForegroundRole).color() == SOON_FG
    assert model.index(3, 0).data(Qt.ItemDataRole.ForegroundRole) is None  # 19 days
    assert view.overdue.model.index(1, 2).data().endswith(" (confidentiel)")
    assert view.count_labels["draft"].text().count(">5<") == 1


@pytest.mark.clock("2026-10-01")
def test_double_click_and_enter_ask_to_open_the_rows_record(qtbot, shown):
    view, made = shown
    opened: list[tuple[str, int]] = []
    view.open_requested.connect(lambda kind, ident: opened.append((kind, ident)))
    cases = [(view.overdue, 0, ("grievances", made["overdue"])),
             (view.upcoming, 2, ("recourses", made["recourse"])),
             (view.hearings, 0, ("arbitrations", made["arbitration_heard"])),
             (view.inactive, 1, ("grievances", made["stale"]))]
    for section, row, expected in cases:
        table = section.table
        index = table.model().index(row, 0)
        opened.clear()
        where = table.visualRect(index).center()
        # the first click selects the row, as a person's does (QTest's double-click alone
        # does not press the row first)
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
        assert opened == []  # a single click opens nothing
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
        assert opened == [expected], section.caption.text()
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            opened.clear()
            table.setFocus()
            table.setCurrentIndex(index)
            qtbot.keyClick(table, key)
            assert opened == [expected], (section.caption.text(), key)
    opened.clear()
    view.overdue.table.setCurrentIndex(view.overdue.table.model().index(0, 0))
    qtbot.keyClick(view.overdue.table, Qt.Key.Key_Down)  # moving opens nothing
    assert opened == []


def test_a_caseload_that_cannot_be_read_says_so(qtbot, make_ctx, people, tx, monkeypatch):
    with tx() as session:
        factories.grievance(session, people["admin"], status="draft", filed_date=None,
                            counsellor_id=people["conseil"].id)
    view = CaseloadView(make_ctx(people["conseil"]))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.caseload is not None, timeout=10_000)
    assert not view.error_label.isVisible()

    def refuse(session, actor, *args, **kwargs):
        raise PermissionDenied(None, actor.language)

    monkeypatch.setattr(caseload_view, "caseload", refuse)
    view.refresh()
    qtbot.waitUntil(view.error_label.isVisible, timeout=10_000)
    assert view.error_label.text() == ("Le portefeuille n'a pas pu être lu : Votre rôle ne "
                                       "permet pas cette action.")
    assert view.caseload is None
    for section in view.sections():
        assert section.caption.text().endswith("(non lu)")
        assert section.table.model().rowCount() == 0
    assert view.count_labels["draft"].text() == "—"

    monkeypatch.undo()
    view.refresh()  # read again: the message goes
    qtbot.waitUntil(lambda: view.caseload is not None, timeout=10_000)
    assert not view.error_label.isVisible()
    assert view.count_labels["draft"].text().count(">1<") == 1


def test_a_counsellor_list_that_cannot_be_read_says_so(qtbot, make_ctx, people, monkeypatch):
    def refuse(session, actor):
        raise PermissionDenied(None, actor.language)

    monkeypatch.setattr(caseload_view, "counsellors", refuse)
    view = CaseloadView(make_ctx(people["coord"]))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.caseload is not None and view.error_label.isVisible(),
                    timeout=10_000)
    assert view.error_label.text() == ("La liste des conseillers n'a pas pu être lue : Votre "
                                       "rôle ne permet pas cette action.")
    assert view.counsellor_combo.count() == 1  # « Tous les conseillers » only
