"""Remedial actions and legal appeals (recours)."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import Select, or_
from sqlalchemy.orm import Session

from gem import clock
from gem.i18n import N_
from gem.models import Recourse
from gem.models.enums import Outcome, RecourseForum, RecourseKind, RecourseStatus
from gem.services.actor import Actor
from gem.services.deadlines.files import sync_file_deadlines
from gem.services.errors import FieldError
from gem.services.files import WorkflowService
from gem.services.workflow import RECOURSE


class RecourseService(WorkflowService[Recourse]):
    model = Recourse
    entity = "recourse"
    label = N_("Recours")
    workflow = RECOURSE
    file_prefix = "R"
    confidential = True
    choices: ClassVar = {"forum": RecourseForum, "kind": RecourseKind, "outcome": Outcome}
    date_order = (("decision_date", "notification_date"), ("notification_date", "filed_date"),
                  ("filed_date", "closed_date"))
    default_order = "notification_date"

    def check(self, session: Session, actor: Actor, values: dict[str, Any],
              extras: dict[str, Any], obj: Recourse | None) -> list[FieldError]:
        errors = super().check(session, actor, values, extras, obj)
        for key, label in (("incident_date", N_("Date des faits ou du dernier incident")),
                           ("decision_date", N_("Date de la décision")),
                           ("notification_date", N_("Date de notification")),
                           ("filed_date", N_("Date de dépôt"))):
            when = values.get(key)
            if when is not None and when > clock.today():
                errors.append(FieldError(key, label, N_("ne peut pas être dans le futur.")))
        grievance_id = values.get("grievance_id")
        if grievance_id is not None and (obj is None or obj.grievance_id != grievance_id):
            from gem.services.errors import NotFoundError
            from gem.services.grievance import GrievanceService

            try:  # a grievance the actor may not see is, for them, no grievance at all
                GrievanceService().get(session, actor, grievance_id)
            except NotFoundError:
                errors.append(FieldError("grievance_id", N_("Grief"),
                                         N_("aucun enregistrement ne correspond à "
                                            "« {value} »."), {"value": grievance_id}))
        if values.get("member_id") is None and values.get("institution_id") is None:
            errors.append(FieldError("member_id", N_("Membre"),
                                     N_("indiquez le membre ou l'établissement visé.")))
        return errors

    def after_save(self, session: Session, actor: Actor, obj: Recourse, values: dict[str, Any],
                   extras: dict[str, Any], created: bool) -> None:
        sync_file_deadlines(session, actor, "recourse", obj)

    def transition_values(self, session: Session, actor: Actor, obj: Recourse, target: str,
                          values: dict[str, Any]) -> dict[str, Any]:
        result = super().transition_values(session, actor, obj, target, values)
        if target == RecourseStatus.FILED:
            result["filed_date"] = values.get("filed_date") or obj.filed_date or clock.today()
        elif target == RecourseStatus.SETTLED:
            result["outcome"] = Outcome.SETTLED
        elif target == RecourseStatus.WITHDRAWN:
            result["outcome"] = Outcome.WITHDRAWN
        elif target == RecourseStatus.DECIDED and values.get("outcome"):
            result["outcome"] = values["outcome"]
        return result

    def text_filter(self, stmt: Select[Any], text: str) -> Select[Any]:
        like = f"%{text.strip()}%"
        return stmt.where(or_(Recourse.file_number.ilike(like),
                              Recourse.forum_file_number.ilike(like)))
