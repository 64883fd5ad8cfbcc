"""``gem due [--counsellor LOGIN] [--days N] [--inactive-days N] [--json | --ics FILE]``:
« Mon portefeuille » in a terminal, for one counsellor or for everyone.

The lists come from gem.services.caseload, the same answer the window's screen and the
caseload report give; the options only move its thresholds, whose defaults are the service's.
``--ics`` writes the deadlines and hearings as an iCalendar file instead
(gem.services.calendar_export, what the screen's « Exporter le calendrier » writes).
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from gem import clock
from gem.commands._common import print_json, print_table, sessions_for
from gem.commands._input import MAX_DAYS, bounded, date_option, writable_output
from gem.db import transaction
from gem.i18n import N_, current_language, tr
from gem.labels import label
from gem.models import User
from gem.services.actor import SYSTEM, Actor
from gem.services.caseload import HORIZON_DAYS, IDLE_DAYS, caseload
from gem.services.errors import FieldError, ValidationError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("due", help=tr(N_("échéances en retard ou à venir, audiences, "
                                              "dossiers inactifs")))
    parser.add_argument("--counsellor", metavar="LOGIN",
                        help=tr(N_("identifiant du conseiller (par défaut : tout le monde)")))
    parser.add_argument("--days", type=int, default=HORIZON_DAYS,
                        help=tr(N_("horizon en jours ({days} par défaut)"), days=HORIZON_DAYS))
    parser.add_argument("--inactive-days", type=int, default=IDLE_DAYS,
                        help=tr(N_("dossiers sans activité depuis N jours ({days} par défaut)"),
                                days=IDLE_DAYS))
    parser.add_argument("--today", metavar="AAAA-MM-JJ",
                        help=tr(N_("date de référence (aujourd'hui par défaut)")))
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=tr(N_("sortie JSON")))
    output.add_argument("--ics", metavar="FICHIER",
                        help=tr(N_("écrire les échéances et les audiences dans ce fichier "
                                   "iCalendar (.ics), pour Outlook ou Google Agenda")))
    parser.set_defaults(handler=_due)


def _counsellor(session: Session, login: str | None, lang: str) -> int | None:
    """The id of the counsellor named by ``--counsellor``; None (everyone) without it."""
    if not login:
        return None
    counsellor_id = session.scalar(select(User.id).where(User.login == login))
    if counsellor_id is None:
        raise ValidationError([FieldError("counsellor", N_("Conseiller"),
                                          N_("aucun enregistrement ne correspond à "
                                             "« {value} »."), {"value": login})], lang)
    return counsellor_id


def _due(args: argparse.Namespace) -> int:
    lang = current_language()
    actor = Actor(SYSTEM.id, SYSTEM.login, SYSTEM.role, lang)
    today = date_option(args.today, "today", N_("Date"), lang) or clock.today()
    if args.days < 0 or args.inactive_days < 0:
        raise ValidationError([FieldError("days", N_("Jours"),
                                          N_("ne peut pas être négatif."))], lang)
    bounded(args.days, "days", N_("Jours"), 0, MAX_DAYS, lang)
    bounded(args.inactive_days, "inactive_days", N_("Jours"), 0, MAX_DAYS, lang)
    if args.ics is not None:
        writable_output(args.ics)
        return _ics(args, actor, today, lang)
    with transaction(sessions_for(args)) as session:
        counsellor_id = _counsellor(session, args.counsellor, lang)
        found = caseload(session, actor, counsellor_id, today, horizon_days=args.days,
                         idle_days=args.inactive_days, limit=None)
    if args.json:
        data = asdict(found)
        for key in ("overdue", "upcoming"):
            for item, row in zip(getattr(found, key), data[key], strict=True):
                row["label"] = item.label_in(lang)
        print_json(data)
        return 0
    sections = [
        (N_("En retard"), found.overdue),
        (N_("À échéance d'ici {days} jours"), found.upcoming),
    ]
    for title, items in sections:
        print(tr(title, lang, days=args.days) + f" ({len(items)})")
        if items:
            print_table([tr(h, lang) for h in (N_("Échéance"), N_("Jours"), N_("Dossier"),
                                               N_("Échéance de"), N_("Conseiller"))],
                        [[i.due_date.isoformat(), i.days_left, _number(i.file_number,
                                                                       i.confidential, lang),
                          i.label_in(lang), i.counsellor_login] for i in items])
        print()
    print(tr(N_("Audiences d'ici {days} jours"), lang, days=args.days)
          + f" ({len(found.hearings)})")
    if found.hearings:
        print_table([tr(h, lang) for h in (N_("Date"), N_("Heure"), N_("Dossier"), N_("Lieu"),
                                           N_("Conseiller"))],
                    [[h.date.isoformat(), h.start_time.strftime("%H:%M") if h.start_time
                      else "", h.file_number, h.location, h.counsellor_login]
                     for h in found.hearings])
    print()
    print(tr(N_("Griefs sans activité depuis {days} jours"), lang, days=args.inactive_days)
          + f" ({len(found.stale)})")
    if found.stale:
        print_table([tr(h, lang) for h in (N_("Dernière activité"), N_("Jours"),
                                           N_("Dossier"), N_("Objet"), N_("Conseiller"))],
                    [[clock.local(f.last_activity_at).date().isoformat(), f.idle_days,
                      _number(f.file_number, f.confidential, lang), f.title,
                      f.counsellor_login] for f in found.stale])
    print()
    print(tr(N_("Griefs par statut"), lang))
    print_table([tr(N_("Statut"), lang), tr(N_("Nombre"), lang)],
                [[label("grievance_status", c.status, lang), c.count] for c in found.counts])
    return 0


def _ics(args: argparse.Namespace, actor: Actor, today: date, lang: str) -> int:
    """``--ics FILE``: the calendar file, and how many events went into it."""
    from gem.services.calendar_export import write_calendar  # icalendar: only when asked

    with transaction(sessions_for(args)) as session:
        counsellor_id = _counsellor(session, args.counsellor, lang)
        count = write_calendar(session, actor, counsellor_id, args.ics, today,
                               horizon_days=args.days, lang=lang)
    print(tr(N_("Calendrier écrit : {path} (événements : {count})"), lang, path=args.ics,
             count=count))
    return 0


def _number(file_number: str, confidential: bool, lang: str) -> str:
    return tr(N_("{number} (confidentiel)"), lang, number=file_number) if confidential \
        else file_number
