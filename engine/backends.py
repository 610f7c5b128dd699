"""The one place that turns an EngineConfig into ready-to-load backends."""

from __future__ import annotations

from engine import models
from engine.config import BACKENDS, EngineConfig
from engine.device import DevicePlan, DeviceProbe, plan_devices
from engine.errors import MinutiaError, ModelError
from engine.minutes.local_llama import LocalLlama
from engine.remote.consent import Consent
from engine.remote.endpoint import Endpoint
from engine.remote.fallback import Fallback
from engine.remote.remote_chat import RemoteChat
from engine.remote.remote_whisper import RemoteWhisper
from engine.transcribe.local_whisper import LocalWhisper


def make_device_plan(config: EngineConfig, probe: DeviceProbe | None = None) -> DevicePlan:
    return plan_devices(config.device, threads=config.threads, probe=probe)


def endpoint(config: EngineConfig) -> Endpoint:
    return Endpoint(config.base_url, timeout=config.remote_timeout)


def _check(backend: str) -> None:
    if backend not in BACKENDS:
        raise MinutiaError(f"Unknown backend {backend!r}: use one of {', '.join(BACKENDS)}")


def local_transcriber(config: EngineConfig, plan: DevicePlan) -> LocalWhisper:
    """The speech model on this machine; resolving its path checks it is there (it loads later)."""
    return LocalWhisper(models.whisper_model(config.whisper_model), device=plan.whisper_device,
                        compute_type=plan.whisper_compute_type, threads=plan.threads)


def local_chat_model(config: EngineConfig, plan: DevicePlan) -> LocalLlama:
    """The GGUF model on this machine; resolving its path checks it is a GGUF (it loads later)."""
    return LocalLlama(models.llm_model(config.llm_model), context=config.context,
                      threads=plan.threads, gpu_layers=plan.llm_gpu_layers)


def make_transcriber(config: EngineConfig, plan: DevicePlan, consent: Consent | None = None):
    """The speech backend the config asks for. ``consent``: what answers before audio leaves
    the machine (none: every remote request is refused)."""
    _check(config.asr_backend)
    if config.asr_backend == "local":
        return local_transcriber(config, plan)
    remote = RemoteWhisper(endpoint(config), config.remote_asr_model, consent=consent or Consent())
    if config.asr_backend == "openai":
        return remote
    return Fallback("speech", lambda: local_transcriber(config, plan), remote)


def make_chat_model(config: EngineConfig, plan: DevicePlan, consent: Consent | None = None):
    """The minutes backend the config asks for; ``consent`` as for make_transcriber."""
    _check(config.minutes_backend)
    if config.minutes_backend == "local":
        return local_chat_model(config, plan)
    remote = RemoteChat(endpoint(config), config.remote_minutes_model,
                        consent=consent or Consent(), context=config.remote_context)
    if config.minutes_backend == "openai":
        return remote
    return Fallback("language", lambda: local_chat_model(config, plan), remote)


class _Deferred:
    """The diarizer, imported and made when a job first needs speakers: a missing model or
    library then becomes that job's Notice (the transcript kept without speakers), not a
    failure of every command at start."""

    def __init__(self) -> None:
        self._diarizer = None

    def diarize(self, audio, *, cancel, speakers):
        if self._diarizer is None:
            try:
                from engine.diarize.diarizer import Diarizer
            except ImportError as e:
                raise ModelError(f"The speaker finder cannot be loaded ({e})") from e
            self._diarizer = Diarizer()
        return self._diarizer.diarize(audio, cancel=cancel, speakers=speakers)


def make_diarizer() -> _Deferred:
    """The speaker finder (engine/diarize), for Pipeline(diarizer=...), made when a job first
    needs it. It takes no settings: ``config.speakers`` and the speaker count are read per
    job by the pipeline."""
    return _Deferred()
