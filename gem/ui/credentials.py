"""The PostgreSQL password in the operating system's vault (Windows Credential Manager, macOS
Keychain, Secret Service), through ``keyring``.

Why the checks: on a workstation with no vault (a bare Linux session, a locked-down image)
``keyring.get_keyring()`` returns the ``fail`` backend, whose every call raises, or a chainer
with nothing in it. GEM then asks for the password at each start rather than writing it to a
file: a clear-text password in an ini file is exactly what IT must never find.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

SERVICE = "GEM database"
log = logging.getLogger(__name__)


def keyring_usable() -> bool:
    """True when a real vault answers; False for keyring's fail or null backends."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except Exception:  # noqa: BLE001 - keyring missing or broken: behave as if absent
        return False
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001
        return False
    if isinstance(backend, fail.Keyring):
        return False
    if type(backend).__module__.endswith("null"):
        return False
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return False
    try:
        return float(backend.priority) > 0
    except Exception:  # noqa: BLE001 - some backends compute priority lazily and may raise
        return True


def account_for(url: str) -> str:
    """The vault entry's name: user@host:port/database, one password per server account."""
    parts = urlsplit(url)
    port = parts.port or 5432
    return f"{parts.username or ''}@{parts.hostname or ''}:{port}{parts.path}"


def get_password(url: str) -> str | None:
    if not keyring_usable():
        return None
    import keyring

    try:
        return keyring.get_password(SERVICE, account_for(url))
    except Exception as exc:  # noqa: BLE001 - a locked or broken vault means "ask"
        log.warning("keyring read failed: %s", exc)
        return None


def set_password(url: str, password: str) -> bool:
    """Store it; False when there is no usable vault (the caller then asks next time)."""
    if not keyring_usable():
        return False
    import keyring

    try:
        keyring.set_password(SERVICE, account_for(url), password)
    except Exception as exc:  # noqa: BLE001
        log.warning("keyring write failed: %s", exc)
        return False
    return True


def forget_password(url: str) -> None:
    """Drop a stored password (it was refused by the server, or the user unticked 'remember')."""
    if not keyring_usable():
        return
    import keyring

    try:
        keyring.delete_password(SERVICE, account_for(url))
    except Exception:  # noqa: BLE001 - nothing stored is fine
        pass
