"""What ``ask`` answers from: the library's best passages for a question (words and meaning,
engine.library.search), each widened to the moments around it in its meeting's transcript,
scored for how close it is to the question, and cut to the model's token budget.

The transcript comes from the session folder (the source of truth), so the evidence check
of every answer sentence reads the same segments the minutes' check reads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine.errors import InputError
from engine.library.embedder import Embedder
from engine.minutes.grounding import Evidence
from engine.transcript_io import load_transcript, mmss, speaker_name
from engine.types import Segment, Transcript

POOL = 30  # search hits looked at (more when the question is limited to some meetings)
FILTERED_POOL = 100
MAX_SOURCES = 5  # passages (windows of a few moments) given to the model at most
# A passage found by its words comes with the moment before it and what follows up to the
# end of the next speaker's turn (an answer follows its question), AFTER moments at most;
# without speakers, AFTER_UNKNOWN moments.
BEFORE, AFTER, AFTER_UNKNOWN = 1, 4, 2


@dataclass
class Meeting:
    """One meeting a source comes from: its transcript, indexed for the evidence check."""

    id: str
    title: str
    created: str
    path: Path
    transcript: Transcript
    segments: list[Segment] = field(init=False)
    evidence: Evidence = field(init=False)

    def __post_init__(self) -> None:
        # the segments as Evidence numbers them (those with words)
        self.evidence = Evidence(self.transcript.segments, self.transcript.speaker_names)
        self.segments = self.evidence.segments

    def index_at(self, start: float) -> int | None:
        """The segment starting at ``start`` (a passage's time), else the one there."""
        for i, s in enumerate(self.segments):
            if abs(s.start - start) < 1e-3:
                return i
        return self.evidence.segment_at(start)

    def line(self, i: int) -> str:
        """One moment as the model reads it: ``[title, mm:ss] Name: words``."""
        s = self.segments[i]
        who = speaker_name(self.transcript, s)
        return f"[{self.title}, {mmss(s.start)}] {who + ': ' if who else ''}{s.text.strip()}"


@dataclass
class Source:
    """A few consecutive moments of one meeting, and how close the closest is to the question."""

    meeting: Meeting
    indexes: list[int]  # segment indexes, in order
    relevance: float = 0.0  # cosine of the closest moment to the question
    best: int = 0  # that moment's segment index
    found_by: str = ""  # "words", "meaning" or "both" (the search hit's)
    rank: int = 0  # of its first search hit

    @property
    def lines(self) -> list[str]:
        return [self.meeting.line(i) for i in self.indexes]

    def to_json(self) -> dict:
        best = self.meeting.segments[self.best]
        return {"session": self.meeting.id, "title": self.meeting.title,
                "start": self.meeting.segments[self.indexes[0]].start,
                "best": best.start, "text": best.text.strip(),
                "relevance": round(self.relevance, 4), "found_by": self.found_by}


class Meetings:
    """The library's meetings, their transcripts read from the folders once each."""

    def __init__(self, library) -> None:
        self.library = library
        self._read: dict[str, Meeting | None] = {}

    def get(self, session_id: str) -> Meeting | None:
        if session_id not in self._read:
            try:
                entry = self.library.resolve(session_id)
                transcript = load_transcript(entry.path / "transcript.json")
                self._read[session_id] = Meeting(entry.id, entry.title, entry.created,
                                                 entry.path, transcript)
            except (InputError, OSError):  # gone or torn since it was indexed: not a source
                self._read[session_id] = None
        return self._read[session_id]


def retrieve(library, question: str, *, allowed: Callable[[str, str], bool] | None = None,
             embedder: Embedder | None = None) -> list[Source]:
    """The passages that answer ``question`` best, closest first (at most MAX_SOURCES * 2).

    Args:
        library: an open engine.library.Library (synced by the caller).
        question: what the user asked.
        allowed: (session id, created) -> whether that meeting may be used (``--meeting``,
            ``--since``); None: every meeting.
        embedder: what scores closeness (default: the library's).

    Returns:
        Windows of consecutive moments, merged where they overlap, each with its relevance.

    Raises:
        ModelError: the embedding model is not installed.
    """
    hits = library.search(question, limit=POOL if allowed is None else FILTERED_POOL)
    meetings = Meetings(library)
    windows: list[Source] = []
    for rank, hit in enumerate(hits):
        if hit.start is None or hit.kind == "title":
            continue  # a title is no evidence; minutes lines name their moment
        if allowed is not None and not allowed(hit.session_id, hit.created):
            continue
        meeting = meetings.get(hit.session_id)
        i = None if meeting is None else meeting.index_at(hit.start)
        if i is None:
            continue
        indexes = _window(library, meeting, i, hit)
        _merge(windows, Source(meeting, indexes, found_by=hit.found_by, rank=rank))
    _score(windows, question, embedder or library.embedder)
    windows.sort(key=lambda w: -w.relevance)
    return windows[:MAX_SOURCES * 2]


def _window(library, meeting: Meeting, i: int, hit) -> list[int]:
    """The moments a hit stands for: a passage found by meaning is its whole chunk (a few
    moments); one found by its words, it, the moment before and the reply after."""
    last = len(meeting.segments) - 1
    if hit.found_by == "meaning" and hit.kind == "segment":
        starts = _chunk_starts(library, meeting.id, meeting.segments[i].start)
        found = [j for j in (meeting.index_at(s) for s in starts) if j is not None]
        if found:
            return sorted(set(found))
    return list(range(max(0, i - BEFORE), min(last, _reply_end(meeting.segments, i)) + 1))


def _reply_end(segments: Sequence[Segment], i: int) -> int:
    """The last moment of the turn after the one ``i`` is in (AFTER moments on at most)."""
    if segments[i].speaker is None:
        return i + AFTER_UNKNOWN
    j, turns = i, 0
    while j + 1 < len(segments) and j + 1 <= i + AFTER:
        if segments[j + 1].speaker != segments[j].speaker:
            turns += 1
            if turns == 2:
                break
        j += 1
    return j


def _chunk_starts(library, session_id: str, start: float) -> list[float]:
    """The start of every transcript passage in the chunk that starts at ``start``."""
    rows = library.conn.execute(
        "SELECT p.start FROM passages p WHERE p.chunk_id = (SELECT c.id FROM chunks c"
        " WHERE c.session_id = ? AND c.kind = 'segment' AND abs(c.start - ?) < 0.001"
        " LIMIT 1) ORDER BY p.id", (session_id, start)).fetchall()
    return [r[0] for r in rows if r[0] is not None]


def _merge(windows: list[Source], new: Source) -> None:
    """Add ``new``, joined to a window of the same meeting it overlaps or touches."""
    for w in windows:
        if w.meeting.id == new.meeting.id and (
                new.indexes[0] <= w.indexes[-1] + 1 and w.indexes[0] <= new.indexes[-1] + 1):
            w.indexes = sorted(set(w.indexes) | set(new.indexes))
            if new.found_by != w.found_by:
                w.found_by = "both"
            return
    windows.append(new)


def _score(windows: Sequence[Source], question: str, embedder: Embedder) -> None:
    """Each window's relevance: the cosine between the question and its closest moment."""
    texts = [w.meeting.segments[i].text for w in windows for i in w.indexes]
    if not texts:
        return
    vectors = embedder.embed([question, *texts])
    scores = vectors[1:] @ vectors[0]
    at = 0
    for w in windows:
        mine = scores[at:at + len(w.indexes)]
        at += len(w.indexes)
        k = int(np.argmax(mine))
        w.relevance, w.best = float(mine[k]), w.indexes[k]


def budgeted(sources: Sequence[Source], count_tokens: Callable[[str], int], budget: int
             ) -> list[Source]:
    """The closest sources whose lines fit in ``budget`` tokens (MAX_SOURCES at most); the
    first always, cut to its closest moments when it alone is too long."""
    kept: list[Source] = []
    used = 0
    for source in sources[:MAX_SOURCES]:
        cost = count_tokens("\n".join(source.lines)) + 1
        if used + cost > budget:
            if not kept:
                kept.append(Source(source.meeting, [source.best], source.relevance,
                                   source.best, source.found_by))
            break
        kept.append(source)
        used += cost
    return kept
