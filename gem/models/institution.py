"""Employers and the union's locals in them.

Institutions keep their history (valid from/to, predecessors and successors, parent) because
Bill 10 (2015) merged them and Santé Québec absorbed them as administrative units on 2024-12-01;
a grievance filed in 2019 must still name the employer of 2019.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gem.models.base import Base, Versioned


class Institution(Versioned, Base):
    __tablename__ = "institutions"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False, unique=True,
                                      info={"label": "Nom"})
    short_name: Mapped[str | None] = mapped_column(String(60), info={"label": "Nom court"})
    type: Mapped[str] = mapped_column(String(20), nullable=False, info={"label": "Type"})
    # Empty only for province-wide bodies (Santé Québec itself); the service requires it
    # for every other type.
    region_code: Mapped[str | None] = mapped_column(ForeignKey("health_regions.code"),
                                                    index=True,
                                                    info={"label": "Région sociosanitaire"})
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"),
                                                  info={"label": "Établissement parent"})
    valid_from: Mapped[date | None] = mapped_column(Date, info={"label": "En vigueur du"})
    valid_to: Mapped[date | None] = mapped_column(Date, info={"label": "En vigueur jusqu'au"})
    status_2015: Mapped[str | None] = mapped_column(String(80))
    status_2024: Mapped[str | None] = mapped_column(String(80))
    verification: Mapped[str | None] = mapped_column(String(120))
    source: Mapped[str | None] = mapped_column(Text)
    search_key: Mapped[str] = mapped_column(String(260), nullable=False, index=True,
                                            default="", server_default="")

    parent: Mapped[Institution | None] = relationship(remote_side=[id])
    units: Mapped[list[BargainingUnit]] = relationship(back_populates="institution")


class InstitutionSuccession(Versioned, Base):
    """One institution replaced by another on a date (merger, split, transfer)."""

    __tablename__ = "institution_successions"
    __table_args__ = (UniqueConstraint("predecessor_id", "successor_id"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), nullable=False,
                                                index=True, info={"label": "Prédécesseur"})
    successor_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), nullable=False,
                                              index=True, info={"label": "Successeur"})
    effective_date: Mapped[date] = mapped_column(Date, nullable=False,
                                                 info={"label": "Date d'effet"})
    note: Mapped[str | None] = mapped_column(Text)


class BargainingUnit(Versioned, Base):
    """A certified bargaining unit: the union's local in one institution."""

    __tablename__ = "bargaining_units"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), nullable=False,
                                                index=True, info={"label": "Établissement"})
    name: Mapped[str] = mapped_column(String(160), nullable=False, info={"label": "Nom"})
    local_number: Mapped[str | None] = mapped_column(String(20),
                                                     info={"label": "Numéro de section locale"})
    certification_number: Mapped[str | None] = mapped_column(
        String(40), info={"label": "Numéro d'accréditation"})
    valid_from: Mapped[date | None] = mapped_column(Date, info={"label": "En vigueur du"})
    valid_to: Mapped[date | None] = mapped_column(Date, info={"label": "En vigueur jusqu'au"})

    institution: Mapped[Institution] = relationship(back_populates="units")
    officers: Mapped[list[UnitOfficer]] = relationship(back_populates="unit",
                                                       cascade="all, delete-orphan")


class UnitOfficer(Versioned, Base):
    """A member of a local's executive (president, treasurer, delegate...)."""

    __tablename__ = "unit_officers"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("bargaining_units.id", ondelete="CASCADE"),
                                         nullable=False, index=True,
                                         info={"label": "Unité d'accréditation"})
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True,
                                                  info={"label": "Membre"})
    name: Mapped[str] = mapped_column(String(120), nullable=False, info={"label": "Nom"})
    office: Mapped[str] = mapped_column(String(60), nullable=False, info={"label": "Fonction"})
    start_date: Mapped[date | None] = mapped_column(Date, info={"label": "Début"})
    end_date: Mapped[date | None] = mapped_column(Date, info={"label": "Fin"})

    unit: Mapped[BargainingUnit] = relationship(back_populates="officers")
