"""What every subcommand needs: an engine on the chosen database, checked against the schema,
and the named person on whose behalf a change is made.

Why a person and never « system » (issue 11): the audit must say who changed an account, a
holiday or a rule, whoever typed the command. ``acting_person`` finds them, in this order:

1. the connection's own PostgreSQL login (``--user`` on a server reached with each person's
   own login, or an address naming ``<db>_u_<login>``): PostgreSQL checked the password;
2. ``--user LOGIN`` (or ``GEM_USER``) on any other connection (SQLite, a DBA's address): the
   account's GEM password is asked for (read from standard input when it is not a terminal,
   before anything else the command reads there) and checked like a sign-in, slowed down
   and locked after repeated failures;
3. nobody named: the change is refused, saying how to name oneself. Only the very first
   account of an empty database (``gem users add``) is created on its own behalf.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from gem import schema
from gem.db import make_engine, resolve_url, session_factory
from gem.i18n import N_, current_language, tr
from gem.paths import is_personal_url
from gem.services.errors import GemError

if TYPE_CHECKING:
    from gem.services.actor import Actor

ENV_USER = "GEM_USER"


class BadDatabaseURL(GemError):
    """A mistyped --database or GEM_DATABASE_URL: the person's to fix, not a bug."""

    msgid = N_("Adresse de base de données invalide ({error}). Exemples : "
               "postgresql://utilisateur@serveur/gem, sqlite:///chemin/gem.sqlite3.")


class NoSuchFolder(GemError):
    """A SQLite path whose folder does not exist: never made on the person's behalf."""

    msgid = N_("Le dossier {folder} n'existe pas : vérifiez le chemin de la base de données "
               "SQLite (--database ou GEM_DATABASE_URL), ou créez d'abord ce dossier.")


class NoSuchDatabaseFile(GemError):
    """A SQLite file that does not exist, for a command that only uses a database: opening
    it would create an empty file."""

    msgid = N_("La base de données {path} n'existe pas : vérifiez le chemin (--database ou "
               "GEM_DATABASE_URL), ou créez-la avec « gem db upgrade » (ou « gem demo »).")


class NoPersonNamed(GemError):
    msgid = N_("Nommez la personne qui fait cette modification : --user IDENTIFIANT (ou la "
               "variable GEM_USER); son mot de passe est demandé.")


class OwnLoginNeeded(GemError):
    msgid = N_("Sur ce serveur, chacun se connecte avec son propre compte : ajoutez --user "
               "IDENTIFIANT (ou la variable GEM_USER); son mot de passe est demandé.")


class PersonMismatch(GemError):
    msgid = N_("--user {wanted} ne correspond pas à la connexion, qui est celle de {login}.")


def named_login(args: argparse.Namespace) -> str | None:
    return (getattr(args, "user", None) or os.environ.get(ENV_USER) or "").strip() or None


def ask_password(prompt: str) -> str:
    """The acting person's password: typed at a terminal without echo, otherwise the first
    line of standard input (a script)."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")


def _personal_engine(url: str, login: str) -> Engine:
    """The person's own connection to a server reached with each person's own login: the
    password from libpq's own sources first (Kerberos, ~/.pgpass, PGPASSWORD), asked for
    when the server wants one."""
    from gem.services.personal_login import personal_url, refused_sign_in
    from gem.services.users import SignInError

    engine = make_engine(personal_url(url, login, None))
    try:
        with engine.connect():
            return engine
    except Exception as exc:
        engine.dispose()
        if not refused_sign_in(exc):
            raise
    engine = make_engine(personal_url(url, login, ask_password(
        tr(N_("Mot de passe de {login} : "), login=login))))
    try:
        with engine.connect():
            return engine
    except Exception as exc:
        engine.dispose()
        if refused_sign_in(exc):
            raise SignInError() from None
        raise


def check_sqlite_path(url: str, create: bool = False) -> None:
    """Refuse a SQLite file whose folder is missing, and one that does not exist unless
    ``create`` (``gem db upgrade``, ``gem demo``): SQLite would otherwise make an empty
    file wherever a path was mistyped (issue 13)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    if parsed.database.startswith("file:") or parsed.query.get("mode") == "memory":
        return
    path = Path(parsed.database).absolute()
    if not path.parent.is_dir():
        raise NoSuchFolder(folder=str(path.parent))
    if not create and not path.exists():
        raise NoSuchDatabaseFile(path=str(path))


def engine_for(args: argparse.Namespace, check_schema: bool = True,
               create: bool = False) -> Engine:
    """The engine on the chosen database; ``create``: a SQLite file may be made (only in a
    folder that exists)."""
    explicit = getattr(args, "database", None)
    try:
        url = resolve_url(explicit)
    except (ArgumentError, ValueError) as exc:
        raise BadDatabaseURL(error=str(exc).splitlines()[0] if str(exc) else
                             type(exc).__name__) from exc
    check_sqlite_path(url, create)
    if is_personal_url(url):
        login = named_login(args)
        if login is None:
            raise OwnLoginNeeded()
        engine = _personal_engine(url, login)
        if check_schema:
            schema.ensure_usable(engine)
        return engine
    try:
        engine = make_engine(explicit)
    except (ArgumentError, ValueError) as exc:  # unparsable URL, unknown dialect, bad port
        # SQLAlchemy's own words, never the URL itself: it may hold a password.
        raise BadDatabaseURL(error=str(exc).splitlines()[0] if str(exc) else
                             type(exc).__name__) from exc
    if check_schema:
        schema.ensure_usable(engine)
    return engine


def sessions_for(args: argparse.Namespace) -> sessionmaker[Session]:
    return session_factory(engine_for(args))


def _own_account(session: Session) -> Actor | None:
    """The account of the connection's own PostgreSQL login, on a secured database."""
    from gem import database_roles

    connection = session.connection()
    if not database_roles.is_secured(connection):
        return None
    from sqlalchemy import text

    from gem.services.personal_login import current_account

    user_id = connection.execute(text("SELECT gem_user_id()")).scalar_one()
    return current_account(session, user_id) if user_id is not None else None


def acting_person(session: Session, args: argparse.Namespace) -> Actor:
    """Who a change is made by (the module's docstring), in the language of --lang."""
    from gem.services.actor import current
    from gem.services.users import UserService

    lang = current_language()
    wanted = named_login(args)
    own = _own_account(session)
    if own is not None:
        if wanted is not None and wanted.lower() != own.login.lower():
            raise PersonMismatch(None, lang, wanted=wanted, login=own.login)
        return replace(current(session, own), language=lang)
    if wanted is None:
        raise NoPersonNamed(None, lang)
    actor = UserService().authenticate(session, wanted, ask_password(
        tr(N_("Mot de passe de {login} : "), login=wanted)))
    return replace(actor, language=lang)


def print_table(headers: list[str], rows: list[list[Any]], out=None) -> None:
    out = out or sys.stdout
    texts = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in texts]) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in texts:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip(), file=out)


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
