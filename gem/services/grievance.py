"""Grievances: entry, the members and articles involved, the timeline, and status moves."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from sqlalchemy import Column, Select, String, delete, or_, select, update
from sqlalchemy.orm import Session

from gem import clock
from gem.i18n import N_, tr
from gem.models import (
    AgreementArticle,
    BargainingUnit,
    Grievance,
    GrievanceArticle,
    GrievanceEvent,
    GrievanceMember,
    Member,
    User,
)
from gem.models.base import table_of
from gem.models.enums import GrievanceKind, GrievanceNature, GrievanceStatus, Outcome
from gem.services import audit
from gem.services.actor import Actor
from gem.services.deadlines.files import sync_file_deadlines
from gem.services.errors import FieldError, Label, ValidationError
from gem.services.files import WorkflowService, require_award_outcome
from gem.services.policy import Action, is_counsellor
from gem.services.workflow import GRIEVANCE, status_label


def _length_of(column: Column[Any]) -> int:
    """A String column's length, so the form refuses what the schema would."""
    kind = column.type
    assert isinstance(kind, String) and kind.length is not None, column
    return kind.length


_CITATION_LENGTH = _length_of(table_of(GrievanceArticle).c.citation)
_ARTICLES = N_("Articles invoqués")


class GrievanceService(WorkflowService[Grievance]):
    model = Grievance
    entity = "grievance"
    label = N_("Grief")
    workflow = GRIEVANCE
    file_prefix = "G"
    confidential = True
    choices: ClassVar = {"kind": GrievanceKind, "nature": GrievanceNature, "outcome": Outcome}
    date_order = (("event_date", "knowledge_date"), ("knowledge_date", "filed_date"),
                  ("event_date", "filed_date"), ("filed_date", "closed_date"))
    extra_fields = WorkflowService.extra_fields | {"member_ids", "articles"}
    # What happened, was learnt, filed or closed has happened: never after today, with no
    # margin (clock.today() is already Québec's day, whatever the workstation's zone).
    not_after_today = frozenset({"event_date", "knowledge_date", "filed_date", "closed_date"})
    default_order = "filed_date"

    def check(self, session: Session, actor: Actor, values: dict[str, Any],
              extras: dict[str, Any], obj: Grievance | None) -> list[FieldError]:
        errors = super().check(session, actor, values, extras, obj)
        status = extras.get("status") if obj is None else obj.status
        if status == GrievanceStatus.FILED and values.get("filed_date") is None:
            errors.append(FieldError("filed_date", N_("Date de dépôt"),
                                     N_("obligatoire pour un grief déposé.")))
        counsellor_id = values.get("counsellor_id")
        if counsellor_id is not None:
            role = session.scalar(select(User.role).where(User.id == counsellor_id))
            if role is None or not is_counsellor(role):
                errors.append(FieldError("counsellor_id", N_("Conseiller"),
                                         N_("cet utilisateur n'est pas conseiller.")))
        unit_id = values.get("unit_id")
        if unit_id is not None and values.get("institution_id") is not None:
            unit_institution = session.scalar(
                select(BargainingUnit.institution_id).where(BargainingUnit.id == unit_id))
            if unit_institution != values["institution_id"]:
                errors.append(FieldError("unit_id", N_("Unité d'accréditation"),
                                         N_("cette unité n'appartient pas à l'établissement.")))
        errors.extend(self._check_members(session, values, extras, obj))
        errors.extend(self._check_articles(session, extras))
        return errors

    @staticmethod
    def _check_articles(session: Session, extras: dict[str, Any]) -> list[FieldError]:
        """Citations within their column, article ids that exist: checked with the rest of
        the record, before anything is written (the list itself: EntityService.clean)."""
        errors: list[FieldError] = []
        for item in extras.get("articles") or []:
            if isinstance(item, int):
                if session.get(AgreementArticle, item) is None:
                    errors.append(FieldError("articles", _ARTICLES,
                                             N_("article {value} introuvable."),
                                             {"value": item}))
            elif len(item) > _CITATION_LENGTH:
                errors.append(FieldError("articles", _ARTICLES,
                                         N_("{length} caractères au plus ({actual} saisis)."),
                                         {"length": _CITATION_LENGTH, "actual": len(item)}))
        return errors

    def _check_members(self, session: Session, values: dict[str, Any],
                       extras: dict[str, Any], obj: Grievance | None) -> list[FieldError]:
        ids = extras.get("member_ids")
        if ids is not None:
            try:
                ids = [int(i) for i in ids]
            except (TypeError, ValueError):
                return [FieldError("member_ids", N_("Membres visés"),
                                   N_("liste de membres invalide."))]
            found = set(session.scalars(select(Member.id).where(Member.id.in_(ids))))
            missing = [str(i) for i in ids if i not in found]
            if missing:
                return [FieldError("member_ids", N_("Membres visés"),
                                   N_("membres introuvables : {ids}."),
                                   {"ids": ", ".join(missing)})]
            extras["member_ids"] = ids
        if obj is None and values.get("kind") == GrievanceKind.INDIVIDUAL and not ids:
            return [FieldError("member_ids", N_("Membres visés"),
                               N_("un grief individuel vise au moins un membre."))]
        return []

    def after_save(self, session: Session, actor: Actor, obj: Grievance, values: dict[str, Any],
                   extras: dict[str, Any], created: bool) -> None:
        if extras.get("member_ids") is not None:
            self._set_members(session, obj, extras["member_ids"])
        if extras.get("articles") is not None:
            self._set_articles(session, actor, obj, extras["articles"])
        if created:
            text = tr(N_("Dossier ouvert ({status})."), actor.language,
                      status=status_label("grievance", obj.status, actor.language))
            self._event(session, actor, obj, obj.filed_date or clock.today(), "created", text)
        sync_file_deadlines(session, actor, "grievance", obj)

    # ----------------------------------------------------------------- children
    @staticmethod
    def _set_members(session: Session, obj: Grievance, ids: list[int]) -> None:
        session.execute(delete(GrievanceMember).where(GrievanceMember.grievance_id == obj.id))
        for member_id in dict.fromkeys(ids):
            session.add(GrievanceMember(grievance_id=obj.id, member_id=member_id))

    def _set_articles(self, session: Session, actor: Actor, obj: Grievance,
                      articles: list[Any]) -> None:
        """Articles come as citations ("12.03") or article ids; a citation that matches an
        article of the grievance's collective agreement is linked to it."""
        session.execute(delete(GrievanceArticle).where(GrievanceArticle.grievance_id == obj.id))
        for item in articles:  # checked by EntityService.clean and _check_articles
            article_id = None
            if isinstance(item, int):
                article = session.get(AgreementArticle, item)
                assert article is not None  # _check_articles refused ids of no article
                citation, article_id = article.number, article.id
            else:
                citation = item
                if obj.agreement_id is not None:
                    article_id = session.scalar(select(AgreementArticle.id).where(
                        AgreementArticle.agreement_id == obj.agreement_id,
                        AgreementArticle.number == citation))
            session.add(GrievanceArticle(grievance_id=obj.id, article_id=article_id,
                                         citation=citation))

    def _event(self, session: Session, actor: Actor, obj: Grievance, occurred_on: date,
               kind: str, description: str) -> GrievanceEvent:
        event = GrievanceEvent(grievance_id=obj.id, occurred_on=occurred_on, kind=kind,
                               description=description, user_id=actor.id)
        session.add(event)
        # A note is not an edit of the grievance: touch the activity date without bumping the
        # version, so a note never makes someone's open form conflict.
        session.execute(update(Grievance).where(Grievance.id == obj.id)
                        .values(last_activity_at=clock.now())
                        .execution_options(synchronize_session=False))
        return event

    # ----------------------------------------------------------------- moves
    def transition_values(self, session: Session, actor: Actor, obj: Grievance, target: str,
                          values: dict[str, Any]) -> dict[str, Any]:
        result = super().transition_values(session, actor, obj, target, values)
        if target == GrievanceStatus.FILED:
            result["filed_date"] = values.get("filed_date") or obj.filed_date or clock.today()
        elif target == GrievanceStatus.SETTLED:
            result["outcome"] = Outcome.SETTLED
        elif target == GrievanceStatus.WITHDRAWN:
            result["outcome"] = Outcome.WITHDRAWN
        elif target == GrievanceStatus.AWARDED:
            require_award_outcome(values, actor.language)
        closed = result.get("closed_date")
        filed = result.get("filed_date") or obj.filed_date
        if closed is not None and filed is not None and closed < filed:
            raise ValidationError([FieldError("closed_date", N_("Date de fermeture"),
                                              N_("ne peut pas précéder « {other} » ({value})."),
                                              {"other": Label(N_("Date de dépôt")),
                                               "value": filed.isoformat()})], actor.language)
        return result

    def after_transition(self, session: Session, actor: Actor, obj: Grievance, previous: str,
                         target: str, extras: dict[str, Any]) -> None:
        text = tr(N_("Statut : {before} → {after}."), actor.language,
                  before=status_label("grievance", previous, actor.language),
                  after=status_label("grievance", target, actor.language))
        when = obj.closed_date if self.workflow.is_closed(target) else \
            (obj.filed_date if target == GrievanceStatus.FILED else clock.today())
        self._event(session, actor, obj, when or clock.today(), target, text)

    # ----------------------------------------------------------------- timeline
    def add_note(self, session: Session, actor: Actor, ident: int, text: str,
                 occurred_on: date | str | None = None) -> GrievanceEvent:
        """A line in the file's timeline (call, meeting, document received...)."""
        actor = self.require(actor, Action.UPDATE, session)
        obj = self.get(session, actor, ident)
        from gem.services.values import BadValue, check_date, parse_date, parse_text

        errors = []
        try:
            when = parse_date(occurred_on) or clock.today()
            check_date(when)
        except BadValue as exc:
            errors.append(FieldError("occurred_on", N_("Date"), exc.msgid, exc.params))
        try:
            description = parse_text(text, multiline=True)
        except BadValue as exc:
            errors.append(FieldError("description", N_("Description"), exc.msgid, exc.params))
        else:
            if description is None:
                errors.append(FieldError("description", N_("Description"),
                                         N_("ce champ est obligatoire.")))
        if errors:
            raise ValidationError(errors, actor.language)
        assert description is not None  # an empty description is one of the errors above
        event = self._event(session, actor, obj, when, "note", description)
        session.flush()
        audit.record(session, actor, "create", "grievance_event", event.id, None,
                     audit.snapshot(event))
        return event

    def timeline(self, session: Session, actor: Actor, ident: int) -> list[GrievanceEvent]:
        self.get(session, actor, ident)  # visibility check
        return list(session.scalars(select(GrievanceEvent)
                                    .where(GrievanceEvent.grievance_id == ident)
                                    .order_by(GrievanceEvent.occurred_on, GrievanceEvent.id)))

    def links(self, session: Session, obj: Grievance) -> dict[str, list[Any]]:
        if obj.id is None:
            return {}
        session.flush()
        citations = list(session.scalars(select(GrievanceArticle.citation)
                                         .where(GrievanceArticle.grievance_id == obj.id)))
        return {"member_ids": sorted(self.member_ids(session, obj.id)),
                "articles": sorted(c for c in citations if c)}

    def member_ids(self, session: Session, ident: int) -> list[int]:
        return list(session.scalars(select(GrievanceMember.member_id)
                                    .where(GrievanceMember.grievance_id == ident)))

    def text_filter(self, stmt: Select[Any], text: str) -> Select[Any]:
        text = text.strip()
        like = f"%{text}%"
        return stmt.where(or_(Grievance.file_number.ilike(like),
                              Grievance.employer_number.ilike(like),
                              Grievance.title.ilike(like)))
