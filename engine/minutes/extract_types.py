"""The shapes the item extraction works with: a sentence as said, and an item of the minutes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

NOT_STATED = "not stated"
# A question that trails off with its other choice unsaid: "Like, does it get sold, or...",
# "Are we doing new unis this year or..."
_TRAILS_OFF = re.compile(
    r"^(?:(?:and|so|like|um|uh|but|okay|ok|right|well|also)[,.]?\s+)*(?:[A-Z][a-z]+,\s+)?"
    r"(?:(?:what|when|where|who|why|how|which)\s+)?"
    r"(?:(?:is|are|was|were|does|did|can|could|will|would|should|shall|has)\s+(?:we|you|they|it|he|she|I|"
    r"there|the|this|that|these|those|our|your|their|anyone|anybody|someone|everyone|(?-i:[A-Z][a-z]+))\b|"
    r"(?:do|have)\s+(?:we|you|they|I|anyone|anybody|someone|everyone)\b)"
    r"[^.?!]*?[,]?\s+or(?:\s+(?:the|a|an|is|are|do|does|has|have|we|they|it)\b[^.?!]{0,20})?\s*(?:\.{2,3}|…|-+)$",
    re.IGNORECASE)


@dataclass(frozen=True)
class Said:
    """One sentence of the meeting: its words, the start of the segment it begins in, its
    speaker (None without speakers) and its place among all sentences."""

    text: str
    start: float
    speaker: int | None
    i: int

    @cached_property  # asked of every sentence many times over
    def question(self) -> bool:
        text = self.text.rstrip()
        return text.endswith("?") or bool(_TRAILS_OFF.match(text))


@dataclass(frozen=True)
class Item:
    text: str
    start: float
    owner: str = NOT_STATED
    due: str = NOT_STATED


@dataclass(frozen=True)
class Extracted:
    decisions: list[Item]
    actions: list[Item]
    questions: list[Item]
