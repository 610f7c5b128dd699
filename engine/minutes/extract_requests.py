"""How people ask others to do something: requests ("Priya, could you ...?", "would you
mind ...?", "Can you send it, Tom?"), calls for a volunteer ("can someone ...?", "who wants to
...?", "somebody has to ..."), instructions ("Everyone, please ...", "Then give them the ten
percent"). Third-person assignments ("Tomasz will handle the references") are in
extract_assignments.py.

Each function reads one sentence and returns who is asked and the task (None when it asks
for no work); extract_actions.py decides who takes it on.
"""

from __future__ import annotations

import re

from engine.minutes.extract_cues import (
    CUT,
    NAME,
    TRAILING,
    WORK_VERBS,
    done_now,
    first_verb,
    strip_filler,
    task_of,
)
from engine.minutes.extract_due import due
from engine.minutes.extract_refs import base_verb
from engine.minutes.extract_talk import leaves_no_task
from engine.minutes.words import (
    NOT_TASK_VERBS,
    SPEECH_NOW_VERBS,
    TASK_VERBS,
    goodbye,
)

_YOU = (r"(?:(?:would|are|will) you be willing to|would you be up for|"
        r"(?:can|could|would|will) (?:you|your\s+(?:team|office|department|people|folks|side|lab|"
        r"crew|staff|lot))(?:\s+(?:please|possibly|also|maybe|just|kindly|"
        r"quickly|perhaps))*(?:\s+be\s+able\s+to)?|(?:maybe|perhaps)\s+you(?:\s+and\s+[A-Z][a-z]+)?"
        r"\s+(?:could|can)|any\s+chance\s+you\s+could|are you able to|please|would you mind|"
        r"do you mind|(?:are\s+)?you\s+(?:okay|ok|alright|all\s+right|able)\s+to(?!\s+(?:drive\s+home|talk|"
        r"chat|stay|come|go|get\s+home|carry\s+on|continue)\b)|"
        r"(?:can|could|may) I ask you to|(?:I|we)(?:['’]d|\s+would)\s+ask\s+you\s+to|"
        r"I['’]d like you to|I need you to|"

        r"I want you to|mind)")
_REQUEST = re.compile(
    r"(?:^|[,.;]\s*|\b(?i:then|and|so|okay|ok|meanwhile|also|now|first|next|great|good)[,]?\s+)"
    + NAME + r",\s+(?P<how>(?i:" + _YOU + r"))\s+(?P<task>.+)")
_CAN_YOU = r"^(?:can|could|would|will)\s+you(?:\s+please)?\s+"
# "Can someone ...?", "Would one of you ...?": anyone here asked
CAN_SOMEONE = r"(?:can|could|would|will)\s+(?:someone|somebody|anyone|anybody|one\s+of\s+you)"
_REQUEST_LAST = re.compile(_CAN_YOU + r"(?P<task>.+?),\s*" + NAME + r"\?$", re.IGNORECASE)
_REQUEST_ANY = re.compile(r"(?:^|,\s*)(?:" + _YOU.replace("|please|", "|") + r"|you['’]ll need to)"
                          r"\s+(?P<task>.+)", re.IGNORECASE)
_OWN = re.compile(r"(?:^|[,.;]\s*|\b(?i:then|and|so|okay)\s+)" + NAME + r",\s+you(?:['’]re|\s+are)?\s+"
                  r"(?P<task>(?:own|take|handle|lead|drive|run|cover|are on|['’]re on|have|"
                  r"get|do)\b.+)")
# "Ama, you'll do the window display change?" (not "Cal, you'll have the keys by Friday")
_OWN_LATER = re.compile(r"(?:^|[,.;]\s*|\b(?i:then|and|so|okay)\s+)" + NAME + r",\s+you(?:['’]ll|\s+will)\s+"
                        r"(?P<task>(?:own|take|handle|lead|run|cover|do)\b.+)")
_WORK = "|".join(sorted(WORK_VERBS))  # a verb of work, as a pattern
_TOLD_WORK = "|".join(sorted(WORK_VERBS - {"look", "talk", "speak", "try"}))
# "Samir, you draft the apology letter today." (not "Eleanor, you read this one?")
_YOU_VERB = re.compile(r"(?:^|[,.;]\s*|\b(?i:then|and|so|okay)\s+)" + NAME
                       + r",\s+you(?:['’]ll|\s+will|\s+can)?\s+(?P<task>(?:" + _TOLD_WORK + r")\b[^?]+)$")
# "Lorna, you'll sort the paperwork by the fifteenth?": asked as a question, still a task
_YOU_WILL = re.compile(r"(?:^|[,.;]\s*|\b(?i:then|and|so|okay)\s+)" + NAME
                       + r",\s+you(?:['’]ll|\s+will)\s+(?P<task>(?:" + _TOLD_WORK + r")\b[^?]+)\?$")

# "Nikos, you're doing the controlled drugs check with me at six.": a task given in the
# present progressive (not "Nikos, you're looking tired", "you're joking").
_YOU_DOING = re.compile(r"(?:^|[,.;]\s*|\b(?i:then|and|so|okay)\s+)" + NAME + r",\s+you(?:['’]re|\s+are)\s+"
                        r"(?:(?:also|still|then)\s+)?(?P<verb>[a-z]+ing)\b(?P<rest>[^?]+)\??$")
_NOT_DOING = set("looking being going getting coming joking kidding talking saying thinking feeling "
                 "sounding making asking".split())


def now(task: str) -> bool:
    """A task done in the meeting itself, not after it: "walk us through the timeline",
    "tell us", "show us what you have", "go ahead", "start" (unless a date says later)."""
    words = task.lower().split()
    if not words or words[0] not in SPEECH_NOW_VERBS or due(task):
        return False
    if " ".join(words[1:3]).strip(",.?") in ("for us", "for me", "for everyone"):
        return True  # "Idris, would you summarise for us?"
    return len(words) == 1 or words[1].strip(",.") in (
        "us", "me", "everyone", "everybody", "the", "what", "about", "through", "ahead", "first",
        "in", "on", "off", "a", "more", "again", "quickly", "briefly", "yourself", "your",
        "with", "by", "up", "over", "it", "that", "this") and not (
        words[1] == "the" and words[0] in ("tell", "show", "give", "walk"))


# "Shall I ring the caterer?", "Do you want me to send one home in his bag?": a task the
# asker offers to do (not "Should I tell the team, or will you?")
_OFFERED = re.compile(r"(?:^|[,.]\s+)(?:(?:and|so|okay|ok|then|um|right)[,]?\s+)*(?:shall\s+I|should\s+I|"
                      r"(?:do\s+you\s+)?want\s+me\s+to|would\s+you\s+like\s+me\s+to)\s+"
                      r"(?P<task>[a-z][^?,]*)\?", re.IGNORECASE)


def offered(sentence: str) -> str | None:
    """The task a question offers to do ("Shall I move the table now?" -> "move the table
    now"): a verb of work, nothing done in the meeting itself."""
    m = _OFFERED.search(sentence)
    if not m:
        return None
    task = _request_task(m.group("task"))
    return task if task and first_verb(task) in WORK_VERBS | {"tell"} else None


def _request_task(task: str) -> str | None:
    task = task.strip().rstrip("?.!").strip()
    task = re.sub(r"^(?:and\s+[A-Z][a-z]+|two|both)\s+", "", task)  # "could you and Ben pick up ..."
    task = re.split(r"\?\s", task)[0]
    verb = first_verb(task)
    if not verb or verb in NOT_TASK_VERBS - {"go", "start"} or verb in ("know", "hear"):
        return None
    if now(task) or done_now(task):
        return None  # "walk us through the timeline": done in the meeting itself
    return task_of(CUT.split(task, maxsplit=1)[0])


def request(sentence: str, names: set[str]) -> tuple[str | None, str] | None:
    """(addressee, task) of a request: "Priya, could you write it down?", "Then Ellie,
    please copy the logs", "Rosa, would you mind calling them?", "Can you send it, Tom?";
    the addressee is None when no name is said ("Can you send me the guide?"). A name must
    be one of ``names`` (said in the meeting as a name)."""
    for pattern in (_REQUEST, _OWN, _OWN_LATER, _YOU_VERB, _YOU_WILL):
        m = pattern.search(sentence)
        if m and m.group("name") in names:
            task = _request_task(m.group("task"))
            if task and not (pattern is _REQUEST and m.group("how").lower() == "please"
                             and first_verb(task) in SPEECH_NOW_VERBS):
                return m.group("name"), task
            return None
    m = _YOU_DOING.search(sentence)
    if m and m.group("name") in names and m.group("verb").lower() not in _NOT_DOING:
        verb = base_verb(m.group("verb").lower())
        given = {"do", "take", "cover", "run", "lead", "handle"}  # asked: "Ollie, you're doing the list?"
        if verb in (given if sentence.rstrip().endswith("?") else WORK_VERBS | given):
            task = _request_task(verb + m.group("rest"))
            return (m.group("name"), task) if task else None
    m = _REQUEST_LAST.match(strip_filler(sentence))
    if m and m.group("name") in names:
        task = _request_task(m.group("task"))
        return (m.group("name"), task) if task else None
    m = _REQUEST_ANY.search(strip_filler(sentence))
    if m and not re.match(r"^(?:I|we)\b", m.group("task")):
        task = _request_task(m.group("task"))
        if task and (first_verb(task) in WORK_VERBS or first_verb(task).endswith("ing") or due(task)):
            return None, task  # any verb asked for by a date is work: "could you portion it by five?"
    return None


_ASKED_OF_YOU = re.compile(_CAN_YOU + r"(?P<task>[a-z][^?]*)\?", re.IGNORECASE)


def asked_of_you(sentence: str) -> str | None:
    """The task of "Can you split it by app version?" whatever its verb: a request when the
    one asked says yes to it (the caller's to check), not a question left open."""
    m = _ASKED_OF_YOU.match(strip_filler(sentence))
    return _request_task(m.group("task")) if m else None


_CALL = re.compile(
    r"\b(?:" + CAN_SOMEONE + r"(?:\s+please)?"
    r"|who(?:['’]s|\s+is)?\s+(?:can|could|will|would|wants\s+to|would\s+like\s+to|happy\s+to|"
    r"going\s+to|has\s+time\s+to|volunteers\s+to|able\s+to)"
    r"|(?:someone|somebody|anyone)\s+(?:has\s+to|needs\s+to|should|must|will\s+have\s+to)"
    r"|we(?:['’]ll|\s+will)?\s+need\s+(?:someone|somebody|a\s+volunteer)\s+to"
    r"|(?:does|do)\s+(?:anyone|anybody|someone)\s+want\s+to"
    r"|any\s+volunteers?\s+(?:to|for)"
    r"|(?:is|are)\s+(?:anyone|anybody)\s+(?:able|free|available|willing)\s+to)\s+(?P<task>[^?]+)",
    re.IGNORECASE)
# A task named as the condition of an offer: "I can, if someone rings the patients first."
_CALL_IF = re.compile(r"\b(?:if|as\s+long\s+as|provided)\s+(?:someone|somebody|anyone|anybody)\s+"
                      r"(?P<verb>[a-z]+s)\b(?P<rest>[^.?!,;]*)", re.IGNORECASE)


def call_if(sentence: str) -> str | None:
    """The task named as the condition of an offer: "I can read it, if someone writes it"
    -> "write it" (the offer, "read it", is the speaker's own)."""
    m = _CALL_IF.search(sentence)
    if m and plain_form(m.group("verb")).lower() in WORK_VERBS:
        return task_of(plain_form(m.group("verb")) + m.group("rest"))
    return None


_CALL_ING = re.compile(r"\bwho['’]s\s+(?P<verb>[a-z]+ing)\b(?P<rest>[^?]*)\?", re.IGNORECASE)


def call(sentence: str, base_verb) -> str | None:
    """The task a call for a volunteer asks for: "Can someone look at the build?" -> "look
    at the build"; "Who's building it?" -> "build it"; "Somebody has to renew it." ->
    "renew it". ``base_verb``: "building" -> "build"."""
    m = _CALL.search(sentence)
    if m:
        task = m.group("task").strip().rstrip(".!").strip()
        verb = first_verb(re.sub(r"^(?:go|come)\s+and\s+", "", task))  # "someone needs to go and talk"
        if verb in NOT_TASK_VERBS or verb in ("know", "hear"):
            return None
        return task_of(task)
    task = call_if(sentence)
    if task:
        return task
    m = _CALL_ING.search(sentence)
    # "Who's paying for the second seeding?" asks who bears a cost, for no one's work
    if m and m.group("verb").lower() not in ("going", "coming", "talking", "speaking", "paying",
                                             "funding"):
        return task_of(base_verb(m.group("verb").lower()) + m.group("rest"))
    return None


_GROUP_WORDS = ("everyone", "everybody", "all of you", "you all", "guys", "folks", "team", "all")
_VOCATIVE = re.compile(r"^(?:(?i:and|so|then|okay|ok|now|please)[,]?\s+)*(?P<who>[A-Z][a-z]+|"
                       r"(?i:everyone|everybody|all of you|you all|guys|folks|team))\s*,\s+"
                       r"(?P<rest>.+)")
# "Everyone upload your photos tonight": told to all with no comma, a verb of work and "your"
# next (not "Everyone read the report?", "Everyone put your hands up")
_ALL_TOLD = re.compile(r"^(?:(?i:and|so|then|okay|ok|now|right)[,]?\s+)*(?i:everyone|everybody)\s+"
                       r"(?P<told>(?!(?i:put|raise|keep)\b)(?:" + _WORK + r")\s+(?i:your)\b[^?]+)$")
_TOPIC = re.compile(r"^(?:(?:and|so|then|okay|also)[,]?\s+)*(?:for|on|about|regarding|as for)"
                    r"\s+[^,]{1,30},\s+(?P<rest>.+)", re.IGNORECASE)
GROUP = "everyone"


_YOURS = re.compile(r"^that(?:['’]s|\s+is|\s+one['’]s|\s+one\s+is)\s+yours[,.]?\s*", re.IGNORECASE)
_IS_YOURS = re.compile(r"^(?P<what>(?:the|this|that)\s+(?!(?:floor|stage|mic|microphone|choice|decision|call|"
                       r"pleasure|turn)\b)[^,.]+?)(?:\s+(?:is|are)|['’]s)\s+yours\b"
                       r"(?P<rest>[^.?!]*)",
                       re.IGNORECASE)
_PUT_DOWN = re.compile(r"^put\s+" + NAME + r"\s+(?:down|in)\s+for\b", re.IGNORECASE)
_ACTION_FOR = re.compile(r"^(?:(?i:an?)\s+)?(?i:action)(?:\s+(?i:item|point))?\s+(?i:for|on)\s+" + NAME
                         + r"\s*[:,]?\s*")  # "Action for Ben: update the slides."
# "Get Dan to do that": the task just asked for, handed to someone by name
_GET_TO = re.compile(r"^get\s+(?:young\s+|old\s+)?" + NAME + r"\s+(?:to\s+|(?=on\s+(?:it|that|this)\b))",
                     re.IGNORECASE)  # "Get Jordan on it"
_AFTER_VERB = {"soon", "later", "again", "then", "now", "too", "first", "it", "that", "this",
               "them", "up", "out", "please", "one", "some", "something", "anything"}


_CONCLUDES = re.compile(r"^(?:(?:okay|ok|right|fine|good|alright)[,.]?\s+)?then[,]?\s+(?P<verb>[a-z]+)\b"
                        r"|^(?P<last>[A-Za-z]+)\b[^.?!]*,\s*then[.!]?$", re.IGNORECASE)
_CHOICE_VERBS = {"give", "keep", "leave", "drop", "cut", "stick", "hold", "offer", "use", "go"}


def concludes(sentence: str) -> bool:
    """An order that follows from what was just said, to no one by name: "Then give them
    the ten percent.", "Move it to next quarter, then." (the meeting settles it; "Then Ellie,
    please copy the logs" and "Then let's ask IT" are asked of someone)."""
    m = _CONCLUDES.match(strip_filler(sentence) if not re.match(r"^then\b", sentence.strip(), re.I)
                         else sentence.strip())
    if not m or sentence.rstrip().endswith("?") or polite(sentence) or \
            re.search(r"^(?:\w+[,]?\s+){0,2}?\w+\s+(?:me|us)\b", strip_filler(sentence)):
        return False  # "Then send me the details": asked of the one spoken to
    verb = (m.group("verb") or m.group("last")).lower()
    return verb in TASK_VERBS or verb in _CHOICE_VERBS


# Told to someone by name: what they know first ("you've got the list from last trip, send it
# to Rob"), and errands that start with no verb of work ("go and see Doctor Price", "tell them
# the records system is read only", "let her know")
_SAID_OF_YOU = re.compile(r"^you(?:['’]ve|['’]re|\s+have|\s+are)\s+[^,]{3,40},\s+(?=(?:" + _WORK + r")\s)")
_ERRAND = re.compile(r"^(?:(?:go|pop|nip|head)\s+(?:over\s+|round\s+|down\s+|up\s+)?(?:and\s+)?"
                     r"(?:see|visit|talk\s+to|speak\s+to|ask|check|find|get(?!\s+(?:a\s+|some\s+)?(?:coffee|tea|"
                     r"drink|lunch|water|rest)))|tell\s+(?:them|him|her|(?-i:[A-Z][a-z]+)|the\s+(?!truth|story|"
                     r"difference|time|joke|rest)[a-z]+)"
                     r"(?!\s+(?:about|what|how|why|where|who|when))|"
                     r"let\s+(?:them|him|her|(?-i:[A-Z][a-z]+))\s+know(?!\s+if\s+you))\b", re.IGNORECASE)
_TOLD_LAST = re.compile(r",\s*(?:please,\s*)?(?P<who>[A-Z][a-z]+)[.!]$")
_THEN = re.compile(r"^(?:(?:then|so|okay|ok|right)[,]?\s+)+", re.IGNORECASE)


def instruction(sentence: str, names: set[str]) -> tuple[str | None, list[str]] | None:
    """(who is told, tasks) of an instruction: "Everyone, send me your sections by the
    tenth, please" -> ("everyone", [...]); "Please read chapter five, and try the notebook"
    -> (None, [two tasks]); "And for testing, ask Maria" -> (None, ["ask Maria"]). Only
    sentences that start with a verb of work (WORK_VERBS), also asked ("Kemi, get back to
    him by the 20th?"); "Bogdan, that one's yours, get it signed" and "put Jody down for it"
    name who; the caller decides whether a bare one is really meant (see extract_actions)."""
    told = _TOLD_LAST.search(sentence)
    if told and told.group("who") in names:  # "Then open a case today, please, Jarek."
        sentence = f"{told.group('who')}, {_THEN.sub('', sentence[:told.start()])}."
    elif concludes(sentence):
        return None
    asked = sentence.rstrip().endswith("?")
    text = strip_filler(sentence)
    who = None
    m = _VOCATIVE.match(text)
    told_all = _ALL_TOLD.match(text.strip())
    if told_all and not re.search(r"\b(?:last|ago|yesterday)\b", text, re.IGNORECASE):
        who, text = GROUP, told_all.group("told")
    elif m and m.group("who").lower() in _GROUP_WORDS:
        who, text = GROUP, m.group("rest")
    elif m and m.group("who") in names:
        who, text = m.group("who"), _YOURS.sub("", m.group("rest"))
        mine = _IS_YOURS.match(text)  # "Ben, the minutes are yours this week."
        text = f"take {mine.group('what')}{mine.group('rest')}" if mine else text
    elif m and re.match(r"please\b", m.group("rest"), re.IGNORECASE):
        text = m.group("rest")  # "Ellie, please ...", the name misheard: someone is asked
    m = _PUT_DOWN.match(text) or _ACTION_FOR.match(text) or _GET_TO.match(text)
    if who is None and m and m.group("name") in names:
        who = m.group("name")
        text = text[m.end():] if m.re is _GET_TO else _ACTION_FOR.sub("", text)
        if re.fullmatch(r"(?:do|on) (?:it|that|this)(?:[.!]|,.*)?", text.strip(), re.IGNORECASE):
            return who, ["do it"]  # the task asked for just before: the caller's to find
    if who not in (None, GROUP):  # "Mai, you've got the list from last time, send it to Rob"
        text = _SAID_OF_YOU.sub("", text)
    if asked and who is None and not due(sentence):
        return None  # "Take a seat?"; but "Kemi, get back to him?", "Get them booked by May?"
    m = _TOPIC.match(text)
    if m:
        text = m.group("rest")
    text = re.sub(r"^please[,]?\s+", "", strip_filler(text), flags=re.IGNORECASE)
    tasks = []
    for part in re.split(r",\s*and,?\s*(?:uh,?\s*|um,?\s*)?(?=\w+\s)", text):
        part = re.sub(r"[,]?\s*please[.!]?$", "", part.strip(), flags=re.IGNORECASE)
        part = TRAILING.sub("", CUT.split(part, maxsplit=1)[0].strip().rstrip(".!?,"))
        verb = first_verb(part)
        told_by_date = who not in (None, GROUP) and due(sentence) and verb.isalpha() \
            and verb not in NOT_TASK_VERBS | SPEECH_NOW_VERBS  # "Ben, open a case today."
        errand = who not in (None, GROUP) and _ERRAND.match(part)  # "Lena, go and see Doctor Price"
        if (verb not in WORK_VERBS and not told_by_date and not errand) or now(part) or done_now(part) \
                or goodbye(part) or leaves_no_task(part):
            if not tasks:
                return None
            break
        if not [w for w in part.lower().split()[1:] if w not in _AFTER_VERB]:
            return None  # "talk soon", "try again"
        tasks.append(task_of(part))
    return (who, tasks) if tasks else None


def polite(sentence: str) -> bool:
    return bool(re.search(r"\bplease\b", sentence, re.IGNORECASE))


def plain_form(word: str) -> str:
    """'tests' -> 'test', 'fixes' -> 'fix', 'tidies' -> 'tidy' (third person to plain form)."""
    lower = word.lower()
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + "y"
    if re.search(r"(?:sh|ch|x|ss|zz|o)es$", lower):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith("ss"):
        return word[:-1]
    return word
