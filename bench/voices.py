"""Benchmark: how well a remembered voice is recognised, and where engine/voices.py's
thresholds come from.

Each speaker the diarizer finds has a voice (engine.diarize.diarizer.speaker_voices: the
normalised mean of its unit window embeddings). A trial compares a voice remembered from
one recording with a speaker of another recording (cosine similarity); it is a "same"
trial when both are the same person. At each threshold the table gives the true match rate
(same trials at or above it) and the false match rate (different trials at or above it).

Sets:
- synthetic: espeak-ng meetings of 2-4 of ``PEOPLE`` (16 voices: the 6 of
  scripts/make_diarization_set.py, 6 more, and 4 "hard" ones that share an espeak-ng
  voice and variant with one of those but speak at another pitch and speed), each meeting
  its own seed, turns and sentences. Each person is remembered from the first meeting they
  speak in (the diarized speaker holding most of their speech there) and compared with every
  speaker of every other meeting.
- AMI (when ../shared/audio is there): the excerpts trn01-09, diarized whole (60 s), each
  found speaker mapped to the reference person it overlaps most inside trn.uem (0-30 s);
  trials are all pairs of speakers from different files. People recur: FEE083 (trn06,
  trn09), FEE087, FEE088, MEE089, MEO086 (trn07, trn08), MÉO069 (trn01, trn03), FEO066
  (trn01, trn02). "AMI, reference turns": the same with each person's voice taken from the
  windows inside their reference turns where nobody else talks (no diarization errors).

Then the pipeline's decision on the synthetic meetings: a book of every person remembered
(but those remembered from the meeting itself), ``VoiceBook.match`` on each meeting's
speakers, and what became of each speaker: named right, named wrong, suggested, nothing.

    .venv/bin/python bench/voices.py [--meetings 24] [--cache /tmp/voices-bench.pkl]

``--cache`` keeps the synthetic meetings' speakers (synthesis and diarization take ~3
minutes on 2 cores) so that a second run only diarizes the real files again (~30 s).
"""

from __future__ import annotations

import argparse
import importlib.util
import pickle
import random
import sys
import tempfile
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.cancel import CancelToken  # noqa: E402
from engine.diarize import fbank  # noqa: E402
from engine.diarize.diarizer import Diarizer  # noqa: E402
from engine.voices import PROBABLY, SURE, VoiceBook, unit  # noqa: E402

SHARED = ROOT.parent / "shared" / "audio"
RATE = 16000
HALF_WINDOWS = 4  # ~3 s of speech
THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_diarization_set", ROOT / "scripts" / "make_diarization_set.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


GEN = _generator()
V = GEN.Voice
PEOPLE = (
    *GEN.VOICES,  # ava ben cat dan eve fox
    V("gil", "en+m3", 50, 175), V("hal", "en-us+f2", 60, 140),
    V("ivy", "en-gb-x-gbclan+f4", 70, 160), V("jon", "en-us-nyc+m1", 35, 150),
    V("kim", "en-gb-x-gbcwmd+f1", 55, 170), V("leo", "en-gb+m5", 40, 135),
    # hard: the espeak-ng voice and variant of ava, ben, fox and dan at another pitch/speed
    V("max", "en-us", 25, 175), V("nia", "en-gb+f3", 45, 165),
    V("oto", "en-us+m7", 60, 160), V("pia", "en-029+f5", 55, 145),
)


@dataclass
class Speaker:
    """A speaker the diarizer found in one recording, and who it mostly is."""

    recording: str
    number: int
    person: str  # the reference person it overlaps most ("" when none)
    purity: float  # that person's share of its overlap with the reference
    windows: int
    voice: np.ndarray


# ---- recordings ---------------------------------------------------------------------------


def meeting_script(cast: list, turns: int, seed: int) -> list[tuple]:
    """(voice, words, pause) turns as make_diarization_set.script makes them, for any cast."""
    rng = random.Random(seed)
    sentences = list(GEN.SENTENCES)
    rng.shuffle(sentences)
    out, current = [], 0
    for index in range(turns):
        if index:
            current = rng.choice([i for i in range(len(cast)) if i != current])
        if index and rng.random() < 0.3:
            words, pause = rng.choice(GEN.REPLIES), rng.uniform(0.1, 0.3)
        else:
            words = " ".join(sentences.pop() if sentences else rng.choice(GEN.SENTENCES)
                             for _ in range(rng.randint(1, 3)))
            pause = rng.uniform(0.15, 0.8)
        out.append((cast[current], words, 0.5 if index == 0 else pause))
    return out


def synthesize(cast: list, turns: int, seed: int) -> tuple[np.ndarray, list]:
    parts, reference, at = [], [], 0
    for voice, words, pause in meeting_script(cast, turns, seed):
        gap = int(round(pause * RATE))
        audio = GEN.speak(voice, words)
        parts += [np.zeros(gap, np.float32), audio]
        at += gap
        reference.append((at / RATE, (at + len(audio)) / RATE, voice.name))
        at += len(audio)
    audio = np.concatenate([*parts, np.zeros(RATE // 2, np.float32)])
    noise = np.random.default_rng(seed).normal(0.0, GEN.NOISE, len(audio))
    return (audio + noise).astype(np.float32), reference


def casts(meetings: int, seed: int = 7) -> list[list]:
    """Casts of 2-4 people, drawn in turn from the people shuffled again and again, so that
    everyone speaks in about as many meetings."""
    rng = random.Random(seed)
    queue: list = []
    out = []
    for _ in range(meetings):
        cast: list = []
        for _ in range(rng.randint(2, 4)):
            if not queue:
                queue = rng.sample(PEOPLE, len(PEOPLE))
            pick = next((p for p in queue if p not in cast), None)
            if pick is not None:
                queue.remove(pick)
                cast.append(pick)
        out.append(cast)
    return out


# ---- speakers and their voices --------------------------------------------------------------


def diarized(diarizer: Diarizer, audio: np.ndarray):
    events = diarizer.diarize(audio, cancel=CancelToken())
    while True:
        try:
            next(events)
        except StopIteration as done:
            return done.value


def overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def speakers_of(name: str, diarization, reference: list, until: float) -> list[Speaker]:
    """The diarized speakers of one recording, each mapped to the person it overlaps most
    (inside 0..``until`` seconds)."""
    out = []
    for number, voice in diarization.voices.items():
        shares: dict[str, float] = {}
        for t in diarization:
            if t.speaker == number:
                for a, b, who in reference:
                    shares[who] = shares.get(who, 0.0) + overlap((t.start, min(t.end, until)),
                                                                 (a, b))
        person = max(shares, key=shares.get) if shares and max(shares.values()) > 0 else ""
        purity = shares[person] / sum(shares.values()) if person else 0.0
        out.append(Speaker(name, number, person, purity, diarization.windows[number], voice))
    return out


def synthetic_speakers(diarizer: Diarizer, meetings: int) -> list[Speaker]:
    found = []
    for index, cast in enumerate(casts(meetings)):
        audio, reference = synthesize(cast, turns=10 + 2 * len(cast), seed=1000 + index)
        name = f"m{index:02d}"
        got = speakers_of(name, diarized(diarizer, audio), reference, len(audio) / RATE)
        print(f"{name}: {len(audio) / RATE:5.1f} s, cast {','.join(v.name for v in cast)},"
              f" found {len(got)}: " + " ".join(f"{s.person}({s.purity:.0%},{s.windows}w)"
                                               for s in got), flush=True)
        found += got
    return found


def ami_speakers(diarizer: Diarizer) -> tuple[list[Speaker], list[Speaker]]:
    """AMI speakers as the pipeline finds them, and each person's voice from the reference
    turns (AMI and two_speakers.wav; with halves, see ``reference_speakers``)."""
    from engine.audio.decode import decoded
    from engine.diarize.rttm import read_rttm, read_uem

    refs, uem = read_rttm(SHARED / "trn.rttm"), read_uem(SHARED / "trn.uem")
    refs.update(read_rttm(SHARED / "two_speakers.rttm"))
    found, oracle = [], []
    for name in [*sorted(uem), "two_speakers"]:
        audio = decoded(SHARED / f"{name}.wav")
        if name in uem:
            found += speakers_of(name, diarized(diarizer, audio), refs[name], uem[name][-1][1])
        oracle += reference_speakers(diarizer, name, audio, refs[name])
    return found, oracle


def reference_speakers(diarizer: Diarizer, name: str, audio: np.ndarray,
                       reference: list) -> list[Speaker]:
    """Each person's voice from 1.5 s windows (every 0.6 s) inside their reference turns
    where nobody else talks (recording ``name``), and, for a person with at least
    2 x ``HALF_WINDOWS`` windows, from the first and the second half of those windows
    (recordings ``name/1`` and ``name/2``)."""
    out = []
    for number, person in enumerate(sorted({who for _, _, who in reference})):
        spans = solo_windows(person, reference)
        if len(spans) < 2:
            continue
        feats = [fbank.features(fbank.window_samples(audio, a, b)) for a, b in spans]
        windows = diarizer.embedder.embed(feats, normalize=True)
        out.append(Speaker(name, number, person, 1.0, len(spans), unit(windows.mean(axis=0))))
        half = len(spans) // 2
        if half >= HALF_WINDOWS:
            for part, chosen in (("1", windows[:half]), ("2", windows[half:])):
                out.append(Speaker(f"{name}/{part}", number, person, 1.0, len(chosen),
                                   unit(chosen.mean(axis=0))))
    return out


def solo_windows(person: str, reference: list) -> list[tuple[float, float]]:
    spans = []
    for a, b, who in reference:
        if who != person:
            continue
        others = [(c, d) for c, d, w in reference if w != person and overlap((a, b), (c, d))]
        at = a
        while at + 1.5 <= b:
            if not any(overlap((at, at + 1.5), o) for o in others):
                spans.append((at, at + 1.5))
            at += 0.6
    return spans


# ---- trials and the table ---------------------------------------------------------------


def synthetic_trials(speakers: list[Speaker]) -> tuple[np.ndarray, np.ndarray]:
    """(same, different) similarities: each person remembered from their first meeting
    against every speaker of every other meeting."""
    enrolled = remembered(speakers)
    same, different = [], []
    for person, voice in enrolled.items():
        for s in speakers:
            if s.recording != voice.recording and s.person:
                (same if s.person == person else different).append(float(s.voice @ voice.voice))
    return np.array(same), np.array(different)


def remembered(speakers: list[Speaker]) -> dict[str, Speaker]:
    """Each person's voice from the first recording they speak in: the speaker mapped to
    them there that holds most windows."""
    out: dict[str, Speaker] = {}
    for recording in sorted({s.recording for s in speakers}):
        here = [s for s in speakers if s.recording == recording and s.person
                and s.person not in out]
        for s in sorted(here, key=lambda s: -s.windows):
            out.setdefault(s.person, s)
    return out


def pair_trials(speakers: list[Speaker], *, within: bool = False
                ) -> tuple[np.ndarray, np.ndarray]:
    """(same, different) similarities of speakers of different recordings; ``within``:
    same = the two halves of one person's speech in one recording (``name/1``, ``name/2``),
    different = whole voices of different people (any recordings)."""
    same, different = [], []
    whole = [s for s in speakers if s.person and "/" not in s.recording]
    for a, b in combinations(whole, 2):
        if a.person != b.person:
            different.append(float(a.voice @ b.voice))
        elif not within and a.recording != b.recording:
            same.append(float(a.voice @ b.voice))
    if within:
        halves = [s for s in speakers if s.recording.endswith("/1")]
        for a in halves:
            b = next(s for s in speakers if s.recording == a.recording[:-1] + "2"
                     and s.person == a.person)
            same.append(float(a.voice @ b.voice))
    return np.array(same), np.array(different)


def pure(speakers: list[Speaker], share: float = 0.9) -> list[Speaker]:
    """The speakers whose speech is at least ``share`` one person's."""
    return [s for s in speakers if s.purity >= share]


def rates_table(sets: dict[str, tuple[np.ndarray, np.ndarray]]) -> str:
    head = "| threshold | " + " | ".join(f"{name}: true / false match" for name in sets) + " |"
    lines = [head, "|---|" + "---|" * len(sets)]
    for t in THRESHOLDS:
        cells = [f"{_rate(same, t)} / {_rate(different, t)}" for same, different in sets.values()]
        lines.append(f"| {t:.2f} | " + " | ".join(cells) + " |")
    lines.append("| trials (same, different) | " + " | ".join(
        f"{len(same)}, {len(different)}" for same, different in sets.values()) + " |")
    lines.append("| same: min / median | " + " | ".join(
        f"{same.min():.3f} / {np.median(same):.3f}" if len(same) else "-"
        for same, _ in sets.values()) + " |")
    lines.append("| different: median / max | " + " | ".join(
        f"{np.median(d):.3f} / {d.max():.3f}" if len(d) else "-"
        for _, d in sets.values()) + " |")
    return "\n".join(lines)


def _rate(values: np.ndarray, t: float) -> str:
    if not len(values):
        return "-"
    return f"{np.mean(values >= t):.1%}"


def decisions(speakers: list[Speaker], sure: float, probably: float) -> str:
    """What VoiceBook.match did with each synthetic speaker, with every person remembered
    from their first meeting (none from the meeting itself)."""
    enrolled = remembered(speakers)
    counts = dict.fromkeys(["known: named right", "known: suggested right", "known: named wrong",
                            "known: suggested wrong", "known: nothing",
                            "unknown: named (wrong)", "unknown: suggested (wrong)",
                            "unknown: nothing"], 0)
    with tempfile.TemporaryDirectory() as tmp:
        for recording in sorted({s.recording for s in speakers}):
            book = VoiceBook(Path(tmp, recording), sure=sure, probably=probably)
            for person, voice in enrolled.items():
                if voice.recording != recording:
                    book.remember(person, voice.voice)
            here = [s for s in speakers if s.recording == recording]
            matches = {m.speaker: m for m in book.match({s.number: s.voice for s in here})}
            for s in here:
                known = s.person in enrolled and enrolled[s.person].recording != recording
                m = matches.get(s.number)
                counts[_outcome(known, m, s.person)] += 1
    return "\n".join(f"| {k} | {v} |" for k, v in counts.items())


def _outcome(known: bool, match, person: str) -> str:
    if not known:
        return ("unknown: nothing" if match is None else
                "unknown: named (wrong)" if match.sure else "unknown: suggested (wrong)")
    if match is None:
        return "known: nothing"
    right = "right" if match.name == person else "wrong"
    return f"known: {'named' if match.sure else 'suggested'} {right}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=24)
    parser.add_argument("--cache", type=Path, help="keep the diarized speakers here")
    parser.add_argument("--sure", type=float, default=SURE)
    parser.add_argument("--probably", type=float, default=PROBABLY)
    args = parser.parse_args()
    diarizer = Diarizer()
    if args.cache and args.cache.is_file():
        synthetic = pickle.loads(args.cache.read_bytes())
    else:
        synthetic = synthetic_speakers(diarizer, args.meetings)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(synthetic))
    ami, oracle = ami_speakers(diarizer) if SHARED.is_dir() else ([], [])
    if not SHARED.is_dir():
        print(f"({SHARED} not found: AMI skipped)")
    sets = {"synthetic": synthetic_trials(synthetic),
            "synthetic, pure speakers": synthetic_trials(pure(synthetic))}
    if ami:
        sets["AMI, diarized, across files"] = pair_trials(ami)
        sets["real, reference turns, across files"] = pair_trials(oracle)
        sets["real, reference turns, halves of one file"] = pair_trials(oracle, within=True)
    print(rates_table(sets))
    print(f"\nVoiceBook.match on the synthetic meetings (sure {args.sure}, probably"
          f" {args.probably}):\n\n| speaker | count |\n|---|---|")
    print(decisions(synthetic, args.sure, args.probably))


if __name__ == "__main__":
    main()
