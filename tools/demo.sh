#!/usr/bin/env bash
# Installs GEM into .venv (created if missing), fills an embedded SQLite database with demo
# data (once), and opens the window on it. Extra arguments go to `gem demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
DB=${GEM_DATABASE_URL:-sqlite:///$PWD/demo.sqlite3}
if ! .venv/bin/gem --database "$DB" db current >/dev/null 2>&1; then
    .venv/bin/gem --database "$DB" demo "$@"
fi
exec .venv/bin/gem --database "$DB"
