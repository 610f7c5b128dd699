"""Speakers from window embeddings: spectral clustering on a nearest-neighbour graph, the
number of speakers from the largest eigengap. numpy only.

The method is senko's (3D-Speaker's ``SpectralCluster``) with three changes, chosen by
pooled DER (collar 0.25 s, overlap scored, turns joined over gaps < 1 s) on the evaluation
set of bench/diarization.py (AMI excerpts trn01-09, two_speakers.wav, four espeak-ng
meetings of 1-4 voices) and checked on eleven held-out espeak-ng meetings of 1-5 voices
made with other seeds, casts and two voices the set does not use:

    clustering of the window embeddings             set: real  synth  all   held-out
    senko's, ported (ReLU output, >= 6 neighbours,     36.8 % 42.1 % 40.5 %  11.9 %
      merge at cosine 0.875, clusters < 4 moved)
    this module (raw output, 12 neighbours, no merge)  24.2 % 11.7 % 15.4 %   2.9 %

1. Cosine affinity, each row keeping its ``NEIGHBOURS`` = 12 most similar windows (senko:
   1.2 % of them, at least 6), made symmetric; unnormalised Laplacian; the largest gap
   among the ``max_speakers + 1`` smallest eigenvalues gives the count; k-means on the
   first k eigenvectors the labels. 10-15 neighbours: 15.3-15.6 % (held-out 2.5-2.9 %);
   6-8: 17.9-18.1 % (30 s AMI excerpts split, real 33-34 %); 20-25: 25-32 % (the 2- and
   3-voice meetings merged into 1 and 2 speakers).
2. No merging of clusters whose centroids' cosine exceeds 0.875 (senko's ``mer_cos``):
   different espeak-ng voices have centroid cosines of 0.73-0.91 and halves of one AMI
   speaker 0.77-0.91, so no threshold serves both. With the merge: 21.5 %.
3. CAM++'s raw output (``SpeakerEmbedder(final_relu=False)``, 3D-Speaker's original)
   instead of senko's ReLU'd one: 16.7 % and held-out 4.5 % with the ReLU.

Tried and not kept: agglomerative clustering (average linkage, cosine thresholds
0.3-0.45: 36-38 %; any threshold that keeps AMI speakers apart merges espeak-ng voices);
embeddings averaged over 5 neighbouring windows (12.0 % on the set, but held-out 6.4 % and
one held-out voice split into 3); NME-SC's automatic neighbour count (30 s excerpts split
into up to 10 speakers: real 78 %); senko's moving of clusters under 4 windows (within
0.2 points).

Fewer than ``MIN_WINDOWS`` windows (about 6 s of speech) are one speaker, as in senko,
unless the caller says otherwise. Past ``MAX_POINTS`` windows (8 minutes of speech) the
graph is built on an even subsample and every window then joins the cluster whose centroid
is nearest (cosine): on a 24-minute 4-voice meeting (1 685 windows) that gave 4 speakers
and DER 0.7 %, where the full graph with 12 neighbours gave 3 (with 20, senko's 1.2 %, 4);
an eigendecomposition of 800 points takes ~0.3 s on one core, of 2 000 several seconds.
"""

from __future__ import annotations

import numpy as np

from engine.diarize import blas
from engine.diarize.turns import SpeakerCount

NEIGHBOURS = 12
NEIGHBOUR_SHARE = 0.012  # senko's pval: past 1 000 points keep 1.2 % of them
MAX_SPEAKERS = 10  # the largest count the eigengap may choose unless told more
MIN_WINDOWS = 10
MAX_POINTS = 800
KMEANS_STARTS = 10


def cluster(embeddings: np.ndarray, speakers: SpeakerCount = SpeakerCount(), *,
            neighbours: int = NEIGHBOURS, max_points: int = MAX_POINTS,
            seed: int = 0) -> np.ndarray:
    """One speaker label per embedding.

    Args:
        embeddings: (n, d) window embeddings, not necessarily normalised.
        speakers: what the user said about the count; ``exactly`` wins over the range.
        neighbours: similar windows each window keeps in the graph.
        max_points: the most windows the graph is built on.
        seed: k-means seed (results are deterministic for a given seed).

    Returns:
        int array (n,), labels 0..k-1 numbered by first appearance.
    """
    x = np.asarray(embeddings, dtype=np.float64)
    n = len(x)
    if n == 0:
        return np.zeros(0, dtype=int)
    x = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    low, high = _count_range(speakers, n)
    if high <= 1 or (n < MIN_WINDOWS and low <= 1):
        return np.zeros(n, dtype=int)
    step = -(-n // max_points)
    points = x[::step]
    with blas.threads(1):  # multi-threaded eigh ran 3-10x slower on a busy 2-core machine
        labels = _spectral(points, low, min(high, len(points)), neighbours, seed)
    if step > 1:
        labels = _nearest_centroid(x, points, labels)
    return _by_first_appearance(labels)


def _count_range(speakers: SpeakerCount, n: int) -> tuple[int, int]:
    if speakers.exactly is not None:
        k = max(1, min(int(speakers.exactly), n))
        return k, k
    low = max(1, int(speakers.at_least))
    high = MAX_SPEAKERS if speakers.at_most is None else int(speakers.at_most)
    high = max(low, high)
    return min(low, n), min(high, n)


def _spectral(x: np.ndarray, low: int, high: int, neighbours: int, seed: int) -> np.ndarray:
    """Labels of unit vectors ``x`` with between ``low`` and ``high`` clusters."""
    n = len(x)
    similarity = x @ x.T
    keep = min(max(neighbours, round(NEIGHBOUR_SHARE * n)), n - 1)
    nearest = np.argpartition(-similarity, keep, axis=1)[:, : keep + 1]
    affinity = np.zeros_like(similarity)
    np.put_along_axis(affinity, nearest, np.take_along_axis(similarity, nearest, axis=1), axis=1)
    affinity = np.maximum(0.5 * (affinity + affinity.T), 0.0)
    np.fill_diagonal(affinity, 0.0)
    laplacian = np.diag(affinity.sum(axis=1)) - affinity
    values, vectors = np.linalg.eigh(laplacian)
    if low == high:
        k = low
    else:
        gaps = np.diff(values[: min(high + 1, n)])
        k = low + int(np.argmax(gaps[low - 1 :])) if len(gaps) >= low else low
    if k <= 1:
        return np.zeros(n, dtype=int)
    return kmeans(vectors[:, :k], k, seed=seed)


def kmeans(points: np.ndarray, k: int, *, seed: int = 0, starts: int = KMEANS_STARTS,
           iterations: int = 100) -> np.ndarray:
    """Lloyd's k-means from k-means++ seeds, the best of ``starts`` runs by inertia.

    Args:
        points: (n, d) array, n >= k.
        k: clusters.
        seed: random seed.
        starts: independent runs.
        iterations: most Lloyd steps per run.

    Returns:
        int array (n,) of labels in 0..k-1.
    """
    rng = np.random.default_rng(seed)
    best, best_inertia = np.zeros(len(points), dtype=int), np.inf
    for _ in range(starts):
        centres = _plus_plus(points, k, rng)
        for _ in range(iterations):
            distance = ((points[:, None, :] - centres[None]) ** 2).sum(axis=2)
            labels = distance.argmin(axis=1)
            moved = np.array([points[labels == j].mean(axis=0) if np.any(labels == j)
                              else centres[j] for j in range(k)])
            if np.allclose(moved, centres):
                break
            centres = moved
        inertia = float(((points - centres[labels]) ** 2).sum())
        if inertia < best_inertia:
            best, best_inertia = labels, inertia
    return best


def _plus_plus(points: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    centres = [points[rng.integers(len(points))]]
    for _ in range(1, k):
        distance = ((points[:, None, :] - np.array(centres)[None]) ** 2).sum(axis=2).min(axis=1)
        total = distance.sum()
        pick = rng.choice(len(points), p=distance / total) if total > 0 \
            else rng.integers(len(points))
        centres.append(points[pick])
    return np.array(centres)


def _nearest_centroid(x: np.ndarray, points: np.ndarray, labels: np.ndarray) -> np.ndarray:
    found = np.unique(labels)
    centroids = np.stack([points[labels == c].mean(axis=0) for c in found])
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    return found[np.argmax(x @ centroids.T, axis=1)]


def _by_first_appearance(labels: np.ndarray) -> np.ndarray:
    order: dict[int, int] = {}
    return np.array([order.setdefault(int(label), len(order)) for label in labels], dtype=int)
