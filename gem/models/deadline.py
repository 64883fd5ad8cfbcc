"""Deadline rules (versioned by effective date), holidays, and the deadlines computed on files.

A computed deadline keeps the rule version it used, so editing a rule never moves a date that a
counsellor already relies on; the services list the affected files and ask first.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gem.models.base import Base, Versioned


class HolidayRule(Versioned, Base):
    """A recurring holiday, e.g. ``fixed:06-24``, ``easter:-2``, ``monday_before:05-25``,
    ``nth_weekday:09:1:0`` (first Monday of September), ``fixed_sunday_next:07-01``."""

    __tablename__ = "holiday_rules"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False,
                                      info={"label": "Code"})
    name_fr: Mapped[str] = mapped_column(String(120), nullable=False, info={"label": "Nom"})
    name_en: Mapped[str | None] = mapped_column(String(120), info={"label": "Nom anglais"})
    rule: Mapped[str] = mapped_column(String(60), nullable=False, info={"label": "Règle"})
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True,
                                         server_default="1", info={"label": "Actif"})
    source: Mapped[str | None] = mapped_column(Text, info={"label": "Source"})


class ProclaimedHoliday(Versioned, Base):
    """A one-off holiday proclaimed by the government, added by an administrator."""

    __tablename__ = "proclaimed_holidays"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True, nullable=False,
                                      info={"label": "Date"})
    name: Mapped[str] = mapped_column(String(120), nullable=False, info={"label": "Nom"})
    source: Mapped[str | None] = mapped_column(Text, info={"label": "Source"})


class DeadlineCalendar(Versioned, Base):
    """The days a source treats as non-working for its delays: the Interpretation Act's
    (art. 52, 61(23)), the Code of Civil Procedure's (art. 82-83), or one collective
    agreement's, which an administrator defines. Each day carries its own status, so a day a
    source lists without anyone having read the text (2 January under the C.p.c.) can never
    move a deadline later (gem.services.deadlines.calendars)."""

    __tablename__ = "deadline_calendars"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False,
                                      info={"label": "Code"})
    name_fr: Mapped[str] = mapped_column(String(200), nullable=False, info={"label": "Nom"})
    name_en: Mapped[str] = mapped_column(String(200), nullable=False,
                                         info={"label": "Nom anglais"})
    source: Mapped[str | None] = mapped_column(Text, info={"label": "Source"})
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("collective_agreements.id", ondelete="CASCADE"), unique=True,
        info={"label": "Convention collective"})

    days: Mapped[list[CalendarDay]] = relationship(
        back_populates="calendar", cascade="all, delete-orphan", order_by="CalendarDay.id")


class CalendarDay(Versioned, Base):
    """One kind of day a calendar does not count as a working day: ``saturday``, ``sunday``,
    ``proclaimed`` (the days the government proclaims) or a holiday rule's code. ``status``
    is ``holiday`` when the source was read and lists it, ``unverified`` when it may."""

    __tablename__ = "deadline_calendar_days"
    __table_args__ = (UniqueConstraint("calendar_id", "day"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    calendar_id: Mapped[int] = mapped_column(
        ForeignKey("deadline_calendars.id", ondelete="CASCADE"), nullable=False, index=True)
    day: Mapped[str] = mapped_column(String(40), nullable=False, info={"label": "Jour"})
    status: Mapped[str] = mapped_column(String(20), nullable=False, info={"label": "Statut"})
    source: Mapped[str | None] = mapped_column(Text, info={"label": "Source"})

    calendar: Mapped[DeadlineCalendar] = relationship(back_populates="days")


class DeadlineRule(Versioned, Base):
    __tablename__ = "deadline_rules"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False,
                                      info={"label": "Code"})
    name_fr: Mapped[str] = mapped_column(String(200), nullable=False, info={"label": "Nom"})
    name_en: Mapped[str] = mapped_column(String(200), nullable=False,
                                         info={"label": "Nom anglais"})
    applies_to: Mapped[str] = mapped_column(String(20), nullable=False,
                                            info={"label": "S'applique à"})
    builtin: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False,
                                          server_default="0")

    versions: Mapped[list[DeadlineRuleVersion]] = relationship(
        back_populates="rule", cascade="all, delete-orphan",
        order_by="DeadlineRuleVersion.effective_from")


class DeadlineRuleVersion(Versioned, Base):
    """The rule as it stands from ``effective_from`` on, optionally for one collective
    agreement only (a local agreement can lengthen the grievance delay)."""

    __tablename__ = "deadline_rule_versions"
    __table_args__ = (UniqueConstraint("rule_id", "agreement_id", "effective_from"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("deadline_rules.id", ondelete="CASCADE"),
                                         nullable=False, index=True)
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("collective_agreements.id"),
                                                     info={"label": "Convention collective"})
    effective_from: Mapped[date] = mapped_column(Date, nullable=False,
                                                 info={"label": "En vigueur du"})
    length: Mapped[int] = mapped_column(Integer, nullable=False, info={"label": "Durée"})
    unit: Mapped[str] = mapped_column(String(20), nullable=False, info={"label": "Unité"})
    trigger: Mapped[str] = mapped_column(String(20), nullable=False,
                                         info={"label": "Point de départ"})
    cap_length: Mapped[int | None] = mapped_column(Integer, info={"label": "Plafond"})
    cap_unit: Mapped[str | None] = mapped_column(String(20), info={"label": "Unité du plafond"})
    cap_trigger: Mapped[str | None] = mapped_column(
        String(20), info={"label": "Point de départ du plafond"})
    warn_length: Mapped[int | None] = mapped_column(Integer, info={"label": "Alerte après"})
    warn_unit: Mapped[str | None] = mapped_column(String(20),
                                                  info={"label": "Unité de l'alerte"})
    kind: Mapped[str] = mapped_column(String(20), nullable=False, info={"label": "Nature"})
    extendable: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False,
                                             server_default="0",
                                             info={"label": "Prolongeable par écrit"})
    source: Mapped[str] = mapped_column(Text, nullable=False, info={"label": "Source"})
    verified: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False,
                                           server_default="0", info={"label": "Vérifiée"})
    note: Mapped[str | None] = mapped_column(Text, info={"label": "Note"})
    # The calendar of the rule's source: a DeadlineCalendar code, or "agreement" for the
    # file's collective agreement's own days. Until someone has checked that the source counts
    # that way (calendar_verified), a day only moves the deadline if every calendar agrees.
    calendar: Mapped[str | None] = mapped_column(String(40), info={"label": "Calendrier"})
    calendar_verified: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default="0",
        info={"label": "Calendrier vérifié"})

    rule: Mapped[DeadlineRule] = relationship(back_populates="versions")


class Deadline(Versioned, Base):
    """A deadline on one file, with everything needed to explain it later."""

    __tablename__ = "deadlines"
    __table_args__ = (
        Index("ix_deadlines_owner", "owner_type", "owner_id"),
        Index("ix_deadlines_status_due", "status", "due_date"),
        Index("ix_deadlines_counsellor_status_due", "counsellor_id", "status", "due_date"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_type: Mapped[str] = mapped_column(String(30), nullable=False)
    owner_id: Mapped[int] = mapped_column(Integer, nullable=False)
    rule_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("deadline_rule_versions.id"), index=True, info={"label": "Règle"})
    counsellor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"),
                                                      info={"label": "Conseiller"})
    label: Mapped[str] = mapped_column(String(200), nullable=False, info={"label": "Libellé"})
    trigger_date: Mapped[date] = mapped_column(Date, nullable=False,
                                               info={"label": "Point de départ"})
    cap_trigger_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date, nullable=False, info={"label": "Échéance"})
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="open",
                                        server_default="open", info={"label": "Statut"})
    met_on: Mapped[date | None] = mapped_column(Date, info={"label": "Respectée le"})
    extended_to: Mapped[date | None] = mapped_column(Date, info={"label": "Prolongée au"})
    extension_agreed_on: Mapped[date | None] = mapped_column(
        Date, info={"label": "Date de l'entente écrite"})
    extension_reference: Mapped[str | None] = mapped_column(
        String(200), info={"label": "Référence de l'entente écrite"})
    waived_reason: Mapped[str | None] = mapped_column(Text, info={"label": "Motif de renonciation"})
    # The calendar the date was counted on (None: computed before calendars existed, 0.1.0),
    # and the latest date the delay could run to if its unverified days were holidays (None
    # when no unverified day matters). ``due_date`` is always the earlier, retained date.
    calendar_id: Mapped[int | None] = mapped_column(ForeignKey("deadline_calendars.id"),
                                                    info={"label": "Calendrier"})
    latest_date: Mapped[date | None] = mapped_column(Date, info={"label": "Au plus tard"})
