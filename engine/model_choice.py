"""Which model each stage uses: read from, and written to, the settings file (config.toml).

``minutia models use`` writes ``whisper_model`` or ``llm_model`` as a path, the same keys
``--whisper-model`` / ``--llm-model`` read, so every later run uses it by path. Only that one
line is changed; the rest of the file (comments, tables, other settings) stays as it was.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from engine import config_file
from engine.errors import MinutiaError
from engine.model_catalog import ModelStage

KEYS = {ModelStage.TRANSCRIBE: "whisper_model", ModelStage.MINUTES: "llm_model"}


def config_path(explicit: Path | None = None) -> Path:
    """The settings file ``--config`` / ``$MINUTIA_CONFIG`` / the default names."""
    if explicit is not None:
        return explicit.expanduser()
    env = os.environ.get("MINUTIA_CONFIG")
    return Path(env).expanduser() if env else config_file.default_path()


def current(explicit: Path | None = None) -> dict[ModelStage, Path | None]:
    """The model path each stage is set to in the settings file (None: the embedded one)."""
    path = config_path(explicit)
    values = config_file.load(path) if path.exists() else {}
    return {stage: Path(values[key]).expanduser() if values.get(key) else None
            for stage, key in KEYS.items()}


def record(stage: ModelStage, model: Path | None, explicit: Path | None = None) -> Path:
    """Set ``stage``'s model in the settings file (None: back to the embedded model).

    Returns:
        The settings file written.

    Raises:
        MinutiaError: the file cannot be written.
    """
    path = config_path(explicit)
    key = KEYS[stage]
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except OSError as e:
        raise MinutiaError(f"Cannot read the config file {path}: {e.strerror}") from e
    lines = text.splitlines()
    first_table = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")),
                       len(lines))
    pattern = re.compile(rf"^\s*{key.replace('_', '[-_]')}\s*=")
    lines = [line for i, line in enumerate(lines) if not (i < first_table and pattern.match(line))]
    first_table = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")),
                       len(lines))
    if model is not None:
        # A JSON string is a valid TOML basic string (quotes and backslashes escaped).
        lines.insert(first_table, f"{key} = {json.dumps(str(model.expanduser().resolve()))}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as e:
        raise MinutiaError(f"Cannot write the config file {path}: {e.strerror}") from e
    return path
