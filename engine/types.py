"""The transcript's pieces and the stages of a job (the events themselves: engine.events)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


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
    # Who said it: 0, 1, ... in order of first appearance (engine.speakers.assign); None when
    # the transcript was not diarized.
    speaker: int | None = None


@dataclass
class Transcript:
    """A whole transcript: what the minutes are written from, and what a session keeps."""

    segments: list[Segment]
    language: str
    language_probability: float
    duration: float
    source: str = ""
    # Names the user gave speakers (speakers.json beside transcript.json): read when the
    # transcript is loaded, used whenever it is shown; never written into transcript.json.
    speaker_names: dict[int, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments).strip()


class Stage(enum.StrEnum):
    DECODING = "decoding"
    LOADING_SPEECH_MODEL = "loading speech model"
    TRANSCRIBING = "transcribing"
    LOADING_LLM = "loading language model"
    DIARIZING = "finding speakers"
    WRITING_MINUTES = "writing minutes"
