"""Benchmark: what the learned classifiers of decisions and open questions cost a minutes job.

A long meeting made of the labelled sets' script transcripts one after another (each
shifted in time, named speakers), as many as fill ``--minutes``. Timed in one run, on the
same sentences: the rules alone (`extract`), the rules with the classifier as the minutes
use it (`extract(..., spotter=...)`, the embedding model loaded beforehand, as it is after
the first job), the same with the embedded language model's reading blended in
(extract_lm_reading.py), the embedding model called directly on the sentences
(`Embedder.embed`, one thread), and llama-cpp-python's own `Llama.embed` called directly
on the same transcript lines in pieces of at most a window (2 threads), with the ratios.

    .venv/bin/python bench/extraction_cost.py [--minutes 60]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.extraction import SETS, Run, script_transcript, timed  # noqa: E402
from bench.extraction_set import load  # noqa: E402
from engine.library.embedder import Embedder  # noqa: E402
from engine.minutes.extract import extract  # noqa: E402
from engine.minutes.extract_learned import Spotter  # noqa: E402
from engine.minutes.extract_lm_reading import WINDOW, LmReader, rendered  # noqa: E402
from engine.minutes.extract_sentences import assemble  # noqa: E402


def long_meeting(minutes: float) -> list:
    segments, offset = [], 0.0
    for name in sorted(SETS):
        for meeting in load(SETS[name]):
            if offset >= minutes * 60:
                return segments
            meeting, made, _ = timed(meeting)
            script = Run.with_speakers(script_transcript(meeting, made), "named",
                                       meeting, made)
            segments += [replace(s, start=s.start + offset, end=s.end + offset)
                         for s in script.segments]
            offset = segments[-1].end + 2.0
    return segments


def best_of(runs: int, job) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        job()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    segments = long_meeting(args.minutes)
    said = assemble(segments)
    embedder = Embedder(threads=1)
    spotter = Spotter.load(embedder)
    embedder.embed(["warm up"])
    rules = best_of(args.runs, lambda: extract(segments))
    learned = best_of(args.runs, lambda: extract(segments, spotter=spotter))
    direct = best_of(args.runs, lambda: embedder.embed([s.text for s in said]))
    reader = LmReader.load()
    both = Spotter.load(embedder, reader=reader)
    read = best_of(args.runs, lambda: extract(segments, spotter=both))
    pieces = windows(reader, ["".join(line) for line in rendered(said, {})])
    library = best_of(args.runs, lambda: [reader.llm.embed(p) for p in pieces])
    print(f"{segments[-1].end / 60:.0f} min of meeting, {len(segments)} segments,"
          f" {len(said)} sentences; best of {args.runs}")
    print(f"rules alone                 {rules:6.2f} s")
    print(f"rules + learned spotter     {learned:6.2f} s  (x{learned / rules:.1f} the rules)")
    print(f"Embedder.embed directly     {direct:6.2f} s  (the classifier's own part:"
          f" {learned - rules:.2f} s, x{(learned - rules) / direct:.2f} the direct call)")
    print(f"+ the language model's reading {read:6.2f} s  (its own part: {read - learned:.2f} s)")
    print(f"Llama.embed directly        {library:6.2f} s  ({len(pieces)} pieces; the reading's"
          f" part x{(read - learned) / library:.2f} the direct call)")


def windows(reader: LmReader, lines: list[str]) -> list[str]:
    """The lines joined into pieces of at most WINDOW word pieces each."""
    pieces, current, size = [], [], 0
    for line in lines:
        n = len(reader.llm.tokenize(line.encode(), add_bos=False))
        if current and size + n > WINDOW - 1:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(line)
        size += n
    return pieces + (["".join(current)] if current else [])


if __name__ == "__main__":
    main()
