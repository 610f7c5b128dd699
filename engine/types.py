"""The transcript's pieces and the stages of a job (the events themselves: engine.events)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str
    probability: float


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()


@dataclass
class Transcript:
    """A whole transcript: what the minutes are written from, and what a session keeps."""

    segments: list[Segment]
    language: str
    language_probability: float
    duration: float
    source: str = ""

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments).strip()


class Stage(enum.StrEnum):
    DECODING = "decoding"
    LOADING_SPEECH_MODEL = "loading speech model"
    TRANSCRIBING = "transcribing"
    LOADING_LLM = "loading language model"
    WRITING_MINUTES = "writing minutes"
