"""Every kind of record opens, for an administrator and (read-only) for a reader, with each
linked record named rather than shown as an error; and a record that cannot be read says so
without pretending to be a new, unsaved one."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from sqlalchemy.exc import OperationalError

from gem.services.arbitration import ArbitrationService, ArbitratorService, HearingService
from gem.services.institution import BargainingUnitService, InstitutionService
from gem.services.leave import InvoiceLineService, LeaveInvoiceService, UnionLeaveService
from gem.services.member import EmploymentRecordService
from gem.services.recourse import RecourseService
from gem.services.reference import JobTitleService
from gem.services.settlement import AgreementService, FollowUpService
from gem.ui.forms import FORM_KINDS, base
from gem.ui.forms.fields import DisplayField, MultiField, PickerField
from tests import factories
from tests.ui.forms_support import ctrl_s, settle, show_form

# A lost database (not a locked one, which is "busy"): what these tests simulate.
_GONE = sqlite3.OperationalError("unable to open database file")


@pytest.fixture(autouse=True)
def _no_modal_questions(monkeypatch):
    monkeypatch.setattr(base, "ask", lambda *a: True)


@pytest.fixture
def records(tx, people) -> dict[str, tuple[int, str, str]]:
    """One record of each kind, linked to the others wherever a form has a picker:
    list name -> (id, a field, the text it must show)."""
    admin, counsellor = people["admin"], people["conseil"]
    with tx() as s:
        inst = InstitutionService().create(s, admin, {
            "name": "CISSS de démonstration", "type": "CISSS", "region_code": "13",
            "parent_id": 2, "valid_from": "2015-04-01"})
        unit = BargainingUnitService().create(s, admin, {
            "institution_id": inst.id, "name": "Section locale démo", "local_number": "L-999"})
        job = JobTitleService().find(s, admin, {}, limit=1)[0]
        member = factories.member(s, admin, last_name="Côté", first_name="Hélène",
                                  institution_id=inst.id, unit_id=unit.id, job_title_id=job.id)
        employment = EmploymentRecordService().create(s, admin, {
            "member_id": member.id, "institution_id": inst.id, "unit_id": unit.id,
            "job_title_id": job.id, "start_date": "2019-03-04",
            "employment_status": "full_time"})
        leave = UnionLeaveService().create(s, admin, {
            "member_id": member.id, "institution_id": inst.id, "leave_type": "union_business",
            "start_date": "2026-10-05", "end_date": "2026-10-05", "hours": "7,25",
            "payment": "reimbursed_by_union", "status": "approved"})
        invoice = LeaveInvoiceService().create(s, admin, {
            "institution_id": inst.id, "number": "F-2026-10", "invoice_date": "2026-11-01",
            "period_start": "2026-10-01", "period_end": "2026-10-31"})
        line = InvoiceLineService().create(s, admin, {
            "invoice_id": invoice.id, "member_id": member.id, "leave_id": leave.id,
            "work_date": "2026-10-05", "hours": "7.25", "rate": "40"})
        grievance = factories.grievance(s, admin, institution_id=inst.id, unit_id=unit.id,
                                        members=[member.id], counsellor_id=counsellor.id,
                                        articles=["12.03"])
        arbitrator = ArbitratorService().create(s, admin, {"name": "Me Louise Roy"})
        arbitration = ArbitrationService().create(s, admin, {
            "procedure": "regular", "institution_id": inst.id, "arbitrator_id": arbitrator.id,
            "counsellor_id": counsellor.id, "grievance_ids": [grievance.id]})
        hearing = HearingService().create(s, admin, {
            "arbitration_id": arbitration.id, "date": "2026-12-09", "start_time": "9h30",
            "location": "Québec", "union_representative_id": counsellor.id})
        agreement = AgreementService().create(s, admin, {
            "kind": "settlement", "title": "Règlement prime de soir", "institution_id": inst.id,
            "grievance_ids": [grievance.id], "counsellor_id": counsellor.id})
        follow_up = FollowUpService().create(s, admin, {
            "agreement_id": agreement.id, "description": "Verser le montant",
            "due_date": "2027-01-15"})
        recourse = RecourseService().create(s, admin, {
            "forum": "CNESST", "kind": "cnesst_review", "member_id": member.id,
            "institution_id": inst.id, "grievance_id": grievance.id,
            "counsellor_id": counsellor.id, "notification_date": "2026-11-02"})
        return {
            "institutions": (inst.id, "region_code", "13 "),
            "bargaining_units": (unit.id, "name", "Section locale démo"),
            "members": (member.id, "institution_id", "CISSS de démonstration"),
            "employment_records": (employment.id, "unit_id", "Section locale démo (L-999)"),
            "union_leaves": (leave.id, "member_id", "Côté, Hélène"),
            "leave_invoices": (invoice.id, "number", "F-2026-10"),
            "invoice_lines": (line.id, "leave_id", "2026-10-05 → 2026-10-05"),
            "grievances": (grievance.id, "member_ids", "Côté, Hélène"),
            "arbitrations": (arbitration.id, "arbitrator_id", "Me Louise Roy"),
            "hearings": (hearing.id, "union_representative_id", "Conseil Test"),
            "agreements": (agreement.id, "grievance_ids", grievance.file_number),
            "follow_ups": (follow_up.id, "description", "Verser le montant"),
            "recourses": (recourse.id, "grievance_id", grievance.file_number),
        }


def _problems(form: Any, kind: str, field: str, expected: str, read_only: bool) -> list[str]:
    """What is wrong with an opened form, in words (empty when all is well)."""
    problems = []
    title = form.title_label.text()
    if form.banner_is_error():
        problems.append(f"{kind}: error banner {form.banner.text()!r}")
    if not form.is_loaded():
        problems.append(f"{kind}: not loaded")
    if form.is_dirty() or title.endswith("*"):
        problems.append(f"{kind}: claims unsaved changes ({title!r}, {form.changed_fields()})")
    if title.startswith("Nouve"):
        problems.append(f"{kind}: titled as a new record ({title!r})")
    shown = form.field(field).display_current()
    if expected not in shown:
        problems.append(f"{kind}: {field} shows {shown!r}, expected {expected!r}")
    for f in form.fields:
        if isinstance(f, PickerField) and f.raw() is not None and \
                f.display_current().startswith("#"):
            problems.append(f"{kind}: {f.key} not named ({f.display_current()!r})")
    if read_only:
        if form.save_button.isEnabled():
            problems.append(f"{kind}: save offered to a reader")
        for f in form.fields:
            if isinstance(f, DisplayField):
                continue
            widget = f.widget.chosen if isinstance(f, MultiField) else f.focus_widget()
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                editable = not widget.isReadOnly()
            elif isinstance(f, MultiField):
                editable = f.widget.search.isVisible()
            else:
                editable = widget.isEnabled()
            if editable:
                problems.append(f"{kind}: {f.key} editable by a reader")
        if "Lecture seule" not in form.state_label.text():
            problems.append(f"{kind}: no read-only notice ({form.state_label.text()!r})")
    return problems


@pytest.mark.parametrize("login", ["admin", "lecteur"])
def test_every_existing_record_opens(qtbot, make_ctx, people, records, login):
    assert set(records) == set(FORM_KINDS)  # a kind added later is added here too
    ctx = make_ctx(people[login])
    problems = []
    for kind, (ident, field, expected) in records.items():
        form = show_form(qtbot, ctx, kind, ident)
        settle(qtbot)
        assert form.record_id == ident
        problems += _problems(form, kind, field, expected, read_only=login == "lecteur")
        form.close()
    assert problems == []


def test_institution_region_is_named_and_searchable(qtbot, make_ctx, people, records):
    """The health regions are keyed by their code: reading and searching them works."""
    from tests.ui.forms_support import pick

    form = show_form(qtbot, make_ctx(people["admin"]), "institutions",
                     records["institutions"][0])
    region = form.field("region_code")
    assert region.raw() == "13" and region.display_current().startswith("13 ")
    region.widget.setFocus()
    region.widget.selectAll()
    pick(qtbot, "Capitale", "field_region_code")
    assert region.raw() == "03"
    ctrl_s(qtbot)
    qtbot.waitUntil(lambda: not form.is_busy() and not form.is_dirty(), timeout=10000)
    assert not form.banner_is_error(), form.banner.text()
    assert form.data.values["region_code"] == "03"


# ---------------------------------------------------------------------- a failed read
def _assert_unusable(qtbot, form: Any, heading: str) -> None:
    title = form.title_label.text()
    assert title == heading
    assert form.windowTitle() == heading
    assert not title.startswith("Nouvel") and not title.endswith("*")
    assert not form.is_dirty() and form.changed_fields() == []
    assert form.record_id is not None and form.data is None
    assert not form.is_loaded() and form.load_error()
    assert form.banner_is_error()
    for text in (form.banner.text(), form.state_label.text()):
        assert "Ctrl+S" not in text, text
    assert not form.save_button.isEnabled()
    assert form.retry_button.isVisible()
    assert form.move_targets() == []
    name = form.field("name").widget
    assert name.isReadOnly()
    name.setFocus()
    qtbot.keyClicks(name, "Nouveau nom")
    ctrl_s(qtbot)
    settle(qtbot)
    assert name.text() == "" and not form.is_dirty() and not form.is_busy()


def test_a_missing_record_is_not_shown_as_a_new_one(qtbot, make_ctx, people, tx):
    form = show_form(qtbot, make_ctx(people["admin"]), "institutions", 999_999)
    dirty: list[bool] = []
    form.dirty_changed.connect(dirty.append)
    _assert_unusable(qtbot, form, "Établissement 999999 : ouverture impossible")
    assert "Établissement 999999 introuvable" in form.banner.text()
    assert True not in dirty
    assert not form.attachments.add_button.isEnabled()
    assert not form.units.add_button.isEnabled()
    with tx() as s:
        assert InstitutionService().count(s, people["admin"], {"name": "Nouveau nom"}) == 0


def test_a_bug_while_reading_points_to_the_log(qtbot, make_ctx, people, monkeypatch, caplog):
    def broken(self, session, actor, ident):
        raise RuntimeError("lecture cassée")

    monkeypatch.setattr(InstitutionService, "get", broken)
    with caplog.at_level(logging.ERROR, logger="gem"):
        form = show_form(qtbot, make_ctx(people["admin"]), "institutions", 2)
        _assert_unusable(qtbot, form, "Établissement 2 : ouverture impossible")
    assert "Erreur interne" in form.banner.text()
    assert "RuntimeError: lecture cassée" in form.banner.text()
    assert "journal" in form.banner.text()
    logged = [r.getMessage() for r in caplog.records if "lecture cassée" in r.getMessage()]
    assert logged and "Traceback" in logged[0]


def test_a_lost_connection_while_reading_says_so(qtbot, make_ctx, people, monkeypatch):
    def locked(self, session, actor, ident):
        raise OperationalError("SELECT 1", {}, _GONE)

    monkeypatch.setattr(InstitutionService, "get", locked)
    form = show_form(qtbot, make_ctx(people["admin"]), "institutions", 2)
    _assert_unusable(qtbot, form, "Établissement 2 : ouverture impossible")
    assert "connexion à la base de données" in form.banner.text()
    assert "unable to open database file" in form.banner.text()
    assert "Erreur interne" not in form.banner.text()


def test_reopening_after_a_failed_read_shows_the_record(qtbot, make_ctx, people, monkeypatch):
    calls = {"n": 0}
    original = InstitutionService.get

    def flaky(self, session, actor, ident):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("SELECT 1", {}, _GONE)
        return original(self, session, actor, ident)

    monkeypatch.setattr(InstitutionService, "get", flaky)
    form = show_form(qtbot, make_ctx(people["admin"]), "institutions", 2)
    assert form.load_error()
    form.retry_button.click()
    qtbot.waitUntil(form.is_loaded, timeout=10000)
    assert form.load_error() is None and not form.banner_is_error()
    assert not form.retry_button.isVisible()
    assert form.title_label.text().startswith("Établissement — ")
    form.field("short_name").widget.setFocus()
    qtbot.keyClick(form.field("short_name").widget, Qt.Key.Key_X)
    assert form.is_dirty() and form.save_button.isEnabled()


# ---------------------------------------------------------------------- failures elsewhere
def test_a_failed_search_says_so_instead_of_finding_nothing(qtbot, make_ctx, people,
                                                            monkeypatch):
    from gem.services import search

    def broken(*_a, **_k):
        raise RuntimeError("index absent")

    monkeypatch.setattr(search, "search_members", broken)
    form = show_form(qtbot, make_ctx(people["secretaire"]), "grievances")
    picker = form.field("member_ids").widget.search
    picker.setFocus()
    qtbot.keyClicks(picker, "cote")
    qtbot.waitUntil(picker.popup_visible, timeout=10000)
    (shown,) = picker.popup_texts()
    assert shown.startswith("Recherche impossible : Erreur interne"), shown
    assert "RuntimeError: index absent" in shown and picker.popup_items() == []


def test_a_deadline_action_that_cannot_be_written_says_why_in_its_dialog(
        qtbot, make_ctx, people, tx, monkeypatch):
    from gem.services import records

    with tx() as s:
        ident = factories.grievance(s, people["secretaire"], filed_date=None, status="draft",
                                    knowledge_date="2026-06-01", event_date="2026-05-29").id
    form = show_form(qtbot, make_ctx(people["secretaire"]), "grievances", ident)

    def locked(*_a, **_k):
        raise OperationalError("UPDATE", {}, _GONE)

    monkeypatch.setattr(records, "act_on_deadline", locked)
    form.deadlines.start("met", form.deadlines.rows[0])
    dialog = form.deadlines.dialog
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.general.isVisible(), timeout=10000)
    assert "connexion à la base de données" in dialog.general.text()
    assert dialog.isVisible() and dialog.fields[0].raw()  # the typed date is kept
