"""What creating a record needs besides the record: the counter its file number is drawn from
(SQLite), and the key that makes a retried creation find the record it already made.

Why a counter table on SQLite only: PostgreSQL draws file numbers from one SEQUENCE per kind
and year (``gem_next_file_number``, revision 0006), which never makes two creations wait for
each other; SQLite has no sequences, but it lets one writer at a time, so a counter row
updated in the creating transaction is just as safe there, and rolls back with it (no gap).
The table exists on both engines so that the models and the migrations stay one schema;
PostgreSQL never writes it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import DateTime, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from gem import clock
from gem.models.base import Base


class FileNumberCounter(Base):
    """The last file number handed out for one kind (``G``, ``A``, ``R``, ``E``) and year."""

    __tablename__ = "file_number_counters"

    prefix: Mapped[str] = mapped_column(String(5), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, nullable=False)


KEYS_KEPT = timedelta(days=30)
"""How long a creation key is kept after its creation (``created_at``, GEM's clock): a retry
comes minutes after the answer that was lost (the person reads the message and saves again),
so a month is far beyond any retry, and the table holds about a month of creations instead of
every creation ever made. Older keys are deleted by later creations
(gem.services.entity.prune_creation_keys)."""


class CreationKey(Base):
    """One creation, by the key its caller made before the first attempt (a UUID the form
    makes when it opens): written in the creating transaction, so it exists exactly when the
    record does, and a retry whose first answer was lost returns that record instead of
    making a second one (gem.services.entity, ``CREATION_KEY``). Kept KEYS_KEPT."""

    __tablename__ = "creation_keys"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    entity: Mapped[str] = mapped_column(String(40), nullable=False)
    entity_id: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False,
                                                 default=clock.now, server_default=func.now())
