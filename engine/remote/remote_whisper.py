"""Speech to text through an OpenAI-compatible ``/audio/transcriptions`` endpoint.

Models that return segments with times (``whisper-1``, and the faster-whisper, vLLM or
whisper.cpp servers a team runs) get the audio in as few parts as the upload limit allows.
OpenAI's ``gpt-4o*-transcribe`` models return text only, so they get parts of at most 30 s
cut at pauses, and each part's text becomes one segment with the part's times. Parts go
out four at a time; their segments come back in order, moved to the original's timeline.
The user's vocabulary (engine/vocabulary.py) goes with each part as the start of its
``prompt``, which OpenAI's API reads for the spelling of names and terms; the consent
question says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import numpy as np

from engine import vocabulary as user_vocabulary
from engine.audio.decode import SAMPLE_RATE
from engine.backend_base import OnSent
from engine.cancel import CancelToken
from engine.events import LanguageDetected
from engine.remote import keys, upload
from engine.remote.consent import Consent, Disclosure
from engine.remote.endpoint import Endpoint, explain
from engine.transcribe.base import Mode
from engine.transcript_io import mmss
from engine.types import Segment

DEFAULT_MODEL = "gpt-4o-mini-transcribe"
TEXT_ONLY_PART_S = 30.0
WORKERS = 4
# verbose_json names the language in English ("english"); the engine uses Whisper's codes.
_CODES = {"english": "en", "german": "de", "french": "fr", "spanish": "es", "italian": "it",
          "portuguese": "pt", "dutch": "nl", "polish": "pl", "russian": "ru", "ukrainian": "uk",
          "chinese": "zh", "japanese": "ja", "korean": "ko", "swedish": "sv", "danish": "da",
          "norwegian": "no", "finnish": "fi", "turkish": "tr", "arabic": "ar", "hindi": "hi",
          "czech": "cs", "greek": "el", "hungarian": "hu", "romanian": "ro", "catalan": "ca"}


def text_only(model: str) -> bool:
    """OpenAI's docs: the gpt-4o(-mini)-transcribe family answers in ``json`` only."""
    return model.startswith(("gpt-4o", "gpt-transcribe"))


class RemoteWhisper:
    """The Transcriber protocol over an endpoint; ``load`` only checks the key."""

    name = "openai"

    def __init__(self, endpoint: Endpoint, model: str = DEFAULT_MODEL, *, consent: Consent,
                 limit: int = upload.OPENAI_LIMIT,
                 vocabulary: Callable[[], str | None] = user_vocabulary.hotwords) -> None:
        self.endpoint = endpoint
        self.vocabulary = vocabulary
        self.model = model
        self.consent = consent
        self.limit = limit
        self.on_sent: OnSent = lambda record: None
        # The job's token, set by attach_job with on_sent. transcribe() runs on a helper
        # thread that can outlive a cancelled job (the consent question still open, say):
        # it checks this before asking and before each request, so nothing more goes out.
        self.cancel_token = CancelToken()
        self._client = None

    def load(self) -> None:
        if self._client is None:
            self._client = self.endpoint.client()

    def attach_job(self, *, on_sent: OnSent, cancel: CancelToken) -> None:
        self.on_sent, self.cancel_token = on_sent, cancel

    def close(self) -> None:
        """Close the connection pool; the next ``load`` opens a new one."""
        client, self._client = self._client, None
        if client is not None:
            client.close()

    def transcribe(self, audio: np.ndarray, *, language: str | None, prompt: str | None = None,
                   mode: Mode = Mode.FULL) -> tuple[LanguageDetected, Iterator[Segment]]:
        """Sends the first part now (its answer names the language), the rest as the
        segments are read."""
        cancel, on_sent = self.cancel_token, self.on_sent  # this job's, whatever comes next
        self.load()
        parts = upload.prepare(audio, limit=self.limit,
                               max_seconds=TEXT_ONLY_PART_S if text_only(self.model) else None)
        cancel.raise_if_cancelled()  # no question for a job already cancelled
        duration = len(audio) / SAMPLE_RATE
        size = sum(len(p.data) for p in parts)
        terms = self.vocabulary()
        self.consent.require(Disclosure(
            self.endpoint.label, "transcription",
            f"{mmss(duration)} of audio ({size / 1e6:.1f} MB as Ogg Opus"
            + (f", in {len(parts)} parts cut at pauses" if len(parts) > 1 else "") + ")"
            + (f" and your vocabulary ({len(terms.split(', '))} terms) as a hint" if terms
               else "")))
        prompt = ". ".join(p for p in (terms, prompt) if p) or None
        cancel.raise_if_cancelled()  # cancelled while the question was open: a yes sends nothing
        if not parts:  # the VAD heard no speech: nothing to send
            return LanguageDetected(language or "", 0.0, duration), iter(())
        answers = self._answers(parts, language, prompt, cancel, on_sent)
        first_language, first = next(answers)
        detected = LanguageDetected(language or first_language, 1.0 if (language or first_language)
                                    else 0.0, duration)

        def segments() -> Iterator[Segment]:
            yield from first
            for _, more in answers:
                yield from more
        return detected, segments()

    def _answers(self, parts: list[upload.Part], language: str | None, prompt: str | None,
                 cancel: CancelToken, on_sent: Callable[[dict], None]
                 ) -> Iterator[tuple[str, list[Segment]]]:
        with ThreadPoolExecutor(WORKERS, thread_name_prefix="minutia-upload") as pool:
            futures = [pool.submit(self._send, i, part, language, prompt, cancel, on_sent)
                       for i, part in enumerate(parts)]
            try:
                for future in futures:
                    yield future.result()
            finally:
                for future in futures:
                    future.cancel()

    def _send(self, i: int, part: upload.Part, language: str | None, prompt: str | None,
              cancel: CancelToken, on_sent: Callable[[dict], None]) -> tuple[str, list[Segment]]:
        import openai
        plain = text_only(self.model)
        kwargs = {"model": self.model, "file": (f"part-{i:03d}.ogg", part.data, upload.MIME),
                  "response_format": "json" if plain else "verbose_json"}
        if not plain:
            kwargs["timestamp_granularities"] = ["segment"]
        if language:
            kwargs["language"] = language
        if prompt:
            kwargs["prompt"] = prompt
        cancel.raise_if_cancelled()  # a part waiting its turn stays here once the job is cancelled
        on_sent({"stage": "transcription", "endpoint": self.endpoint.label,
                 "model": self.model, "sent": "audio", "part": i,
                 "from_s": round(part.offset, 2), "seconds": round(part.seconds, 2),
                 "bytes": len(part.data), "at": datetime.now().isoformat(timespec="seconds")})
        try:
            answer = self._client.audio.transcriptions.create(**kwargs)
        except openai.APIError as e:
            raise explain(e, self.endpoint, "transcription", self.model) from e
        end = part.offset + part.seconds
        if plain:
            text = (answer.text or "").strip()
            return "", [Segment(part.offset, end, text)] if text else []
        found = (answer.language or "").lower()
        segments = [Segment(round(part.offset + s.start, 3), round(min(part.offset + s.end, end), 3),
                            s.text.strip())
                    for s in (answer.segments or []) if s.text.strip()]
        return _CODES.get(found, found if len(found) == 2 else ""), segments

    def describe(self) -> dict:
        return {"backend": self.name, "endpoint": self.endpoint.label, "model": self.model,
                "key": keys.source(self.endpoint.label), "upload_limit": self.limit}
