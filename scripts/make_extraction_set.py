"""Speak the extraction set's synthetic meetings (bench/extraction/*.txt) with espeak-ng.

Each person has their own voice (the meeting's ``voice:`` lines: espeak-ng voice, pitch,
speed). Every sentence is spoken by its own espeak-ng call, trimmed to its audible part, so
where each sentence starts is known to the sample: labels point at the sentence their words
begin in. Sentences of one turn are 0.2-0.35 s apart, turns 0.25-0.8 s (or the pause the
script gives, e.g. ``Tomasz (0.2): ...`` for a quick answer); both drawn from the meeting's
seed, with white noise at -55 dBFS, so a meeting is rendered the same way every time.

Audio goes to a cache folder outside git (``$MINUTIA_BENCH_CACHE/extraction``, default
``~/.cache/minutia-bench/extraction``): ``<name>.wav`` (16 kHz mono 16-bit) and
``<name>.json`` (the key it was made from and every sentence's speaker, start and end in
seconds). A meeting is made again when its files are missing or its script, this renderer
or espeak-ng changed (the key).

    python scripts/make_extraction_set.py [NAME ...] [--force]

Needs espeak-ng on PATH (``./setup.sh --test`` installs it). Importable: the benchmark
calls ``rendered``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.extraction_set import Meeting, Voice, load, sentences  # noqa: E402
from engine.audio.decode import decoded  # noqa: E402

RATE = 16000
PEAK = 0.5
NOISE = 10 ** (-55 / 20)
QUIET = 10 ** (-60 / 20)
RENDERER = "1"  # bump when the rendering changes: every meeting is made again
SENTENCE_GAP = (0.2, 0.35)
TURN_GAP = (0.25, 0.8)


def cache_dir() -> Path:
    base = os.environ.get("MINUTIA_BENCH_CACHE")
    root = Path(base).expanduser() if base else Path.home() / ".cache" / "minutia-bench"
    return root / "extraction"


@dataclass(frozen=True)
class Spoken:
    line: int  # the script line (turn)
    sentence: int  # the sentence within it
    who: str
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Rendered:
    wav: Path
    duration: float
    sentences: list[Spoken]

    def start_of(self, line: int, sentence: int) -> float:
        return next(s.start for s in self.sentences if (s.line, s.sentence) == (line, sentence))


@cache
def _espeak_version() -> str:
    return subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True,
                          check=True).stdout.strip()


def key(meeting: Meeting) -> str:
    """What the audio is made from: the script's file, this renderer, espeak-ng's version."""
    digest = hashlib.sha256(meeting.source.read_bytes())
    digest.update(f"{RENDERER}|{_espeak_version()}".encode())
    return digest.hexdigest()


def speak(voice: Voice, words: str) -> np.ndarray:
    """espeak-ng's audio of ``words`` at 16 kHz, trimmed to its audible part, peak PEAK."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "say.wav")
        subprocess.run(["espeak-ng", "-v", voice.voice, "-p", str(voice.pitch),
                        "-s", str(voice.speed), "-w", str(path), words], check=True)
        audio = decoded(path)
    loud = np.flatnonzero(np.abs(audio) > QUIET * np.abs(audio).max() / PEAK)
    audio = audio[loud[0]: loud[-1] + 1]
    return (audio * (PEAK / np.abs(audio).max())).astype(np.float32)


def synthesize(meeting: Meeting) -> tuple[np.ndarray, list[Spoken]]:
    """The meeting's audio (16 kHz mono float32) and where each sentence is in it."""
    rng = random.Random(meeting.seed)
    parts: list[np.ndarray] = []
    spoken: list[Spoken] = []
    at = 0
    for i, line in enumerate(meeting.lines):
        pause = 0.5 if i == 0 else line.pause if line.pause is not None else rng.uniform(*TURN_GAP)
        for j, text in enumerate(sentences(line.text)):
            gap = int(round((pause if j == 0 else rng.uniform(*SENTENCE_GAP)) * RATE))
            audio = speak(meeting.voices[line.who], text)
            parts += [np.zeros(gap, np.float32), audio]
            at += gap
            spoken.append(Spoken(i, j, line.who, at / RATE, (at + len(audio)) / RATE, text))
            at += len(audio)
    parts.append(np.zeros(RATE // 2, np.float32))
    audio = np.concatenate(parts)
    noise = np.random.default_rng(meeting.seed).normal(0.0, NOISE, len(audio))
    return (audio + noise).astype(np.float32), spoken


def write_wav(path: Path, audio: np.ndarray) -> None:
    pcm = np.clip(np.round(audio * 32767), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())


def rendered(meeting: Meeting, *, folder: Path | None = None, force: bool = False) -> Rendered:
    """The meeting's audio and sentence times, from the cache, made first when missing or
    out of date."""
    folder = folder or cache_dir()
    wav, side = folder / f"{meeting.name}.wav", folder / f"{meeting.name}.json"
    want = key(meeting)
    if not force and wav.is_file() and side.is_file():
        data = json.loads(side.read_text(encoding="utf-8"))
        if data.get("key") == want:
            return Rendered(wav, data["duration"], [Spoken(**s) for s in data["sentences"]])
    folder.mkdir(parents=True, exist_ok=True)
    audio, spoken = synthesize(meeting)
    write_wav(wav.with_suffix(".tmp"), audio)
    wav.with_suffix(".tmp").replace(wav)
    duration = len(audio) / RATE
    side.write_text(json.dumps({"key": want, "duration": duration,
                                "sentences": [s.__dict__ for s in spoken]}, indent=1),
                    encoding="utf-8")
    return Rendered(wav, duration, spoken)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="meetings to make (default: all synthetic)")
    parser.add_argument("--force", action="store_true", help="make them even when cached")
    args = parser.parse_args(argv)
    for meeting in load(names=args.names or None):
        if not meeting.synthetic:
            continue
        made = rendered(meeting, force=args.force)
        people = len({s.who for s in made.sentences})
        print(f"{meeting.name}: {made.duration:.1f} s, {len(meeting.lines)} turns,"
              f" {people} voices -> {made.wav}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
