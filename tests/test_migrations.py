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


def test_0002_calendars_keep_the_data_up_and_down(empty_engine):
    """A database in use at 0001 (GEM 0.1.0): upgrading adds the calendars without touching a
    row (deadlines keep their date and get no calendar; ``gem deadline recheck`` lists the
    ones now earlier), and downgrading back to 0001 keeps every row too."""
    from datetime import date

    from sqlalchemy.orm import Session

    from gem.services.actor import SYSTEM
    from gem.services.deadlines import recheck_deadlines

    schema.upgrade(empty_engine, "0001")
    with empty_engine.begin() as c:
        c.execute(text("INSERT INTO collective_agreements (name, valid_from) "
                       "VALUES ('Convention migrée', :d)"), {"d": date(2023, 4, 1)})
        agreement = c.scalar(text("SELECT id FROM collective_agreements"))
        c.execute(text("INSERT INTO grievances (file_number, kind, nature, institution_id, "
                       "title, agreement_id, knowledge_date, event_date) VALUES ('G-0.1.0', "
                       "'individual', 'pay', 2, 'Prime', :a, :k, :e)"),
                  {"a": agreement, "k": date(2025, 12, 3), "e": date(2025, 12, 1)})
        grievance = c.scalar(text("SELECT id FROM grievances WHERE file_number = 'G-0.1.0'"))
        rule_id = c.scalar(text("SELECT id FROM deadline_rules "
                                "WHERE code = 'grievance_agreement'"))
        builtin = c.scalar(text("SELECT id FROM deadline_rule_versions WHERE rule_id = :r"),
                           {"r": rule_id})
        # a version an administrator added under 0.1.0 for one agreement
        c.execute(text("INSERT INTO deadline_rule_versions (rule_id, agreement_id, "
                       "effective_from, length, unit, trigger, cap_length, cap_unit, "
                       "cap_trigger, kind, extendable, source, verified) VALUES (:r, :a, :f, "
                       "45, 'days', 'knowledge', 6, 'months', 'event', 'strict', :t, "
                       "'Entente locale', :t)"),
                  {"r": rule_id, "a": agreement, "f": date(2024, 1, 1), "t": True})
        local = c.scalar(text("SELECT id FROM deadline_rule_versions WHERE agreement_id = :a"),
                         {"a": agreement})
        # a rule nobody ships, typed in by hand
        c.execute(text("INSERT INTO deadline_rules (code, name_fr, name_en, applies_to, "
                       "builtin) VALUES ('maison', 'Règle maison', 'House rule', 'recourse', "
                       ":f)"), {"f": False})
        house_rule = c.scalar(text("SELECT id FROM deadline_rules WHERE code = 'maison'"))
        c.execute(text("INSERT INTO deadline_rule_versions (rule_id, effective_from, length, "
                       "unit, trigger, kind, extendable, source, verified) VALUES (:r, :d, 10, "
                       "'days', 'event', 'strict', :f, 'Maison', :f)"),
                  {"r": house_rule, "d": date(1900, 1, 1), "f": False})
        house = c.scalar(text("SELECT id FROM deadline_rule_versions WHERE rule_id = :r"),
                         {"r": house_rule})
        # 0.1.0 counted 2025-12-03 + 30 days = Friday 2026-01-02 on every listed day, so
        # moved it over 2 January and the weekend to Monday 2026-01-05
        c.execute(text("INSERT INTO deadlines (owner_type, owner_id, rule_version_id, label, "
                       "trigger_date, cap_trigger_date, due_date, status) VALUES ('grievance', "
                       ":g, :v, 'Dépôt du grief', :t, :e, :due, 'open')"),
                  {"g": grievance, "v": builtin, "t": date(2025, 12, 3), "e": date(2025, 12, 1),
                   "due": date(2026, 1, 5)})

    def rows(c):
        return {
            "grievance": c.execute(text(
                "SELECT file_number, title, agreement_id, knowledge_date, event_date "
                "FROM grievances")).all(),
            "deadlines": c.execute(text(
                "SELECT owner_type, owner_id, rule_version_id, trigger_date, "
                "cap_trigger_date, due_date, status FROM deadlines")).all(),
            "versions": c.execute(text(
                "SELECT id, rule_id, agreement_id, effective_from, length, unit, source "
                "FROM deadline_rule_versions ORDER BY id")).all(),
            "rules": c.execute(text("SELECT id, code FROM deadline_rules ORDER BY id")).all(),
        }

    with empty_engine.connect() as c:
        before = rows(c)
    schema.upgrade(empty_engine)
    assert schema.current_revision(empty_engine) == schema.head_revision()
    with empty_engine.connect() as c:
        assert rows(c) == before
        assert c.execute(text("SELECT calendar_id, latest_date FROM deadlines")).all() == \
            [(None, None)]
        calendars = dict(c.execute(text("SELECT code, id FROM deadline_calendars")).all())
        assert set(calendars) == {"interpretation_act", "cpc"}
        days = {}
        for code, day, status in c.execute(text(
                "SELECT c.code, d.day, d.status FROM deadline_calendar_days d "
                "JOIN deadline_calendars c ON c.id = d.calendar_id")):
            days.setdefault(code, {})[day] = status
        statutory = {"sunday", "new_year", "good_friday", "easter_monday", "patriots_day",
                     "fete_nationale", "canada_day", "labour_day", "thanksgiving", "christmas",
                     "proclaimed"}
        assert days["interpretation_act"] == dict.fromkeys(statutory, "holiday")
        assert days["cpc"] == {**dict.fromkeys(statutory | {"saturday"}, "holiday"),
                               "day_after_new_year": "unverified", "boxing_day": "unverified"}
        chosen = {(code, bool(verified)) for code, verified in c.execute(text(
            "SELECT v.calendar, v.calendar_verified FROM deadline_rule_versions v "
            "WHERE v.id = :v"), {"v": local})}
        assert chosen == {("agreement", False)}
        assert c.execute(text("SELECT calendar, calendar_verified FROM deadline_rule_versions "
                              "WHERE id = :v"), {"v": house}).one() in [(None, False),
                                                                       (None, 0)]
        per_rule = {}
        for code, calendar, verified in c.execute(text(
                "SELECT r.code, v.calendar, v.calendar_verified FROM deadline_rule_versions v "
                "JOIN deadline_rules r ON r.id = v.rule_id WHERE r.builtin = :t"), {"t": True}):
            per_rule.setdefault(code, set()).add((calendar, bool(verified)))
        assert per_rule["cnesst_review"] == {("interpretation_act", False)}
        assert per_rule["judicial_review"] == {("cpc", True)}
        assert per_rule["civil_action"] == {("cpc", False)}
        assert per_rule["grievance_agreement"] == {("agreement", False)}
        assert per_rule["harassment"] == {("interpretation_act", False)}  # both versions
        assert all(len(found) == 1 and None not in next(iter(found))
                   for found in per_rule.values())
    with Session(empty_engine) as session:
        found = recheck_deadlines(session, SYSTEM)
        assert [(r.stored, r.retained, r.latest, r.before_calendars) for r in found] == \
            [(date(2026, 1, 5), date(2026, 1, 2), date(2026, 1, 5), True)]
        session.rollback()

    schema.downgrade(empty_engine, "0001")
    assert schema.current_revision(empty_engine) == "0001"
    with empty_engine.connect() as c:
        assert rows(c) == before
    tables = set(inspect(empty_engine).get_table_names())
    assert not tables & {"deadline_calendars", "deadline_calendar_days"}
    assert {"calendar_id", "latest_date"}.isdisjoint(
        col["name"] for col in inspect(empty_engine).get_columns("deadlines"))
    assert {"calendar", "calendar_verified"}.isdisjoint(
        col["name"] for col in inspect(empty_engine).get_columns("deadline_rule_versions"))
