"""Speech to text on this machine with faster-whisper."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import numpy as np

from engine.errors import ModelError
from engine.events import LanguageDetected
from engine.models import ModelRef
from engine.transcribe.base import Mode
from engine.types import Segment, Word


class LocalWhisper:
    """faster-whisper behind the Transcriber protocol; loads lazily, once."""

    name = "faster-whisper"

    def __init__(self, model: ModelRef, *, device: str = "cpu", compute_type: str = "int8",
                 threads: int = 2, beam_size: int = 5) -> None:
        self.model = model
        self.device = device
        self.compute_type = compute_type
        self.threads = threads
        self.beam_size = beam_size
        self._whisper = None
        self._lock = threading.Lock()

    def load_kwargs(self) -> dict:
        return {"device": self.device, "compute_type": self.compute_type,
                # CTranslate2 defaults to 4 threads whatever the machine has.
                "cpu_threads": self.threads, "local_files_only": True}

    def load(self) -> None:
        with self._lock:
            if self._whisper is not None:
                return
            from faster_whisper import WhisperModel
            try:
                self._whisper = WhisperModel(str(self.model.path), **self.load_kwargs())
            except Exception as e:  # noqa: BLE001 - CTranslate2 raises RuntimeError/ValueError/OSError
                raise ModelError(f"The speech model in {self.model.path} did not load on"
                                 f" {self.device} ({self.compute_type}): {e}") from e

    def attach_job(self, *, on_sent, cancel) -> None:
        """Nothing leaves this machine: nothing to note, and each call checks its own cancel."""

    def transcribe(self, audio: np.ndarray, *, language: str | None, prompt: str | None = None,
                   mode: Mode = Mode.FULL) -> tuple[LanguageDetected, Iterator[Segment]]:
        self.load()
        options = {"beam_size": self.beam_size, "vad_filter": True}
        if mode in (Mode.LIVE, Mode.DRAFT):
            # No temperature fallback: on far-field speech it decodes an utterance up to five
            # more times (best of 5 samples each): 8-10 s for 5 s of audio, measured.
            options["temperature"] = 0.0
        if mode == Mode.DRAFT:  # greedy, and the caller knows the audio holds speech
            options.update(beam_size=1, vad_filter=False)
        if len(audio) <= 30 * 16000:
            # One window: a bound on its text (fast speech is ~6 tokens/s) stops the rare
            # repetition loop ("a little bit of a little bit of…") within a second.
            options["max_new_tokens"] = int(8 * len(audio) / 16000) + 16
        segments, info = self._whisper.transcribe(
            audio, language=language, word_timestamps=True, initial_prompt=prompt, **options)
        detected = LanguageDetected(info.language, float(info.language_probability),
                                    float(info.duration))
        return detected, (_segment(s) for s in segments)

    def describe(self) -> dict:
        return {"backend": self.name, "model": self.model.name, "path": str(self.model.path),
                "sha256": self.model.sha256, "device": self.device,
                "compute_type": self.compute_type, "threads": self.threads,
                "beam_size": self.beam_size, "vad_filter": True}

    def close(self) -> None:
        """Drop the model (CTranslate2 frees it with the last reference)."""
        with self._lock:
            self._whisper = None


def _segment(s) -> Segment:
    words = tuple(Word(float(w.start), float(w.end), w.word, float(w.probability))
                  for w in (s.words or ()))
    return Segment(float(s.start), float(s.end), s.text.strip(), words)
