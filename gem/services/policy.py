"""Who may do what in GEM: the one permission policy, written once.

Every role rule lives here and nowhere else. The services enforce it (``require``), the window
asks it what to offer (``may``: the « Nouveau » button of a list, a form's Save, its move
buttons, the screens in the navigation), and the PostgreSQL grants are generated from it
(``roles_for`` with ``TABLES``), so the three cannot disagree. ``python -m gem.services.policy``
prints the table the README shows (``markdown()``); a test keeps the two equal.

The table is total: every aggregate has an entry for every action, an empty set meaning
"nobody" (also where the action makes no sense, a status move on a member). The aggregates are
the ``entity`` names of the services (``EntityService.entity``), which are also the names the
audit log and the attachments use.

The decisions, in short:

- Writers (administrators, coordinators, counsellors, executive secretaries) enter and update
  the records and files, move their status and attach documents; read-only users read and
  export. Only administrators and coordinators delete.
- Institutions (and their successions) are created and changed by administrators and
  coordinators only: they are the 34 employers every file, report and statistic is counted by,
  so a rename is a management decision, not data entry. The window always offered « Nouveau »
  on Établissements to those two roles only; ``InstitutionService`` now refuses the others too.
  The union's locals in them (bargaining units, their officers) change with every local
  election and stay with the writers.
- Counsellor assignments (who covers which institution) steer the team: administrators and
  coordinators.
- Reference tables (health regions, job titles, arbitrators, collective agreements and their
  articles) and the rules deadlines are counted by (deadline rules, holidays, calendars) are
  changed by administrators only, on the one screen that offers them (Tables de référence).
- Accounts are managed by administrators only; anyone may read who the counsellors are (their
  names are on every file); only administrators export the accounts.
- An attachment is added, and withdrawn when it was attached by mistake, by whoever may
  update its record (``ATTACH``): withdrawing hides it from the record's list and keeps it,
  content included, as evidence. Permanently removing one (``PURGE``) is for administrators
  only. In PostgreSQL this is UPDATE on ``documents`` for the roles that attach and DELETE
  for those that purge.
- The audit log is written by every change and never updated or deleted.
- Imports (gem.imports, issue 14): administrators and executive secretaries import members
  and union-leave invoices (``IMPORT`` on ``member`` and ``leave_invoice``); only
  administrators import the previous system's files (``IMPORT`` on ``grievance``), a one-time
  move of the office's whole history. Undoing an import (``UPDATE`` on ``import_batch``)
  deletes what it created: administrators.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from gem.models.enums import Role

if TYPE_CHECKING:  # no import at run time: gem.services.actor imports this module
    from gem.services.actor import Actor


class Action(StrEnum):
    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    MOVE = "move"                    # a status transition of a file (grievance, arbitration...)
    ATTACH = "attach"                # add, or withdraw (hide, keep), an attachment of a record
    PURGE = "purge"                  # permanently delete an attachment, withdrawn or not
    MANAGE_USERS = "manage_users"    # accounts and their roles
    CHANGE_RULES = "change_rules"    # deadline rules, holidays, calendars, reference tables
    EXPORT = "export"                # reports and list exports
    IMPORT = "import"                # bring an institution's spreadsheet in (gem.imports)


# ---------------------------------------------------------------------- aggregates
# Records and files
MEMBER = "member"
EMPLOYMENT_RECORD = "employment_record"
INSTITUTION = "institution"
INSTITUTION_SUCCESSION = "institution_succession"
BARGAINING_UNIT = "bargaining_unit"
UNIT_OFFICER = "unit_officer"
COUNSELLOR_ASSIGNMENT = "counsellor_assignment"
GRIEVANCE = "grievance"
ARBITRATION = "arbitration"
HEARING = "hearing"
AGREEMENT = "agreement"                      # settlement, local agreement, letter of agreement
AGREEMENT_FOLLOW_UP = "agreement_follow_up"
RECOURSE = "recourse"
UNION_LEAVE = "union_leave"
LEAVE_INVOICE = "leave_invoice"
LEAVE_INVOICE_LINE = "leave_invoice_line"
DEADLINE = "deadline"
DOCUMENT = "document"
# Reference tables
HEALTH_REGION = "health_region"
JOB_TITLE = "job_title"
ARBITRATOR = "arbitrator"
COLLECTIVE_AGREEMENT = "collective_agreement"
AGREEMENT_ARTICLE = "agreement_article"
# The rules deadlines are counted by
DEADLINE_RULE = "deadline_rule"
HOLIDAY = "holiday"
CALENDAR = "calendar"
# GEM itself
USER = "user"
AUDIT = "audit"
REPORT = "report"        # the report catalogue (each report shows only what its reader sees)
DATABASE = "database"    # the schema: set-up, upgrades, demo data
IMPORT_BATCH = "import_batch"      # one import (gem.imports.batches); update = undo it
IMPORT_MAPPING = "import_mapping"  # the columns remembered per institution and kind

# ---------------------------------------------------------------------- who
_ALL = frozenset(Role)
_WRITERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.COUNSELLOR, Role.SECRETARY})
_MANAGERS = frozenset({Role.ADMIN, Role.COORDINATOR})
_ADMIN = frozenset({Role.ADMIN})
_IMPORTERS = frozenset({Role.ADMIN, Role.SECRETARY})
_NOBODY: frozenset[Role] = frozenset()

COUNSELLOR_ROLES: frozenset[Role] = frozenset({Role.COUNSELLOR, Role.COORDINATOR})
"""Who may be given files (a grievance's, an arbitration's or a recourse's counsellor), who
holds a caseload, and who the counsellor pickers and filters list.

Counsellors and coordinators (who plead files of their own besides steering the team), not
administrators: an administrator is the IT person who installs GEM and manages accounts
(DESIGN.md), already sees every file, and a file given to them would drop out of every
counsellor filter and report picker, which always listed counsellors and coordinators only."""

SEES_ALL_CONFIDENTIAL: frozenset[Role] = _MANAGERS
"""Who sees every confidential grievance and recourse (and what reveals one: its arbitrations,
deadlines, documents); everybody else sees a confidential file only when they are its
counsellor."""

PICK_ANY_COUNSELLOR: frozenset[Role] = frozenset(
    {Role.ADMIN, Role.COORDINATOR, Role.SECRETARY, Role.READ_ONLY})
"""Who may look at any counsellor's caseload (or everyone's) rather than only their own:
coordinators and administrators steer the team; secretaries and read-only staff keep files up
to date for several counsellors. A counsellor sees their own."""


def _row(*, read: frozenset[Role] = _ALL, create: frozenset[Role] = _NOBODY,
         update: frozenset[Role] = _NOBODY, delete: frozenset[Role] = _NOBODY,
         move: frozenset[Role] = _NOBODY, attach: frozenset[Role] = _NOBODY,
         purge: frozenset[Role] = _NOBODY, manage_users: frozenset[Role] = _NOBODY,
         change_rules: frozenset[Role] = _NOBODY, export: frozenset[Role] = _ALL,
         import_: frozenset[Role] = _NOBODY) -> dict[Action, frozenset[Role]]:
    return {Action.READ: read, Action.CREATE: create, Action.UPDATE: update,
            Action.DELETE: delete, Action.MOVE: move, Action.ATTACH: attach,
            Action.PURGE: purge, Action.MANAGE_USERS: manage_users,
            Action.CHANGE_RULES: change_rules, Action.EXPORT: export, Action.IMPORT: import_}


def _record(keepers: frozenset[Role] = _WRITERS, *, attachments: bool = False,
            workflow: bool = False, importers: frozenset[Role] = _NOBODY
            ) -> dict[Action, frozenset[Role]]:
    """A record kept by ``keepers``: they create and update it (and move its status when it
    has a state machine, attach documents when it takes them); administrators and
    coordinators delete; everyone reads and exports (within what they may see)."""
    return _row(create=keepers, update=keepers, delete=_MANAGERS,
                move=keepers if workflow else _NOBODY,
                attach=keepers if attachments else _NOBODY,
                purge=_ADMIN if attachments else _NOBODY, import_=importers)


def _reference() -> dict[Action, frozenset[Role]]:
    """A reference table or a deadline-counting rule: administrators change it."""
    return _row(create=_ADMIN, update=_ADMIN, delete=_ADMIN, change_rules=_ADMIN)


_TABLE: dict[str, dict[Action, frozenset[Role]]] = {
    MEMBER: _record(attachments=True, importers=_IMPORTERS),
    EMPLOYMENT_RECORD: _record(),
    INSTITUTION: _record(_MANAGERS, attachments=True),
    INSTITUTION_SUCCESSION: _record(_MANAGERS),
    BARGAINING_UNIT: _record(),
    UNIT_OFFICER: _record(),
    COUNSELLOR_ASSIGNMENT: _record(_MANAGERS),
    GRIEVANCE: _record(attachments=True, workflow=True, importers=_ADMIN),
    ARBITRATION: _record(attachments=True, workflow=True),
    HEARING: _record(),
    AGREEMENT: _record(attachments=True),
    AGREEMENT_FOLLOW_UP: _record(),
    RECOURSE: _record(attachments=True, workflow=True),
    UNION_LEAVE: _record(attachments=True),
    LEAVE_INVOICE: _record(attachments=True, importers=_IMPORTERS),
    LEAVE_INVOICE_LINE: _record(),
    DEADLINE: _record(),
    # Attachments themselves: whoever attaches to a record adds one or withdraws it (an
    # UPDATE of its row, which stays); deleting the row is purging it. The grants follow
    # update (= attach) and delete (= purge).
    DOCUMENT: _row(create=_WRITERS, update=_WRITERS, delete=_ADMIN, attach=_WRITERS,
                   purge=_ADMIN, export=_NOBODY),
    HEALTH_REGION: _reference(),
    JOB_TITLE: _reference(),
    ARBITRATOR: _reference(),
    COLLECTIVE_AGREEMENT: _reference(),
    AGREEMENT_ARTICLE: _reference(),
    DEADLINE_RULE: _reference(),
    HOLIDAY: _reference(),
    CALENDAR: _reference(),
    USER: _row(create=_ADMIN, update=_ADMIN, delete=_ADMIN, manage_users=_ADMIN,
               export=_ADMIN),
    # Every change writes its audit row; a read-only login inserts nothing in the database
    # (issue 11); nobody updates or deletes an audit row.
    AUDIT: _row(create=_WRITERS, export=_ADMIN),
    REPORT: _row(),
    # export: a backup of the whole database (gem db backup, Administration › Sauvegarder).
    DATABASE: _row(create=_ADMIN, update=_ADMIN, export=_ADMIN),
    # An import's batch is written by whoever imports; undoing it (update) deletes the
    # members it created, which only administrators may decide, as they alone import the
    # previous system's files.
    IMPORT_BATCH: _row(create=_IMPORTERS, update=_ADMIN),
    IMPORT_MAPPING: _row(create=_IMPORTERS, update=_IMPORTERS),
}

AGGREGATES: tuple[str, ...] = tuple(_TABLE)

RULES: Mapping[tuple[str, Action], frozenset[Role]] = MappingProxyType(
    {(aggregate, action): roles for aggregate, row in _TABLE.items()
     for action, roles in row.items()})
"""(aggregate, action) → the roles that may: one entry for every pair."""

TABLES: Mapping[str, str] = MappingProxyType({
    "members": MEMBER, "employment_records": EMPLOYMENT_RECORD,
    "institutions": INSTITUTION, "institution_successions": INSTITUTION_SUCCESSION,
    "bargaining_units": BARGAINING_UNIT, "unit_officers": UNIT_OFFICER,
    "counsellor_assignments": COUNSELLOR_ASSIGNMENT,
    "grievances": GRIEVANCE, "grievance_members": GRIEVANCE, "grievance_articles": GRIEVANCE,
    "grievance_events": GRIEVANCE,
    "arbitrations": ARBITRATION, "arbitration_grievances": ARBITRATION, "hearings": HEARING,
    "agreements": AGREEMENT, "agreement_grievances": AGREEMENT,
    "agreement_follow_ups": AGREEMENT_FOLLOW_UP,
    "recourses": RECOURSE, "union_leaves": UNION_LEAVE, "leave_invoices": LEAVE_INVOICE,
    "leave_invoice_lines": LEAVE_INVOICE_LINE, "deadlines": DEADLINE, "documents": DOCUMENT,
    "health_regions": HEALTH_REGION, "job_titles": JOB_TITLE, "arbitrators": ARBITRATOR,
    "collective_agreements": COLLECTIVE_AGREEMENT, "agreement_articles": AGREEMENT_ARTICLE,
    "deadline_rules": DEADLINE_RULE, "deadline_rule_versions": DEADLINE_RULE,
    "holiday_rules": HOLIDAY, "proclaimed_holidays": HOLIDAY,
    "deadline_calendars": CALENDAR, "deadline_calendar_days": CALENDAR,
    "users": USER, "sign_in_attempts": USER, "audit_log": AUDIT,
    # Written by every creation beside its audit entry, never changed (gem.services.entity);
    # SQLite's file-number counters, which PostgreSQL never writes (gem.database_roles).
    "creation_keys": AUDIT, "file_number_counters": DATABASE,
    # SQLite's record of writes for the other windows (gem.services.changes), written by
    # triggers; PostgreSQL announces with NOTIFY and never writes them.
    "change_counter": DATABASE, "recent_changes": DATABASE,
    "import_batches": IMPORT_BATCH, "import_mappings": IMPORT_MAPPING,
})
"""Each database table → the aggregate whose rules it follows (for the generated grants)."""


# ---------------------------------------------------------------------- asking
def _role_of(actor_or_role: Actor | str | Any) -> str:
    return actor_or_role if isinstance(actor_or_role, str) else actor_or_role.role


def roles_for(action: Action | str, aggregate: str) -> frozenset[Role]:
    """The roles that may do ``action`` on ``aggregate``; KeyError for an aggregate the policy
    does not know (a new service must be given its rules here)."""
    try:
        return RULES[(aggregate, Action(action))]
    except KeyError:
        raise KeyError(f"gem.services.policy has no rule for {action!r} on "
                       f"{aggregate!r}") from None


def may(actor_or_role: Actor | str, action: Action | str, aggregate: str) -> bool:
    """Whether this actor (or role code) may do ``action`` on ``aggregate``."""
    return _role_of(actor_or_role) in roles_for(action, aggregate)


def require(actor: Actor, action: Action | str, aggregate: str) -> None:
    """Raise PermissionDenied, in the actor's language, unless the policy allows."""
    if not may(actor, action, aggregate):
        from gem.services.errors import PermissionDenied

        raise PermissionDenied(None, actor.language)


def is_counsellor(actor_or_role: Actor | str) -> bool:
    """Whether this role may be given files (:data:`COUNSELLOR_ROLES`)."""
    return _role_of(actor_or_role) in COUNSELLOR_ROLES


def sees_all_confidential(actor_or_role: Actor | str) -> bool:
    return _role_of(actor_or_role) in SEES_ALL_CONFIDENTIAL


def may_pick_counsellor(actor_or_role: Actor | str) -> bool:
    return _role_of(actor_or_role) in PICK_ANY_COUNSELLOR


def matrix() -> dict[str, dict[Action, frozenset[Role]]]:
    """The whole table, aggregate by aggregate, every action of each (for documentation)."""
    return {aggregate: {action: RULES[(aggregate, action)] for action in Action}
            for aggregate in AGGREGATES}


def markdown() -> str:
    """The table as the README shows it: one row per group of aggregates with the same rules,
    one column per role, the actions that role may do in each cell."""
    roles = list(Role)
    groups: dict[tuple[tuple[str, ...], ...], list[str]] = {}
    for aggregate, row in matrix().items():
        cells = tuple(tuple(str(a) for a in Action if role in row[a]) for role in roles)
        groups.setdefault(cells, []).append(aggregate)
    lines = ["| aggregates | " + " | ".join(str(r) for r in roles) + " |",
             "|---" * (len(roles) + 1) + "|"]
    for cells, aggregates in groups.items():
        lines.append("| " + ", ".join(aggregates) + " | "
                     + " | ".join(", ".join(c) or "—" for c in cells) + " |")
    lines += ["",
              "- counted as counsellors (may be given files, hold a caseload): "
              + _names(COUNSELLOR_ROLES),
              "- see every confidential file: " + _names(SEES_ALL_CONFIDENTIAL),
              "- open any counsellor's caseload (the others open their own): "
              + _names(PICK_ANY_COUNSELLOR)]
    return "\n".join(lines) + "\n"


def _names(roles: frozenset[Role]) -> str:
    return ", ".join(str(r) for r in Role if r in roles)


if __name__ == "__main__":
    print(markdown(), end="")
