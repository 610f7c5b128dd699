"""Questions too brief to stand alone in the minutes, and questions told, not asked.

A question that names nothing ("Do we want that?", "Why only there?", "Should it be us?")
says nothing in a list of open questions: in_context() gives it what its asker said around
it in the same turn ("... (The taproom's been asked about a collaboration with the cider
makers.)"), or else the sentence just before it. reported() finds a question someone asked
and the meeting is told about ("The parents keep asking whether ...", "She asked why ...").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from engine.minutes.extract_choices import verbless
from engine.minutes.extract_cues import commitment
from engine.minutes.extract_decision_cues import said_as_decision
from engine.minutes.extract_requests import request
from engine.minutes.extract_talk import agrees, filler, procedural
from engine.minutes.extract_types import Said
from engine.minutes.words import content_words

THIN_WORDS = 1  # a question with at most this many content words names nothing
EXCHANGE_BACK = 4  # sentences before an item that may say what its exchange was about
TALK_BACK = 6  # sentences before a decision or task that names little that may say what it is about
# only options, with no question word: "Brown or grey?", "Domains, licences, the payroll system?"
_OPTIONS = re.compile(r"(?!.*\b(?:who|what|when|where|why|how|which|whose)\b)[^?]*(?:,|\bor\b)[^?]*\?",
                      re.IGNORECASE)
CONTEXT_BACK = 2  # sentences of the asker's turn before the question that may hold its topic


def thin(text: str) -> bool:
    """A question that names nothing it asks about: "Do we want that?", "Why only there?";
    or only the things it asks between, with no verb ("Brown or grey?", "Domains, licences,
    the payroll system?")."""
    return len(content_words(text)) <= THIN_WORDS or (
        bool(_OPTIONS.fullmatch(text.strip())) and verbless(text))


def same_turn(a: Said, b: Said) -> bool:
    """Said by one speaker (without speakers: in one segment)."""
    if a.speaker is None or b.speaker is None:
        return a.start == b.start  # one segment
    return a.speaker == b.speaker


def names_something(s: Said) -> bool:
    """A statement that names something: not a question, not "Nice one.", two content
    words, and no task of its own ("I'll send you the photo." is an action, not a topic)."""
    return not s.question and not filler(s.text) and len(content_words(s.text)) >= 2 \
        and commitment(s.text) is None and request(s.text, set()) is None


def in_context(said: Sequence[Said], run: Sequence[Said]) -> str:
    """The question of ``run`` (one asker's questions in a row) as the minutes give it: as
    said when it names what it asks about; else with the asker's own words around it in the
    same turn, or the sentence before it ("Why is that still not here? I paid in August.
    (We ordered the new software in the summer.)")."""
    text = " ".join(q.text for q in run)
    if not thin(text):
        return text
    first, last = run[0], run[-1]
    nxt = said[last.i + 1] if last.i + 1 < len(said) else None
    if nxt is not None and same_turn(nxt, last) and (
            names_something(nxt) or (nxt.question and not thin(nxt.text) and verbless(text))):
        text = f"{text} {nxt.text}"  # "Why is that still not here? I paid in August.", "The
        # house? Like, does it get sold, or..."
    before = context_before(said, first) or said_most(said, first.i, text)
    return f"{text} ({before})" if before else text


def context_before(said: Sequence[Said], first: Said) -> str | None:
    """What was said just before ``first`` that names something: its speaker's own words in
    the same turn (two sentences at most, a topic asked "And the archive boxes?" among them),
    else the sentence before it; None if neither."""
    before = []
    for s in reversed(said[max(0, first.i - CONTEXT_BACK):first.i]):
        if not same_turn(s, first):
            break
        if names_something(s) or _names_topic(s):
            before.insert(0, s.text)
    if not before and first.i > 0 and names_something(said[first.i - 1]):
        before = [said[first.i - 1].text]
    return " ".join(before) or None


def said_most(said: Sequence[Said], i: int, text: str, back: int = EXCHANGE_BACK,
              count: int = 1, decided: bool = True) -> str | None:
    """Of the few (``back``) sentences before sentence ``i``, the one (or ``count``, in the
    order said) that says most ``text`` (an item of it) does not ("We bake more." after "The
    sourdough sold out by ten every day last week."): what the exchange was about, when
    nothing else tells; None if none says two things more. ``decided``: whether a decision
    may be that sentence."""
    mine = content_words(text)
    recent = [p for p in said[max(0, i - back):i]
              if not (procedural(p.text) or filler(p.text) or agrees(p.text)
                      or commitment(p.text) is not None  # a task is no topic
                      or (not decided and said_as_decision(p.text)))]
    ranked = sorted(recent, key=lambda p: -len(content_words(p.text) - mine))[:count]
    best = sorted((p for p in ranked if len(content_words(p.text) - mine) >= 2), key=lambda p: p.i)
    return " ".join(p.text.strip() for p in best) or None


def _names_topic(s: Said) -> bool:
    """A question or an opening that only names what comes next: "And the archive boxes?",
    "Canoes, though?", "And her drive." (before "Are we paying for it?")."""
    return (s.question or bool(_OPENS_TOPIC.match(s.text.strip()))) and verbless(s.text) \
        and bool(content_words(s.text))


_OPENS_TOPIC = re.compile(r"(?:(?:oh|um|right|okay|so)[,.]?\s+)*(?:and|now|what\s+about|as\s+for)\b",
                          re.IGNORECASE)


_REPORTED = re.compile(
    r"\b(?:(?:keeps?|kept)\s+asking|asked(?:\s+(?:us|me|again|twice))?|asks|(?:wants?|wanted)\s+to\s+know|"
    r"(?:is|are|was|were)\s+(?:\w+ing\s+)?(?:asking|wondering))\s+(?:(?:us|me)\s+)?"
    r"(?P<wh>whether|if|why|how|what|when|who|where|which|about)\s+\w+", re.IGNORECASE)


def reported(sentence: str) -> bool:
    """A question someone asked, told to the meeting: "The parents keep asking whether the
    trip runs again", "The examiner asked why the marks dropped" (not "I asked her to ...")."""
    return bool(_REPORTED.search(sentence))


def talk_before(said: Sequence[Said], i: int, text: str, decided: bool = True) -> str | None:
    """What a decision or task that names little (``text``, said in sentence ``i``) is about:
    the two sentences of the talk before it that say most, in the order said (for a decision,
    ``decided=False``: not another decision)."""
    return said_most(said, i, text, back=TALK_BACK, count=2, decided=decided)
