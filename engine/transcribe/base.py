"""What every speech-to-text backend offers the pipeline."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import Protocol

import numpy as np

from engine.backend_base import Backend
from engine.events import LanguageDetected
from engine.types import Segment


class Mode(enum.StrEnum):
    """How a piece of audio is transcribed."""

    FULL = "full"  # best quality (files)
    # An utterance that just ended, while the meeting goes on: good quality, but no second
    # tries that could take longer than the speech did.
    LIVE = "live"
    DRAFT = "draft"  # a quick pass over audio the caller knows holds speech, redone as it grows


class Transcriber(Backend, Protocol):
    def transcribe(self, audio: np.ndarray, *, language: str | None, prompt: str | None = None,
                   mode: Mode = Mode.FULL) -> tuple[LanguageDetected, Iterator[Segment]]:
        """Start transcribing 16 kHz mono float32 ``audio``: the language, then a lazy segment
        stream. ``prompt``: text said just before this audio, as context."""
