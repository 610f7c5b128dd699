"""One sentence that hands out two tasks: "Ayesha, get both documents to me by Monday, and
I'll reply to the family myself." The action items read each clause on its own, so the
second task is not lost behind the first.

A sentence is cut before "and" (after a comma, or before a new subject) where what follows
starts a task of its own: a first-person promise ("and I'll ..."), a second-person one
("and you write up ..."), a named person ("and Joost will ..."), or, after a comma, a verb
of work ("..., and report the damage to the police"). A clause without a subject of its own
is said to whoever the sentence addressed ("Rhys, weigh her on arrival, and get me a sample"
-> "Rhys, get me a sample").
"""

from __future__ import annotations

import re
from dataclasses import replace

from engine.minutes.extract_cues import WORK_VERBS
from engine.minutes.extract_types import Said

_CAN = r"can(?!['’]t|not)"
_SUBJECT = (r"(?:I['’]ll|I\s+will|I\s+" + _CAN + r"|I['’]m\s+going\s+to|you['’]ll|you\s+will|"
            r"[A-Z][a-z]+\s+(?:will|['’]ll|" + _CAN + r")|you\s+(?P<you>[a-z]+))\b")
_CUT = re.compile(r"(?:,\s*|\s+)and\s+(?=" + _SUBJECT + r")|,\s*and\s+(?=(?:please\s+)?(?P<verb>[a-z]+)\b)")
_VOCATIVE = re.compile(r"^(?:(?i:and|so|then|okay|ok|right)[,]?\s+)?(?P<name>[A-Z][a-z]+),\s+")


def _cuts(text: str, vocative: bool) -> list[re.Match]:
    """Where ``text`` starts a second task: a subject of its own ("you" only with a verb of
    work: "and you write up ..."), or a verb of work when the sentence addressed someone."""
    return [m for m in _CUT.finditer(text)
            if (m.group("you") is None or m.group("you") in WORK_VERBS)
            and (m.group("verb") is None or (vocative and m.group("verb") in WORK_VERBS))]


def clauses(s: Said, names: set[str]) -> list[Said]:
    """``s`` as the clauses that each hand out a task (``s`` itself when it holds one);
    ``names``: the names said in the meeting (who a sentence can address)."""
    vocative = _VOCATIVE.match(s.text)
    if vocative and vocative.group("name") not in names:
        vocative = None  # "Okay, ...", "Right, ..."
    parts, last = [], 0
    for m in _cuts(s.text, vocative is not None):
        parts.append(s.text[last:m.start()])
        last = m.end()
    if not parts:
        return [s]
    parts.append(s.text[last:])
    out = [parts[0].strip().rstrip(",") + "."]
    for part in parts[1:]:
        part = part.strip()
        if vocative and not re.match(_SUBJECT, part):
            part = f"{vocative.group('name')}, {part}"
        out.append(part)
    return [replace(s, text=t) for t in out if t.strip(" .")]
