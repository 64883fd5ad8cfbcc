"""The hearing schedule (rôle d'audiences) for a date range, day by day.

Hearings are read through HearingService's visibility rule (an arbitration holding another
counsellor's confidential grievance is hidden), and the grievance numbers listed under each
hearing through GrievanceService's, so the schedule never names a file the reader may not open.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from gem import clock
from gem.i18n import N_, tr
from gem.models import (
    Arbitration,
    ArbitrationGrievance,
    Arbitrator,
    Grievance,
    Hearing,
    Institution,
    User,
)
from gem.reports.base import NO_DATA, Column, Progress, Report, Table
from gem.reports.params import Param, Resolved, in_30_days, require_period
from gem.reports.registry import ReportDefinition, new_report, register
from gem.services.actor import Actor
from gem.services.arbitration import HearingService
from gem.services.grievance import GrievanceService

COLUMNS = [Column("date", N_("Date"), "date", 9),
           Column("time", N_("Heure"), "text", 6),
           Column("kind", N_("Type"), "code:hearing_kind", 15),
           Column("arbitration", N_("Arbitrage"), "text", 11, fit=True),
           Column("grievances", N_("Griefs"), "text", 18, wrap=True),
           Column("institution", N_("Établissement"), "text", 30),
           Column("arbitrator", N_("Arbitre"), "text", 16),
           Column("representative", N_("Représentant syndical"), "text", 16),
           Column("location", N_("Lieu"), "text", 18, wrap=True)]


def hearings(session: Session, actor: Actor, start: date, end: date,
             counsellor_ids: list[int] | None, institution_id: int | None
             ) -> list[tuple[Any, ...]]:
    representative = aliased(User, name="representative")
    counsellor = aliased(User, name="counsellor")
    stmt = (select(Hearing.id, Hearing.date, Hearing.start_time, Hearing.kind,
                   Arbitration.id, Arbitration.file_number, Institution.name, Arbitrator.name,
                   representative.full_name, counsellor.full_name, Hearing.location)
            .select_from(Hearing)
            .join(Arbitration, Arbitration.id == Hearing.arbitration_id)
            .join(Institution, Institution.id == Arbitration.institution_id)
            .outerjoin(Arbitrator, Arbitrator.id == Arbitration.arbitrator_id)
            .outerjoin(representative, representative.id == Hearing.union_representative_id)
            .outerjoin(counsellor, counsellor.id == Arbitration.counsellor_id)
            .where(Hearing.date >= start, Hearing.date <= end))
    visible = HearingService().base_query(actor).whereclause
    if visible is not None:
        stmt = stmt.where(visible)
    if counsellor_ids:
        stmt = stmt.where(or_(Arbitration.counsellor_id.in_(counsellor_ids),
                              Hearing.union_representative_id.in_(counsellor_ids)))
    if institution_id is not None:
        stmt = stmt.where(Arbitration.institution_id == institution_id)
    stmt = stmt.order_by(Hearing.date, Hearing.start_time, Arbitration.file_number, Hearing.id)
    found = list(session.execute(stmt))
    numbers: dict[int, list[str]] = {}
    if found:
        arbitration_ids = stmt.with_only_columns(Arbitration.id).scalar_subquery()
        grievance_stmt = (select(ArbitrationGrievance.arbitration_id, Grievance.file_number)
                          .join(Grievance, Grievance.id == ArbitrationGrievance.grievance_id)
                          .where(ArbitrationGrievance.arbitration_id.in_(arbitration_ids))
                          .order_by(Grievance.file_number))
        grievance_visible = GrievanceService().base_query(actor).whereclause
        if grievance_visible is not None:
            grievance_stmt = grievance_stmt.where(grievance_visible)
        for arbitration_id, number in session.execute(grievance_stmt):
            numbers.setdefault(arbitration_id, []).append(number)
    rows = []
    for (_hid, day, start_time, kind, arbitration_id, number, inst, arbitrator, rep,
         counsellor_name, location) in found:
        rows.append((day, start_time.strftime("%H:%M") if start_time else "", kind, number,
                     ", ".join(numbers.get(arbitration_id, [])), inst, arbitrator,
                     rep or counsellor_name, location))
    return rows


def build(session: Session, actor: Actor, resolved: Resolved, lang: str,
          progress: Progress | None) -> Report:
    values = resolved.values
    start, end = values["start"], values["end"]
    require_period(start, end, lang)
    counsellors = values["counsellors"]
    institution = values["institution"]
    rows = hearings(session, actor, start, end,
                    [u.id for u in counsellors] if counsellors else None,
                    institution.id if institution is not None else None)
    report = new_report(DEFINITION, actor, resolved, lang, landscape=True)
    if not rows:
        report.empty_message = tr(NO_DATA, lang)
    report.blocks.append(Table(columns=COLUMNS, rows=rows, group_by="date", totals=True,
                               total_rows=len(rows), sheet=tr(N_("Audiences"), lang)))
    return report


DEFINITION = register(ReportDefinition(
    name="hearings",
    title=N_("Rôle d'audiences"),
    description=N_("Les audiences d'une période, jour par jour : arbitre, établissement, "
                   "dossiers, représentant syndical."),
    params=(Param("start", N_("Du"), "date", required=True, default=clock.today),
            Param("end", N_("Au"), "date", required=True, default=in_30_days),
            Param("counsellors", N_("Conseillers"), "counsellors"),
            Param("institution", N_("Établissement"), "institution")),
    build=build,
))
