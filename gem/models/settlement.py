"""Agreements (ententes): settlements, local agreements, letters of understanding.

Named "settlement" in the code to keep it apart from collective agreements.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gem.models.base import Base, Versioned


class Agreement(Versioned, Base):
    __tablename__ = "agreements"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_number: Mapped[str] = mapped_column(String(30), unique=True, nullable=False,
                                             info={"label": "Numéro de dossier"})
    kind: Mapped[str] = mapped_column(String(30), nullable=False,
                                      info={"label": "Type d'entente"})
    title: Mapped[str] = mapped_column(String(200), nullable=False, info={"label": "Objet"})
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), nullable=False,
                                                index=True, info={"label": "Établissement"})
    parties: Mapped[str | None] = mapped_column(Text, info={"label": "Parties"})
    signed_date: Mapped[date | None] = mapped_column(Date, info={"label": "Date de signature"})
    effective_date: Mapped[date | None] = mapped_column(Date,
                                                        info={"label": "Date d'entrée en vigueur"})
    end_date: Mapped[date | None] = mapped_column(Date, info={"label": "Date de fin"})
    terms: Mapped[str | None] = mapped_column(Text, info={"label": "Modalités"})
    amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2), info={"label": "Montant"})
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="draft",
                                        server_default="draft", info={"label": "Statut"})
    counsellor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"),
                                                      info={"label": "Conseiller"})

    grievances: Mapped[list[AgreementGrievance]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan")
    follow_ups: Mapped[list[AgreementFollowUp]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan",
        order_by="AgreementFollowUp.due_date")


class AgreementGrievance(Base):
    __tablename__ = "agreement_grievances"
    __table_args__ = (UniqueConstraint("agreement_id", "grievance_id"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"),
                                              nullable=False, index=True)
    grievance_id: Mapped[int] = mapped_column(ForeignKey("grievances.id"), nullable=False,
                                              index=True, info={"label": "Grief"})

    agreement: Mapped[Agreement] = relationship(back_populates="grievances")


class AgreementFollowUp(Versioned, Base):
    """One implementation step of an agreement (pay the amount, correct the seniority...)."""

    __tablename__ = "agreement_follow_ups"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"),
                                              nullable=False, index=True,
                                              info={"label": "Entente"})
    description: Mapped[str] = mapped_column(Text, nullable=False,
                                             info={"label": "Description"})
    due_date: Mapped[date | None] = mapped_column(Date, info={"label": "Échéance"})
    done_date: Mapped[date | None] = mapped_column(Date, info={"label": "Réalisé le"})

    agreement: Mapped[Agreement] = relationship(back_populates="follow_ups")
