"""Record until Ctrl-C from a microphone paced in real time: a private PulseAudio daemon plays
the sample meeting into a null sink, and `minutia record` captures its monitor through
sounddevice -> PortAudio -> ALSA -> pulse, transcribing live."""

import re
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest
from audio_files import read_wav, write_wav
from locations import SAMPLE
from real_models import heard

pytestmark = pytest.mark.e2e  # pulse_mic: tests/pulse_mic.py


def best_correlation(recorded: np.ndarray, played: np.ndarray) -> float:
    """Peak normalised cross-correlation of ``played`` within ``recorded``."""
    n = 1 << int(np.ceil(np.log2(len(recorded) + len(played))))
    xc = np.fft.irfft(np.fft.rfft(recorded, n) * np.conj(np.fft.rfft(played, n)), n)
    lag = int(np.argmax(xc[: len(recorded)]))
    window = recorded[lag:lag + len(played)]
    m = min(len(window), len(played))
    return float(np.corrcoef(window[:m], played[:m])[0, 1])


def test_record_until_ctrl_c_keeps_everything_said_and_transcribes_it_live(pulse_mic, tmp_path):
    speech, _ = read_wav(SAMPLE)
    clip = write_wav(tmp_path / "clip.wav", speech[: 16000 * 22])  # ends on "...provider"
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli", "record", "--input", "vmic", "--title", "paced",
         "-o", str(out), "--temperature", "0"],
        env=pulse_mic, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[tuple[float, str]] = []
    reader = threading.Thread(target=lambda: lines.extend((time.monotonic(), line)
                                                          for line in proc.stderr), daemon=True)
    reader.start()
    deadline = time.monotonic() + 120
    while not list(out.glob("*/recording.wav")) and time.monotonic() < deadline:
        assert proc.poll() is None, "".join(line for _, line in lines)
        time.sleep(0.05)
    started = time.monotonic()
    time.sleep(0.5)
    subprocess.run(["paplay", "--latency-msec=100", "-d", "vsink", str(clip)], env=pulse_mic,
                   check=True, timeout=60)
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)  # Stop, right after the last word
    stopped = time.monotonic()
    proc.wait(600)
    reader.join(10)
    log = "".join(line for _, line in lines)
    assert proc.returncode == 0, log
    [session] = out.iterdir()
    recorded, rate = read_wav(session / "recording.wav")
    assert rate == 16000
    assert abs(len(recorded) / rate - (stopped - started)) < 1.0  # paced: wall time, no gaps
    assert best_correlation(recorded, speech[: 16000 * 22]) > 0.9
    live = [t for t, line in lines if re.match(r"\[\d\d:\d\d\]", line) and t < stopped]
    assert live, "the transcript appeared while people were talking:\n" + log
    # Compared as WER code compares (case, punctuation), spaces ignored: fresh machines'
    # Whisper wrote "New Garden website" and "New Garden Web site".
    transcript = (session / "transcript.txt").read_text()
    assert heard("garden website", transcript) and heard("provider", transcript)  # start, tail
    assert (session / "minutes.md").is_file()
