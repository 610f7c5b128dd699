"""The one worker that runs an engine iterator off the GUI thread (after superqt's GeneratorWorker).

On its thread it takes ``next()`` until the iterator ends, emitting ``yielded`` per item;
the iterator's return value goes to ``returned``, an exception to ``errored``, a cancel to
``cancelled`` (its own signal, never guessed from error text), and ``finished`` always fires
last. Cancelling sets the engine's CancelToken, which the engine checks between items.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, QThread, Signal, Slot

from engine import Cancelled, CancelToken

log = logging.getLogger("minutia.worker")


class GeneratorWorker(QObject):
    yielded = Signal(object)
    returned = Signal(object)
    errored = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, make_iterator: Callable[[CancelToken], Iterator]) -> None:
        super().__init__()
        self._make_iterator = make_iterator
        self.cancel_token = CancelToken()

    @Slot()
    def run(self) -> None:
        try:
            iterator = self._make_iterator(self.cancel_token)
            while True:
                try:
                    if self.cancel_token.cancelled:
                        # Raise inside the engine's iterator, so it records the cancel itself.
                        item = iterator.throw(Cancelled())
                    else:
                        item = next(iterator)
                except StopIteration as stop:
                    self.returned.emit(stop.value)
                    break
                self.yielded.emit(item)
        except Cancelled:
            self.cancelled.emit()
        except Exception as e:  # noqa: BLE001 - every failure reaches the GUI as a signal
            log.exception("job failed")
            self.errored.emit(e)
        finally:
            self.finished.emit()

    def cancel(self) -> None:
        """Thread-safe: only sets the token; the worker stops at the next item."""
        self.cancel_token.cancel()


def start_in_thread(worker: GeneratorWorker) -> QThread:
    """Move ``worker`` to a new QThread, start it, and quit the thread when the worker finishes.

    The caller keeps the returned thread (and the worker) referenced until the thread's
    ``finished`` signal: dropping a running QThread destroys it while it runs.
    """
    thread = QThread()
    thread.setObjectName("minutia-job")
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.finished.connect(thread.quit)
    thread.start()
    return thread
