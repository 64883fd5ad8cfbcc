"""What every subcommand needs: an engine on the chosen database, checked against the schema."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from gem import schema
from gem.db import make_engine, session_factory
from gem.i18n import N_
from gem.services.errors import GemError


class BadDatabaseURL(GemError):
    """A mistyped --database or GEM_DATABASE_URL: the person's to fix, not a bug."""

    msgid = N_("Adresse de base de données invalide ({error}). Exemples : "
               "postgresql://utilisateur@serveur/gem, sqlite:///chemin/gem.sqlite3.")


def engine_for(args: argparse.Namespace, check_schema: bool = True) -> Engine:
    try:
        engine = make_engine(getattr(args, "database", None))
    except (ArgumentError, ValueError) as exc:  # unparsable URL, unknown dialect, bad port
        # SQLAlchemy's own words, never the URL itself: it may hold a password.
        raise BadDatabaseURL(error=str(exc).splitlines()[0] if str(exc) else
                             type(exc).__name__) from exc
    if check_schema:
        schema.ensure_usable(engine)
    return engine


def sessions_for(args: argparse.Namespace) -> sessionmaker[Session]:
    return session_factory(engine_for(args))


def print_table(headers: list[str], rows: list[list[Any]], out=None) -> None:
    out = out or sys.stdout
    texts = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in texts]) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in texts:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip(), file=out)


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
