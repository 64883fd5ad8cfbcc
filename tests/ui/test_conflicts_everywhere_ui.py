"""The window meets a stale deadline or invoice line as it meets a stale grievance: from the
main window `gem` opens, a secretary extends a deadline that a counsellor extended while her
dialog was open; the conflict dialog names the counsellor and puts both versions side by
side, to keep, take or merge. A coordinator deleting an invoice line someone just changed is
asked whether to delete it anyway."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton
from sqlalchemy import select

from gem.models import AuditEntry, Deadline, LeaveInvoiceLine
from gem.services.deadlines import extend_deadline, file_deadlines
from gem.services.leave import InvoiceLineService, LeaveInvoiceService
from gem.ui.forms import base
from tests import factories
from tests.ui.conftest import wait_loaded
from tests.ui.forms_support import type_text

pytestmark = pytest.mark.clock("2026-06-20")

D = date.fromisoformat
THEIR_DATE, THEIR_REFERENCE = "2026-08-14", "Lettre 2026-117 (conseil)"
MY_DATE, MY_REFERENCE = "2026-08-31", "Entente du 18 juin"


def _screen(d, key: Qt.Key):
    d.ctrl(key, d.window)
    view = d.window.current_screen()
    wait_loaded(d.qtbot, view.model)
    return view


@pytest.fixture
def extending(desk, qtbot, tx, people):
    """The secretary's extension dialog, typed into, and the counsellor's extension saved
    meanwhile; then OK: the conflict dialog is open. (form, dialog, conflict, deadline id)"""
    with tx() as s:
        g = factories.grievance(s, people["conseil"], status="draft", filed_date=None,
                                knowledge_date="2026-06-01", event_date="2026-05-15",
                                counsellor_id=people["conseil"].id)
        (deadline,) = file_deadlines(s, "grievance", g.id)
        ident = deadline.id
    d = desk()
    d.sign_in("secretaire")
    form = d.open_row(_screen(d, Qt.Key.Key_4))  # Griefs
    panel = form.deadlines
    (row,) = panel.rows
    button = form.findChild(QPushButton, f"deadline_extend_{row.id}")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible())
    dialog = panel.dialog
    fields = {f.key: f for f in dialog.fields}
    fields["extended_to"].widget.setFocus()
    type_text(qtbot, fields["extended_to"].widget, MY_DATE)
    fields["reference"].widget.setFocus()
    type_text(qtbot, fields["reference"].widget, MY_REFERENCE)
    with tx() as s:  # the counsellor, at her own desk, extends it first
        extend_deadline(s, people["conseil"], ident, extended_to=D(THEIR_DATE),
                        agreed_on=D("2026-06-19"), reference=THEIR_REFERENCE,
                        expected_version=row.version)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.conflict_dialog is not None, timeout=10_000)
    return form, dialog, panel.conflict_dialog, ident


def _stored(tx, ident: int) -> tuple:
    with tx() as s:
        d = s.get(Deadline, ident)
        return d.status, d.extended_to, d.extension_reference


def test_the_conflict_dialog_names_the_other_person(extending, tx):
    form, dialog, conflict, ident = extending
    texts = " ".join(label.text() for label in conflict.findChildren(QLabel))
    assert "Conseil Test" in texts and "Version de Conseil Test" in texts
    rows = {row.key: row for row in conflict.rows}
    assert set(rows) == {"extended_to", "agreed_on", "reference"}
    assert (rows["extended_to"].mine, rows["extended_to"].theirs) == (MY_DATE, THEIR_DATE)
    assert (rows["reference"].mine, rows["reference"].theirs) == (MY_REFERENCE,
                                                                  THEIR_REFERENCE)
    assert conflict.choices() == {"extended_to": "mine", "agreed_on": "mine",
                                  "reference": "mine"}
    # nothing written by the refused action; the dialog keeps the typing and says who
    assert _stored(tx, ident) == ("extended", D(THEIR_DATE), THEIR_REFERENCE)
    assert dialog.isVisible() and "Conseil Test" in dialog.general.text()
    assert {f.key: f.raw() for f in dialog.fields}["reference"] == MY_REFERENCE


def test_keep_my_version(extending, qtbot, tx):
    form, dialog, conflict, ident = extending
    qtbot.mouseClick(conflict.mine_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.deadlines.rows[0].effective == D(MY_DATE), timeout=10_000)
    assert not dialog.isVisible()
    assert _stored(tx, ident) == ("extended", D(MY_DATE), MY_REFERENCE)
    with tx() as s:
        assert list(s.scalars(select(AuditEntry.user_login).where(
            AuditEntry.entity == "deadline", AuditEntry.entity_id == ident,
            AuditEntry.action == "update").order_by(AuditEntry.id))) == \
            ["conseil", "secretaire"]


def test_take_their_version(extending, qtbot, tx):
    form, dialog, conflict, ident = extending
    qtbot.mouseClick(conflict.theirs_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: form.deadlines.rows[0].effective == D(THEIR_DATE),
                    timeout=10_000)
    assert "Conseil Test" in form.banner.text()
    assert _stored(tx, ident) == ("extended", D(THEIR_DATE), THEIR_REFERENCE)


def test_merge_field_by_field(extending, qtbot, tx):
    form, dialog, conflict, ident = extending
    conflict.choose("reference", "theirs")
    qtbot.mouseClick(conflict.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.deadlines.rows[0].effective == D(MY_DATE), timeout=10_000)
    assert _stored(tx, ident) == ("extended", D(MY_DATE), THEIR_REFERENCE)


@pytest.mark.parametrize("anyway", [True, False])
def test_deleting_an_invoice_line_someone_just_changed(desk, qtbot, tx, people, monkeypatch,
                                                       anyway):
    with tx() as s:
        member = factories.member(s, people["admin"], institution_id=2)
        invoice = LeaveInvoiceService().create(s, people["admin"], {
            "institution_id": 2, "number": "F-2026-05", "invoice_date": "2026-06-01",
            "period_start": "2026-05-01", "period_end": "2026-05-31"})
        line = InvoiceLineService().create(s, people["admin"], {
            "invoice_id": invoice.id, "member_id": member.id, "work_date": "2026-05-04",
            "hours": "7", "rate": "40"}).id
    asked: list[str] = []

    def answer(_parent, _title, question, _yes, _no):
        asked.append(question)
        return True if len(asked) == 1 else anyway  # delete it? yes; delete it anyway?

    monkeypatch.setattr(base, "ask", answer)
    d = desk()
    d.sign_in("coord")
    form = d.open_row(_screen(d, Qt.Key.Key_8))  # Factures
    lines = form.lines
    qtbot.waitUntil(lambda: lines.ids == [line], timeout=10_000)
    form.tabs.setCurrentWidget(lines)
    lines.table.setFocus()
    lines.table.selectRow(0)
    with tx() as s:  # the counsellor corrects the hours meanwhile
        InvoiceLineService().update(s, people["conseil"], line, {"hours": "6"}, None)
    qtbot.keyClick(lines.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=10_000)
    assert "Conseil Test" in asked[1] and "Conseil Test" in form.banner.text()
    if anyway:
        qtbot.waitUntil(lambda: lines.ids == [], timeout=10_000)
    d.settle()
    with tx() as s:
        stored = s.get(LeaveInvoiceLine, line)
        assert (stored is None) if anyway else (stored.hours == 6)
        assert LeaveInvoiceService().get(s, people["admin"], invoice.id).total == \
            (0 if anyway else 240)
