"""``gem users add | list | set-role | deactivate | reset-password``: staff accounts, for IT."""

from __future__ import annotations

import argparse
import getpass
import sys

from gem import clock
from gem.commands._common import acting_person, print_table, sessions_for
from gem.db import transaction
from gem.i18n import N_, current_language, tr
from gem.labels import label
from gem.models.enums import Role
from gem.services.actor import SYSTEM, Actor
from gem.services.users import UserService


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("users", help=tr(N_("comptes des membres du personnel")))
    actions = parser.add_subparsers(dest="users_command", required=True)
    roles = [r.value for r in Role]

    add = actions.add_parser("add", help=tr(N_("créer un compte")))
    add.add_argument("login")
    add.add_argument("--name", required=True, help=tr(N_("nom complet")))
    add.add_argument("--role", required=True, choices=roles)
    add.add_argument("--email")
    add.add_argument("--lang", dest="user_lang", choices=("fr", "en"), default="fr")
    add.add_argument("--password-stdin", action="store_true",
                     help=tr(N_("lire le mot de passe sur l'entrée standard")))
    add.set_defaults(handler=_add)

    lst = actions.add_parser("list", help=tr(N_("lister les comptes")))
    lst.set_defaults(handler=_list)

    role = actions.add_parser("set-role", help=tr(N_("changer le rôle d'un compte")))
    role.add_argument("login")
    role.add_argument("role", choices=roles)
    role.set_defaults(handler=_set_role)

    off = actions.add_parser("deactivate", help=tr(N_(
        "désactiver un compte (sa connexion PostgreSQL aussi, et ses sessions ouvertes)")))
    off.add_argument("login")
    off.set_defaults(handler=_deactivate)

    reset = actions.add_parser("reset-password", help=tr(N_("définir un nouveau mot de passe")))
    reset.add_argument("login")
    reset.add_argument("--password-stdin", action="store_true",
                       help=tr(N_("lire le mot de passe sur l'entrée standard")))
    reset.set_defaults(handler=_reset)


def _password(args: argparse.Namespace) -> str:
    """Never from the command line (it would land in the shell history)."""
    if args.password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(tr(N_("Mot de passe : ")))
    second = getpass.getpass(tr(N_("Confirmez le mot de passe : ")))
    if first != second:
        print(tr(N_("Les deux mots de passe diffèrent.")), file=sys.stderr)
        raise SystemExit(2)
    return first


def _add(args: argparse.Namespace) -> int:
    sessions = sessions_for(args)
    with transaction(sessions) as session:
        service = UserService()
        # The first account of an empty database is created on its own behalf: nobody else
        # exists yet to name.
        actor = Actor(None, args.login, Role.ADMIN, current_language()) \
            if not service.count(session, SYSTEM) else acting_person(session, args)
        password = _password(args)
        user = service.create(session, actor, {
            "login": args.login, "full_name": args.name, "role": args.role,
            "email": args.email, "language": args.user_lang, "password": password})
        print(tr(N_("Compte « {login} » créé ({role})."), login=user.login,
                 role=label("role", user.role)))
    return 0


def _list(args: argparse.Namespace) -> int:
    with transaction(sessions_for(args)) as session:
        users = UserService().find(session, SYSTEM, limit=None)
        print_table([tr(N_("Identifiant")), tr(N_("Nom complet")), tr(N_("Rôle")),
                     tr(N_("Langue")), tr(N_("Actif")), tr(N_("Dernière connexion"))],
                    [[u.login, u.full_name, label("role", u.role), u.language,
                      tr(N_("oui")) if u.active else tr(N_("non")),
                      clock.local(u.last_login_at).strftime("%Y-%m-%d %H:%M")
                      if u.last_login_at else ""]
                     for u in users])
    return 0


def _set_role(args: argparse.Namespace) -> int:
    with transaction(sessions_for(args)) as session:
        user = UserService().set_role(session, acting_person(session, args), args.login,
                                      args.role)
        print(tr(N_("« {login} » est maintenant : {role}."), login=user.login,
                 role=label("role", user.role)))
    return 0


def _deactivate(args: argparse.Namespace) -> int:
    with transaction(sessions_for(args)) as session:
        user = UserService().deactivate(session, acting_person(session, args), args.login)
        print(tr(N_("Compte « {login} » désactivé."), login=user.login))
    return 0


def _reset(args: argparse.Namespace) -> int:
    with transaction(sessions_for(args)) as session:
        actor = acting_person(session, args)  # the acting person's password first
        UserService().reset_password(session, actor, args.login, _password(args))
        print(tr(N_("Mot de passe de « {login} » changé."), login=args.login))
    return 0
