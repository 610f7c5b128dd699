"""Fixtures (a plugin of tests/conftest.py) for the model manager: the loopback Hub server
(tests/servers/hub_server.py) as HF_ENDPOINT, with a fresh MINUTIA_HOME per test so
downloaded models never leak from one test to the next."""

from __future__ import annotations

import pytest

from engine import models
from servers.hub_server import HubServer
from servers.launch import free_port

GGUF_PRESET = "qwen2.5-1.5b-instruct"
GGUF_REPO = "bartowski/Qwen2.5-1.5B-Instruct-GGUF"
GGUF_NAME = "Qwen2.5-1.5B-Instruct-Q4_K_M.gguf"


@pytest.fixture
def model_home(tmp_path, monkeypatch):
    home = tmp_path / "minutia-home"
    monkeypatch.setenv("MINUTIA_HOME", str(home))
    monkeypatch.delenv("MINUTIA_CONFIG", raising=False)
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def hub_server(model_home, monkeypatch):
    """The loopback hub, pointed to by HF_ENDPOINT, serving nothing yet."""
    server = HubServer()
    monkeypatch.setenv("HF_ENDPOINT", server.url)
    yield server
    server.stop()


@pytest.fixture
def gguf_hub(hub_server):
    """The hub serving the embedded SmolLM2 GGUF (a real model, 98 MB) as the
    qwen2.5-1.5b-instruct preset's file."""
    hub_server.add_file(GGUF_REPO, GGUF_NAME, models.default_llm_model().path)
    hub_server.add_file(GGUF_REPO, "README.md", models.default_llm_model().path.parent
                        / "__init__.py", lfs=False)
    return hub_server


@pytest.fixture
def unreachable_hub(model_home, monkeypatch):
    """HF_ENDPOINT at a loopback port nobody listens on."""
    url = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("HF_ENDPOINT", url)
    return url
