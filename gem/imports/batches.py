"""Import batches: what one import wrote, listed afterwards, and undone while nothing has
changed since (issue 14).

Every row an import writes is audited with its batch (``audit_log.batch_id``), in the
import's own transaction. The undo reads those entries back, newest first: a created row is
deleted, an updated one gets its former values back. It is refused, naming the record,
when any of them has a later audit entry of its own (someone edited the member since: every
change GEM makes is audited, and on a secured database so is every direct write), or when a
created member is now named elsewhere (a grievance, a leave): the database's own foreign keys
say so. Written with plain bulk statements rather than one service call per row: an
import is 65,000 rows, and the checks those calls would make were made by the preview.

Some columns are worked out from the others rather than typed: an invoice line's
reconciliation verdict (``match``). The import stores it, audited with the batch, but an undo
does not put the old verdicts back, nor does a later verdict count as someone's change: the
kind's own step after the undo (``_AFTER_UNDO``) works them out again from what is left, and
refreshes the invoice's total.

The files import (``FILES``, gem.imports.files) writes whole files with their children
(members, articles, timeline, links, hearings, deadlines): the undo deletes them children
first (``DELETE_ORDER``), after the kind's own check (``_BEFORE_UNDO``) has refused when an
imported file was given something since (a note, a hearing, an attachment), which the
database's cascades would otherwise take along unseen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, event, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from gem import clock
from gem.i18n import N_
from gem.models import (
    Agreement,
    AgreementGrievance,
    Arbitration,
    ArbitrationGrievance,
    AuditEntry,
    Deadline,
    EmploymentRecord,
    Grievance,
    GrievanceArticle,
    GrievanceEvent,
    GrievanceMember,
    Hearing,
    ImportBatch,
    ImportMapping,
    Institution,
    LeaveInvoiceLine,
    Member,
    Recourse,
)
from gem.models.base import table_of
from gem.services import policy
from gem.services.actor import Actor
from gem.services.actor import current as current_actor
from gem.services.errors import GemError, NotFoundError
from gem.services.values import parse_date, parse_decimal

CHUNK = 1000  # rows per statement: SQLite's 32,766 parameters and PostgreSQL's 65,535 allow it

MEMBERS = "members"                       # the kinds of import
INVOICE_LINES = "invoice_lines"
FILES = "files"                           # the previous system's files (gem.imports.files)
KINDS = {MEMBERS: N_("Membres"), INVOICE_LINES: N_("Lignes de facture de libérations"),
         FILES: N_("Dossiers de l'ancien système")}
ENTITIES = {"member": Member, "employment_record": EmploymentRecord,  # what imports write
            "leave_invoice_line": LeaveInvoiceLine,
            "grievance": Grievance, "grievance_member": GrievanceMember,
            "grievance_article": GrievanceArticle, "grievance_event": GrievanceEvent,
            "arbitration": Arbitration, "arbitration_grievance": ArbitrationGrievance,
            "hearing": Hearing, "agreement": Agreement,
            "agreement_grievance": AgreementGrievance, "recourse": Recourse,
            "deadline": Deadline}
# The children first: a link before what it links, a recourse before its grievance, a
# deadline (no foreign key: named by its owner's type and id) before its file.
DELETE_ORDER = ("deadline", "hearing", "arbitration_grievance", "agreement_grievance",
                "grievance_event", "grievance_article", "grievance_member", "recourse",
                "arbitration", "agreement", "grievance",
                "leave_invoice_line", "employment_record", "member")
DERIVED = {"leave_invoice_line": frozenset({"match"})}  # worked out again, never restored
# What an undo of that kind does once the batch's rows are gone ("module:function", imported
# then: the import's module imports this one), given the created rows' snapshots.
_AFTER_UNDO = {INVOICE_LINES: "gem.imports.invoices:after_undo"}
# What it checks first, given the ids it would delete by entity (CannotUndo to refuse): the
# files import refuses when an imported file was given a note, a hearing… since.
_BEFORE_UNDO = {FILES: "gem.imports.files:before_undo"}
# Why a delete the database refused (a record still named elsewhere) stops the undo.
_STILL_NAMED = {FILES: N_("des dossiers qu'il a créés sont maintenant nommés ailleurs "
                          "(arbitrage, entente, recours…).")}
_WHAT = {"member": N_("Membre"), "employment_record": N_("Emploi"),
         "grievance_member": N_("Membres visés"), "grievance_article": N_("Articles invoqués"),
         "grievance_event": N_("Grief"), "arbitration_grievance": N_("Arbitrage"),
         "hearing": N_("Audience"), "agreement_grievance": N_("Entente"),
         "deadline": N_("Échéance")}
_FILE_ENTITIES: dict[str, Any] = {"grievance": Grievance, "arbitration": Arbitration,
                                  "agreement": Agreement, "recourse": Recourse}


class CannotUndo(GemError):
    msgid = N_("Le lot d'import n° {batch} ne peut plus être annulé : {reason}")


class AlreadyUndone(GemError):
    msgid = N_("Le lot d'import n° {batch} a déjà été annulé le {when} par {login}.")


@dataclass(frozen=True)
class BatchSummary:
    id: int
    kind: str
    file: str
    sha256: str
    institution: str | None
    made_at: datetime
    made_by: str
    counts: dict[str, int]
    valid_only: bool
    undone_at: datetime | None
    undone_by: str | None


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def start(session: Session, actor: Actor, kind: str, file: str, sha256: str, sheet: str,
          institution_id: int | None, counts: dict[str, int], valid_only: bool) -> ImportBatch:
    """The batch row, written once with the counts the preview gave (the people who import
    insert it and never update it), and its own audit entry."""
    policy.require(actor, policy.Action.CREATE, policy.IMPORT_BATCH)
    batch = ImportBatch(kind=kind, file_name=file[:255], sha256=sha256, sheet=sheet[:100],
                        institution_id=institution_id, made_by_id=actor.id,
                        made_by_login=actor.login, counts=dict(counts),
                        valid_only=valid_only, made_at=clock.now())
    session.add(batch)
    session.flush()
    audit(session, actor, batch.id, [("import", "import_batch", batch.id, None, {
        "kind": kind, "file_name": batch.file_name, "sha256": sha256,
        "institution_id": institution_id, "counts": dict(counts),
        "valid_only": valid_only})])
    return batch


def audit(session: Session, actor: Actor, batch_id: int,
          entries: Iterable[tuple[str, str, int | None, dict[str, Any] | None,
                                  dict[str, Any] | None]]) -> None:
    """(action, entity, id, before, after) entries, all naming the batch, in bulk."""
    now = clock.now()
    rows = [{"at": now, "user_id": actor.id, "user_login": actor.login, "action": action,
             "entity": entity, "entity_id": ident, "before": before, "after": after,
             "batch_id": batch_id} for action, entity, ident, before, after in entries]
    for part in chunks(rows):
        session.execute(insert(table_of(AuditEntry)), list(part))


@contextmanager
def tagged(session: Session, batch_id: int) -> Iterator[None]:
    """The audit entries the services write themselves while an import runs (an invoice's
    total, a line's reconciliation verdict: ``audit.record``) carry its batch too, as every
    entry it causes must: set before they are inserted, the log being append-only."""
    def tag(flushing: Session, _context: Any, _instances: Any) -> None:
        for obj in flushing.new:
            if isinstance(obj, AuditEntry) and obj.batch_id is None:
                obj.batch_id = batch_id

    event.listen(session, "before_flush", tag)
    try:
        yield
        session.flush()
    finally:
        event.remove(session, "before_flush", tag)


def derived_only(entity: str, *changes: dict[str, Any] | None) -> bool:
    """An entry that changed only columns worked out from the others (a verdict)."""
    keys = {key for change in changes if change for key in change}
    return bool(keys) and keys <= DERIVED.get(entity, frozenset())


def summary(batch: ImportBatch, institution: str | None) -> BatchSummary:
    return BatchSummary(batch.id, batch.kind, batch.file_name, batch.sha256, institution,
                        batch.made_at, batch.made_by_login,
                        {str(k): int(v) for k, v in batch.counts.items()}, batch.valid_only,
                        batch.undone_at, batch.undone_by_login)


def list_batches(session: Session, actor: Actor, limit: int = 100) -> list[BatchSummary]:
    """The latest imports, newest first, with their institution's name."""
    policy.require(actor, policy.Action.READ, policy.IMPORT_BATCH)
    rows = session.execute(
        select(ImportBatch, Institution.name)
        .outerjoin(Institution, Institution.id == ImportBatch.institution_id)
        .order_by(ImportBatch.id.desc()).limit(limit)).all()
    return [summary(batch, name) for batch, name in rows]


def get_batch(session: Session, actor: Actor, batch_id: int) -> BatchSummary:
    policy.require(actor, policy.Action.READ, policy.IMPORT_BATCH)
    found = session.execute(
        select(ImportBatch, Institution.name)
        .outerjoin(Institution, Institution.id == ImportBatch.institution_id)
        .where(ImportBatch.id == batch_id)).first()
    if found is None:
        raise NotFoundError(None, actor.language, entity=N_("Lot d'import"), ident=batch_id)
    return summary(found[0], found[1])


# ---------------------------------------------------------------------- remembered columns
def remembered(session: Session, kind: str, institution_id: int | None) -> dict[str, str]:
    """The normalized header → field (``""``: left out) last imported from there."""
    found = session.scalar(select(ImportMapping.columns).where(
        ImportMapping.kind == kind, ImportMapping.institution_id == institution_id))
    return {str(k): str(v) for k, v in (found or {}).items()}


def remember(session: Session, actor: Actor, kind: str, institution_id: int | None,
             columns: dict[str, str]) -> None:
    """Keep the columns of an import that went through, for the next file from there."""
    stored = session.scalar(select(ImportMapping).where(
        ImportMapping.kind == kind, ImportMapping.institution_id == institution_id))
    if stored is None:
        policy.require(actor, policy.Action.CREATE, policy.IMPORT_MAPPING)
        session.add(ImportMapping(kind=kind, institution_id=institution_id, columns=columns,
                                  updated_at=clock.now(), updated_by_login=actor.login))
    elif stored.columns != columns:
        policy.require(actor, policy.Action.UPDATE, policy.IMPORT_MAPPING)
        stored.columns, stored.updated_at = columns, clock.now()
        stored.updated_by_login = actor.login
    session.flush()


# ---------------------------------------------------------------------- undo
def undo_batch(session: Session, actor: Actor, batch_id: int) -> BatchSummary:
    """Take the batch's writes back, in the caller's write transaction: all of them or,
    when one record changed since, none (CannotUndo names it)."""
    actor = current_actor(session, actor)
    policy.require(actor, policy.Action.UPDATE, policy.IMPORT_BATCH)
    lang = actor.language
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFoundError(None, lang, entity=N_("Lot d'import"), ident=batch_id)
    if batch.undone_at is not None:
        from gem.formatting import format_date

        raise AlreadyUndone(None, lang, batch=batch_id, when=format_date(batch.undone_at),
                            login=batch.undone_by_login or "")
    _refuse_if_changed(session, batch_id, lang)
    entries = list(session.scalars(
        select(AuditEntry).where(AuditEntry.batch_id == batch_id,
                                 AuditEntry.entity.in_(list(ENTITIES)))
        .order_by(AuditEntry.id.desc())))
    undone: list[tuple[str, str, int | None, dict[str, Any] | None,
                       dict[str, Any] | None]] = []
    created: dict[str, list[int]] = {entity: [] for entity in ENTITIES}
    snapshots: list[dict[str, Any]] = []
    for entry in entries:
        if entry.entity_id is None:
            continue
        if entry.action == "create":
            created[entry.entity].append(entry.entity_id)
            snapshots.append(dict(entry.after or {}))
            undone.append(("delete", entry.entity, entry.entity_id, entry.after, None))
        elif entry.action == "update" and entry.before and \
                not derived_only(entry.entity, entry.before, entry.after):
            model = ENTITIES[entry.entity]
            values = {key: _typed(model, key, value) for key, value in entry.before.items()}
            table = table_of(model)
            session.execute(update(table).where(table.c.id == entry.entity_id).values(
                **values, version=table.c.version + 1, updated_at=clock.now(),
                updated_by_id=actor.id))
            undone.append(("update", entry.entity, entry.entity_id, entry.after,
                           entry.before))
    before = _hook(_BEFORE_UNDO, batch.kind)
    if before is not None:
        before(session, actor, batch_id, created)
    try:
        with session.begin_nested():
            for entity in DELETE_ORDER:
                table = table_of(ENTITIES[entity])
                for part in chunks(created[entity]):
                    session.execute(delete(table).where(table.c.id.in_(list(part))))
    except IntegrityError:
        raise CannotUndo(None, lang, batch=batch_id, reason=_reason(_STILL_NAMED.get(
            batch.kind, N_("des membres qu'il a créés sont maintenant nommés ailleurs (grief, "
                           "libération, facture…).")), lang)) from None
    step = _after_undo(batch.kind)
    if step is not None:
        with tagged(session, batch_id):
            step(session, actor, snapshots)
    batch.undone_at, batch.undone_by_login = clock.now(), actor.login
    audit(session, actor, batch_id, [*undone, ("undo", "import_batch", batch_id, None, None)])
    session.flush()
    institution = session.get(Institution, batch.institution_id) \
        if batch.institution_id is not None else None
    return summary(batch, institution.name if institution is not None else None)


def _after_undo(kind: str) -> Callable[[Session, Actor, list[dict[str, Any]]], None] | None:
    step: Callable[[Session, Actor, list[dict[str, Any]]], None] | None = \
        _hook(_AFTER_UNDO, kind)
    return step


def _hook(steps: dict[str, str], kind: str) -> Any:
    """The kind's step ("module:function"), imported now; None when it has none."""
    from importlib import import_module

    if kind not in steps:
        return None
    module, name = steps[kind].split(":")
    return getattr(import_module(module), name)


def _reason(msgid: str, lang: str, **params: Any) -> str:
    from gem.i18n import tr

    return tr(msgid, lang, **params)


def _refuse_if_changed(session: Session, batch_id: int, lang: str) -> None:
    """CannotUndo naming the first record with an audit entry after the batch's own. A
    verdict worked out again since (on either side) is no one's change: it is left out."""
    mine, later = aliased(AuditEntry), aliased(AuditEntry)
    rows = session.execute(
        select(later.entity, later.entity_id, later.user_login, later.at, later.before,
               later.after, mine.before.label("mine_before"), mine.after.label("mine_after"),
               mine.action.label("mine_action"))
        .join(mine, (mine.entity == later.entity) & (mine.entity_id == later.entity_id))
        .where(mine.batch_id == batch_id, mine.entity.in_(list(ENTITIES)),
               later.id > mine.id,
               (later.batch_id.is_(None)) | (later.batch_id != batch_id))
        .order_by(later.id))
    found = next((row for row in rows
                  if not derived_only(row.entity, row.before, row.after)
                  and not (row.mine_action == "update" and derived_only(
                      row.entity, row.mine_before, row.mine_after))), None)
    if found is None:
        return
    from gem.formatting import format_date

    when, login = format_date(found.at), found.user_login
    if found.entity == "leave_invoice_line":
        raise CannotUndo(None, lang, batch=batch_id, reason=_reason(
            N_("la ligne de facture {ident} a été modifiée depuis, le {when} par {login}."),
            lang, ident=found.entity_id, when=when, login=login))
    if found.entity in _FILE_ENTITIES:  # a file is named by its number, as people know it
        number = session.scalar(select(_FILE_ENTITIES[found.entity].file_number).where(
            _FILE_ENTITIES[found.entity].id == found.entity_id))
        raise CannotUndo(None, lang, batch=batch_id, reason=_reason(
            N_("le dossier {number} a été modifié depuis, le {when} par {login}."), lang,
            number=number or found.entity_id, when=when, login=login))
    member = session.get(Member, found.entity_id) if found.entity == "member" else None
    if found.entity == "employment_record":
        record = session.get(EmploymentRecord, found.entity_id)
        member = session.get(Member, record.member_id) if record is not None else None
    if member is None:  # deleted since: named by what the audit knows
        raise CannotUndo(None, lang, batch=batch_id, reason=_reason(
            N_("{what} {ident} a été modifié depuis, le {when} par {login}."), lang,
            what=_reason(_WHAT[found.entity], lang), ident=found.entity_id, when=when,
            login=login))
    # Named as people know them (the member number and the name), never by an internal id.
    raise CannotUndo(None, lang, batch=batch_id, reason=_reason(
        N_("le membre {number} ({name}) a été modifié depuis, le {when} par {login}."),
        lang, number=member.member_number, name=f"{member.last_name}, {member.first_name}",
        when=when, login=login))


def _typed(model: type[Any], key: str, value: Any) -> Any:
    """An audit entry's JSON value (dates and amounts as text) as its column takes it."""
    if value is None:
        return None
    python_type = table_of(model).c[key].type.python_type
    if python_type is date:
        return parse_date(value)
    if python_type is Decimal:
        return parse_decimal(value)
    return value
