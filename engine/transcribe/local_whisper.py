"""Speech to text on this machine with faster-whisper."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import numpy as np

from engine import vocabulary as user_vocabulary
from engine.errors import ModelError
from engine.events import LanguageDetected
from engine.models import ModelRef
from engine.transcribe import artefacts
from engine.transcribe.base import Mode
from engine.transcribe.file_stream import FileStream
from engine.types import Segment, Word

FEED = 30 * 16000  # a file goes into its FileStream 30 s at a time


class LocalWhisper:
    """faster-whisper behind the Transcriber protocol; loads lazily, once.

    ``vocabulary`` gives the hotwords for each transcription as it starts (default: the
    user's vocabulary, engine/vocabulary.py; ``None`` from it: no hint), so a term taught by
    a correction reaches the next transcription without reloading the model.
    """

    name = "faster-whisper"

    def __init__(self, model: ModelRef, *, device: str = "cpu", compute_type: str = "int8",
                 threads: int = 2, beam_size: int = 5, background: bool = False,
                 vocabulary: Callable[[], str | None] = user_vocabulary.hotwords) -> None:
        self.model = model
        self.device = device
        self.compute_type = compute_type
        self.threads = threads
        self.beam_size = beam_size
        # Its threads run only on a core nothing else wants (Linux; see to_background).
        self.background = background
        self.vocabulary = vocabulary
        self._whisper = None
        self._twin: LocalWhisper | None = None
        self._lock = threading.Lock()

    def twin(self, *, background: bool = False) -> LocalWhisper:
        """The same model loaded a second time (once: later calls return the same twin), with
        ``background``: on threads that take only what ours leave, where the system allows
        it: background work that must not slow the foreground."""
        with self._lock:
            if self._twin is None or self._twin.background != background:
                self._twin = LocalWhisper(self.model, device=self.device,
                                          compute_type=self.compute_type, threads=self.threads,
                                          beam_size=self.beam_size, background=background,
                                          vocabulary=self.vocabulary)
            return self._twin

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
                if self.background:
                    self._whisper = _in_background(
                        lambda: WhisperModel(str(self.model.path), **self.load_kwargs()))
                else:
                    self._whisper = WhisperModel(str(self.model.path), **self.load_kwargs())
            except Exception as e:  # noqa: BLE001 - CTranslate2 raises RuntimeError/ValueError/OSError
                raise ModelError(f"The speech model in {self.model.path} did not load on"
                                 f" {self.device} ({self.compute_type}): {e}") from e

    def attach_job(self, *, on_sent, cancel) -> None:
        """Nothing leaves this machine: nothing to note, and each call checks its own cancel."""

    def transcribe(self, audio: np.ndarray, *, language: str | None, prompt: str | None = None,
                   mode: Mode = Mode.FULL) -> tuple[LanguageDetected, Iterator[Segment]]:
        self.load()
        hotwords = self.vocabulary()
        if mode == Mode.FULL:
            return self._as_file(audio, language=language, prompt=prompt, hotwords=hotwords)
        segments, info = self._whisper.transcribe(
            audio, language=language, word_timestamps=True, initial_prompt=prompt,
            **self.options(mode, len(audio), hotwords))
        detected = LanguageDetected(info.language, float(info.language_probability),
                                    float(info.duration))
        return detected, artefacts.cleaned(_heard(s, audio) for s in segments)

    def _as_file(self, audio: np.ndarray, *, language: str | None, prompt: str | None,
                 hotwords: str | None) -> tuple[LanguageDetected, Iterator[Segment]]:
        """A file: faster-whisper's transcription of a file, window by window, through the
        same FileStream a live recording's careful pass uses, so a recording's kept
        transcript and its file's are the same (each window's features floored at 80 dB
        under that window's loudest bin, as Whisper was trained, not the file's)."""
        stream = FileStream(self._whisper, language=language, prompt=prompt, quantize=False,
                            options=lambda samples: self.options(Mode.FULL, samples, hotwords))
        fed = 0

        def feed() -> bool:
            """Feed the next 30 s; False when all of it is in."""
            nonlocal fed
            if fed >= len(audio):
                stream.end()
                return False
            stream.add(audio[fed:fed + FEED])
            fed += FEED
            return True

        while not stream.ready() and feed():
            pass
        found, probability = stream.detect_language()
        detected = LanguageDetected(found, float(probability), len(audio) / 16000)

        def segments() -> Iterator[Segment]:
            while True:
                if stream.ready():
                    yield from stream.step()
                elif not feed():
                    yield from stream.finish()
                    return
        return detected, segments()

    def file_stream(self, *, language: str | None) -> FileStream:
        """A recording transcribed as it grows, exactly as ``transcribe`` (Mode.FULL) will
        transcribe its file (engine/transcribe/file_stream.py). Feed it the device's blocks."""
        self.load()
        hotwords = self.vocabulary()
        return FileStream(self._whisper, language=language,
                          options=lambda samples: self.options(Mode.FULL, samples, hotwords))

    def options(self, mode: Mode, samples: int, hotwords: str | None = None) -> dict:
        """faster-whisper's options for ``samples`` of audio in ``mode`` (besides the
        language, the prompt and word timings); ``hotwords``: the user's vocabulary."""
        options = {"beam_size": self.beam_size, "vad_filter": True}
        if hotwords:
            options["hotwords"] = hotwords
        if mode in (Mode.LIVE, Mode.DRAFT):
            # No temperature fallback: on far-field speech it decodes an utterance up to five
            # more times (best of 5 samples each): 8-10 s for 5 s of audio, measured.
            options["temperature"] = 0.0
        if mode == Mode.DRAFT:  # greedy, and the caller knows the audio holds speech
            options.update(beam_size=1, vad_filter=False)
        if samples <= 30 * 16000:
            # One window: a bound on its text (fast speech is ~6 tokens/s) stops the rare
            # repetition loop ("a little bit of a little bit of…") within a second.
            options["max_new_tokens"] = int(8 * samples / 16000) + 16
        return options

    def describe(self) -> dict:
        return {"backend": self.name, "model": self.model.name, "path": str(self.model.path),
                "sha256": self.model.sha256, "device": self.device,
                "compute_type": self.compute_type, "threads": self.threads,
                "beam_size": self.beam_size, "vad_filter": True, "artefact_check": True,
                "hotwords": self.vocabulary(),
                "features": "floored per 30 s window (engine/transcribe/file_stream.py)"}

    def close(self) -> None:
        """Drop the model, and its twin's (CTranslate2 frees it with the last reference)."""
        with self._lock:
            self._whisper = None
            twin, self._twin = self._twin, None
        if twin is not None:
            twin.close()


def _segment(s) -> Segment:
    words = tuple(Word(float(w.start), float(w.end), w.word, float(w.probability))
                  for w in (s.words or ()))
    return Segment(float(s.start), float(s.end), s.text.strip(), words)


def _heard(s, audio: np.ndarray) -> artefacts.Heard:
    """A faster-whisper segment with what the artefact check needs to know about it."""
    return artefacts.Heard(_segment(s), no_speech_prob=float(s.no_speech_prob),
                           avg_logprob=float(s.avg_logprob),
                           compression_ratio=float(s.compression_ratio),
                           level=artefacts.rms(audio, float(s.start), float(s.end)))


def _in_background(make):
    """``make()`` run on a new thread moved to the background (to_background). CTranslate2
    starts its worker and compute threads when a model is made: they inherit its scheduling
    (on Linux; elsewhere the threads keep the process's)."""
    box: dict = {}

    def run() -> None:
        try:
            to_background()
            box["made"] = make()
        except BaseException as e:  # noqa: BLE001 - raised on the caller's thread below
            box["error"] = e

    thread = threading.Thread(target=run, name="minutia-load-background", daemon=True)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["made"]


def to_background() -> bool:
    """Move the calling thread (and the threads it starts from then on) to the background:
    Linux's SCHED_IDLE, so it runs only on a core no other thread wants, else the lowest
    priority (nice 19). False where the system has no per-thread scheduling (not Linux).

    At nice 10 a careful pass still slowed each live pass from 1.4 s to 2.3 s on 2 cores
    (CTranslate2's compute threads of both models share the cores at every slice); at
    SCHED_IDLE the live passes took 1.4 s, as alone (docs/benchmarks.md, 2026-12-04).
    """
    import os
    import sys
    if not sys.platform.startswith("linux"):
        return False
    tid = threading.get_native_id()
    try:
        os.sched_setscheduler(tid, os.SCHED_IDLE, os.sched_param(0))
        return True
    except (OSError, AttributeError):
        pass
    try:
        os.setpriority(os.PRIO_PROCESS, tid, 19)
    except OSError:
        return False
    return True
