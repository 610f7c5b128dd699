"""The second reading of a meeting: each sentence's chance of a kind (the first reading,
extract_learned.py) read again with the chances of the sentences around it, its place in the
meeting, its length, whether its speaker is the one who says most, and whether a rule took
it for an item of the kind. A logistic regression, learned by `bench/extraction_learned.py
--save` on the first reading's chances of meetings it had not seen; the sentences it finds
likely (at its "add" threshold) are added where no rule found an item of the kind.

Decisions only (the weights file says which kinds): open questions read twice did no better
on meetings the readings had not seen. It could also drop the rules' items it finds unlikely:
that gained F1 on the training sets (decisions +0.02) but dropped plain decisions ("Red it
is, then.", a motion carried) in the short meetings of tests/test_engine/test_extract.py, so
every rule item stands.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from engine.minutes.extract_attention import shifted, sigmoid
from engine.minutes.extract_types import Said

FEATURES = 11
_NONE = -6.0  # the logit of a neighbour beyond the meeting's ends


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-4, 1.0 - 1e-4)
    return np.log(p / (1.0 - p))


def features(said: Sequence[Said], chances: np.ndarray, ruled: set[int]) -> np.ndarray:
    """(sentences, FEATURES): the chance's logit, those of the sentences one and two before
    and after, how far the likelier neighbour is above it, the place in the meeting (and its
    square), whether its speaker says most (NaN for every sentence without speakers: not
    known), its length (log words), whether a rule took it."""
    n = len(said)
    if n == 0:
        return np.zeros((0, FEATURES))
    z = logit(chances)
    before, after = shifted(z, 1, _NONE), shifted(z, -1, _NONE)
    place = np.arange(n) / max(n - 1, 1)
    heard = [s.speaker for s in said if s.speaker is not None]
    most = Counter(heard).most_common(1)[0][0] if heard else None
    says_most = [np.nan if most is None else float(s.speaker == most) for s in said]
    return np.stack([z, before, after, shifted(z, 2, _NONE), shifted(z, -2, _NONE),
                     np.maximum(before, after) - z, place, place ** 2, np.array(says_most),
                     np.log1p([len(s.text.split()) for s in said]),
                     np.array([s.i in ruled for s in said], dtype=np.float64)], axis=1)


def chances(x: np.ndarray, mean: np.ndarray, scale: np.ndarray, weights: np.ndarray,
            bias: float) -> np.ndarray:
    """The second reading's chances of ``features`` rows, standardised as in training; a
    feature not known (NaN) is taken at its training mean, so it tips nothing either way
    (without it, "its speaker says most" read as true everywhere added 18 false decisions
    to 40 meetings read without speakers)."""
    x = np.where(np.isnan(x), mean, x)
    return sigmoid(((x - mean) / scale) @ weights + bias)
