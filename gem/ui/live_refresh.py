"""Live refresh: what other desks save shows here without anyone pressing F5.

:class:`LiveRefresh` runs the database's feed of announced writes (gem.services.changes: NOTIFY
on PostgreSQL, the change counter on SQLite) in a worker thread of its own, the way
gem.ui.workers runs any long job (a ``Background`` on a pool that holds nothing else, so the
window's queries never wait behind it), and hands the changes to the GUI thread as
``changed(list[Change])``. A burst (a save writes its record, its audit entry, its events;
a colleague saving three files in a row) comes as one signal at the start and one per
``COALESCE_MS`` after that, so a list reads its page at most five times a second however
much is written. The main window then tells its screens and its open forms
(MainWindow.changed_elsewhere), each of which decides whether the change concerns what it
shows.

A failure of the feed (server restarted, network gone, file unreadable) is logged here, on the
GUI thread, and announced by ``trouble((exception, seconds))`` for the status bar; the feed
retries by itself with growing pauses, and ``trouble(None)`` says it works again (everything
is then read again, since what was written meanwhile went unheard). Nothing of it blocks the
window: starting returns at once, stopping only asks the thread to end.

:class:`ChangedBanner` is the strip a record form shows when someone else saved the record it
holds: « Modifié par Marie Tremblay à 14:02 — Recharger · Comparer ». The announcement is only
a hint: the form asks the database for the record's version, author and time
(``changes.record_stamp``), with its reader's visibility, and shows the banner only when the
stored version is newer than the one it holds, which is never the case after its own save.
The same banner sits in a child record's dialog (a hearing, an invoice line: a form of its
own) and in a deadline's dialog (:class:`Watched` says what it needs of either).
"""

from __future__ import annotations

import atexit
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget
from shiboken6 import isValid

from gem.services import changes
from gem.services.actor import Actor
from gem.services.changes import Change, Stamp
from gem.services.errors import ConflictError
from gem.ui.workers import Background

if TYPE_CHECKING:
    from sqlalchemy import Engine

COALESCE_MS = 200
RESTART_MS = 30_000  # the feed's loop itself failed (a bug): start it again after this


def _feed_pool() -> QThreadPool:
    """One thread per listening window, apart from the pools the window's queries use: a
    feed runs as long as its window."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(16)
        atexit.register(_stop_every_feed)
    return _pool


_pool: QThreadPool | None = None
_running: set[changes.Feed] = set()  # every feed started and not yet stopped


def _stop_every_feed() -> None:
    """At exit, a window never closed (a crash, a test) must not keep its thread, and with
    it the process, alive: the pool waits for its threads when Python deletes it."""
    for feed in list(_running):
        feed.stop()
    if _pool is not None:
        _pool.waitForDone(int((changes.WAIT_SECONDS + changes.CONNECT_TIMEOUT) * 1000))


def _stop_every_feed_of(live: LiveRefresh) -> Callable[[], None]:
    """What ``live.destroyed`` calls: it holds the feeds, not the deleted object."""
    holder = live._feeds

    def stop() -> None:
        for feed in holder:
            feed.stop()
    return stop


def coalesced(batch: list[Change]) -> list[Change]:
    """Each change once, in the order heard; « everything » alone when it is there."""
    if any(c.is_everything for c in batch):
        return [next(c for c in batch if c.is_everything)]
    return list(dict.fromkeys(batch))


class LiveRefresh(QObject):
    """``start()`` after sign-in, ``stop()`` at sign-out or close; ``changed`` and
    ``trouble`` arrive on the GUI thread."""

    changed = Signal(list)      # list[Change]
    trouble = Signal(object)    # (exception, seconds before the next try), or None: works again

    def __init__(self, engine: Engine, parent: QObject | None = None,
                 coalesce_ms: int = COALESCE_MS):
        super().__init__(parent)
        self._engine = engine
        self._feed: changes.Feed | None = None
        self._feeds: list[changes.Feed] = []  # every feed this object started
        # deleted with its window without stop() (no close): the thread must end all the same
        self.destroyed.connect(_stop_every_feed_of(self))
        self._job: Background | None = None
        self._held: list[Change] = []
        self._failing = False
        self.listening = False      # the feed is connected (or polling) right now
        self._window = QTimer(self)
        self._window.setSingleShot(True)
        self._window.setInterval(coalesce_ms)
        self._window.timeout.connect(self._window_ended)
        self._restart = QTimer(self)
        self._restart.setSingleShot(True)
        self._restart.setInterval(RESTART_MS)
        self._restart.timeout.connect(self.start)

    @property
    def running(self) -> bool:
        return self._job is not None

    def start(self) -> bool:
        """Listen (in the background); False when this database has nothing to listen to
        (SQLite in memory)."""
        if self._job is not None:
            return True
        relay: list[Any] = []  # the job's report(), once it runs

        def report(name: str, value: Any) -> None:
            if relay:
                relay[0](name, value)

        feed = changes.feed_for(self._engine,
                                on_error=lambda exc, delay: report("failed", (exc, delay)),
                                on_connected=lambda: report("connected", None))
        if feed is None:
            return False
        self._feed = feed
        self._feeds[:] = [f for f in self._feeds if not f.stopped] + [feed]
        _running.add(feed)

        def listen(send) -> None:
            relay.append(send)
            try:
                feed.run(lambda batch: send("changes", batch))
            finally:
                _running.discard(feed)

        job = Background(listen)
        job.reported.connect(self._reported)
        job.failed.connect(self._crashed)
        job.finished.connect(self._ended)
        self._job = job
        job.run(_feed_pool())
        return True

    def stop(self) -> None:
        """Stop listening; the thread ends on its own within a fraction of a second (or once
        a connection attempt under way gives up), without the window waiting for it."""
        self._restart.stop()
        self._window.stop()
        self._held = []
        feed, self._feed = self._feed, None
        if feed is not None:
            feed.stop()
        job, self._job = self._job, None
        if job is not None:
            job.cancel()
            for signal, slot in ((job.reported, self._reported), (job.failed, self._crashed),
                                 (job.finished, self._ended)):
                signal.disconnect(slot)
        self.listening = False

    # ---------------------------------------------------------------- from the thread
    def _reported(self, name: str, value: Any) -> None:
        if name == "changes":
            self._arrived(value)
        elif name == "connected":
            self.listening = True
            if self._failing:
                self._failing = False
                self.trouble.emit(None)
        elif name == "failed":
            exc, delay = value
            self.listening = False
            self._failing = True
            from gem import log

            log.log_exception(exc, f"live refresh (next try in {delay:g} s)")
            self.trouble.emit((exc, delay))

    def _crashed(self, exc: BaseException) -> None:
        """The loop itself failed (gem.ui.workers logged it): say so, start again later."""
        self._job = None
        self._feed = None
        self.listening = False
        self._failing = True
        self.trouble.emit((exc, RESTART_MS / 1000))
        self._restart.start()

    def _ended(self) -> None:
        self._job = None

    # ---------------------------------------------------------------- coalescing
    def _arrived(self, batch: list[Change]) -> None:
        self._held.extend(batch)
        if not self._window.isActive():
            self._flush()

    def _window_ended(self) -> None:
        if self._held:
            self._flush()

    def _flush(self) -> None:
        batch, self._held = coalesced(self._held), []
        self._window.start()
        self.changed.emit(batch)


# ---------------------------------------------------------------------- the form's banner
def _form_tr(text: str) -> str:
    """The record form's own wording (its question before typing is dropped)."""
    return QCoreApplication.translate("RecordForm", text)


_STYLE = ("QFrame#changed_banner { background: #fef5e7; border: 1px solid #f5cba7; }"
          "QFrame#changed_banner QLabel { color: #7e5109; }"
          "QFrame#changed_banner QPushButton { border: none; color: #1f5f8b;"
          " text-decoration: underline; padding: 0 2px; }")


class Watched(Protocol):
    """What a :class:`ChangedBanner` watches: one stored record held at a version, by a
    record form (gem.ui.forms.base.RecordForm) or by a dialog acting on one record of the
    form's file (gem.ui.forms.dialogs.RecordDialog, a deadline). One banner for both, so a
    change made elsewhere reads the same wherever the record is open."""

    ctx: Any
    actor: Actor

    @property
    def entity(self) -> str:
        """The owner name (read only: a form's is a class variable)."""

    @property
    def record_id(self) -> int | None: ...

    @property
    def version(self) -> int | None:
        """The stored version held (None: not read yet, or unreadable)."""

    def is_busy(self) -> bool: ...

    def is_dirty(self) -> bool:
        """Whether « Recharger » would drop typing (asked first)."""

    def reload(self) -> None: ...

    def picker_sources(self) -> list[tuple[str, str]]: ...

    def show_their_version(self, exc: ConflictError, labels: dict[str, str]) -> None:
        """« Comparer »: their stored version beside what is held, typing included."""

    def message(self, exc: BaseException) -> str: ...

    def set_banner(self, text: str, kind: str = "info") -> None: ...


class ChangedBanner(QFrame):
    """« Modifié par … à 14:02 — Recharger · Comparer » over what holds a record (``subject``,
    a :class:`Watched`), shown while the stored record is newer than the one held. The
    subject tells it when it caught up (:meth:`caught_up`: read, saved, moved, or a version
    adopted) and when its own jobs end (:meth:`busy_changed`)."""

    def __init__(self, subject: Watched, parent: QWidget | None = None):
        if parent is None:
            # Every Watched is a form or a dialog; a Protocol cannot also say "a QWidget".
            assert isinstance(subject, QWidget)
            parent = subject
        super().__init__(parent)
        self.subject = subject
        self.setObjectName("changed_banner")
        self.setStyleSheet(_STYLE)
        self.stamp: Stamp | None = None       # the newer stored version the banner is about
        self._checking = False
        self._again = False                   # another announcement came during a check
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 8, 3)
        layout.setSpacing(4)
        self.text = QLabel()
        self.text.setObjectName("changed_text")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        self.reload_button = self._link(self.tr("Recharger"),
                                        self.tr("Lire la fiche telle qu'elle est enregistrée"))
        self.reload_button.setObjectName("changed_reload")
        self.reload_button.clicked.connect(self.reload)
        layout.addWidget(self.reload_button)
        self.dot = QLabel("·")
        layout.addWidget(self.dot)
        self.compare_button = self._link(self.tr("Comparer"),
                                         self.tr("Voir leur version à côté de la vôtre"))
        self.compare_button.setObjectName("changed_compare")
        self.compare_button.clicked.connect(self.compare)
        layout.addWidget(self.compare_button)
        layout.addStretch(1)
        self.hide()

    def _link(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setFlat(True)
        button.setAutoDefault(False)
        button.setToolTip(tip)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    # ---------------------------------------------------------------- hearing about it
    def concerns(self, batch: list[Change]) -> bool:
        """Whether ``batch`` may touch the subject's record: its own row (or « many » rows of
        its table, or anything at all after the feed was deaf)."""
        ident, entity = self.subject.record_id, self.subject.entity
        if ident is None:
            return False
        return any(c.is_everything or (c.entity == entity and c.id in (ident, None))
                   for c in batch)

    def consider(self, batch: list[Change]) -> None:
        if self.concerns(batch):
            self.check()

    def check(self) -> None:
        """Ask the database who saved the record last (off the GUI thread); the banner
        shows if that version is newer than the one held. While the subject's own job runs,
        ask once it is done: its own save must not look like someone else's."""
        subject = self.subject
        if subject.record_id is None or subject.version is None:
            return  # not read yet: the read under way is the stored record
        if self._checking or subject.is_busy():
            self._again = True
            return
        self._checking = True
        actor, entity, ident = subject.actor, subject.entity, subject.record_id
        subject.ctx.read(lambda s, _c: changes.record_stamp(s, actor, entity, ident)) \
            .on_success(self._stamped).on_failure(self._stamp_failed).run()

    def _stamped(self, stamp: Stamp) -> None:
        if not isValid(self):
            return
        self._checking = False
        if self._again:
            self._again = False
            self.check()
            return
        version = self.subject.version
        if stamp.id != self.subject.record_id or version is None or stamp.version is None \
                or stamp.version <= version:
            return
        self.stamp = stamp
        self.text.setText(self.tr("Modifié par {user} à {time} —").format(
            user=stamp.by or "?", time=stamp.local_time()))
        self.reload_button.show()
        self.dot.show()
        self.compare_button.show()
        self.show()

    def _stamp_failed(self, exc: BaseException) -> None:
        """A record deleted (or hidden) since it was opened says so; any other failure was
        logged by the worker and leaves the subject as it was."""
        if not isValid(self):
            return
        self._checking = False
        from gem.services.errors import NotFoundError

        if isinstance(exc, NotFoundError):
            self.stamp = None
            self.text.setText(self.subject.message(exc))
            for widget in (self.reload_button, self.dot, self.compare_button):
                widget.hide()
            self.show()

    def busy_changed(self, busy: bool) -> None:
        """The subject's own job ended: an announcement heard meanwhile is checked now."""
        if not busy and self._again and not self._checking:
            self._again = False
            self.check()

    def caught_up(self, version: int | None) -> None:
        """The subject now holds ``version`` (read, saved, moved, or theirs adopted): the
        banner goes once that is at least the version announced."""
        if self.stamp is None or version is None or version >= (self.stamp.version or 0):
            self.stamp = None
            self.hide()

    # ---------------------------------------------------------------- the two links
    def reload(self) -> None:
        """« Recharger »: the stored record replaces what is shown, after asking when
        something typed would be lost (the form's own question)."""
        from gem.ui.forms.base import ask

        subject = self.subject
        if subject.is_busy():
            return
        if subject.is_dirty() and not ask(
                self.parentWidget() or self, _form_tr("Modifications non enregistrées"),
                _form_tr("Des modifications ne sont pas enregistrées. Les abandonner ?"),
                _form_tr("Abandonner les modifications"), _form_tr("Continuer la saisie")):
            return
        subject.reload()

    def compare(self) -> None:
        """« Comparer »: their stored version beside the one held (typing included), in the
        conflict dialog a refused save opens."""
        subject = self.subject
        if subject.is_busy() or subject.record_id is None:
            return
        actor, entity, ident, pickers = (subject.actor, subject.entity, subject.record_id,
                                         subject.picker_sources())

        def shown(found: tuple[Any, dict[str, str]]) -> None:
            if isValid(self):
                subject.show_their_version(*found)
                if self.stamp is not None and subject.version is not None and \
                        subject.version >= (self.stamp.version or 0):
                    self.stamp = None
                    self.hide()

        def failed(exc: BaseException) -> None:
            if isValid(self):
                subject.set_banner(subject.message(exc), "error")

        subject.ctx.read(lambda s, _c: changes.their_version(s, actor, entity, ident,
                                                             pickers)) \
            .on_success(shown).on_failure(failed).run()


def may_touch(batch: list[Change], entity: str, shown: Collection[int]) -> bool:
    """Whether ``batch`` may concern the rows of ``entity`` a part of a form shows
    (``shown``: their ids): one of them written or gone; a new row (an announcement names
    the row, not the record it belongs to, so a new attachment may be this file's); « many »
    rows; or anything at all after the feed was deaf. A row written that is not shown
    belongs to another record: attachments and deadlines never change records."""
    return any(c.is_everything or (c.entity == entity and (
        c.id is None or c.op in ("insert", changes.MANY) or c.id in shown)) for c in batch)
