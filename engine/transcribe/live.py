"""Transcribe while recording: speech is cut into utterances at pauses and committed as each
one ends; the utterance still being spoken is shown as tentative text.

Commit policy: an utterance is final once the voice-activity detector hears at least
``min_silence_s`` of silence after speech (or it reaches ``max_chunk_s``, then it is cut at
its quietest moment). Final utterances are transcribed once and never change; between
commits, the open utterance is re-transcribed every ``tentative_every_s`` seconds of new
audio and shown greyed. Whisper's encoder costs the same for 1 s or 30 s of audio, so fewer,
longer calls keep a 2-core machine ahead of real time.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from dataclasses import dataclass

import numpy as np

from engine.types import Segment, Word

log = logging.getLogger("minutia.live")
RATE = 16_000


@dataclass(frozen=True)
class LiveCommitted:
    """Segments that will not change any more; ``at`` is when they were committed
    (time.monotonic), for lag measurements."""

    segments: tuple[Segment, ...]
    at: float


@dataclass(frozen=True)
class LiveTentative:
    """The current guess for the utterance still being spoken (may change)."""

    text: str


def _shift(segment: Segment, offset: float) -> Segment:
    return Segment(segment.start + offset, segment.end + offset, segment.text,
                   tuple(Word(w.start + offset, w.end + offset, w.text, w.probability)
                         for w in segment.words))


class LiveTranscriber:
    """Feed it recorded blocks from any thread; it transcribes on its own thread."""

    def __init__(self, transcriber, *, language: str | None = None, max_chunk_s: float = 8.0,
                 min_silence_s: float = 0.3, tentative_every_s: float = 2.0,
                 beam_size: int | None = None) -> None:
        self.transcriber = transcriber
        self.language = language
        self.max_chunk_s = max_chunk_s
        self.min_silence_s = min_silence_s
        self.tentative_every_s = tentative_every_s
        # None: the backend's own beam. Greedy (1) measured 29 % CPU instead of 40 % on
        # 2 cores, but no lower lag: the lag is mostly waiting for a pause (bench/live.py).
        self.beam_size = beam_size
        self.committed: list[Segment] = []
        self.error: BaseException | None = None
        self._pending: list[np.ndarray] = []
        self._events: list[LiveCommitted | LiveTentative] = []
        self._cond = threading.Condition()
        self._finishing = False
        self._thread = threading.Thread(target=self._run, name="minutia-live", daemon=True)

    # ---- any thread ----------------------------------------------------------------------
    def start(self) -> None:
        self.transcriber.load()
        self._thread.start()

    def feed(self, block: np.ndarray) -> None:
        with self._cond:
            self._pending.append(block)
            self._cond.notify()

    def poll(self) -> list[LiveCommitted | LiveTentative]:
        with self._cond:
            events, self._events = self._events, []
        return events

    def finish(self, timeout: float | None = None) -> list[Segment]:
        """Transcribe everything fed so far (the tail included) and return all segments.

        Raises:
            the error that stopped the live thread, if any (the caller can then transcribe
            the recording file instead).
        """
        with self._cond:
            self._finishing = True
            self._cond.notify()
        self._thread.join(timeout)
        if self.error is not None:
            raise self.error
        return list(self.committed)

    # ---- the live thread -----------------------------------------------------------------
    def _run(self) -> None:
        buf = np.zeros(0, np.float32)
        consumed = 0  # samples of the recording before buf[0]
        since_tentative = 0.0
        cut = None
        try:
            while True:
                with self._cond:
                    while cut is None and not self._pending and not self._finishing:
                        self._cond.wait(0.25)
                    blocks, self._pending = self._pending, []
                    finishing = self._finishing
                if blocks:
                    new = np.concatenate(blocks)
                    buf = np.concatenate([buf, new])
                    since_tentative += len(new) / RATE
                cut = self._utterance_end(buf)
                if cut is not None and cut <= 0:
                    cut = None
                if finishing and cut is None:
                    if len(buf) > RATE // 10:
                        self._commit(buf, consumed / RATE)
                    return
                if cut is not None:
                    self._commit(buf[:cut], consumed / RATE)
                    consumed += cut
                    buf = buf[cut:]
                    since_tentative = 0.0
                elif since_tentative >= self.tentative_every_s and len(buf) > RATE \
                        and not self._pending:  # only when keeping up: commits come first
                    since_tentative = 0.0
                    text = " ".join(s.text for s in self._transcribe(buf, 0.0))
                    with self._cond:
                        self._events.append(LiveTentative(text))
        except BaseException as e:  # noqa: BLE001 - reported through finish()
            log.exception("live transcription failed")
            self.error = e

    def _utterance_end(self, buf: np.ndarray) -> int | None:
        """Where to cut the buffer (a sample index), or None while the utterance goes on."""
        seconds = len(buf) / RATE
        if seconds < 1.0:
            return None
        from faster_whisper.vad import VadOptions, get_speech_timestamps
        speech = get_speech_timestamps(buf, VadOptions(
            min_silence_duration_ms=int(self.min_silence_s * 1000), speech_pad_ms=0))
        if not speech:
            return len(buf) - RATE // 2 if seconds > self.max_chunk_s else None
        # Cut in the middle of a pause: the latest one that keeps the chunk within
        # max_chunk_s (several short utterances go together when we are behind).
        pauses = [(a["end"] + b["start"]) // 2 for a, b in itertools.pairwise(speech)]
        if len(buf) - speech[-1]["end"] >= self.min_silence_s * RATE:
            pauses.append(min(len(buf), speech[-1]["end"] + int(self.min_silence_s * RATE) // 2))
        fitting = [p for p in pauses if p <= self.max_chunk_s * RATE]
        if fitting:
            return fitting[-1]
        if seconds >= self.max_chunk_s:  # no pause within the cap: never let a chunk grow past it
            return self._quietest(buf)
        return None

    def _quietest(self, buf: np.ndarray) -> int:
        """The quietest 100 ms in the last 2 s before max_chunk_s: the least harmful cut."""
        frame = RATE // 10
        hi = int(min(len(buf), self.max_chunk_s * RATE)) // frame * frame
        lo = max(frame, hi - 2 * RATE)
        energies = [(float(np.mean(buf[i - frame:i] ** 2)), i) for i in range(lo, hi + 1, frame)]
        return min(energies)[1]

    def _transcribe(self, audio: np.ndarray, offset: float) -> list[Segment]:
        if float(np.sqrt(np.mean(audio ** 2))) < 1e-4:
            return []
        # The last committed words as context: short chunks alone lose names and words.
        context = self.committed[-1].text if self.committed else None
        detected, segments = self.transcriber.transcribe(audio, language=self.language,
                                                         prompt=context, beam_size=self.beam_size)
        if self.language is None:
            self.language = detected.language  # fix it after the first utterance: no flip-flops
        return [_shift(s, offset) for s in segments if s.text.strip()]

    def _commit(self, audio: np.ndarray, offset: float) -> None:
        segments = self._transcribe(audio, offset)
        if segments:
            self.committed.extend(segments)
            with self._cond:
                self._events.append(LiveCommitted(tuple(segments), time.monotonic()))
