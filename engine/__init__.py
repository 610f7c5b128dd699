"""Minutia's engine: meeting audio in, transcript and Markdown minutes out. No Qt here.

What the faces may use is listed in ``__all__``: the pipeline, its config and cancel token,
the errors, and every event a job yields (engine.events).
"""

from engine.cancel import CancelToken
from engine.config import EngineConfig
from engine.errors import (
    Cancelled,
    DeviceError,
    InputError,
    MinutiaError,
    ModelError,
    NoSpeechError,
    OutputError,
)
from engine.events import (
    DeviceChosen,
    Event,
    Finished,
    InsightsFound,
    LanguageDetected,
    LevelMeasured,
    LiveCommitted,
    LiveTentative,
    MinutesDelta,
    MinutesPlanned,
    MinutesTentative,
    Notice,
    Progress,
    RecordingStarted,
    RecordingStopped,
    SegmentAdded,
    SessionStarted,
    StageChanged,
    TokenOffer,
    TranscriptSaved,
)
from engine.pipeline import Pipeline
from engine.types import Segment, Stage, Transcript, Word
from engine.version import __version__

__all__ = [
    "CancelToken", "Cancelled", "DeviceChosen", "DeviceError", "EngineConfig", "Event",
    "Finished", "InputError", "InsightsFound", "LanguageDetected", "LevelMeasured",
    "LiveCommitted", "LiveTentative", "MinutesDelta", "MinutesPlanned", "MinutesTentative",
    "MinutiaError",
    "ModelError", "NoSpeechError", "Notice", "OutputError", "Pipeline", "Progress",
    "RecordingStarted", "RecordingStopped", "Segment", "SegmentAdded", "SessionStarted", "Stage",
    "StageChanged", "TokenOffer", "Transcript", "TranscriptSaved", "Word", "__version__",
]
