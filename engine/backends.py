"""The one place that turns an EngineConfig into ready-to-load backends."""

from __future__ import annotations

from engine import models
from engine.config import EngineConfig
from engine.device import DevicePlan, DeviceProbe, plan_devices
from engine.minutes.local_llama import LocalLlama
from engine.transcribe.local_whisper import LocalWhisper


def make_device_plan(config: EngineConfig, probe: DeviceProbe | None = None) -> DevicePlan:
    return plan_devices(config.device, threads=config.threads, probe=probe)


def make_transcriber(config: EngineConfig, plan: DevicePlan) -> LocalWhisper:
    """The speech backend; resolving the model path checks it is there (it loads later)."""
    return LocalWhisper(models.whisper_model(config.whisper_model), device=plan.whisper_device,
                        compute_type=plan.whisper_compute_type, threads=plan.threads)


def make_chat_model(config: EngineConfig, plan: DevicePlan) -> LocalLlama:
    """The minutes backend; resolving the model path checks it is a GGUF (it loads later)."""
    return LocalLlama(models.llm_model(config.llm_model), context=config.context,
                      threads=plan.threads, gpu_layers=plan.llm_gpu_layers)
