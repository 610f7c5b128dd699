"""Fast stand-ins for the model backends, for the unit tiers only. They honour the same
protocols as the real backends (engine.transcribe.base, engine.minutes.base)."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator

from engine.cancel import CancelToken
from engine.events import LanguageDetected
from engine.transcribe.base import Mode
from engine.types import Segment


class FakeTranscriber:
    name = "fake-whisper"

    def __init__(self, segments: list[Segment], *, delay: float = 0.0) -> None:
        self.segments = segments
        self.delay = delay
        self.threads: set[str] = set()
        self.attached = self.closed = 0

    def load(self) -> None:
        self.threads.add(threading.current_thread().name)

    def transcribe(self, audio, *, language, prompt=None, mode=Mode.FULL
                   ) -> tuple[LanguageDetected, Iterator[Segment]]:
        def stream():
            for s in self.segments:
                self.threads.add(threading.current_thread().name)
                time.sleep(self.delay)
                yield s
        return LanguageDetected(language or "en", 0.99, len(audio) / 16000), stream()

    def describe(self) -> dict:
        return {"backend": self.name}

    def attach_job(self, *, on_sent, cancel) -> None:
        self.attached += 1

    def close(self) -> None:
        self.closed += 1


class FakeChat:
    """Counts one token per word; answers each request with ``reply`` word by word."""

    name = "fake-llm"

    def __init__(self, reply: str = "Fine.", *, context: int = 4096, delay: float = 0.0,
                 fail_after: int | None = None, replies_by_seed: dict[int, str] | None = None
                 ) -> None:
        self.reply = reply
        self.replies_by_seed = replies_by_seed or {}  # another reply for these sampling seeds
        self.context = context
        self.delay = delay
        self.fail_after = fail_after
        self.requests: list[list[dict]] = []
        self.samplings: list = []  # the Sampling of each request
        self.resets = 0
        self.threads: set[str] = set()
        self.attached = self.closed = 0

    def load(self) -> None:
        pass

    @property
    def context_tokens(self) -> int:
        return self.context

    def count_tokens(self, text: str) -> int:
        self.threads.add(threading.current_thread().name)
        return len(text.split())

    def reset(self) -> None:
        self.resets += 1

    def stream_chat(self, messages, *, max_tokens, sampling, stop,
                    cancel: CancelToken, grammar=None) -> Iterator[str]:
        self.threads.add(threading.current_thread().name)
        self.requests.append(messages)
        self.samplings.append(sampling)
        reply = self.replies_by_seed.get(sampling.seed, self.reply)
        for i, word in enumerate(reply.split(" ")[:max_tokens]):
            if self.fail_after is not None and len(self.requests) > self.fail_after:
                raise RuntimeError("the model crashed")
            cancel.raise_if_cancelled()
            time.sleep(self.delay)
            yield word if i == 0 else " " + word

    def stream_tokens(self, messages, *, max_tokens, sampling, stop, cancel: CancelToken,
                      top=5, force=None, control=None, grammar=None) -> Iterator:
        """The reply word by word as Token Lens steps: the reply's word at 60 %, then two
        made-up alternatives; a forced token replaces the word at its position. With a
        StepControl, each word waits for its click (an offer first)."""
        from engine.events import TokenOffer
        from engine.minutes.lens import Alternative, TokenStep
        force = dict(force or {})
        for i, piece in enumerate(self.stream_chat(messages, max_tokens=max_tokens,
                                                   sampling=sampling, stop=stop, cancel=cancel,
                                                   grammar=grammar)):
            options = [(piece, 0.6), (f" alt{i}a", 0.3), (f" alt{i}b", 0.1)]
            top_list = tuple(Alternative(1000 * i + k, text, math.log(p))
                             for k, (text, p) in enumerate(options))[:max(top, 1)]
            if control is not None and not control.running_free and i not in force:
                yield TokenOffer(i, 0.9, top_list)
                picked = control.take(cancel)
                if picked is not None:
                    force[i] = picked
            chosen = next((a for a in top_list if a.id == force.get(i)), top_list[0])
            yield TokenStep(i, chosen.id, chosen.token, chosen.logprob, 0.9, top_list,
                            forced=i in force)

    def describe(self) -> dict:
        return {"backend": self.name}

    def attach_job(self, *, on_sent, cancel) -> None:
        self.attached += 1

    def close(self) -> None:
        self.closed += 1


class FakeDiarizer:
    """Stands in for engine.diarize.diarizer.Diarizer: three progress steps, then ``turns``
    (as a Diarization without voices); or ``fails`` with the given error when the job first
    needs it. ``calls``: (samples, SpeakerCount) of each job."""

    def __init__(self, turns, *, fails: Exception | None = None, delay: float = 0.0) -> None:
        self.turns, self.fails, self.delay = turns, fails, delay
        self.calls = []

    def diarize(self, audio, *, cancel: CancelToken, speakers):
        from engine.diarize.turns import Diarization  # noqa: PLC0415
        from engine.events import Progress  # noqa: PLC0415
        from engine.types import Stage  # noqa: PLC0415

        self.calls.append((len(audio), speakers))
        if self.fails is not None:
            raise self.fails
        for step in range(1, 4):
            time.sleep(self.delay)
            cancel.raise_if_cancelled()
            yield Progress(Stage.DIARIZING, step, 3)
        return Diarization(self.turns)


class FakeReading:
    """A stand-in for the learned spotter (engine.minutes.extract_learned.Spotter) and its
    reading of one meeting: the sentences saying ``likely[kind]`` are likely to say that
    kind, and those saying ``unlikely[kind]`` all but impossible."""

    def __init__(self, likely: dict[str, str] | None = None,
                 unlikely: dict[str, str] | None = None) -> None:
        self.words = likely or {}, unlikely or {}

    def reading(self, said, names=None, cancel=None):
        self.said = said
        return self

    def likely(self, kind: str, ruled: set[int]) -> set[int]:
        word = self.words[0].get(kind)
        return {s.i for s in self.said if word in s.text} if word else set()

    def unlikely(self, kind: str, sentences) -> bool:
        word = self.words[1].get(kind)
        return word is not None and bool(sentences) and all(
            word in self.said[i].text for i in sentences)
