"""Transcribe while recording: committed text appears within seconds, tentative text shows
what is still being said.

Two ways a word becomes committed (final, never changed):

- Settled words: every ``tentative_every_s`` seconds of new audio, the open utterance is
  re-transcribed by a quick draft pass; from the start of what is not committed yet, the
  words that are settled are committed at once: the ones two consecutive passes agree on
  (local agreement) and the ones ending at least ``hold_s`` before the audio does (Whisper
  heard what followed them). The rest is shown as tentative (greyed).
- Pauses: once the voice-activity detector hears ``min_silence_s`` of silence after speech
  (or the utterance reaches ``max_chunk_s``, then it is cut at its quietest moment), the
  utterance is transcribed a last time and whatever is not committed yet is committed.

Whisper's encoder costs the same for 1 s or 30 s of audio, so the passes stay few and the
buffer short: a 2-core machine keeps ahead of real time with the base model.

This text is for the eye, while people talk. With a ``careful`` pass
(engine/transcribe/careful.py) fed the same audio, what the recording keeps is that pass's
transcript instead, as good as the file's: ``finish()`` returns it, skips the live tail (the
careful pass transcribes it better) and reports the careful text after the last live words
as committed, so the view ends with the words the file has.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
import time
from collections import deque

import numpy as np

from engine.events import LiveCommitted, LiveTentative
from engine.transcribe.base import Mode
from engine.transcribe.careful import CarefulPass
from engine.types import Segment, Word

log = logging.getLogger("minutia.live")
RATE = 16_000
PROMPT_WORDS = 12
# Word timings move by a few tenths between passes: words starting this long before the end
# of the committed text are compared with its last words rather than dropped by time.
SLACK_S = 0.5
# An utterance shorter than this waits for the next one unless the speaker then stops for
# LONG_PAUSE_S: alone, Whisper base turned a 1.5 s "Thanks Alice." into "Thank you for
# watching." and lost words around it (a WER 0.25 run of the 22 s live test).
MIN_CHUNK_S = 2.0
LONG_PAUSE_S = 1.0
# With more audio than this waiting behind an utterance, its final pass is greedy (as a
# draft: 2.2 s instead of 3.2 s for 6 s of speech, measured) so the lag stops growing.
BEHIND_S = 2.0


def _shift(segment: Segment, offset: float) -> Segment:
    return Segment(segment.start + offset, segment.end + offset, segment.text,
                   tuple(Word(w.start + offset, w.end + offset, w.text, w.probability)
                         for w in segment.words))


class LiveTranscriber:
    """Feed it recorded blocks from any thread; it transcribes on its own thread."""

    def __init__(self, transcriber, *, language: str | None = None, max_chunk_s: float = 8.0,
                 min_silence_s: float = 0.3, tentative_every_s: float = 2.0,
                 hold_s: float = 1.0, careful: CarefulPass | None = None) -> None:
        self.transcriber = transcriber
        self.careful = careful
        self.language = language
        self.max_chunk_s = max_chunk_s
        self.min_silence_s = min_silence_s
        self.tentative_every_s = tentative_every_s
        self.hold_s = hold_s
        self.committed: list[Segment] = []
        self._said: deque[Word] = deque(maxlen=32)  # the last committed words
        self._said_until = 0.0  # where the committed text ends in the recording (s)
        self._hypothesis: list[Word] = []  # the last pass's uncommitted words
        self._heard_speech = False  # the open utterance holds speech (drafts of noise ramble)
        self.error: BaseException | None = None
        self._pending: list[np.ndarray] = []
        self._events: list[LiveCommitted | LiveTentative] = []
        self._cond = threading.Condition()
        self._finishing = False
        self._thread = threading.Thread(target=self._run, name="minutia-live", daemon=True)

    # ---- any thread ----------------------------------------------------------------------
    def start(self) -> None:
        self.transcriber.load()
        if self.careful is not None:
            self.careful.start()
        self._thread.start()

    def feed(self, block: np.ndarray) -> None:
        with self._cond:
            self._pending.append(block)
            self._cond.notify()
        if self.careful is not None:
            self.careful.feed(block)

    @property
    def backlog_seconds(self) -> float:
        """Audio fed but not yet taken up by the live thread (it grows while behind)."""
        with self._cond:
            return sum(len(b) for b in self._pending) / RATE

    def poll(self) -> list[LiveCommitted | LiveTentative]:
        with self._cond:
            events, self._events = self._events, []
        return events

    def finish(self, timeout: float | None = None) -> list[Segment]:
        """Transcribe everything fed so far (the tail included) and return the transcript to
        keep: the careful pass's if there is one, else the live segments.

        Raises:
            the error that stopped the careful pass (or, without one, the live thread), if
            any: the caller can then transcribe the recording file instead.
            TimeoutError: the careful pass was not done within ``timeout`` seconds.
        """
        with self._cond:
            self._finishing = True
            self._cond.notify()
        self._thread.join(timeout)
        if self.careful is None:
            if self.error is not None:
                raise self.error
            return list(self.committed)
        kept = self.careful.finish(timeout)
        self.language = self.careful.language or self.language
        tail = _after(kept, self._said_until - SLACK_S / 2)
        if tail:  # the view ends with the careful words after the last live ones
            with self._cond:
                self._events.append(LiveCommitted(tuple(tail), time.monotonic()))
        return kept

    # ---- the live thread -----------------------------------------------------------------
    def _run(self) -> None:
        buf = np.zeros(0, np.float32)
        consumed = 0  # samples of the recording before buf[0]
        since_pass = 0.0
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
                    since_pass += len(new) / RATE
                cut = self._utterance_end(buf)
                if cut is not None and cut <= 0:
                    cut = None
                if finishing and (cut is None or self.careful is not None):
                    if len(buf) > RATE // 10 and self.careful is None:
                        self._final(buf, consumed / RATE)
                    return
                if cut is not None:
                    behind = (len(buf) - cut) / RATE + self.backlog_seconds
                    self._final(buf[:cut], consumed / RATE,
                                mode=Mode.DRAFT if behind > BEHIND_S else Mode.LIVE)
                    consumed += cut
                    buf = buf[cut:]
                    since_pass = 0.0
                elif since_pass >= self.tentative_every_s and self._heard_speech \
                        and not self._pending:  # only when keeping up: pauses come first
                    since_pass = 0.0
                    self._agree(buf, consumed / RATE)
        except BaseException as e:  # noqa: BLE001 - reported through finish()
            log.exception("live transcription failed")
            self.error = e

    def _utterance_end(self, buf: np.ndarray) -> int | None:
        """Where to cut the buffer (a sample index), or None while the utterance goes on."""
        seconds = len(buf) / RATE
        if seconds < 1.0:
            self._heard_speech = False
            return None
        from faster_whisper.vad import VadOptions, get_speech_timestamps
        speech = get_speech_timestamps(buf, VadOptions(
            min_silence_duration_ms=int(self.min_silence_s * 1000), speech_pad_ms=0))
        self._heard_speech = bool(speech)
        if not speech:
            return len(buf) - RATE // 2 if seconds > self.max_chunk_s else None
        # Cut in the middle of a pause: the latest one that keeps the chunk within
        # max_chunk_s (several short utterances go together when we are behind).
        pauses = [(a["end"] + b["start"]) // 2 for a, b in itertools.pairwise(speech)]
        fitting = [p for p in pauses if MIN_CHUNK_S * RATE <= p <= self.max_chunk_s * RATE]
        silence = len(buf) - speech[-1]["end"]
        end = min(len(buf), speech[-1]["end"] + int(self.min_silence_s * RATE) // 2)
        if silence >= self.min_silence_s * RATE and end <= self.max_chunk_s * RATE and (
                end >= MIN_CHUNK_S * RATE or silence >= LONG_PAUSE_S * RATE):
            fitting.append(end)
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

    def _transcribe(self, audio: np.ndarray, offset: float, *, mode: Mode = Mode.LIVE
                    ) -> list[Segment]:
        if float(np.sqrt(np.mean(audio ** 2))) < 1e-4:
            return []
        # The last words committed before this audio as context: short chunks alone lose
        # names. Kept short: a long prompt sent Whisper into 20-30 s repetition loops.
        context = " ".join(s.text for s in self.committed[-4:] if s.end <= offset + 0.1)
        context = " ".join(context.split()[-PROMPT_WORDS:]) or None
        detected, segments = self.transcriber.transcribe(audio, language=self.language,
                                                         prompt=context, mode=mode)
        found = [_shift(s, offset) for s in segments if s.text.strip()]
        if self.language is None and found:
            # Fixed after the first words (no flip-flops), never from a chunk of noise.
            self.language = detected.language
        return found

    def _uncommitted(self, segments: list[Segment]) -> list[Segment]:
        """The parts of ``segments`` not committed yet (passes overlap what was committed)."""
        fresh = [s for s in segments if s.start >= self._said_until - SLACK_S] if not any(
            s.words for s in segments) else None
        if fresh is not None:  # a recogniser without word timings: whole segments
            return fresh
        said = [_norm(w.text) for w in self._said]
        keep = set()
        for s in segments:  # each segment against what came before it, this pass included
            words = [w for w in s.words if w.start >= self._said_until - SLACK_S]
            words = words[_repeated_head([_norm(w.text) for w in words], said[-32:]):]
            keep.update(id(w) for w in words)
            said += [_norm(w.text) for w in words]
        out = []
        for s in segments:
            ws = [w for w in s.words if id(w) in keep]
            if len(ws) == len(s.words):
                out.append(s)
            elif ws:
                out.append(_from_words(ws))
        return out

    def _agree(self, audio: np.ndarray, offset: float) -> None:
        """Commit the words that are settled: the ones this pass and the last agree on, and
        the ones that end at least ``hold_s`` before the audio does (Whisper heard what
        followed them). The rest is shown as tentative."""
        hypothesis = [w for s in self._uncommitted(self._transcribe(audio, offset, mode=Mode.DRAFT))
                      for w in s.words]
        settled_before = offset + len(audio) / RATE - self.hold_s
        agreed = 0
        for i, word in enumerate(hypothesis):
            same = i < len(self._hypothesis) and _key(self._hypothesis[i].text) == _key(word.text)
            if not _key(word.text) or not (same or word.end <= settled_before):
                break
            agreed += 1
        if agreed:
            self._publish([_from_words(hypothesis[:agreed])])
        self._hypothesis = hypothesis[agreed:]
        with self._cond:
            self._events.append(LiveTentative(_words_text(self._hypothesis)))

    def _final(self, audio: np.ndarray, offset: float, mode: Mode = Mode.LIVE) -> None:
        """The utterance has ended: commit everything in it that is not committed yet."""
        self._publish(self._uncommitted(self._transcribe(audio, offset, mode=mode)))
        end = offset + len(audio) / RATE
        self._hypothesis = [w for w in self._hypothesis if w.start >= end]

    def _publish(self, segments: list[Segment]) -> None:
        if not segments:
            return
        self.committed.extend(segments)
        for s in segments:
            self._said.extend(s.words)
            self._said_until = max(self._said_until, s.end)
        with self._cond:
            self._events.append(LiveCommitted(tuple(segments), time.monotonic()))


def _after(segments: list[Segment], start: float) -> list[Segment]:
    """The parts of ``segments`` that start at ``start`` or later (by word, where known)."""
    out = []
    for s in segments:
        if not s.words:
            if s.start >= start:
                out.append(s)
            continue
        words = [w for w in s.words if w.start >= start]
        if words:
            out.append(s if len(words) == len(s.words) else _from_words(words))
    return out


def _repeated_head(words: list[str], said: list[str]) -> int:
    """How many words at the start of ``words`` repeat what was just committed: the end of
    ``said`` (timings wobble between passes), or runs of 3+ words from it, which is Whisper
    reciting its prompt ("The design is finished, but the design is finished, but…")."""
    start = 0
    while start < len(words):
        rest = words[start:]
        tail = next((n for n in range(min(5, len(rest), len(said)), 0, -1)
                     if rest[:n] == said[-n:]), 0)
        run = 0
        for n in range(3, len(rest) + 1):  # a run of n words is also one of n - 1
            if not any(said[i:i + n] == rest[:n] for i in range(len(said) - n + 1)):
                break
            run = n
        if not max(tail, run):
            break
        start += max(tail, run)
    return start


def _norm(text: str) -> str:
    return re.sub(r"[^\w']", "", text.lower())


def _key(text: str) -> str:
    """A word as passes are compared: normalised; a token of symbols only ("%", "-") as
    written (normalised to nothing it would stop every agreement after it)."""
    return _norm(text) or text.strip()


def _words_text(words) -> str:
    return "".join(w.text for w in words).strip()


def _from_words(words: list[Word]) -> Segment:
    return Segment(words[0].start, words[-1].end, _words_text(words), tuple(words))
