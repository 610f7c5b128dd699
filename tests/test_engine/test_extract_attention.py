"""The word-piece reader (engine/minutes/extract_attention.py): numpy arithmetic of the
network bench/extraction_attention.py trains with torch."""

from __future__ import annotations

import numpy as np

from engine.minutes.extract_attention import MEAN_SCALE, PIECES, context_layers, flagged, gelu, logits, pooled
from engine.minutes.extract_types import Said


def _weights(rng: np.random.Generator, heads: int = 2, hidden: int = 5, outputs: int = 2):
    shapes = {"query": (heads, 384), "query_bias": (heads,), "proj": (hidden, 384 * (heads + 1)),
              "proj_bias": (hidden,), "mix": (hidden, 3 * hidden + 3), "mix_bias": (hidden,),
              "out": (outputs, hidden), "out_bias": (outputs,)}
    return {k: rng.normal(scale=0.1, size=v).astype(np.float32) for k, v in shapes.items()}


def _said(speakers: list[int], asks: list[bool]) -> list[Said]:
    return [Said("Yes?" if q else "Yes.", float(i), who, i)
            for i, (who, q) in enumerate(zip(speakers, asks, strict=True))]


def test_gelu_is_torchs_tanh_approximation():
    x = np.array([-3.0, -1.0, 0.0, 0.5, 2.0])
    # torch.nn.functional.gelu(x, approximate="tanh")
    expected = [-0.0036, -0.1588, 0.0, 0.3457, 1.9546]
    assert np.allclose(gelu(x), expected, atol=1e-4)


def test_with_indifferent_queries_each_pooling_is_the_plain_mean():
    rng = np.random.default_rng(1)
    states = rng.normal(size=(7, 384)).astype(np.float32)
    read = pooled(states, np.zeros((3, 384), np.float32), np.zeros(3, np.float32))
    assert read.shape == (384 * 4,)
    assert np.isclose(np.linalg.norm(read[:384]), MEAN_SCALE)
    for h in range(1, 4):
        assert np.allclose(read[384 * h:384 * (h + 1)], states.mean(axis=0), atol=1e-5)


def test_a_query_attends_to_the_piece_it_points_at():
    states = np.zeros((5, 384), np.float32)
    states[np.arange(5), np.arange(5)] = 1.0  # piece k points along axis k
    query = np.zeros((1, 384), np.float32)
    query[0, 3] = 50.0
    read = pooled(states, query, np.zeros(1, np.float32))
    assert np.allclose(read[384:], states[3], atol=1e-6)


def test_pieces_past_the_limit_are_not_read():
    rng = np.random.default_rng(2)
    states = rng.normal(size=(PIECES + 9, 384)).astype(np.float32)
    q, b = rng.normal(size=(2, 384)).astype(np.float32), np.zeros(2, np.float32)
    assert np.array_equal(pooled(states, q, b), pooled(states[:PIECES], q, b))


def test_a_sentence_is_read_with_its_neighbours_and_no_further():
    rng = np.random.default_rng(3)
    w = _weights(rng)
    meeting = [rng.normal(size=(rng.integers(3, 12), 384)).astype(np.float32) for _ in range(4)]
    flags = flagged(_said([0, 1, 1, 0], [False, True, False, False]))
    before = logits(meeting, flags, w)
    assert before.shape == (4, 2)
    changed = list(meeting)
    changed[3] = rng.normal(size=(6, 384)).astype(np.float32)
    after = logits(changed, flags, w)
    assert np.allclose(before[:2], after[:2])  # two sentences away: unchanged
    assert not np.allclose(before[2], after[2])  # the next sentence is read
    assert logits([], np.zeros((0, 3), np.float32), w).shape == (0, 2)


def test_each_context_layer_reads_one_sentence_further():
    rng = np.random.default_rng(4)
    w = _weights(rng)
    w.update(context0=rng.normal(size=(5, 15)).astype(np.float32),
             context0_bias=rng.normal(size=5).astype(np.float32))
    assert context_layers(w) == 1
    meeting = [rng.normal(size=(rng.integers(3, 12), 384)).astype(np.float32) for _ in range(5)]
    flags = flagged(_said([0, 1, 1, 0, 1], [False, True, False, False, False]))
    before = logits(meeting, flags, w)
    changed = list(meeting)
    changed[4] = rng.normal(size=(6, 384)).astype(np.float32)
    after = logits(changed, flags, w)
    assert np.allclose(before[:2], after[:2])  # three sentences away: unchanged
    assert not np.allclose(before[2], after[2])  # two away: read through the context layer
    w.pop("context0"), w.pop("context0_bias")
    assert np.allclose(logits(meeting, flags, w)[2], logits(changed, flags, w)[2])


def test_flags_say_who_asks_and_where_the_speaker_changes():
    assert flagged(_said([0, 1, 1], [False, True, False])).tolist() == \
        [[0, 0, 1], [1, 1, 0], [0, 0, 0]]
