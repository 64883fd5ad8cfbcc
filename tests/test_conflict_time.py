"""A conflict says when the other person saved in Québec local time, as every instant shown to
a person is (gem.clock.local), whatever zone the stored instant came back in: PostgreSQL hands
back an aware UTC instant, SQLite a naive one that is UTC too."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gem import clock
from gem.services.errors import ConflictError
from gem.services.grievance import GrievanceService
from tests import factories


def test_a_conflict_from_the_database_names_quebec_time(tx, people):
    service = GrievanceService()
    with tx() as s:
        g = factories.grievance(s, people["conseil"])
    with clock.frozen(datetime(2026, 7, 1, 18, 2, tzinfo=UTC)), tx() as s:
        service.update(s, people["secretaire"], g.id, {"facts": "A"}, 1)
    with pytest.raises(ConflictError) as err, tx() as s:
        service.update(s, people["conseil"], g.id, {"remedy_sought": "B"}, 1)
    message = err.value.message()
    # 18:02 UTC on 1 July is 14:02 in Québec (daylight time, UTC-4).
    assert "le 2026-07-01 14:02. Rien" in message, message
    assert "18:02" not in message


@pytest.mark.parametrize("when", [datetime(2026, 7, 1, 18, 2),  # SQLite: naive, UTC
                                  datetime(2026, 7, 1, 18, 2, tzinfo=UTC)])
def test_naive_and_aware_utc_instants_read_the_same(when):
    conflict = ConflictError("Grief", 7, "secretaire", when, {}, {}, "en")
    assert "2026-07-01 14:02" in conflict.message()
    winter = ConflictError("Grief", 7, "secretaire", when.replace(month=1), {}, {}, "fr")
    assert "2026-01-01 13:02" in winter.message()  # standard time, UTC-5


def test_an_unknown_moment_is_a_question_mark():
    assert " le ?. Rien" in ConflictError("Grief", 7, "?", None, {}, {}, "fr").message()
