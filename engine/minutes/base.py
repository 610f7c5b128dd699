"""What every minutes backend (local GGUF, remote endpoint) offers the minutes writer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from engine.backend_base import Backend
from engine.cancel import CancelToken
from engine.events import TokenOffer
from engine.minutes.lens import Sampling, StepControl, TokenStep


class ChatModel(Backend, Protocol):
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

    def stream_tokens(self, messages: list[dict], *, max_tokens: int, sampling: Sampling,
                      stop: list[str], cancel: CancelToken, top: int,
                      force: dict[int, int] | None = None, control: StepControl | None = None,
                      grammar: str | None = None) -> Iterator[TokenStep | TokenOffer]:
        """The Token Lens: the answer one token at a time, each with the ``top`` most likely
        alternatives. ``force``: {position: token id} chosen by the user; ``control`` (step
        mode): a TokenOffer before each choice, then wait for the user's click. Raises
        MinutiaError where the backend cannot report probabilities."""
