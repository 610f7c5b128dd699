"""Where downloaded models live in the user cache, and which models are installed.

A preset is installed when its folder ``<cache>/models/presets/<id>/`` holds the
``.complete`` marker, written only after every file's checksum matched the Hub's. Files
being downloaded live apart, under ``presets/.partial/<id>/``, and are never loaded.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from engine import models, paths
from engine.errors import MinutiaError
from engine.model_catalog import EMBEDDED, PRESETS, ModelStage, Preset, find

MARKER = ".complete"


def presets_dir() -> Path:
    return paths.models_dir() / "presets"


def preset_dir(preset: Preset) -> Path:
    return presets_dir() / preset.id


def partial_dir(preset: Preset) -> Path:
    return presets_dir() / ".partial" / preset.id


def load_path(preset: Preset, folder: Path | None = None) -> Path:
    """What to load: the GGUF file, or the Whisper folder."""
    folder = folder or preset_dir(preset)
    return folder / preset.main_file if preset.main_file else folder


def installed_path(preset: Preset) -> Path | None:
    """The loadable path of a downloaded, verified preset; None if it is not installed."""
    folder = preset_dir(preset)
    if not (folder / MARKER).is_file() or not load_path(preset).exists():
        return None
    return load_path(preset)


def write_marker(preset: Preset, record: dict) -> None:
    (preset_dir(preset) / MARKER).write_text(json.dumps(record, indent=1))


def marker(preset: Preset) -> dict:
    try:
        return json.loads((preset_dir(preset) / MARKER).read_text())
    except (OSError, ValueError):
        return {}


def folder_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def remove(preset_id: str) -> int:
    """Delete a downloaded preset (and any partial download of it); the bytes freed.

    Raises:
        MinutiaError: an embedded model, or a preset that is not downloaded.
    """
    preset = find(preset_id)
    if preset.embedded:
        raise MinutiaError(f"{preset.id} is embedded (installed with Minutia): it cannot be removed")
    folders = [f for f in (preset_dir(preset), partial_dir(preset)) if f.exists()]
    if not folders:
        raise MinutiaError(f"{preset.id} is not downloaded: nothing to remove")
    freed = sum(folder_size(f) for f in folders)
    for folder in folders:
        shutil.rmtree(folder)
    return freed


@dataclass(frozen=True)
class Installed:
    """A model on this machine: embedded, downloaded, or a path the user chose."""

    name: str
    stage: ModelStage
    path: Path
    size_bytes: int
    licence: str
    source: str  # "embedded", "downloaded", "added"
    preset: Preset | None = None


def _embedded_path(preset: Preset) -> Path | None:
    try:
        if preset.stage == ModelStage.MINUTES:
            return models.default_llm_model().path
        assembled = paths.models_dir() / "whisper-base"
        if (assembled / models.COMPLETE_MARKER).is_file():
            return assembled
        return models.default_whisper_model().path
    except MinutiaError:
        return None


def installed(choices: dict[ModelStage, Path | None] | None = None) -> list[Installed]:
    """Every installed model: embedded, downloaded presets, then paths in ``choices`` that are
    none of those (models the user added by path)."""
    found = []
    for preset in EMBEDDED:
        path = _embedded_path(preset)
        if path is not None:
            found.append(Installed(preset.id, preset.stage, path, folder_size(path),
                                   preset.licence, "embedded", preset))
    for preset in PRESETS:
        path = installed_path(preset)
        if path is not None:
            found.append(Installed(preset.id, preset.stage, path,
                                   folder_size(preset_dir(preset)), preset.licence,
                                   "downloaded", preset))
    known = {m.path.resolve() for m in found}
    for stage, path in (choices or {}).items():
        if path is not None and path.exists() and path.resolve() not in known:
            found.append(Installed(path.name, stage, path, folder_size(path),
                                   "unknown (see the model's card)", "added"))
    return found
