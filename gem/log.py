"""The log file, and the one line between an error a person can act on and a bug.

Every GEM process (the window, each ``gem`` subcommand) appends to ``gem.log`` in the user's log
folder (:func:`gem.paths.log_dir`; ``GEM_LOG_DIR`` overrides it), rotated at 1 MB, five old files
kept, so a workstation never fills its disk and IT can still read last week's trouble. A bug's
traceback goes there, not on the screen nor on stderr: a secretary cannot act on a traceback,
IT can act on a file they are sent.

The window and the CLI both need the same sorting of failures, so it lives here, below the UI:

- ``expected``: a :class:`GemError` raised by a service; its own translated message says it all
  and nothing is logged;
- ``busy``: another workstation holds what this one needs (a row, the SQLite file) past the
  lock timeout, or a statement ran past the statement timeout (gem.db); nothing was written,
  retrying in a moment helps; logged as a warning;
- ``connection``: the database is unreachable, dropped the connection or timed out while
  connecting; retrying later helps; logged as a warning (IT wants to see outages);
- ``system``: the operating system refused a file or folder (permissions, full disk); the person
  can fix it; logged as a warning;
- ``internal``: anything else is a bug, logged as an error with its traceback.

Timestamps are the machine's (the time ``logging`` stamps each record with), not gem.clock's: a
log is read next to the system's and the database server's, and a demo running under
``GEM_CLOCK`` must not date its entries years ahead. The clock's shift is logged once at start.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Literal, TextIO

from gem import paths
from gem.i18n import N_, tr
from gem.services.errors import GemError

Kind = Literal["window", "cli"]
FILE_NAME = "gem.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
LEVEL_ENV = "GEM_LOG_LEVEL"

EXPECTED = "expected"
BUSY = "busy"
CONNECTION = "connection"
SYSTEM = "system"
INTERNAL = "internal"

log = logging.getLogger("gem")

# sqlite3 result codes that mean "the database file cannot be used right now", as opposed to
# SQLITE_ERROR ("no such table", a syntax error: a bug or a wrong schema).
_SQLITE_UNAVAILABLE = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN", "SQLITE_IOERR",
                       "SQLITE_FULL", "SQLITE_READONLY", "SQLITE_PROTOCOL", "SQLITE_INTERRUPT",
                       "SQLITE_NOLFS", "SQLITE_AUTH", "SQLITE_PERM", "SQLITE_NOTADB")
_SQLITE_UNAVAILABLE_TEXT = ("database is locked", "database table is locked",
                            "unable to open database", "disk i/o error",
                            "database or disk is full", "readonly database",
                            "file is not a database")


class _State:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.handler: logging.Handler | None = None
        self.console: logging.Handler | None = None
        self.file: Path | None = None
        self.for_dir: Path | None = None  # the log folder asked for when the file was opened
        self.kind: Kind = "window"
        self.previous_excepthook: Callable[..., object] | None = None
        self.previous_threading_hook: Callable[..., object] | None = None
        self.environment_logged = False
        self.listeners: list[Callable[[BaseException], None]] = []


_state = _State()


# ------------------------------------------------------------------------------ the file
def log_dir() -> Path:
    return paths.log_dir()


def log_file() -> Path:
    """The file being written, or the one that would be: what messages point people to."""
    return _state.file or log_dir() / FILE_NAME


def _level() -> int:
    name = os.environ.get(LEVEL_ENV, "INFO").upper()
    value = logging.getLevelName(name)
    return value if isinstance(value, int) else logging.INFO


def _formatter(kind: Kind) -> logging.Formatter:
    return logging.Formatter(
        f"%(asctime)s %(levelname)s {kind}[%(process)d] %(threadName)s %(name)s: %(message)s",
        datefmt="%Y-%m-%dT%H:%M:%S%z")


def _open_handler(kind: Kind) -> tuple[logging.Handler | None, Path | None]:
    """The rotating file in the log folder; if that folder cannot be written (a locked-down
    profile), one in the temporary folder; if neither, none: GEM runs without a log rather
    than not at all. (logging.handlers and tempfile are imported here, not on the way to the
    sign-in dialog.)"""
    import tempfile
    from logging.handlers import RotatingFileHandler

    def candidates() -> Iterator[Path]:
        try:
            yield log_dir()
        except OSError:
            pass
        yield Path(tempfile.gettempdir()) / "GEM"

    for folder in candidates():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / FILE_NAME
            handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                          encoding="utf-8")
        except OSError:
            continue
        handler.setFormatter(_formatter(kind))
        return handler, path
    return None, None


def _install_handler(kind: Kind) -> bool:
    """The file handler on the root logger, so library warnings (SQLAlchemy, Qt through
    gem.ui.errors) land in the same file. Replaced when GEM_LOG_DIR changed (tests). Returns
    whether a file was (re)opened."""
    root = logging.getLogger()
    wanted = _safe_log_dir()
    if _state.handler is not None:
        if wanted == _state.for_dir:
            _state.handler.setFormatter(_formatter(kind))
            return False
        _remove_handler()
    handler, path = _open_handler(kind)
    _state.for_dir = wanted
    if handler is None:
        return False
    handler.setLevel(_level())
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > _level():
        root.setLevel(_level())
    _state.handler, _state.file = handler, path
    return True


def _safe_log_dir() -> Path | None:
    try:
        return log_dir()
    except OSError:
        return None


def _remove_handler() -> None:
    if _state.handler is not None:
        logging.getLogger().removeHandler(_state.handler)
        _state.handler.close()
    _state.handler, _state.file, _state.for_dir = None, None, None


def setup(kind: Kind = "window") -> Path:
    """Start logging for this process; calling it again changes nothing (but the kind).

    ``window``: the file, plus warnings on the console when there is one (a packaged windowed
    app has no stderr). ``cli``: the file only: a command's stderr carries its one-line
    messages, never a library's warnings or a traceback.
    Returns the log file."""
    with _state.lock:
        changed = _state.kind != kind
        _state.kind = kind
        opened = _install_handler(kind)
        _install_console(kind)
        _install_hooks()
    if opened or changed:
        log.info("GEM %s started, Python %s", kind, sys.version.split()[0])
        from gem import clock

        if clock.is_shifted():
            log.info("GEM clock shifted: GEM's now is %s", clock.now().isoformat())
    return log_file()


class _Console(logging.StreamHandler):
    """Whatever sys.stderr is when a record comes (pytest and IDEs swap it; a windowed,
    frozen build has none)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> TextIO | None:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass

    def emit(self, record: logging.LogRecord) -> None:
        if sys.stderr is not None:
            super().emit(record)


def _install_console(kind: Kind) -> None:
    root = logging.getLogger()
    if kind == "window" and _state.console is None:
        console = _Console()
        console.setLevel(logging.WARNING)
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(console)
        _state.console = console
    elif kind == "cli" and _state.console is not None:
        root.removeHandler(_state.console)
        _state.console = None


def shutdown() -> None:
    """Undo :func:`setup`: handlers closed, the previous hooks back (tests, an embedding
    program)."""
    with _state.lock:
        _remove_handler()
        if _state.console is not None:
            logging.getLogger().removeHandler(_state.console)
            _state.console = None
        if sys.excepthook is _excepthook and _state.previous_excepthook is not None:
            sys.excepthook = _state.previous_excepthook
        if threading.excepthook is _threading_hook and \
                _state.previous_threading_hook is not None:
            threading.excepthook = _state.previous_threading_hook
        _state.previous_excepthook = _state.previous_threading_hook = None


# ------------------------------------------------------------------------------ sorting
def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and what it was raised from (``raise X from connection_error``)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(seen) < 8:
        seen.add(id(current))
        yield current
        current = current.__cause__


def _sqlite_unavailable(exc: BaseException) -> bool:
    name = getattr(exc, "sqlite_errorname", None)
    if isinstance(name, str) and name != "SQLITE_ERROR":
        return name.startswith(_SQLITE_UNAVAILABLE)
    text = str(exc).lower()
    return any(t in text for t in _SQLITE_UNAVAILABLE_TEXT)


def _driver_unavailable(orig: BaseException | None) -> bool:
    """Whether the driver's own OperationalError/InterfaceError means an unusable connection.

    SQLite reports a missing table as an OperationalError too: that is a bug or a wrong
    schema, not a lost connection, so its result code decides. PostgreSQL drivers use these
    classes for connection failures, timeouts, lock and serialisation failures, admin
    shutdowns: all "try again later"."""
    if orig is None:
        return True
    sqlite3 = sys.modules.get("sqlite3")
    if sqlite3 is not None and isinstance(orig, sqlite3.Error):
        return _sqlite_unavailable(orig)
    return True


def is_connection_error(exc: BaseException) -> bool:
    """The database cannot be reached or used right now (as opposed to a bug in a query).

    Looks the driver modules up in sys.modules instead of importing them: an exception of a
    module never imported cannot be raised, and the window imports SQLAlchemy late."""
    sa = sys.modules.get("sqlalchemy.exc")
    psycopg = sys.modules.get("psycopg")
    sqlite3 = sys.modules.get("sqlite3")
    for e in _causes(exc):
        if sa is not None:
            if isinstance(e, sa.DBAPIError) and e.connection_invalidated:
                return True
            if isinstance(e, sa.DisconnectionError | sa.TimeoutError):
                return True
            if isinstance(e, sa.OperationalError | sa.InterfaceError):
                return _driver_unavailable(e.orig)
        if psycopg is not None and isinstance(e, psycopg.OperationalError | psycopg.InterfaceError):
            return True
        if sqlite3 is not None and isinstance(e, sqlite3.OperationalError):
            return _sqlite_unavailable(e)
        if _not_a_database(e):
            return True
        if isinstance(e, ConnectionError):
            return True
    return False


def _not_a_database(exc: BaseException) -> bool:
    """SQLite opened a file that is not a database at all (a text file, a document): the
    driver raises DatabaseError, not OperationalError, with SQLITE_NOTADB."""
    sqlite3 = sys.modules.get("sqlite3")
    orig = getattr(exc, "orig", exc)
    if sqlite3 is None or not isinstance(orig, sqlite3.DatabaseError):
        return False
    name = getattr(orig, "sqlite_errorname", None)
    if isinstance(name, str):
        return name == "SQLITE_NOTADB"
    return "file is not a database" in str(orig).lower()


# Why the database could not be used, finer than CONNECTION, so a message can say what to
# fix (issue 13): the name of the server, its port, the password, the database's name, the
# file. Read from the driver's SQLSTATE when it gives one, else from libpq's own (English)
# words, which psycopg passes on unchanged.
UNKNOWN_HOST = "unknown_host"
REFUSED = "refused"
BAD_PASSWORD = "bad_password"
NO_DATABASE = "no_database"
NOT_A_DATABASE = "not_a_database"

_PG_BAD_PASSWORD = ("28P01",)
_PG_NO_DATABASE = ("3D000",)
_TEXT_UNKNOWN_HOST = ("failed to resolve host", "could not translate host name",
                      "name or service not known", "nodename nor servname",
                      "no such host is known", "temporary failure in name resolution")
_TEXT_REFUSED = ("connection refused", "actively refused")
_TEXT_BAD_PASSWORD = ("password authentication failed", "no password supplied",
                      "fe_sendauth: no password")


def database_problem(exc: BaseException) -> str | None:
    """``unknown_host``, ``refused``, ``bad_password``, ``no_database``, ``not_a_database``,
    or None when the failure is none of these (a timeout, a dropped connection, a bug)."""
    for e in _causes(exc):
        if _not_a_database(e):
            return NOT_A_DATABASE
        orig = getattr(e, "orig", None) or e
        state = getattr(orig, "sqlstate", None)
        if state in _PG_BAD_PASSWORD:
            return BAD_PASSWORD
        if state in _PG_NO_DATABASE:
            return NO_DATABASE
        if not is_connection_error(e):
            continue
        text = str(orig).lower()
        if any(t in text for t in _TEXT_BAD_PASSWORD):
            return BAD_PASSWORD
        if "database" in text and "does not exist" in text:
            return NO_DATABASE
        if any(t in text for t in _TEXT_UNKNOWN_HOST):
            return UNKNOWN_HOST
        if any(t in text for t in _TEXT_REFUSED):
            return REFUSED
    return None


# PostgreSQL's lock_not_available (lock_timeout) and query_canceled (statement_timeout).
_PG_BUSY = ("55P03", "57014")
_SQLITE_BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED")


def is_busy_error(exc: BaseException) -> bool:
    """Another session held what this one waited for past the timeouts (gem.db)."""
    sqlite3 = sys.modules.get("sqlite3")
    for e in _causes(exc):
        orig = getattr(e, "orig", e)
        if getattr(orig, "sqlstate", None) in _PG_BUSY:
            return True
        if sqlite3 is not None and isinstance(orig, sqlite3.OperationalError):
            name = getattr(orig, "sqlite_errorname", None)
            if isinstance(name, str) and name != "SQLITE_ERROR":
                return name.startswith(_SQLITE_BUSY)
            text = str(orig).lower()
            return "database is locked" in text or "database table is locked" in text
    return False


def classify(exc: BaseException) -> str:
    """``expected``, ``busy``, ``connection``, ``system`` or ``internal`` (see the module's
    notes)."""
    if isinstance(exc, GemError):
        return EXPECTED
    if is_busy_error(exc):
        return BUSY
    if is_connection_error(exc):
        return CONNECTION
    if isinstance(exc, OSError):
        return SYSTEM
    return INTERNAL


def reason(exc: BaseException, limit: int = 300) -> str:
    """One line saying what went wrong: the driver's own words for a database error (not
    SQLAlchemy's statement and parameters, which may hold personal data), the OS's for a file,
    the exception's class and first line for a bug."""
    orig = getattr(exc, "orig", None)
    kind = classify(exc)
    if kind in (CONNECTION, BUSY) and isinstance(orig, BaseException):
        text = _first_line(orig)
    elif kind == SYSTEM and isinstance(exc, OSError) and exc.strerror:
        names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
        text = exc.strerror + (f" : {' → '.join(names)}" if names else "")
    elif kind == INTERNAL:
        first = _first_line(exc)
        text = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    else:
        text = _first_line(exc) or type(exc).__name__
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0].strip() if text else ""


# ------------------------------------------------------------------------------ writing
def traceback_text(exc: BaseException) -> str:
    """The traceback kept by gem.ui.workers when the job failed (formatted in the worker,
    while the stack was there), else the one the exception carries."""
    stored = getattr(exc, "__gem_traceback__", None)
    if isinstance(stored, str) and stored.strip():
        return stored.rstrip()
    if exc.__traceback__ is not None:
        return "".join(traceback.format_exception(exc)).rstrip()
    return f"{type(exc).__name__}: {exc} (no traceback)"


def log_exception(exc: BaseException, context: str = "", level: int | None = None) -> bool:
    """Write ``exc`` with its traceback to the log, once: the worker that caught it and the
    screen that shows it may both ask. The level follows :func:`classify` unless given (a
    GemError is written only when a level is given). Returns whether anything was written.

    Works before :func:`setup` too (it opens the file then), so no traceback is lost."""
    if getattr(exc, "__gem_logged__", False):
        return False
    kind = classify(exc)
    if level is None:
        if kind == EXPECTED:
            return False
        level = logging.ERROR if kind == INTERNAL else logging.WARNING
    try:
        # a mark of our own on the exception, which its class does not declare
        exc.__gem_logged__ = True  # type: ignore[attr-defined]
    except (AttributeError, TypeError):  # an exception class with __slots__
        pass
    with _state.lock:
        _install_handler(_state.kind)  # also follows a GEM_LOG_DIR changed since setup()
        first_error = level >= logging.ERROR and not _state.environment_logged
        if first_error:
            _state.environment_logged = True
    if first_error:
        log.log(level, "environment: %s", _environment())
    prefix = f"{context}: " if context else ""
    if kind in (CONNECTION, BUSY, SYSTEM) and not log.isEnabledFor(logging.DEBUG):
        # An outage fails every job the same way: one line each, saying where in GEM, not
        # a hundred lines of pool internals (GEM_LOG_LEVEL=DEBUG writes them).
        log.log(level, "%s%s (%s) at %s", prefix, reason(exc), kind, _where(exc))
    else:
        log.log(level, "%s%s (%s)\n%s", prefix, reason(exc), kind, traceback_text(exc))
    return True


def _where(exc: BaseException) -> str:
    """The innermost frame of GEM's own code in the traceback: the call that failed."""
    frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ else []
    package = str(Path(__file__).resolve().parent)
    ours = [f for f in frames if str(Path(f.filename).resolve()).startswith(package)]
    candidates = ours or frames
    if not candidates:
        return "?"
    frame = candidates[-1]
    return f"{frame.filename}:{frame.lineno} in {frame.name}"


def _environment() -> str:
    """What a bug report needs, looked up at the first error only (gem.__version__ costs
    ~50 ms of importlib.metadata, which start-up cannot afford)."""
    import platform

    import gem

    return (f"GEM {gem.__version__}, Python {platform.python_version()}, "
            f"{platform.platform()}, frozen={getattr(sys, 'frozen', False)}")


def internal_error_line(exc: BaseException) -> str:
    """The CLI's one line for a bug (the traceback is in the log)."""
    return tr(N_("Erreur interne ({error}) : voir le journal {path}"), error=reason(exc),
              path=str(log_file()))


# ------------------------------------------------------------------------------ hooks
def on_unhandled(listener: Callable[[BaseException], None]) -> None:
    """Also call ``listener(exc)`` (from the failing thread) after an exception that nothing
    caught was logged: the window shows a notice this way. Added once however often asked."""
    with _state.lock:
        if listener not in _state.listeners:
            _state.listeners.append(listener)


def remove_unhandled_listener(listener: Callable[[BaseException], None]) -> None:
    with _state.lock:
        if listener in _state.listeners:
            _state.listeners.remove(listener)


def _notify(exc: BaseException) -> None:
    for listener in list(_state.listeners):
        try:
            listener(exc)
        except Exception:  # noqa: BLE001 - a failing notice must not hide the first error
            log.exception("unhandled-exception listener failed")


def _excepthook(exc_type: type[BaseException], exc: BaseException,
                tb: TracebackType | None) -> None:
    """Exceptions nothing caught: in the main thread, and in Qt slots (PySide hands those to
    sys.excepthook). Logged, then shown; the CLI prints its one line instead of a traceback."""
    if issubclass(exc_type, KeyboardInterrupt):
        (_state.previous_excepthook or sys.__excepthook__)(exc_type, exc, tb)
        return
    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)
    _handle_unhandled(exc, "uncaught exception", logging.CRITICAL)
    if _state.kind == "cli":
        _print_line(exc)
    else:
        _call_previous_excepthook(exc_type, exc, tb)


def _call_previous_excepthook(exc_type: type[BaseException], exc: BaseException,
                              tb: TracebackType | None) -> None:
    """A hook someone else installed (a debugger, an IDE) still sees the exception; Python's
    default one would only print the traceback the console handler already printed."""
    previous = _state.previous_excepthook
    if previous is not None and previous is not sys.__excepthook__:
        previous(exc_type, exc, tb)


def _threading_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or issubclass(args.exc_type, SystemExit):
        return
    exc = args.exc_value
    if exc.__traceback__ is None and args.exc_traceback is not None:
        exc = exc.with_traceback(args.exc_traceback)
    name = args.thread.name if args.thread is not None else "?"
    _handle_unhandled(exc, f"uncaught exception in thread {name}", logging.ERROR)
    if _state.kind == "cli":
        _print_line(exc)
    else:
        previous = _state.previous_threading_hook
        if previous is not None and previous is not threading.__excepthook__:
            previous(args)


def _handle_unhandled(exc: BaseException, context: str, level: int) -> None:
    kind = classify(exc)
    log_exception(exc, context, level if kind == INTERNAL else logging.WARNING)
    _notify(exc)


def _print_line(exc: BaseException) -> None:
    if sys.stderr is None:
        return
    line = exc.message() if isinstance(exc, GemError) else internal_error_line(exc)
    print(" ".join(line.split("\n")), file=sys.stderr)


def _install_hooks() -> None:
    if sys.excepthook is not _excepthook:
        _state.previous_excepthook = sys.excepthook
        sys.excepthook = _excepthook
    if threading.excepthook is not _threading_hook:
        _state.previous_threading_hook = threading.excepthook
        threading.excepthook = _threading_hook
