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
from gem.services import audit, policy
from gem.services.actor import Actor
from gem.services.errors import FieldError, NotFoundError, ValidationError
from gem.services.policy import Action

MAX_SIZE = 50 * 1024 * 1024
OWNERS = {"grievance": Grievance, "arbitration": Arbitration, "agreement": Agreement,
          "recourse": Recourse, "member": Member, "institution": Institution,
          "union_leave": UnionLeave, "leave_invoice": LeaveInvoice}


def _check_owner(session: Session, actor: Actor, owner_type: str, owner_id: int) -> None:
    model = OWNERS.get(owner_type)
    if model is None or session.get(model, owner_id) is None:
        raise NotFoundError(None, actor.language, entity=owner_type, ident=owner_id)
    if owner_type in ("grievance", "recourse", "arbitration"):
        from gem.services.arbitration import ArbitrationService
        from gem.services.grievance import GrievanceService
        from gem.services.recourse import RecourseService

        service = {"grievance": GrievanceService, "recourse": RecourseService,
                   "arbitration": ArbitrationService}[owner_type]()
        # raises NotFoundError when hidden: an arbitration holding another counsellor's
        # confidential grievance hides its documents as the grievance hides its own
        service.get(session, actor, owner_id)


# Files that run when opened (double-click in Explorer): a union desk never needs to store
# one, and one received by e-mail and attached to a file is a trap for the next reader.
RUNNABLE_SUFFIXES = frozenset({
    ".exe", ".com", ".bat", ".cmd", ".ps1", ".psm1", ".psd1", ".vbs", ".vbe", ".js", ".jse",
    ".wsf", ".wsh", ".hta", ".msi", ".msp", ".scr", ".pif", ".cpl", ".lnk", ".url", ".reg",
    ".dll", ".jar", ".desktop", ".sh", ".command", ".app", ".appimage", ".iso", ".img",
    ".vhd", ".vhdx", ".chm", ".inf", ".scf", ".xll", ".application", ".gadget"})
# Characters that reorder text on screen: « facture<U+202E>fdp.exe » shows as « factureexe.pdf ».
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                          "\u200e\u200f\u061c")


def _name_problems(name: str) -> list[FieldError]:
    if any(ch in BIDI_CONTROLS for ch in name):
        return [FieldError("name", N_("Nom"),
                           N_("le nom contient des caractères qui inversent l'affichage du "
                              "texte (il peut cacher sa vraie extension) : renommez le "
                              "fichier."))]
    suffix = Path(name.rstrip(" .")).suffix.lower()
    if suffix in RUNNABLE_SUFFIXES:
        return [FieldError("name", N_("Nom"),
                           N_("les fichiers « {suffix} » s'exécutent à l'ouverture et ne "
                              "sont pas acceptés : joignez plutôt un PDF ou une image."),
                           {"suffix": suffix})]
    return []


def attach(session: Session, actor: Actor, owner_type: str, owner_id: int, name: str,
           content: bytes, mime_type: str | None = None) -> Document:
    policy.require(actor, Action.ATTACH, policy.DOCUMENT)
    if owner_type in OWNERS:  # an unknown owner is "not found" just below
        policy.require(actor, Action.ATTACH, owner_type)
    _check_owner(session, actor, owner_type, owner_id)
    errors = []
    name = (name or "").strip()
    if not name:
        errors.append(FieldError("name", N_("Nom"), N_("ce champ est obligatoire.")))
    elif len(name) > 255:
        errors.append(FieldError("name", N_("Nom"),
                                 N_("{length} caractères au plus ({actual} saisis)."),
                                 {"length": 255, "actual": len(name)}))
    else:
        errors.extend(_name_problems(name))
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
    """Attach a file from disk: its name and size are checked before it is read, so a 4 GB
    file is refused without filling the memory."""
    problems = _name_problems(path.name)
    size = path.stat().st_size
    if size > MAX_SIZE:
        problems.append(FieldError("content", N_("Fichier"),
                                   N_("trop volumineux ({size} Mo; {limit} Mo au plus)."),
                                   {"size": size // 2**20, "limit": MAX_SIZE // 2**20}))
    if problems:
        raise ValidationError(problems, actor.language)
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
    """Remove an attachment for good (its content with it): purging, which the policy keeps
    for administrators."""
    policy.require(actor, Action.PURGE, policy.DOCUMENT)
    doc = session.get(Document, document_id)
    if doc is None:
        raise NotFoundError(None, actor.language, entity="document", ident=document_id)
    policy.require(actor, Action.PURGE, doc.owner_type)
    _check_owner(session, actor, doc.owner_type, doc.owner_id)
    audit.record(session, actor, "detach", doc.owner_type, doc.owner_id,
                 {"document_id": doc.id, "name": doc.name, "sha256": doc.sha256}, None)
    session.delete(doc)
    session.flush()
