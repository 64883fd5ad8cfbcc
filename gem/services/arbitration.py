"""Arbitrations, their hearings and arbitrators.

Referring grievances to an arbitration moves them to "referred"; an award moves them to
"awarded" with the arbitration's outcome, so the two files never disagree.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import Select, delete, or_, select
from sqlalchemy.orm import Session

from gem import clock
from gem.i18n import N_
from gem.models import Arbitration, ArbitrationGrievance, Arbitrator, Grievance, Hearing
from gem.models.enums import (
    ArbitrationProcedure,
    ArbitrationStatus,
    GrievanceStatus,
    HearingKind,
    Outcome,
)
from gem.services.actor import Actor
from gem.services.deadlines.files import sync_file_deadlines
from gem.services.entity import EntityService
from gem.services.errors import FieldError
from gem.services.files import WorkflowService, require_award_outcome
from gem.services.grievance import GrievanceService
from gem.services.workflow import ARBITRATION


class ArbitratorService(EntityService[Arbitrator]):
    model = Arbitrator
    entity = "arbitrator"
    label = N_("Arbitre")
    default_order = "name"

    def text_filter(self, stmt: Select[Any], text: str) -> Select[Any]:
        return stmt.where(Arbitrator.name.ilike(f"%{text.strip()}%"))


class ArbitrationService(WorkflowService[Arbitration]):
    model = Arbitration
    entity = "arbitration"
    label = N_("Arbitrage")
    workflow = ARBITRATION
    file_prefix = "A"
    choices: ClassVar = {"procedure": ArbitrationProcedure, "outcome": Outcome}
    extra_fields = WorkflowService.extra_fields | {"grievance_ids"}
    date_order = (("referral_date", "award_date"),)
    default_order = "referral_date"

    def base_query(self, actor: Actor) -> Select[Any]:
        """An arbitration is hidden where every grievance it holds is hidden from the actor."""
        stmt = select(Arbitration)
        if actor.sees_all_confidential:
            return stmt
        hidden = (select(ArbitrationGrievance.arbitration_id)
                  .join(Grievance, Grievance.id == ArbitrationGrievance.grievance_id)
                  .where(Grievance.confidential.is_(True),
                         or_(Grievance.counsellor_id.is_(None),
                             Grievance.counsellor_id != actor.id)))
        return stmt.where(or_(Arbitration.id.not_in(hidden),
                              Arbitration.counsellor_id == actor.id))

    def check(self, session: Session, actor: Actor, values: dict[str, Any],
              extras: dict[str, Any], obj: Arbitration | None) -> list[FieldError]:
        errors = super().check(session, actor, values, extras, obj)
        share = values.get("union_share_pct")
        if share is not None and share > 100:
            errors.append(FieldError("union_share_pct", N_("Part du syndicat (%)"),
                                     N_("doit être entre 0 et 100.")))
        ids = extras.get("grievance_ids")
        if ids is not None:
            ids = [int(i) for i in ids]
            visible = GrievanceService().base_query(actor).where(Grievance.id.in_(ids))
            found = {g.id: g for g in session.scalars(visible)}
            missing = [str(i) for i in ids if i not in found]
            if missing:
                errors.append(FieldError("grievance_ids", N_("Griefs"),
                                         N_("griefs introuvables : {ids}."),
                                         {"ids": ", ".join(missing)}))
            elif values.get("institution_id") is not None and any(
                    g.institution_id != values["institution_id"] for g in found.values()):
                errors.append(FieldError("grievance_ids", N_("Griefs"),
                                         N_("tous les griefs doivent viser l'établissement "
                                            "de l'arbitrage.")))
            extras["grievance_ids"] = ids
        if obj is None and not ids:
            errors.append(FieldError("grievance_ids", N_("Griefs"),
                                     N_("un arbitrage porte sur au moins un grief.")))
        return errors

    def after_save(self, session: Session, actor: Actor, obj: Arbitration, values: dict[str, Any],
                   extras: dict[str, Any], created: bool) -> None:
        sync_file_deadlines(session, actor, "arbitration", obj)
        ids = extras.get("grievance_ids")
        if ids is None:
            return
        session.execute(delete(ArbitrationGrievance)
                        .where(ArbitrationGrievance.arbitration_id == obj.id))
        grievances = GrievanceService()
        for grievance_id in dict.fromkeys(ids):
            session.add(ArbitrationGrievance(arbitration_id=obj.id, grievance_id=grievance_id))
            grievance = session.get(Grievance, grievance_id)
            if grievance is not None and GrievanceStatus.REFERRED in \
                    grievances.allowed_moves(grievance):
                grievances.transition(session, actor, grievance_id, GrievanceStatus.REFERRED,
                                      None)

    def transition_values(self, session: Session, actor: Actor, obj: Arbitration, target: str,
                          values: dict[str, Any]) -> dict[str, Any]:
        result = super().transition_values(session, actor, obj, target, values)
        if target == ArbitrationStatus.AWARD_RENDERED:
            require_award_outcome(values, actor.language)
            result["award_date"] = values.get("award_date") or clock.today()
        elif target in (ArbitrationStatus.SETTLED, ArbitrationStatus.WITHDRAWN):
            result["outcome"] = Outcome.SETTLED if target == ArbitrationStatus.SETTLED \
                else Outcome.WITHDRAWN
        return result

    def after_transition(self, session: Session, actor: Actor, obj: Arbitration, previous: str,
                         target: str, extras: dict[str, Any]) -> None:
        """Close the grievances the award or settlement disposes of."""
        # str keys: ``target`` is the plain status value (ArbitrationStatus is a StrEnum)
        closes: dict[str, GrievanceStatus] = {
            ArbitrationStatus.AWARD_RENDERED: GrievanceStatus.AWARDED,
            ArbitrationStatus.SETTLED: GrievanceStatus.SETTLED,
            ArbitrationStatus.WITHDRAWN: GrievanceStatus.WITHDRAWN}
        grievance_target = closes.get(target)
        if grievance_target is None:
            return
        grievances = GrievanceService()
        for link in session.scalars(select(ArbitrationGrievance)
                                    .where(ArbitrationGrievance.arbitration_id == obj.id)):
            grievance = session.get(Grievance, link.grievance_id)
            if grievance is not None and grievance_target in grievances.allowed_moves(grievance):
                grievances.transition(session, actor, grievance.id, grievance_target, None,
                                      {"outcome": obj.outcome,
                                       "closed_date": obj.award_date or clock.today()})

    def links(self, session: Session, obj: Arbitration) -> dict[str, list[Any]]:
        if obj.id is None:
            return {}
        session.flush()
        return {"grievance_ids": sorted(self.grievance_ids(session, obj.id))}

    def grievance_ids(self, session: Session, ident: int) -> list[int]:
        return list(session.scalars(select(ArbitrationGrievance.grievance_id)
                                    .where(ArbitrationGrievance.arbitration_id == ident)))

    def text_filter(self, stmt: Select[Any], text: str) -> Select[Any]:
        like = f"%{text.strip()}%"
        return stmt.where(or_(Arbitration.file_number.ilike(like),
                              Arbitration.registry_number.ilike(like),
                              Arbitration.citation.ilike(like)))


class HearingService(EntityService[Hearing]):
    model = Hearing
    entity = "hearing"
    label = N_("Audience")
    choices: ClassVar = {"kind": HearingKind}
    default_order = "date"

    def base_query(self, actor: Actor) -> Select[Any]:
        visible = ArbitrationService().base_query(actor).with_only_columns(Arbitration.id)
        return select(Hearing).where(Hearing.arbitration_id.in_(visible))

    def after_save(self, session: Session, actor: Actor, obj: Hearing, values: dict[str, Any],
                   extras: dict[str, Any], created: bool) -> None:
        """The first hearing date set makes a pending arbitration "scheduled"."""
        arbitration = session.get(Arbitration, obj.arbitration_id)
        if created and arbitration is not None and \
                arbitration.status == ArbitrationStatus.PENDING and \
                obj.kind != HearingKind.POSTPONED:
            ArbitrationService().transition(session, actor, arbitration.id,
                                            ArbitrationStatus.SCHEDULED, None)
        if arbitration is not None:
            sync_file_deadlines(session, actor, "arbitration", arbitration)
