"""Qt catalogue of the window: extract the French tr() strings of gem/ui into the English
.ts, and compile it to the .qm that ships in the package.

    python tools/ui_translations.py update    # lupdate: add new strings, mark removed ones
    python tools/ui_translations.py release   # lrelease: gem_en.ts -> gem_en.qm
    python tools/ui_translations.py check     # exit 1 if the .ts misses or lacks a translation

Translate new strings with Qt Linguist (``pyside6-linguist gem/resources/i18n/gem_en.ts``) or
by editing the XML, then ``release``; both files are committed, and tests/ui/
test_translations.py fails when the sources, the .ts and the .qm disagree. pyside6-lupdate
and pyside6-lrelease come with PySide6-Essentials (no system Qt tools needed).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "gem" / "ui"
TS = ROOT / "gem" / "resources" / "i18n" / "gem_en.ts"
QM = TS.with_suffix(".qm")


def tool(name: str) -> str:
    """The PySide6 wrapper next to this Python (a venv's bin/ or Scripts\\), else PATH."""
    here = Path(sys.executable).parent
    for candidate in (here / name, here / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6-Essentials in this environment")
    return found


def sources() -> list[str]:
    return [str(p) for p in sorted(UI.rglob("*.py"))]


def update(ts: Path = TS, obsolete: bool = False) -> None:
    args = [tool("pyside6-lupdate"), *sources(), "-ts", str(ts), "-source-language", "fr",
            "-target-language", "en", "-locations", "none", "-silent"]
    if obsolete:
        args.append("-no-obsolete")
    subprocess.run(args, check=True)


def release(ts: Path = TS, qm: Path = QM) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def messages(ts: Path = TS) -> dict[tuple[str, str], str | None]:
    """(context, source) -> translation, None when unfinished; obsolete entries left out."""
    result: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
            text = translation.text if translation is not None else None
            result[(name, message.findtext("source") or "")] = \
                None if kind == "unfinished" or not text else text
    return result


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update(obsolete="--drop-obsolete" in argv)
    elif command == "release":
        release()
    elif command == "check":
        missing = [k for k, v in messages().items() if v is None]
        for context, source in missing:
            print(f"untranslated: [{context}] {source!r}")
        return 1 if missing else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
