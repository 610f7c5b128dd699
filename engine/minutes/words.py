"""Word lists shared by the evidence check, the insights and the item extraction."""

import re

WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
MONTHS = ("january february march april may june july august september october november "
          "december").split()
# Words that carry no topic: left out of word overlaps and key terms.
STOPWORDS = frozenset("""
a about above actually after again against agreed all also although always am an and
another any anyone anything are aren't around as at away back basically be because been
before being below between both but by can can't could did didn't discuss discussed do does
doesn't doing don't done down during each either else enough even ever every everyone
everything few first for from further get going gonna good got had has have having he her
here hers him his how i i'll i'm i've if in into is isn't it it's its itself just kind know
last least let let's lets like little made make many maybe me mean meeting might minutes
more most much must my need needs never next no none nor not nothing now of off okay on
once one only or other our ours out over own people pretty quite really recorded right said
same says she should since so some something still such summary sure take talk talked team
than thank thanks that that's the their them then there there's these they they're thing
things think this those though thought through time to today together too under until up
very wanna want was wasn't we we'll we're we've well were what when where which while who
whom why will with won't would yeah you you're your yours
""".split())
# Capitalised words that name no one: sentence openers, interjections, section words,
# pronouns, numbers, titles and ways of addressing someone ("Chef, ..."), languages, holidays,
# weekdays and months.
NOT_NAMES = frozenset(WEEKDAYS + MONTHS) | frozenset("""
a absolutely action actions actually additionally afraid after afternoon agreed ah all
alright also american an and anybody anyone anything anyway apparently as at awesome back
basically before besides boss both brilliant british but by bye chair chairman chairwoman
cheers chef chinese christmas coach cool dad deal decision decisions doc doctor done during
dutch each easter eight either eleven english er erm european evening every everybody
everyone everything exactly excellent fair fifty finally fine first firstly five folks for
fortunately forty four frankly french from furthermore german glad going good great guys ha
happy he hello her here hey hi his hmm honestly hopefully how however hundred i i'd i'll i'm
i've in it italian its japanese just key last late later listen look lovely luckily madam
many meanwhile meeting minutes mm mom moreover morning most mum neither new next nice nine
no nobody none nope not note nothing now obviously oh ok okay on one open otherwise our
overall perfect personally please plus portuguese question questions really right sadly
second secondly seriously seven several she since sir six so some somebody someone something
soon sorry spanish still summary sure task tasks team ten thank thanks that the their then
there these they thing things thirty this those though thousand three to today tomorrow
tonight twelve twenty two uh um unfortunately wait we week weeks well what when where which
while who why with without wow yeah yep yes yesterday you
""".split())
# ---- the item extraction (engine/minutes/extract*.py) ------------------------------------
# Verbs of work someone does after the meeting (base form): an instruction ("Please send
# ...", "Everyone, read ...") is an action item only when it starts with one of them.
TASK_VERBS = frozenset("""
add analyse analyze answer approve archive arrange ask assign attach audit back book bring
buy call cancel change chase check clean collect compare compile complete confirm contact
copy create deliver deploy design dig document download draft drop edit email estimate file
fill find finish fix follow forward gather get hire implement include install invite
investigate label list look mail make merge message migrate move notify order organise
organize pay phone ping plan post prepare present print publish pull put raise read record
refactor remove renew reply report request reserve reach respond review rewrite ring run
schedule send set share ship shorten sign sort speak submit summarise summarize take talk
test text tidy track train translate try update upload verify visit write
""".split())
# Verbs after "I will" / "I can" that promise no work: "I will be honest", "I can imagine",
# "I can live with that", "I'll say this".
NOT_TASK_VERBS = frozenset("""
be imagine say think guess admit agree live see hear understand promise bet assume suppose
believe hope wonder mean remember go know
""".split())
# Acts done in the meeting itself, not afterwards: "Raj, can you walk us through the
# timeline?", "Carlos, show us what you have", "Please, go ahead".
SPEECH_NOW_VERBS = frozenset("""
walk tell show start begin go introduce explain summarise summarize recap repeat describe
continue kick jump come sit wait hold speak say give
""".split())
# Infinitives that drop a final "e" before "-ing": "making" -> "make" (base_verb in
# extract_refs.py); other "-ing" forms just lose the suffix ("building" -> "build").
E_VERBS = frozenset("""
make take write use have come give drive share prepare update create organise organize
schedule close move leave receive hire manage include reduce serve handle decide provide
arrange change charge choose analyse analyze phone type save solve place price quote note
vote invite rewrite describe compile merge source promote measure approve remove improve
resolve escalate validate translate negotiate coordinate complete delete investigate
estimate automate migrate generate rotate operate locate chase purchase release bake
prioritise prioritize finalise finalize summarise summarize circulate raise declare
secure store trace replace produce introduce continue argue rule examine explore shave
""".split())
# Nouns of time: never what "it" refers to ("this sprint", "the end of the month").
TIME_NOUNS = frozenset("""
day days week weeks month months year years quarter sprint morning afternoon evening night
time moment end rest minute minutes hour hours meeting call today tomorrow weekend
""".split())


# The words a question opens with ("Do we ...?", "Who's ...?"), as a pattern's alternatives
ASKING = ("do|does|did|is|are|was|were|can|could|will|would|shall|should|have|has|"
          "what|when|where|who|why|how|which")


def content_words(text: str) -> set[str]:
    """The words of ``text`` that carry meaning: lower case, three letters or more, no stopword."""
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2 and w not in STOPWORDS}


# A goodbye ("See you Thursday.", "Bye, all.", "Speak tomorrow, then."): the meeting or the
# call ending; a thank-you may be one too, or a thanks in passing.
_WHEN = r"(?:soon|later|then|tomorrow|next\s+week|around|on\s+\w+day|" + "|".join(WEEKDAYS) + r")"
_GOODBYE = re.compile(
    r"\b(?:see\s+you|(?:good)?bye|good\s*night|(?:talk|speak)\s+soon)\b|"
    r"(?:^|[.!?]\s+)(?:(?:okay|ok|right|alright|great|good|so|well)[,.]?\s+)*(?:talk|speak|catch)\s+"
    r"(?:to\s+you\s+|you\s+)?" + _WHEN + r"\b", re.IGNORECASE)
_THANKS = re.compile(r"\b(?:thanks|thank\s+you)\b", re.IGNORECASE)


def goodbye(sentence: str) -> bool:
    """Whether ``sentence`` says goodbye ("Talk to you Thursday.", "Okay, bye.")."""
    return bool(_GOODBYE.search(sentence.strip()))


def closing(sentence: str) -> bool:
    """A goodbye or a thank-you: nothing settled or asked in it."""
    return goodbye(sentence) or bool(_THANKS.search(sentence))
