"""Playback through a real PortAudio output (issue 19): a private PulseAudio daemon's null sink
(tests/pulse_mic.py), its monitor captured in the same process on the same clock
(tests/tools/play_probe.py), compared with the file by cross-correlation."""

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from locations import SAMPLE

from engine.audio.playback_source import open_source
from engine.session import Session
from engine.types import Segment, Transcript

pytestmark = pytest.mark.e2e
PROBE = Path(__file__).resolve().parents[1] / "tools" / "play_probe.py"
RATE = 16000


def probe(env, tmp_path, audio, *args) -> dict:
    out = tmp_path / "probe.npz"
    done = subprocess.run([sys.executable, str(PROBE), str(audio), str(out), *map(str, args)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    data = dict(np.load(out))
    data["stderr"] = done.stderr
    return data


def lag_of(segment: np.ndarray, signal_: np.ndarray) -> tuple[int, float]:
    """Where ``segment`` best matches in ``signal_``, and the correlation there."""
    n = 1 << int(np.ceil(np.log2(len(signal_) + len(segment))))
    xc = np.fft.irfft(np.fft.rfft(signal_, n) * np.conj(np.fft.rfft(segment, n)), n)
    lag = int(np.argmax(xc[:len(signal_) - len(segment)]))
    return lag, float(np.corrcoef(signal_[lag:lag + len(segment)], segment)[0, 1])


def heard_at(data: dict, at: float, played: np.ndarray) -> tuple[float, float, float]:
    """When the file's sample at ``at`` seconds was captured (seconds after play() was called),
    the correlation of the second captured from then with the file's second from ``at``, and
    where in the file the first sound captured comes from (before ``at``: it started early)."""
    captured, ends, frames = data["captured"], data["block_end"], data["block_frames"]
    onset = int(np.argmax(np.abs(captured) > 1e-3))
    began, _ = lag_of(captured[onset:onset + RATE // 2], played)  # the first sound's place
    first = onset - (began - int(at * RATE))  # captured index of the file's sample at ``at``
    block = int(np.searchsorted(np.cumsum(frames), first, side="right"))
    when = ends[block] - (np.cumsum(frames)[block] - first) / RATE - float(data["called"])
    window = captured[first:first + RATE]
    corr = float(np.corrcoef(window, played[int(at * RATE):int(at * RATE) + len(window)])[0, 1])
    return when, corr, began / RATE


@pytest.fixture
def meeting(tmp_path):
    """A recorded session: the sample meeting as its recording.wav, with a transcript."""
    session = Session.create("played", root=tmp_path / "sessions")
    shutil.copy(SAMPLE, session.dir / "recording.wav")
    session.save_manifest(recording={"file": "recording.wav", "rate": RATE})
    session.save_transcript(Transcript([Segment(0.0, 6.0, " Good morning everyone."),
                                        Segment(6.0, 12.0, " The new website is late.")],
                                       "en", 0.9, 63.4))
    return session.dir


@pytest.mark.parametrize("at", [0.0, 7.25, 31.0])
def test_playback_starts_within_300_ms_at_the_asked_position(pulse_mic, tmp_path, meeting, at):
    played = open_source(SAMPLE).read(0, 10**8)
    data = probe(pulse_mic, tmp_path, meeting / "recording.wav", "--at", at, "--listen", 2.5)
    when, corr, began = heard_at(data, at, played)
    print(f"at {at}: heard {when * 1000:.0f} ms after play(), correlation {corr:.3f},"
          f" first sound from {began:.3f} s; capture overflows {data['overflows']},"
          f" playback underflows {data['underflows']}")
    assert str(data["state"]) == "playing"
    assert 0.0 <= when < 0.3, f"started {when * 1000:.0f} ms after the call"
    assert corr > 0.85  # the file from the asked position, not elsewhere
    assert at - 0.03 <= began < at + 0.5  # nothing from before it was played first
    t, pos = data["positions"][:, 0] - data["called"], data["positions"][:, 1]
    one = pos[np.searchsorted(t, 1.0)]
    # the position reported is the one heard: it allows for the device's 0.1 s buffer, which
    # the null sink's monitor shows at once (a loudspeaker would play it 0.1 s later)
    print(f"  position 1 s after play(): {one - at:.3f} s in")
    assert abs(one - (at + 1.0)) < 0.15


def test_speed_keeps_time_and_the_position_follows(pulse_mic, tmp_path, meeting):
    data = probe(pulse_mic, tmp_path, meeting / "recording.wav", "--at", 10, "--speed", 1.5,
                 "--listen", 2.5)
    t, pos = data["positions"][:, 0] - data["called"], data["positions"][:, 1]
    i, j = np.searchsorted(t, 0.5), np.searchsorted(t, 2.0)
    rate = (pos[j] - pos[i]) / (t[j] - t[i])
    assert 1.4 < rate < 1.6, rate
    captured = data["captured"]
    loud = np.abs(captured) > 1e-3
    assert loud.mean() > 0.5  # it kept playing (audio, not gaps)


def test_a_vanished_device_stops_playback_with_a_message(pulse_mic, tmp_path, meeting):
    daemon = int((Path(pulse_mic["PULSE_CLIENTCONFIG"]).parent / "pulseaudio.pid").read_text())
    data = probe(pulse_mic, tmp_path, meeting / "recording.wav", "--at", 5, "--listen", 4,
                 "--kill-pid", daemon, "--kill-after", 1.0)
    assert str(data["state"]) == "failed"
    assert "the output device went away" in str(data["error"])
    pos = data["positions"][:, 1]
    assert 5.5 < pos[-1] < 7.5 and pos[-1] == pos[-10]  # stopped where it was, and stays


def test_minutia_play_prints_the_lines_heard_and_ctrl_c_stops(pulse_mic, meeting):
    proc = subprocess.Popen([sys.executable, "-m", "cli", "play", str(meeting), "--at", "0:05"],
                            env=pulse_mic, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    time.sleep(4.0)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert out.splitlines()[:2] == ["[00:00] Good morning everyone.",
                                    "[00:06] The new website is late."]
    assert "Playing" in err and "from 00:05" in err and "Stopped at 00:0" in err


def test_a_click_on_a_row_in_the_window_is_heard_within_300_ms(pulse_mic, tmp_path):
    """The real window: a click on the second row plays the recording from its start."""
    session = Session.create("clicked", root=tmp_path / "sessions")
    shutil.copy(SAMPLE, session.dir / "recording.wav")
    session.save_manifest(recording={"file": "recording.wav", "rate": RATE})
    session.save_transcript(Transcript([Segment(0.0, 9.5, " Good morning everyone."),
                                        Segment(9.5, 20.0, " The new website is late."),
                                        Segment(20.0, 30.0, " Next item.")], "en", 0.9, 63.4))
    out = tmp_path / "click.npz"
    done = subprocess.run([sys.executable, str(PROBE.parent / "click_probe.py"), str(session.dir),
                           "1", str(out)], env=pulse_mic, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    data = dict(np.load(out))
    when, corr, began = heard_at(data, 9.5, open_source(SAMPLE).read(0, 10**8))
    print(f"click: heard {when * 1000:.0f} ms after the click, correlation {corr:.3f},"
          f" first sound from {began:.3f} s; capture overflows {data['overflows']},"
          f" playback underflows {data['underflows']}")
    assert 0.0 <= when < 0.3 and corr > 0.85 and 9.47 <= began < 10.0
    t, rows = data["heard_rows"][:, 0] - data["called"], data["heard_rows"][:, 1]
    assert rows[-1] == 1 and rows[np.searchsorted(t, 0.3)] == 1  # highlighted while heard
