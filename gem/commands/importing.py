"""``gem import members FILE --institution NAME``: an institution's employee list brought in
(issue 14): the preview first (``--dry-run`` stops there and writes the refused rows to a
workbook to send back), then the import as one batch, all or nothing unless
``--valid-only``; ``gem import invoice FILE --institution NAME --invoice NUMBER`` does the
same with the lines of a union-leave invoice, reconciled at once; ``gem import files
WORKBOOK_OR_FOLDER`` brings the previous system's files in (grievances, arbitrations,
agreements, recourses: the institution is each row's); ``gem import batches`` lists the
imports and ``gem import undo N`` takes one back.

The preview reads in its own transaction and the import writes in another, as in the window:
a SQLite database is not locked for the minute a 65,000-row list takes to check, and the
import refuses (nothing written) if a member changed in between.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from gem.commands._common import acting_person, print_table, sessions_for
from gem.db import transaction
from gem.formatting import format_date, format_number
from gem.i18n import N_, current_language, tr
from gem.services.actor import SYSTEM, Actor
from gem.services.errors import GemError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from gem.imports.batches import BatchSummary
    from gem.imports.columns import Field
    from gem.imports.files import FilesPreview
    from gem.imports.invoices import InvoicePreview
    from gem.imports.members import Preview
    from gem.imports.outcomes import Outcome

SHOWN = 20  # refused rows printed; all of them go to the workbook


class BadMapping(GemError):
    msgid = N_("Le fichier de correspondance {path} n'est pas valable ({error}) : il faut un "
               "objet JSON « en-tête de colonne » → champ, par exemple "
               "{{\"Matricule\": \"employee_number\"}}.")


class FilesBadMapping(GemError):
    msgid = N_("Le fichier de correspondance {path} n'est pas valable ({error}) : il faut un "
               "objet JSON par feuille, nommée comme dans le classeur, chacun « en-tête de "
               "colonne » → champ, par exemple {{\"Griefs\": {{\"No dossier\": "
               "\"file_number\"}}}}.")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("import", help=tr(N_(
        "importer un fichier d'établissement, voir et annuler les imports")))
    kinds = parser.add_subparsers(dest="import_kind", required=True)
    members = kinds.add_parser("members", help=tr(N_(
        "la liste des employés d'un établissement (xlsx, xls, ods, csv)")))
    members.add_argument("file", metavar=tr(N_("FICHIER")), type=Path)
    members.add_argument("--institution", required=True, metavar=tr(N_("ÉTABLISSEMENT")),
                         help=tr(N_("nom, nom court ou numéro de l'établissement")))
    _file_options(members)
    members.set_defaults(handler=_members)
    invoice = kinds.add_parser("invoice", help=tr(N_(
        "les lignes d'une facture de libérations syndicales (xlsx, xls, ods, csv), "
        "rapprochées des libérations approuvées")))
    invoice.add_argument("file", metavar=tr(N_("FICHIER")), type=Path)
    invoice.add_argument("--institution", required=True, metavar=tr(N_("ÉTABLISSEMENT")),
                         help=tr(N_("nom, nom court ou numéro de l'établissement")))
    invoice.add_argument("--invoice", required=True, metavar=tr(N_("NUMÉRO")), help=tr(N_(
        "numéro de la facture, déjà saisie, qui reçoit les lignes")))
    _file_options(invoice)
    invoice.set_defaults(handler=_invoice)
    history = kinds.add_parser("files", help=tr(N_(
        "les dossiers de l'ancien système : un classeur d'une feuille par type de dossier, "
        "ou un dossier de fichiers CSV (administrateurs)")))
    history.add_argument("file", metavar=tr(N_("FICHIER_OU_DOSSIER")), type=Path)
    history.add_argument("--mapping", type=Path, metavar=tr(N_("FICHIER")), help=tr(N_(
        "correspondance JSON, un objet par feuille, en-tête → champ (par défaut : proposée "
        "d'après les en-têtes)")))
    history.add_argument("--dry-run", action="store_true", help=tr(N_(
        "montrer ce que l'import ferait, sans rien écrire")))
    history.add_argument("--refused", type=Path, metavar=tr(N_("FICHIER")), help=tr(N_(
        "classeur des lignes refusées (par défaut <fichier>-refusees.xlsx)")))
    history.add_argument("--valid-only", action="store_true", help=tr(N_(
        "importer les lignes valides même si d'autres sont refusées")))
    history.set_defaults(handler=_files)
    listed = kinds.add_parser("batches", help=tr(N_("les derniers imports, du plus récent")))
    listed.add_argument("--limit", type=int, default=50, metavar="N")
    listed.set_defaults(handler=_batches)
    undo = kinds.add_parser("undo", help=tr(N_(
        "annuler un import tant que rien n'a changé depuis")))
    undo.add_argument("batch", type=int, metavar=tr(N_("LOT")))
    undo.set_defaults(handler=_undo)


def _file_options(parser: argparse.ArgumentParser) -> None:
    """The options every file import takes."""
    parser.add_argument("--mapping", type=Path, metavar=tr(N_("FICHIER")), help=tr(N_(
        "correspondance JSON en-tête → champ (par défaut : proposée d'après les en-têtes)")))
    parser.add_argument("--dry-run", action="store_true", help=tr(N_(
        "montrer ce que l'import ferait, sans rien écrire")))
    parser.add_argument("--refused", type=Path, metavar=tr(N_("FICHIER")), help=tr(N_(
        "classeur des lignes refusées (par défaut <fichier>-refusees.xlsx)")))
    parser.add_argument("--valid-only", action="store_true", help=tr(N_(
        "importer les lignes valides même si d'autres sont refusées")))


def _mapping_file(path: Path) -> dict[str, Any]:
    """The --mapping file's JSON object."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("not an object")
    except (OSError, ValueError) as exc:
        raise BadMapping(path=str(path), error=str(exc).splitlines()[0]) from None
    return raw


def _columns(path: Path, raw: Mapping[str, Any], header: tuple[str, ...],
             fields: Sequence[Field], refusal: type[GemError] = BadMapping
             ) -> dict[int, str]:
    """« header » → field, as column indexes of ``header``: each header the sheet has, each
    field one of ``fields`` and chosen for one column only (else ``refusal``, the message
    showing the file's expected form)."""
    from gem.imports import columns

    keys = {f.key for f in fields}
    by_header = {columns.normalized(h): i for i, h in enumerate(header)}
    chosen: dict[int, str] = {}
    for title, key in raw.items():
        index = by_header.get(columns.normalized(str(title)))
        if key not in keys:  # the fields' keys are said: nowhere else lists them
            raise refusal(path=str(path), error=f"{title} → {key} ∉ {{"
                                  f"{', '.join(f.key for f in fields)}}}")
        if index is None or key in chosen.values():
            raise refusal(path=str(path), error=f"{title} → {key}")
        chosen[index] = str(key)
    return chosen


def _mapping(path: Path, header: tuple[str, ...],
             fields: Sequence[Field] | None = None) -> dict[int, str]:
    """The --mapping file's « header » → field, as column indexes of ``header``."""
    from gem.imports import layouts

    return _columns(path, _mapping_file(path), header,
                    layouts.MEMBERS if fields is None else fields)


def _files_chooser(path: Path | None
                   ) -> Callable[[str, tuple[str, ...]], Mapping[int, str] | None] | None:
    """The files import's --mapping: one object per sheet, named as the sheet is
    (« Griefs » or « Grievances »…), each « header » → field; a sheet it does not name keeps
    the columns proposed for it."""
    if path is None:
        return None
    from gem.imports import files

    by_kind: dict[str, Mapping[str, Any]] = {}
    for name, sheet in _mapping_file(path).items():
        kind = files.kind_named(str(name))
        if kind is None or not isinstance(sheet, dict):
            raise FilesBadMapping(path=str(path), error=str(name))
        by_kind[kind.key] = sheet

    def choose(kind: str, header: tuple[str, ...]) -> Mapping[int, str] | None:
        if kind not in by_kind:
            return None
        return _columns(path, by_kind[kind], header, files.KINDS_BY_KEY[kind].fields,
                        FilesBadMapping)

    return choose


class _Preview(Protocol):
    @property
    def refused(self) -> list[Outcome]: ...


def _run(args: argparse.Namespace, preview_with: Callable[[Session, Actor], Any],
         show: Callable[[Any], None],
         write_refused: Callable[[Any, Path, str], Path],
         import_with: Callable[[Session, Actor, Any, bool], BatchSummary],
         done: Callable[[BatchSummary], None]) -> int:
    """An import from the command line, whatever it brings: the preview in a read
    transaction (the built-in identity for a dry run, which writes nothing; the acting
    person otherwise), the refused rows to a workbook, then the import in a write
    transaction unless a row was refused without --valid-only. 1 when a row was refused."""
    lang = current_language()
    sessions = sessions_for(args)
    with transaction(sessions, write=False) as session:
        actor = replace(SYSTEM, language=lang) if args.dry_run else \
            acting_person(session, args)
        preview: _Preview = preview_with(session, actor)
    show(preview)
    if preview.refused:
        target = args.refused or args.file.with_name(f"{args.file.stem}-refusees.xlsx")
        write_refused(preview, target, lang)
        print(tr(N_("Lignes refusées : {path}"), path=target.absolute()))
    if args.dry_run:
        print(tr(N_("Essai (--dry-run) : rien n'a été écrit dans la base.")))
        return 1 if preview.refused else 0
    if preview.refused and not args.valid_only:  # refused as the import would, exit 1
        from gem.imports.outcomes import RowsRefused

        print(RowsRefused(None, lang, count=format_number(len(preview.refused), 0)),
              file=sys.stderr)
        print(tr(N_("Pour importer les autres lignes quand même : la même commande avec "
                    "--valid-only.")), file=sys.stderr)
        return 1
    with transaction(sessions, write=True) as session:
        batch = import_with(session, actor, preview, args.valid_only)
    done(batch)
    return 1 if preview.refused else 0


def _chooser(args: argparse.Namespace, fields: Sequence[Field] | None = None
             ) -> Callable[[tuple[str, ...]], Mapping[int, str]] | None:
    if not args.mapping:
        return None
    return lambda header: _mapping(args.mapping, header, fields)


def _members(args: argparse.Namespace) -> int:
    from gem.imports import members
    from gem.imports.members import CREATE, UPDATE

    choose = _chooser(args)

    def done(batch: BatchSummary) -> None:
        counts = {kind: format_number(n, 0) for kind, n in batch.counts.items()}
        print(tr(N_("Lot d'import n° {batch} : {create} membre(s) créé(s), {update} mis à "
                    "jour, {refused} ligne(s) refusée(s) laissée(s) de côté. Pour l'annuler : "
                    "gem import undo {batch}"), batch=batch.id, create=counts.get(CREATE, "0"),
                 update=counts.get(UPDATE, "0"), refused=counts.get("refused", "0")))

    return _run(args, lambda session, actor: members.preview_members(
                    session, actor, args.file, args.institution, choose),
                _print_preview, members.write_refused,
                lambda session, actor, preview, valid_only: members.import_members(
                    session, actor, preview, valid_only=valid_only), done)


def _invoice(args: argparse.Namespace) -> int:
    from gem.imports import invoices

    choose = _chooser(args, invoices.FIELDS)

    def done(batch: BatchSummary) -> None:
        counts = {kind: format_number(n, 0) for kind, n in batch.counts.items()}
        print(tr(N_("Lot d'import n° {batch} : {create} ligne(s) créée(s) sur la facture "
                    "{invoice}, {same} inchangée(s), {refused} ligne(s) refusée(s) laissée(s) "
                    "de côté. Pour l'annuler : gem import undo {batch}"), batch=batch.id,
                 invoice=args.invoice.strip(), create=counts.get("create", "0"),
                 same=counts.get("unchanged", "0"), refused=counts.get("refused", "0")))
        if batch.counts.get("create"):
            print(tr(N_("Rapprochement des lignes créées : {matched} conforme(s), "
                        "{not_approved} libération(s) non approuvée(s), {hours_differ} aux "
                        "heures différentes, {already_billed} déjà facturée(s) ; {rechecked} "
                        "autre(s) ligne(s) de la période au résultat changé."),
                     **{key: counts.get(key, "0") for key in (*invoices.VERDICTS,
                                                              "rechecked")}))

    return _run(args, lambda session, actor: invoices.preview_invoice_lines(
                    session, actor, args.file, args.institution, args.invoice, choose),
                _print_invoice_preview, invoices.write_refused,
                lambda session, actor, preview, valid_only: invoices.import_invoice_lines(
                    session, actor, preview, valid_only=valid_only), done)


def _files(args: argparse.Namespace) -> int:
    from gem.imports import files

    def done(batch: BatchSummary) -> None:
        counts = {kind: format_number(n, 0) for kind, n in batch.counts.items()}
        print(tr(N_("Lot d'import n° {batch} : {create} ligne(s) importée(s) ({grievances} "
                    "grief(s), {arbitrations} arbitrage(s), {agreements} entente(s), "
                    "{recourses} recours), {refused} ligne(s) refusée(s) laissée(s) de côté. "
                    "Pour l'annuler : gem import undo {batch}"), batch=batch.id,
                 create=counts.get("create", "0"), refused=counts.get("refused", "0"),
                 **{kind: counts.get(kind, "0") for kind in files.FILES}))

    choose = _files_chooser(args.mapping)

    return _run(args, lambda session, actor: files.preview_files(session, actor, args.file,
                                                                 choose),
                _print_files_preview, files.write_refused,
                lambda session, actor, preview, valid_only: files.import_files(
                    session, actor, preview, valid_only=valid_only), done)


def _print_files_preview(preview: FilesPreview) -> None:
    """The counts sheet by sheet, then the first refused rows, each named by its sheet."""
    from gem.imports.outcomes import CREATE, REFUSED

    print(tr(N_("Aperçu de {file} (dossiers de l'ancien système) :"), file=preview.file))
    for sheet, counts in zip(preview.sheets, preview.counts.values(), strict=True):
        print("  " + tr(N_("{sheet} : {create} ligne(s) à créer, {refused} refusée(s)."),
                        sheet=sheet.name, create=format_number(counts[CREATE], 0),
                        refused=format_number(counts[REFUSED], 0)))
    names = {s.kind: s.name for s in preview.sheets}
    refused = preview.refused
    for outcome in refused[:SHOWN]:
        shown = names.get(getattr(outcome, "sheet", ""), "")
        for problem in outcome.problems:
            where = f", {problem.column}" if problem.column else ""
            print(tr(N_("{sheet}, ligne {row}{where} : {reason}"), sheet=shown,
                     row=format_number(outcome.row, 0), where=where,
                     reason=problem.message))
    if len(refused) > SHOWN:
        print(tr(N_("… et {count} autre(s) ligne(s) refusée(s) (voir le classeur)."),
                 count=format_number(len(refused) - SHOWN, 0)))


def _print_refused(refused: list[Outcome]) -> None:
    for outcome in refused[:SHOWN]:
        for problem in outcome.problems:
            where = f", {problem.column}" if problem.column else ""
            print(tr(N_("ligne {row}{where} : {reason}"),
                     row=format_number(outcome.row, 0), where=where,
                     reason=problem.message))


def _print_changes(preview: Preview) -> None:
    """The members to update with the fields that change (the first SHOWN of them)."""
    from gem.imports import layouts
    from gem.imports.members import UPDATE

    names = {f.key: tr(f.label) for f in layouts.MEMBERS}
    names |= {f"{key}_id": names[key] for key in ("job_title", "unit") if key in names}
    updates = [o for o in preview.outcomes if o.kind == UPDATE]
    for outcome in updates[:SHOWN]:
        print(tr(N_("ligne {row} ({name}), à changer : {fields}"),
                 row=format_number(outcome.row, 0), name=outcome.name,
                 fields=", ".join(names.get(key, key) for key in outcome.changes)))
    if len(updates) > SHOWN:
        print(tr(N_("… et {count} autre(s) membre(s) à mettre à jour."),
                 count=format_number(len(updates) - SHOWN, 0)))


def _print_invoice_preview(preview: InvoicePreview) -> None:
    counts = {kind: format_number(n, 0) for kind, n in preview.counts.items()}
    from gem.imports.invoices import preview_warnings

    print(tr(N_("Aperçu de « {file} », feuille « {sheet} », pour la facture {invoice} de "
                "{institution} : {create} ligne(s) à créer, {same} inchangée(s), {refused} "
                "refusée(s)."),
             file=preview.file, sheet=preview.sheet, invoice=preview.invoice_number,
             institution=preview.institution, create=counts["create"],
             same=counts["unchanged"], refused=counts["refused"]))
    for warning in preview_warnings(preview, current_language()):
        print(warning)
    _print_refused(preview.refused)


def _print_preview(preview: Preview) -> None:
    from gem.imports.members import CREATE, UNCHANGED, UPDATE

    counts = {kind: format_number(n, 0) for kind, n in preview.counts.items()}
    print(tr(N_("Aperçu de « {file} », feuille « {sheet} », pour {institution} : {create} à "
                "créer, {update} à mettre à jour, {same} inchangé(s), {refused} refusé(s)."),
             file=preview.file, sheet=preview.sheet, institution=preview.institution,
             create=counts[CREATE],
             update=counts[UPDATE], same=counts[UNCHANGED], refused=counts["refused"]))
    _print_changes(preview)
    if preview.left:
        print(tr(N_("{count} membre(s) actif(s) de l'établissement absent(s) de la liste : "
                    "signalés, jamais supprimés."), count=format_number(len(preview.left), 0)))
    _print_refused(preview.refused)


def _batches(args: argparse.Namespace) -> int:
    from gem.imports import batches
    from gem.imports.members import CREATE, UPDATE

    lang = current_language()
    with transaction(sessions_for(args), write=False) as session:
        found = batches.list_batches(session, replace(SYSTEM, language=lang), args.limit)
    print_table([tr(N_("Lot")), tr(N_("Importé le")), tr(N_("Par")), tr(N_("Type")),
                 tr(N_("Fichier")), tr(N_("Établissement")), tr(N_("Créés")),
                 tr(N_("Mis à jour")), tr(N_("Refusés")), tr(N_("Annulé le"))],
                [[b.id, format_date(b.made_at), b.made_by,
                  tr(batches.KINDS.get(b.kind, b.kind)), b.file, b.institution or "",
                  format_number(b.counts.get(CREATE, 0), 0),
                  format_number(b.counts.get(UPDATE, 0), 0),
                  format_number(b.counts.get("refused", 0), 0),
                  format_date(b.undone_at) if b.undone_at else ""] for b in found])
    return 0


def _undo(args: argparse.Namespace) -> int:
    from gem.imports import batches
    from gem.imports.members import CREATE, UPDATE

    with transaction(sessions_for(args), write=True) as session:
        batch = batches.undo_batch(session, acting_person(session, args), args.batch)
    if batch.kind == batches.INVOICE_LINES:
        print(tr(N_("Lot d'import n° {batch} annulé : {create} ligne(s) de facture "
                    "retirée(s), le total et le rapprochement refaits."), batch=batch.id,
                 create=format_number(batch.counts.get(CREATE, 0), 0)))
        return 0
    if batch.kind == batches.FILES:
        print(tr(N_("Lot d'import n° {batch} annulé : {create} ligne(s) retirée(s) (dossiers, "
                    "liens, audiences, échéances et lignes de temps)."), batch=batch.id,
                 create=format_number(batch.counts.get(CREATE, 0), 0)))
        return 0
    print(tr(N_("Lot d'import n° {batch} annulé : {create} membre(s) retiré(s), {update} "
                "remis comme avant."), batch=batch.id,
             create=format_number(batch.counts.get(CREATE, 0), 0),
             update=format_number(batch.counts.get(UPDATE, 0), 0)))
    return 0
