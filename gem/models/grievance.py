"""Grievances, the members and articles they involve, and their timeline."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gem import clock
from gem.models.base import Base, Versioned


class Grievance(Versioned, Base):
    __tablename__ = "grievances"
    __table_args__ = (
        Index("ix_grievances_counsellor_status", "counsellor_id", "status"),
        Index("ix_grievances_filed_date_id", "filed_date", "id"),
        Index("ix_grievances_counsellor_activity", "counsellor_id", "last_activity_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_number: Mapped[str] = mapped_column(String(30), unique=True, nullable=False,
                                             info={"label": "Numéro de dossier"})
    employer_number: Mapped[str | None] = mapped_column(
        String(40), index=True, info={"label": "Numéro de l'employeur"})
    kind: Mapped[str] = mapped_column(String(20), nullable=False,
                                      info={"label": "Type de grief"})
    nature: Mapped[str] = mapped_column(String(30), nullable=False, index=True,
                                        info={"label": "Nature"})
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), nullable=False,
                                                index=True, info={"label": "Établissement"})
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("bargaining_units.id"),
                                                info={"label": "Unité d'accréditation"})
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("collective_agreements.id"),
                                                     info={"label": "Convention collective"})
    title: Mapped[str] = mapped_column(String(200), nullable=False, info={"label": "Objet"})
    facts: Mapped[str | None] = mapped_column(Text, info={"label": "Faits"})
    remedy_sought: Mapped[str | None] = mapped_column(Text, info={"label": "Correctif requis"})
    event_date: Mapped[date | None] = mapped_column(Date, info={"label": "Date de l'événement"})
    knowledge_date: Mapped[date | None] = mapped_column(
        Date, info={"label": "Date de connaissance"})
    filed_date: Mapped[date | None] = mapped_column(Date, info={"label": "Date de dépôt"})
    counsellor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"),
                                                      info={"label": "Conseiller"})
    status: Mapped[str] = mapped_column(String(30), nullable=False, default="draft",
                                        server_default="draft", index=True,
                                        info={"label": "Statut"})
    confidential: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False,
                                               server_default="0",
                                               info={"label": "Confidentiel"})
    amount_claimed: Mapped[Decimal | None] = mapped_column(Numeric(12, 2),
                                                           info={"label": "Montant réclamé"})
    amount_obtained: Mapped[Decimal | None] = mapped_column(Numeric(12, 2),
                                                            info={"label": "Montant obtenu"})
    outcome: Mapped[str | None] = mapped_column(String(20), info={"label": "Issue"})
    closed_date: Mapped[date | None] = mapped_column(Date, info={"label": "Date de fermeture"})
    closing_reason: Mapped[str | None] = mapped_column(Text,
                                                       info={"label": "Motif de fermeture"})
    last_activity_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=clock.now, server_default=func.now(),
        index=True)

    members: Mapped[list[GrievanceMember]] = relationship(
        back_populates="grievance", cascade="all, delete-orphan")
    articles: Mapped[list[GrievanceArticle]] = relationship(
        back_populates="grievance", cascade="all, delete-orphan")
    events: Mapped[list[GrievanceEvent]] = relationship(
        back_populates="grievance", cascade="all, delete-orphan",
        order_by="GrievanceEvent.occurred_on")


class GrievanceMember(Base):
    __tablename__ = "grievance_members"
    __table_args__ = (UniqueConstraint("grievance_id", "member_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    grievance_id: Mapped[int] = mapped_column(ForeignKey("grievances.id", ondelete="CASCADE"),
                                              nullable=False, index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), nullable=False, index=True,
                                           info={"label": "Membre"})

    grievance: Mapped[Grievance] = relationship(back_populates="members")


class GrievanceArticle(Base):
    """An article invoked: a link to a known article, or the citation as written on the form."""

    __tablename__ = "grievance_articles"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    grievance_id: Mapped[int] = mapped_column(ForeignKey("grievances.id", ondelete="CASCADE"),
                                              nullable=False, index=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("agreement_articles.id"),
                                                   info={"label": "Article"})
    citation: Mapped[str] = mapped_column(String(60), nullable=False,
                                          info={"label": "Article invoqué"})

    grievance: Mapped[Grievance] = relationship(back_populates="articles")


class GrievanceEvent(Base):
    """One line of a file's timeline; written by the services, never edited afterwards."""

    __tablename__ = "grievance_events"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    grievance_id: Mapped[int] = mapped_column(ForeignKey("grievances.id", ondelete="CASCADE"),
                                              nullable=False, index=True)
    occurred_on: Mapped[date] = mapped_column(Date, nullable=False, info={"label": "Date"})
    kind: Mapped[str] = mapped_column(String(30), nullable=False, info={"label": "Type"})
    description: Mapped[str] = mapped_column(Text, nullable=False,
                                             info={"label": "Description"})
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False,
                                                 default=clock.now, server_default=func.now())

    grievance: Mapped[Grievance] = relationship(back_populates="events")
