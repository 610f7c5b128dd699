"""Backend ``auto``: the local model, or the remote endpoint only when the local one cannot
run (its file missing, CUDA out of memory, any load failure)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from engine.errors import MinutiaError, ModelError

log = logging.getLogger("minutia.remote")


class Fallback:
    """Stands for whichever backend runs; decided at the first ``load``."""

    name = "auto"

    def __init__(self, stage: str, make_local: Callable[[], object], remote) -> None:
        self.stage = stage  # "speech" or "language"
        self._make_local = make_local
        self.remote = remote
        self.active = None
        self.local_error: MinutiaError | None = None

    def attach_job(self, *, on_sent, cancel) -> None:
        """The remote backend is the only one that sends: it gets the job's record and token."""
        self.remote.attach_job(on_sent=on_sent, cancel=cancel)

    def load(self) -> None:
        if self.active is not None:
            self.active.load()
            return
        try:
            local = self._make_local()
            local.load()
            self.active = local
            return
        except MinutiaError as e:
            self.local_error = e
        log.warning("local %s model cannot run (%s): using %s", self.stage, self.local_error,
                    self.remote.endpoint.label)
        try:
            self.remote.load()
        except MinutiaError as e:
            raise self._both(e) from e
        self.active = self.remote

    @property
    def using_remote(self) -> bool:
        return self.active is self.remote

    def _both(self, error: Exception) -> ModelError:
        return ModelError(f"The local {self.stage} model could not run ({self.local_error}), and"
                          f" the fallback {self.remote.endpoint.label} failed too: {error}")

    def _guarded(self, items: Iterator) -> Iterator:
        try:
            yield from items
        except MinutiaError as e:
            raise self._both(e) from e

    def transcribe(self, audio, **kwargs):
        self.load()
        if not self.using_remote:
            return self.active.transcribe(audio, **kwargs)
        try:
            detected, segments = self.remote.transcribe(audio, **kwargs)
        except MinutiaError as e:
            raise self._both(e) from e
        return detected, self._guarded(segments)

    def stream_chat(self, messages, **kwargs) -> Iterator[str]:
        self.load()
        items = self.active.stream_chat(messages, **kwargs)
        return self._guarded(items) if self.using_remote else items

    def stream_tokens(self, messages, **kwargs):
        self.load()
        items = self.active.stream_tokens(messages, **kwargs)
        return self._guarded(items) if self.using_remote else items

    @property
    def context_tokens(self) -> int:
        self.load()
        return self.active.context_tokens

    def count_tokens(self, text: str) -> int:
        self.load()
        return self.active.count_tokens(text)

    def reset(self) -> None:
        self.load()
        self.active.reset()

    def close(self) -> None:
        """Release the model of whichever backend was chosen (the local one holds a model in
        memory); the next ``load`` decides again."""
        active, self.active = self.active, None
        if active is not None:
            active.close()

    def describe(self) -> dict:
        about = self.active.describe() if self.active else {}
        return {**about, "chosen_by": "auto",
                **({"local_error": str(self.local_error)} if self.using_remote else {})}
