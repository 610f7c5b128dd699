"""Every event the engine yields, in one place: what a face (the CLI, the desktop) may see.

A job is one iterator of these, in roughly this order: where it runs, the session, the
recording (levels, live text), the stages of transcription, the transcript saved, the
minutes streamed, and the end. ``Event`` is their union; each face dispatches on the type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from engine.insights import Insights
from engine.minutes.grounding import Tally
from engine.minutes.lens import Alternative, TokenStep
from engine.types import Segment, Stage, Transcript

# ---- the job ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceChosen:
    """Where the models run (the engine's DevicePlan label): the first event of a job."""

    label: str


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
class Notice:
    """Something the user should know that does not stop the job (e.g. a truncated file)."""

    message: str


@dataclass(frozen=True)
class Finished:
    session_dir: Path
    transcript: Transcript
    minutes: str | None = None
    timings: dict[str, float] = field(default_factory=dict)


# ---- recording --------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordingStarted:
    path: Path
    device: str


@dataclass(frozen=True)
class LevelMeasured:
    """Signal level over the last ~100 ms (0..1) and the recording's length so far."""

    rms: float
    peak: float
    seconds: float
    paused: bool


@dataclass(frozen=True)
class RecordingStopped:
    path: Path
    seconds: float


@dataclass(frozen=True)
class LiveCommitted:
    """Live transcription: segments that will not change any more; ``at`` is when they
    were committed (time.monotonic), for lag measurements."""

    segments: tuple[Segment, ...]
    at: float


@dataclass(frozen=True)
class LiveTentative:
    """Live transcription: the current guess for the utterance still being spoken."""

    text: str


# ---- the transcript ---------------------------------------------------------------------


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
class InsightsFound:
    """The meeting's insights, computed once its transcript is complete."""

    insights: Insights


# ---- the minutes ------------------------------------------------------------------------


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
    with its ``step``."""

    text: str
    generated: bool = True
    step: TokenStep | None = None


@dataclass(frozen=True)
class MinutesTentative:
    """The model's text still being checked (the Summary guard holds a sentence until it
    ends and holds up): shown after the minutes, greyed, token by token, and replaced by the
    next one; "" clears it. Never part of the minutes: what passes comes as MinutesDelta."""

    text: str


@dataclass(frozen=True)
class TokenOffer:
    """Token Lens step mode: the distribution for position ``i`` before a token is chosen
    there; the generation waits for StepControl.next()."""

    i: int
    entropy: float
    top: tuple[Alternative, ...]


# The grounding checks of the minutes, once they are written: engine.minutes.grounding.Tally
# (a record the writer fills as it checks each item, yielded at the end).

Event = (DeviceChosen | SessionStarted | StageChanged | Progress | Notice | Finished
         | RecordingStarted | LevelMeasured | RecordingStopped | LiveCommitted | LiveTentative
         | LanguageDetected | SegmentAdded | TranscriptSaved | InsightsFound
         | MinutesPlanned | MinutesDelta | MinutesTentative | TokenOffer | Tally)
