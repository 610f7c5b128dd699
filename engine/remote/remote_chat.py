"""Minutes from an OpenAI-compatible chat endpoint (OpenAI, vLLM, a llama.cpp server, Ollama).

It implements the ChatModel protocol, so the writer streams its sections exactly as with
the local model. With the Token Lens on it asks for ``top_logprobs``: each streamed token
then carries the probabilities the server reports (no token ids, so no forks or step mode).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import datetime

from engine.backend_base import OnSent
from engine.cancel import CancelToken
from engine.errors import MinutiaError
from engine.minutes import lens
from engine.remote import keys
from engine.remote.consent import Consent, Disclosure
from engine.remote.endpoint import Endpoint, RemoteError, explain

DEFAULT_MODEL = "gpt-5.4-mini"
DEFAULT_CONTEXT = 32768
# Sent again without (max_tokens: as max_completion_tokens) when a model rejects them, as
# OpenAI's reasoning models do; named by the error's ``param``.
_ADAPTABLE = ("temperature", "top_p", "seed", "max_tokens", "stop")


def estimate_tokens(text: str) -> int:
    """An upper estimate: the server's tokenizer is not here. Real tokenizers take 3.5-4.5
    bytes per token of English; counting 3 keeps every planned call inside the context."""
    return len(text.encode("utf-8")) // 3 + 1


class StreamCut(RemoteError):
    """The answer stopped arriving halfway; what came is kept by the caller."""


class RemoteChat:
    """A chat model behind an OpenAI-compatible endpoint; ``load`` only checks the key."""

    name = "openai"

    def __init__(self, endpoint: Endpoint, model: str = DEFAULT_MODEL, *, consent: Consent,
                 context: int = DEFAULT_CONTEXT) -> None:
        self.endpoint = endpoint
        self.model = model
        self.consent = consent
        self.context = context
        self.on_sent: OnSent = lambda record: None
        self._client = None
        self._dropped: set[str] = set()

    def load(self) -> None:
        if self._client is None:
            self._client = self.endpoint.client()

    def attach_job(self, *, on_sent: OnSent, cancel: CancelToken) -> None:
        self.on_sent = on_sent  # each stream gets its own cancel token from the writer

    def close(self) -> None:
        """Close the connection pool; the next ``load`` opens a new one."""
        client, self._client = self._client, None
        if client is not None:
            client.close()

    @property
    def context_tokens(self) -> int:
        return self.context

    def count_tokens(self, text: str) -> int:
        return estimate_tokens(text)

    def reset(self) -> None:
        """Each request carries its whole prompt: nothing is cached here."""

    def stream_chat(self, messages: list[dict], *, max_tokens: int, sampling: lens.Sampling,
                    stop: list[str], cancel: CancelToken, grammar: str | None = None
                    ) -> Iterator[str]:
        """``grammar`` is ignored: OpenAI-compatible servers do not agree on a grammar
        parameter. The writer still adds every heading itself and stops a section at the
        next one."""
        for step in self._stream(messages, max_tokens, sampling, stop, cancel, top=0):
            yield step.token

    def stream_tokens(self, messages: list[dict], *, max_tokens: int, sampling: lens.Sampling,
                      stop: list[str], cancel: CancelToken, top: int = 5,
                      force: dict[int, int] | None = None,
                      control: lens.StepControl | None = None, grammar: str | None = None
                      ) -> Iterator[lens.TokenStep]:
        if force or control is not None:
            raise MinutiaError(f"{self.endpoint.label} chooses its own tokens: forks and step"
                               " mode need a local GGUF model")
        yield from self._stream(messages, max_tokens, sampling, stop, cancel, top=max(1, top))

    def _params(self, messages, max_tokens, sampling: lens.Sampling, stop, top) -> dict:
        params = {"model": self.model, "messages": messages, "stream": True,
                  "max_tokens": max_tokens, "temperature": sampling.temperature,
                  "top_p": sampling.top_p, "seed": sampling.seed, "stop": stop}
        if top:
            params.update(logprobs=True, top_logprobs=min(top, lens.MAX_TOP))
        if not self.endpoint.is_openai:  # llama.cpp, vLLM and Ollama servers take these too
            params["extra_body"] = {"top_k": sampling.top_k, "min_p": sampling.min_p}
        for name in self._dropped:
            value = params.pop(name, None)
            if name == "max_tokens":
                params["max_completion_tokens"] = value
        return params

    def _open(self, params: dict, cancel: CancelToken):
        import openai
        while True:
            cancel.raise_if_cancelled()  # each try is a request: none once the job is cancelled
            try:
                return self._client.chat.completions.create(**params)
            except openai.BadRequestError as e:
                param = getattr(e, "param", None)
                if param not in _ADAPTABLE or param in self._dropped:
                    raise
                self._dropped.add(param)  # this model will not take it: leave it out from now on
                value = params.pop(param, None)
                if param == "max_tokens":
                    params["max_completion_tokens"] = value

    def _stream(self, messages, max_tokens, sampling, stop, cancel: CancelToken, top: int
                ) -> Iterator[lens.TokenStep]:
        import httpx2
        import openai
        on_sent = self.on_sent  # this job's, even if the consent question outlives it
        self.load()
        prompt_chars = sum(len(m["content"]) for m in messages)
        self.consent.require(Disclosure(
            self.endpoint.label, "minutes",
            f"the meeting transcript in prompts to {self.model} (this one {prompt_chars:,} characters)",
            preview=messages[-1]["content"][:2000]))
        cancel.raise_if_cancelled()
        on_sent({"stage": "minutes", "endpoint": self.endpoint.label, "model": self.model,
                 "sent": "prompt", "characters": prompt_chars,
                 "at": datetime.now().isoformat(timespec="seconds")})
        i = 0
        stream = None
        try:
            stream = self._open(self._params(messages, max_tokens, sampling, stop, top), cancel)
            for chunk in stream:
                cancel.raise_if_cancelled()
                if not chunk.choices:
                    continue
                choice = chunk.choices[0]
                scored = (choice.logprobs.content or []) if top and choice.logprobs else []
                if scored:
                    for item in scored:
                        yield _step(i, item)
                        i += 1
                elif choice.delta and choice.delta.content:
                    if top:  # no probabilities to show: say so rather than show made-up ones
                        raise MinutiaError(f"{self.endpoint.label} (model {self.model}) does not"
                                           " return token probabilities (top_logprobs): turn"
                                           " the Token Lens off to write minutes there")
                    yield lens.TokenStep(i, -1, choice.delta.content, 0.0, 0.0)
                    i += 1
        except (openai.APIError, httpx2.HTTPError) as e:
            if i and not isinstance(e, openai.APIStatusError):
                raise StreamCut(f"The minutes from {self.endpoint.label} stopped arriving after"
                                f" {i} tokens ({type(e).__name__}): what arrived is kept;"
                                " Regenerate to try again") from e
            raise explain(e, self.endpoint, "minutes", self.model) from e
        finally:
            if stream is not None:
                stream.close()

    def describe(self) -> dict:
        return {"backend": self.name, "endpoint": self.endpoint.label, "model": self.model,
                "context": self.context, "key": keys.source(self.endpoint.label),
                "left_out": sorted(self._dropped)}


def _step(i: int, item) -> lens.TokenStep:
    """A TokenStep from one entry of the server's ``logprobs.content``. Remote tokens have no
    ids (-1); the entropy is taken over the alternatives reported plus the rest as one."""
    top = tuple(lens.Alternative(-1, t.token, t.logprob) for t in (item.top_logprobs or ()))
    top = tuple(sorted(top, key=lambda a: -a.logprob))
    probs = [math.exp(a.logprob) for a in top]
    rest = max(0.0, 1.0 - sum(probs))
    entropy = -sum(p * math.log(p) for p in [*probs, rest] if p > 0)
    return lens.TokenStep(i, -1, item.token, item.logprob, entropy, top)
