"""Recording through the real sounddevice -> PortAudio -> ALSA path, from a virtual microphone
(ALSA's file plugin: bit-exact, not paced), and recovery after SIGKILL."""

import json
import os
import signal
import subprocess
import sys
import time
import wave

import numpy as np
import pytest
from audio_files import read_wav
from locations import SAMPLE
from real_models import heard

RATE = 16000


def minutia(*args, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "cli", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


@pytest.fixture
def vmic(tmp_path):
    """An ALSA PCM "vmic" whose capture side reads the sample meeting (float32, 16 kHz mono)."""
    speech, _ = read_wav(SAMPLE)
    speech = speech[: RATE * 12]
    raw = tmp_path / "vmic.raw"
    np.concatenate([speech, np.zeros(RATE * 10, np.float32)]).astype("<f4").tofile(raw)
    conf = tmp_path / "vmic.asoundrc"
    conf.write_text(f"""pcm.vmic {{
    type plug
    slave {{
        pcm {{ type file  slave.pcm "null"  file "/dev/null"  infile "{raw}"  format "raw" }}
        format FLOAT_LE
        rate {RATE}
        channels 1
    }}
}}
""")
    return {"ALSA_CONFIG_PATH": f"/usr/share/alsa/alsa.conf:{conf}"}, speech


def test_devices_lists_the_virtual_microphone(vmic):
    env, _ = vmic
    result = minutia("devices", env=env)
    assert result.returncode == 0, result.stderr
    assert "vmic (ALSA)" in result.stdout


@pytest.mark.e2e
@pytest.mark.parametrize("seconds", [
    10.2,   # the last 100 ms block ends exactly at the limit
    10.03,  # the last block straddles it
])
def test_recording_from_the_virtual_mic_matches_the_source_and_is_transcribed(vmic, tmp_path,
                                                                               seconds):
    # Both limits once left the recording one sample short, cut every later block to nothing
    # and ended in "internal error" (an empty level window) with no transcript or minutes.
    env, speech = vmic
    env["MINUTIA_HOME"] = str(tmp_path / "home")
    result = minutia("record", "--input", "vmic", "--duration", seconds, "--title", "vmic test",
                     "--temperature", "0", env=env)
    assert result.returncode == 0, result.stderr
    [session] = (tmp_path / "home" / "data" / "sessions").iterdir()
    with wave.open(str(session / "recording.wav")) as w:
        assert w.getframerate() == RATE and w.getnframes() == round(RATE * seconds)
        recorded = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768
    assert np.corrcoef(recorded, speech[: len(recorded)])[0, 1] > 0.999
    assert heard("garden website", (session / "transcript.txt").read_text())
    assert "## Action items" in (session / "minutes.md").read_text()
    manifest = json.loads((session / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["recording"]["seconds"] == seconds


class OutputsOnly:
    """PortAudio as seen on a machine with speakers but no microphone (faked at the boundary)."""

    class PortAudioError(Exception):
        pass

    class default:  # noqa: N801 - mirrors sounddevice.default
        device = (-1, 0)

    @staticmethod
    def query_hostapis():
        return [{"name": "ALSA"}]

    @staticmethod
    def query_devices():
        return [{"name": "Speakers", "hostapi": 0, "max_input_channels": 0,
                 "default_samplerate": 48000.0}]


def test_no_input_device_is_a_clear_error(monkeypatch, capsys, tmp_path):
    import cli
    monkeypatch.setattr("engine.audio.devices.load_sounddevice", lambda: OutputsOnly)
    assert cli.main(["record", "--duration", "2"]) == 2
    err = capsys.readouterr().err
    assert "No microphone or other input device found" in err and "Traceback" not in err
    assert cli.main(["devices"]) == 2


def test_portaudio_missing_is_a_clear_error_and_files_still_work():
    code = """
import sys
class NoPortAudio:
    def find_spec(self, name, path=None, target=None):
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
sys.meta_path.insert(0, NoPortAudio())
from cli import main
sys.exit(main(["devices"]))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 2
    assert "PortAudio is not installed" in result.stderr and "libportaudio2" in result.stderr
    assert minutia("transcribe", "--help").returncode == 0


@pytest.mark.e2e
def test_sigkill_mid_recording_then_recover(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "MINUTIA_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-m", "cli", "record", "--from-file", str(SAMPLE),
                             "--title", "killed"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    sessions = home / "data" / "sessions"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(sessions.glob("*/recording.wav")):
        time.sleep(0.05)
    started = time.monotonic()
    time.sleep(30)  # killed 30 s into the meeting
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    elapsed = time.monotonic() - started
    listed = minutia("recover", env={"MINUTIA_HOME": str(home)})
    assert listed.returncode == 0 and "killed" in listed.stderr
    result = minutia("recover", "--all", "--temperature", "0", env={"MINUTIA_HOME": str(home)})
    assert result.returncode == 0, result.stderr
    [session] = sessions.iterdir()
    with wave.open(str(session / "recording.wav")) as w:
        kept = w.getnframes() / w.getframerate()
    assert kept >= 28.0 and kept >= elapsed - 2.5  # at most ~2 s (the fsync interval) lost
    assert heard("garden website", (session / "transcript.txt").read_text())
    manifest = json.loads((session / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["recording"]["recovered"] is True
    assert minutia("recover", env={"MINUTIA_HOME": str(home)}).stderr.startswith("No interrupted")


def test_record_into_a_folder_that_does_not_exist_yet_creates_it(monkeypatch, capsys, tmp_path):
    # Fakes for the models (this is about the folder); the recording itself is real: the
    # sample meeting replayed in real time for one second.
    from fakes import FakeChat, FakeTranscriber

    import cli
    from engine.types import Segment
    said = [Segment(0.0, 1.0, "Good morning everyone.")]
    monkeypatch.setattr("engine.backends.make_transcriber",
                        lambda config, plan, consent=None: FakeTranscriber(said))
    monkeypatch.setattr("engine.backends.make_chat_model",
                        lambda config, plan, consent=None: FakeChat("We met."))
    folder = tmp_path / "not yet" / "meetings"
    code = cli.main(["record", "--from-file", str(SAMPLE), "--duration", "1", "--no-live",
                     "--title", "into a new folder", "-o", str(folder)])
    assert code == 0, capsys.readouterr().err
    [session] = folder.iterdir()
    with wave.open(str(session / "recording.wav")) as w:
        assert w.getnframes() == RATE
    assert "Good morning everyone." in (session / "transcript.txt").read_text()
    assert "We met." in (session / "minutes.md").read_text()


def test_record_into_a_file_is_a_clear_error(capsys, tmp_path):
    import cli
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("mine")
    assert cli.main(["record", "--from-file", str(SAMPLE), "--duration", "1",
                     "-o", str(not_a_folder)]) == 2
    err = capsys.readouterr().err
    assert f"Cannot record into {not_a_folder}: it is a file, not a folder" in err
    assert not_a_folder.read_text() == "mine"


@pytest.mark.parametrize("seconds", ["0", "-5"])
def test_a_duration_that_is_not_above_zero_is_a_clear_error(capsys, seconds):
    import cli
    assert cli.main(["record", "--from-file", str(SAMPLE), "--duration", seconds]) == 2
    assert f"--duration {float(seconds):g}: give a length in seconds above 0" in capsys.readouterr().err
