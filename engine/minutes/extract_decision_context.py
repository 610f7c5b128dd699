"""What a decision said in a few words was about, so the minutes can be read on their own.

A choice is often closed in a word or two after the talk that made it: "Okay, split it is.
Half on Tuesdays, half on Fridays, starting next week.", "Okay, the coach it is.", "Let's go
with that." As an item of the minutes such a sentence needs

- the rest of its speaker's turn when that only spells the choice out ("Half on Tuesdays,
  half on Fridays, starting next week.", "Tonight.", "Thursday the ninth, not Monday."):
  ``elaboration``;
- the topic its speaker announced before ("Right, so, the tour." -> "The tour: The coach
  it is."), and what was chosen between: the question it answers ("Coach or train,
  though?"), the options laid out ("We've got the blue one and the green one."), or the
  proposal "that" agrees to ("One minute, any failure rate over two percent."):
  ``with_context``;
- what its speaker says around it, in the same turn, to explain it ("My proposal is that
  every line without a study goes to cryopreservation." with "We keep embryos, not mice."):
  ``with_turn``.

Everything added is quoted from the meeting, so nothing can be invented.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from engine.minutes.extract_asked import names_something, same_turn, talk_before
from engine.minutes.extract_choices import CHOICE_BACK, context, verbless
from engine.minutes.extract_cues import commitment, strip_filler
from engine.minutes.extract_decision_cues import marker, said_as_decision
from engine.minutes.extract_meeting_running import MEETING_ENDS
from engine.minutes.extract_refs import TOPIC_WINDOW, topic
from engine.minutes.extract_requests import request
from engine.minutes.extract_talk import agrees, filler, moves_on, procedural
from engine.minutes.extract_types import Item, Said
from engine.minutes.words import STOPWORDS, TASK_VERBS, content_words

TURN_WORDS = 30  # a sentence of the decision's turn this long or shorter may be quoted with it
TURN_AFTER = 2  # sentences of the turn after a decision that may be quoted with it
ELABORATION_WORDS = 10  # a verbless sentence this long or shorter may spell a choice out
ELABORATION_BACK = 2  # sentences of the speaker's turn after a decision that may spell it out
QUESTION_BACK = 4  # sentences before a decision that may hold the proposal it agrees to
# A pronoun as what is acted on ("we'll take it", "then do that"), not "Sunday it is".
_POINTS_BACK = re.compile(r"\b(?:it|that|them|this|those|these)\b(?!\s+(?:is|was|are|were)\b|['’]s)",
                          re.IGNORECASE)
_OPTIONS = re.compile(r"\b(?:or|options?|either|versus|vs)\b", re.IGNORECASE)
_ORDERS = TASK_VERBS | {"scrap", "keep", "stop", "cut", "use", "go", "do", "let", "leave", "skip"}
_ADDRESSED = re.compile(r"^[A-Z][a-z]+,\s")  # "Callum, ..."
_IS = re.compile(r"\b(?:that|it|there|here|what|he|she|who)['’]s\b", re.IGNORECASE)
_NEXT_POINT = r"first|second|third|finally|lastly|item|moving\s+on"  # the meeting's next point
_ITEM = re.compile(rf"^(?:next\s+item|{_NEXT_POINT})\b", re.IGNORECASE)  # "Third, change four two nine."
_AGENDA = re.compile(rf"^(?:next|now|{_NEXT_POINT})\b", re.IGNORECASE)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)]
            break
    return word[:-1] if len(word) > 3 and word[-1] == word[-2] else word


def stems(text: str) -> set[str]:
    """The content words of ``text``, roughly stemmed ("tents" and "tent" alike)."""
    return {_stem(w) for w in re.findall(r"[a-z]+", text.lower())
            if w not in STOPWORDS and len(w) > 2}


def _first_word(text: str) -> str:
    words = re.findall(r"[a-z]+", strip_filler(text).lower())
    return words[0] if words else ""


def elaboration(said: Sequence[Said], i: int) -> list[Said]:
    """The sentences right after sentence ``i``, in its speaker's turn, that spell its
    choice out ("Tonight.", "Half on Tuesdays, half on Fridays, starting next week.")."""
    found: list[Said] = []
    for s in said[i + 1:i + 1 + ELABORATION_BACK]:
        if not same_turn(said[i], s) or not _spells_out(s):
            break
        found.append(s)
    return found


def _spells_out(s: Said) -> bool:
    """A short statement without a verb of its own: not a question, a thank-you, a yes, the
    next topic, a decision or an order of its own ("Scrap the aluminium.", "Callum, the
    final pack by Monday.")."""
    text = s.text.strip()
    if s.question or len(text.split()) > ELABORATION_WORDS or not stems(text) \
            or not verbless(text) or _IS.search(text) or _ADDRESSED.match(text) \
            or _first_word(text) in _ORDERS:
        return False
    return not (filler(text) or agrees(text) or moves_on(text) or procedural(text)
                or _AGENDA.match(text) or topic(text) is not None or said_as_decision(text)
                or marker(text) or MEETING_ENDS.search(text) or commitment(text) is not None
                or request(text, set()) is not None)


def with_context(item: Item, said: Sequence[Said], i: int) -> Item:
    """``item`` (a decision said in sentence ``i``) as the minutes give it: as said when it
    names what it decides; else after the topic its speaker announced, and with what it was
    chosen between ("The tour: The coach it is. (Coach or train, though?)")."""
    named = len(stems(item.text))
    if named > (2 if verbless(item.text) else 1) and not (named <= 3 and _POINTS_BACK.search(item.text)):
        return item  # "The blue ones.", "We stop fitting them." say little
    subject = _topic(said, i)
    chosen_for = _chosen_for(said, i, item.text, loosely=subject is None)
    if chosen_for and subject and stems(subject) <= stems(chosen_for):
        subject = None  # "Coach or train for the tour?" names the tour already
    if not subject and (not chosen_for or len(stems(chosen_for) - stems(item.text)) <= 1):
        # the two sentences of the talk before it that say most, before a question that
        # only offers the choice ("July or August?")
        before = talk_before(said, i, f"{item.text} {chosen_for or ''}", decided=False)
        chosen_for = " ".join(t for t in (before, chosen_for) if t) or None
    text = f"{subject[:1].upper()}{subject[1:]}: {item.text}" if subject else item.text
    return Item(f"{text} ({chosen_for})" if chosen_for else text, item.start)


def with_turn(item: Item, said: Sequence[Said], i: int, taken: set[int]) -> Item:
    """``item`` (a decision said in sentence ``i``) with what its speaker says around it to
    explain it, in the same turn: the sentence just before ("My proposal is that every line
    without a study goes to cryopreservation." for "We keep embryos, not mice.") and up to
    TURN_AFTER after ("We put our own survey data on top and mark it as ours." for "Then we
    stop trusting the council file."): what was chosen is often said in the sentence next
    to the one that closes it. Not quoted: questions, sentences that add nothing ("Good."),
    that run the meeting ("Next item, the pitch fees.") or are items of the minutes
    themselves (``taken``: another decision, an order to Ravi)."""
    have = stems(item.text)
    after = []
    for s in said[i + 1:i + 1 + TURN_AFTER]:
        if not same_turn(said[i], s) or not _explains(s, have, taken):
            break
        after.append(s)
    prev = said[i - 1] if i > 0 else None
    before = [prev] if prev and same_turn(prev, said[i]) and _explains(prev, have, taken) else []
    quoted = [s.text.strip() for s in before + after]
    return Item(f"{item.text} ({' '.join(quoted)})", item.start) if quoted else item


def _explains(s: Said, have: set[str], taken: set[int]) -> bool:
    """Whether sentence ``s`` of a decision's turn says more about it (``have``: the stems
    the item says already)."""
    text = s.text.strip()
    return not s.question and s.i not in taken and len(stems(text) - have) >= 2 \
        and len(text.split()) <= TURN_WORDS and not (
            filler(text) or agrees(text) or moves_on(text) or topic(text) is not None
            or _ITEM.match(text) or MEETING_ENDS.search(text))


def _topic(said: Sequence[Said], i: int) -> str | None:
    """The topic announced before sentence ``i``: the latest its own speaker announced
    ("Right, so, the tour."), else the latest anyone did, a few sentences back."""
    anyone = None
    for j in range(i - 1, max(-1, i - 1 - TOPIC_WINDOW), -1):
        found = topic(said[j].text)
        if found and found.split()[0].lower() in ("that", "this"):
            found = None  # "That works.", "This one." answer; they announce nothing
        if found and same_turn(said[j], said[i]):
            return found
        anyone = anyone or found
    return anyone


def _chosen_for(said: Sequence[Said], i: int, text: str, loosely: bool) -> str | None:
    """What the decision of sentence ``i`` chose between: a list of options before it that
    shares a word with it ("Coach or train, though?" for "The coach it is."; not the nod
    asked for after them, "Can we live with the coach?"), else such a question,
    else the latest sentence that does ("Warehouse, then." for the chase); for a decision
    on "it" or "that", the proposal before it, past the agreements ("One minute, any
    failure rate over two percent." / "Agreed." / "Let's go with that."), only ``loosely``,
    when no topic says what it is about ("The old van: We sell it.")."""
    mine = content_words(text)
    asked = [p for p in said[max(0, i - CHOICE_BACK):i][::-1]
             if (p.question or _OPTIONS.search(p.text)) and mine & content_words(p.text)
             and not content_words(p.text) <= mine and not procedural(p.text)]
    options = [p for p in asked if _OPTIONS.search(p.text)]
    if asked:
        return (options or asked)[0].text.strip()
    shared = context(said, said[i], text)
    if shared or not loosely:
        return shared
    recent = said[max(0, i - QUESTION_BACK):i][::-1]
    if _POINTS_BACK.search(text):
        for prior in recent:
            if agrees(prior.text) or filler(prior.text):
                continue
            if names_something(prior) and prior.start != said[i].start \
                    and not said_as_decision(prior.text):
                return prior.text.strip()
            break
    return None
