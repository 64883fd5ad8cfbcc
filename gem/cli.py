"""The ``gem`` command: opens the window, or runs an admin or batch subcommand.

Subcommands live in gem/commands/, one module each, found automatically; every one calls the
same services as the window.

A subcommand writes to the same log file as the window (gem.log) and never shows a traceback:
every failure is one line on stderr. A refusal from a service (GemError), an unreachable
database and a file the system refused end with status 2; a bug ends with status 70
(EX_SOFTWARE), its line pointing to the log, where the traceback is.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from gem import argparse_fr, commands
from gem import log as gem_log
from gem.database_problems import CLI, database_problem_for
from gem.i18n import N_, current_language, language, tr
from gem.services.errors import GemError

EXIT_REFUSED = 2
EXIT_INTERNAL = 70  # sysexits.h EX_SOFTWARE: a bug, with its traceback in the log

_OPTIONS_WITH_VALUE = ("--database", "--lang", "--user")


class _VersionAction(argparse._VersionAction):
    """``--version``, the version looked up only when asked: gem.__version__ costs ~50 ms of
    importlib.metadata, on the way to the window otherwise."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        import gem

        self.version = f"GEM {gem.__version__}"
        super().__call__(parser, namespace, values, option_string)


# A command whose name is a Python keyword lives in a module named otherwise.
MODULE_OF = {"import": "importing"}


def command_names() -> list[str]:
    """Subcommand modules, found without importing them."""
    return sorted(m.name for m in pkgutil.iter_modules(commands.__path__)
                  if not m.name.startswith("_"))


def _requested_command(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line, if any (the first positional argument)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _OPTIONS_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            module = MODULE_OF.get(arg, arg)
            return module if module in command_names() else None
    return None


def build_parser(only: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser with the subcommands in ``only`` (all of them when None).

    ``gem`` alone opens the window: importing every subcommand (reportlab, openpyxl, the demo
    generator...) just to parse no arguments would delay the window, so main() imports only
    the subcommand actually named, and all of them for --help."""
    parser = argparse.ArgumentParser(
        prog="gem", description=tr(N_("GEM : dossiers de relations du travail.")))
    parser.add_argument("--version", action=_VersionAction,
                        help=tr(N_("afficher la version et quitter")))
    parser.add_argument("--database", metavar="URL",
                        help=tr(N_("URL SQLAlchemy de la base de données (sinon "
                                   "GEM_DATABASE_URL, sinon le fichier SQLite local)")))
    parser.add_argument("--user", metavar="IDENTIFIANT",
                        help=tr(N_("la personne qui agit (sinon GEM_USER) : ses modifications "
                                   "portent son nom; son mot de passe est demandé, ou vérifié "
                                   "par PostgreSQL quand chacun s'y connecte avec son propre "
                                   "compte")))
    parser.add_argument("--lang", choices=("fr", "en"),
                        help=tr(N_("langue des messages (fr par défaut)")))
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")
    for name in command_names() if only is None else only:
        module = importlib.import_module(f"{commands.__name__}.{name}")
        module.register(sub)
    return parser


def _requested_language(argv: Sequence[str]) -> str | None:
    """Read --lang before building the parser, so --help is translated too."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    with language(_requested_language(argv)):
        argparse_fr.install(current_language())  # argparse's own words: usage, errors
        return _main(argv)


def _main(argv: list[str]) -> int:
    command = _requested_command(argv)
    if command is not None:  # the window sets its own log up (gem.ui.app)
        gem_log.setup("cli")
    args = None
    try:
        wants_help = any(a in ("-h", "--help") for a in argv)
        parser = build_parser([command] if command else (None if wants_help else []))
        args = parser.parse_args(argv)
        handler = getattr(args, "handler", None)
        if handler is None:
            from gem.commands.window import open_window

            return open_window(args)
        status = int(handler(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, where it is handled below
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``gem users list | head``): the normal end of a pipe, not a
        # database failure. Python would complain again flushing stdout at exit: point it
        # at nothing.
        import os

        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):  # no real file behind stdout: nothing to flush later
            pass
        return 0
    except Exception as exc:  # noqa: BLE001 - one line for every failure, never a traceback
        status, line = failure_line(exc, command, _database_url(args))
        print(line, file=sys.stderr)
        return status


def _database_url(args: argparse.Namespace | None) -> str | None:
    """The address the command used, to name its server, database or file in a message
    (never its password); None when it cannot be told."""
    if args is None or getattr(args, "handler", None) is None:
        return None
    try:
        from gem.db import resolve_url

        return resolve_url(getattr(args, "database", None))
    except Exception:  # noqa: BLE001 - a message without the address is still a message
        return None


def failure_line(exc: BaseException, command: str | None = None,
                 url: str | None = None) -> tuple[int, str]:
    """The exit status and the one line to print for ``exc``; logs what is not a GemError.

    The CLI acts as the built-in system identity, so its messages follow --lang."""
    kind = gem_log.classify(exc)
    if kind == gem_log.EXPECTED:
        assert isinstance(exc, GemError)
        return EXIT_REFUSED, _one_line(exc.message(current_language()))
    gem_log.log_exception(exc, f"gem {command or ''}".strip())
    reason = gem_log.reason(exc)
    line = database_problem_for(exc, url, CLI)  # the same sentences as the window's
    if line is not None:
        return EXIT_REFUSED, _one_line(line)
    if kind == gem_log.BUSY:
        return EXIT_REFUSED, _one_line(tr(N_(
            "La base de données est occupée : un autre poste utilise ces données ({error}). "
            "Rien n'a été enregistré : réessayez dans un instant."), error=reason))
    if kind == gem_log.CONNECTION:
        return EXIT_REFUSED, _one_line(tr(N_(
            "La base de données ne répond pas ou a refusé la connexion ({error}). Vérifiez "
            "l'adresse (--database ou GEM_DATABASE_URL) et réessayez."), error=reason))
    if kind == gem_log.SYSTEM:
        return EXIT_REFUSED, _one_line(tr(N_("Fichier ou dossier inaccessible ({error})."),
                                          error=reason))
    return EXIT_INTERNAL, _one_line(gem_log.internal_error_line(exc))


def _one_line(text: str) -> str:
    """A validation error lists one field a line: on stderr they stay one line."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


if __name__ == "__main__":
    sys.exit(main())
