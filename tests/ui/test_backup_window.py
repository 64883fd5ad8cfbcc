"""Administration › Sauvegarder la base de données, from the window as `gem` opens it
(issue 13): an administrator backs up while the window stays usable; other roles are not
offered the menu."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from gem import backup


def _menus(window) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_an_administrator_backs_up_from_the_menu(desk, qtbot, people, tmp_path, monkeypatch,
                                                 engine):
    d = desk()
    window = d.sign_in("admin")
    assert "Ad&ministration" in _menus(window)
    asked: list[str] = []

    def save_as(_parent, title, suggested, _filter):
        asked.append(suggested)
        return str(tmp_path / "ce-soir"), ""

    shown: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    monkeypatch.setattr(QMessageBox, "information",
                        staticmethod(lambda _p, title, text: shown.append(text)))
    assert window.backup_action is not None
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    written = tmp_path / "ce-soir.gembackup"
    assert Path(asked[0]).name.startswith("gem-") and asked[0].endswith(".gembackup")
    assert shown[0].startswith(f"Sauvegarde écrite :\n{written}\n")
    checked = backup.verify(written)
    assert checked.manifest.engine == engine.dialect.name
    rows = f"{checked.manifest.rows:,}".replace(",", "\u202f")  # Québec: narrow space
    assert f"{len(checked.manifest.tables)} tables, {rows} lignes" in shown[0]


def test_a_backup_that_cannot_be_written_says_why(desk, qtbot, people, tmp_path, monkeypatch):
    d = desk()
    window = d.sign_in("admin")
    (tmp_path / "taken.gembackup").write_text("hier")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda _p, title, text: warned.append(text)))
    dialog = window.back_up(str(tmp_path / "taken.gembackup"))
    qtbot.waitUntil(lambda: dialog.ended, timeout=30_000)
    assert warned and "existe déjà" in warned[0]
    assert (tmp_path / "taken.gembackup").read_text() == "hier"


def test_other_roles_are_not_offered_the_backup(desk, people):
    for login in ("secretaire",):
        window = desk().sign_in(login)
        assert "Ad&ministration" not in _menus(window)
        assert window.backup_action is None
