"""`minutia models` as a user runs it: a real process, the loopback Hub server as
HF_ENDPOINT (the real huggingface_hub client), a temporary MINUTIA_HOME."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import namedtuple

import library_sessions
import pytest
from servers.hub_fixtures import GGUF_NAME, GGUF_PRESET

from cli.app import main


def minutia(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "cli", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env=dict(os.environ))


def one_line_error(result, fragment):
    assert result.returncode == 2, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("minutia: error:"), result.stderr
    assert fragment in lines[0], result.stderr


def installed_lines(stdout):
    block = stdout.split("Installed (* in use):")[1].split("Catalogue")[0]
    return [ln for ln in block.splitlines() if ln.strip() and not ln.strip().startswith("warning")]


def test_download_shows_progress_then_use_makes_it_the_minutes_model(gguf_hub, model_home):
    done = minutia("models", "download", GGUF_PRESET)
    assert done.returncode == 0, done.stderr
    assert f"Downloading {GGUF_PRESET} from {gguf_hub.url}: 1 file(s), 98 MB" in done.stderr
    assert "MB/s" in done.stderr and "s left" in done.stderr and "(100 %)" in done.stderr
    assert f"{GGUF_PRESET} is installed and verified:" in done.stderr
    listed = minutia("models", "list")
    [row] = [ln for ln in installed_lines(listed.stdout) if GGUF_PRESET in ln]
    assert row.split()[:4] == ["minutes", GGUF_PRESET, "downloaded", "98"]
    assert "Apache-2.0" in row and GGUF_NAME in row and not row.lstrip().startswith("*")

    used = minutia("models", "use", GGUF_PRESET)
    assert used.returncode == 0, used.stderr
    config = (model_home / "config" / "config.toml").read_text()
    assert config.startswith("llm_model = ") and GGUF_NAME in config
    listed = installed_lines(minutia("models", "list").stdout)
    in_use = {ln.split()[2] for ln in listed if ln.lstrip().startswith("*")}
    assert in_use == {"whisper-base", GGUF_PRESET}

    back = minutia("models", "use", "smollm2-135m-instruct")
    assert back.returncode == 0 and "llm_model" not in (model_home / "config" / "config.toml").read_text()


@pytest.mark.e2e
def test_the_downloaded_model_writes_the_minutes(gguf_hub, model_home):
    assert minutia("models", "download", GGUF_PRESET).returncode == 0
    assert minutia("models", "use", GGUF_PRESET).returncode == 0
    session = library_sessions.make_session(model_home / "data" / "sessions", "Budget review",
                                            minutes=None)
    result = minutia("minutes", "--transcript", session, "--temperature", "0")
    assert result.returncode == 0, result.stderr
    assert "## Action items" in result.stdout
    manifests = [json.loads((s / "manifest.json").read_text())
                 for s in (model_home / "data" / "sessions").iterdir()]
    [written] = [m for m in manifests if m.get("minutes_model")]
    assert written["settings"]["llm_model"].endswith(f"presets/{GGUF_PRESET}/{GGUF_NAME}")


def test_ctrl_c_cancels_the_download_and_the_next_run_resumes(gguf_hub, model_home):
    gguf_hub.pause_s = 0.05  # about 20 MB/s: time to press Ctrl-C
    process = subprocess.Popen([sys.executable, "-m", "cli", "models", "download", GGUF_PRESET],
                               stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    first = process.stderr.readline()
    assert first.startswith("Downloading"), first
    progress = process.stderr.readline()
    assert "MB/s" in progress
    process.send_signal(signal.SIGINT)
    rest = process.stderr.read()
    assert process.wait(timeout=60) == 2
    assert rest.strip().splitlines()[-1].startswith("minutia: error: Download of"), rest
    assert "cancelled" in rest and "resume" in rest
    gguf_hub.pause_s = 0.0
    again = minutia("models", "download", GGUF_PRESET)
    assert again.returncode == 0 and "resuming after" in again.stderr, again.stderr
    assert gguf_hub.ranges(GGUF_NAME)[-1].startswith("bytes=")


def test_an_unreachable_hub_is_exit_2_and_one_line(unreachable_hub):
    one_line_error(minutia("models", "download", "whisper-small"), "not reachable")
    listed = minutia("models", "list", "--check-hub")
    assert listed.returncode == 0 and "not reachable" in listed.stdout  # everything else works
    assert "whisper-large-v3-turbo" in listed.stdout


def test_not_enough_disk_is_exit_2_and_one_line(gguf_hub, monkeypatch, capsys):
    import shutil
    Usage = namedtuple("Usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: Usage(10**12, 10**12, 10**6))
    assert main(["models", "download", GGUF_PRESET]) == 2
    lines = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Not enough disk space" in lines[0]


def test_use_refuses_what_is_not_there(model_home, tmp_path):
    one_line_error(minutia("models", "use", "qwen2.5-7b-instruct"), "not downloaded")
    one_line_error(minutia("models", "use", "whisper-small", "--stage", "minutes"),
                   "transcribe model, not a minutes one")
    fake = tmp_path / "fake.gguf"
    fake.write_bytes(b"NOPE")
    one_line_error(minutia("models", "use", fake), "not a GGUF model file")
    one_line_error(minutia("models", "remove", "whisper-base"), "embedded")


def test_info_names_the_hardware_and_a_preset_per_stage(model_home):
    result = minutia("info")
    assert result.returncode == 0, result.stderr
    assert "Hardware: RAM" in result.stdout and "CPU cores" in result.stdout
    assert "Recommended for transcribe:" in result.stdout
    assert "Recommended for minutes:" in result.stdout


def test_a_model_too_big_for_this_machine_is_warned_about_before_it_loads(model_home, tmp_path,
                                                                         monkeypatch, capsys):
    import shutil

    import cli.models
    from engine import models
    from engine.hardware import GIB, HardwareFacts
    folder = tmp_path / "my-whisper"
    shutil.copytree(models.whisper_model(None).path, folder)
    tiny = HardwareFacts(GIB, int(0.3 * GIB), 2)
    monkeypatch.setattr(cli.models, "probe_hardware", lambda: tiny)
    code = main(["transcribe", str(tmp_path / "missing.wav"), "--whisper-model", str(folder),
                 "--device", "cpu"])
    lines = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert lines[0] == ("minutia: warning: my-whisper needs about 0.5 GB of RAM and 0.3 GiB is"
                        " available: it may swap, run very slowly or fail to load")
    assert code == 2 and lines[-1].startswith("minutia: error:")  # the run goes on to its error
