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

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, insert, select, update
from sqlalchemy.orm import Session

from gem import clock
from gem.formatting import format_number
from gem.i18n import N_, tr
from gem.labels import LABELS
from gem.models import BargainingUnit, EmploymentRecord, Institution, JobTitle, Member
from gem.models.base import table_of
from gem.models.enums import MemberStatus
from gem.services import audit, policy
from gem.services.actor import Actor
from gem.services.entity import KnownRows
from gem.services.errors import GemError, ValidationError
from gem.services.member import MemberService
from gem.services.search_keys import column_key

from . import columns, layouts, values
from .outcomes import (  # shared with the other imports; named here as they always were
    CREATE,
    REFUSED,
    UNCHANGED,
    UPDATE,
    Outcome,
    Problem,
    RowsRefused,
    UnknownInstitution,
    file_sha256,
    find_institution,
    headers_of,
    proposed_mapping,
    read_row,
    remembered_columns,
    write_refused,
)
from .sheets import Cell, Row, open_sheet

if TYPE_CHECKING:
    from .batches import BatchSummary

__all__ = ["CREATE", "NUMBERS", "OUTCOMES", "REFUSED", "UNCHANGED", "UPDATE", "Outcome",
           "Preview", "PreviewOutdated", "Problem", "Proposal", "RowsRefused",
           "UnknownInstitution", "find_institution", "import_members", "preview_members",
           "propose_members_mapping", "write_refused"]

OUTCOMES = (REFUSED, CREATE, UPDATE, UNCHANGED)  # the order a preview shows them in
NUMBERS = N_("Numéro de membre ou matricule")


class PreviewOutdated(GemError):
    msgid = N_("{count} membre(s) ont été modifiés ou créés depuis l'aperçu (par exemple "
               "« {example} ») : rien n'a été importé. Refaites l'aperçu.")


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


@dataclass(frozen=True)
class Proposal:
    """What the mapping step shows: the file's header and, for each column, the field it
    fills (the columns remembered from this institution's last import, else proposed from
    the header's names)."""

    header: tuple[str, ...]
    mapping: dict[int, str]
    fields: tuple[columns.Field, ...]
    institution_id: int
    institution: str
    sheet: str


def _proposed(session: Session, header: tuple[str, ...], place: Institution) -> dict[int, str]:
    from gem.imports import batches

    return proposed_mapping(session, batches.MEMBERS, layouts.MEMBERS, header, place.id)


def propose_members_mapping(session: Session, actor: Actor, path: Path,
                            institution: str) -> Proposal:
    """The header of ``path`` and the mapping proposed for it (the window's mapping step)."""
    policy.require(actor, policy.Action.IMPORT, policy.MEMBER)
    place = find_institution(session, institution)
    sheet = open_sheet(Path(path))
    return Proposal(sheet.header, _proposed(session, sheet.header, place), layouts.MEMBERS,
                    place.id, place.name, sheet.name)


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
        # Every member as a plain row (attributes by column name, as clean() reads them),
        # not an ORM object: 65,000 of those and their identity map weighed 200 MB.
        self.by_number: dict[str, Any] = {
            m.member_number: m for m in session.execute(select(table_of(Member)))}
        # clean() checks every row's job title, unit and institution, and that its member
        # number is free: answered from what is read here, not by three queries a row.
        self.known = KnownRows(keys={"member_number": {
            number: member.id for number, member in self.by_number.items()}})
        self.by_employee: dict[str, Any] = {
            m.employee_number: m for m in self.by_number.values()
            if m.institution_id == institution.id and m.employee_number is not None}


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
    policy.require(actor, policy.Action.IMPORT, policy.MEMBER)
    lang = actor.language
    place = find_institution(session, institution)
    sheet = open_sheet(Path(path))
    chosen = dict(choose(sheet.header)) if choose is not None else \
        _proposed(session, sheet.header, place)
    columns.check_required(chosen, layouts.MEMBERS)
    if not {"member_number", "employee_number"} & set(chosen.values()):
        raise columns.MissingColumns([NUMBERS])
    header_of = headers_of(sheet.header, chosen)
    lookups = _Lookups(session, place)
    service = MemberService()
    outcomes: list[Outcome] = []
    seen: dict[tuple[str, str], int] = {}  # (field, number) → first row naming it
    named: set[int] = set()
    for count, row in enumerate(sheet.rows, start=1):
        outcome = _one(session, actor, service, row, chosen, header_of, lookups, seen,
                       place, lang, named)
        outcomes.append(outcome)
        if progress is not None and count % 1000 == 0:
            progress(count, 0)
    left = sorted(((m.id, f"{m.last_name}, {m.first_name}")
                   for m in session.execute(select(
                       Member.id, Member.last_name, Member.first_name).where(
                       Member.institution_id == place.id,
                       Member.status == MemberStatus.ACTIVE))
                   if m.id not in named), key=lambda item: item[1])
    return Preview(Path(path).name, file_sha256(Path(path)), sheet.name, place.id, place.name,
                   chosen, sheet.header, outcomes, left)


def _one(session: Session, actor: Actor, service: MemberService, row: Row,
         mapping: dict[int, str], header_of: dict[str, str], lookups: _Lookups,
         seen: dict[tuple[str, str], int], place: Institution, lang: str,
         named: set[int]) -> Outcome:
    """One row's outcome. ``named`` receives the member the row names, refused or not: a
    known member whose row is refused (a bad date) is still on the list, not absent from
    it."""
    outcome = Outcome(row.number, REFUSED, cells=row.cells)
    data = {_FIELD_OF.get(key, key): value for key, value in read_row(
        row, mapping, header_of, lambda key, cell: _read(key, cell, lookups), outcome,
        lang).items()}
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
    existing = lookups.by_number.get(data.get("member_number", "")) or \
        lookups.by_employee.get(data.get("employee_number", ""))
    if existing is not None:
        named.add(existing.id)
    if outcome.problems:
        return outcome
    data["institution_id"] = place.id
    if existing is None and "member_number" not in data:
        outcome.problems.append(Problem(header_of.get("member_number", ""), tr(
            N_("un nouveau membre a besoin de son numéro de membre"), lang)))
        return outcome
    try:
        cleaned, _extras = service.clean(session, actor, data, existing, lookups.known)
    except ValidationError as invalid:
        reverse = {_FIELD_OF.get(k, k): h for k, h in header_of.items()}
        outcome.problems.extend(Problem(reverse.get(e.field, ""), e.message(lang))
                                for e in invalid.errors)
        return outcome
    outcome.data, outcome.cells = cleaned, ()
    if existing is None:
        outcome.kind = CREATE
        return outcome
    outcome.member_id, outcome.version = existing.id, existing.version
    outcome.changes = {key: (getattr(existing, key), value) for key, value in cleaned.items()
                       if getattr(existing, key) != value}
    outcome.kind = UPDATE if outcome.changes else UNCHANGED
    return outcome


# ---------------------------------------------------------------------- writing
_HISTORY = ("institution_id", "job_title_id")  # a change of these opens a new stretch
_STRETCH = ("institution_id", "unit_id", "job_title_id", "employment_status")


def import_members(session: Session, actor: Actor, preview: Preview, valid_only: bool = False,
                   progress: Callable[[int, int], None] | None = None) -> BatchSummary:
    """Write what ``preview`` showed, in the caller's write transaction, as one batch: all
    of it, or nothing when a row is refused (unless ``valid_only``: the refused rows are
    then left out and counted) or when a member it would create or update changed since
    the preview was read (PreviewOutdated: the person sees the preview again).
    ``progress(written, to_write)`` after each thousand rows; it may raise to cancel, which
    rolls the whole import back."""
    from gem.imports import batches
    from gem.services.actor import current as current_actor

    actor = current_actor(session, actor)
    policy.require(actor, policy.Action.IMPORT, policy.MEMBER)
    lang = actor.language
    if preview.refused and not valid_only:
        raise RowsRefused(None, lang, count=format_number(len(preview.refused), 0))
    creates = [o for o in preview.outcomes if o.kind == CREATE]
    updates = [o for o in preview.outcomes if o.kind == UPDATE]
    _refuse_outdated(session, preview, creates, updates, lang)
    counts = preview.counts | {"left": len(preview.left)}
    batch = batches.start(session, actor, batches.MEMBERS, preview.file, preview.sha256,
                          preview.sheet, preview.institution_id, counts, valid_only)
    total, written = len(creates) + len(updates), 0
    today, now = clock.today(), clock.now()
    for part in batches.chunks(creates):
        _create(session, actor, batch.id, part, today, now)
        written += len(part)
        if progress is not None:
            progress(written, total)
    for part in batches.chunks(updates):
        _update(session, actor, batch.id, part, today, now)
        written += len(part)
        if progress is not None:
            progress(written, total)
    batches.remember(session, actor, batches.MEMBERS, preview.institution_id,
                     remembered_columns(preview.header, preview.mapping))
    session.flush()
    return batches.summary(batch, preview.institution)


def _refuse_outdated(session: Session, preview: Preview, creates: list[Outcome],
                     updates: list[Outcome], lang: str) -> None:
    """PreviewOutdated when a member to update has another version than the preview read,
    or a number to create has been given to someone meanwhile."""
    from gem.imports import batches

    stale: list[str] = []
    wanted = {o.member_id: o for o in updates if o.member_id is not None}
    for part in batches.chunks(list(wanted)):
        for ident, version in session.execute(select(Member.id, Member.version).where(
                Member.id.in_(part))):
            if version != wanted[ident].version:
                stale.append(wanted[ident].name)
        missing = set(part) - {i for i in session.scalars(
            select(Member.id).where(Member.id.in_(part)))}
        stale.extend(wanted[i].name for i in missing)
    numbers = [o.data["member_number"] for o in creates]
    for part in batches.chunks(numbers):
        stale.extend(session.scalars(select(Member.member_number).where(
            Member.member_number.in_(part))))
    if stale:
        raise PreviewOutdated(None, lang, count=format_number(len(stale), 0),
                              example=stale[0])


def _stretch(member_id: int, values: Mapping[str, Any], start: date,
             actor: Actor, now: datetime) -> dict[str, Any]:
    return {"member_id": member_id, "start_date": start, "end_date": None,
            **{key: values.get(key) for key in _STRETCH},
            "version": 1, "created_at": now, "updated_at": now, "updated_by_id": actor.id}


def _create(session: Session, actor: Actor, batch_id: int, part: Sequence[Outcome],
            today: date, now: datetime) -> None:
    """New members and the first stretch of their employment, audited with the batch."""
    from gem.imports import batches

    rows = [{**o.data, "search_key": column_key(Member.search_key, o.data.get("last_name"),
                                                o.data.get("first_name")),
             "version": 1, "created_at": now, "updated_at": now, "updated_by_id": actor.id}
            for o in part]
    members_table = table_of(Member)
    keys = {key for row in rows for key in row}  # one statement: the same keys in every row
    for row in rows:
        for key in keys - set(row):
            default = getattr(members_table.c[key].default, "arg", None)
            row[key] = None if callable(default) else default
    session.execute(insert(members_table), rows)
    ids = dict(list(session.execute(select(Member.member_number, Member.id).where(
        Member.member_number.in_([r["member_number"] for r in rows])))))
    stretches = [_stretch(ids[r["member_number"]], r,
                          r.get("hire_date") or r.get("seniority_date") or today, actor, now)
                 for r in rows]
    session.execute(insert(table_of(EmploymentRecord)), stretches)
    stretch_ids = dict(list(session.execute(
        select(EmploymentRecord.member_id, EmploymentRecord.id).where(
            EmploymentRecord.member_id.in_(list(ids.values()))))))
    entries: list[tuple[str, str, int | None, dict[str, Any] | None,
                        dict[str, Any] | None]] = []
    for row, stretch in zip(rows, stretches, strict=True):
        ident = ids[row["member_number"]]
        entries.append(("create", "member", ident, None,
                        audit.snapshot_of({"id": ident, **row})))
        entries.append(("create", "employment_record", stretch_ids[ident], None,
                        audit.snapshot_of({"id": stretch_ids[ident], **stretch})))
    batches.audit(session, actor, batch_id, entries)


def _update(session: Session, actor: Actor, batch_id: int, part: Sequence[Outcome],
            today: date, now: datetime) -> None:
    """The changed fields of known members; a new institution or job title closes their
    open stretch of employment today and opens the next one."""
    from gem.imports import batches

    entries: list[tuple[str, str, int | None, dict[str, Any] | None,
                        dict[str, Any] | None]] = []
    members_table, stretches_table = table_of(Member), table_of(EmploymentRecord)
    opened: list[dict[str, Any]] = []
    for outcome in part:
        assert outcome.member_id is not None  # an update names its member
        values = {key: now_value for key, (_was, now_value) in outcome.changes.items()}
        merged = {**outcome.data}
        if "last_name" in values or "first_name" in values:
            values["search_key"] = column_key(Member.search_key, merged.get("last_name"),
                                              merged.get("first_name"))
        done = session.execute(update(members_table).where(
            members_table.c.id == outcome.member_id,
            members_table.c.version == outcome.version).values(
            **values, version=members_table.c.version + 1, updated_at=now,
            updated_by_id=actor.id))
        if cast(CursorResult[Any], done).rowcount != 1:  # changed since _refuse_outdated
            raise PreviewOutdated(None, actor.language, count="1", example=outcome.name)
        entries.append(("update", "member", outcome.member_id,
                        audit.snapshot_of({k: was for k, (was, _n) in outcome.changes.items()}),
                        audit.snapshot_of({k: n for k, (_w, n) in outcome.changes.items()})))
        if not set(_HISTORY) & set(outcome.changes):
            continue
        for stretch in session.execute(select(stretches_table).where(
                stretches_table.c.member_id == outcome.member_id,
                stretches_table.c.end_date.is_(None))).mappings():
            end = max(today, stretch["start_date"])
            session.execute(update(stretches_table).where(
                stretches_table.c.id == stretch["id"]).values(
                end_date=end, version=stretches_table.c.version + 1, updated_at=now,
                updated_by_id=actor.id))
            entries.append(("update", "employment_record", stretch["id"],
                            {"end_date": None}, {"end_date": end.isoformat()}))
        member = session.execute(select(members_table).where(
            members_table.c.id == outcome.member_id)).mappings().one()
        opened.append(_stretch(outcome.member_id, dict(member), today, actor, now))
    if opened:
        session.execute(insert(stretches_table), opened)
        ids = {(m, s): i for i, m, s in session.execute(
            select(EmploymentRecord.id, EmploymentRecord.member_id,
                   EmploymentRecord.start_date).where(
                EmploymentRecord.member_id.in_([o["member_id"] for o in opened]),
                EmploymentRecord.end_date.is_(None)))}
        for new in opened:
            ident = ids[(new["member_id"], new["start_date"])]
            entries.append(("create", "employment_record", ident, None,
                            audit.snapshot_of({"id": ident, **new})))
    batches.audit(session, actor, batch_id, entries)
