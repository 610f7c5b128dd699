"""Audio for an upload: compact (Ogg Opus), cut into parts at silences when it is too big.

Parts are groups of speech regions (faster-whisper's Silero VAD) no longer than a part may
be; the silence between parts is not sent at all. Each part knows where it starts in the
original audio, so the segments that come back are moved by that offset and line up with
the original.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np

from engine.audio.decode import SAMPLE_RATE

OPENAI_LIMIT = 25 * 1024 * 1024  # bytes per uploaded file
BITRATE = 32_000  # Opus at 32 kbit/s keeps speech intelligible for Whisper-class models
MIME = "audio/ogg"


@dataclass(frozen=True)
class Part:
    start: int  # first sample, in the original audio
    end: int
    data: bytes  # Ogg Opus

    @property
    def offset(self) -> float:
        return self.start / SAMPLE_RATE

    @property
    def seconds(self) -> float:
        return (self.end - self.start) / SAMPLE_RATE


def encode(audio: np.ndarray) -> bytes:
    """16 kHz mono float32 samples as an Ogg Opus file."""
    import av
    out = io.BytesIO()
    with av.open(out, mode="w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=SAMPLE_RATE)
        stream.bit_rate = BITRATE
        stream.layout = "mono"
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(audio, np.float32).reshape(1, -1),
                                           format="flt", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)
    return out.getvalue()


def speech_regions(audio: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) samples of speech, padded a little so no word is clipped."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps
    found = get_speech_timestamps(audio, VadOptions(speech_pad_ms=200, min_silence_duration_ms=300))
    return [(r["start"], r["end"]) for r in found]


def plan_parts(regions: list[tuple[int, int]], max_samples: int) -> list[tuple[int, int]]:
    """Greedy groups of consecutive regions, each group at most ``max_samples`` long from its
    first region's start to its last one's end; a region longer than that is cut."""
    parts: list[tuple[int, int]] = []
    for start, end in regions:
        while end - start > max_samples:  # one long stretch without a pause
            parts.append((start, start + max_samples))
            start += max_samples
        if parts and end - parts[-1][0] <= max_samples:
            parts[-1] = (parts[-1][0], end)
        else:
            parts.append((start, end))
    return parts


def prepare(audio: np.ndarray, *, limit: int = OPENAI_LIMIT,
            max_seconds: float | None = None) -> list[Part]:
    """The audio as upload parts: one compact file when it fits ``limit`` bytes (and
    ``max_seconds``), else parts cut at silences that each fit (by the measured bytes per
    second, with 10 % to spare)."""
    whole = encode(audio)
    seconds = len(audio) / SAMPLE_RATE
    if len(whole) <= limit and (max_seconds is None or seconds <= max_seconds):
        return [Part(0, len(audio), whole)]
    bytes_per_second = len(whole) / max(seconds, 0.1)
    fit = 0.9 * limit / bytes_per_second
    part_seconds = min(fit, max_seconds) if max_seconds else fit
    spans = plan_parts(speech_regions(audio), max(1, int(part_seconds * SAMPLE_RATE)))
    return [Part(s, e, encode(audio[s:e])) for s, e in spans]
