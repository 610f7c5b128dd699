"""The API key: from OPENAI_API_KEY, else the OS keyring (Secret Service, Keychain, Windows
Credential Manager, through ``keyring``). Minutia itself never writes it to a file."""

from __future__ import annotations

import os

from engine.errors import MinutiaError

SERVICE = "Minutia"


def _account(endpoint: str) -> str:
    """The keyring entry's name for a base URL: "https://x/v1/" and "https://x/v1" are one."""
    return endpoint.strip().rstrip("/")


def find(endpoint: str) -> str | None:
    """The key for ``endpoint`` (its base URL): the environment first, then the keyring."""
    key = os.environ.get("OPENAI_API_KEY", "").strip()
    if key:
        return key
    try:
        import keyring
        return keyring.get_password(SERVICE, _account(endpoint)) or None
    except Exception:  # noqa: BLE001 - no keyring backend here: as if no key were stored
        return None


def store(endpoint: str, key: str) -> None:
    key = key.strip()
    if not key:
        raise MinutiaError("The API key is empty: nothing stored")
    import keyring
    try:
        keyring.set_password(SERVICE, _account(endpoint), key)
    except Exception as e:  # noqa: BLE001 - keyring.errors.* and the backend's own
        raise MinutiaError(f"Could not store the key in the OS keyring ({e}): set"
                           " OPENAI_API_KEY in the environment instead") from e


def delete(endpoint: str) -> bool:
    """Forget the stored key; False when none was stored."""
    import keyring
    try:
        keyring.delete_password(SERVICE, _account(endpoint))
        return True
    except Exception:  # noqa: BLE001 - PasswordDeleteError or no backend
        return False


def masked(key: str | None) -> str:
    """What the UI may show of a key: its last 4 characters."""
    if not key:
        return "none"
    return f"…{key[-4:]}" if len(key) > 8 else "…" + "*" * 4


def describe(endpoint: str) -> str:
    """The key in use as the user may see it: its last 4 characters and where it is from."""
    key = find(endpoint)
    if not key:
        return "none (set OPENAI_API_KEY, or store one in the OS keyring)"
    origin = "OPENAI_API_KEY" if os.environ.get("OPENAI_API_KEY", "").strip() else "keyring"
    return f"{masked(key)} (from {origin})"


def source(endpoint: str) -> str:
    """Where the key in use comes from, for the user: 'OPENAI_API_KEY', 'keyring' or 'none'."""
    if os.environ.get("OPENAI_API_KEY", "").strip():
        return "OPENAI_API_KEY"
    return "keyring" if find(endpoint) else "none"
