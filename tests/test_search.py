"""Member and institution quick search: accents, case, compound names, numbers, limits.

Runs on SQLite and, when GEM_TEST_DATABASE_URL is set, on PostgreSQL: SQLite's lower()/LIKE
fold ASCII only, so these tests are what proves the stored search key does the folding.
"""

from __future__ import annotations

import pytest

from gem.services.member import MemberService
from gem.services.search import search_institutions, search_members

MEMBERS = [
    # member number, employee number, last name, first name
    ("100001", "5550001", "Côté", "Hélène"),
    ("100002", "5550002", "Bélanger", "François"),
    ("100003", "7770003", "Côté-Bélanger", "Geneviève"),
    ("100004", "7770004", "Cote", "Marc"),
    ("1000105", "7770005", "Lévesque", "Émilie"),
    ("300006", "100010", "Gagnon", "Marie-Ève"),
    ("300007", "7770007", "Gendron", "Luc"),
    ("300008", "7770008", "ÉMOND", "JÉRÔME"),
]


@pytest.fixture
def members(tx, people) -> None:
    service = MemberService()
    with tx() as session:
        for number, employee, last, first in MEMBERS:
            service.create(session, people["secretaire"], {
                "member_number": number, "employee_number": employee,
                "last_name": last, "first_name": first})


def names(tx, people, text: str, limit: int = 50) -> list[str]:
    with tx() as session:
        return [f"{m.last_name}, {m.first_name}"
                for m in search_members(session, people["lecteur"], text, limit)]


def test_accents_and_case_are_ignored_both_ways(tx, people, members):
    expected = ["Côté-Bélanger, Geneviève", "Côté, Hélène", "Cote, Marc"]
    assert names(tx, people, "cote") == expected
    assert names(tx, people, "CÔTÉ") == expected
    assert names(tx, people, "Cote") == expected
    assert names(tx, people, "helene") == ["Côté, Hélène"]
    assert names(tx, people, "émond") == ["ÉMOND, JÉRÔME"]
    assert names(tx, people, "jerome") == ["ÉMOND, JÉRÔME"]


def test_second_part_of_compound_name_is_found_after_names_that_start_with_it(tx, people,
                                                                              members):
    assert names(tx, people, "BELANGER") == ["Bélanger, François", "Côté-Bélanger, Geneviève"]
    assert names(tx, people, "gen") == ["Gendron, Luc", "Côté-Bélanger, Geneviève"]


def test_every_word_must_start_a_word_in_any_order(tx, people, members):
    assert names(tx, people, "cote hel") == ["Côté, Hélène"]
    assert names(tx, people, "Hélène Côté") == ["Côté, Hélène"]
    assert names(tx, people, "marie-eve") == ["Gagnon, Marie-Ève"]
    assert names(tx, people, "gagnon eve") == ["Gagnon, Marie-Ève"]
    assert names(tx, people, "ote") == []  # inside a word: not a word start
    assert names(tx, people, "cote luc") == []


def test_member_and_employee_number_prefixes_exact_match_first(tx, people, members):
    assert names(tx, people, "1000") == ["Côté, Hélène", "Bélanger, François",
                                          "Côté-Bélanger, Geneviève", "Cote, Marc",
                                          "Lévesque, Émilie", "Gagnon, Marie-Ève"]
    # Gagnon's employee number is exactly 100010; Lévesque's member number only starts so.
    assert names(tx, people, "100010") == ["Gagnon, Marie-Ève", "Lévesque, Émilie"]
    assert names(tx, people, "555") == ["Côté, Hélène", "Bélanger, François"]
    assert names(tx, people, " 100 002 ") == ["Bélanger, François"]
    assert names(tx, people, "999") == []


@pytest.mark.parametrize("text", ["", "   ", "--", "_", "%", "'"])
def test_empty_or_punctuation_only_finds_nothing(tx, people, members, text):
    assert names(tx, people, text) == []


def test_limit_keeps_the_best_rows(tx, people, members):
    service = MemberService()
    with tx() as session:
        for i in range(12):
            service.create(session, people["secretaire"], {
                "member_number": f"90{i:04d}", "last_name": "Tremblay",
                "first_name": f"Aurélie{chr(97 + i)}"})
    found = names(tx, people, "tremblay", limit=5)
    assert found == [f"Tremblay, Aurélie{chr(97 + i)}" for i in range(5)]
    assert len(names(tx, people, "tremblay")) == 12
    assert names(tx, people, "tremblay", limit=0) == []
    # The limit is shared by both phases: names starting with the word, then the others.
    assert names(tx, people, "gen", limit=1) == ["Gendron, Luc"]


def test_institutions_by_words_of_their_name(tx, people):
    with tx() as session:
        actor = people["lecteur"]
        found = [i.name for i in search_institutions(session, actor, "montreal sud")]
        assert found == ["CIUSSS du Centre-Sud-de-l'Île-de-Montréal"]
        assert [i.name for i in search_institutions(session, actor, "SANTE QUEBEC")] == [
            "Santé Québec"]
        chum = [i.name for i in search_institutions(session, actor, "chum")]
        assert chum == ["Centre hospitalier de l'Université de Montréal (CHUM)"]
        assert len(search_institutions(session, actor, "ciusss", limit=3)) == 3
        assert len(search_institutions(session, actor, "ciusss")) == 9
        assert search_institutions(session, actor, "") == []
        assert search_institutions(session, actor, "zzz") == []
