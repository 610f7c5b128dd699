"""Minutes from a local GGUF model with llama-cpp-python (CUDA when offloaded, else CPU)."""

from __future__ import annotations

import codecs
import contextlib
import ctypes
import io
import logging
import threading
from collections.abc import Iterator

import numpy as np

from engine.cancel import CancelToken
from engine.config import EngineConfig
from engine.errors import MinutiaError, ModelError
from engine.events import TokenOffer
from engine.logging_setup import NATIVE_LOGGER, native_log_level
from engine.minutes import lens
from engine.minutes.llama_grammar import FormConstraint, GrammarProcessor, keep_for
from engine.models import ModelRef

log = logging.getLogger("minutia.llama")
native_log = logging.getLogger(NATIVE_LOGGER)  # llama.cpp's own lines
DEFAULT_CONTEXT = EngineConfig.context  # one default, in engine/config.py
CLOSE_WAIT_S = 0.25  # then a generation still running releases the model itself
# ggml's levels as the llama.cpp vendored by llama-cpp-python 0.3.36 numbers them (ggml.h):
# NONE 0 (plain output), DEBUG 1, INFO 2, WARN 3, ERROR 4, CONT 5 (continues the line before).
# llama-cpp-python's own _logger.py still has an older order (INFO 1, WARN 2, ...): copied
# here, it logged every INFO line as a WARNING, ~1 MB of log in 20 jobs.
_LEVELS = {0: logging.INFO, 1: logging.DEBUG, 2: logging.INFO, 3: logging.WARNING,
           4: logging.ERROR}
_CONT = 5
_log_callback = None
_last_level = logging.INFO


def _native_line(level: int, text: bytes) -> None:
    """One piece of llama.cpp output: logged if at or above native_log_level() (warnings,
    unless MINUTIA_LLAMA_LOG asks for more); a continuation keeps its line's level."""
    global _last_level
    if level != _CONT:
        _last_level = _LEVELS.get(level, logging.DEBUG)
    if _last_level < native_log_level() or not native_log.isEnabledFor(_last_level):
        return
    message = text.decode("utf-8", "replace").rstrip()
    if message:
        native_log.log(_last_level, message)


def route_native_logs() -> None:
    """Send llama.cpp's own log lines to our log file instead of the terminal (its warnings
    and errors; everything with MINUTIA_LLAMA_LOG=debug).

    ``Llama(verbose=False)`` would instead swap file descriptors 1 and 2 process-wide,
    which breaks windowed frozen apps where sys.stdout is None.
    """
    global _log_callback
    if _log_callback is not None:
        return
    import llama_cpp

    @llama_cpp.llama_log_callback
    def callback(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        _native_line(level, text)

    _log_callback = callback  # keep a reference: the C side holds only a pointer
    llama_cpp.llama_log_set(callback, ctypes.c_void_p(0))


def quietly(factory, **kwargs):
    """Construct the model with its Python-side prints (metadata, chat template) sent to
    the log: they would otherwise land in the terminal between our progress lines."""
    captured = io.StringIO()
    try:
        with contextlib.redirect_stderr(captured), contextlib.redirect_stdout(captured):
            return factory(**kwargs)
    finally:
        if captured.getvalue():
            log.debug("llama-cpp-python: %s", captured.getvalue().strip())


def trained_context(metadata: dict) -> int:
    """The context length the model was trained with (GGUF metadata), 0 if not stated."""
    arch = metadata.get("general.architecture", "")
    return int(metadata.get(f"{arch}.context_length", 0))


def _constraint(llm, grammar: str | None, sampling: lens.Sampling):
    """A context manager giving the FormConstraint for ``grammar``, or None without one."""
    return FormConstraint(llm, grammar, keep_for(sampling)) if grammar else contextlib.nullcontext()


class LocalLlama:
    """A GGUF chat model behind the ChatModel protocol; loads lazily, once."""

    name = "llama-cpp"

    def __init__(self, model: ModelRef, *, context: int = DEFAULT_CONTEXT, threads: int = 2,
                 gpu_layers: int = 0) -> None:
        self.model = model
        self.requested_context = context
        self.threads = threads
        self.gpu_layers = gpu_layers
        self._llm = None
        self.peak_tokens = 0  # the most context one call asked for: prompt + max_tokens
        # One generation at a time: a cancelled job's helper thread may still be finishing
        # a prompt evaluation when the next job starts. A plain Lock, not an RLock: a stream
        # may start on a helper thread and end on the caller's.
        self._lock = threading.Lock()
        self._close_pending = False  # close() came while a generation held the model

    @contextlib.contextmanager
    def _held(self):
        """The model, for one call or one generation; released at the end if close() came
        meanwhile (a cancelled job's helper thread ends its prompt evaluation after a quit)."""
        self._lock.acquire()
        try:
            yield
        finally:
            self._lock.release()
            if self._close_pending:
                self._release_if_free()

    def _release_if_free(self) -> bool:
        if not self._lock.acquire(blocking=False):
            return False
        try:
            if self._close_pending and self._llm is not None:
                self._llm.close()
                self._llm = None
                log.info("language model released")
            self._close_pending = False
            return True
        finally:
            self._lock.release()

    def load_kwargs(self, context: int) -> dict:
        # llama-cpp uses half the cores for generation by default; use all we were given.
        return {"model_path": str(self.model.path), "n_ctx": context, "n_threads": self.threads,
                "n_threads_batch": self.threads, "n_gpu_layers": self.gpu_layers, "seed": 0,
                "verbose": True}

    def load(self) -> None:
        with self._held():
            self._close_pending = False  # wanted again: a close that waited is void
            if self._llm is not None:
                return
            from llama_cpp import Llama
            route_native_logs()
            try:
                llm = quietly(Llama, **self.load_kwargs(self.requested_context))
                trained = trained_context(llm.metadata) or llm.n_ctx()
                if trained < llm.n_ctx():  # never ask for more context than the model learned
                    llm.close()
                    llm = quietly(Llama, **self.load_kwargs(trained))
            except (ValueError, RuntimeError, OSError) as e:
                raise ModelError(f"The language model {self.model.path} did not load: {e}."
                                 " Is it a complete GGUF file this llama-cpp-python supports?") from e
            llm.verbose = False  # native logs are routed already; silence Python-side prints
            self._llm = llm

    def attach_job(self, *, on_sent, cancel) -> None:
        """Nothing leaves this machine: nothing to note, and each call checks its own cancel."""

    @property
    def context_tokens(self) -> int:
        self.load()
        return self._llm.n_ctx()

    def count_tokens(self, text: str) -> int:
        self.load()
        with self._held():
            return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def reset(self) -> None:
        self.load()
        with self._held():
            self._llm.reset()

    def stream_chat(self, messages: list[dict], *, max_tokens: int, sampling: lens.Sampling,
                    stop: list[str], cancel: CancelToken, grammar: str | None = None
                    ) -> Iterator[str]:
        """``grammar``: GBNF the answer must follow (constrained decoding, applied lazily:
        llama_grammar.py)."""
        from llama_cpp import LogitsProcessorList
        self.load()
        with self._held(), _constraint(self._llm, grammar, sampling) as c:
            self._claim(len(self._chat_prompt(messages)), max_tokens)
            # The stream is lazy, one token per item: the caller stops generation at the next
            # token by closing this generator (create_chat_completion takes no stopping_criteria).
            stream = self._llm.create_chat_completion(
                messages, stream=True, max_tokens=max_tokens, stop=stop,
                logits_processor=LogitsProcessorList([GrammarProcessor(c)]) if c else None,
                **sampling.llama_kwargs())
            try:
                for chunk in stream:
                    cancel.raise_if_cancelled()
                    text = chunk["choices"][0]["delta"].get("content")
                    if text:
                        yield text
            finally:
                stream.close()

    def _piece(self, token: int) -> str:
        return self._llm.detokenize([token], special=True).decode("utf-8", "replace")

    def _claim(self, prompt_tokens: int, max_tokens: int) -> None:
        """Record what one call needs of the context; the writer plans so it always fits."""
        self.peak_tokens = max(self.peak_tokens, prompt_tokens + max_tokens)
        if prompt_tokens + max_tokens > self._llm.n_ctx():
            log.warning("a call needs %d + %d tokens, more than the %d-token context",
                        prompt_tokens, max_tokens, self._llm.n_ctx())

    def _chat_prompt(self, messages: list[dict]) -> list[int]:
        """The prompt tokens create_chat_completion would use (the GGUF's chat template)."""
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter
        llm = self._llm
        formatter = Jinja2ChatFormatter(
            template=llm.metadata["tokenizer.chat_template"],
            eos_token=self._piece(llm.token_eos()), bos_token=self._piece(llm.token_bos()),
            stop_token_ids=[llm.token_eos()])
        result = formatter(messages=messages)
        return llm.tokenize(result.prompt.encode("utf-8"), add_bos=not result.added_special,
                            special=True)

    def stream_tokens(self, messages: list[dict], *, max_tokens: int, sampling: lens.Sampling,
                      stop: list[str], cancel: CancelToken, top: int = 5,
                      force: dict[int, int] | None = None,
                      control: lens.StepControl | None = None, grammar: str | None = None
                      ) -> Iterator[lens.TokenStep | TokenOffer]:
        """Generate like stream_chat, one TokenStep per token with the distribution it came
        from (the Token Lens). ``force``: {position: token id} to put there instead of
        sampling (a fork); the steps before it are unchanged for the same sampling.
        ``control`` (step mode): before each choice, yield a TokenOffer and wait for the
        click that chooses. ``grammar``: GBNF as in stream_chat, applied where llama.cpp
        applies it (after the repeat penalty, before the choice); the steps show the model's
        probabilities, leaving out the tokens the grammar forbade at that point."""
        import llama_cpp
        self.load()
        force = dict(force or {})
        with self._held(), _constraint(self._llm, grammar, sampling) as c:
            llm = self._llm
            prompt = self._chat_prompt(messages)
            self._claim(len(prompt), max_tokens)
            llm.reset()
            llm.eval(prompt)  # the slow part: the whole prompt at once
            rng = np.random.default_rng(sampling.seed)
            # A character split across tokens comes out with the token that completes it.
            decoder = codecs.getincrementaldecoder("utf-8")("replace")
            n_vocab = llm.n_vocab()
            vocab = llama_cpp.llama_model_get_vocab(llm.model)
            generated: list[int] = []
            text = ""
            for i in range(max_tokens):
                cancel.raise_if_cancelled()
                logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(llm.ctx, -1),
                                               shape=(n_vocab,))
                logits = lens.penalise(logits, generated[-sampling.repeat_last_n:],
                                       sampling.repeat_penalty)
                # What the Lens shows: the model's probabilities (after the repeat penalty);
                # what the choice comes from: those the section's grammar allows here.
                logprobs = lens.log_softmax(logits)
                choosable = logprobs if c is None else lens.log_softmax(c.constrain(logits))
                shown = logprobs if c is None else np.where(np.isfinite(choosable), logprobs, -np.inf)
                alternatives = lens.top_alternatives(shown, top, self._piece) if top else ()
                if control is not None and not control.running_free and i not in force:
                    yield TokenOffer(i, lens.entropy(logprobs),
                                     alternatives or lens.top_alternatives(
                                         shown, lens.MAX_TOP, self._piece))
                    picked = control.take(cancel)
                    if picked is not None:
                        force[i] = picked
                token = force[i] if i in force else lens.choose(choosable, sampling, rng)
                if c is not None and i in force and not c.allows(token):
                    raise MinutiaError(f"Token {token} cannot go at position {i}: the section's"
                                       " form does not allow it there")
                if llama_cpp.llama_vocab_is_eog(vocab, token):
                    return
                if c is not None:
                    c.accept(token)
                piece = decoder.decode(llm.detokenize([token], prev_tokens=prompt + generated))
                generated.append(token)
                text += piece
                cut = min((text.find(s) for s in stop if s in text), default=-1)
                if cut >= 0:  # a stop string: end before it, like create_completion
                    piece = piece[:max(0, len(piece) - (len(text) - cut))]
                yield lens.TokenStep(i, token, piece, float(logprobs[token]),
                                     lens.entropy(logprobs), alternatives, forced=i in force)
                if cut >= 0:
                    return
                llm.eval([token])

    def describe(self) -> dict:
        return {"backend": self.name, "model": self.model.name, "path": str(self.model.path),
                "sha256": self.model.sha256, "context": self._llm.n_ctx() if self._llm else None,
                "threads": self.threads, "gpu_layers": self.gpu_layers}

    def close(self, timeout: float = CLOSE_WAIT_S) -> bool:
        """Release the model (``Llama.close()``), waiting at most ``timeout`` s for a
        generation that holds it; never blocks longer. A generation still running then (a
        cancelled job's helper thread inside one long prompt evaluation, which cannot be
        interrupted) releases the model itself as it ends.

        Returns:
            True if the model is released now, False if the running generation will.
        """
        self._close_pending = True  # before waiting: a generation ending now sees it
        if self._lock.acquire(timeout=max(0.0, timeout)):
            self._lock.release()
            if self._release_if_free():
                return True
        log.info("language model busy in a native call: released when that call ends")
        return self._llm is None
