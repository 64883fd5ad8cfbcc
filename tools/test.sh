#!/usr/bin/env bash
# Installs GEM with its test extras into .venv (created if missing), checks the system
# libraries Qt needs for the offscreen UI tests, and runs the whole suite:
# ruff, mypy, then pytest (SQLite always; PostgreSQL too when
# GEM_TEST_DATABASE_URL points at a throw-away database).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# The exact versions of constraints.txt (tools/refresh_constraints.sh), as everywhere.
.venv/bin/python -m pip install --quiet -c constraints.txt -e ".[test]"
# The system libraries Qt's offscreen plugin needs (UI tests), installed when missing and
# possible (root or password-less sudo); otherwise named, and the run stops here.
.venv/bin/python tools/qt_system_deps.py offscreen
.venv/bin/ruff check gem tests tools bench
.venv/bin/mypy
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
