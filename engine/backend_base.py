"""What every backend offers, speech or minutes, local or remote: a lifecycle (load, close),
a description for the session manifest, and the per-job seam a backend that sends data
elsewhere needs. engine.transcribe.base and engine.minutes.base add each kind's own work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from engine.cancel import CancelToken

OnSent = Callable[[dict], None]
"""Notes one request a backend is about to send (stage, endpoint, model, bytes...) in the
job's manifest; raises Cancelled when the job is over, so the request is not sent."""


class Backend(Protocol):
    name: str

    def load(self) -> None:
        """Load the model now (slow); raises ModelError when it cannot."""

    def attach_job(self, *, on_sent: OnSent, cancel: CancelToken) -> None:
        """Called at the start of each job. A backend that sends data elsewhere notes each
        request with ``on_sent`` before sending it and sends nothing once ``cancel`` is set,
        even from a helper thread that outlives the job; a local backend ignores both."""

    def describe(self) -> dict:
        """Model name, checksum and settings for the session manifest."""

    def close(self) -> None:
        """Release the model (or the connection); the next ``load`` starts again."""
