"""Database work off the GUI thread.

Every query or write runs as a ``DbOp`` in a worker thread with its own Session (sessions are
never shared across threads); results and errors come back by signal. Writes go through one
single-thread pool so they are serialised, as Anki does; reads use a wider pool. Long jobs
report progress and can be cancelled.

No failure goes unseen: an unexpected exception is written to the log with its traceback as
soon as it is caught (whoever handles it), and a job that failed with no ``on_failure`` (nor
any other receiver of ``failed``) goes to gem.ui.errors.report_unhandled, which shows it;
otherwise a failed read would simply look empty. A cancellation is not a failure: it still
reaches ``on_failure`` (a progress dialog closes on it) but is neither logged nor shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMetaMethod, QObject, QRunnable, QThreadPool, Signal, Slot

if TYPE_CHECKING:  # SQLAlchemy is imported in the background while the sign-in dialog shows
    from sqlalchemy.orm import Session, sessionmaker


class Cancelled(Exception):
    """Raised inside a job by ``OpControl.check()`` once the user pressed Cancel."""


class OpControl:
    """Handed to the job function: report progress, notice cancellation."""

    def __init__(self, op: DbOp):
        self._op = op

    @property
    def cancelled(self) -> bool:
        return self._op.is_cancelled

    def check(self) -> None:
        if self._op.is_cancelled:
            raise Cancelled()

    def progress(self, done: int, total: int) -> None:
        self.check()
        self._op.progressed.emit(int(done), int(total))


class DbOp(QObject):
    """``DbOp(ctx, fn).on_success(cb).on_failure(cb).run()``; ``fn(session, control)``."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)
    finished = Signal()
    _failed_in_worker = Signal(object)  # queued to the GUI thread, then ``failed``

    _alive: set[DbOp] = set()

    def __init__(self, sessions: sessionmaker[Session], fn: Callable[[Session, OpControl], Any],
                 write: bool = False, pool: QThreadPool | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._sessions = sessions
        self._fn = fn
        self._write = write
        self._pool = pool
        self.is_cancelled = False
        self._failed_in_worker.connect(lambda exc: _deliver_failure(self, exc, fn))

    def on_success(self, callback: Callable[[Any], None]) -> DbOp:
        self.succeeded.connect(callback)
        return self

    def on_failure(self, callback: Callable[[BaseException], None]) -> DbOp:
        self.failed.connect(callback)
        return self

    def on_progress(self, callback: Callable[[int, int], None]) -> DbOp:
        self.progressed.connect(callback)
        return self

    def cancel(self) -> None:
        self.is_cancelled = True

    def run(self) -> DbOp:
        DbOp._alive.add(self)  # keep the Python object alive until the job reports back
        self.finished.connect(lambda: DbOp._alive.discard(self))
        pool = self._pool or (write_pool() if self._write else QThreadPool.globalInstance())
        pool.start(_Job(self))
        return self

    def _execute(self) -> None:
        from gem.db import transaction

        control = OpControl(self)
        try:
            with transaction(self._sessions, write=self._write) as session:
                result = self._fn(session, control)
                if self.is_cancelled:
                    raise Cancelled()
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the window
            self._failed_in_worker.emit(exc)
        else:
            self.succeeded.emit(result)
        finally:
            self.finished.emit()


class Background(QObject):
    """A function run in a worker thread, without a database session: ``fn(report)``, where
    ``report(name, value)`` hands ``value`` to the GUI thread as ``reported(name, value)``.
    The start-up uses it to import SQLAlchemy and the window's modules, open the database and
    warm it while the person types their password."""

    reported = Signal(str, object)
    failed = Signal(object)
    finished = Signal()
    _failed_in_worker = Signal(object)  # queued to the GUI thread, then ``failed``

    _alive: set[Background] = set()

    def __init__(self, fn: Callable[[Callable[[str, Any], None]], None],
                 parent: QObject | None = None):
        super().__init__(parent)
        self._fn = fn
        self.is_cancelled = False  # the job may look (it is told nothing else)
        self._failed_in_worker.connect(lambda exc: _deliver_failure(self, exc, fn))

    def cancel(self) -> None:
        self.is_cancelled = True

    def run(self, pool: QThreadPool | None = None) -> Background:
        Background._alive.add(self)
        self.finished.connect(lambda: Background._alive.discard(self))
        (pool or QThreadPool.globalInstance()).start(_Job(self))
        return self

    def _execute(self) -> None:
        try:
            self._fn(self.reported.emit)
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI thread
            self._failed_in_worker.emit(exc)
        finally:
            self.finished.emit()


def _deliver_failure(op: DbOp | Background, exc: BaseException, fn: Callable[..., Any]) -> None:
    """On the GUI thread: log what is not a GemError nor a cancellation, then hand the
    failure to its receivers, or to the default route when it has none.

    Why here and not in the worker: CPython 3.11 formats a traceback with ``ast.parse`` (the
    caret lines), and two threads building ASTs at once fail with "AST constructor recursion
    depth mismatch" (the GUI thread parses too: imports, pytest's assertion rewriting). The
    exception keeps its stack in ``__traceback__`` until it is formatted here."""
    if isinstance(exc, Cancelled):
        op.failed.emit(exc)
        return
    from gem import log
    from gem.services.errors import GemError

    if not isinstance(exc, GemError):
        log.log_exception(exc, f"background job {_name(fn)}")
    if op.isSignalConnected(QMetaMethod.fromSignal(op.failed)):
        op.failed.emit(exc)
    else:
        from gem.ui.errors import report_unhandled

        report_unhandled(exc)


def _name(fn: Callable[..., Any]) -> str:
    """``module.Class.method.<locals>.job``: enough to find the job in the sources."""
    return f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', repr(fn))}"


class _Job(QRunnable):
    def __init__(self, op: DbOp | Background):
        super().__init__()
        self._op = op
        self.setAutoDelete(True)

    @Slot()
    def run(self) -> None:
        self._op._execute()


_write_pool: QThreadPool | None = None


def write_pool() -> QThreadPool:
    global _write_pool
    if _write_pool is None:
        _write_pool = QThreadPool()
        _write_pool.setMaxThreadCount(1)
    return _write_pool
