"""``gem deadline compute | rules | calendars | audit | recheck | holidays | holiday-add |
change``: the deadline engine from the command line, for checking a date by hand, for an
administrator checking rules against their sources, and for scripts."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date

from gem import clock
from gem.commands._common import acting_person, print_json, print_table, sessions_for
from gem.commands._input import ID_RANGE, MAX_DAYS, bounded, date_option, year_option
from gem.db import transaction
from gem.i18n import N_, current_language, tr
from gem.models.enums import DeadlineUnit
from gem.services.actor import SYSTEM, Actor
from gem.services.deadlines import (
    add_proclaimed_holiday,
    compute_adhoc,
    compute_rule,
    length_text,
    list_rules,
    load_calendar,
    load_calendars,
)
from gem.services.deadlines.compute import MAX_LENGTH, TRIGGER_LABELS
from gem.services.deadlines.files import label_text
from gem.services.errors import FieldError, ValidationError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("deadline", help=tr(N_("délais : calcul, règles, jours fériés")))
    actions = parser.add_subparsers(dest="deadline_command", required=True)

    comp = actions.add_parser("compute", help=tr(N_("calculer une échéance et l'expliquer")))
    how = comp.add_mutually_exclusive_group()
    how.add_argument("--rule", metavar="CODE", help=tr(N_("code de la règle (gem deadline "
                                                           "rules)")))
    how.add_argument("--days", type=int, metavar="N", help=tr(N_("N jours")))
    how.add_argument("--working-days", type=int, metavar="N",
                     help=tr(N_("N jours ouvrables")))
    how.add_argument("--months", type=int, metavar="N", help=tr(N_("N mois")))
    how.add_argument("--years", type=int, metavar="N", help=tr(N_("N ans")))
    comp.add_argument("--trigger", metavar="AAAA-MM-JJ",
                      help=tr(N_("date du point de départ du délai")))
    comp.add_argument("--event", metavar="AAAA-MM-JJ",
                      help=tr(N_("date du point de départ du plafond (l'événement)")))
    comp.add_argument("--agreement", type=int, metavar="ID",
                      help=tr(N_("convention collective (sa version de la règle et ses "
                                 "jours)")))
    comp.add_argument("--calendar", metavar="CODE",
                      help=tr(N_("calendrier d'une durée sans règle (gem deadline calendars) ; "
                                 "par défaut : tous les jours non juridiques du C.p.c.")))
    comp.add_argument("--json", action="store_true", help=tr(N_("sortie JSON")))
    comp.set_defaults(handler=_compute)

    cals = actions.add_parser("calendars", help=tr(N_(
        "les calendriers des règles et les jours qu'ils comptent comme fériés")))
    cals.add_argument("--year", type=int, default=None,
                      help=tr(N_("première année (par défaut : l'année en cours ; la suivante "
                                 "est montrée aussi)")))
    cals.add_argument("--json", action="store_true", help=tr(N_("sortie JSON")))
    cals.set_defaults(handler=_calendars)

    aud = actions.add_parser("audit", help=tr(N_(
        "les (règle, point de départ) dont l'échéance diffère d'un calendrier à l'autre")))
    aud.add_argument("--from", dest="start", required=True, metavar="AAAA-MM-JJ",
                     help=tr(N_("premier point de départ")))
    aud.add_argument("--to", dest="end", required=True, metavar="AAAA-MM-JJ",
                     help=tr(N_("dernier point de départ")))
    aud.add_argument("--rule", action="append", metavar="CODE",
                     help=tr(N_("cette règle seulement (répétable)")))
    aud.add_argument("--json", action="store_true", help=tr(N_("sortie JSON")))
    aud.set_defaults(handler=_audit)

    rec = actions.add_parser("recheck", help=tr(N_(
        "échéances ouvertes qu'un calcul selon les calendriers avance (après une mise à "
        "niveau)")))
    rec.add_argument("--apply", action="store_true",
                     help=tr(N_("avancer ces échéances à la date retenue")))
    rec.set_defaults(handler=_recheck)

    rules = actions.add_parser("rules", help=tr(N_("lister les règles de délai et leurs "
                                                   "sources")))
    rules.add_argument("--json", action="store_true", help=tr(N_("sortie JSON")))
    rules.set_defaults(handler=_rules)

    hol = actions.add_parser("holidays", help=tr(N_("lister les jours fériés d'une année")))
    hol.add_argument("--year", type=int, default=None, help=tr(N_("année (par défaut : "
                                                                  "l'année en cours)")))
    hol.set_defaults(handler=_holidays)

    add = actions.add_parser("holiday-add", help=tr(N_("ajouter un jour férié proclamé "
                                                       "(administrateur)")))
    add.add_argument("day", metavar="AAAA-MM-JJ")
    add.add_argument("name", metavar="NOM")
    add.add_argument("--source", help=tr(N_("source (décret, proclamation)")))
    add.set_defaults(handler=_holiday_add)

    chg = actions.add_parser("change", help=tr(N_(
        "changer une règle (nouvelle version) : montre d'abord les échéances touchées")))
    chg.add_argument("code", metavar="CODE")
    chg.add_argument("--effective-from", required=True, metavar="AAAA-MM-JJ",
                     help=tr(N_("date d'entrée en vigueur de la nouvelle version")))
    chg.add_argument("--agreement", type=int, metavar="ID",
                     help=tr(N_("pour cette convention collective seulement")))
    chg.add_argument("--length", type=int, metavar="N", help=tr(N_("nouvelle durée")))
    chg.add_argument("--unit", choices=[u.value for u in DeadlineUnit],
                     help=tr(N_("nouvelle unité")))
    chg.add_argument("--source", help=tr(N_("source de la nouvelle version")))
    chg.add_argument("--calendar", metavar="CODE",
                     help=tr(N_("calendrier de la source (gem deadline calendars, ou "
                                "agreement : les jours de la convention du dossier)")))
    chg.add_argument("--calendar-verified", choices=("oui", "non", "yes", "no"),
                     help=tr(N_("le choix du calendrier a été vérifié dans la source")))
    chg.add_argument("--yes", action="store_true",
                     help=tr(N_("appliquer sans poser la question")))
    chg.add_argument("--recompute", default="none", metavar="none|all|ID,ID",
                     help=tr(N_("échéances à recalculer (par défaut : aucune, elles gardent "
                                "leur date)")))
    chg.set_defaults(handler=_change)


# The longest delay anyone asks for, per unit, is the computation's own (MAX_LENGTH): the
# options are checked first only to name the option in the message.
_LENGTH_OPTIONS = {DeadlineUnit.DAYS: "days", DeadlineUnit.WORKING_DAYS: "working_days",
                   DeadlineUnit.MONTHS: "months", DeadlineUnit.YEARS: "years"}


def _date_arg(value: str | None, field: str, label: str, lang: str) -> date | None:
    return date_option(value, field, label, lang)


def _cli_actor() -> Actor:
    """What the command line reads with (every file, in the language chosen with --lang);
    a change is made by a named person instead (gem.commands._common.acting_person)."""
    return Actor(SYSTEM.id, SYSTEM.login, SYSTEM.role, current_language())


def _compute(args: argparse.Namespace) -> int:
    lang = current_language()
    trigger = _date_arg(args.trigger, "trigger", N_("Point de départ"), lang)
    event = _date_arg(args.event, "event", N_("Date de l'événement"), lang)
    adhoc = [(args.days, DeadlineUnit.DAYS), (args.working_days, DeadlineUnit.WORKING_DAYS),
             (args.months, DeadlineUnit.MONTHS), (args.years, DeadlineUnit.YEARS)]
    chosen = [(n, unit) for n, unit in adhoc if n is not None]
    for n, unit in chosen:  # below 1: the service's own message (a positive whole number)
        if n >= 1:
            bounded(n, _LENGTH_OPTIONS[unit], N_("Durée"), 1, MAX_LENGTH[unit], lang)
    bounded(args.agreement, "agreement", N_("Convention"), *ID_RANGE, lang)
    if args.rule is None and not chosen:
        raise ValidationError([FieldError("rule", N_("Règle"),
                                          N_("indiquez --rule CODE ou une durée (--days, "
                                             "--working-days, --months, --years)."))], lang)
    if trigger is None:
        raise ValidationError([FieldError("trigger", N_("Point de départ"),
                                          N_("ce champ est obligatoire (--trigger "
                                             "AAAA-MM-JJ)."))], lang)
    if args.rule is not None and args.calendar is not None:
        raise ValidationError([FieldError("calendar", N_("Calendrier"),
                                          N_("une règle compte sur le calendrier de sa source "
                                             "(gem deadline rules) : --calendar ne s'emploie "
                                             "qu'avec une durée."))], lang)
    with transaction(sessions_for(args)) as session:
        if args.rule is not None:
            result = compute_rule(session, args.rule, trigger, event,
                                  agreement_id=args.agreement, lang=lang)
        else:
            length, unit = chosen[0]
            result = compute_adhoc(load_calendars(session), trigger, length, unit, lang,
                                   args.calendar)
    if args.json:
        print_json(result.to_dict(lang))
        return 0
    print(result.due_date.isoformat())
    print(result.explain(lang))
    if result.rule_code is not None:
        print(tr(N_("Source : {source}{unverified}"), lang, source=result.source or "",
                 unverified="" if result.verified else tr(N_(" (non vérifiée)"), lang)))
    print(result.calendar_text(lang))
    return 0


def _rules(args: argparse.Namespace) -> int:
    lang = current_language()
    with transaction(sessions_for(args)) as session:
        rules = list_rules(session)
        rows, data = [], []
        for rule in rules:
            for v in rule.versions:
                delay = length_text(v.length, v.unit, lang)
                cap = ""
                if v.cap_length and v.cap_unit:
                    cap = f"{length_text(v.cap_length, v.cap_unit, lang)} / " \
                          f"{tr(TRIGGER_LABELS.get(v.cap_trigger or '', ''), lang)}"
                name = rule.name_en if lang == "en" else rule.name_fr
                rows.append([rule.code, name, v.effective_from.isoformat(),
                             v.agreement_id or "", delay, tr(TRIGGER_LABELS[v.trigger], lang),
                             cap, tr(_KIND_LABELS.get(v.kind, v.kind), lang),
                             tr(N_("oui"), lang) if v.extendable else tr(N_("non"), lang),
                             tr(N_("oui"), lang) if v.verified else tr(N_("non"), lang),
                             v.calendar or "",
                             tr(N_("oui"), lang) if v.calendar_verified else tr(N_("non"), lang),
                             v.source])
                data.append({"code": rule.code, "name": name, "applies_to": rule.applies_to,
                             "version_id": v.id, "effective_from": v.effective_from,
                             "agreement_id": v.agreement_id, "length": v.length,
                             "unit": v.unit, "trigger": v.trigger,
                             "cap_length": v.cap_length, "cap_unit": v.cap_unit,
                             "cap_trigger": v.cap_trigger, "warn_length": v.warn_length,
                             "warn_unit": v.warn_unit, "kind": v.kind,
                             "extendable": v.extendable, "verified": v.verified,
                             "source": v.source, "note": v.note, "calendar": v.calendar,
                             "calendar_verified": v.calendar_verified})
    if args.json:
        print_json(data)
        return 0
    headers = [tr(h, lang) for h in (N_("Code"), N_("Règle"), N_("En vigueur du"),
                                      N_("Convention"), N_("Délai"), N_("Point de départ"),
                                      N_("Plafond"), N_("Nature"), N_("Prolongeable"),
                                      N_("Vérifiée"), N_("Calendrier"),
                                      N_("Calendrier vérifié"), N_("Source"))]
    print_table(headers, rows)
    return 0


def _calendars(args: argparse.Namespace) -> int:
    from gem.services.deadlines.calendar_admin import calendar_listing

    lang = current_language()
    year = year_option(args.year, "year", lang) or clock.today().year
    with transaction(sessions_for(args)) as session:
        listing = calendar_listing(session, lang, (year, year + 1))
    if args.json:
        print_json([asdict(c) for c in listing])
        return 0
    for i, cal in enumerate(listing):
        if i:
            print()
        print(f"{cal.code} — {cal.name}")
        if cal.source:
            print(tr(N_("Source : {source}{unverified}"), lang, source=cal.source,
                     unverified=""))
        if cal.rules:
            print(tr(N_("Règles : {rules}"), lang, rules=", ".join(
                f"{r.rule_code}" + ("" if r.verified else tr(N_(" (choix non vérifié)"), lang))
                for r in cal.rules)))
        print_table([tr(N_("Date"), lang), tr(N_("Jour"), lang), tr(N_("Statut"), lang),
                     tr(N_("Source"), lang)],
                    [[d.day.isoformat() if d.day else tr(N_("chaque semaine"), lang)
                      if d.kind in ("saturday", "sunday") else tr(N_("à la proclamation"), lang),
                      d.name, d.status_label, d.source or ""] for d in cal.days])
    return 0


def _audit(args: argparse.Namespace) -> int:
    from gem.services.deadlines.calendar_audit import audit_calendars

    lang = current_language()
    start = _date_arg(args.start, "start", N_("Du"), lang)
    end = _date_arg(args.end, "end", N_("Au"), lang)
    with transaction(sessions_for(args)) as session:
        found = audit_calendars(session, start, end, args.rule, lang)
    keys = [c.key for c in found.columns]
    if args.json:
        print_json({"from": found.start, "to": found.end, "checked": found.checked,
                    "columns": keys, "per_rule": found.per_rule(),
                    "rows": [{"rule": r.rule_code, "trigger": r.trigger, "raw": r.raw,
                              "retained": r.retained, "latest": r.latest,
                              "dates": dict(zip(keys, r.dates, strict=True))}
                             for r in found.rows]})
        return 0
    print_table([tr(N_("Règle"), lang), tr(N_("Point de départ"), lang),
                 tr(N_("Fin du délai"), lang), tr(_WEEKDAY_HEADER, lang),
                 tr(N_("Retenue"), lang), tr(N_("Au plus tard"), lang), *keys],
                [[r.rule_code, r.trigger, r.raw, tr(_WEEKDAYS[r.raw.weekday()], lang),
                  r.retained, r.latest or "", *r.dates] for r in found.rows])
    print()
    for column in found.columns:
        name = found.names[column.calendar_code]
        print(tr(N_("{key} : {name}, jours non vérifiés compris") if column.with_unverified
                 else N_("{key} : {name}, jours vérifiés seulement"), lang, key=column.key,
                 name=name))
    print(tr(N_("{rows} cas sur {checked} diffèrent d'un calendrier à l'autre, du {start} au "
                "{end}."), lang, rows=len(found.rows), checked=found.checked,
             start=found.start.isoformat(), end=found.end.isoformat()))
    for code, n in sorted(found.per_rule().items()):
        print(f"  {code}: {n}")
    return 0


_WEEKDAY_HEADER = N_("Jour")


def _recheck(args: argparse.Namespace) -> int:
    from gem.services.deadlines import recheck_deadlines

    lang = current_language()
    with transaction(sessions_for(args)) as session:
        actor = acting_person(session, args) if args.apply else _cli_actor()
        found = recheck_deadlines(session, actor, apply=args.apply)
        rows = [[r.deadline_id, r.file_number or "", r.stored, r.retained, r.latest or "",
                 tr(N_("oui"), lang) if r.before_calendars else tr(N_("non"), lang)]
                for r in found]
    if rows:
        print_table([tr(N_("Échéance"), lang), tr(N_("Dossier"), lang),
                     tr(N_("Date enregistrée"), lang), tr(N_("Date retenue"), lang),
                     tr(N_("Au plus tard"), lang), tr(N_("Calculée avant les calendriers"),
                                                      lang)], rows)
    if args.apply:
        print(tr(N_("{count} échéance(s) avancée(s) à la date retenue."), lang,
                 count=len(rows)))
    elif rows:
        print(tr(N_("{count} échéance(s) ouverte(s) seraient plus tôt : relancez avec --apply "
                    "pour les avancer."), lang, count=len(rows)))
    else:
        print(tr(N_("Aucune échéance ouverte n'est plus tôt selon les calendriers."), lang))
    return 0


_KIND_LABELS = {"strict": N_("délai de rigueur"), "prescription": N_("prescription")}


def _holidays(args: argparse.Namespace) -> int:
    lang = current_language()
    year = year_option(args.year, "year", lang) or clock.today().year
    with transaction(sessions_for(args)) as session:
        calendar = load_calendar(session)
        rows = [[h.day.isoformat(), tr(_WEEKDAYS[h.day.weekday()], lang), h.name(lang),
                 tr(N_("proclamé"), lang) if h.code is None else h.code]
                for h in calendar.listing(year)]
    print_table([tr(N_("Date"), lang), tr(N_("Jour"), lang), tr(N_("Nom"), lang),
                 tr(N_("Règle"), lang)], rows)
    return 0


_WEEKDAYS = (N_("lundi"), N_("mardi"), N_("mercredi"), N_("jeudi"), N_("vendredi"),
             N_("samedi"), N_("dimanche"))


def _holiday_add(args: argparse.Namespace) -> int:
    lang = current_language()
    day = _date_arg(args.day, "day", N_("Date"), lang)
    with transaction(sessions_for(args)) as session:
        added = add_proclaimed_holiday(session, acting_person(session, args), day, args.name,
                                       args.source)
        print(tr(N_("Jour férié ajouté : {day} {name}"), lang,
                 day=added.holiday.day.isoformat(), name=added.holiday.name))
        if added.deadlines_on_that_day:
            print(tr(N_("Échéances ouvertes à cette date (non déplacées, à revoir) : "
                        "{count}"), lang, count=len(added.deadlines_on_that_day)))
            for d in added.deadlines_on_that_day:
                print(f"  {d.owner_type} {d.owner_id}  {label_text(d.label, lang)}")
    return 0


def _change(args: argparse.Namespace) -> int:
    """Preview, ask, then save the new version; computed deadlines move only when listed in
    --recompute (the command never moves a date silently)."""
    import sys

    from gem.services.deadlines.rules import apply_rule_change, preview_rule_change

    lang = current_language()
    effective = date_option(args.effective_from, "effective_from", N_("En vigueur du"), lang)
    bounded(args.agreement, "agreement", N_("Convention"), *ID_RANGE, lang)
    if args.length is not None and args.length >= 1:
        bounded(args.length, "length", N_("Durée"), 1,
                MAX_LENGTH.get(args.unit or DeadlineUnit.DAYS, MAX_DAYS), lang)
    changes = {k: v for k, v in (("length", args.length), ("unit", args.unit),
                                 ("source", args.source), ("calendar", args.calendar))
               if v is not None}
    if args.calendar_verified is not None:
        changes["calendar_verified"] = args.calendar_verified in ("oui", "yes")
    factory = sessions_for(args)
    with transaction(factory) as session:
        preview = preview_rule_change(session, SYSTEM, args.code, effective_from=effective,
                                      agreement_id=args.agreement, **changes)
    from gem.services.deadlines.compute import length_text

    print(tr(N_("Règle {code} : {delay} à compter du {date}."), code=args.code,
             delay=length_text(preview.proposed.length, preview.proposed.unit, None),
             date=preview.proposed.effective_from.isoformat()))
    print(tr(N_("Échéances ouvertes que cette version déplacerait : {count}"),
             count=len(preview.affected)))
    if preview.affected:
        print_table([tr(N_("Échéance")), tr(N_("Dossier")), tr(N_("Point de départ")),
                     tr(N_("Date actuelle")), tr(N_("Nouvelle date"))],
                    [[a.deadline_id, a.file_number, a.trigger_date, a.current_due, a.new_due]
                     for a in preview.affected])
    wanted = {a.deadline_id for a in preview.affected}
    choice = args.recompute.strip().lower()
    if choice == "all":
        recompute = wanted
    elif choice in ("", "none"):
        recompute = set()
    else:
        try:
            recompute = {int(part) for part in choice.split(",") if part.strip()}
        except ValueError:
            raise ValidationError([FieldError("recompute", N_("Échéances à recalculer"),
                                              N_("« {value} » : none, all ou des numéros "
                                                 "séparés par des virgules."),
                                              {"value": args.recompute})]) from None
        unknown = recompute - wanted
        if unknown:
            raise ValidationError([FieldError("recompute", N_("Échéances à recalculer"),
                                              N_("pas dans la liste ci-dessus : {ids}."),
                                              {"ids": ", ".join(map(str, sorted(unknown)))})])
    if not args.yes:
        if not sys.stdin.isatty():
            print(tr(N_("Rien n'a été changé : relancez avec --yes pour appliquer.")))
            return 1
        answer = input(tr(N_("Appliquer cette version ({count} échéance(s) recalculée(s)) ? "
                             "[o/N] "), count=len(recompute)))
        if answer.strip().lower() not in ("o", "oui", "y", "yes"):
            print(tr(N_("Rien n'a été changé.")))
            return 1
    with transaction(factory) as session:
        version = apply_rule_change(session, acting_person(session, args), args.code,
                                    effective_from=effective,
                                    agreement_id=args.agreement, confirmed=True,
                                    recompute=sorted(recompute), **changes)
        print(tr(N_("Version {id} enregistrée; {count} échéance(s) recalculée(s)."),
                 id=version.id, count=len(recompute)))
    return 0
