"""Questions answered across meetings (``minutia ask``): find the passages (words and
meaning), let the language model answer from them alone, check every sentence against the
meeting it cites, and show only what the check verifies.

- Nothing close enough to the question (MIN_RELEVANCE, measured on
  bench/library_questions by bench/library_retrieval.py): "Not found in your meetings.",
  and the model is not asked, so it cannot answer from its own knowledge.
- A sentence the check cannot verify is left out of the answer (``Answer.left_out`` keeps it
  with the reason; the CLI says how many and why).
- When no sentence of the model's is verified (a small model often copies the wrong
  passage, or none), the answer is the passage that best matches the question, quoted with
  its citation, and says so.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from engine.cancel import CancelToken
from engine.errors import InputError
from engine.library.ask_check import Checked, Citation, Given, Sentences, check, is_claim
from engine.library.ask_consent import for_ask_record
from engine.library.ask_sources import Source, budgeted, retrieve
from engine.minutes.lens import Sampling, TokenStep

log = logging.getLogger("minutia.library")

NOT_FOUND = "Not found in your meetings."
EMPTY = "Your library has no meetings yet."
ANSWERED, QUOTED, NOT_FOUND_STATUS, EMPTY_STATUS = "answered", "quoted", "not found", "empty"
# The cosine (all-MiniLM-L6-v2) between a question and the closest retrieved moment below
# which nothing is taken to answer it. Measured on the "tune" half of bench/library_questions
# (bench/library_retrieval.py): questions with an answer scored 0.433-0.926, those without
# 0.217-0.587; 0.42 (between 0.404 and 0.433) gets most of them right (20 of 22). On the
# held-out half: 16/18 answered, 3/4 refused. Checked on Whisper's transcripts of the same
# meetings too (bench/library_retrieval.py --thresholds): on both tune halves together every
# threshold from 0.366 to 0.428 is right 39 times of 44, and their midpoint is 0.421, so 0.42
# stays for both (all 44 questions: text 5/8 refused, 2/36 wrongly; Whisper 6/8, 4/36).
# docs/benchmarks.md has the figures.
MIN_RELEVANCE = 0.42
# The answer ends where a small model starts copying the prompt back.
STOP = ["\n\n", "\n[", "Question:", "Meeting passages"]
QUOTE_MOMENTS = 3
QUOTE_SOURCES = 2
_MESSAGE_OVERHEAD = 16  # chat-template tokens around each message
SYSTEM = ("You answer questions about the user's meetings, using only the meeting passages"
          " given. Answer in one or two short sentences. End each sentence with the"
          " [meeting title, mm:ss] of the passage it comes from.")


@dataclass(frozen=True)
class AskOptions:
    """``meetings``: only these (ids, as Library.resolve finds them); ``since``: only
    meetings on or after this ISO date; ``max_tokens``: of the model's answer;
    ``lens_top``: the Token Lens, alternatives kept per token of the answer (0: off);
    ``fork``: (position, token id) put there instead of the model's choice."""

    meetings: tuple[str, ...] = ()
    since: str | None = None
    max_tokens: int = 100
    sampling: Sampling = Sampling(temperature=0.0)
    min_relevance: float = MIN_RELEVANCE
    lens_top: int = 0
    fork: tuple[int, int] | None = None


@dataclass(frozen=True)
class SourcesFound:
    """The passages the model is given, closest to the question first."""

    sources: tuple[Source, ...]


@dataclass(frozen=True)
class AnswerPiece:
    """The model's text as it streams, before its check (a UI may show it as a draft);
    ``step``: the token's distribution when the Token Lens is on."""

    text: str
    step: TokenStep | None = None


@dataclass(frozen=True)
class SentenceChecked:
    """One sentence of the model's, checked: shown if ``verified``, else left out."""

    sentence: Checked


@dataclass
class Answer:
    question: str
    status: str = NOT_FOUND_STATUS  # answered, quoted, not found, empty
    sentences: list[Checked] = field(default_factory=list)  # what is shown, verified
    left_out: list[Checked] = field(default_factory=list)  # the model's unverified sentences
    sources: list[Source] = field(default_factory=list)
    relevance: float = 0.0  # of the closest passage found
    model_text: str = ""  # what the model wrote, unchecked

    @property
    def citations(self) -> list[Citation]:
        return [c for s in self.sentences for c in s.citations]

    @property
    def text(self) -> str:
        """The answer as shown: verified sentences with their citations, or a message."""
        if self.status == EMPTY_STATUS:
            return EMPTY
        if self.status == NOT_FOUND_STATUS:
            return NOT_FOUND
        body = " ".join(s.shown for s in self.sentences)
        if self.status == QUOTED:
            return ("The model's answer could not be verified against your meetings; the"
                    " passage that best matches the question:\n" + body)
        return body

    def to_json(self) -> dict:
        return {"question": self.question, "status": self.status, "answer": self.text,
                "sentences": [s.to_json() for s in self.sentences],
                "left_out": [s.to_json() for s in self.left_out],
                "sources": [s.to_json() for s in self.sources],
                "relevance": round(self.relevance, 4), "model_text": self.model_text}


@dataclass(frozen=True)
class Answered:
    answer: Answer


def ask(library, model, question: str, *, options: AskOptions = AskOptions(),
        cancel: CancelToken | None = None) -> Iterator:
    """Answer ``question`` from the meetings in ``library``, streaming events.

    Args:
        library: an open engine.library.Library, synced by the caller.
        model: a ChatModel (engine.backends.make_chat_model: local or, with consent, remote).
        question: what the user asked.
        options: which meetings, how long an answer, the relevance threshold.
        cancel: stops the model at its next token.

    Yields:
        SourcesFound, then AnswerPiece and SentenceChecked as the model writes, then
        Answered (always last; the only event when nothing is found).

    Raises:
        InputError: an empty question, an unknown ``--meeting``, a bad ``--since`` date.
        ModelError: the embedding or language model cannot load.
        Cancelled: ``cancel`` was set.
    """
    cancel = cancel or CancelToken()
    if not question.strip():
        raise InputError("The question is empty")
    answer = Answer(question)
    allowed = _allowed(library, options)
    if not library.entries():
        answer.status = EMPTY_STATUS
        yield Answered(answer)
        return
    found = retrieve(library, question, allowed=allowed)
    answer.relevance = found[0].relevance if found else 0.0
    if not found or answer.relevance < options.min_relevance:
        yield Answered(answer)
        return
    model.attach_job(on_sent=_sent, cancel=cancel)
    messages, answer.sources = prompt(question, found, model, options.max_tokens)
    yield SourcesFound(tuple(answer.sources))
    yield from _model_answer(answer, model, messages, options, cancel)
    if not any(is_claim(s.text) for s in answer.sentences):
        answer.sentences = quoted(answer.sources, question, library.embedder)
        answer.status = QUOTED
    else:
        answer.status = ANSWERED
    yield Answered(answer)


def _allowed(library, options: AskOptions):
    """The filter of ``--meeting`` and ``--since``, or None (every meeting)."""
    if not options.meetings and not options.since:
        return None
    ids = {library.resolve(m).id for m in options.meetings}
    since = None
    if options.since:
        try:
            since = dt.date.fromisoformat(options.since).isoformat()
        except ValueError as e:
            raise InputError(f"--since {options.since!r} is not a date (YYYY-MM-DD)") from e
    return lambda session_id, created: ((not ids or session_id in ids)
                                        and (since is None or created[:10] >= since))


def _sent(record: dict) -> None:
    """What went to a remote endpoint, in the log; the chat backend says "minutes" for
    every prompt it sends (as the consent question does, engine/library/ask_consent.py)."""
    log.info("ask: sent %s", for_ask_record(record))


def prompt(question: str, sources: list[Source], model, max_tokens: int
           ) -> tuple[list[dict], list[Source]]:
    """The messages for the model, with as many sources as its context holds."""
    frame = [{"role": "system", "content": SYSTEM},
             {"role": "user", "content": f"Meeting passages:\n\n\nQuestion: {question}"}]
    overhead = sum(model.count_tokens(m["content"]) + _MESSAGE_OVERHEAD for m in frame)
    kept = budgeted(sources, model.count_tokens, model.context_tokens - overhead - max_tokens)
    passages = "\n".join(line for s in kept for line in s.lines)
    frame[1]["content"] = f"Meeting passages:\n{passages}\n\nQuestion: {question}"
    return frame, kept


def _model_answer(answer: Answer, model, messages: list[dict], options: AskOptions,
                  cancel: CancelToken) -> Iterator:
    given = Given(answer.sources, answer.question)
    splitter = Sentences()

    def checked(sentences: list[str]) -> Iterator[SentenceChecked]:
        for sentence in sentences:
            result = check(sentence, given)
            if result.verified:
                answer.sentences.append(result)
            elif is_claim(result.text):
                answer.left_out.append(result)
            else:
                continue  # "Yes.", "It is not mentioned.": nothing to show or check
            yield SentenceChecked(result)

    model.reset()
    for piece, step in _generated(model, messages, options, cancel):
        answer.model_text += piece
        yield AnswerPiece(piece, step)
        yield from checked(splitter.feed(piece))
    yield from checked(splitter.finish())


def _generated(model, messages: list[dict], options: AskOptions, cancel: CancelToken
               ) -> Iterator[tuple[str, TokenStep | None]]:
    """The model's answer as (text, Token Lens step or None) pieces, as for the minutes."""
    if not (options.lens_top or options.fork):
        for piece in model.stream_chat(messages, max_tokens=options.max_tokens,
                                       sampling=options.sampling, stop=STOP, cancel=cancel):
            yield piece, None
        return
    force = dict([options.fork]) if options.fork else None
    for step in model.stream_tokens(messages, max_tokens=options.max_tokens,
                                    sampling=options.sampling, stop=STOP, cancel=cancel,
                                    top=max(1, options.lens_top), force=force):
        yield step.token, step


def quoted(sources: list[Source], question: str, embedder) -> list[Checked]:
    """The passage that best matches the question, quoted with its citations: of the spans
    in the closest QUOTE_SOURCES sources (a moment, the rest of its speaker's turn, and the
    reply when that ends in a question: QUOTE_MOMENTS at most), the closest in meaning."""
    spans = [(s.meeting, _span(s.meeting.segments, i)) for s in sources[:QUOTE_SOURCES]
             for i in s.indexes]
    texts = [" ".join(m.segments[j].text for j in span) for m, span in spans]
    vectors = embedder.embed([question, *texts])
    meeting, span = spans[int(np.argmax(vectors[1:] @ vectors[0]))]
    return [Checked(f"“{meeting.segments[j].text.strip()}”",
                    (Citation(meeting.id, meeting.title, meeting.segments[j].start),), True)
            for j in span]


def _span(segments: list, i: int) -> list[int]:
    picked = [i]
    while len(picked) < QUOTE_MOMENTS and picked[-1] + 1 < len(segments):
        j = picked[-1] + 1
        who = segments[j].speaker
        same_turn = who is not None and who == segments[picked[-1]].speaker
        asked = any(segments[k].text.strip().endswith("?") for k in picked)
        if not same_turn and not asked:
            break
        picked.append(j)
    return picked
