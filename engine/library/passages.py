"""A session's text cut into what the index searches.

Passages are what word search finds and shows: each transcript segment (with its
``[mm:ss]`` and speaker), each line of the minutes, the title. Chunks are what meaning
search compares: a few consecutive segments together (a sentence alone says too little),
each minutes line, the title. Every passage belongs to one chunk, so a hit found both
ways counts once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.library.folders import FolderRecord

SEGMENT, MINUTES, TITLE = "segment", "minutes", "title"
CHUNK_WORDS = 60  # about 80 word pieces: well inside the embedding model's 128
CHUNK_LINES = 6
_STAMP = re.compile(r"\[(\d+):(\d{2})\]")
_MARKUP = re.compile(r"^\s*(?:#+|[-*+]|\d+[.)]|>)\s*|\*\*|__")


@dataclass(frozen=True)
class Passage:
    kind: str
    start: float | None
    speaker: str | None
    text: str


@dataclass
class Chunk:
    kind: str
    start: float | None
    speaker: str | None
    passages: list[Passage] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.passages)


def chunks_of(record: FolderRecord) -> list[Chunk]:
    """The title, the transcript in chunks of consecutive segments, and the minutes' lines."""
    chunks = [Chunk(TITLE, None, None, [Passage(TITLE, None, None, record.title)])]
    chunks += _transcript_chunks(record)
    chunks += [Chunk(MINUTES, p.start, None, [p]) for p in minutes_passages(record.minutes)]
    return chunks


def _transcript_chunks(record: FolderRecord) -> list[Chunk]:
    chunks: list[Chunk] = []
    words = 0
    for line in record.lines:
        passage = Passage(SEGMENT, line.start, line.speaker, line.text)
        n = len(line.text.split())
        current = chunks[-1] if chunks else None
        if current is None or words + n > CHUNK_WORDS or len(current.passages) >= CHUNK_LINES:
            chunks.append(Chunk(SEGMENT, line.start, line.speaker, [passage]))
            words = n
        else:
            current.passages.append(passage)
            words += n
    return chunks


def minutes_passages(markdown: str) -> list[Passage]:
    """Each line of the minutes with words in it, without Markdown marks; its time is the
    first ``[mm:ss]`` it cites."""
    found = []
    for raw in markdown.splitlines():
        text = _MARKUP.sub("", raw).replace("**", "").strip()
        if len(re.findall(r"\w+", text)) < 2:
            continue
        stamp = _STAMP.search(text)
        start = int(stamp.group(1)) * 60 + int(stamp.group(2)) if stamp else None
        found.append(Passage(MINUTES, start, None, text))
    return found
