"""The small dataclasses that flow out of the engine: transcript pieces and pipeline events."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


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


# ---- pipeline events (what the iterator yields) -------------------------------------


@dataclass(frozen=True)
class SessionStarted:
    session_dir: Path


@dataclass(frozen=True)
class StageChanged:
    stage: Stage


@dataclass(frozen=True)
class Progress:
    """Fraction done of the current stage; ``total``/``done`` in the stage's own unit."""

    stage: Stage
    done: float
    total: float

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total > 0 else 0.0


@dataclass(frozen=True)
class LanguageDetected:
    language: str
    probability: float
    duration: float


@dataclass(frozen=True)
class SegmentAdded:
    segment: Segment


@dataclass(frozen=True)
class TranscriptSaved:
    """The transcript is on disk: from here on no later failure can lose it."""

    transcript: Transcript
    path: Path


@dataclass(frozen=True)
class MinutesPlanned:
    """How the transcript fits the model: one pass, or map-reduce over chunks."""

    transcript_tokens: int
    prompt_tokens: int
    reserved_output_tokens: int
    context_tokens: int
    chunks: int

    @property
    def message(self) -> str:
        budget = (f"{self.transcript_tokens:,} transcript tokens + {self.prompt_tokens:,} prompt"
                  f" + {self.reserved_output_tokens:,} reserved output"
                  f" against a {self.context_tokens:,}-token context")
        if self.chunks <= 1:
            return f"{budget}: one pass"
        return f"{budget}: too long for one pass, summarising {self.chunks} chunks, then merging"


@dataclass(frozen=True)
class MinutesDelta:
    """A piece of the minutes: ``generated`` for model tokens, False for the headings the
    writer adds itself. With the Token Lens on, each generated token comes as its own delta
    with its ``step`` (engine.minutes.lens.TokenStep)."""

    text: str
    generated: bool = True
    step: object | None = None


@dataclass(frozen=True)
class Finished:
    session_dir: Path
    transcript: Transcript
    minutes: str | None = None
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Notice:
    """Something the user should know that does not stop the job (e.g. a truncated file)."""

    message: str


Event = (Notice | SessionStarted | StageChanged | Progress | LanguageDetected | SegmentAdded
         | TranscriptSaved | MinutesPlanned | MinutesDelta | Finished)
