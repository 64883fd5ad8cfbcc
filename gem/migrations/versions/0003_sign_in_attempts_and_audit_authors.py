"""sign-in attempts, and audit rows that say who really wrote them

Failed sign-ins are counted per typed login, for slowing down and locking. Each audit row
gains the database login and transaction that wrote it, filled by PostgreSQL once the database
is secured (``gem db setup``), so a row written from psql still names its author.

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'sign_in_attempts',
        sa.Column('login', sa.String(length=40), nullable=False),
        sa.Column('failures', sa.Integer(), server_default='0', nullable=False),
        sa.Column('last_failed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('login', name=op.f('pk_sign_in_attempts')),
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('db_user', sa.String(length=63), nullable=True))
        batch_op.add_column(sa.Column('tx', sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('tx')
        batch_op.drop_column('db_user')
    op.drop_table('sign_in_attempts')
