"""Choose where each model runs (CUDA or CPU) and with how many threads, and say why."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from engine.errors import DeviceError

CUDA_LLAMA_HINT = ('reinstall llama-cpp-python with CUDA: CMAKE_ARGS="-DGGML_CUDA=on"'
                   " pip install --force-reinstall --no-cache-dir llama-cpp-python")


def _cuda_devices() -> int:
    try:
        import ctranslate2
        return ctranslate2.get_cuda_device_count()
    except Exception:  # noqa: BLE001 - a broken CUDA install means "no GPU" here
        return 0


def _llama_gpu_offload() -> bool:
    try:
        import llama_cpp
        return bool(llama_cpp.llama_supports_gpu_offload())
    except Exception:  # noqa: BLE001
        return False


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@dataclass(frozen=True)
class DeviceProbe:
    """What the machine offers; tests replace the functions to fake a GPU."""

    cuda_devices: Callable[[], int] = _cuda_devices
    llama_gpu_offload: Callable[[], bool] = _llama_gpu_offload
    cpu_count: Callable[[], int] = _cpu_count


@dataclass(frozen=True)
class DevicePlan:
    whisper_device: str
    whisper_compute_type: str
    llm_gpu_layers: int
    threads: int
    reasons: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        speech = "CUDA" if self.whisper_device == "cuda" else "CPU"
        minutes = "CUDA" if self.llm_gpu_layers != 0 else "CPU"
        return speech if speech == minutes else f"{speech} (speech) + {minutes} (minutes)"

    def as_dict(self) -> dict:
        return {"label": self.label, "whisper_device": self.whisper_device,
                "whisper_compute_type": self.whisper_compute_type,
                "llm_gpu_layers": self.llm_gpu_layers, "threads": self.threads,
                "reasons": list(self.reasons)}


def plan_devices(requested: str = "auto", *, threads: int | None = None,
                 probe: DeviceProbe | None = None) -> DevicePlan:
    """Decide devices for speech and minutes.

    Args:
        requested: ``auto`` (CUDA where available), ``cpu`` or ``cuda``.
        threads: CPU threads for both models; default: every core this process may use.
        probe: what the machine offers (tests pass a fake).

    Raises:
        DeviceError: ``cuda`` was asked for and neither model can use a GPU.
    """
    probe = probe or DeviceProbe()
    if requested not in ("auto", "cpu", "cuda"):
        raise DeviceError(f"Unknown device {requested!r}: use auto, cpu or cuda")
    cores = max(1, probe.cpu_count())
    threads = threads or cores
    if requested == "cpu":
        return DevicePlan("cpu", "int8", 0, threads, ("CPU requested",))
    gpus = probe.cuda_devices()
    offload = probe.llama_gpu_offload()
    reasons = []
    if gpus:
        reasons.append(f"speech on CUDA (float16): CTranslate2 sees {gpus} GPU(s)")
    else:
        reasons.append(f"speech on CPU (int8, {threads} threads): CTranslate2 sees no CUDA GPU")
    if gpus and offload:
        reasons.append("minutes on CUDA: llama-cpp-python supports GPU offload, all layers offloaded")
    elif gpus:
        reasons.append(f"minutes on CPU ({threads} threads): this llama-cpp-python build has no GPU"
                       f" offload; {CUDA_LLAMA_HINT}")
    else:
        reasons.append(f"minutes on CPU ({threads} threads)")
    if requested == "cuda" and not gpus:
        raise DeviceError("CUDA was requested but no CUDA GPU is visible to CTranslate2"
                          " (check the NVIDIA driver and CUDA 12 libraries, or use --device cpu)")
    return DevicePlan("cuda" if gpus else "cpu", "float16" if gpus else "int8",
                      -1 if gpus and offload else 0, threads, tuple(reasons))
