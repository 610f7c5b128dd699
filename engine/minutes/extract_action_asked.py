"""Tasks asked of others: of someone by name ("Priya, could you write it down?"), of anyone
("Can someone draft it?", "Who's building it?") until someone takes it, handed on ("Get Dan
to do that"), told ("Everyone, send me your sections by the tenth"), said of someone in the
third person ("Tomasz will handle the references") and "let's ask IT". Read by
extract_actions.py, with the tasks the speaker takes on (extract_action_commitments.py).
"""

from __future__ import annotations

import re
from itertools import takewhile

from engine.minutes.extract_action_state import ANSWER_WITHIN, CALL_OPEN_FOR, ActionState
from engine.minutes.extract_action_tasks import Task
from engine.minutes.extract_asked import talk_before
from engine.minutes.extract_assignments import assignments
from engine.minutes.extract_cues import WORK_VERBS, points_back, task_of, weak
from engine.minutes.extract_due import due, without_due
from engine.minutes.extract_refs import base_verb, resolve
from engine.minutes.extract_reported import coming_to, introduced, pronoun, terse
from engine.minutes.extract_requests import (
    GROUP,
    asked_of_you,
    call,
    call_if,
    instruction,
    polite,
    request,
)
from engine.minutes.extract_talk import agrees, disagrees, opens_the_door
from engine.minutes.extract_types import NOT_STATED, Said

_ERRAND = re.compile(r"\blet['’]s\s+(?P<task>(?:ask|call|email|phone|ping|text|message|tell|check "
                     r"with|contact|invite|remind|write to|reach out to|get in touch with|find out|"
                     r"look into|follow up)\b[^.?!]*)", re.IGNORECASE)
_GROUP_PLAN = re.compile(r"\bwe\s+(?:aim|plan|intend|want|hope)\s+to\s+(?P<task>[^.?!]+)",
                         re.IGNORECASE)
_YOU_DO = re.compile(r"(?:^|[,;]\s*)(?:(?i:and|so|then|okay)[,]?\s+)?(?i:you)(?:['’]ll)?\s+"
                     r"(?P<task>(?i:handle|take|do|own|sort out|look after|deal with|cover|book|"
                     r"call|ring|send|check)\b[^.?!]+)")
# An instruction for now, in reply to someone: theirs ("Ring the engineer now.")
_NOW = re.compile(r"\b(?:now|straight\s+away|right\s+away|first\s+thing)\b", re.IGNORECASE)
# "Order it now.", "Ask them, please.": a verb of work and what was just talked about
_THIN_ORDER = re.compile(r"^(?:(?:then|so|okay|ok|right|just)[,]?\s+)*(?P<task>[a-z]+\s+(?:it|them)"
                         r"(?:,?\s+(?:now|today|tonight|straight\s+away|right\s+away))?)"
                         r"(?:,?\s+please)?[.!]?$", re.IGNORECASE)
# An answer that does it there and then: "Yeah, give me a sec.", "Bear with me."
_RIGHT_AWAY = re.compile(r"\b(?:give me a (?:sec|second|minute|moment)|one (?:sec|second|moment)|"
                         r"bear with me|pulling it up|looking (?:at it )?now)\b", re.IGNORECASE)


def _restates(task: str, earlier: str) -> bool:
    """"I'll find out." "Could you find out before Thursday?": the task just taken on, asked
    again with a date."""
    return without_due(task).lower() == without_due(earlier.split(" – ")[0]).lower()


class Asked(ActionState):
    """The kinds of sentence that ask others, mixed into extract_actions._Actions."""

    def _request(self, s: Said) -> bool:
        found = request(s.text, self.names) or self._said_yes_to(s)
        if not found:
            return False
        name, task = found
        last = next((t for t in reversed(self.tasks) if 0 < s.i - t.i <= ANSWER_WITHIN), None)
        again = last is not None and _restates(task, last.text)
        if last is not None and name in (None, last.owner) and (weak(task) or points_back(task) or again):
            # "Thanks, Lee. Can you get it out first thing Monday?": more of the same task
            last.due, last.i = due(s.text) or last.due, s.i
            if not weak(task) and not again:
                last.text = f"{last.text} – {task}"
            return True
        task = resolve(task, self.said, s.i)
        if any(_RIGHT_AWAY.search(x.text) for x in self.said[s.i + 1:s.i + 3]
               if x.speaker is None or x.speaker != s.speaker):
            return True  # "Can you look at the database?" "Yeah, give me a sec.": done now
        if name is None:  # "Can you send me the guide?": whoever answers
            owner = NOT_STATED
            if len(self.speakers) == 2 and s.speaker is not None:
                other = next(x for x in self.speakers if x != s.speaker)
                owner = self.owners.speaker_label(other)
            owner = self._yes_from(s) or owner
            self._add(Task(task, s.start, owner, due(task) or due(s.text), s.i, s.speaker, True,
                            False))
        else:
            self._add(Task(task, s.start, name, due(task) or due(s.text), s.i, s.speaker, False,
                            True))
        return True

    def _said_yes_to(self, s: Said) -> tuple[str, str] | None:
        """"Can you split it by app version?" "Sure. By Monday?": a task, whatever its verb,
        for the one who answers yes."""
        task = asked_of_you(s.text) if s.question else None
        owner = self._yes_from(s) if task else None
        return (owner, task) if owner else None

    def _yes_from(self, s: Said) -> str | None:
        """Who answers the request of sentence ``s`` with a yes ("Sure. By Monday?", "In a
        fortnight. Fine."): the next other speaker, when their turn agrees and nothing in it
        refuses."""
        nxt = next((x for x in self.said[s.i + 1:s.i + 3] if x.speaker != s.speaker), None)
        if nxt is None or nxt.speaker is None:
            return None
        turn = list(takewhile(lambda x: x.speaker == nxt.speaker, self.said[nxt.i:nxt.i + 3]))
        if any(agrees(x.text) for x in turn) and not any(disagrees(x.text) for x in turn):
            return self.owners.speaker_label(nxt.speaker)
        return None

    def _call(self, s: Said) -> bool:
        task = call(s.text, base_verb)
        if task is None:
            return False
        open_calls = [c for c in self.calls if s.i - c.i <= CALL_OPEN_FOR]
        if weak(task) and open_calls:  # "Somebody has to renew it." ... "Can someone take it?"
            open_calls[-1].i = s.i
            return True
        waiting = [t for t in self.tasks if t.waiting and 0 < s.i - t.i <= ANSWER_WITHIN]
        if weak(task) and waiting:
            waiting[-1].i = s.i
            return True
        task = resolve(task, self.said, s.i)
        self.calls.append(Task(task, s.start, NOT_STATED, due(task) or due(s.text), s.i, s.speaker, True,
                                False, at=s.i))
        return call_if(s.text) is None  # "I can read it, if someone writes it": the offer too

    def _second_person(self, s: Said) -> None:
        """"You handle the bank, I'll do the signs.": a task given to the one spoken to (in a
        meeting of two, the other one), which takes up a "let's ..." just said."""
        m = _YOU_DO.search(s.text)
        if not m or s.question or request(s.text, self.names):
            return  # "Ivan, you own the plan": a request by name
        owner = NOT_STATED
        if len(self.speakers) == 2 and s.speaker is not None:
            owner = self.owners.speaker_label(next(x for x in self.speakers if x != s.speaker))
        task = task_of(re.split(r",|;|\s+but\s+", m.group("task"))[0])
        if opens_the_door(task):
            return  # "and you ring me if you need more": help offered, no task
        waiting = [t for t in self.tasks if t.waiting and 0 <= s.i - t.i <= 1]
        if waiting:
            target = waiting[-1]
            target.text = f"{target.text} – {task}"
            target.owner, target.waiting, target.i = owner, False, s.i
            target.due = target.due or due(task)
        else:
            self._add(Task(task, s.start, owner, due(task), s.i, s.speaker, False,
                            owner != NOT_STATED))
        self.used.add(s.i)

    def _instruction(self, s: Said) -> bool:
        found = instruction(s.text, self.names) or self._thin_order(s)
        if not found:
            return False
        who, tasks = found
        if who not in (None, GROUP) and all(weak(t) for t in tasks) and (
                self._handed_on(s, who) or self._handed_talk(s, who, tasks)):
            return True  # "Get Dan to do that." after "Can someone ...?"
        if all(len(without_due(t).split()) <= 1 for t in tasks) and due(s.text):
            return self._due_only(s)  # "Draft by Thursday.": when the task just taken is due
        last = self.tasks[-1] if self.tasks else None
        if who is None and last is not None and last.i == s.i - 1 and not last.mine and \
                not last.told and last.asker == s.speaker and last.by is None:
            last.text = f"{last.text} – {' – '.join(tasks)}"  # "Can you chase them, Malika?
            last.due = last.due or due(s.text)  # Get them booked in the next two weeks?"
            last.i = s.i
            return True
        answer = self._answer_after(s)
        replied = self._replied_to(s)
        meant = who is not None or polite(s.text) or any(due(t) for t in tasks) or answer \
            or (replied is not None and bool(_NOW.search(s.text)))
        if not meant:
            return False
        owner, named, by = NOT_STATED, False, None
        if who not in (None, GROUP):
            owner, named = who, True
        elif who is None and answer is not None:
            owner, by = self._owner_for(answer), self.said[answer].speaker
        elif who is None and replied is not None:
            owner, by = self._owner_for(replied), self.said[replied].speaker
        elif who is None and len(self.speakers) == 2 and s.speaker is not None:
            owner = self.owners.speaker_label(next(x for x in self.speakers if x != s.speaker))
        for task in (resolve(t, self.said, s.i) for t in tasks):  # "Otto, price it up?"
            self._add(Task(task, s.start, owner, due(task) or due(s.text), s.i, s.speaker,
                            who is None and owner == NOT_STATED, named, by))
        return True

    def _thin_order(self, s: Said) -> tuple[None, list[str]] | None:
        """"Order it now." / "Ask them, please." in reply to someone's statement, with what
        "it" stands for in that statement ("The part's two days away if I order it." ->
        "order the part now"); None when the statement names nothing for it."""
        m = _THIN_ORDER.match(s.text.strip())
        if m is None or self._replied_to(s) is None or not (polite(s.text) or due(s.text)
                                                               or _NOW.search(s.text)):
            return None
        task = m.group("task").lower()
        if task.split()[0] not in WORK_VERBS:
            return None
        meant = resolve(task, self.said, s.i)
        return (None, [meant]) if meant != task else None

    def _replied_to(self, s: Said) -> int | None:
        """The sentence an instruction answers when it opens its speaker's turn right after
        someone else's statement ("Locker twelve, the key snapped in the lock yesterday."
        "Tape it shut for today."): who said it is told. None after a question ("Shall we
        ...?" "Send it short." chooses) and without speakers."""
        prev = self.said[s.i - 1] if s.i > 0 else None
        if prev is None or s.speaker is None or prev.speaker is None or prev.speaker == s.speaker \
                or prev.question:
            return None
        return prev.i

    def _handed_on(self, s: Said, who: str) -> bool:
        """"Can someone send the testers their vouchers?" "Get Dan to do that.": the task
        asked for just before, owned by the one named."""
        target = self._recent(s.i)
        if target is None or not (target.waiting or target in self.calls):
            return False
        self._take(target, s, who)
        target.owner, target.named = who, True
        return True

    def _handed_talk(self, s: Said, who: str, tasks: list[str]) -> bool:
        """"Then there's the Tuesday pickup. Nobody's done it since Sam left." "Get Noor to
        do it." (read by instruction() as "do it"): with nothing asked just before, the task
        is what was talked about, quoted."""
        before = talk_before(self.said, s.i, s.text) if tasks == ["do it"] else None
        if before:
            self._add(Task(f"do it ({before})", s.start, who, due(s.text), s.i, s.speaker, False,
                           True))
        return before is not None

    def _answer_after(self, s: Said) -> int | None:
        """The sentence, one of the next two, where someone else (anyone, without speakers)
        accepts with "I will", "Of course", "Sure", "Will do"; not a bare "Okay". Or the
        first one after its speaker's turn: "Get a quote for a new body. Today, if you can.
        The budget closes on the thirtieth." "Will do."."""
        others = 0
        for nxt in self.said[s.i + 1:s.i + 5]:
            if nxt.i > s.i + 2 and others:
                break
            if nxt.speaker is not None and nxt.speaker == s.speaker:
                continue
            others += 1
            if re.match(r"^(?:(?:um|uh|oh|yes|yeah|okay|ok)[,.]?\s+)?(?:I will|I can|I['’]ll|"
                        r"will do|of course|sure|no problem|absolutely|certainly|on it)\b",
                        nxt.text.strip(), re.IGNORECASE):
                return nxt.i
        return None

    def _errand(self, s: Said) -> bool:
        m = _ERRAND.search(s.text)
        if not m or s.question:
            return False
        self._add(Task(task_of(m.group("task")), s.start, NOT_STATED, due(s.text), s.i,
                        s.speaker, True, False))
        return True

    def _plan(self, s: Said) -> bool:
        m = _GROUP_PLAN.search(s.text)
        if not m or not due(s.text) or s.question:
            return False
        self._add(Task(task_of(m.group("task")), s.start, NOT_STATED, due(s.text), s.i, None,
                        False, False))
        return True

    def _assignments(self, s: Said) -> bool:
        found = assignments(introduced(s.text), self.names)
        reported = coming_to(s.text, self.names) or terse(self.said, s.i, self.names) or \
            pronoun(self.said, s.i, self.names)
        if not found and reported:
            found = [reported]
        for owner, task in found:
            group = owner == GROUP  # "So everyone sends their scores by Friday"
            self._add(Task(task, s.start, NOT_STATED if group else owner, due(task), s.i, s.speaker,
                            False, not group, told=not group))
        if found:
            self._plan(s)  # "Simon will review it, and we aim to sign by the end of the month"
        return bool(found)
