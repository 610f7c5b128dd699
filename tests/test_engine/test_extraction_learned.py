"""bench/extraction_learned.py: the features, the training and what it adds to the rules."""

from __future__ import annotations

import numpy as np

from bench.extraction_learned import KINDS, Example, added, features, probabilities, train
from bench.extraction_score import Item as Scoreable
from bench.extraction_set import Meeting
from engine.minutes.extract_types import Said


def _said(*lines: tuple[int, float, str]) -> list[Said]:
    return [Said(text, at, who, i) for i, (who, at, text) in enumerate(lines)]


def test_a_row_is_the_sentence_then_the_one_before_and_after_then_three_flags():
    said = _said((0, 0.0, "We start."), (1, 4.0, "Who takes it?"), (1, 8.0, "I will."))
    vectors = np.eye(3, 4, dtype=np.float32)
    x = features(said, vectors)
    assert x.shape == (3, 4 * 3 + 3)
    assert x[1, :4].tolist() == vectors[1].tolist()
    assert x[1, 4:8].tolist() == vectors[0].tolist()
    assert x[1, 8:12].tolist() == vectors[2].tolist()
    assert x[0, 4:8].tolist() == [0, 0, 0, 0]  # nothing before the first sentence
    assert x[1, 12:].tolist() == [1, 1, 0]  # asks; another speaker before, the same after


def test_training_separates_what_is_separable():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 5)).astype(np.float32)
    y = np.stack([(x[:, 0] > 0.5), (x[:, 1] < -0.5), (x[:, 2] > 0)], axis=1).astype(np.float32)
    w, b = train(x, y)
    right = (probabilities(x, w, b) >= 0.5) == (y > 0)
    assert right.mean() > 0.95


def test_only_confident_sentences_no_rule_took_nor_sits_near_are_added():
    said = _said((0, 0.0, "The rules took this one."), (1, 5.0, "Close to the rules' item."),
                 (2, 40.0, "I'll book the hall by Friday."), (0, 60.0, "Not sure at all."))
    meeting = Meeting("m", "t", "planning", None, 0, {}, [], [])
    rule = Scoreable("action", "took this one", 0.0)
    e = Example(meeting, said, np.zeros((4, 3), np.float32), [rule], {"Ana"}, {2: "Ana"}, [])
    p = np.zeros((4, len(KINDS)))
    p[:3, KINDS.index("action")] = 0.9
    p[3, KINDS.index("action")] = 0.4
    [item] = added(e, p, "action", 0.6)
    assert item.text == "I'll book the hall by Friday." and item.start == 40.0
    assert item.owner == "Ana" and item.due == "by Friday"
