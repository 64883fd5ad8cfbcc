"""Revision 0004: on SQLite a deleted row's id is never handed out again.

Without AUTOINCREMENT the next grievance got the id of the newest deleted one, and with it the
deleted file's audit history (entity, entity_id). The revision rebuilds every table keyed by an
integer id, with foreign keys on and inside the upgrade's transaction; these tests hold it to
keeping every row (the ON DELETE CASCADE children a plain drop-and-copy wipes included), the
schema exactly but for the key clause, and to starting ids above every id used before. The
databases are built at 0003 with plain SQL, as 0.2 wrote them, not with today's services.
"""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.orm import Session

from gem import schema
from gem.db import make_engine
from gem.services import audit
from gem.services.actor import SYSTEM
from gem.services.grievance import GrievanceService
from tests import factories

pytestmark = pytest.mark.clock("2026-10-01")

_ASIDE = "_gem0004_old_"


def _migration() -> ModuleType:
    """The revision module itself (its entity map), loaded the way Alembic loads it."""
    path = schema.VERSIONS / "0004_sqlite_ids_never_reused.py"
    spec = importlib.util.spec_from_file_location("gem_revision_0004", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- a 0.2 database
def _fill_0003(c: Connection) -> dict[str, int]:
    """Rows in every kind of table, children of every cascading key among them, and the
    newest grievance and member deleted (their audit rows stay, as the services leave them)."""
    def run(sql: str, **params: Any) -> int:
        return c.execute(text(sql + " RETURNING id"), params).scalar_one()

    ids: dict[str, int] = {}
    ids["admin"] = run("INSERT INTO users (login, full_name, role) "
                       "VALUES ('admin03', 'Admin 0.2', 'admin')")
    ids["counsellor"] = run("INSERT INTO users (login, full_name, role, updated_by_id) "
                            "VALUES ('conseil03', 'Conseil 0.2', 'counsellor', :a)",
                            a=ids["admin"])
    run("INSERT INTO counsellor_assignments (user_id, institution_id, valid_from) "
        "VALUES (:u, 2, '2024-01-01')", u=ids["counsellor"])
    ids["institution"] = run("INSERT INTO institutions (name, type, region_code, parent_id) "
                             "VALUES ('Installation 0.2', 'other', '04', 2)")
    ids["unit"] = run("INSERT INTO bargaining_units (institution_id, name) "
                      "VALUES (:i, 'Unité 0.2')", i=ids["institution"])
    run("INSERT INTO unit_officers (unit_id, name, office) VALUES (:u, 'Déléguée', 'déléguée')",
        u=ids["unit"])
    ids["agreement"] = run("INSERT INTO collective_agreements (name, valid_from, unit_id) "
                           "VALUES ('Convention 0.2', '2023-04-01', :u)", u=ids["unit"])
    ids["article"] = run("INSERT INTO agreement_articles (agreement_id, number, title) "
                         "VALUES (:a, '5.01', 'Ancienneté')", a=ids["agreement"])
    ids["calendar"] = run("INSERT INTO deadline_calendars (code, name_fr, name_en, agreement_id) "
                          "VALUES ('agreement_02', 'Jours 0.2', 'Days 0.2', :a)",
                          a=ids["agreement"])
    run("INSERT INTO deadline_calendar_days (calendar_id, day, status) "
        "VALUES (:c, 'saturday', 'holiday')", c=ids["calendar"])
    members = [run("INSERT INTO members (member_number, last_name, first_name, institution_id, "
                   "unit_id) VALUES (:n, :l, 'Julie', :i, :u)", n=f"M02-{n}", l=f"Nom{n}",
                   i=ids["institution"], u=ids["unit"]) for n in range(3)]
    for member in members:
        run("INSERT INTO employment_records (member_id, institution_id, start_date) "
            "VALUES (:m, :i, '2020-05-01')", m=member, i=ids["institution"])
    grievances = []
    for n in range(3):
        g = run("INSERT INTO grievances (file_number, kind, nature, institution_id, title, "
                "agreement_id, counsellor_id, event_date, knowledge_date) VALUES (:f, "
                "'individual', 'pay', 2, :t, :a, :c, '2025-11-01', '2025-11-03')",
                f=f"T-02-{n}", t=f"Grief confidentiel {n}", a=ids["agreement"],
                c=ids["counsellor"])
        grievances.append(g)
        for member in members[:2]:
            run("INSERT INTO grievance_members (grievance_id, member_id) VALUES (:g, :m)",
                g=g, m=member)
        run("INSERT INTO grievance_articles (grievance_id, article_id, citation) "
            "VALUES (:g, :a, '5.01')", g=g, a=ids["article"])
        run("INSERT INTO grievance_events (grievance_id, occurred_on, kind, description) "
            "VALUES (:g, '2025-11-04', 'note', 'Rencontre avec la gestionnaire')", g=g)
        run("INSERT INTO audit_log (user_id, user_login, action, entity, entity_id, \"after\") "
            "VALUES (:u, 'conseil03', 'create', 'grievance', :g, :after)",
            u=ids["counsellor"], g=g, after=f'{{"title": "Grief confidentiel {n}"}}')
        run("INSERT INTO documents (owner_type, owner_id, name, mime_type, size, sha256, "
            "content, uploaded_by_id) VALUES ('grievance', :g, 'lettre.pdf', "
            "'application/pdf', 4, :h, :b, :u)", g=g, h="ab" * 32, b=b"%PDF",
            u=ids["counsellor"])
        run("INSERT INTO audit_log (user_id, user_login, action, entity, entity_id) "
            "VALUES (:u, 'conseil03', 'attach', 'grievance', :g)", u=ids["counsellor"], g=g)
    rule_version = c.scalar(text(
        "SELECT v.id FROM deadline_rule_versions v JOIN deadline_rules r ON r.id = v.rule_id "
        "WHERE r.code = 'grievance_agreement'"))
    ids["deadline"] = run(
        "INSERT INTO deadlines (owner_type, owner_id, rule_version_id, counsellor_id, label, "
        "trigger_date, due_date, status) VALUES ('grievance', :g, :v, :c, 'Dépôt', "
        "'2025-11-03', '2025-12-03', 'open')", g=grievances[0], v=rule_version,
        c=ids["counsellor"])
    arbitration = run("INSERT INTO arbitrations (file_number, procedure, institution_id) "
                      "VALUES ('A-02-1', 'regular', 2)")
    run("INSERT INTO arbitration_grievances (arbitration_id, grievance_id) VALUES (:a, :g)",
        a=arbitration, g=grievances[0])
    run("INSERT INTO hearings (arbitration_id, date) VALUES (:a, '2026-02-02')", a=arbitration)
    run("INSERT INTO proclaimed_holidays (day, name) VALUES ('2026-06-25', 'Congé proclamé')")

    # The newest grievance deleted as 0.2 deleted it: its attachments with it, its audit
    # rows kept (they are the history of a confidential file nobody else may read).
    ids["deleted_grievance"] = grievances[-1]
    c.execute(text("DELETE FROM documents WHERE owner_type = 'grievance' AND owner_id = :g"),
              {"g": grievances[-1]})
    c.execute(text("DELETE FROM grievances WHERE id = :g"), {"g": grievances[-1]})
    run("INSERT INTO audit_log (user_id, user_login, action, entity, entity_id, \"before\") "
        "VALUES (:u, 'admin03', 'delete', 'grievance', :g, '{\"title\": \"secret\"}')",
        u=ids["admin"], g=grievances[-1])
    ids["deleted_member"] = members[-1]
    c.execute(text("DELETE FROM grievance_members WHERE member_id = :m"), {"m": members[-1]})
    c.execute(text("DELETE FROM members WHERE id = :m"), {"m": members[-1]})
    run("INSERT INTO audit_log (user_id, user_login, action, entity, entity_id) "
        "VALUES (:u, 'admin03', 'delete', 'member', :m)", u=ids["admin"], m=members[-1])
    ids["member"] = members[0]
    ids["grievance"] = grievances[0]
    return ids


@pytest.fixture(scope="module")
def template_0003(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("gem-0003") / "gem.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    schema.upgrade(engine, "0003")
    with engine.begin() as c:
        ids = _fill_0003(c)
    engine.dispose()
    return path, ids


@pytest.fixture
def db_0003(template_0003, tmp_path) -> Iterator[tuple[Engine, dict[str, int]]]:
    """A copy of the filled 0003 database and the ids worth checking in it."""
    path = tmp_path / "gem.sqlite3"
    shutil.copyfile(template_0003[0], path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine, template_0003[1]
    engine.dispose()


# --------------------------------------------------------------------------- what to compare
def _rows(c: Connection) -> dict[str, list[tuple]]:
    """Every row of every table with its rowid, as stored."""
    names = c.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table' "
                              "AND name NOT IN ('alembic_version', 'sqlite_sequence')").scalars()
    return {n: c.exec_driver_sql(f'SELECT rowid, * FROM "{n}" ORDER BY rowid').all()
            for n in list(names)}


def _sql(c: Connection, kind: str) -> dict[str, str]:
    return dict(c.exec_driver_sql("SELECT name, sql FROM sqlite_master "
                                  "WHERE type = ? AND sql IS NOT NULL", (kind,)).all())


def _id_tables(c: Connection) -> list[str]:
    """Tables whose key is a single INTEGER column named id (the rowid)."""
    found = []
    for name in _sql(c, "table"):
        keys = [(r[1], r[2].upper()) for r in c.exec_driver_sql(f'PRAGMA table_info("{name}")')
                if r[5]]
        if keys == [("id", "INTEGER")]:
            found.append(name)
    return sorted(found)


def _sequences(c: Connection) -> dict[str, int]:
    return dict(c.exec_driver_sql("SELECT name, seq FROM sqlite_sequence").all())


def _assert_sound(c: Connection) -> None:
    assert c.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    assert c.exec_driver_sql("PRAGMA integrity_check").all() == [("ok",)]
    assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    leftovers = c.exec_driver_sql("SELECT name FROM sqlite_master WHERE name LIKE ?",
                                  (f"%{_ASIDE}%",)).all()
    assert leftovers == []


# --------------------------------------------------------------------------- the tests
def test_a_plain_rebuild_would_lose_the_cascading_children(db_0003):
    """Why 0004 does not use Alembic's batch mode: with foreign keys on (gem.db), dropping
    the original table deletes its rows first, and ON DELETE CASCADE takes the children."""
    engine, ids = db_0003
    with engine.connect() as c:
        c.begin()
        days = "SELECT count(*) FROM deadline_calendar_days"
        assert c.exec_driver_sql(days).scalar() > 0
        with Operations(MigrationContext.configure(c)).batch_alter_table(
                "deadline_calendars", recreate="always",
                table_kwargs={"sqlite_autoincrement": True}):
            pass
        assert c.exec_driver_sql(days).scalar() == 0  # every calendar's days, gone
        c.rollback()


def test_0004_keeps_every_row_and_the_schema_but_the_key(db_0003):
    engine, ids = db_0003
    with engine.connect() as c:
        rows, tables, indexes = _rows(c), _sql(c, "table"), _sql(c, "index")
        id_tables = _id_tables(c)
        highest = {t: c.exec_driver_sql(f'SELECT max(id) FROM "{t}"').scalar() or 0
                   for t in id_tables}
    assert len(id_tables) == 35 and "health_regions" not in id_tables
    assert all(rows[t] for t in ("grievance_members", "grievance_articles", "grievance_events",
                                 "employment_records", "counsellor_assignments", "unit_officers",
                                 "deadline_calendar_days", "agreement_articles", "hearings",
                                 "arbitration_grievances", "deadline_rule_versions"))

    schema.upgrade(engine, "0004")

    with engine.connect() as c:
        assert schema.current_revision(engine) == "0004"
        assert _rows(c) == rows
        _assert_sound(c)
        assert _sql(c, "index") == indexes
        after = _sql(c, "table")
        assert set(after) == set(tables) | {"sqlite_sequence"}
        for name, sql in tables.items():
            if name not in id_tables:
                assert after[name] == sql, name  # health_regions rebuilt, same text
                continue
            pk = f"CONSTRAINT pk_{name} PRIMARY KEY"
            expected = sql.replace(f"\t{pk} (id), \n", "").replace(
                "\tid INTEGER NOT NULL, \n", f"\tid INTEGER NOT NULL {pk} AUTOINCREMENT, \n", 1)
            assert after[name] == expected, name
            assert "AUTOINCREMENT" in after[name]
        sequences = _sequences(c)
        # Above every id the table holds, and above the deleted ones the audit log names.
        assert all(sequences.get(t, 0) == highest[t] for t in id_tables
                   if t not in ("grievances", "members")), sequences
        assert highest["grievances"] < ids["deleted_grievance"] == sequences["grievances"]
        assert highest["members"] < ids["deleted_member"] == sequences["members"]


def test_statistics_are_gathered_again(db_0003):
    """Dropping the table set aside drops its ANALYZE statistics; the new table gets its own."""
    engine, _ = db_0003
    with engine.begin() as c:
        c.exec_driver_sql("ANALYZE")
        before = set(c.exec_driver_sql("SELECT DISTINCT tbl FROM sqlite_stat1").scalars())
    assert "grievance_members" in before
    schema.upgrade(engine, "0004")
    with engine.connect() as c:
        assert set(c.exec_driver_sql("SELECT DISTINCT tbl FROM sqlite_stat1").scalars()) == before


def test_a_new_grievance_never_gets_a_deleted_ones_id_or_history(db_0003):
    engine, ids = db_0003
    schema.upgrade(engine)
    service = GrievanceService()

    def create() -> tuple[int, int]:
        with Session(engine) as s, s.begin():
            g = factories.grievance(s, SYSTEM, members=[ids["member"]])
            return g.id, g.version

    def history(ident: int) -> list[tuple[str, int | None]]:
        with Session(engine) as s:
            return [(e.action, e.user_id) for e in audit.history(s, SYSTEM, "grievance", ident)]

    first, version = create()
    assert first == ids["deleted_grievance"] + 1
    assert history(first) == [("create", None)]
    with engine.connect() as c:  # the deleted file's rows are there, under its own id only
        assert c.execute(text("SELECT action FROM audit_log WHERE entity = 'grievance' "
                              "AND entity_id = :g ORDER BY id"),
                         {"g": ids["deleted_grievance"]}).scalars().all() == [
            "create", "attach", "delete"]
    with Session(engine) as s, s.begin():
        service.delete(s, SYSTEM, first, version)
    second, _ = create()
    assert second == first + 1  # the newest one, just deleted: its id is not handed out again
    assert history(second) == [("create", None)]
    with Session(engine) as s, s.begin():
        assert factories.member(s, SYSTEM).id == ids["deleted_member"] + 1


def test_later_revisions_keep_autoincrement_and_the_sequences(db_0003):
    """A later revision that rebuilds a table (batch mode) must keep AUTOINCREMENT and the
    table's sqlite_sequence entry, or ids used before are handed out again."""
    engine, _ = db_0003
    schema.upgrade(engine, "0004")
    with engine.connect() as c:
        sequences = _sequences(c)
    schema.upgrade(engine)
    with engine.connect() as c:
        _assert_sound(c)
        tables = _sql(c, "table")
        assert [t for t in _id_tables(c) if "AUTOINCREMENT" not in tables[t]] == []
        now = _sequences(c)
        assert {t: (seq, now.get(t)) for t, seq in sequences.items()
                if now.get(t, 0) < seq} == {}


def test_a_new_database_has_autoincrement_everywhere(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    schema.upgrade(engine)
    with engine.connect() as c:
        _assert_sound(c)
        tables = _sql(c, "table")
        id_tables = _id_tables(c)
        assert len(id_tables) >= 35
        assert [t for t in id_tables if "AUTOINCREMENT" not in tables[t]] == []
        assert _sequences(c)["institutions"] == 35  # the reference data's own ids
    engine.dispose()


def test_downgrade_keeps_everything_and_upgrading_again_changes_nothing(db_0003):
    engine, _ = db_0003
    schema.upgrade(engine, "0004")
    with engine.connect() as c:
        state = _rows(c), _sql(c, "table"), _sql(c, "index"), _sequences(c)
    schema.downgrade(engine, "0003")
    assert schema.current_revision(engine) == "0003"
    with engine.connect() as c:
        assert (_rows(c), _sql(c, "table"), _sql(c, "index"), _sequences(c)) == state
    schema.upgrade(engine, "0004")
    with engine.connect() as c:
        assert (_rows(c), _sql(c, "table"), _sql(c, "index"), _sequences(c)) == state
        _assert_sound(c)


def test_rows_pointing_at_nothing_stop_the_upgrade_and_change_nothing(db_0003):
    """With foreign keys on, such a row could not be copied; the revision says so before
    touching anything, and the upgrade's transaction leaves the 0003 database as it was."""
    engine, ids = db_0003
    path = engine.url.database
    assert path
    raw = sqlite3.connect(path)  # foreign keys off, as an outside tool might have left it
    raw.execute("INSERT INTO grievance_members (grievance_id, member_id) VALUES (9999, ?)",
                (ids["member"],))
    raw.commit()
    raw.close()
    with engine.connect() as c:
        before = _rows(c), _sql(c, "table"), _sql(c, "index")
    with pytest.raises(schema.UpgradeFailed, match="foreign_key_check") as failure:
        schema.upgrade(engine, "0004")
    message = failure.value.message("fr")
    assert "La mise à niveau 0004 a échoué" in message and "schéma 0003, intacte" in message
    assert schema.current_revision(engine) == "0003"
    with engine.connect() as c:
        assert (_rows(c), _sql(c, "table"), _sql(c, "index")) == before


def test_the_entity_names_are_the_services_ones():
    """The revision's own copy of the audit entity names (a revision must not read today's
    services) names the table each service writes under that name."""
    import gem.services.records  # noqa: F401 - imports every record service
    from gem.models import (
        Base,
        Deadline,
        DeadlineCalendar,
        DeadlineRuleVersion,
        GrievanceEvent,
        LeaveInvoice,
        LeaveInvoiceLine,
        ProclaimedHoliday,
    )
    from gem.services import documents
    from gem.services.entity import EntityService
    from gem.services.reference import JobTitleService  # noqa: F401 - not a record kind
    from gem.services.users import UserService  # noqa: F401 - not a record kind

    def services(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from services(sub)

    written: dict[str, str] = {}
    for svc in services(EntityService):
        if "entity" in vars(svc) and "model" in vars(svc):
            written[svc.entity] = svc.model.__tablename__
    for entity, model in {"grievance_event": GrievanceEvent, "leave_invoice": LeaveInvoice,
                          "leave_invoice_line": LeaveInvoiceLine,
                          "proclaimed_holiday": ProclaimedHoliday,
                          "deadline_rule_version": DeadlineRuleVersion, "deadline": Deadline,
                          "deadline_calendar": DeadlineCalendar,
                          **documents.OWNERS}.items():
        written[entity] = model.__tablename__
    keyed_by_id = {t.name for t in Base.metadata.tables.values()
                   if [c.name for c in t.primary_key.columns] == ["id"]}
    expected = {e: t for e, t in written.items() if t in keyed_by_id}
    assert {"grievance", "member", "user", "deadline", "grievance_event"} <= set(expected)
    assert _migration()._ENTITY_TABLES == expected


def test_postgresql_is_left_alone(empty_engine, backend):
    if backend != "postgresql":
        pytest.skip("the SQLite rebuild is tested above")
    schema.upgrade(empty_engine, "0003")

    def shape() -> dict[str, list]:
        inspector = inspect(empty_engine)
        return {t: [(c["name"], str(c["type"]), c["default"])
                    for c in inspector.get_columns(t)] for t in inspector.get_table_names()}

    before = shape()
    schema.upgrade(empty_engine, "0004")
    assert shape() == before
    with empty_engine.connect() as c:
        assert c.scalar(sa.select(sa.func.count()).select_from(sa.table("institutions"))) == 35
