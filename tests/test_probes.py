"""What the issue 11 probes found in the services, each refused now (the database's own
refusals, with real logins, are in tests/test_database_roles.py)."""

from __future__ import annotations

import pytest

from gem.services import documents
from gem.services.arbitration import ArbitrationService, HearingService
from gem.services.errors import NotFoundError
from tests import factories


@pytest.fixture
def hidden_arbitration(tx, people) -> tuple[int, int]:
    """An arbitration holding conseil2's confidential grievance, with a document."""
    with tx() as s:
        g = factories.grievance(s, people["secretaire"], counsellor_id=people["conseil2"].id,
                                confidential=True)
        a = ArbitrationService().create(s, people["admin"], {
            "procedure": "regular", "institution_id": 2, "grievance_ids": [g.id],
            "counsellor_id": people["conseil2"].id})
        doc = documents.attach(s, people["admin"], "arbitration", a.id, "preuve.pdf",
                               b"%PDF-1.4 confidentiel", "application/pdf")
        return a.id, doc.id


def test_an_arbitrations_documents_follow_its_confidential_grievance(tx, people,
                                                                     hidden_arbitration):
    arbitration, document = hidden_arbitration
    with tx() as s:
        for call in (lambda: documents.documents_of(s, people["conseil"], "arbitration",
                                                    arbitration),
                     lambda: documents.content_of(s, people["conseil"], document),
                     lambda: documents.attach(s, people["conseil"], "arbitration",
                                              arbitration, "x.pdf", b"x")):
            with pytest.raises(NotFoundError):
                call()
    with tx() as s:  # its counsellor and the coordinator still see them
        assert documents.content_of(s, people["conseil2"], document).startswith(b"%PDF")
        assert len(documents.documents_of(s, people["coord"], "arbitration",
                                          arbitration)) == 1


def test_a_hidden_arbitration_gets_no_hearing_from_another_counsellor(tx, people,
                                                                      hidden_arbitration):
    arbitration, _ = hidden_arbitration
    with tx() as s, pytest.raises(NotFoundError):
        HearingService().create(s, people["conseil"], {"arbitration_id": arbitration,
                                                       "date": "2026-10-15"})


@pytest.mark.parametrize("name", ["facture.exe", "lettre.PDF.js", "raccourci.lnk",
                                  "lanceur.desktop", "script.ps1 ", "macro.bat.",
                                  "facture\u202efdp.exe", "rapport\u2067.pdf"])
def test_runnable_files_and_reordered_names_are_refused(tx, people, name):
    from gem.services.errors import ValidationError

    with tx() as s:
        g = factories.grievance(s, people["secretaire"])
    with tx() as s, pytest.raises(ValidationError) as exc:
        documents.attach(s, people["secretaire"], "grievance", g.id, name, b"MZ...")
    assert set(exc.value.fields()) == {"name"}
    assert "Nom : " in str(exc.value)


def test_an_oversized_file_is_refused_before_it_is_read(tx, people, tmp_path, monkeypatch):
    from pathlib import Path

    from gem.services.errors import ValidationError

    with tx() as s:
        g = factories.grievance(s, people["secretaire"])
    big = tmp_path / "dossier.pdf"
    with big.open("wb") as fh:  # sparse: 60 MB on paper, nothing on disk
        fh.truncate(60 * 2**20)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read before checked"))
    with tx() as s, pytest.raises(ValidationError) as exc:
        documents.attach_file(s, people["secretaire"], "grievance", g.id, big)
    assert "trop volumineux (60 Mo; 50 Mo au plus)" in str(exc.value)


def test_no_list_filters_or_sorts_by_a_password_hash(tx, people):
    from gem.services.entity import Range
    from gem.services.errors import ValidationError
    from gem.services.users import UserService

    service = UserService()
    with tx() as s:
        with pytest.raises(ValidationError) as exc:
            service.find(s, people["admin"], {"password_hash": Range("$argon2", "$argon2z")})
        assert "filtre inconnu" in str(exc.value)
        with pytest.raises(ValidationError) as exc:  # refused, never quietly another order
            service.find(s, people["admin"], order_by="password_hash")
        assert "password_hash" in str(exc.value) and ", login," in str(exc.value)
        assert "password_hash" not in str(exc.value).split("(", 1)[1]  # not among the allowed


def test_a_recourse_cannot_point_at_a_grievance_its_author_may_not_see(tx, people):
    from gem.services.errors import ValidationError
    from gem.services.recourse import RecourseService

    with tx() as s:
        hidden = factories.grievance(s, people["secretaire"],
                                     counsellor_id=people["conseil2"].id, confidential=True)
    data = {"forum": "CNESST", "kind": "cnesst_review", "institution_id": 2,
            "decision_date": "2026-09-10", "notification_date": "2026-09-15",
            "grievance_id": hidden.id}
    with tx() as s, pytest.raises(ValidationError) as exc:
        RecourseService().create(s, people["conseil"], data)
    assert set(exc.value.fields()) == {"grievance_id"}
    assert f"« {hidden.id} »" in str(exc.value)
    with tx() as s:  # its own counsellor may
        assert RecourseService().create(s, people["conseil2"], data).grievance_id == hidden.id


def test_deleting_a_grievance_takes_its_attachments_and_deadlines(tx, people):
    from sqlalchemy import select

    from gem.models import AuditEntry, Deadline, Document
    from gem.services.grievance import GrievanceService

    with tx() as s:
        g = factories.grievance(s, people["secretaire"], status="draft", filed_date=None,
                                confidential=True, counsellor_id=people["conseil"].id)
        doc = documents.attach(s, people["conseil"], "grievance", g.id, "faits.pdf",
                               b"%PDF-1.4 confidentiel")
        deadline_ids = list(s.scalars(select(Deadline.id).where(
            Deadline.owner_type == "grievance", Deadline.owner_id == g.id)))
        assert deadline_ids
    with tx() as s:
        GrievanceService().delete(s, people["coord"], g.id, None)
    with tx() as s:
        assert s.get(Document, doc.id) is None
        assert not list(s.scalars(select(Deadline).where(Deadline.id.in_(deadline_ids))))
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "delete",
                                                   AuditEntry.entity == "grievance",
                                                   AuditEntry.entity_id == g.id)).one()
        assert entry.before["removed_with_it"] == {"documents": [doc.id],
                                                   "deadlines": deadline_ids}


def test_an_actor_made_up_in_code_or_demoted_since_sign_in_is_not_trusted(tx, people):
    from gem.services.actor import Actor
    from gem.services.errors import PermissionDenied
    from gem.services.institution import InstitutionService
    from gem.services.users import UserService

    reader = people["lecteur"]
    forged = Actor(reader.id, reader.login, "admin", reader.language)
    with tx() as s, pytest.raises(PermissionDenied):
        InstitutionService().create(s, forged, {"name": "Établissement fantôme",
                                                "type": "other", "region_code": "06"})
    coordinator = people["coord"]
    with tx() as s:
        UserService().set_role(s, people["admin"], "coord", "read_only")
    with tx() as s, pytest.raises(PermissionDenied):  # the signed-in Actor still says coordinator
        factories.member(s, coordinator)
    with tx() as s:
        UserService().update(s, people["admin"], coordinator.id,
                             {"role": "coordinator", "active": False}, None)
    with tx() as s, pytest.raises(PermissionDenied):
        factories.member(s, coordinator)
