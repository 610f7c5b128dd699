"""The details a check of the minutes must find where a sentence cites (grounding.py):
numbers and amounts as digits, times, weekdays, months and relative dates.

A small model writes these wrong more than anything else ("$30,000", "April 18th", "7:00
AM", "next month"), so they are read in every form they are said in: digits or words,
ordinals, times on the hour as their hour, "next week" and "end of the month" as phrases.
"""

from __future__ import annotations

import re

from engine.minutes.words import MONTHS, WEEKDAYS

CITATION = re.compile(r"\[(?:(\d+):)?(\d{1,3}):(\d{2})(?:\s*[-–,]\s*(?:(\d+):)?(\d{1,3}):(\d{2}))?\]")

_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({w: str(i) for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
    " thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
    " twentieth".split())})
_NUMBER_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100",
                      "thousand": "1000", "million": "1000000", "half": "0.5"})
# "one", "first", "second" are mostly not numbers in prose ("one of", "first, ...", "a
# second look"); their digits ("1", "2nd") still are.
for _word in ("one", "first", "second"):
    del _NUMBER_WORDS[_word]
_TIME = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?", re.IGNORECASE)
_UNITS = r"(?:week|month|year|quarter|weekend|sprint|morning|afternoon|evening|night)"
_RELATIVE = re.compile(
    r"\b(?:(?:this|next|last|coming|following)\s+(?:" + _UNITS + "|" + "|".join(WEEKDAYS) + r")"
    r"|end of (?:the |this |next )?(?:day|" + _UNITS + r")"
    r"|(?:in|within)\s+(?:a|an|two|three|four|five|six|\d+)\s+(?:day|week|month|year)s?)\b")
_DAYS = frozenset(WEEKDAYS + [m for m in MONTHS if m != "may"]
                  + "today tonight tomorrow yesterday weekend".split())

def numbers(text: str) -> set[str]:
    """Numbers as digits: "30,000" -> 30000, "18th" -> 18, "eighteen" -> 18, "10:30" stays;
    a time on the hour is its hour too ("7:00 AM", "7 a.m." -> 7)."""
    text = CITATION.sub(" ", text).lower()
    found = {hour for hour, minutes, _ in _TIME.findall(text) if minutes in ("", "00")}
    for match in re.findall(r"\d+(?:[:.,]\d+)*", text):
        if ":" in match:
            hour, _, minutes = match.partition(":")
            found.add(hour if minutes == "00" else match)
            continue
        found.add(match.replace(",", "").rstrip("."))
    found.update(_NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", text) if w in _NUMBER_WORDS)
    return found


def dates(text: str) -> set[str]:
    """Weekdays, months and relative dates ("next month", "tomorrow", "end of the week"),
    lower case. "may" is the month only as "May" inside a sentence or beside a number."""
    clean = CITATION.sub(" ", text)
    lower = clean.lower()
    found = set(re.findall(r"[a-z]+", lower)) & _DAYS
    found.update(m.group(0) for m in _RELATIVE.finditer(lower))
    inside = any(clean[:m.start()].rstrip()[-1:] not in ("", ".", "!", "?", "\n", "-", "*")
                 for m in re.finditer(r"\bMay\b", clean))
    if inside or re.search(r"\d(?:st|nd|rd|th)?\s+(?:of\s+)?may\b|\bmay\s+\d", lower):
        found.add("may")
    return found
