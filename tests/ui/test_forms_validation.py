"""Wrong or missing input: every message appears under its field, nothing is written, and
nothing typed is cleared."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from gem import clock
from gem.models import Grievance, Member
from gem.ui.forms import base
from tests.ui.forms_support import ctrl_s, pick, settle, show_form, tab, type_here


@pytest.fixture(autouse=True)
def _answer_yes(monkeypatch):
    monkeypatch.setattr(base, "ask", lambda *a: True)


def _count(tx, model) -> int:
    with tx() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_invalid_date_and_missing_field_keep_the_typing(qtbot, make_ctx, people, tx):
    form = show_form(qtbot, make_ctx(people["secretaire"]), "members")
    form.setFocus()
    type_here(qtbot, "Gagnon", "field_last_name")
    tab(qtbot, 2)  # first name left empty
    type_here(qtbot, "700001", "field_member_number")
    form.field("hire_date").widget.setFocus()
    type_here(qtbot, "31/02/2020", "field_hire_date")
    form.field("email").widget.setText("pas-un-courriel")
    ctrl_s(qtbot)
    settle(qtbot)

    assert form.record_id is None and _count(tx, Member) == 0
    assert form.field("first_name").error_text() == "ce champ est obligatoire."
    assert "n'est pas une date valide" in form.field("hire_date").error_text()
    assert form.field("first_name").error.isVisible()
    assert form.banner.isVisible() and form.banner.property("kind") == "error"
    # what was typed is all still there, the wrong date exactly as typed
    assert form.field("hire_date").raw() == "31/02/2020"
    assert form.field("last_name").raw() == "Gagnon"
    assert form.field("member_number").raw() == "700001"
    assert form.field("email").raw() == "pas-un-courriel"
    assert form.focusWidget() is form.field("first_name").widget  # first wrong field

    # the service's own checks (an e-mail without @) come back under the field too
    form.field("first_name").widget.setText("Lucie")
    form.field("hire_date").widget.setText("28/2/2020")
    ctrl_s(qtbot)
    qtbot.waitUntil(lambda: bool(form.field("email").error_text()), timeout=10000)
    assert "n'est pas une adresse courriel" in form.field("email").error_text()
    assert form.field("first_name").error_text() == ""
    assert form.field("email").raw() == "pas-un-courriel"
    assert form.field("first_name").raw() == "Lucie"
    assert form.record_id is None and _count(tx, Member) == 0

    form.field("email").widget.setText("lucie.gagnon@example.org")
    ctrl_s(qtbot)
    qtbot.waitUntil(lambda: form.record_id is not None, timeout=10000)
    assert _count(tx, Member) == 1
    assert form.field("hire_date").raw() == "2020-02-28"


def test_grievance_service_errors_and_unchosen_picker(qtbot, make_ctx, people, tx):
    form = show_form(qtbot, make_ctx(people["secretaire"]), "grievances")
    form.setFocus()
    type_here(qtbot, "zzz introuvable", "field_institution_id")  # typed, never chosen
    form.field("nature").widget.setCurrentIndex(2)
    form.field("title").widget.setText("Affichage de poste contesté")
    future = (clock.today() + timedelta(days=45)).isoformat()
    form.field("knowledge_date").widget.setText(future)
    form.field("status").widget.setCurrentIndex(form.field("status").widget.findData("draft"))
    ctrl_s(qtbot)
    settle(qtbot)
    # the picker is caught before anything is sent: a silent "no institution" would lose it
    assert "choisissez une valeur dans la liste" in form.field("institution_id").error_text()
    assert form.field("institution_id").raw() is None
    assert form.field("institution_id").widget.text() == "zzz introuvable"
    assert _count(tx, Grievance) == 0

    form.field("institution_id").widget.setFocus()
    form.field("institution_id").widget.clear()
    pick(qtbot, "capitale nat", "field_institution_id")
    form.field("kind").widget.setCurrentIndex(form.field("kind").widget.findData("union"))
    ctrl_s(qtbot)
    qtbot.waitUntil(lambda: bool(form.field("knowledge_date").error_text()), timeout=10000)
    assert "dans le futur" in form.field("knowledge_date").error_text()
    assert form.field("knowledge_date").raw() == future
    assert form.field("title").raw() == "Affichage de poste contesté"
    assert form.record_id is None and _count(tx, Grievance) == 0

    form.field("knowledge_date").widget.setText((clock.today() - timedelta(days=3)).isoformat())
    ctrl_s(qtbot)
    qtbot.waitUntil(lambda: form.record_id is not None, timeout=10000)
    assert _count(tx, Grievance) == 1


def test_escape_asks_before_dropping_typed_data(qtbot, make_ctx, people, monkeypatch):
    answers = [False, True]
    questions: list[str] = []

    def answer(_parent, _title, question, _yes, _no):
        questions.append(question)
        return answers.pop(0)

    monkeypatch.setattr(base, "ask", answer)
    form = show_form(qtbot, make_ctx(people["secretaire"]), "members")
    closed: list[bool] = []
    form.closed.connect(lambda: closed.append(True))
    form.setFocus()
    type_here(qtbot, "Roy", "field_last_name")
    from PySide6.QtCore import Qt

    qtbot.keyClick(form.field("last_name").widget, Qt.Key.Key_Escape)
    assert len(questions) == 1 and not closed          # "continue typing"
    assert form.isVisible() and form.field("last_name").raw() == "Roy"
    qtbot.keyClick(form.field("last_name").widget, Qt.Key.Key_Escape)
    assert len(questions) == 2 and closed == [True]    # "drop them"
    assert not form.isVisible()


def test_escape_on_a_clean_form_closes_without_asking(qtbot, make_ctx, people, monkeypatch):
    monkeypatch.setattr(base, "ask", lambda *a: pytest.fail("nothing to lose: no question"))
    form = show_form(qtbot, make_ctx(people["secretaire"]), "institutions")
    form.setFocus()
    from PySide6.QtCore import Qt

    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Escape)
    assert not form.isVisible()


def test_declining_a_possible_duplicate_saves_nothing_and_says_so(qtbot, make_ctx, people, tx,
                                                                  monkeypatch):
    from tests import factories

    with tx() as s:
        factories.member(s, people["admin"], last_name="Côté", first_name="Hélène")
    asked: list[str] = []

    def decline(_parent, _title, question, _yes, _no):
        asked.append(question)
        return False

    monkeypatch.setattr(base, "ask", decline)
    form = show_form(qtbot, make_ctx(people["secretaire"]), "members")
    form.field("last_name").widget.setText("Cote")
    form.field("first_name").widget.setText("helene")
    form.field("member_number").widget.setText("700002")
    outcomes: list[object] = []
    busy: list[bool] = []
    form.save_failed.connect(outcomes.append)
    form.busy_changed.connect(busy.append)
    form.save()
    assert form.is_busy()            # the check before saving is under way
    qtbot.waitUntil(lambda: bool(outcomes), timeout=10000)
    assert outcomes == [None] and len(asked) == 1 and busy == [True, False]
    assert not form.is_busy() and form.record_id is None and form.is_dirty()
    assert _count(tx, Member) == 1
