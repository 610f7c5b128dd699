"""How people say they will do something themselves, and the text helpers the other cue
modules share.

Each function reads one sentence. commitment() returns the task the speaker takes on ("I'll
...", "let me ...", "I'm happy to ...", "Leave the signage to me"; None when it promises no
work: "I will be honest"); weak() and points_back() tell a task that only points back at one
said before ("I'll take it"). Asking others (requests, calls for a volunteer, instructions,
third-person assignments) is in extract_requests.py and extract_assignments.py; due dates in
extract_due.py.
"""

from __future__ import annotations

import re

from engine.minutes.extract_due import without_due
from engine.minutes.words import (
    NOT_TASK_VERBS,
    TASK_VERBS,
)

# Verbs of work words.TASK_VERBS lacks (that list is shared with other modules).
_WORK = TASK_VERBS | frozenset("""
amend resume restart pause price cost quote draw handle circulate distribute recruit finalise refer
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
disable enable rotate revoke reset restore wipe image flush drain tighten charge
chart mark grade remind seal refill stock service wrap
""".split())
# "rebuild", "retrain", "recheck": a verb of work done again
WORK_VERBS = _WORK | frozenset("re" + v for v in _WORK)
NAME = r"(?P<name>[A-Z][a-z]+)"
# "last season", "next week": a time, not a word that opens a sentence
LAST_WHAT = (r"(?:year|week|month|time|season|term|sprint|quarter|meeting|spring|summer|autumn|fall|"
             r"winter|night|weekend|round|day|session|shift|visit)")
FILLER = re.compile(
    r"^(?:(?:and|so|then|ok|okay|good|yes|yeah|yep|well|right|great|also|now|um|uh|er|hmm|oh|"
    r"alright|all right|anyway|actually|but|perfect|lovely|cool|meanwhile|fine|sure|thanks|"
    r"thank you|honestly|in fairness|(?:first|next|last|finally)(?!\s+" + LAST_WHAT + r"\b))\b[,.!]?\s*)+",
    re.IGNORECASE)
_PRONOUN_OBJECT = r"(?:it|that|this|them|those|these|one)"
_LEAD = re.compile(
    r"(?<![\w'’])(?:I\s+will|I['’]ll|I\s+am\s+going\s+to|I['’]m\s+going\s+to|I\s+can(?!['’]t|not)"
    r"|I['’]m\s+happy\s+to|I\s+am\s+happy\s+to|I['’]d\s+be\s+happy\s+to|I['’]ll\s+be\s+happy\s+to"
    r"|I['’]m\s+glad\s+to|(?<![Yy]ou\s)[Ll]et\s+me|I\s+need\s+to|I['’]ll\s+need\s+to|I\s+have\s+to"
    r"|I\s+shall|I['’]d\s+better|I\s+had\s+better"
    # "My office will publish the map by Friday": the speaker's own, with a verb of work
    r"|I\s+must|(?-i:[Mm]y)\s+(?:office|team|department|staff|crew|lab|firm|people)(?:\s+(?:will|can)|['’]ll)"
    r"(?=\s+(?:" + "|".join(sorted(WORK_VERBS)) + r")\b)"
    r")(?=\s|[.!?,]|$)\s*(?P<task>.*)")
_ADVERB = re.compile(r"^(?:(?:also|just|then|probably|definitely|quickly|personally|first|gladly|"
                     r"still|actually|now|really|happily|certainly|gonna|need to|have to)\s+)+",
                     re.IGNORECASE)
CUT = re.compile(r",\s*(?=(?:I|I'm|I'll|we|we're|it|it's|that|that's|this|because|but|so|which|"
                  r"he|she|they|there|if|since|when)\b)|\s+(?:because|but|since)\s+|;")
# A word after a comma that ends a task and is no part of it: someone addressed ("..., Chair",
# "..., you two") or an afterthought ("do it, actually").
TRAILING = re.compile(r",\s*(?:[A-Z][a-z]+|actually|then|too|though|anyway|honestly|please|yeah|"
                       r"okay|ok|you two|you guys|you all|everyone)[.!?]?$")
_WEAK = re.compile(r"^(?:do|take|handle|own|grab|sort|tackle|cover|get|have|look after|"
                   r"take care of|deal with|be on|pick up)\b(?:\s+" + _PRONOUN_OBJECT + r")?"
                   r"(?:\s+(?:on|over|out|up|done|ready|finished|sorted|then|too|as well|"
                   r"myself|for you))*$", re.IGNORECASE)


# Roles in the meeting itself: "I will run the meeting today", "I'll take notes".
_RUNS_THE_MEETING = re.compile(
    r"^(?:run|chair|host|lead|facilitate|moderate|open|kick off|keep)\s+(?:the|this|today['’]s|"
    r"our)\s+(?:meeting|call|session|discussion|time|retro|stand-?up)\b|^(?:take|write)\s+"
    r"(?:the\s+)?(?:notes|minutes)\b", re.IGNORECASE)
# Said now, done now: "share your screen", "take us through it", "I'll level with you", "I'll
# own that" (the blame), "I'll keep at it", "I'll sit it out", "I'll make this quick", "I'll
# take the watch", "I'll get straight to it" (to the call's business), "I'll minute that",
# "Put that in the minutes"; and a committee's motions, moved or seconded there and then:
# "I'll move that we lift her out and sell her", "I'll second that", "I'll second the lighthouse"
_DONE_NOW = re.compile(
    r"^move\s+that\s+(?:we|you|they|he|she|it|nobody|no\s+one|everyone|everybody|the\s+(?:\w+\s+)"
    r"{1,3}(?:is|are|be|goes|go|gets|get|stays|stay|pays|pay)\b)|^second(?:\s+(?:that|it|this|him|"
    r"her|the\s+[\w'’]+(?:\s+motion)?))?[.!]?$|"
    r"^get\s+(?:(?:straight|right)\s+to\s+(?:it|the\s+point)|to\s+the\s+point)[.!]?$|"
    r"^cut\s+to\s+the\s+chase\b|"
    r"^share\s+(?:my|the|your)\s+screen\b|^(?:take|walk)\s+us\s+through\b|^level\s+with\b|"
    r"^own\s+(?:that|it|this)\b|^keep\s+at\s+it\b|^sit\s+(?:it|this(?:\s+one)?|that(?:\s+one)?)\s+out\b|"
    r"^make\s+(?:this|it)\s+(?:quick|short|brief)\b|^take\s+the\s+watch\b|"
    r"^(?:put|get)\s+(?:that|it|this)\s+in\s+the\s+minutes\b|^minute\s+(?:that|it|this)\b",
    re.IGNORECASE)


def done_now(task: str) -> bool:
    """A task done in the meeting itself: "share your screen", "take us through it"."""
    return bool(_DONE_NOW.match(task))


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




def first_verb(task: str) -> str:
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


def promises_no_work(sentence: str) -> bool:
    """Said as a promise, promising no work: "I'll need the price list by Friday.", "I'll
    hold my hands up on that.", "I can imagine."."""
    leads = list(_LEAD.finditer(sentence))
    return bool(leads) and all(_no_work(_task(m.group("task"))) for m in leads)


_MINE = re.compile(r"^(?:(?:[^,.?!]+,\s*so\s+|so\s+)?leave\s+(?P<what>.+?)\s+(?:to|with)\s+me[.!]?$|"
                   r"my\s+action(?:\s+item)?\s+is\s+to\s+"
                   r"(?P<task>[^.!?]+))", re.IGNORECASE)


def _promised(words: str) -> str | None:
    """The task after "I will" / "I can" ..., or None when no work is promised."""
    task = _task(words)
    verb = first_verb(task)
    if re.fullmatch(r"go[.!]?", task, re.IGNORECASE):
        return ""  # "Can someone pick up the shallots?" "I'll go.": a yes to the task
    if verb in ("not", "never", "no", "only") or (verb == "tell" and re.match(r"tell (?:you|ya)\b", task)) \
            or _no_work(task):
        return None  # "I can only do two at a time", "I'll try not to panic-buy": no task
    if verb == "start" and (len(task.split()) < 2 or re.match(r"start (?:with|by|off)\b", task)):
        return None  # "I'll start", "I'll start with the numbers": who speaks first
    if verb == "let" and re.match(r"let\s+(?:[\w'’]+\s+){1,4}know\b", task):
        return task_of(task)  # "I'll let the baker know this afternoon"
    if verb in NOT_TASK_VERBS or verb == "let" or _RUNS_THE_MEETING.match(task) or done_now(task):
        return None
    return task_of(task)


# After "I will"/"I need to", no work for later: leaving ("I need to run to teaching"),
# accepting ("I can work with small"), reading aloud there and then ("I'll read you the line").
_NOT_PROMISED = re.compile(r"^(?:(?:run|dash|head|shoot|hop|jump)(?:\s+(?:off|out|now))?"
                           r"(?:\s+(?:to|at|in|by)\b|$)|"
                           r"(?:confess|concede|own\s+up|grant\s+you|hold\s+(?:my\s+)?hands?\s+up)\b|"
                           # "I'll need the price list by Friday": asks someone else for it
                           r"need\s+(?!to\b|(?:you|him|her|them|(?-i:[A-Z])\w+)\s+to\b)|"
                           # talk about the talk: "I'll put it this way", "I'll keep it short"
                           r"put\s+it\s+(?:this|that|like|another)\b|give\s+(?:you\s+)?an\s+example|"
                           r"hand\s+(?:over|back)\b|keep\s+(?:it|this)\s+(?:short|brief|quick)|"
                           # "Let me have a think." (not "I'll have a think and get back to you by Friday")
                           r"have\s+a\s+(?:think|ponder)(?:\s+about\s+(?:it|that|this))?[.!]?$|"
                           r"get\s+(?:this|that)\s+(?:right|straight)|take\s+your\s+word|"
                           r"leave\s+it\s+(?:there|at\s+that)|(?:stop\s+)?shar(?:e|ing)(?:\s+my\s+screen)?$|"
                           r"come\s+(?:back\s+)?to\s+(?:that|this|it)\s+(?:in\s+a|later|shortly)|"
                           r"(?:leave|drop\s+off)\s+(?:at|early|now|in\s+a)\b|(?:un)?mute\b|"
                           r"(?:work|cope|manage)\s+with\b|(?:read|show|play)\s+(?:you|us)\b|"
                           # sayings: "I'll eat my hat if ...", "I'll hold you to that", "I'll
                           # give you that" (granted), "I'll leave you to it"
                           r"eat\s+my\s+hat\b|hold\s+my\s+breath\b|hold\s+you\s+to\s+(?:that|it)\b|"
                           r"give\s+(?:you|him|her)\s+that(?:\s+much)?(?:[.!,]|$|\s+(?:the|they|it|he|she)\b)|"
                           r"leave\s+you\s+to\s+it\b|"
                           # thinking it over decides later, it is no task: "I'll sleep on it"
                           r"(?:sleep\s+on\s+(?:it|that)|think\s+(?:it|that)\s+over|mull\s+(?:it|that)\s+over|"
                           r"think\s+about\s+(?:it|that))[.!]?$)",
                           re.IGNORECASE)


def _task(words: str) -> str:
    """The task of the words after "I will", cut where it ends."""
    task = _ADVERB.sub("", words).strip()
    return TRAILING.sub("", CUT.split(task, maxsplit=1)[0].strip().rstrip(".?!,"))


def _no_work(task: str) -> bool:
    return bool(_NOT_PROMISED.match(task) or re.match(r"try\s+(?:not|never)\s+to\b", task, re.IGNORECASE))


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
