"""Backups (issue 13): taken while another connection writes, they restore to the very state
they hold, on SQLite and PostgreSQL; a restore goes into an empty database only and checks
itself against the manifest; a damaged or foreign file is named as such."""

from __future__ import annotations

import json
import stat
import threading
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from gem import backup, schema
from gem.db import make_engine, session_factory, transaction
from gem.demo import generate
from gem.services.actor import SYSTEM
from tests import factories
from tests.conftest import PG_URL, _drop_pg_database, _new_pg_database

WRITTEN = {"members", "audit_log", "creation_keys", "employment_records"}  # rows the writer
# below adds (the rest must be equal); SQLite's change announcements are overwritten in place
# (a counter and a ring), so only their counts compare.
OVERWRITTEN = {"change_counter", "recent_changes"}


class Writer(threading.Thread):
    """Another workstation saving new members, one transaction each, until stopped."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.engine = make_engine(url)
        self.saved = 0
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        factory = session_factory(self.engine)
        try:
            while not self.stop.is_set():
                with transaction(factory) as session:
                    factories.member(session, SYSTEM, last_name=f"Écrit{self.saved}")
                self.saved += 1
        except BaseException as exc:  # noqa: BLE001 - the test reports it
            self.error = exc
        finally:
            self.engine.dispose()

    def wait_for(self, count: int) -> None:
        for _ in range(600):
            if self.saved >= count or self.error is not None:
                return
            self.stop.wait(0.05)


def _rows(engine: Engine) -> dict[str, set[tuple]]:
    with engine.connect() as connection:
        tables = [n for n in inspect(connection).get_table_names() if not n.startswith("sqlite_")]
        return {name: {tuple(_hashable(v) for v in row)
                       for row in connection.execute(text(f'SELECT * FROM "{name}"'))}
                for name in tables}


def _hashable(value):
    return json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value


@pytest.fixture
def demo_engine(engine) -> Engine:
    generate(engine, members=80, grievances=60, seed=5)
    return engine


@pytest.fixture
def fresh(backend, tmp_path):
    """An empty database of the same engine to restore into."""
    made: list[tuple[Engine, str | None]] = []

    def new() -> Engine:
        if backend == "sqlite":
            eng = make_engine(f"sqlite:///{tmp_path / f'restored{len(made)}.sqlite3'}")
            made.append((eng, None))
        else:
            name, url = _new_pg_database(None)
            eng = make_engine(url)
            made.append((eng, name))
        return eng

    yield new
    for eng, name in made:
        eng.dispose()
        if name:
            _drop_pg_database(name)


def test_a_backup_taken_while_another_connection_writes_restores_identically(
        demo_engine, fresh, tmp_path):
    url = demo_engine.url.render_as_string(hide_password=False)
    writer = Writer(url)
    writer.start()
    writer.wait_for(5)
    before_backup = writer.saved
    taken = backup.backup(demo_engine, tmp_path / "office.gembackup")
    at_backup = writer.saved
    writer.wait_for(at_backup + 5)
    writer.stop.set()
    writer.join(30)
    assert writer.error is None, writer.error
    assert writer.saved >= at_backup + 5, "the writer was held up by the backup"

    manifest = taken.manifest
    assert manifest.engine == demo_engine.dialect.name
    assert manifest.revision == schema.head_revision()
    assert manifest.tables["grievances"] == 60
    assert backup.verify(taken.path).manifest == manifest

    target = fresh()
    restored = backup.restore(taken.path, target)
    assert restored == manifest
    source, copy = _rows(demo_engine), _rows(target)
    assert set(copy) == set(source)
    for name in sorted(source):
        assert len(copy[name]) == manifest.tables[name], name
        if name in OVERWRITTEN:
            continue
        if name in WRITTEN:
            assert copy[name] <= source[name], name  # a past state of the source
        else:
            assert copy[name] == source[name], name
    # One consistent moment: every member saved is there with its audit row, none without.
    with target.connect() as connection:
        members = set(connection.execute(text(
            "SELECT id FROM members WHERE last_name LIKE 'Écrit%'")).scalars())
        audited = set(connection.execute(text(
            "SELECT entity_id FROM audit_log WHERE entity = 'member' AND action = 'create' "
            "AND entity_id IN (SELECT id FROM members WHERE last_name LIKE 'Écrit%')"
        )).scalars())
    assert members == audited
    assert before_backup <= len(members) <= at_backup + 1  # saved up to the snapshot
    assert schema.state(target).is_current


def test_a_restore_refuses_a_database_that_holds_data_and_changes_nothing(
        demo_engine, tmp_path):
    taken = backup.backup(demo_engine, tmp_path / "b.gembackup")
    before = _rows(demo_engine)
    with pytest.raises(backup.BackupError, match="contient déjà des données"):
        backup.restore(taken.path, demo_engine)
    assert _rows(demo_engine) == before


def test_a_backup_never_replaces_a_file(demo_engine, tmp_path):
    target = tmp_path / "b.gembackup"
    target.write_text("yesterday's")
    with pytest.raises(backup.BackupError, match="existe déjà"):
        backup.backup(demo_engine, target)
    assert target.read_text() == "yesterday's"
    with pytest.raises(backup.BackupError, match="n'existe pas"):
        backup.backup(demo_engine, tmp_path / "no" / "b.gembackup")


def test_a_cancelled_backup_leaves_no_file(demo_engine, tmp_path):
    with pytest.raises(backup.BackupError, match="annulée"):
        backup.backup(demo_engine, tmp_path / "b.gembackup", cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == [] or all(
        p.name != "b.gembackup" and not p.name.startswith(".gem-backup-")
        for p in tmp_path.iterdir())


def test_verify_names_a_damaged_or_foreign_file(demo_engine, tmp_path):
    taken = backup.backup(demo_engine, tmp_path / "b.gembackup")
    damaged = tmp_path / "damaged.gembackup"
    with zipfile.ZipFile(taken.path) as src, zipfile.ZipFile(damaged, "w") as dst:
        dst.writestr(backup.MANIFEST, src.read(backup.MANIFEST))
        payload = bytearray(src.read(taken.manifest.payload))
        payload[len(payload) // 2] ^= 0xFF
        dst.writestr(taken.manifest.payload, bytes(payload))
    with pytest.raises(backup.BackupError, match="SHA-256"):
        backup.verify(damaged)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("pas une sauvegarde")
    with pytest.raises(backup.BackupError, match="n'est pas une sauvegarde de GEM"):
        backup.verify(text_file)
    with pytest.raises(backup.BackupError, match="n'existe pas"):
        backup.verify(tmp_path / "missing.gembackup")


def test_a_missing_or_old_pg_dump_names_the_version_needed(tmp_path, monkeypatch):
    old = tmp_path / "pg_dump"
    old.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 12.4'\n")
    old.chmod(old.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(backup, "_candidates", lambda name: [old])
    with pytest.raises(backup.BackupError) as too_old:
        backup.find_tool("pg_dump", 15)
    assert "pg_dump 15 ou plus récent est nécessaire" in too_old.value.message()
    assert str(old) in too_old.value.message()
    monkeypatch.setattr(backup, "_candidates", lambda name: [])
    with pytest.raises(backup.BackupError, match="pg_dump est introuvable.*PostgreSQL 15"):
        backup.find_tool("pg_dump", 15)


def test_gem_pg_bin_is_searched_first(tmp_path, monkeypatch):
    tool = tmp_path / "pg_dump"
    tool.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 99.1'\n")
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv(backup.PG_BIN, str(tmp_path))
    assert backup.find_tool("pg_dump", 15) == (tool, 99)
    # IT's folder only, even when a newer one is on the PATH; too old there: said so.
    tool.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 12.1'\n")
    with pytest.raises(backup.BackupError, match=f"pg_dump 15 ou plus récent.*{tmp_path}"):
        backup.find_tool("pg_dump", 15)


def test_the_commands(gem, engine, tmp_path, backend):
    """gem db backup / verify / restore, as IT types them (exit 0, then 2 on a refusal)."""
    out_file = tmp_path / "nightly.gembackup"
    code, out, err = gem("db", "backup", "-o", str(out_file))
    assert (code, err) == (0, "")
    assert f"Sauvegarde écrite : {out_file}" in out
    code, out, _ = gem("db", "verify", str(out_file))
    assert code == 0 and out.startswith(f"Sauvegarde valable : {out_file}")
    code, _, err = gem("db", "restore", str(out_file))
    assert code == 2 and "contient déjà des données" in err and len(err.splitlines()) == 1
    if backend == "sqlite":
        from gem.cli import main

        target = tmp_path / "restored.sqlite3"
        assert main(["--database", f"sqlite:///{target}", "db", "restore", str(out_file)]) == 0
        assert schema.state(make_engine(f"sqlite:///{target}")).is_current
    code, _, err = gem("db", "verify", str(Path(tmp_path / "none.gembackup")))
    assert code == 2 and "n'existe pas" in err


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL only (GEM_TEST_DATABASE_URL)")
def test_a_secured_database_is_backed_up_whole_by_its_owner_never_partly(secured, tmp_path):
    """gem db setup's row-level security hides rows and tables from a personal login: its
    backup would be partial, so it is refused with what to do; the superuser's (IT's
    nightly job) is whole, says it was secured, and restores."""
    from sqlalchemy.engine import make_url

    admin_url = make_url(secured.url).set(username=secured.names.login("admin"),
                                          password="motdepasse-123")
    personal = make_engine(admin_url.render_as_string(hide_password=False))
    with pytest.raises(backup.BackupError, match="une connexion personnelle ne lit pas"):
        backup.backup(personal, tmp_path / "partial.gembackup")
    personal.dispose()
    assert not (tmp_path / "partial.gembackup").exists()

    source = make_engine(secured.url)
    taken = backup.backup(source, tmp_path / "whole.gembackup")
    assert taken.manifest.secured and taken.manifest.tables["grievances"] == 3
    name, url = _new_pg_database(None)
    target = make_engine(url)
    try:
        assert backup.restore(taken.path, target) == taken.manifest
        assert _rows(target) == _rows(source)
    finally:
        target.dispose()
        source.dispose()
        _drop_pg_database(name)


def test_a_sqlite_file_whose_path_has_spaces_and_a_hash(tmp_path):
    """Read-only copies are opened by URI: the path is percent-encoded, not cut at « # »."""
    folder = tmp_path / "Dossiers partagés # 2"
    folder.mkdir()
    engine = make_engine(f"sqlite:///{folder / 'gem.sqlite3'}")
    schema.upgrade(engine)
    taken = backup.backup(engine, folder / "b.gembackup")
    assert taken.manifest.revision == schema.head_revision()
    assert taken.manifest.tables["institutions"] > 0
    assert backup.verify(taken.path).manifest == taken.manifest
    engine.dispose()
