"""Journeys through GEM as each role takes them, from the main window that `gem` opens: sign in
by keyboard, reach a screen, open or create a record in a tab, type, save, close. Nothing here
builds a form directly: a part that no journey reaches would fail these tests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from gem import clock, demo
from gem.models import Deadline, Grievance
from gem.services.grievance import GrievanceService
from gem.ui import documents
from gem.ui.caseload_view import CaseloadView
from gem.ui.forms import base
from gem.ui.forms.fields import NoteField, TextField
from gem.ui.list_view import ListView
from gem.ui.main_window import LISTS
from tests import factories
from tests.ui.conftest import shown_column, wait_loaded
from tests.ui.forms_support import ctrl_s, focused, type_text
from tests.ui.journeys import type_new_grievance

NAV_KEYS = {key: Qt.Key(Qt.Key.Key_1 + i) for i, key in
            enumerate(("caseload", "members", "institutions", "grievances", "arbitrations",
                       "agreements", "union_leaves", "leave_invoices", "recourses"))}


@pytest.fixture(autouse=True)
def _answers(monkeypatch):
    """Questions are answered as the test says (no modal loop); every question is kept."""
    asked: list[tuple[str, object]] = []
    replies: dict[str, object] = {"unsaved": documents.Unsaved.CANCEL, "discard": True}

    def unsaved(_parent, title):
        asked.append(("unsaved", title))
        return replies["unsaved"]

    def discard(_parent, _title, question, _yes, _no):
        asked.append(("discard", question))
        return replies["discard"]

    monkeypatch.setattr(documents, "ask_unsaved", unsaved)
    monkeypatch.setattr(base, "ask", discard)
    return asked, replies


def _go(d, key: str) -> ListView | CaseloadView:
    d.ctrl(NAV_KEYS[key], d.window)
    assert d.window.current_key() == key
    screen = d.window.current_screen()
    if isinstance(screen, ListView):
        wait_loaded(d.qtbot, screen.model)
    return screen


def _demo(engine):
    """A small demo office: every aggregate has records, one account per role."""
    summary = demo.generate(engine, members=120, grievances=150, seed=11)
    return {a.role: a.login for a in summary.accounts}


def _edit_a_text_field(d, form, suffix: str = " (revu)") -> str:
    """Type at the end of the form's last editable text field, as a person would."""
    fields = [f for f in form.fields if isinstance(f, (NoteField, TextField))
              and f.focus_widget().isEnabled() and not f.only_new
              and not getattr(f.focus_widget(), "isReadOnly", lambda: False)()]
    assert fields, f"no editable text in {type(form).__name__}"
    field = fields[-1]
    widget = field.focus_widget()
    widget.setFocus()
    d.key(Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier, widget)
    type_text(d.qtbot, widget, suffix)
    assert form.is_dirty()
    return field.key


# ---------------------------------------------------------------------- secretary
def test_secretary_creates_a_grievance_by_keyboard(desk, qtbot, people, tx, engine):
    with tx() as session:
        factories.member(session, people["admin"], last_name="Côté-Bélanger",
                         first_name="Hélène", institution_id=3)
    d = desk()
    d.sign_in("secretaire")
    view = _go(d, "grievances")
    before = view.model.rowCount()
    d.ctrl(Qt.Key.Key_N, view.table)
    form = d.current_form()
    assert form.record_id is None
    type_new_grievance(qtbot, form, "Congédiement contesté")
    ctrl_s(qtbot)
    qtbot.waitUntil(lambda: form.record_id is not None or form.banner_is_error(),
                    timeout=15_000)
    assert form.record_id is not None, form.banner.text()
    with tx() as session:
        g = GrievanceService().get(session, people["secretaire"], form.record_id)
        assert g.title == "Congédiement contesté"
        assert g.file_number.startswith(f"G-{clock.today().year}-")
        deadlines = session.scalar(select(func.count()).select_from(Deadline)
                                   .where(Deadline.owner_id == g.id))
        assert deadlines >= 1  # the deadline to file, computed from the knowledge date
    # the list it came from shows it
    d.window.documents.show_home()
    qtbot.waitUntil(lambda: view.model.rowCount() == before + 1, timeout=15_000)
    assert "Congédiement contesté" in shown_column(qtbot, view.model, "title")
    # the tab is now that record: opening it from the list brings the same tab forward
    tabs = d.window.documents.count()
    row = shown_column(qtbot, view.model, "title").index("Congédiement contesté")
    again = d.open_row(view, row)
    assert again is form and d.window.documents.count() == tabs


# ---------------------------------------------------------------------- counsellor
def test_counsellor_opens_from_the_caseload_and_the_quick_search(desk, qtbot, people, tx):
    with tx() as session:
        member = factories.member(session, people["admin"], last_name="Bélanger",
                                  first_name="Maude")
        g = factories.grievance(session, people["admin"], title="Prime de nuit",
                                counsellor_id=people["conseil"].id, members=[member.id],
                                event_date=(clock.today() - timedelta(days=20)).isoformat(),
                                knowledge_date=(clock.today() - timedelta(days=5)).isoformat(),
                                filed_date=None, status="draft")
    d = desk()
    d.sign_in("conseil")
    caseload = _go(d, "caseload")
    assert isinstance(caseload, CaseloadView)
    table = caseload.upcoming.table  # the deadline to file, 25 days ahead
    qtbot.waitUntil(lambda: table.model().rowCount() > 0, timeout=15_000)
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    d.key(Qt.Key.Key_Return, widget=table)
    form = d.current_form()
    d.wait_form_loaded(form)
    assert form.record_id == g.id
    key = _edit_a_text_field(d, form)
    ctrl_s(qtbot)
    qtbot.waitUntil(lambda: not form.is_dirty() and not form.is_busy(), timeout=15_000)
    with tx() as session:
        stored = GrievanceService().get(session, people["conseil"], g.id)
        assert "(revu)" in getattr(stored, key)

    # Ctrl+K, a name without its accents, Enter: the member's form
    d.ctrl(Qt.Key.Key_K, d.window)
    search = d.window.quick_search
    qtbot.waitUntil(search.isVisible, timeout=5_000)
    type_text(qtbot, search.edit, "belanger")
    qtbot.waitUntil(lambda: any(search.results.item(i).flags() & Qt.ItemFlag.ItemIsEnabled
                                for i in range(search.results.count())), timeout=10_000)
    d.key(Qt.Key.Key_Return, widget=search.edit)
    member_form = d.current_form()
    d.wait_form_loaded(member_form)
    assert member_form.record_id == member.id
    assert d.window.documents.count() == 3  # the screen, the grievance, the member


# ---------------------------------------------------------------------- coordinator, admin
@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_every_aggregate_opens_and_saves(desk, qtbot, engine, tx, role):
    logins = _demo(engine)
    d = desk()
    d.sign_in(logins[role], demo.DEMO_PASSWORD)
    for key in LISTS:
        view = _go(d, key)
        assert view.model.rowCount() > 0, key
        form = d.open_row(view)
        assert not form.banner_is_error(), (key, form.banner.text())
        assert form.can_edit, key
        version = form.version
        _edit_a_text_field(d, form)
        ctrl_s(qtbot)
        qtbot.waitUntil(lambda f=form: not f.is_busy() and not f.is_dirty(), timeout=15_000)
        assert not form.banner_is_error(), (key, form.banner.text())
        assert form.version == version + 1, key
        d.ctrl(Qt.Key.Key_W, form)
        qtbot.waitUntil(lambda f=form: d.window.current_form() is None, timeout=5_000)
    # and a new record of one of them
    view = _go(d, "members")
    d.ctrl(Qt.Key.Key_N, view.table)
    assert d.current_form().record_id is None


# ---------------------------------------------------------------------- read-only
def test_read_only_user_opens_everything_read_only_and_creates_nothing(desk, qtbot, engine):
    logins = _demo(engine)
    d = desk()
    d.sign_in(logins["read_only"], demo.DEMO_PASSWORD)
    assert not d.window.new_action.isEnabled()
    for key in LISTS:
        view = _go(d, key)
        assert view.new_button is None, key
        d.ctrl(Qt.Key.Key_N, view.table)
        assert d.window.current_form() is None, key  # Ctrl+N offers nothing
        form = d.open_row(view)
        assert not form.can_edit and not form.save_button.isEnabled(), key
        assert not form.banner_is_error(), (key, form.banner.text())
        assert not d.window.new_action.isEnabled()
        d.ctrl(Qt.Key.Key_W, form)


# ---------------------------------------------------------------------- closing
def test_closing_with_an_unsaved_form_asks_and_cancel_keeps_it(desk, qtbot, people, tx,
                                                                _answers):
    asked, replies = _answers
    with tx() as session:
        factories.member(session, people["admin"], last_name="Gagnon")
    d = desk()
    window = d.sign_in("secretaire")
    view = _go(d, "members")
    form = d.open_row(view)
    edited = _edit_a_text_field(d, form, " à revoir")
    assert window.documents.tabText(window.documents.indexOf(form)).endswith("*")
    replies["unsaved"] = documents.Unsaved.CANCEL
    window.close()
    assert window.isVisible() and asked[-1][0] == "unsaved"
    assert window.current_form() is form and form.is_dirty()
    # Ctrl+W asks the same; Enregistrer saves, then the tab goes
    replies["unsaved"] = documents.Unsaved.SAVE
    d.ctrl(Qt.Key.Key_W, focused())
    qtbot.waitUntil(lambda: window.current_form() is None, timeout=15_000)
    with tx() as session:
        from gem.services.member import MemberService

        stored = MemberService().get(session, people["admin"], form.record_id)
        assert "à revoir" in str(getattr(stored, edited))


def test_sign_out_returns_to_the_sign_in_dialog_and_another_person_signs_in(desk, qtbot,
                                                                             people, _answers):
    asked, replies = _answers
    d = desk()
    window = d.sign_in("secretaire")
    view = _go(d, "members")
    d.ctrl(Qt.Key.Key_N, view.table)
    form = d.current_form()
    form.field("last_name").widget.setFocus()
    type_text(qtbot, form.field("last_name").widget, "Pelletier")
    replies["unsaved"] = documents.Unsaved.DISCARD
    window.sign_out_action.trigger()
    assert asked[-1][0] == "unsaved"
    dialog = d.sign_in_dialog()
    assert not window.isVisible()
    assert dialog.database_label.text()
    other = d.sign_in("conseil")
    assert other is not window
    assert other.ctx.actor.login == "conseil"
    assert "conseil" in other.user_label.text()


def test_grievance_count_is_unchanged_by_a_discarded_new_form(desk, qtbot, people, tx,
                                                             _answers):
    _asked, replies = _answers
    d = desk()
    d.sign_in("secretaire")
    view = _go(d, "grievances")
    d.ctrl(Qt.Key.Key_N, view.table)
    form = d.current_form()
    form.field("title").widget.setFocus()
    type_text(qtbot, form.field("title").widget, "Brouillon")
    replies["unsaved"] = documents.Unsaved.DISCARD
    d.ctrl(Qt.Key.Key_W, focused())
    assert d.window.current_form() is None
    with tx() as session:
        assert session.scalar(select(func.count()).select_from(Grievance)) == 0


def test_a_record_tab_is_titled_by_its_file_number(desk, qtbot, people, tx):
    with tx() as session:
        g = factories.grievance(session, people["admin"], title="Prime de soir")
        number = g.file_number
    d = desk()
    d.sign_in("secretaire")
    view = _go(d, "grievances")
    form = d.open_row(view)
    qtbot.waitUntil(lambda: number in d.window.documents.tabText(
        d.window.documents.indexOf(form)), timeout=5_000)


def test_a_bug_in_a_background_job_says_internal_error_and_is_logged(desk, qtbot, people,
                                                                    monkeypatch, log_dir):
    from gem.ui import quick_search

    def broken(*_args):
        raise RuntimeError("injected fault in the quick search")

    monkeypatch.setattr(quick_search, "quick_search", broken)
    d = desk()
    d.sign_in("conseil")
    d.ctrl(Qt.Key.Key_K, d.window)
    search = d.window.quick_search
    qtbot.waitUntil(search.isVisible, timeout=5_000)
    type_text(qtbot, search.edit, "cote")
    qtbot.waitUntil(lambda: search.results.count() > 0, timeout=10_000)
    shown = search.results.item(0).text()
    assert shown.startswith("La recherche a échoué : Erreur interne")
    assert "injected fault" not in shown or "journal" in shown
    assert search.edit.text() == "cote"  # the typing is kept
    logged = (log_dir / "gem.log").read_text(encoding="utf-8")
    assert "Traceback" in logged and "injected fault in the quick search" in logged
