"""Report definitions and the one function that runs any of them.

A definition declares its parameters and builds a :class:`Report` from a session and the
acting user; :func:`run_report` resolves the parameters, builds, and renders to PDF or Excel
through a temporary file, so a cancelled or failed run never leaves half a file where the
user expects a report.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from gem import clock
from gem.db import long_statements
from gem.i18n import N_, current_language, tr
from gem.reports.base import Progress, Report
from gem.reports.params import Param, Resolved, resolve
from gem.services import policy
from gem.services.actor import Actor
from gem.services.errors import FieldError, GemError, ValidationError

Builder = Callable[[Session, Actor, Resolved, str, Progress | None], Report]
FORMATS = ("pdf", "xlsx")


@dataclass(frozen=True)
class ReportDefinition:
    name: str
    title: str  # French msgid
    description: str  # French msgid: one sentence for the window and `gem report list`
    params: tuple[Param, ...]
    build: Builder
    formats: tuple[str, ...] = FORMATS
    writes: bool = False  # stores something (the reconciliation stores each line's match)

    def param(self, key: str) -> Param:
        for param in self.params:
            if param.key == key:
                return param
        raise KeyError(key)


REPORTS: dict[str, ReportDefinition] = {}


def register(definition: ReportDefinition) -> ReportDefinition:
    REPORTS[definition.name] = definition
    return definition


ORDER = ("caseload", "statistics", "hearings", "deadlines", "member", "leave_reconciliation",
         "grievance_letter", "list_export")
MODULES = ("caseload", "statistics", "hearings", "deadlines_due", "member_file",
           "reconciliation", "letter", "list_export")


_loaded: list[bool] = []


def _load() -> None:
    """Import the definition modules (each registers itself), in menu order."""
    if _loaded:
        return
    import importlib

    _loaded.append(True)
    for module in MODULES:
        try:
            importlib.import_module(f"gem.reports.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"gem.reports.{module}":
                raise


def report_names() -> list[str]:
    _load()
    return [name for name in ORDER if name in REPORTS] + \
        [name for name in REPORTS if name not in ORDER]


def get_report(name: str) -> ReportDefinition:
    _load()
    try:
        return REPORTS[name]
    except KeyError:
        raise ValidationError([FieldError("report", N_("Rapport"),
                                          N_("« {value} » n'est pas une valeur permise "
                                             "({allowed})."),
                                          {"value": name, "allowed": ", ".join(REPORTS)})]
                              ) from None


def new_report(definition: ReportDefinition, actor: Actor, resolved: Resolved, lang: str,
               **kwargs: Any) -> Report:
    """A report carrying the definition's title and the filters it was run with."""
    return Report(name=definition.name, title=tr(definition.title, lang), lang=lang,
                  generated_at=clock.now().replace(microsecond=0),
                  generated_by=actor.login,
                  filters=[(tr(label, lang), text) for label, text in resolved.shown],
                  **kwargs)


class UnsupportedFormat(GemError):
    msgid = N_("Le rapport « {report} » n'existe pas en format {format} ({allowed}).")


def build_report(session: Session, actor: Actor, name: str, raw: dict[str, Any],
                 lang: str | None = None, progress: Progress | None = None) -> Report:
    definition = get_report(name)
    lang = lang or current_language()
    policy.require(actor, policy.Action.EXPORT, policy.REPORT)
    long_statements(session)  # a report reads longer than a screen may (gem.db)
    resolved = resolve(session, actor, definition.params, raw, lang)
    return definition.build(session, actor, resolved, lang, progress)


def run_report(session: Session, actor: Actor, name: str, raw: dict[str, Any], fmt: str,
               path: str | Path, lang: str | None = None,
               progress: Progress | None = None) -> Path:
    """Build report ``name`` with parameters ``raw`` and write it to ``path`` as ``fmt``
    (pdf or xlsx). Returns the path written."""
    definition = get_report(name)
    lang = lang or current_language()
    if fmt not in definition.formats:
        raise UnsupportedFormat(None, lang, report=name, format=fmt,
                                allowed=", ".join(definition.formats))
    report = build_report(session, actor, name, raw, lang, progress)
    return write_report(report, fmt, path, progress)


def write_report(report: Report, fmt: str, path: str | Path,
                 progress: Progress | None = None) -> Path:
    from gem.reports.excel import render_xlsx
    from gem.reports.pdf import render_pdf

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.part")
    try:
        if fmt == "pdf":
            render_pdf(report, temp, progress)
        elif fmt == "xlsx":
            render_xlsx(report, temp, progress)
        else:
            raise UnsupportedFormat(None, report.lang, report=report.name, format=fmt,
                                    allowed=", ".join(FORMATS))
        os.replace(temp, target)
    finally:
        if temp.exists():
            temp.unlink()
    return target
