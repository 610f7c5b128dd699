"""Sentences as they were said, assembled across segment boundaries.

Speech recognition cuts segments by pauses, not by sentences: "I'll take" ends one segment
and "that." starts the next (often given to the next speaker by the diarizer). A segment
that does not end a sentence is joined to the next one when that continues it (the same
speaker, no speakers at all, or the next begins in lower case), so every rule downstream
sees whole sentences. Each sentence keeps the start and speaker of the segment it begins in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from engine.minutes.extract_types import Said
from engine.types import Segment

JOIN_GAP_S = 2.0  # a pause longer than this ends a sentence even without punctuation
_END = re.compile(r"[.!?][\"'”’)]*$")
_SPLIT = re.compile(r"(?<=[.!?])[\"'”’)]*\s+")


def _continues(before: Segment, after: Segment) -> bool:
    if _END.search(before.text.strip()) or after.start - before.end > JOIN_GAP_S:
        return False
    first = after.text.strip()[:1]
    return (before.speaker is None or before.speaker == after.speaker
            or (first.isalpha() and first.islower()))


def assemble(segments: Sequence[Segment]) -> list[Said]:
    """Every sentence said, in order, each with the start and speaker of its first segment."""
    spoken = [s for s in segments if s.text.strip()]
    groups: list[list[Segment]] = []
    for s in spoken:
        if groups and _continues(groups[-1][-1], s):
            groups[-1].append(s)
        else:
            groups.append([s])
    out: list[Said] = []
    for group in groups:
        text, owners = "", []  # owners: (offset where a segment starts, the segment)
        for s in group:
            text += (" " if text else "")
            owners.append((len(text), s))
            text += s.text.strip()
        pos = 0
        for piece in _SPLIT.split(text):
            at = text.find(piece, pos)
            pos = at + len(piece)
            if not piece.strip():
                continue
            seg = next(s for offset, s in reversed(owners) if offset <= max(at, 0))
            out.append(Said(piece.strip(), seg.start, seg.speaker, len(out)))
    return out
