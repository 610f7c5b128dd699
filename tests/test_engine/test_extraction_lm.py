"""bench/extraction_lm.py: the reading's small networks learn what a regression of the same
features cannot, and the app (LmChances) reads them as they were trained."""

from __future__ import annotations

import numpy as np
import pytest

import bench.extraction_lm as xl


def _rows(count: int, seed: int) -> list[dict]:
    """Meetings of 20 sentences whose states are two numbers; a sentence is of every kind
    when its state and the next sentence's have the same sign (an answer that agrees), an
    interaction no weighing of each state apart can read."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(count):
        ends = rng.normal(size=(20, 2)).astype(np.float32)
        after = np.vstack([ends[1:], np.zeros((1, 2), np.float32)])
        y = np.repeat(((ends[:, 0] > 0) == (after[:, 0] > 0))[:, None], 3, axis=1)
        rows.append({"said": [(f"Sentence {k}.", 4.0 * k, k % 2) for k in range(20)],
                     "y": y.astype(np.float32), "end": ends.astype(np.float16),
                     "mean": rng.normal(size=(20, 2)).astype(np.float16)})
    return rows


@pytest.fixture()
def longer(monkeypatch):
    monkeypatch.setattr(xl, "EPOCHS", 30)  # the real sets have some 60 000 sentences


def test_the_networks_read_what_follows_together_with_the_sentence(longer):
    train, test = _rows(150, 0), _rows(40, 1)
    x, y = xl.design(test)
    network = xl.chances(xl.fitted(train), x)
    regression = xl.chances(xl.fitted(train, linear=True), x)
    for k in range(3):
        assert xl.average_precision(y[:, k], network[:, k]) > 0.9
        assert xl.average_precision(y[:, k], regression[:, k]) < 0.7


def test_the_arrays_are_one_layer_of_every_members_units(longer):
    model = xl.fitted(_rows(20, 2))
    width = xl.design(_rows(1, 3))[0].shape[1]
    assert model["hidden"].shape == (width, xl.MEMBERS * xl.UNITS)
    assert model["weights"].shape == (3, xl.MEMBERS * xl.UNITS)
    assert model["hidden"].dtype == np.float16  # halves the weights file
