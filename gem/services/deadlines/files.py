"""Deadlines on files: computed when a grievance, arbitration or remedial action is saved,
then met, extended or waived by a person, every step audited.

What a save may change, and what it may not:

* a file gets its deadline as soon as the date that starts it is known;
* when that date (or the cap's date, or the file's collective agreement) changes, the open
  deadline is recomputed with the rules in force, because the person just changed its input;
* a save that leaves those inputs alone never touches the date, even if the rule has a newer
  version since: rule changes go through rules.apply_rule_change, which asks first;
* a filing date (grievance, remedial action) or an award date (arbitration) marks the deadline
  met; closing a file that was never filed waives its open deadline with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gem import clock
from gem.i18n import N_, tr
from gem.models import (
    Arbitration,
    Deadline,
    DeadlineRule,
    DeadlineRuleVersion,
    Grievance,
    Hearing,
    Recourse,
)
from gem.models.enums import (
    ArbitrationStatus,
    DeadlineStatus,
    DeadlineTrigger,
    GrievanceStatus,
    HearingKind,
    RecourseForum,
    RecourseKind,
    RecourseStatus,
)
from gem.services import audit, policy
from gem.services.actor import Actor
from gem.services.deadlines import owners
from gem.services.deadlines.calendars import Calendars, load_calendars
from gem.services.deadlines.compute import ComputedDeadline, compute_with_version
from gem.services.deadlines.rules import get_rule, version_for
from gem.services.entity import conflict, flush_or_conflict
from gem.services.errors import FieldError, NotFoundError, ValidationError
from gem.services.values import date_errors

# Labels are French msgids stored as-is and translated when shown (label_text).
LABEL_GRIEVANCE = N_("Dépôt du grief")
LABEL_GRIEVANCE_PRESUMED = N_("Dépôt du grief (connaissance présumée à la date de l'événement)")
LABEL_AWARD = N_("Sentence arbitrale à rendre")
LABEL_RECOURSE = N_("Dépôt du recours")
LABEL_MANUAL = N_("Échéance saisie au dossier")
REASON_CLOSED = N_("Dossier fermé sans dépôt.")
DEADLINE = N_("Échéance")

GRIEVANCE_RULE = "grievance_agreement"
AWARD_RULE = "award_due"
RECOURSE_RULES: dict[str, str] = {
    RecourseKind.TAT_COMPLAINT: "labour_code_12_14",
    RecourseKind.FAIR_REPRESENTATION: "fair_representation",
    RecourseKind.CNESST_REVIEW: "cnesst_review",
    RecourseKind.CNESST_CONTESTATION: "cnesst_tat",
    RecourseKind.JUDICIAL_REVIEW: "judicial_review",
    RecourseKind.PAY_EQUITY_COMPLAINT: "pay_equity_complaint",
    RecourseKind.HUMAN_RIGHTS_COMPLAINT: "human_rights",
    RecourseKind.HARASSMENT_COMPLAINT: "harassment",
    RecourseKind.CIVIL_ACTION: "civil_action",
}

_GRIEVANCE_CLOSED = {GrievanceStatus.SETTLED, GrievanceStatus.WITHDRAWN, GrievanceStatus.AWARDED}
_ARBITRATION_CLOSED = {ArbitrationStatus.SETTLED, ArbitrationStatus.WITHDRAWN}
_RECOURSE_CLOSED = {RecourseStatus.SETTLED, RecourseStatus.WITHDRAWN}


def label_text(label: str, lang: str | None) -> str:
    return tr(label, lang)


@dataclass(frozen=True)
class Plan:
    """The deadline a file should carry, as its own data says."""

    rule_code: str | None           # None: a date typed on the file, no rule
    label: str
    trigger_date: date | None
    cap_trigger_date: date | None
    agreement_id: int | None
    met_on: date | None
    closed: bool
    counsellor_id: int | None
    manual_due: date | None = None


# ---------------------------------------------------------------------- what a file needs
def _grievance_plans(session: Session, g: Grievance) -> list[Plan]:
    presumed = g.knowledge_date is None and g.event_date is not None
    return [Plan(GRIEVANCE_RULE, LABEL_GRIEVANCE_PRESUMED if presumed else LABEL_GRIEVANCE,
                 g.knowledge_date or g.event_date, g.event_date, g.agreement_id, g.filed_date,
                 g.status in _GRIEVANCE_CLOSED or g.closed_date is not None, g.counsellor_id)]


def last_hearing_day(session: Session, arbitration_id: int) -> date | None:
    """The last day actually set for hearing (postponements and conference calls are not
    hearing days for art. 101.5)."""
    return session.scalar(select(func.max(Hearing.date)).where(
        Hearing.arbitration_id == arbitration_id, Hearing.kind == HearingKind.HEARING))


def _arbitration_plans(session: Session, a: Arbitration) -> list[Plan]:
    last = last_hearing_day(session, a.id)
    return [Plan(AWARD_RULE, LABEL_AWARD, last, None, None, a.award_date,
                 a.status in _ARBITRATION_CLOSED, a.counsellor_id)]


def _recourse_plans(session: Session, r: Recourse) -> list[Plan]:
    code = RECOURSE_RULES.get(r.kind)
    if r.kind == RecourseKind.PAY_EQUITY_COMPLAINT and r.forum == RecourseForum.TAT:
        code = "pay_equity_tat"
    closed = r.status in _RECOURSE_CLOSED or r.closed_date is not None
    trigger: date | None = None
    if code is not None:
        rule = get_rule(session, code)
        kind = rule.versions[-1].trigger if rule.versions else None
        # A delay that runs from notification takes the notification date (else the
        # decision's, never later); one that runs from the facts, knowledge or the last
        # incident takes the incident date, falling back on the decision date.
        if kind == DeadlineTrigger.NOTIFICATION:
            trigger = r.notification_date or r.decision_date
        else:
            trigger = r.incident_date or r.decision_date or r.notification_date
    if trigger is None and r.deadline_date is not None:
        return [Plan(None, LABEL_MANUAL, r.decision_date or r.notification_date or
                     r.deadline_date, None, None, r.filed_date, closed, r.counsellor_id,
                     r.deadline_date)]
    if code is None:
        return []
    return [Plan(code, LABEL_RECOURSE, trigger, None, None, r.filed_date, closed,
                 r.counsellor_id)]


def plans_for(session: Session, owner_type: str, obj: Any) -> list[Plan]:
    if owner_type == owners.GRIEVANCE:
        return _grievance_plans(session, obj)
    if owner_type == owners.ARBITRATION:
        return _arbitration_plans(session, obj)
    if owner_type == owners.RECOURSE:
        return _recourse_plans(session, obj)
    raise ValueError(f"unknown owner type {owner_type!r}")


# ---------------------------------------------------------------------- synchronising
def file_deadlines(session: Session, owner_type: str, owner_id: int) -> list[Deadline]:
    stmt = (select(Deadline).where(Deadline.owner_type == owner_type,
                                   Deadline.owner_id == owner_id)
            .order_by(Deadline.due_date, Deadline.id))
    return list(session.scalars(stmt))


def _rule_id_of(session: Session, deadline: Deadline) -> int | None:
    if deadline.rule_version_id is None:
        return None
    version = session.get(DeadlineRuleVersion, deadline.rule_version_id)
    return version.rule_id if version is not None else None


def _write(session: Session, actor: Actor, deadline: Deadline,
           before: dict[str, Any] | None) -> None:
    """Flush and audit a new or changed deadline; an unchanged one is left alone, so saving a
    file for another reason neither bumps the deadline's version nor adds noise to the log.

    A deadline someone else changed since it was read here (two extensions at once, an
    extension while the file's save recomputes it) is a ConflictError naming them, whichever
    of the two saves comes second."""
    if before is None:
        deadline.updated_by_id = actor.id
        session.add(deadline)
        flush_or_conflict(session, actor, labels={Deadline: DEADLINE})
        audit.record(session, actor, "create", "deadline", deadline.id, None,
                     audit.snapshot(deadline))
        return
    old, new = audit.diff(before, audit.snapshot(deadline))
    if not (old or new):
        return
    deadline.updated_by_id = actor.id
    deadline.updated_at = clock.now()
    flush_or_conflict(session, actor, new, labels={Deadline: DEADLINE})
    audit.record(session, actor, "update", "deadline", deadline.id, old, new)


def _compute(session: Session, plan: Plan, calendars: Calendars,
             rules: dict[str, DeadlineRule] | None = None
             ) -> tuple[ComputedDeadline, DeadlineRuleVersion]:
    assert plan.rule_code is not None and plan.trigger_date is not None
    if rules is None:
        rule = get_rule(session, plan.rule_code)
    else:  # bulk callers keep the rules (with their versions) for the whole run
        known = rules.get(plan.rule_code)
        if known is None:
            known = rules[plan.rule_code] = get_rule(session, plan.rule_code)
        rule = known
    version = version_for(session, rule, plan.trigger_date, plan.agreement_id)
    return compute_with_version(calendars, version, plan.trigger_date,
                                plan.cap_trigger_date, agreement_id=plan.agreement_id,
                                rule_code=rule.code), version


def _inputs_changed(session: Session, deadline: Deadline, plan: Plan) -> bool:
    if deadline.trigger_date != plan.trigger_date or \
            deadline.cap_trigger_date != plan.cap_trigger_date:
        return True
    if plan.rule_code is None:
        return deadline.due_date != plan.manual_due
    version = session.get(DeadlineRuleVersion, deadline.rule_version_id) \
        if deadline.rule_version_id else None
    # A version made for another agreement means the file's agreement changed. A general
    # version on a file that now has an agreement is left alone: the agreement's own version
    # may have been added since, and that change goes through apply_rule_change.
    return version is not None and version.agreement_id is not None and \
        version.agreement_id != plan.agreement_id


def sync_file_deadlines(session: Session, actor: Actor, owner_type: str,
                        obj: Any) -> list[Deadline]:
    """Create or update the deadlines of a saved file (called from the file services'
    ``after_save``, inside their transaction). Returns the file's deadlines."""
    calendars: Calendars | None = None
    existing = file_deadlines(session, owner_type, obj.id)
    for plan in plans_for(session, owner_type, obj):
        if plan.rule_code is None:
            match = [d for d in existing if d.rule_version_id is None and d.label == plan.label]
        else:
            rule_id = get_rule(session, plan.rule_code).id
            match = [d for d in existing if _rule_id_of(session, d) == rule_id]
        deadline = match[-1] if match else None
        if deadline is None:
            if plan.trigger_date is None or (plan.closed and plan.met_on is None):
                continue
            deadline = Deadline(owner_type=owner_type, owner_id=obj.id,
                                counsellor_id=plan.counsellor_id, label=plan.label,
                                status=DeadlineStatus.OPEN)
            before = None
        else:
            before = audit.snapshot(deadline)
        if deadline.status in (DeadlineStatus.OPEN, None) and plan.trigger_date is not None \
                and (before is None or _inputs_changed(session, deadline, plan)):
            if plan.rule_code is None:
                deadline.rule_version_id = None
                assert plan.manual_due is not None  # a plan without rule carries its date
                deadline.due_date = plan.manual_due
                deadline.calendar_id = deadline.latest_date = None
            else:
                calendars = calendars or load_calendars(session)
                result, version = _compute(session, plan, calendars)
                deadline.rule_version_id = version.id
                deadline.due_date = result.due_date
                deadline.latest_date = result.latest_date
                deadline.calendar_id = result.calendar_id
            deadline.trigger_date = plan.trigger_date
            deadline.cap_trigger_date = plan.cap_trigger_date
            deadline.label = plan.label
        deadline.counsellor_id = plan.counsellor_id
        if deadline.status in (DeadlineStatus.OPEN, DeadlineStatus.EXTENDED):
            if plan.met_on is not None:
                deadline.status = DeadlineStatus.MET
                deadline.met_on = plan.met_on
            elif plan.closed:
                deadline.status = DeadlineStatus.WAIVED
                deadline.waived_reason = REASON_CLOSED
        _write(session, actor, deadline, before)
    return file_deadlines(session, owner_type, obj.id)


def seed_rows(session: Session, owner_type: str, objs: Iterable[Any],
              calendars: Calendars | None = None) -> list[dict[str, Any]]:
    """Deadline rows for files loaded in bulk (demo data, imports), computed exactly as
    :func:`sync_file_deadlines` would, to be inserted with one executemany and no per-row
    audit entry (the bulk job records its own). Rules and versions are looked up once."""
    calendars = calendars or load_calendars(session)
    rules: dict[str, DeadlineRule] = {}
    computed: dict[tuple[str, int | None, date, date | None], tuple[ComputedDeadline, Any]] = {}
    rows: list[dict[str, Any]] = []
    for obj in objs:
        for plan in plans_for(session, owner_type, obj):
            if plan.trigger_date is None or (plan.closed and plan.met_on is None):
                continue
            if plan.rule_code is None:
                version_id, due, latest, calendar_id = None, plan.manual_due, None, None
            else:
                key = (plan.rule_code, plan.agreement_id, plan.trigger_date,
                       plan.cap_trigger_date)
                if key not in computed:
                    computed[key] = _compute(session, plan, calendars, rules)
                result, version = computed[key]
                version_id, due = version.id, result.due_date
                latest, calendar_id = result.latest_date, result.calendar_id
            status = DeadlineStatus.MET if plan.met_on is not None else DeadlineStatus.OPEN
            rows.append({"owner_type": owner_type, "owner_id": obj.id,
                         "rule_version_id": version_id, "counsellor_id": plan.counsellor_id,
                         "label": plan.label, "trigger_date": plan.trigger_date,
                         "cap_trigger_date": plan.cap_trigger_date, "due_date": due,
                         "latest_date": latest, "calendar_id": calendar_id,
                         "status": status, "met_on": plan.met_on})
    return rows


# ---------------------------------------------------------------------- a person's actions
def get_deadline(session: Session, actor: Actor, deadline_id: int) -> Deadline:
    """The deadline if ``actor`` may see its file (confidential files included)."""
    stmt = owners.join_owners(select(Deadline)).where(Deadline.id == deadline_id,
                                                      owners.visible_to(actor))
    deadline = session.scalars(stmt).first()
    if deadline is None:
        raise NotFoundError(None, actor.language, entity=tr(DEADLINE, actor.language),
                            ident=deadline_id)
    return deadline


def _for_change(session: Session, actor: Actor, deadline_id: int,
                expected_version: int | None,
                yours: dict[str, Any]) -> tuple[Deadline, dict[str, Any]]:
    """The deadline a person acts on, checked against the version they saw: a newer one is a
    ConflictError naming who changed it (``yours``: what this person asked for)."""
    policy.require(actor, policy.Action.UPDATE, policy.DEADLINE)
    deadline = get_deadline(session, actor, deadline_id)
    if expected_version is not None and deadline.version != expected_version:
        raise conflict(session, actor, Deadline, deadline_id, yours, label=DEADLINE)
    return deadline, audit.snapshot(deadline)


def _require_status(deadline: Deadline, allowed: set[str], lang: str) -> None:
    if deadline.status not in allowed:
        raise ValidationError([FieldError("status", N_("Statut"),
                                          N_("action impossible sur une échéance « {status} »."),
                                          {"status": tr(STATUS_LABELS[deadline.status], lang)})],
                              lang)


# str keys: a deadline's status column holds the plain value (DeadlineStatus is a StrEnum).
STATUS_LABELS: dict[str, str] = {
    DeadlineStatus.OPEN: N_("ouverte"), DeadlineStatus.MET: N_("respectée"),
    DeadlineStatus.EXTENDED: N_("prolongée"), DeadlineStatus.WAIVED: N_("abandonnée")}


def mark_met(session: Session, actor: Actor, deadline_id: int, met_on: date | None,
             expected_version: int | None = None) -> Deadline:
    """The thing was done on ``met_on`` (e.g. the grievance was filed)."""
    deadline, before = _for_change(session, actor, deadline_id, expected_version,
                                   {"status": DeadlineStatus.MET, "met_on": met_on})
    if met_on is None:
        raise ValidationError([FieldError("met_on", N_("Respectée le"),
                                          N_("ce champ est obligatoire."))], actor.language)
    _require_status(deadline, {DeadlineStatus.OPEN, DeadlineStatus.EXTENDED}, actor.language)
    deadline.status = DeadlineStatus.MET
    deadline.met_on = met_on
    _write(session, actor, deadline, before)
    return deadline


def extend_deadline(session: Session, actor: Actor, deadline_id: int, *,
                    extended_to: date | None, agreed_on: date | None, reference: str | None,
                    expected_version: int | None = None) -> Deadline:
    """Record a written agreement that extends the deadline; refused when the rule's delay
    cannot be extended (a prescription, a statutory delay)."""
    deadline, before = _for_change(session, actor, deadline_id, expected_version, {
        "status": DeadlineStatus.EXTENDED, "extended_to": extended_to,
        "extension_agreed_on": agreed_on, "extension_reference": reference})
    lang = actor.language
    _require_status(deadline, {DeadlineStatus.OPEN, DeadlineStatus.EXTENDED}, lang)
    version = session.get(DeadlineRuleVersion, deadline.rule_version_id) \
        if deadline.rule_version_id else None
    errors: list[FieldError] = []
    if version is not None and not version.extendable:
        errors.append(FieldError("extended_to", N_("Prolongée au"),
                                 N_("ce délai ne peut pas être prolongé par entente "
                                    "({source}).") , {"source": version.source}))
    reference = (reference or "").strip() or None
    if extended_to is None:
        errors.append(FieldError("extended_to", N_("Prolongée au"),
                                 N_("ce champ est obligatoire.")))
    else:
        current = deadline.extended_to or deadline.due_date
        if extended_to <= current:
            errors.append(FieldError("extended_to", N_("Prolongée au"),
                                     N_("doit être après l'échéance actuelle ({value})."),
                                     {"value": current.isoformat()}))
    if agreed_on is None:
        errors.append(FieldError("extension_agreed_on", N_("Date de l'entente écrite"),
                                 N_("ce champ est obligatoire.")))
    else:  # an agreement already written: not after today (gem.services.values)
        errors.extend(date_errors("extension_agreed_on", N_("Date de l'entente écrite"),
                                  agreed_on, not_after_today=True))
    if extended_to is not None:
        errors.extend(date_errors("extended_to", N_("Prolongée au"), extended_to))
    if reference is None:
        errors.append(FieldError("extension_reference", N_("Référence de l'entente écrite"),
                                 N_("ce champ est obligatoire.")))
    elif len(reference) > 200:
        errors.append(FieldError("extension_reference", N_("Référence de l'entente écrite"),
                                 N_("{length} caractères au plus ({actual} saisis)."),
                                 {"length": 200, "actual": len(reference)}))
    if errors:
        raise ValidationError(errors, lang)
    deadline.status = DeadlineStatus.EXTENDED
    deadline.extended_to = extended_to
    deadline.extension_agreed_on = agreed_on
    deadline.extension_reference = reference
    _write(session, actor, deadline, before)
    return deadline


def waive_deadline(session: Session, actor: Actor, deadline_id: int, reason: str | None,
                   expected_version: int | None = None) -> Deadline:
    """Stop watching a deadline on purpose; the reason is required and kept."""
    deadline, before = _for_change(session, actor, deadline_id, expected_version,
                                   {"status": DeadlineStatus.WAIVED, "waived_reason": reason})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError([FieldError("waived_reason", N_("Motif de renonciation"),
                                          N_("ce champ est obligatoire."))], actor.language)
    _require_status(deadline, {DeadlineStatus.OPEN, DeadlineStatus.EXTENDED}, actor.language)
    deadline.status = DeadlineStatus.WAIVED
    deadline.waived_reason = reason
    _write(session, actor, deadline, before)
    return deadline


# ---------------------------------------------------------------------- explaining
def _agreement_of(session: Session, deadline: Deadline) -> int | None:
    """The collective agreement whose version and days the deadline's file follows."""
    if deadline.owner_type != owners.GRIEVANCE:
        return None
    return session.scalar(select(Grievance.agreement_id)
                          .where(Grievance.id == deadline.owner_id))


def effective_due(deadline: Deadline) -> date:
    if deadline.status == DeadlineStatus.EXTENDED and deadline.extended_to is not None:
        return deadline.extended_to
    return deadline.due_date


def explain_deadline(session: Session, deadline: Deadline, lang: str | None = None,
                     calendars: Calendars | None = None) -> str:
    """The deadline's sentence, recomputed from the version and dates it keeps. If the
    holidays changed since (a day proclaimed later), the stored date is still the one shown
    and the sentence says so."""
    if deadline.rule_version_id is None:
        sentence = tr(N_("{label} : {due}"), lang, label=tr(deadline.label, lang),
                      due=deadline.due_date.isoformat())
    else:
        version = session.get(DeadlineRuleVersion, deadline.rule_version_id)
        assert version is not None
        result = compute_with_version(calendars or load_calendars(session), version,
                                      deadline.trigger_date, deadline.cap_trigger_date,
                                      agreement_id=_agreement_of(session, deadline),
                                      lang=lang)
        sentence = result.explain(lang)
        if result.due_date != deadline.due_date:
            sentence = tr(N_("{sentence} (échéance enregistrée : {stored})"), lang,
                          sentence=sentence, stored=deadline.due_date.isoformat())
    if deadline.status == DeadlineStatus.EXTENDED and deadline.extended_to is not None:
        sentence = tr(N_("{sentence} ; prolongé au {date} par entente écrite du {agreed} "
                         "({reference})"), lang, sentence=sentence,
                      date=deadline.extended_to.isoformat(),
                      agreed=deadline.extension_agreed_on.isoformat()
                      if deadline.extension_agreed_on else "?",
                      reference=deadline.extension_reference or "")
    return sentence


# ---------------------------------------------------------------------- after an upgrade
@dataclass(frozen=True)
class Recheck:
    """An open deadline the engine now puts earlier than the date the file keeps."""

    deadline_id: int
    owner_type: str
    owner_id: int
    file_number: str | None
    stored: date
    retained: date
    latest: date | None
    before_calendars: bool  # computed by GEM 0.1.0, on every listed day


def recheck_deadlines(session: Session, actor: Actor, *, apply: bool = False) -> list[Recheck]:
    """Open deadlines whose date, recomputed on the calendars of their rule version, is
    earlier than the one stored: those GEM 0.1.0 moved for 2 January, 26 December or a
    Saturday, or any a calendar change made too late. With ``apply`` they move to the
    earlier date, each audited; a deadline is never moved later here (a later date is for a
    person to decide, through a rule change)."""
    policy.require(actor, policy.Action.CHANGE_RULES, policy.DEADLINE_RULE)
    calendars = load_calendars(session)
    stmt = owners.join_owners(
        select(Deadline, owners.file_number(), owners.G.agreement_id)
        .where(Deadline.status == DeadlineStatus.OPEN, Deadline.rule_version_id.is_not(None))
        .order_by(Deadline.due_date, Deadline.id))
    found: list[Recheck] = []
    for deadline, number, agreement_id in session.execute(stmt).all():
        version = session.get(DeadlineRuleVersion, deadline.rule_version_id)
        assert version is not None
        result = compute_with_version(calendars, version, deadline.trigger_date,
                                      deadline.cap_trigger_date, agreement_id=agreement_id)
        if result.due_date >= deadline.due_date:
            continue
        found.append(Recheck(deadline.id, deadline.owner_type, deadline.owner_id, number,
                             deadline.due_date, result.due_date, result.latest_date,
                             deadline.calendar_id is None))
        if apply:
            before = audit.snapshot(deadline)
            deadline.due_date = result.due_date
            deadline.latest_date = result.latest_date
            deadline.calendar_id = result.calendar_id
            _write(session, actor, deadline, before)
    return found
