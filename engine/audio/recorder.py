"""Record from a source into a session folder, crash-safely, reporting levels as it goes."""

from __future__ import annotations

import errno
import os
import queue
import threading
import time
from collections.abc import Iterator

import numpy as np

from engine.audio.wav_writer import CrashSafeWav
from engine.errors import DeviceError, OutputError
from engine.events import LevelMeasured, RecordingStarted, RecordingStopped
from engine.session import Session, Status
from engine.transcript_io import mmss

RECORDING_FILE = "recording.wav"
LEVEL_EVERY_S = 0.1
SILENT_DEVICE_S = 3.0  # no audio at all for this long while recording: the device failed


class RecordControl:
    """Stop / pause / resume a recording from any thread."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._paused = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def pause(self) -> None:
        self._paused.set()

    def resume(self) -> None:
        self._paused.clear()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    @property
    def paused(self) -> bool:
        return self._paused.is_set()


def record(session: Session, source, control: RecordControl, *,
           max_seconds: float | None = None, writer=CrashSafeWav, live=None
           ) -> Iterator[RecordingStarted | LevelMeasured | RecordingStopped]:
    """Record until ``control.stop()``, ``max_seconds``, or the source ends.

    The WAV in the session folder is playable at every moment (header rewritten every
    second, fsync at least every 2 s) and the manifest says "recording" with this process's
    id until the end, so an interrupted recording can be found and recovered. With
    ``live`` (a LiveTranscriber), every recorded block is fed to it and its events
    (committed and tentative text) are yielded among the levels.

    Raises:
        DeviceError: the device cannot be opened, or stops delivering audio.
        OutputError: the disk is full or the file cannot be written.
        In both cases the audio recorded so far is kept and playable.
    """
    path = session.dir / RECORDING_FILE
    blocks: queue.SimpleQueue = queue.SimpleQueue()
    intake = _Intake(writer(path), control, live, max_seconds)
    session.save_manifest(status=Status.RECORDING, recording={
        "file": RECORDING_FILE, "pid": os.getpid(), "device": source.name,
        "rate": intake.wav.rate, "started": time.time()})
    source.start(blocks.put)
    yield RecordingStarted(path, source.name)
    last_audio = last_level = time.monotonic()
    status = Status.RECORDED
    try:
        while True:
            try:
                intake.take(blocks.get(timeout=0.05))
                last_audio = time.monotonic()
            except queue.Empty:
                pass
            if live is not None:
                yield from live.poll()
            now = time.monotonic()
            if now - last_level >= LEVEL_EVERY_S:
                yield LevelMeasured(*intake.level(), intake.wav.seconds, control.paused)
                last_level = now
            if control.stopping or source.ended or intake.full:
                break
            if source.error or (not control.paused and now - last_audio > SILENT_DEVICE_S):
                status = Status.DEVICE_FAILED
                raise DeviceError(f"The input device stopped delivering audio"
                                  f" ({source.error or 'no data for 3 s'}); the recording so far"
                                  f" ({mmss(intake.wav.seconds)}) is kept in {path}")
    except OSError as e:
        status = Status.DISK_FULL if e.errno == errno.ENOSPC else Status.WRITE_FAILED
        raise OutputError(f"Recording stopped at {mmss(intake.wav.seconds)}: cannot write {path}"
                          f" ({e.strerror}); the audio up to there is kept") from e
    except BaseException:
        status = Status.INTERRUPTED if status == Status.RECORDED else status
        raise
    finally:
        _finish(session, source, blocks, intake, status)
    yield RecordingStopped(path, intake.wav.seconds)


class _Intake:
    """Where each block of audio goes: the WAV file, the level meter's window and the live
    transcriber; nothing while paused, nothing past the length limit."""

    def __init__(self, wav, control: RecordControl, live, max_seconds: float | None) -> None:
        self.wav, self.control, self.live = wav, control, live
        # The limit in whole samples: the room left counted in float seconds came out one
        # sample short at some limits (85 s in 100 ms blocks), and then never grew again.
        self.limit = None if max_seconds is None else round(max_seconds * wav.rate)
        self.window: list[np.ndarray] = []

    def kept(self) -> int:
        return round(self.wav.seconds * self.wav.rate)

    @property
    def full(self) -> bool:
        return self.limit is not None and self.kept() >= self.limit

    def take(self, block: np.ndarray) -> None:
        if self.control.paused:
            return
        if self.limit is not None:
            block = block[:max(0, self.limit - self.kept())]
        if not len(block):
            return
        self.wav.write(block)
        self.window.append(block)
        if self.live is not None:
            self.live.feed(block)

    def level(self) -> tuple[float, float]:
        """(rms, peak) of what came since the last call."""
        joined = np.concatenate(self.window) if self.window else np.zeros(1, np.float32)
        self.window.clear()
        return float(np.sqrt(np.mean(joined ** 2))), float(np.abs(joined).max())


def _finish(session: Session, source, blocks: queue.SimpleQueue, intake: _Intake,
            status: Status) -> None:
    """Stop the device, keep what it delivered before the stop (nothing at the end is
    lost), close the file, and say in the manifest how the recording ended."""
    source.stop()
    try:
        while True:
            intake.take(blocks.get_nowait())
    except (queue.Empty, OSError):
        pass
    try:
        intake.wav.close()
    except OSError:
        pass
    try:
        session.save_manifest(status=status, recording={
            **session.manifest["recording"], "seconds": round(intake.wav.seconds, 3),
            "overflows": getattr(source, "overflows", 0)})
    except OSError:
        pass  # a full disk: the recording itself is what matters, and it is closed
