"""Questions asked of the meeting library, answered off the GUI thread: the engine's
``ask`` iterator run by the GeneratorWorker on its own QThread, one question at a time.

Each question opens the library afresh on the worker (its own SQLite connection, so a
search or a refresh of the Meetings pane never waits for an answer, and meetings indexed
since the last question are found) and uses the chat model made for the settings in force
(made on the worker, kept for the next question while those settings hold, closed at
shutdown). The events (SourcesFound, AnswerPiece, SentenceChecked, Answered) come back as
``event`` on the GUI thread; then ``answered``, ``failed`` or ``cancelled``; ``finished``
always last.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop.workers.generator_worker import GeneratorWorker, start_in_thread
from engine import EngineConfig, MinutiaError
from engine.library import Library
from engine.library.ask import Answered, AskOptions, ask

log = logging.getLogger("minutia.library")
MakeModel = Callable[[EngineConfig], object]  # a ChatModel for these settings
# An answer still being written when the window closed: kept referenced (Qt aborts on a
# QThread destroyed running); the process ends it at exit.
_ORPHANS: list[tuple[QThread, GeneratorWorker]] = []


class AskJobs(QObject):
    event = Signal(object)  # one of ask's events
    failed = Signal(str)  # a one-line message
    cancelled = Signal()
    answered = Signal(object)  # the Answer
    finished = Signal()  # always last: another question may be asked now

    def __init__(self, *, make_library: Callable[[], Library], make_model: MakeModel,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.make_library = make_library
        self.make_model = make_model
        self._model: tuple[tuple, object] | None = None  # (settings' models key, model)
        self._worker: GeneratorWorker | None = None
        self._thread: QThread | None = None
        self._closed = False

    @property
    def busy(self) -> bool:
        return self._worker is not None

    def ask(self, question: str, options: AskOptions, config: EngineConfig) -> bool:
        """Start answering ``question``; False (nothing started) while one is answered."""
        if self.busy or self._closed:
            return False
        worker = GeneratorWorker(lambda cancel: self._answer(question, options, config, cancel))
        worker.yielded.connect(self._on_yielded)
        worker.errored.connect(self._on_errored)
        worker.cancelled.connect(self.cancelled)
        self._worker = worker
        self._thread = start_in_thread(worker)
        self._thread.setObjectName("minutia-ask")
        self._thread.finished.connect(self._on_thread_finished)
        return True

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def _answer(self, question: str, options: AskOptions, config: EngineConfig, cancel):
        """On the worker thread: the library opened, its missing vectors computed, the model
        made (or kept), then ask's events."""
        library = self.make_library()
        try:
            # many meetings copied in: their vectors take a while; Cancel stops between batches
            library.embed_pending(lambda _done, _total: cancel.raise_if_cancelled())
            yield from ask(library, self._model_for(config), question, options=options,
                           cancel=cancel)
        finally:
            library.close()

    def _model_for(self, config: EngineConfig):
        key = config.models_key()
        if self._model is None or self._model[0] != key:
            if self._model is not None:
                self._model[1].close()
            self._model = (key, self.make_model(config))
        return self._model[1]

    @Slot(object)
    def _on_yielded(self, event: object) -> None:
        self.event.emit(event)
        if isinstance(event, Answered):
            self.answered.emit(event.answer)

    @Slot(object)
    def _on_errored(self, error: Exception) -> None:
        message = str(error) if isinstance(error, MinutiaError) else f"Something went wrong: {error}"
        self.failed.emit(message.splitlines()[0] if message else type(error).__name__)

    @Slot()
    def _on_thread_finished(self) -> None:
        self._worker = None
        self._thread = None
        self.finished.emit()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop the answer being written (bounded wait), then release the model."""
        self._closed = True
        thread = self._thread
        if thread is not None:
            self._worker.cancel()
            thread.quit()  # as LibraryJobs.shutdown: the queued quit would wait for this wait
            if not thread.wait(timeout_ms):
                log.warning("an answer is still being written at close; it ends with the app")
                _ORPHANS.append((thread, self._worker))
                return False
        if self._model is not None:
            self._model[1].close()
            self._model = None
        return True
