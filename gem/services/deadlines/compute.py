"""A due date together with the reasons for it.

A counsellor must be able to trace every date GEM shows back to a rule, so a computation
returns a structured :class:`ComputedDeadline` (what was counted, from which date, where it
landed, why it moved, which of the delay and its cap won) that renders itself as one sentence
in French or English, e.g. « 30 jours après la connaissance du fait (2026-06-01) : 2026-07-01,
jour férié (Fête du Canada), reporté au 2026-07-02 ».
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy.orm import Session

from gem.i18n import N_, tr
from gem.models.enums import DeadlineTrigger, DeadlineUnit
from gem.services.deadlines.calendar import SATURDAY, Holiday
from gem.services.deadlines.calendars import (
    Calendars,
    Resolved,
    load_calendars,
    uncertain_days,
)
from gem.services.deadlines.counting import Count, count, raw_end
from gem.services.errors import FieldError, ValidationError
from gem.services.values import RANGE_MSGID

# "{length} {after} ({date})": the phrase after the length names what starts the delay.
TRIGGER_PHRASES: dict[str, str] = {
    DeadlineTrigger.EVENT: N_("après l'événement"),
    DeadlineTrigger.KNOWLEDGE: N_("après la connaissance du fait"),
    DeadlineTrigger.NOTIFICATION: N_("après la notification de la décision"),
    DeadlineTrigger.LAST_INCIDENT: N_("après le dernier incident"),
    DeadlineTrigger.LAST_HEARING: N_("après la dernière journée d'audience"),
}

TRIGGER_LABELS: dict[str, str] = {
    DeadlineTrigger.EVENT: N_("Date de l'événement"),
    DeadlineTrigger.KNOWLEDGE: N_("Date de connaissance du fait"),
    DeadlineTrigger.NOTIFICATION: N_("Date de notification"),
    DeadlineTrigger.LAST_INCIDENT: N_("Date du dernier incident"),
    DeadlineTrigger.LAST_HEARING: N_("Dernière journée d'audience"),
}

# French "mois" is the same in the singular and the plural, so the singular forms are
# separate msgids ("1 mois") and English can still say "1 month" / "6 months".
_UNIT_FORMS: dict[str, tuple[str, str]] = {
    DeadlineUnit.DAYS: (N_("1 jour"), N_("{n} jours")),
    DeadlineUnit.WORKING_DAYS: (N_("1 jour ouvrable"), N_("{n} jours ouvrables")),
    DeadlineUnit.MONTHS: (N_("1 mois"), N_("{n} mois")),
    DeadlineUnit.YEARS: (N_("1 an"), N_("{n} ans")),
}

UNIT_LABELS: dict[str, str] = {
    DeadlineUnit.DAYS: N_("jours"),
    DeadlineUnit.WORKING_DAYS: N_("jours ouvrables"),
    DeadlineUnit.MONTHS: N_("mois"),
    DeadlineUnit.YEARS: N_("ans"),
}


MAX_DAYS = 36_600
"""A hundred years in days: the longest delay anyone counts (a prescription is ten years),
and the longest horizon the command line looks ahead (gem due --days)."""

MAX_LENGTH: dict[str, int] = {
    DeadlineUnit.DAYS: MAX_DAYS,
    DeadlineUnit.WORKING_DAYS: 26_100,
    DeadlineUnit.MONTHS: 1_200,
    DeadlineUnit.YEARS: 100,
}
"""The longest length of a delay, per unit: a hundred years each. The one source of the
bound for every caller (the calculator's field, ``gem deadline compute``, the computation
itself): beyond it a count ends past year 9999, an OverflowError instead of a message."""


def length_text(length: int, unit: str, lang: str | None) -> str:
    singular, plural = _UNIT_FORMS[unit]
    return tr(singular, lang) if length == 1 else tr(plural, lang, n=length)


class VersionLike(Protocol):
    """What a computation needs from a rule version; a saved DeadlineRuleVersion or a
    proposed, unsaved one (see rules.preview_rule_change)."""

    id: Any
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
    # calendar: str | None and calendar_verified: bool, read with getattr so a version
    # proposed before calendars existed still computes (on the strictest reading)


@dataclass(frozen=True)
class Uncertain:
    """A day one reading counts as non-working and the other does not (a Saturday or Sunday
    when ``holiday`` is None)."""

    day: date
    holiday: Holiday | None


@dataclass(frozen=True)
class Leg:
    """One delay counted on both readings of its calendar (gem.services.deadlines.calendars):
    ``strict`` gives the retained date, ``latest`` the date if the uncertain days were
    holidays."""

    strict: Count
    latest: Count
    uncertain: tuple[Uncertain, ...] = ()

    @property
    def doubtful(self) -> bool:
        return self.latest.due != self.strict.due


def _leg(calendars: Calendars, resolved: Resolved, start: date, length: int,
         unit: str) -> Leg:
    strict = count(calendars.view(resolved.strict), start, length, unit)
    if resolved.certain:
        return Leg(strict, strict)
    lenient_view = calendars.view(resolved.lenient)
    latest = count(lenient_view, start, length, unit)
    if latest.due == strict.due:
        return Leg(strict, latest)
    if unit == DeadlineUnit.WORKING_DAYS:
        days = uncertain_days(calendars, resolved, start, latest.due)
    else:  # the strict date itself is the day the lenient reading does not work
        days = [(strict.due, lenient_view.holiday_on(strict.due))]
    return Leg(strict, latest, tuple(Uncertain(d, h) for d, h in days))


@dataclass(frozen=True)
class ComputedDeadline:
    """The result of one computation. ``due_date`` is what the file shows (the strict
    reading's date); ``latest_date`` the later date a lenient reading of uncertain days would
    give, or None; the rest explains them. ``winner`` is "cap" when the cap ended earlier
    than the delay itself."""

    due_date: date
    main: Count
    trigger: str | None             # None for an ad-hoc "N days after this date"
    cap: Count | None = None
    cap_trigger: str | None = None
    cap_length: int | None = None   # kept when the cap could not be counted (date missing)
    cap_unit: str | None = None
    winner: str = "main"
    warn_date: date | None = None
    rule_code: str | None = None
    rule_name: str | None = None
    rule_version_id: int | None = None
    kind: str | None = None
    extendable: bool = True
    source: str | None = None
    verified: bool = True
    latest_date: date | None = None
    main_leg: Leg | None = None
    cap_leg: Leg | None = None
    calendar: Resolved | None = None

    @property
    def cap_missing(self) -> bool:
        return self.cap is None and self.cap_length is not None

    # ------------------------------------------------------------------ explanation
    def explain(self, lang: str | None = None) -> str:
        """One sentence, in ``lang``, that a counsellor can check by hand."""
        sentence = _leg_text(self.main, self.main_leg, self.trigger, lang)
        if self.cap is not None:
            sentence = tr(N_("{main} ; plafond de {cap} ; la date la plus proche l'emporte : "
                             "{due}"), lang, main=sentence,
                          cap=_leg_text(self.cap, self.cap_leg, self.cap_trigger, lang),
                          due=self.due_date.isoformat())
        elif self.cap_missing:
            assert self.cap_length is not None and self.cap_unit is not None
            sentence = tr(N_("{main} ; plafond de {length} {after} non calculé : date "
                             "manquante"), lang, main=sentence,
                          length=length_text(self.cap_length, self.cap_unit, lang),
                          after=tr(TRIGGER_PHRASES.get(self.cap_trigger or "", ""), lang))
        if self.warn_date is not None:
            sentence = tr(N_("{sentence} (alerte le {warn})"), lang, sentence=sentence,
                          warn=self.warn_date.isoformat())
        return sentence

    @property
    def calendar_id(self) -> int | None:
        """The calendar a deadline stores with its rule version."""
        return self.calendar.calendar.id if self.calendar is not None else None

    def calendar_text(self, lang: str | None = None) -> str | None:
        return self.calendar.describe(lang) if self.calendar is not None else None

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """Machine-readable form (``gem deadline compute --json``)."""

        def leg(c: Count | None, both: Leg | None, trigger: str | None
                ) -> dict[str, Any] | None:
            if c is None:
                return None
            return {"trigger": trigger, "start": c.start.isoformat(), "length": c.length,
                    "unit": c.unit, "raw": c.raw.isoformat(), "due": c.due.isoformat(),
                    "moved_because": c.reason,
                    "holiday": c.holiday.name(lang) if c.holiday else None,
                    "latest_due": both.latest.due.isoformat() if both else c.due.isoformat(),
                    "uncertain_days": [u.day.isoformat() for u in both.uncertain]
                    if both else []}

        resolved = self.calendar
        calendar = None if resolved is None else {
            "code": resolved.calendar.code, "name": resolved.calendar.name(lang),
            "id": resolved.calendar.id, "verified": resolved.verified,
            "agreement_days_missing": resolved.fallback,
            "every_listed_day": resolved.everything}
        return {"rule": self.rule_code, "rule_name": self.rule_name,
                "rule_version_id": self.rule_version_id, "due_date": self.due_date.isoformat(),
                "latest_date": self.latest_date.isoformat() if self.latest_date else None,
                "calendar": calendar,
                "delay": leg(self.main, self.main_leg, self.trigger),
                "cap": leg(self.cap, self.cap_leg, self.cap_trigger),
                "cap_missing": self.cap_missing, "winner": self.winner,
                "warn_date": self.warn_date.isoformat() if self.warn_date else None,
                "kind": self.kind, "extendable": self.extendable, "source": self.source,
                "verified": self.verified, "explanation": self.explain(lang)}


def _outcome_text(c: Count, lang: str | None) -> str:
    if not c.moved:
        return c.raw.isoformat()
    if c.reason == "holiday" and c.holiday is not None:
        reason = tr(N_("jour férié ({name})"), lang, name=c.holiday.name(lang))
    elif c.reason == "saturday":
        reason = tr(N_("un samedi"), lang)
    else:
        reason = tr(N_("un dimanche"), lang)
    return tr(N_("{raw}, {reason}, reporté au {due}"), lang, raw=c.raw.isoformat(),
              reason=reason, due=c.due.isoformat())


def _day_name(u: Uncertain, lang: str | None) -> str:
    if u.holiday is not None:
        return tr(N_("« {name} »"), lang, name=u.holiday.name(lang))
    if u.day.weekday() == SATURDAY:
        return tr(N_("le samedi"), lang)
    return tr(N_("le dimanche"), lang)


def _doubt_text(leg: Leg, lang: str | None) -> str:
    """« … n'est pas un jour férié certain pour ce délai ; échéance retenue : X (au plus tard
    Y si le jour est férié) »: why the date shown is the earlier one."""
    due, latest = leg.strict.due.isoformat(), leg.latest.due.isoformat()
    if len(leg.uncertain) == 1:
        return tr(N_("{day} n'est pas un jour férié certain pour ce délai ; échéance retenue : "
                     "{due} (au plus tard {latest} si le jour est férié)"), lang,
                  day=_day_name(leg.uncertain[0], lang), due=due, latest=latest)
    days = ", ".join(f"{u.day.isoformat()} {_day_name(u, lang)}" for u in leg.uncertain)
    return tr(N_("{days} ne sont pas des jours fériés certains pour ce délai ; échéance "
                 "retenue : {due} (au plus tard {latest} si ces jours sont fériés)"), lang,
              days=days, due=due, latest=latest)


def _leg_text(c: Count, both: Leg | None, trigger: str | None, lang: str | None) -> str:
    length = length_text(c.length, c.unit, lang)
    outcome = _outcome_text(c, lang)
    if both is not None and both.doubtful:
        outcome = tr(N_("{outcome} : {doubt}"), lang, outcome=outcome,
                     doubt=_doubt_text(both, lang))
    if trigger is None:
        return tr(N_("{length} après le {start} : {outcome}"), lang, length=length,
                  start=c.start.isoformat(), outcome=outcome)
    return tr(N_("{length} {after} ({start}) : {outcome}"), lang, length=length,
              after=tr(TRIGGER_PHRASES[trigger], lang), start=c.start.isoformat(),
              outcome=outcome)


# ---------------------------------------------------------------------- computing
def _check_length(length: Any, unit: Any, lang: str | None) -> None:
    errors: list[FieldError] = []
    if unit not in _UNIT_FORMS:
        errors.append(FieldError("unit", N_("Unité"),
                                 N_("« {value} » n'est pas une valeur permise ({allowed})."),
                                 {"value": unit, "allowed": ", ".join(_UNIT_FORMS)}))
    if not isinstance(length, int) or isinstance(length, bool) or length < 1:
        errors.append(FieldError("length", N_("Durée"),
                                 N_("doit être un nombre entier positif ({value})."),
                                 {"value": length}))
    elif unit in MAX_LENGTH and length > MAX_LENGTH[unit]:
        errors.append(FieldError("length", N_("Durée"), RANGE_MSGID,
                                 {"value": length, "low": 1, "high": MAX_LENGTH[unit]}))
    if errors:
        raise ValidationError(errors, lang)


def compute_adhoc(calendars: Calendars, trigger_date: date | None, length: int,
                  unit: str, lang: str | None = None,
                  calendar: str | None = None) -> ComputedDeadline:
    """The counsellor's everyday question: what is ``length`` ``unit`` after this date? On
    the calendar named (taken as the user's verified choice), else counted on every day the
    C.p.c. calendar lists, as GEM always has."""
    if trigger_date is None:
        raise ValidationError([FieldError("trigger_date", N_("Point de départ"),
                                          N_("ce champ est obligatoire."))], lang)
    _check_length(length, unit, lang)
    if calendar is None:
        resolved = calendars.habitual()
    elif calendar in calendars.by_code:
        resolved = calendars.chosen(calendar)
    else:
        raise ValidationError([FieldError(
            "calendar", N_("Calendrier"),
            N_("« {value} » n'est pas une valeur permise ({allowed})."),
            {"value": calendar, "allowed": ", ".join(calendars.by_code)})], lang)
    main = _leg(calendars, resolved, trigger_date, length, unit)
    return ComputedDeadline(due_date=main.strict.due, main=main.strict, trigger=None,
                            latest_date=main.latest.due if main.doubtful else None,
                            main_leg=main, calendar=resolved)


def compute_with_version(calendars: Calendars, version: VersionLike,
                         trigger_date: date | None, cap_trigger_date: date | None = None,
                         *, agreement_id: int | None = None, rule_code: str | None = None,
                         rule_name: str | None = None,
                         lang: str | None = None) -> ComputedDeadline:
    """Apply one rule version on its calendar (for a file under ``agreement_id``): count the
    delay from ``trigger_date`` and, if the version has a cap, the cap from
    ``cap_trigger_date``; the earlier date wins, on each reading."""
    if trigger_date is None:
        label = TRIGGER_LABELS.get(version.trigger, N_("Point de départ"))
        raise ValidationError([FieldError("trigger_date", label,
                                          N_("date requise pour calculer ce délai."))], lang)
    _check_length(version.length, version.unit, lang)
    resolved = calendars.resolve(getattr(version, "calendar", None),
                                 bool(getattr(version, "calendar_verified", False)),
                                 agreement_id)
    main = _leg(calendars, resolved, trigger_date, version.length, version.unit)
    cap: Leg | None = None
    winner = "main"
    due, latest = main.strict.due, main.latest.due
    if version.cap_length and version.cap_unit and cap_trigger_date is not None:
        cap = _leg(calendars, resolved, cap_trigger_date, version.cap_length, version.cap_unit)
        if cap.strict.due < main.strict.due:
            winner, due = "cap", cap.strict.due
        latest = min(latest, cap.latest.due)
    warn: date | None = None
    if version.warn_length and version.warn_unit:
        warn = raw_end(calendars.view(resolved.strict), trigger_date, version.warn_length,
                       version.warn_unit)
    return ComputedDeadline(
        due_date=due, main=main.strict, trigger=version.trigger,
        cap=cap.strict if cap else None,
        cap_trigger=version.cap_trigger if version.cap_length else None,
        cap_length=version.cap_length if version.cap_unit else None,
        cap_unit=version.cap_unit if version.cap_length else None,
        winner=winner, warn_date=warn, rule_code=rule_code, rule_name=rule_name,
        rule_version_id=version.id if isinstance(version.id, int) else None,
        kind=version.kind, extendable=bool(version.extendable), source=version.source,
        verified=bool(version.verified), latest_date=latest if latest != due else None,
        main_leg=main, cap_leg=cap, calendar=resolved)


def compute_rule(session: Session, code: str, trigger_date: date | None,
                 cap_trigger_date: date | None = None, *, agreement_id: int | None = None,
                 on: date | None = None, lang: str | None = None,
                 calendars: Calendars | None = None) -> ComputedDeadline:
    """Compute with the rule ``code`` as it stood on ``on`` (default: the trigger date, so a
    harassment incident of 2018-06-11 gets the 90-day delay and one of 2018-06-12 two years),
    for the collective agreement ``agreement_id`` when it has its own version or days."""
    from gem.services.deadlines.rules import get_rule, version_for

    rule = get_rule(session, code, lang)
    if trigger_date is None:
        trigger = rule.versions[-1].trigger if rule.versions else ""
        raise ValidationError([FieldError("trigger_date",
                                          TRIGGER_LABELS.get(trigger, N_("Point de départ")),
                                          N_("date requise pour calculer ce délai."))], lang)
    version = version_for(session, rule, on or trigger_date, agreement_id, lang)
    return compute_with_version(calendars or load_calendars(session), version, trigger_date,
                                cap_trigger_date, agreement_id=agreement_id,
                                rule_code=rule.code,
                                rule_name=rule.name_en if lang == "en" else rule.name_fr,
                                lang=lang)
