"""Two windows on the same grievance: the second save meets the first one's changes. Nothing
is overwritten silently; the user sees both versions and decides, field by field."""

from __future__ import annotations

import pytest

from gem.services.grievance import GrievanceService
from gem.ui.forms import base
from tests import factories
from tests.ui.forms_support import ctrl_s, settle, show_form

THEIR_TITLE = "Prime de soir : rappel de 2025 inclus"
MY_TITLE = "Prime de soir non versée depuis mars"
MY_FACTS = "Constaté sur le talon de paie du 15 mars."
THEIR_REMEDY = "Verser la prime avec intérêts."


@pytest.fixture(autouse=True)
def _answer_yes(monkeypatch):
    monkeypatch.setattr(base, "ask", lambda *a: True)


@pytest.fixture
def two_forms(qtbot, make_ctx, people, tx):
    with tx() as s:
        ident = factories.grievance(s, people["secretaire"]).id
    theirs = show_form(qtbot, make_ctx(people["conseil"]), "grievances", ident)
    mine = show_form(qtbot, make_ctx(people["secretaire"]), "grievances", ident)
    # the counsellor edits the title and the remedy and saves first
    theirs.field("title").widget.setText(THEIR_TITLE)
    theirs.field("remedy_sought").widget.setPlainText(THEIR_REMEDY)
    theirs.save()
    qtbot.waitUntil(lambda: not theirs.is_dirty(), timeout=10000)
    # the secretary, in a form opened before that save, edits the title and the facts
    mine.activateWindow()
    qtbot.waitUntil(mine.isActiveWindow)
    mine.field("title").widget.setText(MY_TITLE)
    mine.field("facts").widget.setFocus()
    mine.field("facts").widget.setPlainText(MY_FACTS)
    ctrl_s(qtbot)
    qtbot.waitUntil(lambda: mine.conflict_dialog is not None, timeout=10000)
    return ident, mine


def _stored(tx, people, ident):
    with tx() as s:
        g = GrievanceService().get(s, people["admin"], ident)
        return g.title, g.facts, g.remedy_sought, g.version


def test_conflict_dialog_shows_both_versions(two_forms, tx, people):
    ident, mine = two_forms
    dialog = mine.conflict_dialog
    rows = {row.key: row for row in dialog.rows}
    assert set(rows) == {"title", "facts", "remedy_sought"}
    assert rows["title"].mine == MY_TITLE and rows["title"].theirs == THEIR_TITLE
    assert rows["title"].mine_changed and rows["title"].theirs_changed
    assert rows["facts"].mine_changed and not rows["facts"].theirs_changed
    assert rows["remedy_sought"].theirs_changed and not rows["remedy_sought"].mine_changed
    # defaults: whoever changed the field; both changed -> the user's own typing
    assert dialog.choices() == {"title": "mine", "facts": "mine", "remedy_sought": "theirs"}
    # nothing was written by the refused save
    assert _stored(tx, people, ident)[:3] == (THEIR_TITLE, None, THEIR_REMEDY)
    assert "Conseil Test" in mine.banner.text()  # by name, not login


@pytest.mark.parametrize("title_choice, expected_title", [("mine", MY_TITLE),
                                                          ("theirs", THEIR_TITLE)])
def test_merge_field_by_field(qtbot, two_forms, tx, people, title_choice, expected_title):
    ident, mine = two_forms
    version_before = _stored(tx, people, ident)[3]
    mine.conflict_dialog.choose("title", title_choice)
    mine.conflict_dialog.merge()
    qtbot.waitUntil(lambda: not mine.is_dirty() and not mine.is_busy(), timeout=10000)
    settle(qtbot)
    title, facts, remedy, version = _stored(tx, people, ident)
    # my facts, their remedy, and the title each person chose: nothing typed was lost
    assert (title, facts, remedy) == (expected_title, MY_FACTS, THEIR_REMEDY)
    assert version == version_before + 1
    assert mine.field("title").raw() == expected_title
    assert mine.field("remedy_sought").raw() == THEIR_REMEDY
    assert mine.version == version


def test_keep_whole_version_or_take_the_other(qtbot, two_forms, tx, people):
    ident, mine = two_forms
    mine.conflict_dialog.take_theirs()
    qtbot.waitUntil(lambda: not mine.is_dirty() and not mine.is_busy(), timeout=10000)
    settle(qtbot)
    assert _stored(tx, people, ident)[:3] == (THEIR_TITLE, None, THEIR_REMEDY)
    assert mine.field("facts").raw() == "" and mine.field("title").raw() == THEIR_TITLE
    # the form is on the stored version again: a new edit saves without a conflict
    mine.field("facts").widget.setPlainText(MY_FACTS)
    mine.save()
    qtbot.waitUntil(lambda: not mine.is_dirty() and not mine.is_busy(), timeout=10000)
    assert _stored(tx, people, ident)[1] == MY_FACTS
    assert mine.conflict_dialog is None


def test_cancelling_the_dialog_keeps_the_typing(qtbot, two_forms, tx, people):
    ident, mine = two_forms
    mine.conflict_dialog.reject()
    settle(qtbot)
    assert mine.is_dirty()
    assert mine.field("title").raw() == MY_TITLE and mine.field("facts").raw() == MY_FACTS
    assert _stored(tx, people, ident)[:3] == (THEIR_TITLE, None, THEIR_REMEDY)
