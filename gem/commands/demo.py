"""``gem demo``: fill an empty database with realistic demo data (gem/demo.py)."""

from __future__ import annotations

import argparse
import sys
import time

from gem import demo
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


def _demo(args: argparse.Namespace) -> int:
    engine = engine_for(args, check_schema=False)
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
