"""A small reader of the embedding model's word-piece states, learned from labelled meetings:
per sentence, the chance that each kind is said in it.

Each sentence is read from its word pieces' states (all-MiniLM-L6-v2, the library's embedder):
their mean, and a few learned attention poolings that can weigh "let's go with" or "then
it's settled" above the rest; a layer turns that into the sentence's reading, and a second
layer reads it with the readings of the sentences before and after and three flags (it asks;
the speaker changes before / after); context layers then add what the neighbours' readings
say, reaching further along the exchange ("Bigger tent." settles what was asked two lines
up). Trained with torch by `bench/extraction_attention.py`;
run here with numpy, so the app needs no torch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from engine.minutes.extract_types import Said

PIECES = 64  # word pieces read per sentence ([CLS] included); longer sentences are cut
MEAN_SCALE = 8.0  # the unit-length mean is scaled to the size of the attention poolings


def gelu(x: np.ndarray) -> np.ndarray:
    """GELU, tanh approximation (as torch's ``gelu(approximate="tanh")`` the reader is
    trained with)."""
    return 0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * x ** 3)))


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -60.0, 60.0)))


def shifted(z: np.ndarray, by: int, fill: float = 0.0) -> np.ndarray:
    """``z`` moved ``by`` places later (positive: each row gets the one ``by`` before it;
    negative: the one ``-by`` after it), ``fill`` where there is none."""
    out = np.full_like(z, fill)
    n = len(z)
    if by > 0:
        out[by:] = z[:max(n - by, 0)]
    else:
        out[:max(n + by, 0)] = z[-by:]
    return out


def flagged(said: Sequence[Said]) -> np.ndarray:
    """(sentences, 3): it asks; the previous / next sentence is another speaker's."""
    n = len(said)
    out = np.zeros((n, 3), dtype=np.float32)
    for i, s in enumerate(said):
        out[i, 0] = s.question
        out[i, 1] = i > 0 and said[i - 1].speaker != s.speaker
        out[i, 2] = i + 1 < n and said[i + 1].speaker != s.speaker
    return out


def pooled(states: np.ndarray, query: np.ndarray, query_bias: np.ndarray) -> np.ndarray:
    """One sentence's word-piece states (pieces, 384) -> its mean (unit length, scaled) and
    one attention pooling per query, side by side."""
    states = np.asarray(states, dtype=np.float32)[:PIECES]
    mean = states.mean(axis=0)
    mean = mean / max(float(np.linalg.norm(mean)), 1e-12) * MEAN_SCALE
    scores = states @ query.T + query_bias
    weights = np.exp(scores - scores.max(axis=0))
    weights /= weights.sum(axis=0)
    return np.concatenate([mean, (weights.T @ states).ravel()])


def _with_neighbours(h: np.ndarray) -> np.ndarray:
    """Each row beside the row before and after it (zeros at the ends)."""
    zero = np.zeros((1, h.shape[1]), dtype=h.dtype)
    return np.hstack([h, np.vstack([zero, h[:-1]]), np.vstack([h[1:], zero])])


def logits(states: Sequence[np.ndarray], flags: np.ndarray,
           w: Mapping[str, np.ndarray]) -> np.ndarray:
    """(sentences, outputs) logits of a meeting's sentences, in order; ``flags`` from
    ``flagged``. Context layers (``context<k>``), where the weights have them, each add to a
    sentence's reading what its neighbours' readings say, so k layers reach k + 1 sentences
    either side."""
    n = len(states)
    if n == 0:
        return np.zeros((0, w["out"].shape[0]), dtype=np.float32)
    read = np.stack([pooled(s, w["query"], w["query_bias"]) for s in states])
    h = gelu(read @ w["proj"].T + w["proj_bias"])
    mixed = gelu(np.hstack([_with_neighbours(h), flags]) @ w["mix"].T + w["mix_bias"])
    for k in range(context_layers(w)):
        mixed = mixed + gelu(_with_neighbours(mixed) @ w[f"context{k}"].T + w[f"context{k}_bias"])
    return mixed @ w["out"].T + w["out_bias"]


def context_layers(w: Mapping[str, np.ndarray]) -> int:
    return sum(1 for k in w if k.startswith("context") and not k.endswith("_bias"))
