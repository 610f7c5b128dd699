"""Decode any audio or video container to 16 kHz mono float32 with PyAV."""

from __future__ import annotations

import wave
from collections.abc import Generator
from pathlib import Path

import av
import numpy as np

from engine.cancel import CancelToken
from engine.errors import InputError
from engine.events import Notice, Progress
from engine.types import Stage

SAMPLE_RATE = 16_000


def check_input_file(path: Path) -> Path:
    """Reject what cannot be audio before any slow work starts.

    Raises:
        InputError: missing, a directory, empty, or unreadable.
    """
    path = Path(path).expanduser()
    if not path.exists():
        raise InputError(f"No such file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a folder, not an audio or video file")
    if path.stat().st_size == 0:
        raise InputError(f"{path} is empty (0 bytes)")
    try:
        with path.open("rb"):
            pass
    except OSError as e:
        raise InputError(f"Cannot read {path}: {e.strerror}") from e
    return path


def _wav_header_seconds(path: Path) -> float | None:
    try:
        with wave.open(str(path), "rb") as w:
            return w.getnframes() / w.getframerate()
    except (wave.Error, EOFError, OSError, ZeroDivisionError):
        return None


def decode_audio(path: Path, *, cancel: CancelToken | None = None
                 ) -> Generator[Progress | Notice, None, np.ndarray]:
    """Decode ``path``, yielding progress; the generator's return value is the samples.

    Raises:
        InputError: no audio stream, or data FFmpeg cannot decode.
        Cancelled: the token was set.
    """
    path = check_input_file(path)
    chunks: list[np.ndarray] = []
    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
    try:
        container = av.open(str(path), mode="r", metadata_errors="ignore")
    except (av.FFmpegError, UnicodeDecodeError) as e:
        raise InputError(f"{path.name} is not an audio or video file Minutia can read"
                         f" ({getattr(e, 'strerror', None) or e})") from e
    with container:
        if not container.streams.audio:
            raise InputError(f"{path.name} has no audio track")
        stream = container.streams.audio[0]
        total = float(container.duration / av.time_base) if container.duration else 0.0
        done = 0.0
        try:
            for packet in container.demux(stream):
                try:
                    frames = packet.decode()
                except av.InvalidDataError:
                    continue  # one damaged packet must not cost the whole meeting
                for frame in frames:
                    if frame.time is not None:
                        done = float(frame.time)
                    for out in resampler.resample(frame):
                        chunks.append(out.to_ndarray().reshape(-1).copy())
                if cancel is not None:
                    cancel.raise_if_cancelled()
                if len(chunks) % 200 == 0:
                    yield Progress(Stage.DECODING, done, total)
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1).copy())
        except av.FFmpegError as e:
            raise InputError(f"{path.name} could not be decoded ({e.strerror or e})") from e
    # No gc.collect() here, unlike faster-whisper's decode_audio (its #390, PyAV 10): PyAV 18
    # frees the resampler by reference counting (30 decodes of a wav and an ogg: RSS flat,
    # nothing left to collect), and a collection on the job's thread destroyed the app's Qt
    # objects there and crashed it (desktop/gc_guard.py).
    audio = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
    seconds = len(audio) / SAMPLE_RATE
    yield Progress(Stage.DECODING, seconds, seconds)
    if seconds < 0.1:
        raise InputError(f"{path.name} holds no audio samples")
    declared = _wav_header_seconds(path) if path.suffix.lower() == ".wav" else None
    if declared and declared > seconds + 0.5:
        yield Notice(f"{path.name} is truncated: its header promises {declared:.1f} s but the file"
                     f" holds {seconds:.1f} s; transcribing what is there")
    return audio.astype(np.float32, copy=False)


def decoded(path: Path) -> np.ndarray:
    """``decode_audio`` at once, without its progress: the samples (notices dropped)."""
    events = decode_audio(path)
    while True:
        try:
            next(events)
        except StopIteration as done:
            return done.value
