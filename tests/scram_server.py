"""A PostgreSQL server of the tests' own that checks passwords (SCRAM-SHA-256).

Why: the office server GEM's tests use (GEM_TEST_DATABASE_URL) may trust every local
connection, as the development machine's does (pg_hba ``trust``): a wrong password would
then be let in, and a test of "PostgreSQL checks the person's password" would prove nothing.
So the personal-login tests start a throw-away cluster with the same PostgreSQL binaries
(initdb, pg_ctl), whose pg_hba.conf trusts only the ``postgres`` superuser (to set the
database up) and asks everyone else for a SCRAM password, on a free port of 127.0.0.1 and a
socket in its own directory; it is stopped and deleted at the end. Started only with the
PostgreSQL tests, as the ``postgres`` system user when the tests run as root (initdb refuses
root). Takes about two seconds.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

HBA = """\
local all all trust
host all postgres 127.0.0.1/32 trust
host all all 127.0.0.1/32 scram-sha-256
"""


def _binaries() -> Path | None:
    found = shutil.which("pg_config")
    if found:
        bindir = subprocess.run([found, "--bindir"], capture_output=True, text=True).stdout
        if bindir.strip() and (Path(bindir.strip()) / "initdb").exists():
            return Path(bindir.strip())
    base = Path("/usr/lib/postgresql")
    for version in sorted(base.glob("*/bin"), reverse=True) if base.exists() else []:
        if (version / "initdb").exists():
            return version
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def scram_server() -> Iterator[str | None]:
    """Yields the new server's address for ``postgres`` (a SQLAlchemy URL on its
    ``postgres`` database), or None when no PostgreSQL binaries are installed."""
    bindir = _binaries()
    if bindir is None:
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="gem-scram-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    try:
        subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
                                     "--auth=trust", "--no-sync", "-E", "UTF8",
                                     "--locale=C"]),
                       check=True, capture_output=True)
        (data / "pg_hba.conf").write_text(HBA)
        with open(data / "postgresql.conf", "a") as conf:
            conf.write(f"\nport = {port}\nlisten_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{sockets}'\n"
                       "password_encryption = 'scram-sha-256'\nfsync = off\n"
                       "max_connections = 40\nshared_buffers = 32MB\n")
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l",
                                     str(root / "server.log"), "start"]),
                       check=True, capture_output=True)
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast",
                                         "-w", "stop"]), capture_output=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def scram_url() -> Iterator[str]:
    """The private server's address for a fixture (``yield from scram_url()``); the test is
    skipped where PostgreSQL's binaries are missing."""
    for url in scram_server():
        if url is None:
            pytest.skip("no PostgreSQL binaries (initdb) to start a password-checking server")
        yield url
