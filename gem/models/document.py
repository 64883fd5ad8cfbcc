"""Attachments to any file, stored in the database so every workstation sees the same copy.

The owner is named by (owner_type, owner_id) rather than one foreign key per aggregate; the
services check that the owner exists before attaching.

A wrongly attached file is withdrawn rather than deleted: the row keeps its content and says
when, by whom and why (``withdrawn_*``), because what was in a file, even by mistake, is
evidence and Law 25 asks who handled personal information. Only purging deletes the row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String, func
from sqlalchemy.orm import Mapped, deferred, mapped_column

from gem import clock
from gem.models.base import Base


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_owner", "owner_type", "owner_id"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_type: Mapped[str] = mapped_column(String(30), nullable=False)
    owner_id: Mapped[int] = mapped_column(Integer, nullable=False)
    name: Mapped[str] = mapped_column(String(255), nullable=False, info={"label": "Nom"})
    mime_type: Mapped[str] = mapped_column(String(100), nullable=False, info={"label": "Type"})
    size: Mapped[int] = mapped_column(Integer, nullable=False, info={"label": "Taille"})
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False,
                                                  default=clock.now, server_default=func.now())
    # Withdrawn: hidden from the record's list, kept in the database. The three are set
    # together by gem.services.documents.withdraw, and never cleared.
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdrawn_reason: Mapped[str | None] = mapped_column(String(500),
                                                         info={"label": "Motif du retrait"})
