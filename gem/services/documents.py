"""Attachments: stored in the database with their SHA-256, so every workstation opens the same
bytes and a damaged copy is detected."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from gem.i18n import N_
from gem.models import (
    Agreement,
    Arbitration,
    Document,
    Grievance,
    Institution,
    LeaveInvoice,
    Member,
    Recourse,
    UnionLeave,
)
from gem.services import audit
from gem.services.actor import Actor
from gem.services.errors import FieldError, NotFoundError, PermissionDenied, ValidationError

MAX_SIZE = 50 * 1024 * 1024
OWNERS = {"grievance": Grievance, "arbitration": Arbitration, "agreement": Agreement,
          "recourse": Recourse, "member": Member, "institution": Institution,
          "union_leave": UnionLeave, "leave_invoice": LeaveInvoice}


def _check_owner(session: Session, actor: Actor, owner_type: str, owner_id: int) -> None:
    model = OWNERS.get(owner_type)
    if model is None or session.get(model, owner_id) is None:
        raise NotFoundError(None, actor.language, entity=owner_type, ident=owner_id)
    if owner_type in ("grievance", "recourse"):
        from gem.services.grievance import GrievanceService
        from gem.services.recourse import RecourseService

        service = GrievanceService() if owner_type == "grievance" else RecourseService()
        service.get(session, actor, owner_id)  # raises NotFoundError when hidden


def attach(session: Session, actor: Actor, owner_type: str, owner_id: int, name: str,
           content: bytes, mime_type: str | None = None) -> Document:
    if not actor.can_write:
        raise PermissionDenied(None, actor.language)
    _check_owner(session, actor, owner_type, owner_id)
    errors = []
    name = (name or "").strip()
    if not name:
        errors.append(FieldError("name", N_("Nom"), N_("ce champ est obligatoire.")))
    elif len(name) > 255:
        errors.append(FieldError("name", N_("Nom"),
                                 N_("{length} caractères au plus ({actual} saisis)."),
                                 {"length": 255, "actual": len(name)}))
    if len(content) > MAX_SIZE:
        errors.append(FieldError("content", N_("Fichier"),
                                 N_("trop volumineux ({size} Mo; {limit} Mo au plus)."),
                                 {"size": len(content) // 2**20, "limit": MAX_SIZE // 2**20}))
    if errors:
        raise ValidationError(errors, actor.language)
    mime = mime_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    doc = Document(owner_type=owner_type, owner_id=owner_id, name=name, mime_type=mime,
                   size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                   content=content, uploaded_by_id=actor.id)
    session.add(doc)
    session.flush()
    audit.record(session, actor, "attach", owner_type, owner_id, None,
                 {"document_id": doc.id, "name": name, "size": doc.size, "sha256": doc.sha256})
    return doc


def attach_file(session: Session, actor: Actor, owner_type: str, owner_id: int,
                path: Path) -> Document:
    return attach(session, actor, owner_type, owner_id, path.name, path.read_bytes())


def documents_of(session: Session, actor: Actor, owner_type: str,
                 owner_id: int) -> list[Document]:
    _check_owner(session, actor, owner_type, owner_id)
    return list(session.scalars(select(Document).where(Document.owner_type == owner_type,
                                                       Document.owner_id == owner_id)
                                .order_by(Document.uploaded_at, Document.id)))


def content_of(session: Session, actor: Actor, document_id: int) -> bytes:
    doc = session.scalars(select(Document).options(undefer(Document.content))
                          .where(Document.id == document_id)).first()
    if doc is None:
        raise NotFoundError(None, actor.language, entity="document", ident=document_id)
    _check_owner(session, actor, doc.owner_type, doc.owner_id)
    if hashlib.sha256(doc.content).hexdigest() != doc.sha256:
        raise ValidationError([FieldError("content", N_("Fichier"),
                                          N_("le contenu ne correspond plus à son empreinte "
                                             "SHA-256 : copie endommagée."))], actor.language)
    return doc.content


def remove(session: Session, actor: Actor, document_id: int) -> None:
    if not actor.can_write:
        raise PermissionDenied(None, actor.language)
    doc = session.get(Document, document_id)
    if doc is None:
        raise NotFoundError(None, actor.language, entity="document", ident=document_id)
    _check_owner(session, actor, doc.owner_type, doc.owner_id)
    audit.record(session, actor, "detach", doc.owner_type, doc.owner_id,
                 {"document_id": doc.id, "name": doc.name, "sha256": doc.sha256}, None)
    session.delete(doc)
    session.flush()
