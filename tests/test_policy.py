"""The one permission policy (gem.services.policy): its table is total, the services enforce
it, the window offers what it allows, the README shows it, and no other module of GEM spells
out a set of roles, so a second, disagreeing answer cannot come back."""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from gem.models import Base
from gem.models.enums import Role
from gem.services import documents, policy
from gem.services.arbitration import ArbitratorService
from gem.services.entity import EntityService
from gem.services.errors import PermissionDenied, ValidationError
from gem.services.files import WorkflowService
from gem.services.grievance import GrievanceService
from gem.services.institution import BargainingUnitService, InstitutionService
from gem.services.member import MemberService
from gem.services.policy import Action, may
from gem.services.reference import JobTitleService
from gem.services.users import AssignmentService, UserService
from tests import factories

ROOT = Path(__file__).resolve().parent.parent
LOGINS = ("admin", "coord", "conseil", "secretaire", "lecteur")  # one per role (conftest)
_numbers = itertools.count(700_000)


def _all_services() -> list[type[EntityService]]:
    import gem.services.records  # noqa: F401  (imports every aggregate's service)

    found, todo = [], list(EntityService.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if "entity" in cls.__dict__:
            found.append(cls)
    return found


# ---------------------------------------------------------------------- the table itself
def test_the_table_is_total():
    assert len(set(policy.AGGREGATES)) == len(policy.AGGREGATES)
    assert set(policy.RULES) == {(a, action) for a in policy.AGGREGATES for action in Action}
    table = policy.matrix()
    assert list(table) == list(policy.AGGREGATES)
    for aggregate, row in table.items():
        assert set(row) == set(Action), aggregate
        for action, roles in row.items():
            assert roles <= set(Role), (aggregate, action)
            assert policy.roles_for(action, aggregate) == roles
            for role in Role:
                assert may(role, action, aggregate) == (role in roles)
    with pytest.raises(KeyError, match="no rule"):
        policy.roles_for(Action.READ, "nothing_of_that_name")


def test_every_service_table_and_attachment_owner_has_rules():
    services = _all_services()
    assert len(services) >= 20
    for cls in services:
        assert cls.entity in policy.AGGREGATES, cls.__name__
    # a status move exactly where a state machine exists
    workflows = {cls.entity for cls in services if issubclass(cls, WorkflowService)}
    assert workflows == {"grievance", "arbitration", "recourse"}
    assert {a for a in policy.AGGREGATES if policy.roles_for(Action.MOVE, a)} == workflows
    # attachments exactly on the records that take them
    owners = {a for a in policy.AGGREGATES
              if a != policy.DOCUMENT and policy.roles_for(Action.ATTACH, a)}
    assert owners == set(documents.OWNERS)
    # every table follows the rules of one aggregate (the generated grants need it)
    tables = set(Base.metadata.tables)
    assert tables - set(policy.TABLES) == set(), "tables without an aggregate in the policy"
    assert set(policy.TABLES.values()) <= set(policy.AGGREGATES)


def test_the_decisions_the_table_encodes():
    writers = {Role.ADMIN, Role.COORDINATOR, Role.COUNSELLOR, Role.SECRETARY}
    managers = {Role.ADMIN, Role.COORDINATOR}
    for aggregate in policy.AGGREGATES:
        row = policy.matrix()[aggregate]
        assert row[Action.PURGE] <= {Role.ADMIN}, aggregate
        assert row[Action.MANAGE_USERS] <= {Role.ADMIN}, aggregate
        assert row[Action.CHANGE_RULES] <= {Role.ADMIN}, aggregate
        assert row[Action.DELETE] <= managers, aggregate
        for action in set(Action) - {Action.READ, Action.EXPORT}:
            assert Role.READ_ONLY not in row[action], (aggregate, action)  # changes nothing
        assert row[Action.UPDATE] <= row[Action.READ], aggregate
        if aggregate in documents.OWNERS:  # attach to a record: whoever may update it
            assert row[Action.ATTACH] == row[Action.UPDATE], aggregate
            assert row[Action.PURGE] == {Role.ADMIN}, aggregate
    for aggregate in (policy.MEMBER, policy.GRIEVANCE, policy.UNION_LEAVE, policy.HEARING):
        assert policy.roles_for(Action.CREATE, aggregate) == writers
    assert policy.roles_for(Action.MOVE, policy.GRIEVANCE) == writers
    # institutions: one answer, coordinators and administrators, in the service and the window
    assert policy.roles_for(Action.CREATE, policy.INSTITUTION) == managers
    assert policy.roles_for(Action.UPDATE, policy.INSTITUTION) == managers
    assert policy.roles_for(Action.CREATE, policy.BARGAINING_UNIT) == writers
    assert policy.COUNSELLOR_ROLES == {Role.COUNSELLOR, Role.COORDINATOR}
    assert policy.SEES_ALL_CONFIDENTIAL == managers
    assert Role.COUNSELLOR not in policy.PICK_ANY_COUNSELLOR
    assert policy.roles_for(Action.UPDATE, policy.AUDIT) == frozenset()
    assert policy.roles_for(Action.DELETE, policy.AUDIT) == frozenset()
    assert policy.roles_for(Action.EXPORT, policy.USER) == {Role.ADMIN}


def test_actor_properties_ask_the_policy(people):
    for login in LOGINS:
        actor = people[login]
        assert actor.is_admin == (actor.role == "admin")
        assert actor.sees_all_confidential == (actor.role in policy.SEES_ALL_CONFIDENTIAL)
    assert not hasattr(people["admin"], "can_write")
    assert not hasattr(people["admin"], "can_delete")


# ---------------------------------------------------------------------- the services enforce it
def _allowed(tx, call: Callable[..., Any], *args: Any) -> bool:
    """Whether ``call(session, *args)`` went through, or was refused by the policy."""
    try:
        with tx() as s:
            call(s, *args)
    except PermissionDenied:
        return False
    return True


@dataclass(frozen=True)
class Case:
    service: Callable[[], EntityService]
    data: Callable[[str, dict], dict[str, Any]]   # (a unique tag, people) -> new record
    change: dict[str, Any]
    move: str | None = None                        # a status the new record may move to


CASES: dict[str, Case] = {
    "institution": Case(InstitutionService, lambda tag, _p: {
        "name": f"CISSS essai {tag}", "type": "CISSS", "region_code": "13"},
        {"short_name": "Essai"}),
    "bargaining_unit": Case(BargainingUnitService, lambda tag, _p: {
        "institution_id": 2, "name": f"Section {tag}"}, {"local_number": "L-77"}),
    "member": Case(MemberService, lambda tag, _p: {
        "member_number": str(next(_numbers)), "last_name": "Essai", "first_name": tag,
        "institution_id": 2}, {"first_name": "Luc"}),
    "grievance": Case(GrievanceService, lambda tag, _p: {
        "kind": "collective", "nature": "pay", "institution_id": 2, "title": f"Grief {tag}",
        "event_date": "2026-09-01", "knowledge_date": "2026-09-03",
        "filed_date": "2026-09-20", "status": "filed"}, {"title": "Autre titre"},
        move="in_discussion"),
    "job_title": Case(JobTitleService, lambda tag, _p: {
        "title_fr": f"Titre {tag}", "code": str(next(_numbers))}, {"sector": "Soutien"}),
    "arbitrator": Case(ArbitratorService, lambda tag, _p: {"name": f"Me {tag}"},
                       {"phone": "418 555-0101"}),
    "counsellor_assignment": Case(AssignmentService, lambda tag, p: {
        "user_id": p["conseil"].id, "institution_id": 2, "valid_from": "2026-01-01"},
        {"valid_to": "2026-12-31"}),
    "user": Case(UserService, lambda tag, _p: {
        "login": f"essai{next(_numbers)}", "full_name": f"Essai {tag}", "role": "read_only",
        "password": "motdepasse-123"}, {"full_name": "Autre nom"}),
}


@pytest.mark.parametrize("aggregate", sorted(CASES))
def test_services_allow_exactly_what_the_policy_says(tx, people, aggregate):
    case = CASES[aggregate]
    service = case.service()
    admin = people["admin"]
    assert service.entity == aggregate
    seen: dict[str, dict[str, bool]] = {}
    for login in LOGINS:
        actor, role = people[login], people[login].role
        got = seen.setdefault(role, {})
        got["create"] = _allowed(tx, service.create, actor, case.data(login, people))
        with tx() as s:
            obj = service.create(s, admin, case.data(login + "-u", people))
            ident, version = obj.id, obj.version
        got["update"] = _allowed(tx, service.update, actor, ident, case.change, version)
        if case.move:
            with tx() as s:
                version = service.get(s, admin, ident).version
            got["move"] = _allowed(tx, service.transition,  # type: ignore[attr-defined]
                                   actor, ident, case.move, version)
        with tx() as s:
            version = service.get(s, admin, ident).version
        got["delete"] = _allowed(tx, service.delete, actor, ident, version)
    expected = {str(role): {action: may(role, action, aggregate) for action in seen[role]}
                for role in Role}
    assert seen == expected
    # and the rules differ between roles somewhere: the test can tell them apart
    assert len({tuple(v.values()) for v in seen.values()}) > 1


def test_attaching_and_purging_follow_the_policy(tx, people):
    with tx() as s:
        ident = factories.grievance(s, people["admin"]).id
    for login in LOGINS:
        actor = people[login]
        attached = _allowed(tx, documents.attach, actor, "grievance", ident, f"{login}.txt",
                            b"x")
        assert attached == may(actor, Action.ATTACH, policy.GRIEVANCE), login
        with tx() as s:
            doc = documents.attach(s, people["admin"], "grievance", ident, "a.txt", b"abc")
        purged = _allowed(tx, documents.remove, actor, doc.id)
        assert purged == may(actor, Action.PURGE, policy.GRIEVANCE) == (login == "admin"), login


def test_rule_changes_and_exports_follow_the_policy(tx, people):
    from datetime import date

    from gem.reports.registry import build_report
    from gem.services.deadlines.holidays import add_proclaimed_holiday

    for login in LOGINS:
        actor = people[login]
        day = date(2031, 3, 4 + LOGINS.index(login))
        assert _allowed(tx, add_proclaimed_holiday, actor, day, "Jour proclamé") \
            == may(actor, Action.CHANGE_RULES, policy.HOLIDAY) == (login == "admin"), login
        assert _allowed(tx, build_report, actor, "list_export", {"list": "users"}) \
            == may(actor, Action.EXPORT, policy.USER) == (login == "admin"), login
        assert _allowed(tx, build_report, actor, "list_export", {"list": "members"}), login


def test_who_may_be_given_files(tx, people):
    """One answer for "who is a counsellor": the grievance's counsellor, the report's."""
    from gem.reports.registry import build_report

    for login in LOGINS:
        user = people[login]
        data = {"counsellor_id": user.id}
        ok = True
        try:
            with tx() as s:
                factories.grievance(s, people["admin"], **data)
        except ValidationError as exc:
            assert "counsellor_id" in exc.fields()
            ok = False
        assert ok == (user.role in policy.COUNSELLOR_ROLES) == policy.is_counsellor(user), login
        try:
            with tx() as s:
                build_report(s, people["coord"], "caseload", {"counsellors": login})
            ok = True
        except ValidationError:
            ok = False
        assert ok == policy.is_counsellor(user), login


# ---------------------------------------------------------------------- the window asks it
def test_the_window_offers_new_and_screens_as_the_policy_says(people):
    from gem.ui.list_view import ENTITY_OF_LIST, can_create, can_export
    from gem.ui.main_window import REFERENCE, USERS, screens_for

    offered = {}
    for login in LOGINS:
        actor = people[login]
        for list_name, entity in ENTITY_OF_LIST.items():
            assert can_create(actor, list_name) == may(actor, Action.CREATE, entity)
            assert can_export(actor, list_name) == may(actor, Action.EXPORT, entity)
        offered[login] = sorted(k for k in ENTITY_OF_LIST if can_create(actor, k))
        screens = screens_for(actor)
        assert (USERS in screens) == may(actor, Action.MANAGE_USERS, policy.USER)
        assert (REFERENCE in screens) == (login == "admin")
    lists = sorted(set(ENTITY_OF_LIST) - {"users"})
    assert offered["admin"] == sorted(ENTITY_OF_LIST)
    assert offered["coord"] == lists
    assert offered["conseil"] == offered["secretaire"] == [k for k in lists
                                                           if k != "institutions"]
    assert offered["lecteur"] == []


# ---------------------------------------------------------------------- written down once
def test_the_readme_shows_the_policy_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    begin, end = "<!-- policy table: python -m gem.services.policy -->\n", "<!-- end -->"
    assert begin in readme
    shown = readme.split(begin, 1)[1].split(end, 1)[0]
    assert shown == policy.markdown(), "README out of date: python -m gem.services.policy"


_ROLE_CODES = {r.value for r in Role}


def _is_role(node: ast.AST) -> bool:
    """``Role.ADMIN``, ``enums.Role.ADMIN``, ``e.Role.ADMIN``."""
    if not isinstance(node, ast.Attribute) or node.attr not in Role.__members__:
        return False
    owner = node.value
    return (isinstance(owner, ast.Name) and owner.id == "Role") or \
        (isinstance(owner, ast.Attribute) and owner.attr == "Role")


def _role_rules(tree: ast.AST) -> list[int]:
    """Lines that spell out a group of roles (a set, tuple or list of two or more different
    roles, by member or by code) or compare with a role: the policy's business."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Set | ast.Tuple | ast.List):
            members = {e.attr for e in node.elts if _is_role(e)}
            codes = {e.value for e in node.elts
                     if isinstance(e, ast.Constant) and e.value in _ROLE_CODES}
            if len(members) >= 2 or len(codes) >= 2:
                lines.append(node.lineno)
        elif isinstance(node, ast.Compare):
            if any(_is_role(n) for n in [node.left, *node.comparators]):
                lines.append(node.lineno)
    return lines


def test_no_other_module_spells_out_roles():
    policy_file = ROOT / "gem" / "services" / "policy.py"
    assert _role_rules(ast.parse(policy_file.read_text(encoding="utf-8")))  # it does see them
    offenders = []
    for path in sorted((ROOT / "gem").rglob("*.py")):
        # released migrations are frozen snapshots: the grants they make come from roles_for
        if path == policy_file or "migrations" in path.parts:
            continue
        lines = _role_rules(ast.parse(path.read_text(encoding="utf-8")))
        offenders += [f"{path.relative_to(ROOT)}:{n}" for n in lines]
    assert offenders == [], "ask gem.services.policy instead: " + ", ".join(offenders)
