"""What the player reads: a session's audio as mono float32 blocks from any position.

A PCM16 WAV (every recording Minutia makes) is read from the file as it is played, so a
recording still being written plays up to what is on disk now. Anything else PyAV reads
(mp3, m4a, mp4, ...) is decoded once into memory as 16-bit mono at up to ``MAX_RATE`` Hz.
"""

from __future__ import annotations

import json
import struct
import threading
import time
from pathlib import Path
from typing import Protocol

import av
import numpy as np

from engine.audio.decode import check_input_file
from engine.cancel import CancelToken
from engine.errors import InputError

MAX_RATE = 24_000  # speech needs no more; a decoded hour is then 173 MB of int16
GROWING_S = 3.0  # a WAV changed this recently is a recording still being written


class PlaybackSource(Protocol):
    rate: int
    path: Path

    def frames(self) -> int:
        """How many frames there are now (a recording being written grows)."""

    def read(self, start: int, count: int) -> np.ndarray:
        """Up to ``count`` mono float32 frames from frame ``start`` (fewer at the end)."""


class WavFile:
    """A PCM16 WAV read from disk block by block; its length from the file's size, so a
    recording whose header is rewritten only now and then still plays to its last block."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        with self.path.open("rb") as f:
            head = f.read(4096)
        fmt = head.find(b"fmt ")
        data = head.find(b"data")
        if head[:4] != b"RIFF" or head[8:12] != b"WAVE" or fmt < 0 or data < 0:
            raise ValueError("not a RIFF WAVE file")
        tag, self.channels, self.rate = struct.unpack("<HHI", head[fmt + 8:fmt + 16])
        bits = struct.unpack("<H", head[fmt + 22:fmt + 24])[0]
        if tag != 1 or bits != 16:
            raise ValueError("not 16-bit PCM")
        self.offset = data + 8
        self._lock = threading.Lock()
        self._file = self.path.open("rb")  # noqa: SIM115 - closed in close()

    def frames(self) -> int:
        try:
            size = self.path.stat().st_size
        except OSError:
            return 0
        return max(0, size - self.offset) // (2 * self.channels)

    def growing(self) -> bool:
        """Still being written (changed in the last 3 s): a recording in progress."""
        try:
            return time.time() - self.path.stat().st_mtime < GROWING_S
        except OSError:
            return False

    def read(self, start: int, count: int) -> np.ndarray:
        with self._lock:
            self._file.seek(self.offset + 2 * self.channels * max(0, start))
            raw = self._file.read(2 * self.channels * max(0, count))
        usable = len(raw) // (2 * self.channels) * 2 * self.channels
        pcm = np.frombuffer(raw[:usable], dtype="<i2").reshape(-1, self.channels)
        return (pcm.mean(axis=1) if self.channels > 1 else pcm[:, 0]).astype(np.float32) / 32768

    def close(self) -> None:
        self._file.close()


class DecodedFile:
    """Any container PyAV reads, decoded once to 16-bit mono. ``cancel``: a CancelToken
    checked between decoded frames (the decoding raises Cancelled when it is set)."""

    def __init__(self, path: Path, *, cancel: CancelToken | None = None) -> None:
        self.path = Path(path)
        pcm: list[np.ndarray] = []
        try:
            with av.open(str(self.path)) as container:
                stream = next(s for s in container.streams if s.type == "audio")
                self.rate = min(MAX_RATE, int(stream.rate or MAX_RATE))
                resampler = av.AudioResampler(format="s16", layout="mono", rate=self.rate)
                for frame in container.decode(stream):
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                    for out in resampler.resample(frame):
                        pcm.append(out.to_ndarray().reshape(-1))
                for out in resampler.resample(None):
                    pcm.append(out.to_ndarray().reshape(-1))
        except StopIteration as e:
            raise InputError(f"{self.path.name} has no audio to play") from e
        except (av.FFmpegError, OSError) as e:
            raise InputError(f"Cannot play {self.path.name}: {e}") from e
        self.samples = np.concatenate(pcm) if pcm else np.zeros(0, np.int16)

    def frames(self) -> int:
        return len(self.samples)

    def read(self, start: int, count: int) -> np.ndarray:
        start = max(0, start)
        return self.samples[start:start + max(0, count)].astype(np.float32) / 32768

    def close(self) -> None:
        pass


def reads_as_it_plays(path: Path) -> bool:
    """Whether ``path`` is a PCM16 WAV (opened at once, read as it plays); anything else is
    decoded whole by ``open_source``, which takes seconds for a long file (False also when it
    cannot be read: ``open_source`` says why)."""
    try:
        WavFile(Path(path)).close()
    except (ValueError, struct.error, OSError):
        return False
    return True


def open_source(path: Path, *, cancel: CancelToken | None = None) -> WavFile | DecodedFile:
    """The audio of ``path`` to play (``cancel``: stops the decoding of a non-WAV file).

    Raises:
        InputError: missing, empty, or not audio (with the reason, in a sentence).
        Cancelled: ``cancel`` was set while decoding.
    """
    path = check_input_file(Path(path))
    try:
        return WavFile(path)
    except (ValueError, struct.error):
        return DecodedFile(path, cancel=cancel)
    except OSError as e:
        raise InputError(f"Cannot read {path}: {e.strerror}") from e


def session_audio(folder: Path) -> Path:
    """The audio a session was made from: its recording, else the file it imported (the
    manifest's ``source``), else the file its transcript names.

    Raises:
        InputError: the session names no audio, or the file is gone (moved or deleted).
    """
    folder = Path(folder)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    recording = manifest.get("recording")
    named = [folder / str(recording.get("file", "recording.wav"))
             if isinstance(recording, dict) else folder / "recording.wav"]
    source = manifest.get("source")
    if isinstance(source, dict) and source.get("path"):
        named.append(Path(str(source["path"])))
    try:
        said = json.loads((folder / "transcript.json").read_text(encoding="utf-8")).get("source")
        if said:
            named.append(Path(str(said)))
    except (OSError, ValueError, AttributeError):
        pass
    for path in named:
        if path.is_file():
            return path
    if len(named) == 1:
        raise InputError(f"{folder.name} has no audio to play (no recording, no imported file)")
    raise InputError(f"The audio of {folder.name} is not there any more ({named[-1]}: moved or"
                     " deleted?). The transcript can still be read and corrected.")
