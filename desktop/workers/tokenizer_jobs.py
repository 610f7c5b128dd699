"""Token tables and context plans off the GUI thread, with the model's tokenizer alone
(engine.minutes.vocabulary: no weights, so it answers even while minutes are being written).

Runs on the one generic worker, one request at a time; a request made while one runs
replaces any other still waiting of its kind (only the latest text or transcript matters).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop.workers.generator_worker import GeneratorWorker, start_in_thread
from engine import EngineConfig, MinutiaError, Transcript, models
from engine.minutes.vocabulary import Vocabulary, planned_minutes


def production_vocabulary(config: EngineConfig) -> Vocabulary:
    return Vocabulary(models.llm_model(config.llm_model))


class JobKind(StrEnum):
    """What a request asks for; a newer request replaces one of its kind still waiting."""

    TOKENS = "tokens"  # a text as token ids and texts (the tokenizer view)
    PLAN = "plan"  # how a transcript fits the context (the context meter)


class TokenizerJobs(QObject):
    tokens_ready = Signal(str, object)  # the text, [(token id, token text)]
    plan_ready = Signal(object)         # MinutesPlanned, or None (no model-written section)
    failed = Signal(str, str)           # the JobKind, the message

    def __init__(self, make_vocabulary: Callable[[EngineConfig], Vocabulary] = production_vocabulary,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._make_vocabulary = make_vocabulary
        self._vocabulary: tuple[object, Vocabulary] | None = None  # (model setting, tokenizer)
        self._waiting: dict[JobKind, tuple] = {}
        self._worker: GeneratorWorker | None = None
        self._thread: QThread | None = None
        self._kind: JobKind | None = None  # the request running

    def tokenize(self, text: str, config: EngineConfig) -> None:
        self._request(JobKind.TOKENS, text, config)

    def plan(self, transcript: Transcript, config: EngineConfig) -> None:
        self._request(JobKind.PLAN, transcript, config)

    @property
    def busy(self) -> bool:
        return self._worker is not None

    def _request(self, kind: JobKind, subject, config: EngineConfig) -> None:
        self._waiting[kind] = (subject, config)
        self._start_next()

    def _start_next(self) -> None:
        if self._worker is not None or not self._waiting:
            return
        kind = next(iter(self._waiting))
        subject, config = self._waiting.pop(kind)
        self._kind = kind
        worker = GeneratorWorker(lambda cancel: self._answer(kind, subject, config))
        worker.yielded.connect(self._on_answer)
        worker.errored.connect(self._on_error)
        self._worker = worker
        self._thread = start_in_thread(worker)
        self._thread.finished.connect(self._on_thread_finished)

    def _answer(self, kind: JobKind, subject, config: EngineConfig):
        """On the worker thread: the tokenizer (loaded once per model), then the answer."""
        if self._vocabulary is None or self._vocabulary[0] != config.llm_model:
            self._vocabulary = (config.llm_model, self._make_vocabulary(config))
        vocabulary = self._vocabulary[1]
        if kind == JobKind.TOKENS:
            yield kind, subject, vocabulary.tokens(subject)
        else:
            yield kind, subject, planned_minutes(subject, vocabulary, config)

    @Slot(object)
    def _on_answer(self, answer: tuple) -> None:
        kind, subject, result = answer
        if kind == JobKind.TOKENS:
            self.tokens_ready.emit(subject, result)
        else:
            self.plan_ready.emit(result)

    @Slot(object)
    def _on_error(self, error: Exception) -> None:
        message = str(error) if isinstance(error, MinutiaError) else f"{type(error).__name__}: {error}"
        self.failed.emit(self._kind, message)

    @Slot()
    def _on_thread_finished(self) -> None:
        self._worker = None
        self._thread = None
        self._start_next()

    def shutdown(self, timeout_s: float = 5.0) -> None:
        self._waiting.clear()
        if self._thread is not None:
            # The worker's finished -> thread.quit is queued to this (GUI) thread, which does
            # not process events while it waits here: quit directly, so the wait ends when the
            # job does, not after the whole timeout (a close took 5 s behind a tokenizer job).
            self._thread.quit()
            self._thread.wait(int(timeout_s * 1000))
