"""``gem`` with no subcommand: the desktop window.

The CLI imports every module of gem/commands and calls its ``register``; the window is what
runs when no subcommand is given, so it registers nothing. Qt is imported only here, when the
window is wanted, so ``gem db upgrade`` and the other batch commands start fast on a server
with no display libraries.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """No subcommand: ``gem`` alone opens the window (see gem/cli.py)."""


def open_window(args: argparse.Namespace) -> int:
    from gem.ui.app import run

    return run(args)
