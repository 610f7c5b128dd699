"""The transcript a recording keeps: its audio transcribed the way its file would be, while
the meeting goes on.

Live text (engine/transcribe/live.py) is made for speed: drafts of a few seconds, each
utterance alone. Whisper does worse on short audio (it invents text for a one-word
utterance, splits sentences, repeats words across passes), so the minutes are not written
from it. A careful pass follows the recording on its own thread instead:

- with faster-whisper (a recogniser with ``file_stream``), it does exactly what
  ``minutia transcribe recording.wav`` will do, window by window as the audio becomes final
  (engine/transcribe/file_stream.py): the kept transcript is the file's, word for word;
- with any other recogniser, it cuts stretches of ``stretch_s`` seconds of speech at the
  widest pause and transcribes each as a file (Mode.FULL), prompted with the text kept before.

At Stop only the last window (under 30 s of speech) is left, so the minutes can start within
seconds. It runs where the live passes leave room: its recogniser is a second copy of the
model whose threads run in the background (LocalWhisper.twin), and its own thread too.
"""

from __future__ import annotations

import logging
import threading
import time

import numpy as np

from engine.transcribe.base import Mode
from engine.types import Segment, Word

log = logging.getLogger("minutia.careful")
RATE = 16_000
# faster-whisper keeps the last 223 tokens of a prompt: about this many words.
PROMPT_WORDS = 150
LOOK_EVERY_S = 2.0  # with no pause to cut at yet, look again after this much more audio
TRAILING_PAUSE_S = 0.6  # silence at the end of the buffer long enough to cut in


class CarefulPass:
    """Feed it recorded blocks from any thread; ``finish()`` returns the kept transcript.

    Args:
        transcriber: the recogniser (best a LocalWhisper twin in the background).
        language: the language spoken; None: found in the first stretch, then kept.
        stretch_s: seconds of speech to gather before cutting a stretch.
        longest_s: the most speech a stretch holds when a pause is found in time.
        wait_s: with less speech than ``stretch_s``, cut anyway once the audio is this long.
        background: the pass's own thread runs only where nothing else wants the CPU
            (local_whisper.to_background).
    """

    def __init__(self, transcriber, *, language: str | None = None, stretch_s: float = 20.0,
                 longest_s: float = 30.0, wait_s: float = 60.0, background: bool = False) -> None:
        self.transcriber = transcriber
        self.language = language
        self.stretch_s = stretch_s
        self.longest_s = longest_s
        self.wait_s = wait_s
        self.background = background
        self.segments: list[Segment] = []
        # One row per stretch: (start s, length s, seconds it took, when it was done).
        self.passes: list[tuple[float, float, float, float]] = []
        self.error: BaseException | None = None
        self._pending: list[np.ndarray] = []
        self._fed = 0  # samples fed
        self._done = 0  # samples transcribed (or found silent)
        self._waiting: float | None = None  # following a file: speech not transcribed yet (s)
        self._cond = threading.Condition()
        self._finishing = False
        self._abandoned = False
        self._thread = threading.Thread(target=self._run, name="minutia-careful", daemon=True)

    # ---- any thread ----------------------------------------------------------------------
    def start(self) -> None:
        """Load the recogniser (on this thread: errors show at once), then follow the feed."""
        self.transcriber.load()
        self._thread.start()

    def feed(self, block: np.ndarray) -> None:
        with self._cond:
            self._pending.append(block)
            self._fed += len(block)
            self._cond.notify()

    @property
    def backlog_seconds(self) -> float:
        """What is left to transcribe if the recording stopped now: the audio not taken up
        yet, and the speech (or, cutting stretches, the audio) taken up but not transcribed."""
        with self._cond:
            if self._waiting is None:
                return (self._fed - self._done) / RATE
            return self._waiting + sum(len(b) for b in self._pending) / RATE

    def finish(self, timeout: float | None = None) -> list[Segment]:
        """Transcribe what is left and return the kept transcript, in order.

        Raises:
            the error that stopped the pass, if any (the caller can transcribe the recording
            file instead).
            TimeoutError: not done within ``timeout`` seconds.
        """
        with self._cond:
            self._finishing = True
            self._cond.notify()
        self._thread.join(timeout)
        if self._thread.is_alive():
            self._abandoned = True
            raise TimeoutError(f"the careful pass was not done within {timeout:g} s")
        if self.error is not None:
            raise self.error
        return list(self.segments)

    def abandon(self) -> None:
        """Stop at the next segment and keep nothing more (the recording is given up)."""
        self._abandoned = True
        with self._cond:
            self._finishing = True
            self._cond.notify()

    # ---- the careful thread --------------------------------------------------------------
    def _run(self) -> None:
        if self.background:
            from engine.transcribe.local_whisper import to_background
            to_background()
        try:
            if hasattr(self.transcriber, "file_stream"):
                self._follow(self.transcriber.file_stream(language=self.language))
            else:
                self._stretches()
        except BaseException as e:  # noqa: BLE001 - reported through finish()
            log.exception("the careful pass failed")
            self.error = e

    def _follow(self, stream) -> None:
        """The recording transcribed exactly as its file will be (FileStream): a window as
        soon as 30 s of speech are final, the rest at Stop."""
        while not self._abandoned:
            with self._cond:
                # A second of audio at a time: each add copies the audio the window holds.
                while sum(len(b) for b in self._pending) < RATE and not self._finishing:
                    self._cond.wait(0.5)
                blocks, self._pending = self._pending, []
                finishing = self._finishing
            if blocks:
                stream.add(np.concatenate(blocks))
            while stream.ready() and not self._abandoned:
                self._window(stream, stream.step)
            if finishing:
                self._window(stream, stream.finish)
                return
            self._note(stream)

    def _window(self, stream, decode) -> None:
        t0, start = time.monotonic(), stream.done_seconds
        self.segments.extend(decode())
        self.language = stream.language
        self._note(stream)
        self.passes.append((start, stream.done_seconds - start, time.monotonic() - t0,
                            time.monotonic()))

    def _note(self, stream) -> None:
        with self._cond:
            self._done = int(stream.done_seconds * RATE)
            self._waiting = stream.waiting_seconds

    def _stretches(self) -> None:
        """A recogniser that cannot follow a file: stretches of ``stretch_s`` seconds of
        speech, cut at pauses, each transcribed as a file is."""
        buf = np.zeros(0, np.float32)
        look_at = self.stretch_s  # seconds of audio in buf before looking for a cut
        while not self._abandoned:
            with self._cond:
                while not self._pending and not self._finishing:
                    self._cond.wait(0.5)
                blocks, self._pending = self._pending, []
                finishing = self._finishing
            if blocks:
                buf = np.concatenate([buf, *blocks])
            while len(buf) >= look_at * RATE and not self._abandoned:
                cut = self._cut(buf)
                if cut is None:
                    look_at = len(buf) / RATE + LOOK_EVERY_S
                    break
                self._pass(buf[:cut])
                buf = buf[cut:]
                look_at = self.stretch_s
            if finishing:  # the rest, however short
                self._pass(buf)
                return

    def _cut(self, buf: np.ndarray) -> int | None:
        """Where the next stretch ends (a sample index in ``buf``), or None: gather more."""
        from faster_whisper.vad import VadOptions, get_speech_timestamps
        buf = buf[:int(self.wait_s * RATE)]  # (more only when the pass is behind)
        speech = get_speech_timestamps(buf, VadOptions(min_silence_duration_ms=300,
                                                       speech_pad_ms=0))
        seconds = len(buf) / RATE
        if not speech:
            return len(buf) - RATE // 2 if seconds >= self.wait_s else None
        said = np.cumsum([(s["end"] - s["start"]) / RATE for s in speech])
        if said[-1] < self.stretch_s and seconds < self.wait_s:
            return None  # gather more
        # (width, where to cut, speech before it) for every pause, the one still going on at
        # the end of the buffer included when it is long enough to be one.
        pauses = [(b["start"] - a["end"], (a["end"] + b["start"]) // 2, said[i])
                  for i, (a, b) in enumerate(zip(speech, speech[1:], strict=False))]
        trailing = len(buf) - speech[-1]["end"]
        if trailing >= TRAILING_PAUSE_S * RATE:
            pauses.append((trailing, speech[-1]["end"] + trailing // 2, said[-1]))
        fitting = [p for p in pauses if min(self.stretch_s / 2, said[-1] / 2) <= p[2]
                   <= self.longest_s]
        if fitting:  # the widest pause; of equally wide ones, the latest
            return max(fitting, key=lambda p: (p[0], p[1]))[1]
        if said[-1] < self.longest_s and seconds < self.wait_s:
            return None  # a pause may still come
        earlier = [p for p in pauses if p[2] <= self.longest_s]
        if earlier:
            return max(earlier, key=lambda p: (p[0], p[1]))[1]
        return self._quietest(buf, speech)

    def _quietest(self, buf: np.ndarray, speech: list[dict]) -> int:
        """No pause at all in ``longest_s`` of talk: the quietest 100 ms of its last 5 s."""
        frame = RATE // 10
        end = speech[0]["start"] + int(self.longest_s * RATE)
        hi = min(len(buf), end) // frame * frame
        lo = max(frame, hi - 5 * RATE)
        return min((float(np.mean(buf[i - frame:i] ** 2)), i) for i in range(lo, hi + 1, frame))[1]

    def _pass(self, audio: np.ndarray) -> None:
        """Transcribe one stretch (the next ``len(audio)`` samples of the recording)."""
        offset = self._done / RATE
        t0 = time.monotonic()
        found: list[Segment] = []
        if len(audio) >= RATE // 10 and float(np.sqrt(np.mean(audio ** 2))) >= 1e-4:
            words = " ".join(s.text for s in self.segments[-40:]).split()
            prompt = " ".join(words[-PROMPT_WORDS:]) or None
            detected, segments = self.transcriber.transcribe(audio, language=self.language,
                                                             prompt=prompt, mode=Mode.FULL)
            for s in segments:
                if self._abandoned:
                    return
                if s.text.strip():
                    found.append(_shift(s, offset))
            if self.language is None and found:
                self.language = detected.language
        self.segments.extend(found)
        with self._cond:
            self._done += len(audio)
        self.passes.append((offset, len(audio) / RATE, time.monotonic() - t0, time.monotonic()))
        log.debug("careful pass over %.1f-%.1f s: %d segments in %.1f s", offset,
                  offset + len(audio) / RATE, len(found), self.passes[-1][2])


def _shift(segment: Segment, offset: float) -> Segment:
    return Segment(segment.start + offset, segment.end + offset, segment.text,
                   tuple(Word(w.start + offset, w.end + offset, w.text, w.probability)
                         for w in segment.words), segment.speaker)
