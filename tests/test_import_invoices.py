"""The invoice-lines import (issue 14), on both engines: the lines of a union-leave invoice
from the institution's spreadsheet, previewed, written as one audited batch, the invoice's
total refreshed, reconciled at once against approved leave; the same file twice writes no
line; a refused row means nothing is written unless the valid rows only are asked for; a
stale preview is refused; the undo takes the lines back and puts the total and the verdicts
right; the command line; who may import."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import func, select

from gem.imports import batches, invoices, members
from gem.models import AuditEntry, ImportBatch, Institution, LeaveInvoice, LeaveInvoiceLine
from gem.services.errors import PermissionDenied
from gem.services.leave import InvoiceLineService, LeaveInvoiceService, UnionLeaveService
from gem.services.reconciliation import reconcile
from tests import factories
from tests.conftest import PG_URL

HEADER = ["No membre", "Matricule", "Nom", "Prénom", "Date", "Heures", "Taux", "Montant"]
NUMBERS = {"m1": "410001", "m2": "410002", "m3": "410003", "m4": "410004"}


def _sheet(path, rows, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _csv(path, lines):
    """What Excel saves on a French Windows: « ; » between cells, Windows-1252."""
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def billing(tx, people):
    """Four members of institution 2 and their leave in March 2026: m1 approved on the 2nd
    (7.25 h) and on the 9th-10th (14.50 h), m2 approved on the 3rd (7.25 h), m3 nothing,
    m4 approved on the 5th and already billed for it on February's invoice. March's
    invoice (FL-202603) has one typed line, m1 on the 10th, which the reconciliation
    (run as the report runs it) found short of the leave's hours."""
    admin = people["admin"]
    with tx() as s:
        ids = {key: factories.member(s, admin, member_number=number, employee_number=f"E-{key}",
                                     last_name="Membre", first_name=key).id
               for key, number in NUMBERS.items()}
        leaves = UnionLeaveService()

        def leave(member, start, end, hours):
            leaves.create(s, admin, {
                "member_id": ids[member], "institution_id": 2, "leave_type": "union_business",
                "start_date": start, "end_date": end, "hours": hours,
                "payment": "reimbursed_by_union", "status": "approved"})

        leave("m1", "2026-03-02", "2026-03-02", "7.25")
        leave("m1", "2026-03-09", "2026-03-10", "14.50")
        leave("m2", "2026-03-03", "2026-03-03", "7.25")
        leave("m4", "2026-03-05", "2026-03-05", "7.25")
        february = LeaveInvoiceService().create(s, admin, {
            "institution_id": 2, "number": "FL-202602", "invoice_date": "2026-03-20",
            "period_start": "2026-02-01", "period_end": "2026-03-31"})
        march = LeaveInvoiceService().create(s, admin, {
            "institution_id": 2, "number": "FL-202603", "invoice_date": "2026-04-10",
            "period_start": "2026-03-01", "period_end": "2026-03-31"})
        lines = InvoiceLineService()
        ids["earlier"] = lines.create(s, admin, {
            "invoice_id": february.id, "member_id": ids["m4"], "work_date": "2026-03-05",
            "hours": "7.25", "rate": "40.00"}).id
        ids["typed"] = lines.create(s, admin, {
            "invoice_id": march.id, "member_id": ids["m1"], "work_date": "2026-03-10",
            "hours": "7.25", "rate": "40.00"}).id
        ids["invoice"] = march.id
    with tx() as s:
        reconcile(s, admin, 2, date(2026, 3, 1), date(2026, 3, 31))
    with tx() as s:
        assert s.get(LeaveInvoiceLine, ids["typed"]).match == "hours_differ"
        assert s.get(LeaveInvoiceLine, ids["earlier"]).match == "matched"
    return ids


GOOD_ROWS = [
    [NUMBERS["m1"], None, "Membre", "m1", date(2026, 3, 2), 7.25, 40, 290],     # matched
    [NUMBERS["m1"], None, "Membre", "m1", "2026-03-09", "7,25", "40,00", None],  # with typed
    [None, "E-m2", "Membre", "m2", "2026-03-03", 8, 40, None],        # by matricule, 8 ≠ 7.25
    [NUMBERS["m3"], None, "Membre", "m3", "04/03/2026", "7,25", "40", ""],     # no leave
    [NUMBERS["m4"], None, "Membre", "m4", date(2026, 3, 5), 7.25, 40, "290,00 $"],  # billed
]


def _preview(tx, actor, path, number="FL-202603", institution="2"):
    with tx() as session:
        return invoices.preview_invoice_lines(session, actor, path, institution, number)


def _lines(session, invoice_id):
    return {(line.member_id, line.work_date): line for line in session.scalars(
        select(LeaveInvoiceLine).where(LeaveInvoiceLine.invoice_id == invoice_id))}


def test_lines_are_imported_reconciled_and_audited_with_their_batch(tx, people, billing,
                                                                    tmp_path):
    path = _sheet(tmp_path / "facture.xlsx", GOOD_ROWS)
    preview = _preview(tx, people["secretaire"], path)
    assert preview.counts == {"refused": 0, "create": 5, "unchanged": 0}
    assert preview.invoice_number == "FL-202603" and preview.invoice_id == billing["invoice"]
    assert [o.member_id for o in preview.outcomes] == [
        billing["m1"], billing["m1"], billing["m2"], billing["m3"], billing["m4"]]
    assert preview.outcomes[2].data["amount"] == Decimal("320.00")  # hours × rate
    with tx() as session:
        batch = invoices.import_invoice_lines(session, people["secretaire"], preview)
    assert batch.kind == batches.INVOICE_LINES and batch.made_by == "secretaire"
    assert {k: batch.counts[k] for k in ("create", "unchanged", "refused")} == \
        {"create": 5, "unchanged": 0, "refused": 0}
    assert {k: batch.counts[k] for k in invoices.VERDICTS} == {
        "matched": 2, "not_approved": 1, "hours_differ": 1, "already_billed": 1}
    assert batch.counts["rechecked"] == 1  # the typed line: its leave is billed in full now
    with tx() as session:
        lines = _lines(session, billing["invoice"])
        verdicts = {(member, day.day): line.match for (member, day), line in lines.items()}
        assert verdicts == {
            (billing["m1"], 2): "matched", (billing["m1"], 9): "matched",
            (billing["m1"], 10): "matched", (billing["m2"], 3): "hours_differ",
            (billing["m3"], 4): "not_approved", (billing["m4"], 5): "already_billed"}
        assert lines[(billing["m2"], date(2026, 3, 3))].amount == Decimal("320.00")
        invoice = session.get(LeaveInvoice, billing["invoice"])
        assert invoice.total == Decimal("1770.00")  # 290 typed + 290 × 4 + 320
        entries = list(session.scalars(select(AuditEntry).where(
            AuditEntry.batch_id == batch.id).order_by(AuditEntry.id)))
        assert (entries[0].action, entries[0].entity) == ("import", "import_batch")
        created = {e.entity_id for e in entries
                   if (e.action, e.entity) == ("create", "leave_invoice_line")}
        imported = {line.id for line in lines.values()} - {billing["typed"]}
        assert created == imported
        rechecked = {e.entity_id: e.after for e in entries
                     if (e.action, e.entity) == ("update", "leave_invoice_line")}
        assert set(rechecked) == imported | {billing["typed"]}  # every verdict stored
        assert rechecked[billing["typed"]] == {"match": "matched"}
        totals = [e for e in entries if e.entity == "leave_invoice"]
        assert [(t.entity_id, t.after) for t in totals] == [
            (billing["invoice"], {"total": "1770.00"})]
        assert all(e.user_login == "secretaire" for e in entries)
        # nothing the import caused is left without its batch
        assert _count(session, AuditEntry, AuditEntry.batch_id.is_(None),
                      AuditEntry.id > entries[0].id) == 0
        stored = session.get(ImportBatch, batch.id)
        assert (stored.file_name, stored.institution_id) == ("facture.xlsx", 2)

    # The same file again: every line is on the invoice already; the import writes no line.
    again = _preview(tx, people["secretaire"], path)
    assert again.counts == {"refused": 0, "create": 0, "unchanged": 5}
    with tx() as session:
        audits = _count(session, AuditEntry)
        second = invoices.import_invoice_lines(session, people["secretaire"], again)
    assert second.counts["create"] == 0 and second.counts["unchanged"] == 5
    with tx() as session:
        assert len(_lines(session, billing["invoice"])) == 6
        assert session.get(LeaveInvoice, billing["invoice"]).total == Decimal("1770.00")
        assert _count(session, AuditEntry, AuditEntry.entity != "import_batch",
                      AuditEntry.id > audits) == 0


def test_refused_rows_mean_nothing_is_written_unless_valid_rows_only(tx, people, billing,
                                                                     tmp_path):
    path = _csv(tmp_path / "facture.csv", [
        "Numéro de membre;Nom;Prénom;Date travaillée;Heures;Taux horaire;Montant",
        f"{NUMBERS['m1']};Membre;m1;2026-03-02;7,25;40,00;290,00",
        f"{NUMBERS['m2']};Membre;m2;31/02/2026;7,25;40,00;",
        "999999;Inconnu;Personne;2026-03-03;7,25;40,00;",
        f"{NUMBERS['m1']};Membre;m1;2026-03-02;7,25;40,00;",
        f"{NUMBERS['m2']};Membre;m2;2026-03-03;7,25;40,00;300,00",
        f"{NUMBERS['m1']};Membre;m1;2026-03-10;8;40,00;",
    ])
    preview = _preview(tx, people["secretaire"], path)
    assert preview.counts == {"refused": 5, "create": 1, "unchanged": 0}
    problems = {o.row: [(p.column, p.message) for p in o.problems] for o in preview.refused}
    assert problems[3] == [("Date travaillée", "« 31/02/2026 » n'est pas une date")]
    assert problems[4] == [("Numéro de membre",
                            "« 999999 » : aucun membre ne porte ce numéro")]
    assert problems[5] == [("Date travaillée",
                            "ce membre figure déjà à cette date à la ligne 2 du fichier")]
    ((column, message),) = problems[6]
    assert column == "Montant" and "n'est pas heures × taux" in message
    assert "290,00" in message and "300,00" in message
    ((column, message),) = problems[7]
    assert column == "" and message.startswith(
        "la facture a déjà une ligne de ce membre à cette date (7,25 h à 40,00")
    assert message.endswith("un import ne modifie pas une ligne facturée")
    with tx() as session:
        before = (_count(session, LeaveInvoiceLine), _count(session, AuditEntry),
                  session.get(LeaveInvoice, billing["invoice"]).total)
    with tx() as session, pytest.raises(members.RowsRefused) as refused:
        invoices.import_invoice_lines(session, people["secretaire"], preview)
    assert refused.value.message("fr").startswith("5 ligne(s) refusée(s) : rien n'a été "
                                                  "importé.")
    with tx() as session:
        assert (_count(session, LeaveInvoiceLine), _count(session, AuditEntry),
                session.get(LeaveInvoice, billing["invoice"]).total) == before
        assert _count(session, ImportBatch) == 0
    with tx() as session:
        batch = invoices.import_invoice_lines(session, people["secretaire"], preview,
                                              valid_only=True)
    assert batch.valid_only and batch.counts["refused"] == 5 and batch.counts["create"] == 1
    assert batch.counts["matched"] == 1
    with tx() as session:
        lines = _lines(session, billing["invoice"])
        assert set(lines) == {(billing["m1"], date(2026, 3, 2)),
                              (billing["m1"], date(2026, 3, 10))}
        assert lines[(billing["m1"], date(2026, 3, 10))].hours == Decimal("7.25")  # untouched
        assert session.get(LeaveInvoice, billing["invoice"]).total == Decimal("580.00")


def test_a_row_is_refused_as_the_line_form_refuses_it(tx, people, billing, tmp_path):
    """No hours, no rate, no member: the form's own words, naming the file's column."""
    path = _sheet(tmp_path / "facture.xlsx", [
        [NUMBERS["m1"], None, "Membre", "m1", "2026-03-02", 0, 40, None],
        [NUMBERS["m1"], None, "Membre", "m1", "2026-03-03", 7, None, None],
        [None, None, "Sans", "Numéro", "2026-03-04", 7, 40, None],
        [None, "E-inconnu", "Sans", "Numéro", "2026-03-04", 7, 40, None]])
    preview = _preview(tx, people["secretaire"], path)
    problems = {o.row: [(p.column, p.message) for p in o.problems] for o in preview.refused}
    assert problems == {
        2: [("Heures", "Heures : doit être plus grand que zéro.")],
        3: [("Taux", "Taux horaire : ce champ est obligatoire.")],
        4: [("No membre",
             "le membre manque : donnez son numéro de membre ou son matricule")],
        5: [("Matricule", "« E-inconnu » : aucun membre ne porte ce numéro")]}
    with tx() as session:  # in English for an English-speaking secretary
        english = invoices.preview_invoice_lines(session, people["secretary"], path, "2",
                                                 "FL-202603")
    assert english.refused[0].problems[0].message != problems[2][0][1]


def test_the_columns_are_proposed_from_french_and_english_headers():
    from gem.imports import columns

    french = ["Nº membre", "Matricule", "Nom", "Prénom", "Date travaillée", "HEURES",
              "Taux horaire", "Montant"]
    assert columns.propose(french, invoices.FIELDS) == {
        0: "member_number", 1: "employee_number", 2: "last_name", 3: "first_name",
        4: "work_date", 5: "hours", 6: "rate", 7: "amount"}
    english = ["Member number", "Employee number", "Last name", "Work date", "Hours",
               "Rate", "Amount"]
    assert columns.propose(english, invoices.FIELDS) == {
        0: "member_number", 1: "employee_number", 2: "last_name", 3: "work_date", 4: "hours",
        5: "rate", 6: "amount"}
    assert columns.propose(["Numéro de membre", "Date", "Taux"], invoices.FIELDS) == {
        0: "member_number", 1: "work_date", 2: "rate"}


def test_an_unknown_invoice_or_a_missing_column_is_named(tx, people, billing, tmp_path):
    path = _sheet(tmp_path / "facture.xlsx", GOOD_ROWS[:1])
    with tx() as session, pytest.raises(invoices.UnknownInvoice) as unknown:
        invoices.preview_invoice_lines(session, people["secretaire"], path, "2", "FL-999")
    with tx() as session:
        name = session.get(Institution, 2).name
    assert unknown.value.message("fr").startswith(f"Facture « FL-999 » introuvable pour {name}")
    with tx() as session, pytest.raises(invoices.UnknownInvoice):  # another institution's
        invoices.preview_invoice_lines(session, people["secretaire"], path, "3", "FL-202603")
    bare = _sheet(tmp_path / "sans-heures.xlsx", [["410001", "2026-03-02", 40]],
                  header=["No membre", "Date", "Taux"])
    with tx() as session, pytest.raises(members.columns.MissingColumns) as missing:
        invoices.preview_invoice_lines(session, people["secretaire"], bare, "2", "FL-202603")
    assert "« Heures »" in missing.value.message("fr")
    nobody = _sheet(tmp_path / "sans-membre.xlsx", [["2026-03-02", 7, 40]],
                    header=["Date", "Heures", "Taux"])
    with tx() as session, pytest.raises(members.columns.MissingColumns) as missing:
        invoices.preview_invoice_lines(session, people["secretaire"], nobody, "2",
                                       "FL-202603")
    assert "« Numéro de membre ou matricule »" in missing.value.message("fr")


def test_a_paid_invoice_and_lines_outside_its_period_are_warned_of(tx, people, billing,
                                                                    tmp_path):
    """Walker's finding: lines went onto a « Payée » invoice, and lines dated outside its
    period, without a word. The typed-line form allows both, so the import does too, but
    the preview says so (the window and the command show these warnings)."""
    path = _sheet(tmp_path / "facture.xlsx", GOOD_ROWS[:1])
    preview = _preview(tx, people["secretaire"], path)
    assert invoices.preview_warnings(preview, "fr") == []
    with tx() as session:
        march = session.get(LeaveInvoice, billing["invoice"])
        LeaveInvoiceService().update(session, people["admin"], march.id, {"status": "paid"},
                                     march.version)
    late = _sheet(tmp_path / "tardive.xlsx", [
        *GOOD_ROWS[:1], [NUMBERS["m2"], None, "Membre", "m2", date(2026, 4, 7), 7.25, 40, None]])
    preview = _preview(tx, people["secretaire"], late)
    assert preview.invoice_status == "paid" and preview.counts["create"] == 2
    assert invoices.preview_warnings(preview, "fr") == [
        "Attention : la facture FL-202603 est déjà « Payée » ; les lignes importées "
        "changeront son total.",
        "1 ligne(s) à créer hors de la période de la facture (du 2026-03-01 au 2026-03-31), "
        "par exemple à la ligne 3 : vérifiez-les avant d'importer."]
    assert invoices.preview_warnings(preview, "en")[0].startswith("Warning: invoice FL-202603")


def test_a_preview_gone_stale_is_refused_and_nothing_written(tx, people, billing, tmp_path):
    path = _sheet(tmp_path / "facture.xlsx", GOOD_ROWS)
    preview = _preview(tx, people["secretaire"], path)
    with tx() as session:  # a colleague types a line meanwhile: the total changes
        InvoiceLineService().create(session, people["admin"], {
            "invoice_id": billing["invoice"], "member_id": billing["m3"],
            "work_date": "2026-03-20", "hours": "1", "rate": "40.00"})
    with tx() as session, pytest.raises(invoices.InvoiceOutdated) as stale:
        invoices.import_invoice_lines(session, people["secretaire"], preview)
    assert isinstance(stale.value, members.PreviewOutdated)
    assert stale.value.message("fr") == ("La facture « FL-202603 » a été modifiée depuis "
                                         "l'aperçu : rien n'a été importé. Refaites l'aperçu.")
    with tx() as session:
        assert len(_lines(session, billing["invoice"])) == 2
        assert _count(session, ImportBatch) == 0
    fresh = _preview(tx, people["secretaire"], path)
    with tx() as session:  # a line typed for a member and day of the file, total unchanged
        InvoiceLineService().create(session, people["admin"], {
            "invoice_id": billing["invoice"], "member_id": billing["m3"],
            "work_date": "2026-03-04", "hours": "7.25", "rate": "0"})
        version = session.get(LeaveInvoice, billing["invoice"]).version
    assert version == fresh.invoice_version  # the total did not move: the lines tell
    with tx() as session, pytest.raises(invoices.InvoiceOutdated):
        invoices.import_invoice_lines(session, people["secretaire"], fresh)
    with tx() as session:
        assert len(_lines(session, billing["invoice"])) == 3


def test_an_undo_deletes_the_lines_and_puts_total_and_verdicts_right(tx, people, billing,
                                                                     tmp_path):
    path = _sheet(tmp_path / "facture.xlsx", GOOD_ROWS)
    with tx() as session:
        batch = invoices.import_invoice_lines(session, people["secretaire"],
                                              _preview(tx, people["secretaire"], path))
    with tx() as session:  # m3's leave approved since, the report run again: a verdict
        UnionLeaveService().create(session, people["admin"], {  # worked out again is no
            "member_id": billing["m3"], "institution_id": 2,      # one's change
            "leave_type": "union_business", "start_date": "2026-03-04",
            "end_date": "2026-03-04", "hours": "7.25", "payment": "reimbursed_by_union",
            "status": "approved"})
    with tx() as session:
        result = reconcile(session, people["secretaire"], 2, date(2026, 3, 1),
                           date(2026, 3, 31))
        assert result.changed == 1
    with tx() as session, pytest.raises(PermissionDenied):
        batches.undo_batch(session, people["secretaire"], batch.id)
    with tx() as session:
        undone = batches.undo_batch(session, people["admin"], batch.id)
    assert undone.undone_by == "admin"
    with tx() as session:
        lines = _lines(session, billing["invoice"])
        assert [line.id for line in lines.values()] == [billing["typed"]]
        assert session.get(LeaveInvoice, billing["invoice"]).total == Decimal("290.00")
        # the typed line alone bills half its leave's hours again
        assert session.get(LeaveInvoiceLine, billing["typed"]).match == "hours_differ"
        assert session.get(LeaveInvoiceLine, billing["earlier"]).match == "matched"
        undo_entries = list(session.scalars(select(AuditEntry).where(
            AuditEntry.batch_id == batch.id, AuditEntry.action.in_(["delete", "undo"]))))
        assert len([e for e in undo_entries if e.action == "delete"]) == 5
        assert _count(session, AuditEntry, AuditEntry.batch_id.is_(None),
                      AuditEntry.entity.in_(["leave_invoice", "leave_invoice_line"]),
                      AuditEntry.user_login == "admin",
                      AuditEntry.id > min(e.id for e in undo_entries)) == 0
    with tx() as session, pytest.raises(batches.AlreadyUndone):
        batches.undo_batch(session, people["admin"], batch.id)


def test_an_undo_is_refused_once_an_imported_line_was_edited(tx, people, billing, tmp_path):
    path = _sheet(tmp_path / "facture.xlsx", GOOD_ROWS[:1])
    with tx() as session:
        batch = invoices.import_invoice_lines(session, people["secretaire"],
                                              _preview(tx, people["secretaire"], path))
    with tx() as session:
        line = _lines(session, billing["invoice"])[(billing["m1"], date(2026, 3, 2))]
        InvoiceLineService().update(session, people["conseil"], line.id,
                                    {"hours": "7.00", "amount": ""}, line.version)
        ident = line.id
    with tx() as session, pytest.raises(batches.CannotUndo) as refused:
        batches.undo_batch(session, people["admin"], batch.id)
    assert f"la ligne de facture {ident} a été modifiée depuis" in refused.value.message("fr")
    assert "par conseil" in refused.value.message("fr")
    with tx() as session:
        assert session.get(LeaveInvoiceLine, ident) is not None


def test_only_secretaries_and_administrators_import(tx, people, billing, tmp_path):
    path = _sheet(tmp_path / "facture.xlsx", GOOD_ROWS[:1])
    for login in ("conseil", "coord", "lecteur"):
        with tx() as session, pytest.raises(PermissionDenied):
            invoices.preview_invoice_lines(session, people[login], path, "2", "FL-202603")
    preview = _preview(tx, people["secretaire"], path)
    with tx() as session, pytest.raises(PermissionDenied):
        invoices.import_invoice_lines(session, people["conseil"], preview)
    with tx() as session:
        assert _count(session, ImportBatch) == 0
        batch = invoices.import_invoice_lines(session, people["secretaire"], preview)
    assert batch.counts["create"] == 1


def test_the_columns_are_remembered_for_the_institution(tx, people, billing, tmp_path):
    header = ["Code", "Jour", "Hrs", "Tx"]
    path = _sheet(tmp_path / "paie.xlsx", [[NUMBERS["m1"], "2026-03-02", 7.25, 40]],
                  header=header)
    with tx() as session:
        assert invoices.propose_invoice_mapping(session, people["secretaire"], path,
                                                "2").mapping == {1: "work_date"}
    chosen = {0: "member_number", 1: "work_date", 2: "hours", 3: "rate"}
    with tx() as session:
        preview = invoices.preview_invoice_lines(session, people["secretaire"], path, "2",
                                                 "FL-202603", lambda _header: chosen)
        invoices.import_invoice_lines(session, people["secretaire"], preview)
    with tx() as session:
        assert invoices.propose_invoice_mapping(session, people["secretaire"], path,
                                                "2").mapping == chosen


def test_the_invoice_import_command(gem, tx, people, billing, tmp_path):
    path = _csv(tmp_path / "facture.csv", [
        "No membre;Nom;Prénom;Date travaillée;Heures;Taux;Montant",
        f"{NUMBERS['m1']};Membre;m1;2026-03-02;7,25;40,00;",
        f"{NUMBERS['m1']};Membre;m1;31/02/2026;7,25;40,00;"])
    code, out, err = gem("import", "invoice", str(path), "--institution", "2", "--invoice",
                         "FL-202603", "--dry-run")
    assert (code, err) == (1, "")  # 1: something was refused
    assert "1 ligne(s) à créer, 0 inchangée(s), 1 refusée(s)." in out
    assert "Essai (--dry-run) : rien n'a été écrit dans la base." in out
    assert "ligne 3, Date travaillée : « 31/02/2026 » n'est pas une date" in out
    workbook = openpyxl.load_workbook(tmp_path / "facture-refusees.xlsx", read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Ligne", "Colonne", "Raison", "No membre")
    assert rows[1][:5] == (3, "Date travaillée", "« 31/02/2026 » n'est pas une date",
                           NUMBERS["m1"], "Membre")
    code, _, err = gem("import", "invoice", str(path), "--institution", "2", "--invoice",
                       "FL-202603", user="secretaire")
    assert code == 1 and "rien n'a été importé" in err
    with tx() as session:
        assert _count(session, ImportBatch) == 0
    code, out, err = gem("import", "invoice", str(path), "--institution", "2", "--invoice",
                         "FL-202603", "--valid-only", user="secretaire")
    assert code == 1, err  # a row was refused, even though the other went in
    assert "Lot d'import n° 1 : 1 ligne(s) créée(s) sur la facture FL-202603" in out
    assert "Rapprochement des lignes créées : 1 conforme(s), 0 libération(s) non " \
           "approuvée(s)" in out
    code, _, err = gem("import", "invoice", str(path), "--institution", "2", "--invoice",
                       "FL-000", "--dry-run")
    assert code == 2 and "Facture « FL-000 » introuvable" in err
    code, out, _ = gem("import", "batches")
    assert code == 0 and "facture.csv" in out and "Lignes de facture" in out
    code, out, _ = gem("import", "undo", "1", user="admin")
    assert code == 0 and "Lot d'import n° 1 annulé : 1 ligne(s) de facture retirée(s)" in out
    with tx() as session:
        assert len(_lines(session, billing["invoice"])) == 1
        assert session.get(LeaveInvoice, billing["invoice"]).total == Decimal("290.00")


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL only (GEM_TEST_DATABASE_URL)")
def test_on_a_secured_database_a_secretary_imports_and_an_administrator_undoes(secured,
                                                                               tmp_path):
    """gem db setup's grants come from the policy: a secretary's own login writes the
    batch, the lines, the invoice's total, the verdicts and the audit naming the batch (the
    commit-time check finds no write left unaudited); an administrator's own login undoes
    it."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from gem.db import make_engine, session_factory, transaction
    from gem.services.actor import SYSTEM
    from gem.services.personal_login import current_account

    def own(login):
        url = make_url(secured.url).set(username=secured.names.login(login),
                                        password="motdepasse-123")
        engine = make_engine(url.render_as_string(hide_password=False))
        return engine, session_factory(engine)

    def actor(session):
        return current_account(session, session.execute(
            text("SELECT gem_user_id()")).scalar_one())

    owner = make_engine(secured.url)
    try:
        with transaction(session_factory(owner)) as s:
            member = factories.member(s, SYSTEM, member_number="880001")
            UnionLeaveService().create(s, SYSTEM, {
                "member_id": member.id, "institution_id": 2, "leave_type": "union_business",
                "start_date": "2026-03-02", "end_date": "2026-03-02", "hours": "7.25",
                "payment": "reimbursed_by_union", "status": "approved"})
            invoice = LeaveInvoiceService().create(s, SYSTEM, {
                "institution_id": 2, "number": "FL-SEC-1", "invoice_date": "2026-04-10",
                "period_start": "2026-03-01", "period_end": "2026-03-31"})
            invoice_id = invoice.id
        path = _sheet(tmp_path / "facture.xlsx", [
            ["880001", None, "Tremblay", "Julie", date(2026, 3, 2), 7.25, 40, None]])
        engine, sessions = own("secretaire")
        try:
            with transaction(sessions, write=False) as session:
                preview = invoices.preview_invoice_lines(session, actor(session), path, "2",
                                                         "FL-SEC-1")
            with transaction(sessions) as session:
                batch = invoices.import_invoice_lines(session, actor(session), preview)
        finally:
            engine.dispose()
        assert batch.counts["matched"] == 1
        with owner.connect() as c:
            writers = set(c.execute(text("SELECT DISTINCT db_user FROM audit_log "
                                         "WHERE batch_id = :b"), {"b": batch.id}).scalars())
            assert writers == {secured.names.login("secretaire")}
            direct = c.execute(text("SELECT count(*) FROM audit_log WHERE action LIKE 'db\\_%' "
                                    "AND tx IN (SELECT tx FROM audit_log WHERE batch_id = :b)"),
                               {"b": batch.id}).scalar()
            assert direct == 0
            assert c.execute(text("SELECT total FROM leave_invoices WHERE id = :i"),
                             {"i": invoice_id}).scalar() == Decimal("290.00")
        engine, sessions = own("admin")
        try:
            with transaction(sessions) as session:
                batches.undo_batch(session, actor(session), batch.id)
        finally:
            engine.dispose()
        with owner.connect() as c:
            assert c.execute(text("SELECT count(*) FROM leave_invoice_lines "
                                  "WHERE invoice_id = :i"), {"i": invoice_id}).scalar() == 0
            assert c.execute(text("SELECT total FROM leave_invoices WHERE id = :i"),
                             {"i": invoice_id}).scalar() == Decimal("0.00")
    finally:
        owner.dispose()


def test_a_name_that_is_not_the_number_s_member_is_refused(tx, people, billing, tmp_path):
    """A mistyped number would bill another member's day: the names the file gives are
    checked against the member the number finds (accents, case, hyphens and a shorter
    compound name allowed)."""
    with tx() as session:
        from gem.models import Member

        session.get(Member, billing["m2"]).last_name = "Membre-Côté"
    path = _sheet(tmp_path / "facture.xlsx", [
        [NUMBERS["m1"], None, "MEMBRE", "M1", date(2026, 3, 2), 7.25, 40, None],
        [NUMBERS["m2"], None, "membre cote", "m2", date(2026, 3, 3), 7.25, 40, None],
        [None, "E-m2", "Membre", "m2", date(2026, 3, 3), 7.25, 40, None],
        [NUMBERS["m3"], None, "Tremblay", "m3", date(2026, 3, 4), 7.25, 40, None],
        [NUMBERS["m1"], None, "Membre", "Hélène", date(2026, 3, 9), 7.25, 40, None]])
    preview = _preview(tx, people["secretaire"], path)
    assert [(o.row, o.kind) for o in preview.outcomes if o.kind != "refused"] == [
        (2, "create"), (3, "create")]
    problems = {o.row: [(p.column, p.message) for p in o.problems] for o in preview.refused}
    # by its employee number and a name that fits: only the same day twice is refused
    assert problems[4] == [("Date", "ce membre figure déjà à cette date à la ligne 3 du "
                                    "fichier")]
    assert problems[5] == [("Nom", f"« Tremblay » n'est pas le nom du membre {NUMBERS['m3']} "
                                   "(Membre, m3) : vérifiez le numéro ou le nom")]
    assert problems[6] == [("Prénom", f"« Hélène » n'est pas le nom du membre "
                                      f"{NUMBERS['m1']} (Membre, m1) : vérifiez le numéro ou "
                                      "le nom")]
