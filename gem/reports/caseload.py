"""A counsellor's (or a team's) caseload: open grievances by institution, each with its next
deadline and the sentence that explains it, its next hearing and how long it has been idle.

A counsellor hands this to the coordinator; "a number it cannot trace back to a rule" is what
they must never suffer, hence the deadline's own explanation (gem.services.deadlines) next to
every date. Four queries whatever the caseload's size: the files, their members, their open
deadlines and their next hearings, each restricted by the same visible-files subquery.

The headline figures and the lists after the files (deadlines past and coming, hearings, idle
grievances, grievances by status) are gem.services.caseload's answer, the very one « Mon
portefeuille » shows and ``gem due`` prints, so the PDF and the screen cannot disagree; and each
figure comes with the rows it counts.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from gem import clock
from gem.i18n import N_, tr
from gem.labels import label
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
from gem.services.caseload import SOON_DAYS, Caseload, DeadlineRow, caseload, reference_moment
from gem.services.deadlines import effective_due, explain_deadline
from gem.services.deadlines.calendars import load_calendars
from gem.services.deadlines.due import OPEN_GRIEVANCE_STATUSES
from gem.services.grievance import GrievanceService

NO_FILES = N_("Aucun dossier ouvert.")


def _aware(value: datetime) -> datetime:
    # SQLite returns naive UTC datetimes; PostgreSQL returns aware ones.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def files(session: Session, actor: Actor, counsellor_ids: list[int] | None,
          today: date, lang: str, now: datetime | None = None) -> list[dict[str, Any]]:
    """The open grievances of the counsellors (all visible ones when None), with what the
    report shows about each; idle days counted from ``now`` (the caseload service's moment
    for ``today`` by default)."""
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
    for gid, last_name, first_name in session.execute(
            select(GrievanceMember.grievance_id, Member.last_name, Member.first_name)
            .join(Member, Member.id == GrievanceMember.member_id)
            .where(GrievanceMember.grievance_id.in_(ids))
            .order_by(GrievanceMember.grievance_id, Member.last_name, Member.first_name)):
        members.setdefault(gid, []).append(f"{last_name}, {first_name}")
    deadlines: dict[int, Deadline] = {}
    for candidate in session.scalars(
            select(Deadline).where(Deadline.owner_type == "grievance",
                                   Deadline.owner_id.in_(ids),
                                   Deadline.status.in_([DeadlineStatus.OPEN,
                                                        DeadlineStatus.EXTENDED]))):
        current = deadlines.get(candidate.owner_id)
        if current is None or effective_due(candidate) < effective_due(current):
            deadlines[candidate.owner_id] = candidate
    hearings = dict(session.execute(
        select(ArbitrationGrievance.grievance_id, func.min(Hearing.date))
        .join(Hearing, Hearing.arbitration_id == ArbitrationGrievance.arbitration_id)
        .where(ArbitrationGrievance.grievance_id.in_(ids), Hearing.date >= today,
               Hearing.kind != HearingKind.POSTPONED)
        .group_by(ArbitrationGrievance.grievance_id)).all())
    calendars = load_calendars(session) if deadlines else None
    now = now or reference_moment(today)
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
            "explanation": explain_deadline(session, deadline, lang, calendars)
            if deadline else None,
            "next_hearing": hearings.get(gid),
            "idle_days": max(0, (now - _aware(last)).days) if last else None,
        })
    far = date.max
    result.sort(key=lambda f: (f["institution"], f["next_deadline"] or far, f["file_number"]))
    return result


def _lists(found: Caseload, team: bool, lang: str) -> list[Table]:
    """The caseload's four lists, as the screen shows them."""
    who = [Column("counsellor", N_("Conseiller"), "text", 16)] if team else []
    deadline_columns = [Column("due_date", N_("Échéance"), "date", 9),
                        Column("days_left", N_("Jours restants"), "int", 7),
                        Column("file_number", N_("Dossier"), "text", 13, fit=True),
                        Column("label", N_("Délai"), "text", 22, wrap=True), *who,
                        Column("title", N_("Objet"), "text", 34, wrap=True)]

    def deadlines(rows: tuple[DeadlineRow, ...]) -> list[tuple[Any, ...]]:
        return [(d.due_date, d.days_left, d.file_number, d.label_in(lang),
                 *([d.counsellor_name] if team else []), d.title) for d in rows]

    days = found.horizon_days
    return [
        Table(title=N_("Échéances dépassées"), columns=deadline_columns,
              rows=deadlines(found.overdue), total_rows=len(found.overdue),
              sheet=tr(N_("Échéances dépassées"), lang)),
        Table(title=tr(N_("Échéances des {days} prochains jours"), lang, days=days),
              columns=deadline_columns, rows=deadlines(found.upcoming),
              total_rows=len(found.upcoming), sheet=tr(N_("Échéances à venir"), lang)),
        Table(title=tr(N_("Audiences des {days} prochains jours"), lang, days=days),
              columns=[Column("date", N_("Date"), "date", 9),
                       Column("time", N_("Heure"), "text", 6),
                       Column("file_number", N_("Dossier"), "text", 13, fit=True),
                       Column("kind", N_("Type"), "code:hearing_kind", 14), *who,
                       Column("location", N_("Lieu"), "text", 30, wrap=True)],
              rows=[(h.date, h.start_time.strftime("%H:%M") if h.start_time else None,
                     h.file_number, h.kind, *([h.counsellor_name] if team else []),
                     h.location) for h in found.hearings],
              total_rows=len(found.hearings), sheet=tr(N_("Audiences"), lang)),
        Table(title=tr(N_("Griefs sans activité depuis {days} jours"), lang,
                       days=found.idle_days),
              columns=[Column("file_number", N_("Dossier"), "text", 13, fit=True),
                       Column("idle_days", N_("Jours sans activité"), "int", 9),
                       Column("status", N_("Statut"), "code:grievance_status", 12),
                       Column("last_activity", N_("Dernière activité"), "date", 10), *who,
                       Column("title", N_("Objet"), "text", 34, wrap=True)],
              rows=[(f.file_number, f.idle_days, f.status,
                     clock.local(f.last_activity_at).date(),
                     *([f.counsellor_name] if team else []), f.title) for f in found.stale],
              total_rows=len(found.stale), sheet=tr(N_("Sans activité"), lang)),
    ]


def build(session: Session, actor: Actor, resolved: Resolved, lang: str,
          progress: Progress | None) -> Report:
    values = resolved.values
    today: date = values["today"]
    counsellors = values["counsellors"]
    ids = [u.id for u in counsellors] if counsellors else None
    if progress:
        progress(0, 3)
    found = caseload(session, actor, ids, today, limit=None)
    if progress:
        progress(1, 3)
    rows = files(session, actor, ids, today, lang, found.now)
    if progress:
        progress(2, 3)
    report = new_report(DEFINITION, actor, resolved, lang, landscape=True)
    if not counsellors:
        report.filters.insert(0, (tr(N_("Conseillers"), lang), tr(N_("toute l'équipe"), lang)))
    team = counsellors is None or len(counsellors) != 1
    days = found.horizon_days
    report.blocks.append(Facts(title=N_("En bref"), items=[
        (N_("Dossiers ouverts"), len(rows), "int"),
        (N_("Échéances dépassées"), len(found.overdue), "int"),
        (tr(N_("Échéances des {days} prochains jours"), lang, days=SOON_DAYS),
         len(found.soon), "int"),
        (tr(N_("Échéances des {days} prochains jours"), lang, days=days),
         len(found.upcoming), "int"),
        (tr(N_("Audiences des {days} prochains jours"), lang, days=days),
         len(found.hearings), "int"),
        (tr(N_("Griefs sans activité depuis {days} jours"), lang, days=found.idle_days),
         len(found.stale), "int"),
        (N_("En date du"), today, "date")]))
    report.blocks.append(Facts(title=N_("Griefs par statut"), items=[
        (label("grievance_status", c.status, lang), c.count, "int") for c in found.counts]))
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
    report.blocks.extend(_lists(found, team, lang))
    if not rows and not (found.overdue or found.upcoming or found.hearings or found.stale):
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
