"""Staff accounts: creation, roles, passwords (Argon2id through argon2-cffi), sign-in."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any, ClassVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from gem import clock
from gem.i18n import N_
from gem.models import CounsellorAssignment, User
from gem.models.enums import Language, Role
from gem.services import audit, sign_in
from gem.services.actor import Actor
from gem.services.entity import EntityService
from gem.services.errors import FieldError, GemError, ValidationError

MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()


class SignInError(GemError):
    """The one answer to a refused sign-in: unknown login, deactivated account, account
    without a password, wrong password (never the account's language: that would tell)."""

    msgid = N_("Identifiant ou mot de passe incorrect.")


class SignInLocked(SignInError):
    """Too many failures for the typed login (gem.services.sign_in): refused, even with the
    right password, until ``until`` (shown in Québec time)."""

    msgid = N_("Trop d'essais : réessayez après {time}.")

    def __init__(self, until: datetime, lang: str | None = None):
        self.until = until
        super().__init__(None, lang, time=clock.local(until).strftime("%H:%M"))


_dummy: tuple[PasswordHasher, str] | None = None


def _dummy_hash() -> str:
    """A hash of a random secret with the current parameters: what a password is checked
    against when the account cannot sign in, so that costs what a wrong password costs."""
    global _dummy
    if _dummy is None or _dummy[0] is not _hasher:
        _dummy = (_hasher, _hasher.hash(secrets.token_urlsafe(16)))
    return _dummy[1]


def prepare_sign_in() -> None:
    """Make the dummy hash ahead (~180 ms of Argon2), so the first refused sign-in of an
    unknown login does not take longer than a wrong password (the window calls it in the
    background while the person types)."""
    _dummy_hash()


def _password_matches(stored: str | None, password: str) -> bool:
    try:
        return bool(_hasher.verify(stored or _dummy_hash(), password)) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def actor_for(user: User) -> Actor:
    return Actor(id=user.id, login=user.login, role=user.role, language=user.language)


def _check_password(password: str | None, lang: str) -> str:
    """The password, once it is long enough to be hashed and stored."""
    if password is None or len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError([FieldError("password", N_("Mot de passe"),
                                          N_("{length} caractères au moins."),
                                          {"length": MIN_PASSWORD_LENGTH})], lang)
    return password


class UserService(EntityService[User]):
    """Accounts, managed by administrators (gem.services.policy: manage_users on user)."""

    model = User
    entity = "user"
    label = N_("Utilisateur")
    choices: ClassVar = {"role": Role, "language": Language}
    extra_fields = frozenset({"password"})
    default_order = "login"

    def editable_fields(self) -> set[str]:
        return super().editable_fields() - {"password_hash", "last_login_at"}

    def delete(self, session: Session, actor: Actor, ident: int,
               expected_version: int | None) -> None:
        # Accounts are deactivated, never deleted: the audit log and files point at them.
        self.update(session, actor, ident, {"active": False}, expected_version)

    def before_save(self, session: Session, actor: Actor, obj: User, values: dict[str, Any],
                    extras: dict[str, Any], created: bool) -> None:
        if created or "password" in extras:
            password = _check_password(extras.get("password"), actor.language)
            obj.password_hash = _hasher.hash(password)

    def after_save(self, session: Session, actor: Actor, obj: User, values: dict[str, Any],
                   extras: dict[str, Any], created: bool) -> None:
        """On a secured PostgreSQL database (gem db setup), the person's own login follows
        the account in the same transaction: created with the password, moved to the
        role's group, made NOLOGIN (sessions ended) when the account is deactivated."""
        from gem import database_roles

        connection = session.connection()
        if not database_roles.is_secured(connection):
            return
        if created or {"role", "active"} & values.keys() or "password" in extras:
            session.flush()  # gem_set_login checks the row it mirrors
            database_roles.set_login(connection, obj.login, obj.role, obj.active,
                                     extras.get("password"))

    def deactivate(self, session: Session, actor: Actor, login: str) -> User:
        user = self._require_login(session, actor, login)
        return self.update(session, actor, user.id, {"active": False}, None)

    def text_filter(self, stmt: Select[Any], text: str) -> Select[Any]:
        like = f"%{text.strip()}%"
        return stmt.where(User.login.ilike(like) | User.full_name.ilike(like))

    # ---------------------------------------------------------------- account use cases
    def by_login(self, session: Session, login: str) -> User | None:
        return session.scalars(select(User).where(User.login == login)).first()

    def set_role(self, session: Session, actor: Actor, login: str, role: str) -> User:
        user = self._require_login(session, actor, login)
        return self.update(session, actor, user.id, {"role": role}, None)

    def reset_password(self, session: Session, actor: Actor, login: str,
                       password: str) -> User:
        user = self._require_login(session, actor, login)
        return self.update(session, actor, user.id, {"password": password}, None)

    def authenticate(self, session: Session, login: str, password: str) -> Actor:
        """Check a password; rehash it when Argon2's recommended parameters changed.

        Slowed down and locked per typed login (gem.services.sign_in): an unknown login, a
        deactivated account, one without a password and a wrong password get the same
        delay, one Argon2 verification and the same SignInError. Each failure is counted and
        audited by a transaction of its own, so the caller's rollback keeps it."""
        typed = login.strip()
        engine = sign_in.engine_of(session)
        state = sign_in.attempts(engine, sign_in.key_for(typed))
        if state.locked_until is not None:
            user = self.by_login(session, typed)
            sign_in.count_failure(session, typed, user.id if user else None)
            raise SignInLocked(state.locked_until)
        if state.delay:
            sign_in.sleep(state.delay)  # before any query: nothing is held meanwhile
        user = self.by_login(session, typed)
        stored = user.password_hash if user is not None and user.active else None
        ok = _password_matches(stored, password)  # one Argon2 verification on every path
        if user is None or not ok:
            after = sign_in.count_failure(session, typed, user.id if user else None)
            if after.locked_until is not None:
                raise SignInLocked(after.locked_until)
            raise SignInError()
        assert stored is not None  # only a stored hash matches (_password_matches)
        if _hasher.check_needs_rehash(stored):
            user.password_hash = _hasher.hash(password)
        user.last_login_at = clock.now()
        sign_in.clear(session, typed)
        audit.record(session, actor_for(user), "sign_in", self.entity, user.id)
        return actor_for(user)

    def _require_login(self, session: Session, actor: Actor, login: str) -> User:
        user = self.by_login(session, login)
        if user is None:
            raise ValidationError([FieldError("login", N_("Identifiant"),
                                              N_("aucun utilisateur « {value} »."),
                                              {"value": login})], actor.language)
        return user


class AssignmentService(EntityService[CounsellorAssignment]):
    model = CounsellorAssignment
    entity = "counsellor_assignment"
    label = N_("Affectation")
    date_order = (("valid_from", "valid_to"),)
