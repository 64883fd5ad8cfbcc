"""SQLite never reuses a deleted row's id

Revision ID: 0004
Revises: 0003

Without AUTOINCREMENT, SQLite gives a new row max(id) + 1, so deleting the row with the highest
id hands its id to the next row: the audit entries, attachments and deadlines that name the
deleted record by (entity, id) then show up on a new, unrelated record (a confidential
grievance's history on another person's grievance). PostgreSQL's sequences never go back, so
this revision changes nothing there.

On SQLite every table keyed by an integer ``id`` is rebuilt as ``INTEGER PRIMARY KEY
AUTOINCREMENT``, and its ``sqlite_sequence`` entry starts above both its largest id and the
largest id the audit log, the attachments and the deadlines ever named for it, so an id used
before this revision is not handed out again either.

How, and why this way: SQLite's own recipe (lang_altertable.html, "Making Other Kinds Of Table
Schema Changes") turns foreign keys off, which cannot be done inside a transaction, and GEM
runs every revision inside one (gem.schema.upgrade), with ``PRAGMA foreign_keys=ON`` on every
connection (gem.db). Alembic's batch mode creates a copy and drops the original, and dropping
a parent with foreign keys on deletes its rows first, which cascades (ON DELETE CASCADE) into
the children: grievance members, events, calendar days... gone. So, with foreign keys left on
and everything in the caller's transaction (a failure rolls all of it back):

1. every table that gets AUTOINCREMENT is renamed aside, and so is every table that points at
   one of them: SQLite rewrites the children's REFERENCES to follow a renamed parent (always
   with foreign keys on, whatever PRAGMA legacy_alter_table says), so those are rebuilt from
   their saved SQL as well, and whether a rename rewrote anything no longer matters;
2. each is created again from its own saved ``CREATE TABLE`` text, where only the primary key
   clause changes, so columns, types, defaults, NOT NULL, CHECKs, unique and foreign keys stay
   exactly as they were;
3. rows are copied parents first (every foreign key holds at each statement) with their ids;
4. the old tables are dropped children first: no table points at an old table any more when
   it goes, so no drop deletes or cascades anything, and none touches the new tables;
5. indexes, triggers and views are created again from their saved SQL, and statistics
   (sqlite_stat1, if someone ran ANALYZE) gathered again for the tables that had them;
6. ``PRAGMA foreign_key_check`` must find nothing new, and each table must show the same
   columns, foreign keys, indexes and row count as before, or the revision fails.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from alembic import context, op
from sqlalchemy import Connection

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# Where a table waits while its new self is filled; no GEM table starts with an underscore.
_ASIDE = "_gem0004_old_"

# The names the services give each table's records in audit_log.entity and in the owner_type
# of attachments and deadlines (each service's ``entity``, and the names gem.services.grievance,
# leave, reconciliation, deadlines write by hand), as of this revision. Not read from the
# services: a revision must do the same thing whatever later releases rename. A name missing
# here only means its table starts above its own max(id) instead.
_ENTITY_TABLES: dict[str, str] = {
    "agreement": "agreements",
    "agreement_article": "agreement_articles",
    "agreement_follow_up": "agreement_follow_ups",
    "arbitration": "arbitrations",
    "arbitrator": "arbitrators",
    "bargaining_unit": "bargaining_units",
    "collective_agreement": "collective_agreements",
    "counsellor_assignment": "counsellor_assignments",
    "deadline": "deadlines",
    "deadline_calendar": "deadline_calendars",
    "deadline_rule_version": "deadline_rule_versions",
    "employment_record": "employment_records",
    "grievance": "grievances",
    "grievance_event": "grievance_events",
    "hearing": "hearings",
    "institution": "institutions",
    "institution_succession": "institution_successions",
    "job_title": "job_titles",
    "leave_invoice": "leave_invoices",
    "leave_invoice_line": "leave_invoice_lines",
    "member": "members",
    "proclaimed_holiday": "proclaimed_holidays",
    "recourse": "recourses",
    "union_leave": "union_leaves",
    "unit_officer": "unit_officers",
    "user": "users",
}

# (table, name column, id column): rows naming a record by entity name and id, no foreign key.
_NAMED_BY_ENTITY = (("audit_log", "entity", "entity_id"),
                    ("documents", "owner_type", "owner_id"),
                    ("deadlines", "owner_type", "owner_id"))

_AUTOINCREMENT = re.compile(r"\bAUTOINCREMENT\b", re.IGNORECASE)
_WITHOUT_ROWID = re.compile(r"\bWITHOUT\s+ROWID\b", re.IGNORECASE)
# The table constraint SQLAlchemy writes: ", CONSTRAINT pk_x PRIMARY KEY (id)".
_TABLE_PK = re.compile(r",\s*(?:CONSTRAINT\s+(?P<name>\"[^\"]+\"|\w+)\s+)?"
                       r"PRIMARY\s+KEY\s*\(\s*(?:\"id\"|id)\s*\)", re.IGNORECASE)
# The id column's own definition, up to the comma or parenthesis that ends it.
_ID_COLUMN = re.compile(r"(?P<column>[(,]\s*(?:\"id\"|id)\s+INTEGER(?:\s+NOT\s+NULL)?)"
                        r"(?P<pk>(?:\s+CONSTRAINT\s+(?:\"[^\"]+\"|\w+))?\s+PRIMARY\s+KEY)?"
                        r"(?=\s*[,)])", re.IGNORECASE)


def upgrade() -> None:
    if op.get_context().dialect.name != "sqlite":
        return  # PostgreSQL sequences never hand an id out twice
    if context.is_offline_mode():
        raise RuntimeError("revision 0004 reads the SQLite schema and rows it rebuilds; "
                           "run it on the database (gem db upgrade), not as an SQL script")
    _rebuild(op.get_bind())


def downgrade() -> None:
    """Nothing to undo: 0003's code never relies on ids being reused, and rebuilding every
    table again only to take AUTOINCREMENT away would risk the data for no gain. Upgrading
    again finds the tables already rebuilt and leaves them alone."""


# --------------------------------------------------------------------------- the rebuild
def _rebuild(conn: Connection) -> None:
    tables = _tables(conn)
    targets = {t for t, sql in tables.items() if _keyed_by_integer_id(conn, t)
               and not _AUTOINCREMENT.search(sql)}
    if not targets:
        return
    parents = {t: _parents(conn, t, tables) for t in tables}
    rebuilt = _with_children(targets, parents)
    order = _parents_first(rebuilt, parents)
    shapes = {t: _shape(conn, t) for t in order}
    counts = {t: _count(conn, t) for t in order}
    enforced = bool(conn.exec_driver_sql("PRAGMA foreign_keys").scalar())
    broken = _violations(conn)
    if enforced and broken:
        # Copying these rows with foreign keys on would fail half-way; say which they are.
        raise RuntimeError("revision 0004: rows point at missing records; correct them first "
                           f"(PRAGMA foreign_key_check): {sorted(broken)[:20]}")
    new_sql = {t: _with_autoincrement(t, tables[t]) if t in targets else tables[t]
               for t in order}
    indexes = _schema_sql(conn, "index", rebuilt)
    # Triggers and views are dropped while their tables move (a rename would rewrite them to
    # the table set aside, which then goes) and created again from their text; GEM has none.
    dependents = _schema_sql(conn, "trigger", None) + _schema_sql(conn, "view", None)
    analyzed = _analyzed(conn, rebuilt)

    for kind, name, _ in dependents:
        conn.exec_driver_sql(f"DROP {kind.upper()} {_q(name)}")
    for t in order:
        conn.exec_driver_sql(f"ALTER TABLE {_q(t)} RENAME TO {_q(_ASIDE + t)}")
    for _, name, _ in indexes:  # their names are wanted again by the new tables
        conn.exec_driver_sql(f"DROP INDEX {_q(name)}")
    for t in order:
        conn.exec_driver_sql(new_sql[t])
    for t in order:
        _copy(conn, t, tables[t])
    for t in reversed(order):
        conn.exec_driver_sql(f"DROP TABLE {_q(_ASIDE + t)}")
    for _, _, sql in indexes + dependents:
        conn.exec_driver_sql(sql)
    _seed_sequences(conn, sorted(targets), tables)
    for t in analyzed:  # a dropped table takes its statistics with it
        conn.exec_driver_sql(f"ANALYZE {_q(t)}")

    for t in order:
        if _shape(conn, t) != shapes[t] or _count(conn, t) != counts[t]:
            raise RuntimeError(f"revision 0004: table {t} differs after its rebuild")
    if not _violations(conn) <= broken:
        raise RuntimeError("revision 0004: the rebuild broke foreign keys "
                           f"{sorted(_violations(conn) - broken)[:20]}")


def _tables(conn: Connection) -> dict[str, str]:
    """Ordinary tables and their CREATE TABLE text (SQLite's own tables left out)."""
    rows = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql LIKE 'CREATE TABLE%' ORDER BY name")
    return {name: sql for name, sql in rows}


def _keyed_by_integer_id(conn: Connection, table: str) -> bool:
    """A single primary key column ``id`` declared INTEGER: the rowid itself, the only kind
    of key AUTOINCREMENT applies to."""
    keys = [(row[1], str(row[2]).upper()) for row in
            conn.exec_driver_sql(f"PRAGMA table_info({_q(table)})") if row[5]]
    return keys == [("id", "INTEGER")]


def _parents(conn: Connection, table: str, tables: dict[str, str]) -> set[str]:
    """Tables ``table`` points at (itself included when it does), by their stored names."""
    by_lower = {t.lower(): t for t in tables}
    found = {str(row[2]).lower() for row in
             conn.exec_driver_sql(f"PRAGMA foreign_key_list({_q(table)})")}
    return {by_lower.get(name, name) for name in found}


def _with_children(targets: set[str], parents: dict[str, set[str]]) -> set[str]:
    """The targets and every table pointing at a rebuilt one, transitively: a rename rewrites
    the REFERENCES of the tables pointing at it, so they must be rebuilt from their text."""
    rebuilt = set(targets)
    grew = True
    while grew:
        children = {t for t, up in parents.items() if t not in rebuilt and up & rebuilt}
        rebuilt |= children
        grew = bool(children)
    return rebuilt


def _parents_first(rebuilt: set[str], parents: dict[str, set[str]]) -> list[str]:
    """Rebuilt tables ordered so each comes after the tables it points at (a table pointing
    at itself is fine: each statement copies or drops all of its rows at once)."""
    order: list[str] = []
    waiting = {t: (parents[t] & rebuilt) - {t} for t in rebuilt}
    while waiting:
        ready = sorted(t for t, up in waiting.items() if not up - set(order))
        if not ready:
            raise RuntimeError(f"revision 0004: foreign keys form a cycle among {sorted(waiting)}")
        order.extend(ready)
        for t in ready:
            del waiting[t]
    return order


def _with_autoincrement(table: str, sql: str) -> str:
    """``sql`` with the id column declared ``INTEGER PRIMARY KEY AUTOINCREMENT`` (which SQLite
    accepts on the column only), the primary key keeping its constraint name; nothing else
    in the text changes."""
    table_pk = list(_TABLE_PK.finditer(sql))
    columns = list(_ID_COLUMN.finditer(sql))
    if len(columns) != 1 or len(table_pk) > 1 or (table_pk and columns[0]["pk"]):
        raise RuntimeError(f"revision 0004: unexpected primary key in table {table}: {sql}")
    column = columns[0]
    if table_pk:
        name = table_pk[0]["name"]
        clause = f" CONSTRAINT {name} PRIMARY KEY AUTOINCREMENT" if name else \
            " PRIMARY KEY AUTOINCREMENT"
        start, end = table_pk[0].span()
        sql = sql[:start] + sql[end:]
        return sql[:column.end("column")] + clause + sql[column.end("column"):]
    if not column["pk"]:
        raise RuntimeError(f"revision 0004: table {table} has no primary key clause: {sql}")
    return sql[:column.end("pk")] + " AUTOINCREMENT" + sql[column.end("pk"):]


def _copy(conn: Connection, table: str, sql: str) -> None:
    """Every row with its values; a table without an integer key keeps its rowids too."""
    columns = [row[1] for row in conn.exec_driver_sql(f"PRAGMA table_xinfo({_q(table)})")
               if row[6] == 0]  # generated columns (hidden 2, 3) are computed, not copied
    if not _keyed_by_integer_id(conn, table) and not _WITHOUT_ROWID.search(sql) \
            and "rowid" not in {c.lower() for c in columns}:
        columns = ["rowid", *columns]
    listed = ", ".join(_q(c) for c in columns)
    conn.exec_driver_sql(f"INSERT INTO {_q(table)} ({listed}) "
                         f"SELECT {listed} FROM {_q(_ASIDE + table)}")


def _seed_sequences(conn: Connection, targets: Iterable[str], tables: dict[str, str]) -> None:
    """Start each table's ids above every id it has used, as far as the database tells."""
    for table in targets:
        highest = conn.exec_driver_sql(f"SELECT max(id) FROM {_q(table)}").scalar() or 0
        names = sorted(e for e, t in _ENTITY_TABLES.items() if t == table)
        for other, name_column, id_column in _NAMED_BY_ENTITY:
            if not names or other not in tables:
                continue
            marks = ", ".join("?" for _ in names)
            named = conn.exec_driver_sql(
                f"SELECT max({_q(id_column)}) FROM {_q(other)} "
                f"WHERE {_q(name_column)} IN ({marks})", tuple(names)).scalar()
            highest = max(highest, named or 0)
        conn.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
        if highest:
            conn.exec_driver_sql("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)",
                                 (table, highest))


def _schema_sql(conn: Connection, kind: str, tables: set[str] | None
                ) -> list[tuple[str, str, str]]:
    """(kind, name, sql) of the indexes, triggers or views to create again (an index SQLite
    made for a UNIQUE constraint has no text: the new table makes its own)."""
    rows = conn.exec_driver_sql("SELECT type, name, tbl_name, sql FROM sqlite_master "
                                "WHERE type = ? AND sql IS NOT NULL ORDER BY name", (kind,))
    return [(k, name, sql) for k, name, table, sql in rows if tables is None or table in tables]


def _analyzed(conn: Connection, tables: set[str]) -> list[str]:
    """The tables among ``tables`` that ANALYZE has statistics for."""
    if not conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                "AND name = 'sqlite_stat1'").first():
        return []
    found = conn.exec_driver_sql("SELECT DISTINCT tbl FROM sqlite_stat1").scalars()
    return sorted(set(found) & tables)


def _shape(conn: Connection, table: str) -> tuple:
    """What a rebuild must keep: columns (type, NOT NULL, default, key), foreign keys (with
    their actions) and indexes (unique, partial, columns, collation, order)."""
    columns = conn.exec_driver_sql(f"PRAGMA table_xinfo({_q(table)})").all()
    foreign = conn.exec_driver_sql(f"PRAGMA foreign_key_list({_q(table)})").all()
    indexes = {}
    for row in conn.exec_driver_sql(f"PRAGMA index_list({_q(table)})").all():
        name = row[1]
        indexes[name] = (tuple(row[2:]),
                         tuple(conn.exec_driver_sql(f"PRAGMA index_xinfo({_q(name)})").all()))
    return tuple(columns), tuple(sorted(foreign)), tuple(sorted(indexes.items()))


def _count(conn: Connection, table: str) -> int:
    return int(conn.exec_driver_sql(f"SELECT count(*) FROM {_q(table)}").scalar() or 0)


def _violations(conn: Connection) -> set[tuple]:
    return {tuple(row) for row in conn.exec_driver_sql("PRAGMA foreign_key_check").all()}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
