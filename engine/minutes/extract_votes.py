"""Votes: a motion put, then its outcome in a word or two.

Boards, committees and co-ops decide by vote: "I move that we buy a second minibus."
"Seconded." "Those in favour?" ... "Carried, eleven to two." The outcome names nothing; the
decision is the motion (or what the chair says was carried: "Carried. Four hens, then.").
``carried`` finds the outcome and gives the motion it settles, so the minutes say "We buy a
second minibus (carried)" at the time it was carried.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from engine.minutes.extract_cues import strip_filler
from engine.minutes.extract_talk import proposes
from engine.minutes.extract_types import Said

MOTION_BACK = 10  # sentences before an outcome that may hold the motion it settles
_OUTCOME = re.compile(
    r"^(?:(?:okay|ok|right|so|good|then|and)[,.]?\s+)*(?:(?:the\s+)?(?:motion|proposal|resolution|"
    r"amendment|that|it|this)(?:['’]s|\s+is|\s+has)?\s+)?(?:carried|carries|passes|passed|"
    r"approved|adopted|unanimous)\b(?=\s*(?:[,.;:!]|$|unanimously|with\b|by\s+(?!the\s+(?:board|"
    r"committee|council)))|\s+\w+\s+(?:to|votes?)\b)"  # "It passes all the tests" is no vote
    r"|^(?:(?:okay|ok|right|so|good|then)[,.]?\s+)*unanimous(?:ly)?\b",
    re.IGNORECASE)
# "by six votes to two", "eleven to two", "unanimously", "with one abstention": the count
_TALLY = re.compile(r"^[,\s]*(?:(?:by\s+)?[\w-]+\s+(?:votes?\s+)?to\s+[\w-]+(?:\s+votes?)?|unanimously|"
                    r"with\s+[\w-]+\s+abstentions?)[,.!]?", re.IGNORECASE)
_NOT_CARRIED = re.compile(r"\b(?:not|n['’]t|fails?|failed|defeated|falls)\b", re.IGNORECASE)
# "Not carried, four to seven.", "The motion falls.": a vote lost decides nothing to minute
_LOST = re.compile(r"^(?:(?:okay|ok|right|so|then|and)[,.]?\s+)*(?:(?:the\s+)?(?:motion|proposal|"
                   r"resolution|amendment|that|it)(?:['’]s|\s+is|\s+has)?\s+)?(?:not\s+carried|"
                   r"falls|fails|failed|defeated)\b", re.IGNORECASE)
_MOTION = re.compile(
    r"\b(?:i\s+(?:formally\s+)?(?:move|propose)|(?:i['’]d|i\s+would)\s+like\s+to\s+(?:move|propose)|"
    r"(?:the\s+)?(?:motion|proposal|resolution|recommendation)\s+(?:is|before\s+us\s+is|on\s+the\s+table\s+is)|"
    r"motion\s+to)\b[:,]?\s*(?:that\s+|to\s+)?(?P<what>[^.?!]+)", re.IGNORECASE)
# "I'm proposing adult subs go up to a hundred and five.": a proposal said less formally than
# a motion; what the chair says was carried, when said, says it better
_PROPOSING = re.compile(r"\b(?:(?:i['’]m|i\s+am|we['’]re|we\s+are)\s+proposing|my\s+proposal\s+is)\b[:,]?\s*"
                        r"(?:that\s+|to\s+)?(?P<what>[^.?!]+)", re.IGNORECASE)
# "Show of hands for a hundred and five.", "All in favour of the hens?": what is voted on,
# in fewer words than a motion (what the chair says was carried says more)
_PUT_FOR = re.compile(r"\b(?:show\s+of\s+hands\s+(?:for|to)|(?:all|those)\s+in\s+favou?r\s+of)\s+"
                      r"(?P<what>[^.?!]+)", re.IGNORECASE)
_NEXT = re.compile(r"^(?:(?:okay|ok|right|so|good|now)[,.]?\s+)*(?:next|moving\s+on|item|on\s+to|thank)",
                   re.IGNORECASE)


def lost(text: str) -> bool:
    """Whether ``text`` says a vote was lost ("Not carried, four to seven.")."""
    return bool(_LOST.match(strip_filler(text)))


def carried(said: Sequence[Said], s: Said) -> tuple[Said, str] | None:
    """(the sentence of the motion, what it says) when ``s`` says a motion carried; None
    when it does not, or failed, or no motion was put in the sentences before."""
    text = strip_filler(s.text)
    if not _OUTCOME.match(text) or _NOT_CARRIED.search(text) or s.question:
        return None
    rest = _TALLY.sub("", _OUTCOME.sub("", text)).strip(" ,.!")
    if len(re.findall(r"[a-z]{3,}", rest.lower())) >= 3:  # "The motion passes, and the lane stays."
        rest = re.sub(r"^(?:and|so)\s+", "", rest)
        return s, f"{rest[:1].upper()}{rest[1:]}"
    before = said[max(0, s.i - MOTION_BACK):s.i][::-1]
    moved = _motion(before, _MOTION)
    if moved:
        return moved
    after = said[s.i + 1] if s.i + 1 < len(said) else None
    same = after is not None and (after.start == s.start if s.speaker is None else after.speaker == s.speaker)
    if not rest and same and _stated(after.text):
        what = strip_filler(after.text).rstrip(".!")  # "Carried. Four hens by the back fence."
        return after, f"{what[:1].upper()}{what[1:]} (carried)"
    moved = _motion(before, _PROPOSING) or _motion(before, _PUT_FOR)
    if moved:
        return moved
    for prior in before:
        if proposes(prior.text) and not prior.question:
            what = strip_filler(prior.text).rstrip(".!")  # "I think we should get four hens."
            return prior, f"{what[:1].upper()}{what[1:]} (carried)"
    return None


def _motion(before: Sequence[Said], pattern: re.Pattern) -> tuple[Said, str] | None:
    for prior in before:
        m = pattern.search(prior.text)
        if m and len(m.group("what").split()) >= 2:
            what = m.group("what").strip()
            return prior, f"{what[:1].upper()}{what[1:]} (carried)"
    return None


def _stated(sentence: str) -> bool:
    """Says what was carried: a few words, no question, not the next item of business."""
    words = sentence.split()
    return not sentence.rstrip().endswith("?") and 2 <= len(words) <= 20 and not _NEXT.match(sentence) \
        and not re.match(r"^[A-Z][a-z]+,", sentence.strip()) and "please" not in sentence.lower()


_RECORD = re.compile(r"\btake\s+(?:them|it|that|this|these|those|the\s+minutes)\s+as\s+"
                     r"(?P<as>a\s+\w+\s+record|read|approved|agreed)", re.IGNORECASE)
_LEAD = re.compile(r"^(?:(?:then|next|so|now|okay|ok|right|and|first)[,:]?\s+)+", re.IGNORECASE)


def approved_record(topic: str, asked: str) -> str | None:
    """"Then the minutes of the last meeting." "Can I take them as a true record?" "Yes.":
    "The minutes of the last meeting approved as a true record"; None for other questions."""
    m = _RECORD.search(asked)
    if not m:
        return None
    what = _LEAD.sub("", topic.strip()).rstrip(".!")
    as_ = m.group("as")
    return f"{what[:1].upper()}{what[1:]} {'approved as ' + as_ if 'record' in as_ else 'taken as ' + as_}"
