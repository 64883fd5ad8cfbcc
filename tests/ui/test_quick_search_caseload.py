"""Ctrl+K finds a member by an accent-less name and a file by its number, by keyboard only;
Mon portefeuille shows an overdue deadline in red."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gem.ui.caseload_view import OVERDUE_FG, RECORD_ROLE, CaseloadView
from gem.ui.main_window import MainWindow
from tests import factories


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
