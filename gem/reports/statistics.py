"""Grievance statistics for a period, for the union's bodies.

Two populations, named as such on the report so nobody adds apples to oranges:

* grievances *filed* in the period (filing date within it), counted by institution, health
  region, nature, kind and current status;
* grievances *closed* in the period (closing date within it), counted by how they ended
  (settled, withdrawn, award) and by outcome, with the median number of days from filing to
  closing.

Every figure is a GROUP BY in the database over the rows the actor may see (confidential files
of other counsellors excluded, like everywhere else), so the 100,000-grievance demo takes well
under the 10 s budget; the median comes from a GROUP BY on the day count (a histogram), which
works the same on SQLite, which has no median function, and PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Integer, Select, cast, func, select
from sqlalchemy.orm import Session

from gem import clock
from gem.i18n import N_, tr
from gem.labels import label
from gem.models import Grievance, HealthRegion, Institution
from gem.models.enums import GrievanceStatus
from gem.reports.base import NO_DATA, Chart, Column, Facts, Progress, Report, Table
from gem.reports.params import Param, Resolved, require_period
from gem.reports.registry import ReportDefinition, new_report, register
from gem.services.actor import Actor
from gem.services.grievance import GrievanceService

CLOSED = (GrievanceStatus.SETTLED, GrievanceStatus.WITHDRAWN, GrievanceStatus.AWARDED)


def _start_of_year() -> date:
    return date(clock.today().year, 1, 1)


def _base(actor: Actor, columns: list[Any], values: dict[str, Any]) -> Select[Any]:
    """SELECT over the grievances the actor may see, joined to their institution, narrowed to
    the chosen institution and counsellors."""
    stmt = (select(*columns).select_from(Grievance)
            .join(Institution, Institution.id == Grievance.institution_id))
    visible = GrievanceService().base_query(actor).whereclause
    if visible is not None:
        stmt = stmt.where(visible)
    if values.get("institution") is not None:
        stmt = stmt.where(Grievance.institution_id == values["institution"].id)
    if values.get("counsellors"):
        stmt = stmt.where(Grievance.counsellor_id.in_([u.id for u in values["counsellors"]]))
    return stmt


def _filed(stmt: Select[Any], start: date, end: date) -> Select[Any]:
    return stmt.where(Grievance.filed_date >= start, Grievance.filed_date <= end)


def _closed(stmt: Select[Any], start: date, end: date) -> Select[Any]:
    return stmt.where(Grievance.closed_date >= start, Grievance.closed_date <= end,
                      Grievance.status.in_([s.value for s in CLOSED]))


def _days(session: Session) -> Any:
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.julianday(Grievance.closed_date) - func.julianday(Grievance.filed_date),
                    Integer)
    return Grievance.closed_date - Grievance.filed_date


def median_from_histogram(histogram: list[tuple[int, int]]) -> float | None:
    """The median of values given as (value, how many) pairs."""
    pairs = sorted((v, n) for v, n in histogram if v is not None and n)
    total = sum(n for _, n in pairs)
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]
    found: list[int] = []
    seen = 0
    for value, n in pairs:
        while wanted and wanted[0] < seen + n:
            found.append(value)
            wanted.pop(0)
        seen += n
    return (found[0] + found[1]) / 2


def _share_rows(rows: list[tuple[str, int]], total: int) -> list[tuple[str, int, Any]]:
    from decimal import Decimal

    result = []
    for name, n in rows:
        share = (Decimal(n) * 100 / Decimal(total)).quantize(Decimal("0.01")) if total else None
        result.append((name, n, share))
    return result


def _table(title: str, first: str, rows: list[tuple[str, int]], total: int,
           width: float = 40) -> Table:
    return Table(title=title,
                 columns=[Column("name", first, "text", width),
                          Column("count", N_("Nombre"), "int", 10, total=True),
                          Column("share", N_("% du total"), "number", 10)],
                 rows=_share_rows(rows, total), totals=True)


def compute(session: Session, actor: Actor, values: dict[str, Any]) -> dict[str, Any]:
    """Every figure of the report, as plain data (the window can show it as is)."""
    start, end = values["start"], values["end"]
    lang = values.get("_lang", "fr")
    count = func.count(Grievance.id)

    def grouped(column: Any, *extra: Any) -> list[tuple[Any, ...]]:
        stmt = _filed(_base(actor, [column, *extra, count], values), start, end)
        return list(session.execute(stmt.group_by(column, *extra)))

    by_inst = sorted(((name, n) for name, n in grouped(Institution.name)),
                     key=lambda r: (-r[1], r[0]))
    region_rows = session.execute(
        _filed(_base(actor, [Institution.region_code, HealthRegion.name, count], values)
               .outerjoin(HealthRegion, HealthRegion.code == Institution.region_code),
               start, end).group_by(Institution.region_code, HealthRegion.name))
    by_region = sorted(((f"{code} — {name}" if code else "—", n)
                        for code, name, n in region_rows), key=lambda r: r[0])

    def coded(column: Any, kind: str) -> list[tuple[str, int]]:
        rows = [(label(kind, code, lang), n) for code, n in grouped(column)]
        return sorted(rows, key=lambda r: (-r[1], r[0]))

    by_nature = coded(Grievance.nature, "grievance_nature")
    by_kind = coded(Grievance.kind, "grievance_kind")
    by_status = coded(Grievance.status, "grievance_status")
    filed = sum(n for _, n in by_inst)
    closed_stmt = _closed(_base(actor, [Grievance.status, Grievance.outcome, count], values),
                          start, end).group_by(Grievance.status, Grievance.outcome)
    closed_by: dict[str, int] = {}
    by_outcome_raw: dict[str | None, int] = {}
    for status, outcome, n in session.execute(closed_stmt):
        closed_by[status] = closed_by.get(status, 0) + n
        by_outcome_raw[outcome] = by_outcome_raw.get(outcome, 0) + n
    by_outcome = sorted(((label("outcome", code, lang) if code else
                          tr(N_("Non précisée"), lang), n)
                         for code, n in by_outcome_raw.items()), key=lambda r: (-r[1], r[0]))
    days = _days(session)
    histogram = session.execute(
        _closed(_base(actor, [days, count], values), start, end)
        .where(Grievance.filed_date.is_not(None)).group_by(days))
    median = median_from_histogram([(d, n) for d, n in histogram])
    return {"filed": filed, "closed": sum(closed_by.values()),
            "settled": closed_by.get(GrievanceStatus.SETTLED, 0),
            "withdrawn": closed_by.get(GrievanceStatus.WITHDRAWN, 0),
            "awarded": closed_by.get(GrievanceStatus.AWARDED, 0),
            "median_days": median, "by_institution": by_inst, "by_region": by_region,
            "by_nature": by_nature, "by_kind": by_kind, "by_status": by_status,
            "by_outcome": by_outcome}


def build(session: Session, actor: Actor, resolved: Resolved, lang: str,
          progress: Progress | None) -> Report:
    values = dict(resolved.values)
    values["_lang"] = lang
    require_period(values["start"], values["end"], lang)
    if progress:
        progress(0, 3)
    data = compute(session, actor, values)
    if progress:
        progress(2, 3)
    report = new_report(DEFINITION, actor, resolved, lang)
    if not data["filed"] and not data["closed"]:
        report.empty_message = tr(NO_DATA, lang)
        return report
    median = data["median_days"]
    report.blocks.append(Facts(title=N_("En bref"), items=[
        (N_("Griefs déposés dans la période"), data["filed"], "int"),
        (N_("Griefs fermés dans la période"), data["closed"], "int"),
        (N_("dont réglés"), data["settled"], "int"),
        (N_("dont désistements"), data["withdrawn"], "int"),
        (N_("dont sentences arbitrales"), data["awarded"], "int"),
        # A median of day counts is whole, or halfway between two: shown as 318 or 318,50.
        (N_("Médiane du dépôt à la fermeture (jours)"),
         int(median) if median is not None and float(median).is_integer() else median,
         "int" if median is None or float(median).is_integer() else "number")]))
    report.blocks.append(Chart(title=N_("Griefs déposés par nature"),
                               categories=[n for n, _ in data["by_nature"]],
                               values=[c for _, c in data["by_nature"]],
                               value_label=N_("Griefs déposés")))
    filed = data["filed"]
    report.blocks += [
        _table(N_("Griefs déposés par établissement"), N_("Établissement"),
               data["by_institution"], filed, 50),
        _table(N_("Griefs déposés par région sociosanitaire"), N_("Région sociosanitaire"),
               data["by_region"], filed, 50),
        _table(N_("Griefs déposés par nature"), N_("Nature"), data["by_nature"], filed),
        _table(N_("Griefs déposés par type"), N_("Type"), data["by_kind"], filed),
        _table(N_("Griefs déposés par statut actuel"), N_("Statut"), data["by_status"], filed),
        _table(N_("Griefs fermés dans la période par issue"), N_("Issue"),
               data["by_outcome"], data["closed"]),
    ]
    for block in report.blocks:
        if isinstance(block, Table):  # sheets named by their dimension
            block.sheet = tr(block.columns[0].label, lang)
    if progress:
        progress(3, 3)
    return report


DEFINITION = register(ReportDefinition(
    name="statistics",
    title=N_("Statistiques des griefs"),
    description=N_("Griefs déposés et fermés dans une période, par établissement, région, "
                   "nature, type, statut et issue, avec un graphique."),
    params=(Param("start", N_("Du"), "date", required=True, default=_start_of_year),
            Param("end", N_("Au"), "date", required=True, default=clock.today),
            Param("institution", N_("Établissement"), "institution"),
            Param("counsellors", N_("Conseillers"), "counsellors")),
    build=build,
))
