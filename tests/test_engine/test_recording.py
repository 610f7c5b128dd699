"""Crash-safe recording with fake sources (fast tier): what is recorded is always on disk."""

import errno
import threading
import time
import wave

import numpy as np
import pytest

from engine.audio import wav_writer
from engine.audio.recorder import RecordControl, record
from engine.audio.wav_writer import CrashSafeWav, repair_wav
from engine.errors import DeviceError, OutputError
from engine.events import LevelMeasured, RecordingStopped
from engine.recovery import find_interrupted, recover
from engine.session import Session


class FakeSource:
    """Delivers ``blocks`` of 100 ms (a tone), then optionally goes silent or ends."""

    def __init__(self, blocks: int, *, then: str = "end", interval: float = 0.0, size: int = 1600):
        self.blocks, self.then, self.interval, self.size = blocks, then, interval, size
        self.name, self.error, self.ended = "fake mic", None, False
        self._stop = threading.Event()

    def start(self, deliver):
        def run():
            for i in range(self.blocks):
                if self._stop.is_set():
                    return
                t = (np.arange(self.size) + i * self.size) / 16000
                deliver((0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32))
                time.sleep(self.interval)
            if self.then == "end":
                self.ended = True
        threading.Thread(target=run, daemon=True).start()

    def stop(self):
        self._stop.set()


def wav_seconds(path):
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


@pytest.fixture
def session(tmp_path):
    return Session.create("test recording", root=tmp_path / "sessions")


def test_records_everything_until_the_source_ends(session):
    events = list(record(session, FakeSource(30, interval=0.01), RecordControl()))
    stopped = events[-1]
    assert isinstance(stopped, RecordingStopped) and stopped.seconds == pytest.approx(3.0)
    assert wav_seconds(stopped.path) == pytest.approx(3.0)
    levels = [e for e in events if isinstance(e, LevelMeasured)]
    assert levels and max(e.peak for e in levels) == pytest.approx(0.5, abs=0.01)
    assert session.manifest["status"] == "recorded"


def test_duration_limit_and_stop(session):
    events = list(record(session, FakeSource(100, interval=0.001), RecordControl(), max_seconds=1.25))
    assert events[-1].seconds == pytest.approx(1.25)
    control = RecordControl()
    gen = record(Session.create("stop", root=session.dir.parent), FakeSource(10**6, interval=0.01),
                 control)
    for e in gen:
        if isinstance(e, LevelMeasured) and e.seconds > 0.5:
            control.stop()
    assert e.seconds >= 0.5


@pytest.mark.parametrize("seconds,block", [
    (1.0, 1600),    # ten 100 ms blocks end exactly at the limit
    (10.2, 1600),   # likewise (85 s, the case reported, is the same in float arithmetic)
    (10.03, 1600),  # the last block straddles the limit: only its first 480 samples are kept
    (17.0, 1024),   # PortAudio blocks of 1024 (64 ms): the limit falls inside a block
])
def test_a_duration_limit_keeps_exactly_that_many_samples(session, seconds, block):
    # Blocks keep coming after the limit (a live microphone): the recorder must stop by
    # itself at exactly round(seconds * 16000) samples. Counting the room left in float
    # seconds once cut the block at the limit one sample short; every later block was then
    # cut to nothing and the level meter failed on an empty window.
    source = FakeSource(10**6, interval=0.0005, size=block)
    events = list(record(session, source, RecordControl(), max_seconds=seconds))
    stopped = events[-1]
    assert isinstance(stopped, RecordingStopped)
    with wave.open(str(stopped.path)) as w:
        assert w.getnframes() == round(seconds * 16000)
    assert stopped.seconds == seconds
    assert session.manifest["status"] == "recorded"
    assert session.manifest["recording"]["seconds"] == seconds


def test_paused_audio_is_not_recorded(session):
    control = RecordControl()
    control.pause()
    seen = []
    for e in record(session, FakeSource(20, interval=0.01), control):
        seen.append(e)
    assert seen[-1].seconds == 0.0
    assert any(isinstance(e, LevelMeasured) and e.paused for e in seen)


def test_a_device_that_stops_delivering_is_an_error_and_the_audio_is_kept(session, monkeypatch):
    monkeypatch.setattr("engine.audio.recorder.SILENT_DEVICE_S", 0.3)
    with pytest.raises(DeviceError, match="stopped delivering audio.*kept in"):
        list(record(session, FakeSource(12, then="hang"), RecordControl()))
    assert wav_seconds(session.dir / "recording.wav") == pytest.approx(1.2)
    assert session.manifest["status"] == "device failed"


def test_a_full_disk_stops_the_recording_and_keeps_what_was_written(session):
    class FillsUp(CrashSafeWav):
        def write(self, samples):
            if self.seconds >= 1.0:
                raise OSError(errno.ENOSPC, "No space left on device")
            super().write(samples)

    with pytest.raises(OutputError, match="No space left on device.*kept"):
        list(record(session, FakeSource(30, interval=0.001), RecordControl(), writer=FillsUp))
    assert wav_seconds(session.dir / "recording.wav") == pytest.approx(1.0)
    assert session.manifest["status"] == "disk full"


def test_the_header_is_current_on_disk_while_recording(tmp_path, monkeypatch):
    monkeypatch.setattr(wav_writer, "HEADER_EVERY_S", 0.0)
    wav = CrashSafeWav(tmp_path / "live.wav")
    wav.write(np.zeros(16000, np.float32))
    wav.write(np.zeros(8000, np.float32))
    assert wav_seconds(tmp_path / "live.wav") == pytest.approx(1.5)  # readable mid-recording
    wav.close()


def test_repair_makes_a_killed_writers_file_whole(tmp_path):
    wav = CrashSafeWav(tmp_path / "cut.wav")
    wav.write(np.zeros(16000 * 2, np.float32))
    wav._f.flush()  # the process dies here: the header on disk still says 0 bytes
    assert wav_seconds(tmp_path / "cut.wav") == 0.0
    with open(tmp_path / "cut.wav", "ab") as f:
        f.write(b"\x01")  # half a frame
    assert repair_wav(tmp_path / "cut.wav") == pytest.approx(2.0)
    assert wav_seconds(tmp_path / "cut.wav") == pytest.approx(2.0)


def test_interrupted_sessions_are_found_and_recovered(tmp_path):
    root = tmp_path / "sessions"
    dead = Session.create("crashed", root=root)
    wav = CrashSafeWav(dead.dir / "recording.wav")
    wav.write(np.zeros(16000 * 3, np.float32))
    wav._f.flush()
    dead.save_manifest(status="recording", recording={"file": "recording.wav", "pid": 2 ** 22 + 7})
    alive = Session.create("still going", root=root)
    CrashSafeWav(alive.dir / "recording.wav").close()
    alive.save_manifest(status="recording", recording={"file": "recording.wav", "pid": 1})
    [found] = find_interrupted(root)
    assert found.session_dir == dead.dir
    session, seconds = recover(found)
    assert seconds == pytest.approx(3.0) and session.manifest["status"] == "recovered"
    assert find_interrupted(root) == []
