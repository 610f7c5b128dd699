"""Action items the rules miss, and the rules' items nobody would take for one, by the
embedded language model's reading of the meeting (extract_learned.py's Reading, kind
"action"; extract_lm_reading.py).

A sentence the reading finds likely to hand out or take on a task ("Then tell them now, and
put it in writing by Tuesday.", "Sam can write a reply template.") that no rule took, and no
nearer than ``GAP_S`` to an action item, is one: the sentence as said, its owner by
extract_owners.Owners.of_task, its due date as it says. A task a rule read as taken on in
the first person, unasked, whose sentences the reading finds all but impossible ("put it
bluntly, the fire alarm wasn't set") is dropped; tasks asked of someone stand whatever it
reads ("Cleo, first thing Monday, the stock count." reads 0.02). Thresholds: chosen on
fresh34-41 (docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from engine.minutes.extract_action_tasks import Task
from engine.minutes.extract_cues import commitment, promises_no_work
from engine.minutes.extract_due import due
from engine.minutes.extract_learned import Reading
from engine.minutes.extract_owners import Owners
from engine.minutes.extract_talk import leaves_no_task
from engine.minutes.extract_types import NOT_STATED, Item, Said

GAP_S = 3.0  # seconds: no sentence this near an action item is added as another


def unlikely(said: Sequence[Said], t: Task, used: set[int], reading: Reading) -> bool:
    """Whether ``t``, a task a rule read as taken on in the first person and unasked, is
    none by the reading: each sentence it was said in all but impossible as one."""
    return t.mine and not _vouched(said, t) and reading.unlikely(
        "action", [s.i for s in said if s.i == t.i or (s.i in used and s.start == t.start)])


def _vouched(said: Sequence[Said], t: Task) -> bool:
    """"I'm on it." "The new sign goes up with Tuesday's delivery.": the task said right after
    its speaker's bare yes ("I'm on it", "leave it with me", "will do") stands whatever the
    reading reads."""
    return t.i > 0 and said[t.i - 1].speaker == said[t.i].speaker \
        and commitment(said[t.i - 1].text) == ""


def added(said: Sequence[Said], items: list[Item], used: set[int], reading: Reading,
          names: set[str], speaker_names: Mapping[int, str]) -> tuple[list[Item], set[int]]:
    """The rules' action ``items`` (from the ``used`` sentences) and those the reading finds
    likely that no rule took, in the order said; and the sentences they came from."""
    owners, new, taken = Owners(said, names, speaker_names), [], set(used)
    for i in sorted(reading.likely("action", used) - used):
        s = said[i]
        if any(abs(it.start - s.start) < GAP_S for it in items + new) or leaves_no_task(s.text) \
                or promises_no_work(s.text):
            continue  # near another; "Ask me next week, love.", "I'll need the list.": no task
        new.append(Item(s.text.strip(), s.start, owners.of_task(i), due(s.text) or NOT_STATED))
        taken.add(i)
    return sorted(items + new, key=lambda it: it.start), taken
