"""What every import's preview is made of, whatever it brings in (members, invoice lines):
the outcome of each row and its problems, the institution the file comes from, the columns
remembered from its last file, and the workbook of refused rows sent back to it.

Shared so the imports say the same thing the same way: a refused row reads « ligne 1 204,
Date : … » in the members import and in the invoice one, and the workbook an institution
gets back has the same columns whichever file it sent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from gem.i18n import N_, tr
from gem.models import Institution
from gem.services.errors import GemError

from . import columns, values
from .sheets import Cell, Row

CREATE, UPDATE, UNCHANGED, REFUSED = "create", "update", "unchanged", "refused"


class RowsRefused(GemError):
    msgid = N_("{count} ligne(s) refusée(s) : rien n'a été importé. Corrigez le fichier, ou "
               "choisissez d'importer les lignes valides seulement.")


class UnknownInstitution(GemError):
    msgid = N_("Établissement « {name} » introuvable : donnez son nom exact ou son numéro.")


class AmbiguousInstitution(GemError):
    msgid = N_("« {name} » désigne plusieurs établissements ({choices}) : précisez le nom ou "
               "donnez le numéro.")


@dataclass(frozen=True)
class Problem:
    column: str      # the header of the column at fault ("" when it is the row)
    message: str     # in the language of the preview


@dataclass
class Outcome:
    row: int
    kind: str
    member_id: int | None = None
    name: str = ""
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field → (was, now)
    problems: list[Problem] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)  # what the import would save
    version: int | None = None  # the record's version the preview read (an update's check)
    cells: tuple[Cell, ...] = ()  # the row as read, kept for a refused one (its workbook)


class Refusals(Protocol):
    """What the workbook of refused rows needs from a preview."""

    @property
    def header(self) -> tuple[str, ...]: ...

    @property
    def refused(self) -> list[Outcome]: ...


def file_sha256(path: Path) -> str:
    """The file's fingerprint, kept with the batch: the same file sent twice is recognised."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def find_institution(session: Session, name: str) -> Institution:
    """By its id, its exact name or its short name, or a part of its name that no other
    institution's holds; accents, case and punctuation ignored."""
    text = name.strip()
    if text.isdigit():
        found = session.get(Institution, int(text))
        if found is not None:
            return found
    wanted = columns.normalized(text)
    everyone = list(session.scalars(select(Institution).order_by(Institution.name)))
    for institution in everyone:
        if wanted in (columns.normalized(institution.name),
                      columns.normalized(institution.short_name or "")):
            return institution
    # Part of a name, as people type it (« chu de quebec »): taken when it names one only.
    partial = [i for i in everyone if wanted and (
        wanted in columns.normalized(i.name) or wanted in columns.normalized(i.short_name or ""))]
    if len(partial) == 1:
        return partial[0]
    if partial:
        shown = "; ".join(f"{i.id} {i.name}" for i in partial[:5])
        raise AmbiguousInstitution(name=name, choices=shown + ("; …" if len(partial) > 5
                                                                else ""))
    raise UnknownInstitution(name=name)


def proposed_mapping(session: Session, kind: str, fields: Sequence[columns.Field],
                     header: tuple[str, ...], institution_id: int | None) -> dict[int, str]:
    """The columns remembered from this institution's last import of ``kind`` where the
    header still names them, the header's names elsewhere (columns.propose)."""
    from gem.imports import batches

    return columns.propose(header, fields, batches.remembered(session, kind, institution_id))


def remembered_columns(header: tuple[str, ...], mapping: Mapping[int, str]) -> dict[str, str]:
    """What ``batches.remember`` keeps of an import that went through: every named column,
    with the field it filled (``""``: left out)."""
    return {columns.normalized(title): mapping.get(index, "")
            for index, title in enumerate(header) if title.strip()}


def headers_of(header: tuple[str, ...], mapping: Mapping[int, str]) -> dict[str, str]:
    """Field key → the header of its column, which a problem names."""
    return {key: header[index] if index < len(header) else str(index + 1)
            for index, key in mapping.items()}


def read_row(row: Row, mapping: Mapping[int, str], header_of: Mapping[str, str],
             read: Callable[[str, Cell], Any], outcome: Outcome, lang: str) -> dict[str, Any]:
    """Each mapped cell read by ``read(key, cell)``; a cell it refuses becomes a problem of
    ``outcome`` naming the column, in ``lang``. Blank cells are left out."""
    data: dict[str, Any] = {}
    for index, key in mapping.items():
        cell = row.cells[index] if index < len(row.cells) else None
        try:
            value = read(key, cell)
        except values.Refused as refused:
            outcome.problems.append(Problem(header_of[key], tr(
                refused.msgid, lang, value=refused.value, **refused.params)))
            continue
        if value is not None:
            data[key] = value
    return data


def write_refused(preview: Refusals, target: Path, lang: str) -> Path:
    """The refused rows in a workbook: the row's number, the column and the reason, then the
    row as it was, so the institution can correct its file and send it again."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(tr(N_("Lignes refusées"), lang)[:31])
    sheet.append([tr(N_("Ligne"), lang), tr(N_("Colonne"), lang), tr(N_("Raison"), lang),
                  *preview.header])
    for outcome in preview.refused:
        for problem in outcome.problems:
            sheet.append([outcome.row, problem.column, problem.message,
                          *(_plain(c) for c in outcome.cells)])
    part = target.with_name(target.name + ".part")
    book.save(part)
    part.replace(target)
    return target


def _plain(cell: Cell) -> Any:
    """A cell written back as it was read; a text that a spreadsheet would run as a formula
    is written as text (openpyxl would store it as a formula)."""
    if isinstance(cell, str) and cell.startswith(values.FORMULA_START):
        return "'" + cell
    return cell
