"""Many meetings (issue 18's "10,000 sessions", scaled to what a test run affords: 1,000):
every one listed, newest first, a phrase said in one of them found there and nowhere else,
and a sync with nothing changed reads nothing again. Real SQLite; the folders are one real session
folder copied, each with its own title, date and one sentence of its own (words only: the
meaning vectors of 1,000 meetings would take minutes; bench/library.py measures them)."""

import json
import shutil

from library_sessions import make_session

from engine.library import Library

MANY = 1000


def many_sessions(root):
    first = make_session(root / "made", "Template")
    for i in range(MANY):
        folder = shutil.copytree(first, root / "sessions" / f"2026{i:05d}-meeting-{i}")
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        manifest.update(title=f"Meeting {i}",
                        created=f"2026-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00")
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        transcript = json.loads((folder / "transcript.json").read_text(encoding="utf-8"))
        transcript["segments"][0]["text"] = f"Topic number {i} is the word xylo{i}phone."
        (folder / "transcript.json").write_text(json.dumps(transcript), encoding="utf-8")
    return root / "sessions"


def test_a_thousand_meetings_are_listed_and_searched(tmp_path):
    root = many_sessions(tmp_path)
    with Library(root=root, index_path=tmp_path / "library.sqlite3") as library:
        report = library.sync()
        assert not report.skipped
        entries = library.entries()
        assert len(entries) == MANY and len({e.id for e in entries}) == MANY
        assert [e.created for e in entries] == sorted((e.created for e in entries), reverse=True)
        for i in (0, 137, 287, MANY - 1):
            hits = library.search(f"xylo{i}phone", meaning=False)
            assert [(h.title, h.start) for h in hits] == [(f"Meeting {i}", 0.0)]
        again = library.sync()  # nothing changed: nothing read again
        assert (again.added, again.updated, again.removed) == ([], [], []) and \
            len(library.entries()) == MANY
