"""Fichier › Importer… for the previous system's files (issue 14), from the window as `gem`
opens it: an administrator picks the kind and the workbook (no institution, no columns to
choose: the layout is documented), sees every sheet's counts and the refused rows first,
imports the valid rows, and takes the batch back from Fichier › Imports précédents…; other
roles are not offered the kind."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from sqlalchemy import select

from gem.models import Grievance
from tests.test_import_files import EXPECTED, VALID, _book, history  # noqa: F401 - fixture
from tests.ui.forms_support import type_text
from tests.ui.test_import_window import ALT, _confirm, _count, _open_history, _open_import

pytestmark = pytest.mark.clock("2026-11-16")


def _grievances(tx) -> set[str]:
    with tx() as session:
        return set(session.scalars(select(Grievance.file_number)))


def test_an_administrator_brings_the_previous_system_s_files_in(desk, qtbot, people, tx,
                                                                tmp_path, monkeypatch,
                                                                history):  # noqa: F811
    path = _book(tmp_path / "ancien-systeme.xlsx")
    before = _grievances(tx)
    d = desk()
    d.sign_in("admin")
    dialog = _open_import(d)
    d.key(Qt.Key.Key_T, ALT, dialog)
    assert QApplication.focusWidget() is dialog.kind
    dialog.kind.setCurrentIndex(dialog.kind.findData("files"))
    assert not dialog.institution.isVisible() and not dialog.invoice.isVisible()
    assert dialog.heading.text() == "Étape 1 sur 3 : le classeur ou le dossier"
    assert dialog.browse_folder.isVisible()  # a folder of CSV files may be picked too
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *_a: str(tmp_path)))
    d.key(Qt.Key.Key_D, ALT, dialog)  # &Dossier…
    qtbot.waitUntil(lambda: dialog.file.text() == str(tmp_path), timeout=5_000)
    dialog.file.clear()
    dialog.file.setFocus()
    type_text(qtbot, dialog.file, str(path))
    d.key(Qt.Key.Key_S, ALT, dialog)  # straight to the preview: the layout is documented
    qtbot.waitUntil(lambda: not dialog.is_busy() and (
        dialog.step() == dialog.PREVIEW or dialog.problem.isVisible()), timeout=30_000)
    assert dialog.step() == dialog.PREVIEW, dialog.problem.text()
    assert dialog.heading.text() == "Étape 2 sur 3 : l'aperçu (rien n'est encore écrit)"
    refused = sum(r for _c, r in EXPECTED.values())
    assert _count(dialog, "create") == f"{VALID} à créer"
    assert _count(dialog, "refused") == f"{refused} refusé(s)"
    assert not dialog.count_labels["update"].isVisible()
    summary = dialog.summary.text()
    assert summary.startswith("« ancien-systeme.xlsx », dossiers de l'ancien système : ")
    assert "Griefs : 3 à créer, 5 refusée(s)" in summary
    assert "Audiences : 2 à créer, 1 refusée(s)" in summary
    model = dialog.model
    outcomes = [model.data(model.index(r, 1)) for r in range(model.rowCount())]
    assert outcomes[:refused] == ["Refusée"] * refused
    assert model.data(model.index(refused, 2)).startswith("Griefs · ")
    d.key(Qt.Key.Key_V, ALT, dialog)
    qtbot.waitUntil(dialog.valid_only.isChecked, timeout=5_000)
    assert dialog.preview_notice.text().endswith("Enregistrez-les pour corriger l'export.")
    d.key(Qt.Key.Key_I, ALT, dialog)
    box = _confirm(d, dialog)
    assert box.text().startswith(f"Importer {VALID} ligne(s) de « ancien-systeme.xlsx »")
    qtbot.waitUntil(lambda: dialog.step() == dialog.DONE, timeout=60_000)
    batch = dialog.batch
    assert dialog.result_text.text().startswith(
        f"Lot n° {batch.id} : {VALID} ligne(s) importée(s) : 3 grief(s), 1 arbitrage(s), "
        "1 entente(s), 1 recours")
    assert _grievances(tx) - before == {"G-2019-0042", "G-2026-0007", "G-2020-0001"}

    # The imported grievance, opened from the window: its timeline says where it came from
    with tx() as session:
        ident = session.scalar(select(Grievance.id).where(
            Grievance.file_number == "G-2026-0007"))
    d.key(Qt.Key.Key_M, ALT, dialog)
    qtbot.waitUntil(lambda: d.window.findChild(type(dialog)) is None, timeout=5_000)
    form = d.window.open_record("grievances", ident)
    d.wait_form_loaded(form)
    timeline = form.timeline.table.model()
    assert timeline.rowCount() == 1
    assert timeline.index(0, 1).data() == "Import"
    assert timeline.index(0, 2).data().startswith(
        f"Dossier importé de l'ancien système (lot d'import n° {batch.id}")
    assert form.deadlines.rows and not form.deadlines.empty.isVisibleTo(form)  # an open one
    with tx() as session:  # a closed one (Réglé) has none, and says why
        closed = session.scalar(select(Grievance.id).where(
            Grievance.file_number == "G-2019-0042"))
    form = d.window.open_record("grievances", closed)
    d.wait_form_loaded(form)
    qtbot.waitUntil(lambda: form.deadlines.empty.text() ==
                    "Aucune échéance : le dossier est fermé.", timeout=10_000)
    assert form.deadlines.rows == []

    d.window.activateWindow()  # what the window manager does once the dialog has gone
    qtbot.waitUntil(lambda: QApplication.activeWindow() is d.window, timeout=5_000)
    history_dialog = _open_history(d)
    asked: list[str] = []

    def confirm(_parent, _title, text, *_buttons):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(confirm))
    d.key(Qt.Key.Key_A, ALT, history_dialog)
    qtbot.waitUntil(lambda: "annulé" in history_dialog.notice.text(), timeout=30_000)
    assert f"Les {VALID} ligne(s) qu'il a importées seront retirées" in asked[0]
    assert history_dialog.notice.text().startswith(f"Lot n° {batch.id} annulé : {VALID} "
                                                   "ligne(s) retirée(s)")
    assert _grievances(tx) == before


def test_a_secretary_is_not_offered_the_previous_system_s_files(desk, people):
    d = desk()
    d.sign_in("secretaire")
    dialog = _open_import(d)
    kinds = [dialog.kind.itemData(i) for i in range(dialog.kind.count())]
    assert kinds == ["members", "invoice_lines"]
