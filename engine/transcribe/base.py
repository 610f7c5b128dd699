"""What every speech-to-text backend offers the pipeline."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

import numpy as np

from engine.events import LanguageDetected
from engine.types import Segment


class Transcriber(Protocol):
    name: str

    def load(self) -> None:
        """Load the model now (slow); raises ModelError when it cannot."""

    def transcribe(self, audio: np.ndarray, *, language: str | None, prompt: str | None = None,
                   mode: str = "full") -> tuple[LanguageDetected, Iterator[Segment]]:
        """Start transcribing 16 kHz mono float32 ``audio``: the language, then a lazy segment
        stream. ``prompt``: text said just before this audio, as context. ``mode``:

        - "full": best quality (files);
        - "live": an utterance that just ended, while the meeting goes on: good quality, but
          no second tries that could take longer than the speech did;
        - "draft": a quick pass over audio the caller knows holds speech, redone as it grows.
        """

    def describe(self) -> dict:
        """Model name, checksum and settings for the session manifest."""
