"""What the window prepares in the background while the sign-in dialog is on screen.

Why: importing SQLAlchemy, the ORM models and the services, opening the database and checking
its schema took about 1.3 s before anything appeared; a person needs longer than that to type
a password. So gem.ui.app shows the sign-in dialog with Qt alone, and this module's
``prepare`` runs in a worker thread meanwhile (gem.ui.workers.Background), reporting, in
order:

1. ``"database"``: a ``PreparedDatabase`` — the engine, the schema state, how many accounts
   exist (the first-administrator form when none), and the remembered login's account;
2. ``"window"``: the main window's modules are imported and the list definitions built, so
   creating the window after sign-in costs only its widgets;
3. ``"caseload"``: the remembered person's « Mon portefeuille », read ahead (``Caseload`` or
   None), which the window shows at once if that person signs in within ``FRESH_SECONDS``;
   then the biggest lists' first pages are read once, so their SQL is compiled and cached.

Only step 1 is needed to sign in; a person who presses « Se connecter » sooner simply waits
for it. Nothing here creates a widget (Qt widgets live on the GUI thread only), and nothing
read ahead is shown before the password is checked: the prefetched caseload is handed only to
the window of the account it was read for.

This module imports Qt alone at load time: it is imported before the dialog appears.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from gem.schema import SchemaState
    from gem.services.actor import Actor

log = logging.getLogger(__name__)

# Imported in the background, in this order, before the window is built (step 2).
WINDOW_MODULES = ("gem.ui.context", "gem.services.listing", "gem.ui.table_model",
                  "gem.ui.list_view", "gem.ui.quick_search", "gem.ui.caseload_view",
                  "gem.ui.main_window")
# Lists whose first page is read once ahead (the two big ones).
WARM_LISTS = ("grievances", "members")
FRESH_SECONDS = 60.0


@dataclass
class PreparedDatabase:
    engine: Engine
    state: SchemaState
    newer_message: str | None  # the services' message when the schema is newer than GEM
    users: int | None  # accounts in the database; None when they could not be counted
    remembered: Actor | None  # the last login's account, when it exists and is active


def caseload_key(actor: Actor, counsellor_id: int | None, today: date) -> tuple:
    """What a caseload depends on: who asks (visibility follows the role), whose, which day."""
    return actor.id, actor.role, counsellor_id, today


class CaseloadPrefetch(QObject):
    """« Mon portefeuille » read ahead for ``actor`` (the remembered login's account);
    ``done`` once the read has ended, with ``result`` None if it failed."""

    done = Signal()

    def __init__(self, actor: Actor, parent: QObject | None = None):
        super().__init__(parent)
        self.actor = actor
        self.key: tuple | None = None
        self.result: Any = None  # a gem.services.caseload.Caseload
        self.finished = False
        self.read_at = 0.0

    def finish(self, key: tuple | None, result: Any) -> None:
        self.key = key
        self.result = result
        self.read_at = time.monotonic()
        self.finished = True
        self.done.emit()

    def matches(self, actor: Actor, counsellor_id: int | None, today: date) -> bool:
        """True when this is (or will be) the caseload ``actor`` would read now: the same
        account and role, the same counsellor, today, read less than FRESH_SECONDS ago."""
        if (actor.id, actor.role) != (self.actor.id, self.actor.role):
            return False
        if not self.finished:
            return True
        return (self.result is not None and self.key == caseload_key(actor, counsellor_id, today)
                and time.monotonic() - self.read_at < FRESH_SECONDS)


def prepare_window(report: Callable[[str, Any], None],
                   cancelled: Callable[[], bool] = lambda: False) -> bool:
    """Step 2 alone: the window's modules and list definitions (also what a server reached
    with each person's own login prepares, since it cannot be opened before the sign-in).
    False when cancelled first."""
    for name in WINDOW_MODULES:
        if cancelled():
            return False
        importlib.import_module(name)  # an import error is a bug: let it show
    from gem.services import listing

    listing.list_names()  # builds the list definitions once
    report("window", None)
    return True


def prepare(url: str, last_login: str | None, report: Callable[[str, Any], None],
            cancelled: Callable[[], bool] = lambda: False) -> None:
    """Runs in a worker thread; see the module's docstring. A failure to reach the database
    or read its schema raises (the start-up shows it); later failures only skip warming.
    ``cancelled()`` True (another database chosen, GEM closed) stops it between steps."""
    from gem import schema
    from gem.db import make_engine, session_factory
    from gem.services.errors import SchemaError

    engine = make_engine(url)
    try:
        state = schema.state(engine)
        newer_message = None
        if state.is_newer:
            try:
                schema.ensure_usable(engine)
            except SchemaError as exc:
                newer_message = exc.message()
    except BaseException:
        engine.dispose()
        raise
    users: int | None = None
    remembered = None
    if not state.is_empty and not state.is_newer:
        try:
            from gem.services.actor import SYSTEM
            from gem.services.users import UserService, actor_for

            with session_factory(engine)() as session:
                service = UserService()
                users = service.count(session, SYSTEM)
                if state.is_current and last_login:
                    user = service.by_login(session, last_login)
                    if user is not None and user.active:
                        remembered = actor_for(user)
                session.rollback()
        except Exception:  # noqa: BLE001 - the dialog counts again; sign-in reports errors
            log.warning("could not count the accounts ahead of sign-in", exc_info=True)
    report("database", PreparedDatabase(engine, state, newer_message, users, remembered))
    if not prepare_window(report, cancelled):
        return

    if remembered is None or cancelled():
        report("caseload", None)
        return
    from gem import clock
    from gem.services.caseload import caseload as read_caseload
    from gem.services.caseload import default_counsellor

    caseload = None
    counsellor = default_counsellor(remembered)  # whose caseload the window opens on
    today = clock.today()
    try:
        with session_factory(engine)() as session:
            caseload = read_caseload(session, remembered, counsellor, today)
            session.rollback()
    except Exception:  # noqa: BLE001 - the window reads it again and shows the error
        log.warning("could not read the caseload ahead", exc_info=True)
    report("caseload", (caseload_key(remembered, counsellor, today), caseload))
    if cancelled():
        return
    from gem.services import listing

    try:
        with session_factory(engine)() as session:
            for name in WARM_LISTS:
                definition = listing.get_list(name)
                listing.fetch_page(session, remembered, name, {}, definition.default_order,
                                   definition.descending, 0, 1)
            session.rollback()
    except Exception:  # noqa: BLE001 - only a warm-up
        log.warning("could not warm the lists", exc_info=True)
