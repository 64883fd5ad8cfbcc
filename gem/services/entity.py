"""The create / read / update / delete / list use case every aggregate shares.

Each aggregate's service is a small subclass naming its model, labels, choices and extra checks;
the checks that follow from the schema (required, length, type, unknown reference, duplicate)
are derived from the column definitions here, so the database and the messages cannot drift.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar, Generic, TypeVar, cast

from sqlalchemy import (
    BigInteger,
    CursorResult,
    Integer,
    Select,
    SmallInteger,
    String,
    func,
    inspect,
    select,
)
from sqlalchemy import text as sql_text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapper, Session
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.schema import Column, Table

from gem import clock
from gem.i18n import N_, tr
from gem.models import Base, User, Versioned
from gem.models.base import table_of
from gem.services import audit, policy
from gem.services.actor import Actor
from gem.services.actor import current as current_actor
from gem.services.errors import (
    ConflictError,
    FieldError,
    Label,
    NotFoundError,
    ValidationError,
)
from gem.services.policy import Action
from gem.services.search_keys import SEARCH_LENGTH
from gem.services.values import (
    BadValue,
    check_int,
    check_scale,
    check_text,
    date_errors,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_text,
    parse_time,
    shown,
)

M = TypeVar("M", bound=Base)

SYSTEM_FIELDS = frozenset({"id", "version", "created_at", "updated_at", "updated_by_id",
                           "search_key", "last_activity_at"})


# Columns no list may filter or sort by: a range filter on a hash rebuilds it one character
# at a time.
SECRET_COLUMNS = frozenset({"password_hash"})

# Inputs that are lists, whatever the aggregate: a bare string there would be taken one
# character at a time ("12.03" -> five articles). Ids are integers of an Integer column.
LIST_INPUTS = {"member_ids": N_("Membres visés"), "grievance_ids": N_("Griefs"),
               "articles": N_("Articles invoqués")}
# Inputs that are one text, kept as typed (a password's spaces count).
TEXT_INPUTS = {"password": N_("Mot de passe"), "status": N_("Statut")}

# What a record still used elsewhere is named after, for tables no service stands for.
_TABLE_LABELS = {"deadline_rules": N_("Règle"), "deadline_rule_versions": N_("Règle"),
                 "deadlines": N_("Échéance"), "deadline_calendars": N_("Calendrier")}
_SERVICE_MODULES = ("arbitration", "collective_agreement", "grievance", "institution", "leave",
                    "member", "recourse", "reference", "settlement", "users")


@dataclass(frozen=True)
class Range:
    """An inclusive range filter; either end may be open."""

    low: Any = None
    high: Any = None


# ---------------------------------------------------------------------- creating once
CREATION_KEY = "_key"
"""``data[CREATION_KEY]`` on a create: the caller's idempotency key, a text of at most 64
characters made before the first attempt (the record forms make a UUID when a new form opens,
gem.ui.forms.controller; the command line sends none). Why: a connection dropped after the
server committed but before its answer came back looks like a failure, and the person retries
as the message says; the key is stored with the record in the same transaction
(``creation_keys``), so the retry finds it and returns the record already made, with no second
row and no second audit entry. A key rather than a keyword argument because it must go
through every aggregate's own ``create`` (agreements, files) untouched."""

_REPLAYED = "gem_replayed_creates"  # Session.info: (entity, id) returned again by their key


def replayed(session: Session, entity: str, ident: Any) -> bool:
    """Whether a create in this unit of work returned ``entity`` ``ident`` as made earlier
    with the same creation key (nothing was written): the form then shows it as saved and
    keeps, as unsaved, what was typed since that first attempt."""
    return (entity, ident) in session.info.get(_REPLAYED, ())


def _creation_key(raw: Any) -> str | None:
    if raw is None or raw == "":
        return None
    key = str(raw)
    if len(key) > 64 or not key.isprintable():
        raise ValueError(f"a creation key is a printable text of 64 characters at most: "
                         f"{key[:80]!r}")
    return key


PRUNE_EVERY = timedelta(hours=1)
"""How often one process deletes the expired creation keys of a database, at most: a key
lives KEYS_KEPT (a month), so deleting an hour late keeps nothing that matters, and the
creations in between write their key with no DELETE beside it."""

PRUNE_FUNCTION = "gem_prune_creation_keys(timestamp with time zone)"
"""On a database secured by ``gem db setup`` (gem.database_roles), what deletes expired keys
for the people's own logins, which may insert and read keys but not delete them."""

_pruned: dict[str, datetime] = {}  # database -> when this process last pruned its keys
_pruned_lock = threading.Lock()  # the window's workers create from several threads


def prune_creation_keys(session: Session) -> None:
    """Delete the creation keys older than KEYS_KEPT (GEM's clock), in the session's
    transaction, unless this process did so for this database less than PRUNE_EVERY ago.

    Called when a creation writes its key, so the table never grows past about a month of
    creations without a job of its own to run. On PostgreSQL a login that may not delete keys
    (a person's own login on a secured database) has it done by ``gem_prune_creation_keys``,
    which deletes no key younger than KEYS_KEPT before the newest one and skips keys another
    transaction is deleting (so two creations never wait for each other); a database secured
    before that function existed keeps its keys until ``gem db setup`` runs again."""
    from gem.models.creation import KEYS_KEPT, CreationKey

    now = clock.now()
    url = session.get_bind().engine.url
    database = f"{url.get_backend_name()}:{url.host or ''}:{url.port or ''}/{url.database}"
    with _pruned_lock:
        last = _pruned.get(database)
        if last is not None and last <= now < last + PRUNE_EVERY:
            return
        _pruned[database] = now
    cutoff = now - KEYS_KEPT
    table = table_of(CreationKey)
    if session.connection().dialect.name != "postgresql":
        session.execute(table.delete().where(table.c.created_at < cutoff))
        return
    may_delete, secured = session.execute(sql_text(
        "SELECT has_table_privilege('creation_keys', 'DELETE'), "
        "has_function_privilege(to_regprocedure(:function), 'EXECUTE') IS TRUE"),
        {"function": PRUNE_FUNCTION}).one()
    if may_delete:
        session.execute(table.delete().where(table.c.created_at < cutoff))
    elif secured:
        session.execute(sql_text("SELECT gem_prune_creation_keys(:cutoff)"),
                        {"cutoff": cutoff})


_DRAWS = 3  # a generated value taken meanwhile is drawn again, this many times in all



@dataclass
class KnownRows:
    """What a check of many rows at once (an import's preview) already knows, so that
    ``clean`` asks the database once per referenced value rather than three times per row:
    65,000 members otherwise cost 195,000 queries. ``found`` memoises foreign-key lookups
    (they do not change during one preview); ``keys`` gives, for a unique column the caller
    has read whole, each value's primary key."""

    found: dict[tuple[str, Any], bool] = field(default_factory=dict)
    keys: dict[str, dict[Any, Any]] = field(default_factory=dict)


class EntityService(Generic[M]):
    model: ClassVar[type[Base]]
    entity: ClassVar[str]
    label: ClassVar[str]
    choices: ClassVar[dict[str, type[StrEnum]]] = {}
    date_order: ClassVar[tuple[tuple[str, str], ...]] = ()
    extra_fields: ClassVar[frozenset[str]] = frozenset()
    readonly_on_update: ClassVar[frozenset[str]] = frozenset()
    default_order: ClassVar[str] = "id"
    # Dates that cannot be after today (Québec's day, gem.clock): a filing, a hiring. Every
    # other date lies in the plausible range of gem.services.values.date_range.
    not_after_today: ClassVar[frozenset[str]] = frozenset()
    # Columns the service fills itself on creation when they are left empty (a file number),
    # through generate(), once every check has passed: a refused creation draws nothing.
    generated_on_create: ClassVar[frozenset[str]] = frozenset()

    # ------------------------------------------------------------------ reading
    def base_query(self, actor: Actor) -> Select[Any]:
        """Rows this actor may see; subclasses hide confidential files here."""
        return select(self.model)

    @classmethod
    def primary_key(cls) -> Any:
        """The model's key column as the mapper declares it: most tables are keyed by ``id``,
        but reference tables fixed by law are keyed by their code (health region "04")."""
        mapper = inspect(cls.model)
        (column,) = mapper.primary_key
        return getattr(cls.model, mapper.get_property_by_column(column).key)

    @classmethod
    def keyed_by_id(cls) -> bool:
        """Whether the table is keyed by an integer id, as all are but the reference tables
        keyed by a code fixed by law (a health region's "04"). What names a record in
        another table by an integer (the audit's ``entity_id``, ``creation_keys``, the
        attachments' and deadlines' ``owner_id``) can name only the former."""
        return isinstance(cls.primary_key().property.columns[0].type, Integer)

    def _audit_id(self, obj: M) -> int | None:
        """The record's ``entity_id`` in the audit log: its id, or None for a record keyed by
        a code, which its entry's before and after name instead (as PostgreSQL's own audit
        trigger and change notifications do for such a table, gem.database_roles)."""
        return getattr(obj, self.primary_key().key) if self.keyed_by_id() else None

    def get(self, session: Session, actor: Actor, ident: Any) -> M:
        if not self._possible_key(ident):  # 2**40 is no id: not found, not a driver error
            raise NotFoundError(None, actor.language, entity=self.label_in(actor),
                                ident=shown(ident))
        stmt = self.base_query(actor).where(self.primary_key() == ident)
        obj: M | None = session.scalars(stmt).first()
        if obj is None:
            raise NotFoundError(None, actor.language, entity=self.label_in(actor), ident=ident)
        return obj

    def query(self, actor: Actor, filters: dict[str, Any] | None = None,
              order_by: str | None = None, descending: bool = False) -> Select[Any]:
        stmt = self.apply_filters(self.base_query(actor), actor, filters or {})
        column = self._column_for_order(order_by or self.default_order, actor.language)
        pk = self.primary_key()
        if descending:
            return stmt.order_by(column.desc(), pk.desc())
        return stmt.order_by(column.asc(), pk.asc())

    def find(self, session: Session, actor: Actor, filters: dict[str, Any] | None = None,
             order_by: str | None = None, descending: bool = False, limit: int | None = 100,
             offset: int = 0) -> list[M]:
        """A page of what this actor may see, as objects (the lists' rows are
        gem.services.listing's). Not named ``list``: in the class body that name would hide
        the builtin from every annotation after it."""
        stmt = self.query(actor, filters, order_by, descending).offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        return list(session.scalars(stmt))

    def count(self, session: Session, actor: Actor,
              filters: dict[str, Any] | None = None) -> int:
        inner = self.apply_filters(self.base_query(actor), actor, filters or {})
        return session.scalar(select(func.count()).select_from(inner.subquery())) or 0

    def apply_filters(self, stmt: Select[Any], actor: Actor,
                      filters: dict[str, Any]) -> Select[Any]:
        columns = self._columns()
        for name, value in filters.items():
            if value is None or value == "":
                continue
            if name == "text":
                stmt = self.text_filter(stmt, self._search(str(value), actor))
                continue
            if name not in columns or name in SECRET_COLUMNS:
                raise ValidationError([FieldError(name, name, N_("filtre inconnu."))],
                                      actor.language)
            value = self.filter_value(columns[name], value, actor.language)
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

    def text_filter(self, stmt: Select[Any], text: str) -> Select[Any]:
        """Free-text filter; aggregates with a search key override this."""
        return stmt

    @staticmethod
    def _search(text: str, actor: Actor) -> str:
        """A list's free-text filter as the queries may take it: a character no text may hold
        (a NUL, which PostgreSQL refuses) or more than SEARCH_LENGTH characters is refused
        naming the search, on both engines, like every other filter value (filter_value):
        a list's filters are also typed on the command line, which names what it refuses.
        The quick search cleans each keystroke instead (gem.services.search_keys.search_text).
        """
        try:
            check_text(text)
        except BadValue as exc:
            raise ValidationError([FieldError("text", N_("Recherche"), exc.msgid,
                                              exc.params)], actor.language) from None
        if len(text) > SEARCH_LENGTH:
            raise ValidationError([FieldError("text", N_("Recherche"),
                                              N_("{length} caractères au plus ({actual} "
                                                 "saisis)."),
                                              {"length": SEARCH_LENGTH, "actual": len(text)})],
                                  actor.language)
        return text

    def filter_value(self, column: Column[Any], value: Any, lang: str | None) -> Any:
        """A filter's value (a Range, a list or one value) typed like its column and within
        the column's limits, or a ValidationError naming the filter: a date typed
        2026-02-30 on the command line, an id of 2**40, a NUL."""
        def one(item: Any) -> Any:
            if item is None or item == "":
                return None
            typed = self._coerce(column, item)
            if isinstance(typed, int) and not isinstance(typed, bool):
                check_int(typed, self._int_kind(column))
            return typed

        try:
            if isinstance(value, Range):
                return Range(one(value.low), one(value.high))
            if isinstance(value, list | tuple | set | frozenset):
                return [one(v) for v in value]
            return one(value)
        except BadValue as exc:
            raise ValidationError([FieldError(column.key, self._label(column), exc.msgid,
                                              exc.params)], lang) from None

    # ------------------------------------------------------------------ writing
    def create(self, session: Session, actor: Actor, data: dict[str, Any]) -> M:
        """A new record from ``data``; with ``data[CREATION_KEY]``, the record already made
        with that key if there is one (when this actor may see it), nothing written."""
        actor = self.require(actor, Action.CREATE, session)
        data = dict(data)
        key = _creation_key(data.pop(CREATION_KEY, None))
        if not self.keyed_by_id():
            # A record keyed by its code keeps no creation key (creation_keys.entity_id is an
            # id) and needs none: a retry of its creation is refused naming the code typed.
            key = None
        if key is not None:
            made = self._made_with(session, actor, key)
            if made is not None:
                return made
        values, extras = self.clean(session, actor, data, None)
        generated = {k: self.generate(session, actor, k) for k in sorted(self.generated_on_create)
                     if values.get(k) is None}
        values.update(generated)
        obj = cast(M, self.model(**values))  # model is M's class (a ClassVar cannot say so)
        self.before_save(session, actor, obj, values, extras, created=True)
        _versioned(obj).updated_by_id = actor.id
        self._insert(session, actor, obj, generated)
        self.after_save(session, actor, obj, values, extras, created=True)
        session.flush()
        audit.record(session, actor, "create", self.entity, self._audit_id(obj),
                     None, audit.snapshot(obj) | self.links(session, obj))
        if key is not None:
            self._keep_key(session, actor, key, getattr(obj, "id"))  # noqa: B009 - M has no id
        return obj

    def generate(self, session: Session, actor: Actor, key: str) -> Any:
        """The value of ``key`` (one of ``generated_on_create``) for a new record."""
        raise NotImplementedError(f"{type(self).__name__} generates no {key}")

    def _made_with(self, session: Session, actor: Actor, key: str) -> M | None:
        """The record made earlier with this creation key, read as this actor may see it
        (NotFoundError otherwise); None when the key is new."""
        from gem.models import CreationKey

        made = session.execute(select(CreationKey.entity, CreationKey.entity_id)
                               .where(CreationKey.key == key)).first()
        if made is None:
            return None
        if made.entity != self.entity:
            raise ValueError(f"creation key {key!r} made a {made.entity}, not a {self.entity}")
        obj = self.get(session, actor, made.entity_id)
        session.info.setdefault(_REPLAYED, set()).add((self.entity, made.entity_id))
        return obj

    def _keep_key(self, session: Session, actor: Actor, key: str, ident: int) -> None:
        """Store the key with the record. Another attempt with the same key may have been
        under way meanwhile (its answer given up on, not its transaction): the insert then
        waits for it, and if it committed, this record must not stay: the whole creation is
        refused, and saving again shows the one that was made."""
        from gem.models import CreationKey

        table = table_of(CreationKey)
        row = {"key": key, "entity": self.entity, "entity_id": ident,
               "created_at": clock.now()}
        if session.connection().dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            # psycopg reports no row count for an INSERT: ask for the row instead
            stored = session.execute(pg_insert(table).values(**row).on_conflict_do_nothing(
                index_elements=["key"]).returning(table.c.key)).first() is not None
        else:  # (RETURNING needs SQLite 3.35, which some Linux machines still lack)
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            done = session.execute(sqlite_insert(table).values(**row).on_conflict_do_nothing(
                index_elements=["key"]))
            stored = cast(CursorResult[Any], done).rowcount == 1  # an INSERT's result
        if not stored:
            raise ValidationError([FieldError("", N_("Enregistrement"), N_(
                "un autre essai du même enregistrement vient d'aboutir ; enregistrez de "
                "nouveau pour afficher la fiche."))], actor.language)
        prune_creation_keys(session)

    def _insert(self, session: Session, actor: Actor, obj: M,
                generated: dict[str, Any]) -> None:
        """Write the new row, in a savepoint. A unique value the database refuses is that
        field's own message, never the database's words (a number typed by hand that a
        confidential file, hidden from this person, already holds); a generated one taken
        meanwhile (typed by hand at that very moment) is drawn again."""
        for attempt in range(_DRAWS):
            try:
                with session.begin_nested():
                    session.add(obj)
                    self._flush(session, actor)
                return
            except ValidationError as exc:
                column = self._unique_refused(exc.__cause__)
                if column is None:
                    raise
                if column in generated and attempt + 1 < _DRAWS:
                    generated[column] = self.generate(session, actor, column)
                    setattr(obj, column, generated[column])
                    continue
                label = self._label(self._columns()[column])
                raise ValidationError([FieldError(column, label,
                                                  N_("« {value} » est déjà utilisé."),
                                                  {"value": getattr(obj, column)})],
                                      actor.language) from exc

    def _unique_refused(self, exc: BaseException | None) -> str | None:
        """The column whose unique constraint refused a row (``uq_<table>_<column>``, the
        naming convention of gem.models.base; ``pk_<table>`` for a key typed by hand, a
        health region's code), or None for any other refusal."""
        if not isinstance(exc, IntegrityError):
            return None
        named = getattr(getattr(exc.orig, "diag", None), "constraint_name", None)  # psycopg
        words = str(exc.orig)                                                       # sqlite3
        table = table_of(self.model)
        for column in table.columns:
            names = {f"uq_{table.name}_{column.name}"} if column.unique else \
                {f"pk_{table.name}"} if column.primary_key else set()
            if names and (named in names or
                          f"UNIQUE constraint failed: {table.name}.{column.name}" in words):
                return column.key
        return None

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
        _versioned(obj).updated_by_id = actor.id
        _versioned(obj).updated_at = clock.now()
        try:
            self._flush(session, actor)
        except StaleDataError:
            raise self._conflict(session, actor, ident, data) from None
        self.after_save(session, actor, obj, values, extras, created=False)
        session.flush()
        after = audit.snapshot(obj)
        old, new = audit.diff(before, after)
        if not self.keyed_by_id():  # the entry names the record by its code (_audit_id)
            key_name = self.primary_key().key
            old.setdefault(key_name, before[key_name])
            new.setdefault(key_name, after[key_name])
        for key, after_links in self.links(session, obj).items():
            was: set[Any] = set(links_before.get(key, []))
            now: set[Any] = set(after_links)
            if was != now:  # what was added and removed, not only the two lists
                old[key] = sorted(was, key=str)
                new[key] = {"added": sorted(now - was, key=str),
                            "removed": sorted(was - now, key=str)}
        audit.record(session, actor, "update", self.entity, self._audit_id(obj), old, new)
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
        # read while the record shows them (RLS); only a record with an id owns any
        owned = self._owned(session, ident) if self.keyed_by_id() else {}
        try:
            self._flush_delete(session, actor, obj, ident)
        except StaleDataError:
            raise self._conflict(session, actor, ident, {}) from None
        removed = self._remove_owned(session, ident, owned)
        if removed:
            before["removed_with_it"] = removed
        audit.record(session, actor, "delete", self.entity, self._audit_id(obj), before, None)

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
            raise self._conflict(session, actor, getattr(obj, self.primary_key().key), data)

    def editable_fields(self) -> set[str]:
        return set(self._columns()) - SYSTEM_FIELDS

    def clean(self, session: Session, actor: Actor, data: dict[str, Any],
              obj: M | None, known: KnownRows | None = None
              ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Typed values for the columns in ``data`` and the extra (non-column) inputs,
        or a ValidationError naming every wrong field at once. ``known``: see KnownRows."""
        columns = self._columns()
        editable = self.editable_fields()
        if obj is not None:
            editable -= self.readonly_on_update
        errors: list[FieldError] = []
        values: dict[str, Any] = {}
        extras: dict[str, Any] = {}
        for key, raw in data.items():
            if key in self.extra_fields:
                if key in TEXT_INPUTS and raw is not None and not isinstance(raw, str):
                    errors.append(FieldError(key, TEXT_INPUTS[key],
                                             N_("une valeur de texte est attendue.")))
                    continue
                try:
                    extras[key] = self._clean_list(raw) if key in LIST_INPUTS else raw
                except BadValue as exc:
                    errors.append(FieldError(key, LIST_INPUTS[key], exc.msgid, exc.params))
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
            errors.extend(self._check_column(session, columns[key], value, obj, known))
        for key, column in columns.items():
            if key in editable and self._required(column) and merged.get(key) is None \
                    and not any(e.field == key for e in errors):
                if (obj is None and key not in self.generated_on_create) or \
                        (obj is not None and key in values):
                    errors.append(FieldError(key, self._label(column),
                                             N_("ce champ est obligatoire.")))
        for start, end in self.date_order:
            low, high = merged.get(start), merged.get(end)
            if low is not None and high is not None and high < low:
                errors.append(FieldError(end, self._label(columns[end]),
                                         N_("ne peut pas précéder « {other} » ({value})."),
                                         {"other": Label(self._label(columns[start])),
                                          "value": low.isoformat()}))
        if not errors:
            errors.extend(self.check(session, actor, merged, extras, obj))
        if errors:
            raise ValidationError(errors, actor.language)
        return values, extras

    def _merged(self, obj: M | None, values: dict[str, Any]) -> dict[str, Any]:
        if obj is None:
            merged = {}
            for key, column in self._columns().items():
                arg = getattr(column.default, "arg", None)  # a value, or what computes it
                merged[key] = None if callable(arg) else arg
        else:
            merged = {key: getattr(obj, key) for key in self._columns()}
        merged.update(values)
        return merged

    def _coerce(self, column: Column[Any], raw: Any) -> Any:
        try:
            python_type = column.type.python_type
        except NotImplementedError:
            return raw
        if python_type is str:
            # A column without a length (Text) holds several lines; a String, one.
            value = parse_text(raw, multiline=getattr(column.type, "length", None) is None)
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

    def _check_column(self, session: Session, column: Column[Any], value: Any,
                      obj: M | None, known: KnownRows | None = None) -> list[FieldError]:
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
                                   {"value": shown(value)})]
            if value < 0:
                return [FieldError(column.key, label, N_("ne peut pas être négatif."))]
            if scale is not None:
                try:
                    check_scale(value, scale)
                except BadValue as exc:
                    return [FieldError(column.key, label, exc.msgid, exc.params)]
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                check_int(value, self._int_kind(column))
            except BadValue as exc:
                return [FieldError(column.key, label, exc.msgid, exc.params)]
        if isinstance(value, date):
            found = date_errors(column.key, label, value, column.key in self.not_after_today)
            if found:
                return found
        for fk in column.foreign_keys:
            target = fk.column
            memo = (str(target), value)
            if known is not None and memo in known.found:
                exists = known.found[memo]
            else:
                exists = session.execute(
                    select(target).where(target == value).limit(1)).first() is not None
                if known is not None:
                    known.found[memo] = exists
            if not exists:
                return [FieldError(column.key, label,
                                   N_("aucun enregistrement ne correspond à « {value} »."),
                                   {"value": value})]
        if column.unique or column.primary_key:  # a key typed by hand: a region's code
            pk = self.primary_key()
            if known is not None and column.key in known.keys:
                holder = known.keys[column.key].get(value)
                taken = holder is not None and (obj is None or holder != getattr(obj, pk.key))
            else:
                stmt = select(pk).where(getattr(self.model, column.key) == value)
                if obj is not None:
                    stmt = stmt.where(pk != getattr(obj, pk.key))
                taken = session.execute(stmt.limit(1)).first() is not None
            if taken:
                return [FieldError(column.key, label,
                                   N_("« {value} » est déjà utilisé."), {"value": value})]
        return []

    @staticmethod
    def _required(column: Column[Any]) -> bool:
        """An id is the database's to give; a key typed by hand (a region's code) is not."""
        generated = column.primary_key and isinstance(column.type, Integer)
        return not column.nullable and column.default is None and \
            column.server_default is None and not generated

    @staticmethod
    def _label(column: Column[Any]) -> str:
        return str(column.info.get("label", column.key))

    def _columns(self) -> dict[str, Column[Any]]:
        return {c.key: c for c in table_of(self.model).columns}

    def _column_for_order(self, name: str, lang: str | None = None) -> Any:
        """The column to sort by; a name that is none of them is refused with the allowed
        ones, never silently replaced by the default order."""
        columns = self._columns()
        if name not in columns or name in SECRET_COLUMNS:
            allowed = ", ".join(sorted(k for k in columns if k not in SECRET_COLUMNS))
            raise ValidationError([FieldError("order_by", N_("Trier par"),
                                              N_("« {value} » n'est pas une valeur permise "
                                                 "({allowed})."),
                                              {"value": shown(name), "allowed": allowed})],
                                  lang)
        return getattr(self.model, name)

    @staticmethod
    def _int_kind(column: Column[Any]) -> str:
        if isinstance(column.type, BigInteger):
            return "big"
        if isinstance(column.type, SmallInteger):
            return "small"
        return "integer"

    def _possible_key(self, ident: Any) -> bool:
        """Whether ``ident`` can be a key of this table at all: an integer within the key
        column's range, a text without control characters."""
        column = self.primary_key().property.columns[0]
        try:
            typed = self._coerce(column, ident)
            if isinstance(typed, int) and not isinstance(typed, bool):
                check_int(typed, self._int_kind(column))
        except BadValue:
            return False
        return typed is not None

    def _clean_list(self, raw: Any) -> list[Any] | None:
        """A list input (LIST_INPUTS) as a list: ids as integers within an id's range,
        citations as single-line texts; a bare string, a number or a mapping is refused."""
        if raw is None:
            return None
        if not isinstance(raw, list | tuple | set | frozenset):
            raise BadValue(N_("une liste est attendue, pas « {value} »."), value=shown(raw))
        items: list[Any] = []
        for item in raw:
            if isinstance(item, bool) or not isinstance(item, int | str):
                raise BadValue(N_("« {value} » n'est pas un élément valide de la liste."),
                               value=shown(item))
            if isinstance(item, str):
                item = parse_text(item)
                if item is None:
                    continue
                if item.isdigit():
                    item = parse_int(item)
            if isinstance(item, int):
                check_int(item)
            items.append(item)
        return items

    def _fit_derived(self, session: Session, actor: Actor) -> None:
        """The last look at this aggregate's rows before they are written, once the derived
        columns are set (before_save): a derived key longer than its column is cut to fit
        (it only serves the search: gem.services.search_keys.fit_key), any other text longer
        than its column is refused by name rather than by the database, or stored whole by
        SQLite."""
        from gem.services.search_keys import fit_key

        errors: list[FieldError] = []
        for obj in list(session.new) + list(session.dirty):
            if not isinstance(obj, self.model):
                continue
            for column in table_of(self.model).columns:
                length = getattr(column.type, "length", None)
                value = getattr(obj, column.key, None)
                if not isinstance(column.type, String) or not length or \
                        not isinstance(value, str) or len(value) <= length:
                    continue
                if column.key in SYSTEM_FIELDS:
                    setattr(obj, column.key, fit_key(value, length))
                else:
                    errors.append(FieldError(column.key, self._label(column),
                                             N_("{length} caractères au plus ({actual} "
                                                "saisis)."),
                                             {"length": length, "actual": len(value)}))
        if errors:
            raise ValidationError(errors, actor.language)

    def _flush_delete(self, session: Session, actor: Actor, obj: Any, ident: Any) -> None:
        """Delete ``obj`` in a savepoint: a record other rows still point at is refused with
        what uses it, in the reader's language, instead of the database's own words."""
        try:
            with session.begin_nested():
                session.delete(obj)
                session.flush()
        except IntegrityError:
            raise ValidationError(self._still_used(session, ident), actor.language) from None

    def _still_used(self, session: Session, ident: Any) -> list[FieldError]:
        """One line per kind of record pointing at this one (grievances naming a member...),
        counted among the rows the session may read."""
        table = table_of(self.model)
        labels = _labels_by_table()
        counts: dict[str, int] = {}
        for other in Base.metadata.sorted_tables:
            for fk in other.foreign_keys:
                if fk.column.table is not table or \
                        (fk.ondelete or "").upper() in ("CASCADE", "SET NULL"):
                    continue
                what, counted = _named_by(other, fk.parent, labels)
                found = session.scalar(select(func.count(func.distinct(counted)))
                                       .where(fk.parent == ident)) or 0
                if found:
                    counts[what] = counts.get(what, 0) + found
        if not counts:
            return [FieldError("", self.label,
                               N_("suppression refusée : d'autres enregistrements l'utilisent "
                                  "encore."))]
        return [FieldError("", self.label,
                           N_("suppression refusée : encore utilisé par {what} ({count})."),
                           {"what": Label(what), "count": count})
                for what, count in counts.items()]

    def _flush(self, session: Session, actor: Actor) -> None:
        self._fit_derived(session, actor)
        try:
            session.flush()
        except IntegrityError as exc:
            raise ValidationError([FieldError("", N_("Enregistrement"),
                                              N_("refusé par la base de données ({detail})."),
                                              {"detail": str(exc.orig).splitlines()[0]})],
                                  actor.language) from exc

    def _conflict(self, session: Session, actor: Actor, ident: int,
                  yours: dict[str, Any]) -> ConflictError:
        return conflict(session, actor, self.model, ident, yours, label=self.label)


# ---------------------------------------------------------------------- conflicts
def conflict(session: Session, actor: Actor, model: type[Base], ident: Any,
             yours: dict[str, Any] | None = None, *, label: str | None = None
             ) -> ConflictError:
    """The ConflictError for record ``ident`` of ``model`` (``label``: its French name,
    else its service's): who changed it last and when (``updated_by`` and ``updated_at``,
    which every write of a versioned record stamps), their version beside ``yours``.

    Read through a separate, read-only session: the current transaction may be unusable
    after a failed flush, and on SQLite a transaction that may write would wait for the
    lock this one still holds (gem.db, BEGIN IMMEDIATE)."""
    from gem.db import READS_ONLY

    with Session(bind=session.get_bind()) as fresh:
        fresh.connection(execution_options={READS_ONLY: True})
        current = fresh.get(model, ident)
        theirs = audit.snapshot(current) if current is not None else {}
        by = getattr(current, "updated_by_id", None)
        user = fresh.get(User, by) if by is not None else None
        when = getattr(current, "updated_at", None)
    name = label if label is not None else _label_of(model)
    # named as people name them: a file by its number, a colleague by her name
    shown = getattr(current, "file_number", None) or ident
    who = (user.full_name or user.login) if user else "?"
    return ConflictError(tr(name, actor.language), shown, who, when,
                         theirs, {k: audit._json_value(v) for k, v in (yours or {}).items()},
                         actor.language, record_id=ident)


def flush_or_conflict(session: Session, actor: Actor, yours: dict[str, Any] | None = None,
                      labels: dict[type, str] | None = None) -> None:
    """Flush what a service changed on records it loaded (a deadline, an invoice's total,
    the match of invoice lines...); when one of them was saved by someone else since it was
    read (SQLAlchemy's StaleDataError), the ConflictError naming that record, who changed it
    and when (:func:`conflict`). ``labels``: the French name of models that have no service
    of their own (a deadline)."""
    from gem.models import Versioned

    pending = []  # read before the flush: a failed flush forgets what it was writing
    changed = [o for o in session.dirty if session.is_modified(o)]
    for obj in (*changed, *session.deleted):
        state = inspect(obj)
        if isinstance(obj, Versioned) and state.identity is not None:
            pending.append((type(obj), state.identity[0], state.dict.get("version")))
    try:
        session.flush()
    except StaleDataError:
        found = _stale(session, pending)
        if found is None:
            raise  # no record it wrote had changed: a bug, never worded as a conflict
        model, ident = found
        raise conflict(session, actor, model, ident, yours, label=(labels or {}).get(model)) \
            from None


def _versioned(obj: Base) -> Versioned:
    """The record as the Versioned it is: every service's model is one (its version, who
    changed it last), but a type variable has one bound, so M is bound to Base only."""
    return cast(Versioned, obj)


def _stale(session: Session, pending: list[tuple[type, Any, Any]]) -> tuple[type, Any] | None:
    """Which of the records a flush was writing was changed or deleted since it was read."""
    from gem.db import READS_ONLY

    with Session(bind=session.get_bind()) as fresh:
        fresh.connection(execution_options={READS_ONLY: True})
        for model, ident, version in pending:
            mapper: Mapper[Any] = inspect(model)
            assert mapper.version_id_col is not None  # pending holds Versioned records only
            stored = fresh.scalar(select(mapper.version_id_col)
                                  .where(mapper.primary_key[0] == ident))
            if stored != version:
                return model, ident
    return None


def _label_of(model: type[Base]) -> str:
    """The French name of a model: its service's label, else the name its table is given."""
    table = table_of(model).name
    return _labels_by_table().get(table) or _TABLE_LABELS.get(table, table)


def _labels_by_table() -> dict[str, str]:
    """Each table's label, from the service that stands for it."""
    import importlib

    for name in _SERVICE_MODULES:
        importlib.import_module(f"gem.services.{name}")
    found: dict[str, str] = {}
    pending: list[type] = [EntityService]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        model = cls.__dict__.get("model")
        if model is not None and "label" in cls.__dict__:
            found.setdefault(model.__table__.name, cls.__dict__["label"])
    return found


def _named_by(table: Table, column: Column[Any], labels: dict[str, str]) -> tuple[str, Any]:
    """What rows of ``table`` are called in a "still used by" message, and the column to
    count them by: a link table (a grievance's members) is named after the record owning it,
    through its cascading key."""
    rows = next(iter(table.primary_key.columns), column)
    if table.name in labels:
        return labels[table.name], rows
    if table.name in _TABLE_LABELS:
        return _TABLE_LABELS[table.name], rows
    for fk in table.foreign_keys:
        if fk.parent is not column and (fk.ondelete or "").upper() == "CASCADE":
            owner = fk.column.table.name
            return labels.get(owner, _TABLE_LABELS.get(owner, N_("autres enregistrements"))), \
                fk.parent
    return N_("autres enregistrements"), rows
