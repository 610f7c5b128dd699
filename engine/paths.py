"""Every place Minutia reads or writes, resolved in one module.

``MINUTIA_HOME`` puts data, cache and logs under one folder (tests, portable installs).
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import platformdirs

APP = "Minutia"


def _home_override() -> Path | None:
    home = os.environ.get("MINUTIA_HOME")
    return Path(home).expanduser() if home else None


def data_dir() -> Path:
    home = _home_override()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP, appauthor=False))


def cache_dir() -> Path:
    home = _home_override()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(APP, appauthor=False))


def log_dir() -> Path:
    home = _home_override()
    return home / "logs" if home else Path(platformdirs.user_log_dir(APP, appauthor=False))


def config_dir() -> Path:
    home = _home_override()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP, appauthor=False))


def sessions_dir() -> Path:
    return data_dir() / "sessions"


def models_dir() -> Path:
    return cache_dir() / "models"


def assets_dir() -> Path:
    """Prompt templates, samples, icons: beside the packages, or in the frozen bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    base = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return base / "assets"


def bundled_models_dir() -> Path | None:
    """Models the frozen app carries ready to load (packaging/minutia.spec); None from a checkout."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) / "models" if bundle else None


def ensure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


# One writer at a time: two threads saving one file (the worker a session's manifest, the
# window a correction's) would share its ".tmp", and the second os.replace would find it gone.
# engine/library/folders.py reads a left-over "manifest.json.tmp" as a half-written session.
_writing = threading.Lock()


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one."""
    tmp = path.with_name(path.name + ".tmp")
    with _writing:
        with tmp.open("w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
