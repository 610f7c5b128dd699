"""Whether the window may close now: ask while a job runs, cancel it, then wait (bounded,
never blocking the window) for the engine's helper threads to leave their native call, so
the models are released after them instead of from under them."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot

from desktop.session_controller import ControllerState
from engine.background import helpers_running

log = logging.getLogger("minutia.window")
HELPER_WAIT_S = 10.0  # a prompt evaluation of a long meeting on a slow CPU takes seconds
QUESTION = "A meeting is still being processed. Cancel it and quit?"


class QuitGuard(QObject):
    """The window's closeEvent asks ``may_close()``; when the answer is "not yet", the guard
    closes the window again itself once the job and the helpers have stopped."""

    def __init__(self, window, controller, *, helper_wait_s: float = HELPER_WAIT_S,
                 helpers: Callable[[], int] = helpers_running) -> None:
        super().__init__(window)
        self.window, self.controller = window, controller
        self.helper_wait_s = helper_wait_s
        self._helpers = helpers
        self.quitting = False  # the user said quit: close once the job has stopped
        self._deadline: float | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(100)
        self._poll.timeout.connect(self._check_helpers)
        controller.state_changed.connect(self.on_state_changed)

    def may_close(self) -> bool:
        if self.controller.busy and not self.quitting:
            if not self.window.confirm(QUESTION):
                return False
            self.quitting = True
        if self.controller.busy:
            # Asked again? No: "Yes" stands, whatever the job did while the question was
            # open (finished, or the next queued one started). Never block: cancel, and
            # close again once the worker has stopped.
            self.quitting = True
            self.controller.cancel_all()
            return False
        running = self._helpers()
        if not running:
            return True
        if self._deadline is None:
            self._deadline = time.monotonic() + self.helper_wait_s
            self.window.status_line.say("Closing: the model is finishing its current step…")
            self._poll.start()
        if time.monotonic() < self._deadline:
            return False
        log.warning("quitting with %d engine helper(s) still in a native call: each releases"
                    " its model when the call ends", running)
        self._poll.stop()
        return True

    @Slot(str)
    def on_state_changed(self, state: str) -> None:
        if state == ControllerState.IDLE and self.quitting:
            QTimer.singleShot(0, self.window.close)

    @Slot()
    def _check_helpers(self) -> None:
        if not self._helpers() or time.monotonic() >= (self._deadline or 0):
            self._poll.stop()
            self.window.close()
