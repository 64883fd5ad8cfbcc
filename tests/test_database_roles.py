"""The database guards itself: each person's own PostgreSQL login, connected with a plain
psycopg connection (not through GEM), meets the grants, row-level security and audit
triggers that ``gem db setup`` generates from the permission policy.

PostgreSQL only (the roles belong to the server); the roles this module creates carry its
database's name and are dropped with it.
"""

from __future__ import annotations

import uuid

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from gem import database_roles, schema
from gem.db import make_engine, resolve_url, session_factory, transaction
from gem.services.actor import SYSTEM
from gem.services.users import UserService
from tests.conftest import PG_URL
from tests.secured import PEOPLE, _admin_engine, _drop

pytestmark = pytest.mark.skipif(not PG_URL, reason="PostgreSQL only (GEM_TEST_DATABASE_URL)")


def _count(conn: psycopg.Connection, sql: str, *args) -> int:
    return conn.execute(sql, args).fetchone()[0]


def test_a_counsellor_sees_none_of_anothers_confidential_rows(secured):
    with secured.connect("conseil") as conn:
        assert _count(conn, "SELECT count(*) FROM grievances WHERE id = %s",
                      secured.ids["theirs"]) == 0
        assert _count(conn, "SELECT count(*) FROM grievances WHERE id = %s",
                      secured.ids["mine"]) == 1
        assert _count(conn, "SELECT count(*) FROM grievances WHERE id = %s",
                      secured.ids["open"]) == 1
        for table in ("grievance_members", "grievance_articles", "grievance_events"):
            assert _count(conn, f"SELECT count(*) FROM {table} WHERE grievance_id = %s",
                          secured.ids["theirs"]) == 0, table
            assert _count(conn, f"SELECT count(*) FROM {table} WHERE grievance_id = %s",
                          secured.ids["mine"]) >= 1, table
        hidden = secured.ids["arbitration_theirs"]
        assert _count(conn, "SELECT count(*) FROM arbitrations WHERE id = %s", hidden) == 0
        assert _count(conn, "SELECT count(*) FROM hearings WHERE arbitration_id = %s",
                      hidden) == 0
        assert _count(conn, "SELECT count(*) FROM arbitration_grievances "
                            "WHERE arbitration_id = %s", hidden) == 0
        assert _count(conn, "SELECT count(*) FROM recourses WHERE id = %s",
                      secured.ids["recourse_theirs"]) == 0
        for table in ("deadlines", "documents"):
            assert _count(conn, f"SELECT count(*) FROM {table} WHERE owner_type = 'grievance' "
                                f"AND owner_id = %s", secured.ids["theirs"]) == 0, table
            assert _count(conn, f"SELECT count(*) FROM {table} WHERE owner_type = 'grievance' "
                                f"AND owner_id = %s", secured.ids["mine"]) == 1, table
        assert _count(conn, "SELECT count(*) FROM audit_log WHERE entity = 'grievance' "
                            "AND entity_id = %s", secured.ids["theirs"]) == 0
        assert _count(conn, "SELECT count(*) FROM audit_log WHERE entity = 'grievance' "
                            "AND entity_id = %s", secured.ids["mine"]) >= 1
        # nor by changing it blindly
        cur = conn.execute("UPDATE grievances SET title = 'x' WHERE id = %s",
                           (secured.ids["theirs"],))
        assert cur.rowcount == 0


def test_the_coordinator_sees_every_confidential_file(secured):
    with secured.connect("coord") as conn:
        assert _count(conn, "SELECT count(*) FROM grievances WHERE confidential") == 2
        assert _count(conn, "SELECT count(*) FROM arbitrations") == 2


@pytest.mark.parametrize("login", ["coord", "conseil", "secretaire", "lecteur"])
def test_only_an_administrator_changes_a_role(secured, login):
    with secured.connect(login) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE users SET role = 'admin' WHERE login = 'lecteur'")
    with secured.connect("admin") as conn:
        conn.execute("BEGIN")
        assert conn.execute("UPDATE users SET role = 'admin' WHERE login = 'lecteur'"
                            ).rowcount == 1
        conn.execute("ROLLBACK")


@pytest.mark.parametrize("login", ["coord", "conseil", "secretaire"])
def test_password_hashes_are_not_readable(secured, login):
    with secured.connect(login) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT password_hash FROM users")
        assert _count(conn, "SELECT count(*) FROM users") == len(PEOPLE)


@pytest.mark.parametrize("login", [login for login, _ in PEOPLE])
def test_nobody_rewrites_or_empties_the_audit(secured, login):
    with secured.connect(login) as conn:
        for sql in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log",
                    "TRUNCATE audit_log"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)


def test_even_the_owner_cannot_rewrite_the_audit(secured):
    """The trigger holds for the superuser that ran the setup, too."""
    conn = psycopg.connect(make_url(secured.url).set(drivername="postgresql")
                           .render_as_string(hide_password=False), autocommit=True)
    with conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("DELETE FROM audit_log")


def test_a_direct_update_by_a_secretary_is_audited_with_her_login(secured):
    ident = secured.ids["open"]
    with secured.connect("secretaire") as conn:
        assert conn.execute("UPDATE grievances SET title = 'Changé dans psql' WHERE id = %s",
                            (ident,)).rowcount == 1
    with secured.connect("admin") as conn:
        row = conn.execute("SELECT action, user_login, db_user, after ->> 'title' "
                           "FROM audit_log WHERE entity = 'grievances' AND entity_id = %s "
                           "ORDER BY id DESC LIMIT 1", (ident,)).fetchone()
    assert row == ("db_update", "secretaire", secured.names.login("secretaire"),
                   "Changé dans psql")


def test_the_audit_names_the_real_login_whatever_the_client_says(secured):
    with secured.connect("conseil") as conn:
        conn.execute("INSERT INTO audit_log (user_login, action, entity) "
                     "VALUES ('admin', 'forged', 'user')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO audit_log (user_login, action, entity, db_user) "
                         "VALUES ('admin', 'forged', 'user', 'admin')")
    with secured.connect("admin") as conn:
        row = conn.execute("SELECT db_user FROM audit_log WHERE action = 'forged'").fetchone()
    assert row == (secured.names.login("conseil"),)


def test_a_read_only_login_inserts_nothing(secured):
    with secured.connect("lecteur") as conn:
        for sql in ("INSERT INTO members (member_number, last_name, first_name, search_key) "
                    "VALUES ('1', 'A', 'B', 'a b')",
                    "INSERT INTO grievances (kind, nature, institution_id, title, status, "
                    "confidential) VALUES ('individual', 'pay', 2, 't', 'draft', false)",
                    "INSERT INTO audit_log (user_login, action, entity) "
                    "VALUES ('lecteur', 'x', 'y')",
                    "UPDATE members SET last_name = 'X'"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)


def test_a_demotion_applies_to_the_next_statement_and_deactivation_ends_sessions(secured):
    engine = make_engine(secured.url)
    sessions = session_factory(engine)
    try:
        with secured.connect("coord") as conn:
            assert _count(conn, "SELECT count(*) FROM grievances WHERE confidential") == 2
            with transaction(sessions) as s:
                UserService().set_role(s, SYSTEM, "coord", "read_only")
            # same session, next statement: the confidential files are gone
            assert _count(conn, "SELECT count(*) FROM grievances WHERE confidential") == 0
            with transaction(sessions) as s:
                UserService().deactivate(s, SYSTEM, "coord")
            with pytest.raises(psycopg.OperationalError):
                conn.execute("SELECT 1")
        with pytest.raises(psycopg.OperationalError):
            secured.connect("coord")
    finally:
        with transaction(sessions) as s:
            service = UserService()
            user = service.by_login(s, "coord")
            service.update(s, SYSTEM, user.id, {"active": True, "role": "coordinator"}, None)
        engine.dispose()
    with secured.connect("coord") as conn:
        assert _count(conn, "SELECT count(*) FROM grievances WHERE confidential") == 2


def test_gem_db_setup_and_upgrade_keep_the_database_secured(secured, capsys):
    from gem.cli import main

    assert main(["--database", secured.url, "db", "setup"]) == 0
    out = capsys.readouterr().out
    assert secured.names.owner in out and secured.names.login_prefix in out
    with secured.connect("conseil") as conn:  # idempotent: still the same answers
        assert _count(conn, "SELECT count(*) FROM grievances WHERE id = %s",
                      secured.ids["theirs"]) == 0
    admin = psycopg.connect(make_url(secured.url).set(drivername="postgresql")
                            .render_as_string(hide_password=False), autocommit=True)
    with admin:
        owner = admin.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'grievances'"
                              ).fetchone()[0]
    assert owner == secured.names.owner


def test_gem_db_setup_refuses_sqlite_clearly(tmp_path, capsys):
    from gem.cli import main

    url = f"sqlite:///{tmp_path / 'gem.sqlite3'}"
    engine = make_engine(url)
    schema.upgrade(engine)
    engine.dispose()
    assert main(["--database", url, "db", "setup"]) == 2
    assert "PostgreSQL" in capsys.readouterr().err


def test_the_demo_on_a_secured_database_gives_each_account_its_login():
    from gem.demo import generate
    from gem.services.demo_accounts import DEMO_PASSWORD

    base = make_url(resolve_url(PG_URL)).database or "gem"
    name = f"{base[:40]}_t_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(resolve_url(PG_URL)).set(database=name)
    engine = make_engine(url.render_as_string(hide_password=False))
    names = database_roles.Names(name)
    try:
        schema.upgrade(engine)
        with engine.begin() as conn:
            database_roles.setup(conn)
        summary = generate(engine, members=40, grievances=30, seed=7)
        counsellor = next(a for a in summary.accounts if a.role == "counsellor")
        with psycopg.connect(host=url.host or "127.0.0.1", port=url.port or 5432, dbname=name,
                             user=names.login(counsellor.login), password=DEMO_PASSWORD,
                             autocommit=True) as conn:
            assert conn.execute("SELECT gem_user_id() IS NOT NULL").fetchone() == (True,)
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("DELETE FROM audit_log")
        with admin.connect() as conn:
            logins = {r for (r,) in conn.execute(text(
                "SELECT rolname FROM pg_roles WHERE starts_with(rolname, :p) AND rolcanlogin"),
                {"p": names.login_prefix})}
        assert logins == {names.login(a.login) for a in summary.accounts}
    finally:
        engine.dispose()
        _drop(admin, name)


def test_role_names_fit_postgresql_for_any_database_name():
    long = database_roles.Names("gem_ci_10457_now_t_6a1fe949a29")
    other = database_roles.Names("gem_ci_10457_now_t_6a1fe949a30")
    assert len(long.login("x" * 40)) <= 63 and len(long.owner) <= 63
    assert long.prefix != other.prefix  # the digest keeps two long names apart
    assert database_roles.Names("gem").group("admin") == "gem_admin"


def test_a_temporary_table_cannot_lend_another_persons_identity(secured):
    """The owner's functions search the session's temporary schema last (search_path =
    public, pg_temp): a counsellor's own ``users`` in pg_temp, naming her login with the
    other counsellor's id, does not make gem_user_id() hers (found by a helper, issue 12)."""
    with secured.connect("conseil") as conn:
        conn.execute("CREATE TEMP TABLE users (id integer, login text)")
        conn.execute("INSERT INTO users VALUES (%s, 'conseil')", (secured.ids["conseil2"],))
        conn.execute("GRANT SELECT ON pg_temp.users TO PUBLIC")
        assert _count(conn, "SELECT count(*) FROM grievances WHERE id = %s",
                      secured.ids["theirs"]) == 0
        assert conn.execute("SELECT gem_user_id()").fetchone()[0] == secured.ids["conseil"]
