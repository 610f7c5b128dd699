"""What the reader of action items knows as it reads a meeting: the tasks and calls for a
volunteer so far, the sentences already used, and the helpers every kind of sentence shares
(the task an answer is about, who owns it, taking it on). The kinds of sentence are read in
extract_action_commitments.py (the speaker's own) and extract_action_asked.py (asked of
others); extract_actions.py reads the meeting with both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from engine.minutes.extract_action_tasks import Task
from engine.minutes.extract_due import due, without_due
from engine.minutes.extract_judge import Judge
from engine.minutes.extract_owners import Owners
from engine.minutes.extract_talk import agrees, disagrees
from engine.minutes.extract_types import NOT_STATED, Said
from engine.minutes.words import closing

ANSWER_WITHIN = 3  # sentences after a request or call that may answer it
CALL_OPEN_FOR = 6  # sentences a call for a volunteer stays open
WHEN_ASKED = re.compile(r"\b(?:by when|when by|when can you|how soon|what date|which day|"
                         r"deadline)\b", re.IGNORECASE)
# "Is she in today?", "Are they around tomorrow?": asked of someone, no due date given
_ABOUT_SOMEONE = re.compile(r"^(?:(?:and|so|but)[,]?\s+)?(?:is|are|was|were)\s+(?:she|he|they)\b"
                            r"(?!\s+(?:done|ready|finished|sorted|due))[^?]*\?$", re.IGNORECASE)
_DEADLINE = re.compile(r"\bdeadline(?:['’]s|\s+is)\s+(?P<when>[^.?!,]+)", re.IGNORECASE)


class ActionState:
    """The tasks so far and what every kind of sentence needs to know about them."""

    def __init__(self, said: Sequence[Said], names: set[str], speaker_names: Mapping[int, str],
                 judge: Judge | None = None):
        self.said = said
        self.judge = judge
        self.names = names
        self.owners = Owners(said, names, speaker_names)
        self.tasks: list[Task] = []
        self.calls: list[Task] = []
        self.used: set[int] = set()
        self.commits: set[int] = set()
        self.speakers = {s.speaker for s in said if s.speaker is not None}

    def _add(self, task: Task) -> Task:
        self.tasks.append(task)
        return task

    def _recent(self, i: int, *, within: int = ANSWER_WITHIN) -> Task | None:
        """The item an answer in sentence ``i`` may be about: a waiting call first, else the
        last item asked of someone (not one taken on unasked) within ``within`` sentences."""
        calls = [c for c in self.calls if i - c.i <= CALL_OPEN_FOR]
        near = [t for t in self.tasks if 0 < i - t.i <= within and not t.mine
                and not any(x.question for x in self.said[t.i + 1:i])]  # a new question: new topic
        if calls and (not near or calls[-1].i >= near[-1].i):
            return calls[-1]
        return near[-1] if near else None

    def _answers(self, s: Said, target: Task) -> bool:
        """Whether ``s`` can be someone taking ``target`` on: not the asker talking on
        (unless with a yes: the diarizer may hear two people as one)."""
        if target.asker is None or s.speaker is None or s.speaker != target.asker:
            return True  # and "Someone should look at the trusts. I'll do it, actually."
        return agrees(s.text) or (target in self.calls and s.i == target.i + 1)

    def _owner_for(self, i: int) -> str:
        return self.owners.of(i, stop=lambda j: j != i and j in self.used and j not in self.commits)

    def _take(self, target: Task, s: Said, owner: str) -> None:
        """``s`` takes ``target`` on: it is a task now, owned by who answered unless a name
        was given to it."""
        if target in self.calls:
            self.calls.remove(target)
            self.tasks.append(target)
            self.used.add(target.at)
        if not target.named and owner != NOT_STATED and (target.by is None
                                                          or target.owner == NOT_STATED):
            target.owner = owner
        target.waiting = False
        target.i = s.i
        target.by = s.speaker
        when = due(s.text)
        if when:
            target.due = when

    def _reply(self, s: Said) -> Said | None:
        """The next of the two sentences after ``s`` said by someone else (None without
        speakers)."""
        nxt = next((x for x in self.said[s.i + 1:s.i + 3] if x.speaker != s.speaker), None)
        return nxt if nxt is not None and nxt.speaker is not None else None

    def _due_only(self, s: Said) -> bool:
        """"Sure, by Monday." / "A first draft by next Wednesday?": the due date of the item
        just discussed."""
        deadline = _DEADLINE.search(s.text)
        when = due(s.text) or (f"by {deadline.group('when').strip()}" if deadline else None)
        rest = s.text[:deadline.start()] if deadline else s.text  # "The deadline's the 3rd."
        if not when or closing(s.text) or len(re.findall(r"[\w'’]+", without_due(rest))) > 4 \
                or _ABOUT_SOMEONE.match(s.text.strip()):
            return False
        target = next((t for t in reversed(self.tasks) if 0 < s.i - t.i <= ANSWER_WITHIN), None)
        if target is None or (target.due and target.due != when and target.i != s.i - 1):
            return False
        asked = self.said[s.i - 1]
        if asked.question and asked.i not in self.used and not WHEN_ASKED.search(asked.text):
            return False  # "When do I hear something?" "First thing tomorrow. I'll send ...": the next
        if disagrees(s.text):
            return False
        target.due = target.due or when
        return True
