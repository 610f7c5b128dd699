"""Which preset fits this machine, per stage, and a warning when a chosen model does not fit.

Plain rules over ``HardwareFacts`` (tests pass made-up facts), each answer with its reason:
with a CUDA GPU the largest model whose ``vram_gb`` fits in the free GPU memory; on CPU the
largest whose ``ram_gb`` fits in the available RAM and whose speed the cores can carry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.hardware import GIB, HardwareFacts
from engine.model_catalog import ModelStage, Preset, find

# Best first. The minutes order prefers licences that allow commercial use at equal size.
_SPEECH_GPU = ("whisper-large-v3-turbo", "whisper-small")
_SPEECH_CPU = (("whisper-large-v3-turbo", 8), ("whisper-small", 4))  # (preset, min cores)
_MINUTES_GPU = ("qwen2.5-7b-instruct", "llama-3.2-3b-instruct", "qwen2.5-1.5b-instruct")
_MINUTES_CPU = (("qwen2.5-7b-instruct", 8), ("llama-3.2-3b-instruct", 4),
                ("qwen2.5-1.5b-instruct", 2))
_FALLBACK = {ModelStage.TRANSCRIBE: "whisper-base", ModelStage.MINUTES: "smollm2-135m-instruct"}


@dataclass(frozen=True)
class Recommendation:
    preset: Preset
    device: str  # "cuda" or "cpu"
    reason: str


def _gpu_for(stage: ModelStage, facts: HardwareFacts) -> bool:
    if not facts.cuda_devices:
        return False
    return stage == ModelStage.TRANSCRIBE or facts.llama_gpu_offload


def recommend(stage: ModelStage, facts: HardwareFacts) -> Recommendation:
    """The preset to pick for ``stage`` on a machine with ``facts``."""
    ram = facts.ram_available_bytes / GIB
    if _gpu_for(stage, facts) and facts.gpus:
        vram = facts.free_vram_bytes / GIB
        for preset_id in (_SPEECH_GPU if stage == ModelStage.TRANSCRIBE else _MINUTES_GPU):
            preset = find(preset_id)
            if preset.vram_gb <= vram:
                return Recommendation(preset, "cuda", f"fits in the GPU's {vram:.1f} GiB free"
                                      f" (needs about {preset.vram_gb:g} GB)")
    for preset_id, cores in (_SPEECH_CPU if stage == ModelStage.TRANSCRIBE else _MINUTES_CPU):
        preset = find(preset_id)
        if preset.ram_gb <= ram and facts.cores >= cores:
            return Recommendation(preset, "cpu", f"on CPU: {facts.cores} cores and {ram:.1f} GiB"
                                  f" RAM available (needs about {preset.ram_gb:g} GB,"
                                  f" {cores}+ cores)")
    preset = find(_FALLBACK[stage])
    return Recommendation(preset, "cpu", f"only {facts.cores} cores and {ram:.1f} GiB RAM"
                          " available: the embedded model is the one that runs well here")


def needs_for_path(stage: ModelStage, path: Path) -> tuple[float, float]:
    """(RAM GB, VRAM GB) a model the user added probably needs, from its size on disk."""
    weights = path / "model.bin" if path.is_dir() else path
    try:
        size_gb = weights.stat().st_size / 1e9
    except OSError:
        return 0.0, 0.0
    if stage == ModelStage.TRANSCRIBE:
        return round(size_gb * 2 + 0.2, 1), round(size_gb * 1.6 + 0.3, 1)
    return round(size_gb * 1.3 + 0.6, 1), round(size_gb * 1.2 + 0.8, 1)


def fit_problem(stage: ModelStage, ram_gb: float, vram_gb: float, facts: HardwareFacts,
                *, name: str) -> str | None:
    """Why a model needing ``ram_gb`` (CPU) / ``vram_gb`` (GPU) may not run here; None if it fits.

    Args:
        stage: which stage it is for (a llama.cpp CPU build keeps minutes on the CPU).
        ram_gb: memory it needs when it runs on the CPU.
        vram_gb: GPU memory it needs when it runs on CUDA.
        facts: the machine.
        name: the model's name, for the message.
    """
    if _gpu_for(stage, facts):
        if not facts.gpus:
            return None  # a GPU nobody could measure: nothing to warn about
        vram = facts.free_vram_bytes / GIB
        if vram_gb > vram:
            return (f"{name} needs about {vram_gb:g} GB of GPU memory and the GPU has"
                    f" {vram:.1f} GiB free: it may fail to load or fall back to the CPU")
        return None
    ram = facts.ram_available_bytes / GIB
    if ram_gb > ram:
        return (f"{name} needs about {ram_gb:g} GB of RAM and {ram:.1f} GiB is available:"
                " it may swap, run very slowly or fail to load")
    return None
