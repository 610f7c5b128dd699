"""Action items: tasks someone takes on, however the meeting hands them out.

- asked of someone by name ("Priya, could you write it down?", "Rosa, would you mind
  calling the council?", "Tomasz, you own the checklist"): owner the addressee;
- asked of anyone ("Can someone draft it?", "Who wants to present?", "Somebody has to renew
  it") and taken by a volunteer ("I can do it", "I'll take that"): the call's task, with "it"
  read as what it stands for, owner the volunteer;
- taken on in the first person ("I'll send the quote by Friday", "Let me check with
  sales", "I'm happy to do the flyers"; not "I will be honest", "I can imagine", nor a
  promise taken back at once: "I'll email her. Actually, no, I'll ring.");
- given to someone in the third person ("Tomasz will handle the references");
- instructions ("Everyone, send me your sections by the tenth, please", "And for testing,
  ask Maria." answered "I will."; "Ring the engineer now." in reply to someone's statement:
  theirs);
- "let's ask IT for a list" taken up by "I'll ask him today".

An answer right after an item belongs to it: "Yes, I'll do that" accepts it, "Sure, by
Monday." or "a first draft by next Wednesday?" gives its due date, "I'll call them
tomorrow" says how. Owners: extract_owners.py.

The speaker's own tasks are read in extract_action_commitments.py, those asked of others in
extract_action_asked.py, and what both need to know of the tasks so far is in
extract_action_state.py; this module reads each sentence with all of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from engine.minutes.extract_action_asked import Asked
from engine.minutes.extract_action_commitments import Commitments
from engine.minutes.extract_action_spotted import added, unlikely
from engine.minutes.extract_action_state import CALL_OPEN_FOR, WHEN_ASKED
from engine.minutes.extract_action_tasks import Task, content, merge_recaps
from engine.minutes.extract_asked import talk_before
from engine.minutes.extract_clauses import clauses
from engine.minutes.extract_due import without_due
from engine.minutes.extract_judge import Judge
from engine.minutes.extract_learned import Reading
from engine.minutes.extract_owners import delegated
from engine.minutes.extract_person_refs import person_meant
from engine.minutes.extract_talk import agrees
from engine.minutes.extract_types import NOT_STATED, Item, Said
from engine.minutes.words import content_words

_TAKEN_BACK = re.compile(r"^(?:(?:(?:actually|wait|hang\s+on|sorry)[,.!]?\s+)+no|no[,.]?\s+actually|"
                         r"scratch\s+that)\b[,.!]?\s*(?:$|I(?:['’]ll|\s+will|\s+can)\b)", re.IGNORECASE)
_POINTS_BACK = re.compile(r"\b(?:it|them|one|those|these|(?:that|this)(?!\s+(?:morning|afternoon|"
                          r"evening|week|weekend|month|term|year|time)\b))\b", re.IGNORECASE)


class _Actions(Commitments, Asked):
    """Each sentence read by every kind in turn, then the tasks found, as items."""

    def run(self, dropped: Callable[[Task], bool] | None = None) -> list[Item]:
        """The items; ``dropped``: a task it says is none is left out."""
        for s in self.said:
            if self._call(s):
                continue  # not "used" until someone takes it: else it may be an open question
            self._second_person(s)
            steps = (self._offer, self._request, self._commit, self._assignments, self._errand,
                     self._plan, self._instruction)
            took = [any(step(part) for step in steps) for part in clauses(s, self.names)]
            if any(took):
                self.used.add(s.i)
            else:
                if self._due_only(s):
                    self.used.add(s.i)
                elif WHEN_ASKED.search(s.text) and s.question:
                    self._asked_when(s)
                else:
                    self._accept(s)
        for t in self.tasks:
            if self._taken_back(t):  # "text the suppliers – email them": what is said instead
                t.text = t.text.split(" – ", 1)[1] if " – " in t.text else ""
        tasks = merge_recaps([t for t in self.tasks if content(without_due(t.text))
                              and not (dropped and dropped(t))],
                              self.owners.nameless())
        return [Item(self._in_context(t), t.start, delegated(t.text) or t.owner, t.due or NOT_STATED)
                for t in tasks]

    def _taken_back(self, t: Task) -> bool:
        """"I'll email her. Actually, no, I'll ring.": a promise its speaker takes back at
        once (what they say instead is its own item; "Actually, no, Tuesday." only moves
        the day)."""
        said = self._said_in(t) if t.mine else None
        nxt = self.said[said.i + 1] if said is not None and said.i + 1 < len(self.said) else None
        return nxt is not None and nxt.speaker == said.speaker \
            and bool(_TAKEN_BACK.match(nxt.text.strip()))

    def _in_context(self, t: Task) -> str:
        """A task that names one thing at most ("book them in", "ask her", "do the poster")
        with the two sentences of the talk before it that say most, in the order said: "set
        them up (The new handheld scanners came on Monday. Nobody's unboxed them.)"."""
        named = len(content_words(without_due(t.text)))
        if named > 2 or (named == 2 and not _POINTS_BACK.search(t.text)):
            return t.text  # "print them tomorrow" names no more than "do the poster"
        said = self._said_in(t)
        if said is None:
            return t.text
        text = person_meant(t.text, self.said, said.i)  # "ring her" -> "ring Mrs Lowe"
        before = talk_before(self.said, said.i, t.text)
        return f"{text} ({before})" if before else text

    def _said_in(self, t: Task) -> Said | None:
        """The sentence ``t`` was said in: of those starting when it did (a segment's sentences
        share its start), the one with its verb in any form ("write it" in "Lukas, you're
        writing it."), else the last one up to the task's."""
        at = [x for x in self.said if x.start == t.start and x.i <= t.i]
        verb = t.text.split(" ", 1)[0].lower()
        stem = verb[:-1] if len(verb) > 3 and verb.endswith("e") else verb
        return next((x for x in at if stem in x.text.lower()), at[-1] if at else None)

    def _asked_when(self, s: Said) -> None:
        """"Amir, by when?": the item just taken is still being talked about."""
        last = next((t for t in reversed(self.tasks) if 0 < s.i - t.i <= CALL_OPEN_FOR), None)
        if last is not None and not last.due:
            last.i = s.i
            self.used.add(s.i)

    def _accept(self, s: Said) -> None:
        """A plain yes ("Of course.", "Will do.", "Yes, sure.") to a waiting request: who
        said it owns it."""
        waiting = [t for t in self.tasks if t.waiting and s.i - t.i == 1]
        if waiting and agrees(s.text) and self._answers(s, waiting[-1]):
            self._take(waiting[-1], s, self._owner_for(s.i))
            self.used.add(s.i)


def actions(said: Sequence[Said], names: set[str], speaker_names: Mapping[int, str],
            judge: Judge | None = None,
            reading: Reading | None = None) -> tuple[list[Item], set[int]]:
    """The action items of the meeting, and the sentences they came from (which are
    therefore not open questions). ``judge``: asked whether a first-person sentence nobody
    asked for promises a task; ``reading``: the language model's, which adds the tasks the
    rules miss and drops what is none (extract_action_spotted.py)."""
    finder = _Actions(said, names, speaker_names, judge)
    if reading is None:
        return finder.run(), finder.used
    items = finder.run(lambda t: unlikely(said, t, finder.used, reading))
    return added(said, items, finder.used, reading, names, speaker_names)
