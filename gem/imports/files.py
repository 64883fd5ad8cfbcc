"""The files import (issue 14, third import): an office moving to GEM brings its history in
from the previous system: grievances (with their members and articles), arbitrations (with
the grievances they hear, and their hearings), agreements (with the grievances they settle)
and recourses, from the documented layout (``FILE_KINDS``): one workbook with one sheet per
kind, or a folder of CSV files named the same way.

Why it works this way:

- The file numbers are the keys between sheets, and the imported files keep them: people
  know their files by them, in the letters, the arbitrators' registries and the employer's
  own files. A number already used in GEM, or twice in the file, is refused with its row.
- The history holds closed files: a status may be any status of the kind's workflow, not
  only the ones a new file may start with (the form's rule), and no status move is made
  (an imported arbitration does not move its grievances, as the services' moves would).
- Each row goes through its kind's service ``clean`` so the import refuses what the form
  refuses, in the same words; what the form cannot check because the parent is still in the
  file (an arbitration's grievances, a hearing's arbitration) is checked here with the same
  messages. A row naming a parent that is refused is refused too, so that the valid rows
  only may be imported without a link left dangling.
- Deadlines are worked out by the engine for the open files (sync_file_deadlines, as the
  services' after_save does); a closed file's history carries none. Each grievance gets one
  line in its timeline saying it came from the previous system, with the batch.
- Everything written is audited with the batch, so ``gem import undo`` takes it all back
  while nothing changed since (``before_undo`` refuses when someone added to an imported
  file meanwhile: a note, a hearing, an attachment).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gem import clock
from gem.formatting import format_number
from gem.i18n import N_, tr
from gem.labels import LABELS
from gem.models import (
    Agreement,
    AgreementGrievance,
    Arbitration,
    ArbitrationGrievance,
    Arbitrator,
    CollectiveAgreement,
    Deadline,
    Document,
    Grievance,
    GrievanceArticle,
    GrievanceEvent,
    GrievanceMember,
    Hearing,
    Member,
    Recourse,
    User,
)
from gem.models.base import Base, table_of
from gem.models.enums import ArbitrationStatus, GrievanceStatus, RecourseStatus
from gem.services import audit, policy
from gem.services.actor import Actor
from gem.services.arbitration import ArbitrationService, HearingService
from gem.services.deadlines.files import sync_file_deadlines
from gem.services.entity import EntityService, KnownRows
from gem.services.errors import GemError, ValidationError
from gem.services.grievance import GrievanceService
from gem.services.recourse import RecourseService
from gem.services.settlement import AgreementService
from gem.services.workflow import ARBITRATION, GRIEVANCE, RECOURSE, Workflow, status_label

from . import columns, values
from .columns import Field
from .outcomes import CREATE, REFUSED, Outcome, Problem, RowsRefused, file_sha256, read_row
from .sheets import CSV_SUFFIXES, Cell, Row, SheetError, open_sheet

if TYPE_CHECKING:
    from .batches import BatchSummary

__all__ = ["FILE_KINDS", "FileOutcome", "FilesOutdated", "FilesPreview", "FilesProposal",
           "Kind", "NoKnownSheet", "SheetProposal", "before_undo", "import_files", "kind_named",
           "preview_files", "propose_files_mapping", "write_refused"]

# The kinds of row, in the order they are checked and written (parents first).
GRIEVANCES, GRIEVANCE_MEMBERS, ARTICLES = "grievances", "grievance_members", "articles"
ARBITRATIONS, ARBITRATED, HEARINGS = "arbitrations", "arbitrated", "hearings"
AGREEMENTS, SETTLED, RECOURSES = "agreements", "settled", "recourses"
FILES = (GRIEVANCES, ARBITRATIONS, AGREEMENTS, RECOURSES)  # the kinds with a file number


def _label(model: type[Base], key: str) -> str:
    return str(table_of(model).c[key].info["label"])


@dataclass(frozen=True)
class Kind:
    """One sheet of the layout: its French name (a msgid, what the person sees), the other
    names it may have (English), the CSV file's name in a folder, and its columns."""

    key: str
    label: str
    names: tuple[str, ...]
    csv: str
    fields: tuple[Field, ...]


_NUMBER = ("numero de dossier", "no de dossier", "no dossier", "dossier", "file number",
           "file no", "file")
_GRIEVANCE_REF = Field("grievance", N_("Grief"), (
    "numero du grief", "no grief", "no du grief", "dossier grief", "grievance",
    "grievance number", "grievance file number", *_NUMBER), required=True)
_ARBITRATION_REF = Field("arbitration", N_("Arbitrage"), (
    "numero de l arbitrage", "no arbitrage", "dossier arbitrage", "arbitration",
    "arbitration number", "arbitration file number", *_NUMBER), required=True)
_AGREEMENT_REF = Field("agreement", N_("Entente"), (
    "numero de l entente", "no entente", "dossier entente", "agreement", "settlement",
    "agreement number", "agreement file number", *_NUMBER), required=True)


def _file_number(model: type[Base]) -> Field:
    return Field("file_number", _label(model, "file_number"), _NUMBER, required=True)


def _institution(model: type[Base], required: bool = True) -> Field:
    return Field("institution", _label(model, "institution_id"),
                 ("etablissement", "institution", "employer", "employeur"), required=required)


def _status(model: type[Base]) -> Field:
    return Field("status", _label(model, "status"), ("statut", "status", "etat"),
                 required=True)


def _counsellor(model: type[Base]) -> Field:
    return Field("counsellor", _label(model, "counsellor_id"),
                 ("conseiller", "conseillere", "counsellor", "counselor", "login"))


def _column(model: type[Base], key: str, *names: str, required: bool = False) -> Field:
    return Field(key, _label(model, key), names, required=required)


FILE_KINDS: tuple[Kind, ...] = (
    Kind(GRIEVANCES, N_("Griefs"), ("grievances", "grief"), "griefs", (
        _file_number(Grievance), _institution(Grievance),
        _column(Grievance, "kind", "type", "kind", "grievance type", required=True),
        _column(Grievance, "nature", "nature", required=True),
        _column(Grievance, "title", "objet", "title", "subject", required=True),
        _status(Grievance),
        _column(Grievance, "employer_number", "no employeur", "employer number"),
        _column(Grievance, "event_date", "date evenement", "event date"),
        _column(Grievance, "knowledge_date", "date connaissance", "knowledge date"),
        _column(Grievance, "filed_date", "date depot", "filed date", "filing date"),
        _counsellor(Grievance),
        Field("collective_agreement", _label(Grievance, "agreement_id"),
              ("convention", "collective agreement", "labour agreement")),
        _column(Grievance, "facts", "faits", "facts"),
        _column(Grievance, "remedy_sought", "correctif", "remedy", "remedy sought"),
        _column(Grievance, "amount_claimed", "montant reclame", "amount claimed"),
        _column(Grievance, "amount_obtained", "montant obtenu", "amount obtained"),
        _column(Grievance, "outcome", "issue", "outcome"),
        _column(Grievance, "closed_date", "date fermeture", "closed date", "closing date"),
        _column(Grievance, "closing_reason", "motif fermeture", "closing reason"),
        _column(Grievance, "confidential", "confidentiel", "confidential"))),
    Kind(GRIEVANCE_MEMBERS, N_("Membres visés"),
         ("membres", "grievance members", "members concerned", "members"), "membres-vises", (
             _GRIEVANCE_REF,
             Field("member", _label(Member, "member_number"),
                   ("no membre", "numero membre", "no de membre", "membre", "member",
                    "member number", "member no"), required=True))),
    Kind(ARTICLES, N_("Articles"), ("articles invoques", "grievance articles", "articles"),
         "articles", (
             _GRIEVANCE_REF,
             _column(GrievanceArticle, "citation", "article", "citation", "article cited",
                     required=True))),
    Kind(ARBITRATIONS, N_("Arbitrages"), ("arbitrations", "arbitrage"), "arbitrages", (
        _file_number(Arbitration), _institution(Arbitration),
        _column(Arbitration, "procedure", "procedure", required=True),
        _status(Arbitration),
        _column(Arbitration, "registry_number", "no greffe", "registry number"),
        Field("arbitrator", _label(Arbitration, "arbitrator_id"), ("arbitre", "arbitrator")),
        _counsellor(Arbitration),
        _column(Arbitration, "referral_date", "date renvoi", "referral date"),
        _column(Arbitration, "award_date", "date sentence", "award date"),
        _column(Arbitration, "outcome", "issue", "outcome"),
        _column(Arbitration, "citation", "reference sentence", "award citation", "citation"),
        _column(Arbitration, "fees_total", "honoraires", "fees"),
        _column(Arbitration, "union_share_pct", "part du syndicat", "union share"),
        _column(Arbitration, "notes", "notes"))),
    Kind(ARBITRATED, N_("Griefs arbitrés"), ("arbitrated grievances", "griefs arbitres"),
         "griefs-arbitres", (_ARBITRATION_REF, _GRIEVANCE_REF)),
    Kind(HEARINGS, N_("Audiences"), ("hearings", "audience"), "audiences", (
        _ARBITRATION_REF,
        _column(Hearing, "date", "date", "hearing date", required=True),
        _column(Hearing, "start_time", "heure", "time", "start time"),
        _column(Hearing, "kind", "type", "kind"),
        _column(Hearing, "location", "lieu", "location", "place"),
        Field("union_representative", _label(Hearing, "union_representative_id"),
              ("representant", "union representative")),
        _column(Hearing, "notes", "notes"))),
    Kind(AGREEMENTS, N_("Ententes"), ("agreements", "settlements", "entente"), "ententes", (
        _file_number(Agreement),
        _column(Agreement, "kind", "type", "kind", "agreement type", required=True),
        _column(Agreement, "title", "objet", "title", "subject", required=True),
        _institution(Agreement), _status(Agreement),
        _column(Agreement, "parties", "parties"),
        _column(Agreement, "signed_date", "date signature", "signed date"),
        _column(Agreement, "effective_date", "date entree en vigueur", "effective date"),
        _column(Agreement, "end_date", "date fin", "end date"),
        _column(Agreement, "terms", "modalites", "terms"),
        _column(Agreement, "amount", "montant", "amount"),
        _counsellor(Agreement))),
    Kind(SETTLED, N_("Griefs réglés"), ("settled grievances", "griefs regles"),
         "griefs-regles", (_AGREEMENT_REF, _GRIEVANCE_REF)),
    Kind(RECOURSES, N_("Recours"), ("recourses", "appeals", "remedies"), "recours", (
        _file_number(Recourse),
        _column(Recourse, "forum", "instance", "forum", required=True),
        _column(Recourse, "kind", "type", "kind", "recourse type", required=True),
        _status(Recourse),
        _institution(Recourse, required=False),
        Field("member", _label(Member, "member_number"),
              ("no membre", "numero membre", "membre", "member", "member number")),
        Field("grievance", _label(Recourse, "grievance_id"),
              ("grief", "no grief", "grievance", "related grievance")),
        _column(Recourse, "forum_file_number", "no dossier instance", "forum file number"),
        _column(Recourse, "incident_date", "date des faits", "incident date"),
        _column(Recourse, "decision_contested", "decision", "decision contested"),
        _column(Recourse, "decision_date", "date decision", "decision date"),
        _column(Recourse, "notification_date", "date notification", "notification date"),
        _column(Recourse, "filed_date", "date depot", "filed date"),
        _column(Recourse, "deadline_date", "echeance", "deadline"),
        _counsellor(Recourse),
        _column(Recourse, "outcome", "issue", "outcome"),
        _column(Recourse, "confidential", "confidentiel", "confidential"),
        _column(Recourse, "closed_date", "date fermeture", "closed date"),
        _column(Recourse, "notes", "notes"))),
)
KINDS_BY_KEY = {kind.key: kind for kind in FILE_KINDS}
_MODELS: dict[str, type[Base]] = {GRIEVANCES: Grievance, ARBITRATIONS: Arbitration,
                                  AGREEMENTS: Agreement, RECOURSES: Recourse}
_WORKFLOWS: dict[str, Workflow] = {GRIEVANCES: GRIEVANCE, ARBITRATIONS: ARBITRATION,
                                   RECOURSES: RECOURSE}
_STATUSES: dict[str, tuple[str, ...]] = {
    GRIEVANCES: tuple(GrievanceStatus), ARBITRATIONS: tuple(ArbitrationStatus),
    RECOURSES: tuple(RecourseStatus),
    AGREEMENTS: tuple(str(code) for code in LABELS["agreement_status"])}
# Each sheet's columns that name a choice → the LABELS kind listing the choices.
_CHOICES: dict[str, dict[str, str]] = {
    GRIEVANCES: {"kind": "grievance_kind", "nature": "grievance_nature", "outcome": "outcome"},
    ARBITRATIONS: {"procedure": "arbitration_procedure", "outcome": "outcome"},
    HEARINGS: {"kind": "hearing_kind"},
    AGREEMENTS: {"kind": "agreement_kind"},
    RECOURSES: {"forum": "recourse_forum", "kind": "recourse_kind", "outcome": "outcome"},
}
_COLUMN_OF = {"institution": "institution_id", "counsellor": "counsellor_id",
              "collective_agreement": "agreement_id",
              "arbitrator": "arbitrator_id", "member": "member_id",
              "union_representative": "union_representative_id", "grievance": "grievance_id"}
_DATES = frozenset({"event_date", "knowledge_date", "filed_date", "closed_date",
                    "referral_date", "award_date", "date", "signed_date", "effective_date",
                    "end_date", "incident_date", "decision_date", "notification_date",
                    "deadline_date"})
_AMOUNTS = frozenset({"amount_claimed", "amount_obtained", "fees_total", "union_share_pct",
                      "amount"})
_CODES = frozenset({"file_number", "grievance", "arbitration", "agreement", "member",
                    "employer_number", "registry_number", "forum_file_number"})
_YES = frozenset({"oui", "o", "yes", "y", "vrai", "true", "1", "x"})
_NO = frozenset({"non", "n", "no", "faux", "false", "0"})
_SERVICES: dict[str, Callable[[], EntityService[Any]]] = {
    GRIEVANCES: GrievanceService, ARBITRATIONS: ArbitrationService,
    AGREEMENTS: AgreementService, RECOURSES: RecourseService, HEARINGS: HearingService}
_UNKNOWN = N_("« {value} » n'est pas connu de GEM")
_TWICE = N_("« {value} » figure déjà à la ligne {row} du fichier")


class NoKnownSheet(SheetError):
    msgid = N_("Le classeur {name} n'a aucune des feuilles attendues : {sheets}.")


class NoKnownFile(SheetError):
    msgid = N_("Le dossier {name} ne contient aucun des fichiers attendus : {sheets}.")


class SheetColumns(SheetError):
    msgid = N_("Feuille « {sheet} » : {reason}")


class FilesOutdated(GemError):
    msgid = N_("{count} numéro(s) de dossier ont été pris dans GEM depuis l'aperçu (par "
               "exemple « {example} ») : rien n'a été importé. Refaites l'aperçu.")


@dataclass
class FileOutcome(Outcome):
    """A row's outcome, with the sheet it comes from and what it links to."""

    sheet: str = ""                   # the kind's key (``grievances``…)
    key: str = ""                     # the file number, or the parent's for a child row
    other: str = ""                   # the second key of a link row (a member, a grievance)
    read: dict[str, Any] = field(default_factory=dict)  # the cells read (parents' numbers)


@dataclass(frozen=True)
class SheetRead:
    kind: str                         # the kind's key
    name: str                         # the sheet (or CSV file) as named in the file
    header: tuple[str, ...]
    mapping: dict[int, str]           # column index → field key


@dataclass
class FilesPreview:
    file: str                         # the workbook's or the folder's name
    sha256: str                       # of the workbook, or of its CSV files one after another
    sheets: list[SheetRead]           # the sheets found, in the layout's order
    outcomes: list[FileOutcome]       # every row of every sheet, sheet by sheet

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        """Kind → {"create": n, "refused": n}, for each sheet found."""
        found = Counter((o.sheet, o.kind) for o in self.outcomes)
        return {s.kind: {CREATE: found.get((s.kind, CREATE), 0),
                         REFUSED: found.get((s.kind, REFUSED), 0)} for s in self.sheets}

    @property
    def refused(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind == REFUSED]

    @property
    def header(self) -> tuple[str, ...]:
        """The first sheet's header (the Refusals protocol); write_refused here writes each
        sheet's own."""
        return self.sheets[0].header if self.sheets else ()

    def sheet_named(self, kind: str) -> str:
        return next((s.name for s in self.sheets if s.kind == kind), kind)


# ---------------------------------------------------------------------- reading the file
def _sheets_of(path: Path, lang: str) -> list[tuple[Kind, Path, str | int, str]]:
    """(kind, file, sheet to open, name shown) for each known sheet of ``path``."""
    expected_sheets = ", ".join(f"« {tr(k.label, lang)} »" for k in FILE_KINDS)
    found: dict[str, tuple[Kind, Path, str | int, str]] = {}
    if path.is_dir():
        for child in sorted(path.iterdir()):
            kind = kind_named(child.stem) if child.suffix.lower() in CSV_SUFFIXES else None
            if kind is not None and kind.key not in found:
                found[kind.key] = (kind, child, 0, child.name)
        if not found:
            raise NoKnownFile(None, lang, name=path.name, sheets=", ".join(
                f"{k.csv}.csv" for k in FILE_KINDS))
    elif path.is_file() and path.suffix.lower() in CSV_SUFFIXES:
        kind = kind_named(path.stem)
        if kind is None:
            raise NoKnownSheet(None, lang, name=path.name, sheets=expected_sheets)
        found[kind.key] = (kind, path, 0, path.name)
    else:
        open_sheet(path)  # the file's own refusal: missing, not a workbook, protected…
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        try:
            names = list(book.sheet_names)
        finally:
            book.close()
        for name in names:
            kind = kind_named(name)
            if kind is not None and kind.key not in found:
                found[kind.key] = (kind, path, name, name)
        if not found:
            raise NoKnownSheet(None, lang, name=path.name, sheets=expected_sheets)
    return [found[k.key] for k in FILE_KINDS if k.key in found]


def _fingerprint(path: Path) -> str:
    if path.is_file():
        return file_sha256(path)
    import hashlib

    digest = hashlib.sha256()
    for child in sorted(path.iterdir()):
        if child.is_file() and child.suffix.lower() in CSV_SUFFIXES:
            digest.update(child.name.encode() + b"\0" + child.read_bytes())
    return digest.hexdigest()


def _choices(kind: str) -> dict[str, str]:
    """Every way a cell may name a choice: its code, its French and English labels."""
    out: dict[str, str] = {}
    for code, label in LABELS[kind].items():
        for text in (code, tr(label, "fr"), tr(label, "en")):
            out.setdefault(columns.normalized(str(text)), str(code))
    return out


def _status_choices(kind: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for code in _STATUSES[kind]:
        for lang in ("fr", "en"):
            label = status_label(kind.removesuffix("s"), code, lang) if kind in _WORKFLOWS \
                else tr(LABELS["agreement_status"][code], lang)
            out.setdefault(columns.normalized(label), str(code))
        out[columns.normalized(str(code))] = str(code)
    return out


def _allowed(kind: str, key: str, lang: str) -> str:
    if key == "status":
        codes = _STATUSES[kind]
        return ", ".join(status_label(kind.removesuffix("s"), c, lang) if kind in _WORKFLOWS
                         else tr(LABELS["agreement_status"][c], lang) for c in codes)
    return ", ".join(tr(label, lang) for label in LABELS[_CHOICES[kind][key]].values())


class _Lookups:
    """What the rows are checked against, read once."""

    def __init__(self, session: Session, lang: str) -> None:
        self.session, self.lang = session, lang
        self.institutions: dict[str, int | GemError] = {}
        self.members: dict[str, int] = {number: ident for number, ident in session.execute(
            select(Member.member_number, Member.id))}
        self.users: dict[str, int] = {columns.normalized(login): ident for login, ident in
                                      session.execute(select(User.login, User.id))}
        self.arbitrators: dict[str, int] = {
            columns.normalized(name): ident for name, ident in
            session.execute(select(Arbitrator.name, Arbitrator.id))}
        # a collective agreement by its name or short name: the deadlines follow its rules
        self.agreements: dict[str, int] = {}
        for ident, name, short in session.execute(select(
                CollectiveAgreement.id, CollectiveAgreement.name,
                CollectiveAgreement.short_name)):
            for text in (name, short):
                if text:
                    self.agreements.setdefault(columns.normalized(text), ident)
        # file kind → number → (id, institution id) of the files already in GEM
        self.in_gem: dict[str, dict[str, tuple[int, int | None]]] = {}
        for kind, model in _MODELS.items():
            table = table_of(model)
            self.in_gem[kind] = {number: (ident, place) for number, ident, place in
                                 session.execute(select(table.c.file_number, table.c.id,
                                                        table.c.institution_id))}
        # the links already in GEM, which the file may not make twice
        self.grievance_members = _pairs(session, GrievanceMember.grievance_id,
                                        GrievanceMember.member_id)
        self.arbitrated = _pairs(session, ArbitrationGrievance.arbitration_id,
                                 ArbitrationGrievance.grievance_id)
        self.settled = _pairs(session, AgreementGrievance.agreement_id,
                              AgreementGrievance.grievance_id)
        self.choices = {(kind, key): _choices(label) for kind, keys in _CHOICES.items()
                        for key, label in keys.items()}
        self.statuses = {kind: _status_choices(kind) for kind in _STATUSES}

    def institution(self, text: str) -> int:
        from .outcomes import find_institution

        wanted = columns.normalized(text)
        if wanted not in self.institutions:
            try:
                self.institutions[wanted] = find_institution(self.session, text).id
            except GemError as refused:
                self.institutions[wanted] = refused
        found = self.institutions[wanted]
        if isinstance(found, GemError):
            raise values.Refused(found.msgid, text, {"name": text, **found.params})
        return found


def _pairs(session: Session, first: Any, second: Any) -> set[tuple[int, int]]:
    return {(one, two) for one, two in session.execute(select(first, second))}


def _read(kind: str, key: str, cell: Cell, lookups: _Lookups) -> Any:
    """The field's value from its cell (ids for what it names), or values.Refused."""
    if key in _DATES:
        return values.as_date(cell)
    if key in _AMOUNTS:
        return values.as_amount(cell)
    if key in _CODES and key != "member":
        return values.as_code(cell)
    if key == "member":
        number = values.as_code(cell)
        if number is None:
            return None
        if number not in lookups.members:
            raise values.Refused(_UNKNOWN, number)
        return lookups.members[number]
    text = values.as_text(cell, name=key == "title")
    if text is None:
        return None
    if key == "institution":
        return lookups.institution(text)
    if key in ("counsellor", "union_representative", "arbitrator", "collective_agreement"):
        table = {"arbitrator": lookups.arbitrators,
                 "collective_agreement": lookups.agreements}.get(key, lookups.users)
        found = table.get(columns.normalized(text))
        if found is None:
            raise values.Refused(_UNKNOWN, text)
        return found
    if key == "confidential":
        plain = columns.normalized(text)
        if plain in _YES or plain in _NO:
            return plain in _YES
        raise values.Refused(N_("« {value} » n'est ni oui ni non"), text)
    if key == "status" or (kind, key) in lookups.choices:
        table_of_choices = lookups.statuses[kind] if key == "status" else \
            lookups.choices[(kind, key)]
        code = table_of_choices.get(columns.normalized(text))
        if code is None:
            raise values.Refused(N_("« {value} » n'est pas une valeur permise ({allowed})."),
                                 text, {"allowed": _allowed(kind, key, lookups.lang)})
        return code
    if key == "start_time":
        return text
    return text


@dataclass
class _Row:
    """A row read, before its checks against the other sheets."""

    outcome: FileOutcome
    data: dict[str, Any]
    header_of: dict[str, str]


class _Check:
    """The rows of every sheet, checked sheet by sheet, parents first."""

    def __init__(self, session: Session, actor: Actor, lookups: _Lookups) -> None:
        self.session, self.actor, self.lookups = session, actor, lookups
        self.lang = actor.language
        self.rows: dict[str, list[_Row]] = {kind.key: [] for kind in FILE_KINDS}
        self.first: dict[str, dict[str, _Row]] = {kind: {} for kind in FILES}
        self.sheet_names: dict[str, str] = {}

    def problem(self, target: _Row, key: str, msgid: str, /, **params: Any) -> None:
        target.outcome.problems.append(Problem(target.header_of.get(key, ""),
                                               tr(msgid, self.lang, **params)))

    # -------------------------------------------------------------- parents
    def parent(self, row: _Row, key: str, kind: str) -> tuple[str, int | None] | None:
        """Where the row's parent is: ("file", None) for a valid row of the file, ("gem", id)
        for a file already in GEM, or None (a problem added) when there is none."""
        number = row.data.get(key)
        if number is None:
            return None
        found = self.first[kind].get(number)
        if found is not None:
            if found.outcome.problems:
                self.problem(row, key, N_("le dossier « {value} » est refusé (ligne {row} de "
                                          "la feuille « {sheet} »)"), value=number,
                             row=format_number(found.outcome.row, 0),
                             sheet=self.sheet_names[kind])
                return None
            return "file", None
        in_gem = self.lookups.in_gem[kind].get(number)
        if in_gem is not None:
            return "gem", in_gem[0]
        self.problem(row, key, N_("le dossier « {value} » n'est ni dans le fichier ni dans "
                                  "GEM"), value=number)
        return None

    def numbers(self, kind: str) -> None:
        """Each file number once in the file (the first row keeps it)."""
        for row in self.rows[kind]:
            number = row.data.get("file_number")
            if number is None:
                continue
            first = self.first[kind].setdefault(number, row)
            if first is not row:
                self.problem(row, "file_number", _TWICE, value=number,
                             row=format_number(first.outcome.row, 0))

    def pairs(self, kind: str, first_key: str, second_key: str) -> None:
        """A link row naming the same two things as an earlier one is refused."""
        seen: dict[tuple[Any, Any], int] = {}
        for row in self.rows[kind]:
            pair = (row.data.get(first_key), row.data.get(second_key))
            if None in pair or row.outcome.problems:
                continue
            first = seen.setdefault(pair, row.outcome.row)
            if first != row.outcome.row:
                self.problem(row, second_key, _TWICE, value=row.outcome.other,
                             row=format_number(first, 0))

    # -------------------------------------------------------------- the services' checks
    def clean(self, kind: str, row: _Row, data: dict[str, Any], extras: dict[str, Any],
              ignore: Iterable[str] = (), known: KnownRows | None = None) -> dict[str, Any]:
        """``data`` through the kind's service clean; its problems named by their column.
        ``ignore``: the fields whose check needs a parent still in the file (made here)."""
        service = _SERVICES[kind]()
        reverse = {_COLUMN_OF.get(k, k): h for k, h in row.header_of.items()}
        try:
            cleaned, _extras = service.clean(self.session, self.actor, {**data, **extras},
                                             None, known)
        except ValidationError as invalid:
            skipped = set(ignore)
            for error in invalid.errors:
                if error.field not in skipped:
                    row.outcome.problems.append(Problem(reverse.get(error.field, ""),
                                                        error.message(self.lang)))
            if row.outcome.problems:
                return {}
            # Only the checks that need the parent were refused: every other check passed
            # (clean makes the kind's own rules once the columns pass), so the values are
            # the columns' own, typed as clean types them.
            table = table_of(service.model)
            return {key: service._coerce(table.c[key], raw) for key, raw in data.items()}
        return cleaned


# ---------------------------------------------------------------------- the columns
def _kept(session: Session) -> dict[str, dict[str, str]]:
    """Sheet kind → the columns remembered from the last files import (normalized header →
    field). One record holds every sheet's, each header prefixed with its sheet's key: the
    rows name their own institution, so the columns are remembered per sheet, not per
    institution."""
    from gem.imports import batches

    kept: dict[str, dict[str, str]] = {}
    for stored, key in batches.remembered(session, batches.FILES, None).items():
        sheet, _colon, header = stored.partition(":")
        kept.setdefault(sheet, {})[header] = key
    return kept


def _remember(session: Session, actor: Actor, sheets: Iterable[SheetRead]) -> None:
    """Keep the columns of every sheet this import read; the other sheets' stay as they
    were (next year's file may bring the recourses only)."""
    from gem.imports import batches

    from .outcomes import remembered_columns

    read = list(sheets)
    kept = {sheet: found for sheet, found in _kept(session).items()
            if sheet not in {s.kind for s in read}}
    for sheet in read:
        kept[sheet.kind] = remembered_columns(sheet.header, sheet.mapping)
    batches.remember(session, actor, batches.FILES, None, {
        f"{sheet}:{header}": key for sheet, found in kept.items()
        for header, key in found.items()})


@dataclass(frozen=True)
class SheetProposal:
    """One sheet as the mapping step shows it: its header and the field proposed for each
    column (the columns remembered from the last files import, else the header's names)."""

    kind: str                         # the kind's key (``grievances``…)
    name: str                         # the sheet (or CSV file) as named in the file
    header: tuple[str, ...]
    mapping: dict[int, str]           # column index → field key
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class FilesProposal:
    file: str
    sheets: tuple[SheetProposal, ...]  # in the layout's order


def propose_files_mapping(session: Session, actor: Actor, path: Path) -> FilesProposal:
    """Every known sheet's header and the columns proposed for it (the window's mapping
    step, sheet by sheet); reads the headers only."""
    policy.require(actor, policy.Action.IMPORT, policy.GRIEVANCE)
    path = Path(path)
    kept = _kept(session)
    proposed = []
    for kind, source, which, shown in _sheets_of(path, actor.language):
        header = open_sheet(source, which).header
        proposed.append(SheetProposal(kind.key, shown, header, columns.propose(
            header, kind.fields, kept.get(kind.key)), kind.fields))
    return FilesProposal(path.name, tuple(proposed))


def kind_named(name: str) -> Kind | None:
    """The kind a sheet (or CSV file, or a --mapping file's key) names, in French or
    English, accents and case ignored."""
    wanted = columns.normalized(name)
    return next((k for k in FILE_KINDS if wanted in {
        columns.normalized(n) for n in (k.label, tr(k.label, "en"), k.csv, *k.names)}),
        None)


def preview_files(session: Session, actor: Actor, path: Path,
                  choose: Callable[[str, tuple[str, ...]], Mapping[int, str] | None] | None
                  = None,
                  progress: Callable[[int, int], None] | None = None) -> FilesPreview:
    """What importing the previous system's files from ``path`` (a workbook, or a folder of
    CSV files) would do, row by row and sheet by sheet; writes nothing.
    ``choose(kind, header)``: the person's mapping of that sheet (column index → field),
    given its header read here; proposed as propose_files_mapping does when there is no
    ``choose`` or it gives None for the sheet.
    ``progress(rows_read, 0)`` after every thousand rows."""
    policy.require(actor, policy.Action.IMPORT, policy.GRIEVANCE)
    lang = actor.language
    path = Path(path)
    found = _sheets_of(path, lang)
    lookups = _Lookups(session, lang)
    check = _Check(session, actor, lookups)
    kept = _kept(session)
    sheets: list[SheetRead] = []
    count = 0
    for kind, source, which, shown in found:
        sheet = open_sheet(source, which)
        person = choose(kind.key, sheet.header) if choose is not None else None
        chosen = dict(person) if person is not None else \
            columns.propose(sheet.header, kind.fields, kept.get(kind.key))
        try:
            columns.check_required(chosen, kind.fields)
        except columns.MissingColumns as missing:
            raise SheetColumns(None, lang, sheet=shown, reason=missing.message(lang)) from None
        header_of = {key: sheet.header[index] for index, key in chosen.items()}
        sheets.append(SheetRead(kind.key, shown, sheet.header, chosen))
        check.sheet_names[kind.key] = shown
        for row in sheet.rows:
            check.rows[kind.key].append(_one(kind, row, chosen, header_of, lookups, lang))
            count += 1
            if progress is not None and count % 1000 == 0:
                progress(count, 0)
    _check_all(check)
    outcomes = [r.outcome for kind in FILE_KINDS for r in check.rows[kind.key]]
    for kind in FILE_KINDS:
        for checked in check.rows[kind.key]:
            outcome = checked.outcome
            outcome.kind = REFUSED if outcome.problems else CREATE
            outcome.read = checked.data
            if outcome.kind == CREATE:
                outcome.cells = ()
                if kind.key not in (*FILES, HEARINGS):
                    outcome.data = dict(checked.data)
    return FilesPreview(path.name, _fingerprint(path), sheets, outcomes)


def _one(kind: Kind, row: Row, mapping: dict[int, str], header_of: dict[str, str],
         lookups: _Lookups, lang: str) -> _Row:
    outcome = FileOutcome(row.number, REFUSED, cells=row.cells, sheet=kind.key)
    data = read_row(row, mapping, header_of,
                    lambda key, cell: _read(kind.key, key, cell, lookups), outcome, lang)
    first = next(f.key for f in kind.fields if f.required)
    outcome.key = str(data.get(first) or _cell(row, mapping, first))
    if kind.key in (GRIEVANCE_MEMBERS, ARTICLES, ARBITRATED, SETTLED):
        outcome.other = _cell(row, mapping, kind.fields[1].key)
    elif kind.key == HEARINGS and isinstance(data.get("date"), date):
        outcome.other = data["date"].isoformat()
    shown = outcome.key
    outcome.name = " · ".join(p for p in (tr(kind.label, lang), shown, outcome.other) if p)
    for field_ in kind.fields:  # a required cell left blank
        if field_.required and field_.key not in data and not any(
                p.column == header_of.get(field_.key) for p in outcome.problems):
            outcome.problems.append(Problem(header_of.get(field_.key, ""),
                                            tr(N_("ce champ est obligatoire."), lang)))
    return _Row(outcome, data, header_of)


def _cell(row: Row, mapping: Mapping[int, str], key: str) -> str:
    """The cell of ``key`` as the person sees it ("" when there is none)."""
    index = next((i for i, k in mapping.items() if k == key), None)
    return values.shown(row.cells[index]) if index is not None and index < len(row.cells) \
        else ""


def _columns_of(data: dict[str, Any], *leave_out: str) -> dict[str, Any]:
    """The row's values by the model's column names, without the keys of other sheets."""
    return {_COLUMN_OF.get(k, k): v for k, v in data.items()
            if k not in ("status", *leave_out)}


def _check_all(check: _Check) -> None:
    """Every row against its service's rules and the other sheets, parents first."""
    lookups = check.lookups
    for kind in FILES:
        check.numbers(kind)
    # The grievances' members and articles, then the grievances (which need them).
    for kind, second in ((GRIEVANCE_MEMBERS, "member"), (ARTICLES, "citation")):
        check.pairs(kind, "grievance", second)
        for row in check.rows[kind]:
            if row.outcome.problems:
                continue
            where = check.parent(row, "grievance", GRIEVANCES)
            if where is None:
                continue
            if kind == GRIEVANCE_MEMBERS and where[0] == "gem" and \
                    (where[1], row.data["member"]) in lookups.grievance_members:
                check.problem(row, "member", N_("ce membre est déjà visé par ce grief"))
    pending_members: dict[str, list[int]] = {}
    pending_articles: dict[str, list[str]] = {}
    for row in check.rows[GRIEVANCE_MEMBERS]:
        if not row.outcome.problems:
            pending_members.setdefault(row.data["grievance"], []).append(row.data["member"])
    for row in check.rows[ARTICLES]:
        if not row.outcome.problems:
            pending_articles.setdefault(row.data["grievance"], []).append(row.data["citation"])
    for kind in FILES:
        if kind == ARBITRATIONS:  # their grievances first: an arbitration needs one
            check.pairs(ARBITRATED, "arbitration", "grievance")
            for row in check.rows[ARBITRATED]:
                if not row.outcome.problems:
                    check.parent(row, "grievance", GRIEVANCES)
        known = KnownRows(keys={"file_number": {
            number: ident for number, (ident, _place) in lookups.in_gem[kind].items()}})
        for row in check.rows[kind]:
            if row.outcome.problems:
                continue
            if kind == GRIEVANCES:
                _check_grievance(check, row, known, pending_members, pending_articles)
            elif kind == ARBITRATIONS:
                _check_arbitration(check, row, known)
            elif kind == AGREEMENTS:
                _check_agreement(check, row, known)
            else:
                _check_recourse(check, row, known)
        if kind == GRIEVANCES:  # the children of a refused grievance are refused too
            for child in (GRIEVANCE_MEMBERS, ARTICLES):
                for row in check.rows[child]:
                    if not row.outcome.problems:
                        check.parent(row, "grievance", GRIEVANCES)
        if kind == ARBITRATIONS:
            for row in check.rows[HEARINGS]:
                _check_hearing(check, row)
            for row in check.rows[ARBITRATED]:
                if not row.outcome.problems:
                    _check_link(check, row, "arbitration", ARBITRATIONS,
                                lookups.arbitrated)
        if kind == AGREEMENTS:
            check.pairs(SETTLED, "agreement", "grievance")
            for row in check.rows[SETTLED]:
                if not row.outcome.problems and \
                        check.parent(row, "grievance", GRIEVANCES) is not None:
                    _check_link(check, row, "agreement", AGREEMENTS, lookups.settled)


def _check_link(check: _Check, row: _Row, key: str, kind: str,
                existing: set[tuple[int, int]]) -> None:
    """A link row's file (an arbitration, an agreement): in the file, or in GEM, where the
    link may already be (and an arbitration's grievances are of its institution)."""
    where = check.parent(row, key, kind)
    if where is None or where[0] == "file":
        return
    grievance = row.data["grievance"]
    in_gem = check.lookups.in_gem[GRIEVANCES].get(grievance)
    if in_gem is not None and (where[1], in_gem[0]) in existing:
        check.problem(row, "grievance", N_("ce grief y est déjà lié"))
        return
    if kind == ARBITRATIONS:
        first = check.first[GRIEVANCES].get(grievance)
        place = first.outcome.data.get("institution_id") if first is not None else \
            (in_gem[1] if in_gem is not None else None)
        if place != check.lookups.in_gem[ARBITRATIONS][row.data[key]][1]:
            check.problem(row, "grievance", N_("tous les griefs doivent viser "
                                               "l'établissement de l'arbitrage."))


def _status_of(kind: str, row: _Row) -> dict[str, Any]:
    """The status as the service's check takes it: given only where it is one a new file
    may start with, so that the form's rules for it apply (a filed grievance has its filing
    date); any other status of the workflow is the history's, which the form cannot make."""
    workflow = _WORKFLOWS.get(kind)
    status = row.data.get("status")
    return {"status": status} if workflow is not None and status in workflow.initial else {}


def _check_grievance(check: _Check, row: _Row, known: KnownRows,
                     members: dict[str, list[int]], articles: dict[str, list[str]]) -> None:
    number = str(row.data.get("file_number"))
    extras = _status_of(GRIEVANCES, row) | {"member_ids": members.get(number, []),
                                            "articles": articles.get(number, [])}
    row.outcome.data = check.clean(GRIEVANCES, row, _columns_of(row.data), extras,
                                   known=known)


def _check_arbitration(check: _Check, row: _Row, known: KnownRows) -> None:
    """The arbitration's grievances are rows of « Griefs arbitrés »: checked here, with the
    service's words (at least one, all of the arbitration's institution)."""
    number = row.data.get("file_number")
    links = [r for r in check.rows[ARBITRATED] if r.data.get("arbitration") == number]
    places: list[int | None] = []
    for link in links:
        if link.outcome.problems:
            continue
        grievance = link.data["grievance"]
        first = check.first[GRIEVANCES].get(grievance)
        places.append(first.outcome.data.get("institution_id") if first is not None
                      else check.lookups.in_gem[GRIEVANCES][grievance][1])
    cleaned = check.clean(ARBITRATIONS, row, _columns_of(row.data),
                          _status_of(ARBITRATIONS, row), ignore={"grievance_ids"},
                          known=known)
    if row.outcome.problems:
        return
    if not places:
        check.problem(row, "", N_("un arbitrage porte sur au moins un grief."))
    elif any(place != cleaned.get("institution_id") for place in places):
        check.problem(row, "institution", N_("tous les griefs doivent viser l'établissement "
                                             "de l'arbitrage."))
    row.outcome.data = cleaned


def _check_hearing(check: _Check, row: _Row) -> None:
    if row.outcome.problems or check.parent(row, "arbitration", ARBITRATIONS) is None:
        return
    row.outcome.data = check.clean(HEARINGS, row, _columns_of(row.data, "arbitration"), {},
                                   ignore={"arbitration_id"})


def _check_agreement(check: _Check, row: _Row, known: KnownRows) -> None:
    row.outcome.data = check.clean(AGREEMENTS, row, _columns_of(row.data) | (
        {"status": row.data["status"]} if "status" in row.data else {}), {}, known=known)


def _check_recourse(check: _Check, row: _Row, known: KnownRows) -> None:
    """A recourse's grievance may be in the file: the service's check (the grievance
    exists) is made here then."""
    data = _columns_of(row.data)
    ignore: set[str] = set()
    if "grievance" in row.data:
        where = check.parent(row, "grievance", GRIEVANCES)
        if where is None:
            return
        if where[0] == "file":
            data.pop("grievance_id")
            ignore.add("grievance_id")
        else:
            data["grievance_id"] = where[1]
    cleaned = check.clean(RECOURSES, row, data, _status_of(RECOURSES, row), ignore=ignore,
                          known=known)
    row.outcome.data = cleaned


# ---------------------------------------------------------------------- refused rows
def write_refused(preview: FilesPreview, target: Path, lang: str) -> Path:
    """The refused rows in a workbook, one sheet per sheet of the file: the row's number,
    the column and the reason, then the row as it was."""
    from openpyxl import Workbook

    from .outcomes import _plain

    book = Workbook(write_only=True)
    for read in preview.sheets:
        refused = [o for o in preview.outcomes if o.sheet == read.kind and o.kind == REFUSED]
        if not refused:
            continue
        sheet = book.create_sheet(read.name[:31])
        sheet.append([tr(N_("Ligne"), lang), tr(N_("Colonne"), lang), tr(N_("Raison"), lang),
                      *read.header])
        for outcome in refused:
            for problem in outcome.problems:
                sheet.append([outcome.row, problem.column, problem.message,
                              *(_plain(c) for c in outcome.cells)])
    if not book.worksheets:
        book.create_sheet(tr(N_("Lignes refusées"), lang)[:31])
    part = target.with_name(target.name + ".part")
    book.save(part)
    part.replace(target)
    return target


# ---------------------------------------------------------------------- writing
def import_files(session: Session, actor: Actor, preview: FilesPreview, valid_only: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> BatchSummary:
    """Write what ``preview`` showed, in the caller's write transaction, as one batch: all
    of it, or nothing when a row is refused (unless ``valid_only``: the refused rows, and the
    rows naming them, are left out) or when a file number was taken in GEM since the preview
    (FilesOutdated). ``progress(written, to_write)`` after each chunk; it may raise to
    cancel, which rolls the whole import back."""
    from gem.imports import batches
    from gem.services.actor import current as current_actor

    actor = current_actor(session, actor)
    policy.require(actor, policy.Action.IMPORT, policy.GRIEVANCE)
    for aggregate in (policy.GRIEVANCE, policy.ARBITRATION, policy.HEARING, policy.AGREEMENT,
                      policy.RECOURSE):
        policy.require(actor, policy.Action.CREATE, aggregate)
    lang = actor.language
    if preview.refused and not valid_only:
        raise RowsRefused(None, lang, count=format_number(len(preview.refused), 0))
    rows: dict[str, list[FileOutcome]] = {kind.key: [] for kind in FILE_KINDS}
    for outcome in preview.outcomes:
        if outcome.kind == CREATE:
            rows[outcome.sheet].append(outcome)
    _refuse_outdated(session, rows, lang)
    counts: dict[str, int] = {CREATE: sum(len(r) for r in rows.values()),
                              REFUSED: len(preview.refused)}
    for kind in FILE_KINDS:
        if kind.key in {s.kind for s in preview.sheets}:
            counts[kind.key] = len(rows[kind.key])
    batch = batches.start(session, actor, batches.FILES, preview.file, preview.sha256,
                          ", ".join(s.name for s in preview.sheets), None, counts, valid_only)
    writer = _Writer(session, actor, batch.id, counts[CREATE], progress)
    with batches.tagged(session, batch.id):
        writer.write(rows)
    _remember(session, actor, preview.sheets)
    session.flush()
    return batches.summary(batch, None)


def _refuse_outdated(session: Session, rows: dict[str, list[FileOutcome]], lang: str) -> None:
    taken: list[str] = []
    for kind in FILES:
        wanted = [o.key for o in rows[kind]]
        model: Any = _MODELS[kind]
        for part in _parts(wanted):
            taken.extend(session.scalars(select(model.file_number).where(
                model.file_number.in_(part))))
    if taken:
        raise FilesOutdated(None, lang, count=format_number(len(taken), 0),
                            example=sorted(taken)[0])


def _parts(items: list[Any], size: int = 1000) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class _Writer:
    """The rows written kind by kind, parents first, each one audited with the batch."""

    def __init__(self, session: Session, actor: Actor, batch_id: int, total: int,
                 progress: Callable[[int, int], None] | None) -> None:
        self.session, self.actor, self.batch_id = session, actor, batch_id
        self.total, self.written, self.progress = total, 0, progress
        self.ids: dict[str, dict[str, int]] = {kind: {} for kind in FILES}
        self.today, self.now = clock.today(), clock.now()

    def id_of(self, kind: str, number: str) -> int:
        """A parent's id: written by this batch, else already in GEM (the preview said)."""
        found = self.ids[kind].get(number)
        if found is not None:
            return found
        model: Any = _MODELS[kind]
        ident = self.session.scalar(select(model.id).where(model.file_number == number))
        assert ident is not None, number  # the preview found it in GEM
        return int(ident)

    def add(self, entity: str, objs: list[Any]) -> None:
        """Insert, audit, report progress."""
        from gem.imports import batches

        self.session.add_all(objs)
        self.session.flush()
        batches.audit(self.session, self.actor, self.batch_id, [
            ("create", entity, obj.id, None, audit.snapshot(obj)) for obj in objs])

    def step(self, count: int) -> None:
        self.written += count
        if self.progress is not None:
            self.progress(self.written, self.total)

    def stamped(self, model: type[Any], data: dict[str, Any], **more: Any) -> Any:
        obj = model(**data, **more)
        if hasattr(obj, "updated_by_id"):
            obj.updated_by_id = self.actor.id
        return obj

    def write(self, rows: dict[str, list[FileOutcome]]) -> None:
        actor = self.actor
        for part in _parts(rows[GRIEVANCES]):
            files = [self.stamped(Grievance, _without_status(o), status=_status_in(o),
                                  last_activity_at=self.now) for o in part]
            self.add("grievance", files)
            events = []
            for outcome, obj in zip(part, files, strict=True):
                self.ids[GRIEVANCES][outcome.key] = obj.id
                events.append(GrievanceEvent(
                    grievance_id=obj.id, occurred_on=obj.filed_date or self.today,
                    kind="imported", user_id=actor.id, description=tr(N_(
                        "Dossier importé de l'ancien système (lot d'import n° {batch}, "
                        "statut : {status})."), actor.language, batch=self.batch_id,
                        status=status_label("grievance", obj.status, actor.language))))
            self.add("grievance_event", events)
            self.step(len(part))
        for part in _parts(rows[GRIEVANCE_MEMBERS]):
            self.add("grievance_member", [GrievanceMember(
                grievance_id=self.id_of(GRIEVANCES, o.key), member_id=_row_data(o)["member"])
                for o in part])
            self.step(len(part))
        for part in _parts(rows[ARTICLES]):
            self.add("grievance_article", [GrievanceArticle(
                grievance_id=self.id_of(GRIEVANCES, o.key), article_id=None,
                citation=_row_data(o)["citation"]) for o in part])
            self.step(len(part))
        for kind, model, entity in ((ARBITRATIONS, Arbitration, "arbitration"),
                                    (AGREEMENTS, Agreement, "agreement")):
            for part in _parts(rows[kind]):
                files = [self.stamped(model, _without_status(o), status=_status_in(o))
                         for o in part]
                self.add(entity, files)
                for outcome, obj in zip(part, files, strict=True):
                    self.ids[kind][outcome.key] = obj.id
                self.step(len(part))
        for part in _parts(rows[ARBITRATED]):
            self.add("arbitration_grievance", [ArbitrationGrievance(
                arbitration_id=self.id_of(ARBITRATIONS, o.key),
                grievance_id=self.id_of(GRIEVANCES, _row_data(o)["grievance"]))
                for o in part])
            self.step(len(part))
        for part in _parts(rows[HEARINGS]):
            self.add("hearing", [self.stamped(Hearing, dict(o.data),
                                              arbitration_id=self.id_of(ARBITRATIONS, o.key))
                                 for o in part])
            self.step(len(part))
        for part in _parts(rows[SETTLED]):
            self.add("agreement_grievance", [AgreementGrievance(
                agreement_id=self.id_of(AGREEMENTS, o.key),
                grievance_id=self.id_of(GRIEVANCES, _row_data(o)["grievance"]))
                for o in part])
            self.step(len(part))
        for part in _parts(rows[RECOURSES]):
            files = []
            for o in part:
                data = _without_status(o)
                grievance = _row_data(o).get("grievance")
                if grievance is not None:
                    data["grievance_id"] = self.id_of(GRIEVANCES, grievance)
                files.append(self.stamped(Recourse, data, status=_status_in(o)))
            self.add("recourse", files)
            for outcome, obj in zip(part, files, strict=True):
                self.ids[RECOURSES][outcome.key] = obj.id
            self.step(len(part))
        self.deadlines()

    def deadlines(self) -> None:
        """The engine's deadlines for the open files this batch wrote (none for a closed
        one: its history is over), audited with the batch (``tagged``)."""
        for kind, owner, model in ((GRIEVANCES, "grievance", Grievance),
                                   (ARBITRATIONS, "arbitration", Arbitration),
                                   (RECOURSES, "recourse", Recourse)):
            workflow = _WORKFLOWS[kind]
            for ident in self.ids[kind].values():
                obj: Any = self.session.get(model, ident)
                if obj is not None and not workflow.is_closed(obj.status):
                    sync_file_deadlines(self.session, self.actor, owner, obj)


def _row_data(outcome: FileOutcome) -> dict[str, Any]:
    return outcome.read


def _status_in(outcome: FileOutcome) -> str:
    return str(outcome.read.get("status") or "")


def _without_status(outcome: FileOutcome) -> dict[str, Any]:
    return {k: v for k, v in outcome.data.items() if k != "status"}


# ---------------------------------------------------------------------- undo
_CHILDREN: tuple[tuple[str, type[Any], str, str], ...] = (
    # (entity, model, its parent's column, the parent's entity)
    ("grievance_event", GrievanceEvent, "grievance_id", "grievance"),
    ("grievance_member", GrievanceMember, "grievance_id", "grievance"),
    ("grievance_article", GrievanceArticle, "grievance_id", "grievance"),
    ("hearing", Hearing, "arbitration_id", "arbitration"),
    ("arbitration_grievance", ArbitrationGrievance, "arbitration_id", "arbitration"),
    ("agreement_grievance", AgreementGrievance, "agreement_id", "agreement"),
)
_FILE_MODELS = {"grievance": Grievance, "arbitration": Arbitration, "agreement": Agreement,
                "recourse": Recourse}


def before_undo(session: Session, actor: Actor, batch_id: int,
                created: dict[str, list[int]]) -> None:
    """CannotUndo when an imported file was given something since (a note, a member, a
    hearing, an attachment, a deadline): deleting the file would take it along (the
    database cascades), and the undo takes back only what the batch wrote."""
    lang = actor.language
    for entity, model, parent, owner in _CHILDREN:
        mine = set(created.get(entity, []))
        for part in _parts(created.get(owner, [])):
            column = getattr(model, parent)
            for ident, owner_id in session.execute(select(model.id, column).where(
                    column.in_(part))):
                if ident not in mine:
                    _refuse_added(session, batch_id, owner, owner_id, lang)
    for owner, ids in created.items():
        if owner not in _FILE_MODELS:
            continue
        for found_model, entity in ((Deadline, "deadline"), (Document, "document")):
            mine = set(created.get(entity, []))
            for part in _parts(ids):
                for ident, owner_id in session.execute(select(
                        found_model.id, found_model.owner_id).where(
                        found_model.owner_type == owner,
                        found_model.owner_id.in_(part))):
                    if ident not in mine:
                        _refuse_added(session, batch_id, owner, owner_id, lang)


def _refuse_added(session: Session, batch_id: int, owner: str, owner_id: int,
                  lang: str) -> None:
    from gem.imports.batches import CannotUndo, _reason

    model: Any = _FILE_MODELS[owner]
    number = session.scalar(select(model.file_number).where(model.id == owner_id))
    raise CannotUndo(None, lang, batch=batch_id, reason=_reason(
        N_("le dossier {number} a reçu depuis un ajout (note, membre, audience, pièce "
           "jointe, échéance…)."), lang, number=number or owner_id))
