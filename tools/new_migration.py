"""Generate the next Alembic revision from the models: `python tools/new_migration.py "what"`.

Builds a scratch SQLite database at the current head, lets Alembic compare it with the
models, and writes gem/migrations/versions/NNNN_what.py with the next four-digit id (the
start-up schema check relies on ids being the file prefixes, in order). Review the file, then
run tests/test_migrations.py: it applies every revision up and down on both engines.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from gem import schema
from gem.db import make_engine


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].strip():
        print(__doc__)
        return 2
    next_id = f"{int(schema.head_revision() or '0') + 1:04d}"
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'scratch.sqlite3'}")
        schema.upgrade(engine)
        cfg = schema.alembic_config(engine)
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.revision(cfg, message=argv[0], autogenerate=True, rev_id=next_id)
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
