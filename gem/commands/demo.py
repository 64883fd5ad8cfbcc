"""``gem demo``: fill an empty database with realistic demo data (gem/demo.py);
``gem demo --export-samples DIR``: sample files to try each import on it
(gem/imports/samples.py)."""

from __future__ import annotations

import argparse
import re
import shlex
import sys
import time
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine

from gem import clock, demo, schema
from gem.commands._common import engine_for, print_table
from gem.i18n import N_, current_language, tr
from gem.labels import label


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help=tr(N_("remplir une base vide de données de "
                                               "démonstration")))
    parser.add_argument("--members", type=_positive, default=65000, metavar="N",
                        help=tr(N_("nombre de membres (65000 par défaut)")))
    parser.add_argument("--grievances", type=_positive, default=100000, metavar="N",
                        help=tr(N_("nombre de griefs (100000 par défaut)")))
    parser.add_argument("--seed", type=int, default=2026, metavar="S",
                        help=tr(N_("germe du générateur : même germe, mêmes données "
                                   "(2026 par défaut)")))
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--check", action="store_true",
                      help=tr(N_("ne rien écrire : dire si la base contient une démonstration "
                                 "terminée (code de sortie 0) ou non (1)")))
    what.add_argument("--export-samples", type=Path, metavar=tr(N_("DOSSIER")),
                      help=tr(N_("écrire dans ce dossier des fichiers d'exemple à importer "
                                 "(avec quelques erreurs voulues), tirés de la démonstration ; "
                                 "une base vide est d'abord remplie")))
    parser.set_defaults(handler=_demo)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(tr(N_("un nombre entier positif est attendu")))
    return number


class _ProgressLine:
    """One line on stderr, rewritten in place on a terminal, at most ten times a second."""

    def __init__(self) -> None:
        self.began = time.perf_counter()
        self.last = 0.0
        self.tty = sys.stderr.isatty()

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if self.tty and now - self.last < 0.1 and done != total:
            return
        self.last = now
        elapsed = now - self.began
        if total:
            line = tr(N_("{step} : {done}/{total} ({seconds:.0f} s)"), step=tr(step),
                      done=done, total=total, seconds=elapsed)
        else:
            line = tr(N_("{step}… ({seconds:.0f} s)"), step=tr(step), seconds=elapsed)
        if self.tty:
            print("\r" + line.ljust(60), end="", file=sys.stderr, flush=True)
        elif not total:
            print(line, file=sys.stderr)

    def done(self) -> None:
        if self.tty:
            print(file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    """Exit status 0 only on a finished demo: tools/demo.sh decides on it whether to build.

    A SQLite file that does not exist is not opened (opening would create it)."""
    from gem.services.demo_accounts import demo_state

    engine = engine_for(args, check_schema=False, create=True)
    url = engine.url.render_as_string(hide_password=True)
    path = engine.url.database
    state = None
    try:
        if not (engine.dialect.name == "sqlite" and path not in (None, "", ":memory:")
                and not Path(path).exists()) and not schema.state(engine).is_empty:
            with engine.connect() as conn:
                state = demo_state(conn)
    finally:
        engine.dispose()
    if state is not None and state.built:
        details = state.details or {}
        print(tr(N_("Démonstration terminée (germe {seed}, données au {today}) dans {url}."),
                 seed=details.get("seed", "?"), today=details.get("today", "?"), url=url))
        return 0
    if state is not None and state.unfinished:
        at = clock.local(state.at).strftime("%Y-%m-%d %H:%M") if state.at else "?"
        print(tr(N_("Une démonstration a commencé le {at} dans {url} sans se terminer."),
                 at=at, url=url))
    else:
        print(tr(N_("Aucune démonstration terminée dans {url}."), url=url))
    return 1


def _demo(args: argparse.Namespace) -> int:
    if args.check:
        return _check(args)
    if args.export_samples is not None:
        return _export_samples(args)
    engine = engine_for(args, check_schema=False, create=True)
    try:
        _build(args, engine)
    finally:
        engine.dispose()
    return 0


def _build(args: argparse.Namespace, engine: Engine) -> None:
    progress = _ProgressLine()
    try:
        summary = demo.generate(engine, members=args.members, grievances=args.grievances,
                                seed=args.seed, progress=progress)
    finally:
        progress.done()
    print(tr(N_("Données de démonstration créées en {seconds} s (germe {seed}) dans "
                "{url}."), seconds=summary.seconds, seed=summary.seed,
             url=engine.url.render_as_string(hide_password=True)))
    print()
    print_table([tr(N_("Table")), tr(N_("Lignes"))],
                [[name, count] for name, count in summary.counts.items()])
    print()
    print(tr(N_("Comptes de démonstration (mot de passe commun : {password}) :"),
             password=summary.password))
    print_table([tr(N_("Identifiant")), tr(N_("Nom")), tr(N_("Rôle"))],
                [[a.login, a.full_name, label("role", a.role)] for a in summary.accounts])


def _needs_demo(engine: Engine) -> bool:
    """True when the database takes a new demo (no schema, or no members, grievances nor
    demo marker); False on a finished demo; NoDemoData on anything else, real data above
    all: the samples never come from it, and the demo never fills it."""
    from sqlalchemy import func, select

    from gem.imports.samples import NoDemoData
    from gem.models import Grievance, Member
    from gem.services.demo_accounts import demo_state

    path = engine.url.database
    if engine.dialect.name == "sqlite" and path not in (None, "", ":memory:") \
            and not Path(path).exists():
        return True
    if schema.state(engine).is_empty:
        return True
    schema.ensure_usable(engine)
    with engine.connect() as conn:
        state = demo_state(conn)
        if state.built:
            return False
        filled = any(conn.scalar(select(func.count()).select_from(model)) for model in
                     (Member, Grievance))
    if filled:
        raise NoDemoData()
    return True  # empty, or a demo that stopped or never finished: gem demo says which


def _export_samples(args: argparse.Namespace) -> int:
    """``gem demo --export-samples DIR``: the samples of every import, from the demo GEM is
    pointed at (built first in an empty database), and the command that tries each one."""
    from gem.db import session_factory, transaction
    from gem.imports import samples
    from gem.services.actor import SYSTEM

    lang = current_language()
    folder = samples.check_folder(args.export_samples, create=False)  # before any build
    engine = engine_for(args, check_schema=False, create=True)
    try:
        if _needs_demo(engine):
            _build(args, engine)
            print()
        with transaction(session_factory(engine), write=False) as session:
            written = samples.export_samples(session, replace(SYSTEM, language=lang), folder,
                                             lang)
    finally:
        engine.dispose()
    # The import must read the same database; a password is never printed.
    database = (["--database", engine.url.render_as_string(hide_password=True)]
                if getattr(args, "database", None) else [])
    institution = written[0].institution if written else ""
    print(tr(N_("Fichiers d'exemple écrits, tirés de la démonstration (établissement "
                "« {institution} ») :"), institution=institution))
    for sample in written:
        print(f"  {sample.path.absolute()}")
    print()
    print(tr(N_("Essayez l'import (un aperçu : rien n'est écrit) :")))
    for sample in written:
        print("  " + shell_line(["gem", *database, *sample.command]))
    for expected in dict.fromkeys(s.expected for s in written if s.expected):
        print(expected)
    writes = [s for s in written if s.write_command]
    if writes:
        print()
        print(tr(N_("Pour écrire les lignes valides (les dossiers : un administrateur "
                    "seulement) :")))
        for sample in writes:
            print("  " + shell_line(["gem", *database, *sample.write_command]))
    return 0


_PLAIN = re.compile(r"^[\w@%+=:,./-]+$")


def shell_line(words: list[str]) -> str:
    """A command to paste: each word as is when it needs no quoting, else in double
    quotes (as the README writes « --institution "CIUSSS de l'Estrie" », and as Windows'
    cmd reads them too), or single quotes when it holds what double quotes expand."""
    shown = []
    for word in words:
        if _PLAIN.match(word):
            shown.append(word)
        elif not any(c in word for c in '"$`\\!'):
            shown.append(f'"{word}"')
        else:
            shown.append(shlex.quote(word))
    return " ".join(shown)
