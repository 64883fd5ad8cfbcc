"""GEM: the labour-relations case desk of a Québec health and social services union."""

from __future__ import annotations

from functools import cache
from pathlib import Path

# The version has one source: ``[project] version`` in pyproject.toml.
_PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


@cache
def _version() -> str:
    """pyproject.toml when GEM runs from its source tree (a checkout, an editable install),
    else the installed distribution's metadata (a wheel, the PyInstaller bundle).

    The source tree comes first because an editable install's metadata (gem.egg-info,
    gem-X.dist-info) keeps the version of the last ``pip install -e .``: after a version bump
    it would still answer the old one."""
    if _PYPROJECT.is_file():
        import tomllib

        try:
            project = tomllib.loads(_PYPROJECT.read_text(encoding="utf-8")).get("project", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            project = {}
        if project.get("name") == "gem" and isinstance(project.get("version"), str):
            return project["version"]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gem")
    except PackageNotFoundError:  # neither a source tree nor installed: unknown
        return "0.0.0"


def __getattr__(name: str) -> str:
    """``gem.__version__``, looked up on first use: importlib.metadata and the scan of the
    installed distributions cost ~50 ms, on the way to the sign-in dialog otherwise."""
    if name == "__version__":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
