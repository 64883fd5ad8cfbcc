"""The record a form shows, and the conversation with the services about it.

A form lays fields out and shows what it is given; this controller owns the record's state
(its id, the stored version a save is checked against, the last read), runs each job as one
call of :mod:`gem.services.records` off the GUI thread, and says what happened by signal. It
holds no widget, so the order of events a form sees is the same whatever the form looks like,
and tests can wait on its public signals rather than on a form's insides.

Signals:

* ``loaded(RecordData)``: the record was read (opened or re-read);
* ``saved(RecordData)``: a save went through; ``moved(RecordData, target)``: a status move did;
* ``failed(Failure)``: a read, save or move did not; ``Failure.action`` says which;
* ``conflict(Conflict)``: someone else saved first; nothing was written;
* ``busy_changed(bool)``: a job of this record started or ended.

A new record's every save attempt carries the one creation key made when the form opened
(:attr:`RecordController.creation_key`, gem.services.entity.CREATION_KEY): when a save's answer
is lost after the server committed it (the connection dropped), the person saves again as
the message says, and that attempt finds the record made the first time instead of making it
twice; the form then shows it as saved (``RecordData.replayed``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from gem.services import records
from gem.services.errors import ConflictError
from gem.services.records import FieldSpec, RecordData
from gem.ui.errors import message_for

LOAD = "load"
SAVE = "save"
MOVE = "move"


@dataclass(frozen=True)
class Failure:
    """A job that did not go through: which (``load``, ``save``, ``move``), why, and the
    sentence to show (gem.ui.errors), already in the form's language."""

    action: str
    error: BaseException
    message: str
    target: str | None = None   # the status of a failed move


@dataclass(frozen=True)
class Conflict:
    """A stale save: the other version, with the names of the records it links to."""

    error: ConflictError
    labels: dict[str, str] = field(default_factory=dict)


class RecordController(QObject):
    loaded = Signal(object)         # RecordData
    saved = Signal(object)          # RecordData
    moved = Signal(object, str)     # RecordData, the status reached
    failed = Signal(object)         # Failure
    conflict = Signal(object)       # Conflict
    busy_changed = Signal(bool)

    def __init__(self, ctx: Any, entity: str, record_id: int | None,
                 specs: Callable[[], list[FieldSpec]], pickers: Callable[[], list[tuple]],
                 parent: QObject | None = None):
        """``specs``: the form's fields as the read needs them; ``pickers``: the (key, source)
        of its link fields, to name the other version's links in a conflict."""
        super().__init__(parent)
        self.ctx = ctx
        self.actor = ctx.actor
        self.entity = entity
        self.record_id = record_id
        self._creation_key = str(uuid.uuid4()) if record_id is None else None
        self._specs = specs
        self._pickers = pickers
        self._version: int | None = None
        self._data: RecordData | None = None
        self._busy = False
        self._load_failure: Failure | None = None

    # ---------------------------------------------------------------- state
    @property
    def data(self) -> RecordData | None:
        """The record as last read or saved (None: new, not read yet, or unreadable)."""
        return self._data

    @property
    def version(self) -> int | None:
        """The stored version the next save or move is checked against."""
        return self._version

    @property
    def creation_key(self) -> str | None:
        """The key every save of this new record sends until one goes through (None for a
        record opened from the database)."""
        return self._creation_key

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def load_failure(self) -> Failure | None:
        """Why the last read failed; None once a read succeeded."""
        return self._load_failure

    def adopt_version(self, version: int | None) -> None:
        """Save next on this version (the other person's, once their changes are merged)."""
        if version is not None:
            self._version = version

    # ---------------------------------------------------------------- jobs
    def load(self) -> bool:
        """Read the record; False when there is none to read or a job is under way."""
        if self.record_id is None or self._busy:
            return False
        actor, entity, ident, specs = self.actor, self.entity, self.record_id, self._specs()
        self._run(self.ctx.read(lambda s, _c: records.read_record(s, actor, entity, ident,
                                                                  specs)),
                  self._loaded, lambda exc: self._failed(LOAD, exc))
        return True

    def save(self, changes: dict[str, Any]) -> bool:
        """Create or update with ``changes``; False when a job is under way."""
        if self._busy:
            return False
        actor, entity, ident, version, specs = (self.actor, self.entity, self.record_id,
                                                self._version, self._specs())
        key = self._creation_key if ident is None else None
        self._run(self.ctx.write(lambda s, _c: records.save_record(
            s, actor, entity, ident, changes, version, specs, key=key)),
            self._saved, self._save_failed)
        return True

    def move(self, target: str, values: dict[str, Any]) -> bool:
        """Move the stored record to ``target`` with the data the move asks for."""
        if self._busy or self.record_id is None:
            return False
        actor, entity, ident, version, specs = (self.actor, self.entity, self.record_id,
                                                self._version, self._specs())
        self._run(self.ctx.write(lambda s, _c: records.move_record(
            s, actor, entity, ident, target, version, values, specs)),
            lambda data: self._moved(data, target),
            lambda exc: self._failed(MOVE, exc, target))
        return True

    # ---------------------------------------------------------------- answers
    def _run(self, op: Any, done: Callable[[Any], None],
             failed: Callable[[BaseException], None]) -> None:
        self._set_busy(True)

        def succeeded(value: Any) -> None:
            self._set_busy(False)
            done(value)

        def answered_failure(exc: BaseException) -> None:
            self._set_busy(False)
            failed(exc)

        op.on_success(self._guard(succeeded)).on_failure(self._guard(answered_failure)).run()

    def _guard(self, fn: Callable[[Any], Any]) -> Callable[[Any], None]:
        """An answer may arrive after the form (and this controller) was deleted."""
        from shiboken6 import isValid

        def call(value: Any) -> None:
            if isValid(self):
                fn(value)
        return call

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    def _take(self, data: RecordData) -> None:
        self.record_id = data.id
        self._version = data.version
        self._data = data

    def _loaded(self, data: RecordData) -> None:
        self._load_failure = None
        self._take(data)
        self.loaded.emit(data)

    def _saved(self, data: RecordData) -> None:
        self._take(data)
        self.ctx.announce(self.entity, data.id)
        self.saved.emit(data)

    def _moved(self, data: RecordData, target: str) -> None:
        self._take(data)
        self.ctx.announce(self.entity, data.id)
        self.moved.emit(data, target)

    def _failed(self, action: str, exc: BaseException, target: str | None = None) -> None:
        failure = Failure(action, exc, message_for(exc, self.actor.language), target)
        if action == LOAD:
            self._load_failure = failure
        self.failed.emit(failure)

    def _save_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, ConflictError):
            self._failed(SAVE, exc)
            return
        # name the other version's links before showing it (a failed lookup shows ids)
        actor, pickers, theirs = self.actor, self._pickers(), exc.theirs
        self.ctx.read(lambda s, _c: records.conflict_labels(s, actor, pickers, theirs)) \
            .on_success(self._guard(lambda labels: self.conflict.emit(Conflict(exc, labels)))) \
            .on_failure(self._guard(lambda _e: self.conflict.emit(Conflict(exc)))).run()
