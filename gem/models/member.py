"""Represented employees and where they worked over time."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gem.models.base import Base, Versioned


class Member(Versioned, Base):
    __tablename__ = "members"
    # The member list's default order (last name, first name), read a page at a time.
    __table_args__ = (Index("ix_members_name_order", "last_name", "first_name", "id"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False,
                                               info={"label": "Numéro de membre"})
    employee_number: Mapped[str | None] = mapped_column(String(20), index=True,
                                                        info={"label": "Matricule"})
    last_name: Mapped[str] = mapped_column(String(80), nullable=False,
                                           info={"label": "Nom de famille"})
    first_name: Mapped[str] = mapped_column(String(80), nullable=False,
                                            info={"label": "Prénom"})
    email: Mapped[str | None] = mapped_column(String(160), info={"label": "Courriel"})
    phone: Mapped[str | None] = mapped_column(String(30), info={"label": "Téléphone"})
    address: Mapped[str | None] = mapped_column(Text, info={"label": "Adresse"})
    language: Mapped[str] = mapped_column(String(2), nullable=False, default="fr",
                                          server_default="fr", info={"label": "Langue"})
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"),
                                                       index=True,
                                                       info={"label": "Établissement"})
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("bargaining_units.id"), index=True,
                                                info={"label": "Unité d'accréditation"})
    job_title_id: Mapped[int | None] = mapped_column(ForeignKey("job_titles.id"), index=True,
                                                     info={"label": "Titre d'emploi"})
    employment_status: Mapped[str | None] = mapped_column(String(20),
                                                          info={"label": "Statut d'emploi"})
    seniority_date: Mapped[date | None] = mapped_column(Date,
                                                        info={"label": "Date d'ancienneté"})
    seniority_hours: Mapped[float | None] = mapped_column(Numeric(10, 2),
                                                          info={"label": "Heures d'ancienneté"})
    hire_date: Mapped[date | None] = mapped_column(Date, info={"label": "Date d'embauche"})
    membership_date: Mapped[date | None] = mapped_column(Date,
                                                         info={"label": "Date d'adhésion"})
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="active",
                                        server_default="active", info={"label": "Statut"})
    left_date: Mapped[date | None] = mapped_column(Date, info={"label": "Date de départ"})
    notes: Mapped[str | None] = mapped_column(Text, info={"label": "Notes"})
    search_key: Mapped[str] = mapped_column(String(200), nullable=False, index=True,
                                            default="", server_default="")

    employment: Mapped[list[EmploymentRecord]] = relationship(
        back_populates="member", cascade="all, delete-orphan",
        order_by="EmploymentRecord.start_date")


class EmploymentRecord(Versioned, Base):
    """One stretch of a member's employment: institution, unit, job title and status."""

    __tablename__ = "employment_records"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"),
                                           nullable=False, index=True,
                                           info={"label": "Membre"})
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), nullable=False,
                                                info={"label": "Établissement"})
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("bargaining_units.id"),
                                                info={"label": "Unité d'accréditation"})
    job_title_id: Mapped[int | None] = mapped_column(ForeignKey("job_titles.id"),
                                                     info={"label": "Titre d'emploi"})
    employment_status: Mapped[str | None] = mapped_column(String(20),
                                                          info={"label": "Statut d'emploi"})
    start_date: Mapped[date] = mapped_column(Date, nullable=False, info={"label": "Début"})
    end_date: Mapped[date | None] = mapped_column(Date, info={"label": "Fin"})
    note: Mapped[str | None] = mapped_column(Text, info={"label": "Note"})

    member: Mapped[Member] = relationship(back_populates="employment")
