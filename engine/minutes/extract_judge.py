"""The language model as a judge where the extraction rules are unsure.

The model is asked one yes/no question about a few lines of the meeting ("Is this question
left open?", "Did the group decide this?", "Is this a promise to do a task after the
meeting?") under a grammar that allows only "yes" or "no"; the answer is not generated but
read from the next-token distribution, as the Token Lens shows it: P(yes) / (P(yes) + P(no)).
A backend that cannot give probabilities (a remote endpoint) gives no verdict, and the rules
decide alone.

Measured on bench/extraction/ (issue 16, 17 meetings, transcripts, speakers off): with the
embedded SmolLM2-135M as judge, actions fell from P 0.96 / R 0.95 to 0.95 / 0.64 (it said
"no promise" to 18 real ones), decisions and open questions did not change (47 questions
put to it, 20 minutes on 2 busy cores). So the writer passes no judge: ``judge_for`` gives
one only for a local model of at least ``MIN_JUDGE_BYTES`` on disk, for when a larger model
has been measured (none was on the machine this was written on); extract(judge=...) is
how it would be passed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from engine.cancel import CancelToken
from engine.errors import MinutiaError
from engine.minutes.extract_types import Said
from engine.minutes.lens import Sampling, TokenStep

if TYPE_CHECKING:  # engine.events imports the writer's modules: no cycle at run time
    from engine.minutes.base import ChatModel

YES_NO = 'root ::= "yes" | "no" | "Yes" | "No"\n'
MIN_JUDGE_BYTES = 1_000_000_000  # a model this large on disk is asked (see the module doc)
_GREEDY = Sampling(temperature=0.0, repeat_penalty=1.0)
_SYSTEM = ("You read an excerpt of a meeting transcript and answer the question about it with"
           " yes or no.")


@dataclass
class Judge:
    """Yes/no probabilities from ``model``; ``asked`` counts the questions put to it."""

    model: ChatModel
    asked: int = 0

    def probability(self, question: str, excerpt: str) -> float | None:
        """P(yes) for ``question`` about ``excerpt``; None when the model cannot say."""
        messages = [{"role": "system", "content": _SYSTEM},
                    {"role": "user", "content": f"{excerpt}\n\nQuestion: {question}"
                                                " Answer yes or no."}]
        self.asked += 1
        try:
            steps = self.model.stream_tokens(messages, max_tokens=1, sampling=_GREEDY, stop=[],
                                             cancel=CancelToken(), top=20, grammar=YES_NO)
            step = next(s for s in steps if isinstance(s, TokenStep))
        except (MinutiaError, StopIteration, NotImplementedError):
            return None
        yes = no = 0.0
        for alternative in step.top:
            word = alternative.token.strip().lower()
            if word and "yes".startswith(word):
                yes += math.exp(alternative.logprob)
            elif word and "no".startswith(word):
                no += math.exp(alternative.logprob)
        return yes / (yes + no) if yes + no > 0 else None


def excerpt(said: Sequence[Said], first: int, last: int) -> str:
    """Sentences ``first``..``last`` as transcript lines ("Speaker 2: ...")."""
    lines = []
    for s in said[max(0, first):last + 1]:
        who = f"Speaker {s.speaker + 1}: " if s.speaker is not None else ""
        lines.append(who + s.text)
    return "\n".join(lines)


def judge_for(model: ChatModel | None) -> Judge | None:
    """A judge for the minutes of ``model``: only a local model at least MIN_JUDGE_BYTES
    on disk (the embedded 135M model does not help; see the module doc)."""
    path = getattr(getattr(model, "model", None), "path", None)
    try:
        size = Path(path).stat().st_size if path else 0
    except OSError:
        size = 0
    return Judge(model) if model is not None and size >= MIN_JUDGE_BYTES else None
