"""The ``gem`` command: opens the window, or runs an admin or batch subcommand.

Subcommands live in gem/commands/, one module each, found automatically; every one calls the
same services as the window.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from gem import commands
from gem.i18n import N_, current_language, language, tr
from gem.services.errors import GemError

_OPTIONS_WITH_VALUE = ("--database", "--lang")


class _VersionAction(argparse._VersionAction):
    """``--version``, the version looked up only when asked: gem.__version__ costs ~50 ms of
    importlib.metadata, on the way to the window otherwise."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        import gem

        self.version = f"GEM {gem.__version__}"
        super().__call__(parser, namespace, values, option_string)


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
            return arg if arg in command_names() else None
    return None


def build_parser(only: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser with the subcommands in ``only`` (all of them when None).

    ``gem`` alone opens the window: importing every subcommand (reportlab, openpyxl, the demo
    generator...) just to parse no arguments would delay the window, so main() imports only
    the subcommand actually named, and all of them for --help."""
    parser = argparse.ArgumentParser(
        prog="gem", description=tr(N_("GEM : dossiers de relations du travail.")))
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument("--database", metavar="URL",
                        help=tr(N_("URL SQLAlchemy de la base de données (sinon "
                                   "GEM_DATABASE_URL, sinon le fichier SQLite local)")))
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
        return _main(argv)


def _main(argv: list[str]) -> int:
    command = _requested_command(argv)
    wants_help = any(a in ("-h", "--help") for a in argv)
    parser = build_parser([command] if command else (None if wants_help else []))
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            from gem.commands.window import open_window

            return open_window(args)
        return int(handler(args) or 0)
    except GemError as exc:
        # The CLI acts as the built-in system identity; its messages follow --lang.
        print(exc.message(current_language()), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
