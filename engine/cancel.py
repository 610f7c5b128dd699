"""Cooperative cancellation shared by every stage."""

from __future__ import annotations

import threading

from engine.errors import Cancelled


class CancelToken:
    """A flag the caller sets and the engine checks between segments and tokens."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()

    def wait(self, timeout: float) -> bool:
        """Sleep up to ``timeout`` seconds; True as soon as cancelled."""
        return self._event.wait(timeout)
