"""Who "him" and "her" stand for in a task, so the minutes say "ring Mrs Lowe", not "ring
her".

A task that is only a verb and a person ("ring her", "write to her", "ask him then", "let
him know") takes the person the talk just named: the latest before it, in its own sentence
or a few before, of a name with a title that fits the pronoun ("Mrs Ashby", "Mr Pell": not
"Mr Pell" for "her") or, nearer, a role ("the area officer", "the client's solicitor",
"your driver"). A bare name is not taken: it is as often a place, a firm or someone in the
meeting ("Ask Dana.", "the lady from Harrogate"). Without one, the task stays as said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from engine.minutes.extract_due import without_due
from engine.minutes.extract_types import Said
from engine.minutes.words import WEEKDAYS

TITLED_BACK = 8  # sentences before a task that may name the person by a titled name
ROLE_BACK = 3  # ... by a role: nearer, as a role is less sure to be the one meant
_TAIL = r"(?:then|now|today|tomorrow|tonight|first|back|again|too|kindly|know|later|direct|" \
        r"myself|yourself|personally|this\s+(?:morning|afternoon|evening|week)|" + \
        "|".join(WEEKDAYS) + r")"
_THIN = re.compile(r"^(?P<verb>[a-z]+(?:\s+(?:to|with|up|back|round|over|in|out\s+to))?)\s+"
                   r"(?P<pro>him|her)(?P<tail>(?:\s+(?:on\s+)?" + _TAIL + r")*)$")
_TITLED = re.compile(r"\b(?P<title>Mr|Mrs|Ms|Miss|Dr|Doctor|Professor)\.?\s+"
                     r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+|['’][A-Z][a-z]+)?")
_FITS = {"Mr": "him", "Mrs": "her", "Ms": "her", "Miss": "her"}
_ROLES = set("""
officer solicitor lawyer barrister client customer manager engineer inspector owner tenant
landlord landlady neighbour plumber electrician builder roofer teacher doctor nurse parent mum
dad mother father son daughter husband wife partner candidate applicant contractor surveyor
auditor accountant agent caller patient passenger guest volunteer boss secretary treasurer
director vet courier driver trainee apprentice student pupil tutor referee resident
host buyer seller vicar chef porter caretaker receptionist councillor consultant
""".split())
_ROLE = re.compile(r"\b(?P<role>(?:the|your|my|our|their)\s+(?:[a-z]+(?:['’]s)?\s+){0,2}(?:"
                   + "|".join(sorted(_ROLES)) + r"))(?:['’]s)?\b", re.IGNORECASE)


def _people(text: str, pro: str, roles: bool) -> list[tuple[int, str]]:
    """(offset, person) for each person ``text`` names who may be ``pro``; roles only when
    ``roles``."""
    found = [(m.start(), m.group(0)) for m in _TITLED.finditer(text)
             if _FITS.get(m.group("title"), pro) == pro]
    if roles:
        found += [(m.start(), m.group("role")) for m in _ROLE.finditer(text)]
    return found


def person_meant(task: str, said: Sequence[Said], i: int) -> str:
    """``task`` (said in sentence ``i``) with a lone "him"/"her" replaced by the person it
    stands for; else ``task`` unchanged."""
    bare = without_due(task)
    m = _THIN.match(bare)
    if not m:
        return task
    pro = m.group("pro")
    for j in range(i, max(-1, i - 1 - TITLED_BACK), -1):
        text = said[j].text
        if j == i:  # "Amara, you ring her": only what comes before "her"
            cut = re.search(rf"\b{pro}\b", text, re.IGNORECASE)
            text = text[:cut.start()] if cut else ""
        people = _people(text, pro, roles=i - j <= ROLE_BACK)
        if people:
            person = max(people)[1]
            first, _, rest = person.partition(" ")
            if first.lower() in ("the", "your", "my", "our", "their"):
                person = f"the {rest}"
            return f"{m.group('verb')} {person}{m.group('tail')}{task[len(bare):]}".strip()
    return task
