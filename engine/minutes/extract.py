"""Decisions, action items and open questions drawn from the transcript itself.

A small local model invents names, dates and decisions when asked to list them (measured
with SmolLM2-135M: made-up owners, dates and times). These rules only ever quote what was
said, and every item cites the segment it came from, so a list is incomplete at worst,
never invented. The work is split by job:

- extract_sentences.py: whole sentences across segment boundaries;
- extract_actions.py (with extract_cues.py, extract_refs.py, extract_owners.py): tasks
  asked, volunteered, taken on or given, their owners and due dates;
- extract_decisions.py: what the group settles now (not before, not later);
- extract_questions.py (with extract_talk.py): questions the meeting leaves open.

An owner is a name the meeting says (an addressee, a third person, someone thanked for
taking it) or the speaker of an "I will ...": the name the user gave them, else "Speaker
N"; without speakers and without a spoken name, "not stated".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from engine.cancel import CancelToken
from engine.minutes.extract_action_tasks import content, dedupe
from engine.minutes.extract_actions import actions as find_actions
from engine.minutes.extract_decisions import decisions as find_decisions
from engine.minutes.extract_due import without_due
from engine.minutes.extract_judge import Judge
from engine.minutes.extract_learned import Spotter
from engine.minutes.extract_questions import questions as find_questions
from engine.minutes.extract_reported import introduced
from engine.minutes.extract_sentences import assemble
from engine.minutes.extract_types import NOT_STATED, Extracted, Item, Said
from engine.minutes.words import NOT_NAMES
from engine.types import Segment

__all__ = ["NOT_STATED", "Extracted", "Item", "extract"]


def _sentences(segments: list[Segment]) -> list[tuple[str, float]]:
    """(sentence, the start of its segment) for every sentence said."""
    return [(s.text, s.start) for s in assemble(segments)]


_STATE_VERBS = frozenset("need needs be take cost require mean have".split())


def _names(sentences: list[Said]) -> set[str]:
    """Capitalised words used as names: not sentence-initial (Whisper capitalises those),
    or addressed at the start ("Carmen, ..."). Weekdays, months and the like excluded."""
    names = set()
    for said in sentences:
        words = re.findall(r"[A-Za-z][A-Za-z'’]*[,]?", said.text)
        for i, word in enumerate(words):
            bare = re.sub(r"['’]s$", "", word.rstrip(","))  # "Kerry's taking care of it"
            if not bare or not bare[0].isupper() or bare.lower() in NOT_NAMES or not bare[1:].islower():
                continue
            addressed = word.endswith(",") and len(words) > 1
            gerund = bare.endswith("ing") and len(words) > 2 and words[2].lower() in _STATE_VERBS
            announced = i == 0 and len(words) > 2 and not gerund and (  # not "Filming will need"
                words[1].lower() in ("will", "should", "from", "at") or (  # "Marta from accounts will"
                    words[1].lower() in ("in", "of")  # "Jo in payroll will"
                    and introduced(said.text) != said.text) or (
                    words[1].lower() == "is" and words[2].endswith("ing")) or (  # "Marta is going"
                    bare != word.rstrip(",") and words[1].endswith("ing")))  # "Kerry's taking ..."
            if i > 0 or addressed or announced:
                names.add(bare)
    return names


def extract(segments: list[Segment], speaker_names: Mapping[int, str] | None = None, *,
            judge: Judge | None = None, spotter: Spotter | None = None,
            cancel: CancelToken | None = None) -> Extracted:
    """Find decisions, action items and open questions, each with the time it was said.

    Args:
        segments: the transcript's segments (with speakers or without).
        speaker_names: the names the user gave speakers (``Transcript.speaker_names``), for
            the owners of first-person commitments when the segments have speakers.
        judge: a language model asked yes/no where the rules are unsure (extract_judge.py);
            None: the rules alone.
        spotter: classifiers of decisions, open questions and, with the language model's
            reading, action items (extract_learned.py) for those the rules miss; None: the
            rules alone.
        cancel: checked while the spotter's language model reads a long meeting.

    Returns:
        The items, each citing the start of the segment it was said in.
    """
    speaker_names = speaker_names or {}
    said = assemble(segments)
    names = _names(said) | {n for n in speaker_names.values() if n}
    reading = spotter.reading(said, speaker_names, cancel) if spotter is not None else None
    actions, used = find_actions(said, names, speaker_names, judge, reading)
    decisions, decided = find_decisions(said, used, judge, reading)
    questions = find_questions(said, used | decided, judge, reading)
    return Extracted(decisions, _about_questions(dedupe(actions), questions), questions)


_FINDS_OUT = re.compile(r"^(?:find out|check|ask|look into|confirm|clarify)\b")
_CONTEXT = re.compile(r"\s+\([^()]*\)$")  # "ask her (The health visitor would know.)"
FOLLOW_UP_S = 15.0  # an action this soon after an open question may be about finding its answer


def _about_questions(actions: list[Item], questions: list[Item]) -> list[Item]:
    """"I'll ask them." / "I'll check with Helen." right after an open question is about that
    question: it says so ("ask them – do we have to support the dark mode already?")."""
    out = []
    for a in actions:
        asked = [q for q in questions if q.start <= a.start <= q.start + FOLLOW_UP_S]
        task = _CONTEXT.sub("", a.text)  # the question says what it is about better
        verb = _FINDS_OUT.match(task)
        whom = content(without_due(task)[verb.end():]) if verb else set()  # not "ask" itself
        if asked and verb and not whom & content(asked[-1].text):
            q = asked[-1].text
            a = replace(a, text=f"{task} – {q[:1].lower()}{q[1:]}")
        out.append(a)
    return out
