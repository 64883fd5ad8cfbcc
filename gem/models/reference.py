"""Reference tables seeded from gem/resources/data by the initial migration."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gem.models.base import Base, Versioned


class HealthRegion(Versioned, Base):
    """A health region (région sociosanitaire), 01–18: not the administrative-region numbering."""

    __tablename__ = "health_regions"

    code: Mapped[str] = mapped_column(String(2), primary_key=True, info={"label": "Code"})
    name: Mapped[str] = mapped_column(String(120), nullable=False, info={"label": "Nom"})
    note: Mapped[str | None] = mapped_column(Text, info={"label": "Note"})
    source: Mapped[str | None] = mapped_column(Text, info={"label": "Source"})


class JobTitle(Versioned, Base):
    __tablename__ = "job_titles"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str | None] = mapped_column(String(10), unique=True, info={"label": "Code"})
    title_fr: Mapped[str] = mapped_column(String(160), nullable=False,
                                          info={"label": "Titre d'emploi"})
    title_en: Mapped[str | None] = mapped_column(String(160), info={"label": "Titre anglais"})
    sector: Mapped[str | None] = mapped_column(String(120), info={"label": "Secteur"})
    code_verified: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False,
                                                server_default="0")
    source: Mapped[str | None] = mapped_column(Text)
