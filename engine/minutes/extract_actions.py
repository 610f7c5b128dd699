"""Action items: tasks someone takes on, however the meeting hands them out.

- asked of someone by name ("Priya, could you write it down?", "Rosa, would you mind
  calling the council?", "Tomasz, you own the checklist"): owner the addressee;
- asked of anyone ("Can someone draft it?", "Who wants to present?", "Somebody has to renew
  it") and taken by a volunteer ("I can do it", "I'll take that"): the call's task, with "it"
  read as what it stands for, owner the volunteer;
- taken on in the first person ("I'll send the quote by Friday", "Let me check with
  sales", "I'm happy to do the flyers"; not "I will be honest", "I can imagine");
- given to someone in the third person ("Tomasz will handle the references");
- instructions ("Everyone, send me your sections by the tenth, please", "And for testing,
  ask Maria." answered "I will.");
- "let's ask IT for a list" taken up by "I'll ask him today".

An answer right after an item belongs to it: "Yes, I'll do that" accepts it, "Sure, by
Monday." or "a first draft by next Wednesday?" gives its due date, "I'll call them
tomorrow" says how. Owners: extract_owners.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from engine.minutes.extract_action_tasks import (
    Task,
    bare,
    content,
    merge_recaps,
    refers_to,
    verb_only,
)
from engine.minutes.extract_asked import talk_before
from engine.minutes.extract_clauses import clauses
from engine.minutes.extract_cues import commitment, points_back, strip_filler, task_of, weak
from engine.minutes.extract_due import due, without_due
from engine.minutes.extract_judge import Judge, excerpt
from engine.minutes.extract_owners import Owners
from engine.minutes.extract_refs import base_verb, resolve
from engine.minutes.extract_reported import coming_to, introduced, pronoun, terse
from engine.minutes.extract_requests import (
    GROUP,
    assignments,
    call,
    call_if,
    instruction,
    offered,
    polite,
    request,
)
from engine.minutes.extract_talk import agrees, declines, disagrees, follows_up, offers, uncertain
from engine.minutes.extract_types import NOT_STATED, Item, Said
from engine.minutes.words import NOT_TASK_VERBS, content_words

_POINTS_BACK = re.compile(r"\b(?:it|them|one|those|these|(?:that|this)(?!\s+(?:morning|afternoon|"
                          r"evening|week|weekend|month|term|year|time)\b))\b", re.IGNORECASE)
JUDGE_TASK = 0.5  # P(yes) under which the judge's "no promise" drops a commitment
ANSWER_WITHIN = 3  # sentences after a request or call that may answer it
CALL_OPEN_FOR = 6  # sentences a call for a volunteer stays open
_ERRAND = re.compile(r"\blet['’]s\s+(?P<task>(?:ask|call|email|phone|ping|text|message|tell|check "
                     r"with|contact|invite|remind|write to|reach out to|get in touch with|find out|"
                     r"look into|follow up)\b[^.?!]*)", re.IGNORECASE)
_GROUP_PLAN = re.compile(r"\bwe\s+(?:aim|plan|intend|want|hope)\s+to\s+(?P<task>[^.?!]+)",
                         re.IGNORECASE)
_YOU_DO = re.compile(r"(?:^|[,;]\s*)(?:(?i:and|so|then|okay)[,]?\s+)?(?i:you)(?:['’]ll)?\s+"
                     r"(?P<task>(?i:handle|take|do|own|sort out|look after|deal with|cover|book|"
                     r"call|ring|send|check)\b[^.?!]+)")
_WHEN_ASKED = re.compile(r"\b(?:by when|when by|when can you|how soon|what date|which day|"
                         r"deadline)\b", re.IGNORECASE)
_CLOSING = re.compile(r"\b(?:see you|talk soon|speak soon|bye|thanks|thank you|good night)\b",
                      re.IGNORECASE)
# "Officers will need to amend the order." "I'll take care of that.": a need someone takes.
_NEED = re.compile(r"\b(?!I\b|we\b)\w+\s+(?:will\s+|would\s+|['’]ll\s+)?(?:need|needs|has|have)\s+to\s+"
                   r"(?P<task>(?P<verb>[a-z]+)\b[^.?!]*)", re.IGNORECASE)
# An answer that does it there and then: "Yeah, give me a sec.", "Bear with me."
_RIGHT_AWAY = re.compile(r"\b(?:give me a (?:sec|second|minute|moment)|one (?:sec|second|moment)|"
                         r"bear with me|pulling it up|looking (?:at it )?now)\b", re.IGNORECASE)
# "Is she in today?", "Are they around tomorrow?": asked of someone, no due date given
_ABOUT_SOMEONE = re.compile(r"^(?:(?:and|so|but)[,]?\s+)?(?:is|are|was|were)\s+(?:she|he|they)\b"
                            r"(?!\s+(?:done|ready|finished|sorted|due))[^?]*\?$", re.IGNORECASE)
_DEADLINE = re.compile(r"\bdeadline(?:['’]s|\s+is)\s+(?P<when>[^.?!,]+)", re.IGNORECASE)
# "And I'll ...", "I'll ... as well": one more task, not an answer to the one just asked for
_ONE_MORE = re.compile(r"\b(?:as well|too|also)\b|^(?:and|plus)\b", re.IGNORECASE)
# "Get Noor to do it", "Get Jordan on it": the task talked about, handed to someone by name
_GET = re.compile(r"^get\b", re.IGNORECASE)


class _Actions:
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

    # ---- helpers ------------------------------------------------------------------------

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

    # ---- the kinds of sentence ----------------------------------------------------------

    def _request(self, s: Said) -> bool:
        found = request(s.text, self.names)
        if not found:
            return False
        name, task = found
        last = next((t for t in reversed(self.tasks) if 0 < s.i - t.i <= ANSWER_WITHIN), None)
        if last is not None and name in (None, last.owner) and (weak(task) or points_back(task)):
            # "Thanks, Lee. Can you get it out first thing Monday?": more of the same task
            last.due, last.i = due(s.text) or last.due, s.i
            if not weak(task):
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
            self._add(Task(task, s.start, owner, due(task) or due(s.text), s.i, s.speaker, True,
                            False))
        else:
            self._add(Task(task, s.start, name, due(task) or due(s.text), s.i, s.speaker, False,
                            True))
        return True

    def _reply(self, s: Said) -> Said | None:
        """The next of the two sentences after ``s`` said by someone else (None without
        speakers)."""
        nxt = next((x for x in self.said[s.i + 1:s.i + 3] if x.speaker != s.speaker), None)
        return nxt if nxt is not None and nxt.speaker is not None else None

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
        found = instruction(s.text, self.names)
        if not found:
            return False
        who, tasks = found
        if who not in (None, GROUP) and all(weak(t) for t in tasks) and (
                self._handed_on(s, who) or self._handed_talk(s, who)):
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
        meant = who is not None or polite(s.text) or any(due(t) for t in tasks) or answer
        if not meant:
            return False
        owner, named, by = NOT_STATED, False, None
        if who not in (None, GROUP):
            owner, named = who, True
        elif who is None and answer is not None:
            owner, by = self._owner_for(answer), self.said[answer].speaker
        elif who is None and len(self.speakers) == 2 and s.speaker is not None:
            owner = self.owners.speaker_label(next(x for x in self.speakers if x != s.speaker))
        for task in (resolve(t, self.said, s.i) for t in tasks):  # "Otto, price it up?"
            self._add(Task(task, s.start, owner, due(task) or due(s.text), s.i, s.speaker,
                            who is None and owner == NOT_STATED, named, by))
        return True

    def _handed_on(self, s: Said, who: str) -> bool:
        """"Can someone send the testers their vouchers?" "Get Dan to do that.": the task
        asked for just before, owned by the one named."""
        target = self._recent(s.i)
        if target is None or not (target.waiting or target in self.calls):
            return False
        self._take(target, s, who)
        target.owner, target.named = who, True
        return True

    def _handed_talk(self, s: Said, who: str) -> bool:
        """"Then there's the Tuesday pickup. Nobody's done it since Sam left." "Get Noor to
        do it.": with nothing asked just before, the task is what was talked about, quoted."""
        before = talk_before(self.said, s.i, s.text) if _GET.match(strip_filler(s.text)) else None
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

    def _due_only(self, s: Said) -> bool:
        """"Sure, by Monday." / "A first draft by next Wednesday?": the due date of the item
        just discussed."""
        deadline = _DEADLINE.search(s.text)
        when = due(s.text) or (f"by {deadline.group('when').strip()}" if deadline else None)
        rest = s.text[:deadline.start()] if deadline else s.text  # "The deadline's the 3rd."
        if not when or _CLOSING.search(s.text) or len(re.findall(r"[\w'’]+", without_due(rest))) > 4 \
                or _ABOUT_SOMEONE.match(s.text.strip()):
            return False
        target = next((t for t in reversed(self.tasks) if 0 < s.i - t.i <= ANSWER_WITHIN), None)
        if target is None or (target.due and target.due != when and target.i != s.i - 1):
            return False
        asked = self.said[s.i - 1]
        if asked.question and asked.i not in self.used and not _WHEN_ASKED.search(asked.text):
            return False  # "When do I hear something?" "First thing tomorrow. I'll send ...": the next
        if disagrees(s.text):
            return False
        target.due = target.due or when
        if target.due != when and not target.due:
            target.due = when
        return True

    def run(self) -> list[Item]:
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
                elif _WHEN_ASKED.search(s.text) and s.question:
                    self._asked_when(s)
                else:
                    self._accept(s)
        tasks = merge_recaps([t for t in self.tasks if content(without_due(t.text))],
                              self.owners.nameless())
        return [Item(self._in_context(t), t.start, t.owner, t.due or NOT_STATED) for t in tasks]

    def _in_context(self, t: Task) -> str:
        """A task that names one thing at most ("book them in", "ask her", "do the poster")
        with the two sentences of the talk before it that say most, in the order said: "set
        them up (The new handheld scanners came on Monday. Nobody's unboxed them.)"."""
        named = len(content_words(without_due(t.text)))
        if named > 2 or (named == 2 and not _POINTS_BACK.search(t.text)):
            return t.text  # "print them tomorrow" names no more than "do the poster"
        verb = t.text.split(" ", 1)[0].lower()
        said = next((x for x in self.said if x.start == t.start and verb in x.text.lower()), None)
        if said is None:
            return t.text
        before = talk_before(self.said, said.i, t.text)
        return f"{t.text} ({before})" if before else t.text

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
            judge: Judge | None = None) -> tuple[list[Item], set[int]]:
    """The action items of the meeting, and the sentences they came from (which are
    therefore not open questions). ``judge``: asked whether a first-person sentence nobody
    asked for promises a task."""
    finder = _Actions(said, names, speaker_names, judge)
    items = finder.run()
    return items, finder.used
