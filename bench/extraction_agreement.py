"""Issue 16: how far do two careful labellers agree? The ceiling any extraction can reach.

A second labeller labels the same meetings without seeing the first one's labels (the
meeting files with labels and comments stripped, then labelled by the rules of
bench/extraction/README.md). Each of the second labeller's labels is read as an item (its
words and gist as the text, cited at the start of its sentence) and scored against the first
one's labels exactly as `bench/extraction.py` scores the minutes: per kind, precision and
recall of the second against the first, and how often they name the same owner and due date.

    .venv/bin/python bench/extraction_agreement.py FIRST_DIR SECOND_DIR

Meetings are paired by file name; both files must have the same lines (they render to the
same sentence times).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.extraction import timed  # noqa: E402
from bench.extraction_score import Item, Scored, score  # noqa: E402
from bench.extraction_set import KINDS, Label, Meeting, load  # noqa: E402


def as_items(labels: list[Label]) -> list[Item]:
    """A labeller's positive labels as the items a perfect minute-taker would write."""
    return [Item(lb.kind, f"{lb.words} {lb.gist}".strip(), lb.time, lb.owner,
                 lb.due.isoformat() if lb.due else None)
            for lb in labels if not lb.negative]


def compared(first: Meeting, second: Meeting) -> Scored:
    if [ln.text for ln in first.lines] != [ln.text for ln in second.lines]:
        raise SystemExit(f"{first.name}: the two files do not have the same lines")
    first, _, _ = timed(first)
    second, _, _ = timed(second)
    return score(first, as_items(second.labels))


def report(scored: list[Scored]) -> str:
    rows = ["| kind | first's labels | second's labels | agreed | P (second vs first) | R |",
            "|---|---|---|---|---|---|"]
    for kind in KINDS:
        matched = sum(s.count(kind)[0] for s in scored)
        items = sum(s.count(kind)[1] for s in scored)
        labels = sum(s.count(kind)[2] for s in scored)
        rows.append(f"| {kind} | {labels} | {items} | {matched} | "
                    f"{matched / items if items else 0:.2f} | "
                    f"{matched / labels if labels else 0:.2f} |")
    right = sum(s.owners()[0] for s in scored)
    named = sum(s.owners()[1] for s in scored)
    dues = [(i.due, lb.due) for s in scored for i, lb in s.pairs
            if lb.kind == "action" and (i.due or lb.due)]
    same_due = sum(1 for a, b in dues if b and a == b.isoformat())
    rows.append(f"\nOwners: the same in {right} of {named} agreed actions the first names an"
                f" owner for. Due dates: the same in {same_due} of {len(dues)} agreed actions"
                " either gives one.")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first", type=Path, help="the first labeller's meetings")
    parser.add_argument("second", type=Path, help="the second labeller's meetings")
    parser.add_argument("-v", action="store_true", help="list each disagreement")
    args = parser.parse_args(argv)
    firsts = {m.name: m for m in load(args.first)}
    scored = [compared(firsts[m.name], m) for m in load(args.second) if m.name in firsts]
    if not scored:
        print("no meetings in common", file=sys.stderr)
        return 1
    print(f"{len(scored)} meetings: {args.second} against {args.first}\n")
    print(report(scored))
    for s in scored if args.v else ():
        for lb in s.missed:
            print(f"{s.meeting.name}: only the first: {lb.kind}: {lb.meaning}")
        for i in s.extra:
            print(f"{s.meeting.name}: only the second: {i.kind}: {i.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
