"""Union-leave reconciliation for an institution and a period: every invoice line with its
verdict (matched, not approved, hours differ, already billed), a summary by verdict, totals.

The matching itself is gem.services.reconciliation.reconcile, which also stores each line's
verdict (audited), so the invoice screen shows what the PDF and the workbook say.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from gem import clock
from gem.i18n import N_, tr
from gem.reports.base import NO_DATA, Column, Facts, Paragraphs, Progress, Report, Table
from gem.reports.params import Param, Resolved, require_period
from gem.reports.registry import ReportDefinition, new_report, register
from gem.services.actor import Actor
from gem.services.reconciliation import reconcile


def _start_of_year() -> date:
    return date(clock.today().year, 1, 1)


LINE_COLUMNS = [Column("invoice", N_("Facture"), "text", 14, fit=True),
                Column("invoice_date", N_("Date de facture"), "date", 9),
                Column("member", N_("Membre"), "text", 22),
                Column("member_number", N_("Numéro de membre"), "text", 9, fit=True),
                Column("work_date", N_("Date"), "date", 9),
                Column("hours", N_("Heures facturées"), "number", 8, total=True),
                Column("approved_hours", N_("Heures approuvées (libération)"), "number", 9),
                Column("rate", N_("Taux horaire"), "money", 8),
                Column("amount", N_("Montant"), "money", 10, total=True),
                Column("match", N_("Rapprochement"), "code:invoice_match", 16)]

SUMMARY_COLUMNS = [Column("match", N_("Rapprochement"), "code:invoice_match", 24),
                   Column("lines", N_("Lignes"), "int", 8, total=True),
                   Column("hours", N_("Heures"), "number", 10, total=True),
                   Column("amount", N_("Montant"), "money", 12, total=True)]


def build(session: Session, actor: Actor, resolved: Resolved, lang: str,
          progress: Progress | None) -> Report:
    values = resolved.values
    start, end = values["start"], values["end"]
    require_period(start, end, lang)
    result = reconcile(session, actor, values["institution"].id, start, end)
    report = new_report(DEFINITION, actor, resolved, lang, landscape=True)
    if not result.lines:
        report.empty_message = tr(NO_DATA, lang)
        return report
    report.blocks.append(Facts(title=N_("En bref"), items=[
        (N_("Lignes vérifiées"), len(result.lines), "int"),
        (N_("Montant facturé"), result.billed, "money"),
        (N_("Montant conforme"), result.billed - result.disputed, "money"),
        (N_("Montant à contester"), result.disputed, "money"),
        (N_("Lignes dont le résultat a changé"), result.changed, "int")]))
    if not result.stored:
        report.blocks.append(Paragraphs(texts=[tr(N_(
            "Votre rôle ne permet pas d'enregistrer le résultat : les lignes des factures "
            "gardent leur état précédent."), lang)]))
    report.blocks.append(Table(title=N_("Sommaire par résultat"), columns=SUMMARY_COLUMNS,
                               rows=result.summary(), totals=True, total_rows=4,
                               sheet=tr(N_("Sommaire"), lang)))
    rows = [(line.invoice_number, line.invoice_date, line.member_name, line.member_number,
             line.work_date, line.hours, line.approved_hours, line.rate, line.amount,
             line.match) for line in result.lines]
    report.blocks.append(Table(title=N_("Lignes des factures"), columns=LINE_COLUMNS,
                               rows=rows, group_by="invoice", totals=True,
                               total_rows=len(rows), sheet=tr(N_("Lignes"), lang)))
    return report


DEFINITION = register(ReportDefinition(
    name="leave_reconciliation",
    title=N_("Rapprochement des libérations syndicales"),
    description=N_("Les lignes des factures d'un établissement comparées aux libérations "
                   "approuvées : non approuvées, heures différentes, déjà facturées."),
    params=(Param("institution", N_("Établissement"), "institution", required=True),
            Param("start", N_("Du"), "date", required=True, default=_start_of_year),
            Param("end", N_("Au"), "date", required=True, default=clock.today)),
    build=build,
    writes=True,
))
