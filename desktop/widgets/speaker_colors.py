"""One colour per speaker, the same in the speaker list and the transcript: the Okabe-Ito
palette (told apart with the common colour-vision deficiencies), its light yellow and sky
blue darkened to be read on white."""

from __future__ import annotations

from PySide6.QtGui import QColor

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#A07800", "#2B8CBE", "#7F3C8D",
           "#5F5F5F")


def speaker_color(speaker: int) -> QColor:
    """Speaker 1 blue, Speaker 2 vermilion, ...; the ninth takes the first's colour again."""
    return QColor(PALETTE[speaker % len(PALETTE)])
