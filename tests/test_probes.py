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
