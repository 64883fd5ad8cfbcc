"""The window's Qt catalogue: the .ts holds every tr() string of gem/ui, the shell's strings
are all translated with the same placeholders, and the committed .qm is the compiled .ts."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import ui_translations  # noqa: E402

# Contexts (classes) of the application shell; the forms' contexts join this list once the
# forms package's strings are translated.
SHELL = {"CaseloadView", "Section", "DatabaseDialog", "ListView", "MainWindow", "QuickSearch",
         "SignInDialog", "Startup", "UserDialog", "UsersView"}
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _has_lupdate() -> bool:
    try:
        ui_translations.tool("pyside6-lupdate")
    except SystemExit:
        return False
    return True


def test_shell_strings_are_translated_with_the_same_placeholders():
    messages = ui_translations.messages()
    shell = {k: v for k, v in messages.items() if k[0] in SHELL}
    assert len(shell) > 150
    untranslated = [k for k, v in shell.items() if v is None]
    assert untranslated == []
    for (context, source), translation in shell.items():
        assert sorted(PLACEHOLDER.findall(source)) == \
            sorted(PLACEHOLDER.findall(translation or "")), (context, source)
        assert source.count("&") == (translation or "").count("&"), (context, source)


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
        if translation is None:
            continue
        assert translator.translate(context, source) == translation, \
            "run: python tools/ui_translations.py release"
