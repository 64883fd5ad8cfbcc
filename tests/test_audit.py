"""Every write leaves an audit entry (who, when, what, before/after) in the same transaction;
a refused write leaves none."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gem.models import AuditEntry
from gem.services import audit, documents
from gem.services.actor import SYSTEM
from gem.services.errors import ValidationError
from gem.services.grievance import GrievanceService
from gem.services.member import MemberService
from tests import factories


def _entries(s, entity, ident):
    return audit.history(s, SYSTEM, entity, ident)


def test_create_update_delete_are_audited_with_before_and_after(tx, people):
    service = MemberService()
    with tx() as s:
        m = factories.member(s, people["secretaire"], last_name="Côté")
    with tx() as s:
        service.update(s, people["secretaire"], m.id, {"last_name": "Côté-Bélanger"}, 1)
    with tx() as s:
        service.delete(s, people["coord"], m.id, 2)
    with tx() as s:
        entries = _entries(s, "member", m.id)
    assert [(e.action, e.user_login) for e in entries] == [
        ("create", "secretaire"), ("update", "secretaire"), ("delete", "coord")]
    created, updated, deleted = entries
    assert created.before is None and created.after["last_name"] == "Côté"
    assert updated.before == {"last_name": "Côté"}
    assert updated.after == {"last_name": "Côté-Bélanger"}
    assert deleted.before["last_name"] == "Côté-Bélanger" and deleted.after is None
    assert all(e.at is not None and e.user_id is not None for e in entries)


def test_transitions_notes_and_attachments_are_audited(tx, people):
    actor = people["conseil"]
    service = GrievanceService()
    with tx() as s:
        g = factories.grievance(s, actor)
    with tx() as s:
        service.transition(s, actor, g.id, "in_discussion", 1)
        service.add_note(s, actor, g.id, "Appel avec l'employeur", "2026-10-01")
        doc = documents.attach(s, actor, "grievance", g.id, "formulaire.pdf", b"%PDF-1.4 x")
    with tx() as s:  # purging an attachment is for administrators (gem.services.policy)
        documents.remove(s, people["admin"], doc.id)
    with tx() as s:
        actions = [e.action for e in _entries(s, "grievance", g.id)]
        notes = s.scalars(select(AuditEntry).where(AuditEntry.entity == "grievance_event")).all()
    assert actions == ["create", "transition", "attach", "detach"]
    assert len(notes) == 1 and notes[0].after["description"] == "Appel avec l'employeur"


def test_a_refused_write_leaves_no_audit_entry(tx, people):
    with tx() as s:
        before = len(s.scalars(select(AuditEntry)).all())
    with pytest.raises(ValidationError), tx() as s:
        factories.member(s, people["secretaire"], member_number="1", last_name="")
    with tx() as s:
        assert len(s.scalars(select(AuditEntry)).all()) == before


def test_sign_in_is_audited_and_wrong_password_refused(tx, people):
    from gem.services.users import SignInError, UserService

    with tx() as s:
        actor = UserService().authenticate(s, "conseil", "motdepasse-123")
    assert actor.role == "counsellor"
    with pytest.raises(SignInError), tx() as s:
        UserService().authenticate(s, "conseil", "mauvais")
    with tx() as s:  # the refusal is audited too, although its transaction rolled back
        assert [e.action for e in _entries(s, "user", actor.id)][-2:] == \
            ["sign_in", "sign_in_failed"]


def test_a_hidden_files_history_is_hidden_and_no_hash_is_ever_audited(tx, people):
    """Probes of issue 11: audit.history takes the reader, and hides what the file hides; a
    password hash appears in no audit entry, created or changed."""
    from sqlalchemy import select

    from gem.models import AuditEntry
    from gem.services.errors import NotFoundError
    from gem.services.users import UserService

    with tx() as s:
        g = factories.grievance(s, people["secretaire"], counsellor_id=people["conseil"].id,
                                confidential=True)
    with tx() as s:
        assert audit.history(s, people["conseil"], "grievance", g.id)
        assert audit.history(s, people["coord"], "grievance", g.id)
        with pytest.raises(NotFoundError):
            audit.history(s, people["conseil2"], "grievance", g.id)
    with tx() as s:
        UserService().reset_password(s, people["admin"], "lecteur", "nouveau-mot-123")
        entries = list(s.scalars(select(AuditEntry).where(AuditEntry.entity == "user")))
    assert entries and all("password_hash" not in (e.before or {}) and
                           "password_hash" not in (e.after or {}) for e in entries)
    assert not any("$argon2" in str(e.before) + str(e.after) for e in entries)


def test_links_are_audited_at_creation_and_as_added_and_removed(tx, people):
    """A grievance's members and articles, an agreement's grievances: a creation records
    them, an update says what was added and what was removed."""
    from gem.services.settlement import AgreementService

    clerk = people["secretaire"]
    with tx() as s:
        first, second, third = (factories.member(s, clerk).id for _ in range(3))
        g = factories.grievance(s, clerk, members=[first, second], articles=["12.03", "5.01"])
    with tx() as s:
        created = _entries(s, "grievance", g.id)[0]
        assert created.after["member_ids"] == sorted([first, second])
        assert created.after["articles"] == ["12.03", "5.01"]
        GrievanceService().update(s, clerk, g.id, {"member_ids": [second, third],
                                                   "articles": ["12.03"]}, None)
    with tx() as s:
        changed = _entries(s, "grievance", g.id)[-1]
        assert changed.action == "update"
        assert changed.after["member_ids"] == {"added": [third], "removed": [first]}
        assert changed.before["member_ids"] == sorted([first, second])
        assert changed.after["articles"] == {"added": [], "removed": ["5.01"]}
        other = factories.grievance(s, clerk)
    with tx() as s:
        agreement = AgreementService().create(s, people["conseil"], {
            "kind": "settlement", "institution_id": 2, "signed_date": "2026-09-25",
            "title": "Entente de règlement", "grievance_ids": [g.id]})
        AgreementService().update(s, people["conseil"], agreement.id,
                                  {"grievance_ids": [g.id, other.id]}, None)
    with tx() as s:
        entries = _entries(s, "agreement", agreement.id)
        assert entries[0].after["grievance_ids"] == [g.id]
        assert entries[-1].after["grievance_ids"] == {"added": [other.id], "removed": []}
