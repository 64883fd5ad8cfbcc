"""Roles in the services: read-only writes nothing, secretaries do not delete or manage users,
confidential files are seen only by their counsellor, coordinators and administrators."""

from __future__ import annotations

import pytest

from gem.services import listing
from gem.services.errors import NotFoundError, PermissionDenied
from gem.services.grievance import GrievanceService
from gem.services.member import MemberService
from gem.services.users import UserService
from tests import factories


def test_read_only_user_cannot_write(tx, people):
    with pytest.raises(PermissionDenied), tx() as s:
        factories.member(s, people["lecteur"])
    with tx() as s:
        m = factories.member(s, people["secretaire"])
    with pytest.raises(PermissionDenied), tx() as s:
        MemberService().update(s, people["lecteur"], m.id, {"first_name": "Luc"}, 1)


def test_secretary_enters_but_does_not_delete_or_manage_users(tx, people):
    with tx() as s:
        m = factories.member(s, people["secretaire"])
    with pytest.raises(PermissionDenied) as err, tx() as s:
        MemberService().delete(s, people["secretaire"], m.id, 1)
    assert err.value.message() == "Votre rôle ne permet pas cette action."
    with pytest.raises(PermissionDenied), tx() as s:
        UserService().create(s, people["secretaire"], {"login": "x", "full_name": "X",
                                                       "role": "admin",
                                                       "password": "0123456789"})
    with tx() as s:
        MemberService().delete(s, people["coord"], m.id, 1)


def test_confidential_grievance_is_hidden_from_other_counsellors(tx, people):
    owner = people["conseil"]
    with tx() as s:
        secret = factories.grievance(s, owner, counsellor_id=owner.id, confidential=True,
                                     title="Dossier confidentiel")
        open_file = factories.grievance(s, owner, counsellor_id=owner.id)
    service = GrievanceService()
    for login in ("conseil2", "secretaire", "lecteur"):
        with pytest.raises(NotFoundError), tx() as s:
            service.get(s, people[login], secret.id)
        with tx() as s:
            ids = [row[0] for row in listing.fetch_page(s, people[login], "grievances")]
            assert secret.id not in ids and open_file.id in ids
            assert listing.count(s, people[login], "grievances") == 1
    for login in ("conseil", "coord", "admin"):
        with tx() as s:
            assert service.get(s, people[login], secret.id).title == "Dossier confidentiel"
            assert listing.count(s, people[login], "grievances") == 2
