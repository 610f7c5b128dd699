"""The evidence check of an answer across meetings: each sentence the model writes must be
said at the moment it cites, ``[meeting title, mm:ss]``, in that meeting's transcript —
the same check as the minutes' (engine.minutes.grounding), run against the cited meeting.

A sentence without a citation is checked against each source meeting in turn and given the
citation of the first that supports it. Two more conditions than the minutes' check, as the
model answers from a few passages and not a whole meeting: the supporting moment must be
one of the passages it was given (or right next to one), the sentence must share a word
with the question, must not rest on questions alone ("Yes, we support Azure." checked
against "Do you support Azure?"), and must not be a line of the passages copied ("Robert:
..."): the model reciting its prompt is no answer. A sentence that fails is not shown
as fact (``ask`` leaves it out and says so).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from engine.library.ask_sources import Meeting, Source
from engine.minutes.grounding import Verdict, content_words
from engine.transcript_io import mmss

# "[Title, 01:05]", "[Title 01:05]", "[01:05]", "[Title, 1:02:03]"
_CITE = re.compile(r"\[([^\[\]]*?)[,\s]*\b((?:\d+:)?\d{1,3}:\d{2})\s*\]")
_NOT_FOUND = re.compile(r"\bnot (?:found|mentioned|stated|in (?:the|your) (?:passages|meetings))\b"
                        r"|\bno (?:information|mention)\b|\bdo(?:es)? not (?:say|mention)\b",
                        re.IGNORECASE)


@dataclass(frozen=True)
class Citation:
    session_id: str
    title: str
    start: float  # the cited moment's segment start, in seconds

    @property
    def label(self) -> str:
        return f"[{self.title}, {mmss(self.start)}]"

    def to_json(self) -> dict:
        return {"session": self.session_id, "title": self.title, "start": self.start}


@dataclass(frozen=True)
class Checked:
    """One sentence of an answer, without its citations, and what the check found."""

    text: str
    citations: tuple[Citation, ...]
    verified: bool
    reason: str = ""  # why it is not verified

    @property
    def shown(self) -> str:
        return " ".join([self.text, *(c.label for c in self.citations)])

    def to_json(self) -> dict:
        return {"text": self.text, "citations": [c.to_json() for c in self.citations],
                "verified": self.verified, "reason": self.reason}


def _seconds(stamp: str) -> int:
    parts = [int(p) for p in stamp.split(":")]
    return sum(p * 60 ** k for k, p in enumerate(reversed(parts)))


def cited(sentence: str) -> list[tuple[str, int]]:
    """The (title, seconds) a sentence cites; the title is "" when only a time is given."""
    return [(title.strip(" ,;:-"), _seconds(stamp)) for title, stamp in _CITE.findall(sentence)]


def without_citations(sentence: str) -> str:
    text = " ".join(_CITE.sub(" ", sentence).split())
    return re.sub(r"\s+([.,;:!?])", r"\1", text)  # "March [..., 01:05]." -> "March."


def is_claim(text: str) -> bool:
    """Whether a sentence says something to check (not "Yes.", "It is not mentioned." nor
    "The answer is:")."""
    return (len(content_words(text)) >= 2 and not _NOT_FOUND.search(text)
            and not text.rstrip().endswith(":") and not _PROMPT.match(text))


_COPIED = re.compile(r"[A-Z][\w'-]*(?: \d+)?: \S")
_PROMPT = re.compile(r"\s*(?:meeting passages|question)\s*:", re.IGNORECASE)


class Given:
    """The meetings and moments the model was given, for checking its sentences."""

    def __init__(self, sources: Sequence[Source], question: str) -> None:
        self.meetings = list({s.meeting.id: s.meeting for s in sources}.values())
        self.moments: dict[str, set[int]] = {}
        for s in sources:
            near = {j for i in s.indexes for j in (i - 1, i, i + 1)}
            self.moments.setdefault(s.meeting.id, set()).update(near)
        self.question_words = content_words(question)

    def reason(self, text: str, meeting: Meeting, verdict: Verdict) -> str:
        """Why a sentence the transcript supports is still no answer, or ""."""
        if not set(verdict.cited) & self.moments.get(meeting.id, set()):
            return f"it is said at {meeting.evidence.times(verdict.cited)}, not in the passages" \
                   " the model was given"
        if not content_words(text) & self.question_words:
            return "it does not answer the question (none of its words)"
        if all(meeting.segments[i].text.rstrip().endswith("?") for i in verdict.cited):
            return f"what is said at {meeting.evidence.times(verdict.cited)} is a question, not" \
                   " an answer"
        return ""


def _by_title(title: str, meetings: Sequence[Meeting]) -> list[Meeting]:
    """The meetings a cited title may mean: the same title, else those sharing its words;
    every meeting when the title says nothing."""
    key = title.casefold()
    same = [m for m in meetings if m.title.casefold() == key]
    if same:
        return same
    words = set(re.findall(r"\w+", key))
    close = [m for m in meetings if words and words <= set(re.findall(r"\w+", m.title.casefold()))]
    return close or list(meetings)


def check(sentence: str, given: Given) -> Checked:
    """Check one sentence of an answer against the meetings it may come from.

    Args:
        sentence: the model's sentence, with its citations if it wrote any.
        given: the passages the model answered from (their meetings closest first).

    Returns:
        The sentence without its citations, the moments that support it (its own
        citations when they do), and whether it is verified (with the reason when not).
    """
    text = without_citations(sentence)
    if _COPIED.match(text):  # the passages' own layout: the model reciting them
        return Checked(text, (), False, "it copies a line of the passages (“Name: …”) instead"
                                        " of answering")
    meetings = given.meetings
    attempts: list[tuple[Meeting, Verdict]] = []
    for title, at in cited(sentence):
        for meeting in _by_title(title, meetings):
            attempts.append((meeting, meeting.evidence.ground(f"{text} [{mmss(at)}]")))
    if not attempts:  # uncited: the first meeting whose transcript says it
        attempts = [(m, m.evidence.ground(text)) for m in meetings]
    for k, (meeting, verdict) in enumerate(attempts):
        if verdict.verified:
            why = given.reason(text, meeting, verdict)
            if not why:
                return Checked(text, _citations(meeting, verdict), True)
            attempts[k] = (meeting, Verdict(verdict.cited, why))
    if not attempts:
        return Checked(text, (), False, "no meeting to check it against")
    meeting, verdict = attempts[0]
    return Checked(text, _citations(meeting, verdict), False, verdict.reason)


def _citations(meeting: Meeting, verdict: Verdict) -> tuple[Citation, ...]:
    return tuple(Citation(meeting.id, meeting.title, meeting.segments[i].start)
                 for i in verdict.cited)


class Sentences:
    """Streamed text in, whole sentences out (a sentence ends at . ! ? followed by a space
    or a new line, or at a new line; a citation right after the full stop stays with it)."""

    def __init__(self) -> None:
        self.text = ""

    def feed(self, piece: str) -> list[str]:
        self.text += piece
        done = []
        while True:
            m = re.search(r"(?<=[.!?])(?:\s*\[[^\[\]\n]*\])*[ \t]+(?=[^\s\[])|\n+", self.text)
            if not m:
                return done
            head, self.text = self.text[:m.end()].strip(), self.text[m.end():]
            if head:
                done.append(head)

    def finish(self) -> list[str]:
        rest, self.text = self.text.strip(), ""
        return [rest] if rest else []
