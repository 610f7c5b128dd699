"""Speech with known words for the live benchmark and tests: a slow speaker with long pauses.

A slow speaker who stops between short phrases is what Whisper transcribes worst when each
phrase is heard alone (live): it invents text for a one-word phrase ("I'm sorry I'm sorry…",
"Thank you for watching"). Made with espeak-ng (one call per phrase, trimmed to its audible
part), joined with fixed pauses and white noise at -55 dBFS, so it is the same every time.

    python bench/live_clips.py OUT.wav      # writes OUT.wav and prints its words

Needs espeak-ng on PATH (``./setup.sh --test`` installs it).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

RATE = 16000
NOISE = 10 ** (-55 / 20)
PEAK = 0.5

# (phrase, pause after it in seconds): short phrases, long pauses, like a speech read slowly.
SLOW_SPEAKER = (
    ("Good evening.", 2.0),
    ("Tonight,", 1.5),
    ("I want to talk about the river.", 2.5),
    ("For thirty years", 1.2),
    ("we have taken water from it", 1.0),
    ("and given nothing back.", 3.0),
    ("That has to change.", 2.0),
    ("Not next year.", 1.5),
    ("Now.", 2.5),
    ("So I ask you,", 1.2),
    ("each of you,", 1.5),
    ("to come to the town hall on Tuesday,", 1.0),
    ("and bring a neighbour.", 3.0),
    ("Thank you.", 2.0),
)


def spoken(text: str, *, voice: str = "en-us", speed: int = 115, pitch: int = 45) -> np.ndarray:
    """``text`` said by espeak-ng, at 16 kHz, trimmed to its audible part."""
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "s.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch),
                        "-w", str(wav), text], check=True, capture_output=True)
        raw = Path(tmp) / "s16k.wav"
        subprocess.run(["sox", str(wav), "-r", str(RATE), "-c", "1", "-b", "16", str(raw)],
                       check=True, capture_output=True)
        with wave.open(str(raw), "rb") as w:
            audio = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768
    loud = np.flatnonzero(np.abs(audio) > 0.01)
    audio = audio[loud[0]:loud[-1] + 1] if len(loud) else audio
    return audio * (PEAK / max(1e-6, float(np.abs(audio).max())))


def slow_speaker(path: Path, phrases=SLOW_SPEAKER, *, lead_s: float = 1.0) -> str:
    """Write the slow speaker to ``path`` (16 kHz mono 16-bit WAV); returns the words said."""
    parts = [np.zeros(int(lead_s * RATE), np.float32)]
    for text, pause in phrases:
        parts += [spoken(text), np.zeros(int(pause * RATE), np.float32)]
    audio = np.concatenate(parts)
    audio += np.random.default_rng(17).normal(0, NOISE, len(audio)).astype(np.float32)
    pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())
    return " ".join(text for text, _ in phrases)


if __name__ == "__main__":
    print(slow_speaker(Path(sys.argv[1])))
