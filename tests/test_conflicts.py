"""Two people editing the same grievance: the second save is a conflict that names the first
person, carries both versions, and overwrites nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gem.formatting import format_date
from gem.models import AuditEntry, Grievance
from gem.services.errors import ConflictError
from gem.services.grievance import GrievanceService
from tests import factories


def test_second_save_on_a_stale_version_is_a_conflict(tx, people):
    service = GrievanceService()
    with tx() as s:
        g = factories.grievance(s, people["conseil"], counsellor_id=people["conseil"].id)
    # Both open the form (each load is its own short transaction, as in the window).
    with tx() as s:
        seen_by_secretary = service.get(s, people["secretaire"], g.id)
    with tx() as s:
        seen_by_counsellor = service.get(s, people["conseil"], g.id)
    with tx() as s:
        service.update(s, people["secretaire"], g.id, {"facts": "Soir du 1er septembre."},
                       seen_by_secretary.version)
    with pytest.raises(ConflictError) as err, tx() as s:
        service.update(s, people["conseil"], g.id, {"remedy_sought": "Payer la prime."},
                       seen_by_counsellor.version)
    conflict = err.value
    assert conflict.changed_by == "Secretaire Test"  # her name, not her login
    assert conflict.changed_at is not None
    assert conflict.theirs["facts"] == "Soir du 1er septembre."
    assert conflict.yours == {"remedy_sought": "Payer la prime."}
    assert conflict.message() == (
        f"Depuis l'ouverture de votre fiche, Secretaire Test a enregistré une autre version de "
        f"« Grief {g.file_number} » le {format_date(conflict.changed_at)}. Rien n'a été écrasé.")
    with tx() as s:
        stored = s.get(Grievance, g.id)
        assert stored.facts == "Soir du 1er septembre."
        assert stored.remedy_sought is None
        assert stored.version == 2
        updates = s.scalars(select(AuditEntry).where(AuditEntry.entity == "grievance",
                                                     AuditEntry.action == "update")).all()
        assert [a.user_login for a in updates] == ["secretaire"]


def test_saving_again_on_the_new_version_merges(tx, people):
    service = GrievanceService()
    with tx() as s:
        g = factories.grievance(s, people["conseil"])
    with tx() as s:
        service.update(s, people["secretaire"], g.id, {"facts": "A"}, 1)
    with pytest.raises(ConflictError) as err, tx() as s:
        service.update(s, people["conseil"], g.id, {"remedy_sought": "B"}, 1)
    with tx() as s:
        service.update(s, people["conseil"], g.id, {"remedy_sought": "B"},
                       err.value.theirs["version"])
    with tx() as s:
        stored = s.get(Grievance, g.id)
        assert (stored.facts, stored.remedy_sought, stored.version) == ("A", "B", 3)


def test_a_transition_on_a_stale_version_is_a_conflict(tx, people):
    service = GrievanceService()
    with tx() as s:
        g = factories.grievance(s, people["conseil"])
    with tx() as s:
        service.update(s, people["secretaire"], g.id, {"facts": "A"}, 1)
    with pytest.raises(ConflictError), tx() as s:
        service.transition(s, people["conseil"], g.id, "withdrawn", 1)
    with tx() as s:
        assert s.get(Grievance, g.id).status == "filed"


def test_english_conflict_message(tx, people):
    service = GrievanceService()
    with tx() as s:
        g = factories.grievance(s, people["conseil"])
    with tx() as s:
        service.update(s, people["secretaire"], g.id, {"facts": "A"}, 1)
    with pytest.raises(ConflictError) as err, tx() as s:
        service.update(s, people["conseil2"], g.id, {"facts": "B"}, 1)
    assert "Secretaire Test saved another version of “Grievance G-" in err.value.message()
