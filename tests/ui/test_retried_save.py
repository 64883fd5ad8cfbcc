"""A new grievance's save whose answer is lost (the server committed it, then the connection
dropped) and the person presses Save again, as the message says: one grievance, and the form
shows it as saved (issue 12; the form's creation key, gem.ui.forms.controller). From the main
window as `gem` opens it, by keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from gem.models import AuditEntry, CreationKey, Grievance
from gem.services import records
from gem.ui.forms import base
from tests import factories
from tests.ui.conftest import wait_loaded
from tests.ui.forms_support import ctrl_s, type_text
from tests.ui.journeys import type_new_grievance


@pytest.fixture
def answer_lost_once(monkeypatch):
    """The window's save of a record goes through; its first answer never comes back (the
    COMMIT reached the server, the connection dropped before the reply). The keys each
    attempt carried are kept."""
    real = records.save_record
    keys: list[str | None] = []

    def save_record(session, *args, key=None, **kwargs):
        result = real(session, *args, key=key, **kwargs)
        keys.append(key)
        if len(keys) == 1:
            session.commit()
            raise OperationalError("COMMIT", {}, ConnectionResetError(
                "server closed the connection unexpectedly"), connection_invalidated=True)
        return result

    monkeypatch.setattr(records, "save_record", save_record)
    monkeypatch.setattr(base, "ask", lambda *_a: True)  # closing at the end drops nothing
    return keys


def _new_grievance(d, qtbot, title: str):
    """Ctrl+4, Ctrl+N, and the grievance typed field by field."""
    d.ctrl(Qt.Key.Key_4, d.window)
    view = d.window.current_screen()
    wait_loaded(qtbot, view.model)
    d.ctrl(Qt.Key.Key_N, view.table)
    form = d.current_form()
    assert form.record_id is None
    type_new_grievance(qtbot, form, title)
    return form


def _stored(tx):
    with tx() as s:
        rows = s.execute(select(Grievance.id, Grievance.file_number, Grievance.title)).all()
        creates = s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "grievance", AuditEntry.action == "create"))
        keys = s.scalar(select(func.count()).select_from(CreationKey))
    return rows, creates, keys


def test_save_again_after_a_lost_answer_makes_one_grievance_and_shows_it(
        desk, qtbot, people, tx, answer_lost_once):
    with tx() as session:
        factories.member(session, people["admin"], last_name="Côté-Bélanger",
                         first_name="Hélène", institution_id=3)
    d = desk()
    d.sign_in("secretaire")
    form = _new_grievance(d, qtbot, "Congédiement contesté")
    ctrl_s(qtbot)
    qtbot.waitUntil(form.banner_is_error, timeout=15_000)
    assert form.banner.text().startswith("La connexion à la base de données est perdue")
    assert form.record_id is None and form.is_dirty()  # as far as the window knows: unsaved
    (made, number, _title), = _stored(tx)[0]           # but the server has it

    ctrl_s(qtbot)  # the person saves again, as the message says
    qtbot.waitUntil(lambda: form.record_id is not None or form.banner_is_error(),
                    timeout=15_000)
    assert form.record_id == made, form.banner.text()
    assert _stored(tx) == ([(made, number, "Congédiement contesté")], 1, 1)
    assert len(answer_lost_once) == 2 and answer_lost_once[0] == answer_lost_once[1]
    assert answer_lost_once[0] == form.controller.creation_key is not None
    # shown as saved: its number, its history, nothing left to save
    assert not form.is_dirty()
    assert form.field("file_number").raw() == number
    assert number in form.title_label.text()
    assert "n'a pas été créée une seconde fois" in form.banner.text()
    assert [e.action for e in form.data.history] == ["create"]
    # and from now on it is that record: a change is an update of it
    title = form.field("title").focus_widget()
    title.setFocus()
    d.key(Qt.Key.Key_End, widget=title)
    type_text(qtbot, title, " (revu)")
    ctrl_s(qtbot)
    qtbot.waitUntil(lambda: not form.is_dirty() and not form.is_busy(), timeout=15_000)
    assert _stored(tx) == ([(made, number, "Congédiement contesté (revu)")], 1, 1)
    assert len(answer_lost_once) == 3 and answer_lost_once[2] is None


def test_what_was_typed_between_the_two_saves_stays_to_be_saved(
        desk, qtbot, people, tx, answer_lost_once):
    """The title was changed after the first, lost, save: the record shows as made by that
    first attempt, and the new title is kept on screen, unsaved, not replaced."""
    with tx() as session:
        factories.member(session, people["admin"], last_name="Côté-Bélanger",
                         first_name="Hélène", institution_id=3)
    d = desk()
    d.sign_in("secretaire")
    form = _new_grievance(d, qtbot, "Premier titre")
    ctrl_s(qtbot)
    qtbot.waitUntil(form.banner_is_error, timeout=15_000)
    title = form.field("title").focus_widget()
    title.setFocus()
    d.key(Qt.Key.Key_End, widget=title)
    type_text(qtbot, title, " corrigé")
    ctrl_s(qtbot)
    qtbot.waitUntil(lambda: form.record_id is not None or not form.is_busy(), timeout=15_000)
    qtbot.waitUntil(lambda: form.record_id is not None, timeout=15_000)
    assert [row[2] for row in _stored(tx)[0]] == ["Premier titre"]
    assert form.field("title").raw() == "Premier titre corrigé"
    assert form.changed_fields() == ["title"]
    assert "reste à enregistrer" in form.banner.text()
    ctrl_s(qtbot)
    qtbot.waitUntil(lambda: not form.is_dirty() and not form.is_busy(), timeout=15_000)
    rows, creates, keys = _stored(tx)
    assert [row[2] for row in rows] == ["Premier titre corrigé"] and (creates, keys) == (1, 1)
