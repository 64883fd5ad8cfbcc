"""The sample files of ``gem demo --export-samples`` (issue 14, Demo), on both engines: the
round trip from a demo database to its own import. The preview of each sample shows every
outcome (unchanged, updated with the changed fields, created, refused for the deliberate
reasons at their rows, one member no longer listed); the CSV previews exactly as the
workbook does; importing the valid rows writes the creates and updates and nothing of the
refused rows; the previous system's files (every sheet of the files import) preview with the
counts and refusals their « À lire » sheet announces, import with their own numbers and the
deadlines of the open files only, and are taken back by the undo; the command writes the
files, prints the command that tries them (and, for the files, the administrator's command
that writes them), builds the demo first in an empty database, and refuses a bad folder or a
database that is no demo."""

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
from gem.imports import batches, files, invoices, members, samples
from gem.imports.outcomes import RowsRefused
from gem.models import (
    Agreement,
    AgreementGrievance,
    Arbitration,
    Arbitrator,
    Deadline,
    Grievance,
    GrievanceMember,
    Hearing,
    Institution,
    JobTitle,
    LeaveInvoice,
    LeaveInvoiceLine,
    Member,
    Recourse,
    UnionLeave,
    User,
)
from gem.services.demo_accounts import DEMO_PASSWORD
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


def test_the_command_writes_the_samples_and_the_command_to_try(gem, demo_db, tx, tmp_path,
                                                               monkeypatch):
    folder = tmp_path / "exemples"
    code, out, err = gem("demo", "--export-samples", str(folder))
    assert (code, err) == (0, "")
    written = sorted(folder.iterdir())
    assert [f.suffix for f in written] == ["", ".xlsx", ".csv", ".xlsx", ".csv", ".xlsx"]
    assert [f.name.split("-")[0] for f in written] == \
        ["ancien"] * 2 + ["facture"] * 2 + ["membres"] * 2
    assert written[0].is_dir() and len(list(written[0].glob("*.csv"))) == 9
    for path in written:
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
    # the previous system's files: a preview anyone who imports may run, then the write,
    # which only an administrator makes (the demo's, with the demo's password)
    with tx() as session:
        sample = _files_sample(session)
    database = ["--database", demo_db.url.render_as_string(hide_password=True)]
    files_tries = [shlex.split(line.strip())[1:] for line in out.splitlines()
                   if " import files " in line and line.strip().endswith("--dry-run")]
    assert files_tries == [[*database, "import", "files", str(path), "--dry-run"]
                           for path in (folder.absolute() / "ancien-systeme.xlsx",
                                        folder.absolute() / "ancien-systeme-csv")]
    assert (f"L'aperçu des dossiers de l'ancien système montre {FILES_VALID} ligne(s) à "
            f"créer et 5 refusée(s)") in out and f"(ici {sample.admin})" in out
    writes = [shlex.split(line.strip())[1:] for line in out.splitlines()
              if " import files " in line and line.strip().endswith("--valid-only")]
    assert writes == [[*database, "--user", sample.admin, "import", "files", str(path),
                       "--valid-only"] for path in (folder.absolute() / "ancien-systeme.xlsx",
                                                    folder.absolute() / "ancien-systeme-csv")]
    for words in files_tries:
        code, shown, err = gem(*words[2:])
        assert code == 1, err  # rows were refused, as meant
        named = ("Griefs", "Membres visés") if words[-2].endswith(".xlsx") else \
            ("griefs.csv", "membres-vises.csv")
        assert f"  {named[0]} : 8 ligne(s) à créer, 3 refusée(s)." in shown
        assert f"  {named[1]} : 7 ligne(s) à créer, 2 refusée(s)." in shown
        assert f"{named[0]}, ligne 11, Date de dépôt : « 31/02/2016 » n'est pas une date" \
            in shown
    monkeypatch.setattr("gem.commands._common.ask_password", lambda _prompt: DEMO_PASSWORD)
    code, shown, err = gem(*writes[0][2:])
    assert code == 1, err  # written, with refused rows left out
    assert f"Lot d'import n° 1 : {FILES_VALID} ligne(s) importée(s)" in shown
    with tx() as session:
        assert session.scalar(select(func.count()).select_from(Grievance).where(
            Grievance.file_number.in_(sample.numbers))) == 8


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


# ---------------------------------------------------------------------- previous system
# The files sample's open grievances and hearings to come are dated from the day it is
# written: one day for every test, so that the deadlines found are the same each time.
FILES_DAY = "2026-12-04 09:00"
FILES_COUNTS = {"grievances": (8, 3), "grievance_members": (7, 2), "articles": (5, 0),
                "arbitrations": (2, 0), "arbitrated": (2, 0), "hearings": (4, 0),
                "agreements": (1, 0), "settled": (1, 0), "recourses": (2, 0)}
FILES_VALID = sum(create for create, _ in FILES_COUNTS.values())


def _files_sample(session) -> samples.FilesSample:
    return samples.files_rows(session, samples.sample_institution(session))


def _files_preview(tx, actor, path: Path) -> files.FilesPreview:
    with tx() as session:
        return files.preview_files(session, actor, path)


def _files_shape(preview: files.FilesPreview) -> list[tuple]:
    return [(o.sheet, o.row, o.kind, o.key, o.other, o.data,
             [(p.column, p.message) for p in o.problems]) for o in preview.outcomes]


def _notes_text(path: Path) -> tuple[list[str], str]:
    book = openpyxl.load_workbook(path)
    about = book["À lire"]
    return book.sheetnames, "\n".join(str(r[0].value or "") for r in about.iter_rows())


@pytest.mark.clock(FILES_DAY)
def test_the_files_sample_previews_what_its_notes_announce(demo_db, tx, people, tmp_path):
    written = _export(tx, people["secretaire"], tmp_path / "exemples", "files")
    assert [s.path.name for s in written] == ["ancien-systeme.xlsx", "ancien-systeme-csv"]
    with tx() as session:
        sample = _files_sample(session)
        place, _ = _expected_place(session)
        taken = {n for model in (Grievance, Arbitration, Agreement, Recourse)
                 for n in session.scalars(select(model.file_number))}
        admin = session.scalar(select(User.login).where(User.role == "admin",
                                                        User.login != "admin"))
    assert (sample.institution_id, sample.admin) == (place.id, admin)
    assert {s.institution for s in written} == {place.name}
    for sample_file in written:
        assert sample_file.command == ("import", "files", str(sample_file.path), "--dry-run")
        assert sample_file.write_command == ("--user", admin, "import", "files",
                                             str(sample_file.path), "--valid-only")
    # numbers GEM never handed out: four digits, none taken, each kept once by the import
    numbers = sample.numbers
    assert len(numbers) == len(set(numbers)) == 8 + 2 + 1 + 2
    assert all(re.fullmatch(r"[GAER]-\d{4}-\d{4}", n) for n in numbers)
    assert not taken & set(numbers)
    assert sample.counts() == FILES_COUNTS
    preview = _files_preview(tx, people["admin"], written[0].path)
    assert {k: (c["create"], c["refused"]) for k, c in preview.counts.items()} == FILES_COUNTS
    assert [s.name for s in preview.sheets] == [
        "Griefs", "Membres visés", "Articles", "Arbitrages", "Griefs arbitrés", "Audiences",
        "Ententes", "Griefs réglés", "Recours"]
    g = [row[0] for row in sample.sheets["grievances"]]
    unknown, missing = (sample.sheets["grievance_members"][k][i] for k, i in ((7, 1), (8, 0)))
    reasons = [(o.sheet, o.row, [(p.column, p.message) for p in o.problems])
               for o in preview.refused]
    assert reasons[:4] == [
        ("grievances", 10, [("Numéro de dossier",
                             f"« {g[0]} » figure déjà à la ligne 2 du fichier")]),
        ("grievances", 11, [("Date de dépôt", "« 31/02/2016 » n'est pas une date")]),
        ("grievances", 12, [("Statut", "« Audiences fixées » n'est pas une valeur permise "
                                       "(Brouillon, Déposé, En discussion, Déféré à "
                                       "l'arbitrage, Réglé, Désisté, Sentence rendue).")]),
        ("grievance_members", 9, [("Numéro de membre",
                                   f"« {unknown} » n'est pas connu de GEM")])]
    assert reasons[4:] == [("grievance_members", 10, [
        ("Grief", f"le dossier « {missing} » n'est ni dans le fichier ni dans GEM")])]
    assert [(r.sheet, r.row) for r in sample.refusals] == [(s, r) for s, r, _ in reasons]
    # the demo's own people and places: the valid rows name them
    grievance = next(o for o in preview.outcomes if o.sheet == "grievances" and o.row == 2)
    assert grievance.data["institution_id"] == place.id
    with tx() as session:
        role = session.scalar(select(User.role).where(
            User.id == grievance.data["counsellor_id"]))
        assert role == "counsellor"
        award = next(o for o in preview.outcomes if o.sheet == "arbitrations")
        assert session.get(Arbitrator, award.data["arbitrator_id"]) is not None
    # the « À lire » sheet says what this preview shows, sheet by sheet and row by row
    sheetnames, text = _notes_text(written[0].path)
    assert sheetnames == [s.name for s in preview.sheets] + ["À lire"]
    assert f"« {place.name} »" in text and "ancien-systeme-csv" in text
    for read in preview.sheets:
        counts = preview.counts[read.kind]
        assert (f"- « {read.name} » : {counts['create']} ligne(s) à créer, "
                f"{counts['refused']} refusée(s) ;") in text
    assert f"- {len(preview.refused)} ligne(s) refusée(s), chacune pour une autre raison :" \
        in text
    announced = [line for line in text.splitlines() if line.startswith("    « ")]
    assert len(announced) == len(preview.refused) == 5
    for line, outcome in zip(announced, preview.refused, strict=True):
        (problem,) = outcome.problems
        assert line.startswith(f"    « {preview.sheet_named(outcome.sheet)} », ligne "
                               f"{outcome.row}, {problem.column} : « ")
    assert "31/02/2016" in announced[1] and "date impossible" in announced[1]
    assert unknown in announced[3] and missing in announced[4]


@pytest.mark.clock(FILES_DAY)
def test_importing_the_files_sample_keeps_its_numbers_and_the_undo_takes_it_back(
        demo_db, tx, people, tmp_path):
    xlsx, _ = _export(tx, people["secretaire"], tmp_path, "files")
    with tx() as session:
        sample = _files_sample(session)
        before = {model: session.scalar(select(func.count()).select_from(model))
                  for model in (Grievance, Arbitration, Hearing, Agreement, Recourse,
                                GrievanceMember, Deadline)}
    preview = _files_preview(tx, people["admin"], xlsx.path)
    with tx() as session, pytest.raises(RowsRefused):
        files.import_files(session, people["admin"], preview)
    with tx() as session, pytest.raises(PermissionDenied):
        files.import_files(session, people["secretaire"], preview, valid_only=True)
    with tx() as session:
        batch = files.import_files(session, people["admin"], preview, valid_only=True)
    assert (batch.counts["create"], batch.counts["refused"]) == (FILES_VALID, 5)
    assert batch.counts["grievances"] == 8 and batch.counts["recourses"] == 2
    g = [row[0] for row in sample.sheets["grievances"]]
    (a_old, *_), (a_new, *_) = sample.sheets["arbitrations"]
    with tx() as session:
        by_number = {x.file_number: x for x in session.scalars(select(Grievance).where(
            Grievance.file_number.in_(sample.numbers)))}
        assert sorted(by_number) == sorted(g[:8])
        assert [by_number[n].status for n in g[:8]] == [
            "settled", "awarded", "withdrawn", "settled", "filed", "referred_to_arbitration",
            "in_discussion", "draft"]
        closed, draft = by_number[g[0]], by_number[g[7]]
        assert (closed.outcome, closed.closed_date, closed.institution_id) == (
            "settled", date(2016, 11, 5), sample.institution_id)

        def deadlines(owner: str, ident: int) -> list[tuple]:
            return [(d.status, d.trigger_date, d.due_date) for d in session.scalars(
                select(Deadline).where(Deadline.owner_type == owner,
                                       Deadline.owner_id == ident))]

        for number in sample.closed_grievances:
            assert deadlines("grievance", by_number[number].id) == []
        # the draft's filing deadline runs from the day it was learnt, still open
        assert deadlines("grievance", draft.id) == [
            ("open", date(2026, 11, 29), date(2026, 12, 29))]
        assert deadlines("grievance", by_number[g[4]].id) == [
            ("met", date(2025, 9, 3), date(2025, 10, 3))]
        assert sorted(session.scalars(select(Member.member_number).join(
            GrievanceMember, GrievanceMember.member_id == Member.id).where(
            GrievanceMember.grievance_id == by_number[g[1]].id))) == sorted(
            row[1] for row in sample.sheets["grievance_members"][1:3])
        award, coming = (session.scalars(select(Arbitration).where(
            Arbitration.file_number == n)).one() for n in (a_old, a_new))
        assert (award.status, award.outcome) == ("award_rendered", "upheld")
        assert deadlines("arbitration", award.id) == []
        assert coming.status == "scheduled" and coming.arbitrator_id is not None
        hearings = sorted(session.scalars(select(Hearing.date).where(
            Hearing.arbitration_id == coming.id)))
        assert len(hearings) == 2 and hearings[0] > date(2026, 12, 4)
        assert [d[0] for d in deadlines("arbitration", coming.id)] == ["open"]
        agreement = session.scalars(select(Agreement).where(
            Agreement.file_number == sample.sheets["agreements"][0][0])).one()
        assert agreement.status == "signed"
        assert list(session.scalars(select(AgreementGrievance.grievance_id).where(
            AgreementGrievance.agreement_id == agreement.id))) == [closed.id]
        assert session.scalar(select(func.count()).select_from(Recourse).where(
            Recourse.file_number.in_(sample.numbers))) == 2
    with tx() as session:
        batches.undo_batch(session, people["admin"], batch.id)
    with tx() as session:
        for model, count in before.items():
            assert session.scalar(select(func.count()).select_from(model)) == count, model
        for model in (Grievance, Arbitration, Agreement, Recourse):
            assert session.scalar(select(func.count()).select_from(model).where(
                model.file_number.in_(sample.numbers))) == 0
    again = _files_preview(tx, people["admin"], xlsx.path)
    assert again.counts == preview.counts  # taken back: the sample imports again


@pytest.mark.clock(FILES_DAY)
def test_the_files_csv_folder_previews_as_the_workbook_does(demo_db, tx, people, tmp_path):
    xlsx, folder = _export(tx, people["secretaire"], tmp_path, "files")
    assert sorted(p.name for p in folder.path.iterdir()) == sorted(
        f"{kind.csv}.csv" for kind in files.FILE_KINDS)
    data = (folder.path / "griefs.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # Windows-1252, as Excel in Québec saves it
    lines = data.decode("cp1252").split("\r\n")
    assert lines[0] == ("Numéro de dossier;Établissement;Type de grief;Nature;Objet;Statut;"
                        "Date de l'événement;Date de connaissance;Date de dépôt;Conseiller;"
                        "Issue;Date de fermeture")
    first = lines[1].split(";")
    sheet = openpyxl.load_workbook(xlsx.path)["Griefs"]
    assert first[0] == sheet["A2"].value and sheet["A2"].data_type == "s"
    filed = sheet["I2"].value
    assert isinstance(filed, datetime) and first[8] == f"{filed.day}/{filed.month}/{filed.year}"
    assert "31/02/2016" in lines[10]
    from_xlsx = _files_preview(tx, people["admin"], xlsx.path)
    from_csv = _files_preview(tx, people["admin"], folder.path)
    assert from_csv.counts == from_xlsx.counts
    assert _files_shape(from_csv) == _files_shape(from_xlsx)
