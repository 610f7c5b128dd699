"""The log file stays small: llama.cpp's own INFO chatter stays out, its warnings go in
(the real embedded model, the log file the app writes)."""

import logging

import pytest

from engine import CancelToken
from engine.logging_setup import setup_logging
from engine.minutes.lens import Sampling
from engine.minutes.local_llama import LocalLlama, route_native_logs
from engine.minutes.vocabulary import Vocabulary
from engine.models import default_llm_model

pytestmark = pytest.mark.e2e
NATIVE = ("llama_model_loader", "load_tensors", "llama_context", "print_info", "llama_kv_cache",
          "graph_reserve", "sched_reserve", "llama_model_load")


def _llama_lines(log_file, since: int) -> list[str]:
    lines = log_file.read_text(encoding="utf-8").splitlines()[since:]
    return [ln for ln in lines if " minutia.llama.cpp: " in ln]  # llama.cpp's own lines


def test_loading_and_generating_logs_llamas_warnings_only(monkeypatch):
    monkeypatch.delenv("MINUTIA_LLAMA_LOG", raising=False)
    log_file = setup_logging()
    start = len(log_file.read_text(encoding="utf-8").splitlines())
    chat = LocalLlama(default_llm_model(), context=2048, threads=2)
    try:
        text = "".join(chat.stream_chat([{"role": "user", "content": "Say hello."}],
                                        max_tokens=8, sampling=Sampling(temperature=0.0),
                                        stop=[], cancel=CancelToken()))
        Vocabulary(default_llm_model()).count_tokens("The coconut invoice")
    finally:
        chat.close()
    assert text
    for handler in logging.getLogger().handlers:
        handler.flush()
    lines = _llama_lines(log_file, start)
    assert not [ln for ln in lines if " INFO " in ln or " DEBUG " in ln], lines[:5]
    assert not [ln for ln in lines if any(word in ln for word in NATIVE)
                and " WARNING " not in ln], lines[:5]
    # llama.cpp's one warning here: the tokenizer-only load has no trained context.
    warnings = [ln for ln in lines if " WARNING " in ln]
    assert any("possible training context overflow" in ln for ln in warnings), lines
    assert log_file.stat().st_size < 2_000_000


def test_minutia_llama_log_debug_lets_everything_through(monkeypatch):
    monkeypatch.setenv("MINUTIA_LLAMA_LOG", "debug")
    log_file = setup_logging()
    start = len(log_file.read_text(encoding="utf-8").splitlines())
    route_native_logs()
    Vocabulary(default_llm_model()).count_tokens("The coconut invoice")
    for handler in logging.getLogger().handlers:
        handler.flush()
    lines = _llama_lines(log_file, start)
    assert any(" INFO " in ln and "llama_model_loader" in ln for ln in lines), lines[:5]
