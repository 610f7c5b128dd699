"""Shared fixtures. Every test runs with MINUTIA_HOME in a temporary folder, so it never
touches a user's sessions, cache or settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the loopback servers of the remote-backend tests; the PulseAudio virtual microphone
pytest_plugins = ["servers.fixtures", "servers.hub_fixtures", "pulse_mic"]


@pytest.fixture(autouse=True, scope="session")
def _minutia_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("minutia-home")
    previous = os.environ.get("MINUTIA_HOME")
    os.environ["MINUTIA_HOME"] = str(home)
    yield home
    if previous is None:
        os.environ.pop("MINUTIA_HOME", None)
    else:
        os.environ["MINUTIA_HOME"] = previous


@pytest.fixture(autouse=True)
def _no_vocabulary(_minutia_home):
    """Each test starts with an empty vocabulary (engine/vocabulary.py): a correction made
    by one test must not hint the transcriptions of the next."""
    (_minutia_home / "config" / "vocabulary.json").unlink(missing_ok=True)


@pytest.fixture
def sessions_root(tmp_path) -> Path:
    return tmp_path / "sessions"
