"""A wrongly attached file, from the main window as `gem` opens it: the secretary withdraws it
(« Retirer… », the reason typed, Enter), it leaves the list and comes back greyed with « Retiré
le … par … — … » once « Afficher les pièces retirées » is ticked; she is offered no
« Supprimer définitivement ». The administrator, signing in next, is, and purges it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from gem.models import Document
from gem.services import documents
from gem.ui import documents as document_area
from gem.ui.forms import base
from gem.ui.list_view import ListView
from gem.ui.main_window import LISTS
from tests import factories
from tests.ui.conftest import wait_loaded
from tests.ui.forms_support import focused, type_text

REASON = "Facture d'un autre membre"


@pytest.fixture(autouse=True)
def _answers(monkeypatch) -> list[str]:
    """The purge's question is answered yes (no modal loop); every question asked is kept."""
    asked: list[str] = []

    def ask(_parent: Any, _title: str, question: str, _yes: str, _no: str) -> bool:
        asked.append(question)
        return True

    monkeypatch.setattr(base, "ask", ask)
    monkeypatch.setattr(document_area, "ask_unsaved",
                        lambda *_a: document_area.Unsaved.DISCARD)
    return asked


def _open_the_grievance(d: Any) -> Any:
    """The path a person takes: the grievances screen (Ctrl+4; Ctrl+1 is the caseload), Enter
    on the row, then the « Pièces jointes » tab of the form."""
    d.ctrl(Qt.Key(Qt.Key.Key_2 + list(LISTS).index("grievances")), d.window)
    view = d.window.current_screen()
    assert isinstance(view, ListView) and d.window.current_key() == "grievances"
    wait_loaded(d.qtbot, view.model)
    form = d.open_row(view)
    panel = form.attachments
    assert panel is not None
    form.tabs.setCurrentWidget(panel)
    d.qtbot.waitUntil(panel.isVisible, timeout=5_000)
    return form


def _names(panel: Any) -> list[str]:
    return [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]


def test_a_secretary_withdraws_and_an_administrator_purges(desk, qtbot, people, tx,
                                                           _answers):
    with tx() as s:
        gid = factories.grievance(s, people["admin"], title="Prime de soir").id
        wrong = documents.attach(s, people["secretaire"], "grievance", gid,
                                 "facture-autre-membre.pdf", b"%PDF wrong").id
        documents.attach(s, people["secretaire"], "grievance", gid, "grief-signé.pdf",
                         b"%PDF right")
    d = desk()
    d.sign_in("secretaire")
    form = _open_the_grievance(d)
    panel = form.attachments
    qtbot.waitUntil(lambda: len(panel.documents) == 2, timeout=10_000)
    assert _names(panel) == ["facture-autre-membre.pdf", "grief-signé.pdf"]
    # offered « Retirer… », not the purge
    assert panel.withdraw_button.isVisible() and panel.withdraw_button.isEnabled()
    assert panel.remove_button.isHidden() and not panel.remove_button.isEnabled()
    assert not panel.show_withdrawn.isChecked()

    panel.table.setFocus()
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible(),
                    timeout=5_000)
    dialog = panel.dialog
    assert "facture-autre-membre.pdf" in dialog.findChild(type(panel.note)).text()
    qtbot.waitUntil(lambda: focused().objectName() == "field_reason", timeout=5_000)
    # Enter with no reason: refused by the service, the dialog stays and says why
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    reason = dialog.fields[0]
    qtbot.waitUntil(lambda: bool(reason.error_text()), timeout=10_000)
    assert reason.error_text() == "ce champ est obligatoire."
    assert dialog.isVisible() and _names(panel)[0] == "facture-autre-membre.pdf"
    # the reason typed, Enter: withdrawn, the row leaves the list
    type_text(qtbot, focused(), REASON)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _names(panel) == ["grief-signé.pdf"], timeout=10_000)
    assert panel.dialog is None or not panel.dialog.isVisible()
    with tx() as s:
        stored = s.get(Document, wrong)
        assert stored is not None and stored.withdrawn_reason == REASON
        assert stored.withdrawn_by_id == people["secretaire"].id

    # ticked: back, greyed, with who withdrew it, when and why
    panel.show_withdrawn.setFocus()
    qtbot.keyClick(panel.show_withdrawn, Qt.Key.Key_Space)
    assert panel.show_withdrawn.isChecked()
    assert _names(panel) == ["facture-autre-membre.pdf", "grief-signé.pdf"]
    row = 0
    text = panel.table.item(row, panel.WITHDRAWAL_COLUMN).text()
    assert text.startswith("Retiré le ") and " par Secretaire Test — " + REASON in text
    assert not panel.table.isColumnHidden(panel.WITHDRAWAL_COLUMN)
    assert panel.table.item(row, 0).foreground().color() == panel.WITHDRAWN_COLOUR
    assert panel.table.item(row, 0).toolTip() == text
    assert panel.table.item(1, panel.WITHDRAWAL_COLUMN).text() == ""
    assert panel.table.item(1, 0).foreground().color() != panel.WITHDRAWN_COLOUR
    # a withdrawn row is not withdrawn twice; it still opens
    panel.table.selectRow(0)
    assert not panel.withdraw_button.isEnabled() and panel.open_button.isEnabled()
    # unticked: hidden again
    qtbot.keyClick(panel.show_withdrawn, Qt.Key.Key_Space)
    assert _names(panel) == ["grief-signé.pdf"]
    assert panel.table.isColumnHidden(panel.WITHDRAWAL_COLUMN)
    assert panel.remove_button.isHidden()

    # the administrator signs in next: the purge is offered, and asked about
    old = d.window
    old.sign_out_action.trigger()  # Se déconnecter (as test_journeys signs out)
    d.sign_in_dialog()
    d.sign_in("admin")
    assert d.window is not old
    form = _open_the_grievance(d)
    panel = form.attachments
    qtbot.waitUntil(lambda: len(panel.documents) == 1, timeout=10_000)
    assert panel.remove_button.isVisible() and panel.remove_button.isEnabled()
    assert panel.remove_button.text() == "Supprimer définitivement…"
    qtbot.keyClick(panel.show_withdrawn, Qt.Key.Key_Space)
    assert _names(panel)[0] == "facture-autre-membre.pdf"
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert "facture-autre-membre.pdf" in _answers[-1]
    qtbot.waitUntil(lambda: _names(panel) == ["grief-signé.pdf"], timeout=10_000)
    # the Delete key withdraws (asks why), it never purges, an administrator's neither
    asked = len(_answers)
    panel.table.setFocus()
    panel.table.selectRow(0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible(),
                    timeout=5_000)
    assert len(_answers) == asked
    qtbot.waitUntil(lambda: focused().objectName() == "field_reason", timeout=5_000)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=5_000)
    d.settle()
    assert _names(panel) == ["grief-signé.pdf"]
    with tx() as s:
        assert s.get(Document, wrong) is None
        assert list(s.scalars(select(Document.name).where(Document.owner_id == gid))) == \
            ["grief-signé.pdf"]
