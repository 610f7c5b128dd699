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
from engine.minutes.extract_talk import disagrees
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


PICK_AFTER = 2  # sentences after an either-or question that may name its pick
# "Do we order two more, or give two of them desk phones?", "Siphonic or gravity, Femi?",
# "Should I extend the sample, or leave it at twenty-five?"; not "Is that the main pool or the
# school?" nor "Can they be inspected on the quay, or do they go to the shed?", which ask what
# is so
_FACT = re.compile(r"^(?:(?:and|so|but|sorry|right|okay)[,]?\s+)*(?:is|was|were|are|did|does|has|"
                   r"have|had)\b|\b(?:what|who|when|where|why|how)\b|"
                   r"\b(?:can|could|do|does|will|would)\s+(?:it|they|he|she)\b", re.IGNORECASE)
_UNSURE = re.compile(r"\b(?:maybe|perhaps|probably|not\s+sure|don't\s+know|no\s+idea|depends|"
                     r"either|both|neither|could)\b", re.IGNORECASE)
_NOT_FIRST = re.compile(r"\s*(?:not|never)\b", re.IGNORECASE)
_CHANGES_MIND = re.compile(r"^\s*(?:no|actually|hang\s+on|sorry)\b", re.IGNORECASE)
# "No.", "Desk phones are dead.", "I'd drop it.", "I mean, the garden."
_NOT_A_PICK = re.compile(r"\b(?:no|not|never|is|are|was|were|be|been|prefer|rather|mean|think|"
                         r"guess|suppose)\b|n't\b|['’](?:s|d)\b", re.IGNORECASE)
_COURTESY = frozenset("please thanks yes yeah yep fine okay then definitely".split())


def options(question: str) -> tuple[set[str], set[str]] | None:
    """The content words only one side of an either-or question has ("Ten or eight?"), or
    None when it asks what is so or offers no two sides."""
    if not question.rstrip().endswith("?") or _FACT.search(question):
        return None
    sides = _OR.split(question.rstrip("?"), maxsplit=1)
    if len(sides) != 2:
        return None
    first, second = content_words(sides[0]), content_words(sides[1])
    return (first - second, second - first) if first - second and second - first else None


def picked(said: Sequence[Said], s: Said) -> Said | None:
    """"Gravity." after "Siphonic or gravity, Femi?": one side of an either-or question
    someone else asked just before, named in a few words without doubt, and not named back
    to it already ("Eight." "Eight, yeah.": one pick). The question, or None."""
    before = said[s.i - 1] if s.i > 0 else None
    opens = before is not None and (before.question if s.speaker is None
                                    else before.speaker != s.speaker)
    named = _named(s)
    if not named or not opens:
        return None  # "I mean, the garden. Rafael keeps saying indoors.": not how it opens
    nxt = said[s.i + 1] if s.i + 1 < len(said) else None
    if nxt is not None and nxt.speaker == s.speaker and _CHANGES_MIND.match(nxt.text):
        return None  # "Wait. No, send them now."
    for q in said[max(0, s.i - PICK_AFTER):s.i][::-1]:
        sides = options(q.text)
        if sides is None or (q.speaker is not None and q.speaker == s.speaker):
            continue
        side = _side(named, sides)
        fresh = all(_side(_named(p), sides) != side for p in said[q.i + 1:s.i])
        return q if side is not None and fresh and not _contested(said, s, sides, side) else None
    return None


def _contested(said: Sequence[Said], s: Said, sides: tuple[set[str], set[str]], side: int) -> bool:
    """Someone answers the pick back with the other side or a no ("Use them up." "Bin them,
    they've got the old number on."; "Concentrator." "Not without seeing the running costs.")."""
    for r in said[s.i + 1:s.i + 1 + PICK_AFTER]:
        if r.speaker is not None and r.speaker == s.speaker:
            continue
        said_back = content_words(re.split(r"[.,;!?]", r.text.strip(), maxsplit=1)[0])
        if disagrees(r.text) or _NOT_FIRST.match(r.text) or _side(said_back, sides) == 1 - side:
            return True
    return False


def _named(s: Said) -> set[str]:
    """What a short answer names ("Drawers. The kids would ..." names drawers), nothing when
    it doubts, denies or describes ("Desk phones are dead.")."""
    head = re.split(r"[.;!]", s.text.strip(), maxsplit=1)[0]
    if s.question or _UNSURE.search(s.text) or _NOT_A_PICK.search(head) or len(head.split()) > 4:
        return set()
    return content_words(head)


def _side(named: set[str], sides: tuple[set[str], set[str]]) -> int | None:
    """Which side ``named`` is, when it names one side and nothing else ("The Monday,
    please.") and not the other."""
    first, second = named & sides[0], named & sides[1]
    if bool(first) == bool(second) or named - first - second - _COURTESY:
        return None  # "Everyone loves the Rutter." says more than which
    return 0 if first else 1
