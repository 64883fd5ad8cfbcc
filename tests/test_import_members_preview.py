"""The preview of a members import (issue 14), on both engines, and `gem import members
--dry-run`: every row's outcome is what the form would do, refused rows say where and why,
members the list no longer names are reported, and nothing is written."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from gem.imports import members
from gem.imports.columns import MissingColumns
from gem.models import AuditEntry, Member
from gem.services.errors import PermissionDenied
from tests import factories

HEADER = ["Nº membre", "Matricule", "Nom", "Prénom", "Date d'embauche", "Courriel",
          "Statut d'emploi"]


def _sheet(path, rows, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Employés"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def known(tx, people):
    """Two members of institution 2; one will be in the list, one not."""
    with tx() as session:
        kept = factories.member(session, people["admin"], member_number="000123",
                                employee_number="E-77", last_name="Côté",
                                first_name="Hélène", institution_id=2)
        gone = factories.member(session, people["admin"], member_number="000999",
                                last_name="Absent", first_name="Paul", institution_id=2)
        return kept.id, gone.id


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_each_row_gets_its_outcome_and_nothing_is_written(tx, people, known, tmp_path):
    kept, gone = known
    path = _sheet(tmp_path / "liste.xlsx", [
        ["000123", "E-77", "Côté", "Hélène", None, "helene@example.org", "Temps partiel"],
        [None, "E-77", "Côté", "Hélène", None, None, None],     # same person again
        ["000200", "E-78", "Nouveau", "Né", date(2020, 5, 4), None, "full_time"],
        ["000201", None, "Gagnon", "Luc", "31/02/2019", None, None],
        ["000202", None, "Roy", "Ève", None, "pas-un-courriel", "à la pige"],
        ["000200", None, "Double", "Numéro", None, None, None],
    ])
    with tx() as session:
        before = _count(session, Member), _count(session, AuditEntry)
        preview = members.preview_members(session, people["secretaire"], path, "2")
        after = _count(session, Member), _count(session, AuditEntry)
    assert before == after
    assert preview.counts == {"refused": 4, "create": 1, "update": 1, "unchanged": 0}
    by_row = {o.row: o for o in preview.outcomes}
    assert by_row[2].kind == "update" and by_row[2].member_id == kept
    assert set(by_row[2].changes) == {"email", "employment_status"}
    assert by_row[4].kind == "create" and by_row[4].data["hire_date"] == date(2020, 5, 4)
    reasons = {o.row: [(p.column, p.message) for p in o.problems] for o in preview.refused}
    assert reasons[3] == [("Matricule", "« E-77 » figure déjà à la ligne 2 du fichier")]
    assert reasons[5] == [("Date d'embauche", "« 31/02/2019 » n'est pas une date")]
    assert reasons[6] == [("Statut d'emploi", "« à la pige » n'est pas connu de GEM")]
    assert reasons[7] == [("Nº membre", "« 000200 » figure déjà à la ligne 4 du fichier")]
    assert preview.left == [(gone, "Absent, Paul")]
    assert len(preview.sha256) == 64


def test_a_known_member_whose_row_is_refused_is_not_absent_from_the_list(tx, people, known,
                                                                         tmp_path):
    """Walker's finding: a bad hire date on Hélène's row made her « absente de la liste »."""
    kept, gone = known
    path = _sheet(tmp_path / "liste.xlsx", [
        ["000123", "E-77", "Côté", "Hélène", "31/02/2019", None, None],
    ])
    with tx() as session:
        preview = members.preview_members(session, people["secretaire"], path, "2")
    assert [o.kind for o in preview.outcomes] == ["refused"]
    assert preview.left == [(gone, "Absent, Paul")]
    assert kept not in {ident for ident, _name in preview.left}


def test_the_form_s_own_checks_refuse_the_same_values(tx, people, tmp_path):
    path = _sheet(tmp_path / "liste.xlsx", [
        ["000300", None, "Roy", "Ève", None, "pas-un-courriel", None]])
    with tx() as session:
        preview = members.preview_members(session, people["secretaire"], path, "2")
    (refused,) = preview.refused
    assert refused.problems[0].column == "Courriel"
    assert "n'est pas une adresse courriel" in refused.problems[0].message


def test_a_header_without_the_required_columns_is_refused(tx, people, tmp_path):
    path = _sheet(tmp_path / "liste.xlsx", [["Côté", "Hélène"]], header=["Nom", "Prénom"])
    with tx() as session, pytest.raises(MissingColumns) as refused:
        members.preview_members(session, people["secretaire"], path, "2")
    assert "« Numéro de membre ou matricule »" in refused.value.message("fr")


def test_a_read_only_person_may_not_import(tx, people, tmp_path):
    path = _sheet(tmp_path / "liste.xlsx", [])
    with tx() as session, pytest.raises(PermissionDenied):
        members.preview_members(session, people["lecteur"], path, "2")


def test_the_dry_run_command(gem, tx, people, known, tmp_path):
    path = _sheet(tmp_path / "liste.csv.xlsx", [
        ["000123", "E-77", "Côté", "Hélène", None, None, None],
        ["000201", None, "Gagnon", "Luc", "31/02/2019", None, None]])
    code, out, err = gem("import", "members", str(path), "--institution", "2", "--dry-run")
    assert (code, err) == (1, "")  # 1: something was refused
    assert "0 à créer, 0 à mettre à jour, 1 inchangé(s), 1 refusé(s)." in out
    assert out.rstrip().endswith("Essai (--dry-run) : rien n'a été écrit dans la base.")
    assert "ligne 3, Date d'embauche : « 31/02/2019 » n'est pas une date" in out
    workbook = openpyxl.load_workbook(tmp_path / "liste.csv-refusees.xlsx", read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Ligne", "Colonne", "Raison", "Nº membre")
    assert rows[1][:5] == (3, "Date d'embauche", "« 31/02/2019 » n'est pas une date",
                           "000201", None)
    code, _, err = gem("import", "members", str(path), "--institution", "2")
    assert code == 2 and "--user" in err  # an import is made by somebody
    code, out, err = gem("import", "members", str(path), "--institution", "2",
                         user="secretaire")
    assert code == 1 and "rien n'a été importé" in err and "--valid-only" in err
    assert "rien n'a été écrit" not in out  # the preview does not speak for the write
    code, _, err = gem("import", "members", str(path), "--institution", "Nulle part",
                       "--dry-run")
    assert code == 2 and "Établissement « Nulle part » introuvable" in err
    # A part of one institution's name, typed without its accents, is enough ...
    code, out, _ = gem("import", "members", str(path), "--institution", "chu de quebec",
                       "--dry-run")
    assert code == 1 and "pour CHU de Québec–Université Laval :" in out
    # ... but a part several names share is refused with some of them, and their numbers
    code, _, err = gem("import", "members", str(path), "--institution", "ciusss",
                       "--dry-run")
    assert code == 2 and "« ciusss » désigne plusieurs établissements (" in err
    assert "précisez le nom ou donnez le numéro" in err


def test_a_mapping_file_chooses_the_columns(gem, tmp_path, known):
    path = _sheet(tmp_path / "liste.xlsx", [["000123", "Côté", "Hélène"]],
                  header=["Col A", "Col B", "Col C"])
    mapping = tmp_path / "colonnes.json"
    mapping.write_text('{"Col A": "member_number", "Col B": "last_name", '
                       '"Col C": "first_name"}', encoding="utf-8")
    code, out, _ = gem("import", "members", str(path), "--institution", "2", "--dry-run",
                       "--mapping", str(mapping))
    assert code == 0 and "1 inchangé(s), 0 refusé(s)" in out
    mapping.write_text('["Col A"]', encoding="utf-8")
    code, _, err = gem("import", "members", str(path), "--institution", "2", "--dry-run",
                       "--mapping", str(mapping))
    assert code == 2 and "n'est pas valable" in err
    assert '{"Matricule": "employee_number"}' in err
    mapping.write_text('{"Col A": "member_number", "Col B": "last_name", '
                       '"Col C": "last_name"}', encoding="utf-8")
    code, _, err = gem("import", "members", str(path), "--institution", "2", "--dry-run",
                       "--mapping", str(mapping))  # one field, two columns
    assert code == 2 and "n'est pas valable (Col C → last_name)" in err
