"""Sample files to try an import with, built from the demo data (issue 14, Demo):
``gem demo --export-samples DIR`` writes them so that a new user can run an import at once,
without waiting for an institution to send a real list.

Why from the demo data: the samples must match the database they are tried on, so that the
preview shows every outcome (members unchanged, updated, created, refused, no longer listed)
rather than thousands of « to create ». Why only from a finished demo: a sample holds
people's names, e-mails and phone numbers, and writing a real database's members to files
meant to be played with would leak them; ``export_samples`` refuses any other database.

Each kind of import has its own writer in ``WRITERS`` (members, then a union-leave invoice's
lines, then the files of an office's previous system), each returning the files it wrote and
the exact command that tries them (and, for the files, the command an administrator writes
them with: only one may import them). The members samples are one institution's list as an
institution sends it: French headers as their exports name them, real dates in date cells,
numbers as text (leading zeros kept), plus a few deliberate changes and errors, each one a
different refusal of the import (``MemberSample`` says which rows, so the « À lire » sheet,
the command's output and the tests agree); ``FilesSample`` does the same for the files.
"""

from __future__ import annotations

import csv
import errno
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gem import clock
from gem.formatting import format_number
from gem.i18n import N_, tr
from gem.labels import LABELS
from gem.models import (
    Agreement,
    Arbitration,
    Arbitrator,
    Grievance,
    Institution,
    JobTitle,
    LeaveInvoice,
    LeaveInvoiceLine,
    Member,
    Recourse,
    UnionLeave,
    User,
)
from gem.models.enums import InvoiceStatus, LeaveStatus, MemberStatus
from gem.services import policy
from gem.services.actor import Actor
from gem.services.demo_accounts import demo_accounts, demo_state
from gem.services.errors import GemError

from . import columns

MIN_LISTED = 10  # active members an institution needs for every deliberate change to fit

# The headers of the members sample, as institutions' exports write them (gem.imports.layouts
# recognises each one); the institution's own words, hence always French.
MEMBER_HEADER = ("No membre", "Matricule", "Nom", "Prénom", "Titre d'emploi",
                 "Statut d'emploi", "Date d'embauche", "Ancienneté", "Courriel", "Téléphone")

IMPOSSIBLE_DATE = "31/02/2019"
FORMULA_NAME = '=HYPERLINK("http://x","Nom")'
UNKNOWN_TITLE = "Astronaute"
NEW_PEOPLE = (("Bergeron-Tremblay", "Maude"), ("Nguyen", "Thi Lan"), ("Ouellet", "Jérôme"))
REFUSED_PEOPLE = (("Gagnon", "Luc"), ("Lavoie", "Sophie"), ("Fortin", "Éric"),
                  ("Pelletier", "Annie"))


class NoDemoData(GemError):
    """The database holds no finished demo: its members are real people's."""

    msgid = N_("Cette base de données ne contient pas de démonstration terminée : les "
               "exemples d'import ne se construisent qu'à partir des données de "
               "démonstration, jamais de vraies données. Indiquez une base de démonstration "
               "avec --database, ou une base vide que « gem demo --export-samples » "
               "remplira d'abord.")


class NoSampleInstitution(GemError):
    msgid = N_("Aucun établissement de la démonstration ne compte au moins {count} membres "
               "actifs : relancez « gem demo » avec plus de membres (--members).")


class FolderNotWritable(GemError):
    msgid = N_("Impossible d'écrire les exemples dans le dossier {folder} ({error}) : "
               "choisissez un dossier où vous pouvez écrire.")


@dataclass(frozen=True)
class SampleFile:
    """One file written and the command that tries it (arguments after ``gem``, the file
    among them), so the command line can print it ready to paste."""

    path: Path
    kind: str
    institution: str
    command: tuple[str, ...]
    expected: str = ""        # what the command shows, in the language of the export
    write_command: tuple[str, ...] = ()  # the command that writes it, when only some may


@dataclass(frozen=True)
class Change:
    row: int
    member_number: str
    fields: tuple[str, ...]   # the member's columns the row changes


@dataclass(frozen=True)
class Refusal:
    row: int
    column: str               # the header of the refused cell
    value: str                # the cell as written


@dataclass
class MemberSample:
    """What the members sample holds beyond the institution's members as they are: what its
    preview must show (the « À lire » sheet and the tests read it here)."""

    institution_id: int
    institution: str
    listed: int = 0                        # members written as GEM has them
    updates: list[Change] = field(default_factory=list)
    creates: list[int] = field(default_factory=list)       # their rows
    refusals: list[Refusal] = field(default_factory=list)
    omitted: tuple[int, str] = (0, "")     # (member id, « Nom, Prénom ») no longer listed

    @property
    def unchanged(self) -> int:
        return self.listed - len(self.updates)


def slug(name: str) -> str:
    """`CHU de Québec–Université Laval` → `chu-de-quebec-universite-laval`: a file name
    every system takes."""
    return columns.normalized(name).replace(" ", "-") or "etablissement"


def check_folder(folder: Path, create: bool = True) -> Path:
    """The folder once a file can be created in it (``create``: the folder is made if
    missing; otherwise the nearest folder that exists must take a new one, as the command
    checks before a demo is built for nothing); FolderNotWritable otherwise."""
    folder = Path(folder)
    try:
        if folder.exists() and not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
        probed = folder
        if create:
            folder.mkdir(parents=True, exist_ok=True)
        else:
            while not probed.exists() and probed != probed.parent:
                probed = probed.parent
            if not probed.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR),
                                         str(folder))
        handle, probe = tempfile.mkstemp(prefix=".gem-", suffix=".probe", dir=probed)
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        raise FolderNotWritable(folder=str(folder.absolute()),
                                error=exc.strerror or str(exc)) from None
    return folder


def sample_institution(session: Session) -> Institution:
    """The first institution by name with enough active members: the same one every time
    for the same demo."""
    active = (select(Member.institution_id, func.count().label("n"))
              .where(Member.status == MemberStatus.ACTIVE)
              .group_by(Member.institution_id).subquery())
    found = session.scalars(select(Institution).join(active, active.c.institution_id ==
                                                     Institution.id)
                            .where(active.c.n >= MIN_LISTED)
                            .order_by(Institution.name, Institution.id).limit(1)).first()
    if found is None:
        raise NoSampleInstitution(count=MIN_LISTED)
    return found


Writer = Callable[[Session, Institution, Path, str], list[SampleFile]]


def export_samples(session: Session, actor: Actor, folder: Path,
                   lang: str | None = None) -> list[SampleFile]:
    """Write one sample of each kind of import into ``folder``, for the demo institution
    ``sample_institution`` picks; reads only. Asked of someone who may import (the samples
    are for trying an import, and they hold members' names and addresses); NoDemoData on a
    database that is not a finished demo, before anything is written."""
    policy.require(actor, policy.Action.IMPORT, policy.MEMBER)
    lang = lang or actor.language
    if not demo_state(session).built:
        raise NoDemoData(None, lang)
    folder = check_folder(folder)
    place = sample_institution(session)
    written: list[SampleFile] = []
    for writer in WRITERS.values():
        written.extend(writer(session, place, folder, lang))
    return written


# ---------------------------------------------------------------------- members
def _folded(text: str) -> str:
    return columns.normalized(text).replace(" ", "-")


def _unused(prefix: str, taken: set[str], start: int) -> Sequence[str]:
    """Numbers with leading zeros that no member has: the sample can be exported again
    after its creates were imported."""
    found: list[str] = []
    number = start
    while len(found) < len(NEW_PEOPLE) + len(REFUSED_PEOPLE):
        candidate = f"{prefix}{number:04d}"
        if candidate not in taken:
            found.append(candidate)
        number += 1
    return found


def member_rows(session: Session, place: Institution,
                today: date | None = None) -> tuple[list[list[Any]], MemberSample]:
    """The rows of the members sample (cells as a workbook holds them: texts, dates,
    numbers) and what its preview must show. The institution's active members sorted by
    name, one of them left out (the list no longer names them); two get a new e-mail and
    one a new job title; the new people and the deliberate errors come at the end, as an
    institution adds its latest hires."""
    today = today or clock.today()
    titles = list(session.scalars(select(JobTitle).order_by(JobTitle.id)))
    title_of = {t.id: t.title_fr for t in titles}
    statuses = LABELS["employment_status"]
    people = list(session.scalars(select(Member).where(
        Member.institution_id == place.id, Member.status == MemberStatus.ACTIVE)
        .order_by(Member.last_name, Member.first_name, Member.member_number)))
    sample = MemberSample(place.id, place.name)
    omitted = people[7]
    sample.omitted = (omitted.id, f"{omitted.last_name}, {omitted.first_name}")
    rows: list[list[Any]] = []
    domain = f"{slug(place.name)[:40].strip('-')}.qc.ca"
    listed = [p for p in people if p is not omitted]
    # Two members whose address changes (those who have one first: the preview then shows
    # the old address and the new), then one whose job title changes; row 2 stays as GEM
    # has it, since the duplicated number at the end points back to it.
    new_email = ([i for i, m in enumerate(listed) if i > 0 and m.email] +
                 [i for i, m in enumerate(listed) if i > 0 and not m.email])[:2]
    new_title = next(i for i in range(1, len(listed)) if i not in new_email)
    for index, member in enumerate(listed):
        email, title_id = member.email, member.job_title_id
        if index in new_email:
            local = (member.email or "").split("@")[0] or \
                f"{_folded(member.first_name)}.{_folded(member.last_name)}"
            email = f"{local}@{domain}"
            sample.updates.append(Change(len(rows) + 2, member.member_number, ("email",)))
        elif index == new_title:
            title_id = next(t.id for t in titles[1:] + titles[:1] if t.id != title_id)
            sample.updates.append(Change(len(rows) + 2, member.member_number,
                                         ("job_title_id",)))
        rows.append([
            member.member_number, member.employee_number, member.last_name, member.first_name,
            title_of.get(title_id) if title_id is not None else None,
            tr(statuses[member.employment_status], "fr") if member.employment_status
            else None,
            member.hire_date,
            float(member.seniority_hours) if member.seniority_hours is not None else None,
            email, member.phone])
    sample.listed = len(rows)
    numbers = _unused("00", set(session.scalars(select(Member.member_number))), 9001)
    employees = _unused("0", set(session.scalars(select(Member.employee_number).where(
        Member.employee_number.is_not(None)))), 77001)
    common = titles[0].title_fr
    for n, (last, first) in enumerate(NEW_PEOPLE):
        sample.creates.append(len(rows) + 2)
        rows.append([numbers[n], employees[n], last, first, common, tr(statuses["full_time"],
                     "fr"), today - timedelta(days=14 * (n + 1)), 0.0,
                     f"{_folded(first)}.{_folded(last)}@{domain}", None])
    wrong = [  # (column, value): each one refused for another reason
        ("Date d'embauche", IMPOSSIBLE_DATE), ("No membre", rows[0][0]),
        ("Nom", FORMULA_NAME), ("Titre d'emploi", UNKNOWN_TITLE)]
    for n, ((last, first), (column, value)) in enumerate(zip(REFUSED_PEOPLE, wrong,
                                                             strict=True)):
        k = len(NEW_PEOPLE) + n
        row: list[Any] = [numbers[k], employees[k], last, first, common,
                          tr(statuses["part_time"], "fr"), today - timedelta(days=7), 0.0,
                          None, None]
        row[MEMBER_HEADER.index(column)] = value
        sample.refusals.append(Refusal(len(rows) + 2, column, str(value)))
        rows.append(row)
    return rows, sample


def _sheet(sheet: Any, header: Sequence[str], rows: list[list[Any]],
           number_format: Callable[[int, Any], str | None], widths: Sequence[int]) -> None:
    """A sheet as an institution's export holds it: the header in bold and frozen, each
    cell in the format ``number_format(column index, value)`` gives (None: as it comes),
    the columns ``widths`` wide. A text beginning with « = » stays the text it is, as a
    file that went through another system holds it (openpyxl would make it a formula)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append(values)
        for index, cell in enumerate(sheet[sheet.max_row]):
            shown = number_format(index, cell.value)
            if shown is not None:
                cell.number_format = shown
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _save_with_notes(path: Path, book: Any, notes: list[str], lang: str) -> None:
    """The « À lire » sheet last (the import reads the data sheets), then the workbook."""
    about = book.create_sheet(tr(N_("À lire"), lang)[:31])
    for line in notes:
        about.append([line])
    about.column_dimensions["A"].width = 110
    _save(path, book.save)


def _xlsx(path: Path, rows: list[list[Any]], notes: list[str], lang: str) -> None:
    """The list on the first sheet (the one an import reads), the notes on a second.
    Member and employee numbers are text cells in a text column, so a person who retypes
    one keeps its zeros."""
    from openpyxl import Workbook

    text_columns = {MEMBER_HEADER.index("No membre"), MEMBER_HEADER.index("Matricule")}
    dates = MEMBER_HEADER.index("Date d'embauche")
    hours = MEMBER_HEADER.index("Ancienneté")

    def number_format(index: int, value: Any) -> str | None:
        if index in text_columns:
            return "@"
        if index == dates and isinstance(value, date):
            return "yyyy-mm-dd"
        return "0.00" if index == hours else None

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Employés"  # the institution's own word, as the headers are
    _sheet(sheet, MEMBER_HEADER, rows, number_format, (11, 11, 20, 16, 40, 16, 15, 11, 42, 15))
    _save_with_notes(path, book, notes, lang)


def _csv_cell(value: Any) -> str:
    """A cell as Excel in Québec saves it: dates day first (`1/6/2026`), a decimal comma."""
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value.day}/{value.month}/{value.year}"
    if isinstance(value, float | Decimal):
        return f"{Decimal(str(value)):.2f}".replace(".", ",")
    return str(value)


def _csv(path: Path, rows: list[list[Any]],
         header: Sequence[str] = MEMBER_HEADER) -> None:
    """Windows-1252, « ; » and CRLF: the CSV of Excel set up for French (Canada)."""
    def write(target: Path) -> None:
        with target.open("w", encoding="cp1252", newline="") as handle:
            out = csv.writer(handle, delimiter=";", lineterminator="\r\n")
            out.writerow(header)
            out.writerows([_csv_cell(v) for v in row] for row in rows)

    _save(path, write)


def _save(path: Path, write: Callable[[Path], Any]) -> None:
    """Written aside, then renamed: a sample is whole or absent."""
    part = path.with_name(path.name + ".part")
    try:
        write(part)
        part.replace(path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise FolderNotWritable(folder=str(path.parent.absolute()),
                                error=exc.strerror or str(exc)) from None


def _notes(sample: MemberSample, csv_name: str, lang: str) -> list[str]:
    """The « À lire » sheet: where the sample comes from and what its preview shows."""
    def rows(found: Sequence[int]) -> str:
        return ", ".join(format_number(r, 0) for r in found)

    reasons = {"Date d'embauche": N_("date impossible"),
               "No membre": N_("numéro de membre déjà donné plus haut dans le fichier"),
               "Nom": N_("nom écrit comme une formule de tableur"),
               "Titre d'emploi": N_("titre d'emploi que GEM ne connaît pas")}
    return [
        tr(N_("Exemple de liste d'employés de « {institution} », construit à partir des "
              "données de démonstration de GEM."), lang, institution=sample.institution),
        tr(N_("La liste est sur la première feuille, celle que l'import lit ; le fichier "
              "{csv} contient les mêmes lignes en CSV (Windows-1252, « ; »)."), lang,
           csv=csv_name),
        "",
        tr(N_("Ce que l'aperçu de l'import montre :"), lang),
        tr(N_("- {count} membre(s) inchangé(s) : la liste telle que GEM la connaît ;"), lang,
           count=format_number(sample.unchanged, 0)),
        tr(N_("- {count} à mettre à jour : un nouveau courriel (lignes {email}), un nouveau "
              "titre d'emploi (ligne {title}) ;"), lang, count=len(sample.updates),
           email=rows([c.row for c in sample.updates if "email" in c.fields]),
           title=rows([c.row for c in sample.updates if "job_title_id" in c.fields])),
        tr(N_("- {count} à créer : de nouvelles personnes embauchées (lignes {rows}) ;"),
           lang, count=len(sample.creates), rows=rows(sample.creates)),
        tr(N_("- {count} ligne(s) refusée(s), chacune pour une autre raison :"), lang,
           count=len(sample.refusals)),
        *(tr(N_("    ligne {row}, {column} : « {value} », {reason} ;"), lang,
             row=format_number(r.row, 0),
             column=r.column, value=r.value, reason=tr(reasons[r.column], lang))
          for r in sample.refusals),
        tr(N_("- 1 membre actif absent de la liste ({name}) : signalé, jamais supprimé."),
           lang, name=sample.omitted[1]),
        "",
        tr(N_("Les lignes refusées vont dans un classeur à renvoyer à l'établissement ; "
              "« --valid-only » importe les autres."), lang),
    ]


def write_members(session: Session, place: Institution, folder: Path,
                  lang: str) -> list[SampleFile]:
    """``membres-<institution>.xlsx`` and the same list as ``.csv``."""
    rows, sample = member_rows(session, place)
    stem = f"membres-{slug(place.name)}"
    xlsx, csv_path = folder / f"{stem}.xlsx", folder / f"{stem}.csv"
    _xlsx(xlsx, rows, _notes(sample, csv_path.name, lang), lang)
    _csv(csv_path, rows)
    expected = tr(N_("L'aperçu montre {create} à créer, {update} à mettre à jour, {same} "
                     "inchangé(s), {refused} refusé(s) et 1 membre absent de la liste (la "
                     "feuille « À lire » du classeur dit lesquels)."), lang,
                  create=len(sample.creates), update=len(sample.updates),
                  same=format_number(sample.unchanged, 0), refused=len(sample.refusals))
    return [SampleFile(path, "members", place.name,
                       ("import", "members", str(path), "--institution", place.name,
                        "--dry-run"), expected)
            for path in (xlsx, csv_path)]


# ---------------------------------------------------------------------- invoice lines
# The headers of the invoice-lines sample, as an institution's billing export names them
# (gem.imports.invoices.FIELDS recognises each one but the names, which it reads past).
INVOICE_HEADER = ("No membre", "Nom", "Prénom", "Date travaillée", "Nombre d'heures",
                  "Taux horaire", "Montant facturé")
UNKNOWN_MEMBER = "999999"
WRONG_AMOUNT = Decimal("100.00")   # added to hours × rate: no rounding explains it
LINES_PER_LEAVE = 5                # days billed at most for one leave (a long release)
DEFAULT_RATE = Decimal("32.50")


class NoSampleInvoice(GemError):
    msgid = N_("Aucune facture de libération de la démonstration ne peut servir d'exemple : "
               "relancez « gem demo » avec plus de membres (--members).")


@dataclass
class InvoiceSample:
    """What the invoice-lines sample holds and what its preview and its import must show
    (the « À lire » sheet, the command's output and the tests read it here)."""

    institution_id: int
    institution: str
    invoice_id: int
    invoice_number: str
    unchanged: list[int] = field(default_factory=list)      # rows: lines the invoice has
    matched: list[int] = field(default_factory=list)        # rows: approved leave, as approved
    hours_differ: list[int] = field(default_factory=list)
    not_approved: list[int] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)

    @property
    def creates(self) -> int:
        return len(self.matched) + len(self.hours_differ) + len(self.not_approved)


def _workdays(start: date, end: date) -> list[date]:
    return [start + timedelta(days=k) for k in range((end - start).days + 1)
            if (start + timedelta(days=k)).weekday() < 5]


def _fresh_days(leave: UnionLeave, billed: set[tuple[int, date]],
                today: date) -> list[tuple[date, Decimal]]:
    """The (day, hours) lines that bill ``leave`` exactly as approved, or [] when it cannot
    be: some of its days are billed already (the line would be « already billed »), it is
    not over (a short one) or has not begun (a long one), or its hours do not split evenly
    into days. A leave longer than LINES_PER_LEAVE days is billed on its first days only: it
    then runs past the lines' period, where the reconciliation flags only an excess."""
    if leave.start_date > today or any((leave.member_id, leave.start_date + timedelta(days=k))
                                       in billed
                                       for k in range((leave.end_date -
                                                       leave.start_date).days + 1)):
        return []
    days = _workdays(leave.start_date, leave.end_date) or [leave.start_date]
    if len(days) <= LINES_PER_LEAVE and leave.end_date > today:
        return []  # days not worked yet
    if len(days) > LINES_PER_LEAVE:
        if leave.end_date <= today:  # the period would hold the whole leave: its days too
            return []
        days = [day for day in days[:LINES_PER_LEAVE] if day <= today]
        hours = Decimal("7.25")
    else:
        hours = (leave.hours / len(days)).quantize(Decimal("0.01"))
        if hours * len(days) != leave.hours or hours > Decimal(12):
            return []
    return [(day, hours) for day in days]


def _rates(session: Session) -> dict[int, Decimal]:
    """Each member's hourly rate as the demo's invoices bill it (their latest line)."""
    return {member: rate for member, rate in session.execute(
        select(LeaveInvoiceLine.member_id, LeaveInvoiceLine.rate)
        .order_by(LeaveInvoiceLine.id))}


def invoice_rows(session: Session, place: Institution,
                 today: date | None = None) -> tuple[list[list[Any]], InvoiceSample]:
    """The rows of the invoice-lines sample and what its preview and import must show.

    The invoice is the latest one of the institution that has the most approved leave no
    invoice bills yet (``place`` first on a tie, then by name): the demo's invoices already
    bill most approved leave, and a line billed twice is only ever « already billed ». Its
    rows, as an institution's catch-up invoice holds them: one line the invoice already has
    (unchanged: the same file imported twice writes nothing twice), the approved leave not
    billed yet (matched), one of them with other hours (hours differ, when there are two or
    more: the shortest), a day with no approved leave (not approved), then three errors,
    each a different refusal."""
    today = today or clock.today()
    billed = {(m, d) for m, d in session.execute(
        select(LeaveInvoiceLine.member_id, LeaveInvoiceLine.work_date))}
    invoices = list(session.scalars(select(LeaveInvoice).order_by(
        LeaveInvoice.institution_id, LeaveInvoice.period_start.desc(), LeaveInvoice.id.desc())))
    latest: dict[int, LeaveInvoice] = {}
    for invoice in invoices:  # the latest unpaid one where there is one (a paid total is
        kept = latest.get(invoice.institution_id)  # better left alone), else the latest
        if kept is None or (kept.status == InvoiceStatus.PAID
                            and invoice.status != InvoiceStatus.PAID):
            latest[invoice.institution_id] = invoice
    fresh: dict[int, list[tuple[UnionLeave, list[tuple[date, Decimal]]]]] = {}
    for leave in session.scalars(select(UnionLeave).where(
            UnionLeave.status == LeaveStatus.APPROVED,
            UnionLeave.institution_id.in_(list(latest)))
            .order_by(UnionLeave.start_date, UnionLeave.id)):
        days = _fresh_days(leave, billed, today)
        if days:
            fresh.setdefault(leave.institution_id, []).append((leave, days))
    names = {i.id: i.name for i in session.scalars(select(Institution).where(
        Institution.id.in_(list(latest))))}
    if not latest:
        raise NoSampleInvoice()
    chosen = min(latest, key=lambda i: (-len(fresh.get(i, [])), i != place.id, names[i], i))
    invoice = latest[chosen]
    sample = InvoiceSample(chosen, names[chosen], invoice.id, invoice.number)
    rates = _rates(session)
    people = {m.id: m for m in session.scalars(select(Member).where(
        Member.institution_id == chosen).order_by(Member.last_name, Member.first_name,
                                                  Member.id))}
    existing = sorted(invoice.lines, key=lambda x: (x.work_date, x.id))
    default_rate = existing[0].rate if existing else DEFAULT_RATE
    rows: list[list[Any]] = []

    def add(member: Member, day: Any, hours: Decimal, rate: Decimal,
            amount: Decimal | None = None, number: str | None = None) -> int:
        rows.append([number or member.member_number, member.last_name, member.first_name,
                     day, float(hours), float(rate),
                     float(amount if amount is not None else (hours * rate).quantize(
                         Decimal("0.01")))])
        return len(rows) + 1

    def member_of(ident: int) -> Member:
        return people.get(ident) or session.get_one(Member, ident)

    if existing:
        line = existing[0]
        sample.unchanged.append(add(member_of(line.member_id), line.work_date, line.hours,
                                    line.rate, line.amount))
    leaves = fresh.get(chosen, [])
    # The leave billed with other hours: the shortest (the last of those), so that one line
    # is flagged and most of the others match; none when a single leave is left to bill.
    odd = max(range(len(leaves)), key=lambda n: (-len(leaves[n][1]), n)) \
        if len(leaves) > 1 else -1
    for n, (leave, days) in enumerate(leaves):
        rate = rates.get(leave.member_id, default_rate)
        differs = n == odd
        for k, (day, hours) in enumerate(days):
            if differs and k == 0:
                other = hours - Decimal(1) if hours > Decimal(1) else hours + Decimal(1)
                sample.hours_differ.append(add(member_of(leave.member_id), day, other, rate))
            elif differs:
                sample.hours_differ.append(add(member_of(leave.member_id), day, hours, rate))
            else:
                sample.matched.append(add(member_of(leave.member_id), day, hours, rate))
    # A day no approved leave covers, for a member the invoice bills (else the first one).
    covered = {(leave.member_id, day) for leave in session.scalars(select(UnionLeave).where(
        UnionLeave.institution_id == chosen, UnionLeave.status == LeaveStatus.APPROVED))
        for day in _workdays(leave.start_date, leave.end_date)}
    who = member_of(existing[0].member_id) if existing else next(iter(people.values()))
    rate = rates.get(who.id, default_rate)
    day = _weekday_in(invoice.period_start, invoice.period_end,
                      lambda d: (who.id, d) not in covered and (who.id, d) not in billed)
    sample.not_approved.append(add(who, day, Decimal("7.25"), rate))
    # the wrong amount on another free day: refused for its amount alone, not as a repeat
    later = _weekday_in(day + timedelta(days=1), day + timedelta(days=1),
                        lambda d: (who.id, d) not in covered and (who.id, d) not in billed)
    wrong: list[tuple[str, Any, str | None, Decimal | None]] = [
        ("Date travaillée", f"31/02/{invoice.period_start.year}", None, None),
        ("No membre", day, UNKNOWN_MEMBER, None),
        ("Montant facturé", later, None, (Decimal("7.25") * rate).quantize(Decimal("0.01")) +
         WRONG_AMOUNT)]
    for column, when, number, amount in wrong:
        add(who, when, Decimal("7.25"), rate, amount, number)
        shown = {"Date travaillée": when, "No membre": number,
                 "Montant facturé": _csv_cell(float(amount or 0))}[column]
        sample.refusals.append(Refusal(len(rows) + 1, column, str(shown)))
    return rows, sample


def _weekday_in(start: date, end: date, free: Callable[[date], bool]) -> date:
    """The first weekday from the middle of [start, end] on that ``free`` takes (a day after
    the period at worst: the import stretches the period to it)."""
    day = start + timedelta(days=(end - start).days // 2)
    while day.weekday() >= 5 or not free(day):
        day += timedelta(days=1)
    return day


def _invoice_xlsx(path: Path, rows: list[list[Any]], notes: list[str], lang: str) -> None:
    """The lines on the first sheet (the one an import reads), the notes on a second;
    member numbers as text (their zeros kept), days as date cells, money to the cent."""
    from openpyxl import Workbook

    def number_format(index: int, value: Any) -> str | None:
        if index == 0:
            return "@"
        if index == 3 and isinstance(value, date):
            return "yyyy-mm-dd"
        return "0.00" if index >= 4 else None

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Facture"  # the institution's own word, as the headers are
    _sheet(sheet, INVOICE_HEADER, rows, number_format, (11, 20, 16, 15, 15, 13, 15))
    _save_with_notes(path, book, notes, lang)


def _invoice_notes(sample: InvoiceSample, csv_name: str, lang: str) -> list[str]:
    """The « À lire » sheet of the invoice sample: what its preview, then its import, show."""
    def rows(found: Sequence[int]) -> str:
        return ", ".join(format_number(r, 0) for r in found) or "—"

    reasons = {"Date travaillée": N_("date impossible"),
               "No membre": N_("numéro de membre que GEM ne connaît pas"),
               "Montant facturé": N_("montant qui n'est pas heures × taux")}
    return [
        tr(N_("Exemple de lignes de la facture de libérations syndicales « {invoice} » de "
              "« {institution} », construit à partir des données de démonstration de GEM."),
           lang, invoice=sample.invoice_number, institution=sample.institution),
        tr(N_("Les lignes sont sur la première feuille, celle que l'import lit ; le fichier "
              "{csv} contient les mêmes lignes en CSV (Windows-1252, « ; »)."), lang,
           csv=csv_name),
        tr(N_("La facture elle-même (numéro, date, période) est déjà saisie dans GEM : "
              "l'import n'en apporte que les lignes."), lang),
        "",
        tr(N_("Ce que l'aperçu de l'import montre :"), lang),
        tr(N_("- {count} ligne(s) inchangée(s) : déjà sur la facture (lignes {rows}) ;"), lang,
           count=len(sample.unchanged), rows=rows(sample.unchanged)),
        tr(N_("- {count} ligne(s) à créer ;"), lang, count=sample.creates),
        tr(N_("- {count} ligne(s) refusée(s), chacune pour une autre raison :"), lang,
           count=len(sample.refusals)),
        *(tr(N_("    ligne {row}, {column} : « {value} », {reason} ;"), lang,
             row=format_number(r.row, 0),
             column=r.column, value=r.value, reason=tr(reasons[r.column], lang))
          for r in sample.refusals),
        "",
        tr(N_("Une fois les lignes importées (« --valid-only »), le rapprochement avec les "
              "libérations approuvées donne :"), lang),
        tr(N_("- {count} ligne(s) conforme(s) à une libération approuvée (lignes {rows}) ;"),
           lang, count=len(sample.matched), rows=rows(sample.matched)),
        tr(N_("- {count} ligne(s) dont les heures diffèrent de celles approuvées "
              "(lignes {rows}) ;"), lang, count=len(sample.hours_differ),
           rows=rows(sample.hours_differ)),
        tr(N_("- {count} ligne(s) d'un jour sans libération approuvée (lignes {rows})."),
           lang, count=len(sample.not_approved), rows=rows(sample.not_approved)),
        "",
        tr(N_("Les lignes refusées vont dans un classeur à renvoyer à l'établissement ; "
              "« --valid-only » importe les autres."), lang),
    ]


def write_invoice_lines(session: Session, place: Institution, folder: Path,
                        lang: str) -> list[SampleFile]:
    """``facture-<invoice>-<institution>.xlsx`` and the same lines as ``.csv``."""
    rows, sample = invoice_rows(session, place)
    stem = f"facture-{slug(sample.invoice_number)}-{slug(sample.institution)}"
    xlsx, csv_path = folder / f"{stem}.xlsx", folder / f"{stem}.csv"
    _invoice_xlsx(xlsx, rows, _invoice_notes(sample, csv_path.name, lang), lang)
    _csv(csv_path, rows, INVOICE_HEADER)
    expected = tr(N_("L'aperçu de la facture montre {create} ligne(s) à créer, {same} "
                     "inchangée(s) et {refused} refusée(s) ; importées avec « --valid-only », "
                     "{matched} conforme(s), {differ} aux heures différentes et "
                     "{not_approved} sans libération approuvée."), lang,
                  create=sample.creates, same=len(sample.unchanged),
                  refused=len(sample.refusals), matched=len(sample.matched),
                  differ=len(sample.hours_differ), not_approved=len(sample.not_approved))
    return [SampleFile(path, "invoice_lines", sample.institution,
                       ("import", "invoice", str(path), "--institution", sample.institution,
                        "--invoice", sample.invoice_number, "--dry-run"), expected)
            for path in (xlsx, csv_path)]


# ---------------------------------------------------------------------- files
# An office's history as its previous system exports it, for the files import
# (gem.imports.files): one sheet per kind, the sheets and columns named as FILE_KINDS names
# them, the demo's own institution, members, counsellors and arbitrators in the cells, and
# file numbers in a format GEM never hands out (four digits: the services' have five).
FILES_STEM = "ancien-systeme"
# Each sheet's columns, by their field's key in gem.imports.files.FILE_KINDS.
FILE_COLUMNS: dict[str, tuple[str, ...]] = {
    "grievances": ("file_number", "institution", "kind", "nature", "title", "status",
                   "event_date", "knowledge_date", "filed_date", "counsellor", "outcome",
                   "closed_date"),
    "grievance_members": ("grievance", "member"),
    "articles": ("grievance", "citation"),
    "arbitrations": ("file_number", "institution", "procedure", "status", "arbitrator",
                     "counsellor", "referral_date", "award_date", "outcome", "citation"),
    "arbitrated": ("arbitration", "grievance"),
    "hearings": ("arbitration", "date", "start_time", "kind", "location"),
    "agreements": ("file_number", "kind", "title", "institution", "status", "signed_date",
                   "counsellor"),
    "settled": ("agreement", "grievance"),
    "recourses": ("file_number", "forum", "kind", "status", "institution", "member",
                  "grievance", "incident_date", "decision_date", "filed_date", "counsellor",
                  "outcome", "closed_date"),
}
FILE_IMPOSSIBLE_DATE = "31/02/2016"
WRONG_STATUS = "Audiences fixées"   # an arbitration's status, not a grievance's
# Why each deliberate error is refused, by (sheet, column key), as the « À lire » sheet says.
FILE_REASONS: dict[tuple[str, str], str] = {
    ("grievances", "file_number"): N_("numéro de dossier déjà donné plus haut dans la "
                                      "feuille"),
    ("grievances", "filed_date"): N_("date impossible"),
    ("grievances", "status"): N_("statut d'arbitrage, pas de grief"),
    ("grievance_members", "member"): N_("numéro de membre que GEM ne connaît pas"),
    ("grievance_members", "grievance"): N_("grief qui n'est ni dans le fichier ni dans GEM"),
}


class NoSampleFiles(GemError):
    msgid = N_("La démonstration n'a pas de quoi construire l'exemple de dossiers de l'ancien "
               "système (un conseiller, deux arbitres et un administrateur) : relancez "
               "« gem demo ».")


@dataclass(frozen=True)
class FileRefusal:
    sheet: str                # the kind's key (``grievances``…)
    row: int
    column: str               # the field's key
    value: str                # the cell as written


@dataclass
class FilesSample:
    """What the previous system's sample holds and what its preview must show (the « À
    lire » sheet, the command's output and the tests read it here)."""

    institution_id: int
    institution: str
    admin: str                                   # the demo's administrator's login
    sheets: dict[str, list[list[Any]]] = field(default_factory=dict)  # kind → rows
    refusals: list[FileRefusal] = field(default_factory=list)
    open_grievances: list[str] = field(default_factory=list)    # their file numbers
    closed_grievances: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, tuple[int, int]]:
        """Kind → (rows to create, rows refused), as the preview counts them."""
        refused = Counter(r.sheet for r in self.refusals)
        return {kind: (len(rows) - refused[kind], refused[kind])
                for kind, rows in self.sheets.items()}

    @property
    def numbers(self) -> list[str]:
        """The file numbers the valid rows write (each once)."""
        refused = {(r.sheet, r.row) for r in self.refusals}
        return [row[0] for kind in ("grievances", "arbitrations", "agreements", "recourses")
                for n, row in enumerate(self.sheets.get(kind, []), start=2)
                if (kind, n) not in refused]


def _kind_of(key: str) -> Any:
    from .files import KINDS_BY_KEY

    return KINDS_BY_KEY[key]


def file_header(kind: str) -> list[str]:
    """The sheet's headers: each column's French name, as FILE_KINDS recognises it."""
    fields = {f.key: f for f in _kind_of(kind).fields}
    return [tr(fields[key].label, "fr") for key in FILE_COLUMNS[kind]]


def _free_numbers(taken: set[str], prefix: str, year: int, count: int) -> list[str]:
    found: list[str] = []
    number = 1
    while len(found) < count:
        candidate = f"{prefix}-{year}-{number:04d}"
        if candidate not in taken:
            found.append(candidate)
        number += 1
    return found


def files_rows(session: Session, place: Institution,
               today: date | None = None) -> FilesSample:
    """The sheets of the previous system's sample and what its preview must show: eight
    grievances of ``place`` (closed ones with their outcome, open ones filed, in discussion,
    referred to arbitration or drafted), their members and articles, two arbitrations (one
    with its award, one with hearings to come), an agreement settling a grievance, two
    recourses; then the deliberate errors, each one a different refusal."""
    from gem.services.workflow import status_label

    today = today or clock.today()
    y = today.year
    # Who may write this import, and who counsels, as gem.services.policy says.
    accounts = [a for a in demo_accounts(session)
                if policy.may(a.role, policy.Action.IMPORT, policy.GRIEVANCE)]
    counsellors = [login for login, role in session.execute(
        select(User.login, User.role).where(User.active.is_(True)).order_by(User.login))
        if policy.is_counsellor(role)][:2]
    arbitrators = list(session.scalars(select(Arbitrator.name).where(
        Arbitrator.active.is_(True)).order_by(Arbitrator.name).limit(2)))
    people = list(session.scalars(select(Member).where(
        Member.institution_id == place.id, Member.status == MemberStatus.ACTIVE)
        .order_by(Member.last_name, Member.first_name, Member.member_number).limit(7)))
    if not accounts or not counsellors or len(arbitrators) < 2 or len(people) < 7:
        raise NoSampleFiles()
    sample = FilesSample(place.id, place.name, accounts[0].login)
    taken: set[str] = set()
    for model in (Grievance, Arbitration, Agreement, Recourse):
        taken.update(session.scalars(select(model.file_number)))
    old, mid, last = y - 10, y - 2, y - 1
    g = (_free_numbers(taken, "G", old, 3) + _free_numbers(taken, "G", mid, 1)
         + _free_numbers(taken, "G", last, 3) + _free_numbers(taken, "G", y, 3))
    (a_old,), (a_last,) = _free_numbers(taken, "A", old, 1), _free_numbers(taken, "A", last, 1)
    (e_old,) = _free_numbers(taken, "E", old, 1)
    (r_mid,), (r_last,) = _free_numbers(taken, "R", mid, 1), _free_numbers(taken, "R", last, 1)
    missing = next(n for n in _free_numbers(taken, "G", old, 99)[::-1] if n not in g)
    member_numbers = set(session.scalars(select(Member.member_number)))
    unknown = next(f"{n:06d}" for n in range(999999, 0, -1)
                   if f"{n:06d}" not in member_numbers)

    def fr(kind: str, code: str) -> str:
        return tr(LABELS[kind][code], "fr")

    def state(workflow: str, code: str) -> str:
        return status_label(workflow, code, "fr")

    c1, c2 = counsellors[0], counsellors[-1]
    m = [p.member_number for p in people]
    name = place.name
    grievances: list[list[Any]] = [
        # number, institution, kind, nature, title, status, event, knowledge, filed,
        # counsellor, outcome, closed
        [g[0], name, fr("grievance_kind", "individual"), fr("grievance_nature", "discipline"),
         "Suspension de trois jours", state("grievance", "settled"), date(old, 2, 20),
         date(old, 2, 21), date(old, 3, 10), c1, fr("outcome", "settled"),
         date(old, 11, 5)],
        [g[1], name, fr("grievance_kind", "collective"), fr("grievance_nature", "overtime"),
         "Répartition des heures supplémentaires", state("grievance", "awarded"),
         date(old, 4, 1), date(old, 4, 3), date(old, 4, 20), c2, fr("outcome", "upheld"),
         date(old + 1, 6, 15)],
        [g[2], name, fr("grievance_kind", "individual"), fr("grievance_nature", "dismissal"),
         "Congédiement", state("grievance", "withdrawn"), date(old, 9, 1), date(old, 9, 1),
         date(old, 9, 12), c1, fr("outcome", "withdrawn"), date(old + 1, 1, 20)],
        [g[3], name, fr("grievance_kind", "individual"),
         fr("grievance_nature", "health_safety"), "Réaffectation refusée",
         state("grievance", "settled"), date(mid, 1, 10), date(mid, 1, 12),
         date(mid, 1, 30), c2, fr("outcome", "settled"), date(mid, 8, 30)],
        [g[4], name, fr("grievance_kind", "individual"), fr("grievance_nature", "pay"),
         "Prime de soir non versée", state("grievance", "filed"), date(last, 9, 1),
         date(last, 9, 3), date(last, 9, 20), c1, None, None],
        [g[5], name, fr("grievance_kind", "collective"), fr("grievance_nature", "schedule"),
         "Horaires de fin de semaine", state("grievance", "referred_to_arbitration"),
         date(last, 2, 1), date(last, 2, 2), date(last, 2, 25), c2, None, None],
        [g[6], name, fr("grievance_kind", "union"), fr("grievance_nature", "union_rights"),
         "Libérations syndicales refusées", state("grievance", "in_discussion"),
         date(last, 10, 1), date(last, 10, 2), date(last, 10, 15), c1, None, None],
        [g[7], name, fr("grievance_kind", "individual"), fr("grievance_nature", "vacation"),
         "Refus de vacances", state("grievance", "draft"), today - timedelta(days=6),
         today - timedelta(days=5), None, c1, None, None],
        # the errors: the first number again, an impossible date, an arbitration's status
        [g[0], name, fr("grievance_kind", "collective"), fr("grievance_nature", "seniority"),
         "Liste de rappel", state("grievance", "filed"), None, None, date(old, 5, 2), c1,
         None, None],
        [g[8], name, fr("grievance_kind", "collective"), fr("grievance_nature", "posting"),
         "Affichage de poste", state("grievance", "filed"), None, None,
         FILE_IMPOSSIBLE_DATE, c2, None, None],
        [g[9], name, fr("grievance_kind", "collective"), fr("grievance_nature", "workload"),
         "Charge de travail", WRONG_STATUS, None, None, date(y, 1, 15), c1, None, None],
    ]
    sample.sheets["grievances"] = grievances
    sample.refusals += [FileRefusal("grievances", 10, "file_number", g[0]),
                        FileRefusal("grievances", 11, "filed_date", FILE_IMPOSSIBLE_DATE),
                        FileRefusal("grievances", 12, "status", WRONG_STATUS)]
    sample.closed_grievances = g[:4]
    sample.open_grievances = g[4:8]
    sample.sheets["grievance_members"] = [
        [g[0], m[0]], [g[1], m[1]], [g[1], m[2]], [g[2], m[3]], [g[3], m[4]], [g[4], m[5]],
        [g[7], m[6]], [g[1], unknown], [missing, m[0]]]
    sample.refusals += [FileRefusal("grievance_members", 9, "member", unknown),
                        FileRefusal("grievance_members", 10, "grievance", missing)]
    sample.sheets["articles"] = [[g[0], "5.01"], [g[0], "5.04"], [g[1], "19.02"],
                                 [g[4], "7.11"], [g[5], "8.01"]]
    sample.sheets["arbitrations"] = [
        [a_old, name, fr("arbitration_procedure", "regular"),
         state("arbitration", "award_rendered"), arbitrators[0], c2, date(old, 7, 2),
         date(old + 1, 6, 15), fr("outcome", "upheld"), f"{old + 1} QCTA 412"],
        [a_last, name, fr("arbitration_procedure", "regular"),
         state("arbitration", "scheduled"), arbitrators[1], c2, date(last, 4, 10), None,
         None, None],
    ]
    sample.sheets["arbitrated"] = [[a_old, g[1]], [a_last, g[5]]]
    soon = today + timedelta(days=45)
    soon += timedelta(days=(7 - soon.weekday()) % 7)  # a Monday, and the Tuesday after
    sample.sheets["hearings"] = [
        [a_old, date(old + 1, 2, 8), "09:30", fr("hearing_kind", "hearing"), "Québec"],
        [a_old, date(old + 1, 2, 9), "09:30", fr("hearing_kind", "hearing"), "Québec"],
        [a_last, soon, "09:30", fr("hearing_kind", "hearing"), "Québec"],
        [a_last, soon + timedelta(days=1), "09:30", fr("hearing_kind", "hearing"), "Québec"],
    ]
    sample.sheets["agreements"] = [
        [e_old, fr("agreement_kind", "settlement"), "Règlement de la suspension", name,
         tr(LABELS["agreement_status"]["signed"], "fr"), date(old, 11, 5), c1]]
    sample.sheets["settled"] = [[e_old, g[0]]]
    sample.sheets["recourses"] = [
        [r_mid, fr("recourse_forum", "CNESST"), fr("recourse_kind", "cnesst_review"),
         state("recourse", "settled"), name, m[4], g[3], date(mid, 1, 10), date(mid, 3, 1),
         date(mid, 3, 20), c2, fr("outcome", "settled"), date(mid, 8, 30)],
        [r_last, fr("recourse_forum", "TAT"), fr("recourse_kind", "tat_complaint"),
         state("recourse", "filed"), name, m[5], None, date(last, 11, 2), None,
         date(last, 11, 20), c1, None, None],
    ]
    return sample


def _files_notes(sample: FilesSample, csv_folder: str, lang: str) -> list[str]:
    """The « À lire » sheet of the previous system's sample: what it holds, what its
    preview shows sheet by sheet, and which rows it refuses and why."""
    def sheet(kind: str) -> str:  # as the workbook names it, whatever the notes' language
        return tr(_kind_of(kind).label, "fr")

    header = {kind: dict(zip(FILE_COLUMNS[kind], file_header(kind), strict=True))
              for kind in FILE_COLUMNS}
    counts = sample.counts()
    return [
        tr(N_("Exemple de dossiers exportés d'un ancien système (griefs, arbitrages, ententes "
              "et recours de « {institution} »), construit à partir des données de "
              "démonstration de GEM : ses établissements, membres, conseillers et arbitres."),
           lang, institution=sample.institution),
        tr(N_("Une feuille par sorte de ligne, nommée comme l'import l'attend ; le dossier "
              "{csv} contient les mêmes feuilles, un fichier CSV chacune (Windows-1252, "
              "« ; »). Les numéros de dossier sont ceux de l'ancien système, que GEM "
              "garde : aucun n'est déjà pris dans GEM."), lang, csv=csv_folder),
        tr(N_("Les dossiers fermés (réglés, désistés, avec une sentence) arrivent avec leur "
              "issue et leur date de fermeture, sans échéance ; les dossiers ouverts "
              "reçoivent les échéances que GEM calcule."), lang),
        "",
        tr(N_("Ce que l'aperçu de l'import montre :"), lang),
        *(tr(N_("- « {sheet} » : {create} ligne(s) à créer, {refused} refusée(s) ;"), lang,
             sheet=sheet(kind), create=create, refused=refused)
          for kind, (create, refused) in counts.items()),
        tr(N_("- {count} ligne(s) refusée(s), chacune pour une autre raison :"), lang,
           count=len(sample.refusals)),
        *(tr(N_("    « {sheet} », ligne {row}, {column} : « {value} », {reason} ;"), lang,
             sheet=sheet(r.sheet), row=format_number(r.row, 0),
             column=header[r.sheet][r.column], value=r.value,
             reason=tr(FILE_REASONS[(r.sheet, r.column)], lang))
          for r in sample.refusals),
        "",
        tr(N_("Seul un administrateur importe des dossiers : « --valid-only » importe les "
              "lignes valides, et « gem import undo » reprend le lot tant que rien n'y a "
              "été ajouté."), lang),
    ]


def _files_xlsx(path: Path, sample: FilesSample, notes: list[str], lang: str) -> None:
    """One sheet per kind, named as FILE_KINDS names them, then the notes; file and member
    numbers as text, dates as date cells."""
    from openpyxl import Workbook

    def number_format(_index: int, value: Any) -> str | None:
        if isinstance(value, date):
            return "yyyy-mm-dd"
        return "@" if isinstance(value, str) else None

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for kind, rows in sample.sheets.items():
        header = file_header(kind)
        widths = [min(max(len(title), *(len(str(r[index] or "")) for r in rows)) + 2, 45)
                  for index, title in enumerate(header)]
        _sheet(book.create_sheet(tr(_kind_of(kind).label, "fr")[:31]), header, rows,
               number_format, widths)
    _save_with_notes(path, book, notes, lang)


def write_files(session: Session, place: Institution, folder: Path,
                lang: str) -> list[SampleFile]:
    """``ancien-systeme.xlsx`` and the same sheets as CSV files in ``ancien-systeme-csv/``."""
    sample = files_rows(session, place)
    xlsx, csv_folder = folder / f"{FILES_STEM}.xlsx", folder / f"{FILES_STEM}-csv"
    _files_xlsx(xlsx, sample, _files_notes(sample, csv_folder.name, lang), lang)
    try:
        csv_folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise FolderNotWritable(folder=str(csv_folder.absolute()),
                                error=exc.strerror or str(exc)) from None
    for kind, rows in sample.sheets.items():
        _csv(csv_folder / f"{_kind_of(kind).csv}.csv", rows, file_header(kind))
    create = sum(c for c, _ in sample.counts().values())
    expected = tr(N_("L'aperçu des dossiers de l'ancien système montre {create} ligne(s) à "
                     "créer et {refused} refusée(s), feuille par feuille (la feuille « À "
                     "lire » du classeur dit lesquelles) ; seul un administrateur (ici "
                     "{admin}) les importe, avec « --valid-only »."), lang,
                  create=create, refused=len(sample.refusals), admin=sample.admin)
    return [SampleFile(path, "files", sample.institution,
                       ("import", "files", str(path), "--dry-run"), expected,
                       ("--user", sample.admin, "import", "files", str(path), "--valid-only"))
            for path in (xlsx, csv_folder)]


WRITERS: dict[str, Writer] = {"members": write_members, "invoice_lines": write_invoice_lines,
                              "files": write_files}
"""Kind of import → the writer of its samples, in the order they are written."""
