"""Signing in with one's own PostgreSQL login (gem.services.personal_login), and GEM's
services run as that login: every list, the caseload, quick search, a file's history, a
secretary's new grievance, a counsellor's edit, an administrator managing an account — under
the person's own grants and row-level security, with no shared credential anywhere.

PostgreSQL only. The ``secured`` database (tests/secured.py: after ``gem db setup``, one
person per role) is made here on a server of the tests' own that checks passwords
(tests/scram_server.py), since the office's test server may trust local connections.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from gem.db import session_factory, transaction
from gem.models import AuditEntry, User
from gem.paths import is_personal_url
from gem.services import audit, documents, listing
from gem.services.caseload import caseload
from gem.services.grievance import GrievanceService
from gem.services.personal_login import (
    check_password,
    open_personal,
    personal_url,
    uses_personal_login,
)
from gem.services.quick_search import quick_search
from gem.services.users import SignInError, UserService
from tests.conftest import PG_URL
from tests.scram_server import scram_url
from tests.secured import PASSWORD, secured_database

pytestmark = pytest.mark.skipif(not PG_URL, reason="PostgreSQL only (GEM_TEST_DATABASE_URL)")


@pytest.fixture(scope="module")
def server():
    yield from scram_url()


@pytest.fixture(scope="module")
def secured(server):
    yield from secured_database(server)


def _workstation_url(secured) -> str:
    """What IT configures on a workstation: the server and the database, no user."""
    return make_url(secured.url)._replace(username=None, password=None).render_as_string(
        hide_password=False)


def test_the_workstation_address_names_no_user(secured):
    url = _workstation_url(secured)
    assert is_personal_url(url)
    assert not is_personal_url(secured.url)  # the DBA's address names postgres
    assert not is_personal_url("sqlite:///gem.sqlite3")
    own = make_url(personal_url(url, "Conseil", PASSWORD))
    assert own.username == secured.names.login("conseil")
    assert own.password == PASSWORD


def test_a_counsellor_signs_in_with_her_own_login(secured):
    signed = open_personal(_workstation_url(secured), "conseil", PASSWORD)
    try:
        assert signed.state.is_current
        assert signed.actor is not None
        assert (signed.actor.login, signed.actor.role) == ("conseil", "counsellor")
        assert signed.actor.id == secured.ids["conseil"]
        with signed.engine.connect() as conn:
            assert conn.execute(text("SELECT session_user")).scalar_one() == \
                secured.names.login("conseil")
    finally:
        signed.engine.dispose()
    with transaction(session_factory(_admin(secured))) as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "sign_in",
                                                   AuditEntry.user_id == secured.ids["conseil"])
                          .order_by(AuditEntry.id.desc())).first()
        assert entry is not None and entry.db_user == secured.names.login("conseil")
        assert s.get(User, secured.ids["conseil"]).last_login_at is not None


def test_a_read_only_person_signs_in_and_her_sign_in_is_recorded(secured):
    signed = open_personal(_workstation_url(secured), "lecteur", PASSWORD)
    signed.engine.dispose()
    assert signed.actor is not None and signed.actor.role == "read_only"
    with transaction(session_factory(_admin(secured))) as s:
        assert s.scalar(select(AuditEntry.id).where(
            AuditEntry.action == "sign_in", AuditEntry.user_id == secured.ids["lecteur"]))


@pytest.mark.parametrize("login,password", [("conseil", "mauvais-mot-de-passe"),
                                            ("personne-inconnue", PASSWORD),
                                            ("", PASSWORD)])
def test_a_wrong_password_or_unknown_login_gets_the_one_refusal(secured, login, password):
    with pytest.raises(SignInError):
        open_personal(_workstation_url(secured), login, password)


def test_a_deactivated_person_cannot_sign_in(secured):
    admin = _admin(secured)
    sessions = session_factory(admin)
    with transaction(sessions) as s:
        UserService().deactivate(s, _system(), "conseil2")
    try:
        with pytest.raises(SignInError):
            open_personal(_workstation_url(secured), "conseil2", PASSWORD)
    finally:
        with transaction(sessions) as s:
            user = UserService().by_login(s, "conseil2")
            UserService().update(s, _system(), user.id, {"active": True}, None)
    open_personal(_workstation_url(secured), "conseil2", PASSWORD).engine.dispose()


def test_the_services_run_under_the_counsellors_own_login(secured):
    signed = open_personal(_workstation_url(secured), "conseil", PASSWORD)
    actor = signed.actor
    sessions = session_factory(signed.engine)
    try:
        with transaction(sessions) as s:
            assert uses_personal_login(s, "conseil")
            for name in listing.list_names():  # every list of the window opens
                definition = listing.get_list(name)
                listing.fetch_page(s, actor, name, {}, definition.default_order,
                                   definition.descending, 0, 50)
                listing.count(s, actor, name, {})
            ids = {row[0] for row in listing.fetch_page(s, actor, "grievances", {}, None,
                                                        False, 0, 500)}
            assert secured.ids["mine"] in ids and secured.ids["open"] in ids
            assert secured.ids["theirs"] not in ids
            caseload(s, actor, actor.id, _today())
            hits = quick_search(s, actor, "confidentiel", "fr")
            assert all("autre" not in hit.title for hit in hits)
            assert audit.history(s, actor, "grievance", secured.ids["mine"])
            assert documents.documents_of(s, actor, "grievance", secured.ids["mine"])
            grievance = GrievanceService().get(s, actor, secured.ids["mine"])
            GrievanceService().update(s, actor, grievance.id, {"title": "Harcèlement — revu"},
                                      grievance.version)
    finally:
        signed.engine.dispose()


def test_a_secretary_files_a_grievance_under_her_own_login(secured):
    from tests import factories

    signed = open_personal(_workstation_url(secured), "secretaire", PASSWORD)
    try:
        with transaction(session_factory(signed.engine)) as s:
            created = factories.grievance(s, signed.actor, counsellor_id=secured.ids["conseil"],
                                          title="Déposé par la secrétaire")
            created_id = created.id
    finally:
        signed.engine.dispose()
    with transaction(session_factory(_admin(secured))) as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "grievance",
                                                   AuditEntry.entity_id == created_id,
                                                   AuditEntry.action == "create")).one()
        assert entry.user_login == "secretaire"
        assert entry.db_user == secured.names.login("secretaire")


def test_an_administrator_manages_accounts_with_her_own_login(secured):
    signed = open_personal(_workstation_url(secured), "admin", PASSWORD)
    try:
        with transaction(session_factory(signed.engine)) as s:
            UserService().create(s, signed.actor, {
                "login": "nouvelle", "full_name": "Nouvelle Personne", "role": "secretary",
                "password": "Été-2026-sûr!"})
        new = open_personal(_workstation_url(secured), "nouvelle", "Été-2026-sûr!")
        new.engine.dispose()
        assert new.actor is not None and new.actor.role == "secretary"
        with transaction(session_factory(signed.engine)) as s:
            UserService().set_role(s, signed.actor, "nouvelle", "read_only")
            UserService().deactivate(s, signed.actor, "nouvelle")
        with pytest.raises(SignInError):
            open_personal(_workstation_url(secured), "nouvelle", "Été-2026-sûr!")
    finally:
        signed.engine.dispose()


def test_no_one_else_may_make_or_alter_a_login(secured):
    """``gem_set_login`` is an administrator's; and it only mirrors what ``users`` holds."""
    import psycopg

    with secured.connect("coord") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT gem_set_login('lecteur', 'admin', NULL, true)")
    with secured.connect("admin") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        # the account is read-only in users: its login cannot be put in the admin group
        conn.execute("SELECT gem_set_login('lecteur', 'admin', NULL, true)")


def test_the_idle_lock_asks_postgresql_for_the_password(secured):
    signed = open_personal(_workstation_url(secured), "conseil", PASSWORD)
    try:
        with transaction(session_factory(signed.engine)) as s:
            assert check_password(s, "conseil", PASSWORD).id == secured.ids["conseil"]
            with pytest.raises(SignInError):
                check_password(s, "conseil", "pas-le-bon-mot")
    finally:
        signed.engine.dispose()


def test_the_scram_verifier_is_what_postgresql_computes(secured):
    """The verifier GEM sends matches PostgreSQL's own for the same salt (the server, given
    the clear password, would store the same thing): checked by signing in."""
    from gem import database_roles

    verifier = database_roles.scram_verifier("motdepasse-123", salt=b"0123456789abcdef")
    assert verifier.startswith("SCRAM-SHA-256$4096:MDEyMzQ1Njc4OWFiY2RlZg==$")
    assert database_roles.scram_verifier("x", salt=b"s" * 16) == \
        database_roles.scram_verifier("x", salt=b"s" * 16)


# ---------------------------------------------------------------------- helpers
def _admin(secured):
    from gem.db import make_engine

    return make_engine(secured.url)


def _system():
    from gem.services.actor import SYSTEM

    return SYSTEM


def _today():
    from gem import clock

    return clock.today()


def test_the_command_line_acts_as_the_persons_own_login(secured, monkeypatch, capsys):
    """``gem --user`` on the workstation's address: the person's own connection, the
    password from libpq's sources (here PGPASSWORD) or asked; the change carries her name."""
    from gem.cli import main

    url = _workstation_url(secured)
    assert main(["--database", url, "users", "list"]) == 2
    assert "propre compte : ajoutez --user" in capsys.readouterr().err  # nobody named
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    assert main(["--database", url, "--user", "admin", "users", "set-role", "conseil2",
                 "coordinator"]) == 0
    capsys.readouterr()
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setattr("gem.commands._common.ask_password", lambda _prompt: PASSWORD)
    assert main(["--database", url, "--user", "admin", "users", "set-role", "conseil2",
                 "counsellor"]) == 0
    monkeypatch.setattr("gem.commands._common.ask_password", lambda _prompt: "mauvais")
    assert main(["--database", url, "--user", "admin", "users", "list"]) == 2
    assert "Identifiant ou mot de passe incorrect." in capsys.readouterr().err
    with transaction(session_factory(_admin(secured))) as s:
        entries = s.scalars(select(AuditEntry).where(
            AuditEntry.entity == "user", AuditEntry.entity_id == secured.ids["conseil2"],
            AuditEntry.action == "update").order_by(AuditEntry.id)).all()[-2:]
        assert [(e.user_login, e.db_user) for e in entries] == \
            [("admin", secured.names.login("admin"))] * 2
    # a secretary's own login may not change a role, whatever she types
    monkeypatch.setattr("gem.commands._common.ask_password", lambda _prompt: PASSWORD)
    assert main(["--database", url, "--user", "secretaire", "users", "set-role", "lecteur",
                 "admin"]) == 2


def test_a_coordinator_deletes_a_file_with_its_attachment_but_purges_nothing(secured):
    """Deleting a record takes its attachments and deadlines (gem.services.entity); on
    PostgreSQL a coordinator's own login removes those rows only through gem_remove_owned,
    once their record is gone: a document of a record still there stays, even in psql."""
    from gem.models import Document
    from tests import factories

    clerk = open_personal(_workstation_url(secured), "secretaire", PASSWORD)
    try:
        with transaction(session_factory(clerk.engine)) as s:
            grievance = factories.grievance(s, clerk.actor, title="À supprimer")
            documents.attach(s, clerk.actor, "grievance", grievance.id, "piece.pdf",
                             b"%PDF-1.4 x", "application/pdf")
            kept = documents.attach(s, clerk.actor, "grievance", secured.ids["open"],
                                    "reste.pdf", b"%PDF-1.4 y", "application/pdf")
            ident, version, kept_id = grievance.id, grievance.version, kept.id
    finally:
        clerk.engine.dispose()
    coordinator = open_personal(_workstation_url(secured), "coord", PASSWORD)
    try:
        with transaction(session_factory(coordinator.engine)) as s:
            GrievanceService().delete(s, coordinator.actor, ident, version)
    finally:
        coordinator.engine.dispose()
    import psycopg

    with secured.connect("coord") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM documents WHERE id = %s", (kept_id,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # its record is there
            conn.execute("SELECT gem_remove_owned('grievance', %s)", (secured.ids["open"],))
    with transaction(session_factory(_admin(secured))) as s:
        assert s.scalar(select(Document.id).where(Document.owner_type == "grievance",
                                                  Document.owner_id == ident)) is None
        assert s.get(Document, kept_id) is not None
