"""Fichier › Importer… and Fichier › Imports précédents…, from the window as `gem` opens it
(issue 14): a secretary brings an employee list in with the keyboard (columns proposed, the
preview's counts, refused rows first, the import held back while rows are refused, then the
valid rows only), an administrator undoes the batch, other roles are not offered the import,
and Annuler while reading or writing leaves nothing."""

from __future__ import annotations

import csv
from datetime import date
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox, QPushButton
from shiboken6 import isValid

from gem.imports import batches, members
from gem.services.member import MemberService
from gem.ui.import_dialog import LEFT, ImportDialog
from gem.ui.import_history import BatchTableModel, ImportHistoryDialog
from tests.ui.forms_support import settle, type_text

ALT = Qt.KeyboardModifier.AltModifier
HEADER = ["No membre", "Matricule", "Nom", "Prénom", "Date d'embauche", "Courriel"]
GOOD = [["900001", "E-1", "Bouchard", "Annie", "2019-04-01", "annie@example.org"],
        ["900002", "E-2", "Côté", "Éric", "1/6/2021", ""],
        ["900003", "", "Lavoie", "Nadia", "", ""]]
BAD = [["900004", "E-4", "Roy", "Marc", "31/02/2019", ""],            # no such day
       ["900005", "E-5", "Gagné", "Lise", "", "pas-un-courriel"]]      # not an e-mail


@pytest.fixture(autouse=True)
def _no_unhandled_failure(monkeypatch):
    """A failure no one handled (gem.ui.errors.present: the « erreur interne » notice) fails
    the test: the journeys below must go through without one."""
    from gem.ui import errors

    shown: list[str] = []
    monkeypatch.setattr(errors, "present", lambda _kind, text: shown.append(text))
    yield
    assert shown == []


def _csv(path, rows, header=HEADER):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _xlsx(path, rows, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _institution(tx, people, ident: int = 2) -> str:
    from gem.services.institution import InstitutionService

    with tx() as session:
        return InstitutionService().get(session, people["admin"], ident).name


def _numbers(tx, people, numbers) -> dict[str, tuple[str, date | None]]:
    """The members holding ``numbers``, read through the service: number → (name, hired)."""
    found = {}
    with tx() as session:
        for number in numbers:
            for m in MemberService().find(session, people["admin"], {"member_number": number}):
                found[m.member_number] = (f"{m.last_name}, {m.first_name}", m.hire_date)
    return found


def _file_menu(d, letter: Qt.Key) -> None:
    """Alt+F opens Fichier, then the entry's mnemonic, as a person does."""
    d.key(Qt.Key.Key_F, ALT, d.window)
    d.qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu),
                      timeout=5_000)
    d.qtbot.keyClick(QApplication.activePopupWidget(), letter)


def _file_menu_texts(window) -> list[str]:
    file_menu = window.menuBar().actions()[0].menu()
    return [a.text() for a in file_menu.actions() if a.isVisible() and not a.isSeparator()]


def _open_import(d) -> ImportDialog:
    _file_menu(d, Qt.Key.Key_I)
    d.qtbot.waitUntil(lambda: d.window.findChild(ImportDialog) is not None, timeout=5_000)
    dialog = d.window.findChild(ImportDialog)
    d.qtbot.waitUntil(dialog.institutions_loaded, timeout=10_000)
    return dialog


def _choose(d, dialog: ImportDialog, path, institution: str) -> None:
    """Step 1 typed: the file's path in Fichier (focused when the dialog opens), Tab past
    Parcourir to Établissement, whose name is typed (the combo finds it), then Suivant."""
    assert QApplication.focusWidget() is dialog.file
    type_text(d.qtbot, dialog.file, str(path))
    d.key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.browse
    d.key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.institution
    type_text(d.qtbot, dialog.institution, institution.split()[-1][:9].lower())  # "bas-saint"
    popup = dialog.institution.completer().popup()
    d.qtbot.waitUntil(popup.isVisible, timeout=5_000)
    d.qtbot.keyClick(popup, Qt.Key.Key_Down)
    d.qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.institution.currentText() == institution
    d.key(Qt.Key.Key_S, ALT, dialog)  # &Suivant
    d.qtbot.waitUntil(lambda: dialog.step() == dialog.MAPPING and not dialog.is_busy(),
                      timeout=15_000)


def _press(d, dialog: ImportDialog, letter: Qt.Key) -> None:
    """Alt+letter, and the job it starts under way (a mnemonic clicks its button after Qt's
    100 ms animation)."""
    d.key(letter, ALT, dialog)
    d.qtbot.waitUntil(dialog.is_busy, timeout=5_000)


def _confirm(d, dialog: ImportDialog, letter: Qt.Key = Qt.Key.Key_I) -> QMessageBox:
    """The question Importer asks before it writes, answered by its mnemonic (&Importer, or
    &Revenir à l'aperçu with Key_R)."""
    d.qtbot.waitUntil(lambda: dialog.confirm is not None and dialog.confirm.isVisible(),
                      timeout=5_000)
    box = dialog.confirm
    box.activateWindow()  # as the window manager does for a new dialog
    d.qtbot.waitUntil(lambda: QApplication.activeWindow() is box, timeout=5_000)
    d.qtbot.keyClick(box, letter, ALT)
    d.qtbot.waitUntil(lambda: not box.isVisible(), timeout=5_000)
    return box


def _no_question() -> bool:
    return not isinstance(QApplication.activeModalWidget(), QMessageBox)


def _write(d, dialog: ImportDialog) -> None:
    """Alt+I on the preview, Importer confirmed, and the write under way."""
    d.key(Qt.Key.Key_I, ALT, dialog)
    _confirm(d, dialog)
    d.qtbot.waitUntil(lambda: dialog.is_busy() or dialog.step() == dialog.DONE,
                      timeout=5_000)


def _to_preview(d, dialog: ImportDialog) -> None:
    """Alt+S on the mapping step, then the preview (a short file may be read before a
    busy state could be seen, so the wait is for the step, or a failure)."""
    d.key(Qt.Key.Key_S, ALT, dialog)
    d.qtbot.waitUntil(lambda: not dialog.is_busy() and (
        dialog.step() == dialog.PREVIEW or dialog.problem.isVisible()), timeout=30_000)
    assert dialog.step() == dialog.PREVIEW, dialog.problem.text()


def _count(dialog: ImportDialog, kind: str) -> str:
    return dialog.count_labels[kind].text().replace("<b>", "").replace("</b>", "")


def _cancel_progress(d, dialog: ImportDialog) -> None:
    """Annuler on the progress dialog, by the keyboard (its only button)."""
    assert dialog.progress is not None and dialog.progress.isVisible()
    button = dialog.progress.findChild(QPushButton)
    assert button is not None and button.text() == "Annuler"
    d.qtbot.keyClick(button, Qt.Key.Key_Space)
    d.qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=30_000)


def test_a_secretary_imports_the_valid_rows_with_the_keyboard(desk, qtbot, people, tx,
                                                               tmp_path, monkeypatch):
    with tx() as session:  # already in GEM: updated by the list, and one the list forgets
        MemberService().create(session, people["admin"], {
            "member_number": "900003", "last_name": "Lavoie", "first_name": "Nadine",
            "institution_id": 2})
        MemberService().create(session, people["admin"], {
            "member_number": "900099", "last_name": "Parti", "first_name": "Paul",
            "institution_id": 2})
    institution = _institution(tx, people)
    path = _csv(tmp_path / "liste-employes.csv", [GOOD[0], BAD[0], GOOD[1], BAD[1], GOOD[2]])
    d = desk()
    window = d.sign_in("secretaire")
    assert "&Importer…" in _file_menu_texts(window)
    dialog = _open_import(d)
    assert dialog.kind.currentText() == "Membres (liste d'employés d'un établissement)"
    _choose(d, dialog, path, institution)

    # Step 2: every column proposed from its header; required fields marked
    chosen = [combo.currentText() for combo in dialog.mapping_combos]
    assert chosen == ["Numéro de membre", "Matricule", "Nom de famille *", "Prénom *",
                      "Date d'embauche", "Courriel"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.mapping_combos[0],
                    timeout=5_000)
    assert dialog.next_button.isEnabled()
    dialog.mapping_combos[2].setCurrentIndex(0)  # (ignorer): Nom is required
    assert not dialog.next_button.isEnabled()
    assert dialog.mapping_state.text() == "Champs obligatoires sans colonne : Nom de famille."
    dialog.mapping_combos[2].setCurrentIndex(dialog.mapping_combos[2].findData("last_name"))
    assert dialog.next_button.isEnabled()
    _to_preview(d, dialog)

    # Step 3: the counts, the refused rows first with their column and reason
    assert _count(dialog, "create") == "2 à créer"
    assert _count(dialog, "update") == "1 à mettre à jour"
    assert _count(dialog, "refused") == "2 refusé(s)"
    assert _count(dialog, LEFT) == "1 absent(s) de la liste"
    model = dialog.model
    shown = [[model.data(model.index(r, c)) for c in range(4)] for r in range(model.rowCount())]
    assert [row[1] for row in shown] == ["Refusée", "Refusée", "À créer", "À créer",
                                         "À mettre à jour", "Absent de la liste"]
    assert [row[0] for row in shown[:2]] == ["3", "5"]  # the file's row numbers
    assert shown[0][3].startswith("Date d'embauche : ") and "31/02/2019" in shown[0][3]
    assert shown[1][3].startswith("Courriel : ") and "Courriel : Courriel" not in shown[1][3]
    assert shown[4][2] == "Lavoie, Nadia" and shown[4][3] == "Prénom : Nadine → Nadia"
    assert shown[5][2] == "Parti, Paul"
    dialog.filter.setCurrentIndex(dialog.filter.findData("create"))
    assert [model.data(model.index(r, 2)) for r in range(model.rowCount())] == \
        ["Bouchard, Annie", "Côté, Éric"]
    dialog.filter.setCurrentIndex(0)

    # Refused rows: the import is held back until the valid rows only are asked for
    assert dialog.valid_only.isEnabled() and not dialog.valid_only.isChecked()
    assert not dialog.import_button.isEnabled()
    d.key(Qt.Key.Key_I, ALT, dialog)  # &Importer: nothing happens
    qtbot.wait(400)  # past the mnemonic's 100 ms click animation
    settle(qtbot)
    assert not dialog.is_busy()
    assert dialog.step() == dialog.PREVIEW and dialog.batch is None
    assert _numbers(tx, people, ["900001", "900002"]) == {}

    # The refused rows saved to send back to the institution
    target = tmp_path / "a-corriger.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a: (str(target), "")))
    d.key(Qt.Key.Key_E, ALT, dialog)  # Enregistrer les lignes refusé&es…
    qtbot.waitUntil(lambda: dialog.refused_written is not None, timeout=15_000)
    sheet = openpyxl.load_workbook(target, read_only=True).active
    written = list(sheet.iter_rows(values_only=True))
    assert written[0][:3] == ("Ligne", "Colonne", "Raison")
    assert [(r[0], r[1]) for r in written[1:]] == [(3, "Date d'embauche"), (5, "Courriel")]

    d.key(Qt.Key.Key_V, ALT, dialog)  # Importer seulement les lignes &valides
    qtbot.waitUntil(dialog.valid_only.isChecked, timeout=5_000)
    assert dialog.import_button.isEnabled()
    assert dialog.preview_notice.text().startswith(  # the notice follows the check box
        "2 ligne(s) refusée(s) seront laissées de côté ; les autres seront importées.")
    d.key(Qt.Key.Key_I, ALT, dialog)
    box = _confirm(d, dialog)
    assert box.text() == (f"Importer dans {institution} : 2 membre(s) à créer, 1 à mettre à "
                          "jour ?\n\n2 ligne(s) refusée(s) seront laissées de côté.")
    qtbot.waitUntil(lambda: dialog.step() == dialog.DONE, timeout=30_000)
    batch = dialog.batch
    assert batch is not None
    assert dialog.result_text.text().startswith(
        f"Lot n° {batch.id} : 2 membre(s) créé(s), 1 mis à jour, 0 inchangé(s).")
    assert "2 ligne(s) refusée(s) laissée(s) de côté" in dialog.result_text.text()
    assert "Fichier › Imports précédents…" in dialog.result_text.text()
    assert _numbers(tx, people, ["900001", "900002", "900003", "900004", "900005"]) == {
        "900001": ("Bouchard, Annie", date(2019, 4, 1)),
        "900002": ("Côté, Éric", date(2021, 6, 1)),
        "900003": ("Lavoie, Nadia", None)}
    with tx() as session:
        listed = batches.list_batches(session, people["admin"])
    assert [(b.id, b.file, b.made_by, b.valid_only) for b in listed] == \
        [(batch.id, "liste-employes.csv", "secretaire", True)]


def test_an_xlsx_without_refused_rows_imports_at_once(desk, qtbot, people, tx, tmp_path):
    institution = _institution(tx, people, 3)
    path = _xlsx(tmp_path / "liste.xlsx", [[*GOOD[0][:4], date(2019, 4, 1), None]])
    d = desk()
    d.sign_in("secretaire")
    dialog = _open_import(d)
    _choose(d, dialog, path, institution)
    _to_preview(d, dialog)
    assert _count(dialog, "refused") == "0 refusé(s)"
    assert not dialog.valid_only.isEnabled() and not dialog.write_refused_button.isEnabled()
    assert dialog.import_button.isEnabled()
    # The current row in full under the table (the column cuts long text off)
    assert dialog.row_detail.text() == "Ligne 2 — À créer — Bouchard, Annie"
    d.key(Qt.Key.Key_Return, widget=dialog.table)  # Importer is the default button: it asks
    qtbot.waitUntil(lambda: dialog.confirm is not None and dialog.confirm.isVisible(),
                    timeout=5_000)
    box = dialog.confirm
    d.qtbot.keyClick(box, Qt.Key.Key_Return)  # Entrée again: « Revenir à l'aperçu »
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=5_000)
    settle(qtbot)
    assert dialog.step() == dialog.PREVIEW and not dialog.is_busy()
    assert _numbers(tx, people, ["900001"]) == {}
    d.key(Qt.Key.Key_Return, widget=dialog.table)
    _confirm(d, dialog)
    qtbot.waitUntil(lambda: dialog.step() == dialog.DONE, timeout=30_000)
    assert _numbers(tx, people, ["900001"]) == {"900001": ("Bouchard, Annie",
                                                           date(2019, 4, 1))}


def test_a_file_that_cannot_be_read_says_why_and_stays_on_the_first_step(
        desk, qtbot, people, tx, tmp_path):
    institution = _institution(tx, people)
    path = tmp_path / "pas-un-classeur.xlsx"
    path.write_bytes(b"ceci n'est pas un classeur")
    d = desk()
    d.sign_in("secretaire")
    dialog = _open_import(d)
    type_text(qtbot, dialog.file, str(path))
    dialog.institution.setCurrentIndex(dialog.institution.findText(institution))
    assert dialog.chosen_institution() == 2
    d.key(Qt.Key.Key_S, ALT, dialog)
    qtbot.waitUntil(lambda: not dialog.is_busy() and dialog.problem.isVisible(),
                    timeout=15_000)
    assert dialog.step() == dialog.CHOOSE
    assert "pas-un-classeur.xlsx" in dialog.problem.text()
    assert "Erreur interne" not in dialog.problem.text()


@pytest.mark.parametrize("login", ["conseil", "lecteur"])
def test_other_roles_are_not_offered_the_import(desk, people, login):
    window = desk().sign_in(login)
    texts = _file_menu_texts(window)
    assert window.import_action is None and "&Importer…" not in texts
    assert "Imports &précédents…" in texts


def _import_through_the_service(tx, people, tmp_path, rows=GOOD):
    path = _csv(tmp_path / "liste-octobre.csv", rows)
    with tx() as session:
        preview = members.preview_members(session, people["secretaire"], path, "2")
    with tx() as session:
        return members.import_members(session, people["secretaire"], preview)


def _open_history(d) -> ImportHistoryDialog:
    _file_menu(d, Qt.Key.Key_P)
    d.qtbot.waitUntil(lambda: d.window.findChild(ImportHistoryDialog) is not None,
                      timeout=5_000)
    dialog = d.window.findChild(ImportHistoryDialog)
    d.qtbot.waitUntil(lambda: dialog.loaded, timeout=10_000)
    return dialog


def test_an_administrator_undoes_a_batch_from_the_history(desk, qtbot, people, tx, tmp_path,
                                                          monkeypatch):
    batch = _import_through_the_service(tx, people, tmp_path)
    assert len(_numbers(tx, people, ["900001", "900002", "900003"])) == 3
    institution = _institution(tx, people)
    d = desk()
    d.sign_in("admin")
    dialog = _open_history(d)
    model = dialog.model
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row[0] == str(batch.id) and row[2:7] == ["secretaire", "", "Membres",
                                                    "liste-octobre.csv", institution]
    assert row[7:] == ["3", "0", "0", "0", "0"]  # created, updated, same, refused, absent
    quebec = batch.made_at.astimezone(ZoneInfo("America/Montreal"))  # Québec local time
    assert row[1] == quebec.strftime("%Y-%m-%d %H:%M")
    asked: list[str] = []

    def confirm(_parent, _title, text, *_buttons):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(confirm))
    assert dialog.undo_button.isVisible() and dialog.undo_button.isEnabled()
    d.key(Qt.Key.Key_A, ALT, dialog)  # &Annuler ce lot…
    qtbot.waitUntil(lambda: "annulé" in dialog.notice.text(), timeout=15_000)
    assert asked and f"le lot n° {batch.id}" in asked[0] and "3 membre(s) créé(s)" in asked[0]
    assert dialog.notice.text() == \
        f"Lot n° {batch.id} annulé : 3 membre(s) retiré(s), 0 remis comme avant."
    assert _numbers(tx, people, ["900001", "900002", "900003"]) == {}
    qtbot.waitUntil(lambda: model.data(model.index(0, BatchTableModel.COL_UNDONE)) != "",
                    timeout=10_000)
    assert model.data(model.index(0, BatchTableModel.COL_UNDONE)).endswith(" par admin")
    assert not dialog.undo_button.isEnabled()  # done once: not offered again


def test_an_undo_refused_says_which_member_changed(desk, qtbot, people, tx, tmp_path,
                                                   monkeypatch):
    batch = _import_through_the_service(tx, people, tmp_path)
    with tx() as session:
        member = MemberService().find(session, people["admin"],
                                      {"member_number": "900001"})[0]
        MemberService().update(session, people["secretaire"], member.id,
                               {"email": "annie.b@example.org"}, member.version)
    d = desk()
    d.sign_in("admin")
    dialog = _open_history(d)
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *_a: QMessageBox.StandardButton.Yes))
    d.key(Qt.Key.Key_A, ALT, dialog)
    qtbot.waitUntil(lambda: not dialog.busy and "ne peut plus" in dialog.notice.text(),
                    timeout=15_000)
    assert f"lot d'import n° {batch.id}" in dialog.notice.text().lower()
    assert len(_numbers(tx, people, ["900001", "900002", "900003"])) == 3


def test_a_secretary_sees_the_history_but_may_not_undo(desk, qtbot, people, tx, tmp_path):
    batch = _import_through_the_service(tx, people, tmp_path)
    d = desk()
    d.sign_in("secretaire")
    dialog = _open_history(d)
    assert dialog.model.rowCount() == 1 and dialog.model.batches[0].id == batch.id
    assert not dialog.undo_button.isVisible() and not dialog.undo_button.isEnabled()


def _many(n: int, start: int = 800_000) -> list[list[str]]:
    return [[str(start + i), "", f"Nom{i}", "Prénom", "", ""] for i in range(n)]


def test_annuler_while_reading_the_preview_leaves_nothing(desk, qtbot, people, tx, tmp_path):
    institution = _institution(tx, people)
    path = _csv(tmp_path / "grosse-liste.csv", _many(6000))
    d = desk()
    d.sign_in("secretaire")
    dialog = _open_import(d)
    _choose(d, dialog, path, institution)
    _press(d, dialog, Qt.Key.Key_S)
    _cancel_progress(d, dialog)
    assert dialog.step() == dialog.MAPPING and dialog.preview is None
    assert not dialog.problem.isVisible()  # Annuler is not a failure
    assert dialog.window() is dialog and dialog.isVisible()
    with tx() as session:
        assert batches.list_batches(session, people["admin"]) == []


def test_annuler_while_importing_rolls_everything_back(desk, qtbot, people, tx, tmp_path):
    institution = _institution(tx, people)
    path = _csv(tmp_path / "grosse-liste.csv", _many(3000))
    d = desk()
    d.sign_in("secretaire")
    dialog = _open_import(d)
    _choose(d, dialog, path, institution)
    _to_preview(d, dialog)
    assert _count(dialog, "create") == "3\u202f000 à créer"
    _write(d, dialog)
    _cancel_progress(d, dialog)
    assert dialog.step() == dialog.PREVIEW and dialog.batch is None
    assert not dialog.problem.isVisible()
    assert dialog.preview_notice.text() == \
        "Import annulé : rien n'a été écrit. L'aperçu est toujours là."
    with tx() as session:
        assert batches.list_batches(session, people["admin"]) == []
    assert _numbers(tx, people, ["800000", "802999"]) == {}
    _write(d, dialog)  # again, to the end this time: three chunks of progress
    qtbot.waitUntil(lambda: dialog.step() == dialog.DONE, timeout=60_000)
    assert dialog.result_text.text().startswith(
        f"Lot n° {dialog.batch.id} : 3\u202f000 membre(s) créé(s)")
    assert set(_numbers(tx, people, ["800000", "802999"])) == {"800000", "802999"}


def test_escape_cancels_the_write_and_nothing_else_starts_meanwhile(desk, qtbot, people, tx,
                                                                     tmp_path):
    """Échap on the progress dialog is Annuler (it used to hide the dialog and let the import
    go on), and while the job winds down the dialog stays and offers no second import."""
    institution = _institution(tx, people)
    path = _csv(tmp_path / "grosse-liste.csv", _many(6000))
    d = desk()
    d.sign_in("secretaire")
    dialog = _open_import(d)
    _choose(d, dialog, path, institution)
    _to_preview(d, dialog)
    _write(d, dialog)
    progress = dialog.progress
    assert progress is not None and progress.isVisible()
    assert not dialog.close_button.isEnabled() and not dialog.import_button.isEnabled()
    assert d.window.isEnabled()  # the main window stays usable meanwhile
    qtbot.keyClick(progress, Qt.Key.Key_Escape)
    # The job stops at its next thousand rows; until then the dialog says so, and stays.
    assert dialog.is_busy() and progress.isVisible() and progress.stopping
    assert progress.labelText() == "Annulation en cours : rien ne sera écrit…"
    d.key(Qt.Key.Key_I, ALT, dialog)  # no second import over the one rolling back
    assert dialog.confirm is None or not dialog.confirm.isVisible()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=60_000)
    assert dialog.step() == dialog.PREVIEW and dialog.batch is None
    assert "rien n'a été écrit" in dialog.preview_notice.text()
    with tx() as session:
        assert batches.list_batches(session, people["admin"]) == []
    assert _numbers(tx, people, ["800000"]) == {}


def test_closing_the_preview_asks_before_dropping_it(desk, qtbot, people, tx, tmp_path):
    institution = _institution(tx, people)
    path = _csv(tmp_path / "liste.csv", GOOD)
    d = desk()
    d.sign_in("secretaire")
    dialog = _open_import(d)
    _choose(d, dialog, path, institution)
    _to_preview(d, dialog)
    d.key(Qt.Key.Key_Escape, widget=dialog.table)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox),
                    timeout=5_000)
    box = QApplication.activeModalWidget()
    assert box.text() == "Fermer sans importer ? L'aperçu sera perdu ; rien n'a été écrit."
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Échap again: back to the preview
    qtbot.waitUntil(_no_question, timeout=5_000)
    assert dialog.isVisible() and dialog.step() == dialog.PREVIEW
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    d.key(Qt.Key.Key_M, ALT, dialog)  # Fer&mer asks the same
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox),
                    timeout=5_000)
    box = QApplication.activeModalWidget()
    box.activateWindow()  # as the window manager does; a mnemonic needs the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box, timeout=5_000)
    qtbot.keyClick(box, Qt.Key.Key_F, ALT)  # &Fermer sans importer
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=5_000)
    assert _numbers(tx, people, ["900001"]) == {}


def test_the_import_may_end_while_its_progress_is_updated(desk, people):
    """On a modal QProgressDialog, setValue() runs the event loop, where the import's end can
    arrive and close the progress dialog (seen under X11 on a 36-row list): the update that
    was under way must not then fail with « erreur interne »."""
    d = desk()
    d.sign_in("secretaire")
    dialog = _open_import(d)
    label: list[str] = []

    class EndsInsideSetValue:
        def setLabelText(self, text):
            label.append(text)

        def setRange(self, _low, _high):
            pass

        def setValue(self, _value):
            dialog.progress = None  # what the job's end does, from the nested event loop

    dialog.progress = EndsInsideSetValue()
    dialog._import_progress(1000, 3000)
    dialog._import_progress(2000, 3000)  # after the end: nothing left to update
    assert label == ["Enregistrement des membres… 1\u202f000 sur 3\u202f000"]


def test_the_institution_is_found_without_its_accents(desk, qtbot, people):
    """People type « chu de quebec » for « CHU de Québec–Université Laval »: the list finds it
    and the combo then shows (and the import takes) the name itself."""
    d = desk()
    d.sign_in("secretaire")
    dialog = _open_import(d)
    dialog.institution.setFocus()
    type_text(qtbot, dialog.institution, "chu de quebec")
    popup = dialog.institution.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=5_000)
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert shown == ["CHU de Québec–Université Laval"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    assert dialog.institution.currentText() == "CHU de Québec–Université Laval"
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.institution.currentText() == "CHU de Québec–Université Laval"
    assert dialog.chosen_institution() is not None
    assert dialog.institution.itemText(dialog.institution.findData(
        dialog.chosen_institution())) == "CHU de Québec–Université Laval"
