"""Write test audio in real container formats with PyAV's own encoders (no ffmpeg binary)."""

from __future__ import annotations

import wave
from fractions import Fraction
from pathlib import Path

import av
import numpy as np


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as w:
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768
        return data, w.getframerate()


def write_wav(path: Path, samples: np.ndarray, rate: int = 16000) -> Path:
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1 if pcm.ndim == 1 else pcm.shape[1])
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


def encode(path: Path, mono16k: np.ndarray, *, codec: str, rate: int = 44100, stereo: bool = True,
           video: bool = False) -> Path:
    """Resample ``mono16k`` to ``rate`` (stereo if asked) and write it with ``codec``."""
    n = int(len(mono16k) * rate / 16000)
    resampled = np.interp(np.linspace(0, len(mono16k) - 1, n), np.arange(len(mono16k)), mono16k)
    channels = np.stack([resampled, resampled * 0.5]) if stereo else resampled[None, :]
    with av.open(str(path), "w") as out:
        if video:
            v = out.add_stream("mpeg4", rate=5)
            v.width, v.height, v.pix_fmt = 64, 48, "yuv420p"
        a = out.add_stream(codec, rate=rate)
        a.layout = "stereo" if stereo else "mono"
        fmt = a.codec_context.codec.audio_formats[0].name
        step = 1024 if codec != "libopus" else 960
        for i in range(0, channels.shape[1], step):
            block = np.ascontiguousarray(channels[:, i:i + step], dtype=np.float32)
            frame = av.AudioFrame.from_ndarray(block if fmt.endswith("p") else block.T.reshape(1, -1),
                                               format="fltp" if fmt.endswith("p") else "flt",
                                               layout=a.layout.name)
            frame.sample_rate = rate
            frame.pts = i
            frame.time_base = Fraction(1, rate)
            for packet in a.encode(frame):
                out.mux(packet)
            if video and i % (rate // 5) < step:
                vf = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), np.uint8), format="rgb24")
                vf.pts = i * 5 // rate
                for packet in v.encode(vf.reformat(format="yuv420p")):
                    out.mux(packet)
        for packet in a.encode(None):
            out.mux(packet)
        if video:
            for packet in v.encode(None):
                out.mux(packet)
    return path
