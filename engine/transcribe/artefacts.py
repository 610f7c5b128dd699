"""Whisper's known artefacts: text it writes where nobody said it.

Whisper was trained on subtitles. On audio with little or no speech, or on one short
utterance alone, it falls back on what subtitles say there ("Thank you for watching.",
"Please subscribe") or loops on a phrase ("I'm sorry, I'm sorry, I'm sorry, …" for one
second of a slow speaker, "Thank you, thank you, …" eight times in four segments for 0.8 s
of an AMI meeting: both found by transcribing short stretches of real audio alone, as a live
transcriber does). ``cleaned`` looks at each segment with what faster-whisper says about it
(``no_speech_prob``, ``avg_logprob``, ``compression_ratio``) and the loudness of the audio
under it, and

- drops it when Whisper's own rule calls it silence (no-speech probability over 0.6 with an
  average log-probability under -1: faster-whisper applies that rule to whole 30 s windows
  only), when it lies on near-silence and Whisper doubts it, when it is a subtitle phrase
  and Whisper doubts it, when it holds more words than its audio could (over 8 a second)
  and Whisper doubts it, or when it repeats the segment before it word for word and
  Whisper says it is no speech or a loop;
- writes a phrase repeated three or more times in a row (one word four or more times) once.

It keeps the text whenever it is unsure: a confident "Thank you." said in the meeting stays,
and so does a segment over audio loud enough to be speech unless Whisper itself says it
heard none. engine/transcribe/local_whisper.py runs it on every segment faster-whisper
makes: files, live drafts and the careful pass of a recording alike.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from engine.types import Segment

log = logging.getLogger("minutia.artefacts")

# Whisper's own thresholds (openai/whisper transcribe(): no_speech_threshold,
# logprob_threshold, compression_ratio_threshold).
NO_SPEECH = 0.6
LOW_LOGPROB = -1.0
LOOP_COMPRESSION = 2.4
# Doubt, for the checks that also need a reason in the audio or the text: Whisper is unsure
# of its words (average token log-probability) or of there being speech at all.
DOUBT_LOGPROB = -0.6
DOUBT_NO_SPEECH = 0.3
# Under this RMS (-54 dBFS) no microphone picked up speech: see NEAR_SILENCE_RMS's test.
NEAR_SILENCE_RMS = 0.002
MAX_WORDS_PER_S = 8.0  # fast speech is 4-5 words a second
# Phrases of subtitles and video outros Whisper writes on silence, noise and short
# utterances (as ``_words`` writes them: lower case, letters, digits and apostrophes).
FILLERS = (
    "thank you for watching", "thanks for watching", "thank you for listening",
    "thanks for listening", "please subscribe", "like and subscribe", "subscribe to my channel",
    "don't forget to subscribe", "see you in the next video", "subtitles by", "subtitled by",
    "transcribed by", "translated by", "captions by", "amara org",
)
REPEATS_MIN = 3  # a phrase of 2+ words said this many times in a row is a loop...
REPEATS_MIN_ONE_WORD = 4  # ...and a single word this many times


@dataclass(frozen=True)
class Heard:
    """One segment as the recogniser wrote it, with what it said about it."""

    segment: Segment
    no_speech_prob: float = 0.0
    avg_logprob: float = 0.0
    compression_ratio: float = 1.0
    level: float | None = None  # RMS of the audio under the segment; None: unknown


def cleaned(heard: Iterable[Heard]) -> Iterator[Segment]:
    """The segments of one transcription with Whisper's artefacts taken out (lazily: one
    segment in, at most one out)."""
    checker = Checker()
    for h in heard:
        segment = checker.take(h)
        if segment is not None:
            yield segment


class Checker:
    """``check`` over the segments of one transcription, in order (each is compared with
    the last one kept); what it changes is logged."""

    def __init__(self) -> None:
        self.previous: Segment | None = None

    def take(self, heard: Heard) -> Segment | None:
        segment, reason = check(heard, self.previous)
        if reason:
            log.info("artefact at %.1f-%.1f s, %s: %r", heard.segment.start, heard.segment.end,
                     reason, heard.segment.text)
        if segment is not None:
            self.previous = segment
        return segment


def check(heard: Heard, previous: Segment | None = None) -> tuple[Segment | None, str]:
    """Judge one segment: the segment to keep (None: drop it) and why it changed ("": it
    did not). ``previous``: the last segment kept before it in the same transcription."""
    segment, nsp, lp = heard.segment, heard.no_speech_prob, heard.avg_logprob
    doubt = lp < DOUBT_LOGPROB or nsp > DOUBT_NO_SPEECH
    figures = f"no-speech {nsp:.2f}, log-prob {lp:.2f}"
    if nsp > NO_SPEECH and lp < LOW_LOGPROB:
        return None, f"silence ({figures})"
    if heard.level is not None and heard.level < NEAR_SILENCE_RMS and doubt:
        return None, f"near-silence (RMS {heard.level:.4f}, {figures})"
    words = _words(segment.text)
    if not words:
        return segment, ""
    if doubt and _is_filler(words):
        return None, f"subtitle filler ({figures})"
    shortened = _once(segment)
    if doubt and len(_words(shortened.text)) > MAX_WORDS_PER_S * max(
            0.1, segment.end - segment.start) + 1:
        return None, f"more words than the audio holds ({figures})"
    if previous is not None and _words(shortened.text) == _words(previous.text) and (
            nsp > NO_SPEECH or heard.compression_ratio > LOOP_COMPRESSION):
        return None, f"the segment before again ({figures})"
    if shortened is not segment:
        return shortened, "a looped phrase written once"
    return segment, ""


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.lower())


def _is_filler(words: list[str]) -> bool:
    """The segment is a filler phrase, with at most one word of its own ("Okay, thanks for
    watching.")."""
    joined = " ".join(words)
    return any(re.search(rf"\b{re.escape(phrase)}\b", joined)
               and len(words) - len(phrase.split()) <= 1 for phrase in FILLERS)


def repeated_runs(tokens: list[str]) -> list[tuple[int, int, int]]:
    """Phrases repeated in a row in ``tokens``: (start, phrase length, times), left to right,
    not overlapping. A phrase of 2+ tokens counts from REPEATS_MIN times, one token from
    REPEATS_MIN_ONE_WORD; empty tokens (punctuation) never make a phrase."""
    runs = []
    i = 0
    while i < len(tokens):
        best = None
        for n in range(1, (len(tokens) - i) // 2 + 1):
            phrase = tokens[i:i + n]
            if not any(phrase):
                continue
            times = 1
            while tokens[i + times * n:i + (times + 1) * n] == phrase:
                times += 1
            if times >= (REPEATS_MIN_ONE_WORD if n == 1 else REPEATS_MIN) \
                    and (best is None or times * n > best[1] * best[2]):
                best = (i, n, times)
        if best:
            runs.append(best)
            i += best[1] * best[2]
        else:
            i += 1
    return runs


def _once(segment: Segment) -> Segment:
    """``segment`` with each looped phrase written once (the same object when none is).
    The last copy may be cut short ("I'm sorry, I'm sorry, I'm"): it goes too."""
    pieces = [w.text for w in segment.words] if segment.words else segment.text.split()
    tokens = [" ".join(_words(p)) for p in pieces]
    runs = repeated_runs(tokens)
    if not runs:
        return segment
    drop = set()
    for i, n, times in runs:
        end = i + n * times
        drop.update(range(i + n, end))
        cut = 0  # a cut-short copy right after the run: a prefix of the phrase
        while cut < n - 1 and end + cut < len(tokens) and tokens[end + cut] == tokens[i + cut]:
            cut += 1
        if cut and end + cut == len(tokens):
            drop.update(range(end, end + cut))
    if segment.words:
        kept = tuple(w for k, w in enumerate(segment.words) if k not in drop)
        return Segment(segment.start, kept[-1].end, "".join(w.text for w in kept).strip(),
                       kept, segment.speaker)
    return Segment(segment.start, segment.end,
                   " ".join(p for k, p in enumerate(pieces) if k not in drop), (),
                   segment.speaker)


def rms(audio: np.ndarray, start: float, end: float, rate: int = 16_000) -> float | None:
    """RMS of ``audio`` between ``start`` and ``end`` seconds (None: nothing there)."""
    piece = audio[max(0, int(start * rate)):max(0, int(end * rate))]
    if not len(piece):
        return None
    return float(np.sqrt(np.mean(np.square(piece, dtype=np.float64))))
