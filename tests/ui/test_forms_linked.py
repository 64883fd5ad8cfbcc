"""Linked records open from the form, by keyboard: the members of a grievance, the grievances
of an arbitration, an agreement or a recourse, the institution of a member, the union leave of
an invoice line (from its child dialog), and a hearing from its arbitration's table."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gem.services.arbitration import ArbitrationService, HearingService
from gem.services.leave import InvoiceLineService, LeaveInvoiceService, UnionLeaveService
from gem.services.recourse import RecourseService
from gem.services.settlement import AgreementService
from gem.ui.forms import base
from tests import factories
from tests.ui.forms_support import settle, show_form, tab, wait_read

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _no_modal_questions(monkeypatch):
    monkeypatch.setattr(base, "ask", lambda *a: True)


@pytest.fixture
def files(tx, people) -> dict[str, Any]:
    admin = people["admin"]
    with tx() as s:
        first = factories.member(s, admin, last_name="Côté", first_name="Hélène")
        second = factories.member(s, admin, last_name="Roy", first_name="Marc")
        grievance = factories.grievance(s, admin, members=[first.id, second.id])
        arbitration = ArbitrationService().create(s, admin, {
            "procedure": "regular", "institution_id": 2, "grievance_ids": [grievance.id]})
        hearing = HearingService().create(s, admin, {
            "arbitration_id": arbitration.id, "date": "2026-12-09", "location": "Rimouski"})
        agreement = AgreementService().create(s, admin, {
            "kind": "settlement", "title": "Règlement", "institution_id": 2,
            "grievance_ids": [grievance.id]})
        recourse = RecourseService().create(s, admin, {
            "forum": "CNESST", "kind": "cnesst_review", "institution_id": 2,
            "grievance_id": grievance.id, "notification_date": "2026-11-02"})
        leave = UnionLeaveService().create(s, admin, {
            "member_id": first.id, "institution_id": 2, "leave_type": "union_business",
            "start_date": "2026-10-05", "end_date": "2026-10-05", "hours": "7,25",
            "payment": "reimbursed_by_union", "status": "approved"})
        invoice = LeaveInvoiceService().create(s, admin, {
            "institution_id": 2, "number": "F-2026-10", "invoice_date": "2026-11-01",
            "period_start": "2026-10-01", "period_end": "2026-10-31"})
        InvoiceLineService().create(s, admin, {
            "invoice_id": invoice.id, "member_id": first.id, "leave_id": leave.id,
            "work_date": "2026-10-05", "hours": "7.25", "rate": "40"})
        return {"members": [first.id, second.id], "grievance": grievance.id,
                "arbitration": arbitration.id, "hearing": hearing.id,
                "agreement": agreement.id, "recourse": recourse.id, "leave": leave.id,
                "invoice": invoice.id, "member": first.id}


def _opened(form: Any) -> list[tuple[str, int]]:
    requests: list[tuple[str, int]] = []
    form.open_requested.connect(lambda kind, ident: requests.append((kind, ident)))
    return requests


def _focus(qtbot, widget: Any) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=5000)


def test_members_of_a_grievance_open_by_keyboard(qtbot, make_ctx, people, files):
    form = show_form(qtbot, make_ctx(people["secretaire"]), "grievances", files["grievance"])
    opened = _opened(form)
    members = form.field("member_ids").widget
    _focus(qtbot, members.search)
    qtbot.keyClick(members.search, Qt.Key.Key_O, CTRL)          # nothing selected: the first
    qtbot.keyClick(members.search, Qt.Key.Key_Down)             # the list's first line
    qtbot.keyClick(members.search, Qt.Key.Key_Down)             # ... then the second
    qtbot.keyClick(members.search, Qt.Key.Key_Return, CTRL)
    assert opened == [("members", files["members"][0]), ("members", files["members"][1])]
    assert members.open_button.isVisible() and members.open_button.isEnabled()
    members.open_button.click()
    assert opened[-1] == ("members", files["members"][1])
    assert not form.is_dirty()  # opening changes nothing in the grievance

    # the institution picker: Ctrl+O, and its arrow
    institution = form.field("institution_id").widget
    _focus(qtbot, institution)
    qtbot.keyClick(institution, Qt.Key.Key_O, CTRL)
    assert opened[-1] == ("institutions", 2)
    assert institution.open_action.isVisible()
    institution.open_action.trigger()
    assert opened[-1] == ("institutions", 2)

    # a picker with nothing chosen, or a kind with no form of its own, opens nothing
    count = len(opened)
    unit = form.field("unit_id").widget
    _focus(qtbot, unit)
    qtbot.keyClick(unit, Qt.Key.Key_O, CTRL)
    counsellor = form.field("counsellor_id").widget
    counsellor.set_value(people["conseil"].id, "Conseil Test")
    _focus(qtbot, counsellor)
    qtbot.keyClick(counsellor, Qt.Key.Key_O, CTRL)
    assert len(opened) == count
    assert not unit.open_action.isVisible() and not counsellor.open_action.isVisible()


def test_a_reader_tabs_to_the_members_and_opens_one(qtbot, make_ctx, people, files):
    form = show_form(qtbot, make_ctx(people["lecteur"]), "grievances", files["grievance"])
    opened = _opened(form)
    _focus(qtbot, form.field("unit_id").widget)
    tab(qtbot)
    members = form.field("member_ids").widget
    assert QApplication.focusWidget() is members.chosen   # the search is hidden for a reader
    qtbot.keyClick(members.chosen, Qt.Key.Key_Down)
    qtbot.keyClick(members.chosen, Qt.Key.Key_Return)
    assert opened == [("members", files["members"][1])]
    # and a reader may open the institution too: reading is what the role is for
    institution = form.field("institution_id").widget
    _focus(qtbot, institution)
    qtbot.keyClick(institution, Qt.Key.Key_Return, CTRL)
    assert opened[-1] == ("institutions", 2)


@pytest.mark.parametrize("kind,key,field", [("arbitrations", "arbitration", "grievance_ids"),
                                            ("agreements", "agreement", "grievance_ids"),
                                            ("recourses", "recourse", "grievance_id")])
def test_the_grievance_of_a_file_opens(qtbot, make_ctx, people, files, kind, key, field):
    form = show_form(qtbot, make_ctx(people["conseil"]), kind, files[key])
    opened = _opened(form)
    widget = form.field(field).widget
    target = getattr(widget, "search", widget)
    _focus(qtbot, target)
    qtbot.keyClick(target, Qt.Key.Key_O, CTRL)
    assert opened == [("grievances", files["grievance"])]


def test_the_institution_of_a_member_opens(qtbot, make_ctx, people, files):
    form = show_form(qtbot, make_ctx(people["secretaire"]), "members", files["member"])
    opened = _opened(form)
    _focus(qtbot, form.field("institution_id").widget)
    qtbot.keyClick(form.field("institution_id").widget, Qt.Key.Key_O, CTRL)
    assert opened == [("institutions", 2)]


def test_the_union_leave_of_an_invoice_line_opens_through_the_invoice(qtbot, make_ctx,
                                                                       people, files):
    form = show_form(qtbot, make_ctx(people["secretaire"]), "leave_invoices", files["invoice"])
    opened = _opened(form)
    form.tabs.setCurrentWidget(form.lines)
    qtbot.waitUntil(lambda: form.lines.ids != [], timeout=10000)
    table = form.lines.table
    _focus(qtbot, table)
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)                   # the line, in its dialog
    qtbot.waitUntil(lambda: form.lines.dialog is not None, timeout=5000)
    dialog = form.lines.dialog
    line = dialog.form
    wait_read(qtbot, line)
    assert line.is_loaded()
    leave = line.field("leave_id").widget
    _focus(qtbot, leave)
    qtbot.keyClick(leave, Qt.Key.Key_O, CTRL)
    assert opened == [("union_leaves", files["leave"])]
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)  # only looked at: closed


def test_a_typed_child_stays_open_when_it_opens_a_link(qtbot, make_ctx, people, files):
    form = show_form(qtbot, make_ctx(people["secretaire"]), "leave_invoices", files["invoice"])
    opened = _opened(form)
    qtbot.waitUntil(lambda: form.lines.ids != [], timeout=10000)
    form.lines.table.selectRow(0)
    form.lines.open_selected()
    line = form.lines.dialog.form
    wait_read(qtbot, line)
    line.field("rate").widget.setText("41,00")
    _focus(qtbot, line.field("member_id").widget)
    qtbot.keyClick(line.field("member_id").widget, Qt.Key.Key_O, CTRL)
    assert opened == [("members", files["member"])]
    settle(qtbot)
    assert form.lines.dialog is not None and form.lines.dialog.isVisible()
    assert line.is_dirty()


def test_a_hearing_opens_from_its_arbitration_by_keyboard(qtbot, make_ctx, people, files):
    form = show_form(qtbot, make_ctx(people["secretaire"]), "arbitrations",
                     files["arbitration"])
    form.tabs.setCurrentWidget(form.hearings)
    qtbot.waitUntil(lambda: form.hearings.ids == [files["hearing"]], timeout=10000)
    table = form.hearings.table
    _focus(qtbot, table)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.hearings.dialog is not None, timeout=5000)
    hearing = form.hearings.dialog.form
    wait_read(qtbot, hearing)
    assert hearing.record_id == files["hearing"]
    assert hearing.field("location").raw() == "Rimouski"
    assert form.hearings.dialog.isVisible()
