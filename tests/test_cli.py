"""The `gem` command for IT: schema administration and user accounts."""

from __future__ import annotations

import io

import pytest

from gem import schema
from gem.cli import main


@pytest.fixture
def fresh_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def _run(capsys, *argv: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_db_upgrade_and_current(capsys, fresh_url):
    code, out, _ = _run(capsys, "--database", fresh_url, "db", "current")
    assert code == 1 and "gem db upgrade" in out
    head = schema.head_revision()
    code, out, _ = _run(capsys, "--database", fresh_url, "db", "upgrade")
    assert code == 0 and f"∅ → {head}" in out
    code, out, _ = _run(capsys, "--database", fresh_url, "db", "current")
    assert code == 0 and f"{head}; schéma de GEM : {head}" in out
    code, out, _ = _run(capsys, "--database", fresh_url, "db", "upgrade")
    assert code == 0 and "déjà à jour" in out


def test_commands_refuse_an_empty_database(capsys, fresh_url):
    code, _, err = _run(capsys, "--database", fresh_url, "users", "list")
    assert code == 2 and "gem db upgrade" in err


def test_users_add_list_set_role_reset(capsys, fresh_url, monkeypatch):
    assert _run(capsys, "--database", fresh_url, "db", "upgrade")[0] == 0
    code, out, _ = _run(capsys, "--database", fresh_url, "users", "add", "mtremblay",
                        "--name", "Marie Tremblay", "--role", "counsellor",
                        stdin="un-long-mot-de-passe\n", monkeypatch=monkeypatch)
    assert code == 0 and "mtremblay" in out
    code, _, err = _run(capsys, "--database", fresh_url, "users", "add", "x", "--name", "X",
                        "--role", "secretary", stdin="court\n", monkeypatch=monkeypatch)
    assert code == 2 and "Mot de passe : 10 caractères au moins." in err
    code, out, _ = _run(capsys, "--database", fresh_url, "users", "set-role", "mtremblay",
                        "coordinator")
    assert code == 0 and "Coordonnateur" in out
    code, out, _ = _run(capsys, "--database", fresh_url, "users", "list")
    assert "Marie Tremblay" in out and "Coordonnateur" in out and "x " not in out
    code, out, _ = _run(capsys, "--database", fresh_url, "users", "reset-password",
                        "mtremblay", stdin="encore-un-long-mot\n", monkeypatch=monkeypatch)
    assert code == 0

    from gem.db import make_engine, session_factory, transaction
    from gem.services.users import SignInError, UserService

    engine = make_engine(fresh_url)
    with transaction(session_factory(engine)) as s:
        assert UserService().authenticate(s, "mtremblay", "encore-un-long-mot").role == \
            "coordinator"
    with pytest.raises(SignInError), transaction(session_factory(engine)) as s:
        UserService().authenticate(s, "mtremblay", "un-long-mot-de-passe")
    engine.dispose()


def test_unknown_user_in_english(capsys, fresh_url, monkeypatch):
    _run(capsys, "--database", fresh_url, "db", "upgrade")
    code, _, err = _run(capsys, "--database", fresh_url, "--lang", "en", "users",
                        "reset-password", "nobody", stdin="0123456789ab\n",
                        monkeypatch=monkeypatch)
    assert code == 2 and "no user" in err.lower()


def test_database_url_from_the_environment(capsys, fresh_url, monkeypatch):
    monkeypatch.setenv("GEM_DATABASE_URL", fresh_url)
    assert _run(capsys, "db", "upgrade")[0] == 0
    code, out, _ = _run(capsys, "db", "current")
    assert code == 0 and fresh_url.split("///")[1] in out
