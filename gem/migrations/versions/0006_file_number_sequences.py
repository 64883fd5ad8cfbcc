"""file numbers from a sequence per kind and year; creation keys

Two people creating grievances at the same moment got the same number: it was max()+1 of what
each one's transaction saw, and a counsellor's own login on a secured database does not even
see another counsellor's confidential files. A create retried after its answer was lost made
the record twice. So:

* ``file_number_counters(prefix, year, last)``: on SQLite, the last number handed out for a
  kind (G grievances, A arbitrations, R recourses, E agreements) and year, updated in the
  creating transaction (SQLite lets one writer at a time); seeded here from the numbers
  already used, so the next one starts above them. PostgreSQL has the table (one schema for
  both engines) but never writes it;
* on PostgreSQL, ``gem_next_file_number(prefix, year)``: the next number of that kind and
  year, from a SEQUENCE of its own (``gem_file_number_<prefix>_<year>``), which never makes
  two creations wait nor hands a number out twice. The function creates the sequence on first
  use, starting above the highest number the table already holds, and skips any number
  already taken (typed by hand). SECURITY DEFINER: on a secured database (``gem db setup``,
  gem.database_roles) it runs as the tables' owner, who may create the sequence (people's
  logins may create nothing in the schema) and sees every row, confidential ones included;
* ``creation_keys(key, entity, entity_id, created_at)``: the key a creation was made with
  (gem.services.entity), written in the creating transaction.

The prefixes and their tables are this revision's own copy, as of this revision.

Revision ID: 0006
Revises: 0005
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# prefix -> the table its files live in (gem.services.files: each service's file_prefix)
_NUMBERED = {"G": "grievances", "A": "arbitrations", "R": "recourses", "E": "agreements"}

_NEXT_FILE_NUMBER = """
CREATE OR REPLACE FUNCTION gem_next_file_number(prefix text, year integer) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    tbl text := CASE prefix {tables} END;
    seq text := 'gem_file_number_' || lower(prefix) || '_' || year;
    stem text := prefix || '-' || year || '-';
    seq_id oid;
    highest bigint;
    n bigint;
    taken boolean;
BEGIN
    IF tbl IS NULL OR year NOT BETWEEN 1000 AND 9999 THEN
        RAISE EXCEPTION 'GEM : aucun numéro de dossier « % » pour l''année %', prefix, year
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT c.oid INTO seq_id FROM pg_class c
        WHERE c.relname = seq AND c.relkind = 'S' AND c.relnamespace = 'public'::regnamespace;
    IF seq_id IS NULL THEN
        -- the first number of this kind and year: above every one already used
        EXECUTE format('SELECT max(substring(file_number FROM %L)::bigint) FROM %I '
                       'WHERE file_number LIKE %L', '^' || stem || '([0-9]+)$', tbl,
                       stem || '%')
            INTO highest;
        BEGIN
            EXECUTE format('CREATE SEQUENCE %I AS bigint START WITH %s', seq,
                           coalesce(highest, 0) + 1);
        EXCEPTION WHEN duplicate_table OR unique_violation THEN
            NULL;  -- another creation made it meanwhile (it waited for that one's commit)
        END;
        SELECT c.oid INTO seq_id FROM pg_class c
            WHERE c.relname = seq AND c.relkind = 'S'
              AND c.relnamespace = 'public'::regnamespace;
        IF seq_id IS NULL THEN
            RAISE EXCEPTION 'GEM : la séquence % est introuvable', seq
                USING ERRCODE = 'serialization_failure';
        END IF;
    END IF;
    LOOP  -- a number typed by hand is never handed out again
        n := nextval(seq_id::regclass);
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE file_number = $1)', tbl)
            INTO taken
            USING stem || CASE WHEN n < 100000 THEN lpad(n::text, 5, '0') ELSE n::text END;
        EXIT WHEN NOT taken;
    END LOOP;
    RETURN n;
END $$
"""

_DROP_SEQUENCES = r"""
DO $$
DECLARE
    name text;
BEGIN
    FOR name IN SELECT c.relname FROM pg_class c
                WHERE c.relkind = 'S' AND c.relnamespace = 'public'::regnamespace
                  AND c.relname LIKE 'gem\_file\_number\_%' LOOP
        EXECUTE format('DROP SEQUENCE %I', name);
    END LOOP;
END $$
"""


def upgrade() -> None:
    op.create_table(
        'file_number_counters',
        sa.Column('prefix', sa.String(length=5), nullable=False),
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('last', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('prefix', 'year', name=op.f('pk_file_number_counters')),
    )
    op.create_table(
        'creation_keys',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('entity', sa.String(length=40), nullable=False),
        sa.Column('entity_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True),
                  server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_creation_keys')),
    )
    if op.get_context().dialect.name == "postgresql":
        cases = " ".join(f"WHEN '{prefix}' THEN '{table}'" for prefix, table in
                         _NUMBERED.items())
        op.execute(_NEXT_FILE_NUMBER.replace("{tables}", cases))
    else:
        for prefix, table in _NUMBERED.items():
            op.execute(_seed(prefix, table))


def _seed(prefix: str, table: str) -> str:
    """The highest number used per year, ``PREFIX-YYYY-<digits>`` only (a number typed by hand
    in another shape cannot collide with a generated one)."""
    year, tail = len(prefix) + 2, len(prefix) + 7
    return (f"INSERT INTO file_number_counters (prefix, year, last) "
            f"SELECT '{prefix}', CAST(substr(file_number, {year}, 4) AS INTEGER), "
            f"max(CAST(substr(file_number, {tail}) AS INTEGER)) FROM {table} "
            f"WHERE file_number GLOB '{prefix}-[0-9][0-9][0-9][0-9]-[0-9]*' "
            f"AND substr(file_number, {tail}) NOT GLOB '*[^0-9]*' "
            f"GROUP BY substr(file_number, {year}, 4)")


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS gem_next_file_number(text, integer)")
        op.execute(_DROP_SEQUENCES)
    op.drop_table('creation_keys')
    op.drop_table('file_number_counters')
