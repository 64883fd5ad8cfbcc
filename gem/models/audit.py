"""The audit log: who changed what, when, with the record before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    FetchedValue,
    ForeignKey,
    Index,
    Integer,
    String,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from gem import clock
from gem.models.base import Base


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False,
                                         default=clock.now, server_default=func.now(), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    user_login: Mapped[str] = mapped_column(String(40), nullable=False)
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    entity: Mapped[str] = mapped_column(String(40), nullable=False)
    entity_id: Mapped[int | None] = mapped_column(Integer)
    # The import that wrote the entry (gem.imports.batches), which its undo reads back. No
    # foreign key, like entity_id: an entry names what it describes without depending on it
    # (and SQLite could not add one to this append-only table without rebuilding it).
    batch_id: Mapped[int | None] = mapped_column(Integer, index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Set by PostgreSQL itself once the database is secured (gem db setup): the login that
    # really wrote the row and its transaction, which no client may supply (no grant on
    # them): FetchedValue keeps them out of GEM's own INSERTs.
    db_user: Mapped[str | None] = mapped_column(String(63), server_default=FetchedValue())
    # Indexed: the commit-time check of a secured database looks its transaction's rows up
    # once per written row (gem.database_roles, gem_audit_direct_write), 65,000 in an import.
    tx: Mapped[int | None] = mapped_column(BigInteger, server_default=FetchedValue(),
                                           index=True)
