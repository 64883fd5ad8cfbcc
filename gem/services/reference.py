"""Reference tables: health regions (read-only, fixed by law) and job titles; who may change
them is gem.services.policy's answer (administrators)."""

from __future__ import annotations

from sqlalchemy import Select

from gem.i18n import N_
from gem.models import HealthRegion, JobTitle
from gem.services.entity import EntityService


class HealthRegionService(EntityService[HealthRegion]):
    model = HealthRegion
    entity = "health_region"
    label = N_("Région sociosanitaire")
    default_order = "code"

    def editable_fields(self) -> set[str]:
        return {"code", "name", "note", "source"}


class JobTitleService(EntityService[JobTitle]):
    model = JobTitle
    entity = "job_title"
    label = N_("Titre d'emploi")
    default_order = "title_fr"

    def text_filter(self, stmt: Select, text: str) -> Select:
        like = f"%{text.strip()}%"
        return stmt.where(JobTitle.title_fr.ilike(like) | JobTitle.code.like(like))
