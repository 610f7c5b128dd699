"""The pulse_mic fixture of the end-to-end recording tests (a plugin of tests/conftest.py: a
conftest.py beside the e2e tests would shadow tests/test_desktop/conftest.py, which the desktop
tests import as `conftest`)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from missing import need

TOOLS = Path(__file__).resolve().parent / "tools"


@pytest.fixture
def pulse_mic(tmp_path):
    """The environment under which PortAudio lists the virtual microphone "vmic": a private
    PulseAudio daemon (tests/tools/vmic-start.sh) whose null sink "vsink" a test plays into
    with ``paplay --latency-msec=100 -d vsink clip.wav``, paced in real time."""
    # ./setup.sh --test installs PulseAudio: missing, it is a broken setup, not a reason to skip.
    assert shutil.which("pulseaudio") and shutil.which("paplay"), \
        "PulseAudio is not installed: run ./setup.sh --test"
    env = {**os.environ, "VMIC_DIR": str(tmp_path / "vmic")}
    started = subprocess.run([TOOLS / "vmic-start.sh"], env=env, capture_output=True, text=True,
                             timeout=60)
    if started.returncode != 0:
        # Installed but unable to run (a sandbox without the rights it needs): say so; in
        # CI, where ./setup.sh --test ran, that is a failure.
        need(f"the PulseAudio daemon did not start here: {started.stderr[-400:]}")
    env.update(re.findall(r"^export (\w+)=(.*)$", (tmp_path / "vmic" / "env.sh").read_text(), re.M))
    yield env
    subprocess.run([TOOLS / "vmic-stop.sh"], env=env, capture_output=True, timeout=30)
