"""A create retried after its answer was lost does the thing once (issue 12): the creation key
(gem.services.entity.CREATION_KEY) is stored with the record in the same transaction, and a
later attempt with the same key returns that record.

Measured before: a connection dropped after COMMIT reached the server but before its answer
came back; the person retried as the message says, and 20 of 20 grievances were created
twice.
"""

from __future__ import annotations

import uuid

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from gem.db import make_engine, session_factory
from gem.models import AuditEntry, CreationKey, Grievance, Member
from gem.services import records
from gem.services.entity import CREATION_KEY
from gem.services.errors import NotFoundError, ValidationError
from gem.services.grievance import GrievanceService
from gem.services.member import MemberService
from gem.services.personal_login import personal_url
from gem.services.records import FieldSpec
from gem.services.settlement import AgreementService
from gem.services.users import UserService, actor_for
from tests import factories
from tests.conftest import PG_URL
from tests.lock_wait import Waiter

RETRIES = 20


def _grievance_data(member_id: int, **fields) -> dict:
    data = {"kind": "individual", "nature": "pay", "institution_id": 2,
            "title": "Prime de soir non versée", "event_date": "2026-09-01",
            "knowledge_date": "2026-09-03", "filed_date": "2026-09-20", "status": "filed",
            "member_ids": [member_id]}
    data.update(fields)
    return data


def _answer_lost(sessions, work):
    """``work(session)`` committed on the server, then the connection drops before the
    answer comes back: the caller sees an OperationalError, as after a real drop."""
    session = sessions()
    try:
        work(session)
        session.commit()
    finally:
        session.close()
    raise OperationalError("COMMIT", {}, ConnectionResetError(
        "server closed the connection unexpectedly"), connection_invalidated=True)


def _count(s, model, *where) -> int:
    return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _creates(s, entity: str, ident: int) -> int:
    return _count(s, AuditEntry, AuditEntry.entity == entity, AuditEntry.entity_id == ident,
                  AuditEntry.action == "create")


def test_grievances_retried_after_a_lost_answer_are_made_once(tx, sessions, people):
    secretary = people["secretaire"]
    with tx() as s:
        member_id = factories.member(s, secretary).id
    made = []
    for i in range(RETRIES):
        key = str(uuid.uuid4())
        data = _grievance_data(member_id, title=f"Grief {i}", **{CREATION_KEY: key})
        with pytest.raises(OperationalError):
            _answer_lost(sessions, lambda s, d=data: made.append(
                GrievanceService().create(s, secretary, d).id))
        with tx() as s:  # the retry, in a new transaction, with the same key
            again = GrievanceService().create(s, secretary, data)
            assert again.id == made[-1]
            assert again.title == f"Grief {i}"
    with tx() as s:
        assert _count(s, Grievance) == RETRIES
        assert [_creates(s, "grievance", ident) for ident in made] == [1] * RETRIES
        assert _count(s, CreationKey) == RETRIES
        keys = s.execute(select(CreationKey.entity, CreationKey.entity_id)).all()
        assert sorted(keys) == sorted(("grievance", ident) for ident in made)


def test_a_key_is_stored_only_with_a_record_that_was_made(tx, sessions, people):
    secretary, key = people["secretaire"], str(uuid.uuid4())
    with tx() as s:
        member_id = factories.member(s, secretary).id
    with pytest.raises(ValidationError), tx() as s:  # refused: nothing made, key not kept
        GrievanceService().create(s, secretary, _grievance_data(
            member_id, title="", **{CREATION_KEY: key}))
    with pytest.raises(RuntimeError), tx() as s:  # made, then rolled back: not kept either
        GrievanceService().create(s, secretary, _grievance_data(
            member_id, **{CREATION_KEY: key}))
        raise RuntimeError("the transaction did not commit")
    with tx() as s:
        assert _count(s, CreationKey) == 0 and _count(s, Grievance) == 0
        made = GrievanceService().create(s, secretary, _grievance_data(
            member_id, **{CREATION_KEY: key}))
        # within the same unit of work as well
        assert GrievanceService().create(s, secretary, _grievance_data(
            member_id, **{CREATION_KEY: key})).id == made.id
    with tx() as s:
        assert _count(s, Grievance) == 1 and _creates(s, "grievance", made.id) == 1


def test_the_record_is_returned_only_to_whoever_may_see_it(tx, people):
    """The key is no pass: a retry reads the record as its actor may (a confidential file of
    another counsellor is not found), and makes nothing."""
    admin, key = people["admin"], str(uuid.uuid4())
    with tx() as s:
        member_id = factories.member(s, admin).id
        GrievanceService().create(s, admin, _grievance_data(
            member_id, confidential=True, counsellor_id=people["conseil"].id,
            **{CREATION_KEY: key}))
    with pytest.raises(NotFoundError), tx() as s:
        GrievanceService().create(s, people["conseil2"], _grievance_data(
            member_id, **{CREATION_KEY: key}))
    with tx() as s:
        assert GrievanceService().create(s, people["conseil"], _grievance_data(
            member_id, **{CREATION_KEY: key})).counsellor_id == people["conseil"].id
        assert _count(s, Grievance) == 1


def test_every_aggregate_takes_a_key_even_through_its_own_create(tx, sessions, people):
    """Members (EntityService.create as it is) and agreements (their own create, which
    numbers the agreement first) alike."""
    admin = people["admin"]
    for service, data, model in (
            (MemberService(), {"member_number": "778899", "last_name": "Roy",
                               "first_name": "Léa", "institution_id": 2}, Member),
            (AgreementService(), {"kind": "settlement", "title": "Entente",
                                  "institution_id": 2}, None)):
        key = str(uuid.uuid4())
        keyed = {**data, CREATION_KEY: key}
        with pytest.raises(OperationalError):
            _answer_lost(sessions, lambda s, sv=service, d=keyed: sv.create(s, admin, d))
        with tx() as s:
            again = service.create(s, admin, keyed)
            table = type(again)
            assert _count(s, table) == 1, service
            assert _creates(s, service.entity, again.id) == 1, service
        assert model in (None, table)


def test_a_key_made_for_one_kind_is_not_taken_for_another(tx, people):
    admin, key = people["admin"], str(uuid.uuid4())
    with tx() as s:
        MemberService().create(s, admin, {"member_number": "1", "last_name": "Roy",
                                          "first_name": "Léa", "institution_id": 2,
                                          CREATION_KEY: key})
    with pytest.raises(ValueError, match="made a member"), tx() as s:
        AgreementService().create(s, admin, {"kind": "settlement", "title": "Entente",
                                             "institution_id": 2, CREATION_KEY: key})
    with pytest.raises(ValueError, match="64 characters"), tx() as s:
        MemberService().create(s, admin, {"member_number": "2", "last_name": "Roy",
                                          "first_name": "Léa", "institution_id": 2,
                                          CREATION_KEY: "x" * 65})


def test_the_form_service_says_when_it_found_the_record_already_made(tx, sessions, people):
    """gem.services.records.save_record, as a new form calls it: the retry reads back the
    record made the first time, marked ``replayed``; a save without a key is not."""
    secretary, key = people["secretaire"], str(uuid.uuid4())
    specs = [FieldSpec("title"), FieldSpec("file_number"), FieldSpec("member_ids", extra=True)]
    with tx() as s:
        member_id = factories.member(s, secretary).id
    data = _grievance_data(member_id)
    with pytest.raises(OperationalError):
        _answer_lost(sessions, lambda s: records.save_record(
            s, secretary, "grievance", None, data, None, specs, key=key))
    with tx() as s:
        again = records.save_record(s, secretary, "grievance", None, data, None, specs,
                                    key=key)
        assert again.replayed and again.values["file_number"].endswith("-00001")
        assert [h.action for h in again.history] == ["create"]
    with tx() as s:
        other = records.save_record(s, secretary, "grievance", None, data, None, specs)
        assert not other.replayed and other.values["file_number"].endswith("-00002")


def test_an_attempt_still_under_way_when_the_retry_comes_is_not_doubled(engine, sessions,
                                                                       people, backend):
    """PostgreSQL: the first attempt's transaction is still open on the server when the
    retry arrives (its answer was given up on, not its work). The retry waits for it at the
    key; once it committed, the retry is refused without making a second record, and saving
    again returns the first one."""
    if backend != "postgresql":
        pytest.skip("SQLite lets one writer at a time: the second attempt waits at BEGIN")
    secretary, key = people["secretaire"], str(uuid.uuid4())
    with sessions.begin() as s:
        member_id = factories.member(s, secretary).id
    data = _grievance_data(member_id, **{CREATION_KEY: key})
    first = sessions()
    first.begin()
    made = GrievanceService().create(first, secretary, data).id

    def retry() -> int:
        with sessions.begin() as s:
            return GrievanceService().create(s, secretary, data).id

    waiter = Waiter(engine, retry)  # until the retry waits on the first attempt's key
    first.commit()
    first.close()
    (refusal,) = waiter.outcome()
    assert isinstance(refusal, ValidationError), refusal
    assert "enregistrez de nouveau" in refusal.message("fr")
    with sessions.begin() as s:
        assert GrievanceService().create(s, secretary, data).id == made
        assert _count(s, Grievance) == 1 and _creates(s, "grievance", made) == 1


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL only (GEM_TEST_DATABASE_URL)")
def test_a_counsellors_own_login_keeps_and_finds_its_keys(secured):
    """On a secured database the person's own login writes the key with the record and reads
    it back on the retry (gem db setup's grants on creation_keys: insert and read only)."""
    engine = make_engine(personal_url(secured.url, "conseil", None))
    sessions = session_factory(engine)
    try:
        with sessions.begin() as s:
            conseil = actor_for(UserService().by_login(s, "conseil"))
            member_id = factories.member(s, conseil).id
        data = _grievance_data(member_id, counsellor_id=conseil.id, confidential=True,
                               **{CREATION_KEY: str(uuid.uuid4())})
        made = []
        with pytest.raises(OperationalError):
            _answer_lost(sessions, lambda s: made.append(
                GrievanceService().create(s, conseil, data).id))
        with sessions.begin() as s:
            assert GrievanceService().create(s, conseil, data).id == made[0]
            assert _creates(s, "grievance", made[0]) == 1
            assert _count(s, Grievance, Grievance.id == made[0]) == 1
        with secured.connect("conseil") as conn, pytest.raises(
                psycopg.errors.InsufficientPrivilege):  # a key, once written, stays
            conn.execute("UPDATE creation_keys SET entity_id = 0")
    finally:
        engine.dispose()
