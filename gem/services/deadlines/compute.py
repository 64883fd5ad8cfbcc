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
from gem.services.deadlines.calendar import HolidayCalendar, load_calendar
from gem.services.deadlines.counting import Count, count, raw_end
from gem.services.errors import FieldError, ValidationError

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


@dataclass(frozen=True)
class ComputedDeadline:
    """The result of one computation. ``due_date`` is what the file shows; the rest explains
    it. ``winner`` is "cap" when the cap ended earlier than the delay itself."""

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

    @property
    def cap_missing(self) -> bool:
        return self.cap is None and self.cap_length is not None

    # ------------------------------------------------------------------ explanation
    def explain(self, lang: str | None = None) -> str:
        """One sentence, in ``lang``, that a counsellor can check by hand."""
        sentence = _leg_text(self.main, self.trigger, lang)
        if self.cap is not None:
            sentence = tr(N_("{main} ; plafond de {cap} ; la date la plus proche l'emporte : "
                             "{due}"), lang, main=sentence,
                          cap=_leg_text(self.cap, self.cap_trigger, lang),
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

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """Machine-readable form (``gem deadline compute --json``)."""

        def leg(c: Count | None, trigger: str | None) -> dict[str, Any] | None:
            if c is None:
                return None
            return {"trigger": trigger, "start": c.start.isoformat(), "length": c.length,
                    "unit": c.unit, "raw": c.raw.isoformat(), "due": c.due.isoformat(),
                    "moved_because": c.reason,
                    "holiday": c.holiday.name(lang) if c.holiday else None}

        return {"rule": self.rule_code, "rule_name": self.rule_name,
                "rule_version_id": self.rule_version_id, "due_date": self.due_date.isoformat(),
                "delay": leg(self.main, self.trigger),
                "cap": leg(self.cap, self.cap_trigger), "cap_missing": self.cap_missing,
                "winner": self.winner,
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


def _leg_text(c: Count, trigger: str | None, lang: str | None) -> str:
    length = length_text(c.length, c.unit, lang)
    if trigger is None:
        return tr(N_("{length} après le {start} : {outcome}"), lang, length=length,
                  start=c.start.isoformat(), outcome=_outcome_text(c, lang))
    return tr(N_("{length} {after} ({start}) : {outcome}"), lang, length=length,
              after=tr(TRIGGER_PHRASES[trigger], lang), start=c.start.isoformat(),
              outcome=_outcome_text(c, lang))


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
    if errors:
        raise ValidationError(errors, lang)


def compute_adhoc(calendar: HolidayCalendar, trigger_date: date | None, length: int,
                  unit: str, lang: str | None = None) -> ComputedDeadline:
    """The counsellor's everyday question: what is ``length`` ``unit`` after this date?"""
    if trigger_date is None:
        raise ValidationError([FieldError("trigger_date", N_("Point de départ"),
                                          N_("ce champ est obligatoire."))], lang)
    _check_length(length, unit, lang)
    main = count(calendar, trigger_date, length, unit)
    return ComputedDeadline(due_date=main.due, main=main, trigger=None)


def compute_with_version(calendar: HolidayCalendar, version: VersionLike,
                         trigger_date: date | None, cap_trigger_date: date | None = None,
                         *, rule_code: str | None = None, rule_name: str | None = None,
                         lang: str | None = None) -> ComputedDeadline:
    """Apply one rule version: count the delay from ``trigger_date`` and, if the version has
    a cap, the cap from ``cap_trigger_date``; the earlier date wins."""
    if trigger_date is None:
        label = TRIGGER_LABELS.get(version.trigger, N_("Point de départ"))
        raise ValidationError([FieldError("trigger_date", label,
                                          N_("date requise pour calculer ce délai."))], lang)
    _check_length(version.length, version.unit, lang)
    main = count(calendar, trigger_date, version.length, version.unit)
    cap: Count | None = None
    winner = "main"
    due = main.due
    if version.cap_length and version.cap_unit and cap_trigger_date is not None:
        cap = count(calendar, cap_trigger_date, version.cap_length, version.cap_unit)
        if cap.due < main.due:
            winner, due = "cap", cap.due
    warn: date | None = None
    if version.warn_length and version.warn_unit:
        warn = raw_end(calendar, trigger_date, version.warn_length, version.warn_unit)
    return ComputedDeadline(
        due_date=due, main=main, trigger=version.trigger, cap=cap,
        cap_trigger=version.cap_trigger if version.cap_length else None,
        cap_length=version.cap_length if version.cap_unit else None,
        cap_unit=version.cap_unit if version.cap_length else None,
        winner=winner, warn_date=warn, rule_code=rule_code, rule_name=rule_name,
        rule_version_id=version.id if isinstance(version.id, int) else None,
        kind=version.kind, extendable=bool(version.extendable), source=version.source,
        verified=bool(version.verified))


def compute_rule(session: Session, code: str, trigger_date: date | None,
                 cap_trigger_date: date | None = None, *, agreement_id: int | None = None,
                 on: date | None = None, lang: str | None = None,
                 calendar: HolidayCalendar | None = None) -> ComputedDeadline:
    """Compute with the rule ``code`` as it stood on ``on`` (default: the trigger date, so a
    harassment incident of 2018-06-11 gets the 90-day delay and one of 2018-06-12 two years),
    for the collective agreement ``agreement_id`` when it has its own version."""
    from gem.services.deadlines.rules import get_rule, version_for

    rule = get_rule(session, code, lang)
    if trigger_date is None:
        trigger = rule.versions[-1].trigger if rule.versions else ""
        raise ValidationError([FieldError("trigger_date",
                                          TRIGGER_LABELS.get(trigger, N_("Point de départ")),
                                          N_("date requise pour calculer ce délai."))], lang)
    version = version_for(session, rule, on or trigger_date, agreement_id, lang)
    return compute_with_version(calendar or load_calendar(session), version, trigger_date,
                                cap_trigger_date, rule_code=rule.code,
                                rule_name=rule.name_en if lang == "en" else rule.name_fr,
                                lang=lang)
