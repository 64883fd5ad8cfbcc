#!/usr/bin/env bash
# Rewrites constraints.txt: the exact version of every package GEM, its test tools and its
# PyInstaller build install, resolved for every platform GEM ships on (Windows workstations,
# Linux, macOS) and every Python it supports, so that two installs a month apart (a
# workstation, CI, the bundle) get the same packages (issue 13).
#
# tools/demo.sh, tools/test.sh (hence CI) and the bundle's build (README, "Packaging")
# install with `pip install -c constraints.txt`. Run this after changing a dependency in
# pyproject.toml, or to take newer releases on purpose; then run tools/test.sh and commit both
# files together. uv (a well-kept resolver from PyPI) does the resolving, with --universal so
# that the Windows-only packages (pywin32-ctypes, pefile) are pinned too; it is installed in
# a throw-away environment, not in .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
TOOLS=$(mktemp -d)
trap 'rm -rf "$TOOLS"' EXIT
"$PYTHON" -m venv "$TOOLS"
"$TOOLS/bin/python" -m pip install --quiet "uv>=0.9,<1"
{
    echo "# Exact versions for every install of GEM (pip install -c constraints.txt ...)."
    echo "# Made by tools/refresh_constraints.sh from pyproject.toml: do not edit by hand."
    "$TOOLS/bin/uv" pip compile pyproject.toml --extra test --extra package --universal \
        --python-version 3.11 --no-header --no-annotate
} > constraints.txt.new
mv constraints.txt.new constraints.txt
echo "constraints.txt: $(grep -cv '^#' constraints.txt) packages"
