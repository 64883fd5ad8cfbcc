"""Withdrawing an attachment (secretaries, counsellors: whoever may attach) hides it from the
record and keeps it, content, author and reason included; only an administrator purges one.
The grants PostgreSQL enforces say the same, and revision 0005 adds the columns to a database
already holding attachments without losing one."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text

from gem import clock, schema
from gem.database_roles import Names, setup_statements
from gem.models import AuditEntry, Base, Document
from gem.models.enums import Role
from gem.services import audit, documents, policy, records
from gem.services.documents import AlreadyWithdrawn
from gem.services.errors import NotFoundError, PermissionDenied, ValidationError
from gem.services.policy import Action
from tests import factories

DAY = "2026-10-01"
pytestmark = pytest.mark.clock(DAY)
CONTENT = b"%PDF-1.4 facture d'un autre membre"


@pytest.fixture
def grievance_id(tx, people) -> int:
    with tx() as s:
        return factories.grievance(s, people["secretaire"]).id


@pytest.fixture
def document_id(tx, people, grievance_id) -> int:
    with tx() as s:
        return documents.attach(s, people["secretaire"], "grievance", grievance_id,
                                "facture-autre-membre.pdf", CONTENT).id


def _stored(tx, document_id: int) -> Document:
    with tx() as s:
        doc = s.get(Document, document_id)
        assert doc is not None
        s.expunge(doc)
        return doc


@pytest.mark.parametrize("login", ["secretaire", "conseil"])
def test_a_secretary_or_a_counsellor_withdraws(tx, people, document_id, login):
    actor = people[login]
    with tx() as s:
        doc = documents.withdraw(s, actor, document_id, "  Mauvais dossier : autre membre  ")
        assert doc.withdrawn_at is not None
    stored = _stored(tx, document_id)
    assert stored.withdrawn_by_id == actor.id
    assert stored.withdrawn_reason == "Mauvais dossier : autre membre"
    at = stored.withdrawn_at
    assert at is not None
    at = at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite returns it without its zone
    assert abs((at - clock.now()).total_seconds()) < 60
    assert clock.local(at).date().isoformat() == DAY  # GEM's clock, not the machine's


def test_read_only_may_not_withdraw(tx, people, document_id):
    with tx() as s, pytest.raises(PermissionDenied):
        documents.withdraw(s, people["lecteur"], document_id, "Erreur")
    assert _stored(tx, document_id).withdrawn_at is None


def test_withdrawing_follows_the_owners_rules(tx, people):
    """A counsellor attaches to no institution, so withdraws none of its documents either."""
    with tx() as s:
        doc = documents.attach(s, people["admin"], "institution", 2, "lettre.pdf", b"%PDF")
    assert not policy.may(people["conseil"], Action.ATTACH, policy.INSTITUTION)
    with tx() as s, pytest.raises(PermissionDenied):
        documents.withdraw(s, people["conseil"], doc.id, "Erreur")
    assert _stored(tx, doc.id).withdrawn_at is None


def test_a_hidden_confidential_files_attachment_is_not_found(tx, people):
    with tx() as s:
        secret = factories.grievance(s, people["admin"], counsellor_id=people["conseil2"].id,
                                     confidential=True, title="Harcèlement")
        doc = documents.attach(s, people["conseil2"], "grievance", secret.id, "plainte.pdf",
                               b"%PDF secret")
    with tx() as s, pytest.raises(NotFoundError):
        documents.withdraw(s, people["conseil"], doc.id, "Erreur")
    assert _stored(tx, doc.id).withdrawn_at is None
    with tx() as s:  # its own counsellor may
        documents.withdraw(s, people["conseil2"], doc.id, "Mauvais dossier")


def test_an_unknown_attachment_is_not_found(tx, people):
    with tx() as s, pytest.raises(NotFoundError):
        documents.withdraw(s, people["secretaire"], 987654, "Erreur")


@pytest.mark.parametrize("reason", ["", "   \n ", None])
def test_the_reason_is_required_and_named(tx, people, document_id, reason):
    with tx() as s, pytest.raises(ValidationError) as refused:
        documents.withdraw(s, people["secretaire"], document_id, reason)  # type: ignore[arg-type]
    (error,) = refused.value.errors
    assert error.field == "reason"
    assert refused.value.message("fr") == "Motif du retrait : ce champ est obligatoire."
    assert _stored(tx, document_id).withdrawn_at is None


def test_a_reason_too_long_is_refused(tx, people, document_id):
    with tx() as s, pytest.raises(ValidationError) as refused:
        documents.withdraw(s, people["secretaire"], document_id, "x" * 501)
    assert "Motif du retrait" in refused.value.message("fr")
    assert "500 caractères au plus" in refused.value.message("fr")


def test_withdrawing_twice_is_refused_and_keeps_the_first(tx, people, document_id):
    with tx() as s:
        documents.withdraw(s, people["secretaire"], document_id, "Mauvais dossier")
    with tx() as s, pytest.raises(AlreadyWithdrawn) as refused:
        documents.withdraw(s, people["conseil"], document_id, "Doublon")
    message = refused.value.message("fr")
    assert "facture-autre-membre.pdf" in message and "déjà été retiré" in message
    assert "Secretaire Test" in message and DAY in message
    stored = _stored(tx, document_id)
    assert (stored.withdrawn_by_id, stored.withdrawn_reason) == \
        (people["secretaire"].id, "Mauvais dossier")


def test_hidden_from_the_list_unless_asked(tx, people, grievance_id, document_id):
    with tx() as s:
        kept = documents.attach(s, people["secretaire"], "grievance", grievance_id,
                                "grief-signé.pdf", b"%PDF grief").id
        documents.withdraw(s, people["secretaire"], document_id, "Mauvais dossier")
    for login in ("secretaire", "lecteur", "admin"):
        with tx() as s:
            shown = documents.documents_of(s, people[login], "grievance", grievance_id)
            assert [d.id for d in shown] == [kept], login
            every = documents.documents_of(s, people[login], "grievance", grievance_id,
                                           include_withdrawn=True)
            assert [d.id for d in every] == [document_id, kept], login


def test_the_content_stays_readable(tx, people, document_id):
    with tx() as s:
        documents.withdraw(s, people["secretaire"], document_id, "Mauvais dossier")
    for login in ("secretaire", "lecteur", "conseil2"):
        with tx() as s:
            assert documents.content_of(s, people[login], document_id) == CONTENT, login


def test_only_an_administrator_purges(tx, people, document_id):
    with tx() as s:
        documents.withdraw(s, people["secretaire"], document_id, "Mauvais dossier")
    for login in ("secretaire", "conseil", "coord", "lecteur"):
        with tx() as s, pytest.raises(PermissionDenied):
            documents.remove(s, people[login], document_id)
    with tx() as s:
        documents.remove(s, people["admin"], document_id)
    with tx() as s:
        assert s.get(Document, document_id) is None


def test_the_audit_keeps_who_when_and_why(tx, people, grievance_id, document_id):
    with tx() as s:
        documents.withdraw(s, people["conseil"], document_id, "Mauvais dossier")
    with tx() as s:
        (entry,) = s.scalars(select(AuditEntry).where(AuditEntry.action == "withdraw"))
        assert (entry.entity, entry.entity_id, entry.user_login) == \
            ("grievance", grievance_id, "conseil")
        assert entry.after["document_id"] == document_id
        assert entry.after["name"] == "facture-autre-membre.pdf"
        assert entry.after["withdrawn_reason"] == "Mauvais dossier"
        assert entry.after["withdrawn_by_id"] == people["conseil"].id
        assert entry.after["sha256"] == hashlib.sha256(CONTENT).hexdigest()
        assert entry.before["withdrawn_at"] is None
        # in the record's history, which the form's Historique tab shows
        history = audit.history(s, people["secretaire"], "grievance", grievance_id)
        assert [e.action for e in history][-1] == "withdraw"


def test_the_forms_read_model_carries_the_withdrawal(tx, people, grievance_id, document_id):
    with tx() as s:
        rows = records.withdraw_document(s, people["secretaire"], "grievance", grievance_id,
                                         document_id, "Mauvais dossier")
    (row,) = rows
    assert row.withdrawn and row.withdrawn_by == "Secretaire Test"
    assert row.withdrawn_reason == "Mauvais dossier"
    with tx() as s:
        assert records.read_documents(s, people["lecteur"], "grievance", grievance_id,
                                      include_withdrawn=False) == []


def test_the_grants_follow_attach_and_purge():
    """PostgreSQL, the second line of defence, lets those who may attach withdraw (UPDATE)
    and only those who may purge delete a row of ``documents``."""
    columns = {"documents": [c.name for c in Base.metadata.tables["documents"].columns]}
    grants = [s for s in setup_statements(Names("gem"), columns)
              if s.startswith("GRANT") and ' ON "documents" TO ' in s]
    by_group: dict[str, set[str]] = {}
    for statement in grants:
        privileges, group = statement[len("GRANT "):].split(' ON "documents" TO ')
        by_group[group.strip('"')] = {p.strip() for p in privileges.split(",")}
    for role in Role:
        granted = by_group.get(f"gem_{role.value}", set())
        assert ("UPDATE" in granted) == policy.may(role, Action.ATTACH, policy.DOCUMENT), role
        assert ("DELETE" in granted) == policy.may(role, Action.PURGE, policy.DOCUMENT), role
    assert "UPDATE" in by_group["gem_secretary"] and "DELETE" not in by_group["gem_secretary"]
    assert "DELETE" in by_group["gem_admin"]


def _documents_sql(engine) -> str:
    with engine.connect() as c:
        return c.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'documents'")) or ""


def _attach_row(engine, name: str, content: bytes) -> int:
    with engine.begin() as c:
        c.execute(text("INSERT INTO documents (owner_type, owner_id, name, mime_type, size, "
                       "sha256, content, uploaded_at) VALUES ('grievance', 7, :name, "
                       "'application/pdf', :n, :h, :c, :at)"),
                  {"name": name, "n": len(content), "h": hashlib.sha256(content).hexdigest(),
                   "c": content, "at": datetime(2025, 3, 4, 15, 0, tzinfo=UTC)})
        return int(c.scalar(text("SELECT max(id) FROM documents")))


def test_0005_keeps_the_attachments_up_and_down(empty_engine, backend):
    """A database in use at the previous revision, holding an attachment: upgrading adds the
    withdrawal columns (empty: every file is still attached) without touching the row, and
    downgrading drops them and keeps the row too. SQLite's rebuild keeps what 0004 gave the
    table: AUTOINCREMENT, and no id of a purged attachment handed out again."""
    if backend != "sqlite":
        pytest.skip("the SQLite table rebuild of batch mode is what is at risk here")
    script = ScriptDirectory.from_config(schema.alembic_config())
    previous = script.get_revision("0005").down_revision
    assert isinstance(previous, str)
    schema.upgrade(empty_engine, previous)
    autoincrement = "AUTOINCREMENT" in _documents_sql(empty_engine).upper()
    content = bytes(range(256)) * 64
    digest = hashlib.sha256(content).hexdigest()
    _attach_row(empty_engine, "grief.pdf", content)
    purged = _attach_row(empty_engine, "purgé.pdf", b"%PDF")
    with empty_engine.begin() as c:  # the highest id, purged before the upgrade
        c.execute(text("DELETE FROM documents WHERE id = :i"), {"i": purged})

    schema.upgrade(empty_engine, "0005")
    columns = {c["name"] for c in inspect(empty_engine).get_columns("documents")}
    assert {"withdrawn_at", "withdrawn_by_id", "withdrawn_reason"} <= columns
    foreign = {tuple(fk["constrained_columns"]): (fk["referred_table"], fk["name"])
               for fk in inspect(empty_engine).get_foreign_keys("documents")}
    assert foreign[("withdrawn_by_id",)] == ("users", "fk_documents_withdrawn_by_id_users")
    assert foreign[("uploaded_by_id",)] == ("users", "fk_documents_uploaded_by_id_users")
    indexes = {i["name"] for i in inspect(empty_engine).get_indexes("documents")}
    assert {"ix_documents_owner", "ix_documents_sha256"} <= indexes
    assert ("AUTOINCREMENT" in _documents_sql(empty_engine).upper()) == autoincrement
    with empty_engine.begin() as c:
        row = c.execute(text("SELECT name, size, sha256, content, withdrawn_at, "
                             "withdrawn_by_id, withdrawn_reason FROM documents")).one()
        assert tuple(row) == ("grief.pdf", len(content), digest, content, None, None, None)
        c.execute(text("UPDATE documents SET withdrawn_at = :at, withdrawn_reason = 'Erreur'"),
                  {"at": datetime(2026, 1, 5, tzinfo=UTC)})
    if autoincrement:
        after_upgrade = _attach_row(empty_engine, "nouveau.pdf", b"%PDF new")
        assert after_upgrade > purged

    schema.downgrade(empty_engine, previous)
    assert schema.current_revision(empty_engine) == previous
    columns = {c["name"] for c in inspect(empty_engine).get_columns("documents")}
    assert not columns & {"withdrawn_at", "withdrawn_by_id", "withdrawn_reason"}
    assert ("AUTOINCREMENT" in _documents_sql(empty_engine).upper()) == autoincrement
    with empty_engine.begin() as c:
        rows = c.execute(text("SELECT name, sha256, content FROM documents ORDER BY id")).all()
        assert tuple(rows[0]) == ("grief.pdf", digest, content)
    if autoincrement:
        with empty_engine.begin() as c:
            c.execute(text("DELETE FROM documents WHERE id = :i"), {"i": after_upgrade})
        assert _attach_row(empty_engine, "encore.pdf", b"%PDF again") > after_upgrade
    schema.upgrade(empty_engine)
    assert schema.state(empty_engine).is_current
