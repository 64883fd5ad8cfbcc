"""GEM: the labour-relations case desk of a Québec health and social services union."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("gem")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"
