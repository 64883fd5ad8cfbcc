"""Institutions (employers), their successions, and the union's locals in them."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

from gem.i18n import N_
from gem.models import BargainingUnit, Institution, InstitutionSuccession, UnitOfficer
from gem.models.enums import InstitutionType
from gem.models.text import search_key
from gem.services.actor import Actor
from gem.services.entity import EntityService
from gem.services.errors import FieldError
from gem.services.search_keys import word_prefix_filter


class InstitutionService(EntityService[Institution]):
    model = Institution
    entity = "institution"
    label = N_("Établissement")
    choices: ClassVar = {"type": InstitutionType}
    date_order = (("valid_from", "valid_to"),)
    default_order = "name"

    def check(self, session: Session, actor: Actor, values: dict[str, Any],
              extras: dict[str, Any], obj: Institution | None) -> list[FieldError]:
        errors = []
        if values.get("type") != InstitutionType.SANTE_QUEBEC and not values.get("region_code"):
            errors.append(FieldError("region_code", N_("Région sociosanitaire"),
                                     N_("ce champ est obligatoire.")))
        if obj is not None and values.get("parent_id") == obj.id:
            errors.append(FieldError("parent_id", N_("Établissement parent"),
                                     N_("un établissement ne peut pas être son propre parent.")))
        return errors

    def before_save(self, session: Session, actor: Actor, obj: Institution, values: dict[str, Any],
                    extras: dict[str, Any], created: bool) -> None:
        obj.search_key = search_key(obj.name, obj.short_name)

    def text_filter(self, stmt: Select[Any], text: str) -> Select[Any]:
        return word_prefix_filter(stmt, Institution.search_key, text)


class SuccessionService(EntityService[InstitutionSuccession]):
    model = InstitutionSuccession
    entity = "institution_succession"
    label = N_("Succession d'établissements")

    def check(self, session: Session, actor: Actor, values: dict[str, Any],
              extras: dict[str, Any], obj: InstitutionSuccession | None) -> list[FieldError]:
        if values.get("predecessor_id") == values.get("successor_id"):
            return [FieldError("successor_id", N_("Successeur"),
                               N_("doit être un autre établissement que le prédécesseur."))]
        return []


class BargainingUnitService(EntityService[BargainingUnit]):
    model = BargainingUnit
    entity = "bargaining_unit"
    label = N_("Unité d'accréditation")
    date_order = (("valid_from", "valid_to"),)
    default_order = "name"


class UnitOfficerService(EntityService[UnitOfficer]):
    model = UnitOfficer
    entity = "unit_officer"
    label = N_("Membre de l'exécutif")
    date_order = (("start_date", "end_date"),)
