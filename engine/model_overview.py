"""One picture of the models for ``minutia models list`` and the Models page: what is
installed and in use per stage, the catalogue, and what this machine should use."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine import model_store
from engine.hardware import HardwareFacts
from engine.model_catalog import EMBEDDED, PRESETS, ModelStage, Preset
from engine.model_store import Installed
from engine.recommend import Recommendation, fit_problem, needs_for_path, recommend


@dataclass(frozen=True)
class InstalledRow:
    model: Installed
    in_use: bool
    warning: str | None  # why it may not fit this machine


@dataclass(frozen=True)
class CatalogueRow:
    preset: Preset
    installed: Path | None
    recommended: bool
    warning: str | None


@dataclass(frozen=True)
class Overview:
    facts: HardwareFacts
    installed: list[InstalledRow]
    catalogue: list[CatalogueRow]
    recommended: dict[ModelStage, Recommendation]


def _in_use(model: Installed, choices: dict[ModelStage, Path | None]) -> bool:
    chosen = choices.get(model.stage)
    if chosen is None:
        return model.source == "embedded"
    try:
        return chosen.resolve() == model.path.resolve()
    except OSError:
        return False


def model_warning(stage: ModelStage, preset: Preset | None, path: Path | None,
                  facts: HardwareFacts) -> str | None:
    """Why a preset (or a model at ``path``) may not fit this machine; None when it fits."""
    if preset is not None:
        return fit_problem(stage, preset.ram_gb, preset.vram_gb, facts, name=preset.id)
    if path is None:
        return None
    ram, vram = needs_for_path(stage, path)
    return fit_problem(stage, ram, vram, facts, name=path.name)


def overview(choices: dict[ModelStage, Path | None], facts: HardwareFacts) -> Overview:
    """Everything the list shows, from the settings' choices and the machine's facts."""
    recommended = {stage: recommend(stage, facts) for stage in ModelStage}
    rows = [InstalledRow(m, _in_use(m, choices), model_warning(m.stage, m.preset, m.path, facts))
            for m in model_store.installed(choices)]
    picks = {r.preset.id for r in recommended.values()}
    catalogue = [CatalogueRow(p, model_store.installed_path(p) if not p.embedded else None,
                              p.id in picks, model_warning(p.stage, p, None, facts))
                 for p in EMBEDDED + PRESETS]
    return Overview(facts, rows, catalogue, recommended)
