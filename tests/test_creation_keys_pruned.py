"""Creation keys (gem.services.entity, ``CREATION_KEY``) are kept a month, not forever: a
creation that writes its key deletes the keys older than KEYS_KEPT, at most once an hour per
database, and a retry within the month still finds the record it made. On a database secured
by ``gem db setup`` the person's own login may not delete keys: gem_prune_creation_keys does
it as the owner, and deletes nothing younger than a month whoever calls it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from sqlalchemy import func, insert, select

from gem import clock
from gem.db import make_engine, session_factory
from gem.models import CreationKey, Member
from gem.models.creation import KEYS_KEPT
from gem.services.entity import CREATION_KEY, PRUNE_EVERY
from gem.services.personal_login import personal_url
from gem.services.users import UserService, actor_for
from tests import factories
from tests.conftest import PG_URL

NOW = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


def _keys(session) -> set[str]:
    return set(session.scalars(select(CreationKey.key)))


def _old_key(session, key: str, age: timedelta, entity_id: int) -> None:
    """A key as a creation ``age`` ago wrote it."""
    session.execute(insert(CreationKey).values(key=key, entity="member", entity_id=entity_id,
                                               created_at=clock.now() - age))


def _member(session, actor, key: str, **fields):
    return factories.member(session, actor, **{CREATION_KEY: key}, **fields)


def test_old_keys_go_recent_keys_stay_and_a_retry_still_works(tx, people):
    clerk = people["secretaire"]
    with clock.frozen(NOW - KEYS_KEPT - timedelta(days=1)), tx() as s:
        expired = _member(s, clerk, "expired").id
    with clock.frozen(NOW - KEYS_KEPT + timedelta(hours=2)), tx() as s:
        kept = _member(s, clerk, "kept", last_name="Gagnon").id
    with clock.frozen(NOW), tx() as s:
        assert _keys(s) == {"expired", "kept"}
        _member(s, clerk, "today")
        assert _keys(s) == {"kept", "today"}
    with clock.frozen(NOW + timedelta(minutes=5)), tx() as s:  # the answer was lost: again
        again = _member(s, clerk, "kept", last_name="Gagnon")
        assert again.id == kept
        assert s.scalar(select(func.count()).select_from(Member)
                        .where(Member.last_name == "Gagnon")) == 1
        assert s.get(Member, expired) is not None  # the record stays, only its key goes


def test_at_most_once_an_hour_per_database(tx, people):
    clerk = people["secretaire"]
    with clock.frozen(NOW), tx() as s:
        _member(s, clerk, "first")
    with clock.frozen(NOW + PRUNE_EVERY - timedelta(minutes=1)), tx() as s:
        _old_key(s, "old", KEYS_KEPT + timedelta(days=3), 1)
        _member(s, clerk, "within the hour")
        assert "old" in _keys(s)
    with clock.frozen(NOW + PRUNE_EVERY), tx() as s:
        _member(s, clerk, "an hour later")
        assert _keys(s) == {"first", "within the hour", "an hour later"}


def test_a_creation_without_a_key_prunes_nothing(tx, people):
    with clock.frozen(NOW), tx() as s:
        _old_key(s, "old", KEYS_KEPT * 2, 1)
        factories.member(s, people["secretaire"])
        assert _keys(s) == {"old"}


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL only (GEM_TEST_DATABASE_URL)")
def test_a_counsellors_own_login_prunes_through_the_owner(secured):
    admin = make_engine(secured.url)  # the tests' own superuser, to plant old keys
    engine = make_engine(personal_url(secured.url, "conseil", None))
    sessions = session_factory(engine)
    tag = uuid.uuid4().hex[:8]
    try:
        with clock.frozen(NOW):
            with admin.begin() as conn:
                for key, age in ((f"{tag}-old", KEYS_KEPT + timedelta(days=1)),
                                 (f"{tag}-recent", KEYS_KEPT - timedelta(days=1))):
                    conn.execute(insert(CreationKey).values(
                        key=key, entity="member", entity_id=1, created_at=clock.now() - age))
            with sessions.begin() as s:
                conseil = actor_for(UserService().by_login(s, "conseil"))
                made = _member(s, conseil, f"{tag}-new").id
                assert {k for k in _keys(s) if k.startswith(tag)} == \
                    {f"{tag}-recent", f"{tag}-new"}
            with sessions.begin() as s:  # the retry within the month finds its record
                assert _member(s, conseil, f"{tag}-new").id == made
        with secured.connect("conseil") as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("DELETE FROM creation_keys")
            # whatever the cutoff, nothing younger than a month before the newest key goes
            conn.execute("SELECT gem_prune_creation_keys('infinity')")
            left = {k for (k,) in conn.execute("SELECT key FROM creation_keys")}
            assert {f"{tag}-recent", f"{tag}-new"} <= left
        with secured.connect("lecteur") as conn, pytest.raises(
                psycopg.errors.InsufficientPrivilege):  # who creates nothing prunes nothing
            conn.execute("SELECT gem_prune_creation_keys(now())")
    finally:
        engine.dispose()
        admin.dispose()

