"""Speakers in a transcript: who said each segment (from the diarizer's turns), the names
the user gives them (``speakers.json`` beside ``transcript.json``), their talk time, and
names suggested by what was said ("I'm Dana", "Priya, can you ...?" / "Yes, I will ...").

A speaker is a number (0, 1, ... in order of first appearance); people see its name, or
``label()`` ("Speaker 1") until it has one. Names live only in ``speakers.json``: a rename
changes nothing else, and every export or prompt reads the names when it is made.
"""

from __future__ import annotations

import bisect
import json
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from pathlib import Path

from engine.diarize.turns import Turn, label
from engine.minutes.words import NOT_NAMES
from engine.types import Segment, Word

log = logging.getLogger("minutia.speakers")
NAMES_FILE = "speakers.json"


# ---- who said what ----------------------------------------------------------------------


def assign(segments: Sequence[Segment], turns: Sequence[Turn]) -> list[Segment]:
    """The segments with their speakers, from the diarizer's ``turns``.

    Each word goes to the turn that overlaps it most (the nearest turn when none does), a
    short reply that opens a turn to its speaker (``openers``); a segment whose words change
    speaker is split there, each piece's text rebuilt from its words and its times taken
    from them. A segment without word times (a remote
    transcription) goes whole to the turn overlapping it most. Speakers are then numbered
    0, 1, ... in the order they first speak.

    Args:
        segments: the transcript's segments, in time order.
        turns: who spoke when (any order; they may overlap).

    Returns:
        New segments; the input unchanged (speaker None) when there are no turns.
    """
    return renumbered(attributed(segments, turns))


def attributed(segments: Sequence[Segment], turns: Sequence[Turn]) -> list[Segment]:
    """``assign`` before the renumbering: each piece keeps its turn's speaker number (to map
    what the diarizer knows of its speakers, their voices say, to ``assign``'s numbers with
    ``numbering``)."""
    if not turns:
        return list(segments)
    index = _TurnIndex(turns)
    words = [w for segment in segments for w in segment.words]
    said_by = iter(openers(words, [index.speaker(w.start, w.end) for w in words]))
    pieces: list[Segment] = []
    for segment in segments:
        if not segment.words:
            pieces.append(replace(segment, speaker=index.speaker(segment.start, segment.end)))
            continue
        who = [next(said_by) for _ in segment.words]
        if len(set(who)) == 1:  # one speaker: the segment exactly as transcribed
            pieces.append(replace(segment, speaker=who[0]))
            continue
        for speaker, words in _runs(segment.words, who):
            text = "".join(w.text for w in words).strip()
            pieces.append(Segment(words[0].start, words[-1].end, text, tuple(words), speaker))
    return pieces


OPENER_WORDS = 2  # a reply this short may open a turn the diarizer starts late
_ENDS_SENTENCE = re.compile(r"[.?!][\"'’”)]*$")
_ENDS_REPLY = re.compile(r"[.,!][\"'’”)]*$")


def openers(words: Sequence[Word], who: Sequence[int]) -> list[int]:
    """``who`` (a speaker per word) with each short reply that opens a turn given to the
    one who speaks next: the diarizer's windows (1.5 s) start a turn late, so "food? |
    Partly. The vegan ..." or "confirmed? | Wait, no point ..." come out with the opener
    ("Partly.", "Wait,", "Yes, definitely.") still the last speaker's. A reply is at most
    OPENER_WORDS words after a sentence's end, ending a sentence or a clause (not asking:
    "Okay?" ends its own speaker's turn), right before the change."""
    out = list(who)
    for k in range(len(words) - 1):
        if out[k] == out[k + 1]:
            continue
        j = k
        while j > 0 and out[j - 1] == out[k] and not _ENDS_SENTENCE.search(words[j - 1].text.strip()):
            j -= 1
        if j == 0 or out[j - 1] != out[k] or k - j + 1 > OPENER_WORDS \
                or not _ENDS_SENTENCE.search(words[j - 1].text.strip()) \
                or not _ENDS_REPLY.search(words[k].text.strip()):
            continue
        out[j:k + 1] = [out[k + 1]] * (k + 1 - j)
    return out


def numbering(segments: Sequence[Segment]) -> dict[int, int]:
    """The number ``renumbered`` gives each speaker of ``segments``: 0, 1, ... in order of
    first appearance."""
    order: dict[int, int] = {}
    for s in segments:
        if s.speaker is not None and s.speaker not in order:
            order[s.speaker] = len(order)
    return order


def renumbered(segments: Sequence[Segment]) -> list[Segment]:
    """Speakers numbered 0, 1, ... in order of first appearance (None stays None)."""
    order = numbering(segments)
    return [s if s.speaker is None or order[s.speaker] == s.speaker
            else replace(s, speaker=order[s.speaker]) for s in segments]


def _runs(words: Sequence[Word], who: Sequence[int]) -> Iterator[tuple[int, list[Word]]]:
    """Consecutive words of one speaker, with that speaker."""
    for speaker, run in groupby(zip(words, who, strict=True), key=lambda pair: pair[1]):
        yield speaker, [word for word, _ in run]


class _TurnIndex:
    """Turns sorted by start, to find the one overlapping a time span most without looking
    at every turn (a 2 h meeting: thousands of turns, tens of thousands of words)."""

    def __init__(self, turns: Sequence[Turn]) -> None:
        self.turns = sorted(turns, key=lambda t: (t.start, t.end))
        self.starts = [t.start for t in self.turns]
        self.reach: list[int] = []  # index of the turn ending latest among turns[:i + 1]
        for i, t in enumerate(self.turns):
            best = self.reach[-1] if self.reach else i
            self.reach.append(i if t.end > self.turns[best].end else best)

    def speaker(self, start: float, end: float) -> int:
        i = bisect.bisect_left(self.starts, end)  # turns[:i] start before the span ends
        best, most = None, 0.0
        j = i - 1
        while j >= 0 and self.turns[self.reach[j]].end > start:
            overlap = min(end, self.turns[j].end) - max(start, self.turns[j].start)
            if overlap > 0 and (best is None or overlap >= most):  # ties: the earlier turn
                best, most = j, overlap
            j -= 1
        if best is not None:
            return self.turns[best].speaker
        before = self.turns[self.reach[i - 1]] if i > 0 else None
        after = self.turns[i] if i < len(self.turns) else None
        if after is None or (before is not None and start - before.end <= after.start - end):
            return before.speaker
        return after.speaker


def turns_of(segments: Sequence[Segment]) -> list[Turn]:
    """Consecutive segments of one speaker merged into one turn; segments without a
    speaker are left out (and end the turn before them)."""
    turns: list[Turn] = []
    previous: Segment | None = None
    for s in segments:
        if s.speaker is not None:
            if previous is not None and previous.speaker == s.speaker and turns:
                turns[-1] = Turn(turns[-1].start, max(turns[-1].end, s.end), s.speaker)
            else:
                turns.append(Turn(s.start, s.end, s.speaker))
        previous = s
    return turns


@dataclass(frozen=True)
class TalkTime:
    """How much one speaker said: seconds of their segments, turns taken, segments."""

    speaker: int
    seconds: float
    turns: int
    segments: int


def talk_time(segments: Sequence[Segment]) -> list[TalkTime]:
    """Talk time and turns per speaker, by speaker number."""
    seconds: dict[int, float] = {}
    count: dict[int, int] = {}
    for s in segments:
        if s.speaker is not None:
            seconds[s.speaker] = seconds.get(s.speaker, 0.0) + max(0.0, s.end - s.start)
            count[s.speaker] = count.get(s.speaker, 0) + 1
    turns: dict[int, int] = {}
    for t in turns_of(segments):
        turns[t.speaker] = turns.get(t.speaker, 0) + 1
    return [TalkTime(k, round(seconds[k], 3), turns[k], count[k]) for k in sorted(seconds)]


def speakers_in(segments: Sequence[Segment]) -> list[int]:
    """The speakers of a transcript, by number; [] when it was not diarized."""
    return sorted({s.speaker for s in segments if s.speaker is not None})


# ---- names ------------------------------------------------------------------------------


def display_name(speaker: int, names: Mapping[int, str]) -> str:
    """What people see for ``speaker``: the name the user gave it, else "Speaker N"."""
    return names.get(speaker) or label(speaker)


@dataclass(frozen=True)
class Named:
    """A speaker's name. ``suggested``: the user took it from a name suggestion; ``voice``:
    not given by the user but by a remembered voice (engine.voices) that sounded like this
    speaker with this similarity (None: the user named it)."""

    name: str
    suggested: bool = False
    voice: float | None = None


def load_names(folder: Path) -> dict[int, Named]:
    """The speakers' names of the session in ``folder`` (its speakers.json); {} when there is
    none. A damaged file is logged and read as no names: the transcript still opens."""
    path = Path(folder) / NAMES_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {int(k): Named(str(v["name"]).strip(), bool(v.get("suggested", False)),
                              None if v.get("voice") is None else float(v["voice"]))
                for k, v in data.items() if str(v.get("name") or "").strip()}
    except (OSError, ValueError, TypeError, AttributeError, KeyError) as e:
        log.warning("ignoring %s: %s", path, e)
        return {}


def names_json(names: Mapping[int, Named]) -> str:
    """speakers.json's text: ``{"0": {"name": "Priya", "suggested": false}}``, and
    ``"voice": 0.83`` for a name a remembered voice gave."""
    return json.dumps({str(k): {"name": v.name, "suggested": v.suggested}
                       | ({} if v.voice is None else {"voice": round(float(v.voice), 3)})
                       for k, v in sorted(names.items())}, indent=1, ensure_ascii=False)


# ---- name suggestions -------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """``speaker`` is probably ``name``: ``evidence`` was said at ``at`` seconds.
    ``how``: "introduced" (they said their name) or "answered" (addressed by name, they
    answered)."""

    speaker: int
    name: str
    at: float
    evidence: str
    how: str


_NAME = r"(?P<name>[A-Z][a-z]+)"
# where an introduction starts: the sentence's start, or after a greeting ("Hello all, ...")
_OPENER = r"(?:^|[,;]\s+)(?:(?:hi|hello|hey|ok|okay|so|yes|yeah|and|morning|good morning)[,.!]?\s+)*"
_INTRODUCTIONS = (
    re.compile(r"\b(?:I'm|I’m|I am)\s+" + _NAME + r"(?=[.,!?;]|$|\s+(?:from|and|with|here|speaking|"
               r"by the way)\b)"),
    re.compile(_OPENER + _NAME + r"\s+here(?=[.,!?;]|$|\s+(?:from|with|again|too|as|speaking)\b)",
               re.IGNORECASE),
    re.compile(_OPENER + r"this is\s+" + _NAME + r"(?=[.!?;]|$|\s+(?:from|here|speaking|with)\b|,"
               r"(?!\s*(?:he|she|they|who|our|my|the)\b))", re.IGNORECASE),
    re.compile(r"(?i:\bmy name is|\bmy name's)\s+" + _NAME + r"\b"),
)
_ADDRESSED = (re.compile(r"^" + _NAME + r",\s+\S.*(?:\?|\b(?:please)\b.*)$"),
              re.compile(r"^(?:[A-Z][a-z]+,\s+)?(?i:can|could|would|will) you\b.*,\s+" + _NAME
                         + r"\?$"))
_YES = (r"^(?:(?:um|uh|oh|well)[,.]?\s+)?(?:yes|yeah|yep|sure|of course|okay|ok|absolutely|"
        r"certainly|definitely|will do|no problem|happy to")
_AGREES = re.compile(_YES + r")\b", re.IGNORECASE)
_ANSWER = re.compile(_YES + r"|i will|i'll|i can|i could)\b", re.IGNORECASE)
ANSWER_WITHIN_S = 10.0  # an answer starts this soon after the question ends


def agrees(sentence: str) -> bool:
    """Whether ``sentence`` opens by saying yes ("Yes, I will ...", "Sure, ...", "Okay, ...")."""
    return bool(_AGREES.search(sentence.strip()))


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def _is_name(word: str) -> bool:
    return word.lower() not in NOT_NAMES


def _introductions(text: str) -> Iterator[tuple[str, str]]:
    for sentence in _sentences(text):
        for pattern in _INTRODUCTIONS:
            m = pattern.search(sentence)
            if m and _is_name(m.group("name")):
                yield m.group("name"), sentence
                break


def _addressed(text: str) -> tuple[str, str] | None:
    """(name, sentence) of the last sentence that asks someone by name."""
    found = None
    for sentence in _sentences(text):
        for pattern in _ADDRESSED:
            m = pattern.search(sentence)
            if m and _is_name(m.group("name")):
                found = (m.group("name"), sentence)
    return found


def _answer(segments: Sequence[Segment], i: int) -> Segment | None:
    """The next segment by another speaker, if it answers ``segments[i]`` soon after."""
    asker = segments[i].speaker
    for s in segments[i + 1:]:
        if s.speaker is None or s.speaker == asker:
            continue
        if s.start - segments[i].end <= ANSWER_WITHIN_S and _ANSWER.search(s.text.strip()):
            return s
        return None
    return None


def suggest(segments: Sequence[Segment]) -> list[Suggestion]:
    """Names the speakers probably have, each with its evidence, one per speaker and name
    (the first time it was said), in time order. Suggestions only: nothing is renamed."""
    found: dict[tuple[int, str], Suggestion] = {}
    for i, s in enumerate(segments):
        if s.speaker is None:
            continue
        for name, sentence in _introductions(s.text):
            found.setdefault((s.speaker, name), Suggestion(s.speaker, name, s.start, sentence,
                                                           "introduced"))
        addressed = _addressed(s.text)
        answer = _answer(segments, i) if addressed else None
        if answer is not None:
            name, question = addressed
            first = _sentences(answer.text)[0]
            found.setdefault((answer.speaker, name), Suggestion(
                answer.speaker, name, answer.start, f"“{question}” – “{first}”", "answered"))
    return sorted(found.values(), key=lambda x: (x.at, x.speaker))
