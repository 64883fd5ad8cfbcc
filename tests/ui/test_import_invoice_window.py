"""Fichier › Importer… for the lines of a union-leave invoice (issue 14), from the window as
`gem` opens it: a secretary picks the kind, the file, the institution and its invoice with
the keyboard, sees the preview (refused rows first, each line's day, hours and amount),
confirms, and reads the reconciliation verdicts; an administrator takes the batch back from
Fichier › Imports précédents…; a missing invoice is named before anything is read."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from gem.models import LeaveInvoiceLine
from tests.test_import_invoices import NUMBERS, _csv, billing  # noqa: F401 - the fixture
from tests.ui.forms_support import type_text
from tests.ui.test_import_window import (
    ALT,
    _confirm,
    _count,
    _institution,
    _open_history,
    _open_import,
    _to_preview,
)

ROWS = ["No membre;Nom;Prénom;Date travaillée;Heures;Taux;Montant",
        f"{NUMBERS['m1']};Membre;m1;2026-03-02;7,25;40,00;",         # approved: matched
        f"{NUMBERS['m2']};Membre;m2;03/03/2026;7,25;40,00;290,00",   # approved: matched
        f"{NUMBERS['m3']};Membre;m3;2026-03-04;7,25;40,00;",         # no leave: not approved
        f"{NUMBERS['m1']};Membre;m1;31/02/2026;7,25;40,00;",         # refused: no such day
        "999999;Personne;Inconnue;2026-03-06;7,25;40,00;"]           # refused: nobody


def _lines(tx, invoice_id: int) -> int:
    with tx() as session:
        return session.scalar(select(func.count()).select_from(LeaveInvoiceLine).where(
            LeaveInvoiceLine.invoice_id == invoice_id))


def _choose_invoice(d, dialog, path, institution: str, number: str | None) -> None:
    """Step 1 by the keyboard: Alt+T to the kind, Down to the invoice lines, the file typed,
    the institution typed and picked, then Alt+U to the invoice, picked by its number."""
    d.key(Qt.Key.Key_T, ALT, dialog)
    assert QApplication.focusWidget() is dialog.kind
    d.key(Qt.Key.Key_Down, widget=dialog.kind)
    assert dialog.chosen_kind() == "invoice_lines" and dialog.invoice.isVisible()
    dialog.file.setFocus()
    type_text(d.qtbot, dialog.file, str(path))
    dialog.institution.setFocus()
    type_text(d.qtbot, dialog.institution, institution.split()[-1][:9].lower())
    popup = dialog.institution.completer().popup()
    d.qtbot.waitUntil(popup.isVisible, timeout=5_000)
    d.qtbot.keyClick(popup, Qt.Key.Key_Down)
    d.qtbot.keyClick(popup, Qt.Key.Key_Return)
    d.qtbot.waitUntil(lambda: dialog.invoices_loaded, timeout=10_000)
    dialog.activateWindow()  # offscreen leaves the completer's popup the active window
    d.qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    if number is not None:
        d.key(Qt.Key.Key_U, ALT, dialog)  # Fact&ure
        assert QApplication.focusWidget() is dialog.invoice
        index = dialog.invoice.findData(number)
        assert index >= 0, [dialog.invoice.itemText(i) for i in range(dialog.invoice.count())]
        dialog.invoice.setCurrentIndex(index)


def test_a_secretary_imports_an_invoice_s_lines_and_sees_them_reconciled(
        desk, qtbot, people, tx, tmp_path, billing):  # noqa: F811
    institution = _institution(tx, people)
    path = _csv(tmp_path / "facture-mars.csv", ROWS)
    before = _lines(tx, billing["invoice"])
    d = desk()
    d.sign_in("secretaire")
    dialog = _open_import(d)
    assert [dialog.kind.itemData(i) for i in range(dialog.kind.count())] == \
        ["members", "invoice_lines"]
    assert not dialog.invoice.isVisible()  # members need no invoice
    _choose_invoice(d, dialog, path, institution, "FL-202603")
    texts = [dialog.invoice.itemText(i) for i in range(dialog.invoice.count())]
    assert texts == ["FL-202603 (du 2026-03-01 au 2026-03-31)",
                     "FL-202602 (du 2026-02-01 au 2026-03-31)"]  # the latest first
    d.key(Qt.Key.Key_S, ALT, dialog)
    qtbot.waitUntil(lambda: dialog.step() == dialog.MAPPING and not dialog.is_busy(),
                    timeout=15_000)
    chosen = [combo.currentData() for combo in dialog.mapping_combos]
    assert chosen == ["member_number", "last_name", "first_name", "work_date", "hours",
                      "rate", "amount"]  # the names checked against the numbers
    _to_preview(d, dialog)

    assert _count(dialog, "create") == "3 à créer"
    assert _count(dialog, "refused") == "2 refusé(s)"
    assert not dialog.count_labels["update"].isVisible()  # an invoice line is not updated
    assert not dialog.count_labels["left"].isVisible()
    assert "pour la facture FL-202603" in dialog.summary.text()
    model = dialog.model
    shown = [[model.data(model.index(r, c)) for c in range(4)] for r in range(model.rowCount())]
    assert [row[1] for row in shown] == ["Refusée", "Refusée", "À créer", "À créer", "À créer"]
    assert [row[0] for row in shown[:2]] == ["5", "6"]
    assert "« 31/02/2026 » n'est pas une date" in shown[0][3]
    assert "« 999999 » : aucun membre ne porte ce numéro" in shown[1][3]
    assert shown[2][2] == "Membre, m1"
    assert shown[2][3].startswith("2026-03-02 : 7,25 h × 40,00")
    assert "hors de la période" not in shown[2][3]
    filters = [dialog.filter.itemData(i) for i in range(dialog.filter.count())]
    assert filters == [None, "refused", "create", "unchanged"]

    assert not dialog.import_button.isEnabled()  # refused rows hold it back
    d.key(Qt.Key.Key_V, ALT, dialog)
    qtbot.waitUntil(dialog.valid_only.isChecked, timeout=5_000)
    d.key(Qt.Key.Key_I, ALT, dialog)
    box = _confirm(d, dialog)
    assert box.text().startswith(f"Importer 3 ligne(s) sur la facture FL-202603 de "
                                 f"{institution} ?")
    qtbot.waitUntil(lambda: dialog.step() == dialog.DONE, timeout=30_000)
    result = dialog.result_text.text()
    assert result.startswith(f"Lot n° {dialog.batch.id} : 3 ligne(s) créée(s) sur la facture "
                             "FL-202603, 0 inchangée(s).")
    assert "2 conforme(s), 1 sans libération approuvée, 0 aux heures différentes, " \
        "0 déjà facturée(s)" in result
    assert "2 ligne(s) refusée(s) laissée(s) de côté." in result
    assert _lines(tx, billing["invoice"]) == before + 3

    d.key(Qt.Key.Key_M, ALT, dialog)  # Fer&mer: nothing left to ask
    qtbot.waitUntil(lambda: d.window.findChild(type(dialog)) is None, timeout=5_000)


def test_an_institution_without_invoices_is_told_to_enter_one_first(desk, qtbot, people, tx,
                                                                    tmp_path):
    institution = _institution(tx, people, 3)
    path = _csv(tmp_path / "facture.csv", ROWS[:2])
    d = desk()
    d.sign_in("secretaire")
    dialog = _open_import(d)
    _choose_invoice(d, dialog, path, institution, None)
    assert dialog.invoice.itemText(0) == "(aucune facture : saisissez-la d'abord)"
    d.key(Qt.Key.Key_S, ALT, dialog)
    qtbot.waitUntil(dialog.problem.isVisible, timeout=5_000)
    assert dialog.step() == dialog.CHOOSE and not dialog.is_busy()
    assert dialog.problem.text().startswith("Choisissez la facture qui reçoit les lignes")
    assert QApplication.focusWidget() is dialog.invoice


def test_an_administrator_undoes_an_invoice_batch(desk, qtbot, people, tx, tmp_path,
                                                  billing, monkeypatch):  # noqa: F811
    from gem.imports import invoices

    path = _csv(tmp_path / "facture-mars.csv", ROWS[:4])
    before = _lines(tx, billing["invoice"])
    with tx() as session:
        preview = invoices.preview_invoice_lines(session, people["secretaire"], path, "2",
                                                 "FL-202603")
    with tx() as session:
        batch = invoices.import_invoice_lines(session, people["secretaire"], preview)
    assert _lines(tx, billing["invoice"]) == before + 3
    d = desk()
    d.sign_in("admin")
    history = _open_history(d)
    model = history.model
    assert model.data(model.index(0, 4)) == "Lignes de facture de libérations"
    asked: list[str] = []

    def confirm(_parent, _title, text, *_buttons):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(confirm))
    d.key(Qt.Key.Key_A, ALT, history)
    qtbot.waitUntil(lambda: "annulé" in history.notice.text(), timeout=15_000)
    assert "3 ligne(s) de facture créée(s) par ce lot seront retirées" in asked[0]
    assert history.notice.text() == (f"Lot n° {batch.id} annulé : 3 ligne(s) de facture "
                                     "retirée(s), le total et le rapprochement refaits.")
    assert _lines(tx, billing["invoice"]) == before


def test_a_paid_invoice_and_lines_outside_its_period_are_pointed_out(
        desk, qtbot, people, tx, tmp_path, billing):  # noqa: F811
    """Walker's findings: lines went onto a « Payée » invoice, and lines dated outside its
    period, with no word; both are allowed (the form allows them) but said before writing."""
    from gem.models import LeaveInvoice
    from gem.services.leave import LeaveInvoiceService

    with tx() as session:
        march = session.get(LeaveInvoice, billing["invoice"])
        LeaveInvoiceService().update(session, people["admin"], march.id, {"status": "paid"},
                                     march.version)
    institution = _institution(tx, people)
    path = _csv(tmp_path / "facture.csv", [
        ROWS[0], ROWS[1], f"{NUMBERS['m2']};Membre;m2;2026-04-07;7,25;40,00;"])
    d = desk()
    d.sign_in("secretaire")
    dialog = _open_import(d)
    _choose_invoice(d, dialog, path, institution, "FL-202603")
    d.key(Qt.Key.Key_S, ALT, dialog)
    qtbot.waitUntil(lambda: dialog.step() == dialog.MAPPING and not dialog.is_busy(),
                    timeout=15_000)
    _to_preview(d, dialog)
    summary = dialog.summary.text()
    assert "Attention : la facture FL-202603 est déjà « Payée » ; les lignes importées " \
        "changeront son total." in summary
    assert "1 ligne(s) à créer hors de la période de la facture (du 2026-03-01 au " \
        "2026-03-31), par exemple à la ligne 3" in summary
    model = dialog.model
    details = [model.data(model.index(r, 3)) for r in range(model.rowCount())]
    assert details[1].endswith(" — hors de la période de la facture")
    assert not details[0].endswith(" — hors de la période de la facture")
    d.key(Qt.Key.Key_I, ALT, dialog)
    box = _confirm(d, dialog, Qt.Key.Key_R)  # « Revenir à l'aperçu »: nothing written
    assert "déjà « Payée »" in box.text() and "hors de la période" in box.text()
    assert dialog.step() == dialog.PREVIEW and dialog.batch is None
