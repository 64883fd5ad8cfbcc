"""Signing in with one's own PostgreSQL login: no shared password on any workstation.

Why it works this way: on a database secured by ``gem db setup`` every person has a login of
their own (gem.database_roles, ``<db>_u_<login>``). A workstation is pointed at the server
with an address that names no user (``postgresql://serveur/gem``); the sign-in dialog's login
and password then open the connection itself, so PostgreSQL checks the password (SCRAM, or
Kerberos with no password at all) and every statement of the session runs under that
person's grants and row-level security. Nothing is stored: the password lives in the
engine's memory for as long as the window is signed in, and a sign-out disposes of it.

GEM's own Argon2 check (gem.services.users.authenticate) is not used on that path: the
database is the one that decides. What a refused connection means is told apart by the
server's answer (class 28, or a password asked for and refused: wrong password, unknown
login, NOLOGIN) is the sign-in's one refusal,
« Identifiant ou mot de passe incorrect. », whichever it was; anything else (server down,
wrong address) is a connection failure. Slowing down and locking guessed passwords is the
server's work on that path: its ``auth_delay`` module (README, "Pointing GEM at
PostgreSQL"), since no GEM table can be written before the password is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from gem import database_roles, schema
from gem.db import make_engine, resolve_url, session_factory
from gem.models import User
from gem.services.actor import Actor
from gem.services.errors import GemError
from gem.services.users import SignInError

AUTHORIZATION_CLASS = "28"  # SQLSTATE class: invalid authorization specification


def personal_url(url: str, login: str, password: str | None) -> str:
    """``url`` with the person's own PostgreSQL login (``<db>_u_<login>``) and password."""
    parsed = make_url(resolve_url(url))
    names = database_roles.Names(parsed.database or "")
    return parsed.set(username=names.login(login.strip()), password=password or None) \
        .render_as_string(hide_password=False)


def refused_sign_in(exc: BaseException) -> bool:
    """The server refused who was connecting, not the connection: a SQLSTATE of class 28,
    or (libpq reports no SQLSTATE before the session exists) a connection that the server
    asked a password for, whether it got one (wrong password, unknown or NOLOGIN login) or
    not (none typed)."""
    from gem import log as gem_log

    if gem_log.database_problem(exc) == gem_log.NO_DATABASE:
        return False  # the password was accepted; the database name is what is wrong
    orig = getattr(exc, "orig", exc)  # SQLAlchemy's wrapper, or psycopg's own error
    sqlstate = getattr(orig, "sqlstate", None) or ""
    if sqlstate.startswith(AUTHORIZATION_CLASS):
        return True
    pgconn = getattr(orig, "pgconn", None)
    return bool(pgconn is not None and (pgconn.used_password or pgconn.needs_password))


@dataclass
class PersonalSession:
    """The signed-in person's own connection: ``actor`` None when the schema is not the one
    this GEM knows (``state`` says which; an administrator upgrades it with the command)."""

    engine: Engine
    state: schema.SchemaState
    actor: Actor | None
    # Why the schema cannot be used as it is (newer, empty, older: the person's own login may
    # not upgrade it; IT runs ``gem db upgrade``), in the services' words.
    schema_message: str | None = None


def open_personal(url: str, login: str, password: str) -> PersonalSession:
    """Connect as the person, check the schema, record the sign-in (``gem_signed_in``) and
    return who they are. A refused login or password raises SignInError; the engine of a
    failed attempt is disposed of."""
    engine = make_engine(personal_url(url, login, password))
    try:
        try:
            state = schema.state(engine)
        except DBAPIError as exc:
            if refused_sign_in(exc):
                raise SignInError() from None
            raise
        if not state.is_current:
            try:
                schema.ensure_usable(engine)
            except GemError as exc:
                return PersonalSession(engine, state, None, exc.message())
        with session_factory(engine)() as session, session.begin():
            actor = signed_in(session)
        return PersonalSession(engine, state, actor)
    except BaseException:
        engine.dispose()
        raise


def signed_in(session: Session) -> Actor:
    """Record the sign-in of the connection's own login and return its account: a login
    without an active account (an administrator's psql role, a deactivated person whose
    login was left) is refused like a wrong password."""
    try:
        with session.begin_nested():
            user_id = session.execute(text("SELECT gem_signed_in()")).scalar_one()
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == "42501":  # insufficient_privilege
            raise SignInError() from None
        raise
    return current_account(session, user_id)


def current_account(session: Session, user_id: int) -> Actor:
    row = session.execute(select(User.id, User.login, User.role, User.language)
                          .where(User.id == user_id)).one()
    return Actor(id=row.id, login=row.login, role=row.role, language=row.language)


def uses_personal_login(session: Session, login: str) -> bool:
    """Whether ``session`` is ``login``'s own PostgreSQL connection (the idle lock then asks
    PostgreSQL, not GEM's hash, for the password)."""
    url = session.get_bind().engine.url
    if url.get_backend_name() != "postgresql" or not url.username:
        return False
    return url.username == database_roles.Names(url.database or "").login(login)


def check_password(session: Session, login: str, password: str) -> Actor:
    """The idle lock's question on a personal connection: PostgreSQL checks ``password``
    with a connection of its own (closed at once), then the account as it is now."""
    url = session.get_bind().engine.url.set(password=password)
    probe = create_engine(url, poolclass=NullPool)
    try:
        with probe.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as exc:
        if refused_sign_in(exc):
            raise SignInError() from None
        raise
    finally:
        probe.dispose()
    from gem.services.actor import current

    user_id = session.execute(text("SELECT gem_user_id()")).scalar_one()
    if user_id is None:
        raise SignInError()
    actor = current_account(session, user_id)
    return current(session, actor)


def reauthenticate(session: Session, login: str, password: str) -> Actor:
    """The idle lock's check, whichever way the person signed in: PostgreSQL's on their own
    login, GEM's (slowed down and locked per login) otherwise."""
    if uses_personal_login(session, login):
        return check_password(session, login, password)
    from gem.services.users import UserService

    return UserService().authenticate(session, login, password)
