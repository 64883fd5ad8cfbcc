"""The member file (fiche du membre): identity, employment history, grievances, arbitrations,
remedial actions and union leave of one member.

Each section reads through its service's visibility rule: a confidential grievance or remedial
action of another counsellor is left out (and not counted), exactly as the window hides it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gem.i18n import N_, tr
from gem.models import (
    Arbitration,
    ArbitrationGrievance,
    Arbitrator,
    BargainingUnit,
    EmploymentRecord,
    Grievance,
    GrievanceMember,
    Institution,
    JobTitle,
    Member,
    Recourse,
    UnionLeave,
)
from gem.reports.base import Column, Facts, Progress, Report, Table
from gem.reports.params import Param, Resolved
from gem.reports.registry import ReportDefinition, new_report, register
from gem.services.actor import Actor
from gem.services.arbitration import ArbitrationService
from gem.services.grievance import GrievanceService
from gem.services.recourse import RecourseService

NONE = N_("Aucun.")


def _visible(stmt: Any, service: Any, actor: Actor) -> Any:
    clause = service.base_query(actor).whereclause
    return stmt.where(clause) if clause is not None else stmt


def _identity(session: Session, member: Member) -> list[tuple[str, Any, str]]:
    inst = session.get(Institution, member.institution_id) if member.institution_id else None
    unit = session.get(BargainingUnit, member.unit_id) if member.unit_id else None
    job = session.get(JobTitle, member.job_title_id) if member.job_title_id else None
    job_text = None
    if job is not None:
        job_text = f"{job.code} {job.title_fr}" if job.code else job.title_fr
    return [(N_("Nom de famille"), member.last_name, "text"),
            (N_("Prénom"), member.first_name, "text"),
            (N_("Numéro de membre"), member.member_number, "text"),
            (N_("Matricule"), member.employee_number, "text"),
            (N_("Établissement"), inst.name if inst else None, "text"),
            (N_("Unité d'accréditation"), unit.name if unit else None, "text"),
            (N_("Titre d'emploi"), job_text, "text"),
            (N_("Statut d'emploi"), member.employment_status, "code:employment_status"),
            (N_("Statut"), member.status, "code:member_status"),
            (N_("Date de départ"), member.left_date, "date"),
            (N_("Date d'ancienneté"), member.seniority_date, "date"),
            (N_("Heures d'ancienneté"), member.seniority_hours, "number"),
            (N_("Date d'embauche"), member.hire_date, "date"),
            (N_("Date d'adhésion"), member.membership_date, "date"),
            (N_("Courriel"), member.email, "text"),
            (N_("Téléphone"), member.phone, "text"),
            (N_("Adresse"), member.address, "text"),
            (N_("Langue"), member.language, "code:language")]


def sections(session: Session, actor: Actor, member: Member) -> list[Table]:
    employment = list(session.execute(
        select(EmploymentRecord.start_date, EmploymentRecord.end_date, Institution.name,
               BargainingUnit.name, JobTitle.title_fr, EmploymentRecord.employment_status,
               EmploymentRecord.note)
        .join(Institution, Institution.id == EmploymentRecord.institution_id)
        .outerjoin(BargainingUnit, BargainingUnit.id == EmploymentRecord.unit_id)
        .outerjoin(JobTitle, JobTitle.id == EmploymentRecord.job_title_id)
        .where(EmploymentRecord.member_id == member.id)
        .order_by(EmploymentRecord.start_date)))
    grievance_ids = select(GrievanceMember.grievance_id).where(
        GrievanceMember.member_id == member.id)
    grievances = list(session.execute(_visible(
        select(Grievance.file_number, Grievance.title, Grievance.nature, Grievance.status,
               Grievance.filed_date, Grievance.closed_date, Grievance.outcome,
               Grievance.amount_claimed, Grievance.amount_obtained)
        .where(Grievance.id.in_(grievance_ids)), GrievanceService(), actor)
        .order_by(Grievance.filed_date, Grievance.file_number)))
    visible_grievances = _visible(select(Grievance.id).where(Grievance.id.in_(grievance_ids)),
                                  GrievanceService(), actor)
    arbitrations = list(session.execute(_visible(
        select(Arbitration.file_number, Arbitrator.name, Arbitration.procedure,
               Arbitration.status, Arbitration.referral_date, Arbitration.award_date,
               Arbitration.outcome, Arbitration.citation)
        .outerjoin(Arbitrator, Arbitrator.id == Arbitration.arbitrator_id)
        .where(Arbitration.id.in_(select(ArbitrationGrievance.arbitration_id).where(
            ArbitrationGrievance.grievance_id.in_(visible_grievances)))),
        ArbitrationService(), actor).order_by(Arbitration.referral_date,
                                              Arbitration.file_number)))
    recourses = list(session.execute(_visible(
        select(Recourse.file_number, Recourse.forum, Recourse.kind, Recourse.status,
               Recourse.notification_date, Recourse.filed_date, Recourse.outcome)
        .where(Recourse.member_id == member.id), RecourseService(), actor)
        .order_by(Recourse.notification_date, Recourse.file_number)))
    leave = list(session.execute(
        select(UnionLeave.leave_type, UnionLeave.start_date, UnionLeave.end_date,
               UnionLeave.hours, UnionLeave.payment, UnionLeave.status, UnionLeave.purpose)
        .where(UnionLeave.member_id == member.id).order_by(UnionLeave.start_date)))
    return [
        Table(title=N_("Historique d'emploi"), empty_text=NONE, rows=employment, columns=[
            Column("start_date", N_("Début"), "date", 9),
            Column("end_date", N_("Fin"), "date", 9),
            Column("institution", N_("Établissement"), "text", 30),
            Column("unit", N_("Unité d'accréditation"), "text", 18),
            Column("job_title", N_("Titre d'emploi"), "text", 20),
            Column("employment_status", N_("Statut d'emploi"), "code:employment_status", 11),
            Column("note", N_("Note"), "text", 14, wrap=True)]),
        Table(title=N_("Griefs"), empty_text=NONE, rows=grievances, totals=True, columns=[
            Column("file_number", N_("Dossier"), "text", 13, fit=True),
            Column("title", N_("Objet"), "text", 26, wrap=True),
            Column("nature", N_("Nature"), "code:grievance_nature", 14),
            Column("status", N_("Statut"), "code:grievance_status", 11),
            Column("filed_date", N_("Déposé le"), "date", 9),
            Column("closed_date", N_("Fermé le"), "date", 9),
            Column("outcome", N_("Issue"), "code:outcome", 10),
            Column("amount_claimed", N_("Montant réclamé"), "money", 11, total=True),
            Column("amount_obtained", N_("Montant obtenu"), "money", 11, total=True)]),
        Table(title=N_("Arbitrages"), empty_text=NONE, rows=arbitrations, columns=[
            Column("file_number", N_("Dossier"), "text", 13, fit=True),
            Column("arbitrator", N_("Arbitre"), "text", 18),
            Column("procedure", N_("Procédure"), "code:arbitration_procedure", 10),
            Column("status", N_("Statut"), "code:arbitration_status", 14),
            Column("referral_date", N_("Renvoi"), "date", 9),
            Column("award_date", N_("Sentence"), "date", 9),
            Column("outcome", N_("Issue"), "code:outcome", 10),
            Column("citation", N_("Référence"), "text", 14)]),
        Table(title=N_("Recours"), empty_text=NONE, rows=recourses, columns=[
            Column("file_number", N_("Dossier"), "text", 13, fit=True),
            Column("forum", N_("Instance"), "code:recourse_forum", 22),
            Column("kind", N_("Type de recours"), "code:recourse_kind", 24),
            Column("status", N_("Statut"), "code:recourse_status", 11),
            Column("notification_date", N_("Notification"), "date", 9),
            Column("filed_date", N_("Dépôt"), "date", 9),
            Column("outcome", N_("Issue"), "code:outcome", 10)]),
        Table(title=N_("Libérations syndicales"), empty_text=NONE, rows=leave, totals=True,
              columns=[
                  Column("leave_type", N_("Type de libération"), "code:leave_type", 18),
                  Column("start_date", N_("Du"), "date", 9),
                  Column("end_date", N_("Au"), "date", 9),
                  Column("hours", N_("Heures"), "number", 8, total=True),
                  Column("payment", N_("Rémunération"), "code:leave_payment", 18),
                  Column("status", N_("Statut"), "code:leave_status", 10),
                  Column("purpose", N_("Motif"), "text", 24, wrap=True)]),
    ]


def build(session: Session, actor: Actor, resolved: Resolved, lang: str,
          progress: Progress | None) -> Report:
    member: Member = resolved.values["member"]
    report = new_report(DEFINITION, actor, resolved, lang)
    report.title = tr(N_("Fiche du membre — {name}"), lang,
                      name=f"{member.first_name} {member.last_name}")
    report.blocks.append(Facts(title=N_("Identité"), items=_identity(session, member)))
    tables = sections(session, actor, member)
    for table in tables:
        # sections() builds every table's rows as a list (Table.rows is any Iterable)
        table.total_rows = len(table.rows)  # type: ignore[arg-type]
    report.blocks += tables
    return report


DEFINITION = register(ReportDefinition(
    name="member",
    title=N_("Fiche du membre"),
    description=N_("Identité, historique d'emploi, griefs, arbitrages, recours et "
                   "libérations syndicales d'un membre."),
    params=(Param("member", N_("Membre"), "member", required=True,
                  help=N_("numéro de membre")),),
    build=build,
))
