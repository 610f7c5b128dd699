"""A Summary the user can trust: the model's draft when it holds up, else one composed from
what the check verified.

A small model's Summary is often mostly unsupported (SmolLM2-135M at temperature 0 on a
76 s meeting: an imitation of the transcript with invented times, "the Falcon 9 rocket",
"$65,000", six of seven sentences unverified, the last cut off). Marking each sentence is
not enough: a Summary that is mostly ⚠ must not reach the user. So the writer's Summary
guard (summary_guard.py)

- ends the draft at its last full sentence when its last one is unfinished (``whole``: a
  sentence cut off by the token limit says nothing whole), and
- checks the draft's sentences (engine/minutes/grounding.py); when more than
  MAX_UNSUPPORTED of them fail, or none is left, the rest of the Summary is composed here
  from the meeting's verified items (decisions, tasks, open questions: plain sentences
  quoting what was said, each citing its moment; when there are none, the meeting's most
  central sentences, quoted), with one line that says so and why.

bench/summary.py measures the threshold (its "what if" table) on the evaluation set at
every temperature the app offers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.minutes.extract import NOT_STATED, Extracted, Item
from engine.minutes.grounding import (
    DUE_NEIGHBOURS,
    NEIGHBOURS,
    TOLERANCE_S,
    Evidence,
    content_words,
)
from engine.minutes.grounding_details import dates, numbers
from engine.minutes.words import NOT_NAMES, STOPWORDS
from engine.transcript_io import mmss

MAX_UNSUPPORTED = 0.25  # of a draft's sentences that may fail the check; more: composed
MAX_DECISIONS, MAX_TASKS, MAX_QUESTIONS = 2, 3, 2
CENTRAL = 2  # sentences quoted when the meeting has no verified item

_ASKED = re.compile(r"^(?:one |the |an |another )?(?:open |real |big )?question is,?\s+", re.IGNORECASE)
_DANGLING = frozenset("""a an the to of and or but with for in on at by from into about as
be is are was were will would can could should that which who whose their his her its our
my your this these those i i'll we we'll they they'll he she , ; : – — -""".split())
_END = re.compile(r"[.!?][\"'”’)\]*_]*(?:\s*\[[^\]\n]*\])*(?=\s|$)")


def complete_end(text: str) -> int:
    """How much of ``text`` is whole sentences: the index just past the last sentence end
    (with the closing quotes, brackets and citations after it), 0 when there is none."""
    ends = [m.end() for m in _END.finditer(text)]
    return ends[-1] if ends else 0


def cut_off(text: str) -> bool:
    """Whether ``text`` ends inside a sentence."""
    return bool(text.strip()) and complete_end(text) < len(text.rstrip())


def whole(draft: str, at_limit: bool) -> int:
    """How much of a draft to keep: all of it, unless its last sentence is unfinished (the
    answer hit its token limit, or ends on a word no sentence ends on: "on the", "I'll
    be", a comma), then up to the last full sentence. A model that stopped by itself after
    "- ok" said all it meant to."""
    end = complete_end(draft)
    tail = draft[end:].strip()
    if not tail:
        return len(draft.rstrip())
    last = re.findall(r"[\w'’]+|[,;:–—-]$", tail.lower())
    if at_limit or (last and last[-1] in _DANGLING):
        return end
    return len(draft.rstrip())


@dataclass(frozen=True)
class Judged:
    """What the check says of a draft (already ended at its last full sentence)."""

    sentences: int  # checked (a sentence of fewer than two content words is not)
    unsupported: int
    complete: bool  # the draft has something whole left (after a cut-off sentence went)
    cut: bool = False  # a sentence was cut off at the end (and left out)

    @property
    def holds(self) -> bool:
        return self.complete and self.unsupported <= MAX_UNSUPPORTED * self.sentences

    def why(self) -> str:
        if not self.complete:
            return "the model's draft had no complete sentence"
        return (f"the model's draft did not hold up ({self.unsupported} of {self.sentences}"
                f" sentence{'s' if self.sentences != 1 else ''} unsupported)")


def note(judged: Judged, source: str) -> str:
    """The line that says the Summary was composed, from what (``source``), and why."""
    return f"_Summary composed from {source}: {judged.why()}._"


def compose(items: Extracted, evidence: Evidence) -> tuple[list[str], bool]:
    """The Summary's sentences from the items that pass the check, each citing its moments,
    and True; the meeting's most central sentences, quoted, and False when no item does."""
    out = []
    for lead, found, form, most in (("Decisions", items.decisions, _said, MAX_DECISIONS),
                                    ("Tasks", items.actions, _task, MAX_TASKS)):
        parts = [p for item in found
                 if evidence.ground(f"{lead}: {(p := form(item, evidence))}.").verified][:most]
        if parts:
            sentence = f"{lead}: " + "; ".join(parts) + "."
            out += [sentence] if evidence.ground(sentence).verified else [
                f"{lead}: {p}." for p in parts]
    out += [q for item in items.questions
            if evidence.ground(q := f"Open question: {_question(item)}").verified
            ][:MAX_QUESTIONS]
    if out:
        return out, True
    quotes = [f"“{evidence.segments[i].text.strip()}” {evidence.citation((i,))}"
              for i in _central(evidence)]
    return [q for q in quotes if evidence.ground(q).verified], False


def _said(item: Item, evidence: Evidence | None = None) -> str:
    return f"{_sentence_case(item.text.strip().rstrip('.?!'))} [{mmss(item.start)}]"


def _question(item: Item) -> str:
    text = _ASKED.sub("", item.text.strip())
    end = "?" if text.endswith("?") else "."
    return f"{_sentence_case(text.rstrip('.?!'))}{end} [{mmss(item.start)}]"


def _task(item: Item, evidence: Evidence) -> str:
    task = item.text.strip().rstrip(".?!")
    times = [item.start]
    if item.due != NOT_STATED and item.due.lower() not in task.lower():
        task += f" (due: {item.due})"
        times += _due_said(item, evidence)
    cite = "[" + ", ".join(mmss(t) for t in times) + "]"
    if item.owner == NOT_STATED:
        return f"{task} (owner not stated) {cite}"
    return f"{item.owner} will {task} {cite}"


def _due_said(item: Item, evidence: Evidence) -> list[float]:
    """Where a due date said after its task was said (the answer to a request), so that the
    Summary cites it too; [] when it is said with the task."""
    details = dates(item.due) | numbers(item.due)
    starts = [s.start for s in evidence.segments]
    at = max((i for i, t in enumerate(starts) if t <= item.start + TOLERANCE_S), default=0)
    for i in range(max(0, at - NEIGHBOURS), min(len(starts), at + DUE_NEIGHBOURS + 1)):
        text = evidence.segments[i].text
        if details and details <= dates(text) | numbers(text):
            return [] if abs(i - at) <= NEIGHBOURS else [starts[i]]
    return []


def _sentence_case(text: str) -> str:
    """A quoted item inside a sentence: its first word in lower case when it is an ordinary
    word ("We decided" -> "we decided"), never a name or "I"."""
    first = text.split(" ", 1)[0]
    bare = first.strip(",.;:!?").lower()
    if first[:1].isupper() and first[1:2].islower() and bare != "i" and (
            bare in STOPWORDS or bare in NOT_NAMES):
        return first[0].lower() + text[1:]
    return text


def _central(evidence: Evidence) -> list[int]:
    """The CENTRAL segments sharing the most words with the rest of the meeting (those with
    at least five content words, when there are any), in meeting order."""
    words = [content_words(s.text) for s in evidence.segments]
    first = {}  # a line said twice is quoted once
    for i, s in enumerate(evidence.segments):
        first.setdefault(s.text.strip().lower(), i)
    unique = sorted(first.values())
    long = [i for i in unique if len(words[i]) >= 5] or unique
    scored = sorted(long, key=lambda i: -sum(len(words[i] & other) for j, other in
                                             enumerate(words) if j != i))
    return sorted(scored[:CENTRAL])

