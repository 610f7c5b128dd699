"""The library's index file: one SQLite database (WAL) that caches what the session folders
say, with full-text search (FTS5) over passages and meaning vectors as float32 BLOBs.

The index is only a cache: a file from a newer Minutia, an older layout, or a damaged file
is set aside and rebuilt from the folders. Every change to one session is one transaction,
so a crash mid-update leaves the index as it was before that session.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from engine.errors import OutputError
from engine.library.actions import action_ids
from engine.library.folders import FolderRecord
from engine.library.passages import chunks_of

log = logging.getLogger("minutia.library")
SCHEMA_VERSION = 2  # 2: action items

SCHEMA = """
CREATE TABLE sessions (
    id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT NOT NULL, created TEXT NOT NULL,
    duration REAL, speakers TEXT NOT NULL, status TEXT NOT NULL, segments INTEGER NOT NULL,
    minutes_file TEXT, signature TEXT NOT NULL, indexed TEXT NOT NULL);
CREATE TABLE skipped (id TEXT PRIMARY KEY, path TEXT NOT NULL, reason TEXT NOT NULL,
    signature TEXT NOT NULL);
CREATE TABLE chunks (id INTEGER PRIMARY KEY, session_id TEXT NOT NULL, kind TEXT NOT NULL,
    start REAL, speaker TEXT, text TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX chunks_session ON chunks(session_id);
CREATE INDEX chunks_hash ON chunks(hash);
CREATE TABLE passages (id INTEGER PRIMARY KEY, session_id TEXT NOT NULL,
    chunk_id INTEGER NOT NULL, kind TEXT NOT NULL, start REAL, speaker TEXT, text TEXT NOT NULL);
CREATE INDEX passages_session ON passages(session_id);
CREATE VIRTUAL TABLE passages_fts USING fts5(text, content='passages', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER passages_added AFTER INSERT ON passages BEGIN
    INSERT INTO passages_fts(rowid, text) VALUES (new.id, new.text); END;
CREATE TRIGGER passages_removed AFTER DELETE ON passages BEGIN
    INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text); END;
CREATE TABLE vectors (hash TEXT PRIMARY KEY, vector BLOB NOT NULL);
"""
# Version 2: every meeting's action items, with the done flags read from the folders.
ACTIONS_SCHEMA = """
CREATE TABLE actions (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, position INTEGER NOT NULL,
    task TEXT NOT NULL, owner TEXT, due TEXT, start REAL, unverified INTEGER NOT NULL,
    done TEXT);
CREATE INDEX actions_session ON actions(session_id);
"""


@dataclass(frozen=True)
class Opened:
    """An open index; ``rebuilt`` says why it was started afresh (None: it was fine)."""

    conn: sqlite3.Connection
    rebuilt: str | None


def open_index(path: Path) -> Opened:
    """Open (or create) the index at ``path``; rebuild it when it is from a newer or older
    Minutia, or damaged.

    Returns:
        The connection, and why the index was rebuilt (None when it was fine or new).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists() and path.stat().st_size > 0
    try:
        conn = _connect(path)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            conn.execute("SELECT count(*) FROM sessions").fetchone()
            return Opened(conn, None)
        if version == 0 and not conn.execute("SELECT 1 FROM sqlite_master").fetchone():
            _create(conn)
            return Opened(conn, None)
        if version == 1 and _add_actions(conn):
            return Opened(conn, None)
        conn.close()
        reason = (f"it was written by a newer Minutia (index version {version})"
                  if version > SCHEMA_VERSION else f"it has an older layout (version {version})")
    except sqlite3.OperationalError as e:
        if "locked" in str(e) or "busy" in str(e):  # in use, not damaged: never set aside
            raise OutputError(f"The library index {path} is busy (another Minutia is writing"
                              " it): try again in a moment") from e
        reason = f"it was damaged ({e})"
    except sqlite3.DatabaseError as e:
        reason = f"it was damaged ({e})"
    _set_aside(path)
    conn = _connect(path)
    _create(conn)
    log.warning("library index %s rebuilt: %s", path, reason)
    return Opened(conn, reason if existed else None)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def _create(conn: sqlite3.Connection) -> None:
    with transaction(conn):
        if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return  # another process created it first
        for statement in _statements(SCHEMA + ACTIONS_SCHEMA):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def _add_actions(conn: sqlite3.Connection) -> bool:
    """Bring a version 1 index (before action items) to version 2 in place: their table
    added, every folder marked to be read again by the next sync (the meaning vectors are
    kept: a folder's text finds its vectors by their hash). Rebuilding would lose the
    vectors, which take minutes to compute again for a large library.

    Returns:
        False when the file is not a version 1 index after all (then it is rebuilt).
    """
    try:
        with transaction(conn):
            if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
                return True  # another process did it first
            conn.execute("UPDATE sessions SET signature = ''")
            conn.execute("DELETE FROM skipped")
            for statement in _statements(ACTIONS_SCHEMA):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    except sqlite3.OperationalError as e:
        if "locked" in str(e) or "busy" in str(e):
            raise
        log.warning("library index: cannot add the action items to it (%s): rebuilt", e)
        return False
    log.info("library index: version 1 -> 2 (action items); every folder is read again")
    return True


def _statements(script: str) -> list[str]:
    """The schema's statements (triggers hold ';' inside BEGIN ... END)."""
    out, current = [], ""
    for line in script.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    return out


def _set_aside(path: Path) -> None:
    """Remove a bad index and its WAL files (the folders keep everything it held)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


class transaction:
    """``with transaction(conn):`` one atomic change (BEGIN IMMEDIATE ... COMMIT/ROLLBACK)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, kind, error, tb) -> bool:
        self.conn.execute("COMMIT" if kind is None else "ROLLBACK")
        return False


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def put_session(conn: sqlite3.Connection, record: FolderRecord) -> None:
    """Replace what the index holds of ``record``'s session (call inside a transaction)."""
    forget_session(conn, record.id)
    conn.execute(
        "INSERT INTO sessions VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (record.id, str(record.path), record.title, record.created, record.duration,
         json.dumps(record.speakers, ensure_ascii=False), record.status, len(record.lines),
         record.minutes_file, record.signature,
         datetime.now().isoformat(timespec="seconds")))
    for chunk in chunks_of(record):
        chunk_id = conn.execute(
            "INSERT INTO chunks (session_id, kind, start, speaker, text, hash) VALUES (?,?,?,?,?,?)",
            (record.id, chunk.kind, chunk.start, chunk.speaker, chunk.text,
             text_hash(chunk.text))).lastrowid
        conn.executemany(
            "INSERT INTO passages (session_id, chunk_id, kind, start, speaker, text)"
            " VALUES (?,?,?,?,?,?)",
            [(record.id, chunk_id, p.kind, p.start, p.speaker, p.text) for p in chunk.passages])
    ids = action_ids(record.id, record.actions)
    conn.executemany(
        "INSERT OR REPLACE INTO actions VALUES (?,?,?,?,?,?,?,?,?)",
        [(i, record.id, n, a.task, a.owner, a.due, a.start, int(a.unverified), record.done.get(i))
         for n, (i, a) in enumerate(zip(ids, record.actions, strict=True))])


def put_skipped(conn: sqlite3.Connection, folder: Path, reason: str, signature: str) -> None:
    forget_session(conn, folder.name)
    conn.execute("INSERT INTO skipped VALUES (?,?,?,?)", (folder.name, str(folder), reason,
                                                          signature))


def forget_session(conn: sqlite3.Connection, session_id: str) -> None:
    """Drop a session (or a skipped folder) from the index; its vectors stay until
    ``drop_unused_vectors`` (the same text elsewhere, or after a re-read, reuses them)."""
    conn.execute("DELETE FROM passages WHERE session_id = ?", (session_id,))
    conn.execute("DELETE FROM actions WHERE session_id = ?", (session_id,))
    conn.execute("DELETE FROM chunks WHERE session_id = ?", (session_id,))
    conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
    conn.execute("DELETE FROM skipped WHERE id = ?", (session_id,))


def drop_unused_vectors(conn: sqlite3.Connection) -> int:
    return conn.execute("DELETE FROM vectors WHERE hash NOT IN (SELECT hash FROM chunks)").rowcount
