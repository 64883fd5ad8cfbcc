"""Which file a deadline belongs to, and who may see it.

A deadline points at its file by ``owner_type`` + ``owner_id`` (a grievance, an arbitration or
a remedial action), so every query that shows deadlines joins the three file tables with
outer joins on both columns. Confidentiality is decided here once: a confidential grievance or
remedial action is visible only to its own counsellor and to roles that see every confidential
file (coordinators, administrators).
"""

from __future__ import annotations

from typing import Any, TypeVarTuple

from sqlalchemy import ColumnElement, Select, and_, false, func, not_, or_, select, true
from sqlalchemy.orm import aliased

from gem.models import Arbitration, ArbitrationGrievance, Deadline, Grievance, Recourse
from gem.services.actor import Actor

GRIEVANCE = "grievance"
ARBITRATION = "arbitration"
RECOURSE = "recourse"
OWNER_TYPES = (GRIEVANCE, ARBITRATION, RECOURSE)

G = aliased(Grievance, name="g_owner")
A = aliased(Arbitration, name="a_owner")
R = aliased(Recourse, name="r_owner")


_Row = TypeVarTuple("_Row")


def join_owners(stmt: Select[*_Row]) -> Select[*_Row]:
    """Outer-join the file of each deadline in ``stmt`` (which must select from Deadline)."""
    return (stmt
            .outerjoin(G, and_(Deadline.owner_type == GRIEVANCE, G.id == Deadline.owner_id))
            .outerjoin(A, and_(Deadline.owner_type == ARBITRATION, A.id == Deadline.owner_id))
            .outerjoin(R, and_(Deadline.owner_type == RECOURSE, R.id == Deadline.owner_id)))


def file_number() -> ColumnElement[Any]:
    return func.coalesce(G.file_number, A.file_number, R.file_number)


def file_counsellor() -> ColumnElement[Any]:
    return func.coalesce(G.counsellor_id, A.counsellor_id, R.counsellor_id)


def confidential() -> ColumnElement[Any]:
    return func.coalesce(G.confidential, R.confidential, false())


def _hidden_arbitrations(actor: Actor) -> Select[Any]:
    """Arbitrations holding a confidential grievance of another counsellor: hidden like the
    arbitration service hides them (ArbitrationService.base_query)."""
    stmt = (select(ArbitrationGrievance.arbitration_id)
            .join(Grievance, Grievance.id == ArbitrationGrievance.grievance_id)
            .where(Grievance.confidential.is_(True)))
    if actor.id is not None:
        stmt = stmt.where(or_(Grievance.counsellor_id.is_(None),
                              Grievance.counsellor_id != actor.id))
    return stmt


def visible_to(actor: Actor) -> ColumnElement[bool]:
    """WHERE clause for deadlines ``actor`` may see (use after :func:`join_owners`)."""
    if actor.sees_all_confidential:
        return true()
    own = file_counsellor() == actor.id if actor.id is not None else false()
    arbitration_ok = or_(Deadline.owner_type != ARBITRATION,
                         A.id.not_in(_hidden_arbitrations(actor)))
    return or_(and_(not_(confidential()), arbitration_ok), own)


def visible_file(actor: Actor, model: type, alias: object | None = None) -> ColumnElement[bool]:
    """WHERE clause on a Grievance or Recourse query itself (no deadline involved)."""
    target = alias if alias is not None else model
    if actor.sees_all_confidential:
        return true()
    # Grievance and Recourse (or an alias of either) both have these columns; ``model: type``
    # cannot say so.
    clause: ColumnElement[bool] = target.confidential.is_(False)  # type: ignore[attr-defined]
    if actor.id is None:
        return clause
    return or_(clause, target.counsellor_id == actor.id)  # type: ignore[attr-defined]
