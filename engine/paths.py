"""Every place Minutia reads or writes, resolved in one module.

``MINUTIA_HOME`` puts data, cache and logs under one folder (tests, portable installs).
"""

from __future__ import annotations

import os
import sys
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
