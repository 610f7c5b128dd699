"""Word lists shared by the evidence check, the insights and the item extraction."""

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
# weekdays and months.
NOT_NAMES = frozenset(WEEKDAYS + MONTHS) | frozenset("""
a action actions additionally after all alright also an and as at before both but by
decision decisions during each english every everybody everyone finally first firstly for
french from furthermore german good great he hello her here hey hi his hmm how however i
i'll i'm i've in it its key many meeting minutes moreover most next no none nope note now
oh ok okay on open our overall please question questions right second secondly several she
since so some sorry spanish summary sure task tasks thank thanks that the their then there
these they this those to uh um we week weeks well what when where which while who why with
without yeah yep yes you
""".split())
