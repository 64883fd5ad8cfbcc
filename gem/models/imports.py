"""Imports of institutions' spreadsheets (issue 14): each one's batch, and the columns
remembered per institution and kind.

A batch is written once, in the import's own transaction, with its counts already known from
the preview: the people who import (executive secretaries) insert it and never update it;
undoing it, an administrator's decision, is the one update (``undone_at``). Every audit entry
the import writes names its batch (``audit_log.batch_id``): that is what the undo reads back,
and what tells whether a record changed since (a later entry of the same record).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from gem import clock
from gem.models.base import Base


class ImportBatch(Base):
    __tablename__ = "import_batches"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, info={"label": "Type"})
    file_name: Mapped[str] = mapped_column(String(255), nullable=False,
                                           info={"label": "Fichier"})
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, info={"label": "SHA-256"})
    sheet: Mapped[str | None] = mapped_column(String(100), info={"label": "Feuille"})
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"),
                                                       index=True,
                                                       info={"label": "Établissement"})
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False,
                                              default=clock.now, server_default=func.now(),
                                              index=True, info={"label": "Importé le"})
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"),
                                                   info={"label": "Importé par"})
    made_by_login: Mapped[str] = mapped_column(String(40), nullable=False,
                                               info={"label": "Importé par"})
    # outcome → rows: create, update, unchanged, refused, left (the preview's counts)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False,
                                                   info={"label": "Nombres"})
    valid_only: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False,
                                             server_default="0",
                                             info={"label": "Lignes valides seulement"})
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                       info={"label": "Annulé le"})
    undone_by_login: Mapped[str | None] = mapped_column(String(40),
                                                        info={"label": "Annulé par"})


class ImportMapping(Base):
    """The columns last used for one kind of import from one institution: its header names
    (normalized, gem.imports.columns) → the fields they fill, so next month's file from the
    same payroll system is mapped as the person adjusted it."""

    __tablename__ = "import_mappings"
    __table_args__ = (UniqueConstraint("kind", "institution_id",
                                       name="uq_import_mappings_kind_institution"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    columns: Mapped[dict[str, str]] = mapped_column(JSON, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False,
                                                 default=clock.now, server_default=func.now())
    updated_by_login: Mapped[str] = mapped_column(String(40), nullable=False)
