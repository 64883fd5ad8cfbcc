"""Arbitrations: one or several grievances before an arbitrator, their hearings and award."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gem.models.base import Base, Versioned


class Arbitrator(Versioned, Base):
    __tablename__ = "arbitrators"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False, unique=True,
                                      info={"label": "Nom"})
    email: Mapped[str | None] = mapped_column(String(160), info={"label": "Courriel"})
    phone: Mapped[str | None] = mapped_column(String(30), info={"label": "Téléphone"})
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True,
                                         server_default="1", info={"label": "Actif"})


class Arbitration(Versioned, Base):
    __tablename__ = "arbitrations"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_number: Mapped[str] = mapped_column(String(30), unique=True, nullable=False,
                                             info={"label": "Numéro de dossier"})
    registry_number: Mapped[str | None] = mapped_column(
        String(40), info={"label": "Numéro au greffe"})
    procedure: Mapped[str] = mapped_column(String(20), nullable=False,
                                           info={"label": "Procédure"})
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), nullable=False,
                                                index=True, info={"label": "Établissement"})
    arbitrator_id: Mapped[int | None] = mapped_column(ForeignKey("arbitrators.id"), index=True,
                                                      info={"label": "Arbitre"})
    counsellor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True,
                                                      info={"label": "Conseiller"})
    status: Mapped[str] = mapped_column(String(30), nullable=False, default="pending",
                                        server_default="pending", index=True,
                                        info={"label": "Statut"})
    referral_date: Mapped[date | None] = mapped_column(Date,
                                                       info={"label": "Date de renvoi"})
    award_date: Mapped[date | None] = mapped_column(Date, info={"label": "Date de la sentence"})
    outcome: Mapped[str | None] = mapped_column(String(20), info={"label": "Issue"})
    citation: Mapped[str | None] = mapped_column(String(60),
                                                 info={"label": "Référence de la sentence"})
    fees_total: Mapped[Decimal | None] = mapped_column(Numeric(12, 2),
                                                       info={"label": "Honoraires"})
    union_share_pct: Mapped[Decimal | None] = mapped_column(
        Numeric(5, 2), info={"label": "Part du syndicat (%)"})
    notes: Mapped[str | None] = mapped_column(Text, info={"label": "Notes"})

    grievances: Mapped[list[ArbitrationGrievance]] = relationship(
        back_populates="arbitration", cascade="all, delete-orphan")
    hearings: Mapped[list[Hearing]] = relationship(
        back_populates="arbitration", cascade="all, delete-orphan", order_by="Hearing.date")


class ArbitrationGrievance(Base):
    __tablename__ = "arbitration_grievances"
    __table_args__ = (UniqueConstraint("arbitration_id", "grievance_id"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    arbitration_id: Mapped[int] = mapped_column(
        ForeignKey("arbitrations.id", ondelete="CASCADE"), nullable=False, index=True)
    grievance_id: Mapped[int] = mapped_column(ForeignKey("grievances.id"), nullable=False,
                                              index=True, info={"label": "Grief"})

    arbitration: Mapped[Arbitration] = relationship(back_populates="grievances")


class Hearing(Versioned, Base):
    """One hearing day, conference call or postponement of an arbitration."""

    __tablename__ = "hearings"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    arbitration_id: Mapped[int] = mapped_column(
        ForeignKey("arbitrations.id", ondelete="CASCADE"), nullable=False, index=True,
        info={"label": "Arbitrage"})
    date: Mapped[date] = mapped_column(Date, nullable=False, index=True,
                                       info={"label": "Date"})
    start_time: Mapped[time | None] = mapped_column(Time, info={"label": "Heure"})
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="hearing",
                                      server_default="hearing", info={"label": "Type"})
    location: Mapped[str | None] = mapped_column(String(200), info={"label": "Lieu"})
    union_representative_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), info={"label": "Représentant syndical"})
    notes: Mapped[str | None] = mapped_column(Text, info={"label": "Notes"})

    arbitration: Mapped[Arbitration] = relationship(back_populates="hearings")
