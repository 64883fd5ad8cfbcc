"""The columns each import understands, named as the forms name the fields (the models'
labels: one source for each label) plus the headers institutions' exports use."""

from __future__ import annotations

from gem.models import Member
from gem.models.base import table_of

from .columns import Field


def _label(key: str) -> str:
    return str(table_of(Member).c[key].info["label"])


MEMBERS: tuple[Field, ...] = (
    Field("member_number", _label("member_number"),
          ("no membre", "numero membre", "no de membre", "member number", "member no")),
    Field("employee_number", _label("employee_number"),
          ("no employe", "numero employe", "numero d employe", "no d employe",
           "employee number", "employee id", "matricule employe")),
    Field("last_name", _label("last_name"), ("nom", "last name", "surname", "family name"),
          required=True),
    Field("first_name", _label("first_name"), ("first name", "given name"), required=True),
    Field("job_title", _label("job_title_id"),
          ("titre", "code titre", "titre emploi", "job title", "job code", "title")),
    Field("employment_status", _label("employment_status"),
          ("statut emploi", "employment status", "statut")),
    Field("seniority_date", _label("seniority_date"), ("seniority date", "date anciennete")),
    Field("seniority_hours", _label("seniority_hours"),
          ("anciennete", "heures anciennete", "seniority", "seniority hours")),
    Field("hire_date", _label("hire_date"), ("date embauche", "hire date", "hired")),
    Field("unit", _label("unit_id"), ("unite", "accreditation", "bargaining unit", "unit")),
    Field("email", _label("email"), ("courriel", "email", "e mail", "adresse courriel")),
    Field("phone", _label("phone"), ("telephone", "phone", "tel", "no telephone")),
)
