"""Attachments: stored in the database with their SHA-256, so every workstation opens the same
bytes and a damaged copy is detected.

Taking an attachment out of a record is two different acts. Withdrawing (``withdraw``, for
whoever may attach: secretaries, counsellors...) hides a wrongly attached file from the record's
list but keeps it, its content still readable by whoever sees the record, with when, by whom and
why: a file that was in a record is evidence, and Law 25 asks who handled personal information.
Purging (``remove``, administrators only) deletes the row and its content for good."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session, undefer

from gem import clock
from gem.formatting import format_date
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
    User,
)
from gem.services import audit, policy
from gem.services.actor import Actor
from gem.services.errors import FieldError, GemError, NotFoundError, ValidationError
from gem.services.policy import Action

if TYPE_CHECKING:
    from gem.services.files import WorkflowService

MAX_SIZE = 50 * 1024 * 1024
REASON_LENGTH = 500  # documents.withdrawn_reason
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

        services: dict[str, type[WorkflowService[Any]]] = {
            "grievance": GrievanceService, "recourse": RecourseService,
            "arbitration": ArbitrationService}
        service = services[owner_type]()
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


def documents_of(session: Session, actor: Actor, owner_type: str, owner_id: int,
                 include_withdrawn: bool = False) -> list[Document]:
    """The record's attachments, oldest first. Withdrawn ones only when asked for
    (``include_withdrawn``): they were attached by mistake, so the record's list leaves them
    out, but whoever sees the record may still look at them."""
    _check_owner(session, actor, owner_type, owner_id)
    stmt = select(Document).where(Document.owner_type == owner_type,
                                  Document.owner_id == owner_id)
    if not include_withdrawn:
        stmt = stmt.where(Document.withdrawn_at.is_(None))
    return list(session.scalars(stmt.order_by(Document.uploaded_at, Document.id)))


def content_of(session: Session, actor: Actor, document_id: int) -> bytes:
    """The attachment's bytes, checked against their SHA-256; a withdrawn attachment's too
    (withdrawing hides it from the list, it does not take it from those who see the
    record)."""
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


class AlreadyWithdrawn(GemError):
    """Withdrawing twice would overwrite who withdrew the file and why: the first withdrawal
    is the one on record."""

    msgid = N_("Le fichier « {name} » a déjà été retiré le {date} par {user}.")


def _withdrawer(session: Session, doc: Document) -> str:
    user = session.get(User, doc.withdrawn_by_id) if doc.withdrawn_by_id is not None else None
    return user.full_name if user is not None else "?"


def _document_for(session: Session, actor: Actor, document_id: int,
                  action: Action) -> Document:
    """The attachment ``action`` (withdraw: ATTACH, purge: PURGE) is asked for, once the
    actor may do it to attachments, to this record's kind, and may see the record."""
    policy.require(actor, action, policy.DOCUMENT)
    doc = session.get(Document, document_id)
    if doc is None:
        raise NotFoundError(None, actor.language, entity="document", ident=document_id)
    policy.require(actor, action, doc.owner_type)
    _check_owner(session, actor, doc.owner_type, doc.owner_id)
    return doc


def withdraw(session: Session, actor: Actor, document_id: int, reason: str) -> Document:
    """Take a wrongly attached file out of its record without destroying it: the row stays,
    hidden from the record's list, stamped with when, by whom and why (the audit keeps the
    same). Whoever may attach to the record may withdraw (``ATTACH``); only purging
    (``remove``) deletes.

    The reason is required: a file vanishing from a record with no word of why is what
    the next reader of the file cannot tell from a loss. A file already withdrawn is refused
    (:class:`AlreadyWithdrawn`), also when another person withdrew it a moment ago: the
    update only applies to a row still attached."""
    doc = _document_for(session, actor, document_id, Action.ATTACH)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError([FieldError("reason", N_("Motif du retrait"),
                                          N_("ce champ est obligatoire."))], actor.language)
    if len(reason) > REASON_LENGTH:
        raise ValidationError([FieldError("reason", N_("Motif du retrait"),
                                          N_("{length} caractères au plus ({actual} saisis)."),
                                          {"length": REASON_LENGTH, "actual": len(reason)})],
                              actor.language)
    if doc.withdrawn_at is None:
        moment = clock.now()
        # an UPDATE's result is a CursorResult; Session.execute is typed for any statement
        changed = cast(CursorResult[Any], session.execute(
            update(Document).where(Document.id == doc.id, Document.withdrawn_at.is_(None))
            .values(withdrawn_at=moment, withdrawn_by_id=actor.id, withdrawn_reason=reason)
            .execution_options(synchronize_session=False))).rowcount
        session.refresh(doc)
        if changed:
            audit.record(session, actor, "withdraw", doc.owner_type, doc.owner_id,
                         {"document_id": doc.id, "name": doc.name, "withdrawn_at": None},
                         {"document_id": doc.id, "name": doc.name, "sha256": doc.sha256,
                          "withdrawn_at": moment.isoformat(), "withdrawn_by_id": actor.id,
                          "withdrawn_reason": reason})
            session.flush()
            return doc
    raise AlreadyWithdrawn(None, actor.language, name=doc.name,
                           date=format_date(doc.withdrawn_at), user=_withdrawer(session, doc))


def remove(session: Session, actor: Actor, document_id: int) -> None:
    """Remove an attachment for good (its content with it), withdrawn or not: purging, which
    the policy keeps for administrators. Everyone else withdraws (``withdraw``)."""
    doc = _document_for(session, actor, document_id, Action.PURGE)
    audit.record(session, actor, "detach", doc.owner_type, doc.owner_id,
                 {"document_id": doc.id, "name": doc.name, "sha256": doc.sha256}, None)
    session.delete(doc)
    session.flush()
