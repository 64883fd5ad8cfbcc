"""A secretary enters a member and a grievance with the keyboard only: tab order, typed dates,
pickers taken with Tab/Enter, Ctrl+S; the grievance's deadline is shown, and both are stored."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from gem import clock
from gem.services.grievance import GrievanceService
from gem.services.member import MemberService
from gem.ui.forms import base
from tests.ui.forms_support import context, ctrl_s, pick, settle, show_form, tab, type_here


@pytest.fixture(autouse=True)
def _no_modal_questions(monkeypatch):
    asked: list[str] = []

    def answer(_parent, _title, question, _yes, _no):
        asked.append(question)
        return True

    monkeypatch.setattr(base, "ask", answer)
    return asked


def test_secretary_enters_member_then_grievance_by_keyboard(qtbot, engine, people, tx):
    ctx = context(engine, people["secretaire"])

    # ---- the member
    member_form = show_form(qtbot, ctx, "members")
    member_form.setFocus()
    type_here(qtbot, "Côté-Bélanger", "field_last_name")
    tab(qtbot)
    type_here(qtbot, "Hélène", "field_first_name")
    tab(qtbot)
    type_here(qtbot, "900123", "field_member_number")
    tab(qtbot)
    type_here(qtbot, "E-4471", "field_employee_number")
    tab(qtbot, 2)  # language keeps its default (français)
    type_here(qtbot, "helene.cote@example.org", "field_email")
    tab(qtbot, 3)  # phone, address
    pick(qtbot, "capitale nat", "field_institution_id")
    tab(qtbot)  # unit
    pick(qtbot, "2223", "field_job_title_id")
    type_here(qtbot, "", "field_employment_status")
    tab(qtbot)
    type_here(qtbot, "15/8/2011", "field_hire_date")
    ctrl_s(qtbot)
    qtbot.waitUntil(lambda: member_form.record_id is not None, timeout=10000)
    settle(qtbot)
    assert not member_form.is_dirty()
    assert member_form.field("hire_date").raw() == "2011-08-15"  # shown as it was read
    with tx() as s:
        member = MemberService().get(s, people["secretaire"], member_form.record_id)
        assert (member.last_name, member.first_name, member.member_number) == \
            ("Côté-Bélanger", "Hélène", "900123")
        assert member.hire_date == date(2011, 8, 15)
        assert member.institution_id is not None and member.job_title_id is not None
        member_id = member.id

    # ---- the grievance
    form = show_form(qtbot, ctx, "grievances")
    form.setFocus()
    pick(qtbot, "capitale nat", "field_institution_id")
    tab(qtbot)  # unit
    pick(qtbot, "cote hel", "field_member_ids", key=Qt.Key.Key_Return)  # member_ids: Enter adds
    assert form.field("member_ids").raw() == [member_id]
    tab(qtbot, 2)  # kind keeps "individuel"
    type_here(qtbot, "Cong", "field_nature")  # keyboard search in the list
    tab(qtbot)
    type_here(qtbot, "1/6/2026", "field_event_date")
    tab(qtbot)
    type_here(qtbot, "1-6-2026", "field_knowledge_date")
    tab(qtbot)
    # the deadline to file is computed while typing, before anything is saved
    qtbot.waitUntil(lambda: form.deadlines.preview.isVisible(), timeout=10000)
    assert "2026-07-02" in form.deadlines.preview.text()
    assert "Fête du Canada" in form.deadlines.preview.text()
    type_here(qtbot, "2026-06-20", "field_filed_date")
    tab(qtbot, 2)  # status at creation keeps "déposé"
    type_here(qtbot, "12.03; 5.01", "field_articles")
    tab(qtbot)
    type_here(qtbot, "Congédiement sans cause juste et suffisante", "field_title")
    tab(qtbot)
    type_here(qtbot, "La salariée a été congédiée le 1er juin.", "field_facts")
    ctrl_s(qtbot)
    qtbot.waitUntil(lambda: form.record_id is not None, timeout=10000)
    settle(qtbot)

    assert form.field("knowledge_date").raw() == "2026-06-01"
    # numbered in the year it is entered
    assert form.title_label.text().startswith(f"Grief G-{clock.today().year}-")
    texts = form.deadlines.texts()
    assert len(texts) == 1 and "2026-07-02" in texts[0] and "30 jours" in texts[0]
    assert form.deadlines.rows[0].status == "met"  # filed on 2026-06-20
    with tx() as s:
        service = GrievanceService()
        g = service.get(s, people["secretaire"], form.record_id)
        assert g.status == "filed" and g.nature == "dismissal" and g.kind == "individual"
        assert (g.event_date, g.knowledge_date, g.filed_date) == \
            (date(2026, 6, 1), date(2026, 6, 1), date(2026, 6, 20))
        assert g.institution_id == member.institution_id
        assert service.member_ids(s, g.id) == [member_id]
        assert sorted(a.citation for a in g.articles) == ["12.03", "5.01"]
        assert g.title == "Congédiement sans cause juste et suffisante"
