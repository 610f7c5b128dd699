"""What changed between two versions of the minutes, word by word (difflib on words, the
whitespace kept with them so the diff reads like the text)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_WORDS = re.compile(r"\s*\S+\s*|\s+")


@dataclass(frozen=True)
class Change:
    kind: str  # "same", "added" or "removed"
    text: str


def word_diff(old: str, new: str) -> list[Change]:
    """``new`` against ``old``: runs of words kept, added and removed, in reading order
    (a replacement reads as the removed words, then the added ones)."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    # Compare words without their spacing: a word that only moved to a new line is the same.
    matcher = difflib.SequenceMatcher(None, [w.strip() for w in a], [w.strip() for w in b],
                                      autojunk=False)
    out: list[Change] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Change("same", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            out.append(Change("removed", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(Change("added", "".join(b[j1:j2])))
    return out


def count_words(changes: list[Change], kind: str) -> int:
    return sum(len(c.text.split()) for c in changes if c.kind == kind)
