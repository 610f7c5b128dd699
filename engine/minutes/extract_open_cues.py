"""Sentences that say a question is open: "The real question is why ...", "Nobody's ever
told us if it counts.", "We still haven't decided if we're keeping them.", and those that only
announce the question to come ("One open question."). extract_questions.py takes the open
questions from them and from how the conversation answers (extract_talk.py).
"""

from __future__ import annotations

import re

from engine.minutes.extract_cues import strip_filler

_OPEN_CUE = re.compile(
    r"\b(?:(?:the|one|an|another|my|our)\s+(?:open|remaining|outstanding|"
    r"unanswered)\s+(?:question|point|issue)\s+(?:is|here|remains)|open (?:question|point|issue)"
    r"\s+(?:is|remains)"
    # "The bigger question is who taped it" (not "The big question is the new parser": a topic)
    r"|(?:the|one|another|my|our)\s+(?:real|big|bigger|main|key|other|harder|tricky|trickier|only)\s+"
    r"(?:question|mystery|puzzle|unknown)\s+(?:here\s+)?is\s+(?:whether|if|why|how|what|when|who|where|which)\b"
    # "Then the only thing is whether you need a permit variation."
    r"|\bthe\s+only\s+(?:thing|issue|point)\s+(?:left\s+)?is\s+(?:whether|if)\b"
    # "Nobody's ever told us if it counts.", "We still haven't decided if we're keeping them.",
    # "Why's the seed not taken, is what I want to know."
    r"|\b(?:nobody|no\s+one|no-one)(?:['’]s|\s+has)\s+(?:ever\s+|yet\s+|actually\s+)?(?:told|asked)\s+"
    r"(?:us|me|him|her|them|anyone|the\s+\w+)\s+(?:if|whether|what|who|when|how|why)\b"
    r"|\b(?:haven['’]t|have\s+not|hasn['’]t|has\s+not)\s+(?:yet\s+)?(?:decided|worked\s+out|settled|agreed)\s+"
    r"(?:yet\s+)?(?:if|whether|who|what|when|how)\b"
    r"|\bis\s+what\s+I\s+(?:want|['’]d\s+like|would\s+like)\s+to\s+know\b"
    # "The question I can't answer is whether ...", "One point we haven't resolved is whether ..."
    r"|\b(?:the|one|another)\s+(?:point|thing|question|issue)\s+(?:that\s+)?(?:we|i|nobody|no\s+one)\s+"
    r"(?:[\w'’]+\s+){0,2}?(?:resolved|settled|answered|decided|answer|resolve|settle|decide|knows?)\s+"
    r"(?:\w+\s+)?is\s+(?:whether|if|why|how|what|when|who|where|which)\b"
    # "What nobody knows is whether ...", "What we still don't understand is why ..."
    r"|what\s+(?:nobody|no\s+one|none\s+of\s+us|(?:we|I)\s+(?:still\s+)?(?:don['’]t|do\s+not|can['’]t))"
    r"\s+(?:\w+\s+)?(?:knows?|understands?|gets?|says?|tells?)\s+(?:me\s+|us\s+|you\s+)?is\s+"
    r"(?:whether|if|why|how|what|when|who|where)"
    # "... and the company still can't tell us why."
    r"|(?:can['’]t|cannot|couldn['’]t|won['’]t)\s+(?:\w+\s+)?tell\s+(?:us|me|anyone|anybody)\s+"
    r"(?:why|whether|if|how|what|when|who|where)\b|"
    # "... nobody can tell me whether the vaccines are usable.", "Which raises the question of
    # who pays for the rescan.", "Which brings us to whether we open talks now."
    r"(?:nobody|no\s+one|no-one)\s+(?:\w+\s+){0,3}?(?:can|could|will|would)\s+tell\s+(?:us|me|anyone)\s+"
    r"(?:why|whether|if|how|what|when|who|where)\b|"
    r"(?:raises|begs|leaves)\s+(?:us\s+with\s+)?the\s+question\s+(?:of\s+)?(?:who|whether|what|how|when|"
    r"where|why|which|if)\b|brings\s+us\s+to\s+(?:the\s+question\s+of\s+)?(?:whether|who|how|what|when|"
    r"which|if)\b|"
    r"(?:i|we)\s+(?:keep\s+)?wonder(?:ing)?\s+(?:whether|if|why|how|what)|"
    r"(?:(?:nobody|no\s+one)\s+(?:has|had)\s+(?:any|an|the\s+(?:faintest|slightest))\s+|no\s+)idea\s+"
    r"(?:why|whether|if|how|what|when|who)|"
    r"(?:(?:we|i)\s+still|we(?:\s+\w+ly)?)\s+(?:don['’]t|do not)\s+know\s+(?:whether|if|why|how|what|"
    r"when|who|where)|(?:i['’]m|we['’]re|i am|we are)\s+not\s+sure\s+(?:whether|if|the|we|they|it)\b|"
    r"not sure (?:whether|if)|(?:unclear|not\s+clear|isn['’]t\s+clear)\s+(?:whether|if|how|what|when|who|"
    r"why)|(?:nobody|no\s+one)\s+knows\s+(?:yet\s+)?(?:whether|if|who|what|when|how|why)|"
    r"we(?:['’]ll|\s+will)?\s+(?:have\s+to\s+)?see\s+(?:whether|if)|we need to find out|"
    r"to be (?:decided|confirmed|determined)|remains to be seen|"
    # "What bothers me is whether it came in with them.", "My worry is how we pay for it."
    r"(?:what|the\s+(?:thing|bit|part)\s+(?:that\s+)?)\s*(?:bothers|worries|concerns|puzzles|bugs)\s+(?:me|us)\s+"
    r"(?:\w+\s+)?is\s+(?:whether|if|why|how|what|when|who|where|which)\b|"
    r"(?:my|our|the)\s+(?:worry|concern|fear)\s+is\s+(?:whether|if|how|who|what|when|why)\b|"
    # "The thing I still don't know is her college day.", "The bit I can't get past is where ..."
    r"(?:the\s+(?:one\s+)?(?:thing|bit|part)|what)\s+(?:i|we)\s+(?:still\s+)?(?:can['’]t|cannot|don['’]t|"
    r"do\s+not)\s+(?:work\s+out|figure\s+out|understand|get(?:\s+past)?|know|tell\s+you)\s+is\s+"
    r"(?:why|how|what|whether|who|when|where|which|if|(?:the|her|his|their|our|your)\s)|(?:we|i)\s+(?:still\s+)?(?:(?:need|have)\s+to|must)"
    r"\s+(?:figure out|work out|find out|decide|agree on|sort out)\s+(?:who|whether|if|how|"
    r"what|when|where|which)|(?:should|need to|must|have to)"
    r"\s+(?:also\s+)?(?:ask|check|find out)\b.*\b(?:if|whether)|"
    # "I don't know if that's the repeater or the handsets.", "I'm asking whether anyone has
    # checked them.", "Whether we keep opening on Sundays, that waits till Jo's back."
    # (not "I don't know if you heard, ...", "I'm asking if you can cover Friday", "Whether we
    # like it or not, ...")
    r"i\s+(?:\w+ly\s+)?(?:don['’]t|do\s+not)\s+know\s+(?:if|whether)\s+"
    r"(?!(?:you|I)\s+(?:\w+\s+)?(?:heard|know|knew|saw|seen|mentioned|said|told|remember))|"
    r"(?:i['’]m|i\s+am)\s+asking\s+(?:whether|if)\s+(?!you\s+(?:can|could|would|will|mind)\b)|"
    r"^(?:(?:and|so|also|um|uh|then|but)[,]?\s+)*whether\s+(?!or\s+not)(?![^,.]*\bor\s+not\b)\w+)\b",
    re.IGNORECASE)
_QUESTION_MARKER = re.compile(
    r"^(?:(?:and|oh|okay|ok|so|also|um|uh|now)[,]?\s+)*(?:(?:one|another|a|my|the|last|final)\s+)?"
    r"(?:more\s+|last\s+|other\s+|final\s+|small\s+|quick\s+)?(?P<open>open\s+|unanswered\s+)?"
    r"(?:question|point|issue|thing)(?:\s+(?:I\s+keep\s+wondering|I\s+have|from me|for you|"
    r"about\s+\w+(?:\s+\w+)?))?[.:!]?$|^(?:(?:and|oh|okay|so|um)[,]?\s+)*(?:I have|I['’]ve got)"
    r"\s+(?:a|one)\s+(?:(?:quick|small|last)\s+)?question(?:\s+about\s+[^.]+)?[.:]?$|"
    r"^(?:one\s+)?thing\s+I\s+keep\s+wondering[.:]?$", re.IGNORECASE)

def announces_question(sentence: str) -> bool | None:
    """"One open question." / "I have a question about the homework.": a sentence that only
    announces the question to come. True when it says the question is open, False when it
    does not, None for other sentences."""
    m = _QUESTION_MARKER.match(strip_filler(sentence) or sentence.strip())
    if not m:
        m = _QUESTION_MARKER.match(sentence.strip())
    if not m:
        return None
    return bool(m.groupdict().get("open"))


def open_cue(sentence: str) -> bool:
    """A sentence that says a question is open ("The real question is why ...", "One open
    question is whether ...", "I keep wondering whether ...")."""
    return bool(_OPEN_CUE.search(sentence))
