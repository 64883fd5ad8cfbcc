"""« Exporter le calendrier (.ics)… » on Mon portefeuille, from the main window `gem` opens:
a counsellor exports their own caseload by keyboard, a coordinator the counsellor they picked
with a click, and a folder that does not exist is said on the screen. The file dialog is
answered by the test (gem.ui.caseload_view.ask_save_path); the file is read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt

from gem.services.caseload import caseload
from gem.ui import caseload_view
from gem.ui.caseload_view import CaseloadView
from gem.ui.reports_view import reports_folder
from tests.test_caseload_service import DAY, build_caseload

pytestmark = pytest.mark.clock(DAY)


@pytest.fixture
def made(tx, people) -> dict[str, int]:
    with tx() as s:
        return build_caseload(s, people)


@pytest.fixture
def save_as(monkeypatch, tmp_path):
    """The file dialog, answered: ``save_as.answer`` is the path chosen ("" closes it);
    ``save_as.asked`` keeps the names it suggested."""

    class Answers:
        answer = str(tmp_path / "portefeuille")  # no extension: GEM adds .ics
        asked: list[str] = []

    def ask(_parent, _title, suggested, _pattern):
        Answers.asked.append(suggested)
        return Answers.answer

    monkeypatch.setattr(caseload_view, "ask_save_path", ask)
    return Answers


def _caseload_screen(d) -> CaseloadView:
    d.ctrl(Qt.Key.Key_1, d.window)  # Mon portefeuille
    screen = d.window.current_screen()
    assert isinstance(screen, CaseloadView)
    d.qtbot.waitUntil(lambda: screen.caseload is not None, timeout=15_000)
    return screen


def _uids(path: Path) -> set[str]:
    return {str(e["uid"]) for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def _expected(tx, actor, counsellor_id) -> set[str]:
    with tx() as s:
        found = caseload(s, actor, counsellor_id, limit=None)
    return {f"deadline-{r.deadline_id}@gem" for r in (*found.overdue, *found.upcoming)} | \
        {f"hearing-{h.hearing_id}@gem" for h in found.hearings}


def test_a_counsellor_exports_their_calendar_by_keyboard(desk, people, made, tx, save_as,
                                                        tmp_path):
    d = desk()
    d.sign_in("conseil")
    view = _caseload_screen(d)
    with d.qtbot.waitSignal(view.calendar_exported, timeout=15_000) as written:
        d.key(Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier, d.window)  # Exporter le &calendrier
    target = tmp_path / "portefeuille.ics"
    assert written.args == [str(target), len(_uids(target))]
    # suggested in the reports' folder, named after whose caseload and which day
    assert save_as.asked == [str(reports_folder() / f"echeances-conseil-{DAY}.ics")]
    me = people["conseil"]
    uids = _uids(target)
    assert uids == _expected(tx, me, me.id) and len(uids) >= 8
    assert "Calendrier exporté" in d.window.statusBar().currentMessage()
    assert view.calendar_button.isEnabled() and not view.error_label.isVisible()


def test_a_coordinator_exports_the_counsellor_picked(desk, people, made, tx, save_as,
                                                    tmp_path):
    d = desk()
    d.sign_in("coord")
    view = _caseload_screen(d)
    d.qtbot.waitUntil(lambda: view.counsellor_combo.count() > 1, timeout=15_000)
    assert view.select_counsellor(people["conseil2"].id)
    save_as.answer = str(tmp_path / "conseil2.ics")
    with d.qtbot.waitSignal(view.calendar_exported, timeout=15_000):
        d.qtbot.mouseClick(view.calendar_button, Qt.MouseButton.LeftButton)
    assert Path(save_as.asked[-1]).name == f"echeances-conseil2-{DAY}.ics"
    uids = _uids(tmp_path / "conseil2.ics")
    assert uids == _expected(tx, people["coord"], people["conseil2"].id)
    assert uids and f"hearing-{made['hearing_2026-10-15']}@gem" not in uids  # conseil's

    # everyone's, by the combo's first entry
    view.counsellor_combo.setCurrentIndex(0)
    save_as.answer = str(tmp_path / "tous.ics")
    with d.qtbot.waitSignal(view.calendar_exported, timeout=15_000):
        d.qtbot.mouseClick(view.calendar_button, Qt.MouseButton.LeftButton)
    assert Path(save_as.asked[-1]).name == f"echeances-tous-{DAY}.ics"
    assert _uids(tmp_path / "tous.ics") == _expected(tx, people["coord"], None)


def test_a_folder_that_does_not_exist_is_said_on_the_screen(desk, people, made, save_as,
                                                            tmp_path):
    d = desk()
    d.sign_in("conseil")
    view = _caseload_screen(d)
    folder = tmp_path / "nowhere"
    save_as.answer = str(folder / "x.ics")
    d.qtbot.mouseClick(view.calendar_button, Qt.MouseButton.LeftButton)
    d.qtbot.waitUntil(view.error_label.isVisible, timeout=15_000)
    assert view.error_label.text() == ("Le calendrier n'a pas pu être exporté : Fichier : le "
                                       f"dossier « {folder} » n'existe pas.")
    assert not folder.exists() and view.last_calendar is None
    d.qtbot.waitUntil(view.calendar_button.isEnabled, timeout=5_000)

    # closing the dialog writes nothing and says nothing more
    save_as.answer = ""
    d.qtbot.mouseClick(view.calendar_button, Qt.MouseButton.LeftButton)
    d.settle()
    assert view.last_calendar is None and len(save_as.asked) == 2
