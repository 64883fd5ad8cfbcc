"""imports of institutions' spreadsheets: their batches and remembered columns

Issue 14 brings members (then invoice lines and the previous system's files) in from
spreadsheets. Each import is one batch (``import_batches``: who, when, which file and its
SHA-256, the counts), and every audit entry it writes names it (``audit_log.batch_id``),
which is what its undo reads back. ``import_mappings`` remembers, per institution and kind,
which header fills which field.

``audit_log.tx`` gets an index: on a database secured by ``gem db setup`` a commit looks its
transaction's audit rows up once per written row (gem_audit_direct_write), which scanned the
whole log each time; an import writes 65,000 rows.

``audit_log.batch_id`` has no foreign key, like ``entity_id``: an entry names what it
describes without depending on it, and SQLite cannot add a foreign key without rebuilding the
table (a batch rebuild of the append-only log would also drop its 0007 triggers). The new
tables get 0007's announcement triggers, this revision's own copy of them.

Revision ID: 0009
Revises: 0008
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

RING_SIZE = 1024  # gem.models.change.RING_SIZE, as of revision 0007
_TABLES = ("import_batches", "import_mappings")


def _sqlite_triggers(table: str) -> list[str]:
    """0007's three triggers of a table keyed by ``id`` with no ``updated_by_id``."""
    out = []
    for what, row in (("insert", "NEW"), ("update", "NEW"), ("delete", "OLD")):
        out.append(
            f'CREATE TRIGGER "gem_announce_{table}_{what}" AFTER {what.upper()} ON "{table}" '
            f"BEGIN "
            f"UPDATE change_counter SET n = n + 1 WHERE slot = 0; "
            f"INSERT OR REPLACE INTO recent_changes (slot, n, table_name, ident, op, who_id) "
            f"SELECT n % {RING_SIZE}, n, '{table}', {row}.id, '{what}', NULL "
            f"FROM change_counter WHERE slot = 0; "
            f"END")
    return out


def upgrade() -> None:
    op.create_table(
        'import_batches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('file_name', sa.String(length=255), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('sheet', sa.String(length=100), nullable=True),
        sa.Column('institution_id', sa.Integer(), nullable=True),
        sa.Column('made_at', sa.DateTime(timezone=True),
                  server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('made_by_id', sa.Integer(), nullable=True),
        sa.Column('made_by_login', sa.String(length=40), nullable=False),
        sa.Column('counts', sa.JSON(), nullable=False),
        sa.Column('valid_only', sa.Boolean(), server_default='0', nullable=False),
        sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('undone_by_login', sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'],
                                name=op.f('fk_import_batches_institution_id_institutions')),
        sa.ForeignKeyConstraint(['made_by_id'], ['users.id'],
                                name=op.f('fk_import_batches_made_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches')),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f('ix_import_batches_institution_id'), 'import_batches',
                    ['institution_id'], unique=False)
    op.create_index(op.f('ix_import_batches_made_at'), 'import_batches', ['made_at'],
                    unique=False)
    op.create_table(
        'import_mappings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('institution_id', sa.Integer(), nullable=True),
        sa.Column('columns', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True),
                  server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('updated_by_login', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'],
                                name=op.f('fk_import_mappings_institution_id_institutions')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_mappings')),
        sa.UniqueConstraint('kind', 'institution_id',
                            name='uq_import_mappings_kind_institution'),
        sqlite_autoincrement=True,
    )
    op.add_column('audit_log', sa.Column('batch_id', sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        for table in _TABLES:
            for statement in _sqlite_triggers(table):
                op.execute(statement)
    else:
        for table in _TABLES:
            op.execute(f'CREATE TRIGGER gem_announce AFTER INSERT OR UPDATE OR DELETE '
                       f'ON "{table}" FOR EACH ROW EXECUTE FUNCTION '
                       f"gem_announce_change('id')")
            op.execute(f'CREATE TRIGGER gem_announce_truncate AFTER TRUNCATE ON "{table}" '
                       f'FOR EACH STATEMENT EXECUTE FUNCTION gem_announce_change()')
    op.create_index(op.f('ix_audit_log_batch_id'), 'audit_log', ['batch_id'], unique=False)
    op.create_index(op.f('ix_audit_log_tx'), 'audit_log', ['tx'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_audit_log_tx'), table_name='audit_log')
    op.drop_index(op.f('ix_audit_log_batch_id'), table_name='audit_log')
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's own DROP COLUMN (3.35): the column is in no index or constraint by now
        op.execute("ALTER TABLE audit_log DROP COLUMN batch_id")
        for table in _TABLES:
            for what in ("insert", "update", "delete"):
                op.execute(f'DROP TRIGGER IF EXISTS "gem_announce_{table}_{what}"')
    else:
        op.drop_column('audit_log', 'batch_id')
    op.drop_table('import_mappings')
    op.drop_index(op.f('ix_import_batches_made_at'), table_name='import_batches')
    op.drop_index(op.f('ix_import_batches_institution_id'), table_name='import_batches')
    op.drop_table('import_batches')
