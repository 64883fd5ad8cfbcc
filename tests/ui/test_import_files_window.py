"""Fichier › Importer… for the previous system's files (issue 14), from the window as `gem`
opens it: an administrator picks the kind and the workbook (no institution: each row names
its own), adjusts with the keyboard the columns GEM could not propose, sheet by sheet, sees
every sheet's counts and the refused rows first, imports the valid rows, finds the columns
remembered for the next file, and takes the batch back from Fichier › Imports
précédents…; other roles are not offered the kind."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QLabel, QMessageBox
from sqlalchemy import select

from gem.models import Grievance
from tests.test_import_files import (  # noqa: F401 - history: a fixture
    EXPECTED,
    VALID,
    _renamed,
    history,
)
from tests.ui.forms_support import type_text
from tests.ui.test_import_window import ALT, _confirm, _count, _open_history, _open_import

pytestmark = pytest.mark.clock("2026-11-16")


def _grievances(tx) -> set[str]:
    with tx() as session:
        return set(session.scalars(select(Grievance.file_number)))


def test_an_administrator_brings_the_previous_system_s_files_in(desk, qtbot, people, tx,
                                                                tmp_path, monkeypatch,
                                                                history):  # noqa: F811
    path = _renamed(tmp_path / "ancien-systeme.xlsx")  # « Réf. », « Sujet »: unknown names
    before = _grievances(tx)
    d = desk()
    d.sign_in("admin")
    dialog = _open_import(d)
    d.key(Qt.Key.Key_T, ALT, dialog)
    assert QApplication.focusWidget() is dialog.kind
    dialog.kind.setCurrentIndex(dialog.kind.findData("files"))
    assert not dialog.institution.isVisible() and not dialog.invoice.isVisible()
    assert dialog.heading.text() == "Étape 1 sur 4 : le classeur ou le dossier"
    assert dialog.browse_folder.isVisible()  # a folder of CSV files may be picked too
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *_a: str(tmp_path)))
    d.key(Qt.Key.Key_D, ALT, dialog)  # &Dossier…
    qtbot.waitUntil(lambda: dialog.file.text() == str(tmp_path), timeout=5_000)
    dialog.file.clear()
    dialog.file.setFocus()
    type_text(qtbot, dialog.file, str(path))
    d.key(Qt.Key.Key_S, ALT, dialog)
    qtbot.waitUntil(lambda: not dialog.is_busy() and (
        dialog.step() == dialog.MAPPING or dialog.problem.isVisible()), timeout=30_000)
    assert dialog.step() == dialog.MAPPING, dialog.problem.text()

    # Step 2: every sheet's columns, under the sheet's name; two the layout does not name
    assert dialog.heading.text() == "Étape 2 sur 4 : les colonnes de chaque feuille"
    assert dialog.mapping_intro.text().startswith(
        "« ancien-systeme.xlsx » : 9 feuille(s) reconnue(s).")
    assert dialog.findChild(QLabel, "import_sheet_hearings").text() == "Feuille « Audiences »"
    griefs = [c.currentText() for c in dialog.mapping_groups[0][3]]
    assert griefs[:6] == ["(ignorer)", "Établissement *", "Type de grief *", "Nature *",
                          "(ignorer)", "Statut *"]
    assert [c.currentText() for c in dialog.mapping_groups[5][3]] == [
        "Arbitrage *", "Date *", "Heure", "Lieu"]
    assert not dialog.next_button.isEnabled()
    assert dialog.mapping_state.text() == ("« Griefs » : Champs obligatoires sans colonne : "
                                           "Numéro de dossier, Objet.")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.mapping_combos[0],
                    timeout=5_000)
    qtbot.keyClicks(QApplication.focusWidget(), "Num")  # « Réf. » → Numéro de dossier
    for _ in range(4):
        d.key(Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier, dialog)
    assert QApplication.focusWidget() is dialog.mapping_combos[4]
    qtbot.keyClicks(QApplication.focusWidget(), "Obj")  # « Sujet » → Objet
    assert dialog.mapping_combos[4].currentData() == "title"
    conseiller = dialog.findChild(QComboBox, "import_column_grievances_9")
    assert conseiller.currentData() == "counsellor"
    conseiller.setCurrentIndex(0)  # left out: its logins are the old system's
    bar = dialog.mapping_area.verticalScrollBar()
    bar.setValue(bar.maximum())  # the person has scrolled down to the last sheet
    assert bar.value() > 0
    assert dialog.mapping_state.text() == "Chaque champ obligatoire a sa colonne."
    assert dialog.next_button.isEnabled()
    d.key(Qt.Key.Key_S, ALT, dialog)
    qtbot.waitUntil(lambda: not dialog.is_busy() and (
        dialog.step() == dialog.PREVIEW or dialog.problem.isVisible()), timeout=30_000)
    assert dialog.step() == dialog.PREVIEW, dialog.problem.text()
    assert dialog.heading.text() == "Étape 3 sur 4 : l'aperçu (rien n'est encore écrit)"
    d.key(Qt.Key.Key_P, ALT, dialog)  # back to the columns, as they were, from the top
    qtbot.waitUntil(lambda: dialog.step() == dialog.MAPPING, timeout=5_000)
    assert dialog.mapping_area.verticalScrollBar().value() == 0
    assert dialog.mapping_combos[4].currentData() == "title"
    d.key(Qt.Key.Key_S, ALT, dialog)
    qtbot.waitUntil(lambda: not dialog.is_busy() and dialog.step() == dialog.PREVIEW,
                    timeout=30_000)
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
    with tx() as session:
        assert session.scalar(select(Grievance.counsellor_id).where(
            Grievance.file_number == "G-2019-0042")) is None  # « Conseiller » left out

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

    # The next file from the previous system: the columns as the person chose them
    d.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is d.window, timeout=5_000)
    dialog = _open_import(d)
    dialog.kind.setCurrentIndex(dialog.kind.findData("files"))
    dialog.file.setText(str(path))
    d.key(Qt.Key.Key_S, ALT, dialog)
    qtbot.waitUntil(lambda: not dialog.is_busy() and dialog.step() == dialog.MAPPING,
                    timeout=30_000)
    assert [c.currentData() for c in dialog.mapping_groups[0][3]][:10] == [
        "file_number", "institution", "kind", "nature", "title", "status", "event_date",
        "knowledge_date", "filed_date", ""]
    assert dialog.next_button.isEnabled()


def test_a_secretary_is_not_offered_the_previous_system_s_files(desk, people):
    d = desk()
    d.sign_in("secretaire")
    dialog = _open_import(d)
    kinds = [dialog.kind.itemData(i) for i in range(dialog.kind.count())]
    assert kinds == ["members", "invoice_lines"]
