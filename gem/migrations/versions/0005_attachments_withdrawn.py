"""attachments withdrawn rather than deleted

A secretary or a counsellor takes a wrongly attached file out of a record without destroying
it: the row stays (its content is evidence, and Law 25 asks who handled personal information)
and says when, by whom and why it was withdrawn. Only an administrator purges (deletes) one.
Every existing attachment is still attached: the three columns start empty.

Batch mode because SQLite cannot add a foreign key to an existing table: it rebuilds
``documents`` (rows, content and indexes copied; no table points at ``documents``, so dropping
the old copy deletes or cascades nothing); PostgreSQL alters it in place. The rebuild keeps
what revision 0004 gave the table on SQLite: AUTOINCREMENT, and the sequence starting above
every id the table ever used, which a plain batch rebuild would both lose (a purged
attachment's id handed out again).

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


@contextmanager
def _documents_batch() -> Iterator[BatchOperations]:
    """``op.batch_alter_table('documents')``, keeping SQLite's AUTOINCREMENT and sequence
    through the rebuild when the table has them."""
    sqlite = op.get_context().dialect.name == "sqlite"
    bind = op.get_bind() if sqlite else None  # (none needed, nor offline, for PostgreSQL)
    sequence: int | None = None
    kwargs: dict[str, bool] = {}
    if bind is not None:
        sql = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' "
                                   "AND name = 'documents'").scalar() or ""
        if "AUTOINCREMENT" in sql.upper():
            kwargs = {"sqlite_autoincrement": True}
            sequence = bind.exec_driver_sql("SELECT seq FROM sqlite_sequence "
                                            "WHERE name = 'documents'").scalar() or 0
    with op.batch_alter_table('documents', schema=None, table_kwargs=kwargs) as batch_op:
        yield batch_op
    if bind is not None and sequence is not None:
        # the copy restarted the sequence at max(id); 0004 had it above every id ever used
        copied = bind.exec_driver_sql("SELECT seq FROM sqlite_sequence "
                                      "WHERE name = 'documents'").scalar() or 0
        highest = max(sequence, int(copied))
        bind.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = 'documents'")
        if highest:
            bind.exec_driver_sql("INSERT INTO sqlite_sequence (name, seq) "
                                 "VALUES ('documents', ?)", (highest,))


def upgrade() -> None:
    with _documents_batch() as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('withdrawn_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_reason', sa.String(length=500),
                                      nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_documents_withdrawn_by_id_users'),
                                    'users', ['withdrawn_by_id'], ['id'])


def downgrade() -> None:
    with _documents_batch() as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_documents_withdrawn_by_id_users'),
                                 type_='foreignkey')
        batch_op.drop_column('withdrawn_reason')
        batch_op.drop_column('withdrawn_by_id')
        batch_op.drop_column('withdrawn_at')
