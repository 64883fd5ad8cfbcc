"""What every subcommand needs: an engine on the chosen database, checked against the schema."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from gem import schema
from gem.db import make_engine, session_factory


def engine_for(args: argparse.Namespace, check_schema: bool = True) -> Engine:
    engine = make_engine(getattr(args, "database", None))
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
