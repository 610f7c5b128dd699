"""bench/extraction_second.py: the second reading learns from the first reading's chances
around a sentence and from the rules."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from bench.extraction_score import Item as Scoreable
from bench.extraction_second import chances, fit, ruled
from engine.minutes.extract_types import Said


def _meeting(rng: np.random.Generator, speakers: bool) -> SimpleNamespace:
    """20 sentences; a decision is said where the first reading is sure, or where it is
    half sure and the sentence after it is sure too; a rule took every third sentence."""
    n = 20
    said = [Said(f"Sentence {k} of the meeting.", 4.0 * k, k % 3 if speakers else None, k)
            for k in range(n)]
    first = np.full((n, 3), 0.05)
    first[:, 0] = rng.choice([0.05, 0.5, 0.9], size=n)
    nxt = np.r_[first[1:, 0], 0.05]
    y = np.zeros((n, 3))
    y[:, 0] = (first[:, 0] == 0.9) | ((first[:, 0] == 0.5) & (nxt == 0.9))
    rules = [Scoreable("decision", said[k].text, said[k].start) for k in range(0, n, 3)]
    return SimpleNamespace(said=said, first=first, y=y, rules=rules)


def test_a_rule_item_marks_its_sentence():
    e = _meeting(np.random.default_rng(0), True)
    assert ruled(e, "decision") == {0, 3, 6, 9, 12, 15, 18}
    assert ruled(e, "question") == set()


def test_the_second_reading_learns_what_the_neighbours_say():
    rng = np.random.default_rng(1)
    meetings = [_meeting(rng, speakers=k % 2 == 0) for k in range(60)]  # half without speakers
    w = fit(meetings, "decision")
    test = _meeting(np.random.default_rng(2), True)
    p = chances(test, "decision", w)[:, 0]
    half = test.first[:, 0] == 0.5
    before_sure = np.r_[test.first[1:, 0], 0.05] == 0.9
    assert (half & before_sure).any() and (half & ~before_sure).any()
    assert (p[half & before_sure] > 0.5).all() and (p[half & ~before_sure] < 0.5).all()
    assert np.isfinite(w["mean"]).all()  # "says most", not known half the time, still learned
