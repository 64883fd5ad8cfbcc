"""GEM: the labour-relations case desk of a Québec health and social services union."""

from __future__ import annotations

from functools import cache


@cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gem")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "0.0.0"


def __getattr__(name: str) -> str:
    """``gem.__version__``, looked up on first use: importlib.metadata and the scan of the
    installed distributions cost ~50 ms, on the way to the sign-in dialog otherwise."""
    if name == "__version__":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
