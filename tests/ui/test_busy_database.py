"""A save that meets another desk's lock waits, then says the database is busy and keeps the
typing; once the other desk is done, the same Save goes through (gem.db's BEGIN IMMEDIATE and
lock timeout; gem.ui.errors' « busy » wording). From the main window as `gem` opens it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import text

from gem.db import session_factory, transaction
from gem.services.actor import SYSTEM
from gem.services.member import MemberService
from tests import factories
from tests.ui.conftest import wait_loaded
from tests.ui.forms_support import ctrl_s, type_text


def test_a_save_held_up_by_another_desk_says_busy_and_keeps_the_typing(
        desk, qtbot, people, engine, backend, monkeypatch):
    monkeypatch.setenv("GEM_LOCK_TIMEOUT", "1")  # read by the window's own engine
    with transaction(session_factory(engine)) as s:
        member = factories.member(s, SYSTEM, last_name="Gagnon")
        ident = member.id
    d = desk()
    window = d.sign_in("secretaire")
    d.ctrl(Qt.Key.Key_2, window)  # Membres
    view = window.current_screen()
    wait_loaded(qtbot, view.model)
    row = next(r for r in range(view.model.rowCount()) if view.model.record_id(r) == ident)
    form = d.open_row(view, row)
    field = form.field("last_name").widget
    field.setFocus()
    field.selectAll()
    type_text(qtbot, field, "Gagnon-Roy")

    other = session_factory(engine)()  # another desk, in the middle of its own save
    other.begin()
    if backend == "sqlite":
        factories.member(other, SYSTEM, last_name="Autre poste")  # holds the file's lock
    else:
        other.execute(text("SELECT id FROM members WHERE id = :i FOR UPDATE"), {"i": ident})
    try:
        ctrl_s(qtbot)
        qtbot.waitUntil(form.banner_is_error, timeout=15_000)
        assert form.banner.text() == (
            "La base de données est occupée : un autre poste utilise ces données. Rien n'a "
            "été enregistré et vos saisies sont conservées : réessayez dans un instant.")
        assert field.text() == "Gagnon-Roy"  # the typing is kept
    finally:
        other.rollback()
        other.close()
    ctrl_s(qtbot)
    qtbot.waitUntil(lambda: not form.banner_is_error() and not form.is_dirty(), timeout=15_000)
    with transaction(session_factory(engine)) as s:
        assert MemberService().get(s, SYSTEM, ident).last_name == "Gagnon-Roy"
