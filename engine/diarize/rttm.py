"""RTTM files (who spoke when, one line per turn), UEM files (what was annotated), and the
diarization error rate that compares two of them.

RTTM lines read ``SPEAKER <file> 1 <start> <duration> <NA> <NA> <speaker> <NA> <NA>``;
UEM lines ``<file> <channel> <start> <end>``.

DER as NIST's md-eval scores it with ``-c 0.25`` and overlap scored (the AMI/DIHARD
convention; pyannote.metrics calls the same thing ``collar=0.5``, its collar being the
whole width): within the UEM, minus ``collar`` seconds either side of every reference
turn's start and end, time is cut where anything changes, and each piece of length ``d``
with ``r`` reference and ``h`` hypothesis speakers adds ``d·max(0, r-h)`` missed speech,
``d·max(0, h-r)`` false alarm and ``d·(min(r, h) - c)`` confusion, ``c`` being the speakers
that the mapping pairs and that both talk there; DER is their sum over the ``d·r`` summed.
The mapping pairs reference and hypothesis speakers one to one so as to maximise the time
they talk together (the Hungarian algorithm, in ``assignment``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.diarize.turns import Turn, label

Segment = tuple[float, float, str]  # start, end seconds, speaker


def parse_rttm(text: str) -> dict[str, list[Segment]]:
    """Turns of each file in RTTM text (only SPEAKER lines; blank and ';;' lines skipped).

    Raises:
        ValueError: a SPEAKER line with fewer than 8 fields or numbers that are not.
    """
    out: dict[str, list[Segment]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        fields = line.split()
        if not fields or fields[0] != "SPEAKER":
            continue
        if len(fields) < 8:
            raise ValueError(f"RTTM line {number} has {len(fields)} fields, not 10: {line!r}")
        start, duration = float(fields[3]), float(fields[4])
        out.setdefault(fields[1], []).append((start, start + duration, fields[7]))
    return out


def read_rttm(path: Path) -> dict[str, list[Segment]]:
    """``parse_rttm`` of a file (UTF-8)."""
    return parse_rttm(Path(path).read_text(encoding="utf-8"))


def format_rttm(turns: Iterable[Turn | Segment], file_id: str) -> str:
    """RTTM lines for ``turns``; a ``Turn``'s speaker is written as ``label()`` with '_'.

    Args:
        turns: ``Turn``s or (start, end, speaker name) tuples.
        file_id: the second field of every line (no spaces).
    """
    lines = []
    for turn in turns:
        if isinstance(turn, Turn):
            start, end, name = turn.start, turn.end, label(turn.speaker).replace(" ", "_")
        else:
            start, end, name = turn
        lines.append(f"SPEAKER {file_id} 1 {start:.3f} {end - start:.3f} <NA> <NA> {name}"
                     " <NA> <NA>\n")
    return "".join(lines)


def read_uem(path: Path) -> dict[str, list[tuple[float, float]]]:
    """Scored spans of each file in a UEM file."""
    out: dict[str, list[tuple[float, float]]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) >= 4:
            out.setdefault(fields[0], []).append((float(fields[2]), float(fields[3])))
    return out


@dataclass(frozen=True)
class Score:
    """One file's diarization errors, in seconds of speaker time."""

    scored: float  # reference speaker time scored: the denominator
    missed: float
    false_alarm: float
    confusion: float
    reference_speakers: int  # speakers talking inside the UEM
    hypothesis_speakers: int

    @property
    def der(self) -> float:
        """(missed + false alarm + confusion) / scored; 0 when nothing is scored and all
        is right, 1 per second of false alarm otherwise."""
        errors = self.missed + self.false_alarm + self.confusion
        return errors / self.scored if self.scored > 0 else float(errors > 0)

    @property
    def count_error(self) -> int:
        """Hypothesis speakers minus reference speakers (0: right count)."""
        return self.hypothesis_speakers - self.reference_speakers

    def __add__(self, other: Score) -> Score:
        return Score(self.scored + other.scored, self.missed + other.missed,
                     self.false_alarm + other.false_alarm, self.confusion + other.confusion,
                     self.reference_speakers + other.reference_speakers,
                     self.hypothesis_speakers + other.hypothesis_speakers)


def _activity(segments: Sequence[Segment], times: np.ndarray) -> np.ndarray:
    """(pieces, speakers) booleans: who talks in each piece between consecutive ``times``."""
    names = sorted({name for _, _, name in segments})
    index = {name: i for i, name in enumerate(names)}
    active = np.zeros((max(len(times) - 1, 0), len(names)), dtype=bool)
    for start, end, name in segments:
        a, b = np.searchsorted(times, [start, end])
        active[a:b, index[name]] = True
    return active


def _covered(spans: Iterable[tuple[float, float]], times: np.ndarray) -> np.ndarray:
    inside = np.zeros(max(len(times) - 1, 0), dtype=bool)
    for start, end in spans:
        a, b = np.searchsorted(times, [start, end])
        inside[a:b] = True
    return inside


def score(reference: Sequence[Segment], hypothesis: Sequence[Segment], *,
          collar: float = 0.25, uem: Sequence[tuple[float, float]] | None = None) -> Score:
    """Diarization errors of ``hypothesis`` against ``reference`` (see the module docstring).

    Args:
        reference: (start, end, speaker) turns; speakers may overlap.
        hypothesis: the same shape; speaker names need not match the reference's.
        collar: seconds not scored either side of every reference boundary.
        uem: spans to score; None scores from 0 to the last end in either input.

    Returns:
        The errors and speaker counts.
    """
    reference = [s for s in reference if s[1] > s[0]]
    hypothesis = [s for s in hypothesis if s[1] > s[0]]
    if uem is None:
        uem = [(0.0, max([e for _, e, _ in [*reference, *hypothesis]], default=0.0))]
    collars = [(t - collar, t + collar) for s, e, _ in reference for t in (s, e)] if collar else []
    edges = {t for s, e, _ in [*reference, *hypothesis] for t in (s, e)}
    edges |= {t for span in [*uem, *collars] for t in span}
    times = np.array(sorted(edges), dtype=np.float64)
    ref_all, hyp_all = _activity(reference, times), _activity(hypothesis, times)
    in_uem = _covered(uem, times)
    scored = in_uem & ~_covered(collars, times)
    d = np.diff(times)[scored]
    ref, hyp = ref_all[scored], hyp_all[scored]
    n_ref, n_hyp = ref.sum(axis=1), hyp.sum(axis=1)
    together = (ref * d[:, None]).T @ hyp
    correct = np.zeros(len(d))
    for r, h in assignment(together):
        correct += ref[:, r] & hyp[:, h]
    return Score(scored=float(d @ n_ref),
                 missed=float(d @ np.maximum(0, n_ref - n_hyp)),
                 false_alarm=float(d @ np.maximum(0, n_hyp - n_ref)),
                 confusion=float(d @ (np.minimum(n_ref, n_hyp) - correct)),
                 reference_speakers=int(ref_all[in_uem].any(axis=0).sum()),
                 hypothesis_speakers=int(hyp_all[in_uem].any(axis=0).sum()))


def assignment(weight: np.ndarray) -> list[tuple[int, int]]:
    """Rows paired one to one with columns so that the paired weights sum to the most.

    The Hungarian algorithm with potentials (Kuhn-Munkres, O(n^2 m)); pairs min(n, m).

    Args:
        weight: (n, m) array.

    Returns:
        (row, column) pairs, sorted by row.
    """
    w = np.asarray(weight, dtype=np.float64)
    if w.size == 0:
        return []
    flip = w.shape[0] > w.shape[1]
    cost = (w.max() - w).T if flip else w.max() - w
    n, m = cost.shape
    u, v = np.zeros(n + 1), np.zeros(m + 1)
    owner = np.zeros(m + 1, dtype=int)  # owner[j]: the row (1-based) holding column j
    for row in range(1, n + 1):
        owner[0], col = row, 0
        slack, way = np.full(m + 1, np.inf), np.zeros(m + 1, dtype=int)
        used = np.zeros(m + 1, dtype=bool)
        while owner[col] != 0:
            used[col] = True
            i = owner[col]
            reduced = cost[i - 1] - u[i] - v[1:]
            better = ~used[1:] & (reduced < slack[1:])
            slack[1:][better], way[1:][better] = reduced[better], col
            free = np.flatnonzero(~used[1:]) + 1
            nxt = free[np.argmin(slack[free])]
            delta = slack[nxt]
            u[owner[used]] += delta
            v[used] -= delta
            slack[~used] -= delta
            col = nxt
        while col:
            prev = way[col]
            owner[col] = owner[prev]
            col = prev
    pairs = [(int(owner[j]) - 1, j - 1) for j in range(1, m + 1) if owner[j]]
    return sorted((c, r) for r, c in pairs) if flip else sorted(pairs)
