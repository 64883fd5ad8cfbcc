"""« Exporter le calendrier (.ics) » as gem.services.calendar_export writes it and ``gem due
--ics`` calls it, on SQLite and PostgreSQL: every file is read back with icalendar.

The caseload is tests/test_caseload_service.py's, on its pinned day (Thursday 2026-10-01),
plus a deadline extended by written agreement and a hearing with a start time."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar, Event
from sqlalchemy import select

from gem import clock
from gem.cli import main
from gem.i18n import set_language
from gem.models import Deadline
from gem.services import calendar_export
from gem.services.actor import SYSTEM
from gem.services.arbitration import HearingService
from gem.services.calendar_export import HEARING_DURATION, calendar_ics, write_calendar
from gem.services.caseload import caseload
from gem.services.deadlines.files import extend_deadline
from gem.services.errors import ValidationError
from tests.test_caseload_service import DAY, build_caseload

D = date.fromisoformat
pytestmark = pytest.mark.clock(DAY)


def _deadline_id(session, grievance_id: int) -> int:
    """The grievance's one deadline (to file it)."""
    return session.scalars(select(Deadline.id).where(Deadline.owner_type == "grievance",
                                                     Deadline.owner_id == grievance_id)).one()


@pytest.fixture
def made(tx, people) -> dict[str, int]:
    """conseil's caseload; « later » (due Tue 2026-10-20) extended to Tue 2026-10-27; a
    hearing on Tue 2026-10-20 at 13:30 in Québec."""
    with tx() as s:
        ids = build_caseload(s, people)
        ids["later_deadline"] = _deadline_id(s, ids["later"])
        ids["overdue_deadline"] = _deadline_id(s, ids["overdue"])
        ids["secret_deadline"] = _deadline_id(s, ids["secret"])
        ids["soon_deadline"] = _deadline_id(s, ids["soon"])
    with tx() as s:
        extend_deadline(s, people["conseil"], ids["later_deadline"], extended_to=D("2026-10-27"),
                        agreed_on=D("2026-09-28"), reference="Lettre 2026-201")
        ids["hearing_timed"] = HearingService().create(s, people["admin"], {
            "arbitration_id": ids["arbitration_heard"], "date": "2026-10-20",
            "start_time": "13h30", "location": "Palais de justice de Québec"}).id
    return ids


def _events(data: bytes) -> dict[str, Event]:
    cal = Calendar.from_ical(data)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def _export(tx, actor, counsellor_id, **kwargs) -> dict[str, Event]:
    with tx() as s:
        return _events(calendar_ics(s, actor, counsellor_id, **kwargs))


def _start(event: Event) -> date | datetime:
    return event.decoded("dtstart")


# ---------------------------------------------------------------------- what goes in
def test_every_deadline_and_hearing_of_the_caseload_is_an_event(tx, people, made):
    me = people["conseil"]
    events = _export(tx, me, me.id)
    with tx() as s:
        found = caseload(s, me, me.id, limit=None)
    assert set(events) == {f"deadline-{d.deadline_id}@gem"
                           for d in (*found.overdue, *found.upcoming)} | \
        {f"hearing-{h.hearing_id}@gem" for h in found.hearings}
    # (whether « beyond », due at the end of the 30 days, is in depends on the engine's
    # calendar: not asserted here)
    assert {made[f"{name}_deadline"] for name in ("overdue", "secret", "soon", "later")} <= \
        {int(uid.split("-")[1].split("@")[0]) for uid in events if uid.startswith("deadline")}
    assert {uid for uid in events if uid.startswith("hearing")} == {
        f"hearing-{made[key]}@gem" for key in ("hearing_2026-10-15", "hearing_2026-10-22",
                                               "hearing_timed")}

    # overdue deadlines are there, on their date, all day
    overdue = events[f"deadline-{made['overdue_deadline']}@gem"]
    assert _start(overdue) == D("2026-09-02") and not isinstance(_start(overdue), datetime)
    assert overdue["dtstart"].params["VALUE"] == "DATE"
    assert overdue.decoded("dtend") == D("2026-09-03")
    number = next(d.file_number for d in found.overdue if d.owner_id == made["overdue"])
    assert str(overdue["summary"]) == f"{number} — Dépôt du grief"
    assert str(overdue["description"]) == "Prime de soir non versée"
    assert str(overdue["transp"]) == "TRANSPARENT" and "class" not in overdue

    # the file beyond 30 days is not; a confidential one says so and is private
    secret = events[f"deadline-{made['secret_deadline']}@gem"]
    assert str(secret["summary"]).endswith(" (confidentiel) — Dépôt du grief")
    assert str(secret["class"]) == "PRIVATE"
    assert str(secret["description"]) == "Harcèlement — confidentiel"
    assert {_start(e) for e in events.values()} >= {D("2026-10-01"), D("2026-10-05"),
                                                    D("2026-10-15")}


def test_stamps_come_from_gems_clock(tx, people, made):
    me = people["conseil"]
    with clock.frozen(datetime(2026, 10, 1, 14, 5, tzinfo=UTC)):
        events = _export(tx, me, me.id)
    assert {e.decoded("dtstamp") for e in events.values()} == \
        {datetime(2026, 10, 1, 14, 5, tzinfo=UTC)}


def test_an_extended_deadline_is_on_its_retained_date(tx, people, made):
    """The written agreement's date, not the rule's: a calendar showing 2026-10-20 would
    send the counsellor a week early, and one built from due_date alone would too."""
    me = people["conseil"]
    event = _export(tx, me, me.id)[f"deadline-{made['later_deadline']}@gem"]
    assert _start(event) == D("2026-10-27")
    assert event.decoded("dtend") == D("2026-10-28")


def test_hearings_are_timed_in_quebec_or_all_day(tx, people, made):
    me = people["conseil"]
    with tx() as s:
        data = calendar_ics(s, me, me.id)
    events = _events(data)
    timed = events[f"hearing-{made['hearing_timed']}@gem"]
    start = _start(timed)
    assert isinstance(start, datetime)
    assert timed["dtstart"].params["TZID"] == "America/Montreal"
    assert start.replace(tzinfo=None) == datetime(2026, 10, 20, 13, 30)
    assert start.astimezone(UTC) == datetime(2026, 10, 20, 17, 30, tzinfo=UTC)  # EDT
    assert timed.decoded("duration") == HEARING_DURATION
    assert str(timed["location"]) == "Palais de justice de Québec"
    assert str(timed["summary"]).endswith(" — Audience")
    assert str(timed["transp"]) == "OPAQUE"
    # the zone travels with the file, for clients that do not know it by name
    zones = Calendar.from_ical(data).walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["America/Montreal"]

    untimed = events[f"hearing-{made['hearing_2026-10-15']}@gem"]
    assert _start(untimed) == D("2026-10-15") and not isinstance(_start(untimed), datetime)
    assert untimed.decoded("dtend") == D("2026-10-16")


def test_confidential_files_stay_hidden_from_another_counsellor(tx, people, made):
    me, other = people["conseil"], people["conseil2"]
    theirs = _export(tx, other, me.id)
    hidden = {f"deadline-{made['secret_deadline']}@gem",
              f"hearing-{made['hearing_2026-10-22']}@gem"}
    assert hidden.isdisjoint(theirs)
    assert f"deadline-{made['overdue_deadline']}@gem" in theirs
    # in conseil2's language
    overdue = theirs[f"deadline-{made['overdue_deadline']}@gem"]
    assert str(overdue["summary"]).endswith(" — Grievance filing")
    assert hidden <= set(_export(tx, people["coord"], me.id))


def test_uids_are_stable_from_one_export_to_the_next(tx, people, made):
    me = people["conseil"]
    first = _export(tx, me, me.id)
    second = _export(tx, me, me.id, today=D("2026-10-02"))
    assert set(first) == set(second)


def test_everyones_calendar_names_the_counsellor(tx, people, made):
    events = _export(tx, people["coord"], None)
    overdue = events[f"deadline-{made['overdue_deadline']}@gem"]
    assert str(overdue["description"]).splitlines() == ["Prime de soir non versée",
                                                        "Conseiller : Conseil Test"]
    mine = _export(tx, people["conseil"], people["conseil"].id)
    assert "Conseiller" not in str(mine[f"deadline-{made['overdue_deadline']}@gem"]
                                   ["description"])


class _WithLatest:
    """A caseload row carrying the latest date the delay could run to (the field the
    deadline engine is adding to DeadlineRow)."""

    def __init__(self, row: Any, latest: date):
        self._row = row
        self.latest_date = latest

    def __getattr__(self, name: str) -> Any:
        return getattr(self._row, name)


def test_a_doubtful_deadline_stays_on_the_earlier_date(tx, people, made, monkeypatch):
    """When an unverified holiday could push the delay later, the event stays on the
    retained (earlier) date and the later one is only said: a deadline shown a day early
    costs nothing, one shown a day late loses the case."""
    real = calendar_export.caseload

    def with_latest(*args: Any, **kwargs: Any):
        found = real(*args, **kwargs)
        upcoming = tuple(_WithLatest(r, r.due_date + timedelta(days=1))
                         if r.owner_id == made["soon"] else r for r in found.upcoming)
        return dataclasses.replace(found, upcoming=upcoming)

    monkeypatch.setattr(calendar_export, "caseload", with_latest)
    me = people["conseil"]
    events = _export(tx, me, me.id)
    soon = events[f"deadline-{made['soon_deadline']}@gem"]
    assert _start(soon) == D("2026-10-05")
    assert str(soon["description"]).splitlines()[-1] == \
        "Au plus tard : 2026-10-06 si les jours non vérifiés sont fériés"
    other = events[f"deadline-{made['overdue_deadline']}@gem"]
    assert "Au plus tard" not in str(other["description"])


# ---------------------------------------------------------------------- the file
def test_write_calendar_counts_the_events_it_wrote(tx, people, made, tmp_path):
    me = people["conseil"]
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "echeances.ics"
    target.write_text("the previous export")
    with tx() as s:
        count = write_calendar(s, me, me.id, target)
    assert count == len(_events(target.read_bytes())) >= 9
    assert [p.name for p in folder.iterdir()] == ["echeances.ics"]  # nothing left aside


@pytest.mark.parametrize("where", ["missing/echeances.ics", "."])
def test_a_bad_path_is_the_file_fields_error(tx, people, made, tmp_path, where):
    me = people["conseil"]
    with tx() as s, pytest.raises(ValidationError) as exc:
        write_calendar(s, me, me.id, tmp_path / where)
    assert set(exc.value.fields()) == {"path"}
    assert str(exc.value).startswith("Fichier : ")


# ---------------------------------------------------------------------- gem due --ics
@pytest.fixture
def gem(engine, capsys):
    url = engine.url.render_as_string(hide_password=False)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--database", url, *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    yield run
    set_language("fr")


def test_gem_due_ics_writes_the_chosen_counsellors_calendar(gem, tx, people, made, tmp_path):
    target = tmp_path / "conseil.ics"
    status, out, _err = gem("--lang", "fr", "due", "--counsellor", "conseil", "--ics",
                            str(target))
    assert status == 0
    events = _events(target.read_bytes())
    assert out.strip() == f"Calendrier écrit : {target} (événements : {len(events)})"
    with tx() as s:
        found = caseload(s, SYSTEM, people["conseil"].id, limit=None)
    assert len(events) == len(found.overdue) + len(found.upcoming) + len(found.hearings) >= 9
    # the CLI acts as the system: confidential files are in
    assert f"deadline-{made['secret_deadline']}@gem" in events

    everyone = tmp_path / "tous.ics"
    status, out, _err = gem("due", "--ics", str(everyone), "--days", "7")
    assert status == 0
    events = _events(everyone.read_bytes())
    # conseil2's overdue draft as well; only 7 days ahead: not the 2026-10-15 hearing
    assert len(events) == 3 + 2 and out.strip().endswith("(événements : 5)")
    assert all(_start(e) <= D("2026-10-08") for e in events.values())


def test_gem_due_ics_refuses_a_bad_path(gem, made, tmp_path):
    folder = tmp_path / "nowhere"
    status, out, err = gem("--lang", "fr", "due", "--ics", str(folder / "x.ics"))
    assert status == 2 and out == ""
    assert err.strip() == f"Fichier : le dossier « {folder} » n'existe pas."
    assert not folder.exists()


def test_gem_due_ics_and_json_do_not_mix(gem, tmp_path):
    with pytest.raises(SystemExit):
        main(["due", "--json", "--ics", str(tmp_path / "x.ics")])


def test_hearing_start_is_quebec_wall_time_across_the_clock_change(tx, people, made):
    """A hearing after the return to standard time (Sunday 2026-11-01) is at -05:00."""
    me = people["conseil"]
    with tx() as s:
        hearing = HearingService().create(s, people["admin"], {
            "arbitration_id": made["arbitration_heard"], "date": "2026-11-02",
            "start_time": "9h30"}).id
    event = _export(tx, me, me.id, horizon_days=45)[f"hearing-{hearing}@gem"]
    assert _start(event).astimezone(UTC) == datetime(2026, 11, 2, 14, 30, tzinfo=UTC)
    assert _start(event).timetz().replace(tzinfo=None) == time(9, 30)


def test_the_calendar_file_is_utf8_with_crlf_lines(tx, people, made, tmp_path):
    me = people["conseil"]
    target = Path(tmp_path / "c.ics")
    with tx() as s:
        write_calendar(s, me, me.id, target)
    raw = target.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\nEND:VCALENDAR\r\n" in raw
    assert "Dépôt du grief".encode() in raw.replace(b"\r\n ", b"")
