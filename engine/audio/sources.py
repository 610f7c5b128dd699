"""Where recorded audio comes from: a PortAudio input device, or a file replayed as if live.

A source pushes float32 mono blocks at 16 kHz into ``deliver`` from its own thread. The
PortAudio callback only copies and hands the block on; everything else (metering, writing)
happens on the recorder's thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from engine.audio.decode import SAMPLE_RATE, decoded
from engine.audio.devices import InputDevice, load_sounddevice
from engine.errors import DeviceError

Deliver = Callable[[np.ndarray], None]
BLOCK_S = 0.1


class MicSource:
    """A PortAudio input stream (microphone, line-in, or a PulseAudio/PipeWire monitor)."""

    def __init__(self, device: InputDevice, *, sd=None) -> None:
        self.device = device
        self.name = device.label
        self._sd = sd or load_sounddevice()
        self._stream = None
        self.error: str | None = None
        self.overflows = 0
        self.ended = False

    def start(self, deliver: Deliver) -> None:
        def callback(indata, frames, when, status) -> None:
            if status.input_overflow:
                self.overflows += 1
            deliver(indata[:, 0].copy())

        try:
            self._stream = self._sd.InputStream(
                device=self.device.index, samplerate=SAMPLE_RATE, channels=1, dtype="float32",
                blocksize=int(SAMPLE_RATE * BLOCK_S), callback=callback)
            self._stream.start()
        except (self._sd.PortAudioError, ValueError) as e:
            raise DeviceError(f"Cannot record from {self.device.label}: {e}") from e

    @property
    def active(self) -> bool:
        return self._stream is not None and self._stream.active

    def stop(self) -> None:
        if self._stream is not None:
            try:
                self._stream.stop()
                self._stream.close()
            except self._sd.PortAudioError as e:  # an unplugged device may fail to stop
                self.error = self.error or str(e)
            self._stream = None


class ReplaySource:
    """A recording played back as a live source: in real time (``paced``) or as fast as
    the recorder takes it. For demos, tests and benchmarks of the live path."""

    def __init__(self, path: Path, *, paced: bool = True) -> None:
        self.path = Path(path)
        self.name = f"replay of {self.path.name}"
        self.paced = paced
        self.error: str | None = None
        self.ended = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._audio = decoded(self.path)

    def start(self, deliver: Deliver) -> None:
        block = int(SAMPLE_RATE * BLOCK_S)

        def play() -> None:
            t0 = time.monotonic()
            for n, i in enumerate(range(0, len(self._audio), block)):
                if self._stop.is_set():
                    return
                if self.paced:
                    delay = t0 + n * BLOCK_S - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                deliver(self._audio[i:i + block].copy())
            self.ended = True

        self._thread = threading.Thread(target=play, name="minutia-replay", daemon=True)
        self._thread.start()

    @property
    def active(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
