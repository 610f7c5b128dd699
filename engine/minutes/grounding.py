"""Evidence for every item of the minutes: the transcript moments that support it, and a
check that what the item says was said there.

An item (a sentence the model wrote, or an item quoted from the transcript) is *verified*
when
- the moments it cites exist (a ``[mm:ss]`` the model wrote must fall in a segment; an item
  without one gets the segments that share the most words with it),
- its content words overlap the cited segments,
- every name in it was said in the cited segments or right next to them (or is the name
  of who said them: "Priya" or "Speaker 2" owning what Priya said),
- every number, amount, time ("7:00 AM"), weekday, month and relative date ("next month",
  "tomorrow", "end of the week") was said there too, not merely somewhere in the meeting,
  and
- each of its clauses (the parts between commas, colons and semicolons) is said at one
  moment: a clause whose subject was said at one moment and its predicate at another ("The
  plan is to launch the site on March 3rd [00:49]", when 00:49 was about a Spanish
  version) is not what anyone said.
Anything else is *unverified*, with the reason. A small model invents names, dates and sums
(measured: "$30,000", "April 18th", "20:38" in a 1:20 meeting, "a monthly event calendar
will be added next month"): this is what catches them. bench/summary.py measures the check
on the model's Summaries and on sentences taken verbatim from the transcripts.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from engine.minutes.grounding_details import CITATION, dates, numbers
from engine.minutes.words import NOT_NAMES, STOPWORDS
from engine.speakers import display_name
from engine.transcript_io import mmss
from engine.types import Segment

TOLERANCE_S = 2.0  # a cited time this close to a segment counts as that segment
MIN_OVERLAP = 0.2  # of the item's content words found in the cited segments
NEIGHBOURS = 1  # names may be said this many segments before or after the cited one
CLAUSE_SUPPORT = 0.5  # of a clause's content words said at one cited moment (or next to it)
DUE_NEIGHBOURS = 3  # a quoted item's due date and context: this many segments around it
MAX_CITED = 3  # segments an uncited sentence may be given (one per clause, at most)

_ASSEMBLED = re.compile(r"\(due: ", re.IGNORECASE)
_DUE = re.compile(r"\(due: (?!not stated\))([^)]*)\)", re.IGNORECASE)
# The minutes' own words around a quoted item, not something anyone said.
_BOILERPLATE = re.compile(r"\((?:due: not stated|owner not stated)\)|\(due:|\bdue:", re.IGNORECASE)
_CLAUSE = re.compile(r"[;:]\s+|,\s+|\s+(?:and|or|but|while|whereas)\s+|\s+[-–—]\s+|\(|\)")


@dataclass(frozen=True)
class Verdict:
    cited: tuple[int, ...]  # indexes of the supporting segments
    reason: str = ""  # why it is not verified; "" when it is
    weak: tuple[str, ...] = ()  # details found only elsewhere in the meeting

    @property
    def verified(self) -> bool:
        return not self.reason


@dataclass
class Tally:
    """The checks of one document; unverified items are numbered like footnotes."""

    items: int = 0
    verified: int = 0
    cited: int = 0  # items whose citations point at real moments
    dropped: int = 0
    unverified: list[str] = field(default_factory=list)  # "item text: reason"
    checked: list[tuple[str, bool]] = field(default_factory=list)  # (item, verified)
    # sections whose model draft failed the check and was replaced: (title, draft, why)
    replaced: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, text: str, verdict: Verdict) -> int:
        """Count one checked item; returns its footnote number if unverified (else 0)."""
        self.items += 1
        self.cited += bool(verdict.cited)
        self.checked.append((text.strip(), verdict.verified))
        if verdict.verified:
            self.verified += 1
            return 0
        self.unverified.append(f"{text.strip()}: {verdict.reason}")
        return len(self.unverified)

    def marker(self, number: int) -> str:
        return f" ⚠ unverified ({number})"

    def report(self) -> str:
        """The closing evidence paragraph, and the unverified items' reasons as footnotes."""
        text = f"_Evidence: {self.items} items, {self.verified} verified against the transcript"
        if self.dropped:
            text += f"; {self.dropped} unverified dropped (strict mode)"
        elif self.verified < self.items:
            text += "; unverified items are marked ⚠ and explained below"
        notes = []  # strict mode keeps what it dropped out of the document
        for n, entry in enumerate(self.unverified if not self.dropped else (), 1):
            item, _, reason = entry.rpartition(": ")
            item = CITATION.sub("", item).strip()
            short = item if len(item) <= 90 else item[:87].rstrip() + "…"
            notes.append(f"- ⚠ ({n}) {reason}: “{short}”")
        return text + "._\n" + ("\n" + "\n".join(notes) + "\n" if notes else "")


def _stem(word: str) -> str:
    for suffix in ("ing", "ies", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    words = re.findall(r"[a-z][a-z']+", CITATION.sub(" ", text).lower())
    return {_stem(w.strip("'")) for w in words if w not in STOPWORDS and len(w) > 2}


# Words a summary uses about the meeting itself ("the discussion highlighted ..."), stemmed:
# no one needs to have said them.
_META = frozenset(_stem(w) for w in """transcript highlight highlights highlighted discussing
discussion discussions conversation focus focused focusing covers covered covering topic
topics mention mentions mentioned speaker speakers participant participants attendee
attendees regarding overall includes included including""".split())


def _capitalised(text: str) -> list[tuple[str, bool]]:
    """Capitalised words, each with whether it starts a sentence (or a list item)."""
    out = []
    for sentence in re.split(r"(?<=[.!?:])\s+|\n+", CITATION.sub(" ", text)):
        words = re.findall(r"[A-Za-z][A-Za-z'’]*", sentence)
        for i, word in enumerate(words):
            if word[0].isupper() and (len(word) == 1 or word[1:].islower() or word.isupper()):
                out.append((word, i == 0))
    return out


def parse_citations(text: str) -> list[float]:
    """The times a text cites, in seconds ([mm:ss], [h:mm:ss] and ranges)."""
    times = []
    for m in CITATION.finditer(text):
        h1, m1, s1, h2, m2, s2 = m.groups()
        times.append(int(h1 or 0) * 3600 + int(m1) * 60 + int(s1))
        if m2 is not None:
            times.append(int(h2 or 0) * 3600 + int(m2) * 60 + int(s2))
    return times


class Evidence:
    """The transcript, indexed for citing and checking items. ``speaker_names``: the names
    the user gave speakers, when the segments have speakers."""

    def __init__(self, segments: list[Segment], speaker_names: Mapping[int, str] | None = None
                 ) -> None:
        self.segments = [s for s in segments if s.text.strip()]
        self._speaker_names = speaker_names or {}
        self._words = [content_words(s.text) for s in self.segments]
        counts = Counter(w for words in self._words for w in words)
        n = max(1, len(self.segments))
        self._idf = {w: math.log(1 + n / c) for w, c in counts.items()}
        everything = " ".join(s.text for s in self.segments)
        self._lower_words = set(re.findall(r"(?<![.!?]\s)\b[a-z][a-z'’]*", everything))
        self._all_words = set(re.findall(r"[a-z][a-z'’]*", everything.lower()))
        self._details = [(numbers(s.text), dates(s.text)) for s in self.segments]
        self._end = max((s.end for s in self.segments), default=0.0)

    def segment_at(self, seconds: float) -> int | None:
        """The segment a cited time means: the one starting in that second (citations are
        segment starts, rounded down), else the one around it, else the nearest within
        TOLERANCE_S."""
        best = None
        for i, s in enumerate(self.segments):
            if not s.start - TOLERANCE_S <= seconds <= s.end + TOLERANCE_S:
                continue
            rank = (0 if int(s.start) == int(seconds) else 1 if s.start <= seconds <= s.end else 2,
                    abs(seconds - s.start))
            if best is None or rank < best[0]:
                best = (rank, i)
        return None if best is None else best[1]

    def _scored(self, words: set[str]) -> list[tuple[float, int]]:
        return sorted(((sum(self._idf.get(w, 0.0) for w in words & seg), i)
                       for i, seg in enumerate(self._words)), reverse=True)

    def cite(self, text: str) -> tuple[int, ...]:
        """The segments that share the most (rare) words with ``text``: the best one, and a
        second when it is nearly as good; then, for a clause the cited moments do not
        support (a sentence joining two moments), the segment that best does (MAX_CITED in
        all)."""
        scored = self._scored(content_words(text))
        if not scored or scored[0][0] <= 0:
            return ()
        best = [scored[0][1]]
        if len(scored) > 1 and scored[1][0] >= 0.75 * scored[0][0]:
            best.append(scored[1][1])
        for part, clause in _clauses(text):
            if len(best) >= MAX_CITED:
                break
            if not self._clause_reason(part, clause, tuple(best)):
                continue
            near = set().union(*(self._words[j] for i in best for j in self._window(i)))
            top = self._scored(content_words(part) - near)  # what the cited moments lack
            if top and top[0][0] > 0 and top[0][1] not in best:
                best.append(top[0][1])
        return tuple(sorted(best))

    def citation(self, cited: tuple[int, ...]) -> str:
        return "[" + self.times(cited) + "]"

    def times(self, cited: tuple[int, ...]) -> str:
        return ", ".join(mmss(self.segments[i].start) for i in cited)

    def ground(self, text: str) -> Verdict:
        """Cite (or check the citations of) one item, then check what it says."""
        times = parse_citations(text)
        if times:
            cited = [self.segment_at(t) for t in times]
            missing = [t for t, i in zip(times, cited, strict=True) if i is None]
            # [mm:ss] names a second: every segment starting in it is what it may mean
            cited += [i for i, s in enumerate(self.segments) if int(s.start) in map(int, times)]
            if missing:
                late = [mmss(t) for t in missing if t > self._end + TOLERANCE_S]
                if late:
                    return Verdict((), f"it cites {', '.join(late)}, after the meeting's last"
                                       f" words ({mmss(self._end)})")
                return Verdict((), f"it cites {', '.join(mmss(t) for t in missing)},"
                                   " when nothing was said")
            cited = tuple(sorted(set(cited)))
        else:
            cited = self.cite(text)
            if not cited:
                return Verdict((), "nothing said in the meeting supports it")
        return self.check(text, cited)

    def _window(self, i: int, reach: int = NEIGHBOURS) -> range:
        return range(max(0, i - reach), min(len(self.segments), i + reach + 1))

    def _near(self, cited: tuple[int, ...], reach: int = NEIGHBOURS) -> list[Segment]:
        return [self.segments[j] for i in cited for j in self._window(i, reach)]

    def _without_speakers(self, text: str, near: list[Segment]) -> str:
        """``text`` without the names of who spoke there: an owner who is the speaker
        ("**Priya**: ..." of Priya's "I will ...") was not said, and needs not be."""
        for speaker in {s.speaker for s in near if s.speaker is not None}:
            name = display_name(speaker, self._speaker_names)
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text)
        return text

    def check(self, text: str, cited: tuple[int, ...]) -> Verdict:
        # An item quoted from the transcript ("**Owner**: task (due: ...)") is assembled
        # from an exchange (the request, the answer, the question it answers) and cites the
        # answer: what it says may come from a few lines around it.
        reach = DUE_NEIGHBOURS if _ASSEMBLED.search(text) else NEIGHBOURS
        text = self._without_speakers(text, self._near(cited, reach))
        due = _DUE.search(text)
        if due:  # an item's "(due: ...)": said with it, or in the few lines after (the answer)
            text = text[:due.start()] + " " + text[due.end():]
            reason = self._due_reason(due.group(1), cited)
            if reason:
                return Verdict(cited, reason)
        text = _BOILERPLATE.sub(" ", text)
        said = " ".join(s.text for s in self._near(cited, reach)) if reach > NEIGHBOURS \
            else " ".join(self.segments[i].text for i in cited)
        words = content_words(text) - _META
        if words and len(words & content_words(said)) < max(1, MIN_OVERLAP * len(words)):
            return Verdict(cited, f"what was said at {self.times(cited)} is about something else")
        near = " ".join(s.text for s in self._near(cited, reach))
        name = self._unsaid_name(text, near)
        if name:
            return Verdict(cited, f"{name!r} is not said at {self.times(cited)}")
        said_numbers, said_dates = numbers(near), dates(near)
        for kind, mine, here in (("number", numbers(text), said_numbers),
                                 ("date", dates(text), said_dates)):
            for item in sorted(mine - here):
                elsewhere = self._said_where(kind, item)
                if not elsewhere:
                    return Verdict(cited, f"the {kind} {item!r} is not in the transcript")
                return Verdict(cited, f"the {kind} {item!r} is said at {elsewhere},"
                                      f" not at {self.times(cited)}")
        for clause, words in _clauses(text):
            reason = self._clause_reason(clause, words, cited, reach)
            if reason:
                return Verdict(cited, reason)
        return Verdict(cited)

    def _due_reason(self, due: str, cited: tuple[int, ...]) -> str:
        """Why an item's due date is not what was said with it (within DUE_NEIGHBOURS
        segments after it, or one before), or ""."""
        near = " ".join(self.segments[j].text for i in cited
                        for j in range(max(0, i - NEIGHBOURS),
                                       min(len(self.segments), i + DUE_NEIGHBOURS + 1)))
        for kind, mine, here in (("number", numbers(due), numbers(near)),
                                 ("date", dates(due), dates(near))):
            for item in sorted(mine - here):
                return f"the due {kind} {item!r} is not said at {self.times(cited)} or just after"
        return ""

    def _unsaid_name(self, text: str, near: str) -> str:
        """The first capitalised word of ``text`` that names something not said in ``near``."""
        near_lower = near.lower()
        for word, starts in _capitalised(text):
            lower = word.lower()
            if lower in NOT_NAMES or lower in ("am", "pm"):  # "7:00 AM": the number's check
                continue
            if lower in self._lower_words and not re.search(rf"\b{re.escape(word)}\b", near):
                continue  # an ordinary word said in lower case, capitalised here
            if re.search(rf"\b{re.escape(lower)}\b", near_lower):
                continue
            if starts and lower not in self._all_words and lower.endswith("ly"):
                continue  # "Unfortunately, ..."
            return word
        return ""

    def _said_where(self, kind: str, item: str) -> str:
        """Where in the meeting a number or date is said (the first two times), or ""."""
        k = 0 if kind == "number" else 1
        found = [mmss(s.start) for s, details in zip(self.segments, self._details, strict=True)
                 if item in details[k]]
        return ", ".join(found[:2])

    def _support(self, clause: set[str], cited: tuple[int, ...], reach: int = NEIGHBOURS
                 ) -> tuple[int, int | None]:
        """(how many of the clause's words one cited moment supports, which moment)."""
        best = (0, None)
        for i in cited:
            words = set().union(*(self._words[j] for j in self._window(i, reach)))
            best = max(best, (len(clause & words), i), key=lambda b: b[0])
        return best

    def _clause_reason(self, text: str, clause: set[str], cited: tuple[int, ...],
                       reach: int = NEIGHBOURS) -> str:
        """Why the clause (``text``, its content words ``clause``) is not said at one of the
        cited moments, or "": most of its words, and every name in it, must be said there."""
        support, best = self._support(clause, cited, reach)
        if support >= CLAUSE_SUPPORT * len(clause):
            window = " ".join(self.segments[j].text for j in self._window(best, reach))
            name = self._unsaid_name(text, window)
            if name:
                return (f"{name!r} is not said at {mmss(self.segments[best].start)}, where the"
                        " rest of its clause is")
            return ""
        near = set().union(*(self._window(i, reach) for i in cited))
        missing = clause - set().union(*(self._words[j] for j in near))
        elsewhere = max(((len(missing & self._words[j]), j) for j in range(len(self.segments))
                         if j not in near), default=(0, None))
        shown = " ".join(sorted(missing)[:4])
        if elsewhere[0] >= 2:
            return (f"its words come from different moments: ‘{shown}’ at"
                    f" {mmss(self.segments[elsewhere[1]].start)}, the rest at {self.times(cited)}")
        return f"most of it (‘{shown}’) is not said at {self.times(cited)}"


def _clauses(text: str) -> list[tuple[str, set[str]]]:
    """Each clause (between commas, colons, semicolons, dashes and brackets) with its content
    words, when it has at least three: the parts of a sentence one moment must support."""
    parts = _CLAUSE.split(CITATION.sub(" ", text))
    return [(part, words) for part in parts if len(words := content_words(part) - _META) >= 3]


class StreamGrounder:
    """A model-written section streams through unchanged, and right after each sentence (or
    list item) ends comes its citation, with an ⚠ marker if the check fails. In strict mode
    each sentence is held back until it ends and dropped if it fails."""

    def __init__(self, evidence: Evidence, tally: Tally, *, strict: bool = False) -> None:
        self.evidence = evidence
        self.tally = tally
        self.strict = strict
        self.sentence = ""
        self._held: list[tuple[str, object]] = []

    def feed(self, piece: str, step=None) -> list[tuple[str, bool, object]]:
        """(text, generated, step) pieces to pass on: the model's, and our citations."""
        out: list[tuple[str, bool, object]] = []
        start = 0
        for k, ch in enumerate(piece):
            if ch.isspace() and self._complete(ch):
                self._pass(piece[start:k], step, out)
                out.extend(self._close())
                start = k
            self.sentence += ch
        self._pass(piece[start:], step, out)
        return out

    def finish(self) -> list[tuple[str, bool, object]]:
        return self._close()

    def _complete(self, ch: str) -> bool:
        text = self.sentence.rstrip(" \t")
        if not text.strip():
            return False
        return ch == "\n" or text.rstrip("\"')*_")[-1:] in (".", "!", "?")

    def _pass(self, text: str, step, out: list) -> None:
        if not text:
            return
        if self.strict:
            self._held.append((text, step))
        else:
            out.append((text, True, step))

    def _close(self) -> list[tuple[str, bool, object]]:
        text, held = self.sentence, self._held
        self.sentence, self._held = "", []
        kept = [(t, True, s) for t, s in held]
        if len(content_words(text)) < 2:  # a heading, "None recorded.": not an item
            return kept
        verdict = self.evidence.ground(text)
        number = self.tally.add(text, verdict)
        if self.strict and number:
            self.tally.dropped += 1
            return []
        marker = "" if parse_citations(text) or not verdict.cited else \
            " " + self.evidence.citation(verdict.cited)
        if number:
            marker += self.tally.marker(number)
        return kept + ([(marker, False, None)] if marker else [])
