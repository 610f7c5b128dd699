"""When a task is due, as people say it: "by Friday", "within two weeks", "after lunch",
"first thing Monday", "give me a couple of days".

due() finds the first such phrase in a sentence; without_due() takes every one out, so what
is left is the task itself (bench/extraction_dates.py resolves them to calendar dates).
"""

from __future__ import annotations

import re

from engine.minutes.words import MONTHS, WEEKDAYS

_DAY = r"(?:" + "|".join(WEEKDAYS) + r")"
_MONTH = r"(?:" + "|".join(MONTHS) + r")"
_ORDINAL = (r"(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|"
            r"ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
            r"seventeenth|eighteenth|nineteenth|twentieth|twenty-\w+|thirtieth|thirty-first)")
_COUNT = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few|\d+)"
_WHEN = (r"(?:(?:next|this)\s+)?" + _DAY + r"(?:['’]s\s+\w+)?"
         r"|tomorrow(?:\s+(?:morning|afternoon|evening))?|tonight|today"
         r"|(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?(?:day|week|month|quarter|year|sprint|shift)"
         r"(?:\s+tomorrow)?|(?:the\s+)?(?:end|close)\s+of\s+(?:play|business)"
         r"(?:\s+(?:today|tomorrow|" + _DAY + r"))?"
         r"|(?:the\s+)?end\s+of\s+" + _MONTH + r"|the\s+weekend"
         r"|" + _MONTH + r"\s+(?:the\s+)?" + _ORDINAL + r"|" + _MONTH + r"\s+\d{1,2}\b"
         r"|(?:the\s+)?" + _ORDINAL + r"(?:\s+of\s+" + _MONTH + r")?"
         r"|(?:next|this)\s+(?:week|month)")
_DUE = re.compile(
    r"\b(?:(?:by|before|until|on|no later than)\s+(?:" + _WHEN + r")|(?:next|this)\s+" + _DAY + r"\b"
    r"|(?:in|within)\s+(?:the\s+next\s+)?" + _COUNT + r"\s+(?:days?|weeks?|months?|fortnights?)"
    r"|this\s+(?:afternoon|morning|evening|week|month)|next\s+(?:week|month)"
    r"|(?:right\s+)?after\s+(?:lunch|this\s+(?:call|meeting))"
    r"|first\s+thing\s+(?:tomorrow|" + _DAY + r")(?:\s+morning)?"
    r"|(?:with|in|for)\s+(?:next\s+|this\s+)?" + _DAY + r"['’]s\s+\w+"
    r"|tomorrow(?:\s+(?:morning|afternoon|evening))?|tonight|today"
    r"|end\s+of\s+(?:the\s+)?(?:day|week|month|quarter))\b", re.IGNORECASE)

_GIVE_ME = re.compile(r"\bgive me (?P<span>" + _COUNT + r"\s+(?:days?|weeks?))\b", re.IGNORECASE)


def due(text: str) -> str | None:
    """The first due phrase said ("by Friday", "within two weeks", "after lunch"), or None;
    "give me a couple of days" is "within a couple of days"."""
    m = _DUE.search(text)
    if m:
        return m.group(0)
    m = _GIVE_ME.search(text)
    return f"within {m.group('span')}" if m else None


def without_due(text: str) -> str:
    return re.sub(r"\s+", " ", _GIVE_ME.sub(" ", _DUE.sub(" ", text))).strip(" ,.")
