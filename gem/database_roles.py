"""PostgreSQL as the second line of defence: roles, grants, row-level security and an audit
nobody can rewrite, generated from the one permission policy (gem.services.policy).

Every statement is generated here from the policy and applied by ``gem db setup`` (again after
each upgrade, so a policy change reaches the grants). It is idempotent. Role names carry the
database's name, because roles belong to the whole server and one server may hold several GEM
databases (a test database beside the production one):

* ``<db>_owner`` owns the tables; nobody signs in as it (NOLOGIN, BYPASSRLS so migrations see
  every row); ``gem db upgrade`` runs as an administrator who may ``SET ROLE`` to it;
* ``<db>_admin``, ``<db>_coordinator``, ``<db>_counsellor``, ``<db>_secretary``,
  ``<db>_read_only``: one group per GEM role, granted what the policy lets that role do;
* ``<db>_u_<login>``: each person's own login (SCRAM password or Kerberos), member of their
  role's group. Deactivating the person makes it NOLOGIN and ends their sessions; changing
  their role changes the group, which PostgreSQL checks on their very next statement;
* ``<db>_logins`` (NOLOGIN, CREATEROLE) owns ``gem_set_login``, the one function that
  creates and alters those logins: an administrator signed in with their own login (who may
  execute it, as the policy's user managers) manages people without being able to create any
  other role. It makes the login mirror the ``users`` row (same role, active or not) and
  takes a SCRAM verifier computed here, so no clear password reaches the server's logs.

``gem_signed_in()`` is what a person's sign-in records, whatever their role: their
``last_login_at`` and the « sign_in » audit entry (a read-only person may write nothing else).

Row-level security (ENABLE and FORCE) hides a confidential grievance or recourse, and what
reveals it (members, articles, events, arbitrations holding it, hearings, deadlines, documents,
audit rows), from every login but its counsellor's and those of the roles that see every file.
A child row is visible when its parent is: the policies' subqueries run under the parent's own
policy. ``audit_log`` takes inserts only; each row records, from PostgreSQL itself, the login
and transaction that wrote it; and a write committed without any audit row in its transaction
(psql, another tool) gets one from a trigger, so a direct change cannot go unseen.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, text

from gem.models.enums import Role
from gem.services import policy
from gem.services.policy import Action

GROUPS = tuple(r.value for r in Role)
PREFIX_LENGTH = 20  # 20 + len("_u_") + 40 (a GEM login) = 63, PostgreSQL's longest name

# Rows that change with their parent's record (a grievance's members): whoever may create or
# update the parent writes them. Every table's aggregate is policy.TABLES's.
CHILDREN = {"grievance_members": "grievances", "grievance_articles": "grievances",
            "grievance_events": "grievances", "arbitration_grievances": "arbitrations",
            "agreement_grievances": "agreements"}
# Tables every signed-in person writes whatever their role: the audit (inserts only), and
# GEM's count of failed sign-ins.
EVERYONE_INSERTS = ("audit_log",)  # (the audit's writers: policy, create on audit)
EVERYONE_WRITES = ("sign_in_attempts",)
SECRET_COLUMNS = {"users": ("password_hash",)}
# Which audit entities name a file whose confidentiality hides the row.
AUDITED_FILES = {"grievance": "grievances", "recourse": "recourses",
                 "arbitration": "arbitrations", "hearing": "hearings",
                 "deadline": "deadlines", "document": "documents"}


@dataclass(frozen=True)
class Names:
    """The role names of one database."""

    database: str

    @property
    def prefix(self) -> str:
        """The database's name, or for a long one its start and a digest: PostgreSQL cuts
        names at 63 characters, and ``<prefix>_u_<login>`` must fit with a 40-character
        login."""
        name = re.sub(r"[^a-z0-9_]", "_", self.database.lower())
        if len(name) <= PREFIX_LENGTH:
            return name
        digest = hashlib.sha256(self.database.encode("utf-8")).hexdigest()[:8]
        return f"{name[:PREFIX_LENGTH - 9]}_{digest}"

    @property
    def owner(self) -> str:
        return f"{self.prefix}_owner"

    def group(self, role: str) -> str:
        return f"{self.prefix}_{role}"

    def login(self, gem_login: str) -> str:
        return f"{self.prefix}_u_{gem_login.lower()}"

    @property
    def login_prefix(self) -> str:
        return f"{self.prefix}_u_"

    @property
    def logins(self) -> str:
        """The role that owns ``gem_set_login`` (CREATEROLE, nobody signs in as it)."""
        return f"{self.prefix}_logins"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _create_role(name: str, options: str) -> str:
    return (f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {_lit(name)}) "
            f"THEN CREATE ROLE {_q(name)} {options}; END IF; END $$")


# Rows that belong to a record by (owner_type, owner_id), with no foreign key, and go with it
# when it is deleted (gem.services.entity): through ``gem_remove_owned``, which whoever may
# delete an owner executes, and which removes them only once their record is really gone.
OWNED = ("documents", "deadlines")


def _owner_tables() -> dict[str, str]:
    """owner_type -> table, for every kind of record that holds attachments or deadlines."""
    from gem.services.documents import OWNERS

    return {kind: model.__tablename__ for kind, model in OWNERS.items()}


def _deletes_an_owner(role: Role) -> bool:
    return any(policy.may(role, Action.DELETE, kind) for kind in _owner_tables())


def _grants(names: Names, columns: dict[str, list[str]]) -> list[str]:
    """The policy's grants on every table (``columns``: each table's columns)."""
    out = []
    everyone = ", ".join(_q(names.group(g)) for g in GROUPS)
    for table in columns:
        out.append(f"REVOKE ALL ON {_q(table)} FROM PUBLIC, {everyone}")
        if table in EVERYONE_INSERTS:
            writers = [g for g in GROUPS if policy.may(g, Action.CREATE, policy.TABLES[table])]
            out.append(f"GRANT SELECT ON {_q(table)} TO {everyone}")
            if writers:
                allowed = [c for c in columns[table] if c not in ("id", "db_user", "tx")]
                out.append(f"GRANT INSERT ({', '.join(_q(c) for c in allowed)}) ON "
                           f"{_q(table)} TO {', '.join(_q(names.group(g)) for g in writers)}")
            continue
        if table in EVERYONE_WRITES:
            out.append(f"GRANT SELECT, INSERT, UPDATE ON {_q(table)} TO {everyone}")
            continue
        if table == "alembic_version":
            out.append(f"GRANT SELECT ON {_q(table)} TO {everyone}")
            continue
        aggregate, parent = policy.TABLES[table], CHILDREN.get(table)
        for group in GROUPS:
            role = Role(group)
            privileges = []
            readable = policy.may(role, Action.READ, aggregate)
            if readable:
                secret = SECRET_COLUMNS.get(table, ())
                if secret and not policy.may(role, Action.MANAGE_USERS, "user"):
                    visible = [c for c in columns[table] if c not in secret]
                    out.append(f"GRANT SELECT ({', '.join(_q(c) for c in visible)}) ON "
                               f"{_q(table)} TO {_q(names.group(group))}")
                else:
                    privileges.append("SELECT")
            changes = policy.may(role, Action.UPDATE, aggregate) or \
                policy.may(role, Action.MOVE, aggregate)
            if parent is not None:  # a child row changes with its parent
                if changes or policy.may(role, Action.CREATE, aggregate):
                    privileges += ["INSERT", "UPDATE", "DELETE"]
            else:
                if policy.may(role, Action.CREATE, aggregate):
                    privileges.append("INSERT")
                if changes:
                    privileges.append("UPDATE")
                if policy.may(role, Action.DELETE, aggregate):
                    privileges.append("DELETE")
            if privileges:
                out.append(f"GRANT {', '.join(dict.fromkeys(privileges))} ON {_q(table)} "
                           f"TO {_q(names.group(group))}")
    return out


def _functions(names: Names) -> list[str]:
    """The identity of the person behind a connection, and whether they see every file.
    ``session_user`` rather than ``current_user``: SET ROLE to a group cannot borrow another
    identity."""
    owner, prefix = _q(names.owner), names.login_prefix
    sees_all = " OR ".join(
        f"pg_has_role(session_user, {_lit(names.group(r.value))}, 'MEMBER')"
        for r in sorted(policy.SEES_ALL_CONFIDENTIAL))
    return [
        f"""CREATE OR REPLACE FUNCTION gem_user_id() RETURNS integer LANGUAGE sql STABLE
            SECURITY DEFINER SET search_path = public, pg_temp AS $$
            SELECT id FROM users WHERE {_lit(prefix)} || lower(login) = session_user::text
            $$""",
        f"ALTER FUNCTION gem_user_id() OWNER TO {owner}",
        f"""CREATE OR REPLACE FUNCTION gem_sees_all() RETURNS boolean LANGUAGE sql STABLE
            AS $$ SELECT {sees_all} $$""",
        # The arbitrations holding a confidential grievance of another counsellor: decided as
        # the owner (who sees every grievance), since the caller's own view of grievances
        # cannot show what it hides; one set per statement (the policies take it as an
        # array), not one call per hearing or document row.
        """CREATE OR REPLACE FUNCTION gem_hidden_arbitrations() RETURNS SETOF integer
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
            SELECT DISTINCT ag.arbitration_id
            FROM arbitration_grievances ag JOIN grievances g ON g.id = ag.grievance_id
            WHERE NOT gem_sees_all() AND g.confidential
              AND g.counsellor_id IS DISTINCT FROM gem_user_id()
            $$""",
        f"ALTER FUNCTION gem_hidden_arbitrations() OWNER TO {owner}",
        # Whether a document's or deadline's record still exists, decided as the owner: a
        # record hidden from the caller exists all the same (its attachments stay theirs).
        f"""CREATE OR REPLACE FUNCTION gem_owner_exists(kind text, ident integer)
            RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
            SET search_path = public, pg_temp AS $$
            SELECT CASE kind {" ".join(
                f"WHEN {_lit(k)} THEN EXISTS (SELECT 1 FROM {_q(t)} WHERE id = ident)"
                for k, t in _owner_tables().items())} ELSE false END
            $$""",
        f"ALTER FUNCTION gem_owner_exists(text, integer) OWNER TO {owner}",
        # A deleted record's attachments and deadlines, removed as the owner: a coordinator
        # deletes a grievance, with its attachments, yet may purge no attachment by itself.
        f"""CREATE OR REPLACE FUNCTION gem_remove_owned(kind text, ident integer)
            RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            BEGIN
                IF gem_owner_exists(kind, ident) THEN
                    RAISE EXCEPTION 'GEM : % % existe encore', kind, ident
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                {" ".join(f"DELETE FROM {_q(t)} WHERE owner_type = kind AND owner_id = ident;"
                          for t in OWNED)}
            END $$""",
        f"ALTER FUNCTION gem_remove_owned(text, integer) OWNER TO {owner}",
        "REVOKE ALL ON FUNCTION gem_remove_owned(text, integer) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION gem_remove_owned(text, integer) TO "
        f"{', '.join(_q(names.group(g)) for g in GROUPS if _deletes_an_owner(Role(g)))}",
        # A sign-in with one's own login: the account must exist and be active; its
        # last_login_at and the audit entry are written as the owner (a read-only person
        # may insert nothing else).
        """CREATE OR REPLACE FUNCTION gem_signed_in() RETURNS integer LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = public, pg_temp AS $$
            DECLARE
                uid integer := gem_user_id();
                who text;
            BEGIN
                SELECT login INTO who FROM users WHERE id = uid AND active;
                IF who IS NULL THEN
                    RAISE EXCEPTION 'GEM : aucun compte actif pour cette connexion'
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                UPDATE users SET last_login_at = now(), version = version + 1 WHERE id = uid;
                INSERT INTO audit_log (user_id, user_login, action, entity, entity_id)
                VALUES (uid, who, 'sign_in', 'user', uid);
                RETURN uid;
            END $$""",
        f"ALTER FUNCTION gem_signed_in() OWNER TO {owner}",
        "REVOKE ALL ON FUNCTION gem_signed_in() FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION gem_signed_in() TO "
        f"{', '.join(_q(names.group(g)) for g in GROUPS)}",
    ] + _login_function(names)


def _login_function(names: Names) -> list[str]:
    """``gem_set_login(login, role, verifier, active)``: the person's login made to mirror
    their ``users`` row. It refuses a login or role the table does not hold, so even an
    administrator calling it from psql cannot make a login the accounts do not show."""
    groups = ", ".join(_lit(names.group(g)) for g in GROUPS)
    managers = [g for g in GROUPS if policy.may(g, Action.MANAGE_USERS, "user")]
    signature = "gem_set_login(text, text, text, boolean)"
    return [
        f"""CREATE OR REPLACE FUNCTION gem_set_login(gem_login text, gem_role text,
                verifier text, is_active boolean) RETURNS text LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = public, pg_temp AS $$
            DECLARE
                login text := {_lit(names.login_prefix)} || lower(gem_login);
                wanted text := {_lit(names.prefix + "_")} || gem_role;
                grp text;
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM users WHERE lower(users.login) = lower(gem_login)
                               AND users.role = gem_role AND users.active = is_active) THEN
                    RAISE EXCEPTION 'GEM : le compte % n''a pas ce rôle ou cet état', gem_login
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                IF length(login) > 63 THEN
                    RAISE EXCEPTION 'GEM : identifiant trop long pour PostgreSQL (%)', login;
                END IF;
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
                    EXECUTE format('CREATE ROLE %I NOLOGIN', login);
                END IF;
                IF verifier IS NOT NULL THEN
                    IF verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
                        RAISE EXCEPTION 'GEM : seul un vérificateur SCRAM est accepté';
                    END IF;
                    EXECUTE format('ALTER ROLE %I PASSWORD %L', login, verifier);
                END IF;
                FOREACH grp IN ARRAY ARRAY[{groups}] LOOP
                    IF grp = wanted THEN
                        EXECUTE format('GRANT %I TO %I', grp, login);
                    ELSE
                        EXECUTE format('REVOKE %I FROM %I', grp, login);
                    END IF;
                END LOOP;
                IF is_active THEN
                    EXECUTE format('ALTER ROLE %I LOGIN', login);
                ELSE
                    EXECUTE format('ALTER ROLE %I NOLOGIN', login);
                    PERFORM pg_terminate_backend(pid) FROM pg_stat_activity
                        WHERE usename = login;
                END IF;
                RETURN login;
            END $$""",
        f"ALTER FUNCTION {signature} OWNER TO {_q(names.logins)}",
        f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC",
    ] + ([f"GRANT EXECUTE ON FUNCTION {signature} TO "
          f"{', '.join(_q(names.group(g)) for g in managers)}"] if managers else [])


# The functions in scalar subqueries: evaluated once per statement (an InitPlan), not once
# per row of a 100,000-row list.
_FILE = ("(NOT confidential OR counsellor_id = (SELECT gem_user_id()) "
         "OR (SELECT gem_sees_all()))")
_HIDDEN = "ARRAY(SELECT gem_hidden_arbitrations())"
_VISIBLE = {
    "grievances": _FILE,
    "recourses": _FILE,
    "grievance_members": "EXISTS (SELECT 1 FROM grievances g WHERE g.id = grievance_id)",
    "grievance_articles": "EXISTS (SELECT 1 FROM grievances g WHERE g.id = grievance_id)",
    "grievance_events": "EXISTS (SELECT 1 FROM grievances g WHERE g.id = grievance_id)",
    "agreement_grievances": "EXISTS (SELECT 1 FROM grievances g WHERE g.id = grievance_id)",
    "arbitrations": f"id <> ALL ({_HIDDEN})",
    "arbitration_grievances": f"arbitration_id <> ALL ({_HIDDEN}) AND "
                              "EXISTS (SELECT 1 FROM grievances g WHERE g.id = grievance_id)",
    "hearings": f"arbitration_id <> ALL ({_HIDDEN})",
}


def _owned(owner_type_column: str, id_column: str) -> str:
    return (f"CASE {owner_type_column} "
            f"WHEN 'grievance' THEN EXISTS (SELECT 1 FROM grievances g WHERE g.id = {id_column}) "
            f"WHEN 'recourse' THEN EXISTS (SELECT 1 FROM recourses r WHERE r.id = {id_column}) "
            f"WHEN 'arbitration' THEN {id_column} <> ALL ({_HIDDEN}) "
            f"ELSE true END")


_VISIBLE["deadlines"] = _owned("owner_type", "owner_id")
_VISIBLE["documents"] = _owned("owner_type", "owner_id")
_VISIBLE["audit_log"] = "(SELECT gem_sees_all()) OR " + (
    "CASE entity " + " ".join(
        f"WHEN {_lit(entity)} THEN entity_id IS NULL OR EXISTS "
        f"(SELECT 1 FROM {table} x WHERE x.id = entity_id)"
        for entity, table in AUDITED_FILES.items()) + " ELSE true END")


def _row_security() -> list[str]:
    out = []
    for table, visible in _VISIBLE.items():
        out += [f"ALTER TABLE {_q(table)} ENABLE ROW LEVEL SECURITY",
                f"ALTER TABLE {_q(table)} FORCE ROW LEVEL SECURITY",
                f"DROP POLICY IF EXISTS gem_see ON {_q(table)}",
                f"DROP POLICY IF EXISTS gem_add ON {_q(table)}",
                f"DROP POLICY IF EXISTS gem_change ON {_q(table)}",
                f"DROP POLICY IF EXISTS gem_remove ON {_q(table)}",
                f"CREATE POLICY gem_see ON {_q(table)} FOR SELECT USING ({visible})",
                # a new row may be anything the grants allow (a secretary files a
                # confidential grievance for its counsellor); changing one needs to see it
                f"CREATE POLICY gem_add ON {_q(table)} FOR INSERT WITH CHECK (true)",
                f"CREATE POLICY gem_change ON {_q(table)} FOR UPDATE USING ({visible})",
                f"CREATE POLICY gem_remove ON {_q(table)} FOR DELETE USING ({visible})"]
    return out


def _audit(names: Names, audited: Iterable[str]) -> list[str]:
    owner = _q(names.owner)
    out = [
        "ALTER TABLE audit_log ALTER COLUMN db_user SET DEFAULT session_user",
        "ALTER TABLE audit_log ALTER COLUMN tx SET DEFAULT txid_current()",
        """CREATE OR REPLACE FUNCTION gem_audit_is_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $$ BEGIN
            RAISE EXCEPTION 'audit_log : les entrées du journal ne se modifient ni ne '
                            's''effacent (audit_log is append-only)'
                USING ERRCODE = 'insufficient_privilege';
            END $$""",
        "DROP TRIGGER IF EXISTS gem_append_only ON audit_log",
        "CREATE TRIGGER gem_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION gem_audit_is_append_only()",
        "DROP TRIGGER IF EXISTS gem_no_truncate ON audit_log",
        "CREATE TRIGGER gem_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION gem_audit_is_append_only()",
        # At commit: a write whose transaction left no audit row was made outside GEM. The
        # row it gets names the database login (secrets removed), as the owner, so it is
        # written whatever the writer's grants.
        """CREATE OR REPLACE FUNCTION gem_audit_direct_write() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            DECLARE
                row_data jsonb;
            BEGIN
                IF EXISTS (SELECT 1 FROM audit_log WHERE tx = txid_current()
                           AND action NOT LIKE 'db\\_%') THEN
                    RETURN NULL;
                END IF;
                row_data := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END
                            - 'password_hash';
                INSERT INTO audit_log (user_id, user_login, action, entity, entity_id,
                                       before, after)
                VALUES (gem_user_id(),
                        coalesce((SELECT login FROM users WHERE id = gem_user_id()),
                                 left(session_user::text, 40)),
                        'db_' || lower(TG_OP),
                        TG_TABLE_NAME, (row_data ->> 'id')::integer,
                        CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE row_data END,
                        CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE row_data END);
                RETURN NULL;
            END $$""",
        f"ALTER FUNCTION gem_audit_direct_write() OWNER TO {owner}",
    ]
    for table in audited:
        out += [f"DROP TRIGGER IF EXISTS gem_direct_write ON {_q(table)}",
                f"CREATE CONSTRAINT TRIGGER gem_direct_write AFTER INSERT OR UPDATE OR DELETE "
                f"ON {_q(table)} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                f"EXECUTE FUNCTION gem_audit_direct_write()"]
    return out


def _file_numbers(names: Names, tables: dict[str, list[str]]) -> list[str]:
    """``gem_next_file_number`` (revision 0006) run as the owner: it creates a kind's sequence
    for a new year (people's logins may create nothing in the schema) and skips numbers
    already taken, seeing every file, confidential ones included. Whoever may create a
    numbered file executes it; nobody uses the sequences nor SQLite's counter table
    directly."""
    if "file_number_counters" not in tables:  # a schema before 0006
        return []
    owner, signature = _q(names.owner), "gem_next_file_number(text, integer)"
    groups = ", ".join(_q(names.group(g)) for g in GROUPS)
    creators = [g for g in GROUPS if any(policy.may(g, Action.CREATE, policy.TABLES[t])
                                         for t in ("grievances", "arbitrations", "recourses",
                                                   "agreements"))]
    revoke = f"REVOKE ALL ON SEQUENCE %I FROM PUBLIC, {groups}"
    return [
        f"GRANT CREATE ON SCHEMA public TO {owner}",
        f"ALTER FUNCTION {signature} OWNER TO {owner}",
        f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {signature} TO "
        f"{', '.join(_q(names.group(g)) for g in creators)}",
        f"""DO $$ DECLARE name text; BEGIN
            FOR name IN SELECT c.relname FROM pg_class c WHERE c.relkind = 'S'
                        AND c.relnamespace = 'public'::regnamespace
                        AND c.relname LIKE 'gem\\_file\\_number\\_%' LOOP
                EXECUTE format('ALTER SEQUENCE %I OWNER TO %I', name, {_lit(names.owner)});
                EXECUTE format({_lit(revoke)}, name);
            END LOOP; END $$""",
        f"REVOKE ALL ON file_number_counters FROM PUBLIC, {groups}",
    ]


def _creation_keys(names: Names, tables: dict[str, list[str]]) -> list[str]:
    """``gem_prune_creation_keys(cutoff)``: the creation keys older than ``cutoff`` deleted as
    the owner (gem.services.entity.prune_creation_keys), for the people's logins, which may
    insert and read keys (the policy's creators of ``creation_keys``) but delete nothing.
    Never a key younger than KEYS_KEPT before the newest one, whatever ``cutoff`` says, so
    no login can empty the keys of the creations still worth retrying; a key another
    transaction is deleting is skipped, not waited for."""
    if "creation_keys" not in tables:  # a schema before 0006
        return []
    from gem.models.creation import KEYS_KEPT
    from gem.services.entity import PRUNE_FUNCTION

    signature = PRUNE_FUNCTION
    kept = int(KEYS_KEPT.total_seconds())
    creators = [g for g in GROUPS if policy.may(g, Action.CREATE,
                                                policy.TABLES["creation_keys"])]
    return [
        f"""CREATE OR REPLACE FUNCTION {signature} RETURNS integer LANGUAGE sql
            SECURITY DEFINER SET search_path = public, pg_temp AS $$
            WITH gone AS (
                DELETE FROM creation_keys WHERE key IN (
                    SELECT key FROM creation_keys
                    WHERE created_at < least($1, (SELECT max(created_at) FROM creation_keys)
                                                 - interval '{kept} seconds')
                    FOR UPDATE SKIP LOCKED)
                RETURNING 1)
            SELECT count(*)::integer FROM gone
            $$""",
        f"ALTER FUNCTION {signature} OWNER TO {_q(names.owner)}",
        f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC",
    ] + ([f"GRANT EXECUTE ON FUNCTION {signature} TO "
          f"{', '.join(_q(names.group(g)) for g in creators)}"] if creators else [])


def _announcements(names: Names, tables: dict[str, list[str]]) -> list[str]:
    """``gem_announce_change`` (revision 0007, every table's trigger) naming the GEM login
    (``gem_user_id()``; ``session_user`` for a login no account has, a DBA's), run as the
    owner whoever writes: SECURITY DEFINER with a fixed search path that puts ``pg_temp``
    last, so no login's temporary ``users`` table can stand in for the real one. The login
    is looked up once per transaction. The body is revision 0007's otherwise."""
    if "change_counter" not in tables:  # a schema before 0007
        return []
    return [
        """CREATE OR REPLACE FUNCTION gem_announce_change() RETURNS trigger LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = public, pg_temp AS $$
            DECLARE
                counted integer := coalesce(nullif(current_setting('gem.announced', true),
                                                   ''), '0')::integer + 1;
                who text := nullif(current_setting('gem.announcer', true), '');
                ident bigint;
                what text := lower(TG_OP);
            BEGIN
                IF counted <= 101 THEN
                    PERFORM set_config('gem.announced', counted::text, true);
                END IF;
                IF who IS NULL THEN
                    who := coalesce((SELECT u.login FROM public.users u
                                     WHERE u.id = public.gem_user_id()), session_user::text);
                    PERFORM set_config('gem.announcer', who, true);
                END IF;
                IF TG_LEVEL = 'STATEMENT' OR counted > 100 THEN
                    what := 'many';
                ELSIF TG_ARGV[0] = 'id' THEN
                    IF TG_OP = 'DELETE' THEN ident := OLD.id; ELSE ident := NEW.id; END IF;
                END IF;
                PERFORM pg_notify('gem_changes', json_build_object(
                    'table', TG_TABLE_NAME, 'id', ident, 'op', what, 'who', who)::text);
                RETURN NULL;
            END $$""",
        f"ALTER FUNCTION gem_announce_change() OWNER TO {_q(names.owner)}",
    ]


def setup_statements(names: Names, tables: dict[str, list[str]]) -> list[str]:
    """Everything ``gem db setup`` runs, in order, for the tables (with their columns) the
    database holds."""
    out = [_create_role(names.owner, "NOLOGIN BYPASSRLS")]
    out += [_create_role(names.group(g), "NOLOGIN") for g in GROUPS]
    # gem_set_login's owner: creates and alters the people's logins, ends a deactivated
    # person's sessions, reads the accounts it mirrors.
    out += [_create_role(names.logins, "NOLOGIN CREATEROLE"),
            f"GRANT pg_signal_backend TO {_q(names.logins)}"]
    out += [f"GRANT {_q(names.owner)} TO CURRENT_USER",
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
            f"GRANT USAGE ON SCHEMA public TO "
            f"{', '.join(_q(names.group(g)) for g in GROUPS)}"]
    for table in tables:
        out.append(f"ALTER TABLE {_q(table)} OWNER TO {_q(names.owner)}")
    out += _grants(names, tables)
    if "users" in tables:
        out.append(f"GRANT SELECT (login, role, active) ON users TO {_q(names.logins)}")
    creators = [g for g in GROUPS
                if any(policy.may(g, Action.CREATE, a) for a in set(policy.TABLES.values()))]
    out.append(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "
               f"{', '.join(_q(names.group(g)) for g in creators)}")
    out += _functions(names)
    out += _announcements(names, tables)
    out += _file_numbers(names, tables)
    out += _creation_keys(names, tables)
    out += _row_security()
    out += _audit(names, [t for t in policy.TABLES if t not in ("audit_log", "sign_in_attempts")
                          and t in tables])
    return out


def _tables(connection: Connection) -> dict[str, list[str]]:
    rows = connection.execute(text(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"))
    found: dict[str, list[str]] = {}
    for table, column in rows:
        found.setdefault(table, []).append(column)
    return found


def names_for(connection: Connection) -> Names:
    return Names(connection.execute(text("SELECT current_database()")).scalar_one())


def is_secured(connection: Connection) -> bool:
    """Whether ``gem db setup`` has run on this PostgreSQL database."""
    if connection.dialect.name != "postgresql":
        return False
    names = names_for(connection)
    return bool(connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                                   {"r": names.owner}).first())


def setup(connection: Connection) -> Names:
    """Create the roles and apply the grants, policies and triggers (PostgreSQL only; the
    connection's login must be a superuser, as creating a BYPASSRLS role requires)."""
    names = names_for(connection)
    for statement in setup_statements(names, _tables(connection)):
        connection.execute(text(statement))
    return names


# ---------------------------------------------------------------------- people's logins
# RFC 4013 SASLprep, as PostgreSQL applies it to a password before SCRAM (src/common/saslprep.c):
# non-ASCII spaces become spaces, "commonly mapped to nothing" characters go, then NFKC. A
# password SASLprep refuses (controls, private use...) is used as it is, as PostgreSQL does.
_MAPPED_TO_NOTHING = dict.fromkeys(map(ord, "\u00ad\u034f\u1806\u180b\u180c\u180d\u200b"
                                          "\u200c\u200d\u2060\ufe00\ufe01\ufe02\ufe03"
                                          "\ufe04\ufe05\ufe06\ufe07\ufe08\ufe09\ufe0a"
                                          "\ufe0b\ufe0c\ufe0d\ufe0e\ufe0f\ufeff"))
SCRAM_ITERATIONS = 4096  # PostgreSQL's default scram_iterations


def _saslprep(password: str) -> bytes:
    if password.isascii():
        return password.encode("utf-8")
    mapped = "".join(" " if unicodedata.category(c) == "Zs" else c
                     for c in password.translate(_MAPPED_TO_NOTHING))
    normalised = unicodedata.normalize("NFKC", mapped)
    if any(unicodedata.category(c) in ("Cc", "Co", "Cs", "Cn") for c in normalised):
        return password.encode("utf-8")
    return normalised.encode("utf-8")


def scram_verifier(password: str, salt: bytes | None = None,
                   iterations: int = SCRAM_ITERATIONS) -> str:
    """What PostgreSQL stores for a SCRAM-SHA-256 password (RFC 5802/7677), computed here so
    that ``ALTER ROLE … PASSWORD`` never carries the clear password (statement logs,
    pg_stat_activity)."""
    salt = salt if salt is not None else os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", _saslprep(password), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def set_login(connection: Connection, gem_login: str, role: str, active: bool,
              password: str | None = None) -> str:
    """Make the person's own PostgreSQL login mirror their account (flushed before this
    call): their role's group, LOGIN or NOLOGIN (their open sessions ended), and a new SCRAM
    password when one is given (none: Kerberos/GSSAPI, or the password unchanged).
    Through ``gem_set_login``, so an administrator's own login can do it."""
    verifier = scram_verifier(password) if password is not None else None
    return connection.execute(text("SELECT gem_set_login(:login, :role, :verifier, :active)"),
                              {"login": gem_login, "role": str(role), "verifier": verifier,
                               "active": active}).scalar_one()
