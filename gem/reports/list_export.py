"""Any list of the window, as filtered and sorted on screen, to Excel (or PDF).

The rows come from gem.services.listing, the very definition the window's table pages
through: same joins, same visibility rule, same WHERE and ORDER BY, so the workbook holds
exactly the rows the user was looking at. They stream from a server-side cursor into
openpyxl's write-only sheet; 100,000 rows never sit in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from gem.i18n import N_, tr
from gem.labels import label
from gem.reports.base import Column, Progress, Report, Table
from gem.reports.params import Param, Resolved, filters_text
from gem.reports.registry import ReportDefinition, new_report, register
from gem.services import listing, policy
from gem.services.actor import Actor
from gem.services.entity import Range

IDENTIFIERS = frozenset({"file_number", "member_number", "number", "registry_number", "login"})
NO_ROWS = N_("Aucune ligne ne correspond à ces filtres.")


def columns_of(name: str) -> list[Column]:
    return [Column(c.key, c.label, c.kind, c.width, fit=c.key in IDENTIFIERS)
            for c in listing.get_list(name).columns]


def _rows(session: Session, actor: Actor, name: str, filters: dict[str, Any],
          order_by: str | None, descending: bool | None) -> Iterator[Sequence[Any]]:
    for chunk in listing.iterate(session, actor, name, filters, order_by, descending):
        for row in chunk:
            yield row[1:]


def filter_labels(name: str, filters: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The filters as the user chose them, named like the list's columns."""
    definition = listing.get_list(name)
    model: Any = definition.service().model
    columns = inspect(model).columns
    shown = []
    for key, value in filters.items():
        if value is None or value == "" or value == [] or value == ():
            continue
        if key in definition.keys:
            col = definition.column(key)
            title, kind = col.label, col.kind
        elif key == "text":
            title, kind = N_("Recherche"), "text"
        elif key == "region_code":
            title, kind = N_("Région sociosanitaire"), "text"
        elif key in columns:
            title, kind = columns[key].info.get("label", key), "text"
        else:
            title, kind = key, "text"
        if kind.startswith("code:"):
            values = value if isinstance(value, list | tuple | set | frozenset) else [value]
            text = ", ".join(label(kind[5:], str(v), lang) for v in values)
        elif isinstance(value, Range) or isinstance(value, list | tuple | set | frozenset):
            text = filters_text({"": value}, lang).split(" = ", 1)[1]
        else:
            text = str(value)
        shown.append((tr(title, lang), text))
    return shown


def typed_filters(name: str, filters: dict[str, Any], lang: str | None = None) -> dict[str, Any]:
    """Filter values typed on the command line, typed and checked like the list's own
    (gem.services.listing.typed_filters): a bad one is refused naming the filter."""
    return listing.typed_filters(name, filters, lang)


def build(session: Session, actor: Actor, resolved: Resolved, lang: str,
          progress: Progress | None) -> Report:
    values = resolved.values
    name: str = values["list"]
    filters: dict[str, Any] = values["filters"] or {}
    order_by: str | None = values["order_by"] or None
    descending: bool | None = values["descending"]
    definition = listing.get_list(name)
    policy.require(actor, policy.Action.EXPORT, definition.service().entity)
    listing.check_order(name, order_by, lang)
    filters = typed_filters(name, filters, lang)
    total = listing.count(session, actor, name, filters)
    report = new_report(DEFINITION, actor, Resolved(values, []), lang)
    report.title = tr(N_("{title} — export"), lang, title=tr(definition.title, lang))
    report.filters = [(tr(N_("Liste"), lang), tr(definition.title, lang))]
    report.filters += filter_labels(name, filters, lang)
    if order_by:
        key = order_by if order_by in definition.keys else definition.default_order
        direction = tr(N_("décroissant") if descending else N_("croissant"), lang)
        report.filters.append((tr(N_("Tri"), lang),
                               f"{tr(definition.column(key).label, lang)} ({direction})"
                               if key in definition.keys else key))
    report.filters.append((tr(N_("Lignes"), lang), str(total)))
    report.landscape = len(definition.columns) > 6
    if total == 0:
        report.empty_message = tr(NO_ROWS, lang)
    report.blocks.append(Table(
        columns=columns_of(name),
        rows=_rows(session, actor, name, filters, order_by, descending),
        total_rows=total, empty_text=NO_ROWS, sheet=tr(definition.title, lang)))
    return report


DEFINITION = register(ReportDefinition(
    name="list_export",
    title=N_("Export d'une liste"),
    description=N_("Une liste de la fenêtre, telle que filtrée et triée à l'écran."),
    params=(Param("list", N_("Liste"), "list", required=True),
            Param("filters", N_("Filtres"), "filters",
                  help=N_("clé=valeur, répétable ; a,b pour plusieurs valeurs ; "
                          "début..fin pour un intervalle")),
            Param("order_by", N_("Trier par"), "text"),
            Param("descending", N_("Ordre décroissant"), "bool")),
    build=build,
    formats=("xlsx", "pdf"),
))
