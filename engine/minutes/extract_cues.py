"""How people say they will do something, ask someone to, or call for a volunteer; and when.

Each function reads one sentence and returns the task it carries (None when it carries
none). The patterns are ways of speaking, not words of one meeting: "I'll ...", "let me
...", "I'm happy to ..."; "Priya, could you ...?", "would you mind ...?"; "can someone
...?", "who wants to ...?", "somebody has to ..."; "Everyone, please ..."; and in the third
person: "Tomasz will handle the references", "So Ben sends the workaround".
"""

from __future__ import annotations

import re

from engine.minutes.words import (
    MONTHS,
    NOT_NAMES,
    NOT_TASK_VERBS,
    SPEECH_NOW_VERBS,
    TASK_VERBS,
    WEEKDAYS,
)

# Verbs of work words.TASK_VERBS lacks (that list is shared with other modules).
_WORK = TASK_VERBS | frozenset("""
amend resume restart pause price cost quote draw handle circulate distribute recruit finalise
finalize brief coordinate escalate negotiate reschedule rebook redo rerun chase
repair replace paint measure photograph inspect certify glue mend fit assemble dismantle mount
bake cook prep wash restock unload pack unpack lock unlock fetch deliver courier source procure
purchase rent lease borrow lend return swap exchange postpone authorise authorize countersign
lodge register apply enrol enroll canvass research analyse assess evaluate calculate forecast
outline redesign sketch revise correct proofread transcribe pitch demo demonstrate rehearse
practise practice laminate decorate prune weed harvest vaccinate examine diagnose prescribe
inform alert warn nudge escalate flag log circulate announce advertise promote
sweep mop hoover vacuum empty clear shred stack shelve portion chop descale defrost configure
debug patch upgrade reboot reconcile invoice onboard interview mentor supervise monitor
coordinate organize organise host facilitate moderate tweet proof scan photocopy stamp
""".split())
# "rebuild", "retrain", "recheck": a verb of work done again
WORK_VERBS = _WORK | frozenset("re" + v for v in _WORK)
NAME = r"(?P<name>[A-Z][a-z]+)"
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
FILLER = re.compile(
    r"^(?:(?:and|so|then|ok|okay|good|yes|yeah|yep|well|right|great|also|now|um|uh|er|hmm|oh|"
    r"alright|all right|anyway|actually|but|perfect|lovely|cool|meanwhile|fine|sure|thanks|"
    r"thank you|honestly|in fairness|first|next|last|finally)\b[,.!]?\s*)+", re.IGNORECASE)
_PRONOUN_OBJECT = r"(?:it|that|this|them|those|these|one)"
_LEAD = re.compile(
    r"(?<![\w'’])(?:I\s+will|I['’]ll|I\s+am\s+going\s+to|I['’]m\s+going\s+to|I\s+can(?!['’]t|not)"
    r"|I['’]m\s+happy\s+to|I\s+am\s+happy\s+to|I['’]d\s+be\s+happy\s+to|I['’]ll\s+be\s+happy\s+to"
    r"|I['’]m\s+glad\s+to|(?<![Yy]ou\s)[Ll]et\s+me|I\s+need\s+to|I['’]ll\s+need\s+to|I\s+have\s+to"
    r"|I\s+must)(?=\s|[.!?,]|$)\s*(?P<task>.*)")
_ADVERB = re.compile(r"^(?:(?:also|just|then|probably|definitely|quickly|personally|first|gladly|"
                     r"still|actually|now|really|happily|certainly|gonna|need to|have to)\s+)+",
                     re.IGNORECASE)
_CUT = re.compile(r",\s*(?=(?:I|I'm|I'll|we|we're|it|it's|that|that's|this|because|but|so|which|"
                  r"he|she|they|there|if|since|when)\b)|\s+(?:because|but|since)\s+|;")
# A word after a comma that ends a task and is no part of it: someone addressed ("..., Chair",
# "..., you two") or an afterthought ("do it, actually").
_TRAILING = re.compile(r",\s*(?:[A-Z][a-z]+|actually|then|too|though|anyway|honestly|please|yeah|"
                       r"okay|ok|you two|you guys|you all|everyone)[.!?]?$")
_WEAK = re.compile(r"^(?:do|take|handle|own|grab|sort|tackle|cover|get|have|look after|"
                   r"take care of|deal with|be on|pick up)\b(?:\s+" + _PRONOUN_OBJECT + r")?"
                   r"(?:\s+(?:on|over|out|up|done|ready|finished|sorted|then|too|as well|"
                   r"myself|for you))*$", re.IGNORECASE)


# Roles in the meeting itself: "I will run the meeting today", "I'll take notes".
_RUNS_THE_MEETING = re.compile(
    r"^(?:run|chair|host|lead|facilitate|moderate|open|kick off|keep)\s+(?:the|this|today['’]s|"
    r"our)\s+(?:meeting|call|session|discussion|time|retro|stand-?up)\b|^(?:take|write)\s+"
    r"(?:the\s+)?(?:notes|minutes)\b|^share\s+(?:my|the)\s+screen\b", re.IGNORECASE)


def strip_filler(text: str) -> str:
    return FILLER.sub("", text.strip()).strip()


def clean(text: str) -> str:
    """A sentence as an item: opening fillers ("So, um, ...") dropped, first letter up."""
    text = strip_filler(text)
    return text[:1].upper() + text[1:] if text else text


def task_of(text: str) -> str:
    """A task as the minutes list it: no end punctuation, first letter down."""
    text = text.strip().rstrip(".?!,").strip()
    if text.split(" ", 1)[0] == "I":
        return text
    return text[:1].lower() + text[1:]


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


def _verb(task: str) -> str:
    return task.split(" ", 1)[0].lower().strip(",.") if task else ""


def commitment(sentence: str) -> str | None:
    """What the speaker takes on in ``sentence`` ("I'll send it by Friday" -> "send it by
    Friday"); "" for a bare "I will." / "I can."; None when it promises no work ("I will be
    honest", "I can imagine", "If you sign, I can do eleven thousand", "I won't")."""
    if re.match(r"^(?:if|unless)\b", strip_filler(sentence), re.IGNORECASE):
        return None  # an offer under a condition, not a task
    m, led, tasks = _LEAD.search(sentence), False, []
    while m:  # every "I will": "I'll tell you what, I can bake forty cupcakes"; "I'm happy
        led = True  # to do the flyers, I'll print them at the library on Saturday"
        offer = re.search(r"\b(?:if|unless)\b", sentence[:m.start()], re.IGNORECASE)
        found = None if offer else _promised(m.group("task"))  # "... if you sign, I can do"
        if found is not None and (found or not tasks):
            tasks.append(found)
        m = _LEAD.search(sentence, m.start() + 1)
    if tasks:
        return " – ".join(t for t in tasks if t) if any(tasks) else ""
    if not led:
        if re.match(r"^(?:will do|on it|leave it with me|consider it done|count me in)\b|"
                    r"^I['’]ll go[.!]?$|"
                    r"^(?:me|I['’]d love to|I['’]d be glad to|happy to|glad to|that['’]ll be me|"
                    r"that['’]s me)[.!]?$", strip_filler(sentence), re.IGNORECASE):
            return ""  # "Will do.", "Me.", "I'd love to.": a yes to a task
        m = _MINE.match(strip_filler(sentence))
        if m:  # "Leave the signage to me.", "My action is to email the parents."
            what = m.group("what") or ""
            return m.group("task") or ("" if re.fullmatch(r"it|that|this", what, re.I) else f"take {what}")
        if re.search(r"\bI['’]m on it\b|\bleave it with me\b", sentence, re.IGNORECASE):
            return ""
        m = re.search(r"\b(?:put|sign|count) me (?:down|up|in) for (?P<what>[^.!?,]+)", sentence,
                      re.IGNORECASE)
        if m:  # "Put me down for the drinks reception"
            what = m.group("what").strip()
            if not without_due(f"on {what}"):
                return task_of(m.group(0))  # "Put me down for the 15th": a day is no task
            return task_of(what if what.split(" ", 1)[0].lower() in TASK_VERBS
                           else f"take {what}")
    return None


_MINE = re.compile(r"^(?:leave\s+(?P<what>.+?)\s+(?:to|with)\s+me[.!]?$|my\s+action(?:\s+item)?\s+is\s+to\s+"
                   r"(?P<task>[^.!?]+))", re.IGNORECASE)


def _promised(words: str) -> str | None:
    """The task after "I will" / "I can" ..., or None when no work is promised."""
    task = _ADVERB.sub("", words).strip()
    task = _TRAILING.sub("", _CUT.split(task, maxsplit=1)[0].strip().rstrip(".?!,"))
    verb = _verb(task)
    if re.fullmatch(r"go[.!]?", task, re.IGNORECASE):
        return ""  # "Can someone pick up the shallots?" "I'll go.": a yes to the task
    if verb in ("not", "never", "no", "only") or (verb == "tell" and re.match(r"tell (?:you|ya)\b", task)):
        return None  # "I can only do two at a time": what one can do, not a task
    if _NOT_PROMISED.match(task):
        return None
    if verb == "start" and (len(task.split()) < 2 or re.match(r"start (?:with|by|off)\b", task)):
        return None  # "I'll start", "I'll start with the numbers": who speaks first
    if verb == "let" and re.match(r"let\s+(?:[\w'’]+\s+){1,4}know\b", task):
        return task_of(task)  # "I'll let the baker know this afternoon"
    if verb in NOT_TASK_VERBS or verb == "let" or _RUNS_THE_MEETING.match(task):
        return None
    return task_of(task)


# After "I will"/"I need to", no work for later: leaving ("I need to run to teaching"),
# accepting ("I can work with small"), reading aloud there and then ("I'll read you the line").
_NOT_PROMISED = re.compile(r"^(?:(?:run|dash|head|shoot|hop|jump)(?:\s+(?:off|out|now))?"
                           r"(?:\s+(?:to|at|in|by)\b|$)|"
                           r"(?:confess|concede|own\s+up|grant\s+you)\b|"
                           # talk about the talk: "I'll put it this way", "I'll keep it short"
                           r"put\s+it\s+(?:this|that|like|another)\b|give\s+(?:you\s+)?an\s+example|"
                           r"hand\s+(?:over|back)\b|keep\s+(?:it|this)\s+(?:short|brief|quick)|"
                           r"get\s+(?:this|that)\s+(?:right|straight)|take\s+your\s+word|"
                           r"leave\s+it\s+(?:there|at\s+that)|(?:stop\s+)?shar(?:e|ing)(?:\s+my\s+screen)?$|"
                           r"come\s+(?:back\s+)?to\s+(?:that|this|it)\s+(?:in\s+a|later|shortly)|"
                           r"(?:leave|drop\s+off)\s+(?:at|early|now|in\s+a)\b|(?:un)?mute\b|"
                           r"(?:work|cope|manage)\s+with\b|(?:read|show|play)\s+(?:you|us)\b|"
                           # thinking it over decides later, it is no task: "I'll sleep on it"
                           r"(?:sleep\s+on\s+(?:it|that)|think\s+(?:it|that)\s+over|mull\s+(?:it|that)\s+over|"
                           r"think\s+about\s+(?:it|that))[.!]?$)",
                           re.IGNORECASE)


def weak(task: str) -> bool:
    """A task that only points back ("do that", "take it", "have it done", "" for "I will"):
    it accepts or volunteers for a task said before."""
    bare = without_due(task)
    return not bare or bool(_WEAK.match(bare)) or len(bare.split()) == 1


_AFTER_PRONOUN = set("""
at in on to for with by from about into over up out off down back round around through
again too then now first later today tomorrow tonight soon and or but so as before after
when once if properly quickly myself yourself himself herself ourselves themselves
""".split())


def points_back(task: str) -> bool:
    """A task whose object is "it"/"them"/"that": about a thing said before ("print them
    at the library on Saturday"), not "one small bug"."""
    m = re.match(r"^\w+(?:\s+\w+)?\s+(?:it|that|this|them|those|these|him|her)\b(?:\s+(?P<next>\w+))?",
                 without_due(task))
    return bool(m) and (m.group("next") is None or m.group("next").lower() in _AFTER_PRONOUN)


_YOU = (r"(?:(?:would|are|will) you be willing to|would you be up for|"
        r"(?:can|could|would|will) (?:you|your\s+(?:team|office|department|people|folks|side|lab|"
        r"crew|staff|lot))(?:\s+(?:please|possibly|also|maybe|just|kindly|"
        r"quickly|perhaps))*(?:\s+be\s+able\s+to)?|(?:maybe|perhaps)\s+you(?:\s+and\s+[A-Z][a-z]+)?"
        r"\s+(?:could|can)|any\s+chance\s+you\s+could|are you able to|please|would you mind|"
        r"do you mind|can I ask you to|could I ask you to|I['’]d like you to|I need you to|"

        r"I want you to|mind)")
_REQUEST = re.compile(
    r"(?:^|[,.;]\s*|\b(?i:then|and|so|okay|ok|meanwhile|also|now|first|next|great|good)[,]?\s+)"
    + NAME + r",\s+(?P<how>(?i:" + _YOU + r"))\s+(?P<task>.+)")
_REQUEST_LAST = re.compile(r"^(?:can|could|would|will) you(?:\s+please)?\s+(?P<task>.+?),\s*"
                           + NAME + r"\?$", re.IGNORECASE)
_REQUEST_ANY = re.compile(r"(?:^|,\s*)(?:" + _YOU.replace("|please|", "|") + r"|you['’]ll need to)"
                          r"\s+(?P<task>.+)", re.IGNORECASE)
_OWN = re.compile(r"(?:^|[,.;]\s*|\b(?i:then|and|so|okay)\s+)" + NAME + r",\s+you(?:['’]re|\s+are)?\s+"
                  r"(?P<task>(?:own|take|handle|lead|drive|run|cover|are on|['’]re on|have|"
                  r"get|do)\b.+)")
# "Samir, you draft the apology letter today." (not "Eleanor, you read this one?")
_YOU_VERB = re.compile(r"(?:^|[,.;]\s*|\b(?i:then|and|so|okay)\s+)" + NAME
                       + r",\s+you(?:['’]ll|\s+will|\s+can)?\s+"
                       r"(?P<task>(?:"
                       + "|".join(sorted(WORK_VERBS - {"look", "talk", "speak", "try"})) + r")\b[^?]+)$")


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


def _request_task(task: str) -> str | None:
    task = task.strip().rstrip("?.!").strip()
    task = re.sub(r"^(?:and\s+[A-Z][a-z]+|two|both)\s+", "", task)  # "could you and Ben pick up ..."
    task = re.split(r"\?\s", task)[0]
    verb = _verb(task)
    if not verb or verb in NOT_TASK_VERBS - {"go", "start"} or verb in ("know", "hear"):
        return None
    if now(task):
        return None  # "walk us through the timeline": done in the meeting itself
    return task_of(_CUT.split(task, maxsplit=1)[0])


def request(sentence: str, names: set[str]) -> tuple[str | None, str] | None:
    """(addressee, task) of a request: "Priya, could you write it down?", "Then Ellie,
    please copy the logs", "Rosa, would you mind calling them?", "Can you send it, Tom?";
    the addressee is None when no name is said ("Can you send me the guide?"). A name must
    be one of ``names`` (said in the meeting as a name)."""
    for pattern in (_REQUEST, _OWN, _YOU_VERB):
        m = pattern.search(sentence)
        if m and m.group("name") in names:
            task = _request_task(m.group("task"))
            if task and not (pattern is _REQUEST and m.group("how").lower() == "please"
                             and _verb(task) in SPEECH_NOW_VERBS):
                return m.group("name"), task
            return None
    m = _REQUEST_LAST.match(strip_filler(sentence))
    if m and m.group("name") in names:
        task = _request_task(m.group("task"))
        return (m.group("name"), task) if task else None
    m = _REQUEST_ANY.search(strip_filler(sentence))
    if m and not re.match(r"^(?:I|we)\b", m.group("task")):
        task = _request_task(m.group("task"))
        if task and (_verb(task) in WORK_VERBS or _verb(task).endswith("ing") or due(task)):
            return None, task  # any verb asked for by a date is work: "could you portion it by five?"
    return None


_CALL = re.compile(
    r"\b(?:(?:can|could|would|will)\s+(?:someone|somebody|anyone|anybody|one\s+of\s+you)"
    r"(?:\s+please)?"
    r"|who(?:['’]s|\s+is)?\s+(?:can|could|will|would|wants\s+to|would\s+like\s+to|happy\s+to|"
    r"going\s+to|has\s+time\s+to|volunteers\s+to|able\s+to)"
    r"|(?:someone|somebody|anyone)\s+(?:has\s+to|needs\s+to|should|must|will\s+have\s+to)"
    r"|we(?:['’]ll|\s+will)?\s+need\s+(?:someone|somebody|a\s+volunteer)\s+to"
    r"|(?:does|do)\s+(?:anyone|anybody|someone)\s+want\s+to"
    r"|any\s+volunteers?\s+(?:to|for)"
    r"|(?:is|are)\s+(?:anyone|anybody)\s+(?:able|free|available|willing)\s+to)\s+(?P<task>[^?]+)",
    re.IGNORECASE)
_CALL_ING = re.compile(r"\bwho['’]s\s+(?P<verb>[a-z]+ing)\b(?P<rest>[^?]*)\?", re.IGNORECASE)


def call(sentence: str, base_verb) -> str | None:
    """The task a call for a volunteer asks for: "Can someone look at the build?" -> "look
    at the build"; "Who's building it?" -> "build it"; "Somebody has to renew it." ->
    "renew it". ``base_verb``: "building" -> "build"."""
    m = _CALL.search(sentence)
    if m:
        task = m.group("task").strip().rstrip(".!").strip()
        verb = _verb(re.sub(r"^(?:go|come)\s+and\s+", "", task))  # "someone needs to go and talk"
        if verb in NOT_TASK_VERBS or verb in ("know", "hear"):
            return None
        return task_of(task)
    m = _CALL_ING.search(sentence)
    if m and m.group("verb").lower() not in ("going", "coming", "talking", "speaking"):
        return task_of(base_verb(m.group("verb").lower()) + m.group("rest"))
    return None


_GROUP_WORDS = ("everyone", "everybody", "all of you", "you all", "guys", "folks", "team", "all")
_VOCATIVE = re.compile(r"^(?:(?i:and|so|then|okay|ok|now|please)[,]?\s+)*(?P<who>[A-Z][a-z]+|"
                       r"(?i:everyone|everybody|all of you|you all|guys|folks|team))\s*,\s+"
                       r"(?P<rest>.+)")
_TOPIC = re.compile(r"^(?:(?:and|so|then|okay|also)[,]?\s+)*(?:for|on|about|regarding|as for)"
                    r"\s+[^,]{1,30},\s+(?P<rest>.+)", re.IGNORECASE)
GROUP = "everyone"


_CLOSING = re.compile(r"^(?:talk|speak|see|catch) (?:you |to you )?(?:soon|later|then|tomorrow|"
                      + "|".join(WEEKDAYS) + r"|"
                      r"next week|around)\b", re.IGNORECASE)
_YOURS = re.compile(r"^that(?:['’]s|\s+is|\s+one['’]s|\s+one\s+is)\s+yours[,.]?\s*", re.IGNORECASE)
_IS_YOURS = re.compile(r"^(?P<what>(?:the|this|that)\s+[^,.]+?)\s+(?:is|are)\s+yours\b(?P<rest>[^.?!]*)",
                       re.IGNORECASE)
_PUT_DOWN = re.compile(r"^put\s+" + NAME + r"\s+(?:down|in)\s+for\b", re.IGNORECASE)
_ACTION_FOR = re.compile(r"^(?:(?i:an?)\s+)?(?i:action)(?:\s+(?i:item|point))?\s+(?i:for|on)\s+" + NAME
                         + r"\s*[:,]?\s*")  # "Action for Ben: update the slides."
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
    if m and m.group("who").lower() in _GROUP_WORDS:
        who, text = GROUP, m.group("rest")
    elif m and m.group("who") in names:
        who, text = m.group("who"), _YOURS.sub("", m.group("rest"))
        mine = _IS_YOURS.match(text)  # "Ben, the minutes are yours this week."
        text = f"take {mine.group('what')}{mine.group('rest')}" if mine else text
    elif m and re.match(r"please\b", m.group("rest"), re.IGNORECASE):
        text = m.group("rest")  # "Ellie, please ...", the name misheard: someone is asked
    m = _PUT_DOWN.match(text) or _ACTION_FOR.match(text)
    if who is None and m and m.group("name") in names:
        who = m.group("name")
        text = _ACTION_FOR.sub("", text)
    if asked and who is None and not due(sentence):
        return None  # "Take a seat?"; but "Kemi, get back to him?", "Get them booked by May?"
    m = _TOPIC.match(text)
    if m:
        text = m.group("rest")
    text = re.sub(r"^please[,]?\s+", "", strip_filler(text), flags=re.IGNORECASE)
    tasks = []
    for part in re.split(r",\s*and,?\s*(?:uh,?\s*|um,?\s*)?(?=\w+\s)", text):
        part = re.sub(r"[,]?\s*please[.!]?$", "", part.strip(), flags=re.IGNORECASE)
        part = _TRAILING.sub("", _CUT.split(part, maxsplit=1)[0].strip().rstrip(".!?,"))
        verb = _verb(part)
        told_by_date = who not in (None, GROUP) and due(sentence) and verb.isalpha() \
            and verb not in NOT_TASK_VERBS | SPEECH_NOW_VERBS  # "Ben, open a case today."
        if (verb not in WORK_VERBS and not told_by_date) or now(part) or _CLOSING.search(part):
            if not tasks:
                return None
            break
        if not [w for w in part.lower().split()[1:] if w not in _AFTER_VERB]:
            return None  # "talk soon", "try again"
        tasks.append(task_of(part))
    return (who, tasks) if tasks else None


def polite(sentence: str) -> bool:
    return bool(re.search(r"\bplease\b", sentence, re.IGNORECASE))


def _base(word: str) -> str:
    """'tests' -> 'test', 'fixes' -> 'fix', 'tidies' -> 'tidy' (third person to plain form)."""
    lower = word.lower()
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + "y"
    if re.search(r"(?:sh|ch|x|ss|zz|o)es$", lower):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith("ss"):
        return word[:-1]
    return word


_TAG = re.compile(r",?\s*(?:right|isn['’]t (?:it|he|she)|yes|no|correct)\?$", re.IGNORECASE)
_NOT_ASSIGNING = set("""
is was has had usually always never often normally sometimes already just knows said says
thinks did does wants likes asked told be have this his its thus plus yes perhaps less unless
whereas besides across towards was seems looks sounds means feels
""".split())


_DOING = re.compile(r"^(?P<name>[A-Z][a-z]+)(?:['’]s|\s+is)\s+(?P<verb>[a-z]+ing)\b(?P<rest>.+)")
_RECAP = re.compile(r"^(?:to\s+)?(?:recap|sum\s+up|summari[sz]e)[:,]\s*", re.IGNORECASE)
_EVERYONE = re.compile(r"^(?i:everyone|everybody)\s+(?P<verb>[a-z]+s)\b(?P<rest>.+)")


def assignments(sentence: str, names: set[str]) -> list[tuple[str, str]]:
    """'So Brian tests the form, Carmen writes the announcement' -> [(Brian, test the form),
    ...]; 'Tomasz will handle the references'; 'Kerry's taking care of the trophies'. Not
    habits ('Tomasz usually does that')."""
    from engine.minutes.extract_refs import base_verb  # extract_refs reads this module

    found = []
    sentence = _RECAP.sub("", strip_filler(sentence))  # "So, to recap: Ben sends the quote, ..."
    for clause in re.split(r",\s*|;\s*|\s+and\s+", sentence):
        clause = strip_filler(clause)
        clause = _TAG.sub("", clause)  # "Maya's going to draft it, right?"
        m = _EVERYONE.match(clause)
        if m and _base(m.group("verb")).lower() in WORK_VERBS and (due(clause) or re.match(
                r"^(?:okay|ok|right|so|then)\b", sentence.strip(), re.IGNORECASE)):  # "So everyone sends ..."
            found.append((GROUP, task_of(_base(m.group("verb")) + m.group("rest"))))
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
            if not verb.endswith("s") or verb.endswith("ss") or _base(verb).lower() not in TASK_VERBS:
                continue  # "Excel later": no verb; a recap says "Ben sends the quote", not
            verb = _base(verb)  # "Theo joins the group" (a decision about Theo)
        found.append((m.group("name"), task_of(verb + m.group("rest"))))
    return found
