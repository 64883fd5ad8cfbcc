"""Every migration up and down on SQLite and PostgreSQL; the models and the migrations agree
(what `alembic check` verifies); the schema guard refuses newer databases."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, text

from gem import schema
from gem.models import Base, HealthRegion, Institution, JobTitle
from gem.services.errors import SchemaError


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(schema.alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_revision_ids_are_the_file_prefixes_in_order():
    """schema.known_revisions() reads file names instead of importing Alembic at start-up."""
    script = ScriptDirectory.from_config(schema.alembic_config())
    chain = _revisions()
    assert chain == schema.known_revisions()
    assert script.get_current_head() == schema.head_revision()
    for previous, revision in zip(["base", *chain], chain, strict=False):
        assert (script.get_revision(revision).down_revision or "base") == previous


def test_every_revision_up_and_down(empty_engine):
    revisions = _revisions()
    for revision in revisions:
        schema.upgrade(empty_engine, revision)
        assert schema.current_revision(empty_engine) == revision
    tables = set(inspect(empty_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    for previous in reversed(["base", *revisions[:-1]]):
        schema.downgrade(empty_engine, previous)
    assert schema.current_revision(empty_engine) is None
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    schema.upgrade(empty_engine)
    assert schema.state(empty_engine).is_current


def test_models_and_migrations_agree(engine):
    """The equivalent of `alembic check`: autogenerate finds nothing to do."""
    cfg = schema.alembic_config(engine)
    with engine.connect() as connection:
        cfg.attributes["connection"] = connection
        command.check(cfg)


def test_reference_data_is_loaded(engine):
    with engine.connect() as c:
        assert c.scalar(select(func.count()).select_from(HealthRegion)) == 18
        assert c.scalar(select(func.count()).select_from(JobTitle)) == 37
        assert c.scalar(select(func.count()).select_from(Institution)) == 35
        region = c.execute(select(HealthRegion.name).where(HealthRegion.code == "04")).scalar()
        assert region == "Mauricie et Centre-du-Québec"
        sq = c.execute(select(Institution.id).where(Institution.name == "Santé Québec")).scalar()
        children = c.scalar(select(func.count()).select_from(Institution)
                            .where(Institution.parent_id == sq))
        assert children == 29


def test_a_newer_database_is_refused(engine):
    with engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(SchemaError) as err:
        schema.ensure_usable(engine)
    assert "plus récente" in err.value.message()
    with pytest.raises(SchemaError):
        schema.upgrade(engine)


def test_an_older_database_asks_for_an_upgrade(engine, monkeypatch):
    monkeypatch.setattr(schema, "head_revision", lambda: "0002_next")
    with pytest.raises(SchemaError) as err:
        schema.ensure_usable(engine)
    assert "gem db upgrade" in err.value.message()


def test_an_empty_database_says_how_to_create_it(empty_engine):
    with pytest.raises(SchemaError) as err:
        schema.ensure_usable(empty_engine)
    assert "gem db upgrade" in err.value.message()


def test_sqlite_backup_is_a_readable_copy(engine, backend):
    if backend != "sqlite":
        pytest.skip("file backups concern the embedded SQLite database only")
    copy = schema.backup_sqlite(engine)
    assert copy is not None and copy.exists()
    from gem.db import make_engine

    other = make_engine(f"sqlite:///{copy}")
    with other.connect() as c:
        assert c.scalar(select(func.count()).select_from(Institution)) == 35
    other.dispose()


def test_sqlite_connection_pragmas(engine, backend):
    if backend != "sqlite":
        pytest.skip("SQLite pragmas")
    with engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
