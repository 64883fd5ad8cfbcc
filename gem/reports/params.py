"""Report parameters: declared once per report, typed from whatever the CLI or the window
hands over (text, ids, dates), and shown back on every page as the report's filters.

Resolving a parameter is also where visibility starts: a grievance number the actor may not
see is "not found", exactly as in the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from gem import clock
from gem.i18n import N_, tr
from gem.models import Grievance, Institution, Member, User
from gem.services.actor import Actor
from gem.services.entity import Range
from gem.services.errors import FieldError, ValidationError
from gem.services.grievance import GrievanceService
from gem.services.policy import COUNSELLOR_ROLES, is_counsellor
from gem.services.values import BadValue, parse_bool, parse_date

KINDS = ("date", "counsellors", "institution", "member", "grievance", "list", "filters",
         "text", "bool", "int", "language")


@dataclass(frozen=True)
class Param:
    key: str
    label: str  # French msgid
    kind: str  # one of KINDS
    required: bool = False
    default: Callable[[], Any] | Any = None
    help: str = ""  # French msgid for --help and the window's tooltip

    def default_value(self) -> Any:
        return self.default() if callable(self.default) else self.default


@dataclass
class Resolved:
    values: dict[str, Any]
    shown: list[tuple[str, str]]  # (label msgid, text) for the filter band


def in_30_days() -> date:
    """Default end of the forward-looking reports' period."""
    return clock.today() + timedelta(days=30)


def require_period(start: date, end: date, lang: str) -> None:
    """A period's end before its start is refused, naming the "Au" field."""
    if end < start:
        raise ValidationError([FieldError("end", N_("Au"),
                                          N_("ne peut pas précéder « {other} » ({value})."),
                                          {"other": tr(N_("Du"), lang),
                                           "value": start.isoformat()})], lang)


def _error(param: Param, msgid: str, lang: str, **params: Any) -> ValidationError:
    return ValidationError([FieldError(param.key, param.label, msgid, params)], lang)


def resolve(session: Session, actor: Actor, params: tuple[Param, ...], raw: dict[str, Any],
            lang: str) -> Resolved:
    """Typed values for ``params`` from ``raw``; a ValidationError naming every wrong or
    missing parameter at once, and the list of unknown ones."""
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    shown: list[tuple[str, str]] = []
    known = {p.key for p in params}
    for key in raw:
        if key not in known:
            errors.append(FieldError(key, key, N_("paramètre inconnu ({allowed})."),
                                     {"allowed": ", ".join(sorted(known)) or "—"}))
    for param in params:
        value = raw.get(param.key)
        if value is None or value == "" or value == []:
            value = param.default_value()
        if value is None or value == "" or value == []:
            if param.required:
                errors.append(FieldError(param.key, param.label,
                                         N_("ce champ est obligatoire.")))
            values[param.key] = None
            continue
        try:
            typed, text = _resolve_one(session, actor, param, value, lang)
        except ValidationError as exc:
            errors.extend(exc.errors)
            continue
        values[param.key] = typed
        if text:
            shown.append((param.label, text))
    if errors:
        raise ValidationError(errors, lang)
    return Resolved(values, shown)


def _resolve_one(session: Session, actor: Actor, param: Param, value: Any,
                 lang: str) -> tuple[Any, str]:
    kind = param.kind
    if kind == "date":
        try:
            day = parse_date(value)
        except BadValue as exc:
            raise _error(param, exc.msgid, lang, **exc.params) from None
        assert day is not None
        return day, day.isoformat()
    if kind == "counsellors":
        return _counsellors(session, param, value, lang)
    if kind == "institution":
        inst = _institution(session, param, value, lang)
        return inst, inst.name
    if kind == "member":
        member = _member(session, param, value, lang)
        return member, f"{member.last_name}, {member.first_name} ({member.member_number})"
    if kind == "grievance":
        grievance = _grievance(session, actor, param, value, lang)
        return grievance, grievance.file_number
    if kind == "list":
        from gem.services.listing import get_list, list_names

        name = str(value).strip()
        if name not in list_names():
            raise _error(param, N_("« {value} » n'est pas une valeur permise ({allowed})."),
                         lang, value=name, allowed=", ".join(list_names()))
        return name, tr(get_list(name).title, lang)
    if kind == "filters":
        filters = parse_filters(value, param, lang)
        return filters, filters_text(filters, lang)
    if kind == "bool":
        try:
            flag = parse_bool(value)
        except BadValue as exc:
            raise _error(param, exc.msgid, lang, **exc.params) from None
        return bool(flag), tr(N_("Oui") if flag else N_("Non"), lang)
    if kind == "int":
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise _error(param, N_("« {value} » n'est pas un nombre entier."), lang,
                         value=value) from None
        if number < 0:
            raise _error(param, N_("ne peut pas être négatif."), lang)
        return number, str(number)
    if kind == "language":
        text = str(value).strip().lower()
        if text not in ("fr", "en"):
            raise _error(param, N_("« {value} » n'est pas une valeur permise ({allowed})."),
                         lang, value=text, allowed="fr, en")
        return text, ""
    return str(value).strip(), str(value).strip()


def _counsellors(session: Session, param: Param, value: Any,
                 lang: str) -> tuple[list[User], str]:
    """One counsellor (a caseload) or several (a team), by login or id."""
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    found: list[User] = []
    for item in items:
        item = item.strip() if isinstance(item, str) else item
        if item in ("", None):
            continue
        if isinstance(item, int) or (isinstance(item, str) and item.isdigit()):
            user = session.get(User, int(item))
        else:
            user = session.scalar(select(User).where(User.login == item))
        if user is None:
            raise _error(param, N_("aucun enregistrement ne correspond à « {value} »."), lang,
                         value=item)
        if not is_counsellor(user.role):
            raise _error(param, N_("cet utilisateur n'est pas conseiller."), lang)
        if user not in found:
            found.append(user)
    return found, ", ".join(u.full_name for u in found)


def _institution(session: Session, param: Param, value: Any, lang: str) -> Institution:
    if isinstance(value, Institution):
        return value
    text = str(value).strip()
    inst = None
    if text.isdigit():
        inst = session.get(Institution, int(text))
    if inst is None:
        inst = session.scalars(select(Institution).where(or_(
            func.lower(Institution.name) == text.lower(),
            func.lower(Institution.short_name) == text.lower()))).first()
    if inst is None:
        raise _error(param, N_("aucun enregistrement ne correspond à « {value} »."), lang,
                     value=text)
    return inst


def _member(session: Session, param: Param, value: Any, lang: str) -> Member:
    if isinstance(value, Member):
        return value
    text = str(value).strip()
    member = session.scalar(select(Member).where(Member.member_number == text))
    if member is None and isinstance(value, int):
        member = session.get(Member, value)
    if member is None:
        raise _error(param, N_("aucun enregistrement ne correspond à « {value} »."), lang,
                     value=text)
    return member


def _grievance(session: Session, actor: Actor, param: Param, value: Any,
               lang: str) -> Grievance:
    stmt = GrievanceService().base_query(actor)
    if isinstance(value, int):
        stmt = stmt.where(Grievance.id == value)
    else:
        stmt = stmt.where(Grievance.file_number == str(value).strip())
    grievance: Grievance | None = session.scalars(stmt).first()
    if grievance is None:
        raise _error(param, N_("aucun enregistrement ne correspond à « {value} »."), lang,
                     value=value)
    return grievance


def parse_filters(value: Any, param: Param | None = None,
                  lang: str = "fr") -> dict[str, Any]:
    """List filters as the window holds them (a dict, possibly with Range values) or as
    typed on the command line: ``status=filed,settled``, ``filed_date=2024-01-01..2024-12-31``,
    ``text=Côté``."""
    if isinstance(value, dict):
        return dict(value)
    items = value if isinstance(value, list | tuple) else [value]
    result: dict[str, Any] = {}
    for item in items:
        text = str(item)
        if "=" not in text:
            fake = param or Param("filters", N_("Filtres"), "filters")
            raise _error(fake, N_("« {value} » : écrivez clé=valeur."), lang, value=text)
        key, raw = (part.strip() for part in text.split("=", 1))
        if ".." in raw:
            low, high = raw.split("..", 1)
            result[key] = Range(_scalar(low), _scalar(high))
        elif "," in raw:
            result[key] = [_scalar(v) for v in raw.split(",") if v.strip()]
        else:
            result[key] = _scalar(raw)
    return result


def _scalar(text: str) -> Any:
    """A filter value as typed; the list export converts it to the column's type (a member
    number "0042" must stay text, a date column gets a date)."""
    text = text.strip()
    return text or None


def filters_text(filters: dict[str, Any], lang: str) -> str:
    parts = []
    for key, value in filters.items():
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, Range):
            low = _text(value.low) or "…"
            high = _text(value.high) or "…"
            shown = f"{low} – {high}"
        elif isinstance(value, list | tuple | set | frozenset):
            shown = ", ".join(_text(v) for v in value)
        else:
            shown = _text(value)
        parts.append(f"{key} = {shown}")
    return "; ".join(parts) or tr(N_("aucun"), lang)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class ParameterChoices:
    """What the report screen offers in its pickers: (login, name) of the people who hold a
    caseload, (id, name) of the institutions."""

    counsellors: list[tuple[str, str]]
    institutions: list[tuple[int, str]]


def parameter_choices(session: Session, actor: Actor) -> ParameterChoices:
    """The pickers of the report screen, read once when it opens, through the services (the
    same visibility as everywhere)."""
    from gem.services.institution import InstitutionService
    from gem.services.users import UserService

    users = UserService().find(session, actor, {"role": sorted(COUNSELLOR_ROLES),
                                                "active": True}, "full_name", limit=None)
    institutions = InstitutionService().find(session, actor, None, "name", limit=None)
    return ParameterChoices([(u.login, u.full_name) for u in users],
                            [(i.id, i.name) for i in institutions])

