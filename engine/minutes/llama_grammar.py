"""A section's grammar (forms.py) over llama.cpp's grammar sampler, applied lazily.

Applying a grammar to the whole vocabulary at every token halved generation speed with the
135M model (bench/lens.py: 24 instead of 56 tokens/s). llama.cpp's own common sampler is
lazy; so is this: only the ``keep`` most likely tokens are checked (the sampler would never
look further: greedy takes the first, top-k the first k), and the whole vocabulary only
when none of them is allowed, or when sampling has no top-k cut (keep = 0).
"""

from __future__ import annotations

import ctypes

import numpy as np

from engine.errors import ModelError
from engine.minutes.lens import Sampling

LAZY_KEEP = 64


def keep_for(sampling: Sampling) -> int:
    """How many of the most likely tokens the choice can come from (0: any)."""
    if sampling.temperature <= 0:
        return LAZY_KEEP
    return 0 if sampling.top_k <= 0 else max(LAZY_KEEP, sampling.top_k)


class FormConstraint:
    def __init__(self, llm, gbnf: str, keep: int) -> None:
        import llama_cpp
        from llama_cpp._internals import LlamaTokenDataArray
        self.n_vocab = llm.n_vocab()
        self.keep = keep if 0 < keep < self.n_vocab else 0
        self.sampler = llama_cpp.llama_sampler_init_grammar(
            llama_cpp.llama_model_get_vocab(llm.model), gbnf.encode("utf-8"), b"root")
        if not self.sampler:
            raise ModelError("llama.cpp rejected the section's grammar")
        self.full = LlamaTokenDataArray(n_vocab=self.n_vocab)
        self.few = LlamaTokenDataArray(n_vocab=max(self.keep, 1))

    def _apply(self, array, ids: np.ndarray, logits: np.ndarray) -> np.ndarray:
        """The ids the grammar allows next, of ``ids``."""
        import llama_cpp
        n = len(ids)
        array.candidates_data.id[:n] = ids
        array.candidates_data.logit[:n] = logits
        array.candidates_data.p[:n] = 0.0
        array.candidates.size = n
        array.candidates.sorted = False
        llama_cpp.llama_sampler_apply(self.sampler, ctypes.byref(array.candidates))
        size = array.candidates.size
        kept = np.isfinite(array.candidates_data.logit[:size])
        return np.array(array.candidates_data.id[:size][kept])

    def allowed(self, logits: np.ndarray) -> np.ndarray:
        """Ids the grammar allows next, among the tokens the choice can come from."""
        if self.keep:
            ids = np.argpartition(-logits, self.keep - 1)[:self.keep].astype(np.intc)
            found = self._apply(self.few, ids, logits[ids])
            if found.size:
                return found
        ids = np.arange(self.n_vocab, dtype=np.intc)
        return self._apply(self.full, ids, logits)

    def constrain(self, logits: np.ndarray) -> np.ndarray:
        """``logits`` with every token the choice cannot come from at -inf."""
        out = np.full(len(logits), -np.inf)
        allowed = self.allowed(logits)
        out[allowed] = logits[allowed]
        return out

    def allows(self, token: int) -> bool:
        return self._apply(self.few, np.array([token], dtype=np.intc),
                           np.zeros(1, dtype=np.float32)).size == 1

    def accept(self, token: int) -> None:
        import llama_cpp
        llama_cpp.llama_sampler_accept(self.sampler, token)

    def __enter__(self) -> FormConstraint:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.sampler:
            import llama_cpp
            llama_cpp.llama_sampler_free(self.sampler)
            self.sampler = None


class GrammarProcessor:
    """The constraint as a llama-cpp-python logits processor (for create_chat_completion):
    it accepts the tokens generated since its last call, then masks the scores."""

    def __init__(self, constraint: FormConstraint) -> None:
        self.constraint = constraint
        self.seen: int | None = None

    def __call__(self, input_ids: np.ndarray, scores: np.ndarray) -> np.ndarray:
        if self.seen is None:
            self.seen = len(input_ids)  # the prompt
        for token in input_ids[self.seen:]:
            self.constraint.accept(int(token))
        self.seen = len(input_ids)
        return self.constraint.constrain(scores).astype(np.float32)
