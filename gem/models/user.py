"""Staff accounts, their roles, and which institutions each counsellor looks after."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gem.models.base import Base, Versioned


class User(Versioned, Base):
    __tablename__ = "users"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(40), unique=True, nullable=False,
                                       info={"label": "Identifiant"})
    full_name: Mapped[str] = mapped_column(String(120), nullable=False,
                                           info={"label": "Nom complet"})
    email: Mapped[str | None] = mapped_column(String(160), info={"label": "Courriel"})
    role: Mapped[str] = mapped_column(String(20), nullable=False, info={"label": "Rôle"})
    language: Mapped[str] = mapped_column(String(2), nullable=False, default="fr",
                                          server_default="fr", info={"label": "Langue"})
    # Deferred: loaded only by the password checks. On a secured PostgreSQL database only
    # administrators may read the column (gem.database_roles), so loading it with every
    # account would refuse every other person's query.
    password_hash: Mapped[str | None] = mapped_column(String(200), deferred=True)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True,
                                         server_default="1", info={"label": "Actif"})
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    assignments: Mapped[list[CounsellorAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan",
        foreign_keys="CounsellorAssignment.user_id")


class CounsellorAssignment(Versioned, Base):
    """A counsellor's responsibility for an institution over a period."""

    __tablename__ = "counsellor_assignments"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         nullable=False, index=True,
                                         info={"label": "Conseiller"})
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), nullable=False,
                                                index=True, info={"label": "Établissement"})
    valid_from: Mapped[date] = mapped_column(Date, nullable=False, info={"label": "Du"})
    valid_to: Mapped[date | None] = mapped_column(Date, info={"label": "Au"})

    user: Mapped[User] = relationship(back_populates="assignments", foreign_keys=[user_id])


class SignInAttempts(Base):
    """Failed sign-ins per typed login, whether an account has it or not: counting by what
    was typed slows down and locks a guessed login exactly as it does a real one, so the
    answer never tells which logins exist."""

    __tablename__ = "sign_in_attempts"

    login: Mapped[str] = mapped_column(String(40), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, nullable=False, default=0,
                                          server_default="0")
    last_failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
