"""What every minutes backend (local GGUF, later remote) offers the minutes writer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from engine.cancel import CancelToken
from engine.minutes.lens import Sampling


class ChatModel(Protocol):
    name: str

    def load(self) -> None:
        """Load the model now (slow); raises ModelError when it cannot."""

    @property
    def context_tokens(self) -> int:
        """How many tokens the prompt and the answer may use together."""

    def count_tokens(self, text: str) -> int:
        """Tokens ``text`` takes with this model's own tokenizer."""

    def reset(self) -> None:
        """Forget cached context, so the next document is computed exactly like the first."""

    def stream_chat(self, messages: list[dict], *, max_tokens: int, sampling: Sampling,
                    stop: list[str], cancel: CancelToken, grammar: str | None = None
                    ) -> Iterator[str]:
        """Stream the answer's text pieces as they are generated; ``grammar`` (GBNF): the
        shape the answer must take, if the backend can constrain it."""

    def describe(self) -> dict:
        """Model name, checksum and settings for the session manifest."""
