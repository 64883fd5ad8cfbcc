"""Health regions are written through the same service as every reference record (issue 12):
an administrator corrects a seeded name or source (most are marked unverified in shared/data),
adds a region and deletes an unused one; a wrong value is the field's own message. A region is
keyed by its code ("04"), not by an id: before, creating one failed on ``obj.id``
(AttributeError), a duplicate code was the database's words, and deleting one on PostgreSQL
compared the code with the attachments' integer ``owner_id`` (UndefinedFunction)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from gem.db import make_engine, session_factory
from gem.models import AuditEntry, HealthRegion
from gem.services.entity import CREATION_KEY
from gem.services.errors import ConflictError, PermissionDenied, ValidationError
from gem.services.personal_login import personal_url
from gem.services.reference import HealthRegionService
from gem.services.users import UserService, actor_for
from tests.conftest import PG_URL

SERVICE = HealthRegionService()


def _entries(session, action: str) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(
        AuditEntry.entity == "health_region", AuditEntry.action == action)))


def test_an_administrator_creates_corrects_and_deletes_a_region(tx, people):
    admin = people["admin"]
    with tx() as s:
        made = SERVICE.create(s, admin, {"code": "19", "name": "Région d'essai",
                                         CREATION_KEY: "form-19"})
        assert (made.code, made.version) == ("19", 1)
    with tx() as s:
        fixed = SERVICE.update(s, admin, "19", {"name": "Région corrigée",
                                                "source": "Loi, annexe I"}, 1)
        assert (fixed.name, fixed.version) == ("Région corrigée", 2)
    with tx() as s:
        SERVICE.delete(s, admin, "19", 2)
    with tx() as s:
        assert s.get(HealthRegion, "19") is None
        # the audit's entity_id is an integer: each entry names the region by its code
        (created,), (updated,), (deleted,) = (_entries(s, a) for a in ("create", "update",
                                                                       "delete"))
        assert created.entity_id is None and created.after["code"] == "19"
        assert updated.after == {"code": "19", "name": "Région corrigée",
                                 "source": "Loi, annexe I"}
        assert updated.before["name"] == "Région d'essai"
        assert deleted.before["code"] == "19" and deleted.after is None


def test_a_seeded_region_is_corrected_and_a_stale_save_is_a_conflict(tx, people):
    admin = people["admin"]
    with tx() as s:
        seen = SERVICE.get(s, admin, "02").version
        SERVICE.update(s, admin, "02", {"source": "Loi O-7.2, annexe I (vérifié)"}, seen)
    with pytest.raises(ConflictError) as err, tx() as s:
        SERVICE.update(s, admin, "02", {"note": "autre"}, seen)
    assert err.value.theirs["source"] == "Loi O-7.2, annexe I (vérifié)"
    with tx() as s:
        assert s.get(HealthRegion, "02").note is None


@pytest.mark.parametrize("lang, data, field, message", [
    ("en", {"code": "06", "name": "Double"}, "code", "Code: “06” is already used."),
    ("fr", {"code": "4", "name": "Un chiffre"}, "code",
     "Code : « 4 » n'est pas un code de région : deux chiffres sont attendus (par exemple "
     "04)."),
    ("fr", {"code": "AB", "name": "Lettres"}, "code",
     "Code : « AB » n'est pas un code de région : deux chiffres sont attendus (par exemple "
     "04)."),
    ("en", {"code": "123", "name": "Trois"}, "code", "Code: 2 characters at most (3 entered)."),
    ("en", {"code": "20"}, "name", "Name: this field is required."),
    ("en", {"name": "Sans code"}, "code", "Code: this field is required."),
    ("en", {"code": "2\x00", "name": "NUL"}, "code",
     "Code: contains a character that is not allowed (U+0000, position 2)."),
])
def test_a_wrong_region_is_the_fields_message(tx, people, lang, data, field, message):
    with pytest.raises(ValidationError) as err, tx() as s:
        SERVICE.create(s, replace(people["admin"], language=lang), data)
    assert err.value.fields() == {field: message}
    with tx() as s:
        assert s.scalar(select(HealthRegion.code).order_by(HealthRegion.code.desc())) == "18"


def test_the_code_is_not_changed_and_a_used_region_stays(tx, people):
    admin = replace(people["admin"], language="en")
    with pytest.raises(ValidationError) as err, tx() as s:
        SERVICE.update(s, admin, "06", {"code": "66"}, None)
    assert err.value.fields() == {"code": "Code: this field cannot be changed here."}
    with pytest.raises(ValidationError) as err, tx() as s:
        SERVICE.delete(s, admin, "06", None)
    assert str(err.value).startswith("Health region: cannot be deleted: still used by ")
    with tx() as s:
        assert s.get(HealthRegion, "06") is not None


def test_only_administrators_write_regions(tx, people):
    with pytest.raises(PermissionDenied), tx() as s:
        SERVICE.create(s, people["coord"], {"code": "19", "name": "Refusée"})
    with pytest.raises(PermissionDenied), tx() as s:
        SERVICE.update(s, people["secretaire"], "02", {"name": "Refusée"}, None)


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL only (GEM_TEST_DATABASE_URL)")
def test_a_personal_administrator_login_writes_regions(secured):
    """On a database secured by ``gem db setup``: the administrator's own login, whose
    grants come from the policy, and the audit row that names the region by its code."""
    engine = make_engine(personal_url(secured.url, "admin", None))
    try:
        sessions = session_factory(engine)
        with sessions.begin() as s:
            admin = actor_for(UserService().by_login(s, "admin"))
            SERVICE.create(s, admin, {"code": "19", "name": "Région d'essai"})
        with sessions.begin() as s:
            SERVICE.update(s, admin, "19", {"note": "ajoutée"}, 1)
        with sessions.begin() as s:
            SERVICE.delete(s, admin, "19", 2)
        with sessions.begin() as s:
            assert s.get(HealthRegion, "19") is None
            assert [e.action for e in s.scalars(select(AuditEntry).where(
                AuditEntry.entity == "health_region").order_by(AuditEntry.id))] == \
                ["create", "update", "delete"]
    finally:
        engine.dispose()

