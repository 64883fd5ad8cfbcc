"""What the record forms read and write, one function per background job.

The window asks, the services answer: a form never composes a read model from several queries
nor runs a unit of work itself. Each job of a form (open a record, save it, move its status,
act on a deadline, attach a file, list child rows...) is one call here, in a worker thread with
its own Session, and returns plain dataclasses the GUI thread may keep after the Session is
gone. The CLI and the tests can use the very same calls.

Which service and which extras belong to a form is said once, in :data:`KINDS` (by entity name)
and :data:`CHILDREN` (by the list name of child rows), so the form and its read model cannot
drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy.orm import Session

from gem.formatting import format_money, format_number
from gem.i18n import N_
from gem.labels import label as code_label
from gem.services import audit
from gem.services import documents as document_service
from gem.services.actor import Actor
from gem.services.arbitration import ArbitrationService, ArbitratorService, HearingService
from gem.services.collective_agreement import CollectiveAgreementService
from gem.services.entity import CREATION_KEY, EntityService, conflict, replayed
from gem.services.errors import ConflictError, FieldError, NotFoundError, ValidationError
from gem.services.files import WorkflowService
from gem.services.grievance import GrievanceService
from gem.services.institution import BargainingUnitService, InstitutionService
from gem.services.leave import InvoiceLineService, LeaveInvoiceService, UnionLeaveService
from gem.services.member import EmploymentRecordService, MemberService
from gem.services.recourse import RecourseService
from gem.services.reference import HealthRegionService, JobTitleService
from gem.services.settlement import AgreementService, FollowUpService
from gem.services.users import UserService
from gem.services.values import BadValue, parse_date


# ====================================================================== read models
@dataclass(frozen=True)
class FieldSpec:
    """What a read needs to know about a form's field (never the widget itself): a column
    (``extra`` False) or a service input that is not one, and the source naming its link."""

    key: str
    extra: bool = False
    source: str | None = None


@dataclass(frozen=True)
class DeadlineRow:
    """One deadline of a file, with the sentence that explains it, in the reader's language."""

    id: int
    version: int | None
    label: str
    due: date
    effective: date          # the due date, or the date it was extended to
    status: str
    status_label: str
    met_on: date | None
    waived_reason: str | None
    explanation: str
    latest: date | None = None  # the date if its unverified days were holidays (never used)


@dataclass(frozen=True)
class DocumentRow:
    id: int
    name: str
    size: int
    mime: str | None
    sha256: str
    uploaded_at: datetime
    withdrawn_at: datetime | None = None     # withdrawn: when, by whom (their name), why
    withdrawn_by: str | None = None
    withdrawn_reason: str | None = None

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


@dataclass(frozen=True)
class HistoryEntry:
    """One audit entry: the columns it changed, before and after (JSON values)."""

    at: datetime
    user: str
    action: str
    before: dict[str, Any]
    after: dict[str, Any]


@dataclass(frozen=True)
class TimelineEvent:
    occurred_on: date
    kind: str
    description: str


@dataclass(frozen=True)
class ChildRow:
    """A row of a form's table of child records, its cells already worded."""

    id: int
    version: int | None
    cells: list[str]


@dataclass
class RecordData:
    """A record as a form shows it: plain values only, safe to hand to the GUI thread."""

    id: int
    version: int | None
    values: dict[str, Any]                       # column values, and the extras' values
    labels: dict[str, str] = field(default_factory=dict)   # the names of linked records
    status: str | None = None
    allowed: list[str] = field(default_factory=list)       # status moves allowed from here
    deadlines: list[DeadlineRow] = field(default_factory=list)
    documents: list[DocumentRow] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    more: dict[str, Any] = field(default_factory=dict)     # what else a form shows
    # a save that found this record already made with its creation key (an earlier attempt
    # whose answer was lost): nothing was written this time
    replayed: bool = False


# ====================================================================== names of linked records
def member_label(m: Any, _actor: Actor | None = None) -> str:
    return f"{m.last_name}, {m.first_name} ({m.member_number})"


def institution_label(i: Any, _actor: Actor | None = None) -> str:
    return str(i.name)


def unit_label(u: Any, _actor: Actor | None = None) -> str:
    return f"{u.name} ({u.local_number})" if u.local_number else u.name


def grievance_label(g: Any, _actor: Actor | None = None) -> str:
    return f"{g.file_number} — {g.title}"


def user_label(u: Any, _actor: Actor | None = None) -> str:
    return str(u.full_name)


def arbitrator_label(a: Any, _actor: Actor | None = None) -> str:
    return str(a.name)


def job_title_label(j: Any, actor: Actor | None = None) -> str:
    title = (j.title_en or j.title_fr) if actor is not None and actor.language == "en" \
        else j.title_fr
    return f"{j.code} {title}" if j.code else title


def agreement_label(a: Any, _actor: Actor | None = None) -> str:
    return str(a.short_name or a.name)


def region_label(r: Any, _actor: Actor | None = None) -> str:
    return f"{r.code} {r.name}"


def leave_label(v: Any, _actor: Actor | None = None) -> str:
    return f"{v.start_date.isoformat()} → {v.end_date.isoformat()} ({v.hours} h)"


# picker source -> (service, how to name one record); the window's pickers use the same names
LINKS: dict[str, tuple[Callable[[], EntityService[Any]], Callable[[Any, Actor], str]]] = {
    "member": (MemberService, member_label),
    "institution": (InstitutionService, institution_label),
    "unit": (BargainingUnitService, unit_label),
    "grievance": (GrievanceService, grievance_label),
    "counsellor": (UserService, user_label),
    "user": (UserService, user_label),
    "arbitrator": (ArbitratorService, arbitrator_label),
    "job_title": (JobTitleService, job_title_label),
    "collective_agreement": (CollectiveAgreementService, agreement_label),
    "region": (HealthRegionService, region_label),
    "union_leave": (UnionLeaveService, leave_label),
}


def link_label(session: Session, actor: Actor, source: str, ident: Any) -> str:
    """The name of a linked record; ``#id`` when this actor may not see it (a confidential
    file of another counsellor) or it is gone: the link is kept, its content is not shown."""
    service, fmt = LINKS[source]
    try:
        return fmt(service().get(session, actor, ident), actor)
    except NotFoundError:
        return f"#{ident}"


def _named(session: Session, actor: Actor, source: str,
           ids: Iterable[Any]) -> list[tuple[Any, ...]]:
    return [(ident, link_label(session, actor, source, ident)) for ident in ids]


# ====================================================================== kinds of record
Reader = Callable[[Session, Actor, Any], dict[str, Any]]


def _grievance_extras(session: Session, actor: Actor, obj: Any) -> dict[str, Any]:
    return {"member_ids": _named(session, actor, "member",
                                 GrievanceService().member_ids(session, obj.id)),
            "articles": [a.citation for a in obj.articles]}


def _timeline(session: Session, actor: Actor, ident: int) -> list[TimelineEvent]:
    return [TimelineEvent(e.occurred_on, e.kind, e.description)
            for e in GrievanceService().timeline(session, actor, ident)]


def _grievance_more(session: Session, actor: Actor, obj: Any) -> dict[str, Any]:
    return {"timeline": _timeline(session, actor, obj.id)}


def _arbitration_extras(session: Session, actor: Actor, obj: Any) -> dict[str, Any]:
    return {"grievance_ids": _named(session, actor, "grievance",
                                    ArbitrationService().grievance_ids(session, obj.id))}


def _agreement_extras(session: Session, actor: Actor, obj: Any) -> dict[str, Any]:
    return {"grievance_ids": _named(session, actor, "grievance",
                                    AgreementService().grievance_ids(session, obj.id))}


@dataclass(frozen=True)
class RecordKind:
    """Everything a form's reads and writes depend on, for one entity."""

    entity: str                                   # audit and document owner name
    service: Callable[[], EntityService[Any]]
    workflow: str | None = None                   # state machine, for status moves
    has_deadlines: bool = False
    has_attachments: bool = True
    has_history: bool = True
    extras: Reader | None = None                  # values of the non-column fields
    more: Reader | None = None                    # anything else the form shows


KINDS: dict[str, RecordKind] = {k.entity: k for k in (
    RecordKind("member", MemberService),
    RecordKind("employment_record", EmploymentRecordService, has_attachments=False),
    RecordKind("institution", InstitutionService),
    RecordKind("bargaining_unit", BargainingUnitService, has_attachments=False),
    RecordKind("grievance", GrievanceService, "grievance", has_deadlines=True,
               extras=_grievance_extras, more=_grievance_more),
    RecordKind("arbitration", ArbitrationService, "arbitration", has_deadlines=True,
               extras=_arbitration_extras),
    RecordKind("hearing", HearingService, has_attachments=False),
    RecordKind("agreement", AgreementService, extras=_agreement_extras),
    RecordKind("agreement_follow_up", FollowUpService, has_attachments=False),
    RecordKind("union_leave", UnionLeaveService),
    RecordKind("leave_invoice", LeaveInvoiceService),
    RecordKind("leave_invoice_line", InvoiceLineService, has_attachments=False),
    RecordKind("recourse", RecourseService, "recourse", has_deadlines=True),
)}


def kind(entity: str) -> RecordKind:
    return KINDS[entity]


# ====================================================================== the record
def read_record(session: Session, actor: Actor, entity: str, ident: int,
                specs: list[FieldSpec]) -> RecordData:
    """Open a record: its values, the names of its links, its allowed moves, deadlines,
    documents and history, as the form of ``entity`` shows them."""
    k = kind(entity)
    service = k.service()
    obj = service.get(session, actor, ident)
    values: dict[str, Any] = {}
    labels: dict[str, str] = {}
    for spec in specs:
        if spec.extra:
            continue
        value = getattr(obj, spec.key, None)
        values[spec.key] = value
        if spec.source and value is not None:
            labels[spec.key] = link_label(session, actor, spec.source, value)
    if k.extras is not None:
        values.update(k.extras(session, actor, obj))
    data = RecordData(id=obj.id, version=getattr(obj, "version", None), values=values,
                      labels=labels, status=getattr(obj, "status", None))
    if k.workflow:
        assert isinstance(service, WorkflowService), service  # a workflow kind's service
        data.allowed = list(service.allowed_moves(obj))
    if k.has_deadlines:
        data.deadlines = read_deadlines(session, actor, entity, obj.id)
    if k.has_attachments:
        data.documents = read_documents(session, actor, entity, obj.id)
    if k.has_history:
        data.history = read_history(session, actor, entity, obj.id)
    if k.more is not None:
        data.more = k.more(session, actor, obj)
    return data


def save_record(session: Session, actor: Actor, entity: str, ident: int | None,
                changes: dict[str, Any], expected_version: int | None,
                specs: list[FieldSpec], key: str | None = None) -> RecordData:
    """Create (``ident`` None) or update a record, then read it back as the form shows it
    (its file number, its deadlines and history as they now stand). ``key``: the creation's
    idempotency key (gem.services.entity.CREATION_KEY), the same for every attempt of one
    new form; an attempt that finds the record already made returns it, ``replayed``."""
    service = kind(entity).service()
    try:
        if ident is None:
            obj = service.create(session, actor, changes if key is None
                                 else {**changes, CREATION_KEY: key})
        else:
            obj = service.update(session, actor, ident, changes, expected_version)
        session.flush()
    except ConflictError as exc:
        raise _as_shown(session, actor, service, ident, changes, exc) from None
    record = read_record(session, actor, entity, obj.id, specs)
    record.replayed = ident is None and replayed(session, service.entity, record.id)
    return record


def _as_shown(session: Session, actor: Actor, service: EntityService[Any], ident: int | None,
              changes: dict[str, Any], exc: ConflictError) -> ConflictError:
    """A save of this record refused because another one changed under it (the file's
    deadline, the invoice's total, the arbitration a hearing schedules): the same message,
    naming that record, who changed it and when, but with this record's stored version as
    ``theirs``, which the form compares with what is typed and saves again on. A new record
    has no stored version: its form saves it again as typed."""
    if ident is not None and exc.record_id == ident and \
            exc.params.get("entity") == service.label_in(actor):
        return exc
    theirs = {} if ident is None else \
        conflict(session, actor, service.model, ident, changes).theirs
    return ConflictError(exc.params.get("entity", ""), exc.params.get("ident"),
                         exc.changed_by, exc.changed_at, theirs, exc.yours, actor.language,
                         record_id=exc.record_id)


def move_record(session: Session, actor: Actor, entity: str, ident: int, target: str,
                expected_version: int | None, values: dict[str, Any],
                specs: list[FieldSpec]) -> RecordData:
    """A status move (with the data it asks for), then the record as it now stands."""
    service: Any = kind(entity).service()
    service.transition(session, actor, ident, target, expected_version, values)
    session.flush()
    return read_record(session, actor, entity, ident, specs)


def conflict_labels(session: Session, actor: Actor, pickers: list[tuple[str, str]],
                    theirs: dict[str, Any]) -> dict[str, str]:
    """The names of the records the other version links to (``pickers``: field key and
    source), so the conflict dialog shows names on both sides."""
    return {key: link_label(session, actor, source, theirs[key])
            for key, source in pickers if theirs.get(key) is not None}


# ====================================================================== deadlines
def read_deadlines(session: Session, actor: Actor, owner_type: str,
                   owner_id: int) -> list[DeadlineRow]:
    """The file's deadlines with their one-sentence explanations, in the user's language."""
    from gem.services.deadlines import effective_due, explain_deadline, file_deadlines
    from gem.services.deadlines.calendars import load_calendars
    from gem.services.deadlines.files import label_text

    rows = []
    calendars = None
    for d in file_deadlines(session, owner_type, owner_id):
        calendars = calendars or load_calendars(session)
        rows.append(DeadlineRow(
            id=d.id, version=d.version, label=label_text(d.label, actor.language),
            due=d.due_date, effective=effective_due(d), status=d.status,
            status_label=code_label("deadline_status", d.status, actor.language),
            met_on=d.met_on, waived_reason=d.waived_reason,
            latest=d.latest_date,
            explanation=explain_deadline(session, d, actor.language, calendars)))
    return rows


def preview_deadlines(session: Session, actor: Actor, owner_type: str,
                      attrs: dict[str, Any]) -> list[str]:
    """The deadlines a save would compute from what is typed, through the very plan the
    deadline service follows on save (gem.services.deadlines.files.plans_for)."""
    from gem.services.deadlines import compute_rule
    from gem.services.deadlines.files import label_text, plans_for

    lang = actor.language
    lines = []
    for plan in plans_for(session, owner_type, SimpleNamespace(id=None, **attrs)):
        if plan.trigger_date is None:
            continue
        label = label_text(plan.label, lang)
        if plan.rule_code is None:
            due = plan.manual_due.isoformat() if plan.manual_due else "?"
            lines.append(f"{label} : {due}")
            continue
        result = compute_rule(session, plan.rule_code, plan.trigger_date,
                              plan.cap_trigger_date, agreement_id=plan.agreement_id, lang=lang)
        lines.append(f"{label} : {result.due_date.isoformat()} — {result.explain(lang)}")
    return lines


DEADLINE_ACTIONS = ("met", "extend", "waive")
_DEADLINE_INPUTS = {"met_on": N_("Respectée le"), "extended_to": N_("Prolongée au"),
                    "agreed_on": N_("Date de l'entente écrite")}
# the deadline service's column names -> this function's inputs, for the messages
_DEADLINE_FIELDS = {"extension_agreed_on": "agreed_on", "extension_reference": "reference",
                    "waived_reason": "reason"}


def act_on_deadline(session: Session, actor: Actor, owner_type: str, owner_id: int,
                    deadline_id: int, expected_version: int | None, action: str,
                    values: dict[str, Any]) -> list[DeadlineRow]:
    """Mark a deadline met (``met_on``), extend it by written agreement (``extended_to``,
    ``agreed_on``, ``reference``) or waive it (``reason``), from the values as typed; then
    the file's deadlines as they now stand. A refusal names this function's inputs."""
    from gem.services.deadlines import extend_deadline, mark_met, waive_deadline

    if action not in DEADLINE_ACTIONS:
        raise ValueError(f"unknown deadline action {action!r}")

    def dates(*keys: str) -> dict[str, date | None]:
        result, errors = {}, []
        for key in keys:
            try:
                result[key] = parse_date(values.get(key))
            except BadValue as exc:
                errors.append(FieldError(key, _DEADLINE_INPUTS[key], exc.msgid, exc.params))
        if errors:
            raise ValidationError(errors, actor.language)
        return result

    try:
        if action == "met":
            mark_met(session, actor, deadline_id, dates("met_on")["met_on"], expected_version)
        elif action == "extend":
            d = dates("extended_to", "agreed_on")
            extend_deadline(session, actor, deadline_id, extended_to=d["extended_to"],
                            agreed_on=d["agreed_on"], reference=values.get("reference"),
                            expected_version=expected_version)
        else:
            waive_deadline(session, actor, deadline_id, values.get("reason"), expected_version)
    except ValidationError as exc:
        raise ValidationError([FieldError(_DEADLINE_FIELDS.get(e.field, e.field), e.label,
                                          e.msgid, e.params) for e in exc.errors],
                              actor.language) from exc
    except ConflictError as exc:
        # their version under this function's inputs too, beside the deadline's columns, so
        # the deadline's dialog compares each of its fields with theirs
        exc.theirs.update({key: exc.theirs.get(column)
                           for column, key in _DEADLINE_FIELDS.items()})
        raise
    session.flush()
    return read_deadlines(session, actor, owner_type, owner_id)


# ====================================================================== documents, history
def read_documents(session: Session, actor: Actor, owner_type: str, owner_id: int,
                   include_withdrawn: bool = True) -> list[DocumentRow]:
    """The record's attachments, withdrawn ones included (with when, by whom and why) unless
    told otherwise: the panel hides them until « Afficher les pièces retirées » is ticked,
    and ticking it then needs no second read."""
    return [DocumentRow(d.id, d.name, d.size, d.mime_type, d.sha256, d.uploaded_at,
                        d.withdrawn_at,
                        link_label(session, actor, "user", d.withdrawn_by_id)
                        if d.withdrawn_by_id is not None else None,
                        d.withdrawn_reason)
            for d in document_service.documents_of(session, actor, owner_type, owner_id,
                                                   include_withdrawn=include_withdrawn)]


def attach_files(session: Session, actor: Actor, owner_type: str, owner_id: int,
                 paths: list[Path]) -> list[DocumentRow]:
    """Attach every file (all or none: one unit of work), then the record's documents."""
    for path in paths:
        document_service.attach_file(session, actor, owner_type, owner_id, Path(path))
    session.flush()
    return read_documents(session, actor, owner_type, owner_id)


def remove_document(session: Session, actor: Actor, owner_type: str, owner_id: int,
                    document_id: int) -> list[DocumentRow]:
    document_service.remove(session, actor, document_id)
    session.flush()
    return read_documents(session, actor, owner_type, owner_id)


def withdraw_document(session: Session, actor: Actor, owner_type: str, owner_id: int,
                      document_id: int, reason: str) -> list[DocumentRow]:
    """Withdraw an attachment (hidden, kept; see gem.services.documents.withdraw), then the
    record's documents."""
    document_service.withdraw(session, actor, document_id, reason)
    session.flush()
    return read_documents(session, actor, owner_type, owner_id)


def read_history(session: Session, actor: Actor, entity: str,
                 ident: int) -> list[HistoryEntry]:
    return [HistoryEntry(e.at, e.user_login, e.action, e.before or {}, e.after or {})
            for e in audit.history(session, actor, entity, ident)]


# ====================================================================== child rows
def _unit_cells(session: Session, u: Any, actor: Actor) -> list[str]:
    return [u.name, u.local_number or "", u.certification_number or "",
            u.valid_from.isoformat() if u.valid_from else ""]


def _employment_cells(session: Session, r: Any, actor: Actor) -> list[str]:
    return [r.start_date.isoformat(), r.end_date.isoformat() if r.end_date else "",
            link_label(session, actor, "institution", r.institution_id),
            code_label("employment_status", r.employment_status, actor.language)]


def _hearing_cells(session: Session, h: Any, actor: Actor) -> list[str]:
    return [h.date.isoformat(), h.start_time.strftime("%H:%M") if h.start_time else "",
            code_label("hearing_kind", h.kind, actor.language), h.location or ""]


def _follow_up_cells(session: Session, f: Any, actor: Actor) -> list[str]:
    return [f.due_date.isoformat() if f.due_date else "",
            f.done_date.isoformat() if f.done_date else "", f.description]


def _line_cells(session: Session, line: Any, actor: Actor) -> list[str]:
    lang = actor.language
    return [line.work_date.isoformat(), link_label(session, actor, "member", line.member_id),
            format_number(line.hours, 2, lang), format_money(line.rate, lang),
            format_money(line.amount, lang), code_label("invoice_match", line.match, lang)]


@dataclass(frozen=True)
class ChildKind:
    """Child rows shown in a table of their parent's form, by list name ("hearings")."""

    service: Callable[[], EntityService[Any]]
    parent_key: str                                # the child's column naming the parent
    cells: Callable[[Session, Any, Actor], list[str]]
    order_by: str = "id"


CHILDREN: dict[str, ChildKind] = {
    "bargaining_units": ChildKind(BargainingUnitService, "institution_id", _unit_cells, "name"),
    "employment_records": ChildKind(EmploymentRecordService, "member_id", _employment_cells,
                                    "start_date"),
    "hearings": ChildKind(HearingService, "arbitration_id", _hearing_cells, "date"),
    "follow_ups": ChildKind(FollowUpService, "agreement_id", _follow_up_cells, "due_date"),
    "invoice_lines": ChildKind(InvoiceLineService, "invoice_id", _line_cells, "work_date"),
}


def list_children(session: Session, actor: Actor, child: str,
                  parent_id: int) -> list[ChildRow]:
    spec = CHILDREN[child]
    rows = spec.service().find(session, actor, {spec.parent_key: parent_id},
                               order_by=spec.order_by, limit=None)
    return [ChildRow(r.id, getattr(r, "version", None), spec.cells(session, r, actor))
            for r in rows]


def delete_child(session: Session, actor: Actor, child: str, parent_id: int, ident: int,
                 expected_version: int | None) -> list[ChildRow]:
    """Delete one child row (checked against its version), then the rows that remain. A
    conflict carries the row's stored version as ``theirs`` (none: it is gone), whichever
    record changed (the row, or the invoice whose total follows its lines)."""
    service = CHILDREN[child].service()
    try:
        service.delete(session, actor, ident, expected_version)
        session.flush()
    except ConflictError as exc:
        raise _as_shown(session, actor, service, ident, {}, exc) from None
    return list_children(session, actor, child, parent_id)


# ====================================================================== form-specific jobs
def add_grievance_note(session: Session, actor: Actor, ident: int, text: str,
                       when: str) -> list[TimelineEvent]:
    """A note on the grievance's timeline (a call, a meeting), then the timeline."""
    GrievanceService().add_note(session, actor, ident, text, when)
    session.flush()
    return _timeline(session, actor, ident)


def possible_duplicates(session: Session, actor: Actor, last_name: str, first_name: str,
                        exclude: int | None) -> list[str]:
    """Members already bearing this name (accents and case folded), named for the person
    about to create another."""
    found = MemberService().possible_duplicates(session, actor, last_name, first_name,
                                                 exclude)
    return [member_label(m) for m in found]


# ====================================================================== deadline calculator
@dataclass(frozen=True)
class RuleChoice:
    """A deadline rule as the calculator offers it, named in the reader's language."""

    code: str
    name: str
    has_cap: bool            # its latest version caps the delay ("but no later than...")


def rule_choices(session: Session, lang: str | None) -> list[RuleChoice]:
    from gem.services.deadlines import list_rules

    choices = []
    for rule in list_rules(session):
        last = rule.versions[-1] if rule.versions else None
        choices.append(RuleChoice(rule.code, rule.name_en if lang == "en" else rule.name_fr,
                                  bool(last and last.cap_length)))
    return choices


def compute_deadline(session: Session, rule_code: str | None, trigger: date | None,
                     cap: date | None, length: int, unit: str, lang: str | None,
                     calendar: str | None = None, agreement_id: int | None = None) -> Any:
    """The calculator's answer (a ComputedDeadline): with a rule as it stood on the trigger
    date, or a free length (``rule_code`` None) on the holidays as the database has them.
    Its dates are those a file may hold (gem.services.values.date_range), as the command
    line's are: year 9999 plus a delay is no date."""
    from gem.services.deadlines import compute_adhoc, compute_rule, load_calendars
    from gem.services.values import date_errors

    errors = date_errors("trigger_date", N_("Point de départ"), trigger) + \
        date_errors("cap_trigger_date", N_("Date de l'événement (plafond)"), cap)
    if errors:
        raise ValidationError(errors, lang)
    if rule_code is None:
        return compute_adhoc(load_calendars(session), trigger, length, unit, lang, calendar)
    return compute_rule(session, rule_code, trigger, cap, agreement_id=agreement_id, lang=lang)


__all__ = [
    "CHILDREN", "KINDS", "LINKS", "ChildKind", "ChildRow", "DeadlineRow", "DocumentRow",
    "FieldSpec", "HistoryEntry", "RecordData", "RecordKind", "RuleChoice", "TimelineEvent",
    "act_on_deadline", "add_grievance_note", "attach_files", "compute_deadline",
    "conflict_labels",
    "delete_child", "kind", "link_label", "list_children", "move_record",
    "possible_duplicates", "preview_deadlines", "read_deadlines", "read_documents",
    "read_history", "read_record", "remove_document", "rule_choices", "save_record",
    "withdraw_document",
]
