"""The picker sources: how each kind of linked record is searched and named.

Members and institutions go through gem.services.search (indexed, accent-insensitive, the same
matching as the quick search); the other kinds are small tables or have their own text filter
in their service. Every function runs in a worker thread with its own Session.
"""

from __future__ import annotations

from typing import Any

from gem.models.text import search_key
from gem.services.actor import Actor
from gem.services.entity import EntityService
from gem.services.errors import NotFoundError
from gem.ui.widgets.record_picker import PickerSource

COUNSELLOR_ROLES = ("counsellor", "coordinator", "admin")


def _label_or_id(service: EntityService, fmt: Any) -> Any:
    def label(session: Any, actor: Actor, ident: int) -> str:
        try:
            return fmt(service.get(session, actor, ident), actor)
        except NotFoundError:
            return f"#{ident}"  # hidden from this actor (confidential file) or deleted
    return label


def _folded_match(rows: list[Any], text: str, name: Any, limit: int) -> list[Any]:
    """Small tables without a search key: every typed word must start a word of the name."""
    words = search_key(text).split()
    result = []
    for row in rows:
        key = " " + search_key(name(row))
        if all((" " + w) in key for w in words):
            result.append(row)
    return result[:limit]


# ---------------------------------------------------------------------- members
def member_label(m: Any, _actor: Actor | None = None) -> str:
    return f"{m.last_name}, {m.first_name} ({m.member_number})"


def _search_members(session: Any, actor: Actor, text: str, limit: int,
                    context: dict[str, Any]) -> list[tuple[int, str]]:
    from gem.services.search import search_members

    return [(m.id, member_label(m)) for m in search_members(session, actor, text, limit)]


# ---------------------------------------------------------------------- institutions
def institution_label(i: Any, _actor: Actor | None = None) -> str:
    return i.name


def _search_institutions(session: Any, actor: Actor, text: str, limit: int,
                         context: dict[str, Any]) -> list[tuple[int, str]]:
    from gem.services.search import search_institutions

    return [(i.id, i.name) for i in search_institutions(session, actor, text, limit)]


# ---------------------------------------------------------------------- bargaining units
def unit_label(u: Any, _actor: Actor | None = None) -> str:
    return f"{u.name} ({u.local_number})" if u.local_number else u.name


def _search_units(session: Any, actor: Actor, text: str, limit: int,
                  context: dict[str, Any]) -> list[tuple[int, str]]:
    from gem.services.institution import BargainingUnitService

    filters = {k: v for k, v in context.items() if k == "institution_id" and v}
    rows = BargainingUnitService().list(session, actor, filters, limit=500)
    return [(u.id, unit_label(u)) for u in
            _folded_match(rows, text, lambda u: f"{u.name} {u.local_number or ''}", limit)]


# ---------------------------------------------------------------------- grievances
def grievance_label(g: Any, _actor: Actor | None = None) -> str:
    return f"{g.file_number} — {g.title}"


def _search_grievances(session: Any, actor: Actor, text: str, limit: int,
                       context: dict[str, Any]) -> list[tuple[int, str]]:
    from gem.services.grievance import GrievanceService

    filters: dict[str, Any] = {"text": text}
    if context.get("institution_id"):
        filters["institution_id"] = context["institution_id"]
    rows = GrievanceService().list(session, actor, filters, order_by="file_number",
                                   descending=True, limit=limit)
    return [(g.id, grievance_label(g)) for g in rows]


# ---------------------------------------------------------------------- people
def user_label(u: Any, _actor: Actor | None = None) -> str:
    return u.full_name


def _search_users(roles: tuple[str, ...] | None) -> Any:
    def search(session: Any, actor: Actor, text: str, limit: int,
               context: dict[str, Any]) -> list[tuple[int, str]]:
        from gem.services.users import UserService

        filters: dict[str, Any] = {"active": True}
        if roles:
            filters["role"] = list(roles)
        rows = UserService().list(session, actor, filters, limit=1000)
        return [(u.id, user_label(u)) for u in
                _folded_match(rows, text, lambda u: f"{u.full_name} {u.login}", limit)]
    return search


def arbitrator_label(a: Any, _actor: Actor | None = None) -> str:
    return a.name


def _search_arbitrators(session: Any, actor: Actor, text: str, limit: int,
                        context: dict[str, Any]) -> list[tuple[int, str]]:
    from gem.services.arbitration import ArbitratorService

    rows = ArbitratorService().list(session, actor, {"active": True}, limit=2000)
    return [(a.id, a.name) for a in _folded_match(rows, text, lambda a: a.name, limit)]


# ---------------------------------------------------------------------- reference tables
def job_title_label(j: Any, actor: Actor | None = None) -> str:
    title = (j.title_en or j.title_fr) if actor is not None and actor.language == "en" \
        else j.title_fr
    return f"{j.code} {title}" if j.code else title


def _search_job_titles(session: Any, actor: Actor, text: str, limit: int,
                       context: dict[str, Any]) -> list[tuple[int, str]]:
    from gem.services.reference import JobTitleService

    rows = JobTitleService().list(session, actor, {}, limit=None)
    return [(j.id, job_title_label(j, actor)) for j in
            _folded_match(rows, text, lambda j: f"{j.code or ''} {j.title_fr} "
                                                f"{j.title_en or ''}", limit)]


def agreement_label(a: Any, _actor: Actor | None = None) -> str:
    return a.short_name or a.name


def _search_collective_agreements(session: Any, actor: Actor, text: str, limit: int,
                                  context: dict[str, Any]) -> list[tuple[int, str]]:
    from gem.services.collective_agreement import CollectiveAgreementService

    rows = CollectiveAgreementService().list(session, actor, {}, limit=None)
    return [(a.id, agreement_label(a)) for a in
            _folded_match(rows, text, lambda a: f"{a.name} {a.short_name or ''}", limit)]


def region_label(r: Any, _actor: Actor | None = None) -> str:
    return f"{r.code} {r.name}"


def _search_regions(session: Any, actor: Actor, text: str, limit: int,
                    context: dict[str, Any]) -> list[tuple[str, str]]:
    from gem.services.reference import HealthRegionService

    rows = HealthRegionService().list(session, actor, {}, limit=None)
    return [(r.code, region_label(r)) for r in
            _folded_match(rows, text, lambda r: f"{r.code} {r.name}", limit)]


def leave_label(v: Any, _actor: Actor | None = None) -> str:
    return f"{v.start_date.isoformat()} → {v.end_date.isoformat()} ({v.hours} h)"


def _search_leaves(session: Any, actor: Actor, text: str, limit: int,
                   context: dict[str, Any]) -> list[tuple[int, str]]:
    from gem.services.leave import UnionLeaveService

    filters = {k: v for k, v in context.items() if k in ("member_id", "institution_id") and v}
    rows = UnionLeaveService().list(session, actor, filters, order_by="start_date",
                                    descending=True, limit=200)
    return [(v.id, leave_label(v)) for v in rows
            if not text.strip() or text.strip() in leave_label(v)][:limit]


def _sources() -> dict[str, PickerSource]:
    from gem.services.arbitration import ArbitratorService
    from gem.services.collective_agreement import CollectiveAgreementService
    from gem.services.grievance import GrievanceService
    from gem.services.institution import BargainingUnitService, InstitutionService
    from gem.services.leave import UnionLeaveService
    from gem.services.member import MemberService
    from gem.services.reference import HealthRegionService, JobTitleService
    from gem.services.users import UserService

    return {
        "member": PickerSource("member", _search_members,
                               _label_or_id(MemberService(), member_label)),
        "institution": PickerSource("institution", _search_institutions,
                                    _label_or_id(InstitutionService(), institution_label)),
        "unit": PickerSource("unit", _search_units,
                             _label_or_id(BargainingUnitService(), unit_label)),
        "grievance": PickerSource("grievance", _search_grievances,
                                  _label_or_id(GrievanceService(), grievance_label)),
        "counsellor": PickerSource("counsellor", _search_users(COUNSELLOR_ROLES),
                                   _label_or_id(UserService(), user_label)),
        "user": PickerSource("user", _search_users(None),
                             _label_or_id(UserService(), user_label)),
        "arbitrator": PickerSource("arbitrator", _search_arbitrators,
                                   _label_or_id(ArbitratorService(), arbitrator_label)),
        "job_title": PickerSource("job_title", _search_job_titles,
                                  _label_or_id(JobTitleService(), job_title_label)),
        "collective_agreement": PickerSource(
            "collective_agreement", _search_collective_agreements,
            _label_or_id(CollectiveAgreementService(), agreement_label)),
        "region": PickerSource("region", _search_regions,
                               _label_or_id(HealthRegionService(), region_label)),
        "union_leave": PickerSource("union_leave", _search_leaves,
                                    _label_or_id(UnionLeaveService(), leave_label)),
    }


_CACHE: dict[str, PickerSource] = {}


def source(kind: str) -> PickerSource:
    if not _CACHE:
        _CACHE.update(_sources())
    return _CACHE[kind]
