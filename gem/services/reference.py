"""Reference tables: health regions and job titles; who may change them is
gem.services.policy's answer (administrators).

Health regions are numbered by law (01–18, not the administrative regions' numbering) and
seeded from shared/data, where most names and notes are marked unverified: an administrator
corrects a name, a note or a source through the same service as every reference record, and
may add a region the law adds. A region is keyed by its code, which institutions point at, so
the code is typed once, at creation, and never changed; a region still used is not deleted.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

from gem.i18n import N_
from gem.models import HealthRegion, JobTitle
from gem.services.actor import Actor
from gem.services.entity import EntityService
from gem.services.errors import FieldError


class HealthRegionService(EntityService[HealthRegion]):
    model = HealthRegion
    entity = "health_region"
    label = N_("Région sociosanitaire")
    default_order = "code"
    readonly_on_update: ClassVar[frozenset[str]] = frozenset({"code"})

    def editable_fields(self) -> set[str]:
        return {"code", "name", "note", "source"}

    def check(self, session: Session, actor: Actor, values: dict[str, Any],
              extras: dict[str, Any], obj: HealthRegion | None) -> list[FieldError]:
        """Two digits, as the law numbers the regions ("04", never "4"): institutions,
        lists and statistics show and sort the code as typed."""
        code = values.get("code")
        if obj is None and code is not None and not (len(code) == 2 and code.isascii()
                                                     and code.isdigit()):
            return [FieldError("code", N_("Code"),
                               N_("« {value} » n'est pas un code de région : deux chiffres "
                                  "sont attendus (par exemple 04)."), {"value": code})]
        return []


class JobTitleService(EntityService[JobTitle]):
    model = JobTitle
    entity = "job_title"
    label = N_("Titre d'emploi")
    default_order = "title_fr"

    def text_filter(self, stmt: Select[Any], text: str) -> Select[Any]:
        like = f"%{text.strip()}%"
        return stmt.where(JobTitle.title_fr.ilike(like) | JobTitle.code.like(like))
