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

from gem import __version__, commands
from gem.i18n import N_, current_language, language, tr
from gem.services.errors import GemError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gem", description=tr(N_("GEM : dossiers de relations du travail.")))
    parser.add_argument("--version", action="version", version=f"GEM {__version__}")
    parser.add_argument("--database", metavar="URL",
                        help=tr(N_("URL SQLAlchemy de la base de données (sinon "
                                   "GEM_DATABASE_URL, sinon le fichier SQLite local)")))
    parser.add_argument("--lang", choices=("fr", "en"),
                        help=tr(N_("langue des messages (fr par défaut)")))
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
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
    parser = build_parser()
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
