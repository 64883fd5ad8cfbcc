"""Reports over a small demo database, their figures checked against the database itself."""

from __future__ import annotations

import statistics as pystats
from collections import Counter
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from gem.cli import main
from gem.demo import generate
from gem.labels import label
from gem.models import (
    Arbitration,
    Grievance,
    GrievanceMember,
    Hearing,
    Institution,
    Member,
    User,
)
from gem.reports import run_report
from gem.services import listing
from gem.services.actor import SYSTEM, Actor
from gem.services.users import actor_for

START, END = date(2024, 1, 1), date(2025, 12, 31)


@pytest.fixture
def demo(engine, tx):
    generate(engine, members=200, grievances=300, seed=11)
    return engine


def _sheet(path, name) -> dict[str, tuple]:
    ws = load_workbook(path)[name]
    return {r[0]: r[1:] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}


def _text(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def _counsellor(tx) -> Actor:
    with tx() as s:
        user = s.scalar(select(User).where(User.role == "counsellor").order_by(User.id))
        return actor_for(user)


def test_statistics_agree_with_the_database(demo, tx, tmp_path):
    with tx() as s:
        grievances = list(s.execute(select(Grievance.filed_date, Grievance.closed_date,
                                           Grievance.status, Grievance.nature,
                                           Grievance.outcome, Institution.name)
                                    .join(Institution)))
        xlsx = run_report(s, SYSTEM, "statistics", {"start": START, "end": END}, "xlsx",
                          tmp_path / "s.xlsx")
        pdf = run_report(s, SYSTEM, "statistics", {"start": START, "end": END}, "pdf",
                         tmp_path / "s.pdf")
    filed = [g for g in grievances if g.filed_date and START <= g.filed_date <= END]
    closed = [g for g in grievances if g.closed_date and START <= g.closed_date <= END
              and g.status in ("settled", "withdrawn", "awarded")]
    assert filed and closed
    about = _sheet(xlsx, "Rapport")
    assert about["En bref — Griefs déposés dans la période"][0] == len(filed)
    assert about["En bref — Griefs fermés dans la période"][0] == len(closed)
    assert about["En bref — dont réglés"][0] == sum(g.status == "settled" for g in closed)
    median = pystats.median((g.closed_date - g.filed_date).days for g in closed
                            if g.filed_date)
    assert about["En bref — Médiane du dépôt à la fermeture (jours)"][0] == median
    natures = _sheet(xlsx, "Nature")
    expected = Counter(label("grievance_nature", g.nature, "fr") for g in filed)
    assert {k: v[0] for k, v in natures.items() if not k.startswith("Total")} == expected
    assert natures[f"Total ({len(expected)})"][0] == len(filed)
    institutions = _sheet(xlsx, "Établissement")
    assert {k: v[0] for k, v in institutions.items() if not k.startswith("Total")} == \
        Counter(g.name for g in filed)
    outcomes = _sheet(xlsx, "Issue")
    assert sum(v[0] for k, v in outcomes.items() if not k.startswith("Total")) == len(closed)
    text = _text(pdf)
    assert "Griefs déposés par nature" in text and "page 1 de" in text
    top_nature, top_count = expected.most_common(1)[0]
    assert top_nature in text and str(top_count) in text


def test_statistics_hide_other_counsellors_confidential_files(demo, tx, tmp_path):
    counsellor = _counsellor(tx)
    with tx() as s:
        # make sure some files of other counsellors are confidential in the period
        others = list(s.scalars(select(Grievance).where(
            Grievance.filed_date.between(START, END),
            Grievance.counsellor_id != counsellor.id).limit(7)))
        for g in others:
            g.confidential = True
    with tx() as s:
        rows = list(s.execute(select(Grievance.confidential, Grievance.counsellor_id)
                              .where(Grievance.filed_date.between(START, END))))
        mine = run_report(s, counsellor, "statistics", {"start": START, "end": END}, "xlsx",
                          tmp_path / "c.xlsx")
        everyone = run_report(s, SYSTEM, "statistics", {"start": START, "end": END}, "xlsx",
                              tmp_path / "a.xlsx")
    visible = sum(1 for conf, cid in rows if not conf or cid == counsellor.id)
    key = "En bref — Griefs déposés dans la période"
    assert _sheet(mine, "Rapport")[key][0] == visible
    assert _sheet(everyone, "Rapport")[key][0] == len(rows) > visible


def test_statistics_in_english(demo, tx, tmp_path):
    with tx() as s:
        pdf = run_report(s, SYSTEM, "statistics", {"start": START, "end": END}, "pdf",
                         tmp_path / "s.pdf", lang="en")
        xlsx = run_report(s, SYSTEM, "statistics", {"start": START, "end": END}, "xlsx",
                          tmp_path / "s.xlsx", lang="en")
    text = _text(pdf)
    for expected in ("Grievance statistics", "Grievances filed by nature", "page 1 of",
                     "Generated on", "At a glance", "Overtime"):
        assert expected in text, expected
    assert "Griefs" not in text
    assert "Report" in load_workbook(xlsx).sheetnames


def test_hearing_schedule_lists_every_hearing_of_the_range(demo, tx, tmp_path):
    with tx() as s:
        low, high = s.execute(select(func.min(Hearing.date), func.max(Hearing.date))).one()
        expected = list(s.execute(select(Hearing.date, Arbitration.file_number)
                                  .join(Arbitration).where(Hearing.date.between(low, high))
                                  .order_by(Hearing.date, Hearing.start_time, Hearing.id)))
        path = run_report(s, SYSTEM, "hearings", {"start": low, "end": high}, "xlsx",
                          tmp_path / "h.xlsx")
        pdf = run_report(s, SYSTEM, "hearings", {"start": low, "end": high}, "pdf",
                         tmp_path / "h.pdf")
    ws = load_workbook(path)["Audiences"]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[3]]
    assert sorted((r[0].date(), r[3]) for r in rows) == sorted(
        (d, n) for d, n in expected)
    text = _text(pdf)
    assert f"Total ({len(expected)})" in text
    assert expected[0][1] in text


def test_member_file_shows_the_members_records(demo, tx, tmp_path):
    with tx() as s:
        member_id, n = s.execute(select(GrievanceMember.member_id, func.count())
                                 .group_by(GrievanceMember.member_id)
                                 .order_by(func.count().desc())).first()
        member = s.get(Member, member_id)
        numbers = set(s.scalars(select(Grievance.file_number).join(GrievanceMember)
                                .where(GrievanceMember.member_id == member_id)))
        path = run_report(s, SYSTEM, "member", {"member": member.member_number}, "xlsx",
                          tmp_path / "m.xlsx")
        pdf = run_report(s, SYSTEM, "member", {"member": member.member_number}, "pdf",
                         tmp_path / "m.pdf")
    griefs = _sheet(path, "Griefs")
    assert {k for k in griefs if not k.startswith("Total")} == numbers
    text = _text(pdf)
    assert f"Fiche du membre — {member.first_name} {member.last_name}" in text
    assert member.member_number in text
    assert all(number in text for number in numbers)


def test_list_export_is_the_list_as_filtered_on_screen(demo, tx, tmp_path):
    filters = {"status": ["filed", "in_discussion"], "nature": "overtime"}
    with tx() as s:
        expected = listing.fetch_page(s, SYSTEM, "grievances", filters, "filed_date", True,
                                      limit=10_000)
        path = run_report(s, SYSTEM, "list_export",
                          {"list": "grievances", "filters": filters,
                           "order_by": "filed_date", "descending": True}, "xlsx",
                          tmp_path / "g.xlsx")
    ws = load_workbook(path)["Griefs"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [e[1] for e in expected]
    assert {r[6] for r in rows} <= {"Déposé", "En discussion"}
    assert all(r[3] == "Temps supplémentaire" for r in rows)
    money = [(r[10], e[11]) for r, e in zip(rows, expected, strict=True) if e[11] is not None]
    assert money and all(abs(a - float(b)) < 0.005 for a, b in money)


def test_cli_writes_every_report(demo, engine, tmp_path, capsys):
    url = engine.url.render_as_string(hide_password=False)
    with engine.connect() as conn:
        member = conn.scalar(select(Member.member_number).limit(1))
        grievance = conn.scalar(select(Grievance.file_number).limit(1))
        inst = conn.scalar(select(Institution.id).order_by(Institution.id))
        login = conn.scalar(select(User.login).where(User.role == "counsellor"))
    runs = [["caseload", "--counsellor", login], ["statistics", "--start", "2019-01-01"],
            ["hearings"], ["deadlines", "--include-overdue"], ["member", "--member", member],
            ["leave_reconciliation", "--institution", str(inst), "--start", "2019-01-01"],
            ["grievance_letter", "--grievance", grievance],
            ["list_export", "--list", "members", "--filters", "status=active",
             "--format", "xlsx"]]
    for args in runs:
        suffix = "xlsx" if "xlsx" in args else "pdf"
        out = tmp_path / f"{args[0]}.{suffix}"
        assert main(["--database", url, "report", *args, "-o", str(out), "--as", login]) == 0
        assert out.stat().st_size > 1000
    assert main(["--database", url, "report", "list"]) == 0
    listed = capsys.readouterr().out
    assert "caseload" in listed and "list_export" in listed
    assert main(["--database", url, "report", "member", "--member", "nope", "-o",
                 str(tmp_path / "x.pdf")]) == 2
    assert "nope" in capsys.readouterr().err
