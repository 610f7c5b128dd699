"""Issue 16: the minutes' items in short meetings, measured on excerpts of labelled ones.

Every labelled meeting is 18-39 turns long, but a user's first try is often a minute or two.
This cuts excerpts of --size sentences (default 4-7) at random places of each meeting of the
--sets (seeded by the set's name, so every run and every engine cut the same excerpts), and
runs the real extract() on each excerpt alone, speakers named, with the shipped spotter and the
language model's reading (--rules: the rules alone). Scored per sentence: an item is right
when the sentence it starts at is labelled its kind; a labelled sentence is found when an item
of its kind starts at it. Printed per kind: precision, recall (right; items; found; labels).

    .venv/bin/python bench/extraction_short.py --sets fresh34 fresh35 ... --per 3

To compare engines, run it from each tree (a `git worktree` of the older commit).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import bench.extraction_learned as learned  # noqa: E402
from bench.extraction import SETS  # noqa: E402
from bench.extraction_set import load  # noqa: E402
from engine.minutes.extract import extract  # noqa: E402
from engine.minutes.extract_learned import shared_spotter  # noqa: E402
from engine.types import Segment  # noqa: E402

KINDS = ("decision", "question", "action")
DEFAULT_SETS = [f"fresh{k}" for k in range(34, 42)]


def excerpts(name: str, per: int, sizes: tuple[int, int]):
    """(example, first, size) for ``per`` excerpts of each meeting of set ``name``."""
    rng = random.Random(name)
    for meeting in load(SETS[name]):
        e = learned.example(meeting)
        for _ in range(per):
            size = rng.randint(*sizes)
            yield e, rng.randrange(0, max(len(e.said) - size, 1)), size


def scored(e, first: int, size: int, spotter, tally: dict[str, list[int]]) -> None:
    """Add one excerpt's (right, items, found, labels) per kind to ``tally``."""
    said = e.said[first:first + size]
    t0 = said[0].start
    starts = [s.start - t0 for s in said]
    segments = [Segment(at, at + 0.5, s.text, speaker=s.speaker) for at, s in zip(starts, said, strict=True)]
    found = extract(segments, e.speaker_names, spotter=spotter)
    for kind, items in zip(KINDS, (found.decisions, found.questions, found.actions), strict=True):
        labelled = e.y[first:first + size, learned.KINDS.index(kind)] > 0
        hit = set()
        for item in items:
            k = int(np.argmin([abs(item.start - at) for at in starts]))
            if labelled[k]:
                hit.add(k)
                tally[kind][0] += 1
            tally[kind][1] += 1
        tally[kind][2] += len(hit)
        tally[kind][3] += int(labelled.sum())


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sets", nargs="+", default=DEFAULT_SETS)
    p.add_argument("--per", type=int, default=3, help="excerpts per meeting")
    p.add_argument("--size", default="4-7", help="sentences per excerpt, low-high")
    p.add_argument("--rules", action="store_true", help="the rules alone, no spotter")
    a = p.parse_args()
    low, high = (int(n) for n in a.size.split("-"))
    spotter = None if a.rules else shared_spotter()
    tally = {kind: [0, 0, 0, 0] for kind in KINDS}
    count = 0
    for name in a.sets:
        for e, first, size in excerpts(name, a.per, (low, high)):
            scored(e, first, size, spotter, tally)
            count += 1
    print(f"{count} excerpts of {a.size} sentences of {', '.join(a.sets)};"
          f" {'rules alone' if a.rules else 'rules, spotter and reading'}")
    for kind, (right, items, hit, labels) in tally.items():
        print(f"{kind:9} P {right / max(items, 1):.3f} R {hit / max(labels, 1):.3f}"
              f"  (right {right}; items {items}; found {hit}; labels {labels})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
