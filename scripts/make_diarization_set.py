"""Synthetic meetings with known speakers for diarization: espeak-ng voices taking turns.

Each meeting is a seeded sequence of turns (one to three sentences, or a quick reply such
as "Right." after 0.1-0.3 s) between 1 to 4 espeak-ng voices that differ in accent,
variant and pitch, with pauses of 0.15-0.8 s and a little white noise (-55 dBFS). Who
speaks when is known by construction: the reference RTTM has one line per turn, from the
first to the last sample louder than -60 dBFS of the voice's own audio. The labels are
written here, from the script, never from a diarizer's output.

    python scripts/make_diarization_set.py OUT_DIR [--check bench/diarization_data]

writes ``OUT_DIR/<name>.wav`` (16 kHz mono 16-bit) and ``OUT_DIR/<name>.rttm``; with
``--check``, also compares each RTTM with the committed one (espeak-ng versions can speak
at slightly different lengths) and says where they differ. Needs espeak-ng on PATH
(``./setup.sh --test`` installs it). Importable: tests call ``synthesize``.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.audio.decode import decoded  # noqa: E402

RATE = 16000
PEAK = 0.5
NOISE = 10 ** (-55 / 20)
QUIET = 10 ** (-60 / 20)


@dataclass(frozen=True)
class Voice:
    name: str  # the speaker's name in the RTTM
    voice: str  # espeak-ng -v
    pitch: int  # espeak-ng -p (0-99)
    speed: int  # espeak-ng -s (words per minute)


VOICES = (
    Voice("ava", "en-us", 40, 160),
    Voice("ben", "en-gb+f3", 62, 150),
    Voice("cat", "en-gb-scotland+m3", 30, 170),
    Voice("dan", "en-029+f5", 75, 155),
    # Not in MEETINGS: held out for checks made after the clustering was chosen.
    Voice("eve", "en-gb-x-rp+f2", 85, 165),
    Voice("fox", "en-us+m7", 45, 145),
)

SENTENCES = (
    "Let's look at the budget for the next quarter before we decide anything.",
    "The supplier sent the revised quote this morning, and it is lower than last time.",
    "I think we should move the launch to the second week of March.",
    "Marketing needs the final copy by Friday at the latest.",
    "Can we agree on the agenda first, so that we finish on time?",
    "The test results came back clean, apart from two minor issues.",
    "We still have no answer from the legal team about the contract.",
    "I spoke with the client yesterday and they were happy with the demo.",
    "The new office will be ready in about six weeks.",
    "Hiring is behind plan, we have filled only three of the five roles.",
    "Shipping costs went up again, so our margin is thinner than expected.",
    "Let me share the numbers from the last sprint.",
    "The mobile app crashed twice during the weekend, both times on older phones.",
    "We could run a small pilot with two customers before the full rollout.",
    "The board wants a written summary by the end of the month.",
    "Travel for the conference is booked, and the hotel is close to the venue.",
    "I would rather fix the billing bug before we add new features.",
    "Our support queue is down to forty tickets, which is the lowest this year.",
    "The training material needs a review by someone outside the team.",
    "We should ask finance whether the extra licence fits in this budget.",
    "The design team proposed three options for the new logo.",
    "Security found an outdated library in the reporting service.",
    "The warehouse move went well, nothing was lost or damaged.",
    "Customer feedback on the new pricing has been mostly positive.",
    "I can draft the proposal tonight and send it round tomorrow.",
    "Let's keep the retrospective short this time, thirty minutes at most.",
)
REPLIES = ("Right.", "Yes.", "Okay, sure.", "Agreed.", "No, not yet.", "Good point.",
           "Makes sense.", "Exactly.", "Fine by me.", "Hmm, maybe.")


@dataclass(frozen=True)
class Meeting:
    name: str
    cast: tuple[str, ...]  # names of VOICES
    turns: int
    seed: int

    @property
    def voices(self) -> int:
        return len(self.cast)


MEETINGS = (
    Meeting("syn1_solo", ("ava",), 8, 1),
    Meeting("syn2_pair", ("ava", "ben"), 18, 2),
    Meeting("syn3_trio", ("ava", "ben", "cat"), 22, 3),
    Meeting("syn4_four", ("ava", "ben", "cat", "dan"), 26, 4),
)


def script(meeting: Meeting) -> list[tuple[Voice, str, float]]:
    """The meeting's turns: (voice, words, pause before the turn in seconds)."""
    rng = random.Random(meeting.seed)
    by_name = {voice.name: voice for voice in VOICES}
    voices = [by_name[name] for name in meeting.cast]
    sentences = list(SENTENCES)
    rng.shuffle(sentences)
    out: list[tuple[Voice, str, float]] = []
    current = 0
    for index in range(meeting.turns):
        if index and len(voices) > 1:
            current = rng.choice([i for i in range(len(voices)) if i != current])
        quick = index > 0 and len(voices) > 1 and rng.random() < 0.3
        if quick:
            words, pause = rng.choice(REPLIES), rng.uniform(0.1, 0.3)
        else:
            count = rng.randint(1, 3)
            words = " ".join(sentences.pop() if sentences else rng.choice(SENTENCES)
                             for _ in range(count))
            pause = rng.uniform(0.15, 0.8)
        out.append((voices[current], words, 0.5 if index == 0 else pause))
    return out


def speak(voice: Voice, words: str) -> np.ndarray:
    """espeak-ng's audio of ``words`` at 16 kHz, trimmed to its audible part, peak PEAK."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "say.wav")
        subprocess.run(["espeak-ng", "-v", voice.voice, "-p", str(voice.pitch),
                        "-s", str(voice.speed), "-w", str(path), words], check=True)
        audio = decoded(path)
    loud = np.flatnonzero(np.abs(audio) > QUIET * np.abs(audio).max() / PEAK)
    audio = audio[loud[0] : loud[-1] + 1]
    return (audio * (PEAK / np.abs(audio).max())).astype(np.float32)


def synthesize(meeting: Meeting) -> tuple[np.ndarray, list[tuple[float, float, str]]]:
    """The meeting's audio (16 kHz mono float32) and its reference turns."""
    parts: list[np.ndarray] = []
    turns: list[tuple[float, float, str]] = []
    at = 0
    for voice, words, pause in script(meeting):
        gap = int(round(pause * RATE))
        audio = speak(voice, words)
        parts += [np.zeros(gap, np.float32), audio]
        at += gap
        turns.append((at / RATE, (at + len(audio)) / RATE, voice.name))
        at += len(audio)
    parts.append(np.zeros(RATE // 2, np.float32))
    audio = np.concatenate(parts)
    noise = np.random.default_rng(meeting.seed).normal(0.0, NOISE, len(audio))
    return (audio + noise).astype(np.float32), turns


def write_wav(path: Path, audio: np.ndarray) -> None:
    pcm = np.clip(np.round(audio * 32767), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())


def main(argv: list[str] | None = None) -> int:
    from engine.diarize.rttm import format_rttm, read_rttm

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--check", type=Path, help="folder of committed RTTMs to compare with")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    differ = 0
    for meeting in MEETINGS:
        audio, turns = synthesize(meeting)
        write_wav(args.out / f"{meeting.name}.wav", audio)
        text = format_rttm(turns, meeting.name)
        (args.out / f"{meeting.name}.rttm").write_text(text, encoding="utf-8")
        print(f"{meeting.name}: {len(audio) / RATE:.1f} s, {len(turns)} turns,"
              f" {meeting.voices} voice(s)")
        committed = args.check / f"{meeting.name}.rttm" if args.check else None
        if committed is not None and committed.is_file():
            ours, theirs = read_rttm(args.out / f"{meeting.name}.rttm"), read_rttm(committed)
            worst = max((abs(a - b) for x, y in zip(ours[meeting.name], theirs[meeting.name],
                                                   strict=False) for a, b in zip(x[:2], y[:2],
                                                                                 strict=True)),
                        default=0.0)
            same = len(ours[meeting.name]) == len(theirs[meeting.name]) and worst < 0.01
            differ += not same
            print(f"  {'same as' if same else 'DIFFERS from'} {committed} (max {worst:.3f} s)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
