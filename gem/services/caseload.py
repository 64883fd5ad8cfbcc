"""« Mon portefeuille »: what a counsellor must act on, asked once for every reader.

The screen, ``gem due`` and the caseload report used to compute it each their own way, with
the thresholds copied into each; a counsellor comparing the screen with the PDF could find two
numbers for one question, which is what DESIGN.md says they must never suffer. So the
thresholds live here, once, and so does the one function that asks the questions: deadlines
already past, deadlines in the next ``HORIZON_DAYS`` days (« soon » within ``SOON_DAYS``),
hearings in the next ``HORIZON_DAYS`` days, open grievances idle for ``IDLE_DAYS`` days, and the
grievances by status. The questions themselves are the deadline engine's indexed SELECTs
(gem.services.deadlines.due), each filtering confidential files in the database: a
confidential file is seen only by its counsellor, coordinators and administrators.

The answer is plain frozen dataclasses, safe to hand from a worker thread to the window and to
``json.dumps`` through ``dataclasses.asdict``; each row says which list opens its record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gem import clock
from gem.models import Grievance, User
from gem.models.enums import GrievanceStatus
from gem.services import policy
from gem.services.actor import Actor
from gem.services.deadlines import owners
from gem.services.deadlines.due import (
    OPEN_GRIEVANCE_STATUSES,
    Counsellors,
    DueDeadline,
    DueHearing,
    InactiveFile,
    for_counsellors,
    hearings_between,
    inactive_grievances,
    overdue_deadlines,
    upcoming_deadlines,
)
from gem.services.deadlines.files import label_text
from gem.services.policy import COUNSELLOR_ROLES, PICK_ANY_COUNSELLOR  # re-exported

HORIZON_DAYS = 30  # deadlines and hearings this many days ahead, today included
SOON_DAYS = 7  # a deadline this close is « soon » (orange on the screen)
IDLE_DAYS = 90  # an open grievance untouched this long is stale
ROW_LIMIT = 500  # rows per list on the screen: beyond that, nobody reads them one by one

# The list (gem.services.listing) that opens each kind of file.
OWNER_LISTS = {owners.GRIEVANCE: "grievances", owners.ARBITRATION: "arbitrations",
               owners.RECOURSE: "recourses"}

__all__ = [
    "COUNSELLOR_ROLES", "HORIZON_DAYS", "IDLE_DAYS", "OWNER_LISTS", "PICK_ANY_COUNSELLOR",
    "ROW_LIMIT", "SOON_DAYS", "Caseload", "Counsellor", "DeadlineRow", "HearingRow",
    "StaleFile", "StatusCount", "Urgency", "caseload", "counsellors", "default_counsellor",
    "due_items", "may_pick_counsellor", "reference_moment", "urgency",
]


class Urgency(StrEnum):
    OVERDUE = "overdue"  # the date has passed (red)
    TODAY = "today"  # due today: the last day to act
    SOON = "soon"  # within SOON_DAYS (orange)
    LATER = "later"


def urgency(days_left: int) -> Urgency:
    if days_left < 0:
        return Urgency.OVERDUE
    if days_left == 0:
        return Urgency.TODAY
    return Urgency.SOON if days_left <= SOON_DAYS else Urgency.LATER


@dataclass(frozen=True)
class DeadlineRow:
    """An open (or extended) deadline of a file the actor may see."""

    deadline_id: int
    owner_type: str  # grievance | arbitration | recourse
    owner_id: int
    list_name: str  # the list whose record opens: grievances | arbitrations | recourses
    file_number: str
    title: str | None  # the grievance's title; None for other files
    confidential: bool
    counsellor_id: int | None
    counsellor_login: str | None
    counsellor_name: str | None
    label: str  # French msgid of the deadline: label_in(lang) to show it
    due_date: date  # the extended date when the deadline was extended
    status: str
    days_left: int  # negative when overdue
    urgency: Urgency
    latest_date: date | None = None  # « au plus tard » if unverified days were holidays

    def label_in(self, lang: str | None) -> str:
        return label_text(self.label, lang)


@dataclass(frozen=True)
class HearingRow:
    """A hearing day of an arbitration the actor may see."""

    hearing_id: int
    arbitration_id: int
    list_name: str  # "arbitrations": the hearing opens its arbitration
    file_number: str
    date: date
    start_time: time | None
    kind: str  # code: hearing_kind
    location: str | None
    counsellor_id: int | None
    counsellor_login: str | None
    counsellor_name: str | None
    days_left: int


@dataclass(frozen=True)
class StaleFile:
    """An open grievance with no activity for at least the caseload's idle threshold."""

    grievance_id: int
    list_name: str  # "grievances"
    file_number: str
    title: str
    status: str  # code: grievance_status
    confidential: bool
    counsellor_id: int | None
    counsellor_login: str | None
    counsellor_name: str | None
    last_activity_at: datetime  # aware, UTC
    idle_days: int


@dataclass(frozen=True)
class StatusCount:
    status: str  # code: grievance_status
    count: int
    open: bool  # an open status (the file still needs work)


@dataclass(frozen=True)
class Counsellor:
    """Someone whose caseload can be picked."""

    id: int
    login: str
    full_name: str


@dataclass(frozen=True)
class Caseload:
    today: date
    now: datetime  # the moment idle days are counted from
    counsellor_ids: tuple[int, ...] | None  # whose caseload; None: everyone the actor sees
    horizon_days: int
    idle_days: int
    limit: int | None  # rows per list at most; None: all of them
    overdue: tuple[DeadlineRow, ...]
    upcoming: tuple[DeadlineRow, ...]  # due from today to today + horizon_days
    hearings: tuple[HearingRow, ...]
    stale: tuple[StaleFile, ...]
    counts: tuple[StatusCount, ...]  # every grievance status, in workflow order

    @property
    def soon(self) -> tuple[DeadlineRow, ...]:
        """Upcoming deadlines due within SOON_DAYS, today's included."""
        return tuple(d for d in self.upcoming if d.urgency in (Urgency.TODAY, Urgency.SOON))

    @property
    def open_files(self) -> int:
        return sum(c.count for c in self.counts if c.open)

    def count_of(self, status: str) -> int:
        return next((c.count for c in self.counts if c.status == status), 0)

    def is_cut(self, rows: tuple[Any, ...]) -> bool:
        """True when ``rows`` stopped at the limit: there may be more."""
        return self.limit is not None and len(rows) >= self.limit


def may_pick_counsellor(actor: Actor) -> bool:
    """Whether ``actor`` may open any counsellor's caseload (gem.services.policy)."""
    return policy.may_pick_counsellor(actor)


def default_counsellor(actor: Actor) -> int | None:
    """Whose caseload opens first: everyone's for those who may pick, else one's own."""
    return None if may_pick_counsellor(actor) else actor.id


def reference_moment(today: date) -> datetime:
    """The instant idleness is measured from: now, or for another day (a report « as of » a
    date) noon of that day in Québec, so a file reads as idle the same whole number of days
    wherever in the day the question is asked."""
    if today == clock.today():
        return clock.now()
    return datetime.combine(today, time(12), clock.QUEBEC).astimezone(UTC)


def due_items(session: Session, actor: Actor, counsellor_id: Counsellors, today: date,
              now: datetime, *, horizon_days: int = HORIZON_DAYS, idle_days: int = IDLE_DAYS,
              limit: int | None = ROW_LIMIT
              ) -> tuple[list[DueDeadline], list[DueDeadline], list[DueHearing],
                         list[InactiveFile]]:
    """The four questions, as the deadline engine's rows (gem.services.deadlines.what_is_due
    hands them on as they are; :func:`caseload` turns them into its own)."""
    return (
        overdue_deadlines(session, actor, counsellor_id=counsellor_id, today=today,
                          limit=limit),
        upcoming_deadlines(session, actor, horizon_days, counsellor_id=counsellor_id,
                           today=today, limit=limit),
        hearings_between(session, actor, today, today + timedelta(days=horizon_days),
                         counsellor_id=counsellor_id, limit=limit),
        inactive_grievances(session, actor, idle_days, counsellor_id=counsellor_id, now=now,
                            limit=limit))


def _status_counts(session: Session, actor: Actor,
                   counsellor_id: Counsellors) -> tuple[StatusCount, ...]:
    stmt = (select(Grievance.status, func.count())
            .where(owners.visible_file(actor, Grievance)).group_by(Grievance.status))
    mine = for_counsellors(Grievance.counsellor_id, counsellor_id)
    if mine is not None:
        stmt = stmt.where(mine)
    found = {str(status): int(n) for status, n in session.execute(stmt)}
    opened = {s.value for s in OPEN_GRIEVANCE_STATUSES}
    return tuple(StatusCount(s.value, found.get(s.value, 0), s.value in opened)
                 for s in GrievanceStatus)


def _deadline(d: DueDeadline) -> DeadlineRow:
    return DeadlineRow(d.deadline_id, d.owner_type, d.owner_id, OWNER_LISTS[d.owner_type],
                       d.file_number or "", d.title, d.confidential, d.counsellor_id,
                       d.counsellor_login, d.counsellor_name, d.label, d.due_date, d.status,
                       d.days_left, urgency(d.days_left), d.latest_date)


def _ids(counsellor_id: Counsellors) -> tuple[int, ...] | None:
    if counsellor_id is None:
        return None
    if isinstance(counsellor_id, int):
        return (counsellor_id,)
    return tuple(sorted(set(counsellor_id)))


def caseload(session: Session, actor: Actor, counsellor_id: Counsellors = None,
             today: date | None = None, *, horizon_days: int = HORIZON_DAYS,
             idle_days: int = IDLE_DAYS, now: datetime | None = None,
             limit: int | None = ROW_LIMIT) -> Caseload:
    """The caseload of one counsellor (an id), of a team (ids) or of everyone (None), as
    ``actor`` may see it, on ``today`` (GEM's today by default). Every list in one session,
    so the numbers agree with each other; ``limit`` rows per list at most (None: all, for a
    report). Whose caseload to show is the caller's choice (:func:`default_counsellor`);
    what is hidden is not: confidential files follow the actor, whoever is asked about."""
    today = today or clock.today()
    now = now or reference_moment(today)
    overdue, upcoming, hearings, stale = due_items(
        session, actor, counsellor_id, today, now, horizon_days=horizon_days,
        idle_days=idle_days, limit=limit)
    return Caseload(
        today=today, now=now, counsellor_ids=_ids(counsellor_id), horizon_days=horizon_days,
        idle_days=idle_days, limit=limit,
        overdue=tuple(_deadline(d) for d in overdue),
        upcoming=tuple(_deadline(d) for d in upcoming),
        hearings=tuple(HearingRow(h.hearing_id, h.arbitration_id,
                                  OWNER_LISTS[owners.ARBITRATION], h.file_number, h.date,
                                  h.start_time, h.kind, h.location, h.counsellor_id,
                                  h.counsellor_login, h.counsellor_name, (h.date - today).days)
                       for h in hearings),
        stale=tuple(StaleFile(f.grievance_id, OWNER_LISTS[owners.GRIEVANCE], f.file_number,
                              f.title, f.status, f.confidential, f.counsellor_id,
                              f.counsellor_login, f.counsellor_name, f.last_activity_at,
                              f.idle_days)
                    for f in stale),
        counts=_status_counts(session, actor, counsellor_id))


def counsellors(session: Session, actor: Actor) -> list[Counsellor]:
    """Whose caseload ``actor`` may pick: the active accounts that may be given files
    (gem.services.policy.COUNSELLOR_ROLES), by name; only oneself for someone who may not
    pick (gem.services.policy.PICK_ANY_COUNSELLOR)."""
    stmt = (select(User.id, User.login, User.full_name)
            .where(User.active.is_(True), User.role.in_([r.value for r in COUNSELLOR_ROLES]))
            .order_by(User.full_name, User.id))
    if not may_pick_counsellor(actor):
        if actor.id is None:
            return []
        stmt = stmt.where(User.id == actor.id)
    return [Counsellor(*row) for row in session.execute(stmt)]

