"""Tables de référence: an administrator adds job titles, arbitrators and proclaimed holidays,
and changes a deadline rule after seeing which open deadlines would move; only the ticked
ones move. Other roles do not get the screen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from gem.services.arbitration import ArbitratorService
from gem.services.deadlines import file_deadlines, get_deadline, load_calendar
from gem.services.reference import JobTitleService
from gem.ui.main_window import REFERENCE, USERS, MainWindow
from gem.ui.reference_view import ReferenceView
from tests import factories

D = date.fromisoformat


def _view(qtbot, ctx) -> ReferenceView:
    view = ReferenceView(ctx)
    qtbot.addWidget(view)
    return view


def _loaded(qtbot, panel):
    qtbot.waitUntil(lambda: not panel.loading, timeout=10_000)
    return panel


def _saved(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10_000)


def test_admin_adds_a_job_title_and_keeps_the_typing_on_an_error(qtbot, make_ctx, people,
                                                                   tx):
    admin = people["admin"]
    view = _view(qtbot, make_ctx(admin))
    panel = _loaded(qtbot, view.show_table("job_titles"))
    dialog = panel.add_record()
    dialog.editors["code"].setText("T9999")
    dialog.editors["sector"].setText("Soins")
    dialog.save()  # the French title is required
    qtbot.waitUntil(lambda: dialog.message.isVisibleTo(dialog), timeout=10_000)
    assert "Titre d'emploi" in dialog.message.text()
    assert dialog.editors["code"].text() == "T9999" and dialog.result() == 0
    dialog.editors["title_fr"].setText("Préposée de test")
    dialog.editors["title_en"].setText("Test attendant")
    dialog.save()
    _saved(qtbot, dialog)
    qtbot.waitUntil(lambda: any(r["code"] == "T9999" for r in panel.rows), timeout=10_000)
    with tx() as s:
        [job] = JobTitleService().find(s, admin, {"code": "T9999"})
        assert (job.title_fr, job.title_en, job.sector) == \
            ("Préposée de test", "Test attendant", "Soins")


def test_admin_adds_and_edits_an_arbitrator(qtbot, make_ctx, people, tx):
    admin = people["admin"]
    view = _view(qtbot, make_ctx(admin))
    panel = _loaded(qtbot, view.show_table("arbitrators"))
    dialog = panel.add_record()
    dialog.editors["name"].setText("Me Test Arbitre")
    dialog.editors["email"].setText("arbitre@example.org")
    dialog.save()
    _saved(qtbot, dialog)
    qtbot.waitUntil(lambda: any(r["name"] == "Me Test Arbitre" for r in panel.rows),
                    timeout=10_000)
    row = [r["name"] for r in panel.rows].index("Me Test Arbitre")
    panel.table.setCurrentCell(row, 0)
    edit = panel.edit_record()
    assert edit.editors["email"].text() == "arbitre@example.org"
    edit.editors["phone"].setText("514-555-0100")
    edit.editors["active"].setChecked(False)
    edit.save()
    _saved(qtbot, edit)
    with tx() as s:
        [arbitrator] = ArbitratorService().find(s, admin, {"name": "Me Test Arbitre"})
        assert (arbitrator.email, arbitrator.phone, arbitrator.active) == \
            ("arbitre@example.org", "514-555-0100", False)


def test_admin_adds_a_proclaimed_holiday(qtbot, make_ctx, people, tx):
    view = _view(qtbot, make_ctx(people["admin"]))
    panel = _loaded(qtbot, view.show_table("holidays"))
    assert panel.rows and not any(r["proclaimed"] for r in panel.rows)
    dialog = panel.add_record()
    dialog.day.setText("2031-11-14")
    dialog.name.setText("Journée de deuil national")
    dialog.source.setText("Décret test")
    dialog.save()
    _saved(qtbot, dialog)
    qtbot.waitUntil(lambda: panel.year.value() == 2031 and not panel.loading and any(
        r["proclaimed"] and r["day"] == D("2031-11-14") for r in panel.rows), timeout=10_000)
    with tx() as s:
        assert D("2031-11-14") in {h.day for h in load_calendar(s).listing(2031)}
    again = panel.add_record()  # the same day twice: refused, the typing stays
    again.day.setText("2031-11-14")
    again.name.setText("Doublon")
    again.save()
    qtbot.waitUntil(lambda: again.message.isVisibleTo(again), timeout=10_000)
    assert again.name.text() == "Doublon" and again.result() == 0


def test_rule_change_moves_only_the_ticked_deadline(qtbot, make_ctx, people, tx):
    admin = people["admin"]
    with tx() as s:
        ids = []
        for _ in range(2):
            g = factories.grievance(s, people["secretaire"], status="draft", filed_date=None,
                                    knowledge_date="2026-06-01", event_date="2026-05-15",
                                    counsellor_id=people["conseil"].id)
            [d] = file_deadlines(s, "grievance", g.id)
            assert d.due_date == D("2026-07-02")
            ids.append(d.id)
    view = _view(qtbot, make_ctx(admin))
    panel = _loaded(qtbot, view.show_table("rules"))
    codes = [r["code"] for r in panel.rows]
    assert "grievance_agreement" in codes
    panel.table.setCurrentCell(codes.index("grievance_agreement"), 0)
    dialog = panel.edit_record()
    dialog.effective_from.setText("")
    dialog.run_preview()  # no date: the service's message, nothing lost
    qtbot.waitUntil(lambda: dialog.message.isVisibleTo(dialog), timeout=10_000)
    assert not dialog.apply_button.isEnabled()
    dialog.effective_from.set_date(D("2026-05-01"))
    dialog.length.setValue(60)
    dialog.run_preview()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert dialog.affected.rowCount() == 2
    assert {dialog.affected.item(r, 3).text() for r in range(2)} == {"2026-07-31"}
    assert sorted(dialog.ticked()) == sorted(ids)
    dialog.set_ticked([ids[0]])
    assert dialog.ticked() == [ids[0]]
    dialog.apply()
    _saved(qtbot, dialog)
    assert dialog.applied_version
    with tx() as s:
        assert get_deadline(s, admin, ids[0]).due_date == D("2026-07-31")
        assert get_deadline(s, admin, ids[1]).due_date == D("2026-07-02")


def test_only_administrators_get_the_screen(qtbot, make_ctx, settings, people):
    for login, visible in (("admin", True), ("coord", False), ("conseil", False)):
        window = MainWindow(make_ctx(people[login]), settings, "SQLite test")
        qtbot.addWidget(window)
        keys = [window.nav.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(window.nav.count())]
        assert (REFERENCE in keys) is visible, login
        if visible:
            assert keys.index(REFERENCE) == keys.index(USERS) + 1
            window.show_screen(REFERENCE)
            assert isinstance(window.current_screen(), ReferenceView)
            assert window.nav.currentItem().text() == "Tables de référence"
