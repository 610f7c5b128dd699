"""Issue 16: does a learned classifier, trained on the labels of the tuning sets, add items
the rules miss on meetings it has not seen, without costing precision?

Per kind a logistic regression (numpy) on all-MiniLM-L6-v2 vectors of a sentence and the
one before and after it, with three flags (asks; the speaker changes before / after); the
features are the engine's (engine/minutes/extract_learned.py). Every sentence of a meeting's
script transcript (named speakers, as `bench/extraction.py --on transcripts --speakers named
--items-only` scores) is an example: positive when a label of the kind starts in it. Leave
one SET out: train on the others, choose each kind's threshold by leaving one of those out in
turn (the threshold of the best pooled F1 of rules + added items; "none" when no threshold
beats the rules), then score the held-out set with the rules alone and with the rules plus
the sentences above the threshold that no rule item cites (nor, of the same kind, within GAP
seconds; decisions and open questions only where extract_decisions.spottable and
extract_questions.spottable allow, unless --no-veto).
--rules-at DIR: the rules of an older commit (`git archive <commit> engine | tar -x -C DIR`);
--unseen-rules: each set with the rules of before it was tuned on (UNSEEN; the sets not in
UNSEEN were never tuned on).

--save trains on every tuning set and writes the decisions' and open questions' weights and
thresholds to assets/extraction/spotter.npz, which the minutes use (extract_learned.py); the
thresholds are chosen on the training sets the rules were never tuned on (NEVER_TUNED: the
rules meet them as a new meeting, while the other sets' rules are in-sample and leave the
classifier little to add). Open questions only where extract_questions.spottable allows.
Actions are not wired in: on meetings it had not seen the classifier added nothing, and wired
in for all kinds (six sets, an earlier day) 7 of the 107 tests of test_extract.py failed on
false friends the rules refuse ("I will run the meeting today." 0.84, "I'll hand over to
Rob." 0.98).

Findings: docs/benchmarks.md ("Extraction against labels" and the days after it).

Decisions and open questions blend the regression with the word-piece readers
(bench/extraction_attention.py, torch at training time only; BLEND per kind): each set's
reader chances come from readers trained without its fold (FOLDS folds of whole sets), in
every mode; --no-reader leaves the regression alone (no torch needed). --save also writes
the second reading (bench/extraction_second.py), which --second compares with the first.

Sentence vectors and word-piece states are computed once and kept in /tmp/learned_cache/
(the machine is shared).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.extraction import SETS, Run, script_transcript, timed  # noqa: E402
from bench.extraction_attention import read, read_out_of_fold, reader  # noqa: E402
from bench.extraction_score import Item as Scoreable  # noqa: E402
from bench.extraction_score import Scored, score  # noqa: E402
from bench.extraction_set import Meeting, load  # noqa: E402
from engine.minutes.extract import NOT_STATED, _names, extract  # noqa: E402
from engine.minutes.extract_decisions import spottable  # noqa: E402
from engine.minutes.extract_due import due as due_of  # noqa: E402
from engine.minutes.extract_learned import (  # noqa: E402
    READER,
    features,
    sigmoid,
    weights_path,
)
from engine.minutes.extract_owners import Owners, addressed  # noqa: E402
from engine.minutes.extract_questions import spottable as askable  # noqa: E402
from engine.minutes.extract_sentences import assemble  # noqa: E402
from engine.minutes.extract_types import Item, Said  # noqa: E402

# fresh8-17 were blind sets until 2026-12-04 late, fresh18-41 until 2026-12-05 (each scored
# several times, totals only); spent, they are training data now, and fresh42-49 judge
SPENT = tuple(f"fresh{k}" for k in range(8, 42))
TUNING = ("extraction", "heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6",
          "fresh7", *SPENT, *(f"train{k}" for k in range(1, 33)))
# sets whose misses nobody read to write rules (fresh8-17: but for the action items' clause
# cut, extract_clauses.py, written from their misses): the rules meet them as they meet a new
# meeting, so the thresholds --save writes are chosen on them
NEVER_TUNED = (*(f"fresh{k}" for k in range(8, 22)), *(f"train{k}" for k in range(5, 33)))
CACHE = Path("/tmp/learned_cache")
KINDS = ("decision", "action", "question")
_FIRST_PERSON = re.compile(r"\b(?:I|I'll|I'm|I've|I'd|me|my)\b")
GRID = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99)
NONE = 2.0  # a threshold nothing reaches: the rules alone
LAMBDA, STEPS = 1e-4, 12
GAP = 10.0  # seconds: no item added this near a rule item of its kind
VETO = True  # decisions and open questions: only a sentence that can be one (_can_be)
BLEND = np.array([0.6, 0.0, 0.5], dtype=np.float32)  # per kind, the word-piece readers' share


def probabilities(x: np.ndarray, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """(sentences, kinds) chances from features ``x``."""
    return sigmoid(x @ weights.T + bias)


def predicted(e: Example, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """(sentences, kinds) chances of ``e``: the regression's, blended (BLEND) with the
    word-piece reader's where ``e.read`` holds them."""
    chances = probabilities(e.x, weights, bias)
    return chances if e.read is None else (1.0 - BLEND) * chances + BLEND * e.read


def item(kind: str, s: Said, i: int, names: set[str], owners: Owners) -> Item:
    """The sentence as an item; an action's owner and due date from the rules' helpers."""
    if kind != "action":
        return Item(s.text, s.start)
    owner = addressed(s.text, names) or (owners.of(i) if _FIRST_PERSON.search(s.text)
                                         else NOT_STATED)
    return Item(s.text, s.start, owner, due_of(s.text) or NOT_STATED)


@dataclass
class Example:
    """One meeting: its sentences, their labels, the rules' items, the names it says."""

    meeting: Meeting
    said: list[Said]
    y: np.ndarray  # (sentences, kinds) 1 where a label of the kind starts
    rules: list[Scoreable]
    names: set[str]
    speaker_names: dict[int, str]
    segments: list
    x: np.ndarray | None = None
    states: list[np.ndarray] | None = None  # per sentence, its word pieces' states
    read: np.ndarray | None = None  # (sentences, kinds) the word-piece reader's chances


def example(meeting: Meeting, speakers: str = "named") -> Example:
    """``meeting``'s script transcript with its speakers as ``speakers`` gives them
    (bench/extraction.py's --speakers: named, off)."""
    meeting, made, _ = timed(meeting)
    transcript = Run.with_speakers(script_transcript(meeting, made), speakers,
                                   meeting, made)
    said = assemble(transcript.segments)
    y = np.zeros((len(said), len(KINDS)), dtype=np.float32)
    starts = np.array([s.start for s in said])
    for lb in meeting.labels:
        if not lb.negative and len(said):
            y[int(np.argmin(np.abs(starts - lb.time))), KINDS.index(lb.kind)] = 1.0
    found = extract(transcript.segments, transcript.speaker_names)
    rules = [Scoreable(kind, i.text, float(int(i.start)),
                       None if i.owner == NOT_STATED else i.owner,
                       None if i.due == NOT_STATED else i.due, i.text)
             for kind, group in zip(KINDS, (found.decisions, found.actions, found.questions),
                                    strict=True) for i in group]
    names = _names(said) | {n for n in transcript.speaker_names.values() if n}
    return Example(meeting, said, y, rules, names, dict(transcript.speaker_names),
                   transcript.segments)


_OLD_RULES = """
import json, sys
sys.path.insert(0, sys.argv[1])
from engine.minutes.extract import NOT_STATED, extract
from engine.types import Segment
out = []
for m in json.load(sys.stdin):
    segs = [Segment(a, b, t, speaker=k) for a, b, t, k in m["segments"]]
    f = extract(segs, {int(k): v for k, v in m["names"].items()})
    out.append([[kind, i.text, float(int(i.start)), None if i.owner == NOT_STATED else i.owner,
                 None if i.due == NOT_STATED else i.due]
                for kind, group in (("decision", f.decisions), ("action", f.actions),
                                    ("question", f.questions)) for i in group])
json.dump(out, sys.stdout)
"""


def rules_at(examples: list[Example], folder: Path) -> None:
    """Replace each example's rule items by those of the engine copied into ``folder`` (an
    older commit's rules, from `git archive <commit> engine`), run in a process of its own."""
    import json
    import subprocess
    meetings = [{"segments": [[s.start, s.end, s.text, s.speaker] for s in e.segments],
                 "names": {str(k): v for k, v in e.speaker_names.items()}} for e in examples]
    done = subprocess.run([sys.executable, "-c", _OLD_RULES, str(folder)], check=True,
                          input=json.dumps(meetings), capture_output=True, text=True)
    for e, items in zip(examples, json.loads(done.stdout), strict=True):
        e.rules = [Scoreable(k, t, at, o, d, t) for k, t, at, o, d in items]


# For each set, the last commit whose rules had not seen it (the commit that added it; fresh4:
# the rules scored on it once, docs/benchmarks.md): the rules as they stand to a new meeting.
UNSEEN = {"heldout": "203d310", "fresh": "20f2121", "fresh2": "0dd82d3", "fresh3": "ec1bcd4",
          "fresh4": "7a99c06"}


def unseen_rules(sets: dict[str, list[Example]]) -> None:
    """Each set's rule items from the rules of before it was tuned on (UNSEEN); the dev set
    (extraction), which the rules were written from from the start, keeps today's."""
    import subprocess
    import tarfile
    for name, commit in UNSEEN.items():
        folder = CACHE / f"rules-{commit}"
        if not (folder / "engine").is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            tar = folder / "engine.tar"
            subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(tar), commit, "engine"],
                           check=True)
            with tarfile.open(tar) as t:
                t.extractall(folder, filter="data")
        rules_at(sets[name], folder)


def embedded(examples: list[Example], states: bool) -> None:
    """Fill each example's features (``x``) and, with ``states``, its word-piece states: one
    pass of the embedding model over the sentences, both cached (the states as float16)."""
    texts = sorted({s.text for e in examples for s in e.said})
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    vector_path, state_path = CACHE / f"vectors-{key}.npy", CACHE / f"states-{key}.npz"
    if not vector_path.is_file() or (states and not state_path.is_file()):
        from engine.library.embedder import Embedder, mean_vectors
        pieces = Embedder(threads=1).token_states(texts)
        CACHE.mkdir(parents=True, exist_ok=True)
        np.save(vector_path, mean_vectors(pieces))
        np.savez(state_path, pieces=np.concatenate(pieces).astype(np.float16),
                 ends=np.cumsum([len(p) for p in pieces]))
    table = np.load(vector_path)
    row = {t: i for i, t in enumerate(texts)}
    for e in examples:
        e.x = features(e.said, table[[row[s.text] for s in e.said]])
    if states:
        with np.load(state_path) as saved:
            pieces, ends = saved["pieces"], saved["ends"]
        starts = np.concatenate([[0], ends[:-1]])
        for e in examples:
            e.states = [pieces[starts[row[s.text]]:ends[row[s.text]]].astype(np.float32)
                        for s in e.said]


def train(x: np.ndarray, y: np.ndarray, l2: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Logistic regression per kind (columns of ``y``): mean log-loss + l2/2 |w|^2 (``l2``:
    LAMBDA unless given), by Newton's method (at most STEPS steps; it converges in about
    eight)."""
    n, d = x.shape
    xa = np.hstack([x, np.ones((n, 1), np.float32)]).astype(np.float32)
    ridge = np.full(d + 1, (LAMBDA if l2 is None else l2) * n)
    ridge[-1] = 0.0  # the bias is not shrunk
    out = np.zeros((y.shape[1], d + 1))
    for k in range(y.shape[1]):
        w = out[k]
        for _ in range(STEPS):
            p = 1.0 / (1.0 + np.exp(-(xa @ w)))
            gradient = xa.T @ (p - y[:, k]) + ridge * w
            hessian = (xa * (p * (1 - p)).astype(np.float32)[:, None]).T @ xa \
                + np.diag(ridge + 1e-6)
            step = np.linalg.solve(hessian, gradient)
            w -= step
            if np.abs(step).max() < 1e-5:
                break
    return out[:, :d].astype(np.float32), out[:, d].astype(np.float32)


def fit(sets: dict[str, list[Example]]) -> tuple[np.ndarray, np.ndarray]:
    x = np.vstack([e.x for es in sets.values() for e in es])
    y = np.vstack([e.y for es in sets.values() for e in es])
    return train(x, y)


def _can_be(kind: str, said: list[Said], s: Said) -> bool:
    """Whether the engine would let the spotter add ``s`` as ``kind`` (actions: not wired in,
    nothing refused)."""
    if kind == "decision":
        return spottable(said, s)
    if kind == "question":
        return askable(said, s, set())
    return True


def added(e: Example, p: np.ndarray, kind: str, threshold: float) -> list[Scoreable]:
    """The sentences above ``threshold`` for ``kind`` that no rule item cites."""
    k = KINDS.index(kind)
    taken = {i.start for i in e.rules}
    near = [i.start for i in e.rules if i.kind == kind]
    owners = Owners(e.said, e.names, e.speaker_names)
    out = []
    for i, s in enumerate(e.said):
        if p[i, k] >= threshold and float(int(s.start)) not in taken \
                and not any(abs(t - s.start) <= GAP for t in near) \
                and (not VETO or _can_be(kind, e.said, s)):
            it = item(kind, s, i, e.names, owners)
            out.append(Scoreable(kind, it.text, float(int(it.start)),
                                 None if it.owner == NOT_STATED else it.owner,
                                 None if it.due == NOT_STATED else it.due, it.text))
    return out


def counts(examples: list[Example], probs: list[np.ndarray], kind: str,
           threshold: float) -> np.ndarray:
    """(matched, items, labels) of ``kind``, pooled, rules plus what the threshold adds."""
    total = np.zeros(3, dtype=int)
    for e, p in zip(examples, probs, strict=True):
        items = [i for i in e.rules if i.kind == kind] + added(e, p, kind, threshold)
        result: Scored = score(e.meeting, items)
        total += np.array(result.count(kind))
    return total


def f1(c: np.ndarray) -> float:
    return 2 * c[0] / (c[1] + c[2]) if c[1] + c[2] else 0.0


def thresholds(sets: dict[str, list[Example]], scored: tuple[str, ...] | None = None
               ) -> list[float]:
    """Per kind, the threshold of the best pooled F1 when each set (of ``scored``, default
    all) is left out in turn (predicted by a model of the others); NONE when none beats the
    rules alone."""
    examples, probs = [], []
    for name in scored or sets:
        w, b = fit({k: v for k, v in sets.items() if k != name})
        examples += sets[name]
        probs += [predicted(e, w, b) for e in sets[name]]
    chosen = []
    for kind in KINDS:
        best, best_f1 = NONE, f1(counts(examples, probs, kind, NONE))
        for t in GRID:
            got = f1(counts(examples, probs, kind, t))
            if got > best_f1 + 1e-9:
                best, best_f1 = t, got
        chosen.append(best)
    return chosen


def pr(c: np.ndarray) -> str:
    p = c[0] / c[1] if c[1] else 0.0
    r = c[0] / c[2] if c[2] else 0.0
    return f"{p:.2f} / {r:.2f}"


def leave_one_set_out(sets: dict[str, list[Example]], only: str | None = None) -> None:
    print("| held-out set | | decisions P / R | actions P / R | questions P / R | thresholds |")
    print("|---|---|---|---|---|---|")
    pooled = {"rules": np.zeros((3, 3), int), "rules + learned": np.zeros((3, 3), int)}
    for name in [only] if only else sets:
        rest = {k: v for k, v in sets.items() if k != name}
        chosen = thresholds(rest)
        w, b = fit(rest)
        probs = [predicted(e, w, b) for e in sets[name]]
        for label, ts in (("rules", [NONE] * 3), ("rules + learned", chosen)):
            row = [counts(sets[name], probs, k, t) for k, t in zip(KINDS, ts, strict=True)]
            pooled[label] += np.array(row)
            shown = ", ".join("none" if t == NONE else f"{t:.2f}" for t in ts)
            print(f"| {name} | {label} | " + " | ".join(pr(c) for c in row)
                  + f" | {shown if label != 'rules' else ''} |", flush=True)
    for label, rows in pooled.items() if only is None else ():
        print(f"| all, pooled | {label} | " + " | ".join(pr(c) for c in rows) + " | |")


def judge(sets: dict[str, list[Example]], unseen: list[Example], name: str) -> None:
    """``unseen`` scored with the rules alone and with what a model of all ``sets`` adds at
    the thresholds chosen on ``sets``."""
    embedded(unseen, BLEND.any())
    chosen = thresholds(sets)
    w, b = fit(sets)
    if BLEND.any():
        readers = reader([e for es in sets.values() for e in es])
        for e in unseen:
            e.read = read(e, readers)
    probs = [predicted(e, w, b) for e in unseen]
    print("| unseen set | | decisions P / R | actions P / R | questions P / R | thresholds |")
    print("|---|---|---|---|---|---|")
    for label, ts in (("rules", [NONE] * 3), ("rules + learned", chosen)):
        row = [counts(unseen, probs, k, t) for k, t in zip(KINDS, ts, strict=True)]
        shown = ", ".join("none" if t == NONE else f"{t:.2f}" for t in ts)
        print(f"| {name} | {label} | " + " | ".join(pr(c) for c in row)
              + f" | {shown if label != 'rules' else ''} |", flush=True)


def diagnose(sets: dict[str, list[Example]], only: str | None = None) -> None:
    """Each set predicted by a model of the other five, pooled: per kind and threshold, the
    items added, how many more labels are found, P / R of rules + added, of the model alone."""
    examples, probs = [], []
    for name in [only] if only else sets:
        w, b = fit({k: v for k, v in sets.items() if k != name})
        examples += sets[name]
        probs += [predicted(e, w, b) for e in sets[name]]
    y = np.vstack([e.y for e in examples])
    p = np.vstack(probs)
    print("| kind | threshold | added | labels gained | rules + added P / R | model alone P / R |")
    print("|---|---|---|---|---|---|")
    for k, kind in enumerate(KINDS):
        base = counts(examples, probs, kind, NONE)
        print(f"| {kind} | rules | | | {pr(base)} | |")
        for t in GRID:
            c = counts(examples, probs, kind, t)
            alone = p[:, k] >= t
            hit = int((alone & (y[:, k] > 0)).sum())
            print(f"| {kind} | {t:.2f} | {c[1] - base[1]} | {c[0] - base[0]} | {pr(c)} |"
                  f" {pr(np.array([hit, alone.sum(), y[:, k].sum()]))} |", flush=True)


def save(sets: dict[str, list[Example]], readers: list[dict[str, np.ndarray]] | None = None
         ) -> None:
    """Train on every set and write the decisions' and open questions' weights and
    thresholds where the extraction reads them (engine/minutes/extract_learned.py); the
    thresholds are chosen on the sets the rules were never tuned on (NEVER_TUNED), each
    set's chances from a model trained without its fold (``thresholds``, a model per set
    left out, took 20 minutes on 57 sets); with the readers, the second reading too
    (bench/extraction_second.py). Each example's ``read`` must be out of fold; ``readers``:
    already trained on every set. Actions are not wired in (see the module doc)."""
    from bench.extraction_second import first_out_of_fold, first_threshold
    from bench.extraction_second import saved as second_reading
    wired = ("decision", "question")
    rows = [KINDS.index(k) for k in wired]
    first_out_of_fold(sets)
    chosen = {KINDS.index(k): first_threshold(sets, k) for k in wired}
    w, b = fit(sets)
    path = weights_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    read_by = {}
    if BLEND[rows].any():
        read_by = second_reading(sets)
        readers = readers or reader([e for es in sets.values() for e in es])
        for r in readers:
            r["out"], r["out_bias"] = r["out"][rows], r["out_bias"][rows]
        read_by |= {READER + name: np.stack([r[name] for r in readers]).astype(np.float16)
                    for name in readers[0]}
    if path.is_file():  # the language model's reading (bench/extraction_lm.py) is kept; its
        # thresholds were chosen for these weights, so run that script again after this one
        with np.load(path) as before:
            read_by |= {k: before[k] for k in before.files if k.startswith("lm_")}
    np.savez(path, kinds=np.array(wired), weights=w[rows].astype(np.float16),
             bias=b[rows].astype(np.float32),
             thresholds=np.array([chosen[k] for k in rows], dtype=np.float32),
             blend=BLEND[rows], trained_on=np.array(sorted(sets)), **read_by)
    print(f"saved {path}: thresholds " + ", ".join(f"{k} {chosen[r]:.2f}" for k, r in
                                                    zip(wired, rows, strict=True))
          + f"; trained on {', '.join(sorted(sets))}")


def main(argv: list[str] | None = None) -> int:
    global LAMBDA, STEPS, GAP, VETO, BLEND
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", action="store_true",
                        help="train on every tuning set and write the decisions' and open"
                             " questions' weights to assets/extraction/spotter.npz")
    parser.add_argument("--diagnose", action="store_true",
                        help="per threshold: what the model of the other five sets adds")
    parser.add_argument("--no-eval", action="store_true", help="skip leave-one-set-out")
    parser.add_argument("--second", action="store_true",
                        help="per group of sets: F1 of the first reading and of the second"
                             " (bench/extraction_second.py), out of fold")
    parser.add_argument("--rules-at", type=Path,
                        help="the rules of an older engine (`git archive <commit> engine`"
                             " unpacked here) instead of the working tree's")
    parser.add_argument("--unseen-rules", action="store_true",
                        help="each set's rule items from the rules of before it was tuned on"
                             " (UNSEEN)")
    parser.add_argument("--heldout", choices=TUNING, help="leave only this set out")
    parser.add_argument("--judge", choices=sorted(set(SETS) - set(TUNING)),
                        help="train on every tuning set, then score this unseen set once")
    parser.add_argument("--l2", type=float, default=LAMBDA, help="L2 weight")
    parser.add_argument("--gap", type=float, default=GAP,
                        help="seconds: add nothing this near a rule item of the kind")
    parser.add_argument("--steps", type=int, default=STEPS, help="Newton steps at most")
    parser.add_argument("--no-reader", action="store_true",
                        help="the regression alone, without the word-piece reader (which"
                             " needs torch to train)")
    parser.add_argument("--no-veto", action="store_true",
                        help="add decisions and open questions the engine would refuse"
                             " (extract_decisions.spottable, extract_questions.spottable)")
    args = parser.parse_args(argv)
    LAMBDA, STEPS, GAP, VETO = args.l2, args.steps, args.gap, not args.no_veto
    BLEND = BLEND * (not args.no_reader)
    sets = {name: [example(m) for m in load(SETS[name])] for name in TUNING}
    embedded([e for es in sets.values() for e in es], BLEND.any())
    if BLEND.any():
        read_out_of_fold(sets)
    if args.rules_at:
        rules_at([e for es in sets.values() for e in es], args.rules_at)
    if args.unseen_rules:
        unseen_rules(sets)
    n = sum(len(e.said) for es in sets.values() for e in es)
    pos = sum(e.y.sum(axis=0) for es in sets.values() for e in es)
    print(f"{n} sentences; positives " + ", ".join(f"{k} {int(c)}" for k, c in zip(KINDS, pos, strict=True)))
    if args.diagnose:
        diagnose(sets, args.heldout)
    if args.second and BLEND.any():
        from bench.extraction_second import compared
        compared(sets, {"never tuned": NEVER_TUNED, "fresh8-41": SPENT, "all": TUNING})
    if args.judge:
        judge(sets, [example(m) for m in load(SETS[args.judge])], args.judge)
    elif not args.no_eval:
        leave_one_set_out(sets, args.heldout)
    if args.save:
        save(sets)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
