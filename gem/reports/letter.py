"""The grievance letter to the employer, from a template an administrator can edit.

Templates are plain text files with ``{merge_field}`` placeholders. The default ships in
gem/resources/templates/; a file of the same name in the user's configuration folder
(``templates/grievance_letter.fr.txt``) replaces it, so the union's wording survives upgrades
and needs no database change. A placeholder GEM does not know is refused with its name and the
template's path, rather than printed as-is on a letter leaving the office.
"""

from __future__ import annotations

import shutil
import string
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gem import clock
from gem.i18n import N_, tr
from gem.labels import label
from gem.models import (
    BargainingUnit,
    CollectiveAgreement,
    Grievance,
    GrievanceArticle,
    GrievanceMember,
    Institution,
    JobTitle,
    Member,
    User,
)
from gem.paths import config_dir, resource_path
from gem.reports.base import Paragraphs, Progress, Report
from gem.reports.params import Param, Resolved
from gem.reports.registry import ReportDefinition, new_report, register
from gem.services.actor import Actor
from gem.services.errors import GemError

TEMPLATE = "grievance_letter"

FIELDS: dict[str, str] = {
    "today": N_("date du jour, en toutes lettres"),
    "institution": N_("nom de l'établissement"),
    "member": N_("premier membre visé (prénom nom)"),
    "members": N_("tous les membres visés"),
    "member_number": N_("numéro du premier membre"),
    "job_title": N_("titre d'emploi du premier membre"),
    "file_number": N_("numéro de dossier du grief"),
    "employer_number": N_("numéro du grief chez l'employeur"),
    "title": N_("objet du grief"),
    "nature": N_("nature du grief"),
    "kind": N_("type de grief"),
    "articles": N_("articles invoqués"),
    "facts": N_("faits"),
    "remedy": N_("correctif requis"),
    "event_date": N_("date de l'événement"),
    "knowledge_date": N_("date de connaissance"),
    "filed_date": N_("date de dépôt"),
    "counsellor": N_("conseiller responsable"),
    "counsellor_email": N_("courriel du conseiller"),
    "unit": N_("unité d'accréditation"),
    "local_number": N_("numéro de section locale"),
    "agreement": N_("convention collective"),
}

_MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


class TemplateError(GemError):
    msgid = N_("Modèle {path} : {problem}")


def long_date(day: date, lang: str) -> str:
    """« 1er décembre 2026 » / "December 1, 2026": how a letter is dated."""
    if lang == "en":
        return f"{_MONTHS['en'][day.month - 1]} {day.day}, {day.year}"
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {_MONTHS['fr'][day.month - 1]} {day.year}"


def default_template_path(lang: str, name: str = TEMPLATE) -> Path:
    return resource_path("templates", f"{name}.{lang}.txt")


def user_template_path(lang: str, name: str = TEMPLATE) -> Path:
    return config_dir() / "templates" / f"{name}.{lang}.txt"


def template_path(lang: str, name: str = TEMPLATE) -> Path:
    """The administrator's copy when there is one, else the shipped default."""
    own = user_template_path(lang, name)
    return own if own.is_file() else default_template_path(lang, name)


def init_user_template(lang: str, name: str = TEMPLATE) -> Path:
    """Copy the default template where the administrator may edit it (never overwrites)."""
    target = user_template_path(lang, name)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(default_template_path(lang, name), target)
    return target


def merge(template: str, values: dict[str, Any], path: str, lang: str) -> str:
    """Fill ``template``'s ``{fields}``; an unknown or malformed field is an error naming it.

    Only plain names are accepted: ``{member.__class__}`` or ``{x[0]}`` would let a template
    reach into Python objects, so they are refused like unknown names."""
    out: list[str] = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise TemplateError(None, lang, path=path,
                            problem=tr(N_("accolade mal fermée ({detail})."), lang,
                                       detail=str(exc))) from None
    unknown: list[str] = []
    for literal, field, _spec, _conversion in parsed:
        out.append(literal)
        if field is None:
            continue
        if field not in values:
            unknown.append("{" + field + "}")
            continue
        value = values[field]
        out.append("" if value is None else str(value))
    if unknown:
        raise TemplateError(None, lang, path=path, problem=tr(
            N_("champ de fusion inconnu : {fields}. Champs permis : {allowed}."), lang,
            fields=", ".join(unknown), allowed=", ".join("{" + k + "}" for k in FIELDS)))
    return "".join(out)


def merge_values(session: Session, grievance: Grievance, lang: str,
                 today: date | None = None) -> dict[str, Any]:
    inst = session.get(Institution, grievance.institution_id)
    members = list(session.execute(
        select(Member.first_name, Member.last_name, Member.member_number, JobTitle.title_fr,
               JobTitle.title_en)
        .join(GrievanceMember, GrievanceMember.member_id == Member.id)
        .outerjoin(JobTitle, JobTitle.id == Member.job_title_id)
        .where(GrievanceMember.grievance_id == grievance.id)
        .order_by(Member.last_name, Member.first_name)))
    articles = list(session.scalars(select(GrievanceArticle.citation)
                                    .where(GrievanceArticle.grievance_id == grievance.id)
                                    .order_by(GrievanceArticle.id)))
    counsellor = session.get(User, grievance.counsellor_id) if grievance.counsellor_id else None
    unit = session.get(BargainingUnit, grievance.unit_id) if grievance.unit_id else None
    agreement = session.get(CollectiveAgreement, grievance.agreement_id) \
        if grievance.agreement_id else None
    first = members[0] if members else None
    job = None
    if first is not None:
        job = (first.title_en or first.title_fr) if lang == "en" else first.title_fr
    none = tr(N_("(aucun)"), lang)
    return {
        "today": long_date(today or clock.today(), lang),
        "institution": inst.name if inst else "",
        "member": f"{first.first_name} {first.last_name}" if first else none,
        "members": ", ".join(f"{m.first_name} {m.last_name}" for m in members) or none,
        "member_number": first.member_number if first else "",
        "job_title": job or "",
        "file_number": grievance.file_number,
        "employer_number": grievance.employer_number or "",
        "title": grievance.title,
        "nature": label("grievance_nature", grievance.nature, lang),
        "kind": label("grievance_kind", grievance.kind, lang),
        "articles": ", ".join(articles) or none,
        "facts": grievance.facts or "",
        "remedy": grievance.remedy_sought or "",
        "event_date": grievance.event_date.isoformat() if grievance.event_date else "",
        "knowledge_date": grievance.knowledge_date.isoformat()
        if grievance.knowledge_date else "",
        "filed_date": grievance.filed_date.isoformat() if grievance.filed_date else "",
        "counsellor": counsellor.full_name if counsellor else "",
        "counsellor_email": counsellor.email or "" if counsellor else "",
        "unit": unit.name if unit else "",
        "local_number": unit.local_number or "" if unit else "",
        "agreement": agreement.name if agreement else "",
    }


def letter_text(session: Session, grievance: Grievance, lang: str,
                today: date | None = None) -> str:
    path = template_path(lang)
    template = path.read_text(encoding="utf-8")
    return merge(template, merge_values(session, grievance, lang, today), str(path), lang)


def build(session: Session, actor: Actor, resolved: Resolved, lang: str,
          progress: Progress | None) -> Report:
    grievance: Grievance = resolved.values["grievance"]
    text = letter_text(session, grievance, lang)
    report = new_report(DEFINITION, actor, resolved, lang, letter=True)
    report.title = tr(N_("Grief {number}"), lang, number=grievance.file_number)
    paragraphs = [p.strip("\n") for p in text.replace("\r\n", "\n").split("\n\n")]
    report.blocks.append(Paragraphs(texts=[p for p in paragraphs if p.strip()]))
    return report


DEFINITION = register(ReportDefinition(
    name="grievance_letter",
    title=N_("Lettre de grief à l'employeur"),
    description=N_("La lettre qui accompagne un grief, à partir du modèle modifiable par "
                   "l'administrateur."),
    params=(Param("grievance", N_("Grief"), "grievance", required=True,
                  help=N_("numéro de dossier du grief")),),
    build=build,
    formats=("pdf",),
))
