"""Embedding windows inside speech, and speaker turns from the windows' labels.

Windows are senko's on a CPU (``Diarizer._generate_subsegments``): 1.5 s every 0.6 s
from the start of each speech region; the last window of a region ends at the region's
end and starts 1.5 s before it (or before the region's start when the region is shorter,
which ``fbank.window_samples`` clips at 0), so a region of any length has at least one.

Windows overlap (each second of speech lies in two or three of them), so a label must be
chosen for each moment: here the label of the window whose centre is nearest. Inside a
region that splits time at the midpoints between consecutive centres; with senko's hop a
window owns the 0.6 s around its centre. Turns are then the runs of one label, joined
across gaps between speech regions shorter than ``join_gap`` seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from engine.diarize.turns import Turn

WINDOW_S = 1.5
HOP_S = WINDOW_S / 2.5  # 0.6 s


def spans(regions: Sequence[tuple[float, float]], *, window_s: float = WINDOW_S,
          hop_s: float = HOP_S) -> list[tuple[float, float]]:
    """senko's embedding windows over speech regions.

    Args:
        regions: (start, end) seconds of speech, in order.
        window_s: window length.
        hop_s: step between window starts.

    Returns:
        (start, end) seconds of every window, in order of start within each region.
    """
    out: list[tuple[float, float]] = []
    for start, end in regions:
        at = start
        while at + window_s < end:
            out.append((at, at + window_s))
            at += hop_s
        if at < end:
            out.append((min(end - window_s, at), end))
    return out


def owned(regions: Sequence[tuple[float, float]], *,
          hop_s: float = HOP_S) -> list[tuple[float, float, int]]:
    """Which window speaks for each moment of speech: the one centred nearest.

    Args:
        regions: speech regions (seconds), in order; the windows are
            ``spans(regions, hop_s=hop_s)``.
        hop_s: the windows' hop.

    Returns:
        (start, end, window index) pieces, in time order, covering every region.
    """
    pieces: list[tuple[float, float, int]] = []
    first = 0
    for start, end in regions:
        windows = spans([(start, end)], hop_s=hop_s)
        centres = sorted(((a + b) / 2, first + i) for i, (a, b) in enumerate(windows))
        cuts = [start, *((c + d) / 2 for (c, _), (d, _) in pairwise(centres)), end]
        for (_, index), (a, b) in zip(centres, pairwise(cuts), strict=True):
            if b > a:
                pieces.append((a, b, index))
        first += len(windows)
    return pieces


def turns(regions: Sequence[tuple[float, float]], labels: Sequence[int], *,
          join_gap: float = 0.0, hop_s: float = HOP_S) -> list[Turn]:
    """Speaker turns from window labels.

    Args:
        regions: speech regions (seconds), in order.
        labels: one speaker per window of ``spans(regions, hop_s=hop_s)``.
        join_gap: a speaker's consecutive turns separated by less than this many seconds
            of non-speech become one turn.
        hop_s: the windows' hop.

    Returns:
        Turns in time order, speakers renumbered by first appearance.
    """
    merged: list[list[float]] = []
    for a, b, index in owned(regions, hop_s=hop_s):
        speaker = int(labels[index])
        if merged and merged[-1][2] == speaker and a - merged[-1][1] <= join_gap + 1e-9:
            merged[-1][1] = b
        else:
            merged.append([a, b, speaker])
    order: dict[int, int] = {}
    for _, _, speaker in merged:
        order.setdefault(int(speaker), len(order))
    return [Turn(float(a), float(b), order[int(s)]) for a, b, s in merged]
