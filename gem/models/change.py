"""What tells the other windows on one SQLite file that something was written.

SQLite has no NOTIFY: each write bumps ``change_counter.n`` and records what it touched in the
``recent_changes`` ring, from triggers (revision 0007), in the writer's own transaction, so a
rolled-back write leaves no trace and a committed one is seen by every connection at once.
Another window polls the counter (one tiny SELECT) and reads the ring past the value it last
saw (gem.services.changes). Nothing confidential is kept: a table name, a row id, the operation
and the id of the account named on the row.

PostgreSQL announces writes with NOTIFY instead and never writes these tables; they exist
there too only so that the models and the migrations stay the same on both engines.
"""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from gem.models.base import Base

# How many writes the ring remembers (a save writes a handful of rows: the record, its audit
# entry, a few events or deadlines). A poller that falls further behind than this between two
# polls refreshes everything instead. Revision 0007's triggers use the same number.
RING_SIZE = 1024


class ChangeCounter(Base):
    """One row (slot 0): how many rows have been written, ever."""

    __tablename__ = "change_counter"

    slot: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")


class RecentChange(Base):
    """The written row number ``n`` (slot ``n % RING_SIZE``): which table, which row, how,
    and by whom when the row says so (its ``updated_by_id``)."""

    __tablename__ = "recent_changes"

    slot: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(Integer, nullable=False)
    table_name: Mapped[str] = mapped_column(String(63), nullable=False)
    ident: Mapped[int | None] = mapped_column(Integer)
    op: Mapped[str] = mapped_column(String(8), nullable=False)
    who_id: Mapped[int | None] = mapped_column(Integer)
