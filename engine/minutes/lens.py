"""The Token Lens: generation one token at a time, with the distribution each token was
chosen from.

A language model turns the text so far into a score (logit) for every token of its
vocabulary; softmax makes those probabilities; one token is chosen (the most likely at
temperature 0, else a draw from the distribution left after top-k / top-p / min-p and the
temperature), appended, and everything goes back in for the next step. ``steps`` does
exactly that with the model's logits, so every ``TokenStep`` says what was chosen, how
likely it was, what else was likely, and how uncertain the model was (entropy).
"""

from __future__ import annotations

import math
import queue
from dataclasses import dataclass

import numpy as np

from engine.cancel import CancelToken

MAX_TOP = 20
_POLL_S = 0.05


@dataclass(frozen=True)
class Sampling:
    """How the next token is chosen. temperature 0 = always the most likely token."""

    temperature: float = 0.2
    top_k: int = 40
    top_p: float = 0.95
    min_p: float = 0.05
    seed: int = 0
    repeat_penalty: float = 1.1
    repeat_last_n: int = 64

    def llama_kwargs(self) -> dict:
        """The same settings as llama-cpp-python's create_chat_completion takes them."""
        return {"temperature": self.temperature, "top_k": self.top_k, "top_p": self.top_p,
                "min_p": self.min_p, "seed": self.seed, "repeat_penalty": self.repeat_penalty}


@dataclass(frozen=True)
class Alternative:
    id: int
    token: str
    logprob: float

    @property
    def probability(self) -> float:
        return math.exp(self.logprob)


@dataclass(frozen=True)
class TokenStep:
    """One generated token: ``i`` counts from 0 within one generation. ``logprob`` and
    ``top`` are the model's distribution at this step (after the repeat penalty, before
    temperature and truncation), ``top`` sorted by probability, descending. ``forced``: the
    user chose this token (a fork)."""

    i: int
    id: int
    token: str
    logprob: float
    entropy: float
    top: tuple[Alternative, ...] = ()
    forced: bool = False

    @property
    def probability(self) -> float:
        return math.exp(self.logprob)

    def to_json(self) -> dict:
        return {"i": self.i, "token": self.token, "id": self.id, "logprob": round(self.logprob, 6),
                "entropy": round(self.entropy, 6), "forced": self.forced,
                "top": [{"token": a.token, "id": a.id, "logprob": round(a.logprob, 6)}
                        for a in self.top]}


_RUN_TO_END = object()  # the click that ends step mode (the others: a token id, or None)


class StepControl:
    """Drives a generation by hand, one token per next(): like a typewriter. Thread-safe:
    the GUI calls next()/run_to_end(); the generating thread waits in take()."""

    def __init__(self) -> None:
        self._clicks: queue.Queue = queue.Queue()
        self.running_free = False

    def next(self, token: int | None = None) -> None:
        """Choose the next token: ``token`` (an id) as given, or None to sample it."""
        self._clicks.put(token)

    def run_to_end(self) -> None:
        """Stop waiting for clicks: the rest is generated as usual."""
        self._clicks.put(_RUN_TO_END)

    def take(self, cancel: CancelToken) -> int | None:
        """Wait for the next click: a token id, or None (sample). Raises Cancelled."""
        while True:
            try:
                click = self._clicks.get(timeout=_POLL_S)
            except queue.Empty:
                cancel.raise_if_cancelled()
                continue
            if click is _RUN_TO_END:
                self.running_free = True
                return None
            return click


def log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits.astype(np.float64) - float(np.max(logits))
    return shifted - math.log(float(np.exp(shifted).sum()))


def penalise(logits: np.ndarray, recent: list[int], penalty: float) -> np.ndarray:
    """llama.cpp's repeat penalty: tokens seen recently become less likely."""
    if penalty == 1.0 or not recent:
        return logits
    out = logits.copy()
    ids = np.unique(np.asarray(recent, dtype=np.int64))
    vals = out[ids]
    out[ids] = np.where(vals > 0, vals / penalty, vals * penalty)
    return out


def choose(logprobs: np.ndarray, sampling: Sampling, rng: np.random.Generator) -> int:
    """Pick the next token from the model's log-probabilities."""
    if sampling.temperature <= 0:
        return int(np.argmax(logprobs))
    k = len(logprobs) if sampling.top_k <= 0 else min(sampling.top_k, len(logprobs))
    ids = np.argpartition(-logprobs, k - 1)[:k]
    ids = ids[np.argsort(-logprobs[ids], kind="stable")]
    probs = np.exp(logprobs[ids])
    probs /= probs.sum()
    keep = len(ids)
    if sampling.top_p < 1.0:
        keep = min(keep, int(np.searchsorted(np.cumsum(probs), sampling.top_p)) + 1)
    if sampling.min_p > 0:
        keep = min(keep, max(1, int(np.sum(probs >= sampling.min_p * probs[0]))))
    ids, lp = ids[:keep], logprobs[ids[:keep]] / sampling.temperature
    weights = np.exp(lp - lp.max())
    return int(rng.choice(ids, p=weights / weights.sum()))


def top_alternatives(logprobs: np.ndarray, k: int, token_text) -> tuple[Alternative, ...]:
    k = min(max(k, 1), MAX_TOP, len(logprobs))
    ids = np.argpartition(-logprobs, k - 1)[:k]
    ids = ids[np.argsort(-logprobs[ids], kind="stable")]
    return tuple(Alternative(int(i), token_text(int(i)), float(logprobs[i])) for i in ids
                 if np.isfinite(logprobs[i]))  # a grammar may rule tokens out


def entropy(logprobs: np.ndarray) -> float:
    """In nats: 0 when one token is certain, higher the more the model hesitates."""
    allowed = np.isfinite(logprobs)
    return float(-(np.exp(logprobs[allowed]) * logprobs[allowed]).sum())
