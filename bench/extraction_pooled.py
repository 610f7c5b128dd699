"""Extraction totals pooled over several labelled sets (issue 16): per kind matched; items;
labels, precision and recall, owners, invented details. The same items and scoring as
`bench/extraction.py --items-only --on transcripts`, for the many sets a change is checked on
at once, without writing docs/benchmarks.md.

    .venv/bin/python bench/extraction_pooled.py fresh34-41 fresh50-57 [--speakers named|off]
        [--rules-only] [--dump FILE] [--misses]

A set is a name of bench/extraction.py's ``--set`` or a range of numbered ones (fresh8-33).
The embedded model's reading of each transcript (its states, the slow part) is kept in the
bench cache (MINUTIA_BENCH_CACHE, ~/.cache/minutia-bench), keyed by the words read and the
model, so a second run over the same sets takes a fraction of the first. ``--dump`` writes
each meeting's items, matched or not, one JSON object a line, for comparing two trees;
``--misses`` prints every miss and extra item (only on sets that are no longer blind).

The last line counts, per kind, the missed labels that an unmatched item of the same kind sits
on (cited within MATCH_WINDOW_S, sharing a content word with the label's gist or words): most
are the label found but worded apart from its gist ("Tulipwood it is." for "make the cupboard
fronts in tulipwood rather than painted MDF", three of seven content words), some a different
item nearby. So it bounds from above how much of the recall lost is wording, not finding.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.make_extraction_set import cache_dir  # noqa: E402

# the reading model's cut copy is kept between runs (bench/home.py would throw it away)
os.environ.setdefault("MINUTIA_HOME", str(cache_dir() / "home"))

import numpy as np  # noqa: E402

from bench.extraction import SETS, Run, extracted, scored, script_transcript, timed  # noqa: E402
from bench.extraction_report import failures  # noqa: E402
from bench.extraction_score import KINDS, MATCH_WINDOW_S, Scored, content, totals  # noqa: E402
from bench.extraction_set import load  # noqa: E402
from engine.minutes import extract_lm_reading  # noqa: E402


def set_names(specs: list[str]) -> list[str]:
    """``fresh8-11`` -> fresh8 ... fresh11; a plain name as it is."""
    out = []
    for spec in specs:
        m = re.fullmatch(r"([a-z]+)(\d+)-(\d+)", spec)
        names = [f"{m[1]}{k}" for k in range(int(m[2]), int(m[3]) + 1)] if m else [spec]
        for name in names:
            if name not in SETS:
                raise SystemExit(f"no set {name!r} (bench/extraction.py --help lists them)")
            out.append(name)
    return out


def remember_states() -> None:
    """The reader's states of a transcript, read from the bench cache when the same words
    were read by the same model before."""
    folder = cache_dir() / "lm-states"
    folder.mkdir(parents=True, exist_ok=True)
    reading = extract_lm_reading.LmReader.states

    def states(self, said, names, cancel=None):
        key = hashlib.sha256(json.dumps([extract_lm_reading.rendered(said, names), self.depth,
                                         self.width, self.llm.model_path]).encode())
        path = folder / f"{key.hexdigest()[:24]}.npz"
        if path.is_file():
            kept = np.load(path)
            return kept["ends"], kept["means"]
        ends, means = reading(self, said, names, cancel)
        np.savez(path, ends=ends, means=means)
        return ends, means

    extract_lm_reading.LmReader.states = states


def worded_apart(result: Scored) -> Counter:
    """Per kind, the missed labels an unmatched item of the kind sits on: cited within
    MATCH_WINDOW_S and sharing a content word with the label (each item counted once)."""
    out: Counter = Counter()
    used: set[int] = set()
    for label in result.missed:
        words = content(label.gist) | content(label.words)
        for k, item in enumerate(result.extra):
            if k not in used and item.kind == label.kind and item.start is not None \
                    and abs(item.start - label.time) <= MATCH_WINDOW_S and words & content(item.text):
                used.add(k)
                out[f"{label.kind}_apart"] += 1
                break
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("sets", nargs="+", help="set names or ranges (fresh8-33)")
    p.add_argument("--speakers", choices=("named", "off"), default="named")
    p.add_argument("--rules-only", action="store_true", help="without the learned spotter")
    p.add_argument("--dump", type=Path, help="write every meeting's items here (JSON lines)")
    p.add_argument("--misses", action="store_true", help="print misses and extra items")
    a = p.parse_args(argv)
    remember_states()
    t: Counter = Counter()
    dump = []
    t0 = time.perf_counter()
    for name in set_names(a.sets):
        for meeting, made, _ in (timed(m) for m in load(SETS[name])):
            transcript = Run.with_speakers(script_transcript(meeting, made), a.speakers,
                                           meeting, made)
            items = extracted(transcript, spotter=not a.rules_only)
            result = scored(meeting, transcript, items)
            t += Counter(totals([result])) + worded_apart(result)
            matched = {id(i) for i, _ in result.pairs}
            dump += [{"set": name, "meeting": meeting.name, "kind": i.kind, "text": i.text,
                      "start": i.start, "owner": i.owner, "matched": id(i) in matched}
                     for i in items]
            if a.misses:
                print(f"== {name}/{meeting.name}\n{failures(result)}")
        print(f"{name}: done ({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
    print(f"sets {' '.join(a.sets)}, speakers {a.speakers}"
          f"{', rules only' if a.rules_only else ''}")
    for kind in KINDS:
        m, n, lab = t[f"{kind}_matched"], t[f"{kind}_items"], t[f"{kind}_labels"]
        print(f"{kind:9} P {m / max(n, 1):.3f}  R {m / max(lab, 1):.3f}"
              f"  ({m}; {n}; {lab})")
    print(f"owners {t['owner_right']}/{t['owner_of']}; invented {t['invented']}")
    print("missed with an unmatched item of the kind on them: "
          + ", ".join(f"{kind} {t[f'{kind}_apart']} of {t[f'{kind}_labels'] - t[f'{kind}_matched']}"
                      for kind in KINDS))
    if a.dump:
        a.dump.write_text("".join(json.dumps(d) + "\n" for d in dump), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
