"""Sentences that put a decision off instead of making it: "let's decide next week", "we
haven't decided yet", "that waits till Jo's back", "we'll see how Easter goes", "It returns to
a future board." (extract_decision_cues.py, extract_decisions.py: no such clause is a
decision).
"""

from __future__ import annotations

import re

from engine.minutes.extract_talk import PUT_OFF, SET_ASIDE
from engine.minutes.words import MONTHS

DEFERRED = re.compile(
    r"\b(?:not\s+(?:yet\s+)?decided?|haven['’]t\s+(?:yet\s+)?decided|have\s+not\s+decided|"
    r"undecided|can['’]t\s+decide|cannot\s+decide|let['’]s\s+not|"
    r"not\s+(?:ours|mine|for\s+us|for\s+me|up\s+to\s+(?:us|me))\s+to\s+decide|not\s+(?:our|my)\s+(?:call|decision)|decide\s+(?:\w+\s+){0,4}?"
    r"(?:later|next|after|when|once|tomorrow)|decision\s+(?:\w+\s+){0,3}?(?:later|next|after|when|once|"
    r"tomorrow)|at\s+the\s+next\s+meeting|next\s+time|"
    # "Let's take it offline.", "Let's hold that for the spring term."
    r"take\s+(?:it|that|this)\s+offline|hold\s+(?:that|it|this)(?:\s+(?:one|thought))?\s+(?:for|till|until)\b|"
    + PUT_OFF + r"|" + SET_ASIDE + r"|another\s+time|no\s+rush|"
    # "We'll hear from both schemes in June and decide then.", "that waits till Jo's back",
    # "The open point is the price", "Park it, we'll sort that in the review."
    r"(?:decide|talk|discuss|revisit)\s+(?:(?:it|that|this)\s+)?then(?=\s*[.!]?\s*$)|"
    r"(?:that|it|this)\s+(?:can\s+|will\s+|has\s+to\s+)?waits?\s+(?:till|until|for)|"
    r"^(?:(?:so|and|okay|ok|right|but)[,]?\s+)*(?:the|one|our|my)\s+(?:only\s+|remaining\s+|other\s+)?open\s+"
    r"(?:point|question|issue)\s+is\b(?!\s+(?:settled|closed|decided|resolved))|"
    r"(?:sort|deal\s+with|pick\s+up|cover|take)\s+(?:that|this|it)\s+(?:in|at)\s+the\s+(?:[\w'’-]+\s+)?"
    r"(?:meeting|review|debrief|retro|session|huddle|briefing)(?!\s+(?:room|hall|notes|minutes))|"
    r"leave\s+(?:\w+\s+){1,5}?(?:for|till|until)\s+(?:the\s+)?"
    r"(?:next|later|another|new\s+year|agm|egm|board|review|retreat|offsite|(?-i:[A-Z]{2,}))|"
    r"leave\s+(?:that|it|this)(?:\s+one)?\s+open|cross\s+that\s+bridge|"
    # "That goes to the budget meeting in September.", "It's on September's agenda.", "It lies on
    # the table until April." (not "the inbox goes on the agenda every month")
    r"(?:goes|go|going)\s+(?:on|to)\s+(?:the\s+)?(?:next\s+|(?:" + "|".join(MONTHS) + r")(?:['’]s)?\s+|"
    r"[a-z-]+\s+)?(?:agenda|meeting|review)\b(?!\s+(?:every|each))|"
    r"\bon\s+(?:the\s+)?(?:next\s+|\w+['’]s\s+)agenda\b|lies\s+on\s+the\s+table\b|"
    r"(?:defer|postpone|park|shelve)\s+(?:that|this|it|them|the\s+\w+)|sleep\s+on\s+(?:it|that|this)|"
    r"(?:think|mull)\s+(?:on|over)\s+(?:it|that|this)|(?:think|mull)\s+(?:it|that|this)\s+over|"
    # "We see how Easter goes.", "Let's wait and see.", "I'm inclined to refuse.": not settled
    r"(?:we['’]ll|let['’]s|we)\s+(?:just\s+)?see\s+how\s+(?:[\w'’]+\s+){0,3}?(?:goes|go|pans\s+out)\b|"
    r"wait\s+and\s+see|(?:I['’]m|I\s+am|I['’]d\s+be|we['’]re|we\s+are)\s+(?:\w+\s+)?inclined\s+to|"
    r"hold\s+(?:[\w'’-]+\s+){1,4}?over\s+(?:to|till|until|for)\b|"
    # "We shall not rule on it today.", "It returns to a future board.", "We see what she says
    # tonight.", "We take the decision on making it permanent in December.", "We'll sit down
    # on Sunday and sort it.", "Let's do a separate one on that."
    r"(?:not|won['’]t|shan['’]t)\s+(?:rule|decide|vote)\s+on\s+(?:it|that|this|the\s+\w+)\s+(?:today|tonight|now|"
    r"yet)\b|(?:returns?|comes?\s+back)\s+to\s+(?:us|the\s+board|a\s+future\s+\w+|the\s+next\s+\w+)\b|"
    r"(?:we|let['’]s)\s+(?:just\s+)?see\s+(?:what|where)\s+(?:\w+\s+){0,4}?(?:says?|are|is|stands?|lands?)\b|"
    r"take\s+the\s+(?:[\w-]+\s+){0,3}?decision\s+(?:on\s+(?:[\w'’-]+\s+){1,5}?)?(?:in|on|at|after|once|next|"
    r"when)\b|sit\s+down\s+(?:\w+\s+){0,3}?and\s+(?:sort|decide|agree|go\s+through)|"
    r"a\s+separate\s+(?:one|call|meeting|session|conversation)\s+(?:on|about|for)\b|"
    r"put\s+(?:it|that|this)\s+(?:to\s+(?:the\s+(?:whole\s+|wider\s+)?(?:group|team|committee|members|"
    r"membership)|everyone|a\s+vote)|on\s+the\s+agenda)|"
    r"leave\s+(?:that|it|this)(?:\s+one)?\s+(?:(?:for|till|until)\s|to\s+(?:the\s+|next\s+)(?:[\w-]+\s+)?"
    r"(?:meeting|agm|egm|review|session|week|month|term))|(?:speak|talk|meet)\s+again|"
    r"(?:sort|do|deal\s+with)\s+(?:[\w'’]+\s+){0,3}?(?:after\s+the\s+\w+|later)|hold\s+(?:that|it|this)\s+(?:\w+\s+){0,2}?(?:until|till)|"
    r"(?:discuss|talk\s+about|revisit|come\s+back\s+to|think\s+about|look\s+at)\s+"
    r"(?:\w+\s+){0,3}?(?:later|next|again|offline|after|once|when|at\s+the|in\s+(?:"
    + "|".join(MONTHS) + r"|the\s+new\s+year|a\s+(?:week|month)|\w+\s+(?:weeks|months))))\b",
    re.IGNORECASE)
