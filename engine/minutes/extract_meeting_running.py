"""The meeting's own running: it ends, moves through its agenda, pauses or votes next.

Such a sentence decides nothing ("We'll close there.", "Moving on to item four.", "We take a
short break.", "..., then we vote"), whatever cue of a decision it holds.
"""

from __future__ import annotations

import re

# "We'll close there.", "we stop here for today", "The meeting closes at nine.": the meeting
# ends, nothing is decided
MEETING_ENDS = re.compile(r"\bwe(?:['’]ll|\s+will|\s+are\s+going\s+to|['’]re\s+going\s+to|\s+shall)?\s+"
                           r"(?:close|stop|finish|end|leave\s+it|wrap\s+up|call\s+it|break)(?:\s+(?:it|things|the\s+meeting))?"
                           r"\s+(?:there|here|now|for\s+(?:today|tonight|now))\b"
                           r"|\b(?:the\s+)?meeting\s+(?:is\s+)?(?:closes|closed|ends|is\s+over|adjourn)",
                           re.IGNORECASE)
# "Okay, we're starting the second item.", "Moving on to item four.": the meeting's own
# running, nothing is decided
AGENDA = re.compile(r"\b(?:start(?:s|ing)?|mov(?:e|es|ing)\s+on|on\s+to|next|turn(?:ing)?\s+to|"
                    r"com(?:e|ing)\s+to|get(?:ting)?\s+to|back\s+to)\b[^.?!]*\b(?:item|agenda|"
                    r"point)s?\b", re.IGNORECASE)
# "We now turn to the treasurer's report.", "We take a short break.", "Ten minutes on the
# budget, then we vote.": the meeting's own running, said with "we" (not "we move on to the new
# supplier from April", "we'll take a break from advertising")
RUNNING = re.compile(r"(?:^|[,.]\s*)(?:(?:so|okay|ok|right|now|and)[,]?\s+)*we\s+(?:now\s+)?"
                      r"(?:turn|move\s+on|proceed|pass)\s+to\s+(?:the\s+)?(?:next\s+|last\s+|final\s+)?"
                      r"(?:[\w'’-]+\s+){0,3}?(?:items?|agenda|reports?|briefing|update|points?|topics?|"
                      r"questions|business|minutes|presentation)\b|"
                      r"\b(?:we|let['’]s)\s+(?:(?:will|['’]ll|can|could|should|now)\s+)?(?:take|have)\s+a\s+"
                      r"(?:short\s+|quick\s+|[\w-]+[- ]minute\s+)?(?:break|breather|recess)\b(?!\s+from)|"
                      r"\b(?:then|and\s+then|after\s+that)[,]?\s+we(?:['’]ll|\s+will)?\s+"
                      r"(?:vote|talk|discuss|chat|break|reconvene|regroup|move\s+on|hear)\b",
                      re.IGNORECASE)


def runs_the_meeting(sentence: str) -> bool:
    """The meeting ending, moving through its agenda or pausing: nothing is decided."""
    return bool(MEETING_ENDS.search(sentence) or AGENDA.search(sentence) or RUNNING.search(sentence))
