"""« Mon portefeuille » as gem.services.caseload answers it, on SQLite and PostgreSQL: each
list follows its threshold, confidential files stay with their counsellor, coordinators and
administrators, and the caseload report and ``gem due`` give the very rows the service does.

The files are dated from a pinned day, Thursday 2026-10-01; deadlines are the grievance rule's
30 days after knowledge (hand-computed below, none moved by a holiday or a weekend except the
one said)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from gem import clock
from gem.cli import main
from gem.i18n import set_language
from gem.models import Grievance
from gem.reports import run_report
from gem.services.actor import SYSTEM
from gem.services.arbitration import ArbitrationService, HearingService
from gem.services.caseload import (
    HORIZON_DAYS,
    IDLE_DAYS,
    SOON_DAYS,
    Urgency,
    caseload,
    counsellors,
    default_counsellor,
    may_pick_counsellor,
    urgency,
)
from gem.services.grievance import GrievanceService
from gem.services.recourse import RecourseService
from tests import factories

D = date.fromisoformat
DAY = "2026-10-01"
pytestmark = pytest.mark.clock(DAY)


def _draft(session, actor, counsellor, knowledge: str, **fields):
    """A grievance not yet filed: its filing deadline is 30 days after ``knowledge``."""
    data = {"status": "draft", "filed_date": None, "knowledge_date": knowledge,
            "event_date": (D(knowledge) - timedelta(days=2)).isoformat(),
            "counsellor_id": counsellor.id}
    data.update(fields)
    return factories.grievance(session, actor, **data)


def build_caseload(session, people) -> dict[str, int]:
    """conseil's files on 2026-10-01, and one of conseil2's; the ids by name."""
    clerk, me, other = people["secretaire"], people["conseil"], people["conseil2"]
    made = {
        "overdue": _draft(session, clerk, me, "2026-08-03"),  # due Wed 2026-09-02: -29
        "secret": _draft(session, clerk, me, "2026-08-04", confidential=True,
                         title="Harcèlement — confidentiel"),  # Thu 2026-09-03: -28
        "today": _draft(session, clerk, me, "2026-09-01"),  # Thu 2026-10-01: 0
        "soon": _draft(session, clerk, me, "2026-09-05"),  # Mon 2026-10-05: 4
        "later": _draft(session, clerk, me, "2026-09-20"),  # Tue 2026-10-20: 19
        "stale": factories.grievance(session, clerk, counsellor_id=me.id,
                                     title="Dossier oublié"),
        "fresh": factories.grievance(session, clerk, counsellor_id=me.id),
        "heard": factories.grievance(session, clerk, counsellor_id=me.id),
        "heard_secret": factories.grievance(session, clerk, counsellor_id=me.id,
                                            confidential=True),
        "theirs": _draft(session, clerk, other, "2026-08-03"),
    }
    ids = {name: g.id for name, g in made.items()}
    # a contestation at the TAT: 60 days after notification, Sat 2026-11-14: 44, beyond 30
    # (a 30-day grievance delay counted from today ends on day 30 at the latest: in the list)
    ids["beyond"] = RecourseService().create(session, clerk, {
        "forum": "TAT", "kind": "cnesst_contestation", "institution_id": 2,
        "decision_date": "2026-09-10", "notification_date": "2026-09-15",
        "counsellor_id": me.id}).id
    # a CNESST review request: 30 days after notification, Thu 2026-10-15: 14
    ids["recourse"] = RecourseService().create(session, clerk, {
        "forum": "CNESST", "kind": "cnesst_review", "institution_id": 2,
        "decision_date": "2026-09-10", "notification_date": "2026-09-15",
        "counsellor_id": me.id}).id
    hearings = {}
    for name, days in (("heard", ("2026-09-20", "2026-10-15", "2026-11-15")),
                       ("heard_secret", ("2026-10-22",))):
        # (a secretary does not see a confidential file: the administrator refers it)
        arbitration = ArbitrationService().create(session, people["admin"], {
            "procedure": "regular", "institution_id": 2, "grievance_ids": [ids[name]],
            "counsellor_id": me.id})
        ids[f"arbitration_{name}"] = arbitration.id
        for day in days:
            hearing = HearingService().create(session, people["admin"], {
                "arbitration_id": arbitration.id, "date": day})
            hearings[day] = hearing.id
    ids.update({f"hearing_{day}": ident for day, ident in hearings.items()})
    now = clock.now()
    for name, idle in (("stale", IDLE_DAYS + 1), ("fresh", IDLE_DAYS - 1),
                       ("secret", IDLE_DAYS + 10)):
        session.execute(update(Grievance).where(Grievance.id == ids[name])
                        .values(last_activity_at=now - timedelta(days=idle)))
    return ids


@pytest.fixture
def made(tx, people) -> dict[str, int]:
    with tx() as s:
        return build_caseload(s, people)


def _owners(rows) -> list[int]:
    return [r.owner_id for r in rows]


def test_each_list_follows_its_threshold(tx, people, made):
    me = people["conseil"]
    service = GrievanceService()
    with tx() as s:
        found = caseload(s, me, me.id)
        by_status = {status: service.count(s, me, {"status": status, "counsellor_id": me.id})
                     for status in (c.status for c in found.counts)}
    assert found.today == D(DAY) == clock.today()
    assert (found.horizon_days, found.idle_days) == (HORIZON_DAYS, IDLE_DAYS) == (30, 90)
    assert found.counsellor_ids == (me.id,)

    assert _owners(found.overdue) == [made["overdue"], made["secret"]]
    assert [(d.due_date, d.days_left, d.urgency) for d in found.overdue] == [
        (D("2026-09-02"), -29, Urgency.OVERDUE), (D("2026-09-03"), -28, Urgency.OVERDUE)]
    assert [d.confidential for d in found.overdue] == [False, True]
    assert all(d.list_name == "grievances" and d.owner_type == "grievance"
               and d.label_in("fr") == "Dépôt du grief" for d in found.overdue)

    # the deadline beyond 30 days is not listed; « soon » is within 7 days
    assert [(d.list_name, d.owner_id) for d in found.upcoming] == [
        ("grievances", made["today"]), ("grievances", made["soon"]),
        ("recourses", made["recourse"]), ("grievances", made["later"])]
    assert [(d.due_date, d.days_left, d.urgency) for d in found.upcoming] == [
        (D("2026-10-01"), 0, Urgency.TODAY), (D("2026-10-05"), 4, Urgency.SOON),
        (D("2026-10-15"), 14, Urgency.LATER), (D("2026-10-20"), 19, Urgency.LATER)]
    assert found.upcoming[2].owner_type == "recourse" and found.upcoming[2].title is None
    assert _owners(found.soon) == [made["today"], made["soon"]]
    assert ("recourses", made["beyond"]) not in [
        (d.list_name, d.owner_id) for d in found.overdue + found.upcoming]

    # hearings from today to 30 days on: not the one past, not the one in 45 days
    assert [(h.hearing_id, h.arbitration_id, h.list_name, h.date, h.days_left)
            for h in found.hearings] == [
        (made["hearing_2026-10-15"], made["arbitration_heard"], "arbitrations",
         D("2026-10-15"), 14),
        (made["hearing_2026-10-22"], made["arbitration_heard_secret"], "arbitrations",
         D("2026-10-22"), 21)]

    # idle for more than 90 days, the longest first; 89 days is not stale
    assert [(f.grievance_id, f.list_name, f.idle_days, f.confidential) for f in found.stale] \
        == [(made["secret"], "grievances", 100, True), (made["stale"], "grievances", 91, False)]
    assert found.stale[1].title == "Dossier oublié"

    assert {c.status: c.count for c in found.counts} == by_status
    assert found.count_of("draft") == 5  # conseil's five drafts, not conseil2's
    assert found.open_files == sum(c.count for c in found.counts if c.open)
    assert found.count_of("settled") == 0 and not found.is_cut(found.overdue)


def test_urgency_thresholds():
    assert [urgency(n) for n in (-1, 0, 1, SOON_DAYS, SOON_DAYS + 1)] == [
        Urgency.OVERDUE, Urgency.TODAY, Urgency.SOON, Urgency.SOON, Urgency.LATER]


def test_the_thresholds_move_with_the_day(tx, people, made):
    """Nothing is fixed to the data's dates: a week later, « soon » is another file."""
    me = people["conseil"]
    with tx() as s:
        found = caseload(s, me, me.id, D("2026-10-08"))
    assert _owners(found.overdue) == [made["overdue"], made["secret"], made["today"],
                                      made["soon"]]
    assert [(d.owner_id, d.days_left, d.urgency) for d in found.upcoming] == [
        (made["recourse"], 7, Urgency.SOON), (made["later"], 12, Urgency.LATER)]
    # 2026-10-15 + 30 = Sat 2026-11-14 for the contestation: 37 days, still beyond
    # idle days counted from noon of that day in Québec (the data were set at 10:00 on
    # 2026-10-01): 7 days and 2 hours more, so 89 idle days became 96
    assert [(f.grievance_id, f.idle_days) for f in found.stale] == [
        (made["secret"], 107), (made["stale"], 98), (made["fresh"], 96)]


def test_confidential_rows_stay_with_their_counsellor(tx, people, made):
    me = people["conseil"]
    with tx() as s:
        mine = caseload(s, me, me.id)
        seen_by = {name: caseload(s, people[name], me.id)
                   for name in ("conseil2", "coord", "admin", "secretaire", "lecteur")}
        everyone = {name: caseload(s, people[name], None) for name in ("conseil2", "coord")}
    secret, heard_secret = made["secret"], made["hearing_2026-10-22"]
    for name in ("conseil2", "secretaire", "lecteur"):
        other = seen_by[name]
        assert secret not in _owners(other.overdue), name
        assert secret not in {f.grievance_id for f in other.stale}, name
        assert heard_secret not in {h.hearing_id for h in other.hearings}, name
        # the counts hide them too: one confidential draft, one confidential file in arbitration
        assert other.count_of("draft") == mine.count_of("draft") - 1, name
        assert sum(c.count for c in other.counts) == sum(c.count for c in mine.counts) - 2
    for name in ("coord", "admin"):
        assert seen_by[name].overdue == mine.overdue, name
        assert seen_by[name].stale == mine.stale and seen_by[name].hearings == mine.hearings
        assert seen_by[name].counts == mine.counts
    assert _owners(everyone["conseil2"].overdue) == [made["overdue"], made["theirs"]]
    assert _owners(everyone["coord"].overdue) == [made["overdue"], made["theirs"],
                                                  made["secret"]]


def test_a_team_is_several_counsellors(tx, people, made):
    me, other = people["conseil"], people["conseil2"]
    with tx() as s:
        team = caseload(s, people["coord"], [other.id, me.id])
        alone = caseload(s, people["coord"], other.id)
    assert team.counsellor_ids == tuple(sorted((me.id, other.id)))
    assert set(_owners(team.overdue)) == {made["overdue"], made["secret"], made["theirs"]}
    assert _owners(alone.overdue) == [made["theirs"]] and alone.hearings == ()


def test_who_picks_whose_caseload(tx, people):
    with tx() as s:
        picked = {name: [c.login for c in counsellors(s, people[name])]
                  for name in ("coord", "secretaire", "conseil")}
    # everybody who may be given files (counsellors and coordinators: not administrators,
    # secretaries nor read-only staff, gem.services.policy.COUNSELLOR_ROLES); a counsellor
    # only themself
    assert sorted(picked["coord"]) == ["conseil", "conseil2", "coord"]
    assert picked["secretaire"] == picked["coord"]
    assert picked["conseil"] == ["conseil"]
    assert [may_pick_counsellor(people[n]) for n in ("admin", "coord", "secretaire", "lecteur",
                                                     "conseil")] == [True] * 4 + [False]
    assert default_counsellor(people["conseil"]) == people["conseil"].id
    assert default_counsellor(people["coord"]) is None


# ---------------------------------------------------------------------- same rows everywhere
def _sheet(path, name) -> list[tuple]:
    return [r for r in load_workbook(path)[name].iter_rows(min_row=2, values_only=True)
            if any(v is not None for v in r)]


def _facts(path) -> dict[str, object]:
    return {r[0]: r[1] for r in load_workbook(path)["Rapport"].iter_rows(values_only=True)
            if r and r[0]}


@pytest.mark.parametrize("who", ["coord", "conseil2"])
def test_the_report_lists_the_services_rows(tx, people, made, tmp_path, who):
    actor, me = people[who], people["conseil"]
    with tx() as s:
        found = caseload(s, actor, [me.id], limit=None)
        path = run_report(s, actor, "caseload", {"counsellors": "conseil"}, "xlsx",
                          tmp_path / "c.xlsx", lang="fr")
    day = lambda v: v.date() if isinstance(v, datetime) else v  # noqa: E731
    assert [(r[2], day(r[0]), r[1]) for r in _sheet(path, "Échéances dépassées")] == \
        [(d.file_number, d.due_date, d.days_left) for d in found.overdue]
    assert [(r[2], day(r[0])) for r in _sheet(path, "Échéances à venir")] == \
        [(d.file_number, d.due_date) for d in found.upcoming]
    assert [(r[2], day(r[0])) for r in _sheet(path, "Audiences")] == \
        [(h.file_number, h.date) for h in found.hearings]
    assert [(r[0], r[1]) for r in _sheet(path, "Sans activité")] == \
        [(f.file_number, f.idle_days) for f in found.stale]
    facts = _facts(path)
    assert facts["En bref — Échéances dépassées"] == len(found.overdue)
    assert facts["En bref — Échéances des 7 prochains jours"] == len(found.soon) == 2
    assert facts["En bref — Échéances des 30 prochains jours"] == len(found.upcoming) == 4
    assert facts["En bref — Audiences des 30 prochains jours"] == len(found.hearings)
    assert facts["En bref — Griefs sans activité depuis 90 jours"] == len(found.stale)
    assert facts["En bref — Dossiers ouverts"] == found.open_files
    assert facts["Griefs par statut — Brouillon"] == found.count_of("draft")
    secret = {made["secret"]}
    assert (secret <= set(_owners(found.overdue))) == (who == "coord")


@pytest.fixture
def gem(engine, capsys):
    url = engine.url.render_as_string(hide_password=False)

    def run(*argv: str) -> tuple[int, str]:
        code = main(["--database", url, *argv])
        return code, capsys.readouterr().out

    yield run
    set_language("fr")


def test_gem_due_prints_the_services_rows(gem, tx, people, made):
    status, out = gem("--lang", "en", "due", "--counsellor", "conseil", "--json")
    assert status == 0
    data = json.loads(out)
    with tx() as s:
        found = caseload(s, SYSTEM, people["conseil"].id, limit=None)
    assert data["today"] == DAY and data["horizon_days"] == HORIZON_DAYS
    for key in ("overdue", "upcoming"):
        assert [(d["deadline_id"], d["list_name"], d["owner_id"], d["urgency"])
                for d in data[key]] == \
            [(d.deadline_id, d.list_name, d.owner_id, d.urgency.value)
             for d in getattr(found, key)]
    assert data["upcoming"][1]["label"] == "Grievance filing"
    assert [h["hearing_id"] for h in data["hearings"]] == [h.hearing_id for h in found.hearings]
    assert [f["grievance_id"] for f in data["stale"]] == [f.grievance_id for f in found.stale]
    assert {c["status"]: c["count"] for c in data["counts"]}["draft"] == found.count_of("draft")

    status, out = gem("--lang", "fr", "due", "--counsellor", "conseil")
    assert status == 0
    assert "En retard (2)" in out and "À échéance d'ici 30 jours (4)" in out
    assert "Audiences d'ici 30 jours (2)" in out
    assert "Griefs sans activité depuis 90 jours (2)" in out
    assert f"{found.overdue[1].file_number} (confidentiel)" in out
    # the thresholds are the service's defaults; the options only move them
    status, out = gem("--lang", "fr", "due", "--counsellor", "conseil", "--days", "7",
                      "--inactive-days", "95")
    assert "À échéance d'ici 7 jours (2)" in out and "depuis 95 jours (1)" in out


def test_idle_days_of_a_past_day_count_from_its_noon(tx, people):
    """A report « as of » an earlier day measures idleness from that day, not from now."""
    me = people["conseil"]
    with tx() as s:
        g = factories.grievance(s, people["secretaire"], counsellor_id=me.id)
        s.execute(update(Grievance).where(Grievance.id == g.id).values(
            last_activity_at=datetime(2026, 6, 1, 16, tzinfo=UTC)))  # noon in Québec
    with tx() as s:
        found = caseload(s, me, me.id, D("2026-09-01"))
        earlier = caseload(s, me, me.id, D("2026-08-30"))
    assert [(f.grievance_id, f.idle_days) for f in found.stale] == [(g.id, 92)]
    assert earlier.stale == ()  # 90 days exactly is not yet « more than 90 days »
