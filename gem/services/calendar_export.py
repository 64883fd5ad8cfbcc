"""« Exporter le calendrier (.ics) »: a counsellor's deadlines and hearings for Outlook or
Google Calendar.

A counsellor lives in their calendar more than in GEM; a deadline that only GEM shows is one
more place to look, and a missed deadline loses the case. So the caseload goes out as an
iCalendar file (RFC 5545, written by the ``icalendar`` library): each open deadline, overdue
ones included, as an all-day event on the date GEM retained, and each hearing as a timed event
in Québec time when its start is known, else as an all-day one.

The rows are those of gem.services.caseload, asked once with no row limit, so the file holds
what « Mon portefeuille », ``gem due`` and the caseload report show, confidential files hidden
from the same people. Every event keeps one UID per deadline or hearing
(``deadline-<id>@gem``, ``hearing-<id>@gem``): importing a later export updates the events of
the first instead of doubling them. No Qt here: the window and ``gem due --ics`` call
:func:`write_calendar`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event
from sqlalchemy.orm import Session

from gem import __version__, clock
from gem.i18n import N_, tr
from gem.labels import label
from gem.services.actor import Actor
from gem.services.caseload import HORIZON_DAYS, Caseload, DeadlineRow, HearingRow, caseload
from gem.services.deadlines.due import Counsellors
from gem.services.errors import FieldError, ValidationError

__all__ = ["HEARING_DURATION", "calendar_ics", "write_calendar"]

# GEM keeps a hearing's start, not its end. An event with no end lasts no time at all:
# Outlook draws it as a sliver and leaves the counsellor « free » in free/busy. A morning is
# the least a hearing takes.
HEARING_DURATION = timedelta(hours=3)

PATH_FIELD = "path"
PATH_LABEL = N_("Fichier")


# ------------------------------------------------------------------------------ events
def _summary(file_number: str, what: str, confidential: bool, lang: str) -> str:
    number = tr(N_("{number} (confidentiel)"), lang, number=file_number) if confidential \
        else file_number
    return f"{number} — {what}"


def _whose(name: str | None, team: bool, lang: str) -> list[str]:
    """Whose file it is, in a calendar of several counsellors (in one's own, it is noise)."""
    return [tr(N_("Conseiller : {name}"), lang, name=name)] if team and name else []


def _deadline_description(row: DeadlineRow, team: bool, lang: str) -> str:
    """The file's title, and the latest date the delay could run to when the deadline
    engine kept an earlier one because some day's holiday status is unverified (the
    caseload row may not carry ``latest_date`` yet: read it only if it is there)."""
    lines = [row.title] if row.title else []
    latest: date | None = getattr(row, "latest_date", None)
    if latest is not None and latest != row.due_date:
        lines.append(tr(N_("Au plus tard : {date} si les jours non vérifiés sont fériés"),
                        lang, date=latest.isoformat()))
    return "\n".join(lines + _whose(row.counsellor_name, team, lang))


def _deadline_event(row: DeadlineRow, stamp: datetime, team: bool, lang: str) -> Event:
    """An all-day event on the retained date (``due_date``: the extended date once
    extended, the earlier date when a holiday is unverified). Transparent: a deadline is
    something to do, not a day away from the office."""
    event = Event()
    event.add("uid", f"deadline-{row.deadline_id}@gem")
    event.add("dtstamp", stamp)
    event.add("dtstart", row.due_date)
    event.add("dtend", row.due_date + timedelta(days=1))
    event.add("summary", _summary(row.file_number, row.label_in(lang), row.confidential, lang))
    description = _deadline_description(row, team, lang)
    if description:
        event.add("description", description)
    event.add("transp", "TRANSPARENT")
    if row.confidential:
        # shared or delegated calendars then show « busy/private », not the file
        event.add("class", "PRIVATE")
    return event


def _hearing_event(row: HearingRow, stamp: datetime, team: bool, lang: str) -> Event:
    """A timed event at its start in Québec (``start_time`` is Québec wall time), or an
    all-day one when the start is not known yet. Opaque: the counsellor is at the hearing."""
    event = Event()
    event.add("uid", f"hearing-{row.hearing_id}@gem")
    event.add("dtstamp", stamp)
    if row.start_time is None:
        event.add("dtstart", row.date)
        event.add("dtend", row.date + timedelta(days=1))
    else:
        event.add("dtstart", datetime.combine(row.date, row.start_time, clock.QUEBEC))
        event.add("duration", HEARING_DURATION)
    event.add("summary", _summary(row.file_number, label("hearing_kind", row.kind, lang),
                                  False, lang))
    if row.location:
        event.add("location", row.location)
    whose = _whose(row.counsellor_name, team, lang)
    if whose:
        event.add("description", "\n".join(whose))
    event.add("transp", "OPAQUE")
    return event


def _calendar(found: Caseload, lang: str) -> Calendar:
    stamp = clock.now()
    cal = Calendar()
    cal.add("prodid", f"-//GEM//GEM {__version__}//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", tr(N_("GEM — échéances et audiences"), lang))
    cal.add("x-wr-timezone", clock.QUEBEC.key)
    team = found.counsellor_ids is None or len(found.counsellor_ids) > 1
    for row in (*found.overdue, *found.upcoming):
        cal.add_component(_deadline_event(row, stamp, team, lang))
    for hearing in found.hearings:
        cal.add_component(_hearing_event(hearing, stamp, team, lang))
    # The VTIMEZONE of the timed hearings, over the days they fall on only: a client that
    # does not know "America/Montreal" (Outlook) needs it, and 1970-2038 would be 6 kB.
    cal.add_missing_timezones(first_date=found.today - timedelta(days=1),
                              last_date=found.today + timedelta(days=found.horizon_days + 2))
    return cal


def _events(cal: Calendar) -> Iterable[Event]:
    return (c for c in cal.subcomponents if isinstance(c, Event))


def _build(session: Session, actor: Actor, counsellor_id: Counsellors, today: date | None,
           horizon_days: int, lang: str | None) -> Calendar:
    found = caseload(session, actor, counsellor_id, today, horizon_days=horizon_days,
                     limit=None)
    return _calendar(found, lang or actor.language)


# ------------------------------------------------------------------------------ API
def calendar_ics(session: Session, actor: Actor, counsellor_id: Counsellors = None,
                 today: date | None = None, *, horizon_days: int = HORIZON_DAYS,
                 lang: str | None = None) -> bytes:
    """The caseload of ``counsellor_id`` (an id, a team's ids, or None for everyone) as
    ``actor`` may see it on ``today`` (GEM's today by default), as iCalendar bytes: overdue
    deadlines, deadlines and hearings of the next ``horizon_days`` days. Texts in ``lang``
    (the actor's language by default)."""
    return bytes(_build(session, actor, counsellor_id, today, horizon_days, lang).to_ical())


def write_calendar(session: Session, actor: Actor, counsellor_id: Counsellors,
                   path: str | Path, today: date | None = None, *,
                   horizon_days: int = HORIZON_DAYS, lang: str | None = None) -> int:
    """:func:`calendar_ics` written to ``path``; returns how many events it holds.

    The path is checked before the database is asked, and the file is written aside then
    renamed, so a refused or interrupted write never leaves half a calendar where the
    previous one was. A folder that does not exist or cannot be written is the person's to
    fix: a ValidationError on the file field, in the actor's language."""
    lang = lang or actor.language
    target = Path(path)
    _check_target(target, lang)
    cal = _build(session, actor, counsellor_id, today, horizon_days, lang)
    _write(target, cal.to_ical(), lang)
    return sum(1 for _ in _events(cal))


def _path_error(msgid: str, lang: str, **params: object) -> ValidationError:
    return ValidationError([FieldError(PATH_FIELD, PATH_LABEL, msgid, dict(params))], lang)


def _check_target(target: Path, lang: str) -> None:
    if not target.name or target.is_dir():
        raise _path_error(N_("« {path} » est un dossier : donnez un nom de fichier."), lang,
                          path=str(target))
    folder = target.parent
    if not folder.is_dir():
        raise _path_error(N_("le dossier « {folder} » n'existe pas."), lang,
                          folder=str(folder))


def _write(target: Path, data: bytes, lang: str) -> None:
    temp = target.with_name(f".{target.name}.part")
    try:
        temp.write_bytes(data)
        os.replace(temp, target)
    except OSError as exc:
        raise _path_error(N_("impossible d'écrire « {path} » ({error})."), lang,
                          path=str(target), error=exc.strerror or type(exc).__name__) from exc
    finally:
        temp.unlink(missing_ok=True)
