"""What grievances, arbitrations and recourses share: a state machine, confidentiality, an
automatic file number, and the date the file last moved.

File numbers (PREFIX-YEAR-NNNNN, issue 12): two desks creating at the same moment used to get
the same max()+1, and a counsellor's own login on a secured database does not see another
counsellor's confidential files, so its max() was not even the highest. A number is now drawn
from a counter of its kind and year that every creation shares:

* PostgreSQL: ``gem_next_file_number(prefix, year)`` (revision 0006), a SEQUENCE per kind and
  year, created on first use above the highest number already used. A sequence is not
  transactional: simultaneous creations neither wait nor collide, and a creation rolled back
  leaves a gap in the numbers (never a duplicate);
* SQLite: the row of ``file_number_counters`` for the kind and year, incremented in the
  creating transaction (SQLite lets one writer at a time; a rollback gives the number back).

Either way a number already taken (typed by hand) is skipped, and the number is drawn only
once the record's checks have passed (``generated_on_create``): a refused save uses none.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from sqlalchemy import CursorResult, Select, exists, insert, or_, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from gem import clock
from gem.i18n import N_
from gem.models import FileNumberCounter
from gem.models.base import table_of
from gem.models.enums import Outcome
from gem.services import audit
from gem.services.actor import Actor
from gem.services.entity import EntityService, M
from gem.services.errors import FieldError, ValidationError
from gem.services.policy import Action
from gem.services.workflow import Workflow


def format_file_number(prefix: str, year: int, number: int) -> str:
    """``G-2026-00042``: five digits at least (as gem_next_file_number writes them)."""
    return f"{prefix}-{year}-{number:05d}"


def next_file_number(session: Session, model: Any, file_prefix: str) -> str:
    """The next free number of this kind for this year (see the module's notes); ``model``
    is the table the kind's files live in, where a number typed by hand may already be."""
    year = clock.today().year
    if session.connection().dialect.name == "postgresql":
        number = session.execute(text("SELECT gem_next_file_number(:prefix, :year)"),
                                 {"prefix": file_prefix, "year": year}).scalar_one()
    else:
        number = _counted(session, model, file_prefix, year)
    return format_file_number(file_prefix, year, int(number))


def _counted(session: Session, model: Any, prefix: str, year: int) -> int:
    """SQLite: the counter row moved on in this transaction, past any number taken. The
    UPDATE makes this transaction the one writer until it ends, so reading the row back is
    as good as ``UPDATE … RETURNING`` (which SQLite before 3.35, still on some Linux
    machines, lacks)."""
    counters = table_of(FileNumberCounter)
    key = (counters.c.prefix == prefix) & (counters.c.year == year)
    while True:
        # a Core UPDATE's result is a CursorResult; Session.execute is typed for any statement
        moved = cast(CursorResult[Any], session.execute(
            update(counters).where(key).values(last=counters.c.last + 1)))
        number = session.scalar(select(counters.c.last).where(key)) \
            if moved.rowcount else None
        if number is None:  # the first of this kind and year: above those already there
            number = _highest_used(session, model, prefix, year) + 1
            session.execute(insert(counters).values(prefix=prefix, year=year, last=number))
        taken = session.scalar(select(exists().where(
            model.file_number == format_file_number(prefix, year, number))))
        if not taken:
            return int(number)


def _highest_used(session: Session, model: Any, prefix: str, year: int) -> int:
    stem = f"{prefix}-{year}-"
    tails = (n[len(stem):] for n in session.scalars(
        select(model.file_number).where(model.file_number.startswith(stem, autoescape=True))))
    return max((int(t) for t in tails if t.isascii() and t.isdigit()), default=0)


# In display order: the forms list them in this order.
AWARD_OUTCOMES = (Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.DISMISSED)


def require_award_outcome(values: dict[str, Any], lang: str) -> None:
    """An award (grievance or arbitration) must say upheld, partly upheld or dismissed."""
    if values.get("outcome") not in AWARD_OUTCOMES:
        raise ValidationError([FieldError(
            "outcome", N_("Issue"),
            N_("indiquez si le grief est accueilli, accueilli en partie ou rejeté."))], lang)


class WorkflowService(EntityService[M]):
    workflow: ClassVar[Workflow]
    file_prefix: ClassVar[str]
    confidential: ClassVar[bool] = False

    # Status moves go through transition(); on creation an initial status is accepted.
    extra_fields: ClassVar[frozenset[str]] = frozenset({"status"})

    def editable_fields(self) -> set[str]:
        return super().editable_fields() - {"status"}

    def base_query(self, actor: Actor) -> Select[Any]:
        stmt = select(self.model)
        if self.confidential and not actor.sees_all_confidential:
            model: Any = self.model
            stmt = stmt.where(or_(model.confidential.is_(False), model.counsellor_id == actor.id))
        return stmt

    # An empty file number is drawn once the checks have passed (EntityService.create).
    generated_on_create: ClassVar[frozenset[str]] = frozenset({"file_number"})

    def generate(self, session: Session, actor: Actor, key: str) -> Any:
        if key == "file_number":
            return self.next_file_number(session)
        return super().generate(session, actor, key)

    def check(self, session: Session, actor: Actor, values: dict[str, Any],
              extras: dict[str, Any], obj: M | None) -> list[FieldError]:
        status = extras.get("status")
        # Every file kind's model has a status column (its own enum), which M cannot say.
        current: Any = obj
        if current is not None and status is not None and status != current.status:
            return [FieldError("status", N_("Statut"),
                               N_("changez le statut par une transition, pas une "
                                  "modification."))]
        if obj is None and status is not None and status not in self.workflow.initial:
            from gem.services.workflow import status_label

            allowed = ", ".join(status_label(self.workflow.name, s, actor.language)
                                for s in sorted(self.workflow.initial))
            return [FieldError("status", N_("Statut"),
                               N_("un nouveau dossier doit être : {allowed}."),
                               {"allowed": allowed})]
        return []

    def before_save(self, session: Session, actor: Actor, obj: M, values: dict[str, Any],
                    extras: dict[str, Any], created: bool) -> None:
        if created:
            status = extras.get("status")
            if not status:
                default = table_of(self.model).c.status.default
                # every file kind's status column has a plain default (its first state)
                assert isinstance(default, ScalarElementColumnDefault), self.model
                status = default.arg
            file: Any = obj  # has a status column, as in check()
            file.status = status
        if hasattr(obj, "last_activity_at"):
            obj.last_activity_at = clock.now()

    def next_file_number(self, session: Session) -> str:
        return next_file_number(session, self.model, self.file_prefix)

    def allowed_moves(self, obj: Any) -> list[str]:
        return self.workflow.allowed(obj.status)

    def transition(self, session: Session, actor: Actor, ident: int, target: str,
                   expected_version: int | None, data: dict[str, Any] | None = None) -> M:
        """Move the file to ``target``; ``data`` carries the fields the move needs (closing
        date, outcome...). Refused, with nothing written, when the move is not allowed."""
        actor = self.require(actor, Action.MOVE, session)
        found = self.get(session, actor, ident)
        obj: Any = found  # a file's status, dates and author columns, which M cannot say
        self.check_version(session, actor, obj, expected_version, {"status": target})
        self.workflow.check(obj.status, target, actor.language)
        before = audit.snapshot(obj)
        values, extras = self.clean(session, actor, dict(data or {}), obj)
        values.update(self.transition_values(session, actor, obj, target, values))
        previous = obj.status
        for key, value in values.items():
            setattr(obj, key, value)
        obj.status = target
        obj.updated_by_id = actor.id
        obj.updated_at = clock.now()
        if hasattr(obj, "last_activity_at"):
            obj.last_activity_at = clock.now()
        try:
            self._flush(session, actor)
        except StaleDataError:  # saved by someone else since it was read, as in update()
            raise self._conflict(session, actor, ident, {"status": target}) from None
        self.after_transition(session, actor, obj, previous, target, extras)
        self.after_save(session, actor, obj, values, extras, created=False)
        session.flush()
        old, new = audit.diff(before, audit.snapshot(obj))
        audit.record(session, actor, "transition", self.entity, obj.id, old, new)
        return found

    def transition_values(self, session: Session, actor: Actor, obj: Any, target: str,
                          values: dict[str, Any]) -> dict[str, Any]:
        """Fields a move fills in or requires; raise ValidationError for missing ones."""
        result: dict[str, Any] = {}
        if self.workflow.is_closed(target) and hasattr(obj, "closed_date"):
            result["closed_date"] = values.get("closed_date") or clock.today()
        return result

    def after_transition(self, session: Session, actor: Actor, obj: Any, previous: str,
                         target: str, extras: dict[str, Any]) -> None:
        """Timeline entries and knock-on moves."""
