"""What is typed into a search box never reaches the database raw (issue 12): PostgreSQL
refuses a text holding a NUL ("cannot contain NUL"), SQLite takes it, so a NUL typed or pasted
into the quick search (Ctrl+K) or a picker must be dropped before any query, and the search
then finds what the rest of the text finds, on both engines. The lists' free-text filter
refuses such text by name instead, on both engines too."""

from __future__ import annotations

import pytest

from gem.services.errors import ValidationError
from gem.services.grievance import GrievanceService
from gem.services.member import MemberService
from gem.services.quick_search import quick_search
from gem.services.search import search_institutions, search_members
from gem.services.search_keys import SEARCH_LENGTH, prefix_end, search_text
from tests import factories


@pytest.fixture
def world(tx, people) -> dict[str, int]:
    with tx() as s:
        hel = factories.member(s, people["secretaire"], member_number="4410001",
                               last_name="Côté", first_name="Hélène")
        factories.member(s, people["secretaire"], member_number="4420002",
                         last_name="Gagnon", first_name="Luc")
        g = factories.grievance(s, people["secretaire"], members=[hel.id])
        return {"member": hel.id, "grievance": g.id, "file_number": g.file_number}


def _hits(tx, people, text: str) -> list[tuple[str, int]]:
    with tx() as s:
        return [(h.kind, h.ident) for h in quick_search(s, people["lecteur"], text, "fr")]


@pytest.mark.parametrize("typed, clean", [
    ("Cô\x00té", "Côté"), ("côté\x00", "côté"), ("\x00hélène", "hélène"),
    ("cote\x1b[31m hel", "cote[31m hel"), ("cote\thel", "cote hel"), ("cote\r\nhel", "cote hel"),
    ("cote\ud800", "cote"), ("\x85cote\x9f", "cote")])
def test_quick_search_drops_control_characters(tx, people, world, typed, clean):
    expected = _hits(tx, people, clean)
    assert ("members", world["member"]) in expected or clean.startswith("cote[")
    assert _hits(tx, people, typed) == expected


def test_quick_search_finds_members_and_files_around_a_nul(tx, people, world):
    assert _hits(tx, people, "Cô\x00té hél\x00ène") == [("members", world["member"])]
    assert _hits(tx, people, "441\x000001") == [("members", world["member"])]
    number = world["file_number"]  # G-2026-00001
    with_nul = number[:4] + "\x00" + number[4:]
    assert _hits(tx, people, with_nul) == [("grievances", world["grievance"])]
    assert _hits(tx, people, "\x00") == []
    assert _hits(tx, people, "\x00\x00 \x01") == []


def test_pickers_search_members_and_institutions_around_a_nul(tx, people, world):
    actor = people["lecteur"]
    with tx() as s:
        assert [m.id for m in search_members(s, actor, "gag\x00non")] == \
            [m.id for m in search_members(s, actor, "gagnon")] != []
        assert [i.name for i in search_institutions(s, actor, "montr\x00eal sud")] == \
            ["CIUSSS du Centre-Sud-de-l'Île-de-Montréal"]
        assert search_members(s, actor, "\x00") == []


def test_a_pasted_megabyte_is_looked_up_as_its_first_characters(tx, people, world):
    assert _hits(tx, people, "côté " + "x" * 1_000_000) == []
    assert _hits(tx, people, "côté hélène " * 100_000) == [("members", world["member"])]
    with tx() as s:  # NFKD folds "ﷺ" into four words: pasted 300 times, still four words
        assert search_members(s, people["lecteur"], "\ufdfa" * 1000) == []


def test_the_last_code_points_bound_a_prefix_range(tx, people, world):
    """A prefix ending with U+D7FF or U+10FFFF has no next character to end its range with
    (U+D800 is a surrogate no driver encodes, U+110000 does not exist)."""
    assert prefix_end("ab\ud7ff") == "ab\ue000"
    assert prefix_end("ab\U0010ffff") == "ac"
    assert prefix_end("\U0010ffff") is None
    for typed in ("cote\ud7ff", "cote\U0010ffff", "\U0010ffff", "2026\U0010ffff",
                  "G-2026\ud7ff"):
        assert _hits(tx, people, typed) == []


def test_search_text_keeps_what_can_be_looked_up():
    assert search_text("  Côté\x00-Bélanger,\tHélène  ") == "Côté-Bélanger, Hélène"
    assert search_text(None) == ""
    assert len(search_text("é" * (SEARCH_LENGTH + 50))) == SEARCH_LENGTH


def test_list_text_filter_refuses_a_nul_by_name_on_both_engines(tx, people, world):
    for service in (MemberService(), GrievanceService()):
        with pytest.raises(ValidationError) as err, tx() as s:
            service.find(s, people["secretary"], {"text": "Côté\x00"})
        assert err.value.fields() == {
            "text": "Search: contains a character that is not allowed (U+0000, position 5)."}


def test_list_text_filter_refuses_a_search_longer_than_anything_searched(tx, people, world):
    with pytest.raises(ValidationError) as err, tx() as s:
        GrievanceService().count(s, people["secretaire"], {"text": "x" * (SEARCH_LENGTH + 1)})
    assert err.value.fields() == {
        "text": f"Recherche : {SEARCH_LENGTH} caractères au plus ({SEARCH_LENGTH + 1} saisis)."}
    with tx() as s:
        assert MemberService().count(s, people["secretaire"], {"text": "côté"}) == 1
