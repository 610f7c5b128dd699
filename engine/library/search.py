"""Search across meetings: words (SQLite FTS5, bm25) and meaning (sentence embeddings,
cosine by numpy), fused by reciprocal rank.

The user's text is never passed to FTS5 as syntax: every word becomes a quoted term, so
``"``, ``*``, ``NEAR``, ``AND``, ``(`` and unbalanced quotes cannot cause an error. Two
conveniences stay: words inside balanced quotes are a phrase, and a word ending in ``*``
matches as a prefix.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.library.embedder import DIMENSIONS, Embedder
from engine.library.store import transaction

POOL = 50  # candidates each way before fusing
RRF_K = 60  # reciprocal rank fusion's constant (Cormack et al. 2009)
# all-MiniLM-L6-v2's cosine between unrelated texts stays below ~0.2; below this a
# passage is not offered as a meaning match.
MIN_SIMILARITY = 0.3
HIGHLIGHT = ("**", "**")  # around each matched word in a snippet (Markdown bold)
_WORD = re.compile(r"\w+")
_PIECE = re.compile(r'"([^"]*)"|([^\s"]+)')
_EMBED_BATCH = 256
COMMON_FLOOR = 500  # passages: below this no word is too common to look for


@dataclass(frozen=True)
class Candidate:
    """A chunk found one way, best first; ``passage`` is the word match inside it."""

    chunk_id: int
    passage_id: int | None = None
    snippet: str | None = None


@dataclass(frozen=True)
class Hit:
    """One search result: where in which meeting, who spoke, and the text around it."""

    session_id: str
    title: str
    created: str
    path: str
    kind: str  # "segment" (the transcript), "minutes" or "title"
    start: float | None
    speaker: str | None
    snippet: str  # matched words between HIGHLIGHT marks
    score: float
    found_by: str  # "words", "meaning" or "both"

    def to_json(self) -> dict:
        return {"session": self.session_id, "title": self.title, "created": self.created,
                "path": self.path, "kind": self.kind, "start": self.start,
                "speaker": self.speaker, "snippet": self.snippet,
                "score": round(self.score, 5), "found_by": self.found_by}


def fts_query(text: str, *, any_word: bool = False) -> str | None:
    """An FTS5 query from what the user typed: each word a quoted term (all of them must
    match, or any with ``any_word``), balanced quotes a phrase, ``word*`` a prefix.

    Returns:
        The query, or None when the text holds no words.
    """
    terms = [term for term, _ in _terms(text)]
    return (" OR " if any_word else " AND ").join(terms) or None


def _terms(text: str) -> list[tuple[str, str | None]]:
    """Each term of the query with its word (None for a phrase or a prefix)."""
    terms: list[tuple[str, str | None]] = []
    for phrase, piece in _PIECE.findall(text):
        if phrase:
            words = _WORD.findall(phrase)
            if words:
                terms.append(('"' + " ".join(words) + '"', None))
            continue
        words = _WORD.findall(piece)
        terms += [(f'"{w}"', w) for w in words]
        if words and piece.endswith("*"):
            terms[-1] = (terms[-1][0] + "*", None)
    return terms


def word_hits(conn: sqlite3.Connection, text: str, *, limit: int) -> list[Candidate]:
    """Passages holding all the query's words, by bm25; when none does, those holding any
    of its uncommon words (a question's "what", "did", "the" would match most passages and
    cost a bm25 score each: 200 ms over 1,000 meetings; meaning search covers the question)."""
    found = _fts(conn, fts_query(text), limit)
    if not found:
        rare = [term for term, word in _terms(text) if word is None or not _common(conn, word)]
        found = _fts(conn, " OR ".join(rare) or None, limit)
    return found


def _common(conn: sqlite3.Connection, word: str) -> bool:
    """Whether ``word`` is in more than 2 % of the passages (and 500 of them)."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.passages_vocab"
                 " USING fts5vocab(main, passages_fts, row)")
    term = "".join(c for c in unicodedata.normalize("NFKD", word.casefold())
                   if not unicodedata.combining(c))
    row = conn.execute("SELECT doc FROM passages_vocab WHERE term = ?", (term,)).fetchone()
    total = conn.execute("SELECT max(id) FROM passages").fetchone()[0] or 0
    return row is not None and row[0] > max(COMMON_FLOOR, total // 50)


def _fts(conn: sqlite3.Connection, query: str | None, limit: int) -> list[Candidate]:
    if query is None:
        return []
    rows = conn.execute(
        "SELECT p.chunk_id, p.id, snippet(passages_fts, 0, ?, ?, '…', 16)"
        " FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid"
        " WHERE passages_fts MATCH ? ORDER BY bm25(passages_fts) LIMIT ?",
        (*HIGHLIGHT, query, limit)).fetchall()
    return [Candidate(c, p, s) for c, p, s in rows]


class VectorCache:
    """Every chunk's vector as one matrix (rebuilt after the index changes)."""

    def __init__(self, ids: np.ndarray, matrix: np.ndarray) -> None:
        self.ids, self.matrix = ids, matrix

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> VectorCache:
        rows = conn.execute("SELECT c.id, v.vector FROM chunks c JOIN vectors v ON v.hash = c.hash"
                            ).fetchall()
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32)
        return cls(ids, matrix.reshape(len(rows), DIMENSIONS))


def meaning_hits(cache: VectorCache, embedder: Embedder, text: str, *, limit: int
                 ) -> list[Candidate]:
    """Chunks closest in meaning to the query (cosine of unit vectors), best first."""
    if not len(cache.ids):
        return []
    query = embedder.embed([text])[0]
    scores = cache.matrix @ query
    top = np.argpartition(-scores, min(limit, len(scores) - 1))[:limit]
    top = top[np.argsort(-scores[top])]
    return [Candidate(int(cache.ids[i])) for i in top if scores[i] >= MIN_SIMILARITY]


def embed_pending(conn: sqlite3.Connection, embedder: Embedder,
                  progress: Callable[[int, int], None] | None = None) -> int:
    """Embed the chunks whose text has no vector yet, a batch per transaction."""
    pending = conn.execute("SELECT DISTINCT c.hash, c.text FROM chunks c"
                           " LEFT JOIN vectors v ON v.hash = c.hash WHERE v.hash IS NULL"
                           ).fetchall()
    for at in range(0, len(pending), _EMBED_BATCH):
        batch = pending[at:at + _EMBED_BATCH]
        vectors = embedder.embed([text for _, text in batch])
        with transaction(conn):
            conn.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                             [(h, v.astype(np.float32).tobytes())
                              for (h, _), v in zip(batch, vectors, strict=True)])
        if progress:
            progress(min(at + _EMBED_BATCH, len(pending)), len(pending))
    return len(pending)


def fused(conn: sqlite3.Connection, words: list[Candidate], close: list[Candidate], *,
          limit: int) -> list[Hit]:
    """Both rankings fused by reciprocal rank (a chunk found both ways ranks high), as hits."""
    scores: dict[int, float] = {}
    by_words: dict[int, Candidate] = {}
    for c in words:
        if c.chunk_id not in by_words:
            by_words[c.chunk_id] = c
            scores[c.chunk_id] = scores.get(c.chunk_id, 0.0) + 1.0 / (RRF_K + len(by_words))
    meant = set()
    for rank, c in enumerate(close, 1):
        meant.add(c.chunk_id)
        scores[c.chunk_id] = scores.get(c.chunk_id, 0.0) + 1.0 / (RRF_K + rank)
    best = sorted(scores, key=lambda k: -scores[k])[:limit]
    return [_hit(conn, k, by_words.get(k), scores[k],
                 "both" if k in by_words and k in meant else "words" if k in by_words
                 else "meaning") for k in best]


def _hit(conn: sqlite3.Connection, chunk_id: int, word: Candidate | None, score: float,
         found_by: str) -> Hit:
    if word is not None:  # the passage that matched, with its own time and speaker
        kind, start, speaker, text = conn.execute(
            "SELECT kind, start, speaker, text FROM passages WHERE id = ?",
            (word.passage_id,)).fetchone()
        snippet = word.snippet or text
    else:
        kind, start, speaker, text = conn.execute(
            "SELECT kind, start, speaker, text FROM chunks WHERE id = ?", (chunk_id,)).fetchone()
        snippet = _shortened(text)
    session_id, title, created, path = conn.execute(
        "SELECT s.id, s.title, s.created, s.path FROM chunks c JOIN sessions s"
        " ON s.id = c.session_id WHERE c.id = ?", (chunk_id,)).fetchone()
    return Hit(session_id, title, created, path, kind, start, speaker, snippet, score, found_by)


def _shortened(text: str, words: int = 32) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
