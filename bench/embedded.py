"""What the model benchmarks share: a throwaway MINUTIA_HOME, Minutia's backends on the
embedded models built as the app builds them, the same model files opened directly through
the libraries (same device, threads and context) for the comparison, and a stream timer."""

from __future__ import annotations

import time
from dataclasses import dataclass

from engine import EngineConfig, Pipeline, backends
from engine.device import DevicePlan


@dataclass
class Ours:
    config: EngineConfig
    plan: DevicePlan
    transcriber: object
    chat: object
    pipeline: Pipeline


def ours(config: EngineConfig, *, load: bool = True) -> Ours:
    """Minutia's pipeline and backends for ``config``, as the app builds them; loaded now
    with ``load``, so no measurement includes a model load."""
    plan = backends.make_device_plan(config)
    transcriber = backends.make_transcriber(config, plan)
    chat = backends.make_chat_model(config, plan)
    if load:
        transcriber.load()
        chat.load()
    return Ours(config, plan, transcriber, chat,
                Pipeline(config=config, device=plan, transcriber=transcriber, chat_model=chat))


def direct_llama(chat):
    """llama_cpp.Llama on our chat model's file, context and threads, quiet."""
    from llama_cpp import Llama
    llm = Llama(**chat.load_kwargs(chat.context_tokens))
    llm.verbose = False
    return llm


def direct_whisper(transcriber):
    """faster_whisper.WhisperModel on our transcriber's file, device, type and threads."""
    from faster_whisper import WhisperModel
    return WhisperModel(str(transcriber.model.path), **transcriber.load_kwargs())


def stream_rate(pieces) -> tuple[float, float, int]:
    """(seconds to the first piece, pieces per second after it, pieces): generation speed
    without the prompt evaluation."""
    t0 = time.perf_counter()
    first = None
    n = 0
    for _ in pieces:
        n += 1
        if first is None:
            first = time.perf_counter()
    if first is None:
        return 0.0, 0.0, 0
    return first - t0, (n - 1) / (time.perf_counter() - first) if n > 1 else 0.0, n
