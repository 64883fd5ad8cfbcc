"""The picker sources: how each kind of linked record is searched and named.

Members and institutions go through gem.services.search (indexed, accent-insensitive, the same
matching as the quick search); the other kinds are small tables or have their own text filter
in their service. Every function runs in a worker thread with its own Session.
"""

from __future__ import annotations

from typing import Any

from gem.models.text import search_key
from gem.services.actor import Actor
from gem.services.policy import COUNSELLOR_ROLES
from gem.services.records import (
    agreement_label,
    grievance_label,
    job_title_label,
    leave_label,
    link_label,
    member_label,
    region_label,
    unit_label,
    user_label,
)
from gem.ui.widgets.record_picker import PickerSource


def _label(kind: str) -> Any:
    """Named as the forms name it (gem.services.records.link_label); ``#id`` when hidden
    from this actor (a confidential file) or deleted."""
    def label(session: Any, actor: Actor, ident: Any) -> str:
        return link_label(session, actor, kind, ident)
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


def _search_members(session: Any, actor: Actor, text: str, limit: int,
                    context: dict[str, Any]) -> list[tuple[int, str]]:
    from gem.services.search import search_members

    return [(m.id, member_label(m)) for m in search_members(session, actor, text, limit)]


# ---------------------------------------------------------------------- institutions


def _search_institutions(session: Any, actor: Actor, text: str, limit: int,
                         context: dict[str, Any]) -> list[tuple[int, str]]:
    from gem.services.search import search_institutions

    return [(i.id, i.name) for i in search_institutions(session, actor, text, limit)]


# ---------------------------------------------------------------------- bargaining units


def _search_units(session: Any, actor: Actor, text: str, limit: int,
                  context: dict[str, Any]) -> list[tuple[int, str]]:
    from gem.services.institution import BargainingUnitService

    filters = {k: v for k, v in context.items() if k == "institution_id" and v}
    rows = BargainingUnitService().find(session, actor, filters, limit=500)
    return [(u.id, unit_label(u)) for u in
            _folded_match(rows, text, lambda u: f"{u.name} {u.local_number or ''}", limit)]


# ---------------------------------------------------------------------- grievances


def _search_grievances(session: Any, actor: Actor, text: str, limit: int,
                       context: dict[str, Any]) -> list[tuple[int, str]]:
    from gem.services.grievance import GrievanceService

    filters: dict[str, Any] = {"text": text}
    if context.get("institution_id"):
        filters["institution_id"] = context["institution_id"]
    rows = GrievanceService().find(session, actor, filters, order_by="file_number",
                                   descending=True, limit=limit)
    return [(g.id, grievance_label(g)) for g in rows]


# ---------------------------------------------------------------------- people


def _search_users(roles: frozenset[str] | None) -> Any:
    def search(session: Any, actor: Actor, text: str, limit: int,
               context: dict[str, Any]) -> list[tuple[int, str]]:
        from gem.services.users import UserService

        filters: dict[str, Any] = {"active": True}
        if roles:
            filters["role"] = sorted(roles)
        rows = UserService().find(session, actor, filters, limit=1000)
        return [(u.id, user_label(u)) for u in
                _folded_match(rows, text, lambda u: f"{u.full_name} {u.login}", limit)]
    return search




def _search_arbitrators(session: Any, actor: Actor, text: str, limit: int,
                        context: dict[str, Any]) -> list[tuple[int, str]]:
    from gem.services.arbitration import ArbitratorService

    rows = ArbitratorService().find(session, actor, {"active": True}, limit=2000)
    return [(a.id, a.name) for a in _folded_match(rows, text, lambda a: a.name, limit)]


# ---------------------------------------------------------------------- reference tables


def _search_job_titles(session: Any, actor: Actor, text: str, limit: int,
                       context: dict[str, Any]) -> list[tuple[int, str]]:
    from gem.services.reference import JobTitleService

    rows = JobTitleService().find(session, actor, {}, limit=None)
    return [(j.id, job_title_label(j, actor)) for j in
            _folded_match(rows, text, lambda j: f"{j.code or ''} {j.title_fr} "
                                                f"{j.title_en or ''}", limit)]




def _search_collective_agreements(session: Any, actor: Actor, text: str, limit: int,
                                  context: dict[str, Any]) -> list[tuple[int, str]]:
    from gem.services.collective_agreement import CollectiveAgreementService

    rows = CollectiveAgreementService().find(session, actor, {}, limit=None)
    return [(a.id, agreement_label(a)) for a in
            _folded_match(rows, text, lambda a: f"{a.name} {a.short_name or ''}", limit)]




def _search_regions(session: Any, actor: Actor, text: str, limit: int,
                    context: dict[str, Any]) -> list[tuple[str, str]]:
    from gem.services.reference import HealthRegionService

    rows = HealthRegionService().find(session, actor, {}, limit=None)
    return [(r.code, region_label(r)) for r in
            _folded_match(rows, text, lambda r: f"{r.code} {r.name}", limit)]




def _search_leaves(session: Any, actor: Actor, text: str, limit: int,
                   context: dict[str, Any]) -> list[tuple[int, str]]:
    from gem.services.leave import UnionLeaveService

    filters = {k: v for k, v in context.items() if k in ("member_id", "institution_id") and v}
    rows = UnionLeaveService().find(session, actor, filters, order_by="start_date",
                                    descending=True, limit=200)
    return [(v.id, leave_label(v)) for v in rows
            if not text.strip() or text.strip() in leave_label(v)][:limit]


def _sources() -> dict[str, PickerSource]:
    searches: dict[str, Any] = {
        "member": _search_members, "institution": _search_institutions, "unit": _search_units,
        "grievance": _search_grievances, "counsellor": _search_users(COUNSELLOR_ROLES),
        "user": _search_users(None), "arbitrator": _search_arbitrators,
        "job_title": _search_job_titles, "collective_agreement": _search_collective_agreements,
        "region": _search_regions, "union_leave": _search_leaves,
    }
    return {kind: PickerSource(kind, search, _label(kind)) for kind, search in searches.items()}


_CACHE: dict[str, PickerSource] = {}


def source(kind: str) -> PickerSource:
    if not _CACHE:
        _CACHE.update(_sources())
    return _CACHE[kind]
