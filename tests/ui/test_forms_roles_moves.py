"""Roles in the forms (read-only users cannot edit, secretaries cannot delete, confidential
files stay hidden) and status moves offered exactly as the state machine allows."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from gem import clock
from gem.services.arbitration import ArbitrationService
from gem.services.grievance import GrievanceService
from gem.services.workflow import ARBITRATION, GRIEVANCE
from gem.ui.forms import base
from gem.ui.forms.fields import DisplayField
from tests import factories
from tests.ui.forms_support import ctrl_s, settle, show_form


@pytest.fixture(autouse=True)
def _answer_yes(monkeypatch):
    monkeypatch.setattr(base, "ask", lambda *a: True)


@pytest.fixture
def grievance_id(tx, people):
    with tx() as s:
        return factories.grievance(s, people["secretaire"]).id


def test_read_only_user_cannot_edit(qtbot, make_ctx, people, tx, grievance_id):
    form = show_form(qtbot, make_ctx(people["lecteur"]), "grievances", grievance_id)
    assert form.field("title").raw() == "Prime de soir non versée"  # it can read
    for f in form.fields:
        if isinstance(f, DisplayField):
            continue
        widget = f.focus_widget()
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            assert widget.isReadOnly(), f.key
        else:
            assert not widget.isEnabled() or getattr(widget, "isReadOnly", lambda: True)(), \
                f.key
    assert not form.save_button.isEnabled()
    assert form.move_targets() == []                       # no status moves
    assert not form.attachments.add_button.isEnabled()
    assert not form.timeline.add_button.isEnabled()
    assert "Lecture seule" in form.state_label.text()
    # typing and Ctrl+S change nothing
    form.field("title").widget.setFocus()
    qtbot.keyClicks(form.field("title").widget, "XYZ")
    ctrl_s(qtbot)
    settle(qtbot)
    assert form.field("title").raw() == "Prime de soir non versée"
    with tx() as s:
        assert GrievanceService().get(s, people["admin"], grievance_id).version == 1


def test_secretary_may_not_delete_child_rows(qtbot, make_ctx, people, tx):
    with tx() as s:
        g = factories.grievance(s, people["secretaire"])
        arbitration = ArbitrationService().create(s, people["secretaire"], {
            "procedure": "regular", "institution_id": g.institution_id,
            "grievance_ids": [g.id]})
        ident = arbitration.id
    form = show_form(qtbot, make_ctx(people["secretaire"]), "arbitrations", ident)
    assert form.hearings.add_button.isEnabled()
    assert form.hearings.delete_button.isHidden()
    coordinator = show_form(qtbot, make_ctx(people["coord"]), "arbitrations", ident)
    assert not coordinator.hearings.delete_button.isHidden()


def test_confidential_grievance_hidden_from_another_counsellor(qtbot, make_ctx, people, tx):
    with tx() as s:
        ident = factories.grievance(s, people["conseil"], confidential=True,
                                    counsellor_id=people["conseil"].id).id
    other = show_form(qtbot, make_ctx(people["conseil2"]), "grievances")
    other.record_id = ident
    other.reload()
    qtbot.waitUntil(lambda: other.banner.isVisible(), timeout=10000)
    assert other.banner.property("kind") == "error"
    assert other.field("title").raw() == ""           # nothing of the file was shown
    assert not other.save_button.isEnabled()
    own = show_form(qtbot, make_ctx(people["conseil"]), "grievances", ident)
    assert own.field("title").raw() == "Prime de soir non versée"


def test_status_moves_follow_the_state_machine(qtbot, make_ctx, people, tx):
    with tx() as s:
        ident = factories.grievance(s, people["secretaire"], status="draft",
                                    filed_date=None).id
    form = show_form(qtbot, make_ctx(people["secretaire"]), "grievances", ident)
    assert sorted(form.move_targets()) == GRIEVANCE.allowed("draft")

    # typing disables the moves until saved: a move must not drop or save typing by surprise
    form.field("employer_number").widget.setText("EMP-1")
    assert all(not b.isEnabled() for b in form.findChildren(type(form.save_button))
               if b.objectName().startswith("move_"))
    form.save()
    qtbot.waitUntil(lambda: not form.is_dirty() and not form.is_busy(), timeout=10000)

    form.findChild(type(form.save_button), "move_filed").click()
    dialog = form.move_dialog
    assert [f.key for f in dialog.fields] == ["filed_date"]
    assert dialog.fields[0].raw() == clock.today().isoformat()
    dialog.fields[0].widget.setText("2026-09-21")
    dialog.submit()
    qtbot.waitUntil(lambda: form.data.status == "filed", timeout=10000)
    settle(qtbot)
    assert sorted(form.move_targets()) == GRIEVANCE.allowed("filed")
    assert form.field("filed_date").raw() == "2026-09-21"

    # a closing move asks for its date; a wrong one is refused inside the dialog
    form.findChild(type(form.save_button), "move_settled").click()
    dialog = form.move_dialog
    closed = next(f for f in dialog.fields if f.key == "closed_date")
    closed.widget.setText("2026-01-01")   # before the filing date
    dialog.submit()
    qtbot.waitUntil(lambda: bool(closed.error_text()), timeout=10000)
    assert form.data.status == "filed" and dialog.isVisible()
    assert closed.raw() == "2026-01-01"
    closed.widget.setText("2026-10-05")
    dialog.submit()
    qtbot.waitUntil(lambda: form.data.status == "settled", timeout=10000)
    settle(qtbot)
    assert form.move_targets() == GRIEVANCE.allowed("settled") == []
    with tx() as s:
        g = GrievanceService().get(s, people["admin"], ident)
        assert (g.status, g.outcome, g.closed_date) == ("settled", "settled", date(2026, 10, 5))


def test_arbitration_moves_and_hearing_added_from_its_form(qtbot, make_ctx, people, tx):
    with tx() as s:
        g = factories.grievance(s, people["secretaire"])
        ident = ArbitrationService().create(s, people["secretaire"], {
            "procedure": "regular", "institution_id": g.institution_id,
            "grievance_ids": [g.id]}).id
    form = show_form(qtbot, make_ctx(people["secretaire"]), "arbitrations", ident)
    assert sorted(form.move_targets()) == ARBITRATION.allowed("pending")
    form.tabs.setCurrentWidget(form.hearings)
    form.hearings.add_new()
    child = form.hearings.dialog.form
    child.field("date").widget.setText("15/12/2026")
    child.field("location").widget.setText("Québec")
    child.save()
    qtbot.waitUntil(lambda: form.hearings.ids != [], timeout=10000)
    # the first hearing schedules the arbitration; the form shows it
    qtbot.waitUntil(lambda: form.data.status == "scheduled", timeout=10000)
    assert sorted(form.move_targets()) == ARBITRATION.allowed("scheduled")
    assert form.hearings.table.item(0, 0).text() == "2026-12-15"


@pytest.mark.parametrize("login", ["admin", "coord", "conseil", "secretaire", "lecteur"])
def test_forms_offer_what_the_policy_allows(qtbot, make_ctx, people, tx, grievance_id, login):
    """Save, child rows, attachments and status moves follow gem.services.policy: an
    institution is kept by coordinators and administrators, its bargaining units by every
    writer; only an administrator purges an attachment."""
    from gem.services import documents, policy
    from gem.services.policy import Action

    actor = people[login]
    with tx() as s:
        documents.attach(s, people["admin"], "institution", 2, "lettre.pdf", b"%PDF")
        documents.attach(s, people["admin"], "grievance", grievance_id, "grief.pdf", b"%PDF")
    form = show_form(qtbot, make_ctx(actor), "institutions", 2)
    editable = policy.may(actor, Action.UPDATE, policy.INSTITUTION)
    assert form.can_edit == editable
    assert form.field("name").widget.isReadOnly() != editable
    assert ("Lecture seule" in form.state_label.text()) != editable
    qtbot.waitUntil(lambda: len(form.attachments.documents) == 1, timeout=10000)
    assert form.attachments.add_button.isEnabled() == \
        policy.may(actor, Action.ATTACH, policy.INSTITUTION)
    assert form.attachments.remove_button.isEnabled() == (login == "admin")
    assert form.units.add_button.isEnabled() == \
        policy.may(actor, Action.CREATE, policy.BARGAINING_UNIT)
    assert form.units.delete_button.isHidden() != \
        policy.may(actor, Action.DELETE, policy.BARGAINING_UNIT)
    grievance = show_form(qtbot, make_ctx(actor), "grievances", grievance_id)
    assert bool(grievance.move_targets()) == policy.may(actor, Action.MOVE, policy.GRIEVANCE)
    assert grievance.can_edit == policy.may(actor, Action.UPDATE, policy.GRIEVANCE)
    qtbot.waitUntil(lambda: len(grievance.attachments.documents) == 1, timeout=10000)
    assert grievance.attachments.remove_button.isEnabled() == (login == "admin")
    if login in ("conseil", "secretaire"):  # a writer who may not edit the institution
        assert not editable and form.units.add_button.isEnabled()
