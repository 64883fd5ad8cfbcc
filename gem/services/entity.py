"""The create / read / update / delete / list use case every aggregate shares.

Each aggregate's service is a small subclass naming its model, labels, choices and extra checks;
the checks that follow from the schema (required, length, type, unknown reference, duplicate)
are derived from the column definitions here, so the database and the messages cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Select, func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.schema import Column

from gem import clock
from gem.i18n import N_
from gem.models import Base, User
from gem.services import audit, policy
from gem.services.actor import Actor
from gem.services.actor import current as current_actor
from gem.services.errors import ConflictError, FieldError, NotFoundError, ValidationError
from gem.services.policy import Action
from gem.services.values import (
    BadValue,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_text,
    parse_time,
)

M = TypeVar("M", bound=Base)

SYSTEM_FIELDS = frozenset({"id", "version", "created_at", "updated_at", "updated_by_id",
                           "search_key", "last_activity_at"})


# Columns no list may filter or sort by: a range filter on a hash rebuilds it one character
# at a time.
SECRET_COLUMNS = frozenset({"password_hash"})


@dataclass(frozen=True)
class Range:
    """An inclusive range filter; either end may be open."""

    low: Any = None
    high: Any = None


class EntityService(Generic[M]):
    model: ClassVar[type[Base]]
    entity: ClassVar[str]
    label: ClassVar[str]
    choices: ClassVar[dict[str, type[StrEnum]]] = {}
    date_order: ClassVar[tuple[tuple[str, str], ...]] = ()
    extra_fields: ClassVar[frozenset[str]] = frozenset()
    readonly_on_update: ClassVar[frozenset[str]] = frozenset()
    default_order: ClassVar[str] = "id"

    # ------------------------------------------------------------------ reading
    def base_query(self, actor: Actor) -> Select:
        """Rows this actor may see; subclasses hide confidential files here."""
        return select(self.model)

    @classmethod
    def primary_key(cls) -> Any:
        """The model's key column as the mapper declares it: most tables are keyed by ``id``,
        but reference tables fixed by law are keyed by their code (health region "04")."""
        mapper = inspect(cls.model)
        (column,) = mapper.primary_key
        return getattr(cls.model, mapper.get_property_by_column(column).key)

    def get(self, session: Session, actor: Actor, ident: Any) -> M:
        stmt = self.base_query(actor).where(self.primary_key() == ident)
        obj = session.scalars(stmt).first()
        if obj is None:
            raise NotFoundError(None, actor.language, entity=self.label_in(actor), ident=ident)
        return obj

    def query(self, actor: Actor, filters: dict[str, Any] | None = None,
              order_by: str | None = None, descending: bool = False) -> Select:
        stmt = self.apply_filters(self.base_query(actor), actor, filters or {})
        column = self._column_for_order(order_by or self.default_order)
        pk = self.primary_key()
        if descending:
            return stmt.order_by(column.desc(), pk.desc())
        return stmt.order_by(column.asc(), pk.asc())

    def list(self, session: Session, actor: Actor, filters: dict[str, Any] | None = None,
             order_by: str | None = None, descending: bool = False, limit: int | None = 100,
             offset: int = 0) -> list[M]:
        stmt = self.query(actor, filters, order_by, descending).offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        return list(session.scalars(stmt))

    def count(self, session: Session, actor: Actor,
              filters: dict[str, Any] | None = None) -> int:
        inner = self.apply_filters(self.base_query(actor), actor, filters or {})
        return session.scalar(select(func.count()).select_from(inner.subquery())) or 0

    def apply_filters(self, stmt: Select, actor: Actor, filters: dict[str, Any]) -> Select:
        columns = self._columns()
        for name, value in filters.items():
            if value is None or value == "":
                continue
            if name == "text":
                stmt = self.text_filter(stmt, str(value))
                continue
            if name not in columns or name in SECRET_COLUMNS:
                raise ValidationError([FieldError(name, name, N_("filtre inconnu."))],
                                      actor.language)
            column = getattr(self.model, name)
            if isinstance(value, Range):
                if value.low is not None:
                    stmt = stmt.where(column >= value.low)
                if value.high is not None:
                    stmt = stmt.where(column <= value.high)
            elif isinstance(value, list | tuple | set | frozenset):
                stmt = stmt.where(column.in_(list(value)))
            else:
                stmt = stmt.where(column == value)
        return stmt

    def text_filter(self, stmt: Select, text: str) -> Select:
        """Free-text filter; aggregates with a search key override this."""
        return stmt

    # ------------------------------------------------------------------ writing
    def create(self, session: Session, actor: Actor, data: dict[str, Any]) -> M:
        actor = self.require(actor, Action.CREATE, session)
        values, extras = self.clean(session, actor, data, None)
        obj = self.model(**values)
        self.before_save(session, actor, obj, values, extras, created=True)
        obj.updated_by_id = actor.id  # type: ignore[attr-defined]
        session.add(obj)
        self._flush(session, actor)
        self.after_save(session, actor, obj, values, extras, created=True)
        session.flush()
        audit.record(session, actor, "create", self.entity, obj.id,  # type: ignore[attr-defined]
                     None, audit.snapshot(obj) | self.links(session, obj))
        return obj

    def update(self, session: Session, actor: Actor, ident: int, data: dict[str, Any],
               expected_version: int | None) -> M:
        actor = self.require(actor, Action.UPDATE, session)
        obj = self.get(session, actor, ident)
        self.check_version(session, actor, obj, expected_version, data)
        before = audit.snapshot(obj)
        links_before = self.links(session, obj)
        values, extras = self.clean(session, actor, data, obj)
        for key, value in values.items():
            setattr(obj, key, value)
        self.before_save(session, actor, obj, values, extras, created=False)
        obj.updated_by_id = actor.id  # type: ignore[attr-defined]
        obj.updated_at = clock.now()  # type: ignore[attr-defined]
        try:
            self._flush(session, actor)
        except StaleDataError:
            raise self._conflict(session, actor, ident, data) from None
        self.after_save(session, actor, obj, values, extras, created=False)
        session.flush()
        old, new = audit.diff(before, audit.snapshot(obj))
        for key, after_links in self.links(session, obj).items():
            was, now = set(links_before.get(key, [])), set(after_links)
            if was != now:  # what was added and removed, not only the two lists
                old[key] = sorted(was, key=str)
                new[key] = {"added": sorted(now - was, key=str),
                            "removed": sorted(was - now, key=str)}
        audit.record(session, actor, "update", self.entity, obj.id,  # type: ignore[attr-defined]
                     old, new)
        return obj

    def links(self, session: Session, obj: M) -> dict[str, list[Any]]:
        """The record's links kept in other tables (a grievance's members), for its audit
        entries: a creation records them, an update what was added and removed."""
        return {}

    def delete(self, session: Session, actor: Actor, ident: int,
               expected_version: int | None) -> None:
        actor = self.require(actor, Action.DELETE, session)
        obj = self.get(session, actor, ident)
        self.check_version(session, actor, obj, expected_version, {})
        before = audit.snapshot(obj)
        owned = self._owned(session, ident)  # read while the record shows them (RLS)
        session.delete(obj)
        try:
            self._flush(session, actor)
        except StaleDataError:
            raise self._conflict(session, actor, ident, {}) from None
        removed = self._remove_owned(session, ident, owned)
        if removed:
            before["removed_with_it"] = removed
        audit.record(session, actor, "delete", self.entity, ident, before, None)

    def _owned(self, session: Session, ident: int) -> dict[str, list[int]]:
        """The ids of the record's attachments and deadlines, by table."""
        from gem.models import Deadline, Document

        found: dict[str, list[int]] = {}
        for key, model in (("documents", Document), ("deadlines", Deadline)):
            ids = list(session.scalars(select(model.id).where(
                model.owner_type == self.entity, model.owner_id == ident).order_by(model.id)))
            if ids:
                found[key] = ids
        return found

    def _remove_owned(self, session: Session, ident: int,
                      owned: dict[str, list[int]]) -> dict[str, list[int]]:
        """Attachments (content included) and deadlines point at their record by type and
        id, with no foreign key: they go with it, or a later record given the same id would
        inherit another person's confidential document and deadline."""
        from sqlalchemy import delete as sql_delete
        from sqlalchemy import text

        from gem import database_roles
        from gem.models import Deadline, Document

        if not owned:
            return owned
        if database_roles.is_secured(session.connection()):
            # PostgreSQL lets a coordinator's own login remove them only this way: once
            # their record is gone (gem.database_roles, gem_remove_owned).
            session.execute(text("SELECT gem_remove_owned(:kind, :ident)"),
                            {"kind": self.entity, "ident": ident})
            return owned
        for key, model in (("documents", Document), ("deadlines", Deadline)):
            if key in owned:
                session.execute(sql_delete(model).where(model.owner_type == self.entity,
                                                        model.owner_id == ident))
        return owned

    # ------------------------------------------------------------------ hooks
    def check(self, session: Session, actor: Actor, values: dict[str, Any],
              extras: dict[str, Any], obj: M | None) -> list[FieldError]:
        """Rules beyond the schema; ``values`` holds the record as it would be saved."""
        return []

    def before_save(self, session: Session, actor: Actor, obj: M, values: dict[str, Any],
                    extras: dict[str, Any], created: bool) -> None:
        """Derived columns (search keys...) before the row is written."""

    def after_save(self, session: Session, actor: Actor, obj: M, values: dict[str, Any],
                   extras: dict[str, Any], created: bool) -> None:
        """Child rows and timeline entries, once the row has its id."""

    # ------------------------------------------------------------------ helpers
    def label_in(self, actor: Actor) -> str:
        from gem.i18n import tr

        return tr(self.label, actor.language)

    def require(self, actor: Actor, action: Action, session: Session | None = None) -> Actor:
        """PermissionDenied unless gem.services.policy lets this actor do ``action`` on this
        aggregate (named by ``entity``). With the session (every write), the actor is first
        re-read from the users table (gem.services.actor.current) and that actor returned,
        for the rest of the write to use."""
        if session is not None:
            actor = current_actor(session, actor)
        policy.require(actor, action, self.entity)
        return actor

    def check_version(self, session: Session, actor: Actor, obj: Any,
                      expected_version: int | None, data: dict[str, Any]) -> None:
        if expected_version is not None and obj.version != expected_version:
            raise self._conflict(session, actor, obj.id, data)

    def editable_fields(self) -> set[str]:
        return set(self._columns()) - SYSTEM_FIELDS

    def clean(self, session: Session, actor: Actor, data: dict[str, Any],
              obj: M | None) -> tuple[dict[str, Any], dict[str, Any]]:
        """Typed values for the columns in ``data`` and the extra (non-column) inputs,
        or a ValidationError naming every wrong field at once."""
        columns = self._columns()
        editable = self.editable_fields()
        if obj is not None:
            editable -= self.readonly_on_update
        errors: list[FieldError] = []
        values: dict[str, Any] = {}
        extras: dict[str, Any] = {}
        for key, raw in data.items():
            if key in self.extra_fields:
                extras[key] = raw
                continue
            if key not in editable:
                errors.append(FieldError(key, columns[key].info.get("label", key)
                                         if key in columns else key,
                                         N_("ce champ ne peut pas être modifié ici.")))
                continue
            column = columns[key]
            try:
                values[key] = self._coerce(column, raw)
            except BadValue as exc:
                errors.append(FieldError(key, self._label(column), exc.msgid, exc.params))
        merged = self._merged(obj, values)
        for key, value in values.items():
            errors.extend(self._check_column(session, columns[key], value, obj))
        for key, column in columns.items():
            if key in editable and self._required(column) and merged.get(key) is None \
                    and not any(e.field == key for e in errors):
                if obj is None or key in values:
                    errors.append(FieldError(key, self._label(column),
                                             N_("ce champ est obligatoire.")))
        for start, end in self.date_order:
            low, high = merged.get(start), merged.get(end)
            if low is not None and high is not None and high < low:
                errors.append(FieldError(end, self._label(columns[end]),
                                         N_("ne peut pas précéder « {other} » ({value})."),
                                         {"other": "", "value": low.isoformat()}))
                errors[-1].params["other"] = self._label(columns[start])
        if not errors:
            errors.extend(self.check(session, actor, merged, extras, obj))
        if errors:
            raise ValidationError(errors, actor.language)
        return values, extras

    def _merged(self, obj: M | None, values: dict[str, Any]) -> dict[str, Any]:
        if obj is None:
            merged = {}
            for key, column in self._columns().items():
                default = column.default.arg if column.default is not None and \
                    not callable(column.default.arg) else None
                merged[key] = default
        else:
            merged = {key: getattr(obj, key) for key in self._columns()}
        merged.update(values)
        return merged

    def _coerce(self, column: Column, raw: Any) -> Any:
        try:
            python_type = column.type.python_type
        except NotImplementedError:
            return raw
        if python_type is str:
            value = parse_text(raw)
            choices = self.choices.get(column.key)
            if value is not None and choices is not None:
                allowed = [c.value for c in choices]
                if value not in allowed:
                    raise BadValue(N_("« {value} » n'est pas une valeur permise ({allowed})."),
                                   value=value, allowed=", ".join(allowed))
            return value
        if python_type is date:
            return parse_date(raw)
        if python_type is time:
            return parse_time(raw)
        if python_type is Decimal:
            return parse_decimal(raw)
        if python_type is bool:
            return parse_bool(raw)
        if python_type is int:
            return parse_int(raw)
        return raw

    def _check_column(self, session: Session, column: Column, value: Any,
                      obj: M | None) -> list[FieldError]:
        label = self._label(column)
        if value is None:
            return []
        length = getattr(column.type, "length", None)
        if isinstance(value, str) and length and len(value) > length:
            return [FieldError(column.key, label,
                               N_("{length} caractères au plus ({actual} saisis)."),
                               {"length": length, "actual": len(value)})]
        if isinstance(value, Decimal):
            precision, scale = getattr(column.type, "precision", None), \
                getattr(column.type, "scale", None)
            if precision and scale is not None and \
                    abs(value) >= Decimal(10) ** (precision - scale):
                return [FieldError(column.key, label, N_("valeur trop grande ({value})."),
                                   {"value": str(value)})]
            if value < 0:
                return [FieldError(column.key, label, N_("ne peut pas être négatif."))]
        for fk in column.foreign_keys:
            target = fk.column
            exists = session.execute(
                select(target).where(target == value).limit(1)).first()
            if exists is None:
                return [FieldError(column.key, label,
                                   N_("aucun enregistrement ne correspond à « {value} »."),
                                   {"value": value})]
        if column.unique:
            attr = getattr(self.model, column.key)
            pk = self.primary_key()
            stmt = select(pk).where(attr == value)
            if obj is not None:
                stmt = stmt.where(pk != getattr(obj, pk.key))
            if session.execute(stmt.limit(1)).first() is not None:
                return [FieldError(column.key, label,
                                   N_("« {value} » est déjà utilisé."), {"value": value})]
        return []

    @staticmethod
    def _required(column: Column) -> bool:
        return not column.nullable and column.default is None and \
            column.server_default is None and not column.primary_key

    @staticmethod
    def _label(column: Column) -> str:
        return column.info.get("label", column.key)

    def _columns(self) -> dict[str, Column]:
        return {c.key: c for c in self.model.__table__.columns}  # type: ignore[attr-defined]

    def _column_for_order(self, name: str):
        if name not in self._columns() or name in SECRET_COLUMNS:
            name = self.default_order
        return getattr(self.model, name)

    def _flush(self, session: Session, actor: Actor) -> None:
        try:
            session.flush()
        except IntegrityError as exc:
            raise ValidationError([FieldError("", N_("Enregistrement"),
                                              N_("refusé par la base de données ({detail})."),
                                              {"detail": str(exc.orig).splitlines()[0]})],
                                  actor.language) from exc

    def _conflict(self, session: Session, actor: Actor, ident: int,
                  yours: dict[str, Any]) -> ConflictError:
        """Read the committed row through a separate session: the current transaction may
        be unusable after a failed flush."""
        with Session(bind=session.get_bind()) as fresh:
            current = fresh.get(self.model, ident)
            theirs = audit.snapshot(current) if current is not None else {}
            user = fresh.get(User, current.updated_by_id) if current is not None and \
                current.updated_by_id else None  # type: ignore[attr-defined]
            when = current.updated_at if current is not None else None  # type: ignore
        return ConflictError(self.label_in(actor), ident, user.login if user else "?",
                             when, theirs, {k: audit._json_value(v) for k, v in yours.items()},
                             actor.language)
