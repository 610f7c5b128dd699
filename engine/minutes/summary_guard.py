"""The Summary as it streams: shown sentence by sentence while every sentence holds up,
held back from the first one that does not, and at the end either shown (with its ⚠
marks) or replaced by a Summary composed from the verified items (summary_compose.py).
What is held streams token by token as MinutesTentative (greyed after the minutes, never
part of them), so the user watches the model write even when its draft is then replaced.

A good model's Summary streams as it is written, each sentence once it ends and passes
the check. SmolLM2-135M's first sentence usually fails (bench/summary.py: 5 % of its
sentences verify), so its Summary is held and, mostly, composed. A sentence cut off by the
token limit is never shown: it never ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.events import MinutesDelta, MinutesTentative
from engine.minutes.extract import Extracted
from engine.minutes.grounding import Evidence, StreamGrounder, Tally, content_words
from engine.minutes.lens import TokenStep
from engine.minutes.summary_compose import Judged, compose, note, whole

EMPTY = "None recorded."
# With the Token Lens on, a composed Summary is followed by the model's draft under this line.
LENS_DRAFT = "The model's draft, kept for the Token Lens (not the Summary):"
_ECHO = re.compile(r"\[\d{1,2}:\d{2}(?::\d{2})?\]\s")  # a line in the transcript's own shape

Pieces = list[tuple[str, TokenStep | None]]
Shown = list[MinutesDelta | MinutesTentative]


@dataclass
class SummaryGuard:
    """Feed it the model's cleaned pieces; it returns what to show now. ``items``: the
    meeting's items to compose from; ``quoted``: the template lists them below; ``lens``:
    keep a composed-away draft visible (labelled) for the Token Lens."""

    grounder: StreamGrounder
    items: Extracted | None = None
    quoted: bool = True
    title: str = "Summary"
    lens: bool = False
    draft: str = ""  # everything the model wrote
    sentences: int = 0  # checked ones (two content words or more)
    unsupported: int = 0
    shown: int = 0  # sentences shown live, before any failed
    live: bool = True
    _pieces: Pieces = field(default_factory=list)  # the sentence being written
    _sentence: str = ""
    _held: list[Pieces] = field(default_factory=list)  # from the first failing sentence on
    # while live, lines too short to check ("A meeting transcript:"): shown with the next
    # sentence that holds, never on their own
    _pending: list[Pieces] = field(default_factory=list)
    _tentative: str = ""  # what MinutesTentative last said

    @property
    def evidence(self) -> Evidence:
        return self.grounder.evidence

    def feed(self, piece: str, step: TokenStep | None = None) -> Shown:
        """A piece of the draft; the sentences it ends, shown if they (and all before) hold,
        and what is still unshown as the tentative text."""
        out: Shown = []
        self.draft += piece
        start = 0
        for k, ch in enumerate(piece):
            if ch.isspace() and _ends(self._sentence, ch):
                if k > start:
                    self._pieces.append((piece[start:k], step))
                out += self._ended()
                start = k
            self._sentence += ch
        if start < len(piece):
            self._pieces.append((piece[start:], step))
        return out + self._tentative_now()

    def finish(self, at_limit: bool) -> Shown:
        """The end of the draft (``at_limit``: the model used all its tokens): the tentative
        text cleared, its last sentence if whole, then the held sentences or the composed
        Summary, and the blank line that closes the section."""
        out: Shown = [MinutesTentative("")] if self._tentative else []
        cut = bool(self._sentence.strip()) and whole(self.draft, at_limit) < len(self.draft.rstrip())
        if self._sentence.strip() and not cut:
            out += self._ended()
        if not self.draft.strip():
            return out + [MinutesDelta(EMPTY + "\n\n", generated=False)]
        judged = self.judged(cut)
        if judged.holds:
            for pieces in self._pending + self._held:
                out += self._show(pieces)
            return out + [MinutesDelta("\n\n", generated=False)]
        return out + self._composed(judged)

    def judged(self, cut: bool = False) -> Judged:
        kept = self.shown or any("".join(t for t, _ in p).strip()
                                 for p in self._pending + self._held)
        return Judged(self.sentences, self.unsupported, bool(kept), cut)

    def before(self, text: str) -> list[MinutesTentative]:
        """The draft's start the writer holds back before feeding it here (until a heading
        the model repeats is ruled out), shown as tentative text meanwhile ("": nothing
        held there, nothing to show)."""
        return self._tentative_now(text) if text.strip() else []

    def _tentative_now(self, text: str | None = None) -> list[MinutesTentative]:
        """The unshown draft (held sentences, short lines waiting, the sentence being
        written) when it changed."""
        if text is None:
            text = "".join(t for pieces in (*self._held, *self._pending, self._pieces)
                           for t, _ in pieces)
        text = text.strip()
        if text == self._tentative:
            return []
        self._tentative = text
        return [MinutesTentative(text)]

    def _ended(self) -> list[MinutesDelta]:
        """A sentence ended: checked, then shown, or held."""
        pieces, text = self._pieces, self._sentence
        self._pieces, self._sentence = [], ""
        if len(content_words(text)) < 2:  # nothing to check: it goes with what follows
            (self._pending if self.live else self._held).append(pieces)
            return []
        self.sentences += 1
        line_start = text.startswith("\n") or not (self.shown or self._held or self._pending)
        ok = self.evidence.ground(text).verified and not (
            line_start and _ECHO.match(text.strip()))
        self.unsupported += not ok
        if self.live and ok:
            self.shown += 1
            out = [d for p in self._pending for d in self._show(p)] + self._show(pieces)
            self._pending = []
            return out
        self.live = False
        self._held += [*self._pending, pieces]
        self._pending = []
        return []

    def _show(self, pieces: Pieces) -> list[MinutesDelta]:
        out = [MinutesDelta(*o) for text, step in pieces for o in self.grounder.feed(text, step)]
        return out + [MinutesDelta(*o) for o in self.grounder.finish()]

    def _composed(self, judged: Judged) -> list[MinutesDelta]:
        """The Summary composed from the verified items, after what was shown live; with the
        Lens on, the held draft after it, labelled."""
        tally, evidence = self.grounder.tally, self.evidence
        tally.replaced.append((self.title, self.draft, judged.why()))
        sentences, from_items = compose(self.items or Extracted([], [], []), evidence)
        for sentence in sentences:
            tally.add(sentence, evidence.ground(sentence))
        source = ("the items below" if self.quoted else "the meeting's items") if from_items \
            else "what was said"
        line = note(judged, source)
        if self.shown:
            line = line.replace("_Summary composed from", "_The rest is composed from", 1)
        out = [MinutesDelta(("\n\n" if self.shown else "") + line + "\n\n", generated=False)]
        out += [MinutesDelta((" " if k else "") + s, generated=False)
                for k, s in enumerate(sentences)]  # one delta each: a sentence, its evidence
        out.append(MinutesDelta("\n\n" if sentences else EMPTY + "\n\n", generated=False))
        if self.lens and self._held:
            out.append(MinutesDelta(f"_{LENS_DRAFT}_\n\n", generated=False))
            first, *rest = self._held
            if first:  # under its label, the draft starts its own paragraph
                first = [(first[0][0].lstrip(), first[0][1]), *first[1:]]
            for pieces in (first, *rest):
                out += self._show(pieces)
            out.append(MinutesDelta("\n\n", generated=False))
        return out


def _ends(sentence: str, ch: str) -> bool:
    """Whether ``ch`` (white space) after ``sentence`` ends it, as StreamGrounder decides."""
    text = sentence.rstrip(" \t")
    if not text.strip():
        return False
    return ch == "\n" or text.rstrip("\"')*_")[-1:] in (".", "!", "?")


def judge(draft: str, evidence: Evidence, at_limit: bool = False) -> Judged:
    """What the guard decides of a whole draft (on a scratch tally)."""
    guard = SummaryGuard(StreamGrounder(evidence, Tally()))
    guard.feed(draft)
    cut = bool(guard._sentence.strip()) and whole(draft, at_limit) < len(draft.rstrip())
    if guard._sentence.strip() and not cut:
        guard._ended()
    return guard.judged(cut)
