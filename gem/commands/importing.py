"""``gem import members FILE --institution NAME --dry-run``: what importing an institution's
employee list would do (issue 14), the refused rows in a workbook to send back.

The preview is the import's first half and writes nothing; the import itself (one
transaction, a batch that can be undone) comes with the batch record, so without
``--dry-run`` the command says so rather than write without a batch.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from gem.commands._common import sessions_for
from gem.db import transaction
from gem.formatting import format_number
from gem.i18n import N_, current_language, tr
from gem.services.actor import SYSTEM, Actor
from gem.services.errors import GemError

SHOWN = 20  # refused rows printed; all of them go to the workbook


class ImportNotYet(GemError):
    msgid = N_("Seul l'aperçu est offert pour l'instant : relancez avec --dry-run pour voir "
               "ce que l'import ferait et obtenir les lignes refusées.")


class BadMapping(GemError):
    msgid = N_("Le fichier de correspondance {path} n'est pas valable ({error}) : il faut un "
               "objet JSON « en-tête de colonne » → champ, par exemple "
               "{{\"Matricule\": \"employee_number\"}}.")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("import", help=tr(N_(
        "importer un fichier d'établissement (aperçu : --dry-run)")))
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
    members.set_defaults(handler=_members)


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
    from gem.imports.members import CREATE, UNCHANGED, UPDATE

    if not args.dry_run:
        raise ImportNotYet()
    lang = current_language()
    actor = Actor(SYSTEM.id, SYSTEM.login, SYSTEM.role, lang)
    choose = (lambda header: _mapping(args.mapping, header)) if args.mapping else None
    with transaction(sessions_for(args), write=False) as session:
        preview = members.preview_members(session, actor, args.file, args.institution,
                                          choose)
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
    if not preview.refused:
        return 0
    target = args.refused or args.file.with_name(f"{args.file.stem}-refusees.xlsx")
    members.write_refused(preview, target, lang)
    print(tr(N_("Lignes refusées : {path}"), path=target.absolute()))
    return 1
