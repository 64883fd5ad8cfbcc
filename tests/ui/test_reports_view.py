"""The Rapports screen and the lists' "Exporter", driven like a person would."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QListWidget, QPushButton

from gem.demo import generate
from gem.ui import reports_view
from gem.ui.reports_view import ReportsView, export_list


@pytest.fixture
def opened(monkeypatch) -> list[Path]:
    """Files the screen would have opened in the desktop's viewer."""
    seen: list[Path] = []
    monkeypatch.setattr(reports_view, "open_file", seen.append)
    return seen


def test_run_statistics_from_the_screen(qtbot, engine, people, make_ctx, tmp_path, opened):
    from tests import factories

    with make_ctx(people["admin"]).sessions.begin() as s:
        for _ in range(3):
            factories.grievance(s, people["admin"], nature="overtime", filed_date="2026-09-20")
    view = ReportsView(make_ctx(people["coord"]))
    qtbot.addWidget(view)
    view.show()
    view.select_report("statistics")
    assert view.title.text() == "Statistiques des griefs"
    view.widget("start").setDate(QDate(2026, 1, 1))
    view.widget("end").setDate(QDate(2026, 11, 23))
    view.format_box.setCurrentIndex(view.format_box.findData("xlsx"))
    target = tmp_path / "stats.xlsx"
    view.output_edit.setText(str(target))
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    assert not view.run_button.isEnabled() and view.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: view.last_path is not None, timeout=20_000)
    assert opened == [target]
    assert "Rapport produit" in view.status.text()
    qtbot.waitUntil(lambda: view.run_button.isEnabled(), timeout=5_000)
    sheet = load_workbook(target)["Nature"]
    assert [r for r in sheet.iter_rows(min_row=2, max_row=2, values_only=True)] == [
        ("Temps supplémentaire", 3, 100)]


def test_caseload_counsellors_are_checkable_and_default_to_me(qtbot, people, make_ctx,
                                                              tmp_path, opened):
    view = ReportsView(make_ctx(people["conseil"]))
    qtbot.addWidget(view)
    view.select_report("caseload")
    box = view.widget("counsellors")
    assert isinstance(box, QListWidget)
    qtbot.waitUntil(lambda: box.count() >= 2, timeout=10_000)
    assert view.values()["counsellors"] == ["conseil"]
    view.output_edit.setText(str(tmp_path / "c.pdf"))
    view.run()
    qtbot.waitUntil(lambda: view.last_path is not None, timeout=20_000)
    assert opened and opened[0].read_bytes().startswith(b"%PDF")


def test_a_wrong_parameter_is_reported_on_screen(qtbot, people, make_ctx, tmp_path, opened):
    view = ReportsView(make_ctx(people["admin"]))
    qtbot.addWidget(view)
    view.select_report("member")
    view.widget("member").setText("000-inconnu")
    view.output_edit.setText(str(tmp_path / "m.pdf"))
    view.run()
    qtbot.waitUntil(lambda: "n'a pas pu" in view.status.text(), timeout=10_000)
    assert "000-inconnu" in view.status.text()
    assert not opened and not (tmp_path / "m.pdf").exists()
    qtbot.waitUntil(lambda: view.run_button.isEnabled(), timeout=5_000)


def test_export_list_writes_the_filtered_list(qtbot, engine, people, make_ctx, tmp_path):
    generate(engine, members=300, grievances=20, seed=3)
    done: list[Path] = []
    ctx = make_ctx(people["secretaire"])
    dialog = export_list(ctx, "members", {"status": "active"}, "member_number", False,
                         path=tmp_path / "membres")
    qtbot.addWidget(dialog)
    dialog._on_done = done.append
    qtbot.waitUntil(lambda: dialog.ended, timeout=20_000)
    assert done == [tmp_path / "membres.xlsx"]
    rows = list(load_workbook(done[0])["Membres"].iter_rows(min_row=2, values_only=True))
    assert rows and all(r[7] == "Actif" for r in rows)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)


def test_cancel_a_long_export(qtbot, engine, people, make_ctx, tmp_path):
    generate(engine, members=6000, grievances=20, seed=5)
    ctx = make_ctx(people["admin"])
    out = tmp_path / "out"
    out.mkdir()
    target = out / "tout.xlsx"
    dialog = export_list(ctx, "members", {}, None, None, path=target)
    qtbot.addWidget(dialog)
    dialog._on_done = lambda p: pytest.fail("the export should have been cancelled")
    button = dialog.findChild(QPushButton)
    assert button.text() == "Annuler"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ended, timeout=20_000)
    assert isinstance(dialog.error, reports_view.Cancelled)
    assert list(out.iterdir()) == []  # neither the workbook nor its temporary file
