"""Decisions: what the group settles now, in present or future words.

- said as settled: "we agreed, we make an offer", "then it's decided, we skip the trade
  show", "so that's settled, the limit stays at a thousand", "July it is";
- concluded: "Fine, then we cap travel at forty thousand", "Okay, so we keep it on for
  now", "If the quote is under three thousand, we go for the metal fence", "I think we drop
  it for this quarter", "So the beta launches on April fourteenth";
- proposed for the group: "let's go with ...", "let's move the deadline", "we'll keep ...";
  rules for the future: "going forward, every incident gets a review";
- a marker whose content comes next ("So we agreed. Version B, with tabs.", "Let's try
  this. Anything unknown gets a spike first.");
- a proposal the room agrees to ("We could hire a freelancer." "Sounds good."), or put to
  the room and accepted ("Everyone okay with that?" "Yes." "Fine by me.").

Not decisions: ones reported from before ("we decided last year", "we agreed in
January"), put off ("let's decide next week", "let's not decide that today", "we haven't
decided yet"), and "let's" that only runs the meeting ("let's start", "let's keep this
quick").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from engine.minutes.extract_asked import same_turn
from engine.minutes.extract_choices import bare_choice
from engine.minutes.extract_cues import clean, commitment
from engine.minutes.extract_decision_context import elaboration, stems, with_context, with_turn
from engine.minutes.extract_decision_cues import (
    ALTERNATIVES,
    SETTLED,
    asks_to,
    marker,
    no_objection,
    objects,
    past,
    put_as_conclusion,
    said_as_decision,
    silence_agrees,
)
from engine.minutes.extract_judge import Judge, excerpt
from engine.minutes.extract_learned import GAP_S, Reading
from engine.minutes.extract_meeting_running import runs_the_meeting
from engine.minutes.extract_put_off import DEFERRED
from engine.minutes.extract_requests import request
from engine.minutes.extract_talk import (
    agrees,
    agrees_strongly,
    consent,
    disagrees,
    filler,
    goes_ahead,
    proposes,
)
from engine.minutes.extract_types import Item, Said
from engine.minutes.extract_votes import approved_record, carried, lost
from engine.minutes.words import ASKING, NOT_NAMES, closing, content_words

_SPLIT = re.compile(r",\s+and\s+(?=(?:the|our|every|all|each|we|this|these|those)\s+\w+\s+\w+\s+\w+)",
                    re.IGNORECASE)
STRONG, WEAK = 2, 1



@dataclass(frozen=True)
class _Found:
    item: Item
    i: int
    strength: int
    who: int | None = None  # the speaker


# "Consider it decided.", "That's what we'll do then.", "Okay, done.", "Let's do that.": a yes
# with no content of its own, to what its speaker says next or has just said.
_POINTS = re.compile(
    r"^(?:(?:okay|ok|right|so|good|fine|yes|yeah|great|then|alright)[,.]?\s+)*(?:consider\s+it\s+"
    r"(?:decided|settled)|that['’]s\s+what\s+we(?:['’]ll|\s+will)?\s+do|(?<=\s)done|let['’]s\s+do\s+"
    r"(?:that|it|this))(?:[,]?\s+then)?[.!]?$", re.IGNORECASE)


def _pointed_at(said: Sequence[Said], s: Said) -> Said | None:
    """The decision a content-free "Okay, done." (``s``) seals: the same speaker's next
    statement ("Okay, done. A hundred and ten."), else their last one with something in it
    ("Detector first, Kofi labels by hand. That's what we'll do then.")."""
    if not _POINTS.match(s.text.strip()):
        return None
    nxt = said[s.i + 1] if s.i + 1 < len(said) else None
    if nxt is not None and (s.speaker is None or nxt.speaker == s.speaker) and _statement(nxt) \
            and not agrees(nxt.text) and stems(nxt.text):
        return nxt
    if re.search(r"\bdone[.!]?$", s.text.strip(), re.IGNORECASE):
        return None  # "I've shared the link. Okay, done.": a yes to nothing said before
    for prev in said[max(0, s.i - 2):s.i][::-1]:  # "... as well. Both. Let's do that."
        if prev.question or (s.speaker is not None and prev.speaker != s.speaker):
            return None
        if len(prev.text.split()) > 2:  # not an answer ("Would he miss any?" "Just that.")
            answers = any(x.question for x in said[max(0, prev.i - 2):prev.i])
            return None if answers or past(prev.text) or DEFERRED.search(prev.text) else prev
    return None


_THINK_FIRST = re.compile(r"\b(?:consider|think\s+about|look\s+into|explore)\b", re.IGNORECASE)


def _floated(said: Sequence[Said], s: Said) -> bool:
    """A proposal only floated: to think about ("we could maybe consider a replica"), or put
    off by its own speaker at once ("We could go up five pounds. No rush, let's talk about it
    at the AGM."): a yes to it is a yes to waiting."""
    if _THINK_FIRST.search(s.text) or DEFERRED.search(s.text):
        return True
    nxt = said[s.i + 1] if s.i + 1 < len(said) else None
    return nxt is not None and (nxt.speaker is None or nxt.speaker == s.speaker) \
        and bool(DEFERRED.search(nxt.text))


def _statement(s: Said) -> bool:
    return not s.question and not filler(s.text) and not closing(s.text) \
        and commitment(s.text) is None and request(s.text, set()) is None


def _items(s: Said, text: str | None = None) -> list[Item]:
    """The decision(s) of one sentence: two when it joins two clauses with their own
    subjects ("we cap travel at forty thousand, and the trade fair flights come out of the
    marketing budget"); a conclusion put to the room and agreed to, as the statement it is
    ("So we're inviting Professor Lindqvist?" "Yes.": "We're inviting Professor Lindqvist.")."""
    text = clean(text if text is not None else s.text)
    if put_as_conclusion(s.text):
        text = re.sub(r"\?$", ".", text)
    parts = _SPLIT.split(text)
    if any(DEFERRED.search(p) for p in parts):
        parts = [text]  # "bed downstairs for now, and we look at a stairlift later": one decision
    return [Item(clean(p).rstrip(",") if k else p.rstrip(","), s.start)
            for k, p in enumerate(parts)]


def _dedupe(found: list[_Found], window_s: float = 60.0) -> list[_Found]:
    """One decision said twice (put to the room, then stated; stated, then "so that's
    settled"): the stronger, else the first, stays."""
    kept: list[tuple[_Found, set[str]]] = []
    for f in sorted(found, key=lambda f: (f.i, f.item.start)):
        mine = stems(f.item.text)
        clash = None
        for k in range(len(kept) - 1, -1, -1):
            other, theirs = kept[k]
            if f.item.start - other.item.start > window_s:
                break
            small = min(len(mine), len(theirs))
            if other.item.text == f.item.text or (small > 1 and len(mine & theirs) >= 0.6 * small) \
                    or (len(theirs) <= 1 and f.i == other.i + 1 and f.who == other.who):
                clash = k
                break
        if clash is None:
            kept.append((f, mine))
        elif len(kept[clash][1]) <= 1 and f.i == kept[clash][0].i + 1:
            # "Refund it is." "We'll refund the difference to your card.": one decision
            first = kept[clash][0]
            both = Item(f"{first.item.text} {f.item.text}", first.item.start)
            kept[clash] = (_Found(both, f.i, max(f.strength, first.strength), f.who), mine)
        elif f.strength > kept[clash][0].strength:
            kept[clash] = (f, mine)
    return [f for f, _ in kept]


def decisions(said: Sequence[Said], used: set[int], judge: Judge | None = None,
              reading: Reading | None = None) -> tuple[list[Item], set[int]]:
    """The decisions of the meeting, and the sentences they were said in. ``used``:
    sentences already taken as action items; ``judge``: asked whether a proposal agreed
    to, or put to the room, was decided; ``reading``: the learned classifiers'
    (extract_learned.py), whose likely decisions are added where the rules found none, and
    whose all but impossible ones a rule took are left out ("We broke a hundred on
    Friday.")."""
    found: list[_Found] = []

    spelled_out: set[int] = set()  # sentences that only spell a decision before them out

    def add(s: Said, strength: int, text: str | None = None) -> None:
        items = _items(s, text)
        more = elaboration(said, s.i) if text is None else []  # a vote's outcome is whole
        if more:
            spelled_out.update(m.i for m in more)
            last = items[-1]
            items[-1] = Item(" ".join([last.text, *(m.text.strip() for m in more)]), last.start)
        found.extend(_Found(item, s.i, strength, s.speaker) for item in items)

    for s in said:
        vote = carried(said, s)
        if vote is not None:
            add(s, STRONG, vote[1])
            continue
        sealed = _pointed_at(said, s)
        if sealed is not None:
            add(sealed, STRONG)
            continue
        if s.i in used and not SETTLED.search(s.text):
            continue
        if marker(s.text):
            content = _marked(said, s, used)
            if content is not None:
                add(content, STRONG)
            continue
        if said_as_decision(s.text) or bare_choice(said, s):
            add(s, STRONG)
            continue
        what = consent(s.text)
        if what is not None:
            for agreed, strength, text in _consented(said, s, what, used):
                add(agreed, strength, text)
            continue
        if _agreed_to(said, s):
            add(s, WEAK)
    ruled = {f.i for f in found}  # as the second reading learned them: before any is dropped
    if reading is not None:
        found = [f for f in found if not reading.unlikely("decision", [f.i])]
    for i in sorted(reading.likely("decision", ruled) if reading else ()):
        if _spotted(said, said[i], used, found):
            add(said[i], WEAK)
    if judge is not None:  # a proposal or a consent the rules took as agreed
        found = [f for f in found if f.strength == STRONG or _judged(judge, said, f)]
    kept = _dedupe([f for f in found if f.i not in spelled_out])
    decided = {f.i for f in kept}
    return [with_turn(with_context(f.item, said, f.i), said, f.i, decided | used)
            for f in kept], decided


def _agreed_to(said: Sequence[Said], s: Said) -> bool:
    """A proposal or a conclusion put to the room that the next speaker takes ("Shall we go
    with blue?" "Agreed."; "So we're inviting Professor Lindqvist?" "Yes."), or anything put
    that the next speaker says to go ahead with ("I could set it to release the booking after
    twenty minutes." "Do it.")."""
    if runs_the_meeting(s.text):
        return False
    if (proposes(s.text) and (not s.question or asks_to(s.text)) and not _floated(said, s)) \
            or put_as_conclusion(s.text):
        replies = [r for r in said[s.i + 1:s.i + 3] if r.speaker is None or r.speaker != s.speaker]
        if replies and (agrees_strongly(replies[0].text) or (
                put_as_conclusion(s.text) and agrees(replies[0].text)) or _echoed(s, replies)):
            return True
    nxt = said[s.i + 1] if s.i + 1 < len(said) else None
    return nxt is not None and nxt.speaker != s.speaker and goes_ahead(nxt.text) \
        and bool(content_words(s.text))


def _echoed(s: Said, replies: Sequence[Said]) -> bool:
    """"Shall we say the thirtieth for bids?" "And me. The thirtieth.": to a proposal asked,
    the first reply that says anything says its own words back, and nothing more."""
    if not (s.question and asks_to(s.text)):
        return False
    for r in replies:
        words = content_words(r.text)
        if words:
            return not r.question and len(r.text.split()) <= 5 and words <= content_words(s.text) \
                and not disagrees(r.text)
    return False


def spottable(said: Sequence[Said], s: Said) -> bool:
    """Whether a sentence the classifier took for a decision can be one: a plain statement
    that names something it settles ("Patch it.", quoted with what it answers, with_context;
    "Go on then." names nothing: the rules read such a one with what it answers), not asked,
    not a task, not reported from before, not put off, not the meeting ending or moving
    through its agenda, not a vote lost, not refused by the next speaker ("We could move it
    to ten." "I'd rather not.")."""
    nxt = said[s.i + 1] if s.i + 1 < len(said) else None
    refused = nxt is not None and nxt.speaker != s.speaker and disagrees(nxt.text)
    return (_statement(s) or _tagged(s)) and bool(content_words(s.text)) and not past(s.text) \
        and not all(DEFERRED.search(c) for c in _SPLIT.split(s.text)) \
        and not ALTERNATIVES.search(s.text) \
        and not runs_the_meeting(s.text) and not lost(s.text) and not refused


# "Rhyme time moves to half ten from June, yeah?": a statement put to the room for a nod
_TAG = re.compile(r"^(?!(?:" + ASKING + r")\b)[^?]{12,},\s*(?:yeah|yes|right|okay|ok|"
                  r"agreed|all\s+right|alright)\?$", re.IGNORECASE)


def _tagged(s: Said) -> bool:
    return s.question and bool(_TAG.match(s.text.strip())) and commitment(s.text) is None \
        and request(s.text, set()) is None


def _spotted(said: Sequence[Said], s: Said, used: set[int], found: list[_Found]) -> bool:
    """A sentence the classifier took for a decision is added when it can be one, no rule
    took it, and no decision the rules found is near it; also when it hands out tasks (an
    arrangement the room settles: "Then Dev drives the minibus, and Sara takes the kit
    van."), but not when it is said to one person by name ("Wen, redo the analysis ...")."""
    return (s.i not in used or not _told(s.text)) and spottable(said, s) \
        and all(f.i != s.i and abs(f.item.start - s.start) > GAP_S for f in found)


_TOLD = re.compile(r"^(?:(?:and|so|then|okay|right)[,]?\s+)*(?P<name>[A-Z][a-z]+),\s")


def _told(sentence: str) -> bool:
    """Said to someone by name ("Wen, redo the analysis ..."): an order, not what the
    meeting settles."""
    m = _TOLD.match(sentence.strip())
    return bool(m) and m.group("name").lower() not in NOT_NAMES


def _marked(said: Sequence[Said], s: Said, used: set[int]) -> Said | None:
    """The sentence a settled marker settles: the one before it in the same turn when the
    turn ends there ("Okay, the blue ones. That's final."), else the next ("So we agreed.
    Version B, with tabs."), else the one a yes before it agrees to ("If you're late, you
    lose it." "Yes. That's the rule now.")."""
    nxt = said[s.i + 1] if s.i + 1 < len(said) else None
    prev = said[s.i - 1] if s.i > 0 else None
    ends_turn = nxt is None or not same_turn(nxt, s)
    if prev is not None and ends_turn and same_turn(prev, s) and _statement(prev) \
            and prev.i not in used:
        return prev
    if nxt is not None and (s.speaker is None or nxt.speaker == s.speaker) and _statement(nxt) \
            and nxt.i not in used and not DEFERRED.search(nxt.text) and not past(nxt.text):
        return nxt
    if prev is not None and prev.i > 0 and same_turn(prev, s) and agrees(prev.text):
        proposal = said[prev.i - 1]  # "If you're late, you lose it." "Yes. That's the rule."
        if not same_turn(proposal, s) and _statement(proposal) and proposal.i not in used:
            return proposal
    return None


def _consented(said: Sequence[Said], s: Said, what: str, used: set[int]
               ) -> list[tuple[Said, int, str | None]]:
    """What a question put to the room (``what``: what it names, "" for "that") settles
    when the answers agree: (sentence, strength, text) for each decision."""
    replies = [r for r in said[s.i + 1:s.i + 3] if r.speaker is None or r.speaker != s.speaker]
    silence = re.search(r"\b(?:nobody|no\s+one|no-one)\s+objects\b", s.text, re.IGNORECASE)
    if silence and not replies:
        replies = list(said[s.i + 1:s.i + 2])  # the chair's own "Nobody objects? Good."
    # "Does anyone object?" "No.": a no agrees
    negative = re.search(r"\b(?:object|objection|disagree|mind|against|concerns?)\b", s.text, re.IGNORECASE)
    yes, no = (no_objection, objects) if negative else (agrees, disagrees)
    if silence:
        yes = silence_agrees  # "Nobody objects? Good, ..."
    if not replies or not yes(replies[0].text) or any(no(r.text) for r in replies):
        return []
    if what and len(stems(what)) > 1 and not re.search(r"\b(?:it|that|this|them)\b", what):
        return [(s, WEAK, what)]  # "Are we all fine with version B, with search?"
    out: list[tuple[Said, int, str | None]] = []
    for prior in said[max(0, s.i - 2):s.i][::-1]:  # what was just proposed
        if filler(prior.text) and prior.speaker == s.speaker:
            continue  # "So, what if we ...?" "Um. Is everyone okay with that?"
        if asks_to(prior.text) and prior.i not in used:
            return out + [(prior, WEAK, None)]  # "Shall we drop the Friday session?" "Any objections?"
        if prior.question or not _statement(prior) or prior.i in used:
            break
        if not proposes(prior.text) and (prior.speaker is None or prior.speaker != s.speaker):
            continue  # someone else's remark, not what was put to the room
        if out and not proposes(prior.text):
            break  # "On highways, the engineer has withdrawn his objection. I propose we ..."
        out.append((prior, WEAK, approved_record(prior.text, s.text)))
    return out


JUDGE_DECIDED = 0.5


def _judged(judge: Judge, said: Sequence[Said], f: _Found) -> bool:
    p = judge.probability(f'Did the group decide this now: "{f.item.text}"?',
                          excerpt(said, f.i - 1, f.i + 3))
    return p is None or p >= JUDGE_DECIDED
