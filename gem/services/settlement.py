"""Agreements (ententes): settlements, local agreements, letters of understanding, with the
grievances they dispose of and their implementation follow-up."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import Select, delete, or_, select
from sqlalchemy.orm import Session

from gem.i18n import N_
from gem.models import Agreement, AgreementFollowUp, AgreementGrievance, Grievance
from gem.models.enums import AgreementKind, AgreementStatus
from gem.services.actor import Actor
from gem.services.entity import EntityService
from gem.services.errors import FieldError
from gem.services.files import next_file_number
from gem.services.grievance import GrievanceService


class AgreementService(EntityService[Agreement]):
    model = Agreement
    entity = "agreement"
    label = N_("Entente")
    choices: ClassVar = {"kind": AgreementKind, "status": AgreementStatus}
    date_order = (("effective_date", "end_date"),)
    extra_fields = frozenset({"grievance_ids"})
    default_order = "signed_date"
    # An empty file number (E-YEAR-NNNNN) is drawn once every check has passed and a retry
    # has found nothing made with its creation key (EntityService.create), as for the files
    # (gem.services.files): on PostgreSQL a number drawn is never given back, so a refused
    # or replayed save would leave a gap.
    generated_on_create: ClassVar[frozenset[str]] = frozenset({"file_number"})

    def generate(self, session: Session, actor: Actor, key: str) -> Any:
        if key == "file_number":
            return next_file_number(session, Agreement, "E")
        return super().generate(session, actor, key)

    def check(self, session: Session, actor: Actor, values: dict[str, Any],
              extras: dict[str, Any], obj: Agreement | None) -> list[FieldError]:
        errors = []
        if values.get("status") in (AgreementStatus.SIGNED, AgreementStatus.IMPLEMENTED) \
                and values.get("signed_date") is None:
            errors.append(FieldError("signed_date", N_("Date de signature"),
                                     N_("obligatoire pour une entente signée.")))
        ids = extras.get("grievance_ids")
        if ids is not None:
            ids = [int(i) for i in ids]
            visible = GrievanceService().base_query(actor).where(Grievance.id.in_(ids))
            found = set(session.scalars(visible.with_only_columns(Grievance.id)))
            missing = [str(i) for i in ids if i not in found]
            if missing:
                errors.append(FieldError("grievance_ids", N_("Griefs"),
                                         N_("griefs introuvables : {ids}."),
                                         {"ids": ", ".join(missing)}))
            extras["grievance_ids"] = ids
        return errors

    def after_save(self, session: Session, actor: Actor, obj: Agreement, values: dict[str, Any],
                   extras: dict[str, Any], created: bool) -> None:
        ids = extras.get("grievance_ids")
        if ids is None:
            return
        session.execute(delete(AgreementGrievance).where(AgreementGrievance.agreement_id == obj.id))
        for grievance_id in dict.fromkeys(ids):
            session.add(AgreementGrievance(agreement_id=obj.id, grievance_id=grievance_id))

    def links(self, session: Session, obj: Agreement) -> dict[str, list[Any]]:
        if obj.id is None:
            return {}
        session.flush()
        return {"grievance_ids": sorted(self.grievance_ids(session, obj.id))}

    def grievance_ids(self, session: Session, ident: int) -> list[int]:
        return list(session.scalars(select(AgreementGrievance.grievance_id)
                                    .where(AgreementGrievance.agreement_id == ident)))

    def text_filter(self, stmt: Select[Any], text: str) -> Select[Any]:
        like = f"%{text.strip()}%"
        return stmt.where(or_(Agreement.file_number.ilike(like), Agreement.title.ilike(like)))


class FollowUpService(EntityService[AgreementFollowUp]):
    model = AgreementFollowUp
    entity = "agreement_follow_up"
    label = N_("Suivi d'entente")
    default_order = "due_date"
