"""``python -m gem`` and the PyInstaller entry point."""

import sys

from gem.cli import main

if __name__ == "__main__":
    sys.exit(main())
