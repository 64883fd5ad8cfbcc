"""``gem db upgrade | current | setup | backup | restore | verify``: what IT does to the
database (schema, roles, backups)."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from gem import schema
from gem.commands._common import engine_for
from gem.formatting import format_date, format_number
from gem.i18n import N_, tr


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("db", help=tr(N_("administration du schéma de la base de données")))
    actions = parser.add_subparsers(dest="db_command", required=True)
    up = actions.add_parser("upgrade", help=tr(N_("créer ou mettre à niveau le schéma")))
    up.set_defaults(handler=_upgrade)
    cur = actions.add_parser("current", help=tr(N_("afficher la version du schéma")))
    cur.set_defaults(handler=_current)
    setup = actions.add_parser("setup", help=tr(N_(
        "PostgreSQL : créer les rôles, les droits, la sécurité par ligne et le journal "
        "inaltérable (superutilisateur)")))
    setup.set_defaults(handler=_setup)
    save = actions.add_parser("backup", help=tr(N_(
        "sauvegarder la base de données pendant que d'autres y travaillent")))
    save.add_argument("-o", "--output", metavar=tr(N_("FICHIER")), type=Path, help=tr(N_(
        "le fichier à écrire (par défaut gem-<base>-<date>-<heure>.gembackup dans le dossier "
        "courant)")))
    save.set_defaults(handler=_backup)
    back = actions.add_parser("restore", help=tr(N_(
        "restaurer une sauvegarde dans une base de données vide, puis la vérifier")))
    back.add_argument("file", metavar=tr(N_("FICHIER")), type=Path)
    back.set_defaults(handler=_restore)
    check = actions.add_parser("verify", help=tr(N_("vérifier une sauvegarde sans la "
                                                    "restaurer")))
    check.add_argument("file", metavar=tr(N_("FICHIER")), type=Path)
    check.set_defaults(handler=_verify)


def _upgrade(args: argparse.Namespace) -> int:
    engine = engine_for(args, check_schema=False, create=True)
    before = schema.state(engine)
    if before.is_current:
        print(tr(N_("Le schéma est déjà à jour ({head})."), head=before.head))
        return 0
    backup = schema.upgrade(engine)
    if backup:
        print(tr(N_("Copie de sécurité : {path}"), path=backup))
    print(tr(N_("Schéma mis à niveau : {before} → {head}."),
             before=before.current or "∅", head=schema.head_revision()))
    if engine.dialect.name == "postgresql":
        _secure_again(engine)
    if before.current is not None:
        _deadlines_to_recheck(engine)
    return 0


def _secure_again(engine) -> None:
    """A database secured by ``gem db setup`` stays so: new tables get their owner, grants
    and policies from the policy as this version states it."""
    from gem import database_roles

    with engine.begin() as connection:
        if database_roles.is_secured(connection):
            database_roles.setup(connection)
            print(tr(N_("Rôles, droits et sécurité par ligne réappliqués.")))


def _deadlines_to_recheck(engine) -> None:
    """After an upgrade, say which open deadlines the calendars now put earlier: nobody
    should learn it from a missed date (they are not moved without ``gem deadline
    recheck --apply``)."""
    from gem.db import session_factory, transaction
    from gem.services.actor import SYSTEM
    from gem.services.deadlines import recheck_deadlines

    with transaction(session_factory(engine)) as session:
        earlier = recheck_deadlines(session, SYSTEM)
    if earlier:
        print(tr(N_("{count} échéance(s) ouverte(s) seraient plus tôt selon les calendriers "
                    "des règles : gem deadline recheck pour les voir, --apply pour les "
                    "avancer."), count=len(earlier)))


def _current(args: argparse.Namespace) -> int:
    engine = engine_for(args, check_schema=False)
    st = schema.state(engine)
    if st.is_newer or st.is_foreign:  # one line on stderr, status 2 (gem.cli)
        schema.ensure_usable(engine, st)
    print(tr(N_("Base de données : {url}"), url=engine.url.render_as_string(hide_password=True)))
    print(tr(N_("Schéma de la base : {current}; schéma de GEM : {head}"),
             current=st.current or "∅", head=st.head))
    if st.is_newer:
        print(tr(N_("Cette base est plus récente que cette version de GEM.")))
        return 1
    if not st.is_current:
        print(tr(N_("Mise à niveau requise : gem db upgrade")))
        return 1
    return 0


def _setup(args: argparse.Namespace) -> int:
    """Roles, grants, row-level security and audit triggers from the permission policy
    (gem.database_roles); run again after each upgrade, it changes only what differs."""
    from gem import database_roles
    from gem.services.errors import GemError

    engine = engine_for(args)
    if engine.dialect.name != "postgresql":
        raise GemError(N_("gem db setup ne concerne que PostgreSQL : une base SQLite est "
                          "protégée par les droits de son fichier."))
    with engine.begin() as connection:
        names = database_roles.setup(connection)
    print(tr(N_("Base protégée : propriétaire {owner}, groupes {groups} ; connexions "
                "personnelles {prefix}<identifiant>."), owner=names.owner,
             groups=", ".join(names.group(g) for g in database_roles.GROUPS),
             prefix=names.login_prefix))
    return 0


def _backup(args: argparse.Namespace) -> int:
    from gem import backup

    engine = engine_for(args, check_schema=False)
    target = args.output or Path.cwd() / backup.default_name(engine)
    taken = backup.backup(engine, target)
    _say_backup(tr(N_("Sauvegarde écrite : {path}"), path=taken.path.absolute()),
                taken.manifest)
    return 0


def _say_backup(first: str, manifest) -> None:
    print(first)
    print(tr(N_("{engine}, schéma {revision}, {tables} tables, {rows} lignes, prise le {when} "
                "par GEM {version}."),
             engine="SQLite" if manifest.engine == "sqlite" else "PostgreSQL",
             revision=manifest.revision or "∅", tables=len(manifest.tables),
             rows=format_number(manifest.rows, 0),
             when=format_date(datetime.fromisoformat(manifest.created)),
             version=manifest.gem_version))


def _verify(args: argparse.Namespace) -> int:
    from gem import backup

    checked = backup.verify(args.file)
    _say_backup(tr(N_("Sauvegarde valable : {path} ({detail})."), path=args.file.absolute(),
                   detail=tr(checked.detail)), checked.manifest)
    return 0


def _restore(args: argparse.Namespace) -> int:
    from gem import backup

    engine = engine_for(args, check_schema=False, create=True)
    manifest = backup.restore(args.file, engine)
    _say_backup(tr(N_("Sauvegarde restaurée dans {name} et vérifiée : schéma et nombre de "
                      "lignes de chaque table identiques au manifeste."),
                   name=schema.database_name(engine)), manifest)
    if manifest.revision != schema.head_revision():
        print(tr(N_("Cette sauvegarde vient d'une version antérieure : lancez « gem db "
                    "upgrade » avant d'utiliser la base.")))
    if manifest.secured:
        print(tr(N_("La base sauvegardée était protégée : lancez « gem db setup » pour "
                    "rétablir les rôles et les droits.")))
    return 0
