"""Each release's own database upgrades to head with every row kept and readable, and ends
up the same as a new database (issue 13).

tests/fixtures/releases holds, for every release in tools/release_fixture.py's RELEASES, a
SQLite file and a PostgreSQL dump that the release's own code made (schema, demo, then a row
in every table the demo leaves empty, through that release's services). Here the current GEM
upgrades each one (a copy of the file; the dump restored into an empty database when
GEM_TEST_DATABASE_URL is set), then:

* every table keeps exactly its rows (same primary keys, same values in the columns it had);
* every record of every service is opened by id, and listed, through the current services,
  with the release's values; each form's read model, attachments' contents and the eight
  reports are built over the upgraded database;
* the schema is a fresh head database's: tables, columns, indexes, unique, foreign-key and
  check constraints, triggers (and PostgreSQL functions), and the reference rows.

Never regenerate a fixture to make this pass: the fixture is what the release left on disk,
and a difference is a new revision to write.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, inspect, select, text
from sqlalchemy.orm import Session

from gem import schema
from gem.db import make_engine
from tests.conftest import BACKENDS, _drop_pg_database, _new_pg_database

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "releases"


def _release_tool():
    spec = importlib.util.spec_from_file_location("release_fixture",
                                                  ROOT / "tools" / "release_fixture.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOL = _release_tool()
VERSIONS = sorted(TOOL.RELEASES)

# Columns a save stamps (never compared between a fresh and an upgraded reference row).
BOOKKEEPING = {"version", "created_at", "updated_at", "updated_by_id"}
# SQLite's announcements of writes (0007): a counter and a ring that every write moves, the
# upgrade's own included (0008 updates audit rows); not reference data.
ANNOUNCEMENTS = {"change_counter", "recent_changes"}
# What a revision takes out of a row on purpose: 0008, the password hashes 0.1.0 copied
# into the audit log.
REMOVED = {("audit_log", "before"): "password_hash", ("audit_log", "after"): "password_hash"}


def _as_kept(table: str, column: str, value: Any) -> Any:
    key = REMOVED.get((table, column))
    if key and isinstance(value, dict):
        return {k: v for k, v in value.items() if k != key}
    return value


def test_every_release_has_its_fixtures():
    missing = [str(path.relative_to(ROOT)) for version in VERSIONS
               for path in (TOOL.sqlite_path(version), TOOL.postgresql_path(version))
               if not path.exists()]
    assert missing == [], (f"no fixture for a release of tools/release_fixture.py: {missing}; "
                           "run python tools/release_fixture.py VERSION")
    for version in VERSIONS:
        for path in (TOOL.sqlite_path(version), TOOL.postgresql_path(version)):
            assert path.stat().st_size < 2 * 2**20, f"{path.name} is over 2 MB"


def test_every_fixture_is_a_listed_release():
    known = {TOOL.sqlite_path(v).name for v in VERSIONS} | \
        {TOOL.postgresql_path(v).name for v in VERSIONS}
    stray = sorted(p.name for p in FIXTURES.iterdir() if p.name not in known)
    assert stray == [], f"fixtures of no release in RELEASES: {stray}"


# ====================================================================== snapshots
Rows = dict[str, dict[tuple, dict[str, Any]]]


def _rows(engine: Engine) -> Rows:
    """Every row of every table, by primary key (read by reflection, not by today's models)."""
    metadata = MetaData()
    metadata.reflect(engine)
    found: Rows = {}
    with engine.connect() as conn:
        for name, table in metadata.tables.items():
            key = [c.name for c in table.primary_key.columns] or [c.name for c in table.columns]
            found[name] = {tuple(row[k] for k in key): dict(row)
                           for row in conn.execute(select(table)).mappings()}
    return found


def _default(value: str | None) -> str | None:
    """A server default as written, without the quoting and casts each engine adds."""
    if value is None:
        return None
    value = re.sub(r"::[a-z ]+(\(\d+\))?", "", str(value)).strip()
    while value.startswith("(") and value.endswith(")"):
        value = value[1:-1].strip()
    return value.strip("'\"")


def _schema(engine: Engine) -> dict[str, Any]:
    """What a database's schema is made of, in comparable form."""
    out: dict[str, Any] = {}
    with engine.connect() as conn:
        insp = inspect(conn)
        for table in sorted(insp.get_table_names()):
            out[f"{table}: columns"] = {
                c["name"]: (str(c["type"]), c["nullable"], _default(c.get("default")))
                for c in insp.get_columns(table)}
            out[f"{table}: primary key"] = tuple(
                insp.get_pk_constraint(table)["constrained_columns"])
            out[f"{table}: indexes"] = {
                i["name"]: (tuple(i["column_names"]), bool(i["unique"]))
                for i in insp.get_indexes(table)}
            out[f"{table}: unique constraints"] = {
                u["name"]: tuple(u["column_names"]) for u in insp.get_unique_constraints(table)}
            out[f"{table}: foreign keys"] = {
                f["name"]: (tuple(f["constrained_columns"]), f["referred_table"],
                            tuple(f["referred_columns"]),
                            (f.get("options") or {}).get("ondelete"))
                for f in insp.get_foreign_keys(table)}
            out[f"{table}: check constraints"] = {
                c["name"]: " ".join(str(c["sqltext"]).split())
                for c in insp.get_check_constraints(table)}
        if conn.dialect.name == "sqlite":
            out["triggers"] = {name: " ".join(sql.split()) for name, sql in conn.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))}
            out["views"] = sorted(insp.get_view_names())
        else:
            out["triggers"] = {f"{t}.{n}": " ".join(d.split()) for t, n, d in conn.execute(text(
                "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"))}
            out["functions"] = {n: " ".join(d.split()) for n, d in conn.execute(text(
                "SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', "
                "pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n "
                "ON n.oid = p.pronamespace LEFT JOIN pg_depend d ON d.objid = p.oid "
                "AND d.deptype = 'e' WHERE n.nspname = 'public' AND d.objid IS NULL"))}
            out["extensions"] = sorted(conn.scalars(text(
                "SELECT extname FROM pg_extension")))
            out["sequences"] = sorted(insp.get_sequence_names())
            out["views"] = sorted(insp.get_view_names())
    return out


def _differences(upgraded: dict[str, Any], fresh: dict[str, Any]) -> list[str]:
    lines = []
    for part in sorted(set(upgraded) | set(fresh)):
        if part not in fresh:
            lines.append(f"{part}: only in the upgraded database")
            continue
        if part not in upgraded:
            lines.append(f"{part}: missing from the upgraded database")
            continue
        a, b = upgraded[part], fresh[part]
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            for key in sorted(set(a) | set(b), key=str):
                if a.get(key, "<missing>") != b.get(key, "<missing>"):
                    lines.append(f"{part}: {key}: upgraded {a.get(key, '<missing>')!r} "
                                 f"!= fresh {b.get(key, '<missing>')!r}")
        else:
            lines.append(f"{part}: upgraded {a!r} != fresh {b!r}")
    return lines


# ====================================================================== the upgraded release
@dataclass
class Upgraded:
    version: str
    backend: str
    engine: Engine
    fresh: Engine
    before: Rows    # the release's database as restored
    after: Rows     # the same right after the upgrade, before any test reads or writes


def _restore_postgresql(url: str, dump: Path) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(dump.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=[(v, b) for v in VERSIONS for b in BACKENDS],
                ids=lambda p: f"{p[0]}-{p[1]}")
def upgraded(request, tmp_path_factory) -> Any:
    version, backend = request.param
    dropped: list[str] = []
    if backend == "sqlite":
        folder = tmp_path_factory.mktemp(f"release-{version}")
        shutil.copyfile(TOOL.sqlite_path(version), folder / "gem.sqlite3")
        shutil.copyfile(request.getfixturevalue("sqlite_template"), folder / "fresh.sqlite3")
        engine = make_engine(f"sqlite:///{folder / 'gem.sqlite3'}")
        fresh = make_engine(f"sqlite:///{folder / 'fresh.sqlite3'}")
    else:
        name, url = _new_pg_database(None)
        dropped.append(name)
        _restore_postgresql(url, TOOL.postgresql_path(version))
        engine = make_engine(url)
        fresh_name, fresh_url = _new_pg_database(request.getfixturevalue("pg_template"))
        dropped.append(fresh_name)
        fresh = make_engine(fresh_url)
    try:
        before = _rows(engine)
        assert schema.current_revision(engine) is not None
        schema.upgrade(engine)
        assert schema.state(engine).is_current
        yield Upgraded(version, backend, engine, fresh, before, _rows(engine))
    finally:
        engine.dispose()
        fresh.dispose()
        for name in dropped:
            _drop_pg_database(name)


# ====================================================================== rows kept
def test_every_row_is_kept(upgraded):
    before, after = upgraded.before, upgraded.after
    problems = []
    for table, rows in sorted(before.items()):
        if table == "alembic_version":
            continue
        if table not in after:
            problems.append(f"{table}: table gone ({len(rows)} rows)")
            continue
        kept = after[table]
        if set(kept) != set(rows):
            problems.append(f"{table}: {len(rows)} rows before, {len(kept)} after; lost "
                            f"{sorted(set(rows) - set(kept))[:5]}, new "
                            f"{sorted(set(kept) - set(rows))[:5]}")
            continue
        for key, row in rows.items():
            changed = {c: (v, kept[key][c]) for c, v in row.items()
                       if c in kept[key] and kept[key][c] != _as_kept(table, c, v)}
            if changed:
                problems.append(f"{table} {key}: changed {changed}")
                break
    assert problems == [], "\n".join(problems)
    assert all(before[t] for t in before), "the fixture has an empty table: regenerate it"


# ====================================================================== the same schema as new
def test_schema_is_a_fresh_databases(upgraded):
    problems = _differences(_schema(upgraded.engine), _schema(upgraded.fresh))
    assert problems == [], (f"{upgraded.version} upgraded on {upgraded.backend} differs from a "
                            "new database:\n" + "\n".join(problems))


def test_reference_rows_are_a_fresh_databases(upgraded):
    """The rows the revisions put in (every table a new database is not empty in): each is in
    the upgraded database with the same values; any other row there was the release's."""
    fresh = _rows(upgraded.fresh)
    problems = []
    for table, rows in sorted(fresh.items()):
        if not rows or table == "alembic_version" or table in ANNOUNCEMENTS:
            continue
        mine = upgraded.after.get(table, {})
        for key, row in rows.items():
            if key not in mine:
                problems.append(f"{table} {key}: missing from the upgraded database")
                continue
            changed = {c: (mine[key].get(c), v) for c, v in row.items()
                       if c not in BOOKKEEPING and mine[key].get(c) != v}
            if changed:
                problems.append(f"{table} {key}: upgraded != fresh: {changed}")
        extra = set(mine) - set(rows) - set(upgraded.before.get(table, {}))
        if extra:
            problems.append(f"{table}: rows the upgrade added that a new database lacks: "
                            f"{sorted(extra)[:5]}")
    assert problems == [], "\n".join(problems)


# ====================================================================== read through the services
def _services() -> dict[str, Any]:
    from gem.services.arbitration import ArbitrationService, ArbitratorService, HearingService
    from gem.services.collective_agreement import ArticleService, CollectiveAgreementService
    from gem.services.grievance import GrievanceService
    from gem.services.institution import (
        BargainingUnitService,
        InstitutionService,
        SuccessionService,
        UnitOfficerService,
    )
    from gem.services.leave import InvoiceLineService, LeaveInvoiceService, UnionLeaveService
    from gem.services.member import EmploymentRecordService, MemberService
    from gem.services.recourse import RecourseService
    from gem.services.reference import HealthRegionService, JobTitleService
    from gem.services.settlement import AgreementService, FollowUpService
    from gem.services.users import AssignmentService, UserService

    services = (InstitutionService, SuccessionService, BargainingUnitService,
                UnitOfficerService, MemberService, EmploymentRecordService, GrievanceService,
                ArbitrationService, ArbitratorService, HearingService, AgreementService,
                FollowUpService, RecourseService, UnionLeaveService, LeaveInvoiceService,
                InvoiceLineService, CollectiveAgreementService, ArticleService,
                HealthRegionService, JobTitleService, UserService, AssignmentService)
    return {s.model.__tablename__: s() for s in services}


def _admin(session: Session):
    from gem.models import User
    from gem.services.users import actor_for

    user = session.scalars(select(User).where(User.role == "admin", User.active)
                           .order_by(User.id)).first()
    assert user is not None, "the fixture has no active administrator"
    return actor_for(user)


def _same(stored: Any, value: Any) -> bool:
    if stored == value:
        return True
    return str(stored) == str(value)  # an enum member and its text, a Decimal's scale


def test_every_record_opens_through_the_services(upgraded):
    from gem.services import records

    services = _services()
    problems = []
    with Session(upgraded.engine) as session:
        actor = _admin(session)
        for table, service in services.items():
            rows = upgraded.before.get(table, {})
            listed = {(o.id if service.keyed_by_id() else
                       getattr(o, service.primary_key().name),)
                      for o in session.scalars(service.query(actor, {}))}
            if listed != set(rows):
                problems.append(f"{table}: the service lists {len(listed)} of {len(rows)} rows")
            for key, row in rows.items():
                obj = service.get(session, actor, key[0])
                changed = {c: (v, getattr(obj, c)) for c, v in row.items()
                           if hasattr(obj, c) and not _same(getattr(obj, c), v)}
                if changed:
                    problems.append(f"{table} {key}: read {changed}")
        for entity, kind in records.KINDS.items():
            table = kind.service.model.__tablename__
            specs = [records.FieldSpec(c) for c in kind.service.model.__table__.columns.keys()]
            for (ident,) in upgraded.before.get(table, {}):
                data = records.read_record(session, actor, entity, ident, specs)
                assert data.id == ident
        session.rollback()
    assert problems == [], "\n".join(problems)


def test_attachments_deadlines_and_history_read(upgraded):
    from gem.services import audit, documents
    from gem.services.records import read_deadlines

    before = upgraded.before
    with Session(upgraded.engine) as session:
        actor = _admin(session)
        for (ident,), row in before["documents"].items():
            content = documents.content_of(session, actor, ident)
            assert len(content) == row["size"]
        owners = {(r["owner_type"], r["owner_id"]) for r in before["deadlines"].values()}
        read = sum(len(read_deadlines(session, actor, t, i)) for t, i in sorted(owners))
        assert read == len(before["deadlines"])
        audited = {(r["entity"], r["entity_id"]) for r in before["audit_log"].values()
                   if r["entity_id"] is not None}
        for entity, ident in sorted(audited):
            assert audit.history(session, actor, entity, ident), (entity, ident)
        session.rollback()


def test_the_eight_reports_run(upgraded, tmp_path):
    from gem.reports import run_report
    from gem.reports.registry import get_report, report_names

    before = upgraded.before
    member = min(r["member_number"] for r in before["members"].values())
    grievance = min(before["grievances"])[0]
    institution = min(r["institution_id"] for r in before["leave_invoices"].values())
    raw = {"caseload": {}, "statistics": {"start": "2019-01-01", "end": "2026-12-31"},
           "hearings": {"start": "2019-01-01", "end": "2027-12-31"},
           "deadlines": {"start": "2019-01-01", "end": "2027-12-31"},
           "member": {"member": member}, "grievance_letter": {"grievance": grievance},
           "list_export": {"list": "grievances"},
           "leave_reconciliation": {"institution": institution, "start": "2019-01-01",
                                    "end": "2026-12-31"}}
    assert sorted(report_names()) == sorted(raw)
    with Session(upgraded.engine) as session, session.begin():
        actor = _admin(session)
        # the reconciliation, which stores each line's match, last
        for name in sorted(report_names(), key=lambda n: n == "leave_reconciliation"):
            fmt = "xlsx" if "xlsx" in get_report(name).formats else "pdf"
            path = run_report(session, actor, name, raw[name], fmt, tmp_path / f"{name}.{fmt}")
            assert path.stat().st_size > 0, name


def test_no_password_hash_is_left_in_the_audit(upgraded):
    """What the current GEM never writes (gem.services.audit._SKIP) an upgrade must not keep:
    a password hash in the log is as good as one in the users table to whoever reads it
    (0.1.0 wrote them; revision 0008 takes them out)."""
    kept = sorted(key for key, row in upgraded.after["audit_log"].items()
                  if any(isinstance(r, dict) and "password_hash" in r
                         for r in (row["before"], row["after"])))
    assert kept == [], f"audit_log rows holding a password hash after the upgrade: {kept}"


def test_the_first_saves_after_the_upgrade(upgraded):
    """Ids and file numbers go on from the release's (sequences, counters, AUTOINCREMENT):
    a member and a grievance made now neither collide nor reuse a number. It writes: it
    comes after the tests that read the upgraded database (they compare with the fixture)."""
    from gem.db import session_factory, transaction
    from tests import factories

    before = upgraded.before
    with transaction(session_factory(upgraded.engine)) as session:
        made = factories.grievance(session, _admin(session))
        ident, number = made.id, made.file_number
        member = made.members[0].member_id
    assert (ident,) not in before["grievances"]
    assert (member,) not in before["members"]
    assert number not in {r["file_number"] for r in before["grievances"].values()}
