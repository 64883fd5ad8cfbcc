"""The forms' service calls (gem.services.records) without a window, and the controller that
runs them for a form, waited on through its public signals."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlalchemy.exc import OperationalError

from gem.services import records
from gem.services.arbitration import ArbitrationService, HearingService
from gem.services.errors import ConflictError, NotFoundError, ValidationError
from gem.services.grievance import GrievanceService
from gem.services.institution import InstitutionService
from gem.services.records import FieldSpec, RecordData
from gem.ui.forms.controller import LOAD, SAVE, Conflict, Failure, RecordController
from tests import factories

# A lost database (not a locked one, which is "busy"): what these tests simulate.
_GONE = sqlite3.OperationalError("unable to open database file")

GRIEVANCE_SPECS = [FieldSpec("title"), FieldSpec("institution_id", source="institution"),
                   FieldSpec("counsellor_id", source="counsellor"),
                   FieldSpec("member_ids", extra=True), FieldSpec("articles", extra=True)]


@pytest.mark.clock("2026-06-15")
def test_a_grievance_is_read_as_its_form_shows_it(tx, people):
    with tx() as s:
        member = factories.member(s, people["admin"], last_name="Côté", first_name="Hélène")
        g = factories.grievance(s, people["admin"], members=[member.id], articles=["12.03"],
                                counsellor_id=people["conseil"].id, status="draft",
                                event_date="2026-05-25", knowledge_date="2026-06-01",
                                filed_date=None)
    with tx() as s:
        data = records.read_record(s, people["secretaire"], "grievance", g.id, GRIEVANCE_SPECS)
    assert isinstance(data, RecordData) and data.id == g.id and data.version == 1
    assert data.values["title"] == "Prime de soir non versée"
    assert data.labels["counsellor_id"] == "Conseil Test"
    assert data.values["member_ids"] == [(member.id, f"Côté, Hélène ({member.member_number})")]
    assert data.values["articles"] == ["12.03"]
    assert data.status == "draft" and "filed" in data.allowed
    assert [d.due for d in data.deadlines] == [date(2026, 7, 2)]  # 1 July is a holiday
    assert "Fête du Canada" in data.deadlines[0].explanation
    assert [h.action for h in data.history] == ["create"]
    assert data.documents == []
    assert data.more["timeline"][0].kind == "created"


def test_save_and_move_answer_with_the_record_as_it_now_stands(tx, people):
    with tx() as s:
        ident = factories.grievance(s, people["admin"], status="draft", filed_date=None).id
    clerk = people["secretaire"]
    with tx() as s:
        saved = records.save_record(s, clerk, "grievance", ident, {"title": "Prime de nuit"}, 1,
                                    GRIEVANCE_SPECS)
    assert saved.values["title"] == "Prime de nuit" and saved.version == 2
    assert [h.action for h in saved.history] == ["create", "update"]
    with pytest.raises(ConflictError), tx() as s:
        records.save_record(s, clerk, "grievance", ident, {"title": "Autre"}, 1, GRIEVANCE_SPECS)
    with tx() as s:
        moved = records.move_record(s, clerk, "grievance", ident, "filed", 2,
                                    {"filed_date": "2026-09-21"}, GRIEVANCE_SPECS)
    assert moved.status == "filed" and moved.version == 3
    with tx() as s:  # institutions are kept by coordinators and administrators
        created = records.save_record(s, people["coord"], "institution", None, {
            "name": "CISSS de démonstration", "type": "CISSS", "region_code": "13"}, None,
            [FieldSpec("name"), FieldSpec("region_code", source="region")])
    assert created.labels["region_code"].startswith("13 ")


def test_links_hidden_from_the_reader_keep_their_id_only(tx, people):
    with tx() as s:
        secret = factories.grievance(s, people["conseil"], confidential=True,
                                     counsellor_id=people["conseil"].id)
        arbitration = ArbitrationService().create(s, people["conseil"], {  # conseil2 pleads it
            "procedure": "regular", "institution_id": 2, "grievance_ids": [secret.id],
            "counsellor_id": people["conseil2"].id})
    with tx() as s:
        other = records.read_record(s, people["conseil2"], "arbitration", arbitration.id,
                                    [FieldSpec("grievance_ids", extra=True)])
        own = records.read_record(s, people["conseil"], "arbitration", arbitration.id,
                                  [FieldSpec("grievance_ids", extra=True)])
        assert records.link_label(s, people["conseil2"], "grievance", secret.id) == \
            f"#{secret.id}"
        with pytest.raises(NotFoundError):
            records.read_record(s, people["conseil2"], "grievance", secret.id, GRIEVANCE_SPECS)
    assert other.values["grievance_ids"] == [(secret.id, f"#{secret.id}")]
    assert own.values["grievance_ids"][0][1].startswith(secret.file_number)


@pytest.mark.clock("2026-06-15")
def test_a_deadline_action_names_the_inputs_it_was_given(tx, people):
    with tx() as s:
        g = factories.grievance(s, people["admin"], status="draft", filed_date=None,
                                event_date="2026-05-25", knowledge_date="2026-06-01")
    with tx() as s:
        row = records.read_deadlines(s, people["secretaire"], "grievance", g.id)[0]
    with pytest.raises(ValidationError) as refused, tx() as s:
        records.act_on_deadline(s, people["secretaire"], "grievance", g.id, row.id, row.version,
                                "extend", {"extended_to": "31/07/2026", "agreed_on": "hier",
                                           "reference": "Lettre"})
    assert [e.field for e in refused.value.errors] == ["agreed_on"]
    with pytest.raises(ValidationError) as refused, tx() as s:
        records.act_on_deadline(s, people["secretaire"], "grievance", g.id, row.id, row.version,
                                "waive", {"reason": "  "})
    assert [e.field for e in refused.value.errors] == ["reason"]
    with tx() as s:
        rows = records.act_on_deadline(s, people["secretaire"], "grievance", g.id, row.id,
                                       row.version, "met", {"met_on": "2026-06-20"})
    assert rows[0].status == "met" and rows[0].met_on == date(2026, 6, 20)


def test_child_rows_are_listed_and_deleted_as_one_call(tx, people):
    with tx() as s:
        g = factories.grievance(s, people["admin"])
        a = ArbitrationService().create(s, people["admin"], {
            "procedure": "regular", "institution_id": 2, "grievance_ids": [g.id]})
        first = HearingService().create(s, people["admin"], {"arbitration_id": a.id,
                                                              "date": "2026-12-09",
                                                              "start_time": "9h30"})
        HearingService().create(s, people["admin"], {"arbitration_id": a.id,
                                                     "date": "2026-12-10"})
    with tx() as s:
        rows = records.list_children(s, people["admin"], "hearings", a.id)
    assert [r.cells[:2] for r in rows] == [["2026-12-09", "09:30"], ["2026-12-10", ""]]
    with tx() as s:
        rows = records.delete_child(s, people["admin"], "hearings", a.id, first.id, 1)
    assert [r.cells[0] for r in rows] == ["2026-12-10"]


def test_notes_and_duplicates(tx, people):
    with tx() as s:
        m = factories.member(s, people["admin"], last_name="Côté", first_name="Hélène")
        g = factories.grievance(s, people["admin"], members=[m.id])
    with tx() as s:
        events = records.add_grievance_note(s, people["secretaire"], g.id, "Appel de l'employeur",
                                            "2026-09-25")
        names = records.possible_duplicates(s, people["secretaire"], "cote", "HELENE", None)
        assert records.possible_duplicates(s, people["secretaire"], "Côté", "Hélène", m.id) == []
    assert ("note", "Appel de l'employeur") in [(e.kind, e.description) for e in events]
    assert names == [f"Côté, Hélène ({m.member_number})"]


# ---------------------------------------------------------------------- the controller
def _controller(ctx, entity: str, ident: int | None, specs=None) -> RecordController:
    return RecordController(ctx, entity, ident, lambda: list(specs or GRIEVANCE_SPECS),
                            lambda: [("institution_id", "institution")])


def test_controller_loads_saves_and_reports_by_signal(qtbot, make_ctx, people, tx):
    with tx() as s:
        ident = factories.grievance(s, people["admin"]).id
    ctx = make_ctx(people["secretaire"])
    changed: list[tuple[str, int]] = []
    ctx.changed.connect(lambda entity, i: changed.append((entity, i)))
    controller = _controller(ctx, "grievance", ident)
    busy: list[bool] = []
    controller.busy_changed.connect(busy.append)
    with qtbot.waitSignal(controller.loaded, timeout=10000) as loaded:
        assert controller.load()
        assert controller.busy and not controller.load()   # one job at a time
    assert loaded.args[0].values["title"] == "Prime de soir non versée"
    assert controller.data is loaded.args[0] and controller.version == 1
    assert busy == [True, False]
    with qtbot.waitSignal(controller.saved, timeout=10000) as saved:
        controller.save({"title": "Prime de nuit"})
    assert saved.args[0].version == controller.version == 2
    assert changed == [("grievance", ident)]


def test_controller_failures_say_what_failed(qtbot, make_ctx, people, tx, monkeypatch):
    with tx() as s:
        ident = factories.grievance(s, people["admin"]).id
    ctx = make_ctx(people["secretaire"])
    missing = _controller(ctx, "grievance", 999_999)
    with qtbot.waitSignal(missing.failed, timeout=10000) as failed:
        missing.load()
    failure = failed.args[0]
    assert isinstance(failure, Failure) and failure.action == LOAD
    assert isinstance(failure.error, NotFoundError) and "introuvable" in failure.message
    assert missing.load_failure is failure and missing.data is None

    controller = _controller(ctx, "grievance", ident)
    with qtbot.waitSignal(controller.loaded, timeout=10000):
        controller.load()
    with qtbot.waitSignal(controller.failed, timeout=10000) as failed:
        controller.save({"title": ""})
    assert failed.args[0].action == SAVE and isinstance(failed.args[0].error, ValidationError)

    with tx() as s:  # someone else saves first: a conflict, with the links named
        GrievanceService().update(s, people["admin"], ident, {"institution_id": 3}, 1)
    with qtbot.waitSignal(controller.conflict, timeout=10000) as conflict:
        controller.save({"title": "Prime de nuit"})
    found = conflict.args[0]
    assert isinstance(found, Conflict) and found.error.theirs["institution_id"] == 3
    with tx() as s:
        name = InstitutionService().get(s, people["admin"], 3).name
    assert found.labels == {"institution_id": name}
    controller.adopt_version(found.error.theirs["version"])
    with qtbot.waitSignal(controller.saved, timeout=10000):
        controller.save({"title": "Prime de nuit"})
    assert controller.version == 3

    def locked(self, session, actor, i):
        raise OperationalError("SELECT 1", {}, _GONE)

    monkeypatch.setattr(GrievanceService, "get", locked)
    with qtbot.waitSignal(controller.failed, timeout=10000) as failed:
        controller.load()
    assert "connexion" in failed.args[0].message
    assert controller.data is not None  # what was read before stays
