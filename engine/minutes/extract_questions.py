"""Open questions: raised and left open, not every sentence that ends in "?".

A question is open when nobody answers it (the last thing said), or when the meeting says
so: its answer says nobody knows yet ("I honestly
don't know", "good question, I'm not sure", "we'd need a quote", "let me check", "we haven't
decided yet") within the next few sentences, or it is announced as open ("One open
question." and the question after it; "The real question is why ...", "I keep wondering
whether ..."). A question answered there ("We do, yes", "The custom one"), answered by a
decision, asked to run the meeting ("Anything else?", "Nina?", "What do you all think?"),
asking for a nod ("..., right?") or for the room's consent, or asking someone to do
something (an action item) is not open. A question asked right after an open one, before
anyone moves on ("Who would know?"), belongs to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from engine.minutes.extract_asked import in_context, reported
from engine.minutes.extract_cues import clean, commitment, first_verb, strip_filler
from engine.minutes.extract_due import due
from engine.minutes.extract_judge import Judge, excerpt
from engine.minutes.extract_learned import GAP_S, Reading
from engine.minutes.extract_open_cues import announces_question, open_cue
from engine.minutes.extract_refs import base_verb
from engine.minutes.extract_requests import CAN_SOMEONE, call, request
from engine.minutes.extract_talk import (
    agrees,
    consent,
    direct,
    filler,
    follows_up,
    guesses,
    hedges,
    moves_on,
    nods,
    not_me,
    outright,
    procedural,
    proposes,
    puts_off,
    uncertain,
    untold,
)
from engine.minutes.extract_types import Item, Said
from engine.minutes.words import ASKING, SPEECH_NOW_VERBS, content_words

ANSWER_WITHIN = 3  # sentences (noises and "good question" aside) that may answer a question
JUDGE_OPEN = 0.5  # P(yes) from which the judge's "left open" counts
FOLLOW_UP_WITHIN = 2  # sentences after an open question's answer that may still be about it


_ASKS = re.compile(r"^(?:" + ASKING + r"|had|may|might|must|whose)\b", re.IGNORECASE)


# where a question may start after what it is about ("And the nurse tonight, has anyone
# confirmed she's coming?", "Wait, are we playing on Tuesday?")
_CLAUSE = re.compile(r",\s+(?:but\s+|and\s+)?")
# A question inside a statement ("When he actually finishes is anyone's guess.", "Nobody's
# said why.", "I can't tell you if we'd get it."): a question word, or "if" after a verb of
# knowing or telling. Most such statements ask nothing ("That's what we agreed."): only the
# learned reading's likely ones are taken (``spottable``), none by the rules.
_EMBEDDED = re.compile(
    r"\b(?:whether|why|how|who|what|when|where|which)\b|\b(?:know|knows|tell|told|sure|asked|"
    r"asking|wonder|wondering|idea|guess|clue|out|said|say|check|see)\s+(?:\w+\s+)?if\b",
    re.IGNORECASE)


def _candidate(s: Said, used: set[int], embedded: bool = False) -> bool:
    """A question that may be open (with ``embedded``, also one said inside a statement,
    ``_EMBEDDED``): not a request, a turn-taking or consent question, nor a date or a guess
    offered as an answer ("A first draft by next Wednesday?", "I think so?")."""
    fragment = s.question and due(s.text) and not any(
        _ASKS.match(strip_filler(c)) for c in _CLAUSE.split(s.text))
    asks = s.question or reported(s.text) or (embedded and bool(_EMBEDDED.search(s.text)))
    return asks and s.i not in used and not procedural(s.text) \
        and consent(s.text) is None and not fragment and not puts_off(s.text) and not guesses(s.text) \
        and not _calls_for_work(s)


def _calls_for_work(s: Said) -> bool:
    """"Can someone book a room for that?": a call for a volunteer to do something, a task
    whoever takes it (not "Can someone tell me why the invoices doubled?")."""
    if not (s.question and _SOMEONE.match(strip_filler(s.text))):
        return False  # "Who's guiding the ninth?" may be left open
    task = call(s.text, base_verb)
    return task is not None and first_verb(task) not in SPEECH_NOW_VERBS


_SOMEONE = re.compile(CAN_SOMEONE + r"\b", re.IGNORECASE)


def _answer(said: Sequence[Said], end: int) -> list[Said]:
    """The sentences after sentence ``end`` that may answer it: up to ANSWER_WITHIN that
    say something, up to the next question; after a question asked back and its asker's
    reply ("Could I do that this summer?" "What's it cost?" "Three hundred." "I can't say yes
    today.")."""
    out: list[Said] = []
    for s in said[_asked_back(said, end) + 1:]:
        if _interjection(s):
            continue  # "Honestly? No idea.": the answer goes on
        if _ends_answer(s):
            break  # but "That depends on the permit, doesn't it?", "March, possibly?" answer
        out.append(s)
        if len([x for x in out if not filler(x.text)]) >= ANSWER_WITHIN:
            break
    return out


def _ends_answer(s: Said) -> bool:
    """A new question, not one that answers ("Can we talk about that once ...?", "..., doesn't
    it?", "March, possibly?")."""
    return s.question and not puts_off(s.text) and not nods(s.text) and not guesses(s.text)


def _asked_back(said: Sequence[Said], end: int) -> int:
    """The last sentence of a question asked back at once by another speaker and answered by
    the asker ("What's it cost?" "Three hundred and eighty. Two days."); ``end`` if none."""
    asker = said[end].speaker
    back = said[end + 1] if end + 1 < len(said) else None
    if asker is None or back is None or back.speaker in (None, asker) or _interjection(back) \
            or not _ends_answer(back):
        return end
    k = end + 2
    while k < len(said) and said[k].speaker == asker and not said[k].question:
        k += 1
    return k - 1 if k > end + 2 else end


def _interjection(s: Said) -> bool:
    """A one-word question that opens an answer ("Honestly?", "Genuinely?", "Really?",
    "Me?"): it asks nothing."""
    return s.question and len(re.findall(r"[\w'’-]+", s.text)) == 1


_WH = re.compile(r"\b(?:whether|if|why|how|what|when|who|where)\s+[\w'’]+\s+[\w'’]+", re.IGNORECASE)


def _own(s: Said) -> bool:
    """An open cue with a question of its own ("So we still don't know whether it's his
    eyes."): the open question, even said as an answer to another."""
    return bool(_WH.search(s.text)) and len(s.text.split()) > 6


def _left_open(said: Sequence[Said], run: list[Said], answer: list[Said]) -> bool:
    """Whether the answers leave the question open: nobody answers (it ends the meeting, or
    the meeting moves on: "Right. Item four, ..."), or they hedge ("Maybe.", "If she is,
    ..."), don't know ("I honestly couldn't tell you") or put it off ("Can we talk about that
    once we know more?"). An open cue with its own question is its own item."""
    nxt = [x for x in said[run[-1].i + 1:run[-1].i + 3] if not filler(x.text)]
    if run[-1].i + 1 == len(said) or (nxt and moves_on(nxt[0].text) and (
            nxt[0].speaker is None or nxt[0].speaker != run[0].speaker)):
        return True  # someone else moves on (the asker's own "Anyone else? Okay, next." asks nothing)
    return any((uncertain(a.text) and not (open_cue(a.text) and _own(a))) or hedges(a.text)
               or puts_off(a.text) or untold(a.text) for a in _replies(answer)) \
        or _nobody_takes(said, run, answer)


def _replies(answer: list[Said]) -> list[Said]:
    """The answer up to a question of its own raised in it: what is said from there is
    about that one ("And the price?" "I'll send the quote tomorrow." "One point we haven't
    resolved is whether the manuals cover Cyprus. I can't give you an answer today.")."""
    for k, a in enumerate(answer):
        if open_cue(a.text) and _own(a):
            return answer[:k]
    return answer


def _nobody_takes(said: Sequence[Said], run: list[Said], answer: list[Said]) -> bool:
    """"Who's running the bar?" "Not me." "Don't look at me.": nobody takes it on, unless
    someone then does ("Fine, I'll do it.")."""
    refused = [a for a in answer if not_me(a.text)
               and (a.speaker is None or a.speaker != run[0].speaker)]
    if not refused:
        return False
    return not any(commitment(x.text) is not None for x in said[refused[-1].i + 1:refused[-1].i + 3])


_FIND_OUT = {"ask", "ring", "call", "phone", "check", "email", "contact", "find", "look", "chase", "query",
             "investigate", "confirm", "clarify"}


def _chased(said: Sequence[Said], run: list[Said]) -> bool:
    """Someone else is asked at once to find the answer ("Why did the invoices come twice?
    ..." "Rosa, could you ring the lab and ask for a statement?"): it is open till then."""
    for nxt in said[run[-1].i + 1:run[-1].i + 3]:
        if nxt.speaker is not None and nxt.speaker == run[0].speaker:
            continue
        asked = request(nxt.text, set())
        return asked is not None and asked[1].split(" ", 1)[0] in _FIND_OUT
    return False


def questions(said: Sequence[Said], used: set[int], judge: Judge | None = None,
              reading: Reading | None = None) -> list[Item]:
    """The open questions. ``used``: sentences already taken as action items or decisions;
    ``judge``: asked about a question neither answered at once nor said to be open;
    ``reading``: the learned classifiers' (extract_learned.py), whose likely open questions
    are added where the rules found none, and whose all but impossible ones a rule took are
    left out ("Write it in the diary, and we'll see whether it shows up on the rota.")."""
    ruled = [(i, item) for i, item in _ruled(said, used, judge)
             if reading is None or not reading.unlikely("question", [i])]
    found = [item for _, item in ruled]
    likely = reading.likely("question", {i for i, _ in ruled}) if reading else set()
    spotted = [said[i] for i in sorted(likely) if spottable(said, said[i], used, found)]
    return _whole(sorted(found + [Item(clean(in_context(said, [s])), s.start) for s in spotted],
                         key=lambda item: item.start))


def _whole(items: list[Item]) -> list[Item]:
    """Items but those another one said about the same time holds already ("They keep asking
    who pays for the cellar." inside "The launderette? They keep asking who pays for the
    cellar.", a question asked and the open cue that follows it)."""
    return [a for a in items if not any(
        b is not a and abs(b.start - a.start) <= GAP_S and a.text in b.text
        and len(b.text) > len(a.text) for b in items)]


def _ruled(said: Sequence[Said], used: set[int], judge: Judge | None) -> list[tuple[int, Item]]:
    """The open questions the rules find, each with the sentence it starts in."""
    found: list[tuple[int, Item]] = []
    follow_until = -1  # sentences up to this index follow an open question
    answering_until = -1  # sentences up to this index answer the last question asked
    i = 0
    while i < len(said):
        s = said[i]
        if not s.question and not (reported(s.text) and not open_cue(s.text)):
            if s.i not in used and ((open_cue(s.text) and (s.i > answering_until or _own(s)))
                                    or (untold(s.text) and s.i > answering_until)):
                found.append((s.i, Item(clean(in_context(said, [s])), s.start)))
                follow_until = s.i + FOLLOW_UP_WITHIN
            i += 1
            continue
        if not _candidate(s, used) or (s.i <= follow_until and found and len(
                content_words(s.text) - content_words(found[-1][1].text)) <= 1):
            i += 1  # "Who would know?" after an open question: part of it
            continue
        # the question's run: one asker's questions in a row ("What salary range are we
        # offering? Did HR confirm the band?")
        run = [s]
        while run[-1].i + 1 < len(said):
            nxt = said[run[-1].i + 1]
            if not nxt.question or nxt.i in used or (nxt.speaker is not None
                                                      and nxt.speaker != s.speaker):
                break
            if (procedural(nxt.text) and not nods(nxt.text)) or consent(nxt.text) is not None \
                    or moves_on(nxt.text):
                break  # but "Should we offer compensation? The policy says so, doesn't it?"
            run.append(nxt)
        marker = announces_question(said[s.i - 1].text) if s.i > 0 else None
        before = said[s.i - 1] if s.i > 0 else None  # the asker's own words, just before
        own = before is not None and (before.start == s.start if s.speaker is None
                                      else before.speaker == s.speaker)
        if own and uncertain(before.text) and not open_cue(before.text):
            marker = True  # "One thing I still can't explain, though. Why did ...?"
        answer = _answer(said, run[-1].i)
        said_back = [a for a in answer if not filler(a.text)]
        answered = bool(said_back) and direct(said_back[0].text)
        is_open = bool(marker) or any(open_cue(q.text) for q in run) or _left_open(said, run, answer) \
            or (not answered and any(follows_up(a.text) for a in answer)) or _chased(said, run)
        if not is_open and not answered and said_back and judge is not None:
            text = " ".join(q.text for q in run)
            p = judge.probability(f'Is the question "{text}" left open: does the meeting '
                                  "leave it without an answer?", excerpt(said, s.i, answer[-1].i))
            is_open = p is not None and p >= JUDGE_OPEN
        answering_until = answer[-1].i if answer else run[-1].i  # "..., it's an open research question."
        if is_open:
            found.append((s.i, Item(clean(in_context(said, run)), s.start)))
            follow_until = answering_until + FOLLOW_UP_WITHIN
        i = run[-1].i + 1
    return found


def spottable(said: Sequence[Said], s: Said, used: set[int], found: Sequence[Item] = ()
              ) -> bool:
    """Whether a sentence the classifier took for an open question can be one: a question
    that may be open, asked or said inside a statement (``_candidate``), not answered at
    once ("We do, about two thousand."), not a proposal the next speaker agrees to ("Shall
    we go with blue?" "Sure."), with no open question the rules found near it."""
    nxt = said[s.i + 1] if s.i + 1 < len(said) else None
    agreed = proposes(s.text) and nxt is not None and nxt.speaker != s.speaker \
        and agrees(nxt.text)
    said_back = [a for a in _answer(said, s.i) if not filler(a.text)]
    answered = bool(said_back) and outright(said_back[0].text)
    return _candidate(s, used, embedded=True) and not agreed and not answered \
        and all(abs(f.start - s.start) > GAP_S for f in found)
