"""Tasks the speaker takes on themself: "I'll send the quote by Friday", "Let me check with
sales", "I can do it" after a call for a volunteer, "Shall I move the table now?" said yes
to. Not "I will be honest", "I can imagine", nor an offer turned down. Read by
extract_actions.py, with the tasks asked of others (extract_action_asked.py).
"""

from __future__ import annotations

import re

from engine.minutes.extract_action_state import ActionState
from engine.minutes.extract_action_tasks import Task, bare, content, refers_to, verb_only
from engine.minutes.extract_cues import commitment, points_back, strip_filler, task_of, weak
from engine.minutes.extract_due import due, without_due
from engine.minutes.extract_judge import excerpt
from engine.minutes.extract_refs import resolve
from engine.minutes.extract_requests import offered, request
from engine.minutes.extract_talk import agrees, declines, disagrees, follows_up, offers, uncertain
from engine.minutes.extract_types import NOT_STATED, Said
from engine.minutes.words import NOT_TASK_VERBS

JUDGE_TASK = 0.5  # P(yes) under which the judge's "no promise" drops a commitment
# "Officers will need to amend the order." "I'll take care of that.": a need someone takes.
_NEED = re.compile(r"\b(?!I\b|we\b)\w+\s+(?:will\s+|would\s+|['’]ll\s+)?(?:need|needs|has|have)\s+to\s+"
                   r"(?P<task>(?P<verb>[a-z]+)\b[^.?!]*)", re.IGNORECASE)
# "And I'll ...", "I'll ... as well": one more task, not an answer to the one just asked for
_ONE_MORE = re.compile(r"\b(?:as well|too|also)\b|^(?:and|plus)\b", re.IGNORECASE)


class Commitments(ActionState):
    """The first-person kinds of sentence, mixed into extract_actions._Actions."""

    def _offer(self, s: Said) -> bool:
        """"Shall I move the table now?" "Yes please.": the asker's task, when the next
        speaker says yes to it."""
        task = offered(s.text) if s.question and s.speaker is not None else None
        reply = self._reply(s) if task is not None else None
        if reply is None or not agrees(reply.text) or disagrees(reply.text):
            return False
        task = resolve(task, self.said, s.i)
        self._add(Task(task, s.start, self._owner_for(s.i), due(task) or due(reply.text), s.i, None,
                       False, False, s.speaker, mine=True))
        return True

    def _commit(self, s: Said) -> bool:
        task = commitment(s.text)
        if task is None:
            return False
        self.commits.add(s.i)
        owner = self._owner_for(s.i)
        target = self._recent(s.i)
        if target is not None and not self._answers(s, target):
            target = None
        if target in self.calls and (follows_up(s.text) or any(
                uncertain(x.text) for x in self.said[target.i + 1:s.i + 1])):
            target = None  # "Who's paying for it?" "Not sure. I'll find out.": a question
        last = self.tasks[-1] if self.tasks else None
        # "I can take it. I'll have it done by Thursday.": one person's one task
        continues = (last is not None and last.i == s.i - 1 and last.i in self.commits
                     and (s.speaker == last.by if s.speaker is not None and last.by is not None
                          else re.match(r"^I\b", s.text.strip()) is not None)
                     and (weak(task) or verb_only(task) or refers_to(task, last.text)))
        if continues:
            target = last
        if target is None:
            self._unasked(s, task, owner)
            return True
        if weak(task):
            self._take(target, s, owner)
            return True
        if not continues and self._another(s, task, target):
            self._unasked(s, task, owner)
            return True
        mine, theirs = content(without_due(task)), content(target.text)
        if continues or points_back(task) or target.waiting:
            if mine and theirs and len(mine & theirs) >= max(1, len(theirs) // 2) and \
                    not points_back(task):
                target.text, target.start = task, s.start  # the answer says it again, in full
            elif task.split(" ", 1)[0] != target.text.split(" ", 1)[0] or continues:
                target.text = f"{target.text} – {task}"
            self._take(target, s, owner)
            return True
        if len(mine & theirs) >= 2 or (theirs and len(mine & theirs) >= len(theirs) * 0.5
                                       and len(mine & theirs) >= 1):
            if len(mine) >= len(theirs):
                # "Yes, I will test the contact form and fix ... before Friday": quoted from there
                target.text, target.start = task, s.start
            self._take(target, s, owner)  # "Yes, I'll have a draft by Monday": its date
            return True
        yes = agrees(s.text) or (s.i - 1 > target.i and agrees(self.said[s.i - 1].text))
        if target.named and s.i - target.i <= 2 and yes and \
                owner in (target.owner, NOT_STATED, self.owners.unnamed(s.i)):
            self._take(target, s, owner)  # "Yes, I'll have an estimate by Monday."
            return True
        self._add(Task(task, s.start, owner, due(task) or due(s.text), s.i, None, False,
                        False, s.speaker, mine=True))
        return True

    def _another(self, s: Said, task: str, target: Task) -> bool:
        """Whether ``s``, taking on ``task`` (a task of its own, sharing no word with
        ``target``), is not an answer to ``target`` but one more task: said as one more
        ("Will do. I'll phone her this week as well.", "And I'll send the numbers round."),
        or by the one who asked for ``target`` ("Can one of you send me a map? I'll brief
        the banksman on it.")."""
        if content(without_due(task)) & content(target.text):
            return False
        if _ONE_MORE.search(s.text):
            return True
        return s.speaker is not None and s.speaker == target.asker and not points_back(task)

    def _unasked(self, s: Said, task: str, owner: str) -> None:
        """A task taken on in the first person with nothing asked before it."""
        if due(s.text) and weak(task):  # "I can have it done by next Friday": the thing
            task = resolve(task, self.said, s.i, back=3)  # talked about just before
        if weak(task) and (self._need_before(s, owner) or self._said_next(s, owner)):
            return
        if points_back(task) and not content(without_due(task)):
            task = resolve(task, self.said, s.i)  # "I'll get that to you by Friday"
        if bare(task) and not due(s.text):
            task = resolve(task, self.said, s.i)  # "The boiler's broken." "I'll chase it."
        if (bare(task) and not due(s.text)) or weak(task) or not content(without_due(task)):
            return  # "I'll move it.", "I'll do it" with nothing said before to do
        if self._declined(s):
            return  # "I can lend you my level." "Cheers, I've got one."
        if self.judge is not None:
            p = self.judge.probability(
                f'Does the speaker promise to do a task after the meeting in "{s.text}"?',
                excerpt(self.said, s.i - 1, s.i + 1))
            if p is not None and p < JUDGE_TASK:
                return
        self._add(Task(task, s.start, owner, due(task) or due(s.text) or self._due_before(s), s.i,
                        None, False, False, s.speaker, mine=True))

    def _declined(self, s: Said) -> bool:
        """An offer ("I can bring my lights too, if you want?") the next speaker turns down
        ("Nah, the pub's small.", "Thanks, but no.", "Cheers, I've got one.")."""
        if not offers(s.text):
            return False
        nxt = self._reply(s)
        return nxt is not None and (disagrees(nxt.text) or declines(nxt.text))

    def _due_before(self, s: Said) -> str | None:
        """"First thing tomorrow. I'll send you an update.": the date its speaker said just
        before, on its own."""
        prev = self.said[s.i - 1] if s.i > 0 else None
        if prev is None or prev.question or prev.i in self.used or (
                s.speaker is not None and prev.speaker != s.speaker):
            return None
        when = due(prev.text)
        return when if when and len(without_due(prev.text).split()) <= 2 else None

    def _need_before(self, s: Said, owner: str) -> bool:
        """"Officers will need to amend the order." "I'll take care of that.": a need said
        just before (not by "I" or "we") is what "that" takes on."""
        for prev in self.said[max(0, s.i - 2):s.i][::-1]:
            m = _NEED.search(prev.text)
            if prev.question or prev.i in self.used:
                return False
            if m and m.group("verb").lower() not in NOT_TASK_VERBS | {"do", "have", "get", "make"}:
                task = task_of(re.split(r",|;|\s+but\s+", m.group("task"))[0])
                self._add(Task(task, s.start, owner, due(task) or due(s.text), s.i, None, False,
                                False, s.speaker, mine=True))
                self.used.add(prev.i)
                return True
        return False

    def _said_next(self, s: Said, owner: str) -> bool:
        """"I'm on it." "The fix goes out with Monday's release.": a yes to nothing said
        before, then what and when, by the same person: that is the task."""
        if s.i + 1 >= len(self.said):
            return False
        nxt = self.said[s.i + 1]
        if nxt.question or not due(nxt.text) or (nxt.speaker is not None and nxt.speaker != s.speaker) \
                or commitment(nxt.text) is not None or request(nxt.text, self.names):
            return False
        self._add(Task(task_of(strip_filler(nxt.text)), s.start, owner, due(nxt.text), nxt.i,
                        None, False, False, s.speaker, mine=True))
        self.used.add(nxt.i)
        self.commits.add(nxt.i)
        return True
