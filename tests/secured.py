"""A database secured by ``gem db setup``, with one person per role and confidential files,
shared by the PostgreSQL tests that connect as those people (tests/test_database_roles.py,
tests/test_personal_logins.py). Its roles carry its database's name and are dropped with it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from gem import database_roles, schema
from gem.db import make_engine, resolve_url, session_factory, transaction
from gem.services import documents
from gem.services.actor import SYSTEM
from gem.services.arbitration import ArbitrationService, HearingService
from gem.services.recourse import RecourseService
from gem.services.users import UserService, actor_for
from tests import factories
from tests.conftest import PG_URL

PASSWORD = "motdepasse-123"

PEOPLE = [("admin", "admin"), ("coord", "coordinator"), ("conseil", "counsellor"),
          ("conseil2", "counsellor"), ("secretaire", "secretary"), ("lecteur", "read_only")]
CONFIDENTIAL_TABLES = ("grievances", "grievance_members", "grievance_articles",
                       "grievance_events", "recourses", "arbitrations",
                       "arbitration_grievances", "hearings", "deadlines", "documents")


@dataclass
class Secured:
    url: str
    database: str
    names: database_roles.Names
    ids: dict[str, int]

    def connect(self, login: str) -> psycopg.Connection:
        """The person's own login, as psql would use it (autocommit)."""
        u = make_url(self.url)
        return psycopg.connect(host=u.host or "127.0.0.1", port=u.port or 5432,
                               dbname=self.database, user=self.names.login(login),
                               password=PASSWORD, autocommit=True)


def _admin_engine(server: str | None = None):
    url = make_url(resolve_url(server or PG_URL)).set(database="postgres")
    return create_engine(url, isolation_level="AUTOCOMMIT")


def _drop(admin, name: str) -> None:
    """The database, then the roles named after it (the owner last: the groups' grants on
    its objects went with the database)."""
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        roles = conn.execute(text(
            "SELECT rolname FROM pg_roles WHERE starts_with(rolname, :p) "
            "ORDER BY rolname LIKE '%\\_owner'"), {"p": database_roles.Names(name).prefix + "_"})
        for (role,) in roles.all():
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
    admin.dispose()


def secured_database(server: str | None = None) -> Iterator[Secured]:
    """The ``secured`` fixture's database (tests/conftest.py): one per test module, on the
    test server (GEM_TEST_DATABASE_URL) or on ``server``'s."""
    server = server or PG_URL
    base = make_url(resolve_url(server)).database or "gem"
    name = f"{base[:40]}_t_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine(server)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(resolve_url(server)).set(database=name).render_as_string(
        hide_password=False)
    engine = make_engine(url)
    try:
        schema.upgrade(engine)
        with engine.begin() as conn:
            names = database_roles.setup(conn)
        sessions = session_factory(engine)
        ids: dict[str, int] = {}
        with transaction(sessions) as s:
            people = {}
            for login, role in PEOPLE:
                user = UserService().create(s, SYSTEM, {
                    "login": login, "full_name": login.capitalize() + " Test", "role": role,
                    "password": PASSWORD})
                people[login] = actor_for(user)
            clerk = people["secretaire"]
            mine = factories.grievance(s, clerk, counsellor_id=people["conseil"].id,
                                       confidential=True, title="Harcèlement — confidentiel",
                                       status="draft", filed_date=None,
                                       articles=["12.03"])
            theirs = factories.grievance(s, clerk, counsellor_id=people["conseil2"].id,
                                         confidential=True, title="Dossier médical de l'autre",
                                         status="draft", filed_date=None, articles=["5.01"])
            open_file = factories.grievance(s, clerk, counsellor_id=people["conseil2"].id)
            ids.update(mine=mine.id, theirs=theirs.id, open=open_file.id)
            for key, grievance in (("mine", mine), ("theirs", theirs)):
                arbitration = ArbitrationService().create(s, people["admin"], {
                    "procedure": "regular", "institution_id": 2,
                    "grievance_ids": [grievance.id], "counsellor_id": grievance.counsellor_id})
                HearingService().create(s, people["admin"], {
                    "arbitration_id": arbitration.id, "date": "2026-10-15"})
                documents.attach(s, people["admin"], "grievance", grievance.id,
                                 f"{key}.pdf", b"%PDF-1.4 secret", "application/pdf")
                ids[f"arbitration_{key}"] = arbitration.id
            recourse = RecourseService().create(s, people["admin"], {
                "forum": "CNESST", "kind": "cnesst_review", "institution_id": 2,
                "decision_date": "2026-09-10", "notification_date": "2026-09-15",
                "counsellor_id": people["conseil2"].id, "confidential": True})
            ids["recourse_theirs"] = recourse.id
            ids.update({login: actor.id for login, actor in people.items()})
        yield Secured(url, name, names, ids)
    finally:
        engine.dispose()
        _drop(admin, name)


