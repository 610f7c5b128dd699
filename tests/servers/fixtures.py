"""Fixtures (a plugin of tests/conftest.py): real servers on loopback for the remote
backends: llama-cpp-python's own OpenAI-compatible server with the embedded SmolLM2, a
faster-whisper transcription server, and a server that fails on purpose."""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

import pytest

from engine import models
from servers.error_server import ErrorServer
from servers.launch import free_port, running

SERVERS = Path(__file__).resolve().parent
TEST_KEY = "sk-minutia-test-4f2a9c1e7b3d5a8f6e0c2b4d"  # the transcription server checks it


def received(base_url: str) -> list[dict]:
    """What the transcription server at ``base_url`` has been sent so far."""
    with urllib.request.urlopen(base_url.removesuffix("/v1") + "/debug/requests") as answer:
        return json.loads(answer.read())


@pytest.fixture(autouse=True)
def no_user_key(monkeypatch):
    """A developer's own key must not reach a test server (or be what a test finds)."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)


@pytest.fixture
def error_server():
    server = ErrorServer()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory):
    """``python -m llama_cpp.server`` with SmolLM2 on a free port; yields the base URL."""
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(models.llm_model(None).path),
               "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "8192",
               "--n_threads", "2", "--n_threads_batch", "2"]
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    with running(command, f"http://127.0.0.1:{port}/v1/models", log):
        yield f"http://127.0.0.1:{port}/v1"


@pytest.fixture(scope="session")
def whisper_server(tmp_path_factory):
    """The faster-whisper transcription server with the embedded base model, checking TEST_KEY."""
    port = free_port()
    command = [sys.executable, str(SERVERS / "transcription_server.py"), "--port", str(port),
               "--model", str(models.whisper_model(None).path), "--key", TEST_KEY]
    log = tmp_path_factory.mktemp("whisper-server") / "server.log"
    with running(command, f"http://127.0.0.1:{port}/v1/models", log):
        yield f"http://127.0.0.1:{port}/v1"

