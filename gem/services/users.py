"""Staff accounts: creation, roles, passwords (Argon2id through argon2-cffi), sign-in."""

from __future__ import annotations

from typing import ClassVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from gem import clock
from gem.i18n import N_
from gem.models import CounsellorAssignment, User
from gem.models.enums import Language, Role
from gem.services import audit
from gem.services.actor import Actor
from gem.services.entity import EntityService
from gem.services.errors import FieldError, GemError, PermissionDenied, ValidationError

MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()


class SignInError(GemError):
    msgid = N_("Identifiant ou mot de passe incorrect.")


def actor_for(user: User) -> Actor:
    return Actor(id=user.id, login=user.login, role=user.role, language=user.language)


def _check_password(password: str | None, lang: str) -> None:
    if password is None or len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError([FieldError("password", N_("Mot de passe"),
                                          N_("{length} caractères au moins."),
                                          {"length": MIN_PASSWORD_LENGTH})], lang)


class UserService(EntityService[User]):
    """Only administrators manage accounts; a user may change their own language."""

    model = User
    entity = "user"
    label = N_("Utilisateur")
    choices: ClassVar = {"role": Role, "language": Language}
    extra_fields = frozenset({"password"})
    default_order = "login"

    def editable_fields(self) -> set[str]:
        return super().editable_fields() - {"password_hash", "last_login_at"}

    def require_write(self, actor: Actor) -> None:
        if not actor.is_admin:
            raise PermissionDenied(None, actor.language)

    def delete(self, session: Session, actor: Actor, ident: int,
               expected_version: int | None) -> None:
        # Accounts are deactivated, never deleted: the audit log and files point at them.
        self.update(session, actor, ident, {"active": False}, expected_version)

    def before_save(self, session, actor, obj, values, extras, created) -> None:
        if created or "password" in extras:
            password = extras.get("password")
            _check_password(password, actor.language)
            obj.password_hash = _hasher.hash(password)

    def text_filter(self, stmt: Select, text: str) -> Select:
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
        """Check a password; rehash it when Argon2's recommended parameters changed."""
        user = self.by_login(session, login.strip())
        if user is None or not user.active or not user.password_hash:
            raise SignInError()
        try:
            _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            raise SignInError(None, user.language) from None
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        user.last_login_at = clock.now()
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

    def require_write(self, actor: Actor) -> None:
        if actor.role not in (Role.ADMIN, Role.COORDINATOR):
            raise PermissionDenied(None, actor.language)
