"""A counsellor's (or a team's) caseload: open grievances by institution, each with its next
deadline and the sentence that explains it, its next hearing and how long it has been idle.

A counsellor hands this to the coordinator; "a number it cannot trace back to a rule" is what
they must never suffer, hence the deadline's own explanation (gem.services.deadlines) next to
every date. Four queries whatever the caseload's size: the files, their members, their open
deadlines and their next hearings, each restricted by the same visible-files subquery.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from gem import clock
from gem.i18n import N_, tr
from gem.models import (
    ArbitrationGrievance,
    Deadline,
    Grievance,
    GrievanceMember,
    Hearing,
    Institution,
    Member,
    User,
)
from gem.models.enums import DeadlineStatus, HearingKind
from gem.reports.base import Column, Facts, Progress, Report, Table
from gem.reports.params import Param, Resolved
from gem.reports.registry import ReportDefinition, new_report, register
from gem.services.actor import Actor
from gem.services.deadlines import effective_due, explain_deadline
from gem.services.deadlines.calendar import load_calendar
from gem.services.deadlines.due import OPEN_GRIEVANCE_STATUSES
from gem.services.grievance import GrievanceService

INACTIVE_DAYS = 90
SOON_DAYS = 7
NO_FILES = N_("Aucun dossier ouvert.")


def _aware(value: datetime) -> datetime:
    # SQLite returns naive UTC datetimes; PostgreSQL returns aware ones.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def files(session: Session, actor: Actor, counsellor_ids: list[int] | None,
          today: date, lang: str) -> list[dict[str, Any]]:
    """The open grievances of the counsellors (all visible ones when None), with what the
    report shows about each."""
    counsellor = aliased(User, name="counsellor")
    stmt = (select(Grievance.id, Grievance.file_number, Grievance.title, Grievance.status,
                   Grievance.filed_date, Grievance.last_activity_at, Institution.name,
                   counsellor.full_name)
            .select_from(Grievance)
            .join(Institution, Institution.id == Grievance.institution_id)
            .outerjoin(counsellor, counsellor.id == Grievance.counsellor_id)
            .where(Grievance.status.in_([s.value for s in OPEN_GRIEVANCE_STATUSES])))
    visible = GrievanceService().base_query(actor).whereclause
    if visible is not None:
        stmt = stmt.where(visible)
    if counsellor_ids is not None:
        stmt = stmt.where(Grievance.counsellor_id.in_(counsellor_ids))
    ids = stmt.with_only_columns(Grievance.id).scalar_subquery()
    members: dict[int, list[str]] = {}
    for gid, last, first in session.execute(
            select(GrievanceMember.grievance_id, Member.last_name, Member.first_name)
            .join(Member, Member.id == GrievanceMember.member_id)
            .where(GrievanceMember.grievance_id.in_(ids))
            .order_by(GrievanceMember.grievance_id, Member.last_name, Member.first_name)):
        members.setdefault(gid, []).append(f"{last}, {first}")
    deadlines: dict[int, Deadline] = {}
    for deadline in session.scalars(
            select(Deadline).where(Deadline.owner_type == "grievance",
                                   Deadline.owner_id.in_(ids),
                                   Deadline.status.in_([DeadlineStatus.OPEN,
                                                        DeadlineStatus.EXTENDED]))):
        current = deadlines.get(deadline.owner_id)
        if current is None or effective_due(deadline) < effective_due(current):
            deadlines[deadline.owner_id] = deadline
    hearings = dict(session.execute(
        select(ArbitrationGrievance.grievance_id, func.min(Hearing.date))
        .join(Hearing, Hearing.arbitration_id == ArbitrationGrievance.arbitration_id)
        .where(ArbitrationGrievance.grievance_id.in_(ids), Hearing.date >= today,
               Hearing.kind != HearingKind.POSTPONED)
        .group_by(ArbitrationGrievance.grievance_id)).all())
    calendar = load_calendar(session) if deadlines else None
    now = clock.now() if today == clock.today() else \
        datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=12)
    result = []
    for gid, number, title, status, filed, last, inst, counsellor_name in session.execute(stmt):
        deadline = deadlines.get(gid)
        names = members.get(gid, [])
        who = "; ".join(names[:3]) + (f" (+{len(names) - 3})" if len(names) > 3 else "")
        result.append({
            "id": gid, "institution": inst, "file_number": number,
            "subject": f"{who} — {title}" if who else title, "status": status,
            "filed_date": filed, "counsellor": counsellor_name,
            "next_deadline": effective_due(deadline) if deadline else None,
            "explanation": explain_deadline(session, deadline, lang, calendar)
            if deadline else None,
            "next_hearing": hearings.get(gid),
            "idle_days": max(0, (now - _aware(last)).days) if last else None,
        })
    far = date.max
    result.sort(key=lambda f: (f["institution"], f["next_deadline"] or far, f["file_number"]))
    return result


def build(session: Session, actor: Actor, resolved: Resolved, lang: str,
          progress: Progress | None) -> Report:
    values = resolved.values
    today: date = values["today"]
    counsellors = values["counsellors"]
    ids = [u.id for u in counsellors] if counsellors else None
    if progress:
        progress(0, 2)
    rows = files(session, actor, ids, today, lang)
    if progress:
        progress(1, 2)
    report = new_report(DEFINITION, actor, resolved, lang, landscape=True)
    if not counsellors:
        report.filters.insert(0, (tr(N_("Conseillers"), lang), tr(N_("toute l'équipe"), lang)))
    team = counsellors is None or len(counsellors) != 1
    overdue = sum(1 for f in rows if f["next_deadline"] and f["next_deadline"] < today)
    soon = sum(1 for f in rows if f["next_deadline"]
               and today <= f["next_deadline"] <= today + timedelta(days=SOON_DAYS))
    hearings = sum(1 for f in rows if f["next_hearing"]
                   and f["next_hearing"] <= today + timedelta(days=30))
    idle = sum(1 for f in rows if (f["idle_days"] or 0) >= INACTIVE_DAYS)
    report.blocks.append(Facts(title=N_("En bref"), items=[
        (N_("Dossiers ouverts"), len(rows), "int"),
        (N_("Échéances dépassées"), overdue, "int"),
        (N_("Échéances dans les 7 prochains jours"), soon, "int"),
        (N_("Audiences dans les 30 prochains jours"), hearings, "int"),
        (N_("Sans activité depuis 90 jours ou plus"), idle, "int"),
        (N_("En date du"), today, "date")]))
    columns = [Column("institution", N_("Établissement"), "text", 30),
               Column("file_number", N_("Dossier"), "text", 13, fit=True),
               Column("subject", N_("Membres et objet"), "text", 34, wrap=True),
               Column("status", N_("Statut"), "code:grievance_status", 12)]
    if team:
        columns.append(Column("counsellor", N_("Conseiller"), "text", 14))
    columns += [Column("filed_date", N_("Déposé le"), "date", 9),
                Column("next_deadline", N_("Prochaine échéance"), "date", 10),
                Column("explanation", N_("Explication de l'échéance"), "text", 40, wrap=True),
                Column("next_hearing", N_("Prochaine audience"), "date", 10),
                Column("idle_days", N_("Jours sans activité"), "int", 9)]
    report.blocks.append(Table(
        title=N_("Dossiers ouverts par établissement"), columns=columns,
        rows=[tuple(f[c.key] for c in columns) for f in rows], group_by="institution",
        totals=True, total_rows=len(rows), empty_text=NO_FILES, sheet=tr(N_("Dossiers"), lang)))
    if not rows:
        report.empty_message = tr(NO_FILES, lang)
    return report


DEFINITION = register(ReportDefinition(
    name="caseload",
    title=N_("Charge de travail"),
    description=N_("Les dossiers ouverts d'un conseiller ou d'une équipe, par établissement : "
                   "prochaine échéance expliquée, prochaine audience, jours sans activité."),
    params=(Param("counsellors", N_("Conseillers"), "counsellors",
                  help=N_("identifiants séparés par des virgules ; vide : toute l'équipe")),
            Param("today", N_("En date du"), "date", default=clock.today)),
    build=build,
))
