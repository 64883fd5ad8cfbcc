"""Status moves follow the state machines; an illegal move is refused and changes nothing."""

from __future__ import annotations

import pytest

from gem.models import Grievance
from gem.services.arbitration import ArbitrationService, HearingService
from gem.services.errors import TransitionError, ValidationError
from gem.services.grievance import GrievanceService
from gem.services.recourse import RecourseService
from gem.services.workflow import ARBITRATION, GRIEVANCE, RECOURSE
from tests import factories


def test_grievance_moves(tx, people):
    actor = people["conseil"]
    service = GrievanceService()
    with tx() as s:
        g = factories.grievance(s, actor, status="draft", filed_date=None)
        assert service.allowed_moves(g) == ["filed", "withdrawn"]
    with pytest.raises(TransitionError) as err, tx() as s:
        service.transition(s, actor, g.id, "awarded", None)
    assert "Brouillon" in err.value.message() and "Sentence rendue" in err.value.message()
    with tx() as s:
        g = service.transition(s, actor, g.id, "filed", None, {"filed_date": "2026-09-21"})
        assert g.filed_date.isoformat() == "2026-09-21"
        g = service.transition(s, actor, g.id, "settled", None, {"closed_date": "2026-10-02"})
        assert (g.outcome, g.closed_date.isoformat()) == ("settled", "2026-10-02")
        assert service.allowed_moves(g) == []
    with pytest.raises(TransitionError), tx() as s:
        service.transition(s, actor, g.id, "filed", None)
    with tx() as s:
        stored = s.get(Grievance, g.id)
        assert stored.status == "settled"
        kinds = [e.kind for e in service.timeline(s, actor, g.id)]
        # The timeline is in the order things happened (the draft was typed in today, the
        # filing and settlement carry their own, earlier dates).
        assert kinds == ["filed", "settled", "created"]


def test_new_files_start_in_an_initial_status_only(tx, people):
    with pytest.raises(ValidationError) as err, tx() as s:
        factories.grievance(s, people["conseil"], status="awarded")
    assert "status" in err.value.fields()


def test_status_cannot_be_changed_by_a_plain_update(tx, people):
    with tx() as s:
        g = factories.grievance(s, people["conseil"])
    with pytest.raises(ValidationError) as err, tx() as s:
        GrievanceService().update(s, people["conseil"], g.id, {"status": "settled"}, 1)
    assert "transition" in err.value.fields()["status"]


def test_award_needs_an_outcome_and_closes_the_grievances(tx, people):
    actor = people["conseil"]
    arbitrations = ArbitrationService()
    with tx() as s:
        g1 = factories.grievance(s, actor)
        g2 = factories.grievance(s, actor)
        a = arbitrations.create(s, actor, {"procedure": "regular", "institution_id": 2,
                                           "grievance_ids": [g1.id, g2.id]})
        assert s.get(Grievance, g1.id).status == "referred_to_arbitration"
        HearingService().create(s, actor, {"arbitration_id": a.id, "date": "2026-10-15"})
        assert a.status == "scheduled"
        arbitrations.transition(s, actor, a.id, "under_advisement", None)
    with pytest.raises(ValidationError) as err, tx() as s:
        arbitrations.transition(s, actor, a.id, "award_rendered", None)
    assert "outcome" in err.value.fields()
    with tx() as s:
        arbitrations.transition(s, actor, a.id, "award_rendered", None,
                                {"outcome": "partly_upheld", "award_date": "2026-11-20",
                                 "citation": "2026 QCTA 123"})
    with tx() as s:
        for gid in (g1.id, g2.id):
            stored = s.get(Grievance, gid)
            assert (stored.status, stored.outcome, stored.closed_date.isoformat()) == \
                ("awarded", "partly_upheld", "2026-11-20")


def test_arbitration_needs_grievances_of_its_institution(tx, people):
    actor = people["conseil"]
    with tx() as s:
        g = factories.grievance(s, actor, institution_id=3)
    with pytest.raises(ValidationError) as err, tx() as s:
        ArbitrationService().create(s, actor, {"procedure": "regular", "institution_id": 2,
                                               "grievance_ids": [g.id]})
    assert "grievance_ids" in err.value.fields()


def test_recourse_moves(tx, people):
    actor = people["conseil"]
    service = RecourseService()
    with tx() as s:
        r = service.create(s, actor, {"forum": "TAT", "kind": "fair_representation",
                                      "institution_id": 2, "notification_date": "2026-10-01"})
        assert r.status == "to_file" and r.file_number.startswith("R-")
        service.transition(s, actor, r.id, "filed", None)
        service.transition(s, actor, r.id, "decided", None, {"outcome": "dismissed"})
        r = service.transition(s, actor, r.id, "appealed", None)
        assert r.status == "appealed" and r.outcome == "dismissed"


@pytest.mark.parametrize("workflow", [GRIEVANCE, ARBITRATION, RECOURSE])
def test_every_status_is_reachable_and_closing_ones_are_final(workflow):
    reachable = set(workflow.initial)
    frontier = list(workflow.initial)
    while frontier:
        for nxt in workflow.allowed(frontier.pop()):
            if nxt not in reachable:
                reachable.add(nxt)
                frontier.append(nxt)
    statuses = set(workflow.moves) | {t for ts in workflow.moves.values() for t in ts}
    assert reachable == statuses
    for status in workflow.closing:
        assert workflow.allowed(status) == []
