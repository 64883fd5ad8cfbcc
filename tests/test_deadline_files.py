"""Deadlines on files, rule versions and rule changes, what is due, on SQLite and PostgreSQL.

Expected dates are hand-computed (see test_deadline_counting.py for the calendar notes):
knowledge 2026-06-01 + 30 days = 2026-07-01, Canada Day, so 2026-07-02.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select, update

from gem.models import (
    AuditEntry,
    CollectiveAgreement,
    Deadline,
    DeadlineRuleVersion,
    Grievance,
)
from gem.services.arbitration import ArbitrationService, HearingService
from gem.services.deadlines import (
    ConfirmationRequired,
    add_proclaimed_holiday,
    apply_rule_change,
    compute_rule,
    explain_deadline,
    extend_deadline,
    file_deadlines,
    get_deadline,
    hearings_between,
    inactive_grievances,
    mark_met,
    overdue_deadlines,
    preview_rule_change,
    upcoming_deadlines,
    waive_deadline,
    what_is_due,
)
from gem.services.errors import NotFoundError, PermissionDenied, ValidationError
from gem.services.grievance import GrievanceService
from gem.services.recourse import RecourseService
from tests import factories

D = date.fromisoformat
TODAY = D("2026-11-23")


def _grievance(session, actor, counsellor, **fields):
    data = {"status": "draft", "filed_date": None, "knowledge_date": "2026-06-01",
            "event_date": "2026-05-15", "counsellor_id": counsellor.id}
    data.update(fields)
    return factories.grievance(session, actor, **data)


def _only(session, owner_type, owner_id) -> Deadline:
    found = file_deadlines(session, owner_type, owner_id)
    assert len(found) == 1, found
    return found[0]


def _audits(session, deadline_id):
    return list(session.scalars(select(AuditEntry).where(
        AuditEntry.entity == "deadline", AuditEntry.entity_id == deadline_id)
        .order_by(AuditEntry.id)))


# ---------------------------------------------------------------------- rules
def test_harassment_versions_across_2018_06_12(tx):
    with tx() as s:
        before = compute_rule(s, "harassment", D("2018-06-11"))
        after = compute_rule(s, "harassment", D("2018-06-12"))
    # 2018-06-11 + 90 days = 2018-09-09, a Sunday -> Monday 2018-09-10
    assert before.due_date == D("2018-09-10")
    assert before.explain("fr") == ("90 jours après le dernier incident (2018-06-11) : "
                                    "2018-09-09, un dimanche, reporté au 2018-09-10")
    # 2018-06-12 + 2 years = 2020-06-12, a Friday
    assert after.due_date == D("2020-06-12")
    assert after.explain("en") == "2 years after the last incident (2018-06-12): 2020-06-12"
    assert before.rule_version_id != after.rule_version_id


@pytest.mark.parametrize("lang,message", [
    ("fr", "Règle : aucune règle de délai « grief_inconnu »."),
    ("en", "Rule: no deadline rule “grief_inconnu”."),
])
def test_unknown_rule_code(tx, lang, message):
    with tx() as s, pytest.raises(ValidationError) as exc:
        compute_rule(s, "grief_inconnu", D("2026-06-01"), lang=lang)
    assert str(exc.value) == message and list(exc.value.fields()) == ["rule"]


@pytest.mark.parametrize("lang,message", [
    ("fr", "Date de connaissance du fait : date requise pour calculer ce délai."),
    ("en", "Date of knowledge of the fact: date required to compute this deadline."),
])
def test_rule_without_trigger_date(tx, lang, message):
    with tx() as s, pytest.raises(ValidationError) as exc:
        compute_rule(s, "grievance_agreement", None, lang=lang)
    assert str(exc.value) == message


# ---------------------------------------------------------------------- files
def test_new_grievance_gets_its_deadline_explained_and_audited(tx, people):
    with tx() as s:
        g = _grievance(s, people["secretaire"], people["conseil"])
        d = _only(s, "grievance", g.id)
        version = s.get(DeadlineRuleVersion, d.rule_version_id)
        assert (d.due_date, d.status, d.counsellor_id) == (D("2026-07-02"), "open",
                                                           people["conseil"].id)
        assert (d.trigger_date, d.cap_trigger_date) == (D("2026-06-01"), D("2026-05-15"))
        assert version.rule.code == "grievance_agreement"
        assert explain_deadline(s, d, "fr").startswith(
            "30 jours après la connaissance du fait (2026-06-01) : 2026-07-01, jour férié "
            "(Fête du Canada), reporté au 2026-07-02 ; plafond de 6 mois")
        audits = _audits(s, d.id)
        assert [a.action for a in audits] == ["create"]
        assert audits[0].user_login == "secretaire"
        assert audits[0].after["due_date"] == "2026-07-02"


def test_grievance_without_knowledge_date_presumes_the_event_date(tx, people):
    with tx() as s:
        g = _grievance(s, people["secretaire"], people["conseil"], knowledge_date=None,
                       event_date="2026-06-01")
        d = _only(s, "grievance", g.id)
        assert d.trigger_date == D("2026-06-01") and d.due_date == D("2026-07-02")
        assert "présumée" in d.label


def test_editing_dates_recomputes_filing_marks_met(tx, people):
    service = GrievanceService()
    with tx() as s:
        g = _grievance(s, people["secretaire"], people["conseil"])
    with tx() as s:
        service.update(s, people["secretaire"], g.id, {"title": "Autre objet"}, None)
        d = _only(s, "grievance", g.id)
        assert (d.due_date, d.version) == (D("2026-07-02"), 1)
        # 2026-06-04 + 30 = 2026-07-04, a Saturday: the rule's calendar is not verified, so
        # the Saturday stays (the Interpretation Act lists no Saturday); Monday 07-06 is only
        # the latest date, if the C.p.c.'s Saturdays applied
        g2 = service.update(s, people["secretaire"], g.id, {"knowledge_date": "2026-06-04"},
                            None)
        d = _only(s, "grievance", g2.id)
        assert d.due_date == D("2026-07-04") and d.trigger_date == D("2026-06-04")
        assert d.latest_date == D("2026-07-06") and d.calendar_id is not None
    with tx() as s:
        service.transition(s, people["secretaire"], g.id, "filed", None,
                           {"filed_date": "2026-06-30"})
        d = _only(s, "grievance", g.id)
        assert (d.status, d.met_on) == ("met", D("2026-06-30"))
        assert [a.action for a in _audits(s, d.id)] == ["create", "update", "update"]


def test_withdrawn_before_filing_waives_with_reason(tx, people):
    with tx() as s:
        g = _grievance(s, people["secretaire"], people["conseil"])
        GrievanceService().transition(s, people["coord"], g.id, "withdrawn", None,
                                      {"closed_date": "2026-06-10"})
        d = _only(s, "grievance", g.id)
        assert d.status == "waived" and d.waived_reason


def test_extend_needs_written_agreement_and_is_audited(tx, people):
    with tx() as s:
        g = _grievance(s, people["secretaire"], people["conseil"])
        ident = _only(s, "grievance", g.id).id
    with tx() as s, pytest.raises(ValidationError) as exc:
        extend_deadline(s, people["conseil2"], ident, extended_to=D("2026-06-01"),
                        agreed_on=None, reference=" ")
    assert set(exc.value.fields()) == {"extended_to", "extension_agreed_on",
                                       "extension_reference"}
    assert "Extended to: must be after the current deadline (2026-07-02)." in str(exc.value)
    with tx() as s:
        d = extend_deadline(s, people["conseil"], ident, extended_to=D("2026-08-14"),
                            agreed_on=D("2026-06-25"), reference="Lettre 2026-117",
                            expected_version=1)
        assert d.status == "extended"
        assert explain_deadline(s, d, "fr").endswith(
            "; prolongé au 2026-08-14 par entente écrite du 2026-06-25 (Lettre 2026-117)")
        last = _audits(s, ident)[-1]
        assert last.action == "update" and last.user_login == "conseil"
        assert last.after["extended_to"] == "2026-08-14" and last.before["status"] == "open"
    with tx() as s:
        due = upcoming_deadlines(s, people["coord"], 30, today=D("2026-07-20"))
        assert [(x.deadline_id, x.due_date) for x in due] == [(ident, D("2026-08-14"))]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_extend_refused_when_rule_is_not_extendable(tx, people, lang):
    with tx() as s:
        r = RecourseService().create(s, people["secretaire"], {
            "forum": "TAT", "kind": "harassment_complaint", "institution_id": 2,
            "decision_date": "2026-06-01", "counsellor_id": people["conseil"].id})
        d = _only(s, "recourse", r.id)
        assert d.due_date == D("2028-06-01")  # 2 years, a Thursday
    actor = people["coord"] if lang == "fr" else people["conseil2"]
    if lang == "en":
        actor = type(actor)(people["coord"].id, "coord", "coordinator", "en")
    with tx() as s, pytest.raises(ValidationError) as exc:
        extend_deadline(s, actor, d.id, extended_to=D("2028-09-01"),
                        agreed_on=D("2028-05-01"), reference="Entente")
    expected = {"fr": "Prolongée au : ce délai ne peut pas être prolongé par entente",
                "en": "Extended to: this deadline cannot be extended by agreement"}[lang]
    assert str(exc.value).startswith(expected)


@pytest.mark.parametrize("who,message", [
    ("conseil", "Motif de renonciation : ce champ est obligatoire."),
    ("conseil2", "Reason for waiving: this field is required."),
])
def test_waive_requires_a_reason(tx, people, who, message):
    with tx() as s:
        g = _grievance(s, people["secretaire"], people["conseil"])
        ident = _only(s, "grievance", g.id).id
    actor = people[who] if who == "conseil" else people["secretary"]
    with tx() as s, pytest.raises(ValidationError) as exc:
        waive_deadline(s, actor, ident, "   ")
    assert str(exc.value) == message
    with tx() as s:
        d = waive_deadline(s, people["conseil"], ident, "Le membre renonce au grief.")
        assert (d.status, d.waived_reason) == ("waived", "Le membre renonce au grief.")
        assert _audits(s, ident)[-1].after == {"status": "waived",
                                               "waived_reason": "Le membre renonce au grief."}
    with tx() as s, pytest.raises(ValidationError):
        mark_met(s, people["conseil"], ident, D("2026-06-20"))


def test_mark_met_permissions_and_confidentiality(tx, people):
    with tx() as s:
        g = _grievance(s, people["secretaire"], people["conseil"], confidential=True)
        ident = _only(s, "grievance", g.id).id
    with tx() as s, pytest.raises(PermissionDenied):
        mark_met(s, people["lecteur"], ident, D("2026-06-20"))
    with tx() as s, pytest.raises(NotFoundError):
        mark_met(s, people["conseil2"], ident, D("2026-06-20"))
    with tx() as s:
        d = mark_met(s, people["conseil"], ident, D("2026-06-20"))
        assert (d.status, d.met_on) == ("met", D("2026-06-20"))


def test_arbitration_award_due_after_last_hearing(tx, people):
    with tx() as s:
        g = _grievance(s, people["secretaire"], people["conseil"], status="filed",
                       filed_date="2026-06-15")
        a = ArbitrationService().create(s, people["secretaire"], {
            "procedure": "regular", "institution_id": 2, "grievance_ids": [g.id],
            "counsellor_id": people["conseil"].id})
        assert file_deadlines(s, "arbitration", a.id) == []
        HearingService().create(s, people["secretaire"], {"arbitration_id": a.id,
                                                          "date": "2026-06-01"})
        d = _only(s, "arbitration", a.id)
        # 2026-06-01 + 90 days = 2026-08-30, a Sunday -> Monday 2026-08-31
        assert (d.trigger_date, d.due_date) == (D("2026-06-01"), D("2026-08-31"))
        assert explain_deadline(s, d, "en") == (
            "90 days after the last hearing day (2026-06-01): 2026-08-30, a Sunday, moved "
            "to 2026-08-31")


def test_recourse_from_notification_then_filed(tx, people):
    with tx() as s:
        r = RecourseService().create(s, people["secretaire"], {
            "forum": "CNESST", "kind": "cnesst_review", "member_id": None,
            "institution_id": 2, "decision_date": "2026-05-28",
            "notification_date": "2026-06-01", "counsellor_id": people["conseil"].id})
        d = _only(s, "recourse", r.id)
        assert (d.trigger_date, d.due_date) == (D("2026-06-01"), D("2026-07-02"))
        RecourseService().transition(s, people["secretaire"], r.id, "filed", None,
                                     {"filed_date": "2026-06-29"})
        d = _only(s, "recourse", r.id)
        assert (d.status, d.met_on) == ("met", D("2026-06-29"))


# ---------------------------------------------------------------------- rule changes
def test_rule_change_lists_affected_files_and_moves_nothing_unasked(tx, people):
    admin = people["admin"]
    with tx() as s:
        old = _grievance(s, people["secretaire"], people["conseil"],
                         knowledge_date="2026-03-02", event_date="2026-03-01")
        new = _grievance(s, people["secretaire"], people["conseil"])
        old_d, new_d = _only(s, "grievance", old.id), _only(s, "grievance", new.id)
        versions_before = s.scalar(select(func.count()).select_from(DeadlineRuleVersion))
    with tx() as s:
        preview = preview_rule_change(s, admin, "grievance_agreement",
                                      effective_from=D("2026-05-01"), length=60)
        # 2026-06-01 + 60 days = 2026-07-31, a Friday; the cap (2026-11-16) is later
        assert [(a.deadline_id, a.file_number, a.current_due, a.new_due)
                for a in preview.affected] == [(new_d.id, new.file_number, D("2026-07-02"),
                                                D("2026-07-31"))]
    with tx() as s, pytest.raises(ConfirmationRequired) as exc:
        apply_rule_change(s, admin, "grievance_agreement", effective_from=D("2026-05-01"),
                          length=60)
    assert len(exc.value.preview.affected) == 1
    with tx() as s:
        assert s.scalar(select(func.count()).select_from(DeadlineRuleVersion)) == \
            versions_before
    with tx() as s:
        version = apply_rule_change(s, admin, "grievance_agreement",
                                    effective_from=D("2026-05-01"), length=60,
                                    confirmed=True)
        assert version.length == 60 and version.cap_length == 6
    with tx() as s:
        # an unrelated save of the file does not pick the new version up silently
        GrievanceService().update(s, people["secretaire"], new.id, {"title": "Modifié"}, None)
        d = _only(s, "grievance", new.id)
        assert (d.due_date, d.rule_version_id) == (D("2026-07-02"), new_d.rule_version_id)
        assert _only(s, "grievance", old.id).due_date == old_d.due_date
    with tx() as s:
        # 2026-06-01 + 45 days = 2026-07-16, a Thursday
        preview = preview_rule_change(s, admin, "grievance_agreement",
                                      effective_from=D("2026-05-15"), length=45)
        assert [a.new_due for a in preview.affected] == [D("2026-07-16")]
        moved = apply_rule_change(s, admin, "grievance_agreement",
                                  effective_from=D("2026-05-15"), length=45, confirmed=True,
                                  recompute=[new_d.id])
    with tx() as s:
        d = _only(s, "grievance", new.id)
        assert (d.due_date, d.rule_version_id) == (D("2026-07-16"), moved.id)
        last = _audits(s, d.id)[-1]
        assert last.user_login == "admin" and last.after["due_date"] == "2026-07-16"


def test_rule_change_for_one_collective_agreement(tx, people):
    with tx() as s:
        agreement = CollectiveAgreement(name="Dispositions locales CIUSSS test",
                                        valid_from=D("2023-04-01"))
        s.add(agreement)
        s.flush()
        agreement_id = agreement.id
        mine = _grievance(s, people["secretaire"], people["conseil"],
                          agreement_id=agreement_id)
        other = _grievance(s, people["secretaire"], people["conseil"])
    with tx() as s, pytest.raises(PermissionDenied):
        preview_rule_change(s, people["coord"], "grievance_agreement",
                            effective_from=D("2023-04-01"), agreement_id=agreement_id,
                            length=45)
    with tx() as s:
        preview = preview_rule_change(s, people["admin"], "grievance_agreement",
                                      effective_from=D("2023-04-01"),
                                      agreement_id=agreement_id, length=45)
        assert [a.owner_id for a in preview.affected] == [mine.id]
        apply_rule_change(s, people["admin"], "grievance_agreement",
                          effective_from=D("2023-04-01"), agreement_id=agreement_id,
                          length=45, confirmed=True)
    with tx() as s:
        r1 = compute_rule(s, "grievance_agreement", D("2026-06-01"), agreement_id=agreement_id)
        r2 = compute_rule(s, "grievance_agreement", D("2026-06-01"))
        assert (r1.due_date, r2.due_date) == (D("2026-07-16"), D("2026-07-02"))
        assert _only(s, "grievance", other.id).due_date == D("2026-07-02")
        # a grievance created now under that agreement uses its version
        g = _grievance(s, people["secretaire"], people["conseil"], agreement_id=agreement_id)
        assert _only(s, "grievance", g.id).due_date == D("2026-07-16")


@pytest.mark.parametrize("lang,message", [
    ("fr", "Durée : doit être un nombre entier positif (0)."),
    ("en", "Length: must be a positive whole number (0)."),
])
def test_rule_change_bad_length(tx, people, lang, message):
    admin = people["admin"]
    actor = type(admin)(admin.id, admin.login, admin.role, lang)
    with tx() as s, pytest.raises(ValidationError) as exc:
        preview_rule_change(s, actor, "award_due", effective_from=D("2026-01-01"), length=0)
    assert str(exc.value) == message


# ---------------------------------------------------------------------- what is due
def test_what_is_due_respects_confidentiality(tx, people):
    with tx() as s:
        secret = _grievance(s, people["secretaire"], people["conseil"], confidential=True,
                            title="Harcèlement : dossier confidentiel")
        public = _grievance(s, people["secretaire"], people["conseil2"])
        soon = _grievance(s, people["secretaire"], people["conseil2"],
                          knowledge_date="2026-11-20", event_date="2026-11-19")
    ids = {}
    with tx() as s:
        for name in ("conseil", "conseil2", "coord", "admin", "lecteur"):
            ids[name] = {d.owner_id for d in overdue_deadlines(s, people[name], today=TODAY)}
        upcoming = upcoming_deadlines(s, people["lecteur"], 30, today=TODAY)
        mine = overdue_deadlines(s, people["coord"], counsellor_id=people["conseil2"].id,
                                 today=TODAY)
        with pytest.raises(NotFoundError):
            get_deadline(s, people["conseil2"], _only(s, "grievance", secret.id).id)
    assert ids["conseil"] == {secret.id, public.id}
    assert ids["conseil2"] == ids["lecteur"] == {public.id}
    assert ids["coord"] == ids["admin"] == {secret.id, public.id}
    # 2026-11-20 + 30 = 2026-12-20, a Sunday -> 2026-12-21
    assert [(u.owner_id, u.due_date, u.days_left) for u in upcoming] == \
        [(soon.id, D("2026-12-21"), 28)]
    assert {d.owner_id for d in mine} == {public.id}
    assert all(d.days_left < 0 for d in mine)


def test_hearings_and_inactive_files(tx, people):
    with tx() as s:
        g = _grievance(s, people["secretaire"], people["conseil"], status="filed",
                       filed_date="2026-06-15")
        idle = _grievance(s, people["secretaire"], people["conseil2"], confidential=True)
        a = ArbitrationService().create(s, people["secretaire"], {
            "procedure": "regular", "institution_id": 2, "grievance_ids": [g.id],
            "counsellor_id": people["conseil"].id})
        for day in ("2026-11-25", "2026-12-10", "2027-02-01"):
            HearingService().create(s, people["secretaire"], {"arbitration_id": a.id,
                                                              "date": day})
        s.execute(update(Grievance).where(Grievance.id == idle.id)
                  .values(last_activity_at=datetime(2026, 6, 1, tzinfo=UTC)))
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    with tx() as s:
        hearings = hearings_between(s, people["conseil"], D("2026-11-23"), D("2026-12-31"),
                                    counsellor_id=people["conseil"].id)
        assert [h.date for h in hearings] == [D("2026-11-25"), D("2026-12-10")]
        assert hearings_between(s, people["conseil"], D("2026-11-23"), D("2026-12-31"),
                                counsellor_id=people["conseil2"].id) == []
        seen_by_coord = inactive_grievances(s, people["coord"], 90, now=now)
        assert [(f.grievance_id, f.idle_days) for f in seen_by_coord] == [(idle.id, 175)]
        assert inactive_grievances(s, people["conseil"], 90, now=now) == []
        summary = what_is_due(s, people["conseil2"], counsellor_id=people["conseil2"].id,
                              days=7, today=TODAY, now=now)
        assert [f.grievance_id for f in summary.inactive] == [idle.id]
        assert summary.hearings == []
        # the award deadline follows the last hearing day: 2027-02-01 + 90 = 2027-05-02,
        # a Sunday -> 2027-05-03
        assert _only(s, "arbitration", a.id).due_date == D("2027-05-03")


# ---------------------------------------------------------------------- holidays
def test_admin_adds_a_proclaimed_holiday(tx, people):
    with tx() as s:
        # 2026-06-03 + 30 = 2026-07-03, a Friday
        g = _grievance(s, people["secretaire"], people["conseil"], knowledge_date="2026-06-03",
                       event_date="2026-06-02")
        assert _only(s, "grievance", g.id).due_date == D("2026-07-03")
    with tx() as s, pytest.raises(PermissionDenied):
        add_proclaimed_holiday(s, people["coord"], D("2026-07-03"), "Jour proclamé")
    with tx() as s:
        added = add_proclaimed_holiday(s, people["admin"], D("2026-07-03"), "Jour proclamé",
                                       "Décret 123-2026")
        assert [d.owner_id for d in added.deadlines_on_that_day] == [g.id]
    with tx() as s:
        d = _only(s, "grievance", g.id)
        assert d.due_date == D("2026-07-03")  # not moved
        assert explain_deadline(s, d, "fr").endswith("(échéance enregistrée : 2026-07-03)")
        # the proclaimed Friday moves it (Interpretation Act art. 61(23) j)) to the Saturday,
        # which that Act does not list; Monday only if the C.p.c.'s Saturdays applied
        again = compute_rule(s, "labour_code_12_14", D("2026-06-03"))
        assert (again.due_date, again.latest_date) == (D("2026-07-04"), D("2026-07-06"))
    with tx() as s, pytest.raises(ValidationError) as exc:
        add_proclaimed_holiday(s, people["admin"], D("2026-07-03"), "")
    assert set(exc.value.fields()) == {"day", "name"}
