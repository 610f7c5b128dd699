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

from engine.minutes.extract_choices import bare_choice, context, verbless
from engine.minutes.extract_cues import clean, commitment, concludes, request, strip_filler
from engine.minutes.extract_judge import Judge, excerpt
from engine.minutes.extract_refs import TOPIC_WINDOW, topic
from engine.minutes.extract_talk import (
    PUT_OFF,
    agrees,
    agrees_strongly,
    consent,
    disagrees,
    filler,
    proposes,
)
from engine.minutes.extract_types import Item, Said
from engine.minutes.extract_votes import approved_record, carried
from engine.minutes.words import MONTHS, STOPWORDS, WEEKDAYS

_PAST = re.compile(r"\b(?:last\s+(?:year|week|month|time|sprint|quarter|meeting|spring|summer|"
                   r"autumn|fall|winter)|yesterday|ago|earlier|previously|back\s+(?:in|at|when|then|before)|already|"
                   r"in\s+(?:" + "|".join(MONTHS) + r")|on\s+(?:" + "|".join(WEEKDAYS) + r"))\b",
                   re.IGNORECASE)
_CARRIED = re.compile(r"\b(?:motion|proposal|resolution|amendment)\s+(?:is\s+)?(?:carried|passed|"
                      r"approved|adopted)\b", re.IGNORECASE)
_SETTLED = re.compile(
    r"\bwe(?:['’]ve|\s+have|\s+had)?\s+(?:just\s+|now\s+)?(?P<v>decided|agreed|settled)\b"
    r"|\bwe\s+(?:decide|agree)\s+(?:to|that|on)\b"
    r"|\b(?:it['’]s|it\s+is|that['’]s|that\s+is|we['’]re|we\s+are|everything['’]s|so)\s+(?:all\s+)?"
    r"(?:decided|settled|agreed|final)\b|\bthat['’]s\s+a\s+(?:no|yes|go)\s+(?:to|for|on)\b"
    r"|\bsettled\s+on\b|\b(?:the\s+)?decision\s+is\b|\bdecision\s*:|\bdone\s+deal\b|"
    r"\bso\s+be\s+it\b|\bthat['’]s\s+that\b|\bwe['’]ve\s+landed\s+on\b|\bthe\s+consensus\s+is\b|"
    r"\b(?:so|okay|ok|then|right)[,]?\s+the\s+plan\s+is\b|" + _CARRIED.pattern,
    re.IGNORECASE)
_REPORTED = re.compile(r"\b(?:we\s+said\s+we['’]d|we\s+had\s+(?:decided|agreed)|"
                       r"(?:he|she|they)\s+(?:decided|agreed))\b", re.IGNORECASE)
# "We decided at Christmas to keep it small": a time or place put between the verb and what
# was decided tells a story; a decision made now says what at once ("we decided to ...").
_DECIDED_WHEN = re.compile(r"\bwe\s+(?:decided|agreed)\s+(?:back\s+)?(?:at|in|during|over|after|"
                           r"before|when|last|earlier|this)\b[^,.;]{0,30}?\s(?:to|that|not\s+to|there|we|they|it)\b",
                           re.IGNORECASE)
_DEFERRED = re.compile(
    r"\b(?:not\s+(?:yet\s+)?decided?|haven['’]t\s+(?:yet\s+)?decided|have\s+not\s+decided|"
    r"undecided|can['’]t\s+decide|cannot\s+decide|let['’]s\s+not|decide\s+(?:\w+\s+){0,4}?"
    r"(?:later|next|after|when|once|tomorrow)|decision\s+(?:\w+\s+){0,3}?(?:later|next|after|when|once|"
    r"tomorrow)|at\s+the\s+next\s+meeting|next\s+time|"
    + PUT_OFF + r"|another\s+time|no\s+rush|leave\s+(?:\w+\s+){1,5}?(?:for|till|until)\s+(?:the\s+)?"
    r"(?:next|later|another|new\s+year|agm|egm|board|review|retreat|offsite|(?-i:[A-Z]{2,}))|"
    r"leave\s+(?:that|it|this)(?:\s+one)?\s+open|cross\s+that\s+bridge|hold\s+(?:that|it|this)\s+(?:\w+\s+){0,2}?(?:until|till)|"
    r"(?:discuss|talk\s+about|revisit|come\s+back\s+to|think\s+about|look\s+at)\s+"
    r"(?:\w+\s+){0,3}?(?:later|next|again|offline|after|once|when|at\s+the|in\s+(?:"
    + "|".join(MONTHS) + r"|the\s+new\s+year|a\s+(?:week|month)|\w+\s+(?:weeks|months))))\b",
    re.IGNORECASE)
_LETS = re.compile(r"\blet['’]s\s+(?P<verb>[a-z]+)(?P<rest>[^.?!]*)", re.IGNORECASE)
_LETS_RUNNING = re.compile(
    r"^(?:start|begin|get\s+started|get\s+going|go\s+(?:one|round|around|through|over|back|on|"
    r"ahead|first)|move\s+on|wrap|hear|see|look\s+at|talk|discuss|think|decide|continue|recap|"
    r"plan|review|go\s+over|run\s+through|get\s+into|dive|turn|come\s+back|kick|crack\s+on|"
    r"get\s+(?:on|going|cracking)|jump|circle\s+back|park|table|make\s+a\s+start|"
    r"have\s+a\s+(?:good|great|quiet|smooth|safe)\s+(?:one|service|day|shift|night|weekend|show)|"
    r"summari[sz]e|meet|catch\s+up|check\s+in|keep\s+(?:this|it)\s+(?:quick|short|brief)|"
    r"take\s+a\s+(?:break|look|step)|focus|be\s|do\s+(?:it|that|this)\b|say|call\s+it|"
    r"have\s+a\s+look|ask|call|email|phone|ping|text|message|tell|check|contact|invite|remind|"
    r"write\s+to|reach|get\s+in\s+touch|find\s+out|look\s+into|follow\s+up|hope|not)\b",
    re.IGNORECASE)
_LETS_MARKER = re.compile(r"^(?:try|do)\s+(?:this|the\s+following)\s*[.:!]?$", re.IGNORECASE)
_WILL = re.compile(
    r"(?:^|[,;]\s*(?:(?i:so|then|and\s+so)\s+)?|\b(?i:so|then)\s+)(?i:we)(?:['’]ll|\s+will|"
    r"\s+are\s+going\s+to|['’]re\s+going\s+to|\s+shall)\s+(?P<verb>[a-z]+)(?P<rest>[^.?!]*)")
_WILL_NOT = set("decide see talk discuss think need have figure look find get revisit come check "
                "ask know meet be probably also try pick let do".split())
# "We'll close there.", "we'll stop here for today", "The meeting closes at nine.": the
# meeting ends, nothing is decided
_MEETING_ENDS = re.compile(r"\bwe(?:['’]ll|\s+will|\s+are\s+going\s+to|['’]re\s+going\s+to|\s+shall)\s+"
                           r"(?:close|stop|finish|end|leave\s+it|wrap\s+up|call\s+it|break)(?:\s+(?:it|things))?"
                           r"\s+(?:there|here|now|for\s+(?:today|tonight|now))\b"
                           r"|\b(?:the\s+)?meeting\s+(?:is\s+)?(?:closes|closed|ends|is\s+over|adjourn)",
                           re.IGNORECASE)
_CONCLUDED = re.compile(
    r"(?:^|[,;]\s*)(?:(?i:so|then|fine|okay|ok|right|alright|good|great|in\s+that\s+case|"
    r"i\s+think|i['’]d\s+say|and\s+so|deal|agreed|done)[,]?\s+)+(?:(?i:then|so)\s+)?(?i:we)\s+"
    r"(?P<verb>[a-z]+)\b")
_IF_THEN = re.compile(r"^(?i:if|once|as\s+long\s+as)\b[^,]+,\s*(?:(?i:then)\s+)?(?i:we)\s+"
                      r"(?P<verb>[a-z]+)\b")
_NOT_DECIDING = set("are were have had need do don't dont did can could should would might may "
                    "must still already also just know think feel see got get was tried said "
                    "spent thought guess hope wanted want needed saw used agreed decided "
                    "were're've'd really probably".split())
_GO_WITH = re.compile(r"\bwe(?:['’]re)?\s+(?:go|going|stay|staying|stick|sticking)\s+(?:with|for)\b|"
                      r"\bwe\s+(?:stay|stick|remain)\s+at\b|"
                      r"\bwe\s+(?:hereby\s+)?(?:adopt|approve|accept|reject|endorse|ratify)\s+(?:the|this|that|it)\b",
                      re.IGNORECASE)
_IT_IS = re.compile(r"(?:^|[,.]\s*)(?:(?i:okay|ok|so|then|right|alright|fine)[,]?\s+)?"
                    r"(?P<x>[A-Za-z0-9][\w'’ -]{0,30}?)\s+it\s+is(?:,?\s+then)?[.!]?$")
# "Fine, three percent, then, from April.", "Okay, Thursday then.": the choice, concluded
_FINE_THEN = re.compile(r"^(?:(?:then|so|and)[,]?\s+)?(?:fine|okay|ok|right|good|alright|great)[,]?\s+"
                        r"(?P<x>[\w'’ -]{2,40}?),?\s+then\b(?![,]?\s+(?:I|we|you)\b)", re.IGNORECASE)
_POLICY = re.compile(r"\b(?:going\s+forward|from\s+now\s+on|in\s+(?:the\s+)?future|from\s+next\s+"
                     r"(?:week|month|sprint|quarter|year)|starting\s+(?:next|tomorrow|today|now))\b"
                     r"|(?:^|[,;]\s*)(?:(?:so|okay|ok|right|and)[,]?\s+)?(?:from|starting|as\s+of)\s+(?:tonight|"
                     r"today|tomorrow|this\s+\w+|next\s+\w+|(?:the\s+\w+\s+of\s+)?(?:"
                     + "|".join(MONTHS) + r")(?:\s+\w+)?|"
                     + "|".join(WEEKDAYS) + r"),\s+(?!I\b)",
                     re.IGNORECASE)
# "Okay, we're pausing the job.": what the group does from now, said as a conclusion.
_DOING = re.compile(r"(?:^|[,;]\s*)(?i:okay|ok|so|then|right|alright|fine)[,]?\s+(?i:we['’]re|we\s+are)"
                    r"\s+(?P<verb>[a-z]+ing)\s+(?:the|a|an|our|this|that|it|them)\b")
_NOT_DOING = set("seeing getting having looking talking waiting running trying doing working hoping "
                 "thinking missing losing still saying asking hearing starting covering discussing "
                 "reviewing moving going coming expecting joining".split())
_SO_THE = re.compile(r"(?:^|,\s*)(?i:so|then|okay,?\s+so|and\s+so|in\s+that\s+case)[,]?\s+"
                     r"(?:(?i:the|our|every|each)\s+(?:[\w-]+\s+){0,3}?|(?i:he|she|they|everyone|everybody)\s+|[A-Z][a-z]+\s+)"
                     r"(?P<verb>[a-z]+s|will\s+be)\b(?P<rest>[^.?!]*)")
# What a conclusion says happens to a thing: "so the current rule stays", "then the trip goes
# ahead", "so the launch moves to June" (any verb will do with a date after it).
_BECOMES = set("stays remains continues goes moves changes starts ends launches ships opens "
               "closes applies gets happens runs joins leaves".split())
_WHEN = re.compile(r"^(?:\s+(?:ahead|forward|out|back|up|on|off))?\s+(?:on|in|at|from|by|next|"
                   r"this|until|to)\b")
_DATE = re.compile(r"\b(?:" + "|".join(WEEKDAYS + MONTHS) + r"|tomorrow|next|week|month|"
                   r"\d+|first|second|third|\w+th)\b", re.IGNORECASE)
_SPLIT = re.compile(r",\s+and\s+(?=(?:the|our|every|all|each|we|this|these|those)\s+\w+\s+\w+\s+\w+)",
                    re.IGNORECASE)
_CLOSING = re.compile(r"\b(?:thanks|thank you|bye|see you|good night|talk soon)\b", re.IGNORECASE)
STRONG, WEAK = 2, 1


@dataclass(frozen=True)
class _Found:
    item: Item
    i: int
    strength: int
    who: int | None = None  # the speaker


def _no_objection(sentence: str) -> bool:
    return disagrees(sentence) or bool(re.match(
        r"^(?:(?:um|uh|oh|well)[,.]?\s+)*(?:not at all|none|no objections?|go ahead|fine by me)\b",
        sentence.strip(), re.IGNORECASE))


def _silence_agrees(sentence: str) -> bool:
    """After "Nobody objects?": a yes, a "no objection", or the chair's "Good." / "Right."."""
    return agrees(sentence) or _no_objection(sentence) or bool(re.match(
        r"^(?:good|great|right|excellent|lovely|splendid)\b", sentence.strip(), re.IGNORECASE))


def _objects(sentence: str) -> bool:
    return bool(re.match(r"^(?:(?:um|uh|well)[,.]?\s+)*(?:yes|yeah|i do|i object|actually|"
                         r"i disagree|i['’]m against)\b", sentence.strip(), re.IGNORECASE))


def _past(sentence: str) -> bool:
    m = _SETTLED.search(sentence)
    return bool(m and m.group("v") in ("decided", "agreed") and _PAST.search(sentence)) \
        or bool(_REPORTED.search(sentence) or _DECIDED_WHEN.search(sentence))


def _marker(sentence: str) -> bool:
    """"So we agreed." / "So that's settled." / "Let's try this.": the decision itself is
    said in the next sentence (or was in the last)."""
    text = strip_filler(sentence)
    m = _LETS.search(text)
    if m and _LETS_MARKER.match(m.group("verb") + m.group("rest")):
        return True
    if re.match(r"^(?:(?:agreed|settled|decided|done|deal)[,]?\s+then|(?:that['’]s|it['’]s)\s+"
                r"(?:a\s+)?deal)[.!]?$", sentence.strip(), re.IGNORECASE):
        return True  # "Agreed then." (a bare "Agreed." answers; it announces nothing)
    if _CARRIED.search(text):
        return False  # "Motion carried.": the vote's outcome is the decision itself
    rest = _SETTLED.sub("", text) if _SETTLED.search(text) else None
    return rest is not None and not re.search(r"[a-z]{3,}", re.sub(
        r"\b(?:so|then|okay|ok|great|good|right|alright|fine|we|are|all|now|it|that|is|then)\b",
        "", rest, flags=re.IGNORECASE).lower())


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
            and not agrees(nxt.text) and _words(nxt.text):
        return nxt
    if re.search(r"\bdone[.!]?$", s.text.strip(), re.IGNORECASE):
        return None  # "I've shared the link. Okay, done.": a yes to nothing said before
    for prev in said[max(0, s.i - 2):s.i][::-1]:  # "... as well. Both. Let's do that."
        if prev.question or (s.speaker is not None and prev.speaker != s.speaker):
            return None
        if len(prev.text.split()) > 2:  # not an answer ("Would he miss any?" "Just that.")
            answers = any(x.question for x in said[max(0, prev.i - 2):prev.i])
            return None if answers or _past(prev.text) or _DEFERRED.search(prev.text) else prev
    return None


def said_as_decision(sentence: str) -> bool:
    """Whether one sentence states a decision by itself (see the module's list); a clause
    that puts something off is left out ("July it is, let's fix the date next time")."""
    if sentence.rstrip().endswith("?") or _past(sentence) or _MEETING_ENDS.search(sentence):
        return False
    if _DEFERRED.search(sentence):
        clauses = re.split(r"(?<=[,;])\s+", sentence.strip())
        kept = [c for c in clauses if not _DEFERRED.search(c)]
        if not kept or len(kept) == len(clauses):
            return False
        sentence = " ".join(kept).rstrip(",;") + "."
    if _SETTLED.search(sentence) or _GO_WITH.search(sentence) or _POLICY.search(sentence):
        return True
    if concludes(sentence):
        return True  # "Then give them the ten percent.", "Move it to next quarter, then."
    m = _DOING.search(sentence)
    if m and m.group("verb").lower() not in _NOT_DOING:
        return True
    m = _LETS.search(sentence)
    if m and not _LETS_RUNNING.match(m.group("verb") + m.group("rest")) and \
            not re.match(r"go\b", m.group("verb"), re.IGNORECASE):
        return True
    if m and re.match(r"go\s+(?:with|for|ahead\s+with)\b", m.group("verb") + m.group("rest"),
                      re.IGNORECASE):
        return True
    m = _WILL.search(sentence)
    if m and m.group("verb").lower() == "do" and re.search(r",?\s+then[.!]?$", sentence.strip()):
        return True  # "We'll do the Rutter, then."
    if m and m.group("verb").lower() not in _WILL_NOT and not (
            m.group("verb").lower() == "go" and not re.match(r"\s+(?:with|for)\b", m.group("rest"))):
        return True
    for pattern in (_CONCLUDED, _IF_THEN):
        m = pattern.search(sentence)
        verb = m.group("verb").lower() if m else ""
        if verb == "do" and re.match(r"\s+(?:the|a|an|it|this|that)\s+\w", sentence[m.end():]):
            return True  # "Deal, we do the market" (not "We do, yes")
        if m and verb not in _NOT_DECIDING and not verb.endswith("ed"):
            return True
    m = _SO_THE.search(sentence)
    if m and m.group("verb").lower() not in ("was", "has", "does", "says", "seems", "looks",
                                             "means", "needs", "wants") and (
            m.group("verb").lower() in _BECOMES
            or (_WHEN.match(m.group("rest")) and _DATE.search(m.group("rest")))):
        return True  # "So the beta launches on April fourteenth", "so the current rule stays"
    m = _FINE_THEN.match(sentence.strip())
    if m and not _CLOSING.search(sentence) and not re.search(
            r"\b(?:see|talk|speak|catch|over|back|to|that|this|it)\b", m.group("x"), re.IGNORECASE):
        return True
    m = _IT_IS.search(sentence.strip())
    return bool(m and not re.search(r"\b(?:how|what|where|that['’]s|as|way|because|so|is|"
                                     r"was|the way|this|that)\b", m.group("x"), re.IGNORECASE))


# A proposal asked ("Why don't we try the new supplier?" "Sounds good.")
_ASKS_TO = re.compile(r"^(?:why\s+don['’]t\s+we|shall\s+we|how\s+about|what\s+if\s+we|should\s+we|"
                      r"could\s+we)\b", re.IGNORECASE)


def _asks_to(sentence: str) -> bool:
    """A proposal asked, not a turn of the meeting ("Shall we crack on?")."""
    m = _ASKS_TO.match(strip_filler(sentence))
    return bool(m) and not _LETS_RUNNING.match(strip_filler(sentence)[m.end():].strip())


_THINK_FIRST = re.compile(r"\b(?:consider|think\s+about|look\s+into|explore)\b", re.IGNORECASE)


def _floated(said: Sequence[Said], s: Said) -> bool:
    """A proposal only floated: to think about ("we could maybe consider a replica"), or put
    off by its own speaker at once ("We could go up five pounds. No rush, let's talk about it
    at the AGM."): a yes to it is a yes to waiting."""
    if _THINK_FIRST.search(s.text) or _DEFERRED.search(s.text):
        return True
    nxt = said[s.i + 1] if s.i + 1 < len(said) else None
    return nxt is not None and (nxt.speaker is None or nxt.speaker == s.speaker) \
        and bool(_DEFERRED.search(nxt.text))


def _statement(s: Said) -> bool:
    return not s.question and not filler(s.text) and not _CLOSING.search(s.text) \
        and commitment(s.text) is None and request(s.text, set()) is None


def _items(s: Said, text: str | None = None) -> list[Item]:
    """The decision(s) of one sentence: two when it joins two clauses with their own
    subjects ("we cap travel at forty thousand, and the trade fair flights come out of the
    marketing budget")."""
    text = clean(text if text is not None else s.text)
    parts = _SPLIT.split(text)
    return [Item(clean(p).rstrip(",") if k else p.rstrip(","), s.start)
            for k, p in enumerate(parts)]


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)]
            break
    return word[:-1] if len(word) > 3 and word[-1] == word[-2] else word


def _words(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[a-z]+", text.lower())
            if w not in STOPWORDS and len(w) > 2}


def _with_topic(item: Item, said: Sequence[Said], i: int) -> Item:
    """A decision that names nothing ("July it is.") with the topic announced before it
    ("Last item, the summer party." -> "The summer party: July it is.")."""
    if len(_words(item.text)) > (2 if verbless(item.text) else 1):  # "The blue ones." says little
        return item
    for j in range(i - 1, max(-1, i - 1 - TOPIC_WINDOW), -1):
        found = topic(said[j].text)
        if found:
            return Item(f"{found[:1].upper()}{found[1:]}: {item.text}", item.start)
    chosen_for = context(said, said[i], item.text)  # "Warehouse, then." for the chase
    return Item(f"{item.text} ({chosen_for})", item.start) if chosen_for else item


def _dedupe(found: list[_Found], window_s: float = 60.0) -> list[_Found]:
    """One decision said twice (put to the room, then stated; stated, then "so that's
    settled"): the stronger, else the first, stays."""
    kept: list[tuple[_Found, set[str]]] = []
    for f in sorted(found, key=lambda f: (f.i, f.item.start)):
        mine = _words(f.item.text)
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


def decisions(said: Sequence[Said], used: set[int], judge: Judge | None = None
              ) -> tuple[list[Item], set[int]]:
    """The decisions of the meeting, and the sentences they were said in. ``used``:
    sentences already taken as action items; ``judge``: asked whether a proposal agreed
    to, or put to the room, was decided."""
    found: list[_Found] = []

    def add(s: Said, strength: int, text: str | None = None) -> None:
        found.extend(_Found(_with_topic(item, said, s.i), s.i, strength, s.speaker)
                     for item in _items(s, text))

    for s in said:
        vote = carried(said, s)
        if vote is not None:
            add(s, STRONG, vote[1])
            continue
        sealed = _pointed_at(said, s)
        if sealed is not None:
            add(sealed, STRONG)
            continue
        if s.i in used and not _SETTLED.search(s.text):
            continue
        if _marker(s.text):
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
        if proposes(s.text) and (not s.question or _asks_to(s.text)) and not _floated(said, s):
            replies = [r for r in said[s.i + 1:s.i + 3]
                       if r.speaker is None or r.speaker != s.speaker]
            if replies and agrees_strongly(replies[0].text):
                add(s, WEAK)
    if judge is not None:  # a proposal or a consent the rules took as agreed
        found = [f for f in found if f.strength == STRONG or _judged(judge, said, f)]
    kept = _dedupe(found)
    return [f.item for f in kept], {f.i for f in kept}


def _marked(said: Sequence[Said], s: Said, used: set[int]) -> Said | None:
    """The sentence a settled marker settles: the one before it in the same turn when the
    turn ends there ("Okay, the blue ones. That's final."), else the next ("So we agreed.
    Version B, with tabs.")."""
    nxt = said[s.i + 1] if s.i + 1 < len(said) else None
    prev = said[s.i - 1] if s.i > 0 else None
    ends_turn = nxt is None or nxt.start != s.start
    if prev is not None and ends_turn and prev.start == s.start and _statement(prev) \
            and prev.i not in used:
        return prev
    if nxt is not None and _statement(nxt) and nxt.i not in used and not _DEFERRED.search(nxt.text):
        return nxt
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
    yes, no = (_no_objection, _objects) if negative else (agrees, disagrees)
    if silence:
        yes = _silence_agrees  # "Nobody objects? Good, ..."
    if not replies or not yes(replies[0].text) or any(no(r.text) for r in replies):
        return []
    if what and len(_words(what)) > 1 and not re.search(r"\b(?:it|that|this|them)\b", what):
        return [(s, WEAK, what)]  # "Are we all fine with version B, with search?"
    out: list[tuple[Said, int, str | None]] = []
    for prior in said[max(0, s.i - 2):s.i][::-1]:  # what was just proposed
        if _asks_to(prior.text) and prior.i not in used:
            return out + [(prior, WEAK, None)]  # "Shall we drop the Friday session?" "Any objections?"
        if prior.question or not _statement(prior) or prior.i in used:
            break
        if not proposes(prior.text) and (prior.speaker is None or prior.speaker != s.speaker):
            continue  # someone else's remark, not what was put to the room
        out.append((prior, WEAK, approved_record(prior.text, s.text)))
    return out


JUDGE_DECIDED = 0.5


def _judged(judge: Judge, said: Sequence[Said], f: _Found) -> bool:
    p = judge.probability(f'Did the group decide this now: "{f.item.text}"?',
                          excerpt(said, f.i - 1, f.i + 3))
    return p is None or p >= JUDGE_DECIDED
