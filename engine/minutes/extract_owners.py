"""Who "I" is: the owner of a first-person commitment.

With speakers, the speaker, by the name the user gave (or "Speaker N"); a name the meeting
itself says right there beats "Speaker N": the person just addressed ("Grace, you had
thoughts?" ... "I can fix the link today") or thanked right after ("I'll do it." ...
"Thanks, Grace."). Without speakers only those spoken cues can say who, else no one. And
whose a task is that no rule read (``Owners.of_task``, for extract_action_spotted.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from engine.minutes.extract_requests import request
from engine.minutes.extract_types import NOT_STATED, Said
from engine.minutes.words import NOT_NAMES
from engine.speakers import display_name

ADDRESSED_WITHIN = 3  # sentences after someone is addressed that may be their answer
THANKED_WITHIN = 3  # sentences after a commitment that may thank its owner
_OPEN = (r"^(?:(?i:and|so|then|okay|ok|now|meanwhile|right|great|good|hi|hello|hey|um|uh|well|"
         r"alright|yes|yeah)[,.!]?\s+)*")
_ADDRESS = re.compile(_OPEN + r"(?P<name>[A-Z][a-z]+)\s*,(?!\s*I\s+mean\b)|,\s*(?P<last>[A-Z][a-z]+)\s*\?$|"
                      r"^(?i:hi|hello|hey|morning|good morning)[,]?\s+(?P<hi>[A-Z][a-z]+)\b")
_THANKS = re.compile(r"\b(?i:thanks|thank you|cheers|nice one|perfect|lovely|great)[,]?\s+"
                     r"(?P<name>[A-Z][a-z]+)\b")
_WHEN = re.compile(r"\b(?:when|how long|how soon|deadline|by)\b.*\?$", re.IGNORECASE)
_NEW_PERSON = re.compile(r"^(?:and|also|plus|oh,? and)\b[,]?\s+I\b", re.IGNORECASE)
_VOCATIVE = re.compile(r",\s*(?P<name>[A-Z][a-z]+)\s*(?:[,.!?]|$)")  # "Then chase them, Rafael, and"
_SUBJECT = re.compile(_OPEN + r"(?P<name>[A-Z][a-z]+)(?:'ll|'s going to|\s+(?:will|can|could|"
                      r"should|would|is going to|is gonna|has to|needs to|must)\b)")  # "Mick can"
_MINE = re.compile(r"\b(?:I|I'll|I'm|I've|I'd|[Mm]y team)\b|\b(?:[Ll]et|want|need|for)\s+me\b")
LOOK_BACK = 4  # sentences back to the one an instruction answers, or its addressee
_WHERE = r"(?:\s+(?:in|from|at|on)\s+(?:the\s+)?[A-Za-z]+)?"  # "Sandra in the office"
# "get Dev to check it", "get our ecologist, Maya, to do it", "get Sandra in the office to do
# the letters": the one got to do it does it
_GOT = re.compile(r"\b[Gg]et\s+(?:(?:our|my|the|their|your)\s+[a-z]+(?:\s+[a-z]+)?,\s*)?"
                  r"(?P<name>[A-Z][a-z]+),?" + _WHERE + r"\s+to\s+[a-z]")
# "I'll have Josh do it", "I'll have Sunil from motor ring you": the one had to do it does it
_HAD = re.compile(r"(?:^|(?:'ll|\bwill|\b[Ii]'m going to|\bcan)\s+)have\s+(?P<name>[A-Z][a-z]+)"
                  + _WHERE + r"\s+(?!(?:and|or|to|here|there|too|on|in|at|for|off|over|back)\b)"
                  r"[a-z]+")


def _never(j: int) -> bool:
    return False


def delegated(task: str) -> str | None:
    """Who a task is handed to by name ("I'll get Dev to check the foundation", "I'll have
    Dev check it": Dev), if anyone."""
    m = _GOT.search(task) or _HAD.search(task)
    return m["name"] if m and m["name"].lower() not in NOT_NAMES else None


def addressed(sentence: str, names: set[str]) -> str | None:
    """The name ``sentence`` addresses ("Nina, ...", "..., Tom?", "Hi Kevin"), if any; not
    one it names to say whom it meant ("Who's calling her? Sunita, I mean.")."""
    m = _ADDRESS.search(sentence)
    if not m:
        return None
    name = m.group("name") or m.group("last") or m.group("hi")
    return name if name in names else None


class Owners:
    """Owners of first-person sentences of one meeting."""

    def __init__(self, said: Sequence[Said], names: set[str],
                 speaker_names: Mapping[int, str]) -> None:
        self.said = said
        self.names = names
        self.speaker_names = speaker_names

    def _other(self, a: Said, b: Said) -> bool:
        """Whether two sentences may be by different people (always, without speakers)."""
        return a.speaker is None or b.speaker is None or a.speaker != b.speaker

    def spoken(self, i: int, *, stop: Callable[[int], bool] = _never) -> str | None:
        """A name the meeting says for the speaker of sentence ``i``: thanked or asked a
        short follow-up just after ("Thanks, Grace.", "Amir, by when?"), or addressed just
        before (no one else speaking between; a request only by its next two sentences).
        None for "And I'll ...", someone joining in after another."""
        said, me = self.said, self.said[i]
        for j in range(i + 1, min(len(said), i + 1 + THANKED_WITHIN)):
            if stop(j) or _NEW_PERSON.match(said[j].text):
                break
            m = _THANKS.search(said[j].text)
            name = m.group("name") if m else None
            if name is None and _WHEN.search(said[j].text) and len(said[j].text.split()) <= 6 \
                    and request(said[j].text, self.names) is None:
                name = addressed(said[j].text, self.names)  # "Amir, by when?"
            if name in self.names and self._other(me, said[j]):
                return name
        if _NEW_PERSON.match(me.text):
            return None
        for j in range(i - 1, max(-1, i - 1 - ADDRESSED_WITHIN), -1):
            name = addressed(said[j].text, self.names)
            if name:
                asked = request(said[j].text, self.names) is not None
                return name if self._other(me, said[j]) and (i - j <= 2 or not asked) else None
            if stop(j) or (said[j].speaker is not None and said[j].speaker != me.speaker):
                break
        return None

    def of(self, i: int, *, stop: Callable[[int], bool] = _never) -> str:
        """The owner of what sentence ``i`` takes on in the first person."""
        me = self.said[i]
        if me.speaker is not None and self.speaker_names.get(me.speaker):
            return self.speaker_names[me.speaker]
        return self.spoken(i, stop=stop) or (
            NOT_STATED if me.speaker is None else display_name(me.speaker, self.speaker_names))

    def of_task(self, i: int) -> str:
        """The owner of a task sentence ``i`` says, read by no rule (extract_action_spotted.py):
        the one it hands the task to (``delegated``), the name it addresses ("Des, give them
        a ring", "Then chase them, Rafael, and ...") or starts with ("Mick can get the
        engineer in"); the speaker's own ("I could do them a tasting", "Let me ..."); else,
        an instruction, the one it answers or was last addressed, or who answers it. Not
        stated where nothing says."""
        me = self.said[i]
        vocative, subject = _VOCATIVE.search(me.text), _SUBJECT.search(me.text)
        name = (delegated(me.text) or addressed(me.text, self.names)
                or (vocative["name"] if vocative and vocative["name"] in self.names else None)
                or (subject["name"] if subject and (subject["name"] in self.names or subject[
                    "name"].lower() not in NOT_NAMES) else None))
        if name is not None:
            return name
        if _MINE.search(me.text):
            return self.of(i)
        if me.speaker is None:
            return NOT_STATED
        for j in range(i - 1, max(-1, i - 1 - LOOK_BACK), -1):
            name = addressed(self.said[j].text, self.names)
            if name:
                return name
            if self.said[j].speaker not in (None, me.speaker):
                return self.of(j)
        after = self.said[i + 1] if i + 1 < len(self.said) else None
        return self.of(i + 1) if after and after.speaker not in (None, me.speaker) else NOT_STATED

    def nameless(self) -> set[str]:
        """Owners that name no one: not stated, and "Speaker N" of speakers without a name."""
        return {NOT_STATED} | {display_name(s.speaker, {}) for s in self.said
                               if s.speaker is not None and not self.speaker_names.get(s.speaker)}

    def unnamed(self, i: int) -> str | None:
        """"Speaker N" of sentence ``i`` when its speaker has no name; else None."""
        s = self.said[i].speaker
        return None if s is None or self.speaker_names.get(s) else display_name(s, {})

    def speaker_label(self, speaker: int) -> str:
        """A speaker's name, or "Speaker N"."""
        return display_name(speaker, self.speaker_names)
