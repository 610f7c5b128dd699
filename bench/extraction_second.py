"""Issue 16: the second reading (engine/minutes/extract_second_reading.py), learned here.

The first reading (the regression blended with the word-piece readers, extract_learned.py)
gives each sentence a chance per kind. The second reading reads that chance again with its
neighbours' chances, the sentence's place, length and speaker, and whether a rule took it;
it is a logistic regression trained on the first reading's OUT-OF-FOLD chances (each set's
from a first reading trained without its fold), as the app meets a new meeting. Its
threshold per kind (a sentence no rule took at or above it becomes an item) is that of the
best pooled F1 on the sets the rules were never tuned on (NEVER_TUNED), each set's chances
from a second reading trained without its fold.

Used by `bench/extraction_learned.py --save` (which writes the weights) and by
`--second` there (which prints, per group of sets, the F1 with and without it).
"""

from __future__ import annotations

import numpy as np

import bench.extraction_learned as L
from bench.extraction_attention import folds
from engine.minutes import extract_second_reading as second
from engine.minutes.extract_learned import SECOND

# open questions read twice did no better out of fold (F1 0.753 -> 0.763 never tuned, 0.719
# -> 0.717 fresh8-21, 0.885 -> 0.870 dev): only decisions are
WIRED = ("decision",)
L2 = 1e-2
ADD = (0.1, 0.125, 0.15, 0.175, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


def first_out_of_fold(sets: dict[str, list]) -> None:
    """Each example's ``first``: the first reading's chances (sentences, kinds) from a
    regression trained without its fold, blended with its out-of-fold ``read``."""
    for out in folds(sets):
        w, b = L.fit({n: v for n, v in sets.items() if n not in out})
        for e in (e for n in out for e in sets[n]):
            e.first = L.predicted(e, w, b)


def ruled(e, kind: str) -> set[int]:
    """The sentences a rule item of ``kind`` cites."""
    starts = {i.start for i in e.rules if i.kind == kind}
    return {k for k, s in enumerate(e.said) if float(int(s.start)) in starts}


def rows(e, kind: str) -> np.ndarray:
    return second.features(e.said, e.first[:, L.KINDS.index(kind)], ruled(e, kind))


def fit(examples: list, kind: str) -> dict[str, np.ndarray]:
    """The second reading of ``kind``: standardised features, Newton steps, L2."""
    x = np.vstack([rows(e, kind) for e in examples])
    y = np.concatenate([e.y[:, L.KINDS.index(kind)] for e in examples])
    mean, scale = np.nanmean(x, axis=0), np.nanstd(x, axis=0) + 1e-9
    x = np.where(np.isnan(x), mean, x)  # not known (no speakers): the mean, as the app reads it
    xs = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(xs.shape[1])
    penalty = L2 * len(x) * np.diag(np.r_[np.ones(len(w) - 1), 0.0])
    for _ in range(25):
        p = 1.0 / (1.0 + np.exp(-xs @ w))
        gradient = xs.T @ (p - y) + penalty @ w
        hessian = (xs * (p * (1.0 - p))[:, None]).T @ xs + penalty
        w -= np.linalg.solve(hessian, gradient)
    return {"mean": mean, "scale": scale, "weights": w[:-1], "bias": np.float64(w[-1])}


def chances(e, kind: str, w: dict[str, np.ndarray]) -> np.ndarray:
    """``e.first`` with ``kind``'s column read again by ``w``."""
    out = e.first.copy()
    out[:, L.KINDS.index(kind)] = second.chances(rows(e, kind), w["mean"], w["scale"],
                                                 w["weights"], float(w["bias"]))
    return out


def out_of_fold(sets: dict[str, list], kind: str) -> dict[int, np.ndarray]:
    """id(example) -> its chances, ``kind`` read again by a second reading trained without
    its fold."""
    out_chances = {}
    for out in folds(sets):
        w = fit([e for n, es in sets.items() if n not in out for e in es], kind)
        for e in (e for n in out for e in sets[n]):
            out_chances[id(e)] = chances(e, kind, w)
    return out_chances


def first_threshold(sets: dict[str, list], kind: str) -> float:
    """The first reading's threshold for ``kind``: the best pooled F1 on NEVER_TUNED of the
    rules plus each example's ``first`` (``first_out_of_fold``); NONE when the rules alone
    do best."""
    tuned = [e for n in L.NEVER_TUNED if n in sets for e in sets[n]]
    return max((L.NONE, *L.GRID), key=lambda t: L.f1(L.counts(tuned, [e.first for e in tuned],
                                                                   kind, t)))


def threshold(sets: dict[str, list], kind: str, chances_of: dict[int, np.ndarray]
              ) -> tuple[float, float]:
    """(threshold, F1) of the best pooled F1 on NEVER_TUNED."""
    examples = [e for n in L.NEVER_TUNED if n in sets for e in sets[n]]
    probs = [chances_of[id(e)] for e in examples]
    return max(((a, L.f1(L.counts(examples, probs, kind, a))) for a in ADD), key=lambda t: t[1])


def saved(sets: dict[str, list]) -> dict[str, np.ndarray]:
    """The weights file's ``second_<name>`` arrays, one row per wired kind: each kind's
    second reading trained on every set, its threshold chosen out of fold; each example's
    ``first`` from ``first_out_of_fold``."""
    every = [e for es in sets.values() for e in es]
    per_kind = []
    for kind in WIRED:
        add, f1 = threshold(sets, kind, out_of_fold(sets, kind))
        print(f"second reading, {kind}: threshold {add:.2f} (F1 {f1:.3f} on NEVER_TUNED, out"
              " of fold)", flush=True)
        per_kind.append({**fit(every, kind), "add": np.float64(add)})
    return {SECOND + "kinds": np.array(WIRED),
            **{SECOND + name: np.stack([np.asarray(w[name], dtype=np.float64) for w in per_kind])
               for name in per_kind[0]}}


def compared(sets: dict[str, list], groups: dict[str, tuple[str, ...]]) -> None:
    """Per kind and group of sets: pooled F1 (P / R) of the rules plus the first
    reading and plus the second, each at its threshold, all out of fold."""
    first_out_of_fold(sets)
    for kind in ("decision", "question"):
        first = first_threshold(sets, kind)
        again = out_of_fold(sets, kind)
        add, _ = threshold(sets, kind, again)
        for group, names in groups.items():
            es = [e for n in names if n in sets for e in sets[n]]
            c1 = L.counts(es, [e.first for e in es], kind, first)
            c2 = L.counts(es, [again[id(e)] for e in es], kind, add)
            print(f"| {kind} | {group} | {L.f1(c1):.3f} ({L.pr(c1)}) | {L.f1(c2):.3f}"
                  f" ({L.pr(c2)}) |", flush=True)
