"""A WAV file that is playable at every moment of a recording.

PCM16 frames are appended as they arrive; the header's sizes are rewritten every second and
the file is fsynced at least every two seconds, so a crash, a kill or a power cut loses at
most the last two seconds. ``repair_wav`` fixes the header of a file whose writer died.
"""

from __future__ import annotations

import os
import struct
import time
from pathlib import Path

import numpy as np

HEADER_BYTES = 44
HEADER_EVERY_S = 1.0
FSYNC_EVERY_S = 2.0


def _header(data_bytes: int, rate: int, channels: int) -> bytes:
    block = channels * 2
    return (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, 1, channels, rate, rate * block, block, 16)
            + b"data" + struct.pack("<I", data_bytes))


class CrashSafeWav:
    """Append-only PCM16 WAV writer with a header kept current on disk."""

    def __init__(self, path: Path, *, rate: int = 16_000, channels: int = 1) -> None:
        self.path = Path(path)
        self.rate, self.channels = rate, channels
        self._f = open(self.path, "wb")  # noqa: SIM115 - closed in close()
        self._f.write(_header(0, rate, channels))
        self.data_bytes = 0
        self._header_at = self._synced_at = time.monotonic()
        self._dirty_header = False

    @property
    def seconds(self) -> float:
        return self.data_bytes / (2 * self.channels * self.rate)

    def write(self, samples: np.ndarray) -> None:
        """Append float32 samples in [-1, 1]; raises OSError (e.g. disk full) unchanged."""
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        self._f.write(pcm)
        self.data_bytes += len(pcm)
        self._dirty_header = True
        now = time.monotonic()
        if now - self._header_at >= HEADER_EVERY_S:
            self._rewrite_header()
            self._header_at = now
        if now - self._synced_at >= FSYNC_EVERY_S:
            self.sync()

    def _rewrite_header(self) -> None:
        self._f.flush()
        end = self._f.tell()
        self._f.seek(0)
        self._f.write(_header(self.data_bytes, self.rate, self.channels))
        self._f.seek(end)
        self._dirty_header = False

    def sync(self) -> None:
        if self._dirty_header:
            self._rewrite_header()
        self._f.flush()
        os.fsync(self._f.fileno())
        self._synced_at = time.monotonic()

    def close(self) -> None:
        if self._f.closed:
            return
        try:
            self.sync()
        finally:
            self._f.close()


def repair_wav(path: Path) -> float:
    """Make the header of an interrupted recording match the data on disk; returns seconds.

    Raises:
        ValueError: the file is not a PCM16 WAV written by CrashSafeWav.
    """
    path = Path(path)
    with open(path, "r+b") as f:
        head = f.read(HEADER_BYTES)
        if len(head) < HEADER_BYTES or head[:4] != b"RIFF" or head[36:40] != b"data":
            raise ValueError(f"{path.name} is not a Minutia recording")
        channels, rate = struct.unpack("<HI", head[22:28])
        size = os.fstat(f.fileno()).st_size - HEADER_BYTES
        size -= size % (2 * channels)  # drop a half-written frame
        f.seek(0)
        f.write(_header(size, rate, channels))
        f.truncate(HEADER_BYTES + size)
    return size / (2 * channels * rate)
