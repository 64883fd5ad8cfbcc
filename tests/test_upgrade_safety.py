"""An upgrade IT can run on the office's database (issue 13): one transaction per revision,
the failed revision named and the schema before it intact, one upgrade at a time on
PostgreSQL, and workstations left on the previous version refused writes (not failing on a
missing column)."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import inspect, text

from gem import schema
from gem.db import make_engine, session_factory, transaction
from gem.services.actor import SYSTEM
from gem.services.errors import SchemaError
from tests import factories


def _pg_only(engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's advisory lock")


def test_a_failed_revision_keeps_the_one_before_and_is_named(empty_engine):
    """0007 creates change_counter, then recent_changes: with a table of that name already
    there (someone's), 0007 fails half-way; its transaction takes change_counter back and the
    database stays at 0006, as the message says."""
    schema.upgrade(empty_engine, "0006")
    with empty_engine.begin() as connection:
        connection.execute(text("CREATE TABLE recent_changes (x INTEGER)"))
    with pytest.raises(schema.UpgradeFailed) as failure:
        schema.upgrade(empty_engine)
    message = failure.value.message("fr")
    assert message.startswith("La mise à niveau 0007 a échoué (")
    assert "la base est restée au schéma 0006, intacte" in message
    assert schema.current_revision(empty_engine) == "0006"
    assert not inspect(empty_engine).has_table("change_counter")
    assert "failed" in failure.value.message("en")  # translated, same facts
    # Once the stray table is gone the same upgrade goes through.
    with empty_engine.begin() as connection:
        connection.execute(text("DROP TABLE recent_changes"))
    schema.upgrade(empty_engine)
    assert schema.state(empty_engine).is_current


def test_sqlite_keeps_the_copy_it_made_and_names_it_when_a_revision_fails(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'office.sqlite3'}")
    schema.upgrade(engine, "0006")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE recent_changes (x INTEGER)"))
    with pytest.raises(schema.UpgradeFailed) as failure:
        schema.upgrade(engine)
    copies = list(tmp_path.glob("office.backup-*.sqlite3"))
    assert len(copies) == 1
    assert str(copies[0]) in failure.value.message("fr")
    engine.dispose()


def test_a_second_upgrade_waits_for_the_first_then_finds_it_done(empty_engine, monkeypatch):
    _pg_only(empty_engine)
    schema.upgrade(empty_engine, "0006")
    holder = empty_engine.connect()
    holder.execute(text("SELECT pg_advisory_lock(:k)"), {"k": schema.UPGRADE_LOCK})
    holder.commit()
    monkeypatch.setattr(schema, "UPGRADE_LOCK_WAIT", "1s")
    with pytest.raises(SchemaError, match="Une autre mise à niveau"):
        schema.upgrade(empty_engine)
    assert schema.current_revision(empty_engine) == "0006"

    # Released while the second waits: it goes on.
    monkeypatch.setattr(schema, "UPGRADE_LOCK_WAIT", "30s")
    done: list[BaseException | None] = []

    def second() -> None:
        try:
            schema.upgrade(empty_engine)
            done.append(None)
        except BaseException as exc:  # noqa: BLE001 - reported below
            done.append(exc)

    worker = threading.Thread(target=second)
    worker.start()
    time.sleep(1.0)
    assert not done, "the second upgrade did not wait for the lock"
    holder.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": schema.UPGRADE_LOCK})
    holder.commit()
    holder.close()
    worker.join(60)
    assert done == [None]
    assert schema.state(empty_engine).is_current
    with empty_engine.connect() as connection:  # the lock is not left behind
        assert connection.execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).scalar() == 0


def _write(engine) -> None:
    factory = session_factory(engine)
    with transaction(factory) as session:
        factories.member(session, SYSTEM)


def test_a_workstation_on_the_previous_version_is_refused_writes(engine):
    """The database was upgraded by a newer GEM (its revision unknown here): reading goes
    on, writing says to update and writes nothing."""
    _write(engine)
    with engine.begin() as connection:
        count = connection.execute(text("SELECT count(*) FROM members")).scalar()
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    with pytest.raises(SchemaError) as refusal:
        _write(engine)
    assert "mise à niveau (schéma 0099) par une version plus récente" in refusal.value.message()
    assert "installez la dernière version" in refusal.value.message()
    with transaction(session_factory(engine), write=False) as session:
        assert session.execute(text("SELECT count(*) FROM members")).scalar() == count
    with engine.begin() as connection:
        connection.execute(text(f"UPDATE alembic_version SET version_num = "
                                f"'{schema.head_revision()}'"))
    _write(engine)


def test_a_database_taken_back_to_an_older_revision_is_refused_writes(engine):
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0005'"))
    with pytest.raises(SchemaError, match=r"\(0005\) n'est plus celui"):
        _write(engine)


def test_writes_wait_while_an_upgrade_holds_the_lock(engine, monkeypatch):
    """A write that begins during an upgrade waits (the lock's shared form), then goes on
    once the upgrade ends: it never runs against a schema half-changed."""
    _pg_only(engine)
    holder = engine.connect()
    holder.execute(text("SELECT pg_advisory_lock(:k)"), {"k": schema.UPGRADE_LOCK})
    holder.commit()
    started = time.monotonic()
    timer = threading.Timer(1.0, lambda: (holder.execute(
        text("SELECT pg_advisory_unlock(:k)"), {"k": schema.UPGRADE_LOCK}), holder.commit()))
    timer.start()
    _write(engine)
    assert time.monotonic() - started >= 0.9
    timer.join()
    holder.close()


def test_0008_takes_the_password_hashes_out_of_a_secured_log(empty_engine):
    """0.1.0 copied password hashes into the audit log; 0008 removes that key (and only it),
    through the append-only trigger of a database secured by gem db setup, which it leaves
    on."""
    _pg_only(empty_engine)
    from gem import database_roles
    from tests.secured import _admin_engine, _drop

    schema.upgrade(empty_engine, "0007")
    with empty_engine.begin() as connection:
        database_roles.setup(connection)
        connection.execute(text(
            "INSERT INTO audit_log (user_login, action, entity, entity_id, before, after) "
            "VALUES ('system', 'create', 'user', 7, NULL, CAST(:after AS json))"),
            {"after": '{"login": "ancien", "password_hash": "$argon2id$x", "role": "admin"}'})
    try:
        schema.upgrade(empty_engine)
        with empty_engine.connect() as connection:
            after = connection.execute(text(
                "SELECT after FROM audit_log WHERE entity_id = 7")).scalar_one()
            enabled = connection.execute(text(
                "SELECT tgenabled FROM pg_trigger WHERE tgname = 'gem_append_only'")).scalar()
        assert after == {"login": "ancien", "role": "admin"}
        assert enabled == "O"
        with pytest.raises(Exception, match="append-only"), empty_engine.begin() as connection:
            connection.execute(text("UPDATE audit_log SET entity = 'x'"))
    finally:  # the database and the roles named after it
        empty_engine.dispose()
        _drop(_admin_engine(), empty_engine.url.database)
