"""The members import itself (issue 14), on both engines: one batch, all or nothing, the
valid rows only when asked, audited with its batch, the employment history, the columns
remembered, a preview that went stale refused, and the undo while nothing changed since."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from gem import clock
from gem.imports import batches, members
from gem.models import AuditEntry, EmploymentRecord, ImportBatch, JobTitle, Member
from gem.services.errors import PermissionDenied
from gem.services.member import MemberService
from tests import factories
from tests.conftest import PG_URL

HEADER = ["No membre", "Matricule", "Nom", "Prénom", "Titre d'emploi", "Date d'embauche",
          "Courriel"]


def _sheet(path, rows, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def titles(tx):
    with tx() as session:
        codes = list(session.scalars(select(JobTitle.code).where(JobTitle.code.is_not(None))
                                     .order_by(JobTitle.id).limit(2)))
    assert len(codes) == 2
    return codes


@pytest.fixture
def known(tx, people):
    with tx() as session:
        kept = factories.member(session, people["admin"], member_number="000123",
                                employee_number="E-77", last_name="Côté",
                                first_name="Hélène", institution_id=2)
        other = factories.member(session, people["admin"], member_number="000555",
                                 last_name="Ailleurs", first_name="Jean", institution_id=3)
        return kept.id, other.id


def _preview(tx, actor, path, institution="2"):
    with tx() as session:
        return members.preview_members(session, actor, path, institution)


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_an_import_writes_one_audited_batch(tx, people, known, titles, tmp_path):
    kept, other = known
    path = _sheet(tmp_path / "liste.xlsx", [
        ["000123", "E-77", "Côté", "Hélène", titles[0], None, "helene@example.org"],
        ["000555", None, "Ailleurs", "Jean", None, None, None],     # moves to institution 2
        ["000200", "E-78", "Nouveau", "Né", titles[1], date(2020, 5, 4), None],
        ["000201", None, "Gagnon", "Luc", None, None, None],
    ])
    preview = _preview(tx, people["secretaire"], path)
    assert preview.counts == {"refused": 0, "create": 2, "update": 2, "unchanged": 0}
    with clock.frozen("2026-12-03T10:00:00-05:00"), tx() as session:
        batch = members.import_members(session, people["secretaire"], preview)
    assert batch.counts["create"] == 2 and batch.made_by == "secretaire"
    with tx() as session:
        new = session.scalars(select(Member).where(Member.member_number == "000200")).one()
        assert (new.last_name, new.hire_date, new.institution_id) == \
            ("Nouveau", date(2020, 5, 4), 2)
        assert new.search_key  # the quick search finds them
        (stretch,) = new.employment
        assert (stretch.start_date, stretch.institution_id, stretch.end_date) == \
            (date(2020, 5, 4), 2, None)
        assert session.get(Member, kept).email == "helene@example.org"
        moved = session.get(Member, other)
        assert moved.institution_id == 2 and moved.version == 2
        (opened,) = moved.employment  # the form made none; the move opens one today
        assert (opened.institution_id, opened.start_date) == (2, date(2026, 12, 3))
        entries = list(session.scalars(select(AuditEntry).where(
            AuditEntry.batch_id == batch.id).order_by(AuditEntry.id)))
        assert [(e.action, e.entity) for e in entries][:1] == [("import", "import_batch")]
        actions = {(e.action, e.entity, e.entity_id) for e in entries}
        assert ("create", "member", new.id) in actions
        assert ("update", "member", kept) in actions
        assert ("update", "member", other) in actions
        assert all(e.user_login == "secretaire" for e in entries)
        update = next(e for e in entries if e.entity_id == kept and e.entity == "member")
        assert update.before["email"] is None and update.after["email"] == "helene@example.org"
        stored = session.get(ImportBatch, batch.id)
        assert (stored.file_name, stored.sha256, stored.institution_id) == \
            ("liste.xlsx", preview.sha256, 2)
        # the same file again: everything is unchanged
    again = _preview(tx, people["secretaire"], path)
    assert again.counts == {"refused": 0, "create": 0, "update": 0, "unchanged": 4}


def test_a_change_of_job_title_closes_the_stretch_and_opens_the_next(tx, people, known,
                                                                     titles, tmp_path):
    first = _sheet(tmp_path / "a.xlsx", [["000900", None, "Roy", "Ève", titles[0],
                                          date(2019, 1, 7), None]])
    with tx() as session:
        members.import_members(session, people["admin"],
                               members.preview_members(session, people["admin"], first, "2"))
    second = _sheet(tmp_path / "b.xlsx", [["000900", None, "Roy", "Ève", titles[1],
                                           date(2019, 1, 7), None]])
    with clock.frozen("2026-12-03T10:00:00-05:00"), tx() as session:
        members.import_members(session, people["admin"],
                               members.preview_members(session, people["admin"], second, "2"))
    with tx() as session:
        stretches = list(session.scalars(select(EmploymentRecord).join(Member).where(
            Member.member_number == "000900").order_by(EmploymentRecord.id)))
        titles_by_id = dict(list(session.execute(select(JobTitle.code, JobTitle.id))))
    assert [(s.job_title_id, s.start_date, s.end_date) for s in stretches] == [
        (titles_by_id[titles[0]], date(2019, 1, 7), date(2026, 12, 3)),
        (titles_by_id[titles[1]], date(2026, 12, 3), None)]


def test_a_refused_row_means_nothing_is_written_unless_valid_rows_only(tx, people, tmp_path):
    path = _sheet(tmp_path / "liste.xlsx", [
        ["000300", None, "Bon", "Jean", None, None, None],
        ["000301", None, "Mauvais", "Paul", None, "31/02/2019", None]])
    preview = _preview(tx, people["secretaire"], path)
    with tx() as session:
        before = _count(session, Member), _count(session, AuditEntry)
    with tx() as session, pytest.raises(members.RowsRefused) as refused:
        members.import_members(session, people["secretaire"], preview)
    assert refused.value.message("fr").startswith("1 ligne(s) refusée(s) : rien n'a été "
                                                  "importé.")
    with tx() as session:
        assert (_count(session, Member), _count(session, AuditEntry)) == before
        assert _count(session, ImportBatch) == 0
    with tx() as session:
        batch = members.import_members(session, people["secretaire"], preview,
                                       valid_only=True)
    assert batch.valid_only and batch.counts["refused"] == 1
    with tx() as session:
        numbers = set(session.scalars(select(Member.member_number)))
    assert "000300" in numbers and "000301" not in numbers


def test_a_preview_gone_stale_is_refused_and_nothing_written(tx, people, known, tmp_path):
    kept, _ = known
    path = _sheet(tmp_path / "liste.xlsx", [
        ["000123", "E-77", "Côté", "Hélène", None, None, "nouveau@example.org"],
        ["000400", None, "Tard", "Venu", None, None, None]])
    preview = _preview(tx, people["secretaire"], path)
    with tx() as session:  # a colleague saves the member meanwhile
        member = session.get(Member, kept)
        MemberService().update(session, people["admin"], kept, {"phone": "514-555-0101"},
                               member.version)
    with tx() as session, pytest.raises(members.PreviewOutdated) as stale:
        members.import_members(session, people["secretaire"], preview)
    assert "« Côté, Hélène »" in stale.value.message("fr")
    with tx() as session:
        assert session.get(Member, kept).email is None
        assert _count(session, Member, Member.member_number == "000400") == 0
    with tx() as session:  # a number created meanwhile
        factories.member(session, people["admin"], member_number="000400")
    fresh = _preview(tx, people["secretaire"], path)
    assert fresh.counts["update"] == 2
    path2 = _sheet(tmp_path / "autre.xlsx", [["000401", None, "Neuf", "Né", None, None, None]])
    preview2 = _preview(tx, people["secretaire"], path2)
    with tx() as session:
        factories.member(session, people["admin"], member_number="000401")
    with tx() as session, pytest.raises(members.PreviewOutdated):
        members.import_members(session, people["secretaire"], preview2)


def test_only_secretaries_and_administrators_import(tx, people, tmp_path):
    path = _sheet(tmp_path / "liste.xlsx", [["000500", None, "Roy", "Ève", None, None, None]])
    for login in ("conseil", "coord", "lecteur"):
        with tx() as session, pytest.raises(PermissionDenied):
            members.preview_members(session, people[login], path, "2")
    preview = _preview(tx, people["admin"], path)
    with tx() as session, pytest.raises(PermissionDenied):
        members.import_members(session, people["conseil"], preview)


def test_the_columns_are_remembered_for_the_institution(tx, people, tmp_path):
    header = ["Code A", "Famille", "Prénom usuel", "Sans objet"]
    path = _sheet(tmp_path / "paie.xlsx", [["000600", "Roy", "Ève", "x"]], header=header)
    with tx() as session:
        proposal = members.propose_members_mapping(session, people["secretaire"], path, "2")
    assert proposal.mapping == {}  # nothing named the way GEM knows
    chosen = {0: "member_number", 1: "last_name", 2: "first_name"}
    with tx() as session:
        preview = members.preview_members(session, people["secretaire"], path, "2",
                                          lambda _header: chosen)
        members.import_members(session, people["secretaire"], preview)
    with tx() as session:
        assert members.propose_members_mapping(
            session, people["secretaire"], path, "2").mapping == chosen
        assert members.propose_members_mapping(
            session, people["secretaire"], path, "3").mapping == {}  # another institution


def test_an_undo_takes_the_batch_back_while_nothing_changed(tx, people, known, tmp_path):
    kept, other = known
    path = _sheet(tmp_path / "liste.xlsx", [
        ["000123", "E-77", "Côté", "Hélène", None, None, "helene@example.org"],
        ["000555", None, "Ailleurs", "Jean", None, None, None],
        ["000700", None, "Neuf", "Né", None, None, None]])
    with tx() as session:
        batch = members.import_members(session, people["secretaire"],
                                       _preview(tx, people["secretaire"], path))
    with tx() as session, pytest.raises(PermissionDenied):
        batches.undo_batch(session, people["secretaire"], batch.id)
    with tx() as session:
        undone = batches.undo_batch(session, people["admin"], batch.id)
    assert undone.undone_by == "admin" and undone.undone_at is not None
    with tx() as session:
        assert _count(session, Member, Member.member_number == "000700") == 0
        assert session.get(Member, kept).email is None
        moved = session.get(Member, other)
        assert moved.institution_id == 3 and moved.employment == []
        listed = batches.list_batches(session, people["lecteur"])
        assert [b.id for b in listed] == [batch.id] and listed[0].undone_at is not None
    with tx() as session, pytest.raises(batches.AlreadyUndone):
        batches.undo_batch(session, people["admin"], batch.id)


def test_an_undo_is_refused_once_a_record_changed_or_is_used(tx, people, tmp_path):
    path = _sheet(tmp_path / "liste.xlsx", [["000800", None, "Neuf", "Né", None, None, None]])
    with tx() as session:
        batch = members.import_members(session, people["secretaire"],
                                       _preview(tx, people["secretaire"], path))
    with tx() as session:
        made = session.scalars(select(Member).where(Member.member_number == "000800")).one()
        MemberService().update(session, people["conseil"], made.id,
                               {"phone": "514-555-0199"}, made.version)
    with tx() as session, pytest.raises(batches.CannotUndo) as refused:
        batches.undo_batch(session, people["admin"], batch.id)
    assert "le membre 000800 (Neuf, Né) a été modifié depuis" in refused.value.message("fr")
    assert "par conseil" in refused.value.message("fr")
    assert "Membre " not in refused.value.message("fr")  # never by its internal id
    path2 = _sheet(tmp_path / "autre.xlsx", [["000801", None, "Neuf", "Né", None, None, None]])
    with tx() as session:
        batch2 = members.import_members(session, people["secretaire"],
                                        _preview(tx, people["secretaire"], path2))
    with tx() as session:
        made = session.scalars(select(Member).where(Member.member_number == "000801")).one()
        factories.grievance(session, people["conseil"], members=[made.id])
    with tx() as session, pytest.raises(batches.CannotUndo) as used:
        batches.undo_batch(session, people["admin"], batch2.id)
    assert "nommés ailleurs" in used.value.message("fr")
    with tx() as session:
        assert _count(session, Member, Member.member_number.in_(["000800", "000801"])) == 2


def test_the_import_and_undo_commands(gem, tx, people, tmp_path):
    path = _sheet(tmp_path / "liste.xlsx", [
        ["000950", None, "Bon", "Jean", None, None, None],
        ["000951", None, "Mauvais", "Paul", None, "31/02/2019", None]])
    code, out, err = gem("import", "members", str(path), "--institution", "2",
                         user="secretaire")
    assert code == 1 and "rien n'a été importé" in err
    code, out, err = gem("import", "members", str(path), "--institution", "2", "--valid-only",
                         user="secretaire")
    assert code == 1, err  # a row was refused, even though the others went in
    assert "Lot d'import n° 1 : 1 membre(s) créé(s), 0 mis à jour, 1 ligne(s) refusée(s)" \
        in out
    code, out, _ = gem("import", "batches")
    assert code == 0 and "liste.xlsx" in out and "secretaire" in out
    code, _, err = gem("import", "undo", "1", user="secretaire")
    assert code == 2 and "Votre rôle ne permet pas" in err
    code, out, _ = gem("import", "undo", "1", user="admin")
    assert code == 0 and "Lot d'import n° 1 annulé" in out
    with tx() as session:
        assert _count(session, Member, Member.member_number == "000950") == 0


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL only (GEM_TEST_DATABASE_URL)")
def test_on_a_secured_database_people_import_and_undo_with_their_own_logins(secured,
                                                                            tmp_path):
    """gem db setup's grants come from the policy: a secretary's own login writes the
    batch, the members, their employment and the audit naming the batch; an
    administrator's own login undoes it; PostgreSQL records who really wrote each row."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from gem.db import make_engine, session_factory, transaction
    from gem.services.personal_login import current_account

    def own(login):
        url = make_url(secured.url).set(username=secured.names.login(login),
                                        password="motdepasse-123")
        engine = make_engine(url.render_as_string(hide_password=False))
        return engine, session_factory(engine)

    def actor(session):
        return current_account(session, session.execute(
            text("SELECT gem_user_id()")).scalar_one())

    path = _sheet(tmp_path / "liste.xlsx", [
        ["770001", None, "Sécurisé", "Un", None, date(2021, 3, 1), None],
        ["770002", None, "Sécurisé", "Deux", None, None, "deux@example.org"]])
    engine, sessions = own("secretaire")
    try:
        with transaction(sessions, write=False) as session:
            preview = members.preview_members(session, actor(session), path, "2")
        with transaction(sessions) as session:
            batch = members.import_members(session, actor(session), preview)
    finally:
        engine.dispose()
    owner = make_engine(secured.url)
    try:
        with owner.connect() as c:
            writers = set(c.execute(text("SELECT DISTINCT db_user FROM audit_log "
                                         "WHERE batch_id = :b"), {"b": batch.id}).scalars())
            assert writers == {secured.names.login("secretaire")}
            direct = c.execute(text("SELECT count(*) FROM audit_log WHERE action LIKE 'db\\_%' "
                                    "AND tx IN (SELECT tx FROM audit_log WHERE batch_id = :b)"),
                               {"b": batch.id}).scalar()
            assert direct == 0  # the commit-time check found the import's own entries
        engine, sessions = own("admin")
        try:
            with transaction(sessions) as session:
                batches.undo_batch(session, actor(session), batch.id)
        finally:
            engine.dispose()
        with owner.connect() as c:
            left = c.execute(text("SELECT count(*) FROM members WHERE member_number "
                                  "IN ('770001', '770002')")).scalar()
            assert left == 0
    finally:
        owner.dispose()
