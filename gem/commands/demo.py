"""``gem demo``: fill an empty database with realistic demo data (gem/demo.py)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from gem import clock, demo, schema
from gem.commands._common import engine_for, print_table
from gem.i18n import N_, tr
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
    parser.add_argument("--check", action="store_true",
                        help=tr(N_("ne rien écrire : dire si la base contient une démonstration "
                                   "terminée (code de sortie 0) ou non (1)")))
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
    engine = engine_for(args, check_schema=False, create=True)
    progress = _ProgressLine()
    try:
        summary = demo.generate(engine, members=args.members, grievances=args.grievances,
                                seed=args.seed, progress=progress)
    finally:
        progress.done()
        engine.dispose()
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
    return 0
