"""Python's cyclic garbage collector, run on the GUI thread only.

The interpreter collects reference cycles on whichever thread happens to allocate when a
threshold is crossed: in Minutia that is often an engine thread (a Whisper window, a llama.cpp
token, the recorder). A Qt object in such a cycle (a window or dialog whose Python attributes
point back at it) is then destroyed on that thread: its timers cannot be stopped from there
("QObject::killTimer: Timers cannot be stopped from another thread"), stay registered with
the GUI thread's event dispatcher, and the next time one fires the process dies with SIGSEGV
in QTimerInfoList::activateTimers. This is what crashed the test suite between the desktop
tests and the live-recording tests (issue 13).

So, as pyqtgraph's GarbageCollector and Anki do, automatic collection is switched off and a
timer on the GUI thread collects with the interpreter's own thresholds. Reference counting
still frees everything that is not in a cycle at once, on any thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot


class GuiThreadCollector(QObject):
    """While it exists, cycles are collected on the thread that created it (the GUI thread)."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = 500) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(interval_ms)

    @Slot()
    def collect(self) -> None:
        """Collect the generations whose counts passed the interpreter's thresholds."""
        counts = gc.get_count()
        if counts[0] <= self._thresholds[0]:
            return
        generation = 0
        if counts[1] > self._thresholds[1]:
            generation = 2 if counts[2] > self._thresholds[2] else 1
        gc.collect(generation)

    def stop(self) -> None:
        """Collect everything now, on this thread, and give collection back to the interpreter."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
