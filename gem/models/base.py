"""Declarative base shared by every aggregate.

The naming convention is what lets Alembic's batch mode drop and recreate named constraints on
SQLite; without it SQLite constraints are anonymous and migrations cannot touch them.

Every table keyed by an integer ``id`` says ``sqlite_autoincrement=True`` in its
``__table_args__``: without it SQLite hands the id of the newest deleted row to the next row,
which then inherits the audit entries, attachments and deadlines that name the deleted record
by entity and id (revision 0004 rebuilt the tables so; PostgreSQL's sequences never go back).
A revision creating such a table says it too; a batch rebuild of one must pass
``table_kwargs={"sqlite_autoincrement": True}`` and put the table's ``sqlite_sequence`` entry
back afterwards (the copy restarts it at max(id)). tests/test_migration_0004.py checks head.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, MetaData, Table, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from gem import clock

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table_of(model: type[Base] | Base) -> Table:
    """The model's Table. SQLAlchemy types ``__table__`` as any FromClause (a mapping may
    be of a join or a select); every GEM model maps one table, whose columns, name and
    insert() the services use."""
    table = model.__table__
    assert isinstance(table, Table), model
    return table


class Versioned:
    """Optimistic locking and "who touched it last" for every editable record.

    SQLAlchemy adds ``AND version = :old`` to each UPDATE; a stale save matches no row and raises
    ``StaleDataError``, which the services turn into a conflict naming the other person.
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=clock.now, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=clock.now, server_default=func.now()
    )

    @declared_attr
    def updated_by_id(cls) -> Mapped[int | None]:  # noqa: N805 - declared_attr takes the class
        return mapped_column(ForeignKey("users.id"), nullable=True)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        # cls is the mapped model this mixin is part of, which the mixin's type cannot say
        return {"version_id_col": table_of(cls).c.version}  # type: ignore[arg-type]
