"""The files import (issue 14, third import), on both engines: the previous system's
grievances, their members and articles, arbitrations with their grievances and hearings,
agreements with the grievances they settle, and recourses, from one workbook (a sheet per
kind) or a folder of CSV files; previewed with each refusal named by sheet, row and column;
written as one audited batch keeping the file numbers and statuses, with one timeline line
per grievance and the deadlines of the open files only; the valid rows only, leaving out the
children of a refused row; a stale preview refused; who may import; the command line; the
undo, and its refusal once something changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from gem.imports import batches, files
from gem.imports.outcomes import CREATE, REFUSED, RowsRefused
from gem.imports.sheets import SheetError
from gem.models import (
    Agreement,
    AgreementGrievance,
    Arbitration,
    ArbitrationGrievance,
    AuditEntry,
    Deadline,
    Grievance,
    GrievanceArticle,
    GrievanceEvent,
    GrievanceMember,
    Hearing,
    Recourse,
)
from gem.services.arbitration import ArbitratorService
from gem.services.errors import PermissionDenied
from gem.services.grievance import GrievanceService
from tests import factories

pytestmark = pytest.mark.clock("2026-11-16")

SHEETS: dict[str, list[list[object]]] = {
    "Griefs": [
        ["Numéro de dossier", "Établissement", "Type de grief", "Nature", "Objet", "Statut",
         "Date de l'événement", "Date de connaissance", "Date de dépôt", "Conseiller",
         "Issue", "Date de fermeture"],
        ["G-2019-0042", "2", "Individuel", "Rémunération", "Prime de soir", "Réglé",
         date(2019, 3, 1), date(2019, 3, 2), date(2019, 3, 10), "conseil", "settled",
         date(2019, 11, 1)],
        ["G-2026-0007", "CIUSSS de la Capitale-Nationale", "individual", "pay",
         "Heures supplémentaires", "Brouillon", date(2026, 11, 2), date(2026, 11, 3), None,
         None, None, None],
        ["G-2019-0042", "2", "Individuel", "Rémunération", "Doublon", "Déposé",
         None, None, date(2019, 3, 10), None, None, None],
        ["G-2018-0001", "2", "Collectif", "Ancienneté", "Déjà dans GEM", "Déposé",
         None, None, date(2018, 5, 1), None, None, None],
        ["G-2019-0050", "Hôpital inconnu", "Collectif", "Ancienneté", "Inconnu", "Déposé",
         None, None, date(2019, 5, 1), None, None, None],
        ["G-2019-0051", "2", "Collectif", "Ancienneté", "Date fausse", "Déposé",
         None, None, "31/02/2019", None, None, None],
        ["G-2019-0052", "2", "Collectif", "Ancienneté", "Statut d'arbitrage",
         "Audiences fixées", None, None, date(2019, 5, 1), None, None, None],
        ["G-2020-0001", "2", "Collectif", "Ancienneté", "Liste de rappel",
         "Déféré à l'arbitrage", date(2020, 1, 5), date(2020, 1, 6), date(2020, 1, 15),
         None, None, None],
    ],
    "Membres visés": [
        ["Grief", "Numéro de membre"],
        ["G-2019-0042", "510001"],
        ["G-2026-0007", "510002"],
        ["G-2026-0007", "999999"],
        ["G-2099-9999", "510001"],
        ["G-2018-0002", "510003"],
        ["G-2019-0050", "510001"],
    ],
    "Articles": [
        ["Grief", "Article invoqué"],
        ["G-2019-0042", "12.03"],
        ["G-2019-0042", "12.04"],
        ["G-2026-0007", "5.01"],
    ],
    "Arbitrages": [
        ["Numéro de dossier", "Établissement", "Procédure", "Statut", "Arbitre",
         "Date de renvoi"],
        ["A-2020-0003", "2", "Régulière", "En délibéré", "Me Jean Tremblay",
         date(2020, 2, 1)],
        ["A-2019-0001", "2", "regular", "Sentence rendue", None, date(2019, 6, 1)],
    ],
    "Griefs arbitrés": [
        ["Arbitrage", "Grief"],
        ["A-2020-0003", "G-2020-0001"],
        ["A-2019-0001", "G-2019-0051"],
    ],
    "Audiences": [
        ["Arbitrage", "Date", "Heure", "Lieu"],
        ["A-2020-0003", date(2020, 6, 10), time(9, 30), "Rimouski"],
        ["A-2020-0003", date(2020, 6, 11), None, "Rimouski"],
        ["A-2019-0001", date(2019, 5, 1), None, "Rimouski"],
    ],
    "Ententes": [
        ["Numéro de dossier", "Type d'entente", "Objet", "Établissement", "Statut",
         "Date de signature"],
        ["E-2019-0004", "Entente de règlement", "Règlement de la prime", "2", "Signée",
         date(2019, 10, 20)],
    ],
    "Griefs réglés": [
        ["Entente", "Grief"],
        ["E-2019-0004", "G-2019-0042"],
    ],
    "Recours": [
        ["Numéro de dossier", "Instance", "Type de recours", "Statut", "Numéro de membre",
         "Grief lié", "Date de la décision"],
        ["R-2021-0002", "CNESST", "Demande de révision CNESST", "Réglé", "510001",
         "G-2019-0042", date(2021, 2, 1)],
    ],
}
EXPECTED = {"grievances": (3, 5), "grievance_members": (3, 3), "articles": (3, 0),
            "arbitrations": (1, 1), "arbitrated": (1, 1), "hearings": (2, 1),
            "agreements": (1, 0), "settled": (1, 0), "recourses": (1, 0)}
VALID = sum(create for create, _ in EXPECTED.values())


def _book(path: Path, sheets: dict[str, list[list[object]]] = SHEETS) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def history(tx, people):
    """Three members, an arbitrator and two grievances already in GEM (G-2018-0001, which
    the file names again, and G-2018-0002, which the file gives a member)."""
    admin = people["admin"]
    with tx() as s:
        ids = {number: factories.member(s, admin, member_number=number).id
               for number in ("510001", "510002", "510003")}
        ArbitratorService().create(s, admin, {"name": "Me Jean Tremblay"})
        for number in ("G-2018-0001", "G-2018-0002"):
            factories.grievance(s, admin, members=[ids["510001"]], file_number=number,
                                event_date="2018-04-01", knowledge_date="2018-04-02",
                                filed_date="2018-04-20")
    return ids


def _problems(preview, sheet: str, row: int) -> list[tuple[str, str]]:
    found = [o for o in preview.outcomes if o.sheet == sheet and o.row == row]
    assert len(found) == 1, (sheet, row)
    return [(p.column, p.message) for p in found[0].problems]


def test_a_workbook_previews_every_sheet_with_its_refusals(tx, people, history, tmp_path):
    path = _book(tmp_path / "ancien.xlsx")
    with tx() as s:
        preview = files.preview_files(s, people["admin"], path)
        assert _count(s, Grievance) == 2  # nothing written
    assert {kind: (c[CREATE], c[REFUSED]) for kind, c in preview.counts.items()} == EXPECTED
    assert [s.name for s in preview.sheets] == list(SHEETS)
    assert _problems(preview, "grievances", 2) == []
    assert _problems(preview, "grievances", 4) == [
        ("Numéro de dossier", "« G-2019-0042 » figure déjà à la ligne 2 du fichier")]
    assert _problems(preview, "grievances", 5) == [
        ("Numéro de dossier", "Numéro de dossier : « G-2018-0001 » est déjà utilisé.")]
    assert _problems(preview, "grievances", 6) == [
        ("Établissement", "Établissement « Hôpital inconnu » introuvable : donnez son nom "
                          "exact ou son numéro.")]
    assert _problems(preview, "grievances", 7) == [
        ("Date de dépôt", "« 31/02/2019 » n'est pas une date")]
    ((column, message),) = _problems(preview, "grievances", 8)
    assert column == "Statut"
    assert message.startswith("« Audiences fixées » n'est pas une valeur permise (Brouillon, ")
    assert "Sentence rendue" in message
    assert _problems(preview, "grievance_members", 4) == [
        ("Numéro de membre", "« 999999 » n'est pas connu de GEM")]
    assert _problems(preview, "grievance_members", 5) == [
        ("Grief", "le dossier « G-2099-9999 » n'est ni dans le fichier ni dans GEM")]
    assert _problems(preview, "grievance_members", 6) == []  # G-2018-0002 is GEM's
    assert _problems(preview, "grievance_members", 7) == [
        ("Grief", "le dossier « G-2019-0050 » est refusé (ligne 6 de la feuille « Griefs »)")]
    assert _problems(preview, "arbitrated", 3) == [
        ("Grief", "le dossier « G-2019-0051 » est refusé (ligne 7 de la feuille « Griefs »)")]
    assert _problems(preview, "arbitrations", 3) == [
        ("", "un arbitrage porte sur au moins un grief.")]
    assert _problems(preview, "hearings", 4) == [
        ("Arbitrage", "le dossier « A-2019-0001 » est refusé (ligne 3 de la feuille "
                      "« Arbitrages »)")]
    names = {o.name for o in preview.outcomes}
    assert "Griefs · G-2019-0042" in names and "Membres visés · G-2026-0007 · 999999" in names


def test_english_sheet_names_and_messages(tx, people, history, tmp_path):
    sheets = {"Grievances": [*SHEETS["Griefs"][:2], SHEETS["Griefs"][6]],
              "Grievance members": SHEETS["Membres visés"][:2]}
    path = _book(tmp_path / "old.xlsx", sheets)
    with tx() as s:
        preview = files.preview_files(s, replace(people["admin"], language="en"), path)
    assert {k: (c[CREATE], c[REFUSED]) for k, c in preview.counts.items()} == {
        "grievances": (1, 1), "grievance_members": (1, 0)}
    assert _problems(preview, "grievances", 3) == [
        ("Date de dépôt", "“31/02/2019” is not a date")]


def test_a_workbook_without_any_known_sheet_is_refused(tx, people, history, tmp_path):
    path = _book(tmp_path / "autre.xlsx", {"Feuil1": [["A", "B"], [1, 2]]})
    with tx() as s, pytest.raises(SheetError) as refused:
        files.preview_files(s, people["admin"], path)
    assert str(refused.value) == (
        "Le classeur autre.xlsx n'a aucune des feuilles attendues : « Griefs », « Membres "
        "visés », « Articles », « Arbitrages », « Griefs arbitrés », « Audiences », "
        "« Ententes », « Griefs réglés », « Recours ».")


def test_a_secretary_may_not_import_files(tx, people, history, tmp_path):
    path = _book(tmp_path / "ancien.xlsx")
    with tx() as s, pytest.raises(PermissionDenied):
        files.preview_files(s, people["secretaire"], path)
    with tx() as s:
        preview = files.preview_files(s, people["admin"], path)
    with tx() as s, pytest.raises(PermissionDenied):
        files.import_files(s, people["secretaire"], preview, valid_only=True)


def test_the_import_writes_the_files_as_they_were(tx, people, history, tmp_path):
    path = _book(tmp_path / "ancien.xlsx")
    with tx() as s:
        preview = files.preview_files(s, people["admin"], path)
    with tx() as s, pytest.raises(RowsRefused):
        files.import_files(s, people["admin"], preview)
    seen: list[tuple[int, int]] = []
    with tx() as s:
        batch = files.import_files(s, people["admin"], preview, valid_only=True,
                                   progress=lambda done, total: seen.append((done, total)))
    assert batch.kind == batches.FILES and batch.counts["create"] == VALID
    assert batch.counts["refused"] == 11 and batch.counts["grievances"] == 3
    assert seen[-1] == (VALID, VALID)
    with tx() as s:
        by_number = {g.file_number: g for g in s.scalars(select(Grievance))}
        assert sorted(by_number) == ["G-2018-0001", "G-2018-0002", "G-2019-0042",
                                     "G-2020-0001", "G-2026-0007"]
        old, draft, referred = (by_number[n] for n in ("G-2019-0042", "G-2026-0007",
                                                       "G-2020-0001"))
        assert (old.status, old.outcome, old.closed_date, old.institution_id) == (
            "settled", "settled", date(2019, 11, 1), 2)
        assert old.counsellor_id == people["conseil"].id
        assert (draft.status, draft.institution_id, draft.kind) == ("draft", 4, "individual")
        assert referred.status == "referred_to_arbitration"
        members = {(one, two) for one, two in s.execute(select(
            GrievanceMember.grievance_id, GrievanceMember.member_id))}
        assert (old.id, history["510001"]) in members
        assert (draft.id, history["510002"]) in members
        assert (by_number["G-2018-0002"].id, history["510003"]) in members
        assert sorted(s.scalars(select(GrievanceArticle.citation).where(
            GrievanceArticle.grievance_id == old.id))) == ["12.03", "12.04"]
        for grievance in (old, draft, referred):
            events = list(s.scalars(select(GrievanceEvent).where(
                GrievanceEvent.grievance_id == grievance.id)))
            assert len(events) == 1
            assert events[0].kind == "imported"
            assert f"lot d'import n° {batch.id}" in events[0].description
        assert s.scalar(select(GrievanceEvent.occurred_on).where(
            GrievanceEvent.grievance_id == old.id)) == date(2019, 3, 10)
        assert s.scalar(select(GrievanceEvent.occurred_on).where(
            GrievanceEvent.grievance_id == draft.id)) == date(2026, 11, 16)
        # deadlines: the engine's for the open files, none for the closed one
        assert _count(s, Deadline, Deadline.owner_type == "grievance",
                      Deadline.owner_id == old.id) == 0
        open_deadline = s.scalars(select(Deadline).where(
            Deadline.owner_type == "grievance", Deadline.owner_id == draft.id)).one()
        assert open_deadline.status == "open" and open_deadline.trigger_date == date(2026, 11, 3)
        assert open_deadline.due_date > date(2026, 11, 3)
        assert s.scalars(select(Deadline.status).where(
            Deadline.owner_type == "grievance", Deadline.owner_id == referred.id)).one() == "met"
        arbitration = s.scalars(select(Arbitration)).one()
        assert (arbitration.file_number, arbitration.status) == ("A-2020-0003",
                                                                 "under_advisement")
        assert arbitration.arbitrator_id is not None
        assert list(s.scalars(select(ArbitrationGrievance.grievance_id))) == [referred.id]
        hearings = list(s.scalars(select(Hearing).order_by(Hearing.date)))
        assert [(h.date, h.start_time, h.location, h.arbitration_id) for h in hearings] == [
            (date(2020, 6, 10), time(9, 30), "Rimouski", arbitration.id),
            (date(2020, 6, 11), None, "Rimouski", arbitration.id)]
        award = s.scalars(select(Deadline).where(Deadline.owner_type == "arbitration")).one()
        assert award.trigger_date == date(2020, 6, 11)
        agreement = s.scalars(select(Agreement)).one()
        assert (agreement.file_number, agreement.status, agreement.kind) == (
            "E-2019-0004", "signed", "settlement")
        assert list(s.scalars(select(AgreementGrievance.grievance_id))) == [old.id]
        recourse = s.scalars(select(Recourse)).one()
        assert (recourse.file_number, recourse.status, recourse.grievance_id,
                recourse.member_id) == ("R-2021-0002", "settled", old.id, history["510001"])
        assert _count(s, Deadline, Deadline.owner_type == "recourse") == 0
        # every record written is audited with the batch
        audited = {entity: n for entity, n in s.execute(select(
            AuditEntry.entity, func.count()).where(
            AuditEntry.batch_id == batch.id, AuditEntry.action == "create")
            .group_by(AuditEntry.entity))}
        assert audited == {"grievance": 3, "grievance_event": 3, "grievance_member": 3,
                           "grievance_article": 3, "arbitration": 1,
                           "arbitration_grievance": 1, "hearing": 2, "agreement": 1,
                           "agreement_grievance": 1, "recourse": 1, "deadline": 3}
        assert _count(s, AuditEntry, AuditEntry.batch_id == batch.id,
                      AuditEntry.action == "import") == 1


def test_a_file_number_taken_since_the_preview_writes_nothing(tx, people, history, tmp_path):
    path = _book(tmp_path / "ancien.xlsx")
    with tx() as s:
        preview = files.preview_files(s, people["admin"], path)
    with tx() as s:
        factories.grievance(s, people["admin"], file_number="G-2020-0001")
    with tx() as s, pytest.raises(files.FilesOutdated) as refused:
        files.import_files(s, people["admin"], preview, valid_only=True)
    assert "« G-2020-0001 »" in str(refused.value)
    with tx() as s:
        assert _count(s, Grievance) == 3 and _count(s, Arbitration) == 0
        assert _count(s, AuditEntry, AuditEntry.batch_id.is_not(None)) == 0


def test_a_folder_of_csv_files(tx, people, history, tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "griefs.csv").write_text(
        "Numéro de dossier;Établissement;Type de grief;Nature;Objet;Statut;Date de dépôt\n"
        "G-2017-0009;2;Individuel;Rémunération;Prime;Désisté;2017-04-02\n", encoding="utf-8")
    (folder / "membres-vises.csv").write_text("Grief;Numéro de membre\nG-2017-0009;510002\n",
                                              encoding="utf-8")
    (folder / "notes.txt").write_text("autre chose", encoding="utf-8")
    with tx() as s:
        preview = files.preview_files(s, people["admin"], folder)
    assert preview.counts == {"grievances": {CREATE: 1, REFUSED: 0},
                              "grievance_members": {CREATE: 1, REFUSED: 0}}
    with tx() as s:
        files.import_files(s, people["admin"], preview)
    with tx() as s:
        grievance = s.scalars(select(Grievance).where(
            Grievance.file_number == "G-2017-0009")).one()
        assert (grievance.status, grievance.filed_date) == ("withdrawn", date(2017, 4, 2))
        assert list(s.scalars(select(GrievanceMember.member_id).where(
            GrievanceMember.grievance_id == grievance.id))) == [history["510002"]]
        assert _count(s, Deadline, Deadline.owner_id == grievance.id,
                      Deadline.owner_type == "grievance") == 0


def test_the_undo_removes_everything_and_a_change_since_refuses_it(tx, people, history,
                                                                    tmp_path):
    path = _book(tmp_path / "ancien.xlsx")
    with tx() as s:
        preview = files.preview_files(s, people["admin"], path)
    with tx() as s:
        first = files.import_files(s, people["admin"], preview, valid_only=True)
    with tx() as s:
        undone = batches.undo_batch(s, people["admin"], first.id)
    assert undone.undone_by == "admin"
    with tx() as s:
        assert sorted(s.scalars(select(Grievance.file_number))) == ["G-2018-0001",
                                                                    "G-2018-0002"]
        for model in (Arbitration, Hearing, ArbitrationGrievance, Agreement,
                      AgreementGrievance, Recourse, GrievanceArticle):
            assert _count(s, model) == 0, model
        assert _count(s, GrievanceMember) == 2  # GEM's own two grievances' members
        assert _count(s, GrievanceEvent) == 2   # and their own « opened » lines
        assert _count(s, Deadline, Deadline.owner_type != "grievance") == 0
        assert _count(s, Deadline) == 2
    # imported again, then a grievance edited: the undo is refused, nothing taken back
    with tx() as s:
        preview = files.preview_files(s, people["admin"], path)
    with tx() as s:
        second = files.import_files(s, people["admin"], preview, valid_only=True)
    with tx() as s:
        ident = s.scalar(select(Grievance.id).where(Grievance.file_number == "G-2026-0007"))
        GrievanceService().update(s, people["admin"], ident, {"title": "Heures supp."}, None)
    with tx() as s, pytest.raises(batches.CannotUndo) as refused:
        batches.undo_batch(s, people["admin"], second.id)
    assert "le dossier G-2026-0007 a été modifié depuis" in str(refused.value)
    with tx() as s:
        assert _count(s, Grievance) == 5 and _count(s, Hearing) == 2


def test_a_note_added_since_refuses_the_undo(tx, people, history, tmp_path):
    path = _book(tmp_path / "ancien.xlsx")
    with tx() as s:
        preview = files.preview_files(s, people["admin"], path)
    with tx() as s:
        batch = files.import_files(s, people["admin"], preview, valid_only=True)
    with tx() as s:
        ident = s.scalar(select(Grievance.id).where(Grievance.file_number == "G-2019-0042"))
        GrievanceService().add_note(s, people["admin"], ident, "Appel de l'employeur.")
    with tx() as s, pytest.raises(batches.CannotUndo) as refused:
        batches.undo_batch(s, people["admin"], batch.id)
    assert "le dossier G-2019-0042 a reçu depuis un ajout" in str(refused.value)


def test_the_command_line_dry_run_then_write(gem, people, history, tmp_path):
    path = _book(tmp_path / "ancien.xlsx")
    code, out, err = gem("import", "files", str(path), "--dry-run")
    assert code == 1, err
    assert "Griefs : 3 ligne(s) à créer, 5 refusée(s)." in out
    assert "Griefs, ligne 7, Date de dépôt : « 31/02/2019 » n'est pas une date" in out
    assert "Essai (--dry-run) : rien n'a été écrit dans la base." in out
    refused = tmp_path / "ancien-refusees.xlsx"
    book = openpyxl.load_workbook(refused)
    assert book.sheetnames == ["Griefs", "Membres visés", "Arbitrages", "Griefs arbitrés",
                               "Audiences"]
    assert book["Griefs"].max_row == 6
    code, _, err = gem("import", "files", str(path), user="admin")
    assert code == 1 and "refusée(s) : rien n'a été importé" in err
    code, out, err = gem("import", "files", str(path), "--valid-only", user="admin")
    assert code == 1, err
    assert f"Lot d'import n° 1 : {VALID} ligne(s) importée(s)" in out
    code, out, _ = gem("import", "batches")
    assert "Dossiers de l'ancien système" in out
    code, out, err = gem("import", "undo", "1", user="admin")
    assert code == 0, err
    assert "Lot d'import n° 1 annulé" in out
    code, _, err = gem("import", "files", str(tmp_path / "absent.xlsx"), "--dry-run")
    assert code == 2 and "n'existe pas" in err


# ---------------------------------------------------------------------- the columns
def _renamed(path: Path) -> Path:
    """The grievances sheet as another system names it: « Réf. » for the file number,
    « Sujet » for the subject (neither a name GEM knows), and a « Conseiller » column the
    person will leave out."""
    sheets = dict(SHEETS)
    header = ["Réf.", *SHEETS["Griefs"][0][1:4], "Sujet", *SHEETS["Griefs"][0][5:]]
    sheets["Griefs"] = [header, *SHEETS["Griefs"][1:]]
    return _book(path, sheets)


def _person_s(header: tuple[str, ...]) -> dict[int, str]:
    proposed = files.columns.propose(header, files.KINDS_BY_KEY["grievances"].fields)
    proposed[header.index("Réf.")] = "file_number"
    proposed[header.index("Sujet")] = "title"
    del proposed[header.index("Conseiller")]
    return proposed


def test_the_columns_are_proposed_sheet_by_sheet_and_remembered(tx, people, history, tmp_path):
    path = _renamed(tmp_path / "ancien.xlsx")
    admin = people["admin"]
    with tx() as s:
        proposal = files.propose_files_mapping(s, admin, path)
    assert [(p.kind, p.name) for p in proposal.sheets] == [
        (kind.key, kind.label) for kind in files.FILE_KINDS]
    grievances = proposal.sheets[0]
    assert grievances.header[0] == "Réf." and 0 not in grievances.mapping
    assert grievances.mapping[9] == "counsellor"  # « Conseiller », named the layout's way
    assert proposal.sheets[1].mapping == {0: "grievance", 1: "member"}
    with tx() as s, pytest.raises(SheetError) as refused:  # as proposed: no file number
        files.preview_files(s, admin, path)
    assert str(refused.value) == ("Feuille « Griefs » : Colonnes obligatoires absentes de "
                                  "l'en-tête : « Numéro de dossier », « Objet ».")

    chosen = _person_s(grievances.header)
    with tx() as s:
        preview = files.preview_files(
            s, admin, path, choose=lambda kind, header:
            chosen if kind == "grievances" else None)
    assert {kind: (c[CREATE], c[REFUSED]) for kind, c in preview.counts.items()} == EXPECTED
    assert _problems(preview, "grievances", 4) == [
        ("Réf.", "« G-2019-0042 » figure déjà à la ligne 2 du fichier")]
    with tx() as s:
        files.import_files(s, admin, preview, valid_only=True)
        counsellor = s.scalar(select(Grievance.counsellor_id).where(
            Grievance.file_number == "G-2019-0042"))
    assert counsellor is None  # « Conseiller » left out: « conseil » not read

    with tx() as s:  # the next file from the previous system: as the person chose
        again = files.propose_files_mapping(s, admin, path)
    assert again.sheets[0].mapping == chosen
    # A later file with the recourses only keeps the grievances' columns remembered
    recourses = _book(tmp_path / "recours.xlsx", {"Recours": [
        ["Dossier", *SHEETS["Recours"][0][1:]],
        ["R-2022-0001", *SHEETS["Recours"][1][1:]]]})
    with tx() as s:
        preview = files.preview_files(s, admin, recourses)
        assert preview.counts == {"recourses": {CREATE: 1, REFUSED: 0}}
        files.import_files(s, admin, preview)
    with tx() as s:
        assert files.propose_files_mapping(s, admin, path).sheets[0].mapping == chosen
        assert files.propose_files_mapping(s, admin, recourses).sheets[0].mapping[0] == \
            "file_number"


def test_a_mapping_file_chooses_each_sheet_s_columns(gem, people, history, tmp_path):
    path = _renamed(tmp_path / "ancien.xlsx")
    code, _, err = gem("import", "files", str(path), "--dry-run")
    assert code == 2 and "Feuille « Griefs » : Colonnes obligatoires absentes" in err
    mapping = tmp_path / "colonnes.json"
    header = [str(h) for h in SHEETS["Griefs"][0]]
    chosen = {"Réf.": "file_number", "Sujet": "title",
              **{h: key for h, key in zip(header, [
                  "", "institution", "kind", "nature", "", "status", "event_date",
                  "knowledge_date", "filed_date", "", "outcome", "closed_date"], strict=True)
                 if key}}
    import json

    mapping.write_text(json.dumps({"Grievances": chosen}), encoding="utf-8")
    code, out, err = gem("import", "files", str(path), "--mapping", str(mapping),
                         "--dry-run")
    assert code == 1, err
    assert "Griefs : 3 ligne(s) à créer, 5 refusée(s)." in out
    assert "Griefs, ligne 4, Réf. : « G-2019-0042 » figure déjà à la ligne 2" in out
    for bad, named in (({"Feuil1": chosen}, "Feuil1"),
                       ({"Griefs": {"Réf.": "file_number", "Sujet": "file_number"}},
                        "Sujet → file_number"),
                       ({"Griefs": {"Absente": "title"}}, "Absente → title"),
                       ({"Griefs": {"Réf.": "numero"}}, "Réf. → numero ∉ {file_number, "
                        "institution, kind, nature, title, status, employer_number"),
                       ({"Griefs": ["Réf."]}, "Griefs")):
        mapping.write_text(json.dumps(bad), encoding="utf-8")
        code, out, err = gem("import", "files", str(path), "--mapping", str(mapping),
                             "--dry-run")
        assert code == 2 and f"n'est pas valable ({named}" in err, (bad, err)
        assert "objet JSON par feuille" in err


def test_a_grievance_s_collective_agreement_gives_its_deadlines(tx, people, history, tmp_path):
    from gem.models import CollectiveAgreement
    from gem.services.deadlines.compute import compute_rule
    from gem.services.deadlines.rules import apply_rule_change

    admin = people["admin"]
    with tx() as s:
        agreement = CollectiveAgreement(name="Dispositions locales CIUSSS test",
                                        short_name="DL-CIUSSS", valid_from=date(2023, 4, 1))
        s.add(agreement)
        s.flush()
        agreement_id = agreement.id
        apply_rule_change(s, admin, "grievance_agreement", effective_from=date(2023, 4, 1),
                          agreement_id=agreement_id, length=45, confirmed=True)
    header = [*SHEETS["Griefs"][0], "Convention collective"]
    draft = SHEETS["Griefs"][2]
    path = _book(tmp_path / "ancien.xlsx", {"Griefs": [
        header, [*draft, "dl-ciusss"], ["G-2026-0008", *draft[1:], "Convention inconnue"]],
        "Membres visés": [SHEETS["Membres visés"][0], SHEETS["Membres visés"][2]]})
    with tx() as s:
        preview = files.preview_files(s, admin, path)
        assert _problems(preview, "grievances", 2) == []  # by its short name, any case
        assert _problems(preview, "grievances", 3) == [
            ("Convention collective", "« Convention inconnue » n'est pas connu de GEM")]
        files.import_files(s, admin, preview, valid_only=True)
    with tx() as s:
        grievance = s.scalars(select(Grievance).where(
            Grievance.file_number == "G-2026-0007")).one()
        assert grievance.agreement_id == agreement_id
        due = s.scalar(select(Deadline.due_date).where(
            Deadline.owner_type == "grievance", Deadline.owner_id == grievance.id))
        own = compute_rule(s, "grievance_agreement", date(2026, 11, 3),
                           agreement_id=agreement_id).due_date
        assert due == own != compute_rule(s, "grievance_agreement", date(2026, 11, 3)).due_date
