"""Issue 16: where the labels a run misses are lost, and what its extra items are.

Items only, on the script transcripts, speakers named (as `bench/extraction.py --on
transcripts --speakers named --items-only` scores them). Each label of a kind goes in one
class, by the sentence it is said in:

- matched: an item matched it;
- worded: an item of its kind cites its sentence, but does not say enough of what the label
  says to match it (or matched another label);
- other kind: its sentence became an item of another kind;
- likely, left out (decisions, open questions): the learned classifier's chance for the
  kind is over its threshold there, but no item came of it (a veto, a rule's item near);
- not found: nothing took its sentence.

Each extra item (one that matched no label) goes in one class too: a false friend (on a
"not" label of its kind), a label of another kind, near a label of its kind (it says a
labelled thing twice, or in other words than the label), or near no label at all.

Only totals are printed; ``--show CLASS`` prints the labels of a class, with their
sentence and the items near them: never for a blind set (its README says whether its
misses may be read).

    .venv/bin/python bench/extraction_loss.py --set fresh38 [--set fresh39 ...] [--show worded]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.extraction import SETS, Run, arguments, script_transcript, timed  # noqa: E402
from bench.extraction_score import Item, Scored  # noqa: E402
from bench.extraction_set import KINDS, Label, load  # noqa: E402
from engine.minutes.extract_learned import shared_spotter  # noqa: E402
from engine.minutes.extract_sentences import assemble  # noqa: E402

CITES_S = 1.0  # an item cites a label's sentence when it starts this near it
NEAR_S = 3.0  # an extra item is about a label said this near it
LABEL_CLASSES = ("matched", "worded", "other kind", "likely, left out", "not found")
EXTRA_CLASSES = ("false friend", "other kind", "near its kind", "no label")


def label_class(label: Label, result: Scored, likely: set[tuple[str, float]]) -> str:
    """The class of ``label`` (a positive one) in ``result``; ``likely``: (kind, sentence
    start) the classifier leaned to."""
    if any(lb is label for _, lb in result.pairs):
        return "matched"
    citing = [i for i in result.items if i.start is not None and abs(i.start - label.time) < CITES_S]
    if any(i.kind == label.kind for i in citing):
        return "worded"
    if citing:
        return "other kind"
    if (label.kind, label.time) in likely:
        return "likely, left out"
    return "not found"


def extra_class(item: Item, result: Scored) -> str:
    if any(i is item for i, _ in result.false_friends):
        return "false friend"
    if any(i is item for i, _ in result.wrong_kind):
        return "other kind"
    near = [lb for lb in result.meeting.positive()
            if item.start is not None and abs(lb.time - item.start) <= NEAR_S]
    if any(lb.kind == item.kind for lb in near):
        return "near its kind"
    return "no label"


def leaned(said, spotter) -> set[tuple[str, float]]:
    """(kind, sentence start) of every sentence whose chance is over the kind's threshold."""
    if spotter is None or not said:
        return set()
    chances = spotter.chances(said)
    return {(kind, float(s.start)) for s in said for k, kind in enumerate(spotter.kinds)
            if chances[s.i, k] >= spotter.thresholds[k]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", choices=sorted(SETS), required=True)
    parser.add_argument("--show", choices=LABEL_CLASSES + EXTRA_CLASSES,
                        help="print the labels (or extra items) of this class")
    parser.add_argument("--kind", choices=KINDS, help="with --show: only this kind")
    args = parser.parse_args(argv)
    run = Run(arguments(["--items-only", "--on", "transcripts", "--speakers", "named"])[0])
    spotter = shared_spotter()
    labels = {k: Counter() for k in KINDS}
    extras = {k: Counter() for k in KINDS}
    for name in args.set:
        for meeting in load(SETS[name]):
            meeting, made, _ = timed(meeting)
            transcript = run.with_speakers(script_transcript(meeting, made), "named",
                                           meeting, made)
            result = run.scored(meeting, transcript, "transcripts/named")
            likely = leaned(assemble(transcript.segments), spotter)
            for label in meeting.positive():
                found = label_class(label, result, likely)
                labels[label.kind][found] += 1
                if found == args.show and args.kind in (None, label.kind):
                    near = [i.text for i in result.items if i.start is not None
                            and abs(i.start - label.time) <= NEAR_S]
                    print(f"{meeting.name} [{label.time:.0f} s] {label.kind}: {label.words!r}"
                          f" ~ {label.gist!r}; items near: {near}")
            for item in result.extra:
                found = extra_class(item, result)
                extras[item.kind][found] += 1
                if found == args.show and args.kind in (None, item.kind):
                    print(f"{meeting.name} [{item.start:.0f} s] extra {item.kind}: {item.text!r}")
    print(f"\n{', '.join(args.set)}: labels by where they were lost, extra items by what they are near")
    print("| kind | labels | " + " | ".join(LABEL_CLASSES) + " | extra items | "
          + " | ".join(EXTRA_CLASSES) + " |")
    print("|---" * (3 + len(LABEL_CLASSES) + len(EXTRA_CLASSES)) + "|")
    for kind in KINDS:
        n, e = sum(labels[kind].values()), sum(extras[kind].values())
        cells = [f"{labels[kind][c]} ({labels[kind][c] / max(n, 1):.0%})" for c in LABEL_CLASSES]
        more = [str(extras[kind][c]) for c in EXTRA_CLASSES]
        print(f"| {kind} | {n} | " + " | ".join(cells) + f" | {e} | " + " | ".join(more) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
