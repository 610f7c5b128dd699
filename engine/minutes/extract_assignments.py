"""Third-person assignments: a task given to someone by name, said of them rather than to
them ("Tomasz will handle the references", "So Ben sends the workaround, Carmen writes the
announcement", "Kerry's taking care of the trophies"), or handed to them by the group ("We'll
have Omar reset the passwords", "Can we get Theo to look at the boiler?"). Each function reads
one sentence; extract_action_asked.py decides who takes it on.
"""

from __future__ import annotations

import re

from engine.minutes.extract_cues import NAME, WORK_VERBS, strip_filler, task_of
from engine.minutes.extract_due import due
from engine.minutes.extract_refs import base_verb
from engine.minutes.extract_requests import GROUP, plain_form
from engine.minutes.words import NOT_NAMES, TASK_VERBS

_TAG = re.compile(r",?\s*(?:right|isn['’]t (?:it|he|she)|yes|no|correct)\?$", re.IGNORECASE)
_NOT_ASSIGNING = set("""
is was has had usually always never often normally sometimes already just knows said says
thinks did does wants likes asked told be have this his its thus plus yes perhaps less unless
whereas besides across towards was seems looks sounds means feels
""".split())


_DOING = re.compile(r"^(?P<name>[A-Z][a-z]+)(?:['’]s|\s+is)\s+(?P<verb>[a-z]+ing)\b(?P<rest>.+)")
_RECAP = re.compile(r"^(?:to\s+)?(?:recap|sum\s+up|summari[sz]e)[:,]\s*", re.IGNORECASE)
_EVERYONE = re.compile(r"^(?i:everyone|everybody)\s+(?P<verb>[a-z]+s)\b(?P<rest>.+)")
# "We'll have Omar reset the passwords", "Can we get Tom to look at the boiler?", "I'd like
# Bea to take the lead": a task the group hands to someone by name (not "I had Omar reset
# it", "We'll have Christmas off"; "I'll get Dev to ..." is the speaker's, extract_owners)
_HANDED = re.compile(
    r"^(?:(?:so|then|okay|ok|right|and|fine)[,]?\s+)*(?:"
    r"(?:(?i:we)(?:['’]ll|\s+will|\s+can|\s+should|['’]re\s+going\s+to|\s+are\s+going\s+to)?|(?i:let['’]s)|"
    r"(?i:can|could|shall)\s+we)\s+(?:have\s+" + NAME + r"\s+|get\s+" + NAME.replace("name", "got")
    + r"\s+to\s+)|(?:(?:I|(?i:we))(?:['’]d|\s+would)\s+like|(?:I|(?i:we))\s+want|(?i:we)(?:['’]ll|\s+will)?"
    r"\s+need)\s+" + NAME.replace("name", "wanted") + r"\s+to\s+)(?P<verb>[a-z]+)\b(?P<rest>[^?]*)")


def handed(sentence: str, names: set[str]) -> tuple[str, str] | None:
    """(who, task) of a task handed to someone by name: "So we'll have Omar reset the
    passwords" -> ("Omar", "reset the passwords")."""
    m = _HANDED.match(strip_filler(sentence))
    if not m:
        return None
    who = m.group("name") or m.group("got") or m.group("wanted")
    verb = m.group("verb")
    if who not in names or who.lower() in NOT_NAMES or verb not in WORK_VERBS | {"take", "lead"}:
        return None
    return who, task_of(verb + m.group("rest"))


def assignments(sentence: str, names: set[str]) -> list[tuple[str, str]]:
    """'So Brian tests the form, Carmen writes the announcement' -> [(Brian, test the form),
    ...]; 'Tomasz will handle the references'; 'Kerry's taking care of the trophies'; 'We'll
    have Omar reset the passwords' (handed). Not habits ('Tomasz usually does that')."""
    given = handed(sentence, names)
    if given:
        return [given]
    found = []
    sentence = _RECAP.sub("", strip_filler(sentence))  # "So, to recap: Ben sends the quote, ..."
    for clause in re.split(r",\s*|;\s*|\s+and\s+", sentence):
        clause = strip_filler(clause)
        clause = _TAG.sub("", clause)  # "Maya's going to draft it, right?"
        m = _EVERYONE.match(clause)
        if m and plain_form(m.group("verb")).lower() in WORK_VERBS and (due(clause) or re.match(
                r"^(?:okay|ok|right|so|then)\b", sentence.strip(), re.IGNORECASE)):  # "So everyone sends ..."
            found.append((GROUP, task_of(plain_form(m.group("verb")) + m.group("rest"))))
            continue
        m = _DOING.match(clause)
        if m and m.group("name") in names and m.group("name").lower() not in NOT_NAMES \
                and base_verb(m.group("verb")) in WORK_VERBS | {"take", "do", "look"}:
            found.append((m.group("name"), task_of(base_verb(m.group("verb")) + m.group("rest"))))
            continue
        m = re.match(r"^(?P<name>[A-Z][a-z]+)(?:\s+(?:will|is going to|should|needs to|can)\s+|"
                     r"['’]s going to\s+|['’]ll\s+|\s+)(?P<verb>[a-z]+)\b(?P<rest>.*)", clause)
        if not m or m.group("name") not in names or m.group("name").lower() in NOT_NAMES:
            continue
        verb = m.group("verb")
        if verb in _NOT_ASSIGNING or not m.group("rest").strip():
            continue
        if not re.search(r"\b(?:will|going to|should|needs to|can)\b|['’]ll", clause.split(verb)[0]):
            if not verb.endswith("s") or verb.endswith("ss") or plain_form(verb).lower() not in TASK_VERBS:
                continue  # "Excel later": no verb; a recap says "Ben sends the quote", not
            verb = plain_form(verb)  # "Theo joins the group" (a decision about Theo)
        found.append((m.group("name"), task_of(verb + m.group("rest"))))
    return found
