"""List the French msgids used below gem/ui and check them against the English catalogue.

    python tools/i18n_catalogue.py            # report missing and unused entries
    python tools/i18n_catalogue.py --missing  # print the missing ones as JSON to fill in

Msgids are the literal first arguments of N_() and tr(), and the ``label`` of every model
column's ``info``. The window's strings live in Qt's .ts catalogue instead.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "gem"
CATALOGUE = PACKAGE / "resources" / "i18n" / "en.json"


def _msgids_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else \
                node.func.attr if isinstance(node.func, ast.Attribute) else ""
            if name in ("N_", "tr") and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                found.add(node.args[0].value)
            for kw in node.keywords:
                if kw.arg == "info" and isinstance(kw.value, ast.Dict):
                    for key, value in zip(kw.value.keys, kw.value.values, strict=True):
                        if isinstance(key, ast.Constant) and key.value == "label" and \
                                isinstance(value, ast.Constant) and isinstance(value.value, str):
                            found.add(value.value)
    return found


def msgids() -> set[str]:
    result: set[str] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        if "ui" in path.relative_to(PACKAGE).parts[:1] or "migrations" in path.parts:
            continue
        result |= _msgids_in(path)
    return result


def catalogue() -> dict[str, str]:
    return json.loads(CATALOGUE.read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    used, known = msgids(), catalogue()
    missing = sorted(used - set(known))
    if "--missing" in argv:
        print(json.dumps({m: "" for m in missing}, ensure_ascii=False, indent=2))
        return 0
    for m in missing:
        print(f"missing: {m}")
    for m in sorted(set(known) - used):
        print(f"unused:  {m}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
