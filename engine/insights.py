"""Insights from the transcript alone, computed locally in milliseconds: chapters with their
time ranges, key terms, named entities (people, organisations and products, dates, numbers
and amounts) and sentiment, overall and per chapter. Every entry points at the moment it
was said, like the minutes' items.

Methods, chosen to be explainable and offline: chapters by lexical cohesion (TextTiling:
a new chapter where the words of the segments before and after a point stop overlapping);
key terms by TF-IDF of each chapter against the others; entities by patterns (a person is
a name addressed or doing something; other capitalised names are "other names"); sentiment
by a word list with negation (a lexicon method: it counts words like "great" and
"problem", it does not understand irony).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from engine.minutes.extract import _sentences
from engine.minutes.grounding import content_words
from engine.minutes.words import NOT_NAMES, STOPWORDS
from engine.speakers import TalkTime, display_name, talk_time
from engine.transcript_io import mmss
from engine.types import Segment

WINDOW = 4  # segments compared on each side of a possible chapter boundary
MIN_CHAPTER_S = 45.0
MAX_TERMS = 10
_POSITIVE = set("""good great excellent fine happy glad agree agreed love like nice perfect
thanks thank awesome success successful well better best easy clear ready works working
helpful progress improve improved improvement win pleased excited interesting fantastic
brilliant cool yes sure done finished solved fixed""".split())
_NEGATIVE = set("""bad problem problems issue issues wrong fail failed failing failure
broken break bug bugs worry worried concern concerns difficult hard late delay delayed
delays risk risky expensive unfortunately sorry unhappy disagree hate annoying stuck
blocked blocker confusing slow missing lost error errors crash complaint complaints
no never cannot can't won't don't""".split())
_NEGATION = {"not", "no", "never", "n't", "hardly", "without"}
_DATE = re.compile(
    r"\b(?:(?:next|this|last)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|tomorrow|today|yesterday|(?:next|this|last)\s+(?:week|month|year)"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+of\s+(?:january|february|march|april|may|june|july"
    r"|august|september|october|november|december)"
    r"|(?:january|february|march|april|june|july|august|september|october|november|december)"
    r"(?:\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?)?)\b", re.IGNORECASE)
_AMOUNT = re.compile(r"(?:[$€£]\s?\d[\d,.]*(?:\s?(?:k|m|million|thousand))?"
                     r"|\b\d[\d,.]*\s?(?:%|percent|euros?|dollars?|pounds?|hours?|days?|weeks?"
                     r"|people|users|customers)\b)", re.IGNORECASE)
_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-zA-Z0-9]+(?:\s+[A-Z][a-zA-Z0-9]+)*)")


@dataclass(frozen=True)
class Mention:
    text: str
    kind: str  # term, person, other name, date, amount
    start: float  # first said
    count: int


@dataclass(frozen=True)
class Chapter:
    title: str
    start: float
    end: float
    sentiment: float  # -1 (negative) .. +1 (positive)


@dataclass(frozen=True)
class Insights:
    chapters: list[Chapter]
    terms: list[Mention]
    entities: list[Mention]
    sentiment: float
    speakers: list[TalkTime] = field(default_factory=list)  # [] when not diarized

    def to_json(self) -> dict:
        return asdict(self)


def sentiment_of(text: str) -> float:
    """Positive minus negative words (a negation flips the next word), over their total."""
    words = re.findall(r"[a-z']+", text.lower())
    score = hits = 0
    for i, word in enumerate(words):
        sign = 1 if word in _POSITIVE else -1 if word in _NEGATIVE else 0
        if not sign:
            continue
        if word not in _NEGATION and any(w in _NEGATION or w.endswith("n't") for w in words[max(0, i - 2):i]):
            sign = -sign
        score += sign
        hits += 1
    return score / hits if hits else 0.0


def label(score: float) -> str:
    return "positive" if score > 0.2 else "negative" if score < -0.2 else "neutral"


def _cohesion(words: list[Counter], i: int) -> float:
    before = sum(words[max(0, i - WINDOW):i], Counter())
    after = sum(words[i:i + WINDOW], Counter())
    dot = sum(before[w] * after[w] for w in before)
    norm = math.sqrt(sum(v * v for v in before.values()) * sum(v * v for v in after.values()))
    return dot / norm if norm else 0.0


def chapter_starts(segments: list[Segment]) -> list[int]:
    """Segment indexes where chapters start: the deepest dips in lexical cohesion, at
    least MIN_CHAPTER_S apart."""
    words = [Counter(content_words(s.text)) for s in segments]
    scores = [_cohesion(words, i) for i in range(1, len(segments))]
    if not scores:
        return [0]
    mean = sum(scores) / len(scores)
    spread = math.sqrt(sum((x - mean) ** 2 for x in scores) / len(scores))
    candidates = sorted((score, i + 1) for i, score in enumerate(scores) if score < mean - spread / 2)
    starts = [0]
    for _, i in candidates:  # deepest first
        if all(abs(segments[i].start - segments[j].start) >= MIN_CHAPTER_S for j in starts) \
                and segments[-1].end - segments[i].start >= MIN_CHAPTER_S:
            starts.append(i)
    return sorted(starts)


def _terms(groups: list[list[Segment]]) -> list[list[tuple[str, float]]]:
    """Per group of segments, its words by TF-IDF against the other groups."""
    counts = [Counter(w for s in g for w in re.findall(r"[a-z][a-z'-]{3,}", s.text.lower())
                      if w not in STOPWORDS and w not in NOT_NAMES and not w.endswith("'s"))
              for g in groups]
    df = Counter(w for c in counts for w in c)
    out = []
    for c in counts:
        scored = [(w, n * math.log(1 + len(groups) / df[w])) for w, n in c.items()
                  if n >= 2 or len(groups) == 1]
        out.append(sorted(scored, key=lambda x: -x[1]))
    return out


def _first(segments: list[Segment], pattern: str) -> tuple[float, int]:
    times = [s.start for s in segments if re.search(pattern, s.text, re.IGNORECASE)]
    return (times[0] if times else segments[0].start), len(times)


def insights(segments: list[Segment]) -> Insights:
    segments = [s for s in segments if s.text.strip()]
    if not segments:
        return Insights([], [], [], 0.0)
    starts = chapter_starts(segments)
    groups = [segments[a:b] for a, b in zip(starts, [*starts[1:], len(segments)], strict=True)]
    per_group = _terms(groups)
    chapters = []
    for group, terms in zip(groups, per_group, strict=True):
        title = ", ".join(w for w, _ in terms[:3]) or group[0].text.split(".")[0][:40]
        chapters.append(Chapter(title, group[0].start, group[-1].end,
                                round(sentiment_of(" ".join(s.text for s in group)), 2)))
    named = {p.lower() for p in _people(segments)} | NOT_NAMES
    ranked = [w for terms in _terms([segments]) for w, _ in terms if w not in named]
    term_list = []
    for word in ranked[:MAX_TERMS]:
        start, count = _first(segments, rf"\b{re.escape(word)}\b")
        term_list.append(Mention(word, "term", start, count))
    entities = _entities(segments)
    overall = round(sentiment_of(" ".join(s.text for s in segments)), 2)
    return Insights(chapters, term_list, entities, overall, talk_time(segments))


def _people(segments: list[Segment]) -> set[str]:
    """Names said as people: addressed ("Carmen, can you ...") or doing something ("Peter
    will ...", "Alice said ..."). Other capitalised names may be organisations, products,
    places, or people only mentioned: without a language model they are "other names"."""
    found = set()
    for sentence, _ in _sentences(segments):
        found.update(re.findall(r"^([A-Z][a-z]+),", sentence))
        found.update(re.findall(r"\b(?:[Tt]hanks|[Tt]hank you|[Hh]i|[Hh]ello|[Hh]ey),?\s+([A-Z][a-z]+)",
                                sentence))
        found.update(re.findall(r"\b([A-Z][a-z]+)\s+(?:will|can|could|should|said|says|thinks|"
                                r"agreed|agrees|asked|is going to|needs to|wants to)\b", sentence))
    return {n for n in found if n.lower() not in NOT_NAMES and n.lower() not in STOPWORDS}


def _entities(segments: list[Segment]) -> list[Mention]:
    people = _people(segments)
    found: dict[tuple[str, str], list[float]] = {}
    for s in segments:
        for name in people:
            if re.search(rf"\b{re.escape(name)}\b", s.text):
                found.setdefault(("person", name), []).append(s.start)
        for m in _PROPER.finditer(s.text):
            words = m.group(1).split()
            if len(words) == 1 and (words[0] in people or words[0].lower() in STOPWORDS
                                    or words[0].lower() in NOT_NAMES):
                continue
            if all(w in people for w in words):
                continue
            found.setdefault(("other name", m.group(1)), []).append(s.start)
        for kind, pattern in (("date", _DATE), ("amount", _AMOUNT)):
            for m in pattern.finditer(s.text):
                found.setdefault((kind, m.group(0).strip()), []).append(s.start)
    order = {"person": 0, "other name": 1, "date": 2, "amount": 3}
    return sorted((Mention(text, kind, times[0], len(times)) for (kind, text), times in found.items()),
                  key=lambda m: (order[m.kind], m.start))


def markdown(found: Insights, names: Mapping[int, str] | None = None) -> str:
    """The Insights section of the minutes, every entry with its [mm:ss]; speakers by the
    ``names`` the user gave them, else "Speaker N"."""
    if not found.chapters:
        return "None recorded.\n\n"
    lines = [f"Overall tone: {label(found.sentiment)} ({found.sentiment:+.2f}, a word-list"
             " estimate).", ""]
    lines += _speaker_lines(found.speakers, names or {})
    lines += ["**Chapters**", ""]
    lines += [f"- [{mmss(c.start)}–{mmss(c.end)}] {c.title} ({label(c.sentiment)})"
              for c in found.chapters]
    lines += ["", "**Key terms**: " + ", ".join(f"{t.text} [{mmss(t.start)}]" for t in found.terms)]
    by_kind: dict[str, list[Mention]] = {}
    for m in found.entities:
        by_kind.setdefault(m.kind, []).append(m)
    for kind, title in (("person", "People"),
                        ("other name", "Other names (organisations, products, places)"),
                        ("date", "Dates"), ("amount", "Numbers and amounts")):
        if kind in by_kind:
            lines += ["", f"**{title}**: " + ", ".join(f"{m.text} [{mmss(m.start)}]"
                                                        for m in by_kind[kind])]
    return "\n".join(lines) + "\n\n"


def _speaker_lines(talk: list[TalkTime], names: Mapping[int, str]) -> list[str]:
    """"**Speakers**" and a line per speaker: talk time, its share, turns."""
    if not talk:
        return []
    total = sum(t.seconds for t in talk) or 1.0
    return ["**Speakers** (talk time, share, turns)", "",
            *(f"- {display_name(t.speaker, names)}: {mmss(t.seconds)}, {t.seconds / total:.0%},"
              f" {t.turns} turn{'s' if t.turns != 1 else ''}"
              for t in sorted(talk, key=lambda t: -t.seconds)), ""]
