"""The calendars as an administrator sees and keeps them.

What each rule counts on, the days each calendar treats as holidays in the years that matter
now, with their sources and whether they were verified; and a collective agreement's own
days, which only an administrator defines. Changing an agreement's days moves no deadline
already computed (as for a proclaimed holiday): it lists the open deadlines whose date the new
days would change, so the administrator can look at those files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gem import clock
from gem.i18n import N_, tr
from gem.models import (
    CalendarDay,
    CollectiveAgreement,
    Deadline,
    DeadlineCalendar,
    DeadlineRuleVersion,
    HolidayRule,
)
from gem.models.enums import DeadlineStatus
from gem.services import audit, policy
from gem.services.actor import Actor
from gem.services.deadlines.calendar import HolidayCalendar
from gem.services.deadlines.calendars import (
    AGREEMENT,
    DAY_LABELS,
    DAY_STATUSES,
    HOLIDAY,
    PROCLAIMED_DAY,
    STATUS_LABELS,
    WEEKDAY_DAYS,
    Calendars,
    CalendarSpec,
    load_calendars,
)
from gem.services.deadlines.compute import compute_with_version
from gem.services.deadlines.rules import list_rules, select_version
from gem.services.entity import conflict, flush_or_conflict
from gem.services.errors import FieldError, ValidationError


@dataclass(frozen=True)
class DayEntry:
    """One day (or every Saturday, every Sunday, every proclaimed day) a calendar does not
    count as a working day."""

    day: date | None        # None for a kind of day (saturday, sunday, proclaimed)
    kind: str               # saturday | sunday | proclaimed | a holiday rule code
    name: str
    status: str             # holiday | unverified
    status_label: str
    source: str | None

    @property
    def verified(self) -> bool:
        return self.status == HOLIDAY


@dataclass(frozen=True)
class RuleCalendar:
    rule_code: str
    rule_name: str
    calendar: str | None       # the version's calendar code, or "agreement"
    calendar_name: str
    verified: bool


@dataclass(frozen=True)
class CalendarListing:
    code: str
    name: str
    source: str | None
    agreement_id: int | None
    version: int
    days: tuple[DayEntry, ...]
    rules: tuple[RuleCalendar, ...]   # the rules whose current version counts on it


def _agreement_label(lang: str | None) -> str:
    return tr(N_("Jours de la convention collective du dossier"), lang)


def rule_calendars(session: Session, lang: str | None, on: date | None = None,
                   calendars: Calendars | None = None) -> list[RuleCalendar]:
    """What each rule's general version in force ``on`` (today) counts on."""
    on = on or clock.today()
    specs = (calendars or load_calendars(session)).by_code
    found = []
    for rule in list_rules(session):
        version = select_version(rule.versions, on, None) or (
            rule.versions[-1] if rule.versions else None)
        if version is None:
            continue
        code = version.calendar
        name = _agreement_label(lang) if code == AGREEMENT else \
            specs[code].name(lang) if code in specs else tr(N_("aucun"), lang)
        found.append(RuleCalendar(rule.code, rule.name_en if lang == "en" else rule.name_fr,
                                  code, name, bool(version.calendar_verified)))
    return found


def day_entries(spec: CalendarSpec, years: Iterable[int], holidays: HolidayCalendar,
                lang: str | None) -> list[DayEntry]:
    """The days ``spec`` treats as non-working in ``years``: the kinds first (every
    Saturday, Sunday, proclaimed day), then each dated holiday."""
    entries = []
    for kind in (*WEEKDAY_DAYS, PROCLAIMED_DAY):
        if kind in spec.days:
            status = spec.days[kind]
            entries.append(DayEntry(None, kind, tr(DAY_LABELS[kind], lang), status,
                                    tr(STATUS_LABELS[status], lang), spec.day_sources.get(kind)))
    for year in years:
        for day in sorted(holidays.holidays(year)):
            for h in holidays.holidays_on(day):
                key = PROCLAIMED_DAY if h.code is None else h.code
                if key not in spec.days:
                    continue
                status = spec.days[key]
                entries.append(DayEntry(day, key, h.name(lang), status,
                                        tr(STATUS_LABELS[status], lang),
                                        spec.day_sources.get(key)))
    return entries


def calendar_listing(session: Session, lang: str | None, years: Iterable[int] | None = None
                     ) -> list[CalendarListing]:
    """Every calendar with its days in ``years`` (this year and the next by default) and the
    rules that count on it, for the reference tables screen and ``gem deadline
    calendars``."""
    year = clock.today().year
    years = tuple(years or (year, year + 1))
    calendars = load_calendars(session)  # once: the holidays and every calendar's days
    rules = rule_calendars(session, lang, calendars=calendars)
    found = []
    for spec in calendars.by_code.values():  # in id order (load_calendars)
        users = tuple(r for r in rules if r.calendar == spec.code or
                      (spec.agreement_id is not None and r.calendar == AGREEMENT))
        found.append(CalendarListing(
            spec.code, spec.name(lang), spec.source, spec.agreement_id, spec.version,
            tuple(day_entries(spec, years, calendars.holidays, lang)), users))
    return found


# ---------------------------------------------------------------------- agreement days
@dataclass(frozen=True)
class AgreementDaysSaved:
    calendar: DeadlineCalendar
    deadlines_to_review: list[tuple[int, date, date]]  # (deadline id, stored, new date)
    files: dict[int, str | None] = field(default_factory=dict)  # deadline id -> file number


CALENDAR = N_("Calendrier")


def day_kinds(session: Session) -> list[str]:
    """Every kind of day a calendar may list: weekends, proclaimed days, each holiday rule."""
    codes = list(session.scalars(select(HolidayRule.code).order_by(HolidayRule.id)))
    return [*WEEKDAY_DAYS, PROCLAIMED_DAY, *codes]


def set_agreement_days(session: Session, actor: Actor, agreement_id: int | None,
                       days: Mapping[str, str], source: str | None,
                       expected_version: int | None = None) -> AgreementDaysSaved:
    """Define (or redefine) the days collective agreement ``agreement_id`` treats as holidays
    for its delays: ``days`` maps a kind of day (:func:`day_kinds`) to ``holiday`` or
    ``unverified``; kinds left out are working days."""
    lang = actor.language
    policy.require(actor, policy.Action.CHANGE_RULES, policy.CALENDAR)
    errors: list[FieldError] = []
    agreement = session.get(CollectiveAgreement, agreement_id) if agreement_id else None
    if agreement is None:
        errors.append(FieldError("agreement_id", N_("Convention collective"),
                                 N_("aucun enregistrement ne correspond à « {value} »."),
                                 {"value": agreement_id}))
    allowed = day_kinds(session)
    for kind, status in days.items():
        if kind not in allowed:
            errors.append(FieldError("days", N_("Jour"),
                                     N_("« {value} » n'est pas une valeur permise ({allowed})."),
                                     {"value": kind, "allowed": ", ".join(allowed)}))
        elif status not in DAY_STATUSES:
            errors.append(FieldError("days", N_("Statut"),
                                     N_("« {value} » n'est pas une valeur permise ({allowed})."),
                                     {"value": status, "allowed": ", ".join(DAY_STATUSES)}))
    source = (source or "").strip() or None
    if source is None:
        errors.append(FieldError("source", N_("Source"),
                                 N_("ce champ est obligatoire (l'article de la convention qui "
                                    "définit ces jours).")))
    if errors:
        raise ValidationError(errors, lang)
    assert agreement is not None
    calendar = session.scalars(select(DeadlineCalendar).options(
        selectinload(DeadlineCalendar.days))
        .where(DeadlineCalendar.agreement_id == agreement.id)).first()
    if calendar is not None and expected_version is not None and \
            calendar.version != expected_version:
        raise conflict(session, actor, DeadlineCalendar, calendar.id,
                       {"source": source, "days": dict(days)}, label=CALENDAR)
    if calendar is None:
        calendar = DeadlineCalendar(code=f"agreement_{agreement.id}",
                                    name_fr=f"Convention : {agreement.name}"[:200],
                                    name_en=f"Agreement: {agreement.name}"[:200],
                                    agreement_id=agreement.id, updated_by_id=actor.id)
        before = None
        session.add(calendar)
    else:
        before = {"source": calendar.source,
                  "days": {d.day: d.status for d in calendar.days}}
    calendar.source = source
    calendar.updated_by_id = actor.id
    calendar.updated_at = clock.now()
    # The calendar's own row first, alone: every change of its days goes through here and
    # bumps it, so another administrator's save meanwhile is a conflict naming them.
    yours = {"source": source, "days": dict(days)}
    flush_or_conflict(session, actor, yours, labels={DeadlineCalendar: CALENDAR})
    wanted = dict(days)
    for row in list(calendar.days):
        if row.day not in wanted:
            calendar.days.remove(row)
        elif row.status != wanted[row.day]:
            row.status = wanted[row.day]
            row.source = source
    have = {d.day for d in calendar.days}
    for kind, status in wanted.items():
        if kind not in have:
            calendar.days.append(CalendarDay(day=kind, status=status, source=source,
                                             updated_by_id=actor.id))
    flush_or_conflict(session, actor, yours, labels={DeadlineCalendar: CALENDAR,
                                                     CalendarDay: CALENDAR})
    after = {"source": calendar.source, "days": {d.day: d.status for d in calendar.days}}
    audit.record(session, actor, "create" if before is None else "update",
                 "deadline_calendar", calendar.id, before, after)
    review = _to_review(session, agreement.id)
    return AgreementDaysSaved(calendar, review,
                              deadline_files(session, actor, [d for d, _, _ in review]))


def _to_review(session: Session, agreement_id: int) -> list[tuple[int, date, date]]:
    """Open deadlines of files under the agreement whose rule counts on the agreement's days
    and whose date those days now change (they are not moved: a person decides)."""
    from gem.models import Grievance
    from gem.services.deadlines import owners

    calendars = load_calendars(session)
    stmt = (select(Deadline, DeadlineRuleVersion)
            .join(DeadlineRuleVersion, DeadlineRuleVersion.id == Deadline.rule_version_id)
            .join(Grievance, Grievance.id == Deadline.owner_id)
            .where(Deadline.owner_type == owners.GRIEVANCE,
                   Grievance.agreement_id == agreement_id,
                   Deadline.status == DeadlineStatus.OPEN,
                   DeadlineRuleVersion.calendar == AGREEMENT)
            .order_by(Deadline.due_date, Deadline.id))
    found = []
    for deadline, version in session.execute(stmt):
        result = compute_with_version(calendars, version, deadline.trigger_date,
                                      deadline.cap_trigger_date, agreement_id=agreement_id)
        if result.due_date != deadline.due_date:
            found.append((deadline.id, deadline.due_date, result.due_date))
    return found


# ---------------------------------------------------------------------- for the window
# Read-only helpers the reference tables screen needs to edit an agreement's days: every kind
# of day with its name and the agreement's current status, and the files the deadlines to
# review belong to (set_agreement_days answers with deadline ids).
@dataclass(frozen=True)
class DayKindStatus:
    kind: str               # a day_kinds() code
    name: str
    status: str | None      # holiday | unverified, or None: a working day for the agreement
    source: str | None


@dataclass(frozen=True)
class AgreementDays:
    agreement_id: int | None
    calendar_code: str | None   # None until the agreement's days are first defined
    version: int | None         # the calendar's, for set_agreement_days(expected_version)
    source: str | None
    kinds: tuple[DayKindStatus, ...]


def agreement_days(session: Session, agreement_id: int | None, lang: str | None
                   ) -> AgreementDays:
    """Every kind of day (:func:`day_kinds`, in that order), named in ``lang``, with the
    status collective agreement ``agreement_id`` gives it now."""
    names = {kind: tr(label, lang) for kind, label in DAY_LABELS.items()}
    for rule in session.scalars(select(HolidayRule)):
        names[rule.code] = (rule.name_en if lang == "en" and rule.name_en else rule.name_fr)
    calendar = None
    if agreement_id is not None:
        calendar = session.scalars(select(DeadlineCalendar).options(
            selectinload(DeadlineCalendar.days))
            .where(DeadlineCalendar.agreement_id == agreement_id)).first()
    days = {d.day: d for d in calendar.days} if calendar is not None else {}
    kinds = tuple(DayKindStatus(kind, names.get(kind, kind),
                                days[kind].status if kind in days else None,
                                days[kind].source if kind in days else None)
                  for kind in day_kinds(session))
    if calendar is None:
        return AgreementDays(agreement_id, None, None, None, kinds)
    return AgreementDays(agreement_id, calendar.code, calendar.version, calendar.source, kinds)


def deadline_files(session: Session, actor: Actor, deadline_ids: Iterable[int]
                   ) -> dict[int, str | None]:
    """The file number of each deadline (None for a file not numbered yet), among those
    ``actor`` may see."""
    from gem.services.deadlines import owners

    ids = list(deadline_ids)
    if not ids:
        return {}
    stmt = owners.join_owners(select(Deadline.id, owners.file_number())
                              .where(Deadline.id.in_(ids))).where(owners.visible_to(actor))
    return {ident: number for ident, number in session.execute(stmt)}
