"""The log file and the CLI's one-line failures: a bug's traceback lands in gem.log under the
log folder, never on the terminal; refusals, unreachable databases and bugs are told apart."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import psycopg
import pytest
import sqlalchemy.exc as sa_exc

from gem import log
from gem.cli import EXIT_INTERNAL, failure_line, main
from gem.services.errors import FieldError, PermissionDenied, ValidationError

ROOT = Path(__file__).resolve().parents[1]


def _explode() -> None:
    raise RuntimeError("le moteur a calé")


def _caught(fn) -> BaseException:
    try:
        fn()
    except BaseException as exc:  # noqa: BLE001
        return exc
    raise AssertionError("no exception")


def _file_handlers() -> list[logging.Handler]:
    from logging.handlers import RotatingFileHandler

    return [h for h in logging.getLogger().handlers if isinstance(h, RotatingFileHandler)
            and Path(h.baseFilename).name == log.FILE_NAME]


def test_log_exception_writes_the_traceback_under_gem_log_dir(log_dir):
    exc = _caught(_explode)
    assert log.log_exception(exc, "test job")
    assert not log.log_exception(exc, "shown again")  # once, however many ask
    text = (log_dir / "gem.log").read_text(encoding="utf-8")
    assert "ERROR" in text and "test job: RuntimeError: le moteur a calé (internal)" in text
    assert "Traceback (most recent call last)" in text and "in _explode" in text
    assert "shown again" not in text
    assert log.log_file() == log_dir / "gem.log"


def test_a_traceback_kept_by_the_worker_is_the_one_written(log_dir):
    exc = RuntimeError("plus de pile")
    exc.__gem_traceback__ = "Traceback (most recent call last):\n  File \"job.py\", line 7\n"
    log.log_exception(exc)
    assert 'File "job.py", line 7' in (log_dir / "gem.log").read_text(encoding="utf-8")


def test_setup_is_idempotent_and_rotates_at_one_megabyte(log_dir):
    first = log.setup("cli")
    again = log.setup("cli")
    assert first == again == log_dir / "gem.log"
    handlers = _file_handlers()
    assert len(handlers) == 1
    assert handlers[0].maxBytes == 1_000_000 and handlers[0].backupCount == 5
    assert (log_dir / "gem.log").read_text(encoding="utf-8").count("GEM cli started") == 1
    line = "x" * 1000
    for _ in range(1100):
        logging.getLogger("gem.test").info(line)
    assert (log_dir / "gem.log.1").exists()
    assert (log_dir / "gem.log").stat().st_size <= 1_000_000
    log.shutdown()
    assert _file_handlers() == []


def test_a_changed_log_dir_is_followed(log_dir, tmp_path, monkeypatch):
    log.setup("cli")
    other = tmp_path / "elsewhere"
    monkeypatch.setenv("GEM_LOG_DIR", str(other))
    log.log_exception(_caught(_explode))
    assert "le moteur a calé" in (other / "gem.log").read_text(encoding="utf-8")
    assert len(_file_handlers()) == 1


@pytest.mark.qt_no_exception_capture  # pytest-qt's own excepthook would take it first
def test_excepthook_logs_what_nothing_caught_and_tells_listeners(log_dir):
    seen: list[BaseException] = []
    log.setup("window")
    log.on_unhandled(seen.append)
    try:
        assert sys.excepthook is log._excepthook
        exc = _caught(_explode)
        sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        log.remove_unhandled_listener(seen.append)
    text = (log_dir / "gem.log").read_text(encoding="utf-8")
    assert "CRITICAL" in text and "uncaught exception" in text and "in _explode" in text
    assert seen == [exc]
    log.shutdown()
    assert sys.excepthook is not log._excepthook


def test_thread_hook_in_the_cli_logs_and_prints_one_line(log_dir, capsys):
    log.setup("cli")
    assert threading.excepthook is log._threading_hook
    exc = _caught(_explode)
    log._threading_hook(threading.ExceptHookArgs(
        (type(exc), exc, exc.__traceback__, threading.current_thread())))
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "Erreur interne (RuntimeError: le moteur a calé)" in err
    assert "uncaught exception in thread" in (log_dir / "gem.log").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------ sorting
def _sqlite_locked(tmp_path) -> sqlite3.OperationalError:
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(path, timeout=0)
    try:
        other.execute("INSERT INTO t VALUES (1)")
    except sqlite3.OperationalError as exc:
        return exc
    finally:
        other.close()
        holder.close()
    raise AssertionError("not locked")


def _sqlite_no_table() -> sqlite3.OperationalError:
    with sqlite3.connect(":memory:") as conn:
        try:
            conn.execute("SELECT * FROM nowhere")
        except sqlite3.OperationalError as exc:
            return exc
    raise AssertionError("table found")


def test_connection_failures_are_told_apart_from_bugs(tmp_path):
    locked = _sqlite_locked(tmp_path)
    # another desk holds the file past the busy timeout: "busy", not a lost connection
    assert log.classify(locked) == log.BUSY
    wrapped = sa_exc.OperationalError("INSERT INTO member (name) VALUES (?)", ("Tremblay",),
                                      locked)
    assert log.classify(wrapped) == log.BUSY
    assert log.reason(wrapped) == "database is locked"  # not the statement, not its values
    # SQLite calls a missing table an OperationalError as well: that one is a bug.
    missing = sa_exc.OperationalError("SELECT * FROM nowhere", {}, _sqlite_no_table())
    assert log.classify(missing) == log.INTERNAL
    dropped = psycopg.OperationalError("server closed the connection unexpectedly")
    assert log.classify(dropped) == log.CONNECTION
    assert log.classify(sa_exc.OperationalError("SELECT 1", {}, dropped)) == log.CONNECTION
    assert log.classify(sa_exc.InterfaceError("SELECT 1", {}, psycopg.InterfaceError(
        "the connection is closed"))) == log.CONNECTION
    invalidated = sa_exc.DBAPIError("SELECT 1", {}, Exception("gone"),
                                    connection_invalidated=True)
    assert log.classify(invalidated) == log.CONNECTION
    assert log.classify(ConnectionResetError(104, "Connection reset by peer")) == log.CONNECTION
    assert log.classify(PermissionError(13, "Permission denied", "/srv/rapport.pdf")) == \
        log.SYSTEM
    assert log.classify(PermissionDenied()) == log.EXPECTED
    assert log.classify(KeyError("x")) == log.INTERNAL
    try:
        raise RuntimeError("job failed") from dropped
    except RuntimeError as exc:
        assert log.classify(exc) == log.CONNECTION


def test_a_gem_error_is_not_logged(log_dir):
    assert not log.log_exception(PermissionDenied())
    assert not (log_dir / "gem.log").exists() or \
        "Votre rôle" not in (log_dir / "gem.log").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------ the CLI
def test_failure_lines_are_single_lines(log_dir):
    status, line = failure_line(ValidationError([
        FieldError("login", "Identifiant", "obligatoire."),
        FieldError("role", "Rôle", "obligatoire.")]))
    assert status == 2 and "\n" not in line
    assert "Identifiant : obligatoire." in line and "Rôle : obligatoire." in line
    status, line = failure_line(_caught(_explode), "users")
    assert status == EXIT_INTERNAL and "\n" not in line
    assert line == f"Erreur interne (RuntimeError: le moteur a calé) : voir le journal " \
                   f"{log_dir / 'gem.log'}"


def test_cli_in_process_prints_one_line_for_a_bug(log_dir, capsys, monkeypatch, tmp_path):
    from gem.services.users import UserService

    def broken(*_args, **_kwargs):
        return {}["login"]

    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert main(["--database", url, "db", "upgrade"]) == 0
    monkeypatch.setattr(UserService, "find", broken)
    capsys.readouterr()
    assert main(["--database", url, "users", "list"]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "KeyError: 'login'" in err
    assert "in broken" in (log_dir / "gem.log").read_text(encoding="utf-8")


def _gem(tmp_path: Path, *args: str, code: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, GEM_LOG_DIR=str(tmp_path / "logs"),
               GEM_DATA_DIR=str(tmp_path / "data"), GEM_CONFIG_DIR=str(tmp_path / "config"))
    env.pop("GEM_DATABASE_URL", None)
    command = [sys.executable, "-c", code, *args] if code else \
        [sys.executable, "-m", "gem", *args]
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_cli_prints_one_line_for_a_gem_error(tmp_path):
    (tmp_path / "vide.sqlite3").touch()  # an empty file (a missing one is refused earlier)
    done = _gem(tmp_path, "--database", f"sqlite:///{tmp_path / 'vide.sqlite3'}",
                "users", "list")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "Cette base de données est vide" in done.stderr and "gem db upgrade" in done.stderr


def test_cli_prints_one_line_when_the_database_cannot_be_opened(tmp_path):
    folder = tmp_path / "un-dossier"
    folder.mkdir()
    done = _gem(tmp_path, "--database", f"sqlite:///{folder}", "users", "list")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "La base de données ne répond pas ou a refusé la connexion" in done.stderr
    assert "unable to open database file" in done.stderr
    logged = (tmp_path / "logs" / "gem.log").read_text(encoding="utf-8")
    assert "WARNING" in logged and "(connection)" in logged


def test_cli_prints_one_line_for_a_mistyped_database_url(tmp_path):
    done = _gem(tmp_path, "--database", "postgresql://gem:secret@serveur:port/gem",
                "users", "list")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "Adresse de base de données invalide" in done.stderr


def test_cli_prints_one_line_for_a_bug_and_logs_the_traceback(tmp_path):
    url = f"sqlite:///{tmp_path / 'gem.sqlite3'}"
    assert _gem(tmp_path, "--database", url, "db", "upgrade").returncode == 0
    code = ("import sys\n"
            "from gem.services.users import UserService\n"
            "def broken_listing(*args, **kwargs):\n"
            "    return 1 / 0\n"
            "UserService.find = broken_listing\n"
            "from gem.cli import main\n"
            "sys.exit(main(sys.argv[1:]))\n")
    done = _gem(tmp_path, "--database", url, "users", "list", code=code)
    assert done.returncode == EXIT_INTERNAL
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    log_file = tmp_path / "logs" / "gem.log"
    assert done.stderr.strip() == \
        f"Erreur interne (ZeroDivisionError: division by zero) : voir le journal {log_file}"
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and "in broken_listing" in logged
    assert "environment: GEM " in logged


def test_the_log_and_the_cli_work_without_qt(tmp_path):
    code = ("import sys\n"
            "from gem import log\n"
            "import gem.cli\n"
            "try:\n"
            "    raise RuntimeError('sans fenêtre')\n"
            "except RuntimeError as exc:\n"
            "    log.log_exception(exc)\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'gem.ui'))))\n")
    done = _gem(tmp_path, code=code)
    assert done.returncode == 0 and done.stdout.strip() == "[]"
    assert "sans fenêtre" in (tmp_path / "logs" / "gem.log").read_text(encoding="utf-8")
