"""``gem due [--counsellor LOGIN] [--days N] [--json]``: what is due, for one counsellor or
for everyone."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from sqlalchemy import select

from gem import clock
from gem.commands._common import print_json, print_table, sessions_for
from gem.db import transaction
from gem.i18n import N_, current_language, tr
from gem.models import User
from gem.services.actor import SYSTEM, Actor
from gem.services.deadlines import what_is_due
from gem.services.errors import FieldError, ValidationError
from gem.services.values import BadValue, parse_date


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("due", help=tr(N_("échéances en retard ou à venir, audiences, "
                                              "dossiers inactifs")))
    parser.add_argument("--counsellor", metavar="LOGIN",
                        help=tr(N_("identifiant du conseiller (par défaut : tout le monde)")))
    parser.add_argument("--days", type=int, default=7,
                        help=tr(N_("horizon en jours (7 par défaut)")))
    parser.add_argument("--inactive-days", type=int, default=90,
                        help=tr(N_("dossiers sans activité depuis N jours (90 par défaut)")))
    parser.add_argument("--today", metavar="AAAA-MM-JJ",
                        help=tr(N_("date de référence (aujourd'hui par défaut)")))
    parser.add_argument("--json", action="store_true", help=tr(N_("sortie JSON")))
    parser.set_defaults(handler=_due)


def _due(args: argparse.Namespace) -> int:
    lang = current_language()
    actor = Actor(SYSTEM.id, SYSTEM.login, SYSTEM.role, lang)
    try:
        today = parse_date(args.today) or clock.today()
    except BadValue as exc:
        raise ValidationError([FieldError("today", N_("Date"), exc.msgid, exc.params)],
                              lang) from None
    if args.days < 0 or args.inactive_days < 0:
        raise ValidationError([FieldError("days", N_("Jours"),
                                          N_("ne peut pas être négatif."))], lang)
    with transaction(sessions_for(args)) as session:
        counsellor_id = None
        if args.counsellor:
            counsellor_id = session.scalar(select(User.id).where(User.login == args.counsellor))
            if counsellor_id is None:
                raise ValidationError([FieldError("counsellor", N_("Conseiller"),
                                                  N_("aucun enregistrement ne correspond à "
                                                     "« {value} »."),
                                                  {"value": args.counsellor})], lang)
        summary = what_is_due(session, actor, counsellor_id=counsellor_id, days=args.days,
                              inactive_days=args.inactive_days, today=today, limit=None)
    if args.json:
        data = asdict(summary)
        for key in ("overdue", "upcoming"):
            for item, row in zip(getattr(summary, key), data[key], strict=True):
                row["label"] = item.label_in(lang)
        print_json(data)
        return 0
    sections = [
        (N_("En retard"), summary.overdue),
        (N_("À échéance d'ici {days} jours"), summary.upcoming),
    ]
    for title, items in sections:
        print(tr(title, lang, days=args.days) + f" ({len(items)})")
        if items:
            print_table([tr(h, lang) for h in (N_("Échéance"), N_("Jours"), N_("Dossier"),
                                               N_("Échéance de"), N_("Conseiller"))],
                        [[i.due_date.isoformat(), i.days_left, i.file_number,
                          i.label_in(lang), i.counsellor_login] for i in items])
        print()
    print(tr(N_("Audiences d'ici {days} jours"), lang, days=args.days)
          + f" ({len(summary.hearings)})")
    if summary.hearings:
        print_table([tr(h, lang) for h in (N_("Date"), N_("Heure"), N_("Dossier"), N_("Lieu"),
                                           N_("Conseiller"))],
                    [[h.date.isoformat(), h.start_time.strftime("%H:%M") if h.start_time
                      else "", h.file_number, h.location, h.counsellor_login]
                     for h in summary.hearings])
    print()
    print(tr(N_("Griefs sans activité depuis {days} jours"), lang, days=args.inactive_days)
          + f" ({len(summary.inactive)})")
    if summary.inactive:
        print_table([tr(h, lang) for h in (N_("Dernière activité"), N_("Jours"),
                                           N_("Dossier"), N_("Objet"), N_("Conseiller"))],
                    [[f.last_activity_at.date().isoformat(), f.idle_days, f.file_number,
                      f.title, f.counsellor_login] for f in summary.inactive])
    return 0
