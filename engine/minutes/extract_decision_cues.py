"""Whether one sentence says a decision by itself, and the sentence cues around one.

said_as_decision() is the rule list of extract_decisions.py's docstring, one sentence at a
time: settled ("so that's settled, ..."), concluded ("Fine, then we cap travel at ..."),
proposed for the group ("let's go with ..."), a rule for the future ("going forward, ..."),
less what is reported from before ("we decided last year"), put off ("let's decide next
week", extract_put_off.py) or only runs the meeting ("let's start"). marker() is a sentence that announces a
decision said next to it; no_objection(), silence_agrees(), objects() and asks_to() read the
replies to a proposal put to the room. extract_decisions.py puts sentences together.
"""

from __future__ import annotations

import re

from engine.minutes.extract_choices import verbless
from engine.minutes.extract_cues import LAST_WHAT, strip_filler
from engine.minutes.extract_meeting_running import MEETING_ENDS, RUNNING
from engine.minutes.extract_put_off import DEFERRED
from engine.minutes.extract_requests import concludes
from engine.minutes.extract_talk import agrees, disagrees
from engine.minutes.words import ASKING, MONTHS, WEEKDAYS, closing, content_words, goodbye

_PAST = re.compile(r"\b(?:last\s+" + LAST_WHAT + r"|yesterday|ago|earlier|previously|"
                   r"back\s+(?:in|at|when|then|before)|already|at\s+(?:christmas|easter)|at\s+the\s+last\s+\w+|"
                   r"in\s+(?:" + "|".join(MONTHS) + r")|on\s+(?:" + "|".join(WEEKDAYS) + r"))\b",
                   re.IGNORECASE)
_CARRIED = re.compile(r"\b(?:motion|proposal|resolution|amendment)\s+(?:is\s+)?(?:carried|passed|"
                      r"approved|adopted)\b", re.IGNORECASE)
SETTLED = re.compile(
    r"\bwe(?:['’]ve|\s+have|\s+had)?\s+(?:just\s+|now\s+)?(?P<v>decided|agreed|settled)\b"
    r"|\bwe\s+(?:decide|agree)\s+(?:to|that|on)\b"
    r"|\b(?:it['’]s|it\s+is|that['’]s|that\s+is|we['’]re|we\s+are|everything['’]s|so)\s+(?:all\s+)?"
    r"(?:decided|settled|agreed|final)\b|\b(?:that|it)['’]s\s+a\s+(?:no|yes|go)\s+(?:to|for|on)\b"
    r"|\bsettled\s+on\b|\b(?:the\s+)?decision\s+is\b|\bdecision\s*:|\bdone\s+deal\b|"
    r"\bdecision\s+(?:made|taken)\b|\b(?:mark|put|write|note)\s+(?:it|that|this)\s+down\b|"
    r"\bthat['’]s\s+(?:the|our)\s+(?:policy|rule)\s+(?:from|as\s+of)\s+(?:now(?:\s+on)?|today|tonight)\b|"
    r"\bso\s+be\s+it\b|\bthat['’]s\s+that\b|\bwe['’]ve\s+landed\s+on\b|\bthe\s+consensus\s+is\b|"
    r"\bfinal\s+answer\s*[:,]|\bconsider\s+it\s+(?:decided|settled|agreed)\b|"
    r"\b(?:so|okay|ok|then|right)[,]?\s+the\s+plan\s+is\b|" + _CARRIED.pattern,
    re.IGNORECASE)
_REPORTED = re.compile(r"\b(?i:we\s+said\s+we['’]d|we\s+had\s+(?:decided|agreed)|"
                       r"we\s+never\s+(?:did|had|got|went|made)|"
                       r"(?:he|she|they)\s+(?:decided|agreed)|we\s+(?:decided|agreed)\s+(?:at\s+the\s+"
                       r"(?:start|time|beginning|outset)|back\s+then|originally|when\s+we\s+(?:started|began)))\b"
                       # "Priya already decided", "The school's decided", "the council has agreed"
                       # (not "the committee has agreed": the meeting's own body)
                       r"|(?:\b(?i:the)\s+(?!(?i:board|committee|group|team|meeting|members|panel|"
                       r"governors|trustees|partners|room)\b)\w+|\b(?!(?:We|So|Then|Okay|Ok|Right|Fine|Good|Great|It|That|This|"
                       r"Everyone|Everybody|All|And|But|Well|Yes|Yeah|Agreed|Decided)\b)[A-Z][a-z]+)"
                       r"(?:['’]s|\s+has|\s+have)?\s+(?i:already\s+)?(?i:decided|agreed)\b")
# "We decided at Christmas to keep it small": a time or place put between the verb and what
# was decided tells a story; a decision made now says what at once ("we decided to ...").
_DECIDED_WHEN = re.compile(r"\bwe\s+(?:decided|agreed)\s+(?:back\s+)?(?:at|in|during|over|after|"
                           r"before|when|last|earlier|this)\b[^,.;]{0,30}?\s(?:to|that|not\s+to|there|we|they|it)\b",
                           re.IGNORECASE)
_LETS = re.compile(r"\blet['’]s\s+(?P<verb>[a-z]+)(?P<rest>[^.?!]*)", re.IGNORECASE)
# "Shall we say the thirtieth?", "Let's say two hundred.": a value put forward, not talk
_SAY_VALUE = (r"say\s+(?:the\s+|a\s+)?(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
              r"twelve|fifteen|twenty|thirty|forty|fifty|hundred|half|noon|midday|first|second|third|"
              r"\w+(?:th|st)\b|" + "|".join(WEEKDAYS + MONTHS) + r")\b)")
_LETS_RUNNING = re.compile(
    r"^(?:start|begin|get\s+started|get\s+going|go\s+(?:one|round|around|through|over|back|on|"
    r"ahead|first)|move\s+on|wrap|hear|see|look\s+at|talk|discuss|think|decide|continue|recap|"
    r"plan|review|go\s+over|run\s+through|get\s+into|dive|turn|come\s+back|kick|crack\s+on|"
    r"get\s+(?:on|going|cracking)|jump|circle\s+back|park|table|make\s+a\s+start|"
    r"have\s+a\s+(?:good|great|quiet|smooth|safe)\s+(?:one|service|day|shift|night|weekend|show)|"
    r"summari[sz]e|meet|catch\s+up|check\s+in|keep\s+(?:this|it)\s+(?:quick|short|brief)|"
    r"take\s+a\s+(?:break|look|step)|focus|be\s|do\s+(?:it|that|this)\b|(?!" + _SAY_VALUE + r")say|call\s+it|"
    r"have\s+a\s+look|ask|call|email|phone|ping|text|message|tell|check|contact|invite|remind|"
    r"write\s+to|reach|get\s+in\s+touch|find\s+out|look\s+into|follow\s+up|hope|not|get\s+back\s+to|"
    r"make\s+(?:this|it|today|tonight)\s+(?:quick|short|brief|a\s+good)|vote|scrub\s+in|"
    r"(?:keep|stick)\s+to\s+(?:[\w'’]+\s+){0,3}?(?:today|now|the\s+agenda|time)|"
    r"(?:close|stop|finish|pause)\s+(?:it\s+)?(?:there|here|for\s+(?:today|tonight|now)))\b",
    re.IGNORECASE)
# "let's all ...", "let's just, let's ...": the verb comes after
_LETS_ADVERB = re.compile(r"\blet['’]s\s+(?:all|just|maybe|both|now|then|really|simply|quickly)\b,?"
                          r"\s*(?:let['’]s\s+)?", re.IGNORECASE)
_LETS_MARKER = re.compile(r"^(?:try|do)\s+(?:this|the\s+following)\s*[.:!]?$", re.IGNORECASE)
_WILL = re.compile(
    r"(?:^|[,;]\s*(?:(?i:so|then|and\s+so)\s+)?|\b(?i:so|then)\s+)(?i:we)(?:['’]ll|\s+will|"
    r"\s+are\s+going\s+to|['’]re\s+going\s+to|\s+shall)\s+(?P<verb>[a-z]+)(?P<rest>[^.?!]*)")
_WILL_NOT = set("decide see talk discuss think need have figure look find get revisit come check "
                "ask know meet be probably also try pick let do".split())
_CONCLUDED = re.compile(
    r"(?:^|[,;]\s*)(?:(?i:so|then|fine|okay|ok|right|alright|good|great|in\s+that\s+case|"
    r"i\s+think|i['’]d\s+say|and\s+so|deal|agreed|done|actually|(?:scrap|scratch|forget)\s+that)[,.]?\s+)+"
    r"(?:(?i:then|so)\s+)?(?i:we)\s+"
    r"(?P<verb>[a-z]+)\b")
_IF_THEN = re.compile(r"^(?i:if|once|as\s+long\s+as|until|till)\b[^,]+,\s*(?:(?i:then)\s+)?(?i:we)\s+"
                      r"(?P<verb>[a-z]+)\b")
_NOT_DECIDING = set("are were have had need do don't dont did can could should would might may "
                    "must still already also just know think feel see got get was tried said "
                    "spent thought guess hope wanted want needed saw used agreed decided "
                    "were're've'd really probably".split())
_GO_WITH = re.compile(r"\bwe(?:['’]re|\s+are)?\s+(?:go|going|stay|staying|stick|sticking)\s+"
                      r"(?:ahead\s+)?(?:with|for)\b|"
                      r"\bwe\s+(?:stay|stick|remain)\s+at\b|"
                      r"\bwe\s+(?:hereby\s+)?(?:adopt|approve|accept|reject|endorse|ratify)\s+(?:the|this|that|it)\b",
                      re.IGNORECASE)
_IT_IS = re.compile(r"(?:^|[,.]\s*)(?:(?i:okay|ok|so|then|right|alright|fine)[,]?\s+)?"
                    r"(?P<x>[A-Za-z0-9][\w'’ -]{0,30}?)\s+it\s+is(?:,?\s+then)?[.!]?$")
# "Fine, three percent, then, from April.", "Okay, Thursday then.": the choice, concluded
_FINE_THEN = re.compile(r"^(?:(?:then|so|and)[,]?\s+)?(?:fine|okay|ok|right|good|alright|great)[,]?\s+"
                        r"(?P<x>[\w'’ -]{2,40}?),?\s+then\b(?![,]?\s+(?:I|we|you)\b)", re.IGNORECASE)
_POLICY = re.compile(r"\b(?:going\s+forward|from\s+now\s+on|in\s+(?:the\s+)?future|from\s+next\s+"
                     r"(?:week|month|sprint|quarter|year)|starting\s+(?:next|tomorrow|today|now))\b"
                     r"|\bfrom\s+(?:this|the\s+next)\s+\w+\s+on\b"
                     r"|(?:^|[,;]\s*)(?:(?:so|okay|ok|right|and)[,]?\s+)?(?:from|starting|as\s+of)\s+(?:tonight|"
                     r"today|tomorrow|this\s+\w+|next\s+\w+|(?:the\s+\w+\s+of\s+)?(?:"
                     + "|".join(MONTHS) + r")(?:\s+\w+)?|"
                     + "|".join(WEEKDAYS) + r")[,:]\s+(?!I\b)",
                     re.IGNORECASE)
# "Okay, we're pausing the job.": what the group does from now, said as a conclusion.
_DOING = re.compile(r"(?:^|[,;]\s*)(?i:okay|ok|so|then|right|alright|fine)[,]?\s+(?i:we['’]re|we\s+are)"
                    r"\s+(?P<verb>[a-z]+ing)\s+(?:(?i:the|a|an|our|this|that|it|them)\b|[A-Z]\w+)")
_NOT_DOING = set("seeing getting having looking talking waiting running trying doing working hoping "
                 "thinking missing losing still saying asking hearing starting covering discussing "
                 "reviewing moving going coming expecting joining".split())
# "So", "then", "okay so", "in that case" at a sentence's or clause's start: a conclusion.
_SO = r"(?:^|,\s*)(?i:so|then|okay,?\s+so|and\s+so|in\s+that\s+case)[,]?\s+"
_SO_THE = re.compile(_SO +
                     r"(?:(?i:the|our|every|each)\s+(?:[\w-]+\s+){0,3}?|(?i:he|she|it|they|everyone|everybody)\s+|"
                     r"[A-Z][a-z]+\s+)"
                     r"(?P<verb>[a-z]+s|will\s+be)\b(?P<rest>[^.?!]*)")
# What a conclusion says happens to a thing: "so the current rule stays", "then the trip goes
# ahead", "so the launch moves to June" (any verb will do with a date after it).
_BECOMES = set("stays remains continues goes moves changes starts ends launches ships opens "
               "closes applies gets happens runs joins leaves".split())
# The same of things in the plural: "Then the rehearsals move to Wednesdays from May",
# "so Friday's orders go out on Thursday instead", "so they stay at ten pounds".
_SO_THEY = re.compile(_SO +
                      r"(?P<subject>(?i:they)|(?:(?i:the|our|all|all\s+the)\s+)?(?:[\w'’-]+\s+){0,3}?[\w-]+s)\s+"
                      r"(?P<verb>stay|remain|go|move|change|start|end|open|close|continue|switch)\b"
                      r"(?P<rest>[^.?!]*)")


def _they_become(sentence: str) -> bool:
    m = _SO_THEY.search(sentence)
    if not m or re.match(r"(?i:the|our)?\s*(?:[\w'’-]+\s+)*(?:was|is|has|does|says)$", m.group("subject")):
        return False
    rest = m.group("rest")
    return m.group("verb") in ("stay", "remain", "continue") or bool(re.search(r"\binstead\b", rest)) \
        or bool(_WHEN.match(rest) and _DATE.search(rest))


_WHEN = re.compile(r"^(?:\s+(?:ahead|forward|out|back|up|on|off))?\s+(?:on|in|at|from|by|next|"
                   r"this|until|to)\b")
_DATE = re.compile(r"\b(?:" + "|".join(WEEKDAYS + MONTHS) + r"|tomorrow|next|week|month|"
                   r"\d+|first|second|third|\w+th)\b", re.IGNORECASE)


def no_objection(sentence: str) -> bool:
    return disagrees(sentence) or bool(re.match(
        r"^(?:(?:um|uh|oh|well)[,.]?\s+)*(?:not at all|none|no objections?|go ahead|fine by me)\b",
        sentence.strip(), re.IGNORECASE))


def silence_agrees(sentence: str) -> bool:
    """After "Nobody objects?": a yes, a "no objection", or the chair's "Good." / "Right."."""
    return agrees(sentence) or no_objection(sentence) or bool(re.match(
        r"^(?:good|great|right|excellent|lovely|splendid)\b", sentence.strip(), re.IGNORECASE))


def objects(sentence: str) -> bool:
    return bool(re.match(r"^(?:(?:um|uh|well)[,.]?\s+)*(?:yes|yeah|i do|i object|actually|"
                         r"i disagree|i['’]m against)\b", sentence.strip(), re.IGNORECASE))


def past(sentence: str) -> bool:
    m = SETTLED.search(sentence)
    return bool(m and m.group("v") and _PAST.search(sentence)) \
        or bool(_REPORTED.search(sentence) or _DECIDED_WHEN.search(sentence))


def marker(sentence: str) -> bool:
    """"So we agreed." / "So that's settled." / "Let's try this.": the decision itself is
    said in the next sentence (or was in the last)."""
    text = strip_filler(sentence)
    m = _LETS.search(text)
    if m and _LETS_MARKER.match(m.group("verb") + m.group("rest")):
        return True
    if re.match(r"^(?:(?:agreed|settled|decided|done|deal)[,]?\s+then|(?:that['’]s|it['’]s)\s+"
                r"(?:a\s+)?deal|settled|decided|(?:actually[,.]?\s+)?(?:scrap|scratch|forget)\s+that)[.!]?$",
                sentence.strip(), re.IGNORECASE):
        return True  # "Agreed then." (a bare "Agreed." answers; it announces nothing)
    if _CARRIED.search(text):
        return False  # "Motion carried.": the vote's outcome is the decision itself
    rest = SETTLED.sub("", text) if SETTLED.search(text) else None
    return rest is not None and not re.search(r"[a-z]{3,}", re.sub(
        r"\b(?:so|then|okay|ok|great|good|right|alright|fine|we|are|all|now|it|that|is|then)\b",
        "", rest, flags=re.IGNORECASE).lower())


# "We claw it back next month, or we ask them to repay it now.": the options, not a choice
# (not "..., or we don't take it": what happens otherwise)
ALTERNATIVES = re.compile(r"\bor\s+(?:else\s+)?(?:(?:we|you|they|I)\b[,\s]+)+(?!(?:don['’]t|do\s+not|"
                          r"won['’]t|will\s+not|can['’]t|cannot)\b)(?:could\s+|can\s+|just\s+)?[a-z]+",
                          re.IGNORECASE)


def said_as_decision(sentence: str) -> bool:
    """Whether one sentence states a decision by itself (see the module's list); a clause
    that puts something off is left out ("July it is, let's fix the date next time")."""
    if sentence.rstrip().endswith("?") or past(sentence) or MEETING_ENDS.search(sentence) \
            or ALTERNATIVES.search(sentence) or goodbye(sentence):  # "Speak Thursday, then."
        return False
    # the clauses that neither put a point off nor run the meeting ("We go with blue, then we
    # talk about the budget"); an agenda item named is no such clause ("Item two, we go with
    # blue"): AGENDA stops only what the spotter adds (runs_the_meeting)
    if DEFERRED.search(sentence) or RUNNING.search(sentence):
        clauses = re.split(r"(?<=[,;])\s+", sentence.strip())
        kept = [c for c in clauses if not (DEFERRED.search(c) or RUNNING.search(c))]
        if not kept or len(kept) == len(clauses):
            return False
        sentence = " ".join(kept).rstrip(",;") + "."
    if SETTLED.search(sentence) or _GO_WITH.search(sentence) or _POLICY.search(sentence) \
            or restricts(sentence) or planned(sentence) or _agreed_list(sentence) \
            or _closed(sentence) or _IF_IT.search(sentence):
        return True
    if concludes(sentence):
        return True  # "Then give them the ten percent.", "Move it to next quarter, then."
    m = _DOING.search(sentence)
    if m and m.group("verb").lower() not in _NOT_DOING:
        return True
    m = _LETS.search(_LETS_ADVERB.sub("let's ", sentence))  # not a bare "Let's climb."
    if m and m.group("rest").strip() and not _LETS_RUNNING.match(m.group("verb") + m.group("rest")) and \
            not re.match(r"go\b", m.group("verb"), re.IGNORECASE):
        return True
    if m and re.match(r"go\s+(?:with|for|ahead\s+with)\b", m.group("verb") + m.group("rest"),
                      re.IGNORECASE):
        return True
    m = _WILL.search(sentence)
    if m and m.group("verb").lower() == "do" and re.search(r",?\s+then[.!]?$", sentence.strip()):
        return True  # "We'll do the Rutter, then."
    if m and m.group("verb").lower() not in _WILL_NOT and not (
            m.group("verb").lower() == "go" and not re.match(r"\s+(?:with|for)\b", m.group("rest"))):
        return True
    for pattern in (_CONCLUDED, _IF_THEN):
        m = pattern.search(sentence)
        verb = m.group("verb").lower() if m else ""
        if verb == "do" and re.match(r"\s+(?:the|a|an|it|this|that)\s+\w", sentence[m.end():]):
            return True  # "Deal, we do the market" (not "We do, yes")
        if m and verb not in _NOT_DECIDING and not verb.endswith("ed"):
            return True
    m = _SO_THE.search(sentence)
    if m and m.group("verb").lower() not in ("was", "has", "does", "says", "seems", "looks",
                                             "means", "needs", "wants") and (
            m.group("verb").lower() in _BECOMES
            or (_WHEN.match(m.group("rest")) and _DATE.search(m.group("rest")))):
        return True  # "So the beta launches on April fourteenth", "so the current rule stays"
    if _they_become(sentence):
        return True
    m = _FINE_THEN.match(sentence.strip())
    if m and not closing(sentence) and not re.search(
            r"\b(?:see|talk|speak|catch|over|back|to|that|this|it)\b", m.group("x"), re.IGNORECASE):
        return True
    m = _IT_IS.search(sentence.strip())
    return bool(m and not re.search(r"\b(?:how|what|where|that['’]s|as|way|because|so|is|"
                                     r"was|the way|this|that)\b", m.group("x"), re.IGNORECASE))


# "Okay, agreed, library, second floor, ten every morning.": what was agreed, listed after it
_AGREED = re.compile(r"^(?:(?:okay|ok|right|so|then|fine)[,]?\s+)*(?:agreed|settled|decided)[,:]\s+"
                     r"(?P<x>[^?]+?)[.!]?$", re.IGNORECASE)


# "Behind the shed, done.": a choice named and closed
_CLOSED = re.compile(r"^(?P<x>[^?]{3,60}?)[,.]\s+(?:done|sorted|end\s+of|final)[.!]?$", re.IGNORECASE)
# "If the truck's late, its pallets wait for the morning", "Otherwise the shoot moves to Friday"
_IF_IT = re.compile(r"^(?:(?:if|once|unless)\b[^,]+,\s*|otherwise[,]?\s+)(?:then\s+)?(?:the|its|their|it|"
                    r"they)\b(?:\s+[\w'’-]+){0,3}?\s+(?:stays?|remains?|moves?|waits?|goes\s+back|go\s+back|"
                    r"comes?\s+off|switch(?:es)?)\b", re.IGNORECASE)


def _closed(sentence: str) -> bool:
    m = _CLOSED.match(strip_filler(sentence))
    return bool(m) and verbless(m.group("x")) and bool(content_words(m.group("x")))


def _agreed_list(sentence: str) -> bool:
    m = _AGREED.match(strip_filler(sentence))
    return bool(m) and verbless(m.group("x")) and len(content_words(m.group("x"))) >= 2


# A proposal asked ("Why don't we try the new supplier?" "Sounds good.")
_ASKS_TO = re.compile(r"^(?:why\s+don['’]t\s+we|shall\s+we|how\s+about|what\s+if\b|should\s+we|"
                      r"could\s+we)\b", re.IGNORECASE)


# "So bed downstairs for now, and we look at a stairlift later?", "Then we take my van?": a
# conclusion put to the room as a question (not "So who's doing it?", "So, um, is it on?",
# "So, anything else?").
_SO_ASKED = re.compile(r"^(?:(?:okay|ok|right|alright)[,.]?\s+)?(?:so|then)\b[,]?\s+"
                       r"(?:(?:um|uh|er|erm)[,]?\s+)*+"
                       r"(?!(?:" + ASKING + r"|whose|had|any|anything|anyone|anybody|everyone|everybody|"
                       r"that['’]s|that\s+is|you|I)\b)"
                       r"(?P<rest>[^?]+)\?$", re.IGNORECASE)


def put_as_conclusion(sentence: str) -> bool:
    """A conclusion asked of the room ("So the blue van for now, and we hire one in May?"):
    a decision when the room agrees, as a proposal is."""
    m = _SO_ASKED.match(sentence.strip())
    if not m or len(m.group("rest").split()) < 3 or _TAG_ASKED.search(sentence):
        return False
    clauses = re.split(r",\s+(?:and\s+)?", m.group("rest"))
    return not all(DEFERRED.search(c) for c in clauses)  # "..., and we look at a lift later"


_TAG_ASKED = re.compile(r",\s*(?:right|yes|no|correct|yeah|isn['’]t\s+it|aren['’]t\s+we|okay|ok)\?$",
                        re.IGNORECASE)


def asks_to(sentence: str) -> bool:
    """A proposal asked, not a turn of the meeting ("Shall we crack on?")."""
    m = _ASKS_TO.match(strip_filler(sentence))
    return bool(m) and not _LETS_RUNNING.match(strip_filler(sentence)[m.end():].strip())


# A rule that holds until something happens: "Dock two stays shut until the door's fixed",
# "Until the boiler's serviced, nobody uses the showers", "no deliveries till Monday".
_UNTIL = re.compile(r"\b(?:until|till|pending)\b", re.IGNORECASE)
_STATE = re.compile(r"\b(?:stays?|remains?|is|are|['’]s|['’]re|goes|go)\s+(?:\w+\s+)?(?:shut|closed|off|"
                    r"out\s+of\s+(?:use|action|bounds|service)|on\s+hold|paused|suspended|banned|locked|"
                    r"offline|off[- ]limits|cancelled|frozen|unavailable|barred)\b", re.IGNORECASE)
_OTHERS = re.compile(r"\b(?:they|he|she|you)(?:['’]re|['’]s|\s+(?:are|is|stays?|remains?))\b", re.IGNORECASE)
_NONE = re.compile(r"^(?:(?:no|nothing)\s+(?!one\b|idea\b|way\b|problem\b|worries\b)\w+|"
                   r"(?:nobody|no\s+one|no-one)\s+(?!\w+ed\b|told\b|said\b|knew\b|saw\b|came\b|went\b|"
                   r"got\b|had\b|did\b|was\b|were\b|knows\b|thinks\b|wants\b|likes\b|can\b|could\b|will\b|"
                   r"would\b|should\b|may\b|might\b|has\b|seems\b)\w+)", re.IGNORECASE)


def restricts(sentence: str) -> bool:
    """A restriction put in place until something happens ("Bay two stays shut until the
    engineer has been", "Until it's fixed, no dairy in that fridge", "Nobody works in hood
    three till it's recertified"); not a story ("Nobody told me until Tuesday")."""
    if not _UNTIL.search(sentence):
        return False
    text = strip_filler(sentence)
    text = re.sub(r"^(?:until|till)\b[^,]+,\s*", "", text, flags=re.IGNORECASE)  # "Until it's fixed, ..."
    text = strip_filler(text)
    if _OTHERS.search(text):
        return False  # "The bank would know, but they're closed until Monday": their state
    return bool(_STATE.search(text) or _NONE.match(text))


# What the group does at a time to come, said in the present: "We pitch fresh yeast
# tomorrow", "Right, we repaint the hall next week" (not "we meet on Monday": a meeting).
_PLANNED = re.compile(
    r"(?:^|[,;]\s*|\b(?i:so|then|right|okay|ok)[,]?\s+)(?i:we)\s+(?P<verb>[a-z]+)\b(?P<rest>[^.?!]*?)"
    r"\b(?i:tomorrow|tonight|next\s+(?:week|month|term|year|\w+day)|on\s+\w+day|this\s+(?:afternoon|"
    r"evening|weekend)|first\s+thing|from\s+(?:tomorrow|next\s+\w+|\w+day))\b")
_NOT_PLANNED = set("meet talk speak see hear discuss review go come get find know have need think "
                   "catch chat reconvene regroup sync start begin".split())


def planned(sentence: str) -> bool:
    """A plan the group states in the present for a time to come: "We pitch fresh yeast
    tomorrow and give it a week" (not "We meet again next week", "We get the results on
    Monday", "we usually close early on Friday")."""
    m = _PLANNED.search(sentence)
    if not m:
        return False
    verb = m.group("verb").lower()
    return verb not in _NOT_DECIDING and verb not in _NOT_PLANNED and not verb.endswith(("ed", "ly")) \
        and not re.search(r"\b(?:usually|always|normally|often|sometimes|never)\b", sentence, re.IGNORECASE)

