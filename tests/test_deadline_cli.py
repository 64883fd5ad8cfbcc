"""``gem deadline`` and ``gem due`` as a person types them: the date and the sentence for
every built-in rule (hand-computed; 2026-06-01 is a Monday), JSON output, error messages."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from gem.cli import main
from gem.models import DeadlineRule
from tests import factories

CASES = {
    "grievance_agreement": (
        ["--trigger", "2026-06-01", "--event", "2026-05-15"], "2026-07-02",
        "30 jours après la connaissance du fait (2026-06-01) : 2026-07-01, jour férié (Fête du "
        "Canada), reporté au 2026-07-02 ; plafond de 6 mois après l'événement (2026-05-15) : "
        "2026-11-15, un dimanche, reporté au 2026-11-16 ; la date la plus proche l'emporte : "
        "2026-07-02"),
    "grievance_code_71": (
        ["--trigger", "2026-06-01"], "2026-12-01",
        "6 mois après l'événement (2026-06-01) : 2026-12-01"),
    "fair_representation": (
        ["--trigger", "2025-12-31"], "2026-06-30",
        "6 mois après la connaissance du fait (2025-12-31) : 2026-06-30"),
    "labour_code_12_14": (
        ["--trigger", "2026-06-01"], "2026-07-02",
        "30 jours après la connaissance du fait (2026-06-01) : 2026-07-01, jour férié (Fête du "
        "Canada), reporté au 2026-07-02"),
    "award_due": (
        ["--trigger", "2026-06-01"], "2026-08-31",
        "90 jours après la dernière journée d'audience (2026-06-01) : 2026-08-30, un dimanche, "
        "reporté au 2026-08-31"),
    "harassment": (
        ["--trigger", "2026-06-01"], "2028-06-01",
        "2 ans après le dernier incident (2026-06-01) : 2028-06-01"),
    "cnesst_review": (
        ["--trigger", "2026-06-01"], "2026-07-02",
        "30 jours après la notification de la décision (2026-06-01) : 2026-07-01, jour férié "
        "(Fête du Canada), reporté au 2026-07-02"),
    "cnesst_tat": (
        ["--trigger", "2026-06-01"], "2026-07-31",
        "60 jours après la notification de la décision (2026-06-01) : 2026-07-31"),
    "pay_equity_complaint": (
        ["--trigger", "2026-06-01"], "2026-07-31",
        "60 jours après la connaissance du fait (2026-06-01) : 2026-07-31"),
    "pay_equity_tat": (
        ["--trigger", "2026-06-01"], "2026-08-31",
        "90 jours après la notification de la décision (2026-06-01) : 2026-08-30, un dimanche, "
        "reporté au 2026-08-31"),
    "human_rights": (
        ["--trigger", "2026-06-01"], "2029-06-01",
        "3 ans après le dernier incident (2026-06-01) : 2029-06-01 (alerte le 2028-06-01)"),
    "civil_action": (
        ["--trigger", "2026-06-01"], "2029-06-01",
        "3 ans après l'événement (2026-06-01) : 2029-06-01"),
    "judicial_review": (
        ["--trigger", "2026-06-01"], "2026-07-02",
        "30 jours après la notification de la décision (2026-06-01) : 2026-07-01, jour férié "
        "(Fête du Canada), reporté au 2026-07-02"),
}


def test_every_builtin_rule_is_covered(sessions):
    with sessions() as s:
        codes = set(s.scalars(select(DeadlineRule.code).where(DeadlineRule.builtin.is_(True))))
    assert codes == set(CASES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_compute_each_builtin_rule(gem, code):
    args, due, sentence = CASES[code]
    status, out, err = gem("--lang", "fr", "deadline", "compute", "--rule", code, *args)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == due
    assert lines[1] == sentence
    assert lines[2].startswith("Source : ")


def test_harassment_before_2018_06_12_in_english(gem):
    status, out, _ = gem("--lang", "en", "deadline", "compute", "--rule", "harassment",
                         "--trigger", "2018-06-11")
    assert status == 0
    assert out.splitlines()[:2] == [
        "2018-09-10",
        "90 days after the last incident (2018-06-11): 2018-09-09, a Sunday, moved to "
        "2018-09-10"]


def test_compute_json(gem):
    status, out, _ = gem("--lang", "en", "deadline", "compute", "--rule",
                         "grievance_agreement", "--trigger", "2026-06-01", "--event",
                         "2025-12-20", "--json")
    data = json.loads(out)
    assert status == 0
    # the cap ends on Saturday 2026-06-20: the agreement has no days of its own, so only the
    # days every calendar is sure of move a date; Monday 06-22 is the latest date
    assert (data["due_date"], data["latest_date"], data["winner"], data["verified"]) == \
        ("2026-06-20", "2026-06-22", "cap", False)
    assert data["cap"]["moved_because"] is None and data["cap"]["latest_due"] == "2026-06-22"
    assert data["cap"]["uncertain_days"] == ["2026-06-20"]
    assert data["delay"]["holiday"] == "Canada Day"
    assert data["calendar"]["code"] == "interpretation_act"
    assert data["calendar"]["agreement_days_missing"] is True
    assert data["explanation"].endswith("the earlier date wins: 2026-06-20")


@pytest.mark.parametrize("flag,n,expected", [
    ("--days", "30", "30 jours après le 2026-06-01 : 2026-07-01, jour férié (Fête du Canada), "
                     "reporté au 2026-07-02"),
    ("--working-days", "5", "5 jours ouvrables après le 2026-06-22 : 2026-06-30"),
    ("--months", "1", "1 mois après le 2026-01-31 : 2026-02-28, un samedi, reporté au "
                      "2026-03-02"),
    ("--years", "1", "1 an après le 2024-02-29 : 2025-02-28"),
])
def test_compute_adhoc(gem, flag, n, expected):
    trigger = {"--days": "2026-06-01", "--working-days": "2026-06-22",
               "--months": "2026-01-31", "--years": "2024-02-29"}[flag]
    status, out, _ = gem("--lang", "fr", "deadline", "compute", flag, n, "--trigger", trigger)
    assert status == 0 and out.splitlines()[1] == expected


@pytest.mark.parametrize("lang,argv,message", [
    ("fr", ["--rule", "inconnue", "--trigger", "2026-06-01"],
     "Règle : aucune règle de délai « inconnue »."),
    ("en", ["--rule", "inconnue", "--trigger", "2026-06-01"],
     "Rule: no deadline rule “inconnue”."),
    ("fr", ["--rule", "award_due"],
     "Point de départ : ce champ est obligatoire (--trigger AAAA-MM-JJ)."),
    ("en", ["--days", "30"], "Trigger date: this field is required (--trigger YYYY-MM-DD)."),
    ("en", ["--days", "0", "--trigger", "2026-06-01"],
     "Length: must be a positive whole number (0)."),
    ("fr", ["--days", "30", "--trigger", "31/02/2026"],
     "Point de départ : « 31/02/2026 » n'est pas une date valide (AAAA-MM-JJ ou JJ/MM/AAAA)."),
    ("fr", ["--trigger", "2026-06-01"],
     "Règle : indiquez --rule CODE ou une durée (--days, --working-days, --months, --years)."),
])
def test_compute_bad_input(gem, lang, argv, message):
    status, out, err = gem("--lang", lang, "deadline", "compute", *argv)
    assert (status, out, err.strip()) == (2, "", message)


def test_rules_lists_every_rule_with_its_source(gem):
    status, out, _ = gem("--lang", "fr", "deadline", "rules")
    assert status == 0
    for code in CASES:
        assert code in out
    assert "Loi sur les normes du travail art. 123.7" in out
    assert out.count("harassment") == 2  # both versions
    data = json.loads(gem("deadline", "rules", "--json")[1])
    assert {(r["code"], r["effective_from"], r["length"], r["unit"]) for r in data
            if r["code"] == "harassment"} == {("harassment", "1900-01-01", 90, "days"),
                                              ("harassment", "2018-06-12", 2, "years")}


def test_holidays_and_holiday_add(gem, people):
    status, out, _ = gem("--lang", "fr", "deadline", "holidays", "--year", "2029")
    assert status == 0
    assert "2029-07-02  lundi     Fête du Canada" in out
    assert "2029-07-01" not in out
    status, _, err = gem("--lang", "fr", "deadline", "holiday-add", "2026-07-03",
                         "Jour proclamé")
    assert status == 2 and "--user" in err  # a change names its author
    status, out, _ = gem("--lang", "fr", "deadline", "holiday-add", "2026-07-03",
                         "Jour proclamé", user="admin")
    assert status == 0 and out.startswith("Jour férié ajouté : 2026-07-03 Jour proclamé")
    status, out, _ = gem("deadline", "compute", "--days", "30", "--trigger", "2026-06-03")
    assert out.splitlines()[0] == "2026-07-06"
    status, _, err = gem("--lang", "en", "deadline", "holiday-add", "2026-07-03", "Encore",
                         user="admin")
    assert status == 2 and err.strip() == "Date: “2026-07-03” is already used."


def test_due_for_a_counsellor(gem, tx, people):
    with tx() as s:
        g = factories.grievance(s, people["secretaire"], status="draft", filed_date=None,
                                knowledge_date="2026-06-01", event_date="2026-05-15",
                                counsellor_id=people["conseil"].id)
        factories.grievance(s, people["secretaire"], status="draft", filed_date=None,
                            knowledge_date="2026-11-20", event_date="2026-11-19",
                            counsellor_id=people["conseil2"].id)
    status, out, _ = gem("--lang", "fr", "due", "--counsellor", "conseil", "--today",
                         "2026-11-23", "--days", "30")
    assert status == 0
    assert "En retard (1)" in out and g.file_number in out
    assert "2026-07-02  -144" in out
    assert "À échéance d'ici 30 jours (0)" in out
    status, out, _ = gem("--lang", "en", "due", "--today", "2026-11-23", "--days", "30",
                         "--json")
    data = json.loads(out)
    assert [d["due_date"] for d in data["overdue"]] == ["2026-07-02"]
    assert [(d["due_date"], d["days_left"], d["label"]) for d in data["upcoming"]] == \
        [("2026-12-21", 28, "Grievance filing")]
    status, _, err = gem("--lang", "en", "due", "--counsellor", "personne")
    assert status == 2 and err.strip() == "Counsellor: no record matches “personne”."


def test_rule_change_previews_then_moves_only_the_chosen_deadlines(tmp_path, capsys, monkeypatch):
    """`gem deadline change` lists the open deadlines a new version would move, changes
    nothing without --yes, and recomputes only those named in --recompute."""
    import io

    from sqlalchemy import select

    from gem.db import make_engine, session_factory, transaction
    from gem.demo import generate
    from gem.models import Deadline

    url = f"sqlite:///{tmp_path / 'change.sqlite3'}"
    engine = make_engine(url)
    generate(engine, members=120, grievances=200, seed=3)
    factory = session_factory(engine)
    from gem.services.demo_accounts import DEMO_PASSWORD, demo_accounts

    with transaction(factory) as s:
        admin = next(a.login for a in demo_accounts(s) if a.role == "admin")
    base = ["--database", url, "--user", admin, "deadline", "change",
            "grievance_agreement", "--effective-from", "2020-01-01", "--length", "45"]

    monkeypatch.setattr("gem.commands._common.ask_password", lambda _prompt: DEMO_PASSWORD)

    def open_dates() -> dict[int, object]:
        with transaction(factory) as s:
            return dict(s.execute(select(Deadline.id, Deadline.due_date)
                                  .where(Deadline.status == "open")).all())

    before = open_dates()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(base) == 1
    out = capsys.readouterr().out
    assert "45 jours" in out and "Rien n'a été changé" in out
    assert open_dates() == before
    first, second = sorted(before)[:2]
    assert main([*base, "--yes", "--recompute", str(first)]) == 0
    after = open_dates()
    assert after[first] > before[first]
    assert after[second] == before[second]
    assert main([*base, "--effective-from", "2020-01-02", "--yes", "--recompute", "99999999"]) \
        == 2
    engine.dispose()
