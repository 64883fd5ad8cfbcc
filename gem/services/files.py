"""What grievances, arbitrations and recourses share: a state machine, confidentiality, an
automatic file number, and the date the file last moved."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from gem import clock
from gem.i18n import N_
from gem.models.enums import Outcome
from gem.services import audit
from gem.services.actor import Actor
from gem.services.entity import EntityService, M
from gem.services.errors import FieldError, ValidationError
from gem.services.policy import Action
from gem.services.workflow import Workflow


def next_file_number(session: Session, model: Any, file_prefix: str) -> str:
    """PREFIX-YEAR-NNNNN, one sequence per year; the unique index refuses a duplicate if two
    workstations race for the same number."""
    prefix = f"{file_prefix}-{clock.today().year}-"
    last = session.scalar(select(func.max(model.file_number))
                          .where(model.file_number.like(prefix + "%")))
    tail = last.rsplit("-", 1)[1] if last else ""
    return f"{prefix}{int(tail) + 1 if tail.isdigit() else 1:05d}"


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

    def base_query(self, actor: Actor) -> Select:
        stmt = select(self.model)
        if self.confidential and not actor.sees_all_confidential:
            model: Any = self.model
            stmt = stmt.where(or_(model.confidential.is_(False), model.counsellor_id == actor.id))
        return stmt

    def create(self, session: Session, actor: Actor, data: dict[str, Any]) -> M:
        data = dict(data)
        if not data.get("file_number"):
            data["file_number"] = self.next_file_number(session)
        return super().create(session, actor, data)

    def check(self, session, actor, values, extras, obj) -> list[FieldError]:
        status = extras.get("status")
        if obj is not None and status is not None and status != obj.status:
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

    def before_save(self, session, actor, obj, values, extras, created) -> None:
        if created:
            obj.status = extras.get("status") or self.model.__table__.c.status.default.arg
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
        obj: Any = self.get(session, actor, ident)
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
        self._flush(session, actor)
        self.after_transition(session, actor, obj, previous, target, extras)
        self.after_save(session, actor, obj, values, extras, created=False)
        session.flush()
        old, new = audit.diff(before, audit.snapshot(obj))
        audit.record(session, actor, "transition", self.entity, obj.id, old, new)
        return obj

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
