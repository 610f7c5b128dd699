"""Tasks reported of someone else, and orders given in a few words.

People rarely say "Marta will send the invoices" in so many words. They say who Marta is
("Marta from accounts will send them", "Marta, our treasurer, is going to ..."), go on with
a pronoun ("And she'll chase the late payers", "He's servicing the pump on Monday"), say a
person is coming to do something ("The inspector is coming to check the lift"), or give an
order with no verb at all ("Ben, the seating plan by Monday."). Each function here reads
one sentence (and, for a pronoun, the few said before it) and gives (owner, task) pairs;
extract_actions.py adds them like any other task.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from engine.minutes.extract_cues import WORK_VERBS, strip_filler, task_of
from engine.minutes.extract_due import due
from engine.minutes.extract_refs import base_verb
from engine.minutes.extract_types import Said
from engine.minutes.words import NOT_NAMES, NOT_TASK_VERBS

# "She's flying out on Monday": where someone is going is no task
_GOING = frozenset("go come leave fly travel arrive stay return visit start finish work be get have".split())
PRONOUN_BACK = 3  # sentences before a "she'll ..." that may say who she is
# "Marta from accounts", "Marta, our treasurer,": who someone is, between the name and the verb
_FROM = re.compile(r"^(?P<name>[A-Z][a-z]+)\s+(?:from|at|in|of)\s+(?:the\s+)?(?:[A-Za-z][\w&-]*\s+){1,3}?"
                   r"(?=(?:will|is|['’]s|['’]ll|has|can)\b)")
_APPOSITION = re.compile(r"^(?P<name>[A-Z][a-z]+),\s+(?:our|the|my|your|their|his|her)\s+[^,]{2,40},\s+"
                         r"(?=(?:will|is|['’]s|['’]ll|has|can)\b)")
# "my son Gethin will fix the pipes": who someone is, before the name
_RELATION = re.compile(r"^(?:(?i:and|so|also)[,]?\s+)?(?i:my|our|their|his|her|your)\s+(?:[a-z]+\s+){1,2}?"
                       r"(?=[A-Z][a-z]+(?:['’]s\b|['’]ll\b|\s+(?:will|is|has|can)\b))")
_OPENING = r"^(?:(?:and|so|then|okay|ok|also|oh|right)[,]?\s+)*"
_WILL = r"(?:['’]ll|\s+will|\s+is\s+going\s+to|['’]s\s+going\s+to|\s+has\s+to|['’]s\s+got\s+to)"
_PRONOUN = re.compile(_OPENING + r"(?P<who>she|he)(?:" + _WILL + r"\s+(?P<verb>[a-z]+)|"
                      r"(?:['’]s|\s+is)\s+(?P<ing>[a-z]+ing))\b(?P<rest>[^.?!]*)", re.IGNORECASE)
_COMING = re.compile(r"^(?P<name>[A-Z][a-z]+)(?:['’]s|\s+is|\s+will\s+be)\s+(?:coming|popping|dropping)"
                     r"(?:\s+(?:in|over|round|by|back))?\s+to\s+(?P<verb>[a-z]+)\b(?P<rest>[^.?!]*)")
_NP = r"(?P<what>(?:the|your|a|an|our|that|those|these)\s+[^,.?!]{2,60}?)"
_TERSE = re.compile(r"^(?P<name>[A-Z][a-z]+)[,:]\s+" + _NP + r",?\s+(?P<when>(?:by|before|for|until|on)\s+"
                    r"[^.?!]+)[.!]?$")
_TERSE_WHEN_FIRST = re.compile(r"^(?P<name>[A-Z][a-z]+),\s+(?P<when>[^,.?!]{3,40}),\s+" + _NP + r"[.!]?$")
_TERSE_BARE = re.compile(r"^(?P<name>[A-Z][a-z]+),\s+" + _NP + r"[.!]$")


def introduced(sentence: str) -> str:
    """The sentence with who someone is left out: "Marta from accounts will send ..." ->
    "Marta will send ..."."""
    text = _RELATION.sub("", strip_filler(sentence))
    for pattern in (_FROM, _APPOSITION):
        m = pattern.match(text)
        if m:
            return f"{m.group('name')} {text[m.end():]}"
    return text if text != strip_filler(sentence) else sentence


def coming_to(sentence: str, names: set[str]) -> tuple[str, str] | None:
    """"Gordon is coming in to recertify the hood." -> (Gordon, recertify the hood)."""
    m = _COMING.match(introduced(sentence))
    if not m or m.group("name") not in names or m.group("name").lower() in NOT_NAMES:
        return None
    if base_verb(m.group("verb")) not in WORK_VERBS:
        return None
    return m.group("name"), task_of(m.group("verb") + m.group("rest"))


def terse(said: Sequence[Said], i: int, names: set[str]) -> tuple[str, str] | None:
    """"Ben, the seating plan by Monday." / "Aoife, tonight after close, the hood." / "Fergus,
    the printer. Today, before lunch." -> (owner, what and when): an order without a verb,
    to someone by name, with a due date (in the next sentence by the same speaker, too)."""
    text = strip_filler(said[i].text)
    m = _TERSE.match(text) or _TERSE_WHEN_FIRST.match(text)
    when = m.group("when") if m else None
    if m is None and (m := _TERSE_BARE.match(text)) and i + 1 < len(said):
        after = said[i + 1]
        if after.speaker == said[i].speaker and not after.question and len(after.text.split()) <= 6:
            when = after.text.strip().rstrip(".!")  # "Fergus, the printer. Today, before lunch."
            when = when[:1].lower() + when[1:]
    if not m or not when or m.group("name") not in names or not due(when):
        return None
    return m.group("name"), task_of(f"{m.group('what')} {when}")


def _named_before(said: Sequence[Said], i: int, names: set[str]) -> str | None:
    """The one person named in the few sentences before sentence ``i`` (None if none, or if
    two different people were named: "she" could be either)."""
    seen: list[str] = []
    for s in said[max(0, i - PRONOUN_BACK):i][::-1]:
        found = [w for w in re.findall(r"\b[A-Z][a-z]+\b", s.text)
                 if w in names and w.lower() not in NOT_NAMES]
        seen.extend(w for w in found if w not in seen)
        if seen:
            break
    return seen[0] if len(seen) == 1 else None


def pronoun(said: Sequence[Said], i: int, names: set[str]) -> tuple[str, str] | None:
    """"I rang Marta. She'll send the invoices on Tuesday." -> (Marta, send the invoices on
    Tuesday): a task said of "she" or "he", owned by the one person just named."""
    text = strip_filler(said[i].text)
    clauses = re.split(r",?\s+(?:but|and|so)\s+(?=(?:she|he)\b)|;\s+", text)
    m = next((found for found in map(_PRONOUN.match, clauses) if found), None)
    if not m or said[i].question:
        return None
    earlier = text[:text.find(m.group(0))]  # "Hana's off today, but she's going to redo ..."
    verb = m.group("verb") or m.group("ing")
    base = base_verb(verb.lower())
    if not m.group("rest").strip():
        return None
    if m.group("ing"):  # "He's working on it." reports; "He's servicing the pump on Monday." plans
        if not due(m.group("rest")) or base in NOT_TASK_VERBS | _GOING:
            return None
    elif base not in WORK_VERBS:
        return None
    here = [w for w in re.findall(r"\b[A-Z][a-z]+\b", earlier) if w in names and w.lower() not in NOT_NAMES]
    who = here[-1] if len(set(here)) == 1 else _named_before(said, i, names) if not here else None
    return (who, task_of(base + m.group("rest"))) if who else None
