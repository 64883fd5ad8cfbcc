"""The sample files of ``gem demo --export-samples`` (issue 14, Demo), on both engines: the
round trip from a demo database to its own import. The preview of each sample shows every
outcome (unchanged, updated with the changed fields, created, refused for the deliberate
reasons at their rows, one member no longer listed); the CSV previews exactly as the
workbook does; importing the valid rows writes the creates and updates and nothing of the
refused rows; the command writes the files, prints the command that tries them, builds the
demo first in an empty database, and refuses a bad folder or a database that is no demo."""

from __future__ import annotations

import re
import shlex
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from gem.demo import generate
from gem.imports import invoices, members, samples
from gem.imports.outcomes import RowsRefused
from gem.models import Institution, JobTitle, LeaveInvoice, LeaveInvoiceLine, Member, UnionLeave
from gem.services.errors import PermissionDenied
from tests import factories

FORMULA = '=HYPERLINK("http://x","Nom")'


@pytest.fixture
def demo_db(engine, people):
    """A small finished demo (the accounts of ``people`` beside the demo's own)."""
    generate(engine, members=400, grievances=30, seed=11)
    return engine


def _expected_place(session) -> tuple[Institution, list[Member]]:
    """The first institution by name with ten active members, and those members in the
    order of the list: what the samples are said to be built from, found here again."""
    active = Counter(session.scalars(select(Member.institution_id).where(
        Member.status == "active")))
    place = min((i for i in session.scalars(select(Institution)) if active[i.id] >= 10),
                key=lambda i: (i.name, i.id))
    people = list(session.scalars(select(Member).where(
        Member.institution_id == place.id, Member.status == "active").order_by(
        Member.last_name, Member.first_name, Member.member_number)))
    return place, people


def _export(tx, actor, folder: Path, kind: str = "members") -> list[samples.SampleFile]:
    with tx() as session:
        return [s for s in samples.export_samples(session, actor, folder, "fr")
                if s.kind == kind]


def _preview(tx, actor, sample: samples.SampleFile) -> members.Preview:
    with tx() as session:
        return members.preview_members(session, actor, sample.path, sample.institution)


def _shape(preview: members.Preview) -> list[tuple]:
    """What a person reads of a preview, row by row."""
    return [(o.row, o.kind, o.member_id, o.changes, [(p.column, p.message) for p in o.problems])
            for o in preview.outcomes]


def test_the_workbook_previews_every_outcome(demo_db, tx, people, tmp_path):
    written = _export(tx, people["secretaire"], tmp_path / "exemples")
    with tx() as session:
        place, active = _expected_place(session)
        first_title = session.scalar(select(JobTitle.id).order_by(JobTitle.id))
    slug = samples.slug(place.name)
    assert [s.path.name for s in written] == [f"membres-{slug}.xlsx", f"membres-{slug}.csv"]
    assert {s.institution for s in written} == {place.name}
    xlsx = written[0]
    preview = _preview(tx, people["secretaire"], xlsx)
    listed = len(active) - 1  # one left out: the list no longer names them
    assert preview.institution_id == place.id
    assert preview.counts == {"refused": 4, "create": 3, "update": 3,
                              "unchanged": listed - 3}
    updates = [o for o in preview.outcomes if o.kind == "update"]
    assert sorted(sorted(o.changes) for o in updates) == [["email"], ["email"],
                                                          ["job_title_id"]]
    for outcome in updates:
        if "email" in outcome.changes:
            assert outcome.changes["email"][1].endswith(f"@{slug[:40].strip('-')}.qc.ca")
    assert all(o.row <= listed + 1 for o in updates)
    creates = [o for o in preview.outcomes if o.kind == "create"]
    assert [o.row for o in creates] == [listed + 2, listed + 3, listed + 4]
    for outcome in creates:
        assert outcome.data["member_number"].startswith("00")  # leading zeros kept
        assert isinstance(outcome.data["hire_date"], date)
        assert outcome.data["job_title_id"] == first_title
        assert outcome.data["institution_id"] == place.id
    reasons = [(o.row, [(p.column, p.message) for p in o.problems]) for o in preview.refused]
    assert reasons == [
        (listed + 5, [("Date d'embauche", "« 31/02/2019 » n'est pas une date")]),
        (listed + 6, [("No membre", f"« {active[0].member_number} » figure déjà à la ligne "
                                    "2 du fichier")]),
        (listed + 7, [("Nom", f"« {FORMULA} » ressemble à une formule de tableur, pas à un "
                              "nom")]),
        (listed + 8, [("Titre d'emploi", "« Astronaute » n'est pas connu de GEM")])]
    (left,) = preview.left
    assert left[0] in {m.id for m in active}
    named = {o.member_id for o in preview.outcomes if o.member_id is not None}
    assert named == {m.id for m in active} - {left[0]}


def test_the_workbook_holds_what_an_institution_sends(demo_db, tx, people, tmp_path):
    xlsx, _ = _export(tx, people["secretaire"], tmp_path)
    book = openpyxl.load_workbook(xlsx.path)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == ["No membre", "Matricule", "Nom", "Prénom", "Titre d'emploi",
                      "Statut d'emploi", "Date d'embauche", "Ancienneté", "Courriel",
                      "Téléphone"]
    first = [c for c in sheet[2]]
    assert first[0].data_type == "s" and first[0].number_format == "@"
    assert isinstance(first[6].value, datetime)  # a real date cell
    with tx() as session:
        place, active = _expected_place(session)
    assert first[0].value == active[0].member_number
    assert first[6].value.date() == active[0].hire_date
    formula = next(c for row in sheet.iter_rows() for c in row if c.value == FORMULA)
    assert formula.data_type == "s"  # the text a file may hold, not a live formula
    about = book.worksheets[1]
    text = "\n".join(str(r[0].value or "") for r in about.iter_rows())
    assert about.title == "À lire" and f"« {place.name} »" in text
    assert "31/02/2019" in text and "Astronaute" in text


def test_the_csv_previews_as_the_workbook_does(demo_db, tx, people, tmp_path):
    xlsx, csv = _export(tx, people["secretaire"], tmp_path)
    data = csv.path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # Windows-1252, as Excel in Québec saves it
    lines = data.decode("cp1252").split("\r\n")
    assert lines[0].startswith("No membre;Matricule;Nom;Prénom;")
    with tx() as session:
        _, active = _expected_place(session)
    first = lines[1].split(";")
    hired = active[0].hire_date
    assert first[0] == active[0].member_number
    assert first[6] == f"{hired.day}/{hired.month}/{hired.year}"  # day first
    assert re.fullmatch(r"\d+,\d\d", first[7])  # a decimal comma
    from_xlsx = _preview(tx, people["secretaire"], xlsx)
    from_csv = _preview(tx, people["secretaire"], csv)
    assert _shape(from_csv) == _shape(from_xlsx)
    assert from_csv.left == from_xlsx.left and from_csv.counts == from_xlsx.counts


def test_importing_the_valid_rows_writes_creates_and_updates_only(demo_db, tx, people,
                                                                  tmp_path):
    xlsx, _ = _export(tx, people["secretaire"], tmp_path)
    preview = _preview(tx, people["secretaire"], xlsx)
    with tx() as session, pytest.raises(members.RowsRefused):
        members.import_members(session, people["secretaire"], preview)
    with tx() as session:
        _, active = _expected_place(session)
        before = session.scalar(select(func.count()).select_from(Member))
        batch = members.import_members(session, people["secretaire"], preview,
                                       valid_only=True)
    assert (batch.counts["create"], batch.counts["update"], batch.counts["refused"]) == \
        (3, 3, 4)
    created = {o.data["member_number"] for o in preview.outcomes if o.kind == "create"}
    with tx() as session:
        # the duplicated number is an existing member's: the other refused numbers are new
        refused = {str(o.cells[0]) for o in preview.refused} - {active[0].member_number}
        assert len(refused) == 3
        assert session.scalar(select(func.count()).select_from(Member)) == before + 3
        numbers = set(session.scalars(select(Member.member_number)))
        assert created <= numbers and not refused & numbers
        for outcome in preview.outcomes:
            if outcome.kind == "update":
                member = session.get(Member, outcome.member_id)
                for key, (_was, now) in outcome.changes.items():
                    assert getattr(member, key) == now
        left_id = preview.left[0][0]
        assert session.get(Member, left_id).status == "active"  # never deleted
    again = _preview(tx, people["secretaire"], xlsx)
    assert again.counts == {"refused": 4, "create": 0, "update": 0,
                            "unchanged": preview.counts["unchanged"] + 6}
    fresh = _export(tx, people["secretaire"], tmp_path / "encore")  # new numbers this time
    assert _preview(tx, people["secretaire"], fresh[0]).counts["create"] == 3


def test_samples_come_only_from_a_finished_demo(tx, people, tmp_path):
    folder = tmp_path / "exemples"
    with tx() as session:
        factories.member(session, people["admin"], member_number="000123",
                         last_name="Réel", first_name="Membre", institution_id=2)
    with tx() as session, pytest.raises(samples.NoDemoData) as refused:
        samples.export_samples(session, people["secretaire"], folder, "fr")
    assert "jamais de vraies données" in refused.value.message("fr")
    with tx() as session, pytest.raises(PermissionDenied):
        samples.export_samples(session, people["lecteur"], folder, "fr")
    assert not folder.exists()  # nothing written, not even the folder


def test_the_command_writes_the_samples_and_the_command_to_try(gem, demo_db, tx, tmp_path):
    folder = tmp_path / "exemples"
    code, out, err = gem("demo", "--export-samples", str(folder))
    assert (code, err) == (0, "")
    files = sorted(folder.iterdir())
    assert [f.suffix for f in files] == [".csv", ".xlsx", ".csv", ".xlsx"]
    assert [f.name.split("-")[0] for f in files] == ["facture"] * 2 + ["membres"] * 2
    for path in files:
        assert str(path.absolute()) in out
    tries = [line.strip() for line in out.splitlines()
             if line.strip().startswith("gem ") and " import members " in line]
    assert len(tries) == 2
    assert "L'aperçu montre 3 à créer, 3 à mettre à jour" in out
    for line in tries:
        words = shlex.split(line)[1:]
        assert words[:2] == ["--database", demo_db.url.render_as_string(hide_password=True)]
        assert words[-1] == "--dry-run" and "--institution" in words
        code, shown, _ = gem(*words[2:])  # the fixture names the database itself
        assert code == 1  # rows were refused, as meant
        assert "3 à créer, 3 à mettre à jour" in shown and "4 refusé(s)" in shown
        assert "« 31/02/2019 » n'est pas une date" in shown
    with tx() as session:
        sample = _invoice_sample(session)
    invoice_tries = [shlex.split(line.strip())[1:] for line in out.splitlines()
                     if " import invoice " in line]
    assert len(invoice_tries) == 2
    assert (f"L'aperçu de la facture montre {sample.creates} ligne(s) à créer, 1 "
            "inchangée(s) et 3 refusée(s)") in out
    for words in invoice_tries:
        assert words[words.index("--institution") + 1] == sample.institution
        assert words[words.index("--invoice") + 1] == sample.invoice_number
        assert words[-1] == "--dry-run" and Path(words[4]).parent == folder.absolute()
        code, shown, _ = gem(*words[2:])
        assert code == 1  # rows were refused, as meant
        assert (f"pour la facture {sample.invoice_number} de {sample.institution} : "
                f"{sample.creates} ligne(s) à créer, 1 inchangée(s), 3 refusée(s)") in shown
        assert "« 999999 » : aucun membre ne porte ce numéro" in shown


def test_an_empty_database_gets_its_demo_first(gem, engine, tmp_path):
    code, out, err = gem("demo", "--members", "400", "--grievances", "10", "--seed", "11",
                         "--export-samples", str(tmp_path / "exemples"))
    assert code == 0, err
    assert "Données de démonstration créées" in out and "Fichiers d'exemple écrits" in out
    assert len(list((tmp_path / "exemples").glob("membres-*.xlsx"))) == 1
    assert len(list((tmp_path / "exemples").glob("facture-*.xlsx"))) == 1
    code, out, _ = gem("demo", "--export-samples", str(tmp_path / "encore"))
    assert code == 0 and "Données de démonstration créées" not in out  # built once


def test_a_bad_folder_or_a_real_database_is_refused(gem, engine, tx, people, tmp_path):
    taken = tmp_path / "un-fichier"
    taken.write_text("", encoding="utf-8")
    for folder in (taken, taken / "dessous"):
        code, out, err = gem("demo", "--export-samples", str(folder))
        assert code == 2 and out == ""
        assert f"Impossible d'écrire les exemples dans le dossier {folder}" in err
    with tx() as session:  # checked before a demo is built for nothing
        assert session.scalar(select(func.count()).select_from(Member)) == 0
        factories.member(session, people["admin"], member_number="000123",
                         last_name="Réel", first_name="Membre", institution_id=2)
    code, _, err = gem("demo", "--export-samples", str(tmp_path / "exemples"))
    assert code == 2 and "ne contient pas de démonstration terminée" in err
    assert not (tmp_path / "exemples").exists()


# ---------------------------------------------------------------------- invoice lines
# A small demo leaves little approved leave unbilled, and which depends on its day: on this
# one (seed 11) three approved leave of one institution are left, so the sample holds every
# verdict. The sample says what it holds; these tests check it holds each kind.
INVOICE_DAY = "2026-12-04 09:00"

def _invoice_sample(session) -> samples.InvoiceSample:
    place = samples.sample_institution(session)
    return samples.invoice_rows(session, place)[1]


def _invoice_preview(tx, actor, sample: samples.SampleFile, number: str
                     ) -> invoices.InvoicePreview:
    with tx() as session:
        return invoices.preview_invoice_lines(session, actor, sample.path, sample.institution,
                                              number)


@pytest.mark.clock(INVOICE_DAY)
def test_the_invoice_sample_previews_every_outcome(demo_db, tx, people, tmp_path):
    written = _export(tx, people["secretaire"], tmp_path / "exemples", "invoice_lines")
    with tx() as session:
        sample = _invoice_sample(session)
        invoice = session.get(LeaveInvoice, sample.invoice_id)
        assert invoice.number == sample.invoice_number
        assert invoice.institution_id == sample.institution_id
        lines = session.scalar(select(func.count()).select_from(LeaveInvoiceLine).where(
            LeaveInvoiceLine.invoice_id == invoice.id))
        assert session.scalar(select(func.count()).select_from(UnionLeave).where(
            UnionLeave.institution_id == sample.institution_id,
            UnionLeave.status == "approved")) >= 2
    stem = f"facture-{samples.slug(sample.invoice_number)}-{samples.slug(sample.institution)}"
    assert [s.path.name for s in written] == [f"{stem}.xlsx", f"{stem}.csv"]
    assert {s.institution for s in written} == {sample.institution}
    # this demo leaves approved leave to bill: most created lines match, one of each other
    assert (len(sample.unchanged), len(sample.hours_differ), len(sample.not_approved)) == \
        (1, 1, 1)
    assert len(sample.matched) >= 2 and sample.creates == len(sample.matched) + 2
    preview = _invoice_preview(tx, people["secretaire"], written[0], sample.invoice_number)
    assert preview.invoice_id == sample.invoice_id and preview.institution_id == \
        sample.institution_id
    assert preview.counts == {"refused": 3, "create": sample.creates, "unchanged": 1}
    assert [o.row for o in preview.outcomes if o.kind == "unchanged"] == sample.unchanged
    assert [o.row for o in preview.outcomes if o.kind == "create"] == sorted(
        sample.matched + sample.hours_differ + sample.not_approved)
    year = invoice.period_start.year
    reasons = [(o.row, [(p.column, p.message) for p in o.problems]) for o in preview.refused]
    (date_row, number_row, amount_row) = [r.row for r in sample.refusals]
    assert reasons[:2] == [
        (date_row, [("Date travaillée", f"« 31/02/{year} » n'est pas une date")]),
        (number_row, [("No membre", "« 999999 » : aucun membre ne porte ce numéro")])]
    (row, [(column, message)]) = reasons[2]
    assert (row, column) == (amount_row, "Montant facturé")
    assert re.fullmatch(r"« \d+,\d\d\xa0\$ » n'est pas heures × taux \(7,25 × \d+,\d\d"
                        r"\xa0\$ = \d+,\d\d\xa0\$\)", message), message
    book = openpyxl.load_workbook(written[0].path)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == ["No membre", "Nom", "Prénom", "Date travaillée",
                                           "Nombre d'heures", "Taux horaire",
                                           "Montant facturé"]
    assert isinstance(sheet["D2"].value, datetime) and sheet["A2"].data_type == "s"
    about = book.worksheets[1]
    text = "\n".join(str(r[0].value or "") for r in about.iter_rows())
    assert about.title == "À lire"
    assert f"« {sample.invoice_number} » de « {sample.institution} »" in text
    assert f"- {sample.creates} ligne(s) à créer ;" in text
    assert f"31/02/{year}" in text and "999999" in text
    assert lines >= 1


@pytest.mark.clock(INVOICE_DAY)
def test_importing_the_valid_invoice_lines_gives_the_verdicts_announced(demo_db, tx, people,
                                                                       tmp_path):
    xlsx, _ = _export(tx, people["secretaire"], tmp_path, "invoice_lines")
    with tx() as session:
        sample = _invoice_sample(session)
        before = session.scalar(select(func.count()).select_from(LeaveInvoiceLine).where(
            LeaveInvoiceLine.invoice_id == sample.invoice_id))
    about = openpyxl.load_workbook(xlsx.path).worksheets[1]
    text = "\n".join(str(r[0].value or "") for r in about.iter_rows())
    preview = _invoice_preview(tx, people["secretaire"], xlsx, sample.invoice_number)
    with tx() as session, pytest.raises(RowsRefused):
        invoices.import_invoice_lines(session, people["secretaire"], preview)
    with tx() as session:
        batch = invoices.import_invoice_lines(session, people["secretaire"], preview,
                                              valid_only=True)
    verdicts = {k: batch.counts[k] for k in invoices.VERDICTS}
    assert verdicts == {"matched": len(sample.matched), "not_approved": 1, "hours_differ": 1,
                        "already_billed": 0}
    assert verdicts["matched"] >= 2 and batch.counts["rechecked"] == 0
    assert (batch.counts["create"], batch.counts["refused"]) == (sample.creates, 3)
    # what the « À lire » sheet announces is what the import gave
    assert f"- {verdicts['matched']} ligne(s) conforme(s) à une libération approuvée" in text
    assert "- 1 ligne(s) dont les heures diffèrent de celles approuvées (lignes " \
        f"{sample.hours_differ[0]})" in text
    assert f"- 1 ligne(s) d'un jour sans libération approuvée (lignes " \
        f"{sample.not_approved[0]})" in text
    with tx() as session:
        stored = list(session.scalars(select(LeaveInvoiceLine).where(
            LeaveInvoiceLine.invoice_id == sample.invoice_id)))
        assert len(stored) == before + sample.creates
        assert not any(line.member_id is None for line in stored)
        assert Counter(line.match for line in stored
                       if line.id > max(x.id for x in stored) - sample.creates) == \
            Counter({k: v for k, v in verdicts.items() if v})
        assert session.get(LeaveInvoice, sample.invoice_id).total == sum(
            (line.amount for line in stored), 0)
    again = _invoice_preview(tx, people["secretaire"], xlsx, sample.invoice_number)
    assert again.counts == {"refused": 3, "create": 0, "unchanged": 1 + sample.creates}


@pytest.mark.clock(INVOICE_DAY)
def test_the_invoice_csv_previews_as_the_workbook_does(demo_db, tx, people, tmp_path):
    xlsx, csv = _export(tx, people["secretaire"], tmp_path, "invoice_lines")
    data = csv.path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # Windows-1252, as Excel in Québec saves it
    lines = data.decode("cp1252").split("\r\n")
    assert lines[0] == ("No membre;Nom;Prénom;Date travaillée;Nombre d'heures;Taux horaire;"
                        "Montant facturé")
    first = lines[1].split(";")
    book = openpyxl.load_workbook(xlsx.path).worksheets[0]
    day = book["D2"].value
    assert first[0] == book["A2"].value
    assert first[3] == f"{day.day}/{day.month}/{day.year}"  # day first
    assert all(re.fullmatch(r"\d+,\d\d", cell) for cell in first[4:])  # decimal commas
    with tx() as session:
        number = _invoice_sample(session).invoice_number
    from_xlsx = _invoice_preview(tx, people["secretaire"], xlsx, number)
    from_csv = _invoice_preview(tx, people["secretaire"], csv, number)
    assert from_csv.counts == from_xlsx.counts
    assert [(o.row, o.kind, o.member_id, o.data, [(p.column, p.message) for p in o.problems])
            for o in from_csv.outcomes] == \
        [(o.row, o.kind, o.member_id, o.data, [(p.column, p.message) for p in o.problems])
         for o in from_xlsx.outcomes]
