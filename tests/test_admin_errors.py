"""Every admin mistake on the command line ends in one line saying what to fix (issue 13).

Each test runs the real entry point (gem.cli.main) in-process and checks the exact line on
stderr, exit status 2, and that no traceback reaches the screen (it goes to the log). The
server cases need no office server: a name under ``.invalid`` never resolves, a port just
freed refuses, and the tests' own password-checking PostgreSQL (tests/scram_server.py) says
"wrong password" and "no such database".
"""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from gem import schema
from gem.db import make_engine
from gem.i18n import set_language
from tests.scram_server import scram_url


@pytest.fixture
def cli(capsys):
    from gem.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    yield run
    set_language("fr")


@pytest.fixture(scope="module")
def server():
    yield from scram_url()


def _one_line(code: int, out: str, err: str, expected: str) -> None:
    assert code == 2, (out, err)
    assert err == expected + "\n"
    assert "Traceback" not in out + err


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_unknown_host(cli):
    _one_line(*cli("--database", "postgresql://postgres@nosuchhost.invalid/gem",
                   "db", "current"),
              "Le serveur « nosuchhost.invalid » est introuvable : vérifiez son nom dans "
              "l'adresse de la base de données (--database ou GEM_DATABASE_URL).")


def test_refused_connection(cli):
    port = _free_port()
    _one_line(*cli("--database", f"postgresql://postgres@127.0.0.1:{port}/gem",
                   "users", "list"),
              f"Aucun serveur PostgreSQL n'accepte de connexion sur 127.0.0.1:{port} : "
              "vérifiez le port dans l'adresse (--database ou GEM_DATABASE_URL), ou que le "
              "serveur est démarré.")


def test_wrong_password(cli, server):
    url = make_url(server).set(username="personne", password="pas-le-bon")
    port = url.port
    _one_line(*cli("--database", url.render_as_string(hide_password=False), "db", "current"),
              f"Le serveur 127.0.0.1:{port} a refusé le mot de passe de « personne » : "
              "vérifiez le mot de passe (dans l'adresse, ~/.pgpass ou PGPASSWORD).")


def test_missing_postgresql_database(cli, server, tmp_path):
    url = make_url(server).set(database="gem_nulle_part")
    output = tmp_path / "charge.pdf"
    _one_line(*cli("--database", url.render_as_string(hide_password=False),
                   "report", "caseload", "-o", str(output)),
              f"La base de données « gem_nulle_part » n'existe pas sur le serveur "
              f"127.0.0.1:{url.port} : vérifiez son nom, ou créez-la puis lancez « gem db "
              "upgrade ».")
    assert list(tmp_path.iterdir()) == []  # no empty report, no partial file


def test_sqlite_folder_missing_is_not_created(cli, tmp_path):
    folder = tmp_path / "absent" / "encore"
    _one_line(*cli("--database", f"sqlite:///{folder / 'gem.sqlite3'}", "db", "upgrade"),
              f"Le dossier {folder} n'existe pas : vérifiez le chemin de la base de données "
              "SQLite (--database ou GEM_DATABASE_URL), ou créez d'abord ce dossier.")
    assert not (tmp_path / "absent").exists()


def test_sqlite_file_missing_is_not_created_by_a_report(cli, tmp_path):
    path = tmp_path / "gem.sqlite3"
    output = tmp_path / "charge.pdf"
    _one_line(*cli("--database", f"sqlite:///{path}", "report", "caseload", "-o", str(output)),
              f"La base de données {path} n'existe pas : vérifiez le chemin (--database ou "
              "GEM_DATABASE_URL), ou créez-la avec « gem db upgrade » (ou « gem demo »).")
    assert list(tmp_path.iterdir()) == []


def test_db_upgrade_creates_a_file_in_a_folder_that_exists(cli, tmp_path):
    path = tmp_path / "gem.sqlite3"
    code, out, err = cli("--database", f"sqlite:///{path}", "db", "upgrade")
    assert code == 0, err
    assert path.exists()


def test_make_engine_makes_no_folder(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'absent' / 'gem.sqlite3'}")
    engine.dispose()
    assert not (tmp_path / "absent").exists()


def test_a_text_file_is_not_a_gem_database(cli, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("ceci n'est pas une base de données\n" * 20)
    _one_line(*cli("--database", f"sqlite:///{path}", "db", "current"),
              f"Le fichier {path} n'est pas une base de données GEM : vérifiez le chemin "
              "(--database ou GEM_DATABASE_URL), ou indiquez un nouveau fichier puis lancez "
              "« gem db upgrade ».")


@pytest.mark.parametrize("command", [("db", "current"), ("db", "upgrade"), ("users", "list")])
def test_another_programs_sqlite_file_is_not_a_gem_database(cli, tmp_path, command):
    path = tmp_path / "autre.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recettes (nom TEXT)")
    _one_line(*cli("--database", f"sqlite:///{path}", *command),
              f"{path} n'est pas une base de données GEM : elle contient d'autres données. "
              "Vérifiez l'adresse (--database ou GEM_DATABASE_URL), ou indiquez un nouveau "
              "fichier ou une base vide puis lancez « gem db upgrade ».")
    with sqlite3.connect(path) as conn:  # nothing of GEM's was added
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert names == {"recettes"}


@pytest.fixture
def newer(sqlite_template, tmp_path) -> Path:
    import shutil

    path = tmp_path / "gem.sqlite3"
    shutil.copy(sqlite_template, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    return path


@pytest.mark.parametrize("command", [("db", "current"), ("users", "list")])
def test_a_newer_gems_database(cli, newer, command):
    head = schema.head_revision()
    _one_line(*cli("--database", f"sqlite:///{newer}", *command),
              f"Cette base de données (version 9999) a été mise à niveau par une version plus "
              f"récente de GEM; cette version-ci (schéma {head}) ne peut pas l'utiliser. "
              "Installez la dernière version.")


def test_a_newer_gems_database_in_english(cli, newer):
    head = schema.head_revision()
    _one_line(*cli("--lang", "en", "--database", f"sqlite:///{newer}", "db", "current"),
              f"This database (version 9999) was upgraded by a newer GEM; this version "
              f"(schema {head}) cannot use it. Install the latest version.")


def test_the_failure_goes_to_the_log(cli, tmp_path, log_dir):
    path = tmp_path / "notes.txt"
    path.write_text("pas une base\n" * 50)
    code, _out, _err = cli("--database", f"sqlite:///{path}", "users", "list")
    assert code == 2
    text = (log_dir / "gem.log").read_text(encoding="utf-8")
    assert "file is not a database (connection)" in text
