"""What bench/summary.py reads in a Summary: its sentences (with the citations and ⚠ marks
the writer put after them), whether it ends cut off, and a proxy for what a human would
call unsupported.

The proxy is written apart from engine/minutes/grounding.py on purpose (its own word lists,
its own matching), so that it can disagree with the check: a sentence the check verified
and the proxy flags is one to read. A sentence is flagged when, against the moments it
cites (or that share the most words with it) and the lines right before and after them:

- ``detail``: a number, amount, time, weekday, month or relative date ("next month",
  "tomorrow") in it is not said there;
- ``name``: a capitalised word inside it (not the first) is not said there;
- ``elsewhere``: fewer than half of its content words are said there (its subject and its
  predicate come from different moments, or from nowhere).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.minutes.grounding import Evidence, parse_citations

CITES = r"\[\d{1,2}:\d{2}(?::\d{2})?(?:\s*[-–,]\s*\d{1,2}:\d{2}(?::\d{2})?)*\]"
MARK = re.compile(r"\s*⚠ unverified \((\d+)\)")
FOOTNOTE = re.compile(r"^- ⚠ \((\d+)\) (.*): “.*”$")
ENDS = ".!?"

_NUMBERS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen twenty".split())}
_NUMBERS.update({w: str(i) for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh"
    " twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
    " twentieth".split())})
_NUMBERS.update({"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "hundred": "100",
                 "thousand": "1000", "million": "1000000", "dozen": "12"})
_CALENDAR = set("""monday tuesday wednesday thursday friday saturday sunday january february
march april may june july august september october november december today tonight tomorrow
yesterday weekend noon midnight morning afternoon evening""".split()) - {"may"}
_RELATIVE = re.compile(r"\b(?:this|next|last|coming|following|end of the|end of)\s+"
                       r"(week|month|year|quarter|weekend|sprint|monday|tuesday|wednesday"
                       r"|thursday|friday|saturday|sunday|morning|afternoon|evening)\b")
_TIME = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?!\w)|\b\d{1,2}:\d{2}\b")
_STOP = set("""about above after again against also although always among and another any
anyone anything are around back because been before being below between both but came can
cannot could did does doing done down during each either else even ever every few first for
from further going gone good got great had has have having here how however into its itself
just keep kind know last least less like made make many meeting might more most much must
need needs next none not nothing now off once only onto other others our out over own per
quite rather really said same says see seems shall she should since some something still
such summary take team than that the their them then there these they thing things this
those though through thus too under until upon very want was way well were what when where
which while who whom whose why will with within without would yes yet you your also
discuss discussed discussing mentioned mention talked talk agreed agree agrees plan plans
planned planning meeting meetings participants everyone decisions tasks open question""".split())


@dataclass(frozen=True)
class Sentence:
    text: str  # the sentence as shown, with its citations (ours or the model's)
    marked: int  # its ⚠ footnote number, 0 when it passed the check

    @property
    def plain(self) -> str:
        return MARK.sub("", self.text).strip()


def split(section: str) -> list[Sentence]:
    """The sentences of a Summary as the document shows it: each with the citation and ⚠
    mark that follow it. Lines starting with "_" (the writer's notes) are not sentences."""
    out = []
    pattern = re.compile(rf"\S.*?(?:[{ENDS}][\"')*_]*(?:\s*{CITES})*(?:{MARK.pattern})?"
                         rf"(?=\s|$)|$)")
    for line in section.splitlines():
        if not line.strip() or line.lstrip().startswith("_"):
            continue
        for m in pattern.finditer(line):
            text = m.group(0).strip()
            if not text:
                continue
            # a citation or mark the writer put after a sentence that ran into the line end
            mark = MARK.search(text)
            out.append(Sentence(text, int(mark.group(1)) if mark else 0))
    return out


def footnotes(minutes: str) -> dict[int, str]:
    """The reasons of the document's ⚠ footnotes, by number."""
    return {int(m.group(1)): m.group(2) for line in minutes.splitlines()
            if (m := FOOTNOTE.match(line))}


def cut_off(text: str) -> bool:
    """Whether written text ends inside a sentence (no . ! ? before its last citations)."""
    text = MARK.sub("", text)
    text = re.sub(rf"(?:\s*{CITES})+\s*$", "", text.strip())
    text = text.rstrip("\"')*_ ")
    return bool(text) and text[-1] not in ENDS + ":"


def _stem(word: str) -> str:
    return word[:5]


def _content(text: str) -> set[str]:
    words = re.findall(r"[a-z][a-z]+", text.lower())
    return {_stem(w) for w in words if len(w) > 3 and w not in _STOP}


def details(text: str) -> set[str]:
    """Numbers (as digits), times, calendar words and relative dates in ``text``."""
    text = re.sub(rf"{CITES}|\bSpeaker \d+", " ", text).lower()
    found = {f"time {t.replace(' ', '').replace('.', '')}" for t in _TIME.findall(text)}
    text = _TIME.sub(" ", text)
    found |= {f"number {n.replace(',', '')}" for n in re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", text)}
    words = re.findall(r"[a-z]+", text)
    found |= {f"number {_NUMBERS[w]}" for w in words if w in _NUMBERS}
    found |= {f"date {w}" for w in words if w in _CALENDAR}
    found |= {f"date {m.group(0)}" for m in _RELATIVE.finditer(text)}
    return found


def _names(text: str) -> set[str]:
    out = set()
    for sentence in re.split(r"(?<=[.!?:])\s+", re.sub(CITES, " ", text)):
        words = re.findall(r"[A-Za-z][A-Za-z'’]*", sentence)
        out |= {w.split("'")[0].split("’")[0] for w in words[1:]
                if w[0].isupper() and w not in ("I", "I'll", "I'm", "I've")
                and w.lower() not in _CALENDAR | {"may"}}
    return out


def cited_segments(evidence: Evidence, sentence: str) -> tuple[int, ...]:
    """The segments a sentence cites, else the ones that share the most words with it."""
    times = parse_citations(sentence)
    if times:
        return tuple(sorted({i for t in times if (i := evidence.segment_at(t)) is not None}))
    return evidence.cite(sentence)


def unsupported(evidence: Evidence, sentence: str, speakers: set[str] = frozenset()
                ) -> list[str]:
    """Why a human would call the sentence unsupported by what it cites ([] when the proxy
    finds nothing)."""
    text = MARK.sub("", sentence)
    cited = cited_segments(evidence, text)
    if not cited:
        return ["nothing cited"]
    segments = evidence.segments
    near = " ".join(segments[j].text for i in cited
                    for j in range(max(0, i - 1), min(len(segments), i + 2)))
    reasons = [f"detail: {d}" for d in sorted(details(text) - details(near))]
    said = near.lower()
    for name in sorted(_names(text)):
        if name.lower() not in said and name.lower() not in speakers \
                and not re.fullmatch(r"Speaker|\d+", name):
            reasons.append(f"name: {name}")
    words = _content(text)
    if len(words) >= 3 and len(words & _content(near)) < 0.5 * len(words):
        reasons.append("elsewhere: " + " ".join(sorted(words - _content(near))))
    return reasons
