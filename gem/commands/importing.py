"""``gem import members FILE --institution NAME``: an institution's employee list brought in
(issue 14): the preview first (``--dry-run`` stops there and writes the refused rows to a
workbook to send back), then the import as one batch, all or nothing unless
``--valid-only``; ``gem import batches`` lists the imports and ``gem import undo N`` takes
one back.

The preview reads in its own transaction and the import writes in another, as in the window:
a SQLite database is not locked for the minute a 65,000-row list takes to check, and the
import refuses (nothing written) if a member changed in between.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from gem.commands._common import acting_person, print_table, sessions_for
from gem.db import transaction
from gem.formatting import format_date, format_number
from gem.i18n import N_, current_language, tr
from gem.services.actor import SYSTEM
from gem.services.errors import GemError

if TYPE_CHECKING:
    from gem.imports.members import Preview

SHOWN = 20  # refused rows printed; all of them go to the workbook


class BadMapping(GemError):
    msgid = N_("Le fichier de correspondance {path} n'est pas valable ({error}) : il faut un "
               "objet JSON « en-tête de colonne » → champ, par exemple "
               "{{\"Matricule\": \"employee_number\"}}.")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("import", help=tr(N_(
        "importer un fichier d'établissement, voir et annuler les imports")))
    kinds = parser.add_subparsers(dest="import_kind", required=True)
    members = kinds.add_parser("members", help=tr(N_(
        "la liste des employés d'un établissement (xlsx, xls, ods, csv)")))
    members.add_argument("file", metavar=tr(N_("FICHIER")), type=Path)
    members.add_argument("--institution", required=True, metavar=tr(N_("ÉTABLISSEMENT")),
                         help=tr(N_("nom, nom court ou numéro de l'établissement")))
    members.add_argument("--mapping", type=Path, metavar=tr(N_("FICHIER")), help=tr(N_(
        "correspondance JSON en-tête → champ (par défaut : proposée d'après les en-têtes)")))
    members.add_argument("--dry-run", action="store_true", help=tr(N_(
        "montrer ce que l'import ferait, sans rien écrire")))
    members.add_argument("--refused", type=Path, metavar=tr(N_("FICHIER")), help=tr(N_(
        "classeur des lignes refusées (par défaut <fichier>-refusees.xlsx)")))
    members.add_argument("--valid-only", action="store_true", help=tr(N_(
        "importer les lignes valides même si d'autres sont refusées")))
    members.set_defaults(handler=_members)
    listed = kinds.add_parser("batches", help=tr(N_("les derniers imports, du plus récent")))
    listed.add_argument("--limit", type=int, default=50, metavar="N")
    listed.set_defaults(handler=_batches)
    undo = kinds.add_parser("undo", help=tr(N_(
        "annuler un import tant que rien n'a changé depuis")))
    undo.add_argument("batch", type=int, metavar=tr(N_("LOT")))
    undo.set_defaults(handler=_undo)


def _mapping(path: Path, header: tuple[str, ...]) -> dict[int, str]:
    """The --mapping file's « header » → field, as column indexes of ``header``."""
    from gem.imports import columns, layouts

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("not an object")
    except (OSError, ValueError) as exc:
        raise BadMapping(path=str(path), error=str(exc).splitlines()[0]) from None
    keys = {f.key for f in layouts.MEMBERS}
    by_header = {columns.normalized(h): i for i, h in enumerate(header)}
    chosen: dict[int, str] = {}
    for title, key in raw.items():
        index = by_header.get(columns.normalized(str(title)))
        if key not in keys or index is None:
            raise BadMapping(path=str(path), error=f"{title} → {key}")
        chosen[index] = str(key)
    return chosen


def _members(args: argparse.Namespace) -> int:
    from gem.imports import members
    from gem.imports.members import CREATE, UPDATE

    lang = current_language()
    sessions = sessions_for(args)
    choose = (lambda header: _mapping(args.mapping, header)) if args.mapping else None
    if args.dry_run:
        with transaction(sessions, write=False) as session:
            actor = replace(SYSTEM, language=lang)
            preview = members.preview_members(session, actor, args.file, args.institution,
                                              choose)
    else:
        with transaction(sessions, write=False) as session:
            actor = acting_person(session, args)
            preview = members.preview_members(session, actor, args.file, args.institution,
                                              choose)
    _print_preview(preview)
    if preview.refused:
        target = args.refused or args.file.with_name(f"{args.file.stem}-refusees.xlsx")
        members.write_refused(preview, target, lang)
        print(tr(N_("Lignes refusées : {path}"), path=target.absolute()))
    if args.dry_run:
        return 1 if preview.refused else 0
    if preview.refused and not args.valid_only:  # refused as the import would, exit 1
        print(members.RowsRefused(None, lang, count=format_number(len(preview.refused), 0)),
              file=sys.stderr)
        return 1
    with transaction(sessions, write=True) as session:
        batch = members.import_members(session, actor, preview, valid_only=args.valid_only)
    counts = {kind: format_number(n, 0) for kind, n in batch.counts.items()}
    print(tr(N_("Lot d'import n° {batch} : {create} membre(s) créé(s), {update} mis à jour, "
                "{refused} ligne(s) refusée(s) laissée(s) de côté. Pour l'annuler : gem "
                "import undo {batch}"), batch=batch.id, create=counts.get(CREATE, "0"),
             update=counts.get(UPDATE, "0"), refused=counts.get("refused", "0")))
    return 1 if preview.refused else 0


def _print_preview(preview: Preview) -> None:
    from gem.imports.members import CREATE, UNCHANGED, UPDATE

    counts = {kind: format_number(n, 0) for kind, n in preview.counts.items()}
    print(tr(N_("Aperçu de {sheet} pour {institution} : {create} à créer, {update} à mettre "
                "à jour, {same} inchangé(s), {refused} refusé(s) ; rien n'a été écrit."),
             sheet=preview.sheet, institution=preview.institution, create=counts[CREATE],
             update=counts[UPDATE], same=counts[UNCHANGED], refused=counts["refused"]))
    if preview.left:
        print(tr(N_("{count} membre(s) actif(s) de l'établissement absent(s) de la liste : "
                    "signalés, jamais supprimés."), count=format_number(len(preview.left), 0)))
    for outcome in preview.refused[:SHOWN]:
        for problem in outcome.problems:
            where = f", {problem.column}" if problem.column else ""
            print(tr(N_("ligne {row}{where} : {reason}"),
                     row=format_number(outcome.row, 0), where=where,
                     reason=problem.message))


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
    print(tr(N_("Lot d'import n° {batch} annulé : {create} membre(s) retiré(s), {update} "
                "remis comme avant."), batch=batch.id,
             create=format_number(batch.counts.get(CREATE, 0), 0),
             update=format_number(batch.counts.get(UPDATE, 0), 0)))
    return 0
