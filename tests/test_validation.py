"""Bad input gets a message naming the field and the problem, in the user's language, and
nothing already stored changes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from gem.models import AuditEntry, Grievance, Member
from gem.services.errors import ValidationError
from gem.services.grievance import GrievanceService
from gem.services.institution import InstitutionService
from gem.services.member import MemberService
from tests import factories


def _counts(tx):
    with tx() as s:
        return (s.scalar(select(func.count()).select_from(Member)),
                s.scalar(select(func.count()).select_from(Grievance)),
                s.scalar(select(func.count()).select_from(AuditEntry)))


def test_dates_in_the_wrong_order_are_refused(tx, people):
    secretary = people["secretaire"]
    with tx() as s:
        m = factories.member(s, secretary)
    before = _counts(tx)
    with pytest.raises(ValidationError) as err, tx() as s:
        GrievanceService().create(s, secretary, {
            "kind": "individual", "nature": "pay", "institution_id": 2, "title": "Prime",
            "event_date": "2026-05-10", "knowledge_date": "2026-05-01", "member_ids": [m.id]})
    fields = err.value.fields()
    assert "knowledge_date" in fields
    assert "Date de connaissance" in fields["knowledge_date"]
    assert "2026-05-10" in fields["knowledge_date"]
    assert _counts(tx) == before


def test_unknown_institution_named_in_french_and_english(tx, people):
    with pytest.raises(ValidationError) as err, tx() as s:
        factories.member(s, people["secretaire"], institution_id=9999)
    assert err.value.fields()["institution_id"] == \
        "Établissement : aucun enregistrement ne correspond à « 9999 »."
    with pytest.raises(ValidationError) as err, tx() as s:
        factories.member(s, people["secretary"], institution_id=9999)
    assert err.value.message() == \
        "Institution: no record matches \u201c9999\u201d."


def test_duplicate_member_number_keeps_the_first_member(tx, people):
    actor = people["secretaire"]
    with tx() as s:
        first = factories.member(s, actor, member_number="555", last_name="Côté")
    with pytest.raises(ValidationError) as err, tx() as s:
        factories.member(s, actor, member_number="555", last_name="Gagnon")
    assert "member_number" in err.value.fields()
    assert "déjà utilisé" in err.value.fields()["member_number"]
    with tx() as s:
        stored = s.scalars(select(Member).where(Member.member_number == "555")).all()
        assert [m.id for m in stored] == [first.id]
        assert stored[0].last_name == "Côté"


def test_empty_required_fields_are_all_reported_at_once(tx, people):
    with pytest.raises(ValidationError) as err, tx() as s:
        MemberService().create(s, people["secretaire"], {"member_number": " ",
                                                         "last_name": "", "first_name": None})
    assert set(err.value.fields()) >= {"member_number", "last_name", "first_name"}
    assert "ce champ est obligatoire" in err.value.fields()["last_name"]


def test_over_long_text_on_update_leaves_the_record_unchanged(tx, people):
    actor = people["secretaire"]
    with tx() as s:
        m = factories.member(s, actor, last_name="Bélanger")
    with pytest.raises(ValidationError) as err, tx() as s:
        MemberService().update(s, actor, m.id, {"last_name": "x" * 81, "first_name": "Luc"},
                               m.version)
    assert err.value.fields()["last_name"] == \
        "Nom de famille : 80 caractères au plus (81 saisis)."
    with tx() as s:
        stored = s.get(Member, m.id)
        assert (stored.last_name, stored.first_name, stored.version) == \
            ("Bélanger", "Julie", 1)


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("hire_date", "31/02/2026", "n'est pas une date valide"),
    ("seniority_hours", "beaucoup", "n'est pas un nombre valide"),
    ("employment_status", "forever", "n'est pas une valeur permise"),
    ("email", "julie.example.org", "n'est pas une adresse courriel"),
    ("hire_date", "2999-01-01", "ne peut pas être dans le futur"),
])
def test_bad_member_values(tx, people, field, value, expected):
    with pytest.raises(ValidationError) as err, tx() as s:
        factories.member(s, people["secretaire"], **{field: value})
    assert expected in err.value.fields()[field]


def test_both_date_forms_are_accepted(tx, people):
    with tx() as s:
        m = factories.member(s, people["secretaire"], hire_date="1/6/2020",
                             membership_date="2020-06-15", seniority_hours="1 234,5")
    assert m.hire_date.isoformat() == "2020-06-01"
    assert str(m.seniority_hours) == "1234.5"


def test_institution_other_than_sante_quebec_needs_a_region(tx, people):
    with pytest.raises(ValidationError) as err, tx() as s:
        InstitutionService().create(s, people["admin"], {"name": "CISSS fictif", "type": "CISSS"})
    assert "region_code" in err.value.fields()


def test_unknown_field_is_refused(tx, people):
    with pytest.raises(ValidationError) as err, tx() as s:
        factories.member(s, people["secretaire"], shoe_size="9")
    assert "shoe_size" in err.value.fields()
