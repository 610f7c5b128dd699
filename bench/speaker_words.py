"""Benchmark: who said each word, end to end. The extraction set's spoken meetings (espeak-ng
voices, bench/extraction.py --on audio) transcribed by the embedded Whisper and diarized by
our diarizer, each word's speaker compared with the script's: the person speaking when the
word is said (its middle, else the nearest sentence). Each diarized speaker is the person it
overlaps most in time (as bench/extraction.py --speakers named maps them).

Reported apart: the first word of each turn (where the diarizer's 1.5 s windows start a
turn late: "Wait, no point worrying them twice." with "Wait," left to the last speaker) and
all other words (mostly voices the clustering merges).

    .venv/bin/python bench/speaker_words.py --set fresh38 [--set fresh39 ...]

Transcripts come from bench/extraction.py's cache (~/.cache/minutia-bench/extraction, keyed
by the engine's transcription and diarization sources); missing ones are made (Whisper base
on 2 cores: about a minute per meeting).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.extraction import SETS, Run, arguments, oracle_names, timed  # noqa: E402
from bench.extraction_set import load  # noqa: E402


def errors(made, diarized) -> Counter:
    """Words wrong and all, first of a turn apart from the rest, for one meeting; each
    diarized speaker is the person it overlaps most (``oracle_names``, as --speakers named)."""
    named = oracle_names(diarized, made)

    def person(w):
        middle = (w.start + w.end) / 2
        return min(made.sentences, key=lambda s: 0.0 if s.start <= middle <= s.end
                   else min(abs(middle - s.start), abs(middle - s.end))).who

    words = [(w, s.speaker) for s in diarized.segments for w in s.words]
    truth = [person(w) for w, _ in words]
    out: Counter = Counter()
    for k, ((_, speaker), who) in enumerate(zip(words, truth, strict=True)):
        where = "first" if k == 0 or truth[k - 1] != who else "other"
        out[where, "all"] += 1
        out[where, "wrong"] += named.get(speaker) != who
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--set", action="append", required=True, choices=sorted(SETS))
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args(argv)
    run = Run(arguments(["--items-only", "--threads", str(a.threads)])[0])
    total: Counter = Counter()
    for name in a.set:
        for meeting, made, wav in (timed(m) for m in load(SETS[name])):
            if made is None:
                continue  # AMI: no word-level truth
            _, diarized = run.audio_transcripts(meeting, wav)
            total += errors(made, diarized)
    for where in ("first", "other"):
        wrong, of = total[where, "wrong"], total[where, "all"]
        print(f"{where} words of turns: {wrong} of {of} given to the wrong speaker"
              f" ({wrong / max(of, 1):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
