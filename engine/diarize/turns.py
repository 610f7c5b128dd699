"""What diarization produces, and what the user may tell it: the contract between the
diarizer (engine/diarize/diarizer.py) and everything that uses speakers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Turn:
    """One speaker talking from ``start`` to ``end`` seconds. ``speaker`` counts from 0 in
    order of first appearance; people see it as ``label(speaker)``."""

    start: float
    end: float
    speaker: int


class Diarization(list):
    """What ``Diarizer.diarize`` returns: the turns (a plain ``list[Turn]`` to every caller
    that wants only them) and each speaker's voice.

    A list subclass: the bench and the tests that want only the turns use it as one.

    Attributes:
        voices: speaker (numbered as in the turns) -> unit 192-float CAM++ embedding, the
            normalised mean of that speaker's unit window embeddings.
        windows: speaker -> how many 1.5 s windows its voice was averaged from (one per
            0.6 s of speech).
    """

    def __init__(self, turns: list[Turn] = (), *, voices: dict[int, np.ndarray] | None = None,
                 windows: dict[int, int] | None = None) -> None:
        super().__init__(turns)
        self.voices = dict(voices or {})
        self.windows = dict(windows or {})


@dataclass(frozen=True)
class SpeakerCount:
    """How many speakers the user says there are: ``exactly``, or a range; None: unknown."""

    exactly: int | None = None
    at_least: int = 1
    at_most: int | None = None


def label(speaker: int) -> str:
    """The default name of a speaker: "Speaker 1" for speaker 0."""
    return f"Speaker {speaker + 1}"
