"""A stand-in for sounddevice's output side: a stream whose thread asks for a block every
``blocksize / RATE`` seconds, as PortAudio's does, and remembers the first sample of each
block. Files whose sample i holds i // 4 (``counting_wav``) then tell where each block came
from."""

import threading
import time
import types
import wave
from pathlib import Path

import numpy as np

RATE = 16000


def counting_wav(path: Path, seconds: float) -> Path:
    """A 16 kHz PCM16 WAV whose sample i is i // 4 (frame = 4 x the value)."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.arange(int(seconds * RATE)) // 4).astype("<i2").tobytes())
    return path


class FakeStream:
    streams: list["FakeStream"] = []

    def __init__(self, *, samplerate, blocksize, callback, finished_callback, device=None, **_):
        self.blocksize, self.callback, self.finished = blocksize, callback, finished_callback
        self.device = device
        self.latency = 0.0
        self.firsts: list[int] = []  # the file frame each block started at
        self.active = False
        self.die_after: int | None = None
        FakeStream.streams.append(self)

    def start(self):
        self.active = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        out = np.zeros((self.blocksize, 1), np.float32)
        while self.active:
            if self.die_after is not None and len(self.firsts) >= self.die_after:
                self.active = False
                self.finished()  # the device went: PortAudio ends the stream
                return
            try:
                self.callback(out, self.blocksize, None, None)
            except FakeSD.CallbackStop:
                self.active = False
                self.finished()
                return
            self.firsts.append(int(round(out[0, 0] * 32768)) * 4)
            time.sleep(self.blocksize / RATE)

    def abort(self):
        self.active = False

    def close(self):
        pass


class FakeSD(types.SimpleNamespace):
    class PortAudioError(Exception):
        pass

    class CallbackStop(Exception):
        pass

    OutputStream = FakeStream
    default = types.SimpleNamespace(device=(0, 1))
    DEVICES = [{"name": "Built-in mic", "hostapi": 0, "max_output_channels": 0},
               {"name": "Speakers", "hostapi": 0, "max_output_channels": 2},
               {"name": "USB headset", "hostapi": 0, "max_output_channels": 2}]

    @staticmethod
    def query_hostapis():
        return [{"name": "ALSA"}]

    @classmethod
    def query_devices(cls):
        return cls.DEVICES
