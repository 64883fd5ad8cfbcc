"""Alembic environment shipped inside the package.

Accepts a Connection or an Engine in ``config.attributes["connection"]`` (GEM's runner passes a
Connection, pytest-style tools pass an Engine), else builds an engine from the configured URL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, Engine

from gem.models import Base

config = context.config
target_metadata = Base.metadata

# Objects that exist only on one engine (PostgreSQL trigram indexes) are not in the metadata.
_ENGINE_SPECIFIC = {"ix_members_search_key_trgm", "ix_institutions_search_key_trgm"}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "index" and name in _ENGINE_SPECIFIC)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        # One transaction per revision when GEM's runner passes a connection outside a
        # transaction (gem.schema.upgrade): a failed revision keeps the one before.
        transaction_per_migration=True,
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    given = config.attributes.get("connection")
    if isinstance(given, Connection):
        _run(given)
        return
    if isinstance(given, Engine):
        engine = given
    else:
        from gem.db import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        _run(connection)


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
