"""The PySide6 window. Talks to gem.services only; never builds SQL itself."""
