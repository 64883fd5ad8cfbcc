"""List definitions: the columns, joins, filters and sort keys of every list in GEM.

One definition feeds the window's paged table, the Excel export "as filtered on screen" and
the CLI, so the three always show the same rows and numbers. Sorting and filtering happen in
the database (ORDER BY / WHERE), never in Python, so 100,000 rows stay fast.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, func, literal_column, select
from sqlalchemy.orm import Session, aliased

from gem import clock
from gem.formatting import format_bool, format_date, format_money, format_number
from gem.i18n import N_, tr
from gem.labels import label
from gem.models import (
    Agreement,
    Arbitration,
    Arbitrator,
    Grievance,
    HealthRegion,
    Hearing,
    Institution,
    JobTitle,
    LeaveInvoice,
    Member,
    Recourse,
    UnionLeave,
    User,
)
from gem.models.base import table_of
from gem.services.actor import Actor
from gem.services.entity import SECRET_COLUMNS, EntityService, Range
from gem.services.errors import FieldError, ValidationError


@dataclass(frozen=True)
class ListColumn:
    key: str
    label: str  # French, translated when shown
    expr: Any  # SQL expression
    kind: str = "text"  # text | date | datetime | money | number | int | bool | code:<kind>
    width: int = 14  # in characters, for Excel and the initial column width

    def display(self, value: Any, lang: str | None = None) -> str:
        if value is None:
            return ""
        if self.kind in ("date", "datetime"):
            return format_date(value)
        if self.kind == "money":
            return format_money(value, lang)
        if self.kind == "number":
            return format_number(value, 2, lang)
        if self.kind == "bool":
            return format_bool(value, lang)
        if self.kind.startswith("code:"):
            return label(self.kind[5:], value, lang)
        return str(value)


@dataclass(frozen=True)
class ListDefinition:
    name: str
    title: str
    service: Callable[[], EntityService[Any]]
    columns: tuple[ListColumn, ...]
    joins: Callable[[Select[Any]], Select[Any]]
    filters: dict[str, Any] = field(default_factory=dict)  # extra filter key -> expression
    default_order: str = ""
    descending: bool = False

    def column(self, key: str) -> ListColumn:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]


_counsellor = aliased(User, name="counsellor")
_parent = aliased(Institution, name="parent")


def _today() -> date:
    return clock.today()


def _next_hearing() -> Any:
    return (select(func.min(Hearing.date))
            .where(Hearing.arbitration_id == Arbitration.id, Hearing.date >= _today())
            .correlate(Arbitration).scalar_subquery())


def _member_name() -> Any:
    return Member.last_name + literal_column("', '") + Member.first_name


LISTS: dict[str, ListDefinition] = {}
_defined = False
_define_lock = threading.RLock()  # the window builds them in a worker, its screens may ask too


def _register(definition: ListDefinition) -> None:
    LISTS[definition.name] = definition


def _define() -> None:
    from gem.services.arbitration import ArbitrationService
    from gem.services.grievance import GrievanceService
    from gem.services.institution import InstitutionService
    from gem.services.leave import LeaveInvoiceService, UnionLeaveService
    from gem.services.member import MemberService
    from gem.services.recourse import RecourseService
    from gem.services.settlement import AgreementService
    from gem.services.users import UserService

    _register(ListDefinition(
        "members", N_("Membres"), MemberService,
        (ListColumn("member_number", N_("Numéro de membre"), Member.member_number, width=12),
         ListColumn("last_name", N_("Nom de famille"), Member.last_name, width=18),
         ListColumn("first_name", N_("Prénom"), Member.first_name, width=16),
         ListColumn("institution", N_("Établissement"), Institution.name, width=40),
         ListColumn("job_title", N_("Titre d'emploi"), JobTitle.title_fr, width=30),
         ListColumn("employment_status", N_("Statut d'emploi"), Member.employment_status,
                    "code:employment_status"),
         ListColumn("seniority_date", N_("Date d'ancienneté"), Member.seniority_date, "date"),
         ListColumn("status", N_("Statut"), Member.status, "code:member_status", width=8)),
        lambda s: s.outerjoin(Institution, Institution.id == Member.institution_id)
                   .outerjoin(JobTitle, JobTitle.id == Member.job_title_id),
        {"region_code": Institution.region_code},
        default_order="last_name"))

    _register(ListDefinition(
        "institutions", N_("Établissements"), InstitutionService,
        (ListColumn("name", N_("Nom"), Institution.name, width=50),
         ListColumn("type", N_("Type"), Institution.type, "code:institution_type"),
         ListColumn("region_code", N_("Région"), Institution.region_code, width=6),
         ListColumn("region", N_("Région sociosanitaire"), HealthRegion.name, width=28),
         ListColumn("parent", N_("Établissement parent"), _parent.name, width=16),
         ListColumn("valid_from", N_("En vigueur du"), Institution.valid_from, "date"),
         ListColumn("valid_to", N_("En vigueur jusqu'au"), Institution.valid_to, "date")),
        lambda s: s.outerjoin(HealthRegion, HealthRegion.code == Institution.region_code)
                   .outerjoin(_parent, _parent.id == Institution.parent_id),
        default_order="name"))

    _register(ListDefinition(
        "grievances", N_("Griefs"), GrievanceService,
        (ListColumn("file_number", N_("Numéro de dossier"), Grievance.file_number, width=14),
         ListColumn("title", N_("Objet"), Grievance.title, width=36),
         ListColumn("kind", N_("Type"), Grievance.kind, "code:grievance_kind", width=10),
         ListColumn("nature", N_("Nature"), Grievance.nature, "code:grievance_nature"),
         ListColumn("institution", N_("Établissement"), Institution.name, width=36),
         ListColumn("counsellor", N_("Conseiller"), _counsellor.full_name, width=20),
         ListColumn("status", N_("Statut"), Grievance.status, "code:grievance_status"),
         ListColumn("filed_date", N_("Date de dépôt"), Grievance.filed_date, "date"),
         ListColumn("closed_date", N_("Date de fermeture"), Grievance.closed_date, "date"),
         ListColumn("outcome", N_("Issue"), Grievance.outcome, "code:outcome"),
         ListColumn("amount_claimed", N_("Montant réclamé"), Grievance.amount_claimed,
                    "money"),
         ListColumn("last_activity_at", N_("Dernière activité"), Grievance.last_activity_at,
                    "datetime", width=16)),
        lambda s: s.join(Institution, Institution.id == Grievance.institution_id)
                   .outerjoin(_counsellor, _counsellor.id == Grievance.counsellor_id),
        {"region_code": Institution.region_code},
        default_order="filed_date", descending=True))

    _register(ListDefinition(
        "arbitrations", N_("Arbitrages"), ArbitrationService,
        (ListColumn("file_number", N_("Numéro de dossier"), Arbitration.file_number),
         ListColumn("registry_number", N_("Numéro au greffe"), Arbitration.registry_number),
         ListColumn("institution", N_("Établissement"), Institution.name, width=36),
         ListColumn("arbitrator", N_("Arbitre"), Arbitrator.name, width=22),
         ListColumn("procedure", N_("Procédure"), Arbitration.procedure,
                    "code:arbitration_procedure"),
         ListColumn("counsellor", N_("Conseiller"), _counsellor.full_name, width=20),
         ListColumn("status", N_("Statut"), Arbitration.status, "code:arbitration_status"),
         ListColumn("next_hearing", N_("Prochaine audience"), _next_hearing(), "date"),
         ListColumn("award_date", N_("Date de la sentence"), Arbitration.award_date, "date"),
         ListColumn("outcome", N_("Issue"), Arbitration.outcome, "code:outcome")),
        lambda s: s.join(Institution, Institution.id == Arbitration.institution_id)
                   .outerjoin(Arbitrator, Arbitrator.id == Arbitration.arbitrator_id)
                   .outerjoin(_counsellor, _counsellor.id == Arbitration.counsellor_id),
        {"region_code": Institution.region_code},
        default_order="file_number", descending=True))

    _register(ListDefinition(
        "agreements", N_("Ententes"), AgreementService,
        (ListColumn("file_number", N_("Numéro de dossier"), Agreement.file_number),
         ListColumn("kind", N_("Type"), Agreement.kind, "code:agreement_kind", width=20),
         ListColumn("title", N_("Objet"), Agreement.title, width=36),
         ListColumn("institution", N_("Établissement"), Institution.name, width=36),
         ListColumn("status", N_("Statut"), Agreement.status, "code:agreement_status"),
         ListColumn("signed_date", N_("Date de signature"), Agreement.signed_date, "date"),
         ListColumn("amount", N_("Montant"), Agreement.amount, "money")),
        lambda s: s.join(Institution, Institution.id == Agreement.institution_id),
        {"region_code": Institution.region_code},
        default_order="file_number", descending=True))

    _register(ListDefinition(
        "union_leaves", N_("Libérations syndicales"), UnionLeaveService,
        (ListColumn("member", N_("Membre"), _member_name(), width=26),
         ListColumn("institution", N_("Établissement"), Institution.name, width=36),
         ListColumn("leave_type", N_("Type de libération"), UnionLeave.leave_type,
                    "code:leave_type", width=20),
         ListColumn("start_date", N_("Du"), UnionLeave.start_date, "date"),
         ListColumn("end_date", N_("Au"), UnionLeave.end_date, "date"),
         ListColumn("hours", N_("Heures"), UnionLeave.hours, "number", width=8),
         ListColumn("payment", N_("Rémunération"), UnionLeave.payment, "code:leave_payment",
                    width=22),
         ListColumn("status", N_("Statut"), UnionLeave.status, "code:leave_status")),
        lambda s: s.join(Member, Member.id == UnionLeave.member_id)
                   .join(Institution, Institution.id == UnionLeave.institution_id),
        {"region_code": Institution.region_code},
        default_order="start_date", descending=True))

    _register(ListDefinition(
        "leave_invoices", N_("Factures de libérations"), LeaveInvoiceService,
        (ListColumn("institution", N_("Établissement"), Institution.name, width=36),
         ListColumn("number", N_("Numéro de facture"), LeaveInvoice.number),
         ListColumn("invoice_date", N_("Date de facture"), LeaveInvoice.invoice_date, "date"),
         ListColumn("period_start", N_("Début de période"), LeaveInvoice.period_start, "date"),
         ListColumn("period_end", N_("Fin de période"), LeaveInvoice.period_end, "date"),
         ListColumn("total", N_("Total"), LeaveInvoice.total, "money"),
         ListColumn("status", N_("Statut"), LeaveInvoice.status, "code:invoice_status")),
        lambda s: s.join(Institution, Institution.id == LeaveInvoice.institution_id),
        {"region_code": Institution.region_code},
        default_order="invoice_date", descending=True))

    _register(ListDefinition(
        "recourses", N_("Recours"), RecourseService,
        (ListColumn("file_number", N_("Numéro de dossier"), Recourse.file_number),
         ListColumn("forum", N_("Instance"), Recourse.forum, "code:recourse_forum", width=24),
         ListColumn("kind", N_("Type de recours"), Recourse.kind, "code:recourse_kind",
                    width=26),
         ListColumn("member", N_("Membre"), _member_name(), width=24),
         ListColumn("institution", N_("Établissement"), Institution.name, width=36),
         ListColumn("notification_date", N_("Date de notification"),
                    Recourse.notification_date, "date"),
         ListColumn("deadline_date", N_("Échéance"), Recourse.deadline_date, "date"),
         ListColumn("counsellor", N_("Conseiller"), _counsellor.full_name, width=20),
         ListColumn("status", N_("Statut"), Recourse.status, "code:recourse_status")),
        lambda s: s.outerjoin(Member, Member.id == Recourse.member_id)
                   .outerjoin(Institution, Institution.id == Recourse.institution_id)
                   .outerjoin(_counsellor, _counsellor.id == Recourse.counsellor_id),
        {"region_code": Institution.region_code},
        default_order="file_number", descending=True))

    _register(ListDefinition(
        "users", N_("Utilisateurs"), UserService,
        (ListColumn("login", N_("Identifiant"), User.login),
         ListColumn("full_name", N_("Nom complet"), User.full_name, width=26),
         ListColumn("role", N_("Rôle"), User.role, "code:role", width=24),
         ListColumn("language", N_("Langue"), User.language, "code:language", width=8),
         ListColumn("active", N_("Actif"), User.active, "bool", width=6)),
        lambda s: s, default_order="login"))


def _ensure_defined() -> None:
    global _defined
    if _defined:
        return
    with _define_lock:
        if not _defined:
            _define()
            _defined = True


def get_list(name: str) -> ListDefinition:
    _ensure_defined()
    try:
        return LISTS[name]
    except KeyError:
        raise ValidationError([FieldError("list", N_("Liste"), N_("liste inconnue : {value}."),
                                          {"value": name})]) from None


def list_names() -> list[str]:
    _ensure_defined()
    return list(LISTS)


def _statement(definition: ListDefinition, actor: Actor, filters: dict[str, Any]) -> Select[Any]:
    """SELECT id, <columns> over the rows the actor may see, filtered.

    The service's visibility rule (confidential files) and its filters are WHERE clauses on
    the model's columns, so they apply unchanged to the joined statement."""
    service = definition.service()
    model: Any = service.model
    stmt = definition.joins(select(model.id, *[c.expr for c in definition.columns])
                            .select_from(model))
    visible = service.base_query(actor).whereclause
    if visible is not None:
        stmt = stmt.where(visible)
    own = {k: v for k, v in filters.items() if k not in definition.filters}
    stmt = service.apply_filters(stmt, actor, own)
    for key, value in filters.items():
        if key not in definition.filters or value in (None, "", [], ()):
            continue
        expr = definition.filters[key]
        value = service.filter_value(expr.property.columns[0], value, actor.language)
        if isinstance(value, Range):
            if value.low is not None:
                stmt = stmt.where(expr >= value.low)
            if value.high is not None:
                stmt = stmt.where(expr <= value.high)
        elif isinstance(value, list | tuple | set):
            stmt = stmt.where(expr.in_(list(value)))
        else:
            stmt = stmt.where(expr == value)
    return stmt


def check_order(name: str, order_by: str | None, lang: str | None = None) -> None:
    """A sort key that is none of the list's columns is refused, naming the allowed ones,
    rather than silently replaced by the default order."""
    definition = get_list(name)
    if order_by and order_by not in definition.keys:
        raise ValidationError([FieldError("order_by", N_("Trier par"),
                                          N_("« {value} » n'est pas une valeur permise "
                                             "({allowed})."),
                                          {"value": order_by,
                                           "allowed": ", ".join(definition.keys)})], lang)


def typed_filters(name: str, filters: dict[str, Any],
                  lang: str | None = None) -> dict[str, Any]:
    """Filter values typed on the command line are text: each gets the type of the model
    column it filters (dates, numbers, booleans), as the window's filter widgets do, within
    the column's limits; a value that is none is refused naming the filter (its label), and
    so is a filter the list does not have."""
    definition = get_list(name)
    service = definition.service()
    columns = {c.key: c for c in table_of(service.model).columns}
    result: dict[str, Any] = {}
    for key, value in filters.items():
        if key in definition.filters:
            column = definition.filters[key].property.columns[0]
        elif key == "text":
            result[key] = value
            continue
        else:
            column = columns.get(key)
        if column is None or key in SECRET_COLUMNS:
            allowed = sorted({"text", *definition.filters,
                              *(k for k in columns if k not in SECRET_COLUMNS)})
            raise ValidationError([FieldError(key, key, N_("filtre inconnu ({allowed})."),
                                              {"allowed": ", ".join(allowed)})], lang)
        result[key] = service.filter_value(column, value, lang)
    return result


def _ordered(definition: ListDefinition, stmt: Select[Any], order_by: str | None,
             descending: bool | None) -> Select[Any]:
    model: Any = definition.service().model
    check_order(definition.name, order_by)
    key = order_by or definition.default_order
    desc = definition.descending if descending is None else descending
    expr = definition.column(key).expr if key in definition.keys else getattr(model, key)
    # Empty values last in both directions, on both engines (PostgreSQL puts NULL first when
    # descending, SQLite last).
    if desc:
        return stmt.order_by(expr.desc().nulls_last(), model.id.desc())
    return stmt.order_by(expr.asc().nulls_last(), model.id.asc())


def fetch_page(session: Session, actor: Actor, name: str, filters: dict[str, Any] | None = None,
               order_by: str | None = None, descending: bool | None = None, offset: int = 0,
               limit: int = 200) -> list[tuple[Any, ...]]:
    """Rows as tuples: (id, value of each column...). Typed values, not display text."""
    definition = get_list(name)
    stmt = _ordered(definition, _statement(definition, actor, filters or {}), order_by,
                    descending)
    return [tuple(row) for row in session.execute(stmt.offset(offset).limit(limit))]


def count(session: Session, actor: Actor, name: str,
          filters: dict[str, Any] | None = None) -> int:
    definition = get_list(name)
    stmt = _statement(definition, actor, filters or {})
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def iterate(session: Session, actor: Actor, name: str, filters: dict[str, Any] | None = None,
            order_by: str | None = None, descending: bool | None = None,
            chunk: int = 2000) -> Iterator[list[tuple[Any, ...]]]:
    """All rows in chunks, for exports; streams instead of loading 100,000 rows at once.

    Keyset paging would be faster on very deep pages, but exports read each row once in
    order, and a server-side cursor (yield_per) keeps memory flat on both engines."""
    definition = get_list(name)
    stmt = _ordered(definition, _statement(definition, actor, filters or {}), order_by,
                    descending)
    result = session.execute(stmt.execution_options(yield_per=chunk))
    for part in result.partitions(chunk):
        yield [tuple(row) for row in part]


def headers(name: str, lang: str | None = None) -> list[str]:
    return [tr(c.label, lang) for c in get_list(name).columns]
