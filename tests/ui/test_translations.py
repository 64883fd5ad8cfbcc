"""The window's Qt catalogue: the .ts holds every tr() string of gem/ui under the class that
asks for it, every string is translated with the same placeholders and accelerators, nothing
is left obsolete, and the committed .qm is the compiled .ts.

Adding a tr() string without translating it fails here: either the .ts lacks it (run
``python tools/ui_translations.py update``) or it is still unfinished (translate, then
``release``)."""

from __future__ import annotations

import ast
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import ui_translations  # noqa: E402

# {name} (str.format), %1 (QString.arg) and %n (plural) must survive translation.
PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%\d+|%n")
FRENCH = re.compile(r"[éèêàùçôœ«»]")


def _has_lupdate() -> bool:
    try:
        ui_translations.tool("pyside6-lupdate")
    except SystemExit:
        return False
    return True


def _ui_classes() -> set[str]:
    names: set[str] = set()
    for path in ui_translations.UI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        names |= {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    return names


def test_every_string_is_translated_with_the_same_placeholders():
    messages = ui_translations.messages()
    assert len(messages) > 500
    untranslated = sorted(k for k, v in messages.items() if v is None)
    assert untranslated == [], "translate these in gem_en.ts, then release"
    for (context, source), translation in messages.items():
        assert translation is not None
        assert sorted(PLACEHOLDER.findall(source)) == \
            sorted(PLACEHOLDER.findall(translation)), (context, source)
        assert source.count("&") == translation.count("&"), (context, source)
        assert not FRENCH.search(translation), ("left in French", context, source)


def test_no_unfinished_or_obsolete_entries():
    root = ET.parse(ui_translations.TS).getroot()
    flagged = [(context.findtext("name"), message.findtext("source"),
                message.find("translation").get("type"))
               for context in root.iter("context") for message in context.iter("message")
               if message.find("translation") is None
               or message.find("translation").get("type") is not None]
    assert flagged == [], "run: python tools/ui_translations.py update --drop-obsolete"


def test_every_context_is_a_class_of_the_window():
    """tr() called through another object or a helper lands in a context such as "form" or
    "", which Qt never looks up at run time: the string would stay in French."""
    contexts = {context for context, _source in ui_translations.messages()}
    assert contexts - _ui_classes() == set()


@pytest.mark.skipif(not _has_lupdate(), reason="pyside6-lupdate not installed")
def test_catalogue_holds_every_string_of_the_sources(tmp_path):
    fresh = tmp_path / "fresh.ts"
    shutil.copyfile(ui_translations.TS, fresh)
    ui_translations.update(fresh, obsolete=True)
    assert set(ui_translations.messages(fresh)) == set(ui_translations.messages()), \
        "run: python tools/ui_translations.py update (then translate and release)"


def test_committed_qm_is_the_compiled_ts():
    translator = QTranslator()
    assert translator.load(str(ui_translations.QM))
    for (context, source), translation in ui_translations.messages().items():
        assert translator.translate(context, source) == translation, \
            "run: python tools/ui_translations.py release"
