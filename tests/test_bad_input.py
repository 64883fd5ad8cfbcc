"""Bad input never reaches the database raw (issue 12): each case measured through the
services gets its field's translated message, in French and in English, and nothing is
stored, on SQLite and on PostgreSQL alike (where SQLite stored what PostgreSQL refused with a
traceback, or stored silently what no file can hold)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from gem.models import (
    AuditEntry,
    Deadline,
    Grievance,
    GrievanceArticle,
    Institution,
    LeaveInvoiceLine,
    Member,
    UnionLeave,
)
from gem.services.deadlines import extend_deadline, file_deadlines
from gem.services.errors import NotFoundError, ValidationError
from gem.services.grievance import GrievanceService
from gem.services.institution import InstitutionService
from gem.services.leave import InvoiceLineService, LeaveInvoiceService, UnionLeaveService
from gem.services.member import MemberService
from tests import factories

pytestmark = pytest.mark.clock("2026-12-01")
HUGE = 2**40


def _rows(tx, model) -> int:
    with tx() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _audits(tx) -> int:
    return _rows(tx, AuditEntry)


def _messages(err: ValidationError, field: str) -> tuple[str, str]:
    """The one message about ``field``, in French and in English."""
    found = [e for e in err.errors if e.field == field]
    assert len(found) == 1, [(e.field, e.message("fr")) for e in err.errors]
    return found[0].message("fr"), found[0].message("en")


def _leave(member_id: int, **fields) -> dict:
    data = {"member_id": member_id, "institution_id": 2, "leave_type": "union_business",
            "start_date": "2026-06-01", "end_date": "2026-06-01", "hours": "7.25",
            "payment": "paid_by_employer"}
    data.update(fields)
    return data


# ---------------------------------------------------------------------- text
@pytest.mark.parametrize(("field", "label_fr", "label_en"), [
    ("last_name", "Nom de famille", "Last name"),    # a single line (String)
    ("notes", "Notes", "Notes"),                     # several lines (Text)
    ("address", "Adresse", "Address"),
])
def test_a_nul_in_a_member_text_is_refused(tx, people, field, label_fr, label_en):
    before = (_rows(tx, Member), _audits(tx))
    with pytest.raises(ValidationError) as err, tx() as s:
        factories.member(s, people["secretaire"], **{field: "Tremb\x00lay"})
    assert _messages(err.value, field) == (
        f"{label_fr} : contient un caractère non permis (U+0000, position 6).",
        f"{label_en}: contains a character that is not allowed (U+0000, position 6).")
    assert (_rows(tx, Member), _audits(tx)) == before


def test_a_nul_in_grievance_texts_is_refused_on_create_and_update(tx, people):
    actor = people["secretaire"]
    with tx() as s:
        g = factories.grievance(s, actor)
        ident, version = g.id, g.version
    before = (_rows(tx, Grievance), _audits(tx))
    with pytest.raises(ValidationError) as err, tx() as s:
        factories.grievance(s, actor, title="Prime\x00", facts="Les faits\x00")
    assert set(err.value.fields()) == {"title", "facts"}
    assert _messages(err.value, "facts")[1] == \
        "Facts: contains a character that is not allowed (U+0000, position 10)."
    with pytest.raises(ValidationError) as err, tx() as s:
        GrievanceService().update(s, actor, ident, {"remedy_sought": "Payer\x00"}, version)
    assert "remedy_sought" in err.value.fields()
    assert (_rows(tx, Grievance), _audits(tx)) == before
    with tx() as s:
        assert s.get(Grievance, ident).remedy_sought is None


def test_other_controls_are_refused_but_lines_and_tabs_stay_in_multi_line_texts(tx, people):
    actor = people["secretaire"]
    with pytest.raises(ValidationError) as err, tx() as s:
        factories.member(s, actor, first_name="Ju\tlie", last_name="Côté\x1b[31m")
    assert set(err.value.fields()) == {"first_name", "last_name"}
    assert "U+0009" in err.value.fields()["first_name"]
    assert "U+001B" in err.value.fields()["last_name"]
    with tx() as s:
        m = factories.member(s, actor, notes="Ligne 1\r\n\tLigne 2\rLigne 3")
        ident = m.id
    with tx() as s:
        assert s.get(Member, ident).notes == "Ligne 1\n\tLigne 2\nLigne 3"


def test_a_list_or_a_flag_is_no_text(tx, people):
    with pytest.raises(ValidationError) as err, tx() as s:
        factories.member(s, people["secretary"], last_name=["Tremblay"], first_name=True)
    assert _messages(err.value, "last_name")[1] == "Last name: a text value is expected."
    assert set(err.value.fields()) == {"last_name", "first_name"}


# ---------------------------------------------------------------------- integers
def test_an_id_of_2_40_is_refused_by_name_or_not_found(tx, people):
    actor = people["admin"]
    before = (_rows(tx, Member), _audits(tx))
    with pytest.raises(ValidationError) as err, tx() as s:
        factories.member(s, actor, institution_id=HUGE)
    assert _messages(err.value, "institution_id") == (
        f"Établissement : « {HUGE} » est hors de la plage permise "
        "(-2147483648 à 2147483647).",
        f"Institution: “{HUGE}” is outside the allowed range (-2147483648 to 2147483647).")
    assert (_rows(tx, Member), _audits(tx)) == before
    service = MemberService()
    for call in (lambda s: service.get(s, actor, HUGE),
                 lambda s: service.update(s, actor, HUGE, {"last_name": "Roy"}, None),
                 lambda s: service.delete(s, actor, HUGE, None)):
        with pytest.raises(NotFoundError) as missing, tx() as s:
            call(s)
        assert missing.value.message() == f"Membre {HUGE} introuvable."
    with pytest.raises(NotFoundError) as missing, tx() as s:
        service.get(s, people["secretary"], HUGE)
    assert missing.value.message() == f"Member {HUGE} not found."
    with pytest.raises(ValidationError) as err, tx() as s:
        service.find(s, actor, {"institution_id": HUGE})
    assert "institution_id" in err.value.fields()
    with pytest.raises(ValidationError) as err, tx() as s:
        factories.grievance(s, actor, members=[HUGE])
    assert _messages(err.value, "member_ids")[0] == \
        f"Membres visés : « {HUGE} » est hors de la plage permise (-2147483648 à 2147483647)."
    assert (_rows(tx, Member), _rows(tx, Grievance), _audits(tx)) == (*before[:1], 0, before[1])


# ---------------------------------------------------------------------- derived lengths
def test_a_name_whose_search_key_outgrows_its_column_is_kept_and_found(tx, people):
    """80 × "ﷺ" fits the 80 characters of a name; its key (NFKD: 18 letters each) would be
    1,440 characters in a 200-character column: the key is cut after its last whole word."""
    actor = people["secretaire"]
    name = "\ufdfa" * 80
    with tx() as s:
        m = factories.member(s, actor, last_name=name, first_name=name)
        ident = m.id
    with tx() as s:
        stored = s.get(Member, ident)
        assert (stored.last_name, stored.first_name) == (name, name)
        assert 0 < len(stored.search_key) <= 200
        assert not stored.search_key.endswith(" ")
        found = MemberService().find(s, actor, {"text": "صلى الله"})
        assert [x.id for x in found] == [ident]
        assert [x.id for x in MemberService().possible_duplicates(s, actor, name, name)] \
            == [ident]
    with tx() as s:
        MemberService().update(s, actor, ident, {"first_name": "Julie"}, 1)
    with tx() as s:
        assert len(s.get(Member, ident).search_key) <= 200


def test_an_institution_name_whose_key_outgrows_its_column(tx, people):
    with tx() as s:
        inst = InstitutionService().create(s, people["admin"], {
            "name": "\ufdfa" * 200, "short_name": "\ufdfa" * 60, "type": "CISSS",
            "region_code": "06"})
        ident = inst.id
    with tx() as s:
        stored = s.get(Institution, ident)
        assert stored.name == "\ufdfa" * 200 and 0 < len(stored.search_key) <= 260


# ---------------------------------------------------------------------- dates
@pytest.mark.parametrize(("value", "shown"), [("0001-01-01", "0001-01-01"),
                                              ("31/12/9999", "9999-12-31")])
def test_dates_no_file_holds_are_refused(tx, people, value, shown):
    before = (_rows(tx, Member), _audits(tx))
    with pytest.raises(ValidationError) as err, tx() as s:
        factories.member(s, people["secretaire"], seniority_date=value)
    assert _messages(err.value, "seniority_date") == (
        f"Date d'ancienneté : « {shown} » est hors de la plage permise "
        "(1950-01-01 à 2076-12-01).",
        f"Seniority date: “{shown}” is outside the allowed range (1950-01-01 to 2076-12-01).")
    assert (_rows(tx, Member), _audits(tx)) == before


def test_a_filing_date_after_today_is_refused(tx, people):
    with pytest.raises(ValidationError) as err, tx() as s:
        factories.grievance(s, people["secretaire"], filed_date="2026-12-02")
    assert _messages(err.value, "filed_date") == (
        "Date de dépôt : ne peut pas être dans le futur.", "Filing date: cannot be in the future.")
    with tx() as s:  # today is no future
        assert factories.grievance(s, people["secretaire"], filed_date="2026-12-01").id


def test_a_note_dated_year_1_or_holding_a_nul_is_refused(tx, people):
    actor = people["secretaire"]
    with tx() as s:
        ident = factories.grievance(s, actor).id
    with pytest.raises(ValidationError) as err, tx() as s:
        GrievanceService().add_note(s, actor, ident, "Appel\x00", date(1, 1, 1))
    assert set(err.value.fields()) == {"occurred_on", "description"}
    with tx() as s:
        assert [e.kind for e in GrievanceService().timeline(s, actor, ident)] == ["created"]


def test_an_extension_agreed_on_in_2099_is_refused(tx, people):
    actor = people["conseil"]
    with tx() as s:
        g = factories.grievance(s, people["secretaire"], status="draft", filed_date=None,
                                knowledge_date="2026-11-20", event_date="2026-11-15",
                                counsellor_id=actor.id)
        deadline = file_deadlines(s, "grievance", g.id)[0]
        ident, version, due = deadline.id, deadline.version, deadline.due_date
    audits = _audits(tx)
    with pytest.raises(ValidationError) as err, tx() as s:
        extend_deadline(s, actor, ident, extended_to=date(2027, 2, 1),
                        agreed_on=date(2099, 1, 1), reference="Lettre 2026-117",
                        expected_version=version)
    assert _messages(err.value, "extension_agreed_on") == (
        "Date de l'entente écrite : ne peut pas être dans le futur.",
        "Date of the written agreement: cannot be in the future.")
    with tx() as s:
        stored = s.get(Deadline, ident)
        assert (stored.status, stored.extended_to, stored.version, stored.due_date) == \
            ("open", None, version, due)
    assert _audits(tx) == audits


# ---------------------------------------------------------------------- hours, amounts
def test_900000_hours_in_a_one_day_leave_are_refused(tx, people):
    actor = people["secretaire"]
    with tx() as s:
        member_id = factories.member(s, actor).id
    before = (_rows(tx, UnionLeave), _audits(tx))
    with pytest.raises(ValidationError) as err, tx() as s:
        UnionLeaveService().create(s, actor, _leave(member_id, hours="900000"))
    assert _messages(err.value, "hours") == (
        "Heures : 24 heures au plus sur 1 jour(s) (900000).",
        "Hours: at most 24 hours over 1 day(s) (900000).")
    assert (_rows(tx, UnionLeave), _audits(tx)) == before
    with tx() as s:  # three days hold 72 hours
        leave = UnionLeaveService().create(s, actor, _leave(member_id, hours="72",
                                                            end_date="2026-06-03"))
        ident = leave.id
    with pytest.raises(ValidationError) as err, tx() as s:
        UnionLeaveService().update(s, actor, ident, {"end_date": "2026-06-02"}, 1)
    assert "48 heures au plus sur 2 jour(s) (72.00)" in err.value.fields()["hours"]


def test_an_invoice_line_holds_one_day_of_hours(tx, people):
    actor = people["admin"]
    with tx() as s:
        member_id = factories.member(s, actor).id
        invoice = LeaveInvoiceService().create(s, actor, {
            "institution_id": 2, "number": "F-1", "invoice_date": "2026-07-01",
            "period_start": "2026-06-01", "period_end": "2026-06-30"})
        invoice_id = invoice.id
    with pytest.raises(ValidationError) as err, tx() as s:
        InvoiceLineService().create(s, actor, {"invoice_id": invoice_id, "member_id": member_id,
                                               "work_date": "2026-06-02", "hours": "25",
                                               "rate": "31.50"})
    assert _messages(err.value, "hours")[1] == "Hours: at most 24 hours over 1 day(s) (25)."
    assert _rows(tx, LeaveInvoiceLine) == 0


def test_an_amount_with_more_decimals_than_its_column_is_refused_not_rounded(tx, people):
    actor = people["secretaire"]
    before = (_rows(tx, Grievance), _audits(tx))
    with pytest.raises(ValidationError) as err, tx() as s:
        factories.grievance(s, actor, amount_claimed="12.345")
    assert _messages(err.value, "amount_claimed") == (
        "Montant réclamé : 2 décimales au plus (12.345).",
        "Amount claimed: at most 2 decimals (12.345).")
    assert (_rows(tx, Grievance), _audits(tx)) == before
    with tx() as s:  # trailing zeros are no decimals
        ident = factories.grievance(s, actor, amount_claimed="12,340").id
    with tx() as s:
        assert s.get(Grievance, ident).amount_claimed == Decimal("12.34")


# ---------------------------------------------------------------------- lists
def test_articles_as_a_bare_string_are_refused_not_split(tx, people):
    actor = people["secretaire"]
    before = (_rows(tx, Grievance), _rows(tx, GrievanceArticle), _audits(tx))
    with pytest.raises(ValidationError) as err, tx() as s:
        factories.grievance(s, actor, articles="12.03")
    assert _messages(err.value, "articles") == (
        "Articles invoqués : une liste est attendue, pas « 12.03 ».",
        "Articles invoked: a list is expected, not “12.03”.")
    assert (_rows(tx, Grievance), _rows(tx, GrievanceArticle), _audits(tx)) == before
    with pytest.raises(ValidationError) as err, tx() as s:
        factories.grievance(s, actor, members="5")
    assert "member_ids" in err.value.fields()
    with tx() as s:
        ident = factories.grievance(s, actor, articles=["12.03", " 5.01 "]).id
    with tx() as s:
        assert sorted(s.scalars(select(GrievanceArticle.citation)
                                .where(GrievanceArticle.grievance_id == ident))) == \
            ["12.03", "5.01"]


# ---------------------------------------------------------------------- deleting
def test_deleting_a_member_a_grievance_names_says_what_uses_it(tx, people):
    admin = people["admin"]
    with tx() as s:
        m = factories.member(s, admin)
        factories.grievance(s, admin, members=[m.id])
        ident, version = m.id, m.version
    audits = _audits(tx)
    with pytest.raises(ValidationError) as err, tx() as s:
        MemberService().delete(s, admin, ident, version)
    assert _messages(err.value, "") == (
        "Membre : suppression refusée : encore utilisé par Grief (1).",
        "Member: cannot be deleted: still used by Grievance (1).")
    with tx() as s:
        assert s.get(Member, ident) is not None
    assert _audits(tx) == audits
    with tx() as s:  # a member nothing uses is deleted as before
        free = factories.member(s, admin)
    with tx() as s:
        MemberService().delete(s, admin, free.id, free.version)
    with tx() as s:
        assert s.get(Member, free.id) is None


def test_deleting_an_institution_counts_each_kind_that_uses_it(tx, people):
    admin = people["admin"]
    with tx() as s:
        inst = InstitutionService().create(s, admin, {"name": "CISSS fictif", "type": "CISSS",
                                                      "region_code": "06"})
        m = factories.member(s, admin, institution_id=inst.id)
        factories.member(s, admin, institution_id=inst.id)
        factories.grievance(s, admin, members=[m.id], institution_id=inst.id)
        ident, version = inst.id, inst.version
    with pytest.raises(ValidationError) as err, tx() as s:
        InstitutionService().delete(s, admin, ident, version)
    assert sorted(e.message("en") for e in err.value.errors) == [
        "Institution: cannot be deleted: still used by Grievance (1).",
        "Institution: cannot be deleted: still used by Member (2)."]


# ---------------------------------------------------------------------- two fields
def test_a_message_comparing_two_dates_names_both_in_its_language(tx, people):
    with tx() as s:
        member_id = factories.member(s, people["secretaire"]).id
    for login in ("secretaire", "secretary"):
        with pytest.raises(ValidationError) as err, tx() as s:
            UnionLeaveService().create(s, people[login], _leave(
                member_id, start_date="2026-06-05", end_date="2026-06-01"))
        assert _messages(err.value, "end_date") == (
            "Au : ne peut pas précéder « Du » (2026-06-05).",
            "To: cannot be before “From” (2026-06-05).")
    with tx() as s:
        g = factories.grievance(s, people["secretaire"], filed_date="2026-09-20")
        ident, version = g.id, g.version
    with pytest.raises(ValidationError) as err, tx() as s:
        GrievanceService().transition(s, people["secretary"], ident, "withdrawn", version,
                                      {"closed_date": "2026-09-01"})
    assert _messages(err.value, "closed_date")[1] == \
        "Closing date: cannot be before “Filing date” (2026-09-20)."
