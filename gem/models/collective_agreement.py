"""Collective agreements (national provisions, local provisions) and their articles, so a
grievance cites an article that exists rather than free text."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gem.models.base import Base, Versioned


class CollectiveAgreement(Versioned, Base):
    __tablename__ = "collective_agreements"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False, unique=True,
                                      info={"label": "Nom"})
    short_name: Mapped[str | None] = mapped_column(String(40), info={"label": "Nom court"})
    scope: Mapped[str] = mapped_column(String(20), nullable=False, default="national",
                                       server_default="national", info={"label": "Portée"})
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("bargaining_units.id"),
                                                info={"label": "Unité d'accréditation"})
    valid_from: Mapped[date] = mapped_column(Date, nullable=False,
                                             info={"label": "En vigueur du"})
    valid_to: Mapped[date | None] = mapped_column(Date, info={"label": "En vigueur jusqu'au"})

    articles: Mapped[list[AgreementArticle]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan",
        order_by="AgreementArticle.number")


class AgreementArticle(Versioned, Base):
    __tablename__ = "agreement_articles"
    __table_args__ = (UniqueConstraint("agreement_id", "number"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("collective_agreements.id", ondelete="CASCADE"), nullable=False, index=True,
        info={"label": "Convention collective"})
    number: Mapped[str] = mapped_column(String(20), nullable=False, info={"label": "Article"})
    title: Mapped[str] = mapped_column(String(200), nullable=False, info={"label": "Titre"})
    text: Mapped[str | None] = mapped_column(Text, info={"label": "Texte"})

    agreement: Mapped[CollectiveAgreement] = relationship(back_populates="articles")
