"""What this machine has for models: RAM, CPU cores, and CUDA GPUs with their free memory.

No torch: the GPU count comes from CTranslate2 (what the speech model will see), the GPU's
name and free memory from llama.cpp's device list when its build has CUDA, else from
NVIDIA's management library (``libnvidia-ml``, installed with the driver) through ctypes.
Every probe is a plain function a test replaces through ``HardwareProbe``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from engine.device import DeviceProbe

log = logging.getLogger("minutia.hardware")
GIB = 1024 ** 3
_GGML_GPU_TYPES = (1, 2)  # enum ggml_backend_dev_type: 1 GPU, 2 integrated GPU


@dataclass(frozen=True)
class Gpu:
    name: str
    total_bytes: int
    free_bytes: int


@dataclass(frozen=True)
class HardwareFacts:
    """A snapshot of the machine. ``cuda_devices`` is CTranslate2's count; ``gpus`` the named
    GPUs with their memory (may be empty while ``cuda_devices`` > 0 when no library names them)."""

    ram_total_bytes: int
    ram_available_bytes: int
    cores: int
    cuda_devices: int = 0
    llama_gpu_offload: bool = False
    gpus: tuple[Gpu, ...] = field(default=())

    @property
    def free_vram_bytes(self) -> int:
        return max((g.free_bytes for g in self.gpus), default=0)

    def describe(self) -> list[str]:
        lines = [f"RAM {self.ram_total_bytes / GIB:.1f} GiB ({self.ram_available_bytes / GIB:.1f}"
                 f" GiB available), {self.cores} CPU cores"]
        for gpu in self.gpus:
            lines.append(f"GPU {gpu.name}: {gpu.free_bytes / GIB:.1f} GiB free of"
                         f" {gpu.total_bytes / GIB:.1f} GiB")
        if self.cuda_devices and not self.gpus:
            lines.append(f"{self.cuda_devices} CUDA GPU(s) (name and memory unknown)")
        if not self.cuda_devices:
            lines.append("no CUDA GPU visible to CTranslate2")
        elif not self.llama_gpu_offload:
            lines.append("llama-cpp-python has no GPU offload (a CPU build): minutes run on CPU")
        return lines


def _memory() -> tuple[int, int]:
    """(total, available) bytes of RAM."""
    try:
        values = {}
        for line in Path("/proc/meminfo").read_text().splitlines():
            key, _, rest = line.partition(":")
            values[key] = int(rest.split()[0]) * 1024
        return values["MemTotal"], values.get("MemAvailable", values["MemTotal"])
    except (OSError, KeyError, ValueError, IndexError):
        pass
    if sys.platform == "win32":
        return _windows_memory()
    try:
        page = os.sysconf("SC_PAGE_SIZE")
        total = os.sysconf("SC_PHYS_PAGES") * page
        try:
            available = os.sysconf("SC_AVPHYS_PAGES") * page
        except (ValueError, OSError):
            available = total // 2  # macOS has no such counter: assume half is free
        return total, available
    except (ValueError, OSError, AttributeError):
        return 0, 0


def _windows_memory() -> tuple[int, int]:
    class Status(ctypes.Structure):
        _fields_ = [("length", ctypes.c_ulong), ("load", ctypes.c_ulong),
                    ("total", ctypes.c_ulonglong), ("available", ctypes.c_ulonglong),
                    ("page_total", ctypes.c_ulonglong), ("page_free", ctypes.c_ulonglong),
                    ("virtual_total", ctypes.c_ulonglong), ("virtual_free", ctypes.c_ulonglong),
                    ("extended", ctypes.c_ulonglong)]
    status = Status()
    status.length = ctypes.sizeof(Status)
    if not ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
        return 0, 0
    return status.total, status.available


def _llama_gpus() -> tuple[Gpu, ...]:
    """GPUs in llama.cpp's device list (a CUDA build lists them with their free memory)."""
    try:
        import llama_cpp
    except Exception:  # noqa: BLE001 - no llama.cpp, no answer from it
        return ()
    folder = Path(llama_cpp.__file__).parent / "lib"
    names = {"win32": "ggml.dll", "darwin": "libggml.dylib"}
    try:
        ggml = ctypes.CDLL(str(folder / names.get(sys.platform, "libggml.so")))
        ggml.ggml_backend_dev_count.restype = ctypes.c_size_t
        ggml.ggml_backend_dev_get.restype = ctypes.c_void_p
        ggml.ggml_backend_dev_get.argtypes = [ctypes.c_size_t]
        ggml.ggml_backend_dev_type.argtypes = [ctypes.c_void_p]
        ggml.ggml_backend_dev_description.restype = ctypes.c_char_p
        ggml.ggml_backend_dev_description.argtypes = [ctypes.c_void_p]
        ggml.ggml_backend_dev_memory.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_size_t),
                                                 ctypes.POINTER(ctypes.c_size_t)]
        gpus = []
        for i in range(ggml.ggml_backend_dev_count()):
            dev = ggml.ggml_backend_dev_get(i)
            if ggml.ggml_backend_dev_type(dev) not in _GGML_GPU_TYPES:
                continue
            free, total = ctypes.c_size_t(), ctypes.c_size_t()
            ggml.ggml_backend_dev_memory(dev, ctypes.byref(free), ctypes.byref(total))
            name = (ggml.ggml_backend_dev_description(dev) or b"GPU").decode(errors="replace")
            gpus.append(Gpu(name, total.value, free.value))
        return tuple(gpus)
    except (OSError, AttributeError) as e:
        log.debug("llama.cpp device list unavailable: %s", e)
        return ()


class _NvmlMemory(ctypes.Structure):
    _fields_ = [("total", ctypes.c_ulonglong), ("free", ctypes.c_ulonglong),
                ("used", ctypes.c_ulonglong)]


def _nvml_gpus() -> tuple[Gpu, ...]:
    """GPUs from NVIDIA's management library, when the driver installed it."""
    name = "nvml.dll" if sys.platform == "win32" else (ctypes.util.find_library("nvidia-ml")
                                                       or "libnvidia-ml.so.1")
    try:
        nvml = ctypes.CDLL(name)
        if nvml.nvmlInit_v2() != 0:
            return ()
    except (OSError, AttributeError):
        return ()
    try:
        count = ctypes.c_uint()
        if nvml.nvmlDeviceGetCount_v2(ctypes.byref(count)) != 0:
            return ()
        gpus = []
        for i in range(count.value):
            handle, memory = ctypes.c_void_p(), _NvmlMemory()
            text = ctypes.create_string_buffer(96)
            if nvml.nvmlDeviceGetHandleByIndex_v2(i, ctypes.byref(handle)) != 0:
                continue
            nvml.nvmlDeviceGetName(handle, text, 96)
            nvml.nvmlDeviceGetMemoryInfo(handle, ctypes.byref(memory))
            gpus.append(Gpu(text.value.decode(errors="replace") or "NVIDIA GPU",
                            memory.total, memory.free))
        return tuple(gpus)
    finally:
        nvml.nvmlShutdown()


def _named_gpus() -> tuple[Gpu, ...]:
    return _llama_gpus() or _nvml_gpus()


@dataclass(frozen=True)
class HardwareProbe:
    """Where the facts come from; tests pass fakes."""

    memory: Callable[[], tuple[int, int]] = _memory
    devices: DeviceProbe = field(default_factory=DeviceProbe)
    named_gpus: Callable[[], tuple[Gpu, ...]] = _named_gpus


def probe_hardware(probe: HardwareProbe | None = None) -> HardwareFacts:
    """Look at this machine (RAM, cores, CUDA GPUs); never raises."""
    probe = probe or HardwareProbe()
    total, available = probe.memory()
    cuda = probe.devices.cuda_devices()
    gpus = probe.named_gpus() if cuda else ()
    return HardwareFacts(ram_total_bytes=total, ram_available_bytes=available,
                         cores=max(1, probe.devices.cpu_count()), cuda_devices=cuda,
                         llama_gpu_offload=probe.devices.llama_gpu_offload(), gpus=gpus)
