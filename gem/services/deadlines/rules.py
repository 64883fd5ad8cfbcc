"""Deadline rules: lookup by code and date, versions per collective agreement, and changes.

A rule changes by gaining a new version (effective date, optionally one collective agreement),
never by editing the version deadlines were computed with: each deadline keeps the version it
used, so its date can always be explained. A change is a two-step use case so that no deadline
moves silently: :func:`preview_rule_change` lists the open deadlines whose date would differ,
and :func:`apply_rule_change` writes the version only when the caller passes
``confirmed=True``, recomputing only the deadlines the user picked from that list.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gem import clock
from gem.i18n import N_
from gem.models import CollectiveAgreement, Deadline, DeadlineRule, DeadlineRuleVersion
from gem.models.enums import DeadlineKind, DeadlineStatus, DeadlineTrigger, DeadlineUnit
from gem.services import audit, policy
from gem.services.actor import Actor
from gem.services.deadlines import owners
from gem.services.deadlines.calendars import AGREEMENT, Calendars, load_calendars
from gem.services.deadlines.compute import compute_with_version
from gem.services.entity import flush_or_conflict
from gem.services.errors import FieldError, GemError, ValidationError


def list_rules(session: Session) -> list[DeadlineRule]:
    """Every rule with its versions (oldest first), for the rules screen and the CLI."""
    stmt = (select(DeadlineRule).options(selectinload(DeadlineRule.versions))
            .order_by(DeadlineRule.applies_to, DeadlineRule.code))
    return list(session.scalars(stmt))


def get_rule(session: Session, code: str, lang: str | None = None) -> DeadlineRule:
    rule = session.scalars(select(DeadlineRule).options(selectinload(DeadlineRule.versions))
                           .where(DeadlineRule.code == code)).first()
    if rule is None:
        raise ValidationError([FieldError("rule", N_("Règle"),
                                          N_("aucune règle de délai « {code} »."),
                                          {"code": code})], lang)
    return rule


def select_version(versions: Sequence[Any], on: date, agreement_id: int | None) -> Any | None:
    """The version in force on ``on``: the latest one of the agreement's own versions if it
    has any in force, else the latest general one. Pure, so a proposed version can be tried
    against the saved ones before anything is written."""
    best_own = best_general = None
    for v in versions:
        if v.effective_from > on:
            continue
        if agreement_id is not None and v.agreement_id == agreement_id:
            if best_own is None or v.effective_from > best_own.effective_from:
                best_own = v
        elif v.agreement_id is None:
            if best_general is None or v.effective_from > best_general.effective_from:
                best_general = v
    return best_own or best_general


def version_for(session: Session, rule: DeadlineRule, on: date, agreement_id: int | None,
                lang: str | None = None) -> DeadlineRuleVersion:
    version: DeadlineRuleVersion | None = select_version(rule.versions, on, agreement_id)
    if version is None:
        raise ValidationError([FieldError("trigger_date", N_("Point de départ"),
                                          N_("aucune version de la règle « {code} » n'est en "
                                             "vigueur le {date}."),
                                          {"code": rule.code, "date": on.isoformat()})], lang)
    return version


# ---------------------------------------------------------------------- changing a rule
@dataclass
class ProposedVersion:
    """A rule version not yet saved; same attributes as DeadlineRuleVersion."""

    rule_id: int
    agreement_id: int | None
    effective_from: date
    length: int
    unit: str
    trigger: str
    cap_length: int | None
    cap_unit: str | None
    cap_trigger: str | None
    warn_length: int | None
    warn_unit: str | None
    kind: str
    extendable: bool
    source: str
    verified: bool
    note: str | None
    calendar: str | None = None
    calendar_verified: bool = False
    id: int | None = None


@dataclass(frozen=True)
class AffectedDeadline:
    deadline_id: int
    deadline_version: int
    owner_type: str
    owner_id: int
    file_number: str | None
    trigger_date: date
    current_due: date
    new_due: date
    new_latest: date | None = None
    calendar_id: int | None = None


@dataclass
class RuleChangePreview:
    rule_code: str
    proposed: ProposedVersion
    affected: list[AffectedDeadline] = field(default_factory=list)


class ConfirmationRequired(GemError):
    """The change was not applied: the caller must show ``preview`` and ask first."""

    msgid = N_("Ce changement de règle touche {count} échéance(s) ouverte(s) : confirmez "
               "avant de l'appliquer.")

    def __init__(self, preview: RuleChangePreview, lang: str | None = None):
        self.preview = preview
        super().__init__(None, lang, count=len(preview.affected))


_VERSION_FIELDS = ("length", "unit", "trigger", "cap_length", "cap_unit", "cap_trigger",
                   "warn_length", "warn_unit", "kind", "extendable", "source", "verified", "note",
                   "calendar", "calendar_verified")
_LABELS = {"length": N_("Durée"), "unit": N_("Unité"), "trigger": N_("Point de départ"),
           "cap_length": N_("Plafond"), "cap_unit": N_("Unité du plafond"),
           "cap_trigger": N_("Point de départ du plafond"), "warn_length": N_("Alerte après"),
           "warn_unit": N_("Unité de l'alerte"), "kind": N_("Nature"),
           "source": N_("Source"), "effective_from": N_("En vigueur du"),
           "calendar": N_("Calendrier"),
           "agreement_id": N_("Convention collective")}


def _propose(session: Session, actor: Actor, rule: DeadlineRule, effective_from: date | None,
             agreement_id: int | None, changes: dict[str, Any]) -> ProposedVersion:
    lang = actor.language
    errors: list[FieldError] = []
    unknown = set(changes) - set(_VERSION_FIELDS)
    for key in sorted(unknown):
        errors.append(FieldError(key, key, N_("ce champ ne peut pas être modifié ici.")))
    if effective_from is None:
        errors.append(FieldError("effective_from", _LABELS["effective_from"],
                                 N_("ce champ est obligatoire.")))
    if agreement_id is not None and session.get(CollectiveAgreement, agreement_id) is None:
        errors.append(FieldError("agreement_id", _LABELS["agreement_id"],
                                 N_("aucun enregistrement ne correspond à « {value} »."),
                                 {"value": agreement_id}))
    if errors:
        raise ValidationError(errors, lang)
    assert effective_from is not None
    base = select_version(rule.versions, effective_from, agreement_id) or rule.versions[-1]
    values = {k: getattr(base, k) for k in _VERSION_FIELDS} | changes
    proposed = ProposedVersion(rule_id=rule.id, agreement_id=agreement_id,
                               effective_from=effective_from, **values)
    errors.extend(_check_version(proposed))
    calendars = {c for c in load_calendars(session).by_code} | {AGREEMENT}
    if proposed.calendar not in calendars:
        errors.append(FieldError("calendar", _LABELS["calendar"],
                                 N_("« {value} » n'est pas une valeur permise ({allowed})."),
                                 {"value": proposed.calendar,
                                  "allowed": ", ".join(sorted(calendars))}))
    for v in rule.versions:
        if v.agreement_id == agreement_id and v.effective_from == effective_from:
            errors.append(FieldError("effective_from", _LABELS["effective_from"],
                                     N_("une version de cette règle est déjà en vigueur à "
                                        "cette date ({value})."),
                                     {"value": effective_from.isoformat()}))
    if errors:
        raise ValidationError(errors, lang)
    return proposed


def _check_version(v: ProposedVersion) -> list[FieldError]:
    errors: list[FieldError] = []

    def positive(name: str, value: Any, required: bool) -> None:
        if value is None and not required:
            return
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            errors.append(FieldError(name, _LABELS[name],
                                     N_("doit être un nombre entier positif ({value})."),
                                     {"value": value}))

    def choice(name: str, value: Any, allowed: type[StrEnum], required: bool) -> None:
        if value is None and not required:
            return
        if value not in [c.value for c in allowed]:
            errors.append(FieldError(
                name, _LABELS[name], N_("« {value} » n'est pas une valeur permise ({allowed})."),
                {"value": value,
                 "allowed": ", ".join(c.value for c in allowed)}))

    positive("length", v.length, True)
    choice("unit", v.unit, DeadlineUnit, True)
    choice("trigger", v.trigger, DeadlineTrigger, True)
    choice("kind", v.kind, DeadlineKind, True)
    positive("cap_length", v.cap_length, False)
    choice("cap_unit", v.cap_unit, DeadlineUnit, False)
    choice("cap_trigger", v.cap_trigger, DeadlineTrigger, False)
    positive("warn_length", v.warn_length, False)
    choice("warn_unit", v.warn_unit, DeadlineUnit, False)
    if (v.cap_length is None) != (v.cap_unit is None) or \
            (v.cap_length is not None and v.cap_trigger is None):
        errors.append(FieldError("cap_length", _LABELS["cap_length"],
                                 N_("un plafond demande une durée, une unité et un point de "
                                    "départ.")))
    if (v.warn_length is None) != (v.warn_unit is None):
        errors.append(FieldError("warn_length", _LABELS["warn_length"],
                                 N_("une alerte demande une durée et une unité.")))
    if not (v.source or "").strip():
        errors.append(FieldError("source", _LABELS["source"], N_("ce champ est obligatoire.")))
    return errors


def _affected(session: Session, rule: DeadlineRule, proposed: ProposedVersion,
              calendars: Calendars) -> list[AffectedDeadline]:
    """Open deadlines of this rule whose date would change if ``proposed`` were saved."""
    stmt = owners.join_owners(
        select(Deadline, owners.file_number(), owners.G.agreement_id)
        .join(DeadlineRuleVersion, DeadlineRuleVersion.id == Deadline.rule_version_id)
        .where(DeadlineRuleVersion.rule_id == rule.id,
               Deadline.status == DeadlineStatus.OPEN,
               Deadline.trigger_date >= proposed.effective_from))
    if proposed.agreement_id is not None:
        stmt = stmt.where(owners.G.agreement_id == proposed.agreement_id)
    candidates = [*rule.versions, proposed]
    found: list[AffectedDeadline] = []
    for deadline, number, agreement_id in session.execute(stmt.order_by(Deadline.due_date,
                                                                        Deadline.id)):
        if select_version(candidates, deadline.trigger_date, agreement_id) is not proposed:
            continue
        result = compute_with_version(calendars, proposed, deadline.trigger_date,
                                      deadline.cap_trigger_date, agreement_id=agreement_id)
        if result.due_date != deadline.due_date:
            found.append(AffectedDeadline(
                deadline.id, deadline.version, deadline.owner_type, deadline.owner_id, number,
                deadline.trigger_date, deadline.due_date, result.due_date, result.latest_date,
                result.calendar_id))
    return found


def preview_rule_change(session: Session, actor: Actor, code: str, *,
                        effective_from: date | None, agreement_id: int | None = None,
                        **changes: Any) -> RuleChangePreview:
    """What a new version of rule ``code`` would be, and which open deadlines it would move.
    Writes nothing."""
    policy.require(actor, policy.Action.CHANGE_RULES, policy.DEADLINE_RULE)
    rule = get_rule(session, code, actor.language)
    proposed = _propose(session, actor, rule, effective_from, agreement_id, changes)
    return RuleChangePreview(rule.code, proposed,
                             _affected(session, rule, proposed, load_calendars(session)))


def apply_rule_change(session: Session, actor: Actor, code: str, *,
                      effective_from: date | None, agreement_id: int | None = None,
                      confirmed: bool = False, recompute: Collection[int] = (),
                      **changes: Any) -> DeadlineRuleVersion:
    """Save the new version once the user has seen the preview (``confirmed=True``).

    Deadlines already computed keep their date and version, except those whose ids are in
    ``recompute`` (chosen from the preview's list): those move to the new date, each with
    its own audit entry."""
    preview = preview_rule_change(session, actor, code, effective_from=effective_from,
                                  agreement_id=agreement_id, **changes)
    if not confirmed:
        raise ConfirmationRequired(preview, actor.language)
    wanted = set(recompute)
    unknown = wanted - {a.deadline_id for a in preview.affected}
    if unknown:
        raise ValidationError([FieldError("recompute", N_("Échéances à recalculer"),
                                          N_("ces échéances ne sont pas touchées par ce "
                                             "changement : {ids}."),
                                          {"ids": ", ".join(map(str, sorted(unknown)))})],
                              actor.language)
    values = {k: v for k, v in vars(replace(preview.proposed)).items() if k != "id"}
    version = DeadlineRuleVersion(**values, updated_by_id=actor.id)
    session.add(version)
    session.flush()
    audit.record(session, actor, "create", "deadline_rule_version", version.id, None,
                 audit.snapshot(version))
    for item in preview.affected:
        if item.deadline_id not in wanted:
            continue
        deadline = session.get(Deadline, item.deadline_id)
        assert deadline is not None
        before = audit.snapshot(deadline)
        deadline.due_date = item.new_due
        deadline.latest_date = item.new_latest
        deadline.calendar_id = item.calendar_id
        deadline.rule_version_id = version.id
        deadline.updated_by_id = actor.id
        deadline.updated_at = clock.now()
        # someone acting on it meanwhile (an extension) is a conflict naming them
        flush_or_conflict(session, actor, {"due_date": item.new_due},
                          labels={Deadline: N_("Échéance")})
        old, new = audit.diff(before, audit.snapshot(deadline))
        audit.record(session, actor, "update", "deadline", deadline.id, old, new)
    session.expire(session.get(DeadlineRule, version.rule_id), ["versions"])
    return version
