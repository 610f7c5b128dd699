"""What diarization produces, and what the user may tell it: the contract between the
diarizer (engine/diarize/diarizer.py) and everything that uses speakers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Turn:
    """One speaker talking from ``start`` to ``end`` seconds. ``speaker`` counts from 0 in
    order of first appearance; people see it as ``label(speaker)``."""

    start: float
    end: float
    speaker: int


@dataclass(frozen=True)
class SpeakerCount:
    """How many speakers the user says there are: ``exactly``, or a range; None: unknown."""

    exactly: int | None = None
    at_least: int = 1
    at_most: int | None = None


def label(speaker: int) -> str:
    """The default name of a speaker: "Speaker 1" for speaker 0."""
    return f"Speaker {speaker + 1}"
