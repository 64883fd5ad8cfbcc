"""One version: pyproject.toml's, which gem.__version__, ``gem --version``, the About box and
the changelog follow."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import gem
from gem.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _pyproject_version() -> str:
    return _pyproject()["project"]["version"]


def test_version_is_pyprojects():
    assert gem.__version__ == _pyproject_version() == "0.2.0"


def test_gem_version_prints_it(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"GEM {_pyproject_version()}\n"


def test_gem_version_in_a_process():
    """The real command, from the source tree: not the editable install's older metadata."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "gem", "--version"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"GEM {_pyproject_version()}"


def test_changelog_has_the_current_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = [line for line in changelog.splitlines() if line.startswith("## [")]
    assert any(line.startswith(f"## [{_pyproject_version()}]") for line in headings), headings
    assert any(line.startswith("## [0.1.0] - ") for line in headings), headings


def test_about_box_shows_the_version(monkeypatch):
    from gem.ui import main_window

    shown = []
    monkeypatch.setattr(main_window.QMessageBox, "about",
                        lambda _parent, title, text: shown.append((title, text)))

    class Window:
        def tr(self, text: str) -> str:
            return text

    main_window.MainWindow.show_about(Window())
    [(title, text)] = shown
    assert title == "À propos de GEM"
    assert text.startswith(f"GEM {_pyproject_version()}\n")


def test_license_is_an_spdx_expression():
    assert isinstance(_pyproject()["project"]["license"], str)  # PEP 639, not the old table
    assert "setuptools>=77" in _pyproject()["build-system"]["requires"]
