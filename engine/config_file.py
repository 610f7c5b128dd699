"""The settings file: the CLI's long options as TOML keys (``--base-url`` is ``base_url``).

Read from ``--config FILE``, else ``$MINUTIA_CONFIG``, else ``config.toml`` in the user
config folder when it exists. Command-line flags win over it. It never holds the API key.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from engine import paths
from engine.errors import MinutiaError

FILE_NAME = "config.toml"
_SECRETS = {"api_key", "openai_api_key", "key"}


def default_path() -> Path:
    return paths.config_dir() / FILE_NAME


def load(path: Path | None) -> dict:
    """The file's values; {} when no file was asked for and the default one is absent."""
    explicit = path or (Path(os.environ["MINUTIA_CONFIG"]) if os.environ.get("MINUTIA_CONFIG")
                        else None)
    path = (explicit or default_path()).expanduser()
    if not path.exists():
        if explicit:
            raise MinutiaError(f"Config file {path} does not exist")
        return {}
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise MinutiaError(f"Cannot read the config file {path}: {e}") from e
    return {k.replace("-", "_"): v for k, v in values.items()}


def check_keys(values: dict, known: set[str]) -> None:
    secret = _SECRETS & set(values)
    if secret:
        raise MinutiaError(f"The config file holds {sorted(secret)[0]!r}: keys do not belong in"
                           " files. Remove it; use OPENAI_API_KEY or `minutia key set`")
    unknown = sorted(set(values) - known - {"config"})
    if unknown:
        raise MinutiaError(f"Unknown setting(s) in the config file: {', '.join(unknown)}"
                           " (use the long option names, e.g. base_url)")
