"""Choices said in a word or two, and what they choose between.

After the options have been talked through, the choice is often just named: "Warehouse,
then.", "Then the cheaper quote for now.", "The garden it is." Said alone it is a decision
only when it picks up something just discussed (an agenda item announced the same way,
"Then the minutes of the last meeting.", picks up nothing). And as an item of the minutes it
says too little: ``context`` finds what it was chosen for in the sentences before ("For the
chase, the warehouse by the docks is free").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from engine.minutes.extract_cues import strip_filler
from engine.minutes.extract_types import Said
from engine.minutes.words import content_words, goodbye

CHOICE_BACK = 8  # sentences before a bare choice that may hold the options it picks from
_THEN_FIRST = re.compile(r"^(?:(?:okay|ok|right|fine|good|so|alright|great)[,]?\s+)*then[,]?\s+"
                         r"(?P<np>[^,.?!;]+)", re.IGNORECASE)
_THEN_LAST = re.compile(r"^(?P<np>[^,.?!;]{2,40}),?\s+then[.!]?$", re.IGNORECASE)
# "Newsletter, so.", "Tuesdays, then, from the next meeting."
_SO_LAST = re.compile(r"^(?P<np>[^,.?!;]{2,40}),\s+(?:so|then,\s+[^,.?!;]{2,40})[.!]?$",
                      re.IGNORECASE)
# "Right, map update." after "So do we switch, or do we pay for the map update?"
_CLOSED = re.compile(r"^(?:right|okay|ok|fine|good|so)[,]\s+(?P<np>[^,.?!;]{2,40})[.!]?$",
                     re.IGNORECASE)
_PERSON = re.compile(r"(?:i|we|you|he|she|they|it)(?:['’]\w+)?\b", re.IGNORECASE)  # "I'm away, so."
_OR = re.compile(r"\bor\b", re.IGNORECASE)
_VERBS = set("""
i we you he she they it let's lets is are was were be been will would can could should shall
must may might do does did have has had go goes went get gets got make makes take takes need
needs want wants think thinks know see say says said come comes look looks move moves
""".split())


def verbless(phrase: str) -> bool:
    words = re.findall(r"[a-z'’]+", phrase.lower().replace("’", "'"))
    return bool(words) and not any(w in _VERBS or w.endswith("n't") or w.endswith("'ll")
                                   for w in words)


def bare_choice(said: Sequence[Said], s: Said) -> bool:
    """"Warehouse, then." / "Then the cheaper quote for now, and ...": a choice named without
    a verb, of something said in the few sentences before."""
    if s.question or goodbye(s.text):  # "Speak Friday, then."
        return False
    text = s.text.strip()
    m = _THEN_FIRST.match(text) or _THEN_LAST.match(text) or _THEN_LAST.match(strip_filler(text))
    recent = said[max(0, s.i - CHOICE_BACK):s.i]
    if not m:  # "Newsletter, so.", "Right, map update.": a thing named, not a person's news
        m = _SO_LAST.match(text)
        closed = _CLOSED.match(text) if not m else None
        if closed:  # only what an either-or question just asked offered
            m, recent = closed, [p for p in recent if p.question and _OR.search(p.text)]
        if m and _PERSON.match(m.group("np")):
            return False
    if not m or not verbless(m.group("np")) or len(m.group("np").split()) > 8:
        return False
    chosen = content_words(m.group("np"))
    before = set().union(*(content_words(p.text) for p in recent))
    return bool(chosen & before)


def context(said: Sequence[Said], s: Said, text: str) -> str | None:
    """The latest sentence before ``s`` (a few back) that says one of the words of ``text``,
    cut to the part around it: what a choice in a word or two was chosen for."""
    words = content_words(text)
    for prior in said[max(0, s.i - CHOICE_BACK):s.i][::-1]:
        if not words & content_words(prior.text) or content_words(prior.text) <= words:
            continue  # "Red, yeah." says nothing of what red was chosen for
        parts = re.split(r",?\s+but\s+|;\s+", prior.text.strip().rstrip(".!"))
        part = next((p for p in parts if words & content_words(p)), parts[0]).strip()
        lead = said[prior.i - 1] if prior.i > 0 and part == parts[0].strip() else None
        if lead is not None and lead.speaker == prior.speaker and not lead.question \
                and len(content_words(lead.text) - words) >= 2:
            return f"{lead.text.strip()} {part}"  # "Painted MDF is cheaper. Tulipwood takes paint better"
        return part
    return None
