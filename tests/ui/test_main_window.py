"""The main window opens on every screen, shows each list's true count, respects roles, and
comes back on the screen where it was closed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from gem.services import listing
from gem.ui.caseload_view import CaseloadView
from gem.ui.list_view import ListView
from gem.ui.main_window import CASELOAD, LISTS, USERS, MainWindow
from tests import factories
from tests.ui.conftest import wait_loaded


def _window(qtbot, ctx, settings) -> MainWindow:
    window = MainWindow(ctx, settings, "SQLite test")
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def test_every_screen_opens_with_the_database_count(qtbot, make_ctx, settings, people, tx):
    admin = people["admin"]
    with tx() as session:
        factories.grievance(session, admin)
        factories.grievance(session, admin, title="Heures supplémentaires")
    window = _window(qtbot, make_ctx(admin), settings)
    assert [window.nav.item(i).text() for i in range(window.nav.count())][:3] == \
        ["Mon portefeuille", "Membres", "Établissements"]
    for key in (*LISTS, USERS):
        window.show_screen(key)
        screen = window.current_screen()
        assert isinstance(screen, ListView) and screen.list_name == key
        wait_loaded(qtbot, screen.model)
        with tx() as session:
            expected = listing.count(session, admin, key)
        assert screen.model.rowCount() == expected
        assert str(expected) in screen.count_label.text().replace("\u202f", "")
        assert window.current_key() == key
    window.show_screen(CASELOAD)
    assert isinstance(window.current_screen(), CaseloadView)


def test_keyboard_shortcuts_switch_screens(qtbot, make_ctx, settings, people):
    window = _window(qtbot, make_ctx(people["secretaire"]), settings)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "grievances"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == CASELOAD


def test_users_screen_only_for_administrators(qtbot, make_ctx, settings, people):
    for login, visible in (("admin", True), ("coord", False), ("secretaire", False)):
        window = _window(qtbot, make_ctx(people[login]), settings)
        keys = [window.nav.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(window.nav.count())]
        assert (USERS in keys) is visible, login


def test_read_only_user_sees_no_new_action(qtbot, make_ctx, settings, people):
    window = _window(qtbot, make_ctx(people["lecteur"]), settings)
    assert not window.new_action.isVisible()
    for key in LISTS:
        window.show_screen(key)
        screen = window.current_screen()
        assert isinstance(screen, ListView)
        assert screen.new_button is None, key
        assert not screen.can_create()
        assert not window.new_action.isEnabled()
    # the secretary, for comparison, may create grievances but not institutions
    window = _window(qtbot, make_ctx(people["secretaire"]), settings)
    window.show_screen("grievances")
    assert window.current_screen().new_button is not None
    assert window.new_action.isVisible() and window.new_action.isEnabled()
    window.show_screen("institutions")
    assert window.current_screen().new_button is None


def test_geometry_and_last_screen_come_back(qtbot, make_ctx, settings, people):
    ctx = make_ctx(people["conseil"])
    window = _window(qtbot, ctx, settings)
    window.resize(781, 533)  # the offscreen screen is 800 x 600: stay inside it
    window.show_screen("arbitrations")
    window.close()
    assert settings.geometry is not None
    again = _window(qtbot, ctx, settings)
    assert again.current_key() == "arbitrations"
    assert (again.size().width(), again.size().height()) == (781, 533)


def test_status_bar_names_the_user_and_database(qtbot, make_ctx, settings, people):
    window = _window(qtbot, make_ctx(people["secretaire"]), settings)
    assert "secretaire" in window.user_label.text()
    assert "Secrétaire" in window.user_label.text()
    assert window.database_label.text() == "SQLite test"


@pytest.mark.parametrize("lang, title", [("en", "My caseload"), ("fr", "Mon portefeuille")])
def test_window_in_each_language(qtbot, qapp, make_ctx, settings, people, lang, title):
    from gem.ui.app import install_translators

    assert install_translators(qapp, lang)
    try:
        window = _window(qtbot, make_ctx(people["admin"]), settings)
        assert window.nav.item(0).text() == title
        window.show_screen("grievances")
        screen = window.current_screen()
        header = screen.model.headerData(0, Qt.Orientation.Horizontal)
        assert header == ("File number" if lang == "en" else "Numéro de dossier")
        assert screen.new_button.text() == ("New" if lang == "en" else "Nouveau")
        window.show_screen(USERS)  # a ListView subclass: its inherited strings translate too
        assert window.current_screen().new_button.text() == \
            ("New" if lang == "en" else "Nouveau")
        assert window.current_screen().role_button.text() == \
            ("Change the role" if lang == "en" else "Changer le rôle")
    finally:
        install_translators(qapp, "fr")



def test_reports_screen_export_and_calculator_are_reachable(qtbot, make_ctx, settings, people,
                                                            monkeypatch):
    from PySide6.QtWidgets import QApplication

    from gem.ui import reports_view
    from gem.ui.forms.deadline_calculator import DeadlineCalculator
    from gem.ui.main_window import REPORTS

    calls: list[tuple] = []
    monkeypatch.setattr(reports_view, "export_list",
                        lambda ctx, name, filters, key, desc, parent: calls.append(
                            (name, filters, key, desc)))
    window = _window(qtbot, make_ctx(people["conseil"]), settings)
    window.show_screen(REPORTS)
    assert isinstance(window.current_screen(), reports_view.ReportsView)
    window.show_screen("grievances")
    screen = window.current_screen()
    wait_loaded(qtbot, screen.model)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert calls and calls[0][0] == "grievances"
    assert calls[0][2:] == tuple(screen.model.order)
    window.calculator_action.trigger()
    dialogs = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, DeadlineCalculator) and w.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].close()


@pytest.mark.clock("2031-02-28")
def test_a_simulated_date_is_shown_in_the_status_bar(qtbot, make_ctx, settings, people):
    window = _window(qtbot, make_ctx(people["conseil"]), settings)
    shown = window.findChild(QLabel, "simulated_date")
    assert shown is not None and shown.text() == "Date simulée : 2031-02-28"


def test_no_simulated_date_on_the_real_clock(qtbot, make_ctx, settings, people):
    from gem import clock

    with clock.preserved():
        clock.set_clock(None)  # the machine's clock, even when this run uses GEM_CLOCK
        window = _window(qtbot, make_ctx(people["conseil"]), settings)
        assert window.findChild(QLabel, "simulated_date") is None


@pytest.mark.parametrize("login", ["admin", "coord", "conseil", "secretaire", "lecteur"])
def test_the_window_offers_what_the_policy_allows(qtbot, make_ctx, settings, people, login):
    """Screens, « Nouveau », Ctrl+N and Exporter, each as gem.services.policy answers."""
    from gem.services import policy
    from gem.services.policy import Action
    from gem.ui.list_view import ENTITY_OF_LIST
    from gem.ui.main_window import REFERENCE, screens_for

    actor = people[login]
    window = _window(qtbot, make_ctx(actor), settings)
    keys = [window.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.nav.count())]
    assert keys == screens_for(actor)
    assert (USERS in keys) == policy.may(actor, Action.MANAGE_USERS, policy.USER)
    assert (REFERENCE in keys) == policy.may(actor, Action.CHANGE_RULES, policy.JOB_TITLE)
    offered = []
    for key in [k for k in keys if k in ENTITY_OF_LIST]:
        window.show_screen(key)
        screen = window.current_screen()
        assert isinstance(screen, ListView)
        entity = ENTITY_OF_LIST[key]
        creates = policy.may(actor, Action.CREATE, entity)
        assert (screen.new_button is not None) == creates, key
        assert window.new_action.isEnabled() == creates, key
        assert screen.export_button.isHidden() != policy.may(actor, Action.EXPORT, entity)
        assert window.export_action.isEnabled() == policy.may(actor, Action.EXPORT, entity)
        if creates:
            offered.append(key)
    assert window.new_action.isVisible() == bool(offered)
    everything = [*LISTS, USERS]
    expected = {"admin": everything, "coord": list(LISTS),
                "conseil": [k for k in LISTS if k != "institutions"],
                "secretaire": [k for k in LISTS if k != "institutions"], "lecteur": []}
    assert offered == expected[login]
