"""Union leave (libérations syndicales) and the invoices institutions send for it.

An invoice line is matched against approved leave before the union pays; the match result is
stored on the line so the reconciliation report and the screen agree.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gem.models.base import Base, Versioned


class UnionLeave(Versioned, Base):
    __tablename__ = "union_leaves"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), nullable=False, index=True,
                                           info={"label": "Membre"})
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), nullable=False,
                                                index=True, info={"label": "Établissement"})
    leave_type: Mapped[str] = mapped_column(String(30), nullable=False,
                                            info={"label": "Type de libération"})
    start_date: Mapped[date] = mapped_column(Date, nullable=False, info={"label": "Du"})
    end_date: Mapped[date] = mapped_column(Date, nullable=False, info={"label": "Au"})
    hours: Mapped[Decimal] = mapped_column(Numeric(8, 2), nullable=False,
                                           info={"label": "Heures"})
    payment: Mapped[str] = mapped_column(String(30), nullable=False,
                                         info={"label": "Rémunération"})
    purpose: Mapped[str | None] = mapped_column(Text, info={"label": "Motif"})
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="requested",
                                        server_default="requested", info={"label": "Statut"})
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"),
                                                       info={"label": "Approuvée par"})
    approved_on: Mapped[date | None] = mapped_column(Date, info={"label": "Approuvée le"})


class LeaveInvoice(Versioned, Base):
    __tablename__ = "leave_invoices"
    __table_args__ = (UniqueConstraint("institution_id", "number"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), nullable=False,
                                                index=True, info={"label": "Établissement"})
    number: Mapped[str] = mapped_column(String(40), nullable=False,
                                        info={"label": "Numéro de facture"})
    invoice_date: Mapped[date] = mapped_column(Date, nullable=False,
                                               info={"label": "Date de facture"})
    period_start: Mapped[date] = mapped_column(Date, nullable=False,
                                               info={"label": "Début de période"})
    period_end: Mapped[date] = mapped_column(Date, nullable=False,
                                             info={"label": "Fin de période"})
    total: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=0,
                                           server_default="0", info={"label": "Total"})
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="received",
                                        server_default="received", info={"label": "Statut"})
    note: Mapped[str | None] = mapped_column(Text, info={"label": "Note"})

    lines: Mapped[list[LeaveInvoiceLine]] = relationship(
        back_populates="invoice", cascade="all, delete-orphan", order_by="LeaveInvoiceLine.id")


class LeaveInvoiceLine(Versioned, Base):
    __tablename__ = "leave_invoice_lines"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("leave_invoices.id", ondelete="CASCADE"),
                                            nullable=False, index=True,
                                            info={"label": "Facture"})
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), nullable=False, index=True,
                                           info={"label": "Membre"})
    leave_id: Mapped[int | None] = mapped_column(ForeignKey("union_leaves.id"), index=True,
                                                 info={"label": "Libération"})
    work_date: Mapped[date] = mapped_column(Date, nullable=False, info={"label": "Date"})
    hours: Mapped[Decimal] = mapped_column(Numeric(8, 2), nullable=False,
                                           info={"label": "Heures"})
    rate: Mapped[Decimal] = mapped_column(Numeric(10, 2), nullable=False,
                                          info={"label": "Taux horaire"})
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False,
                                            info={"label": "Montant"})
    match: Mapped[str] = mapped_column(String(20), nullable=False, default="unchecked",
                                       server_default="unchecked",
                                       info={"label": "Rapprochement"})

    invoice: Mapped[LeaveInvoice] = relationship(back_populates="lines")
