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
    code, _, err = _run(capsys, "--database", fresh_url, "db", "current")
    assert code == 2 and "n'existe pas" in err and "gem db upgrade" in err  # not created
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
    # the first account of an empty database is made on its own behalf
    code, out, _ = _run(capsys, "--database", fresh_url, "users", "add", "vdupuis",
                        "--name", "Valérie Dupuis", "--role", "admin",
                        stdin="mot-de-passe-admin\n", monkeypatch=monkeypatch)
    assert code == 0 and "vdupuis" in out
    # then every change names its author (--user), whose password comes first
    me = ["--database", fresh_url, "--user", "vdupuis"]
    code, out, _ = _run(capsys, *me, "users", "add", "mtremblay", "--name", "Marie Tremblay",
                        "--role", "counsellor",
                        stdin="mot-de-passe-admin\nun-long-mot-de-passe\n",
                        monkeypatch=monkeypatch)
    assert code == 0 and "mtremblay" in out
    code, _, err = _run(capsys, *me, "users", "add", "x", "--name", "X",
                        "--role", "secretary", stdin="mot-de-passe-admin\ncourt\n",
                        monkeypatch=monkeypatch)
    assert code == 2 and "Mot de passe : 10 caractères au moins." in err
    code, out, _ = _run(capsys, *me, "users", "set-role", "mtremblay", "coordinator",
                        stdin="mot-de-passe-admin\n", monkeypatch=monkeypatch)
    assert code == 0 and "Coordonnateur" in out
    code, out, _ = _run(capsys, "--database", fresh_url, "users", "list")
    assert "Marie Tremblay" in out and "Coordonnateur" in out and "x " not in out
    code, out, _ = _run(capsys, *me, "users", "reset-password", "mtremblay",
                        stdin="mot-de-passe-admin\nencore-un-long-mot\n",
                        monkeypatch=monkeypatch)
    assert code == 0

    from sqlalchemy import select

    from gem.db import make_engine, session_factory, transaction
    from gem.models import AuditEntry
    from gem.services.users import SignInError, UserService

    engine = make_engine(fresh_url)
    with transaction(session_factory(engine)) as s:
        assert UserService().authenticate(s, "mtremblay", "encore-un-long-mot").role == \
            "coordinator"
        authors = {(e.action, e.entity_id): e.user_login for e in s.scalars(
            select(AuditEntry).where(AuditEntry.entity == "user"))}
        admin, counsellor = (UserService().by_login(s, n).id for n in ("vdupuis", "mtremblay"))
        assert authors[("create", admin)] == "vdupuis"  # its own creation
        assert authors[("create", counsellor)] == "vdupuis"
        assert authors[("update", counsellor)] == "vdupuis"
        assert "system" not in authors.values()
    with pytest.raises(SignInError), transaction(session_factory(engine)) as s:
        UserService().authenticate(s, "mtremblay", "un-long-mot-de-passe")
    engine.dispose()


def test_a_change_names_its_author_or_is_refused(capsys, fresh_url, monkeypatch):
    _run(capsys, "--database", fresh_url, "db", "upgrade")
    _run(capsys, "--database", fresh_url, "users", "add", "vdupuis", "--name", "V. Dupuis",
         "--role", "admin", stdin="mot-de-passe-admin\n", monkeypatch=monkeypatch)
    _run(capsys, "--database", fresh_url, "--user", "vdupuis", "users", "add", "lecteur",
         "--name", "Lecteur", "--role", "read_only",
         stdin="mot-de-passe-admin\nmot-de-passe-lecteur\n", monkeypatch=monkeypatch)
    code, _, err = _run(capsys, "--database", fresh_url, "users", "set-role", "lecteur",
                        "admin")
    assert code == 2 and "--user IDENTIFIANT" in err
    code, _, err = _run(capsys, "--database", fresh_url, "--user", "vdupuis", "users",
                        "set-role", "lecteur", "admin", stdin="pas-le-bon\n",
                        monkeypatch=monkeypatch)
    assert code == 2 and "Identifiant ou mot de passe incorrect." in err
    # a read-only person named with her right password is still refused by the policy
    code, _, err = _run(capsys, "--database", fresh_url, "--user", "lecteur", "users",
                        "set-role", "lecteur", "admin", stdin="mot-de-passe-lecteur\n",
                        monkeypatch=monkeypatch)
    assert code == 2
    monkeypatch.setenv("GEM_USER", "vdupuis")
    code, out, _ = _run(capsys, "--database", fresh_url, "users", "set-role", "lecteur",
                        "secretary", stdin="mot-de-passe-admin\n", monkeypatch=monkeypatch)
    assert code == 0 and "Secrétaire" in out
    code, out, _ = _run(capsys, "--database", fresh_url, "users", "list")
    assert "Secrétaire" in out


def test_unknown_user_in_english(capsys, fresh_url, monkeypatch):
    _run(capsys, "--database", fresh_url, "db", "upgrade")
    _run(capsys, "--database", fresh_url, "users", "add", "vdupuis", "--name", "V. Dupuis",
         "--role", "admin", stdin="mot-de-passe-admin\n", monkeypatch=monkeypatch)
    code, _, err = _run(capsys, "--database", fresh_url, "--lang", "en", "--user", "vdupuis",
                        "users", "reset-password", "nobody",
                        stdin="mot-de-passe-admin\n0123456789ab\n", monkeypatch=monkeypatch)
    assert code == 2 and "no user" in err.lower()
    code, _, err = _run(capsys, "--database", fresh_url, "--lang", "en", "users",
                        "reset-password", "nobody")
    assert code == 2 and "--user LOGIN" in err  # in English too


def test_database_url_from_the_environment(capsys, fresh_url, monkeypatch):
    monkeypatch.setenv("GEM_DATABASE_URL", fresh_url)
    assert _run(capsys, "db", "upgrade")[0] == 0
    code, out, _ = _run(capsys, "db", "current")
    assert code == 0 and fresh_url.split("///")[1] in out


def test_a_reader_that_goes_away_is_no_failure(capsys, fresh_url, monkeypatch, tmp_path):
    """``gem users list | head -1``: the pipe closes early; GEM ends quietly, status 0, not
    with « La base de données ne répond pas » (Errno 32)."""
    _run(capsys, "--database", fresh_url, "db", "upgrade")
    _run(capsys, "--database", fresh_url, "users", "add", "vdupuis", "--name", "V. Dupuis",
         "--role", "admin", stdin="mot-de-passe-admin\n", monkeypatch=monkeypatch)
    sink = open(tmp_path / "sink", "w")  # stands for the closed pipe's file descriptor

    class ClosedPipe(io.StringIO):
        def write(self, _text):
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self):
            return sink.fileno()

    monkeypatch.setattr("sys.stdout", ClosedPipe())
    assert main(["--database", fresh_url, "users", "list"]) == 0
    sink.close()
    assert capsys.readouterr().err == ""


def test_users_list_shows_the_last_sign_in_in_quebec_time(capsys, fresh_url, monkeypatch):
    from datetime import UTC, datetime

    from gem import clock
    from gem.db import make_engine, session_factory, transaction
    from gem.services.users import UserService

    _run(capsys, "--database", fresh_url, "db", "upgrade")
    _run(capsys, "--database", fresh_url, "users", "add", "vdupuis", "--name", "V. Dupuis",
         "--role", "admin", stdin="mot-de-passe-admin\n", monkeypatch=monkeypatch)
    engine = make_engine(fresh_url)
    with clock.frozen(datetime(2026, 12, 2, 16, 31, tzinfo=UTC)), \
            transaction(session_factory(engine)) as s:
        UserService().authenticate(s, "vdupuis", "mot-de-passe-admin")
    engine.dispose()
    code, out, _ = _run(capsys, "--database", fresh_url, "users", "list")
    assert code == 0 and "2026-12-02 11:31" in out  # 16:31 UTC, EST in December
