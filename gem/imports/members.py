"""The preview of a members import: for each row of an institution's employee list, what
importing it would do (create, update with the changed fields, unchanged, refused and why),
and the members of that institution the list no longer names. Nothing is written.

Why each row goes through MemberService.clean: the import must refuse exactly what the form
refuses (a bad e-mail, a hire date in the future, a date before another), in the same
words; the import adds only what a spreadsheet brings (a cell that is not a date, a job
title no one knows, the same number twice in the file). People are matched as the issue
says: by member number first, then by employee number within the institution.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gem.formatting import format_number
from gem.i18n import N_, tr
from gem.labels import LABELS
from gem.models import BargainingUnit, Institution, JobTitle, Member
from gem.models.enums import MemberStatus
from gem.services import policy
from gem.services.actor import Actor
from gem.services.errors import GemError, ValidationError
from gem.services.member import MemberService

from . import columns, layouts, values
from .sheets import Cell, Row, open_sheet

CREATE, UPDATE, UNCHANGED, REFUSED = "create", "update", "unchanged", "refused"
OUTCOMES = (REFUSED, CREATE, UPDATE, UNCHANGED)  # the order a preview shows them in
NUMBERS = N_("Numéro de membre ou matricule")


class UnknownInstitution(GemError):
    msgid = N_("Établissement « {name} » introuvable : donnez son nom exact ou son numéro.")


@dataclass(frozen=True)
class Problem:
    column: str      # the header of the column at fault ("" when it is the row)
    message: str     # in the language of the preview


@dataclass
class Outcome:
    row: int
    kind: str
    member_id: int | None = None
    name: str = ""
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field → (was, now)
    problems: list[Problem] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)  # what the import would save
    cells: tuple[Cell, ...] = ()  # the row as read, kept for a refused one (its workbook)


@dataclass
class Preview:
    file: str
    sha256: str
    sheet: str
    institution_id: int
    institution: str
    mapping: dict[int, str]           # column index → field key
    header: tuple[str, ...]
    outcomes: list[Outcome]
    left: list[tuple[int, str]]       # (member id, name) the list no longer names

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(o.kind for o in self.outcomes)
        return {kind: found.get(kind, 0) for kind in OUTCOMES}

    @property
    def refused(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind == REFUSED]


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def find_institution(session: Session, name: str) -> Institution:
    """By its id, its exact name or its short name, accents and case ignored."""
    text = name.strip()
    if text.isdigit():
        found = session.get(Institution, int(text))
        if found is not None:
            return found
    wanted = columns.normalized(text)
    for institution in session.scalars(select(Institution)):
        if wanted in (columns.normalized(institution.name),
                      columns.normalized(institution.short_name or "")):
            return institution
    raise UnknownInstitution(name=name)


def _choices(kind: str) -> dict[str, str]:
    """Every way a cell may name a choice: its code, its French and English labels."""
    out: dict[str, str] = {}
    for code, label in LABELS[kind].items():
        for text in (code, tr(label, "fr"), tr(label, "en")):
            out[columns.normalized(str(text))] = str(code)
    return out


class _Lookups:
    """What the rows are checked against, read once (not once per row)."""

    def __init__(self, session: Session, institution: Institution) -> None:
        self.titles: dict[str, int] = {}
        for title in session.scalars(select(JobTitle)):
            for text in (title.code, title.title_fr, title.title_en):
                if text:
                    self.titles.setdefault(columns.normalized(text), title.id)
        self.units: dict[str, int] = {}
        for unit in session.scalars(select(BargainingUnit).where(
                BargainingUnit.institution_id == institution.id)):
            for text in (unit.name, unit.local_number):
                if text:
                    self.units.setdefault(columns.normalized(text), unit.id)
        self.statuses = _choices("employment_status")
        self.by_number = {m.member_number: m for m in session.scalars(select(Member))}
        self.by_employee = {m.employee_number: m for m in session.scalars(
            select(Member).where(Member.institution_id == institution.id,
                                 Member.employee_number.is_not(None)))}


def _read(key: str, cell: Cell, lookups: _Lookups) -> Any:
    """The field's value from its cell, or values.Refused."""
    if key in ("member_number", "employee_number"):
        return values.as_code(cell)
    if key in ("last_name", "first_name"):
        return values.as_text(cell, name=True)
    if key in ("hire_date", "seniority_date"):
        return values.as_date(cell)
    if key == "seniority_hours":
        return values.as_amount(cell)
    if key in ("job_title", "unit", "employment_status"):
        text = values.as_text(cell)
        if text is None:
            return None
        table: Mapping[str, int] | Mapping[str, str] = (
            lookups.titles if key == "job_title" else
            lookups.units if key == "unit" else lookups.statuses)
        found = table.get(columns.normalized(text))
        if found is None:
            raise values.Refused(N_("« {value} » n'est pas connu de GEM"), text)
        return found
    return values.as_text(cell)


_FIELD_OF = {"job_title": "job_title_id", "unit": "unit_id"}  # the import's key → the column


def preview_members(session: Session, actor: Actor, path: Path, institution: str,
                    choose: Callable[[tuple[str, ...]], Mapping[int, str]] | None = None,
                    progress: Callable[[int, int], None] | None = None) -> Preview:
    """What importing ``path`` into ``institution`` would do, row by row; writes nothing.
    ``choose(header)``: the person's mapping (column index → field), given the header
    read here (the sheet is read once); proposed from the header without it.
    ``progress(rows_read, 0)`` after every thousand rows (the total is unknown while
    streaming)."""
    policy.require(actor, policy.Action.CREATE, policy.MEMBER)
    lang = actor.language
    place = find_institution(session, institution)
    sheet = open_sheet(Path(path))
    chosen = dict(choose(sheet.header)) if choose is not None else \
        columns.propose(sheet.header, layouts.MEMBERS)
    columns.check_required(chosen, layouts.MEMBERS)
    if not {"member_number", "employee_number"} & set(chosen.values()):
        raise columns.MissingColumns([NUMBERS])
    header_of = {key: sheet.header[index] if index < len(sheet.header) else str(index + 1)
                 for index, key in chosen.items()}
    lookups = _Lookups(session, place)
    service = MemberService()
    outcomes: list[Outcome] = []
    seen: dict[tuple[str, str], int] = {}  # (field, number) → first row naming it
    named: set[int] = set()
    for count, row in enumerate(sheet.rows, start=1):
        outcome = _one(session, actor, service, row, chosen, header_of, lookups, seen,
                       place, lang)
        if outcome.member_id is not None:
            named.add(outcome.member_id)
        outcomes.append(outcome)
        if progress is not None and count % 1000 == 0:
            progress(count, 0)
    left = sorted(((m.id, f"{m.last_name}, {m.first_name}")
                   for m in session.scalars(select(Member).where(
                       Member.institution_id == place.id,
                       Member.status == MemberStatus.ACTIVE))
                   if m.id not in named), key=lambda item: item[1])
    return Preview(Path(path).name, _sha256(Path(path)), sheet.name, place.id, place.name,
                   chosen, sheet.header, outcomes, left)


def _one(session: Session, actor: Actor, service: MemberService, row: Row,
         mapping: dict[int, str], header_of: dict[str, str], lookups: _Lookups,
         seen: dict[tuple[str, str], int], place: Institution, lang: str) -> Outcome:
    outcome = Outcome(row.number, REFUSED, cells=row.cells)
    data: dict[str, Any] = {}
    for index, key in mapping.items():
        cell = row.cells[index] if index < len(row.cells) else None
        try:
            value = _read(key, cell, lookups)
        except values.Refused as refused:
            outcome.problems.append(Problem(header_of[key], tr(
                refused.msgid, lang, value=refused.value, **refused.params)))
            continue
        if value is not None:
            data[_FIELD_OF.get(key, key)] = value
    for key in ("member_number", "employee_number"):
        number = data.get(key)
        if number is None:
            continue
        first = seen.setdefault((key, number), row.number)
        if first != row.number:
            outcome.problems.append(Problem(header_of[key], tr(
                N_("« {value} » figure déjà à la ligne {row} du fichier"), lang,
                value=number, row=format_number(first, 0))))
    outcome.name = f"{data.get('last_name', '')}, {data.get('first_name', '')}".strip(", ")
    if outcome.problems:
        return outcome
    existing = lookups.by_number.get(data.get("member_number", "")) or \
        lookups.by_employee.get(data.get("employee_number", ""))
    data["institution_id"] = place.id
    if existing is None and "member_number" not in data:
        outcome.problems.append(Problem(header_of.get("member_number", ""), tr(
            N_("un nouveau membre a besoin de son numéro de membre"), lang)))
        return outcome
    try:
        cleaned, _extras = service.clean(session, actor, data, existing)
    except ValidationError as invalid:
        reverse = {_FIELD_OF.get(k, k): h for k, h in header_of.items()}
        outcome.problems.extend(Problem(reverse.get(e.field, ""), e.message(lang))
                                for e in invalid.errors)
        return outcome
    outcome.data, outcome.cells = cleaned, ()
    if existing is None:
        outcome.kind = CREATE
        return outcome
    outcome.member_id = existing.id
    outcome.changes = {key: (getattr(existing, key), value) for key, value in cleaned.items()
                       if getattr(existing, key) != value}
    outcome.kind = UPDATE if outcome.changes else UNCHANGED
    return outcome


def write_refused(preview: Preview, target: Path, lang: str) -> Path:
    """The refused rows in a workbook: the row's number, the column and the reason, then the
    row as it was, so the institution can correct its file and send it again."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(tr(N_("Lignes refusées"), lang)[:31])
    sheet.append([tr(N_("Ligne"), lang), tr(N_("Colonne"), lang), tr(N_("Raison"), lang),
                  *preview.header])
    for outcome in preview.refused:
        for problem in outcome.problems:
            sheet.append([outcome.row, problem.column, problem.message,
                          *(_plain(c) for c in outcome.cells)])
    part = target.with_name(target.name + ".part")
    book.save(part)
    part.replace(target)
    return target


def _plain(cell: Cell) -> Any:
    """A cell written back as it was read; a text that a spreadsheet would run as a formula
    is written as text (openpyxl would store it as a formula)."""
    if isinstance(cell, str) and cell.startswith(values.FORMULA_START):
        return "'" + cell
    return cell
