"""no password hash left in the audit log

Release 0.1.0 copied every column of a user it created or changed into ``audit_log.before``
and ``audit_log.after``, the Argon2 ``password_hash`` included (its gem.services.audit
skipped only ``search_key`` and ``content``). Later code skips it, but the rows 0.1.0 wrote
kept it, and a hash in a log that every administrator reads and exports is as good as one in
the users table to whoever tries passwords offline (found by tests/test_release_upgrades.py
on the 0.1.0 fixture). This revision takes the key out of those rows, and only the key: the
rest of each entry (who, when, what else changed) stays as written.

On a PostgreSQL database secured by ``gem db setup`` the log refuses updates
(``gem_append_only`` trigger, gem.database_roles): the revision, run by the tables' owner,
turns that trigger off for its own UPDATE and on again in the same transaction, so no other
session ever sees the log writable. Nothing to undo on downgrade: a hash once removed is not
put back.

Revision ID: 0008
Revises: 0007
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

KEY = "password_hash"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for column in ("before", "after"):
            op.execute(f"UPDATE audit_log SET {column} = json_remove({column}, '$.{KEY}') "
                       f"WHERE {column} IS NOT NULL AND json_valid({column}) "
                       f"AND json_type({column}, '$.{KEY}') IS NOT NULL")
        return
    guarded = bind.execute(sa.text(
        "SELECT count(*) FROM pg_trigger WHERE tgname = 'gem_append_only' "
        "AND tgrelid = 'audit_log'::regclass")).scalar()
    if guarded:
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER gem_append_only")
    for column in ("before", "after"):
        op.execute(f"UPDATE audit_log SET {column} = ({column}::jsonb - '{KEY}')::json "
                   f"WHERE {column} IS NOT NULL AND json_typeof({column}) = 'object' "
                   f"AND ({column}::jsonb) ? '{KEY}'")
    if guarded:
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER gem_append_only")


def downgrade() -> None:
    pass
