"""The embedded language model's reading of a meeting, for the spotter (extract_learned.py).

SmolLM2-135M (the embedded minutes model, on llama.cpp), cut to its first blocks
(reading_model.py), reads the transcript once, as "Name: words" lines, the way it would read
it before writing. Each sentence is then the state after those blocks at its last word
piece, the mean of its pieces' states, and the states at the ends of the sentence before it
and of the two after it: by then the model has read how the room took it ("Agreed.", a task,
a change of subject). Small networks of one layer (LmChances), trained by
`bench/extraction_lm.py` on the labelled meetings, turn those into the chance that the
sentence says a decision / an open question / an action item; the spotter blends the first
two with its own. The model is not asked anything and writes nothing: its states are read.

A long meeting is read in windows of ``WINDOW`` word pieces, each starting with about
``CONTEXT`` pieces of what came before, so that a sentence is read with the same amount of
talk before it as in the labelled meetings (a few hundred pieces).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from engine.cancel import CancelToken
from engine.minutes.extract_attention import flagged, shifted, sigmoid
from engine.minutes.extract_types import Said
from engine.minutes.reading_model import DEPTH, reading_model

WINDOW = 2048  # word pieces read at once
CONTEXT = 512  # word pieces of earlier talk a window starts with
UNNAMED = "Speaker"


def rendered(said: Sequence[Said], names: Mapping[int, str]) -> list[tuple[str, str]]:
    """Per sentence, the text put before it ("Name: " when the speaker changes, else a space)
    and its words."""
    out, previous = [], object()
    for k, s in enumerate(said):
        if s.speaker == previous:
            head = " "
        else:
            name = names.get(s.speaker) or (UNNAMED if s.speaker is None
                                            else f"{UNNAMED} {s.speaker + 1}")
            head = ("\n" if k else "") + f"{name}: "
        out.append((head, s.text.strip()))
        previous = s.speaker
    return out


def features(said: Sequence[Said], ends: np.ndarray, means: np.ndarray) -> np.ndarray:
    """One row per sentence: the state at its end, its mean state, the ends of the next two
    sentences and of the one before, and the three flags (it asks; speaker changes)."""
    return np.hstack([ends, means, shifted(ends, -1), shifted(ends, -2), shifted(ends, 1),
                      flagged(said)]).astype(np.float32)


class LmReader:
    """The embedded model loaded for reading (embeddings, no sampling); one per process."""

    def __init__(self, llm, depth: int) -> None:
        self.llm = llm
        self.depth = depth  # the blocks read through (reading_model.py)
        self.width = llm.n_embd()
        self._lock = threading.Lock()

    @classmethod
    def load(cls, threads: int = 2, depth: int = DEPTH) -> LmReader:
        """The embedded model's first ``depth`` blocks.

        Raises:
            ModelError: the embedded model is missing, its cut copy cannot be written, or it
                will not load.
        """
        from engine.models import default_llm_model
        return cls.opened(reading_model(default_llm_model(), depth), depth, threads)

    @classmethod
    def opened(cls, path: Path, depth: int, threads: int = 2) -> LmReader:
        """The GGUF model at ``path``, of ``depth`` blocks, loaded for reading.

        Raises:
            ModelError: it will not load.
        """
        import llama_cpp

        from engine.errors import ModelError
        from engine.minutes.local_llama import quietly, route_native_logs
        route_native_logs()
        try:
            llm = quietly(llama_cpp.Llama, model_path=str(path), embedding=True,
                          n_ctx=WINDOW, n_batch=WINDOW, n_ubatch=WINDOW, n_threads=threads,
                          n_threads_batch=threads, n_gpu_layers=-1, verbose=True,
                          pooling_type=llama_cpp.LLAMA_POOLING_TYPE_NONE)
        except (ValueError, RuntimeError, OSError) as e:
            raise ModelError(f"The embedded language model did not load for reading: {e}") from e
        llm.verbose = False
        return cls(llm, depth)

    def _pieces(self, text: str) -> list[int]:
        return self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)

    def _states(self, tokens: list[int]) -> np.ndarray:
        import llama_cpp
        llm = self.llm
        llm._batch.reset()
        llm._ctx.kv_cache_clear()
        llm._batch.add_sequence(tokens, 0, True)
        llm._ctx.decode(llm._batch)
        pointer = llama_cpp.llama_get_embeddings(llm._ctx.ctx)
        flat = np.ctypeslib.as_array(pointer, shape=(len(tokens) * self.width,))
        return flat.reshape(len(tokens), self.width).copy()

    def states(self, said: Sequence[Said], names: Mapping[int, str],
               cancel: CancelToken | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(sentences, width) twice: the state at each sentence's last piece, and the mean of
        its pieces' states.

        Raises:
            Cancelled: ``cancel`` was set (checked before each window).
        """
        n = len(said)
        ends = np.zeros((n, self.width), np.float32)
        means = np.zeros_like(ends)
        with self._lock:
            pieces = [(self._pieces(head), self._pieces(text) or self._pieces("."))
                      for head, text in rendered(said, names)]
            sizes = [len(head) + len(body) for head, body in pieces]
            bos = [self.llm.token_bos()] if self.llm.token_bos() >= 0 else []
            first = 0
            while first < n:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                back, context = first, 0  # earlier sentences read again before this window
                while back > 0 and context + sizes[back - 1] <= CONTEXT:
                    back -= 1
                    context += sizes[back]
                tokens, spans, last = list(bos), {}, first
                for k in range(back, n):
                    head, body = pieces[k]
                    if k > first and len(tokens) + sizes[k] > WINDOW:
                        break
                    tokens += head
                    spans[k] = (len(tokens), len(tokens) + len(body))
                    tokens += body
                    last = k
                tokens = tokens[:WINDOW]
                h = self._states(tokens)
                for k in range(first, last + 1):
                    a, b = spans[k]
                    a, b = min(a, len(tokens) - 1), min(max(b, a + 1), len(tokens))
                    ends[k], means[k] = h[b - 1], h[a:b].mean(axis=0)
                first = last + 1
        return ends, means


class LmChances:
    """Per kind, the chance from the reader's features standardised by ``mean`` and ``scale``:
    with ``hidden`` (features, units) and ``hidden_bias``, through one layer of rectified
    units first (a small network, which can weigh states together where a regression weighs
    each apart), then ``weights`` (kinds, inputs) and ``bias``."""

    def __init__(self, reader: LmReader | None, weights: np.ndarray, bias: np.ndarray,
                 mean: np.ndarray, scale: np.ndarray, hidden: np.ndarray | None = None,
                 hidden_bias: np.ndarray | None = None) -> None:
        self.reader = reader
        self.weights = np.asarray(weights, np.float32)
        self.bias = np.asarray(bias, np.float32)
        self.mean = np.asarray(mean, np.float32)
        self.scale = np.asarray(scale, np.float32)
        self.hidden = None if hidden is None else np.asarray(hidden, np.float32)
        self.hidden_bias = None if hidden_bias is None else np.asarray(hidden_bias, np.float32)

    def of(self, x: np.ndarray) -> np.ndarray:
        """(rows, kinds): the chances of feature rows ``x`` (as ``features`` gives them)."""
        z = (x - self.mean) / self.scale
        if self.hidden is not None:
            z = np.maximum(z @ self.hidden + self.hidden_bias, 0.0)
        return sigmoid(z @ self.weights.T + self.bias)

    def chances(self, said: Sequence[Said], names: Mapping[int, str],
                cancel: CancelToken | None = None) -> np.ndarray:
        """(sentences, kinds)."""
        ends, means = self.reader.states(said, names, cancel)
        return self.of(features(said, ends, means))
