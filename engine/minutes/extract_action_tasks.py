"""An action item while the meeting is read (Task), and what is done with the tasks found:
recaps merged into the fuller item said before, the same item said twice kept once, and
the tests of a task that says too little on its own ("move it", "report back").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.minutes.extract_due import without_due
from engine.minutes.extract_refs import noun_phrases
from engine.minutes.extract_types import Item

_STOP = set("the a an and or to of for on in at by with this that it its is be them me you us "
            "him her my your our their there then so have has get do does done make take will "
            "can".split())


def content(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z']+", text.lower()) if w not in _STOP
            and len(w) > 2}


@dataclass
class Task:
    text: str
    start: float
    owner: str
    due: str | None
    i: int  # the last sentence that said something about it
    asker: int | None  # the speaker who asked for it (requests, calls, instructions)
    waiting: bool  # asked, not yet taken (a call, a request without a name, "let's ask ...")
    named: bool  # the owner is a name said in the meeting (an addressee, a third person)
    by: int | None = None  # the speaker who took it on
    told: bool = False  # said of someone in the third person ("Ben sends the quote"): maybe a recap
    mine: bool = False  # taken on in the first person, not asked of anyone
    at: int = -1  # a call's sentence: a question until someone takes it


def verb_only(task: str) -> bool:
    """"report back on Friday", "follow up": a verb with nothing of its own to do it to."""
    return bool(re.fullmatch(r"[a-z]+(?:\s+(?:back|up|out|over|in|later|again|too))?|(?:come|get|report)\s+"
                             r"back\s+to\s+(?:you|us|me|them|him|her)", without_due(task)))


def bare(task: str) -> bool:
    """A verb and a pronoun, nothing more ("move it", "chase them"): nothing to do without
    knowing what "it" is."""
    return bool(re.fullmatch(r"[a-z]+(?:\s+(?:up|out|over|through|back|down|off|in))?\s+"
                             r"(?:it|them|that|this|those|these)", without_due(task)))


def refers_to(task: str, before: str) -> bool:
    """Whether the pronoun of ``task`` ("print them") can be the thing of ``before`` ("do
    the flyers"): "them" a plural, "it" a singular."""
    m = re.match(r"^\w+(?:\s+\w+)?\s+(?P<pro>it|them|this|that|those|these)\b", without_due(task))
    if not m:
        return False
    phrases = noun_phrases(before)
    if not phrases:
        return False
    plural = phrases[-1].split()[-1].lower().endswith("s")
    return plural == (m.group("pro") in ("them", "those", "these"))


def merge_recaps(tasks: list[Task], unowned: set[str]) -> list[Task]:
    """A recap ("So Ben sends the workaround, Laura sends the quote") repeats tasks said
    before: the earlier, fuller item stays, with the recap's owner when it had none that is
    a name (``unowned``: not stated, "Speaker N"), and the recap goes."""
    merged = list(tasks)
    for recap in [t for t in tasks if t.told]:
        words = content(recap.text)
        for task in list(merged):
            if task is recap or task.start >= recap.start:
                continue
            shared = words & content(task.text)
            if words and len(shared) >= max(1, (len(words) + 1) // 2) and (
                    task.owner in unowned or task.owner == recap.owner):
                if task.owner in unowned:
                    task.owner = recap.owner
                merged.remove(recap)
                break
    return merged


def dedupe(items: list[Item]) -> list[Item]:
    seen, out = set(), []
    for item in items:
        key = (item.owner, item.text.lower())
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
