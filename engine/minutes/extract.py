"""Decisions, action items and open questions drawn from the transcript itself.

A small local model invents names, dates and decisions when asked to list them (measured
with SmolLM2-135M: made-up owners, dates and times). These rules only ever quote what was
said, and every item cites the segment it came from, so a list is incomplete at worst,
never invented. Owners come from names spoken in the sentence, or from the person a
request was addressed to when the next sentence accepts it. A bare "I will ..." belongs to
its speaker when the transcript has speakers (the name the user gave them, else
"Speaker N") unless it answers a request to someone named; without speakers it has no owner
("not stated").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from engine.diarize.turns import label
from engine.minutes.words import MONTHS, WEEKDAYS
from engine.speakers import agrees, display_name
from engine.types import Segment

NOT_STATED = "not stated"
_NOT_NAMES = set(WEEKDAYS + MONTHS) | set(
    "i i'm i'll i've i'd ok okay yes no so and but then good great thanks thank well right "
    "the a an we you they he she it this that there here what when where why how who which "
    "everyone everybody someone somebody anyone anybody nobody team all both each "
    "english spanish french german italian chinese japanese portuguese dutch european "
    "american british christmas easter".split())
_DAY = r"(?:" + "|".join(WEEKDAYS) + r"|tomorrow|tonight|today)"
_DUE = re.compile(
    r"\b(?:(?:by|before|until|on|no later than)\s+(?:next\s+|this\s+)?"
    r"(?:" + _DAY + r"|the end of (?:the |this |next )?(?:day|week|month)|"
    r"(?:" + "|".join(MONTHS) + r")\s+\d{1,2}(?:st|nd|rd|th)?|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + "|".join(MONTHS) + r"))"
    r"|(?:this|next) (?:week|month)|tomorrow|end of the (?:day|week|month))\b", re.IGNORECASE)
_FILLER = re.compile(r"^(?:(?:and|so|then|ok|okay|good|yes|yeah|well|right|great|also|now)\b[,.]?\s*)+",
                     re.IGNORECASE)
_COMMIT = re.compile(r"\b(?:I will|I'll|I am going to|I'm going to|I can)\s+(.*)", re.IGNORECASE)
_REQUEST = re.compile(r"^(?P<name>[A-Z][a-z]+),\s+(?:can|could|would|will) you\s+(?P<task>.*)")
_PLEASE = re.compile(r"^(?P<name>[A-Z][a-z]+),\s+please\s+(?P<task>.*)")
_DECISION = re.compile(r"\b(?:we (?:have )?(?:decide|decided|agree|agreed)\b|decision|we will stay|"
                       r"we'll stay|we will keep|we'll keep|we will go with|we'll go with|"
                       r"let's go with|settled on)", re.IGNORECASE)
_QUESTION_CUES = re.compile(r"\b(?:open question|not sure (?:whether|if)|we need to find out|"
                            r"to be decided|unclear whether)\b", re.IGNORECASE)
_ASK = re.compile(r"\b(?:should|need to|must)\s+(?:also\s+)?ask\b", re.IGNORECASE)


@dataclass(frozen=True)
class Item:
    text: str
    start: float
    owner: str = NOT_STATED
    due: str = NOT_STATED


@dataclass(frozen=True)
class Extracted:
    decisions: list[Item]
    actions: list[Item]
    questions: list[Item]


def _sentences(segments: list[Segment]) -> list[tuple[str, float]]:
    return [(sentence, start) for sentence, start, _ in _spoken(segments)]


def _spoken(segments: list[Segment]) -> list[tuple[str, float, int | None]]:
    """(sentence, its segment's start, its speaker) for every sentence said."""
    out = []
    for s in segments:
        for sentence in re.split(r"(?<=[.!?])\s+", s.text.strip()):
            if sentence:
                out.append((sentence, s.start, s.speaker))
    return out


def _names(sentences: list[tuple[str, float, int | None]]) -> set[str]:
    """Capitalised words used as names: not sentence-initial (Whisper capitalises those),
    or addressed at the start ("Carmen, ..."). Weekdays, months and the like excluded."""
    names = set()
    for sentence, *_ in sentences:
        words = re.findall(r"[A-Za-z][A-Za-z'’]*[,]?", sentence)
        for i, word in enumerate(words):
            bare = word.rstrip(",")
            if not bare[0].isupper() or bare.lower() in _NOT_NAMES or not bare[1:].islower():
                continue
            addressed = word.endswith(",") and len(words) > 1
            announced = i == 0 and len(words) > 2 and words[1].lower() in ("will", "should")
            if i > 0 or addressed or announced:
                names.add(bare)
    return names


def _clean(text: str) -> str:
    text = _FILLER.sub("", text.strip()).strip()
    return text[:1].upper() + text[1:] if text else text


def _task(text: str) -> str:
    text = text.strip().rstrip(".?!").strip()
    return text[:1].lower() + text[1:]


def _due(text: str) -> str:
    match = _DUE.search(text)
    return match.group(0) if match else NOT_STATED


def _base_verb(word: str) -> str:
    """'tests' -> 'test', 'fixes' -> 'fix', 'tidies' -> 'tidy' (third person to plain form)."""
    lower = word.lower()
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + "y"
    if re.search(r"(?:sh|ch|x|ss|zz|o)es$", lower):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith("ss"):
        return word[:-1]
    return word


def _assignments(sentence: str, names: set[str]) -> list[tuple[str, str]]:
    """'So Brian tests the form, Carmen writes the announcement' -> [(Brian, test the form), ...]"""
    found = []
    for clause in re.split(r",\s*|;\s*|\s+and\s+", sentence):
        clause = _FILLER.sub("", clause.strip())
        m = re.match(r"^(?P<name>[A-Z][a-z]+)\s+(?:will\s+|is going to\s+|should\s+|needs to\s+)?"
                     r"(?P<verb>[a-z]+)\b(?P<rest>.*)", clause)
        if m and m.group("name") in names and m.group("verb") not in ("is", "was", "has", "had"):
            verb = m.group("verb")
            if not re.search(r"\b(?:will|going to|should|needs to)\b", clause.split(verb)[0]):
                verb = _base_verb(verb)
            found.append((m.group("name"), _task(verb + m.group("rest"))))
    return found


def _first_person(sentence: str, speaker: int | None,
                  addressed: tuple[str, int, int | None] | None, i: int,
                  speaker_names: Mapping[int, str]) -> str:
    """Who "I" is in sentence ``i``: the person a request just named, when this answers it
    (another speaker, or a "Yes, ..." even from the asker's voice: two similar voices can be
    one speaker to the diarizer, and no one says yes to their own request); else its
    speaker, by the name the user gave or as "Speaker N"; else (no speakers) not stated."""
    if addressed and i - addressed[1] <= 2 and (
            speaker is None or speaker != addressed[2] or agrees(sentence)):
        return addressed[0]
    if speaker is None:
        return NOT_STATED
    return display_name(speaker, speaker_names)


def extract(segments: list[Segment], speaker_names: Mapping[int, str] | None = None) -> Extracted:
    """Find decisions, action items and open questions, each with the time it was said.

    ``speaker_names``: the names the user gave speakers (``Transcript.speaker_names``), for
    the owners of first-person commitments when the segments have speakers."""
    speaker_names = speaker_names or {}
    sentences = _spoken(segments)
    names = _names(sentences)
    decisions, actions, questions = [], [], []
    # (name, sentence index, speaker) of the last request
    addressed: tuple[str, int, int | None] | None = None
    for i, (sentence, start, speaker) in enumerate(sentences):
        request = _REQUEST.match(sentence) or _PLEASE.match(sentence)
        if request and request.group("name") in names:
            actions.append(Item(_task(request.group("task")), start, request.group("name"),
                                _due(sentence)))
            addressed = (request.group("name"), i, speaker)
            continue
        commit = _COMMIT.search(sentence)
        if commit:
            owner = _first_person(sentence, speaker, addressed, i, speaker_names)
            task = _task(commit.group(1))
            if owner != NOT_STATED and actions and actions[-1].owner == owner \
                    and actions[-1].start >= start - 15:
                actions[-1] = Item(task, start, owner, _due(sentence))  # the accepted version
            else:
                actions.append(Item(task, start, owner, _due(sentence)))
            addressed = None
            continue
        assigned = _assignments(sentence, names)
        if assigned:
            actions.extend(Item(task, start, owner, _due(task)) for owner, task in assigned)
            continue
        if _DECISION.search(sentence):
            decisions.append(Item(_clean(sentence), start))
        elif sentence.endswith("?") or _QUESTION_CUES.search(sentence) or _ASK.search(sentence):
            questions.append(Item(_clean(sentence), start))
    # A recap's spoken name beats "Speaker N" as it beats no owner at all.
    unnamed = {label(s) for *_, s in sentences if s is not None and not speaker_names.get(s)}
    return Extracted(decisions, _dedupe(_merge_owners(actions, {NOT_STATED} | unnamed)),
                     questions)


_STOP = set("the a an and or to of for on in at by with this that it its is be".split())


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z']+", text.lower()) if w not in _STOP}


def _merge_owners(actions: list[Item], unowned: set[str]) -> list[Item]:
    """A recap ("Brian tests the form") names the owner of an earlier unowned commitment
    ("I will test the contact form ... before Friday"): keep the earlier, fuller item with
    the recap's owner, and drop the recap. ``unowned``: owners a recap's name replaces
    (not stated, and "Speaker N" of a speaker without a name)."""
    merged = list(actions)
    for recap in [a for a in actions if a.owner not in unowned]:
        verb, words = recap.text.split(" ", 1)[0], _content(recap.text)
        for i, item in enumerate(merged):
            if item.owner in unowned and item.start < recap.start \
                    and item.text.split(" ", 1)[0] == verb and len(_content(item.text) & words) >= 2:
                merged[i] = Item(item.text, item.start, recap.owner, item.due)
                merged.remove(recap)
                break
    return merged


def _dedupe(items: list[Item]) -> list[Item]:
    seen, out = set(), []
    for item in items:
        key = (item.owner, item.text.lower())
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
