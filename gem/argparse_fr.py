"""argparse's own words (« usage: », « options », its error lines) in French.

argparse translates its strings through the names ``_`` and ``ngettext`` it imports from
gettext into its own module (``from gettext import gettext as _, ngettext``) and looks them up
at each call. gettext's catalogue is process-wide (domain « messages »), so a French
catalogue installed there would translate other libraries too, and GEM's own strings go
through gem.i18n, not gettext. :func:`install` replaces the two names of the argparse module
only, with a lookup in the small table below; English puts argparse's own functions back.

Headings (« positional arguments », « options ») and the help of -h are read when a parser is
built, error lines when it parses: install before building the parser.

The table holds the strings of argparse in Python 3.11 to 3.13 that a person can meet on
the command line; the ones only a programmer meets (a parser built wrongly: conflicting
options, dest= missing...) stay in English, as the traceback that carries them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Protocol, cast


class _ArgparseTranslation(Protocol):
    """The two names argparse translates through; typeshed leaves them out of its stub."""

    _: Callable[[str], str]
    ngettext: Callable[[str, str, int], str]


# The argparse module itself, typed with the two names its stub omits (they do exist).
_argparse = cast(_ArgparseTranslation, argparse)

_ARGPARSE_GETTEXT: Callable[[str], str] = _argparse._
_ARGPARSE_NGETTEXT: Callable[[str, str, int], str] = _argparse.ngettext

# argparse's msgid -> French. The %-placeholders must stay the same: argparse fills them.
FRENCH: dict[str, str] = {
    "usage: ": "utilisation : ",
    "%(heading)s:": "%(heading)s :",  # 3.13
    "positional arguments": "arguments positionnels",
    "options": "options",
    "subcommands": "sous-commandes",  # 3.13
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version et quitter",  # 3.13
    " (default: %(default)s)": " (par défaut : %(default)s)",  # 3.13
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s : avertissement : %(message)s\n",  # 3.13
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "choix invalide : %(value)r (choisir parmi %(choices)s)",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "expected one argument": "un argument attendu",
    "expected at most one argument": "au plus un argument attendu",
    "expected at least one argument": "au moins un argument attendu",
    "ambiguous option: %(option)s could match %(matches)s":
        "option ambiguë : %(option)s peut désigner %(matches)s",
    "not allowed with argument %s": "interdit avec l'argument %s",
    "ignored explicit argument %r": "argument explicite ignoré : %r",
    "unexpected option string: %s": "option inattendue : %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "commande inconnue %(parser_name)r (choix : %(choices)s)",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
    "option '%(option)s' is deprecated": "l'option « %(option)s » est obsolète",  # 3.13
    "argument '%(argument_name)s' is deprecated":
        "l'argument « %(argument_name)s » est obsolète",  # 3.13
    "command '%(parser_name)s' is deprecated": "la commande « %(parser_name)s » est obsolète",
}

# ngettext's (singular, plural) -> French (singular for 0 and 1, plural from 2).
FRENCH_PLURAL: dict[tuple[str, str], tuple[str, str]] = {
    ("expected %s argument", "expected %s arguments"):
        ("%s argument attendu", "%s arguments attendus"),
}


def _gettext_fr(message: str) -> str:
    return FRENCH.get(message, message)


def _ngettext_fr(singular: str, plural: str, n: int) -> str:
    french = FRENCH_PLURAL.get((singular, plural))
    if french is None:
        return singular if n == 1 else plural
    return french[0] if n in (0, 1) else french[1]


def install(lang: str) -> None:
    """argparse in ``lang``: French for "fr", argparse's own (English) strings otherwise."""
    if lang == "fr":
        _argparse._ = _gettext_fr
        _argparse.ngettext = _ngettext_fr
    else:
        _argparse._ = _ARGPARSE_GETTEXT
        _argparse.ngettext = _ARGPARSE_NGETTEXT


def installed_language() -> str:
    """"fr" when argparse speaks French, else "en"."""
    return "fr" if _argparse._ is _gettext_fr else "en"
