"""What is due: overdue deadlines, deadlines in the next days, hearings in a period, and
grievances nobody has touched for a while, for one counsellor or for everyone.

Each question is a single SELECT that the database answers from an index (deadlines by
status + due date, optionally by counsellor first; hearings by date; grievances by last
activity), so it stays fast on the 100,000-grievance demo database (bench/bench_due.py).
Confidential files are filtered in the same SELECT (owners.visible_to), never in Python.

These are the building blocks; « Mon portefeuille » itself (which questions, with which
thresholds) is gem.services.caseload, so the screen, ``gem due`` and the caseload report ask
them the same way. Each takes one counsellor id, several (a team), or None for everyone.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from gem import clock
from gem.models import Arbitration, Deadline, Grievance, Hearing, User
from gem.models.enums import DeadlineStatus, GrievanceStatus
from gem.services.actor import Actor
from gem.services.deadlines import owners
from gem.services.deadlines.files import label_text

OPEN_GRIEVANCE_STATUSES = (GrievanceStatus.DRAFT, GrievanceStatus.FILED,
                           GrievanceStatus.IN_DISCUSSION, GrievanceStatus.REFERRED)

Counsellors = int | Collection[int] | None
"""One counsellor's id, a team's ids, or None: everyone's (what the actor may see)."""


def for_counsellors(column: ColumnElement[Any] | InstrumentedAttribute[Any],
                    counsellors: Counsellors) -> ColumnElement[bool] | None:
    """The WHERE clause keeping ``counsellors``' rows (None: every row). One counsellor stays
    an equality, so the indexes that lead with the counsellor serve it as before."""
    if counsellors is None:
        return None
    if isinstance(counsellors, int):
        return column == counsellors
    return column.in_(sorted(set(counsellors)))


@dataclass(frozen=True)
class DueDeadline:
    deadline_id: int
    version: int
    owner_type: str
    owner_id: int
    file_number: str | None
    title: str | None
    label: str            # French msgid; label_in(lang) for display
    due_date: date        # the extended date when the deadline was extended
    status: str
    counsellor_id: int | None
    counsellor_login: str | None
    confidential: bool
    days_left: int        # negative when overdue
    counsellor_name: str | None = None
    latest_date: date | None = None  # the later date unverified days would allow (not used)

    def label_in(self, lang: str | None) -> str:
        return label_text(self.label, lang)


@dataclass(frozen=True)
class DueHearing:
    hearing_id: int
    arbitration_id: int
    file_number: str
    date: date
    start_time: time | None
    kind: str
    location: str | None
    counsellor_id: int | None
    counsellor_login: str | None
    counsellor_name: str | None = None


@dataclass(frozen=True)
class InactiveFile:
    grievance_id: int
    file_number: str
    title: str
    status: str
    counsellor_id: int | None
    counsellor_login: str | None
    last_activity_at: datetime
    idle_days: int
    confidential: bool = False
    counsellor_name: str | None = None


@dataclass
class DueSummary:
    today: date
    days: int
    overdue: list[DueDeadline] = field(default_factory=list)
    upcoming: list[DueDeadline] = field(default_factory=list)
    hearings: list[DueHearing] = field(default_factory=list)
    inactive: list[InactiveFile] = field(default_factory=list)


def _deadline_query(actor: Actor, counsellor_id: Counsellors) -> Select[Any]:
    stmt = owners.join_owners(
        select(Deadline.id, Deadline.version, Deadline.owner_type, Deadline.owner_id,
               owners.file_number(), owners.G.title, Deadline.label, Deadline.due_date,
               Deadline.extended_to, Deadline.status, Deadline.counsellor_id, User.login,
               owners.confidential(), User.full_name, Deadline.latest_date)
        .select_from(Deadline)
        .outerjoin(User, User.id == Deadline.counsellor_id))
    # a deadline whose file was deleted (no foreign key on owner_id) is not shown
    stmt = stmt.where(owners.visible_to(actor), owners.file_number().is_not(None))
    mine = for_counsellors(Deadline.counsellor_id, counsellor_id)
    if mine is not None:
        stmt = stmt.where(mine)
    return stmt


def _rows(session: Session, stmt: Select[Any], today: date, limit: int | None) -> list[DueDeadline]:
    if limit is not None:
        stmt = stmt.limit(limit)
    result = []
    for (ident, version, owner_type, owner_id, number, title, label, due, extended_to, status,
         counsellor_id, login, confidential, name, latest) in session.execute(stmt):
        extended = status == DeadlineStatus.EXTENDED and extended_to
        effective = extended_to if extended else due
        result.append(DueDeadline(ident, version, owner_type, owner_id, number, title, label,
                                  effective, status, counsellor_id, login, bool(confidential),
                                  (effective - today).days, name,
                                  None if extended else latest))
    return result


def _window(low: date | None, high: date | None) -> ColumnElement[bool]:
    """Open deadlines, and extended ones by their new date, with due date in [low, high)."""

    def between(column: InstrumentedAttribute[Any]) -> ColumnElement[bool]:
        parts: list[ColumnElement[bool]] = []
        if low is not None:
            parts.append(column >= low)
        if high is not None:
            parts.append(column < high)
        return and_(*parts)

    return or_(and_(Deadline.status == DeadlineStatus.OPEN, between(Deadline.due_date)),
               and_(Deadline.status == DeadlineStatus.EXTENDED,
                    between(Deadline.extended_to)))


def overdue_deadlines(session: Session, actor: Actor, *, counsellor_id: Counsellors = None,
                      today: date | None = None, limit: int | None = None
                      ) -> list[DueDeadline]:
    """Open (or extended) deadlines whose date has passed, oldest first."""
    today = today or clock.today()
    stmt = _deadline_query(actor, counsellor_id).where(_window(None, today))
    return _rows(session, stmt.order_by(Deadline.due_date, Deadline.id), today, limit)


def upcoming_deadlines(session: Session, actor: Actor, days: int, *,
                       counsellor_id: Counsellors = None, today: date | None = None,
                       limit: int | None = None) -> list[DueDeadline]:
    """Open (or extended) deadlines due from today to ``days`` days from now, inclusive."""
    today = today or clock.today()
    stmt = _deadline_query(actor, counsellor_id).where(
        _window(today, today + timedelta(days=days + 1)))
    return _rows(session, stmt.order_by(Deadline.due_date, Deadline.id), today, limit)


def hearings_between(session: Session, actor: Actor, start: date, end: date, *,
                     counsellor_id: Counsellors = None, limit: int | None = None
                     ) -> list[DueHearing]:
    """Hearings from ``start`` to ``end`` inclusive; for a counsellor, those of the files
    they handle or where they represent the union."""
    stmt = (select(Hearing.id, Hearing.arbitration_id, Arbitration.file_number, Hearing.date,
                   Hearing.start_time, Hearing.kind, Hearing.location,
                   Arbitration.counsellor_id, User.login, User.full_name)
            .join(Arbitration, Arbitration.id == Hearing.arbitration_id)
            .outerjoin(User, User.id == Arbitration.counsellor_id)
            .where(Hearing.date >= start, Hearing.date <= end))
    # The arbitration service's rule: an arbitration holding another counsellor's
    # confidential grievance is hidden, and so are its hearings. (Imported here: the file
    # services import this package to compute deadlines when they save.)
    from gem.services.arbitration import ArbitrationService

    visible = ArbitrationService().base_query(actor).whereclause
    if visible is not None:
        stmt = stmt.where(visible)
    handles = for_counsellors(Arbitration.counsellor_id, counsellor_id)
    represents = for_counsellors(Hearing.union_representative_id, counsellor_id)
    if handles is not None and represents is not None:
        stmt = stmt.where(or_(handles, represents))
    stmt = stmt.order_by(Hearing.date, Hearing.start_time, Hearing.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    # The ten columns above: select() types ten or more as "these ten, then any others".
    return [DueHearing(*row[:10]) for row in session.execute(stmt)]


def inactive_grievances(session: Session, actor: Actor, days: int, *,
                        counsellor_id: Counsellors = None, now: datetime | None = None,
                        limit: int | None = 500) -> list[InactiveFile]:
    """Open grievances with no activity for ``days`` days, the longest idle first."""
    now = now or clock.now()
    cutoff = now - timedelta(days=days)
    stmt = (select(Grievance.id, Grievance.file_number, Grievance.title, Grievance.status,
                   Grievance.counsellor_id, User.login, Grievance.last_activity_at,
                   Grievance.confidential, User.full_name)
            .outerjoin(User, User.id == Grievance.counsellor_id)
            .where(Grievance.last_activity_at < cutoff,
                   Grievance.status.in_([s.value for s in OPEN_GRIEVANCE_STATUSES]),
                   owners.visible_file(actor, Grievance)))
    mine = for_counsellors(Grievance.counsellor_id, counsellor_id)
    if mine is not None:
        stmt = stmt.where(mine)
    stmt = stmt.order_by(Grievance.last_activity_at, Grievance.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    result = []
    for ident, number, title, status, cid, login, last, secret, name in session.execute(stmt):
        if last.tzinfo is None:  # SQLite returns naive UTC datetimes
            last = last.replace(tzinfo=UTC)
        result.append(InactiveFile(ident, number, title, status, cid, login, last,
                                   (now - last).days, bool(secret), name))
    return result


def what_is_due(session: Session, actor: Actor, *, counsellor_id: Counsellors = None,
                days: int | None = None, inactive_days: int | None = None,
                today: date | None = None, now: datetime | None = None,
                limit: int | None = 500) -> DueSummary:
    """The caseload's four lists as this package's rows, for callers of this package. The
    questions and their thresholds (``days`` and ``inactive_days`` default to them) are
    gem.services.caseload's: this only repackages its answer."""
    from gem.services import caseload  # it composes this module's queries

    today = today or clock.today()
    days = caseload.HORIZON_DAYS if days is None else days
    overdue, upcoming, hearings, inactive = caseload.due_items(
        session, actor, counsellor_id, today, now or caseload.reference_moment(today),
        horizon_days=days,
        idle_days=caseload.IDLE_DAYS if inactive_days is None else inactive_days, limit=limit)
    return DueSummary(today=today, days=days, overdue=overdue, upcoming=upcoming,
                      hearings=hearings, inactive=inactive)
