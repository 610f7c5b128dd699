"""The meeting library: every session folder under the sessions dir, listed, searched,
renamed and deleted, through an index that the folders can always rebuild.

``Library.sync()`` brings the index in line with the folders (new, changed, copied-in and
deleted folders) by comparing file sizes and times, so a listing is never stale; ``reindex``
reads every folder again. Nothing here writes a session folder except ``rename`` (the
manifest's title) and ``delete``.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from engine import paths
from engine.errors import InputError
from engine.library import actions as items
from engine.library import search, store
from engine.library.embedder import Embedder
from engine.library.folders import Unreadable, read_folder, signature
from engine.session import Session

log = logging.getLogger("minutia.library")
INDEX_FILE = "library.sqlite3"


@dataclass(frozen=True)
class Entry:
    """One meeting as the library lists it."""

    id: str
    path: Path
    title: str
    created: str
    duration: float | None
    speakers: list[str]
    status: str
    segments: int
    minutes_file: str | None

    def to_json(self) -> dict:
        return {"id": self.id, "path": str(self.path), "title": self.title,
                "created": self.created, "duration": self.duration, "speakers": self.speakers,
                "status": self.status, "segments": self.segments,
                "minutes": str(self.path / self.minutes_file) if self.minutes_file else None}


@dataclass(frozen=True)
class Skipped:
    """A folder the index left out, and why."""

    path: Path
    reason: str


@dataclass
class SyncReport:
    """What a sync or reindex did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    rebuilt: str | None = None  # why the index file was started afresh


def default_trash(path: Path) -> None:
    """Move ``path`` to the system trash (Send2Trash: the XDG trash on Linux, the Recycle Bin,
    the macOS Trash)."""
    from send2trash import send2trash

    send2trash(str(path))


class Library:
    """The sessions under ``root`` and their index at ``index_path``.

    Args:
        root: the sessions folder (default: the user's, engine.paths.sessions_dir()).
        index_path: the index file (default: library.sqlite3 in the user data dir).
        embedder: what turns text into vectors for meaning search (default: the embedded
            all-MiniLM-L6-v2, loaded on first use).
        trash: moves a deleted session's folder away (default: the system trash).
    """

    def __init__(self, *, root: Path | None = None, index_path: Path | None = None,
                 embedder: Embedder | None = None,
                 trash: Callable[[Path], None] | None = None) -> None:
        self.root = Path(root) if root else paths.sessions_dir()
        self.index_path = Path(index_path) if index_path else paths.data_dir() / INDEX_FILE
        self.embedder = embedder or Embedder()
        self.trash = trash or default_trash
        self._lock = threading.RLock()
        opened = store.open_index(self.index_path)
        self.conn, self.rebuilt = opened.conn, opened.rebuilt
        self._vectors: search.VectorCache | None = None

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- keeping the index in line with the folders -------------------------------------

    def _folders(self) -> dict[str, Path]:
        if not self.root.is_dir():
            return {}
        return {p.name: p for p in self.root.iterdir()
                if p.is_dir() and not p.name.startswith(".")}

    def sync(self) -> SyncReport:
        """Index new and changed folders, drop deleted ones (compares sizes and times only,
        so an unchanged library costs a few stat calls a session).

        Returns:
            What changed, and every folder skipped with its reason.
        """
        with self._lock:
            report = SyncReport(rebuilt=self.rebuilt)
            self.rebuilt = None
            listed = dict(self.conn.execute("SELECT id, signature FROM sessions").fetchall())
            known = listed | dict(self.conn.execute("SELECT id, signature FROM skipped").fetchall())
            folders = self._folders()
            for gone in sorted(set(known) - set(folders)):
                with store.transaction(self.conn):
                    store.forget_session(self.conn, gone)
                if gone in listed:
                    report.removed.append(gone)
            for name, folder in sorted(folders.items()):
                if known.get(name) != signature(folder):
                    self._update(folder, report, new=name not in listed)
            report.skipped = self.skipped()
            return report

    def reindex(self) -> SyncReport:
        """Read every folder again and rebuild the index from them (vectors of unchanged text
        are kept), in one transaction: a crash leaves the old index whole."""
        with self._lock:
            report = SyncReport(rebuilt=self.rebuilt)
            self.rebuilt = None
            with store.transaction(self.conn):
                before = {r[0] for r in self.conn.execute("SELECT id FROM sessions")}
                for table in ("passages", "chunks", "sessions", "skipped", "actions"):
                    self.conn.execute(f"DELETE FROM {table}")
                folders = self._folders()
                for name, folder in sorted(folders.items()):
                    self._read_into(folder, report, new=name not in before)
                report.removed = sorted(before - set(folders))
                store.drop_unused_vectors(self.conn)
            self._vectors = None
            report.skipped = self.skipped()
            return report

    def update(self, folder: Path) -> Entry | None:
        """Index one session folder now (a job just finished, a folder was added).

        Returns:
            Its entry; None when it was skipped (``skipped()`` says why) or is gone.
        """
        folder = Path(folder)
        with self._lock:
            if not folder.is_dir():
                with store.transaction(self.conn):
                    store.forget_session(self.conn, folder.name)
                return None
            self._update(folder, SyncReport(), new=False)
            return self._entry(folder.name)

    def _update(self, folder: Path, report: SyncReport, *, new: bool) -> None:
        with store.transaction(self.conn):
            self._read_into(folder, report, new=new)
        self._vectors = None

    def _read_into(self, folder: Path, report: SyncReport, *, new: bool) -> None:
        """Read one folder into the index (inside the caller's transaction)."""
        sig = signature(folder)
        try:
            record = read_folder(folder)
        except (Unreadable, OSError) as e:  # OSError: a file unreadable (permissions, I/O)
            log.warning("library: skipped %s: %s", folder, e)
            store.put_skipped(self.conn, folder, str(e), sig)
            return
        store.put_session(self.conn, record)
        (report.added if new else report.updated).append(record.id)

    # ---- reading ------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Every indexed meeting, newest first."""
        with self._lock:
            rows = self.conn.execute(f"SELECT {_COLUMNS} FROM sessions ORDER BY created DESC, id DESC")
            return [_entry(r) for r in rows.fetchall()]

    def skipped(self) -> list[Skipped]:
        with self._lock:
            return [Skipped(Path(p), r) for p, r in
                    self.conn.execute("SELECT path, reason FROM skipped ORDER BY id").fetchall()]

    def _entry(self, session_id: str) -> Entry | None:
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM sessions WHERE id = ?",
                                (session_id,)).fetchone()
        return _entry(row) if row else None

    def resolve(self, text: str) -> Entry:
        """The meeting ``text`` names: its folder (path), its id, or a unique start of its id.

        Raises:
            InputError: no such meeting, or the prefix fits several (they are named).
        """
        with self._lock:
            path = Path(text).expanduser()
            if path.is_dir() and (path / "manifest.json").is_file():
                if path.resolve().parent != self.root.resolve():
                    raise InputError(f"{path} is not in the library ({self.root})")
                found = self._entry(path.name)
                if found is None:
                    raise InputError(f"{path.name} is not indexed: "
                                     + self._skip_reason(path.name))
                return found
            exact = self._entry(text)
            if exact is not None:
                return exact
            like = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            rows = self.conn.execute(f"SELECT {_COLUMNS} FROM sessions WHERE id LIKE ? ESCAPE '\\'"
                                     " ORDER BY id LIMIT 6", (like,)).fetchall()
            if len(rows) == 1:
                return _entry(rows[0])
            if not rows:
                raise InputError(f"No meeting “{text}” in the library (see `minutia list`)")
            names = ", ".join(r[0] for r in rows[:5]) + (", …" if len(rows) > 5 else "")
            raise InputError(f"“{text}” fits several meetings: {names}; give more of the id")

    def _skip_reason(self, session_id: str) -> str:
        row = self.conn.execute("SELECT reason FROM skipped WHERE id = ?", (session_id,)).fetchone()
        return f"skipped because {row[0]}" if row else "run `minutia reindex`"

    # ---- changing ----------------------------------------------------------------------

    def rename(self, text: str, title: str) -> Entry:
        """Give a meeting a new title (in its manifest.json, then the index).

        Raises:
            InputError: no such meeting, or an empty title.
        """
        title = " ".join(title.split())
        if not title:
            raise InputError("The new title is empty")
        with self._lock:
            entry = self.resolve(text)
            Session.open(entry.path).save_manifest(title=title)
            return self.update(entry.path)

    def delete(self, text: str, *, permanent: bool = False) -> Entry:
        """Move a meeting's folder to the system trash (``permanent``: delete it for good),
        then drop it from the index.

        Raises:
            InputError: no such meeting, or the trash refused it (the message says so).
        """
        with self._lock:
            entry = self.resolve(text)
            try:
                if permanent:
                    shutil.rmtree(entry.path)
                else:
                    self.trash(entry.path)
            except OSError as e:
                how = "delete" if permanent else "move to the trash"
                raise InputError(f"Could not {how} {entry.path}: {e}"
                                 + ("" if permanent else " (--permanent deletes it instead)")) from e
            with store.transaction(self.conn):
                store.forget_session(self.conn, entry.id)
            self._vectors = None
            return entry

    # ---- action items -------------------------------------------------------------------

    def actions(self, *, open_only: bool = False) -> list[items.Action]:
        """Every meeting's action items (``open_only``: those not ticked done), newest
        meeting first, in the minutes' order."""
        with self._lock:
            return items.listed(self.conn, open_only=open_only)

    def set_done(self, ref: str, done: bool = True) -> items.Action:
        """Tick the action item ``ref`` (its id, or the start of it) done, or open again:
        in its session folder's actions.json first, then in the index.

        Raises:
            InputError: no such item. OutputError: the folder cannot be written.
        """
        with self._lock:
            action_id, session_id, task = items.find(self.conn, ref)
            folder = self._entry(session_id).path
            items.save_done(folder, action_id, task, done)
            self.update(folder)
            found = items.listed(self.conn, action_id=action_id)
            if not found:
                raise InputError(f"The action item {action_id} is gone from its minutes")
            return found[0]

    # ---- search ------------------------------------------------------------------------

    def embed_pending(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Compute the meaning vectors the index lacks (new or changed text).

        Returns:
            How many chunks of text were embedded.

        Raises:
            ModelError: the embedding model is not installed.
        """
        with self._lock:
            done = search.embed_pending(self.conn, self.embedder, progress)
            if done:
                self._vectors = None
            return done

    def search(self, query: str, *, limit: int = 20, meaning: bool = True) -> list[search.Hit]:
        """Meetings' passages that match ``query``: by words (FTS5, bm25) and, with
        ``meaning``, by sentence embeddings, fused by reciprocal rank. Any text is a valid
        query: quotes, ``*``, ``NEAR`` and the like are words, not syntax errors.

        Raises:
            ModelError: ``meaning`` and the embedding model is not installed.
        """
        with self._lock:
            words = search.word_hits(self.conn, query, limit=search.POOL)
            close: list[search.Candidate] = []
            if meaning and query.strip():
                self.embed_pending()
                if self._vectors is None:
                    self._vectors = search.VectorCache.load(self.conn)
                close = search.meaning_hits(self._vectors, self.embedder, query,
                                            limit=search.POOL)
            return search.fused(self.conn, words, close, limit=limit)


_COLUMNS = "id, path, title, created, duration, speakers, status, segments, minutes_file"


def _entry(row) -> Entry:
    return Entry(row[0], Path(row[1]), row[2], row[3], row[4], json.loads(row[5]), row[6],
                 row[7], row[8])
