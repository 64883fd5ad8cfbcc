#!/usr/bin/env bash
# Installs GEM into .venv (created if missing), checks (and where it can, installs) the system
# libraries Qt's window needs, fills an embedded SQLite database with demo data (once), and
# opens the window on it. Extra arguments go to `gem demo`.
#
# The SQLite demo is built in demo.sqlite3.partial and renamed to demo.sqlite3 only once
# `gem demo` has finished, so an interrupted build never leaves a database that looks ready:
# a leftover .partial is deleted and built again. "Already built" means the database holds the
# entry a finished `gem demo` writes last (`gem demo --check`), not merely a schema.
# With GEM_DATABASE_URL (e.g. PostgreSQL) the demo goes straight into that database; `gem demo`
# refuses one where an earlier demo began and did not finish, and says how to start again.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# The exact versions of constraints.txt (tools/refresh_constraints.sh), as everywhere.
.venv/bin/python -m pip install --quiet -c constraints.txt -e .
# Before the minute the demo takes: without these Qt aborts when the window opens.
.venv/bin/python tools/qt_system_deps.py xcb
GEM=.venv/bin/gem
if [ -n "${GEM_DATABASE_URL:-}" ]; then
    DB=$GEM_DATABASE_URL
    if ! "$GEM" --database "$DB" demo --check >/dev/null; then
        "$GEM" --database "$DB" demo "$@"
    fi
else
    FILE=$PWD/demo.sqlite3
    DB=sqlite:///$FILE
    if [ ! -e "$FILE" ] || ! "$GEM" --database "$DB" demo --check >/dev/null; then
        PARTIAL=$FILE.partial
        rm -f "$PARTIAL" "$PARTIAL-wal" "$PARTIAL-shm" "$PARTIAL-journal"
        "$GEM" --database "sqlite:///$PARTIAL" demo "$@"
        if [ -e "$PARTIAL-wal" ]; then
            echo "demo.sh: $PARTIAL-wal is still there: the demo was not closed cleanly" >&2
            exit 1
        fi
        if [ -e "$FILE" ]; then
            # Not a finished demo (an interrupted build by an older demo.sh, or another
            # file): keep it aside, with its write-ahead log, rather than delete anything.
            n=1
            while [ -e "$FILE.old-$n" ]; do n=$((n + 1)); done
            ASIDE=$FILE.old-$n
            mv "$FILE" "$ASIDE"
            if [ -e "$FILE-wal" ]; then mv "$FILE-wal" "$ASIDE-wal"; fi
            echo "demo.sh: $FILE held no finished demo; moved to $ASIDE" >&2
        fi
        # A log left without its database would be replayed into the new one.
        rm -f "$FILE-wal" "$FILE-shm"
        mv "$PARTIAL" "$FILE"
    fi
fi
exec "$GEM" --database "$DB"
