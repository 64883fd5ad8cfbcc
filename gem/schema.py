"""Schema version checks and upgrades, run from code (the CLI, the window, the tests).

GEM refuses a database newer than itself, and upgrades an older one only on request; a SQLite
file is copied aside (sqlite3 backup API) before any upgrade so a failed one loses nothing.

Why an upgrade is made safe this way (issue 13):
- each revision runs in its own transaction (DDL is transactional on PostgreSQL, and SQLite's
  batch copies are too), so a revision that fails leaves the schema of the one before, and
  the message names the revision that failed;
- on PostgreSQL the upgrade holds an advisory lock (``UPGRADE_LOCK``) for its whole length:
  a second workstation asking for an upgrade meanwhile waits, then finds the work done;
- every transaction that writes (gem.db.transaction) first checks the database's revision
  (on PostgreSQL under the shared form of the same lock, so not in the middle of an
  upgrade): a workstation left on the previous version is told to update and writes
  nothing, instead of failing on a column it does not know.
"""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from gem import clock
from gem.i18n import N_
from gem.services.errors import SchemaError

if TYPE_CHECKING:
    from alembic.config import Config

VERSIONS = Path(__file__).parent / "migrations" / "versions"
UPGRADE_LOCK = 0x47454D  # "GEM": PostgreSQL advisory lock key of upgrades (module notes)
UPGRADE_LOCK_WAIT = "120s"  # how long an upgrade waits for another, or for a table's users


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    # Alembic's default stdout is the sys.stdout of the moment alembic was imported, which
    # may be a stream closed since (a test's capture): the one of now instead.
    cfg = Config(stdout=sys.stdout)
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url",
                            engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


@cache
def known_revisions() -> list[str]:
    """This GEM's revisions, oldest first. Revision ids are the version files' numeric
    prefixes (0001, 0002...; tests/test_migrations.py holds Alembic to it), so checking a
    database at start-up needs neither Alembic nor its script scan (~1 s of imports)."""
    return sorted(p.name.split("_", 1)[0] for p in VERSIONS.glob("[0-9]*_*.py"))


def refuse_other_revision(current: str | None) -> None:
    """Before a write: the database must still be at this GEM's revision (module notes)."""
    head = head_revision()
    if current == head:
        return
    if current is not None and current not in known_revisions():
        raise SchemaError(N_("Cette base de données vient d'être mise à niveau (schéma "
                             "{current}) par une version plus récente de GEM : rien n'a été "
                             "enregistré. Fermez GEM et installez la dernière version."),
                          current=current)
    raise SchemaError(N_("Le schéma de cette base de données ({current}) n'est plus celui de "
                         "cette version de GEM ({head}) : rien n'a été enregistré. Fermez GEM "
                         "et demandez à un administrateur de vérifier la base."),
                      current=current or "∅", head=head)


def head_revision() -> str:
    revisions = known_revisions()
    return revisions[-1] if revisions else ""


def current_revision(engine: Engine) -> str | None:
    return _read(engine)[0]


def _read(engine: Engine) -> tuple[str | None, bool]:
    """The database's revision, and whether, having none, it holds tables anyway: another
    program's database, not an empty one GEM may fill (issue 13)."""
    with engine.connect() as connection:
        inspector = inspect(connection)
        if not inspector.has_table("alembic_version"):
            return None, bool(inspector.get_table_names())
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return revision, False


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str
    is_foreign: bool = False  # no GEM revision, but tables: not a GEM database

    @property
    def is_empty(self) -> bool:
        return self.current is None and not self.is_foreign

    @property
    def is_current(self) -> bool:
        return self.current == self.head

    @property
    def is_newer(self) -> bool:
        """The database was upgraded by a later GEM: its revision is unknown to this one."""
        return self.current is not None and self.current not in known_revisions()


def state(engine: Engine) -> SchemaState:
    current, foreign = _read(engine)
    return SchemaState(current, head_revision(), foreign)


def database_name(engine: Engine) -> str:
    """How a message names the database: the SQLite file, else the server's database."""
    url = make_url(engine.url)
    if url.get_backend_name() == "sqlite":
        return str(Path(url.database).absolute()) if url.database else ":memory:"
    return f"« {url.database} » ({url.host or 'localhost'}:{url.port or 5432})"


def ensure_usable(engine: Engine, st: SchemaState | None = None) -> SchemaState:
    """Raise a clear SchemaError unless the schema is exactly the one this GEM expects."""
    st = st or state(engine)
    if st.is_foreign:
        raise SchemaError(N_("{name} n'est pas une base de données GEM : elle contient "
                             "d'autres données. Vérifiez l'adresse (--database ou "
                             "GEM_DATABASE_URL), ou indiquez un nouveau fichier ou une base "
                             "vide puis lancez « gem db upgrade »."),
                          name=database_name(engine))
    if st.is_newer:
        raise SchemaError(N_("Cette base de données (version {current}) a été mise à niveau "
                             "par une version plus récente de GEM; cette version-ci (schéma "
                             "{head}) ne peut pas l'utiliser. Installez la dernière version."),
                          current=st.current, head=st.head)
    if st.is_empty:
        raise SchemaError(N_("Cette base de données est vide. Créez-la avec « gem db upgrade » "
                             "(ou « gem demo » pour des données de démonstration)."))
    if not st.is_current:
        raise SchemaError(N_("Le schéma de cette base de données ({current}) est plus ancien "
                             "que celui de GEM ({head}). Un administrateur doit lancer "
                             "« gem db upgrade »."), current=st.current, head=st.head)
    return st


def backup_sqlite(engine: Engine) -> Path | None:
    url = make_url(engine.url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    source = Path(url.database)
    if not source.exists() or source.stat().st_size == 0:
        return None
    stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
    target = source.with_name(f"{source.stem}.backup-{stamp}{source.suffix}")
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


class UpgradeFailed(SchemaError):
    """A revision failed: the database keeps the schema of the revision before it."""


def upgrade(engine: Engine, revision: str = "head") -> Path | None:
    """Upgrade to ``revision``, one transaction per revision (module notes); returns the
    SQLite copy made beforehand, kept whatever happens."""
    from alembic import command

    st = state(engine)
    if st.is_newer or st.is_foreign:
        ensure_usable(engine, st)
    backup = backup_sqlite(engine) if not st.is_empty and not st.is_current else None
    cfg = alembic_config(engine)
    postgresql = engine.dialect.name == "postgresql"
    with engine.connect() as connection:
        if postgresql:
            _lock_for_upgrade(connection)
        try:
            # Not in a transaction: Alembic then opens one per revision
            # (transaction_per_migration, gem/migrations/env.py).
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
        except Exception as exc:
            if connection.in_transaction():
                connection.rollback()
            raise _failed(engine, exc, backup) from exc
        finally:
            if postgresql and not connection.invalidated:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"),
                                   {"key": UPGRADE_LOCK})
                connection.execute(text("RESET lock_timeout"))
                connection.execute(text("RESET statement_timeout"))
                connection.commit()
    return backup


def _lock_for_upgrade(connection) -> None:
    """Wait for another workstation's upgrade (or the writes in progress) to end, then
    hold the upgrade lock; a long revision may take its time (no statement timeout)."""
    from sqlalchemy.exc import OperationalError

    connection.execute(text(f"SET lock_timeout = '{UPGRADE_LOCK_WAIT}'"))
    connection.execute(text("SET statement_timeout = 0"))
    try:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": UPGRADE_LOCK})
    except OperationalError as exc:
        connection.rollback()
        raise SchemaError(N_("Une autre mise à niveau de cette base de données est en cours "
                             "depuis plus de {wait} : attendez qu'elle finisse, puis vérifiez "
                             "avec « gem db current »."), wait=UPGRADE_LOCK_WAIT) from exc
    connection.commit()


def _failed(engine: Engine, exc: BaseException, backup: Path | None) -> UpgradeFailed:
    from gem import log as gem_log

    now = current_revision(engine)
    later = [r for r in known_revisions() if now is None or r > now]
    failed = later[0] if later else "?"
    gem_log.log_exception(exc, f"gem db upgrade ({failed})")
    params = {"failed": failed, "current": now or "∅", "error": gem_log.reason(exc)}
    if backup is not None:
        return UpgradeFailed(N_("La mise à niveau {failed} a échoué ({error}) : la base est "
                                "restée au schéma {current}, intacte. La copie faite avant "
                                "est gardée : {backup}."), backup=str(backup), **params)
    return UpgradeFailed(N_("La mise à niveau {failed} a échoué ({error}) : la base est restée "
                            "au schéma {current}, intacte."), **params)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)
