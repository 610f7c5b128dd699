"""The meeting library's work off the GUI thread: syncing the index with the session folders,
searching (words and meaning: the embedding model loads on the first search), renaming,
deleting, reading a meeting back, listing and ticking action items.

One job at a time, each a call on the engine's Library run by the GeneratorWorker on its own
QThread; the Library itself is opened on the worker too (opening may rebuild the index).
A newer request of the same kind (a search typed further, a second refresh) replaces one
still waiting. Results come back as ``done(kind, value)``, failures as ``failed(kind,
message)``, both on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop.workers.generator_worker import GeneratorWorker, start_in_thread
from engine import MinutiaError
from engine.library import Library

log = logging.getLogger("minutia.library")
# Requests whose newest one is all that matters: one waiting of each kind is enough.
LATEST_ONLY = {"list", "search", "actions"}
# A job still running when the window closed: kept referenced, never destroyed while it runs
# (Qt aborts on a QThread destroyed running); the process ends it at exit.
_ORPHANS: list[tuple[QThread, GeneratorWorker]] = []


def _call(run: Callable[[], object]):
    """A one-item job for the GeneratorWorker: its return value goes to ``returned``."""
    def job(_cancel):
        return run()
        yield  # a generator: the worker takes it like any engine iterator
    return job


class LibraryJobs(QObject):
    done = Signal(str, object)  # kind, what the call returned
    failed = Signal(str, str)  # kind, a one-line message
    progressed = Signal(str)  # what a long job is doing (emitted from the worker thread)

    def __init__(self, *, root: Path | None = None, index_path: Path | None = None,
                 make_library: Callable[[], Library] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._make_library = make_library or (lambda: Library(root=root, index_path=index_path))
        self._library: Library | None = None
        self._queue: list[tuple[str, Callable[[Library], object]]] = []
        self._kind = ""
        self._worker: GeneratorWorker | None = None
        self._thread: QThread | None = None
        self._closed = False
        # Set at close: a long job (meaning vectors for many meetings) stops at its next batch.
        self.stopping = threading.Event()

    @property
    def busy(self) -> bool:
        return self._worker is not None or bool(self._queue)

    def submit(self, kind: str, call: Callable[[Library], object]) -> None:
        """Run ``call(library)`` on the worker after the jobs before it."""
        if self._closed:
            return
        if kind in LATEST_ONLY:
            self._queue = [(k, c) for k, c in self._queue if k != kind]
        self._queue.append((kind, call))
        self._start_next()

    def _library_now(self) -> Library:  # on the worker thread
        if self._library is None:
            self._library = self._make_library()
        return self._library

    def _start_next(self) -> None:
        if self._worker is not None or not self._queue or self._closed:
            return
        self._kind, call = self._queue.pop(0)
        worker = GeneratorWorker(_call(lambda: call(self._library_now())))
        worker.returned.connect(self._on_returned)
        worker.errored.connect(self._on_errored)
        self._worker = worker
        self._thread = start_in_thread(worker)
        self._thread.setObjectName("minutia-library")
        self._thread.finished.connect(self._on_thread_finished)

    @Slot(object)
    def _on_returned(self, value: object) -> None:
        self.done.emit(self._kind, value)

    @Slot(object)
    def _on_errored(self, error: Exception) -> None:
        message = str(error) if isinstance(error, MinutiaError) else f"Something went wrong: {error}"
        self.failed.emit(self._kind, message.splitlines()[0] if message else type(error).__name__)

    @Slot()
    def _on_thread_finished(self) -> None:
        self._worker = None
        self._thread = None
        self._start_next()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Drop what waits, wait (bounded) for the job running, close the index."""
        self._closed = True
        self.stopping.set()
        self._queue.clear()
        thread = self._thread
        if thread is not None:
            self._worker.cancel()
            # The worker's finished -> thread.quit is queued to this (GUI) thread, which
            # waits here without processing events: ask the thread to quit directly, so it
            # ends as soon as the job returns instead of at the end of the wait.
            thread.quit()
            if not thread.wait(timeout_ms):
                log.warning("a library job still runs at close; it ends with the app")
                _ORPHANS.append((thread, self._worker))
                return False
        if self._library is not None:
            self._library.close()
            self._library = None
        return True
