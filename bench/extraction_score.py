"""Scoring minutes against the extraction set's labels: items read back from the minutes'
Markdown, matched one to one with labels, and counted (see bench/extraction/README.md,
"Matching").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from bench.extraction_dates import resolve
from bench.extraction_set import KINDS, Label, Meeting
from engine.minutes.grounding import CITATION, parse_citations
from engine.minutes.words import MONTHS, NOT_NAMES, WEEKDAYS

MATCH_WINDOW_S = 30.0  # an item may match a label said at most this far from its citation
CITE_WITHIN_S = 10.0  # a matched item's citation is right this close to the label's time
MIN_SHARE = 0.5  # of the label's content words the item must contain
MIN_WORDS = 2  # and at least this many of them

_STOP = frozenset("""
a an the and or but so to of for on in at by with from as is are was were be been being am
it its it's this that these those there here i i'll i'm i've i'd me my we we'll we're us our
you you'll your he she they them their his her him do does did done can could will would
shall should may might must have has had not no yes okay ok um uh yeah well just really
then than if also all any some what which who whom when where why how let let's lets please
sure right good great fine one thing things get got going gonna about up out into over
""".split())
_NUMBER = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen".split())}
_NUMBER.update({w: (i + 2) * 10 for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())})
_ORDINAL = {w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
    " thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
    .split())}
_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000}


@dataclass(frozen=True)
class Item:
    kind: str  # decision | action | question
    text: str  # the item as the minutes show it (without owner, due and citation)
    start: float | None  # the first time it cites, seconds
    owner: str | None = None
    due: str | None = None  # as written ("before Friday"); None: not stated
    line: str = ""  # the whole Markdown line


@dataclass
class Scored:
    """One meeting's minutes against its labels."""

    meeting: Meeting
    items: list[Item]
    pairs: list[tuple[Item, Label]]  # matched
    missed: list[Label]
    extra: list[Item]  # matched to no label
    false_friends: list[tuple[Item, Label]]  # extra items that sit on a "not" label
    wrong_kind: list[tuple[Item, Label]]  # extra items that would match a label of another kind
    invented: list[tuple[str, list[str]]] = field(default_factory=list)  # (item, what)
    summary_invented: list[tuple[str, list[str]]] = field(default_factory=list)
    summary_sentences: int = 0

    def count(self, kind: str) -> tuple[int, int, int]:
        """(matched, items, labels) of one kind."""
        return (sum(1 for _, lb in self.pairs if lb.kind == kind),
                sum(1 for i in self.items if i.kind == kind),
                len(self.meeting.positive(kind)))

    def owners(self) -> tuple[int, int]:
        """(right, matched actions whose label names an owner)."""
        have = [(i, lb) for i, lb in self.pairs if lb.kind == "action" and lb.owner]
        return sum(_same_name(i.owner, lb.owner) for i, lb in have), len(have)

    def owned_found(self) -> tuple[int, int]:
        """(found with the right owner, actions whose label names an owner): comparable
        across speaker settings, which change what is matched."""
        right, _ = self.owners()
        return right, sum(1 for lb in self.meeting.positive("action") if lb.owner)

    def first_person(self) -> tuple[int, int, int]:
        """Actions the owner takes on in their own words ("I'll send it", the label's line
        is theirs): (matched with the right owner, matched, labels)."""
        mine = [lb for lb in self.meeting.positive("action")
                if lb.owner and self.meeting.lines[lb.line].who == lb.owner]
        have = [(i, lb) for i, lb in self.pairs if lb in mine]
        return sum(_same_name(i.owner, lb.owner) for i, lb in have), len(have), len(mine)

    def owners_unasked(self) -> tuple[int, int]:
        """(owner given, matched actions whose label has no owner)."""
        have = [(i, lb) for i, lb in self.pairs if lb.kind == "action" and not lb.owner]
        return sum(i.owner is not None for i, _ in have), len(have)

    def dues(self) -> tuple[int, int]:
        """(right, matched actions whose label has a due date)."""
        have = [(i, lb) for i, lb in self.pairs if lb.kind == "action" and lb.due]
        return sum(resolve(i.due, self.meeting.date) == lb.due for i, lb in have), len(have)

    def dues_unasked(self) -> tuple[int, int]:
        have = [(i, lb) for i, lb in self.pairs if lb.kind == "action" and not lb.due]
        return sum(i.due is not None for i, _ in have), len(have)

    def cited(self) -> tuple[int, int]:
        """(citation within CITE_WITHIN_S of the label's time, matched)."""
        return (sum(i.start is not None and abs(i.start - lb.time) <= CITE_WITHIN_S
                    for i, lb in self.pairs), len(self.pairs))


# ---- reading the minutes ----------------------------------------------------------------

_ACTION = re.compile(r"^- \*\*(?P<owner>.+?)\*\*:\s*(?P<task>.*?)\s*\(due:\s*(?P<due>[^)]*)\)\s*"
                     r"(?P<cite>\[[^\]]*\])?")
_MARK = re.compile(r"\s*⚠ unverified \(\d+\)\s*$")
_MARKS = re.compile(r"⚠ unverified \(\d+\)")


def read_minutes(markdown: str, kinds: dict[str, str]) -> tuple[list[Item], list[str]]:
    """The items of the minutes' quoted sections, and the sentences of the model's.

    ``kinds``: section title -> "decision" | "action" | "question" for the quoted sections
    (from the template); every other section (but Insights) is the model's."""
    items: list[Item] = []
    model: list[str] = []
    section = None
    for raw in markdown.splitlines():
        line = raw.rstrip()
        if line.startswith("## "):
            section = line[3:].strip()
            continue
        if line.startswith("_Evidence:"):
            break  # the evidence paragraph and its footnotes: the writer's, not items
        if section is None or section == "Insights" or not line.strip() or line.startswith("_"):
            continue
        if section not in kinds:
            text = _MARKS.sub(" ", CITATION.sub(" ", line)).strip()
            if text and text != "None recorded.":
                model.extend(s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip())
            continue
        if not line.startswith("- "):
            continue
        line = _MARK.sub("", line)
        times = parse_citations(line)
        start = times[0] if times else None
        kind = kinds[section]
        m = _ACTION.match(line) if kind == "action" else None
        if m:
            owner = m["owner"].strip()
            due = m["due"].strip()
            items.append(Item(kind, m["task"], start,
                              None if owner.startswith("(") else owner,
                              None if due in ("", "not stated") else due, line))
        else:
            text = re.sub(r"\s*\[[^\]]*\]\s*$", "", line[2:]).strip()
            items.append(Item(kind, text, start, line=line))
    return items, model


# ---- matching ---------------------------------------------------------------------------


def _stem(word: str) -> str:
    """Roughly the word's stem, the same for its forms: "phones" and "phone", "fixes" and
    "fix", "tidies" and "tidy", "stays" and "stay"."""
    if len(word) > 4 and word.endswith(("ies", "ied")):
        return word[:-3] + "y"
    if len(word) > 4 and re.search(r"(?:s|x|z|ch|sh)es$", word):
        return word[:-2]
    if len(word) > 5 and word.endswith("eed"):  # "agreed": "agree"
        return word[:-1]
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if len(word) > 3 and word.endswith("e") and not word.endswith("ee") else word


def content(text: str) -> set[str]:
    """Content words, lower case and roughly stemmed ("sends" and "send" alike)."""
    words = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("’", "'"))
    return {_stem(w.split("'")[0]) for w in words if w not in _STOP and len(w) > 1}


def share(label_text: str, item_text: str) -> tuple[float, int, int]:
    """(share of the label's content words in the item, found, of)."""
    want = content(label_text)
    if not want:
        return 0.0, 0, 0
    found = len(want & content(item_text))
    return found / len(want), found, len(want)


def _enough(found: int, of: int, least: int) -> bool:
    return of >= least and found >= max(least, math.ceil(MIN_SHARE * of))


def similarity(label: Label, item: Item) -> float:
    """How well ``item`` says what ``label`` means: the best share of content words found
    in the item, over the label's gist and its words; 0 unless one of them has at least
    MIN_WORDS content words and the item holds MIN_WORDS of them and MIN_SHARE of them
    ("I'll take that" carries one content word: such a label matches on its gist only).
    A "not" label needs one word and MIN_SHARE: any item on that span is wrong."""
    best = 0.0
    least = 1 if label.negative else MIN_WORDS
    for text in (label.gist, label.words):
        value, found, of = share(text, item.text)
        if _enough(found, of, least):
            best = max(best, value)
    return best


def _near(item: Item, label: Label) -> bool:
    return item.start is not None and abs(item.start - label.time) <= MATCH_WINDOW_S


def match(items: list[Item], labels: list[Label]) -> list[tuple[Item, Label]]:
    """One item to one label: same kind, cited within MATCH_WINDOW_S of the label, and
    similar; the most similar pairs first, then the nearest in time."""
    candidates = []
    for i, item in enumerate(items):
        for j, label in enumerate(labels):
            if item.kind == label.kind and _near(item, label):
                value = similarity(label, item)
                if value > 0:
                    candidates.append((-value, abs(item.start - label.time), i, j))
    used_items, used_labels, pairs = set(), set(), []
    for _, _, i, j in sorted(candidates):
        if i not in used_items and j not in used_labels:
            used_items.add(i)
            used_labels.add(j)
            pairs.append((items[i], labels[j]))
    return pairs


def score(meeting: Meeting, items: list[Item]) -> Scored:
    positive = meeting.positive()
    pairs = match(items, positive)
    matched_items = {id(i) for i, _ in pairs}
    matched_labels = {id(lb) for _, lb in pairs}
    extra = [i for i in items if id(i) not in matched_items]
    missed = [lb for lb in positive if id(lb) not in matched_labels]
    negatives = [lb for lb in meeting.labels if lb.negative]
    friends = [(i, lb) for i in extra for lb in negatives
               if lb.kind == i.kind and _near(i, lb) and similarity(lb, i) > 0]
    other = [(i, lb) for i in extra for lb in positive
             if lb.kind != i.kind and _near(i, lb) and similarity(lb, i) > 0]
    return Scored(meeting, items, pairs, missed, extra, _first(friends), _first(other))


def _first(pairs: list[tuple[Item, Label]]) -> list[tuple[Item, Label]]:
    seen, out = set(), []
    for item, label in pairs:
        if id(item) not in seen:
            seen.add(id(item))
            out.append((item, label))
    return out


def _same_name(said: str | None, label: str) -> bool:
    return said is not None and said.strip().lower() == label.strip().lower()


# ---- inventions -------------------------------------------------------------------------


def numbers(text: str) -> set[int | float]:
    """Every number ``text`` says, in digits or in words ("four hundred and twelve
    thousand" -> 412000, "14th" -> 14, "2:15" -> 2 and 15, "$30,000" -> 30000)."""
    found: set[int | float] = set()
    lower = text.lower().replace("’", "'")
    for m in re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", lower):
        value = float(m.replace(",", ""))
        found.add(int(value) if value.is_integer() else value)
    return found | _spoken(re.findall(r"[a-z]+|[^\sa-z'-]", lower))


def _spoken(words: list[str]) -> set[int]:
    """Numbers said in words: a run of number words is one number when it reads as one
    ("twenty five", "two thousand five hundred"), else several ("two fifteen": 2 and 15)."""
    found: set[int] = set()
    total = current = 0
    active = False
    for word in [*words, ""]:
        small = _NUMBER.get(word, _ORDINAL.get(word))
        if small is not None:
            joins = current % 100 == 0 or (current % 100 >= 20 and current % 10 == 0 and small < 10)
            if active and not joins:
                found.add(total + current)
                total = current = 0
            current += small
            active = True
            if word in _ORDINAL:  # an ordinal ends its number
                found.add(total + current)
                total, current, active = 0, 0, False
        elif word == "hundred":
            current = current * 100 if current else 100
            active = True
        elif word in _SCALE:
            total += (current or 1) * _SCALE[word]
            current = 0
            active = True
        elif word == "and" and active:
            continue
        else:
            if active:
                found.add(total + current)
            total, current, active = 0, 0, False
    return found


def _said_words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


class Inventions:
    """Names, dates and amounts in minutes that the transcript never says.

    A name: a capitalised word not at the start of a sentence that is not in the transcript
    (in any case) nor a speaker's name the user gave; a date: a weekday or month not in the
    transcript; an amount: a number (digits or words) not in the transcript."""

    def __init__(self, transcript_text: str, speaker_names: list[str]) -> None:
        self.words = _said_words(transcript_text)
        self.numbers = numbers(transcript_text)
        self.speakers = {n.lower() for n in speaker_names}

    def of(self, text: str, owner: str | None = None) -> list[str]:
        out = []
        if owner and owner.lower() not in self.speakers and not re.fullmatch(
                r"speaker \d+", owner.lower()):
            if not _said_words(owner) <= self.words:
                out.append(f"name {owner!r}")
        for sentence in re.split(r"(?<=[.!?:])\s+", text):
            tokens = re.findall(r"[A-Za-z][A-Za-z'’]*", sentence)
            for k, token in enumerate(tokens):
                bare = token.split("'")[0].split("’")[0]
                lower = bare.lower()
                if k == 0 or not bare[:1].isupper() or lower in NOT_NAMES or lower in self.words:
                    continue
                if lower in self.speakers or re.fullmatch(r"[A-Z]{2,}", bare):
                    continue
                out.append(f"name {bare!r}")
        for word in _said_words(text) & set(WEEKDAYS + MONTHS):
            if word not in self.words:
                out.append(f"date {word!r}")
        for value in sorted(numbers(text) - self.numbers):
            out.append(f"amount {value!r}")
        return sorted(set(out))


def totals(scored: list[Scored]) -> dict:
    """Pooled counts over meetings."""
    t: Counter = Counter()
    for s in scored:
        for kind in KINDS:
            m, n, lab = s.count(kind)
            t[f"{kind}_matched"] += m
            t[f"{kind}_items"] += n
            t[f"{kind}_labels"] += lab
        for key, (a, b) in (("owner", s.owners()), ("owned", s.owned_found()),
                            ("owner_unasked", s.owners_unasked()),
                            ("due", s.dues()), ("due_unasked", s.dues_unasked()),
                            ("cited", s.cited())):
            t[f"{key}_right"] += a
            t[f"{key}_of"] += b
        right, matched, labels = s.first_person()
        t["first_right"] += right
        t["first_matched"] += matched
        t["first_labels"] += labels
        t["false_friends"] += len(s.false_friends)
        t["negatives"] += sum(lb.negative for lb in s.meeting.labels)
        t["wrong_kind"] += len(s.wrong_kind)
        t["items"] += len(s.items)
        t["invented"] += len(s.invented)
        t["summary_sentences"] += s.summary_sentences
        t["summary_invented"] += len(s.summary_invented)
    return dict(t)
