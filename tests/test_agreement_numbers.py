"""An agreement's (entente's) file number, E-YEAR-NNNNN, is drawn as the files' numbers are
(gem.services.files, tests/test_file_numbers.py): once every check has passed and a retry
has found nothing made with its creation key. A refused save or a replayed one draws none; on
PostgreSQL a number drawn is never given back (a SEQUENCE), so either would leave a gap."""

from __future__ import annotations

import uuid

import pytest

from gem import clock
from gem.services.entity import CREATION_KEY
from gem.services.errors import ValidationError
from gem.services.settlement import AgreementService

pytestmark = pytest.mark.clock("2026-11-02")


def _agreement(session, actor, **fields):
    data = {"kind": "settlement", "title": "Entente", "institution_id": 2}
    data.update(fields)
    return AgreementService().create(session, actor, data)


def test_a_refused_agreement_creation_uses_no_number(tx, people):
    admin = people["admin"]
    year = clock.today().year
    with tx() as s:  # PostgreSQL: the year's sequence exists from now on (revision 0006)
        assert _agreement(s, admin).file_number == f"E-{year}-00001"
    for refused in ({"title": ""}, {"status": "signed"},  # signed: asks for its date
                    {"grievance_ids": [999_999]}, {"institution_id": 999_999}):
        with pytest.raises(ValidationError), tx() as s:
            _agreement(s, admin, **refused)
    with tx() as s:  # the second number is still the next one: drawn after the checks
        assert _agreement(s, admin).file_number == f"E-{year}-00002"


def test_a_retried_agreement_creation_draws_no_second_number(tx, people):
    admin = people["admin"]
    year = clock.today().year
    key = uuid.uuid4().hex
    with tx() as s:
        first = _agreement(s, admin, **{CREATION_KEY: key})
    with tx() as s:  # the acknowledgement was lost: the same save again
        again = _agreement(s, admin, **{CREATION_KEY: key})
    assert (again.id, again.file_number) == (first.id, f"E-{year}-00001")
    with tx() as s:
        assert _agreement(s, admin).file_number == f"E-{year}-00002"


def test_a_number_typed_by_hand_is_kept_and_skipped(tx, people):
    admin = people["admin"]
    year = clock.today().year
    with tx() as s:
        assert _agreement(s, admin, file_number=f"E-{year}-00001").file_number == \
            f"E-{year}-00001"
        assert _agreement(s, admin).file_number == f"E-{year}-00002"
