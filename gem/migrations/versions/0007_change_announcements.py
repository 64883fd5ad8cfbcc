"""every committed write announces itself to the other windows

Nothing told an open list, caseload or form that a colleague had just saved. Now every row
written in any GEM table, by GEM or by anything else (psql, a script), says so, from the
database itself, at commit and only at commit:

* PostgreSQL: a trigger ``gem_announce`` on every table, AFTER INSERT OR UPDATE OR DELETE
  FOR EACH ROW, calls ``gem_announce_change()``, which sends ``NOTIFY gem_changes`` with
  ``{"table": …, "id": …, "op": "insert"|"update"|"delete", "who": …}``: a table name, a row
  id, the operation and the login, nothing of the row's content. PostgreSQL delivers a
  transaction's notifications when it commits and drops them when it rolls back. For each
  row rather than each statement because the row's id is at hand in NEW/OLD, where a
  statement trigger would need transition tables (one trigger per operation, and a copy of
  every changed row, a 50 MB attachment included); GEM's writes touch one record and a few
  rows beside it. A bulk write (``gem demo``, an UPDATE of a whole table in psql) is capped:
  past ``ANNOUNCED_ROWS`` rows in one transaction each further row sends the same « many rows
  of this table » payload, which PostgreSQL folds into one notification per table (it drops
  a transaction's duplicate notifications). A ``gem_announce_truncate`` statement trigger
  says « many » for a TRUNCATE. ``who`` is ``session_user`` here; on a database secured by
  ``gem db setup``, gem.database_roles replaces the function with one that names the GEM
  login (``gem_user_id()``) and runs as the tables' owner;
* SQLite (one workstation, several windows): ``change_counter`` (one row, ``n``) and the
  ``recent_changes`` ring (``n % RING_SIZE``: table, row id, operation, the account the row
  names as ``updated_by_id``) are written by three triggers per table in the writer's own
  transaction; the other windows poll ``n``.

The tables are those the database holds at this revision, read from it (every table but
Alembic's and the two above), so that 0006's are included. A later revision that adds a table
adds its triggers; one that rebuilds a table on SQLite (batch mode) loses them and must create
them again (tests/test_changes.py checks every table at head). The triggers and the ring size
are this revision's own copy. Online only: the tables are read from the connection.

Revision ID: 0007
Revises: 0006
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

RING_SIZE = 1024       # gem.models.change.RING_SIZE, as of this revision
ANNOUNCED_ROWS = 100   # rows of one transaction announced one by one on PostgreSQL
_OWN = {"alembic_version", "change_counter", "recent_changes"}

# The function every table's trigger calls (PostgreSQL). TG_ARGV[0] is 'id' for the tables
# keyed by an ``id`` column: PL/pgSQL plans NEW.id only in that branch, so a table keyed by
# something else (a health region's code, a typed login) announces itself with no id.
_FUNCTION = f"""
CREATE OR REPLACE FUNCTION gem_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    counted integer := coalesce(nullif(current_setting('gem.announced', true), ''),
                                '0')::integer + 1;
    ident bigint;
    what text := lower(TG_OP);
BEGIN
    IF counted <= {ANNOUNCED_ROWS} + 1 THEN
        PERFORM set_config('gem.announced', counted::text, true);
    END IF;
    IF TG_LEVEL = 'STATEMENT' OR counted > {ANNOUNCED_ROWS} THEN
        what := 'many';
    ELSIF TG_ARGV[0] = 'id' THEN
        IF TG_OP = 'DELETE' THEN ident := OLD.id; ELSE ident := NEW.id; END IF;
    END IF;
    PERFORM pg_notify('gem_changes', json_build_object(
        'table', TG_TABLE_NAME, 'id', ident, 'op', what, 'who', session_user::text)::text);
    RETURN NULL;
END $$
"""


def _tables(bind: sa.Connection) -> dict[str, list[str]]:
    inspector = sa.inspect(bind)
    return {name: [c["name"] for c in inspector.get_columns(name)]
            for name in sorted(inspector.get_table_names()) if name not in _OWN}


def _sqlite_triggers(table: str, columns: list[str]) -> list[str]:
    ident = "{row}.id" if "id" in columns else "NULL"
    who = "updated_by_id" if "updated_by_id" in columns else \
        "user_id" if table == "audit_log" else None
    out = []
    for what, row in (("insert", "NEW"), ("update", "NEW"), ("delete", "OLD")):
        author = f"NEW.{who}" if who and row == "NEW" else "NULL"
        out.append(
            f'CREATE TRIGGER "gem_announce_{table}_{what}" AFTER {what.upper()} ON "{table}" '
            f"BEGIN "
            f"UPDATE change_counter SET n = n + 1 WHERE slot = 0; "
            f"INSERT OR REPLACE INTO recent_changes (slot, n, table_name, ident, op, who_id) "
            f"SELECT n % {RING_SIZE}, n, '{table}', {ident.format(row=row)}, '{what}', "
            f"{author} FROM change_counter WHERE slot = 0; "
            f"END")
    return out


def upgrade() -> None:
    op.create_table(
        'change_counter',
        sa.Column('slot', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('n', sa.Integer(), server_default='0', nullable=False),
        sa.PrimaryKeyConstraint('slot', name=op.f('pk_change_counter')),
    )
    op.create_table(
        'recent_changes',
        sa.Column('slot', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.Column('table_name', sa.String(length=63), nullable=False),
        sa.Column('ident', sa.Integer(), nullable=True),
        sa.Column('op', sa.String(length=8), nullable=False),
        sa.Column('who_id', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('slot', name=op.f('pk_recent_changes')),
    )
    bind = op.get_bind()
    tables = _tables(bind)
    if bind.dialect.name == "postgresql":
        op.execute(_FUNCTION)
        for table, columns in tables.items():
            argument = "'id'" if "id" in columns else "''"
            op.execute(f'CREATE TRIGGER gem_announce AFTER INSERT OR UPDATE OR DELETE '
                       f'ON "{table}" FOR EACH ROW EXECUTE FUNCTION '
                       f'gem_announce_change({argument})')
            op.execute(f'CREATE TRIGGER gem_announce_truncate AFTER TRUNCATE ON "{table}" '
                       f'FOR EACH STATEMENT EXECUTE FUNCTION gem_announce_change()')
    else:
        op.execute("INSERT INTO change_counter (slot, n) VALUES (0, 0)")
        for table, columns in tables.items():
            for statement in _sqlite_triggers(table, columns):
                op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in _tables(bind):
            op.execute(f'DROP TRIGGER IF EXISTS gem_announce ON "{table}"')
            op.execute(f'DROP TRIGGER IF EXISTS gem_announce_truncate ON "{table}"')
        op.execute("DROP FUNCTION IF EXISTS gem_announce_change()")
    else:
        names = bind.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                     "AND name LIKE 'gem\\_announce\\_%' ESCAPE '\\'").scalars()
        for name in list(names):
            op.execute(f'DROP TRIGGER "{name}"')
    op.drop_table('recent_changes')
    op.drop_table('change_counter')
