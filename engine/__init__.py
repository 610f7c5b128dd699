"""Minutia's engine: meeting audio in, transcript and Markdown minutes out. No Qt here."""

__version__ = "0.1.0"

from engine.cancel import CancelToken  # noqa: E402
from engine.config import EngineConfig  # noqa: E402
from engine.errors import (  # noqa: E402
                           Cancelled,
                           DeviceError,
                           InputError,
                           MinutiaError,
                           ModelError,
                           NoSpeechError,
                           OutputError,
)
from engine.pipeline import Pipeline  # noqa: E402
from engine.types import (  # noqa: E402
                           Event,
                           Finished,
                           LanguageDetected,
                           MinutesDelta,
                           MinutesPlanned,
                           Notice,
                           Progress,
                           Segment,
                           SegmentAdded,
                           SessionStarted,
                           Stage,
                           StageChanged,
                           Transcript,
                           TranscriptSaved,
                           Word,
)

__all__ = [
    "CancelToken", "Cancelled", "DeviceError", "EngineConfig", "Event", "Finished",
    "InputError", "LanguageDetected", "MinutesDelta", "MinutesPlanned", "MinutiaError",
    "ModelError", "NoSpeechError", "Notice", "OutputError", "Pipeline", "Progress", "Segment",
    "SegmentAdded", "SessionStarted", "Stage", "StageChanged", "Transcript", "TranscriptSaved",
    "Word", "__version__",
]
