"""One desk of the multi-process race of tests/test_conflicts_everywhere.py: a process of its
own, as a workstation is, which in each round opens a record (one transaction, as a form
opens) and, once every desk has opened it, saves on the version it read (another), counting
what came of each save. Started with multiprocessing's ``spawn``: nothing is inherited but
the arguments."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

AGREED_ON = date(2026, 6, 18)
DUE = date(2026, 7, 2)
TIMEOUT = 120  # seconds a desk waits for the others at each step


def task(scenario: str, index: int, round_: int, ids: dict[str, Any]) -> tuple[str, Any, Any]:
    """What desk ``index`` does in this round: (its kind of save, how to open the record,
    how to save it). Even desks work on one record, odd desks on what goes with it."""
    from gem.services.arbitration import HearingService
    from gem.services.deadlines import extend_deadline, get_deadline
    from gem.services.grievance import GrievanceService
    from gem.services.leave import InvoiceLineService

    odd = index % 2 == 1
    if scenario == "deadline":  # a fresh file each round: extensions against its edits
        grievance, deadline = ids["grievances"][round_]
        if not odd:
            return ("extend",
                    lambda s, actor: get_deadline(s, actor, deadline).version,
                    lambda s, actor, seen: extend_deadline(
                        s, actor, deadline, extended_to=DUE + timedelta(days=10 + index),
                        agreed_on=AGREED_ON, reference=f"Entente {index}-{round_}",
                        expected_version=seen))
        return ("edit",
                lambda s, actor: GrievanceService().get(s, actor, grievance).version,
                lambda s, actor, seen: GrievanceService().update(
                    s, actor, grievance,
                    {"knowledge_date": (date(2026, 6, 1) + timedelta(days=index)).isoformat()},
                    seen))
    if scenario == "invoice":  # one line edited by all, new lines on its invoice
        if not odd:
            line = ids["line"]
            return ("edit",
                    lambda s, actor: InvoiceLineService().get(s, actor, line).version,
                    lambda s, actor, seen: InvoiceLineService().update(
                        s, actor, line, {"hours": f"{1 + round_ % 7 + index / 4:.2f}"}, seen))
        day = date(2026, 5, 1) + timedelta(days=round_ % 28)
        return ("create", lambda s, actor: None,
                lambda s, actor, _seen: InvoiceLineService().create(s, actor, {
                    "invoice_id": ids["invoice"], "member_id": ids["member"],
                    "work_date": day.isoformat(), "hours": "1", "rate": "40"}))
    if scenario == "hearing":  # one hearing edited by all, later hearings added (award due)
        if not odd:
            hearing = ids["hearing"]
            return ("edit",
                    lambda s, actor: HearingService().get(s, actor, hearing).version,
                    lambda s, actor, seen: HearingService().update(
                        s, actor, hearing, {"location": f"Salle {index}-{round_}"}, seen))
        day = date(2026, 7, 1) + timedelta(days=round_ * 8 + index)
        return ("create", lambda s, actor: None,
                lambda s, actor, _seen: HearingService().create(s, actor, {
                    "arbitration_id": ids["arbitration"], "date": day.isoformat()}))
    raise ValueError(scenario)


def desk(url: str, login: str, index: int, scenario: str, rounds: int, ids: dict[str, Any],
         today: str, barrier: Any, out: Any) -> None:
    """Run ``rounds`` rounds; put (login, [(round, kind, outcome, detail)...]) on ``out``:
    outcome ``ok``, ``conflict`` (detail: who it names), ``refused`` (another GemError) or
    ``error`` (anything else: what this race must never see)."""
    from sqlalchemy import select

    from gem import clock
    from gem.db import make_engine, session_factory, transaction
    from gem.models import User
    from gem.services.errors import ConflictError, GemError
    from gem.services.users import actor_for

    clock.set_clock(today, running=True)
    engine = make_engine(url)
    sessions = session_factory(engine)
    results: list[tuple[int, str, str, str]] = []
    try:
        with transaction(sessions) as s:
            actor = actor_for(s.scalars(select(User).where(User.login == login)).one())
        for round_ in range(rounds):
            kind, load, save = task(scenario, index, round_, ids)
            barrier.wait(TIMEOUT)
            try:
                with transaction(sessions) as s:
                    seen = load(s, actor)
            except Exception as exc:  # noqa: BLE001 - counted, reported by the test
                results.append((round_, kind, "error", f"open: {type(exc).__name__}: {exc}"))
                barrier.wait(TIMEOUT)
                continue
            barrier.wait(TIMEOUT)
            try:
                with transaction(sessions) as s:
                    save(s, actor, seen)
            except ConflictError as exc:
                results.append((round_, kind, "conflict", exc.changed_by))
            except GemError as exc:
                results.append((round_, kind, "refused", f"{type(exc).__name__}: {exc}"))
            except Exception as exc:  # noqa: BLE001 - counted, reported by the test
                results.append((round_, kind, "error", f"{type(exc).__name__}: {exc}"))
            else:
                results.append((round_, kind, "ok", ""))
    finally:
        out.put((login, results))
        engine.dispose()
