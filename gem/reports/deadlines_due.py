"""Deadlines due in a period, by counsellor, each with the sentence that explains its date.

The deadlines come from the deadline engine's own "what is due" queries
(gem.services.deadlines.upcoming_deadlines / overdue_deadlines), which already apply the
confidentiality rule, so this report and the counsellor's "my caseload" screen list the same
deadlines for the same dates.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from gem import clock
from gem.i18n import N_, tr
from gem.models import Deadline, User
from gem.reports.base import NO_DATA, Column, Progress, Report, Table
from gem.reports.params import Param, Resolved, in_30_days, require_period
from gem.reports.registry import ReportDefinition, new_report, register
from gem.services.actor import Actor
from gem.services.deadlines import (
    DueDeadline,
    explain_deadline,
    overdue_deadlines,
    upcoming_deadlines,
)
from gem.services.deadlines.calendars import load_calendars

COLUMNS = [Column("counsellor", N_("Conseiller"), "text", 20),
           Column("due_date", N_("Échéance"), "date", 9),
           Column("days_left", N_("Jours restants"), "int", 7),
           Column("file_number", N_("Dossier"), "text", 13, fit=True),
           Column("title", N_("Objet"), "text", 26, wrap=True),
           Column("label", N_("Délai"), "text", 20, wrap=True),
           Column("explanation", N_("Explication"), "text", 46, wrap=True),
           Column("status", N_("Statut"), "code:deadline_status", 9)]


def due(session: Session, actor: Actor, start: date, end: date, counsellor_ids: list[int] | None,
        include_overdue: bool) -> list[DueDeadline]:
    one = counsellor_ids[0] if counsellor_ids and len(counsellor_ids) == 1 else None
    found = upcoming_deadlines(session, actor, (end - start).days, counsellor_id=one,
                               today=start)
    if include_overdue:
        found = overdue_deadlines(session, actor, counsellor_id=one, today=start) + found
    if counsellor_ids and one is None:
        wanted = set(counsellor_ids)
        found = [d for d in found if d.counsellor_id in wanted]
    return found


def build(session: Session, actor: Actor, resolved: Resolved, lang: str,
          progress: Progress | None) -> Report:
    values = resolved.values
    start, end = values["start"], values["end"]
    require_period(start, end, lang)
    counsellors = values["counsellors"]
    found = due(session, actor, start, end, [u.id for u in counsellors] if counsellors else None,
                bool(values["include_overdue"]))
    names = dict(session.execute(select(User.id, User.full_name)).all()) if found else {}
    objects: dict[int, Deadline] = {}
    ids = [d.deadline_id for d in found]
    for i in range(0, len(ids), 500):
        for deadline in session.scalars(select(Deadline).where(Deadline.id.in_(ids[i:i + 500]))):
            objects[deadline.id] = deadline
    calendars = load_calendars(session) if found else None
    today = clock.today()
    nobody = tr(N_("Sans conseiller"), lang)
    rows = []
    for i, d in enumerate(found):
        if progress and i % 200 == 0:
            progress(i, len(found))
        rows.append((names.get(d.counsellor_id, nobody) if d.counsellor_id else nobody,
                     d.due_date, (d.due_date - today).days, d.file_number, d.title,
                     d.label_in(lang), explain_deadline(session, objects[d.deadline_id], lang,
                                                        calendars), d.status))
    rows.sort(key=lambda r: (r[0], r[1], r[3] or ""))
    report = new_report(DEFINITION, actor, resolved, lang, landscape=True)
    if not rows:
        report.empty_message = tr(NO_DATA, lang)
    report.blocks.append(Table(columns=COLUMNS, rows=rows, group_by="counsellor", totals=True,
                               total_rows=len(rows), sheet=tr(N_("Échéances"), lang)))
    return report


DEFINITION = register(ReportDefinition(
    name="deadlines",
    title=N_("Échéances à venir"),
    description=N_("Les échéances d'une période, par conseiller, chacune avec son "
                   "explication."),
    params=(Param("start", N_("Du"), "date", required=True, default=clock.today),
            Param("end", N_("Au"), "date", required=True, default=in_30_days),
            Param("counsellors", N_("Conseillers"), "counsellors"),
            Param("include_overdue", N_("Inclure les échéances dépassées"), "bool",
                  default=False)),
    build=build,
))
