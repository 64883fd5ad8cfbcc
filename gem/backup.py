"""Backups IT can trust: taken while people work, checked before and after a restore.

A backup is one file, a zip holding ``manifest.json`` and the database itself:
- SQLite: a copy made through SQLite's online backup API in one step, which reads one
  consistent state of the file while other workstations keep writing (WAL);
- PostgreSQL: ``pg_dump --format=custom`` run on a snapshot exported by a transaction of
  GEM's (``pg_export_snapshot``), so that the row counts written in the manifest are those of
  the very state the dump holds, even while others write.

The manifest names the engine, the schema revision, GEM's version, when it was taken, the row
count of every table and the SHA-256 of the database inside. ``verify`` checks a backup
without restoring it; ``restore`` puts it into an empty database only (never over data) and
then checks the revision and every count against the manifest, so a restore drill proves
the copy is whole rather than assuming it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from glob import glob
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from gem import __version__, clock, schema
from gem.i18n import N_
from gem.services import policy
from gem.services.errors import GemError

if TYPE_CHECKING:
    from gem.services.actor import Actor

FORMAT = 1  # the manifest's layout; a later GEM reads older ones
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
SUFFIX = ".gembackup"
PG_BIN = "GEM_PG_BIN"  # a folder holding pg_dump and pg_restore, searched first

Cancelled = Callable[[], bool]
Progress = Callable[[str], None]


class BackupError(GemError):
    """A backup that cannot be taken, checked or restored, in words IT can act on."""


@dataclass(frozen=True)
class Manifest:
    engine: str
    revision: str | None
    gem_version: str
    created: str                    # ISO 8601, UTC
    database: str                   # what the source was called (never its password)
    tables: dict[str, int]          # table → rows
    payload: str                    # the member holding the database
    payload_sha256: str
    payload_bytes: int
    tool_version: str | None = None  # pg_dump's major version (PostgreSQL)
    secured: bool = False            # PostgreSQL roles and grants (gem db setup) were on
    format: int = FORMAT
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, data: str) -> Manifest:
        raw = json.loads(data)
        if not isinstance(raw, dict) or "engine" not in raw or "tables" not in raw:
            raise ValueError("not a GEM manifest")
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in raw.items() if k in known})


def default_name(engine: Engine) -> str:
    """gem-<database>-<Québec date and time>.gembackup: sorts by date, says what it holds."""
    url = make_url(engine.url)
    base = Path(url.database).stem if url.get_backend_name() == "sqlite" and url.database \
        else (url.database or "gem")
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", base).strip("-") or "gem"
    return f"gem-{safe}-{clock.local_now():%Y%m%d-%H%M%S}{SUFFIX}"


# ---------------------------------------------------------------------- counting
def _tables(connection: Connection) -> list[str]:
    names = inspect(connection).get_table_names()
    return sorted(n for n in names if not n.startswith("sqlite_"))


def count_rows(connection: Connection) -> dict[str, int]:
    """Every table's rows, as this connection's transaction sees them."""
    preparer = connection.dialect.identifier_preparer
    return {name: int(connection.execute(
                text(f"SELECT count(*) FROM {preparer.quote(name)}")).scalar_one())
            for name in _tables(connection)}


def _revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


# ---------------------------------------------------------------------- backup
@dataclass(frozen=True)
class Taken:
    path: Path
    manifest: Manifest


def backup(engine: Engine, target: Path, *, actor: Actor | None = None,
           cancelled: Cancelled = lambda: False,
           progress: Progress = lambda _step: None) -> Taken:
    """Write a backup of ``engine``'s database to ``target`` (a new file: never one that
    exists). The file appears only once complete (written beside it, then renamed).
    ``actor``: the signed-in person (the window), whom the policy must allow; the command
    line is IT's, with the database's own login."""
    if actor is not None:
        policy.require(actor, policy.Action.EXPORT, policy.DATABASE)
    target = Path(target)
    if target.exists():
        raise BackupError(N_("Le fichier {path} existe déjà : choisissez un autre nom (une "
                             "sauvegarde n'en remplace jamais une autre)."),
                          path=str(target.absolute()))
    if not target.parent.is_dir():
        raise BackupError(N_("Le dossier {path} n'existe pas : créez-le ou choisissez-en un "
                             "autre pour la sauvegarde."), path=str(target.parent.absolute()))
    st = schema.state(engine)
    if st.is_foreign or st.is_empty:  # nothing of GEM's to back up: say why
        schema.ensure_usable(engine, st)
    with tempfile.TemporaryDirectory(prefix=".gem-backup-", dir=target.parent) as work:
        folder = Path(work)
        if engine.dialect.name == "sqlite":
            payload, manifest = _take_sqlite(engine, folder, cancelled, progress)
        else:
            payload, manifest = _take_postgresql(engine, folder, cancelled, progress)
        if cancelled():
            raise _cancelled()
        progress(N_("Écriture du fichier de sauvegarde"))
        part = target.with_name(target.name + ".part")
        compression = zipfile.ZIP_DEFLATED if manifest.engine == "sqlite" else zipfile.ZIP_STORED
        try:
            with zipfile.ZipFile(part, "w", compression=compression, allowZip64=True) as zf:
                zf.writestr(MANIFEST, manifest.to_json())
                zf.write(payload, manifest.payload)
            with part.open("r+b") as handle:  # written for write: Windows' fsync needs it
                os.fsync(handle.fileno())
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)
    return Taken(target, manifest)


def _cancelled() -> BackupError:
    return BackupError(N_("Sauvegarde annulée : aucun fichier n'a été écrit."))


def _take_sqlite(engine: Engine, folder: Path, cancelled: Cancelled,
                 progress: Progress) -> tuple[Path, Manifest]:
    source = make_url(engine.url).database
    if not source or source == ":memory:":
        raise BackupError(N_("Une base de données en mémoire ne se sauvegarde pas."))
    copy = folder / SQLITE_MEMBER
    progress(N_("Copie de la base de données"))
    # One step (pages=-1): the copy is one consistent state; in steps, every write by
    # another workstation would restart it.
    with _closing(sqlite3.connect(_read_only_uri(Path(source)), uri=True)) as src, \
            _closing(sqlite3.connect(copy)) as dst:
        src.execute("PRAGMA busy_timeout=30000")
        src.backup(dst, pages=-1)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside
    if cancelled():
        raise _cancelled()
    progress(N_("Comptage des lignes"))
    with _read_only(copy) as connection:
        tables = count_rows(connection)
        revision = _revision(connection)
    return copy, Manifest(engine="sqlite", revision=revision, gem_version=__version__,
                          created=clock.now().isoformat(), database=schema.database_name(engine),
                          tables=tables, payload=SQLITE_MEMBER,
                          payload_sha256=_sha256(copy), payload_bytes=copy.stat().st_size)


def _read_only_uri(path: Path) -> str:
    """SQLite's URI of a file opened read-only, percent-encoded (spaces, « # », Windows
    drive letters)."""
    return f"{path.absolute().as_uri()}?mode=ro"


@contextmanager
def _read_only(path: Path) -> Iterator[Connection]:
    """A copy read as it is: without GEM's pragmas, which would turn it to WAL."""
    engine = create_engine("sqlite://", poolclass=NullPool, creator=lambda: sqlite3.connect(
        _read_only_uri(Path(path)), uri=True))
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


@contextmanager
def _closing(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    try:
        yield connection
    finally:
        connection.close()


def _take_postgresql(engine: Engine, folder: Path, cancelled: Cancelled,
                     progress: Progress) -> tuple[Path, Manifest]:
    from gem import database_roles

    dump = folder / PG_MEMBER
    with engine.connect() as connection:
        major = _server_major(connection)
    tool, tool_major = find_tool("pg_dump", major)
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
        with connection.begin():
            connection.execute(text("SET TRANSACTION READ ONLY"))
            connection.execute(text("SET LOCAL statement_timeout = 0"))
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            secured = database_roles.is_secured(connection)
            if secured and not _reads_everything(connection):
                raise BackupError(N_(
                    "Cette base est protégée (gem db setup) : une connexion personnelle ne "
                    "lit pas toutes ses tables, et une sauvegarde partielle serait "
                    "trompeuse. Faites la sauvegarde avec « gem db backup » sous le compte "
                    "propriétaire de la base ou un superutilisateur (voir le README, « "
                    "Upgrading and backing up »)."))
            progress(N_("Comptage des lignes"))
            tables = count_rows(connection)
            revision = _revision(connection)
            progress(N_("Copie de la base de données (pg_dump)"))
            arguments = [str(tool), "--format=custom", f"--snapshot={snapshot}",
                         f"--file={dump}", "--no-password"]
            _run(arguments + [f"--dbname={_conninfo(engine)}"], engine, cancelled, "pg_dump")
    return dump, Manifest(engine="postgresql", revision=revision, gem_version=__version__,
                          created=clock.now().isoformat(), database=schema.database_name(engine),
                          tables=tables, payload=PG_MEMBER, payload_sha256=_sha256(dump),
                          payload_bytes=dump.stat().st_size, tool_version=str(tool_major),
                          secured=secured)


def _reads_everything(connection: Connection) -> bool:
    """Whether row-level security and grants hide nothing from this login: a superuser,
    a login with BYPASSRLS, or the tables' owner (gem.database_roles)."""
    return bool(connection.execute(text(
        "SELECT rolsuper OR rolbypassrls OR rolname = (SELECT tableowner FROM pg_tables "
        "WHERE schemaname = 'public' AND tablename = 'audit_log') "
        "FROM pg_roles WHERE rolname = current_user")).scalar())


def _server_major(connection: Connection) -> int:
    number = int(connection.execute(text("SHOW server_version_num")).scalar_one())
    return number // 10000


# ---------------------------------------------------------------------- PostgreSQL tools
_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)")


def _candidates(name: str) -> list[Path]:
    """Where pg_dump may be: GEM_PG_BIN alone when set; else the PATH, then the server
    packages' usual folders (Debian/Ubuntu, Red Hat, macOS Homebrew and Postgres.app, the
    Windows installer)."""
    exe = f"{name}.exe" if sys.platform == "win32" else name
    found: list[Path] = []
    if os.environ.get(PG_BIN):  # IT's explicit choice: that folder only
        chosen = Path(os.environ[PG_BIN]) / exe
        return [chosen] if chosen.is_file() else []
    on_path = shutil.which(name)
    if on_path:
        found.append(Path(on_path))
    patterns = ["/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin",
                "/opt/homebrew/opt/postgresql@*/bin", "/usr/local/opt/postgresql@*/bin",
                "/Applications/Postgres.app/Contents/Versions/*/bin"]
    for root in filter(None, (os.environ.get("ProgramFiles"), os.environ.get("ProgramW6432"))):
        patterns.append(str(Path(root) / "PostgreSQL" / "*" / "bin"))
    for pattern in patterns:
        found.extend(Path(folder) / exe for folder in sorted(glob(pattern)))
    return [p for p in dict.fromkeys(found) if p.is_file()]


def _tool_major(path: Path) -> int | None:
    try:
        out = subprocess.run([str(path), "--version"], capture_output=True, text=True,
                             timeout=20, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = _VERSION.search(out)
    return int(match.group(1)) if match else None


def find_tool(name: str, at_least: int) -> tuple[Path, int]:
    """The newest ``name`` (pg_dump, pg_restore) of version ``at_least`` or later: pg_dump
    refuses a server newer than itself, and pg_restore an archive of a newer pg_dump."""
    versions = [(v, p) for p in _candidates(name) if (v := _tool_major(p)) is not None]
    usable = sorted((vp for vp in versions if vp[0] >= at_least), key=lambda vp: -vp[0])
    if usable:
        return usable[0][1], usable[0][0]
    if versions:
        raise BackupError(N_("{tool} {version} ou plus récent est nécessaire (trouvé : "
                             "{found}). Installez les outils client de PostgreSQL {version} "
                             "(paquet postgresql-client-{version}, ou l'installateur de "
                             "PostgreSQL sous Windows), ou indiquez leur dossier dans "
                             "GEM_PG_BIN."), tool=name, version=at_least,
                          found=", ".join(f"{p} ({v})" for v, p in versions))
    raise BackupError(N_("{tool} est introuvable : installez les outils client de PostgreSQL "
                         "{version} ou plus récent (paquet postgresql-client-{version}, ou "
                         "l'installateur de PostgreSQL sous Windows), ou indiquez leur "
                         "dossier dans GEM_PG_BIN."), tool=name, version=at_least)


def _conninfo(engine: Engine) -> str:
    """libpq's key=value form of the address, without the password (given through
    PGPASSWORD, so it never shows in the list of processes)."""
    url = make_url(engine.url)
    parts = {"host": url.host, "port": url.port, "user": url.username, "dbname": url.database}
    for key, value in url.query.items():
        if isinstance(value, str):
            parts[key] = value
    def quote(value: object) -> str:
        return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"
    return " ".join(f"{k}={quote(v)}" for k, v in parts.items() if v not in (None, ""))


def _run(arguments: list[str], engine: Engine, cancelled: Cancelled, tool: str) -> str:
    env = dict(os.environ)
    password = make_url(engine.url).password
    if password:
        env["PGPASSWORD"] = str(password)
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=errors, env=env)
        while True:
            try:
                out, _ = process.communicate(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if cancelled():
                    process.kill()
                    process.wait()
                    raise _cancelled() from None
        errors.seek(0)
        said = errors.read().decode("utf-8", "replace").strip()
    if process.returncode != 0:
        last = said.splitlines()[-1] if said else f"status {process.returncode}"
        raise BackupError(N_("{tool} a échoué : {error}"), tool=tool, error=last)
    return out.decode("utf-8", "replace")


# ---------------------------------------------------------------------- verify
@dataclass(frozen=True)
class Checked:
    manifest: Manifest
    detail: str  # what was checked beyond the checksum, in the catalogue's words


def read_manifest(path: Path) -> Manifest:
    path = Path(path)
    if not path.is_file():
        raise BackupError(N_("Le fichier {path} n'existe pas."), path=str(path.absolute()))
    try:
        with zipfile.ZipFile(path) as zf:
            data = zf.read(MANIFEST).decode("utf-8")
        manifest = Manifest.from_json(data)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, UnicodeDecodeError):
        raise BackupError(N_("Le fichier {path} n'est pas une sauvegarde de GEM."),
                          path=str(path.absolute())) from None
    if manifest.format > FORMAT:
        raise BackupError(N_("Cette sauvegarde a été faite par une version plus récente de "
                             "GEM ({version}) : installez-la pour la lire."),
                          version=manifest.gem_version)
    return manifest


@contextmanager
def _payload(path: Path, manifest: Manifest) -> Iterator[Path]:
    """The database inside the backup, extracted to a temporary file, checksum verified."""
    with tempfile.TemporaryDirectory(prefix=".gem-verify-") as work:
        target = Path(work) / manifest.payload
        try:
            with zipfile.ZipFile(path) as zf, zf.open(manifest.payload) as src, \
                    target.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        except (KeyError, zipfile.BadZipFile, OSError) as exc:
            raise BackupError(N_("La sauvegarde {path} est incomplète ou abîmée ({error})."),
                              path=str(Path(path).absolute()), error=str(exc)) from None
        if _sha256(target) != manifest.payload_sha256:
            raise BackupError(N_("La sauvegarde {path} est abîmée : son contenu ne correspond "
                                 "plus à l'empreinte SHA-256 notée à sa création."),
                              path=str(Path(path).absolute()))
        yield target


def _compare(expected: Manifest, revision: str | None, tables: dict[str, int]) -> None:
    if revision != expected.revision:
        raise BackupError(N_("Version du schéma différente : {found} au lieu de {expected}."),
                          found=revision or "∅", expected=expected.revision or "∅")
    differences = [f"{name} ({tables.get(name, 0)} ≠ {rows})"
                   for name, rows in sorted(expected.tables.items())
                   if tables.get(name) != rows]
    differences += [f"{name} (+)" for name in sorted(set(tables) - set(expected.tables))]
    if differences:
        raise BackupError(N_("Les lignes ne correspondent pas au manifeste de la sauvegarde "
                             "pour : {tables}."), tables=", ".join(differences))


def verify(path: Path) -> Checked:
    """Check a backup without restoring it: its manifest, its checksum, and then either
    the SQLite copy itself (integrity check, revision, every count) or, for PostgreSQL,
    that pg_restore reads the archive and finds every table's data in it."""
    manifest = read_manifest(path)
    with _payload(path, manifest) as payload:
        if manifest.engine == "sqlite":
            with _closing(sqlite3.connect(_read_only_uri(payload), uri=True)) as raw:
                try:
                    status = raw.execute("PRAGMA integrity_check").fetchone()[0]
                except sqlite3.DatabaseError as exc:
                    status = str(exc)
            if status != "ok":
                raise BackupError(N_("La copie SQLite de la sauvegarde est abîmée ({error})."),
                                  error=status)
            with _read_only(payload) as connection:
                _compare(manifest, _revision(connection), count_rows(connection))
            return Checked(manifest, N_("intégrité SQLite, version du schéma et nombre de "
                                        "lignes de chaque table vérifiés"))
        tool, _major = find_tool("pg_restore", int(manifest.tool_version or 0))
        listing = subprocess.run([str(tool), "--list", str(payload)], capture_output=True,
                                 text=True, check=False)
        if listing.returncode != 0:
            raise BackupError(N_("{tool} a échoué : {error}"), tool="pg_restore",
                              error=(listing.stderr.strip().splitlines() or ["?"])[-1])
        with_data = set(re.findall(r"TABLE DATA public (\S+) ", listing.stdout))
        missing = sorted(set(manifest.tables) - with_data)
        if missing:
            raise BackupError(N_("La sauvegarde ne contient pas les données de : {tables}."),
                              tables=", ".join(missing))
        return Checked(manifest, N_("archive pg_dump lisible, données de chaque table "
                                    "présentes"))


# ---------------------------------------------------------------------- restore
def restore(path: Path, engine: Engine, *, progress: Progress = lambda _step: None) -> Manifest:
    """Restore into ``engine``'s database, which must be empty, then compare it with the
    manifest. A SQLite file is written beside the target and renamed once checked."""
    progress(N_("Vérification de la sauvegarde"))
    checked = verify(path)
    manifest = checked.manifest
    if manifest.revision is not None and manifest.revision not in schema.known_revisions():
        raise BackupError(N_("Cette sauvegarde (schéma {revision}) vient d'une version plus "
                             "récente de GEM : installez-la pour la restaurer."),
                          revision=manifest.revision)
    engine_name = engine.dialect.name
    if engine_name != manifest.engine:
        raise BackupError(N_("Cette sauvegarde est celle d'une base {kind} : restaurez-la dans "
                             "une base du même genre."),
                          kind="SQLite" if manifest.engine == "sqlite" else "PostgreSQL")
    if engine_name == "sqlite":
        _restore_sqlite(path, manifest, engine, progress)
    else:
        _restore_postgresql(path, manifest, engine, progress)
    progress(N_("Comparaison avec le manifeste"))
    with engine.connect() as connection:
        _compare(manifest, _revision(connection), count_rows(connection))
    return manifest


def _refuse_data(engine: Engine, holds: bool) -> None:
    if holds:
        raise BackupError(N_("{name} contient déjà des données : une sauvegarde se restaure "
                             "seulement dans une base vide (créez-en une nouvelle, ou "
                             "indiquez un nouveau fichier)."), name=schema.database_name(engine))


def _restore_sqlite(path: Path, manifest: Manifest, engine: Engine,
                    progress: Progress) -> None:
    target = make_url(engine.url).database
    if not target or target == ":memory:":
        raise BackupError(N_("Une base de données en mémoire ne se restaure pas."))
    target_path = Path(target)
    if not target_path.parent.is_dir():
        raise BackupError(N_("Le dossier {path} n'existe pas : créez-le ou choisissez-en un "
                             "autre pour la sauvegarde."),
                          path=str(target_path.parent.absolute()))
    if target_path.exists() and target_path.stat().st_size > 0:
        with _closing(sqlite3.connect(_read_only_uri(target_path), uri=True)) as raw:
            try:
                names = [r[0] for r in raw.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")]
            except sqlite3.DatabaseError:
                names = ["?"]
        _refuse_data(engine, bool(names))
    engine.dispose()
    progress(N_("Restauration"))
    with _payload(path, manifest) as payload:
        partial = target_path.with_name(target_path.name + ".partial")
        partial.unlink(missing_ok=True)
        with _closing(sqlite3.connect(payload)) as src, _closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)
        for leftover in (Path(f"{target_path}-wal"), Path(f"{target_path}-shm")):
            leftover.unlink(missing_ok=True)
        os.replace(partial, target_path)


def _restore_postgresql(path: Path, manifest: Manifest, engine: Engine,
                        progress: Progress) -> None:
    with engine.connect() as connection:
        holds = bool(connection.execute(text(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', "
            "'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'")).scalar())
        major = _server_major(connection)
    _refuse_data(engine, holds)
    tool, _ = find_tool("pg_restore", max(major, int(manifest.tool_version or 0)))
    progress(N_("Restauration"))
    with _payload(path, manifest) as payload:
        # One transaction: a restore that fails leaves the database as empty as it was.
        # Owners and grants are the server's business: ``gem db setup`` sets them again.
        _run([str(tool), "--single-transaction", "--exit-on-error", "--no-owner",
              "--no-privileges", "--no-password", f"--dbname={_conninfo(engine)}",
              str(payload)], engine, lambda: False, "pg_restore")

