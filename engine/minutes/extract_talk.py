"""How a conversation answers: agreement, refusal, "I don't know", "does everyone agree?",
proposals, and questions that only pass the turn ("Nina?", "anything else?").

Each function reads one sentence. The decisions and open questions are made from these
answers (extract_decisions.py, extract_questions.py): a proposal everyone agrees to is a
decision; a question answered "I'm not sure" stays open, one answered "We do, yes" does not.
"""

from __future__ import annotations

import re

from engine.minutes.extract_cues import strip_filler
from engine.minutes.words import ASKING, MONTHS

_OPENING = r"^(?:(?:um|uh|oh|well|hmm|ha|ah)[,.!]?\s+)*"
_AGREE = re.compile(
    _OPENING + r"(?:yes|yeah|yep|yup|sure|agreed|approved|absolutely|definitely|of course|certainly|fine|"
    r"okay|ok|alright|all right|sounds good|sounds great|works for me|makes sense|i agree|"
    r"no objections?|not at all|good idea|great idea|deal|let['’]s do (?:it|that)|go for it|"
    r"happy with that|perfect|exactly|totally|correct|will do|no problem|count me in|"
    r"i['’]m in|me too|same here)\b", re.IGNORECASE)
_AGREE_STRONG = re.compile(
    _OPENING + r"(?:agreed|approved|sounds good|sounds great|works for me|makes sense|good idea|"
    r"great idea|deal|fine by me|fine with me|okay by me|i agree|we agree|let['’]s do (?:it|that)|"
    r"(?:yes|yeah|okay|ok),? let['’]s (?:do (?:it|that)|go with (?:it|that))|(?:yes|yeah|okay|ok),? "
    r"let['’]s(?=[.!]?$)|go for it|"
    r"happy with that|i['’]m happy with that|no objections?|all agreed|absolutely|"
    r"(?:yes|yeah),? (?:agreed|definitely|absolutely)|(?:(?:yes|yeah|yep)[,]?\s+)+fine(?=[.!]?$))",
    re.IGNORECASE)
_DISAGREE = re.compile(
    _OPENING + r"(?:no\b|nope|not really|i disagree|i don['’]t agree|i wouldn['’]t|"
    r"i don['’]t think so|i['’]m not sure|actually,? no|i object|i['’]d rather not|"
    r"no way|not yet|sorry,? (?:no|i can['’]t))", re.IGNORECASE)
# A point set aside for now: "Hold that thought.", "Let's leave that one.", "Let me have a
# think." (for a question: it stays open; for a decision: nothing is decided)
SET_ASIDE = (r"hold\s+(?:that|the|this)\s+thought|leave\s+(?:that|this)(?:\s+one)?"
             r"(?:\s+(?:there|aside|for\s+now|for\s+the\s+moment))?(?=\s*[.!]?\s*$)|"
             r"have\s+a\s+(?:think|ponder)(?:\s+about\s+(?:it|that|this))?(?=\s*[.!]?\s*$)")
# "Ask me in April.", "Ask me again on Friday.": the answer put off, not a task for anyone
ASK_ME_LATER = (r"ask\s+me\s+(?:again|later|another\s+time|next\s+\w+|after|once|when|tomorrow|"
                r"in\s+\w+|on\s+\w+day|\w+day\b)")
_UNCERTAIN = re.compile(
    r"\b(?:(?:i|we)\s+(?:\w+ly\s+|just\s+|still\s+)*(?:don['’]t|do not|"
    r"didn['’]t)\s+(?:\w+ly\s+)?know|^(?:i\s+)?dunno|no idea|not sure|unsure|"
    r"(?:couldn['’]t|can['’]t)\s+tell\s+you|"
    r"not\s+(?:\w+ing\s+)?(?:(?:that|this|it)\s+)?(?:tonight|today|right\s+now)|"
    r"(?:nobody|no one|no-one)\s+(?:really\s+)?knows|"
    r"who knows|hard to say|can['’]t (?:say|tell|promise)|cannot (?:say|tell|promise)|"
    r"it depends|depends on|unclear|still open|(?:an?|the) open (?:research )?question|"
    r"(?:a|the|that['’]s the|that is the) (?:big|deep|real|million[- ]dollar) question|"
    r"haven['’]t (?:yet )?decided|have not decided|not (?:yet )?decided|undecided|we['’]ll see|"
    r"let['’]s see|think about it|still waiting|to be (?:decided|confirmed|determined)|"
    r"remains to be seen|no answer|not (?:my|our|ours)\s+(?:call|decision|to\s+decide)|let['’]s not decide|"
    r"your\s+guess\s+is\s+as\s+good\s+as\s+mine|(?:anybody|anyone)['’]s\s+guess|beats\s+me|search\s+me|"
    r"(?:god|heaven|lord)\s+knows|don['’]t\s+ask\s+me|above\s+my\s+pay\s*grade|"
    r"(?:not|no|haven['’]t|hasn['’]t)\s+(?:got\s+)?a\s+clue|no\s+clue|not\s+(?:that\s+i\s+know|as\s+far\s+as\s+i\s+know)|"
    r"(?:nobody|no\s+one|no-one)(?:['’]s|\s+has)\s+(?:\w+\s+)?(?:told|said|checked|asked|confirmed|looked|read|"
    r"heard|replied|answered)|leave\s+(?:it|that|this)(?:\s+one)?\s+open|depends\s+(?:\w+\s+)?on|"
    r"(?:won['’]t|will\s+not|don['’]t|do\s+not)\s+(?:hear|know)\s+(?:\w+\s+)?(?:until|till|before)|"
    r"(?:don['’]t|do\s+not)\s+have\s+(?:one|an\s+answer|a\s+plan)|(?:can['’]t|cannot)\s+(?:\w+ly\s+)?explain|"
    r"(?:nobody|no\s+one|no-one)\s+has(?=[.!]?$)|(?:don['’]t|do\s+not|can['’]t|cannot)\s+(?:remember|recall)|"
    r"(?:nobody|no\s+one|no-one)\s+(?:\w+\s+){0,3}?(?:will|would|can|could)\s+(?:say|tell|give)|"
    # someone else's to answer: "It isn't mine to sign off.", "That is for the trustees, not
    # this board.", "That's for the board to decide."
    r"(?:isn['’]t|is\s+not|not)\s+(?:mine|ours)\s+to\s+\w+|"
    r"^(?:that|this|it)(?:\s+one)?(?:['’]s|\s+is)\s+for\s+(?:the\s+)?[\w'’ ]{2,30}?(?:,\s+not\s+(?:for\s+)?"
    r"(?:us|me|this|here|today)|\s+to\s+(?:decide|say|answer|sort\s+out|agree))\b|"
    r"sleep\s+on\s+(?:it|that)|no\s+(?:straight\s+)?answer|"
    # "No way of telling.", "I haven't a notion.", "I hadn't thought.", "going back and forth"
    r"no\s+way\s+of\s+(?:telling|knowing)|(?:haven['’]t|have\s+not)\s+(?:got\s+)?a\s+notion|no\s+notion|"
    r"(?:haven['’]t|hadn['’]t|have\s+not|had\s+not)\s+thought\b|back\s+and\s+forth|in\s+two\s+minds|"
    # "I haven't heard either way.", "Hold that thought.", "That is for another day.", "I want
    # the figures before I answer that."
    r"(?:haven['’]t|hasn['’]t|have\s+not|not)\s+heard\s+(?:anything|either\s+way|back|yet)|"
    r"for\s+another\s+(?:day|time|meeting)|before\s+i\s+(?:answer|decide)|"
    r"decide (?:that |this |it )?(?:later|next|another|after|once|when)|i wonder|"
    r"nobody (?:has )?decided|"
    r"nothing(?:['’]s|\s+is|\s+has)\s+(?:been\s+)?(?:confirmed|decided|settled|agreed|signed|booked)|"
    r"(?:not|isn['’]t|aren['’]t)\s+(?:yet\s+)?(?:confirmed|settled)|"
    # nobody takes it on: "Nobody's offered yet.", "We'll have to find someone.", "We'll ask
    # around.", "That'll need its own meeting."
    r"(?:nobody|no\s+one|no-one)(?:['’]s|\s+has)\s+(?:\w+\s+)?(?:offered|volunteered|owned\s+up|come\s+forward)|"
    r"we['’]ll\s+(?:have\s+to\s+)?(?:find\s+someone|ask\s+around|figure\s+(?:it|that)\s+out)|"
    r"needs?\s+its\s+own\s+meeting|"
    r"not clear|isn['’]t clear|up in the air|(?:hasn['’]t|haven['’]t|has not|have not) "
    r"(?:replied|answered|heard back|got back|gotten back|confirmed|said|decided|told us)|"
    r"cross\s+that\s+bridge|let['’]s not (?:go there|"
    r"get into (?:it|that)|discuss|open that)|(?:park|table) (?:it|that|this)|take (?:it|that|this) "
    r"offline|come back to (?:it|that|this)|" + SET_ASIDE + r"|"
    # "Let me come back to you on that.", "I'll have to see who's on shift.", "I haven't worked
    # that out yet.", "That's a matter for the airlines.", "I can't commit them", "Let's, later.",
    # "Not now." (said as the whole answer: not "Not now, but in May we switch")
    r"(?:come|get)\s+back\s+to\s+you(?:\s+(?:on|about)\s+(?:that|it|this))?(?=\s*[.!]?\s*$)|"
    r"(?:have|need)\s+to\s+see\s+(?:who|what|if|whether|how|when)(?![^.]*\bbut\b)|"
    r"(?:haven['’]t|have\s+not|not)\s+(?:yet\s+)?(?:worked|figured|sorted)\s+(?:that|it|this)\s+out|"
    r"(?:that['’]s|that\s+is|it['’]s|it\s+is)\s+(?:a\s+matter|one|a\s+question)\s+for\s+(?:the\s+)?\w+|"
    r"(?:can['’]t|cannot)\s+commit\s+(?:them|us|him|her|to\s+(?:that|it|this)|anyone|anything)|"
    r"^(?:let['’]s[,]?\s+(?:do\s+(?:it|that)\s+)?later|not\s+now)(?=\s*[.!]?\s*$)|"
    # "I can't give you a date today.", "I can't answer that tonight.", "Couldn't say.", "Ask
    # me again in three weeks.", "No promises.", "I'd rather not answer it today.", "They
    # didn't say.", "I won't know without cores."
    r"(?:can['’]t|cannot|couldn['’]t)\s+(?:give\s+(?:you\s+|us\s+)?(?:a|an|any)\s+(?:date|answer|"
    r"figure|number|time)|answer\s+(?:that|this|it))|couldn['’]t\s+(?:say|tell)|"
    + ASK_ME_LATER + r"|no\s+promises|not\s+promising\s+anything|rather\s+not\s+(?:answer|say)|"
    r"(?:they|he|she)\s+(?:didn['’]t|did\s+not)\s+say(?=\s*[,.!;]|\s+(?:either|yet)\b)|"
    r"(?:won['’]t|will\s+not)\s+know\s+without)\b",
    re.IGNORECASE)
# Someone will find the answer: the question stays open unless it was answered first.
_FOLLOW_UP = re.compile(
    r"\b(?:(?:need|have) to (?:check|ask|find out|look into)|let me (?:check|ask|find out)|"
    r"i['’]ll (?:need to )?(?:check|ask|find out|look into)|(?:we['’]d|we would|we will|we['’]ll) "
    r"need (?:a|an|to)|i['’]d have to|we['’]d have to)\b", re.IGNORECASE)
_DIRECT = re.compile(
    _OPENING + r"(?:yes|yeah|yep|no|nope|sure|of course|definitely|absolutely|correct|exactly|"
    r"(?:we|it|they|i|you|she|he|that) (?:do|does|did|don['’]t|doesn['’]t|didn['’]t|can|can['’]t|"
    r"will|won['’]t|is|isn['’]t|are|aren['’]t|was|wasn['’]t|have|haven['’]t|has|hasn['’]t))\b",
    re.IGNORECASE)
_CONSENT = re.compile(
    r"\b(?:(?:does|do)\s+(?:everyone|everybody|anyone|anybody|we all|you all)\s+"
    r"(?:agree|disagree|object|mind)|(?:nobody|no\s+one|no-one)\s+objects|"
    r"(?:can|may|shall)\s+(?:i|we)\s+take\s+(?:them|it|that|this|these|those|the\s+minutes)\s+as\s+"
    r"(?:a\s+(?:true|fair|correct|accurate)\s+record|read|approved|agreed)|(?:is\s+)?(?:everyone|everybody|all)\s+(?:okay|ok|fine|happy|"
    r"good|on board|agreed|in favou?r)|are\s+(?:we|you)(?:\s+all)?\s+(?:okay|ok|fine|happy|good|"
    r"agreed|on board|aligned)|any\s+objections?|all\s+in\s+favou?r|can\s+we\s+(?:all\s+)?agree|"
    r"are\s+we\s+agreed|(?:okay|ok|fine|happy)\s+with\s+(?:that|this)\s+everyone|"
    r"^(?:agreed|okay|ok|alright|good|fine|deal|sounds? good|makes sense|yes|right)\?$)",
    re.IGNORECASE)
_CONSENT_OBJECT = re.compile(r"\b(?:with|on|to|that)\s+(?P<what>[^?]+)\?$", re.IGNORECASE)
_PROPOSAL = re.compile(
    r"\b(?:we could|we should|how about|what\s+if|why don['’]t we|i suggest|i propose|"
    r"i\s+(?:was|am|['’]m)\s+thinking,?\s+(?:like,?\s+|maybe,?\s+)?(?!about\b|of\b|that\s+(?:I|it)\b)|"
    r"i['’]d suggest|i['’]d propose|maybe we (?:should|could)|shall we|let['’]s|"
    r"i think we should|my suggestion is)\b", re.IGNORECASE)
_PROCEDURAL = re.compile(
    r"^(?:how are (?:you|things|we)|how['’]s (?:it|everyone|everything|things|your)|"
    r"how is (?:it|everyone|everything|your)|how are you (?:feeling|doing)|how was (?:your|the)|"
    r"how do you feel|(?:is there )?anything else|any(?:thing| other)? (?:questions?|comments?|"
    r"business|updates?|thoughts|other business)|questions|comments|thoughts|what else|"
    r"where (?:are|were) we|who(?:['’]s| is)? next|who wants to (?:start|go first)|"
    r"shall we (?:start|begin)|can (?:i|we) (?:jump in|interrupt|add something)|"
    r"can (?:i|we) (?:start|begin)$|"
    r"ready|everyone here|can (?:you|everyone) (?:hear|see)|what do (?:you|we)(?: all| guys)? "
    r"think(?=$|,|\s+(?:about|of|so\s+far)\b)|"  # not "What do we think is wrong with it?"
    r"did (?:anyone|anybody)(?:\s+else)?\s+(?:have\s+(?:anything|any|something|questions)|want\s+to\s+"
    r"(?:add|say|comment|go)|catch\s+that|get\s+that)|right|okay|ok|yes|no|really|"
    r"sorry(?:[,.]?\s+(?:what|who|come again|say again|pardon|again))?$|why not|"
    r"(?:sorry[,.]?\s+)?did (?:you|he|she|they) (?:just )?say|"  # "Sorry, did you say total station?"
    r"(?:do you|would you like to|you want to) (?:want to )?(?:start|go first|begin|kick off)|"
    r"you had (?:thoughts|something|an update)|you (?:start|go first|begin)|by when|when by|"
    r"same time|anyone else|anything (?:else )?from (?:you|anyone)|shall we (?:move on|crack on|get going|"
    r"carry on|continue)|where was i|what was i saying|(?:can|could) you (?:repeat|say) that|"
    r"does (?:that|this) make sense|make sense|(?:has )?everyone got|what do you (?:all )?reckon|"
    r"sounds? (?:okay|ok|good|alright|all right)|is that (?:everything|it|all|us)|should i (?:carry on|"
    r"continue|go on|keep going)|did (?:you|everyone) get my|are we recording|what['’]s next)\b",
    re.IGNORECASE)
_TAG = re.compile(r",\s*(?:right|isn['’]t it|aren['’]t (?:they|we|you)|don['’]t you think|"
                  r"no|yes|correct|yeah|okay|ok|true|anyway)\?$", re.IGNORECASE)
# "It was serviced in January, wasn't it?", "..., do they?": a statement that asks for a nod;
# not "..., would you?" (asks someone to do it)
_NOD = re.compile(r",\s*(?:(?:is|are|was|were|do|does|did|has|have|had)(?:n['’]t)?\s+(?:it|they|we|you|"
                  r"he|she|I|there|that)|(?:will|would|can|could|should|won['’]t|can['’]t|wouldn['’]t|"
                  r"couldn['’]t|shouldn['’]t)\s+(?:it|they|"
                  r"we|he|she|I|there|that))\?$", re.IGNORECASE)
_RHETORICAL = re.compile(r"^(?:who (?:doesn['’]t|wouldn['’]t|isn['’]t|hasn['’]t)|"
                         r"what['’]s the point|what is the point|why would (?:anyone|we|you)|"
                         # "Why does it always go wrong in January?": a complaint
                         r"why\s+(?:does|do|did|is|are|must)\s+(?:it|this|that|everything|everyone|these|"
                         r"they)\s+always\b|"
                         r"how hard can it be|guess what|you know what|(?:you )?know what i mean|"
                         r"what could (?:possibly )?go wrong|am i right|who knew|isn['’]t (?:it|that) "
                         r"(?:great|lovely|nice|amazing|brilliant|funny)|"
                         # "Who else is going to supply them?": nobody, the speaker means
                         r"who\s+else\s+(?:is\s+going\s+to|would|will|could|can|is\s+gonna)|"
                         # an offer of food or drink: "Who wants a brew?", "Anyone for coffee?"
                         r"(?:who|does\s+anyone|does\s+anybody|anyone|anybody)\s+(?:wants?|fancy|fancies|for)\s+"
                         r"(?:a\s+|an\s+|some\s+|another\s+)?(?:tea|coffee|brew|cuppa|drink|biscuits?|cake|"
                         r"sandwich(?:es)?|refill|top-up|water))\b", re.IGNORECASE)
_FILLER_ONLY = re.compile(
    r"^(?:(?:um|uh|hmm|oh|ah|ha|well|okay|ok|right|so|yes|yeah|good|great|fair|sure|alright|"
    r"good question|fair point|good point|interesting|i see|got it|thanks|thank you)[,.!]?\s*)+$",
    re.IGNORECASE)


# An answer that does not answer: "Maybe.", "If she is, it helps." (the question's own
# condition, still unknown), "Could be.", "There might be." (not "We could.": consent).
_HEDGE = re.compile(_OPENING + r"(?:(?:maybe|possibly|perhaps|hopefully|i\s+hope\s+so)[.!]?$|"
                    r"(?:could|might|may)\s+be[.!]?$|(?:(?:it|there|that|he|she|they)(?:['’]s)?\s+"
                    r"(?:might|may)|it\s+could)(?:\s+(?:well|be|not|have))*[.!]?$|"
                    r"(?:.*\b)?i\s+(?:really\s+)?doubt\s+it\b|"
                    r"if\s+(?:she|he|it|they|we|you|so|not)\s+(?:is|are|does|do|can|will|has|have|isn['’]t|aren['’]t|doesn['’]t|"
                    r"can['’]t|won['’]t)\b)", re.IGNORECASE)
# The meeting moves on from a question: "Right. Item four, ...", "Sorry, can I raise ...?"
_MOVES_ON = re.compile(_OPENING + r"(?:(?:right|okay|ok|so|sorry|anyway|now)[,.]?\s+)*(?:item\s+\w+|"
                       r"(?:the\s+)?next\s+(?:item|thing|point|topic)|moving\s+on|let['’]s\s+move\s+on|"
                       r"can\s+i\s+(?:raise|bring\s+up)|(?:the\s+)?(?:last|final)\s+(?:item|thing|point)[,.:]|"
                       r"(?:first|second|third|fourth|fifth)\s+(?:item|point|topic))\b", re.IGNORECASE)
# "Can we talk about that once we know more?", "Let's decide the cover tomorrow", "let's leave
# the roof for the spring meeting": what the last question asked is put off.
PUT_OFF = (r"\b(?:talk(?:\s+about)?|discuss|come\s+back\s+to|look\s+at|revisit|"
           r"(?<!on\s)(?<!sick\s)(?<!annual\s)(?<!paternity\s)(?<!maternity\s)(?<!parental\s)leave|"
           r"decide(?:\s+on)?|"
           r"settle|sort\s+out|pick\s+(?:that|this|it)\s+up|hold\s+(?:that|this|it)\s+over|"
           r"(?:let['’]s|(?:I|we)['’]ll|(?:I|we)\s+(?:will|can|could|should|need\s+to))\s+"
           r"(?:put|take|bring|raise|refer)\s+(?:that|this|it)(?:\s+(?:to|with|up))?)\s+"
           r"(?:that|this|it|the\s+[\w-]+(?:\s+[\w-]+)?|[a-z][\w-]+)?"
           r"\s*(?:\w+\s+){0,2}?(?:later|once|when|after|until|till|next|tomorrow|another\s+time|"
           r"at\s+(?:the\s+)?(?:next|[\w-]+['’]s)|for\s+the\s+(?:[\w-]+\s+)?(?:meeting|agm|egm|review|"
           r"session|huddle|retreat|offsite|board)|on\s+\w+day|in\s+the\s+new\s+year|"
           r"(?:in|to|till|until|after)\s+(?:" + "|".join(MONTHS)
           + r")|at\s+the\s+(?:[\w'’-]+\s+)?(?:meeting|agm|egm|review|session|huddle|board))\b")
_PUTS_OFF = re.compile(PUT_OFF, re.IGNORECASE)


_ASKS_ME_LATER = re.compile(ASK_ME_LATER, re.IGNORECASE)


# "Ring me if you need more.", "Give me a shout if you get stuck.": a door left open
_OPEN_DOOR = re.compile(r"^(?:(?:and\s+)?you\s+)?(?:ring|call|phone|e-?mail|text|ping|message|shout\s+at|"
                        r"give\s+(?:me|us)\s+a\s+(?:ring|call|shout|buzz))(?:\s+(?:me|us))?\s+if\s+you\s+"
                        r"(?:need|want|get\s+stuck|have\s+(?:any\s+)?(?:questions|problems|trouble)|"
                        r"(?:are|['’]re)\s+(?:stuck|unsure|not\s+sure|worried)|can['’]t|cannot|run\s+(?:into|out))\b",
                        re.IGNORECASE)


def opens_the_door(sentence: str) -> bool:
    """"Ring me if you need more.": help offered should the one told need it, never a task
    for them (unlike "Ring me if the lorry turns up", "Text me when he's on his way")."""
    return bool(_OPEN_DOOR.match(_unaddressed(strip_filler(sentence))))


def leaves_no_task(sentence: str) -> bool:
    """Said to someone, yet no task for them: an answer put off ("Ask me in April.") or help
    offered should they need it ("Ring me if you need more.")."""
    return bool(_ASKS_ME_LATER.match(strip_filler(sentence))) or opens_the_door(sentence)


def _unaddressed(text: str) -> str:
    """``text`` without the name it opens with ("Nina, ...")."""
    return re.sub(r"^[A-Z][a-z]+,\s+", "", text)


def hedges(sentence: str) -> bool:
    """An answer that leaves its question open: "Maybe.", "If she is, it helps the light."."""
    return bool(_HEDGE.match(sentence.strip()))


def moves_on(sentence: str) -> bool:
    """A sentence that turns to the next topic ("Right. Item four, the awards night.")."""
    return bool(_MOVES_ON.match(sentence.strip()))


def puts_off(sentence: str) -> bool:
    """"Can we talk about that once we know more?": the question before it stays open."""
    return bool(_PUTS_OFF.search(sentence))


def agrees(sentence: str) -> bool:
    return bool(_AGREE.search(sentence.strip())) and not disagrees(sentence)


# "Do it.", "Go with that.", "Fine, approve it.", "Yes, do that.": what was just put is to be done
_GO_AHEAD = re.compile(_OPENING + r"(?:(?:yes|yeah|yep|fine|okay|ok|right|good|great)[,.]?\s+)?(?:do|go\s+"
                       r"(?:ahead\s+)?with|approve|book|order)\s+(?:it|that|this|them)[.!]?$", re.IGNORECASE)


def goes_ahead(sentence: str) -> bool:
    """An answer that tells the speaker before to do what they put ("Do it.")."""
    return bool(_GO_AHEAD.match(sentence.strip()))


def agrees_strongly(sentence: str) -> bool:
    """An answer that takes a proposal ("Agreed.", "Sounds good.", "Fine by me.")."""
    return bool(_AGREE_STRONG.search(sentence.strip()))


def disagrees(sentence: str) -> bool:
    return bool(_DISAGREE.search(sentence.strip()))


_OFFER = re.compile(r"\bI\s+(?:can|could)\b|\bif\s+you\s+(?:want|like)\b|\bwant\s+me\s+to\b|\?\s*$",
                    re.IGNORECASE)
_DECLINES = re.compile(_OPENING + r"(?:nah\b|thanks,?\s+but\b|cheers,?\s+(?:[A-Z]\w+,\s+)?(?:but\b|"
                       r"I['’]ve\s+got\b|I\s+have\b)|don['’]t\s+worry\b|no\s+need\b|I['’]ve\s+got\s+"
                       r"(?:one|it|that)\b)", re.IGNORECASE)


_NOT_ME = re.compile(_OPENING + r"(?:not\s+me|not\s+it|don['’]t\s+look\s+at\s+me)\b", re.IGNORECASE)


def not_me(sentence: str) -> bool:
    """A task turned away by the one who answers: "Not me, I'm away.", "Don't look at me."."""
    return bool(_NOT_ME.match(sentence.strip()))


def offers(sentence: str) -> bool:
    """"I can bring my lights too, if you want?", "Want me to ring them?"."""
    return bool(_OFFER.search(sentence))


def declines(sentence: str) -> bool:
    """An offer turned down: "Nah, the pub's small.", "Thanks, but no.", "Cheers, I've got one."."""
    return bool(_DECLINES.match(sentence.strip()))


# "The gas company have still not said whether ...", "Nobody's asked the board what ...": a
# question nobody has put or answered yet
_UNTOLD = re.compile(
    r"(?:ha(?:ve|s|d)(?:\s+still|\s+yet)?\s+not|ha(?:ve|s|d)n['’]t)\s+(?:yet\s+)?(?:said|told\s+(?:us|me|anyone)|"
    r"confirmed|decided|answered)\s+(?:whether|if|what|who|when|how)\b"
    r"|\b(?:nobody|no\s+one)(?:['’]s|\s+has)\s+(?:yet\s+)?(?:asked|checked|told\s+us)\s+(?:\w+\s+){0,2}?"
    r"(?:whether|if|what|who|when|how)\b", re.IGNORECASE)


def untold(sentence: str) -> bool:
    """Says a question is still unanswered by whoever should answer it: open when said by
    itself; said in answer to a question, that question is the open one."""
    return bool(_UNTOLD.search(sentence))


def uncertain(sentence: str) -> bool:
    """An answer that leaves the question open ("I honestly don't know", "not sure", "we
    haven't decided yet", "that's the big question")."""
    return bool(_UNCERTAIN.search(sentence))


def follows_up(sentence: str) -> bool:
    """An answer that goes to find the answer ("let me check", "I'll ask them", "we'd need
    a quote")."""
    return bool(_FOLLOW_UP.search(sentence))


def outright(sentence: str) -> bool:
    """An answer that opens with a yes or a no ("We do, yes.", "No proofs, ...", "It
    moved.") and does not go on to doubt it ("No idea.")."""
    return bool(_DIRECT.match(sentence.strip())) and not uncertain(sentence)


def direct(sentence: str) -> bool:
    """An answer that answers: a yes or no ("We do, yes.", "No proofs, ...", "It moved.") or
    a short phrase ("The custom one.", "Twenty-two so far.", "Finance.")."""
    words = re.findall(r"[\w'’-]+", sentence)
    return bool(_DIRECT.match(sentence.strip())) or len(words) <= 4


def consent(sentence: str) -> str | None:
    """A question that asks the room to agree ("Does everyone agree?", "Everyone okay with
    that?", "Are we all fine with version B?"): what it asks about ("version B"), "" when
    that was said before it; None for other sentences."""
    if not sentence.rstrip().endswith("?") or not _CONSENT.search(strip_filler(sentence) or sentence):
        return None
    m = _CONSENT_OBJECT.search(sentence)
    what = m.group("what").strip() if m else ""
    if re.fullmatch(r"(?:that|this|it|everyone|everybody|you all|the plan)(?:\s+everyone)?", what,
                    re.IGNORECASE):
        what = ""
    return what


def proposes(sentence: str) -> bool:
    return bool(_PROPOSAL.search(sentence))


def procedural(sentence: str) -> bool:
    """A question that manages the meeting or is small talk ("How are things going?",
    "Anything else?", "Nina?", "Marcus, do you want to start?", "What do you all think?"),
    asks for a nod ("..., right?", "isn't it?") or needs no answer ("Who doesn't love a
    search box?")."""
    text = strip_filler(sentence).rstrip("?").strip()
    text = _unaddressed(text)
    if not text or re.fullmatch(r"(?:(?:and|the)\s+)?(?:[a-z]+\s+)?(?:one,\s+)?[A-Z][a-z]+",
                                text) or len(text.split()) <= 1:
        return True  # "Nina?", "The second one, Ines?", "Questions?"
    return bool(_PROCEDURAL.match(text) or _TAG.search(sentence.strip())
                or nods(sentence)
                or _RHETORICAL.match(text))


def nods(sentence: str) -> bool:
    """A statement that asks for a nod: "It was serviced in January, wasn't it?", "Nobody
    wants that, do they?" (not "Chase the lab, would you?")."""
    return bool(_NOD.search(sentence.strip())) and sentence.count("?") == 1


# "March, possibly?", "Maybe Sandra?", "I think so?": a guess offered as an answer, asked back
_GUESS = re.compile(r"^(?!(?:" + ASKING + r")\b)(?:(?:maybe|perhaps|possibly)\s+[^?]{1,40}|"
                    r"[^?]{1,40},\s*(?:maybe|perhaps|possibly|i\s+think|i\s+guess|i\s+suppose|i\s+reckon)|"
                    r"(?:i(?:['’]d)?\s+)?(?:think|thought|assume|assumed|believe|hope|guess|suppose|presume|"
                    r"presumed)\s+(?:so|not))\?$", re.IGNORECASE)


def guesses(sentence: str) -> bool:
    """A short guess asked back as an answer ("March, possibly?", "The loft, maybe?"): it
    answers, unsure, and asks nothing new."""
    return len(sentence.split()) <= 6 and bool(_GUESS.match(sentence.strip()))


def filler(sentence: str) -> bool:
    """Only noises and acknowledgements ("Hmm.", "Good question.", "Okay, good.")."""
    return bool(_FILLER_ONLY.match(sentence.strip()))
