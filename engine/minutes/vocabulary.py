"""A GGUF model's tokenizer on its own: llama.cpp loads only the vocabulary (no weights,
~0.2 s for the embedded model), so text can be shown as tokens and counted at any time,
even while the full model is busy writing minutes."""

from __future__ import annotations

import threading

from engine.config import EngineConfig
from engine.errors import ModelError
from engine.events import MinutesPlanned
from engine.minutes.prompts import load_template
from engine.minutes.writer import fit
from engine.models import ModelRef
from engine.remote.remote_chat import estimate_tokens
from engine.types import Transcript


class Vocabulary:
    def __init__(self, model: ModelRef) -> None:
        self.model = model
        self._llm = None
        self._lock = threading.Lock()

    def load(self) -> None:
        with self._lock:
            if self._llm is not None:
                return
            from llama_cpp import Llama

            from engine.minutes.local_llama import quietly, route_native_logs
            route_native_logs()
            try:
                self._llm = quietly(Llama, model_path=str(self.model.path), vocab_only=True,
                                    verbose=True)
            except (ValueError, RuntimeError, OSError) as e:
                raise ModelError(f"The tokenizer of {self.model.path} did not load: {e}") from e
            self._llm.verbose = False

    def tokens(self, text: str) -> list[tuple[int, str]]:
        """``text`` as this model's tokens: (id, the text of that token). A character split
        across tokens shows as U+FFFD in each part; the ids still decode to ``text``."""
        self.load()
        with self._lock:
            ids = self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)
            return [(i, self._llm.detokenize([i], special=True).decode("utf-8", "replace"))
                    for i in ids]

    def count_tokens(self, text: str) -> int:
        self.load()
        with self._lock:
            return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def detokenize(self, ids: list[int]) -> str:
        self.load()
        with self._lock:
            return self._llm.detokenize(ids).decode("utf-8", "replace")

    @property
    def trained_context(self) -> int:
        """The context the model was trained with (0 if its file does not say)."""
        from engine.minutes.local_llama import trained_context
        self.load()
        return trained_context(self._llm.metadata)


def planned_minutes(transcript: Transcript, vocabulary: Vocabulary, config: EngineConfig
                    ) -> MinutesPlanned | None:
    """How the minutes of ``transcript`` will fit the model, before the model is loaded:
    the same count and plan the writer makes (None when no section is model-written).
    Minutes on a remote endpoint are planned as its backend plans them: estimated tokens
    against the remote context."""
    language = config.minutes_language or transcript.language
    if config.minutes_backend == "openai":
        return fit(transcript, estimate_tokens, config.remote_context,
                   load_template(config.template), language).planned
    trained = vocabulary.trained_context
    context = min(config.context, trained) if trained else config.context
    return fit(transcript, vocabulary.count_tokens, context, load_template(config.template),
               language).planned
