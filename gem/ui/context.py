"""What every screen needs, passed in rather than reached through globals: the session
factory, the signed-in actor, the settings, and a signal announcing which records changed so
open views refresh themselves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from gem.db import session_factory
from gem.services.actor import Actor
from gem.ui.workers import DbOp, OpControl


class AppContext(QObject):
    # entity name ("grievance", "member"...) and the id, or 0 for "many rows"
    changed = Signal(str, int)

    def __init__(self, engine: Engine, actor: Actor, parent: QObject | None = None):
        super().__init__(parent)
        self.engine = engine
        self.sessions: sessionmaker[Session] = session_factory(engine)
        self.actor = actor

    def read(self, fn: Callable[[Session, OpControl], Any]) -> DbOp:
        """A query in a worker thread; call ``.on_success(...).run()`` on the result."""
        return DbOp(self.sessions, fn)

    def write(self, fn: Callable[[Session, OpControl], Any]) -> DbOp:
        """A unit of work on the single write thread (writes never interleave)."""
        return DbOp(self.sessions, fn, write=True)

    def announce(self, entity: str, ident: int = 0) -> None:
        self.changed.emit(entity, ident)
