"""What "it", "that" and "them" stand for in a task, so the minutes say "draft the press
release", not "draft it".

A thin task ("draft it", "collect them": a verb and a pronoun) takes the thing it points
back to: a noun phrase of the sentence before (the last one that agrees in number and is
not a time or a date: "The auditors want the contracts by the fifteenth." -> "the
contracts"), else the topic the meeting announced a little earlier ("Next, the press
release.", "So, first item, the export feature."). Without either, the task stays as said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from engine.minutes.extract_cues import strip_filler
from engine.minutes.extract_due import without_due
from engine.minutes.extract_types import Said
from engine.minutes.words import E_VERBS, MONTHS, TIME_NOUNS, WEEKDAYS

TOPIC_WINDOW = 8  # an announced topic is what "it" means for this many sentences
_DETERMINER = r"(?:the|our|this|that|these|those|your|my|his|her|their)"
_STOP_AT = set("""
is are was were be been has have had do does did will would can could should may might must
to of for with on in at by from about into over under after before until and or but so
because if when while as than that which who what where how why it its it's i you he she
we they them me us him there here not no just really still again too very out up down off
away back yesterday tonight today tomorrow soon later already now also then anyway first
said says told tells asked asks thinks thought reckons knows knew wants wanted
""".split())  # the last line: verbs of saying and thinking ("the doctor said no": no topic)
_NOT_NOUNS = set(WEEKDAYS + MONTHS) | TIME_NOUNS | {
    "first", "second", "third", "last", "next", "same", "other", "one", "thing", "things",
    "way", "lot", "bit", "problem", "question", "point", "idea", "end", "start", "rest"}
_DATES = set(WEEKDAYS + MONTHS)
_PLURALS = {"people", "children", "men", "women", "police", "staff", "cattle", "sheep"}
# after "the van's": "is" or "has", not the van's something ("the van's broken", "the part's
# two days away", "the client's been told"; not "the client's solicitor")
_AFTER_IS = set("""
not still just been got gone going coming broken here there ready done fine due on off in out
up down away back over a an all now already always never really very too so booked sorted
fixed full empty late early closed open finished
""".split())
_NUMBER = re.compile(r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred",
                     re.IGNORECASE)
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)|\w*(?:first|second|third|fourth|fifth|sixth|seventh|"
                      r"eighth|ninth|tenth|eleventh|twelfth|teenth|tieth)")
_THIN = re.compile(r"^(?P<verb>[a-z]+)(?P<prt>\s+(?:up|out|over|through|back|down|off|in))?\s+"
                   r"(?P<pro>it|them|that|this|those|these)(?P<tail>(?:\s+(?:this time|again|too|"
                   r"as well|for us|for me|today|tomorrow|now|first|out|up|done|ready|"
                   r"to (?:you|us|me|him|her|them)))*)$")
# "the, um, listener mail segment", "the, the van": a determiner held or said again
_STUTTER = re.compile(r"\b(the|our|this|that|these|those|your|my|his|her|their)"
                      r"(?:\s*,\s*(?:(?:um|uh|er|erm)\s*,\s*)?(?:\1\s*,?\s*)?|\s+\1\s*,?\s*)(?=[a-z])",
                      re.IGNORECASE)
_MARKER = re.compile(r"^(?:(?:so|okay|ok|and|now|then|next|first|second|third|finally|last|"
                     r"also|one more|another)[,]?\s+)*(?:(?:first|second|third|next|last|final|"
                     r"new)\s+)?(?:item|topic|point|thing)?[,:]?\s*", re.IGNORECASE)


def base_verb(word: str) -> str:
    """"building" -> "build", "making" -> "make", "running" -> "run", "calling" -> "call"."""
    if not word.endswith("ing") or len(word) < 5:
        return word
    stem = word[:-3]
    if stem + "e" in E_VERBS or stem[-1:] in ("c", "v", "u"):  # servicing, solving, issuing
        return stem + "e"
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]
    return stem


def noun_phrases(text: str) -> list[str]:
    """Definite noun phrases in ``text``, in order: "the test server certificate", "the
    contracts" (a determiner, then up to five words, ending before a verb, a preposition or
    punctuation); none that is a time or a date ("this sprint", "the fifteenth")."""
    tokens = re.findall(r"[A-Za-z][\w'’-]*|[^\sA-Za-z]", text)
    found = []
    for k, tok in enumerate(tokens):
        if not re.fullmatch(_DETERMINER, tok, re.IGNORECASE):
            continue
        words: list[str] = []
        for n, w in enumerate(tokens[k + 1:k + 6]):
            if not w[0].isalpha() or w.lower() in _STOP_AT or re.fullmatch(_DETERMINER, w, re.I) \
                    or re.search(r"n['’]t$", w):  # "the lane didn't": a verb
                break
            after = tokens[k + 2 + n] if k + 2 + n < len(tokens) else ""
            if words and _verb_like(words[-1], w, after):
                break
            if re.search(r"['’]s$", w) and (after.lower() in _AFTER_IS or _NUMBER.fullmatch(after)):
                words.append(w[:-2])  # "the part's two days away": "the part" is
                break
            words.append(w)
        if not words:
            continue
        last = words[-1].lower()
        if last in _NOT_NOUNS or any(w.lower() in _DATES for w in words) or _ORDINAL.fullmatch(last):
            continue
        found.append(tok + " " + " ".join(words))
    return found


def _verb_like(before: str, word: str, after: str) -> bool:
    """Whether ``word``, inside a run of words after a determiner, is already the verb:
    followed by a determiner or preposition, and agreeing with the noun before it ("the
    certificate expires on", "the auditors want the")."""
    if not (re.fullmatch(_DETERMINER + "|a|an", after, re.IGNORECASE)
            or after.lower() in _STOP_AT):
        return False
    plural_before = before.lower().endswith("s") and not before.lower().endswith(("ss", "'s", "’s"))
    s_form = word.lower().endswith("s") and not word.lower().endswith("ss")
    return s_form != plural_before


def _plural(phrase: str) -> bool:
    last = phrase.split()[-1].lower()
    return phrase.split()[0].lower() in ("these", "those") or last in _PLURALS or (
        last.endswith("s") and not last.endswith("ss"))


def topic(sentence: str) -> str | None:
    """The topic a sentence announces without saying anything about it: "Next, the press
    release." -> "the press release"; None for a sentence with a verb."""
    text = _MARKER.sub("", _STUTTER.sub(r"\1 ", strip_filler(sentence))).strip().rstrip(".!:")
    if not text or sentence.rstrip().endswith("?") or len(text.split()) > 6:
        return None
    phrases = noun_phrases(text)
    if len(phrases) == 1 and text.lower().startswith(phrases[0].lower()) and \
            len(phrases[0].split()) >= len(text.split()) - 1:
        return phrases[0]
    return None


def resolve(task: str, said: Sequence[Said], i: int, *, back: int = 1) -> str:
    """``task`` (said in sentence ``i``) with a lone "it"/"them" replaced by what it stands
    for, when the task is only a verb and a pronoun; else ``task`` unchanged. ``back``:
    how many sentences before may hold the noun phrase."""
    bare = without_due(task)
    m = _THIN.match(bare)
    if not m:
        return task
    plural = m.group("pro") in ("them", "those", "these")
    antecedent = None
    for j in range(i, i - 1 - back, -1):  # this one too ("the press release, can someone draft it")
        if j < 0:
            continue
        text = said[j].text
        if j == i:
            text = text[:text.lower().rfind(" " + m.group("pro"))] if " " + m.group("pro") in \
                text.lower() else ""
        phrases = [p for p in noun_phrases(text) if _plural(p) == plural]
        if phrases:
            antecedent = phrases[-1]
            break
    if antecedent is None and not plural:
        for j in range(i - 1, max(-1, i - 1 - TOPIC_WINDOW), -1):
            antecedent = topic(said[j].text)
            if antecedent:
                break
    if antecedent is None:
        return task
    head = m.group("verb") + (m.group("prt") or "")
    rest = m.group("tail") + (task[len(bare):] if task.startswith(bare) else "")
    first, rest_words = antecedent.split(" ", 1)
    antecedent = ("the" if first.lower() in ("this", "that", "these", "those", "your", "my")
                  else first.lower()) + " " + rest_words
    return f"{head} {antecedent}{rest}".strip()
