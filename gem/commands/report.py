"""``gem report NAME [--param value…] --format pdf|xlsx -o FILE [--as LOGIN]``,
``gem report list`` and ``gem report template [--init]``.

Each report gets its own sub-command with one option per parameter, so ``gem report caseload
--help`` lists exactly what that report accepts. ``--as`` runs the report with that user's
visibility (a counsellor does not see another counsellor's confidential files); without it the
report runs as the built-in administrator, for batch jobs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gem.commands._common import print_table, sessions_for
from gem.commands._input import writable_output
from gem.db import transaction
from gem.i18n import N_, current_language, tr
from gem.reports import get_report, report_names, run_report
from gem.reports.letter import default_template_path, init_user_template, template_path
from gem.services.actor import SYSTEM, Actor
from gem.services.errors import FieldError, ValidationError

_ALIASES = {"counsellors": ["--counsellor"]}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("report", help=tr(N_("produire un rapport en PDF ou en Excel")))
    names = parser.add_subparsers(dest="report_name", required=True, metavar="RAPPORT")
    listing = names.add_parser("list", help=tr(N_("lister les rapports et leurs paramètres")))
    listing.set_defaults(handler=_list)
    template = names.add_parser("template",
                                help=tr(N_("modèle de la lettre de grief (chemin, copie "
                                           "modifiable)")))
    template.add_argument("--init", action="store_true",
                          help=tr(N_("copier le modèle par défaut dans le dossier de "
                                     "configuration pour le modifier")))
    template.set_defaults(handler=_template)
    for name in report_names():
        definition = get_report(name)
        one = names.add_parser(name, help=tr(definition.description))
        for param in definition.params:
            flags = [f"--{param.key.replace('_', '-')}"] + _ALIASES.get(param.key, [])
            kwargs: dict = {"dest": f"param_{param.key}", "metavar": param.kind.upper(),
                            "help": tr(param.help or param.label)}
            if param.kind == "filters":
                kwargs["action"] = "append"
            elif param.kind == "bool":
                kwargs = {"dest": f"param_{param.key}", "action": "store_true",
                          "default": None, "help": tr(param.help or param.label)}
            one.add_argument(*flags, **kwargs)
        one.add_argument("--format", choices=definition.formats,
                         default=definition.formats[0],
                         help=tr(N_("format du fichier ({default} par défaut)"),
                                 default=definition.formats[0]))
        one.add_argument("-o", "--output", required=True, metavar="FICHIER",
                         help=tr(N_("fichier à écrire")))
        one.add_argument("--as", dest="as_login", metavar="LOGIN",
                         help=tr(N_("produire le rapport avec la visibilité de cet "
                                    "utilisateur")))
        one.set_defaults(handler=_run, definition=name)


def _actor(session, login: str | None, lang: str) -> Actor:
    if not login:
        return Actor(SYSTEM.id, SYSTEM.login, SYSTEM.role, lang)
    from gem.services.users import UserService, actor_for

    user = UserService().by_login(session, login)
    if user is None or not user.active:
        raise ValidationError([FieldError("as", N_("Utilisateur"),
                                          N_("aucun enregistrement ne correspond à "
                                             "« {value} »."), {"value": login})], lang)
    actor = actor_for(user)
    return Actor(actor.id, actor.login, actor.role, lang)


def _run(args: argparse.Namespace) -> int:
    lang = current_language()
    definition = get_report(args.definition)
    raw = {}
    for param in definition.params:
        value = getattr(args, f"param_{param.key}", None)
        if value is not None:
            raw[param.key] = value
    output = writable_output(Path(args.output))
    with transaction(sessions_for(args)) as session:
        actor = _actor(session, args.as_login, lang)
        path = run_report(session, actor, args.definition, raw, args.format, output, lang)
    print(tr(N_("Rapport écrit : {path}"), path=path))
    return 0


def _list(args: argparse.Namespace) -> int:
    rows = []
    for name in report_names():
        definition = get_report(name)
        params = " ".join(
            (f"--{p.key.replace('_', '-')}" if p.required and p.default is None else
             f"[--{p.key.replace('_', '-')}]") for p in definition.params)
        rows.append([name, tr(definition.title), "/".join(definition.formats), params])
    print_table([tr(N_("Nom")), tr(N_("Rapport")), tr(N_("Formats")),
                 tr(N_("Paramètres"))], rows)
    return 0


def _template(args: argparse.Namespace) -> int:
    lang = current_language()
    if args.init:
        path = init_user_template(lang)
        print(tr(N_("Modèle modifiable : {path}"), path=path))
        return 0
    print(tr(N_("Modèle utilisé : {path}"), path=template_path(lang)))
    print(tr(N_("Modèle par défaut : {path}"), path=default_template_path(lang)),
          file=sys.stdout)
    return 0
