"""Reports over records made through the services: caseload, deadlines due, the letter, the
leave reconciliation rules, confidentiality and empty periods."""

from __future__ import annotations

from datetime import timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from gem import clock
from gem.models import AuditEntry, LeaveInvoiceLine
from gem.reports import run_report
from gem.reports.letter import TemplateError, user_template_path
from gem.services.deadlines import explain_deadline, file_deadlines
from gem.services.errors import ValidationError
from gem.services.leave import InvoiceLineService, LeaveInvoiceService, UnionLeaveService
from tests import factories


def _text(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def _rows(path, sheet: str) -> list[tuple]:
    ws = load_workbook(path)[sheet]
    return [r for r in ws.iter_rows(min_row=2, values_only=True)]


@pytest.fixture
def files(tx, people):
    """Open files of two counsellors; one of conseil2's is confidential."""
    today = clock.today()
    made = {}
    with tx() as s:
        own = factories.grievance(s, people["admin"], counsellor_id=people["conseil"].id,
                                  status="draft", filed_date=None,
                                  event_date=today - timedelta(days=10),
                                  knowledge_date=today - timedelta(days=8),
                                  title="Heures supplémentaires non payées")
        closed = factories.grievance(s, people["admin"], counsellor_id=people["conseil"].id,
                                     title="Dossier fermé")
        from gem.services.grievance import GrievanceService

        GrievanceService().transition(s, people["admin"], closed.id, "withdrawn", None,
                                      {"closed_date": today})
        other = factories.grievance(s, people["admin"], counsellor_id=people["conseil2"].id,
                                    title="Affichage de poste contesté")
        secret = factories.grievance(s, people["admin"], counsellor_id=people["conseil2"].id,
                                     confidential=True, title="Harcèlement — confidentiel")
        made = {"own": own.file_number, "closed": closed.file_number,
                "other": other.file_number, "secret": secret.file_number, "own_id": own.id}
    return made


def test_caseload_lists_open_files_with_explained_deadline(tx, people, files, tmp_path):
    with tx() as s:
        pdf = run_report(s, people["conseil"], "caseload", {"counsellors": "conseil"}, "pdf",
                         tmp_path / "c.pdf")
        xlsx = run_report(s, people["conseil"], "caseload", {"counsellors": "conseil"}, "xlsx",
                          tmp_path / "c.xlsx")
        deadline = [d for d in file_deadlines(s, "grievance", files["own_id"])
                    if d.status == "open"][0]
        sentence = explain_deadline(s, deadline, "fr")
    text = _text(pdf)
    assert files["own"] in text and files["closed"] not in text and files["other"] not in text
    assert "Dossiers ouverts" in text and "Total (1)" in text
    rows = _rows(xlsx, "Dossiers")
    assert len(rows) == 3  # the file, a blank line, the totals row
    row = dict(zip([c.value for c in load_workbook(xlsx)["Dossiers"][1]], rows[0],
                   strict=True))
    assert row["Dossier"] == files["own"]
    assert row["Statut"] == "Brouillon"
    assert row["Prochaine échéance"].date() == deadline.due_date
    assert row["Explication de l'échéance"] == sentence
    assert row["Jours sans activité"] == 0
    assert "Tremblay, Julie — Heures supplémentaires non payées" == row["Membres et objet"]
    assert rows[2][0] == "Total (1)"


def test_team_caseload_hides_another_counsellors_confidential_file(tx, people, files, tmp_path):
    with tx() as s:
        mine = run_report(s, people["conseil"], "caseload", {}, "xlsx", tmp_path / "a.xlsx")
        coord = run_report(s, people["coord"], "caseload", {}, "xlsx", tmp_path / "b.xlsx")
        owner = run_report(s, people["conseil2"], "caseload", {}, "xlsx", tmp_path / "c.xlsx")
    numbers = lambda p: {r[1] for r in _rows(p, "Dossiers") if r[1]}  # noqa: E731
    assert files["secret"] not in numbers(mine)
    assert {files["own"], files["other"]} <= numbers(mine)
    assert files["secret"] in numbers(coord)  # coordinators see every confidential file
    assert files["secret"] in numbers(owner)  # and so does its own counsellor


def test_letter_for_a_confidential_file_is_refused_to_others(tx, people, files, tmp_path):
    with tx() as s, pytest.raises(ValidationError) as err:
        run_report(s, people["conseil"], "grievance_letter", {"grievance": files["secret"]},
                   "pdf", tmp_path / "l.pdf")
    assert files["secret"] in str(err.value)
    assert not (tmp_path / "l.pdf").exists()


def test_deadlines_due_report_matches_the_deadline_engine(tx, people, files, tmp_path):
    today = clock.today()
    with tx() as s:
        path = run_report(s, people["conseil"], "deadlines",
                          {"start": today, "end": today + timedelta(days=60)}, "xlsx",
                          tmp_path / "d.xlsx")
        deadline = [d for d in file_deadlines(s, "grievance", files["own_id"])
                    if d.status == "open"][0]
        sentence = explain_deadline(s, deadline, "fr")
        pdf = run_report(s, people["conseil"], "deadlines",
                         {"start": today, "end": today + timedelta(days=60)}, "pdf",
                         tmp_path / "d.pdf", lang="en")
        empty = run_report(s, people["conseil"], "deadlines",
                           {"start": "2040-01-01", "end": "2040-02-01"}, "pdf",
                           tmp_path / "e.pdf")
    rows = [r for r in _rows(path, "Échéances") if r[3]]
    assert [(r[0], r[1].date(), r[3], r[6]) for r in rows] == [
        ("Conseil Test", deadline.due_date, files["own"], sentence)]
    assert rows[0][2] == (deadline.due_date - today).days
    english = _text(pdf)
    assert "Deadlines due" in english and "page 1 of 1" in english
    assert "Aucune donnée pour cette période." in _text(empty)


def test_letter_merges_the_grievance_and_obeys_the_admin_template(tx, people, files,
                                                                  tmp_path):
    with tx() as s:
        from gem.services.grievance import GrievanceService

        g = GrievanceService().get(s, people["admin"], files["own_id"])
        GrievanceService().update(s, people["admin"], g.id, {
            "facts": "Le 3 mars, l'employeur a refusé de payer 4 heures & plus.",
            "remedy_sought": "Payer les heures <majorées>.", "articles": ["19.01", "19.03"]},
            g.version)
    with tx() as s:
        path = run_report(s, people["conseil"], "grievance_letter",
                          {"grievance": files["own"]}, "pdf", tmp_path / "l.pdf")
    text = _text(path)
    for expected in (f"Objet : Grief {files['own']} — Heures supplémentaires non payées",
                     "Julie Tremblay", "19.01, 19.03", "4 heures & plus",
                     "Payer les heures <majorées>.", "Conseil Test", "Madame, Monsieur"):
        assert expected in text, expected
    assert "{" not in text and "Généré le" not in text
    own = user_template_path("fr")
    own.parent.mkdir(parents=True, exist_ok=True)
    try:
        own.write_text("Dossier {file_number} pour {institution}\n\n{salutation}",
                       encoding="utf-8")
        with tx() as s, pytest.raises(TemplateError) as err:
            run_report(s, people["conseil"], "grievance_letter",
                       {"grievance": files["own"]}, "pdf", tmp_path / "x.pdf")
        assert "{salutation}" in str(err.value) and str(own) in str(err.value)
        own.write_text("Dossier {file_number} ; {{accolades}}", encoding="utf-8")
        with tx() as s:
            path = run_report(s, people["conseil"], "grievance_letter",
                              {"grievance": files["own"]}, "pdf", tmp_path / "y.pdf")
        assert f"Dossier {files['own']} ; {{accolades}}" in _text(path)
    finally:
        own.unlink()


def test_unknown_parameter_and_format_are_refused(tx, people, tmp_path):
    from gem.reports import UnsupportedFormat

    with tx() as s:
        with pytest.raises(ValidationError) as err:
            run_report(s, people["admin"], "statistics", {"colour": "red"}, "pdf",
                       tmp_path / "a.pdf")
        assert "colour" in str(err.value)
        with pytest.raises(UnsupportedFormat):
            run_report(s, people["admin"], "grievance_letter", {"grievance": "G-1"}, "xlsx",
                       tmp_path / "a.xlsx")
        with pytest.raises(ValidationError):
            run_report(s, people["admin"], "member", {"member": "nope"}, "pdf",
                       tmp_path / "m.pdf")


def _leave_setup(tx, people):
    admin = people["admin"]
    with tx() as s:
        m1 = factories.member(s, admin, last_name="Côté", first_name="Hélène")
        m2 = factories.member(s, admin, last_name="Roy", first_name="Marc")
        leaves = UnionLeaveService()
        approved = leaves.create(s, admin, {
            "member_id": m1.id, "institution_id": 2, "leave_type": "union_business",
            "start_date": "2026-03-02", "end_date": "2026-03-02", "hours": "7.25",
            "payment": "reimbursed_by_union", "status": "approved"})
        longer = leaves.create(s, admin, {
            "member_id": m1.id, "institution_id": 2, "leave_type": "training",
            "start_date": "2026-03-10", "end_date": "2026-03-11", "hours": "14.50",
            "payment": "reimbursed_by_union", "status": "approved"})
        refused = leaves.create(s, admin, {
            "member_id": m2.id, "institution_id": 2, "leave_type": "training",
            "start_date": "2026-03-04", "end_date": "2026-03-04", "hours": "7.25",
            "payment": "reimbursed_by_union", "status": "refused"})
        march = LeaveInvoiceService().create(s, admin, {
            "institution_id": 2, "number": "FL-202603", "invoice_date": "2026-04-10",
            "period_start": "2026-03-01", "period_end": "2026-03-31"})
        april = LeaveInvoiceService().create(s, admin, {
            "institution_id": 2, "number": "FL-202604", "invoice_date": "2026-05-10",
            "period_start": "2026-04-01", "period_end": "2026-04-30"})
        lines = InvoiceLineService()

        def line(invoice, member, leave, day, hours):
            return lines.create(s, admin, {
                "invoice_id": invoice.id, "member_id": member.id,
                "leave_id": leave.id if leave else None, "work_date": day, "hours": hours,
                "rate": "40.00"}).id

        ids = {
            "matched": line(march, m1, approved, "2026-03-02", "7.25"),
            "split_1": line(march, m1, longer, "2026-03-10", "7.25"),
            "split_2": line(march, m1, None, "2026-03-11", "7.25"),  # found without an id
            "refused": line(march, m2, refused, "2026-03-04", "7.25"),
            "no_leave": line(march, m2, None, "2026-03-05", "7.25"),
            "again": line(april, m1, approved, "2026-03-02", "7.25"),
        }
    return ids


def test_reconciliation_flags_each_case_and_stores_it(tx, people, tmp_path):
    ids = _leave_setup(tx, people)
    with tx() as s:
        pdf = run_report(s, people["secretaire"], "leave_reconciliation",
                         {"institution": 2, "start": "2026-03-01", "end": "2026-03-31"},
                         "pdf", tmp_path / "r.pdf")
    with tx() as s:
        stored = dict(s.execute(select(LeaveInvoiceLine.id, LeaveInvoiceLine.match)).all())
        audits = list(s.scalars(select(AuditEntry).where(
            AuditEntry.entity == "leave_invoice_line", AuditEntry.action == "update",
            AuditEntry.user_login == "secretaire")))
    assert stored == {ids["matched"]: "matched", ids["split_1"]: "matched",
                      ids["split_2"]: "matched", ids["refused"]: "not_approved",
                      ids["no_leave"]: "not_approved", ids["again"]: "already_billed"}
    assert {a.entity_id for a in audits} == set(ids.values())
    assert all(a.before == {"match": "unchecked"} for a in audits)
    text = _text(pdf)
    for expected in ("Libération non approuvée", "Déjà facturée", "FL-202603 (5)",
                     "FL-202604 (1)", "Total (6)", "Montant à contester"):
        assert expected in text, expected
    # 6 lines × 7,25 h × 40 $ = 1 740 $ billed, 3 lines (870 $) to dispute
    flat = text.replace("\xa0", " ").replace("\u202f", " ")
    assert "1 740,00 $" in flat and "870,00 $" in flat

    # The second leave day billed again with more hours: the leave's total now differs.
    with tx() as s:
        InvoiceLineService().update(s, people["admin"], ids["split_2"], {"hours": "8.00",
                                                                           "amount": "320.00"},
                                    None)
    with tx() as s:
        xlsx = run_report(s, people["lecteur"], "leave_reconciliation",
                          {"institution": 2, "start": "2026-03-01", "end": "2026-03-31"},
                          "xlsx", tmp_path / "r.xlsx")
        unchanged = s.get(LeaveInvoiceLine, ids["split_2"]).match
    rows = {r[4].date().isoformat() + r[2]: r[9] for r in _rows(xlsx, "Lignes") if r[2]}
    assert rows["2026-03-10Côté, Hélène"] == "Heures différentes"
    assert rows["2026-03-11Côté, Hélène"] == "Heures différentes"
    assert unchanged == "matched"  # a read-only user sees the verdict but stores nothing
    summary = {r[0]: r[1:] for r in _rows(xlsx, "Sommaire") if r[0]}
    assert summary["Heures différentes"][0] == 2
    assert summary["Total (4)"][2] == pytest.approx(5 * 290 + 320)


def test_empty_reconciliation_period(tx, people, tmp_path):
    with tx() as s:
        path = run_report(s, people["admin"], "leave_reconciliation",
                          {"institution": 2, "start": "2031-01-01", "end": "2031-01-31"},
                          "xlsx", tmp_path / "r.xlsx")
    about = {r[0]: r[1] for r in _rows(path, "Rapport")}
    assert about["Résultat"] == "Aucune donnée pour cette période."


def test_list_export_keeps_formula_like_names_as_text(tx, people, tmp_path):
    with tx() as s:
        factories.member(s, people["admin"], last_name='=HYPERLINK("http://x.example","x")',
                         first_name="@Marie", member_number="900001")
        factories.member(s, people["admin"], last_name="-Côté", first_name="+Luc",
                         member_number="900002", status="left", left_date="2026-01-05")
        factories.member(s, people["admin"], last_name="Gagnon", first_name="Ève",
                         member_number="900003")
        path = run_report(s, people["secretaire"], "list_export",
                          {"list": "members", "filters": ["member_number=900001,900002"],
                           "order_by": "member_number"}, "xlsx", tmp_path / "m.xlsx")
    wb = load_workbook(path)
    ws = wb["Membres"]
    assert [c.value for c in ws[2]][:3] == ["900001", '=HYPERLINK("http://x.example","x")',
                                            "@Marie"]
    assert ws["B2"].data_type == "s" and ws["C3"].data_type == "s"
    assert [c.value for c in ws[3]][:3] == ["900002", "-Côté", "+Luc"]
    assert ws["H3"].value == "Parti"
    assert ws.max_row == 3  # the third member is filtered out
    about = {r[0]: r[1] for r in wb["Rapport"].iter_rows(values_only=True)}
    assert about["Numéro de membre"] == "900001, 900002" and about["Lignes"] == "2"
