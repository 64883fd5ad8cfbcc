"""A workstation left on this version while IT upgrades the database to a newer GEM
(issue 13): its next save is refused with the reason and what to do, nothing is written,
and what was typed stays in the form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import func, select, text

from gem.models import Grievance
from tests import factories
from tests.ui.forms_support import ctrl_s
from tests.ui.journeys import type_new_grievance


def test_a_save_after_a_newer_gem_upgraded_the_database_is_refused(desk, qtbot, people, tx,
                                                                  engine):
    with tx() as session:
        factories.member(session, people["admin"], last_name="Côté-Bélanger",
                         first_name="Hélène", institution_id=3)
        before = session.scalar(select(func.count()).select_from(Grievance))
    d = desk()
    window = d.sign_in("secretaire")
    d.ctrl(Qt.Key.Key_4, window)  # Griefs
    view = window.current_screen()
    d.ctrl(Qt.Key.Key_N, view.table)
    form = d.current_form()
    type_new_grievance(qtbot, form, "Congédiement contesté")
    with engine.begin() as connection:  # IT upgrades with a later GEM meanwhile
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    ctrl_s(qtbot)
    qtbot.waitUntil(form.banner_is_error, timeout=15_000)
    shown = form.banner.text()
    assert "par une version plus récente de GEM : rien n'a été enregistré" in shown
    assert "installez la dernière version" in shown
    assert form.record_id is None
    assert form.field("title").raw() == "Congédiement contesté"
    with engine.connect() as connection:  # reading still works
        assert connection.scalar(select(func.count()).select_from(Grievance)) == before
