"""The shapes the item extraction works with: a sentence as said, and an item of the minutes."""

from __future__ import annotations

from dataclasses import dataclass

NOT_STATED = "not stated"


@dataclass(frozen=True)
class Said:
    """One sentence of the meeting: its words, the start of the segment it begins in, its
    speaker (None without speakers) and its place among all sentences."""

    text: str
    start: float
    speaker: int | None
    i: int

    @property
    def question(self) -> bool:
        return self.text.rstrip().endswith("?")


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
