"""Decisions the rules miss, spotted by a classifier learned from labelled meetings.

A logistic regression on all-MiniLM-L6-v2 vectors (the library's embedder, on onnxruntime)
of a sentence and the one before and after it, with three flags (it asks; the speaker
changes before / after). It gives each sentence the chance that a decision is said in it;
extract_decisions.py adds, as a weak decision, a sentence above the threshold that no rule
took, that is a plain statement (not asked, not a task, not reported from before nor put
off) and that sits no nearer than ``GAP_S`` to a decision the rules found.

The weights (assets/extraction/decisions.npz) are trained by
`bench/extraction_learned.py --save` on the labelled sets under bench/; the threshold is the
one of the best F1 with each set left out in turn. Decisions only: for actions and open
questions the same classifier added nothing or cost precision on meetings it had not seen
(docs/benchmarks.md, "Extraction against labels", 2026-12-04 afternoon).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from engine import paths
from engine.errors import ModelError
from engine.minutes.extract_types import Said

log = logging.getLogger(__name__)
GAP_S = 10.0  # seconds: nothing is added this near a decision the rules found


def weights_path() -> Path:
    return paths.assets_dir() / "extraction" / "decisions.npz"


def features(said: Sequence[Said], vectors: np.ndarray) -> np.ndarray:
    """One row per sentence: its vector, the previous and the next one's (zeros at the
    ends), whether it asks, whether the previous / next one is another speaker's."""
    n = len(said)
    dim = vectors.shape[1] if vectors.ndim == 2 else 384
    zero = np.zeros((1, dim), dtype=np.float32)
    before = np.vstack([zero, vectors[:-1]]) if n else np.zeros((0, dim), np.float32)
    after = np.vstack([vectors[1:], zero]) if n else np.zeros((0, dim), np.float32)
    flags = np.zeros((n, 3), dtype=np.float32)
    for i, s in enumerate(said):
        flags[i, 0] = s.question
        flags[i, 1] = i > 0 and said[i - 1].speaker != s.speaker
        flags[i, 2] = i + 1 < n and said[i + 1].speaker != s.speaker
    return np.hstack([vectors, before, after, flags]).astype(np.float32)


class DecisionSpotter:
    """Per sentence, the chance that a decision is said in it; ``threshold`` from training."""

    def __init__(self, embedder, weights: np.ndarray, bias: float, threshold: float) -> None:
        self.embedder = embedder
        self.weights = weights.astype(np.float32)
        self.bias = float(bias)
        self.threshold = float(threshold)

    @classmethod
    def load(cls, embedder, path: Path | None = None) -> DecisionSpotter:
        with np.load(path or weights_path()) as saved:
            return cls(embedder, saved["weights"], float(saved["bias"]),
                       float(saved["threshold"]))

    def chances(self, said: Sequence[Said]) -> np.ndarray:
        if not said:
            return np.zeros(0, dtype=np.float32)
        x = features(said, self.embedder.embed([s.text for s in said]))
        return 1.0 / (1.0 + np.exp(-(x @ self.weights + self.bias)))


_shared: DecisionSpotter | None = None
_lock = threading.Lock()


def shared_spotter() -> DecisionSpotter | None:
    """One spotter for the process (the embedding model loads once, on the first minutes);
    None, with the reason logged, when the embedding model or the weights are missing or
    will not load: the minutes then have the rules' decisions alone, never none."""
    global _shared
    with _lock:
        if _shared is None:
            from engine.library.embedder import Embedder
            try:
                spotter = DecisionSpotter.load(Embedder(threads=1))
                spotter.embedder.embed(["Loaded."])
            except (ModelError, OSError, KeyError, ValueError, RuntimeError) as e:
                log.warning("Decisions from the rules alone (the learned classifier did not"
                            " load): %s", e)
                return None
            _shared = spotter
        return _shared
