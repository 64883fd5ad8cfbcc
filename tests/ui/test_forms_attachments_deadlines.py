"""Attachments round-trip through the form (the bytes opened are the bytes attached), the
history tab shows the audit trail, deadlines are explained and acted on, and the deadline
calculator answers like ``gem deadline compute``."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from gem.services import documents
from gem.services.deadlines import file_deadlines
from gem.ui.forms import base, panels
from gem.ui.forms.deadline_calculator import DeadlineCalculator
from tests import factories
from tests.ui.forms_support import settle, show_form


@pytest.fixture(autouse=True)
def _answer_yes(monkeypatch):
    monkeypatch.setattr(base, "ask", lambda *a: True)


@pytest.fixture
def grievance_id(tx, people):
    with tx() as s:
        return factories.grievance(s, people["secretaire"], filed_date=None,
                                   status="draft", knowledge_date="2026-06-01",
                                   event_date="2026-05-29").id


def test_attachment_add_open_remove(qtbot, make_ctx, people, tx, tmp_path, monkeypatch,
                                    grievance_id):
    opened: list[str] = []
    monkeypatch.setattr(panels, "open_url", lambda url: opened.append(url.toLocalFile()))
    scan = tmp_path / "grief signé (p. 1).pdf"
    content = b"%PDF-1.4\n" + bytes(range(256)) * 40
    scan.write_bytes(content)
    form = show_form(qtbot, make_ctx(people["secretaire"]), "grievances", grievance_id)
    panel = form.attachments
    assert panel.add_button.isEnabled() and panel.documents == []

    panel.add_files([scan])
    qtbot.waitUntil(lambda: len(panel.documents) == 1, timeout=10000)
    expected = hashlib.sha256(content).hexdigest()
    assert panel.documents[0].sha256 == expected
    assert panel.table.item(0, 0).text() == scan.name
    with tx() as s:
        stored = documents.documents_of(s, people["admin"], "grievance", grievance_id)
        assert [(d.name, d.sha256, d.size) for d in stored] == [(scan.name, expected,
                                                                 len(content))]

    panel.table.selectRow(0)
    panel.open_selected()
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    copy = Path(opened[0])
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == expected
    assert copy.name.endswith("grief signé (p. 1).pdf")

    # Retirer removes the attachment for good: offered to administrators only
    assert not panel.remove_button.isEnabled()
    assert panel.remove_button.toolTip() == "Votre rôle ne permet pas cette action."
    panel.remove_selected()
    settle(qtbot)
    with tx() as s:
        assert len(documents.documents_of(s, people["admin"], "grievance", grievance_id)) == 1
    form.close()
    form = show_form(qtbot, make_ctx(people["admin"]), "grievances", grievance_id)
    panel = form.attachments
    qtbot.waitUntil(lambda: len(panel.documents) == 1, timeout=10000)
    assert panel.remove_button.isEnabled()
    panel.table.selectRow(0)
    panel.remove_selected()
    qtbot.waitUntil(lambda: panel.documents == [], timeout=10000)
    with tx() as s:
        assert documents.documents_of(s, people["admin"], "grievance", grievance_id) == []
    settle(qtbot)
    form.reload()
    qtbot.waitUntil(lambda: not form.is_busy(), timeout=10000)
    actions = [e.action for e in form.history.entries]
    assert actions[:1] == ["create"] and "attach" in actions and "detach" in actions
    assert form.history.table.rowCount() == len(actions)


def test_read_only_user_can_open_but_not_attach(qtbot, make_ctx, people, tx, grievance_id):
    with tx() as s:
        documents.attach(s, people["secretaire"], "grievance", grievance_id, "a.txt", b"abc")
    form = show_form(qtbot, make_ctx(people["lecteur"]), "grievances", grievance_id)
    assert len(form.attachments.documents) == 1
    assert form.attachments.open_button.isEnabled()
    assert not form.attachments.add_button.isEnabled()
    assert not form.attachments.remove_button.isEnabled()


def test_deadline_shown_explained_and_extended(qtbot, make_ctx, people, tx, grievance_id):
    form = show_form(qtbot, make_ctx(people["secretaire"]), "grievances", grievance_id)
    assert len(form.deadlines.rows) == 1
    row = form.deadlines.rows[0]
    assert row.due == date(2026, 7, 2)
    assert "Fête du Canada" in row.explanation and "2026-07-02" in row.explanation
    assert form.findChild(type(form.save_button), f"deadline_extend_{row.id}")

    form.deadlines.start("extend", row)
    dialog = form.deadlines.dialog
    fields = {f.key: f for f in dialog.fields}
    fields["extended_to"].widget.setText("2026-06-15")    # earlier than the deadline
    fields["reference"].widget.setText("Lettre du 2026-06-25")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(fields["extended_to"].error_text()), timeout=10000)
    assert dialog.isVisible() and fields["reference"].raw() == "Lettre du 2026-06-25"
    fields["extended_to"].widget.setText("31/7/2026")
    dialog.submit()
    qtbot.waitUntil(lambda: form.deadlines.rows[0].status == "extended", timeout=10000)
    assert form.deadlines.rows[0].effective == date(2026, 7, 31)
    assert "prolongé au 2026-07-31" in form.deadlines.rows[0].explanation
    with tx() as s:
        (deadline,) = file_deadlines(s, "grievance", grievance_id)
        assert (deadline.status, deadline.extended_to, deadline.extension_reference) == \
            ("extended", date(2026, 7, 31), "Lettre du 2026-06-25")


def test_deadline_calculator(qtbot, make_ctx, people):
    dialog = DeadlineCalculator(make_ctx(people["conseil"]))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.length.setValue(30)
    dialog.trigger.setText("1/6/2026")
    dialog.compute()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10000)
    assert dialog.due.text() == "2026-07-02"
    assert "Fête du Canada" in dialog.explanation.text()

    qtbot.waitUntil(lambda: dialog.rule.findData("harassment") >= 0, timeout=10000)
    dialog.select_rule("harassment")
    assert not dialog.length.isEnabled()
    dialog.result = None
    dialog.trigger.setText("2018-06-11")     # the 90-day version still applied then
    dialog.compute()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10000)
    assert dialog.result.due_date == date(2018, 9, 10)
    assert "Source" in dialog.source.text()

    dialog.trigger.setText("32/13/2026")
    dialog.compute()
    assert dialog.error.isVisible() and "date valide" in dialog.error.text()
