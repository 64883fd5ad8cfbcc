"""Remedial actions and legal appeals (recours) before the TAT, the CNESST, the courts..."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gem.models.base import Base, Versioned


class Recourse(Versioned, Base):
    __tablename__ = "recourses"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_number: Mapped[str] = mapped_column(String(30), unique=True, nullable=False,
                                             info={"label": "Numéro de dossier"})
    forum: Mapped[str] = mapped_column(String(20), nullable=False, info={"label": "Instance"})
    kind: Mapped[str] = mapped_column(String(30), nullable=False, info={"label": "Type de recours"})
    forum_file_number: Mapped[str | None] = mapped_column(
        String(40), info={"label": "Numéro de dossier de l'instance"})
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True,
                                                  info={"label": "Membre"})
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"),
                                                       index=True,
                                                       info={"label": "Établissement"})
    grievance_id: Mapped[int | None] = mapped_column(ForeignKey("grievances.id"), index=True,
                                                     info={"label": "Grief lié"})
    # When the facts happened, or the last incident (harassment): the starting point of the
    # delays that do not run from a decision's notification.
    incident_date: Mapped[date | None] = mapped_column(
        Date, info={"label": "Date des faits ou du dernier incident"})
    decision_contested: Mapped[str | None] = mapped_column(Text,
                                                           info={"label": "Décision contestée"})
    decision_date: Mapped[date | None] = mapped_column(Date,
                                                       info={"label": "Date de la décision"})
    notification_date: Mapped[date | None] = mapped_column(
        Date, info={"label": "Date de notification"})
    filed_date: Mapped[date | None] = mapped_column(Date, info={"label": "Date de dépôt"})
    deadline_date: Mapped[date | None] = mapped_column(Date, info={"label": "Échéance"})
    counsellor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True,
                                                      info={"label": "Conseiller"})
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="to_file",
                                        server_default="to_file", index=True,
                                        info={"label": "Statut"})
    outcome: Mapped[str | None] = mapped_column(String(20), info={"label": "Issue"})
    confidential: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False,
                                               server_default="0",
                                               info={"label": "Confidentiel"})
    closed_date: Mapped[date | None] = mapped_column(Date, info={"label": "Date de fermeture"})
    notes: Mapped[str | None] = mapped_column(Text, info={"label": "Notes"})
