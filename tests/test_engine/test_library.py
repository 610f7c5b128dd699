"""The meeting library's index (engine.library): real SQLite, real session folders made with
the engine's own Session API, and the bad inputs of issue 18."""

import json
import os
import shutil
import sqlite3

import pytest
from fakes import FakeChat, FakeTranscriber
from library_sessions import BERLIN, MINUTES, make_session  # noqa: F401

from engine import CancelToken, EngineConfig, Pipeline, paths
from engine.errors import InputError
from engine.library import Library
from engine.library import store as library_store
from engine.session import Session, Status
from engine.types import Segment, Transcript


@pytest.fixture
def root(tmp_path):
    return tmp_path / "sessions"


@pytest.fixture
def library(tmp_path, root):
    with Library(root=root, index_path=tmp_path / "index" / "library.sqlite3") as lib:
        yield lib


def test_lists_title_date_duration_speakers_and_status(root, library):
    written = make_session(root, "Trade show", names={0: "Priya"}, duration=140.0)
    heard = make_session(root, "Standup", [(3.0, None, "Nothing new today.")], minutes=None)
    recording = Session.create("Call with Ana", root=root)
    (recording.dir / "recording.wav").write_bytes(b"\0" * (44 + 32000 * 90))  # 90 s
    recording.save_manifest(status=Status.RECORDING,
                            recording={"file": "recording.wav", "pid": 999_999_999})
    report = library.sync()
    assert sorted(report.added) == sorted([written.name, heard.name, recording.dir.name])
    by_id = {e.id: e for e in library.entries()}
    trade = by_id[written.name]
    assert (trade.title, trade.status, trade.duration) == ("Trade show", "minutes written", 140.0)
    assert trade.speakers == ["Priya", "Speaker 2"] and trade.segments == 3
    assert trade.created[:10] == written.name[:4] + "-" + written.name[4:6] + "-" + written.name[6:8]
    assert (by_id[heard.name].status, by_id[heard.name].speakers) == ("transcribed", [])
    interrupted = by_id[recording.dir.name]
    assert interrupted.status == "interrupted"  # its recording process is gone
    assert interrupted.duration == pytest.approx(90.0)


def test_an_empty_library_lists_and_finds_nothing(root, library):
    assert library.sync().added == [] and library.entries() == []
    assert library.search("anything", meaning=False) == []
    root.mkdir()
    assert library.sync().added == [] and library.entries() == []


def test_unreadable_folders_are_skipped_with_their_reason_and_the_rest_indexed(root, library):
    good = make_session(root, "Good meeting")
    bad_json = make_session(root, "Damaged manifest")
    (bad_json / "manifest.json").write_text('{"title": "Dam', encoding="utf-8")
    torn = make_session(root, "Torn transcript")
    text = (torn / "transcript.json").read_text(encoding="utf-8")
    (torn / "transcript.json").write_text(text[: len(text) // 2], encoding="utf-8")
    half = root / "20261203-101010-half"
    half.mkdir()
    (half / "manifest.json.tmp").write_text("{", encoding="utf-8")
    report = library.sync()
    assert [e.id for e in library.entries()] == [good.name]
    reasons = {s.path.name: s.reason for s in report.skipped}
    assert set(reasons) == {bad_json.name, torn.name, half.name}
    assert "manifest.json is not valid JSON" in reasons[bad_json.name]
    assert "transcript.json cannot be read" in reasons[torn.name]
    assert "half-written" in reasons[half.name]
    (torn / "transcript.json").write_text(text, encoding="utf-8")  # mended: indexed next time
    assert library.sync().added == [torn.name]
    assert {s.path.name for s in library.skipped()} == {bad_json.name, half.name}


def test_a_folder_deleted_behind_its_back_disappears(root, library):
    keep, gone = make_session(root, "Keep"), make_session(root, "Gone")
    library.sync()
    shutil.rmtree(gone)
    assert library.sync().removed == [gone.name]
    assert [e.id for e in library.entries()] == [keep.name]
    assert {h.session_id for h in library.search("Berlin", meaning=False)} == {keep.name}


def test_a_folder_copied_in_from_elsewhere_appears_after_reindex(tmp_path, root, library):
    make_session(root, "Here")
    library.sync()
    elsewhere = make_session(tmp_path / "laptop", "From the laptop",
                             [(5.0, 0, "The warehouse lease ends in June.")])
    shutil.copytree(elsewhere, root / elsewhere.name)
    report = library.reindex()
    assert report.added == [elsewhere.name]
    assert {e.title for e in library.entries()} == {"Here", "From the laptop"}
    [hit] = library.search("warehouse", meaning=False)
    assert (hit.session_id, hit.start, hit.speaker) == (elsewhere.name, 5.0, "Speaker 1")


def test_a_changed_folder_is_read_again(root, library):
    folder = make_session(root, "Budget")
    library.sync()
    Session.open(folder).save_edited_minutes("# Budget\n\n- The auditor signs off in May\n")
    assert library.sync().updated == [folder.name]
    assert library.entries()[0].minutes_file == "minutes.edited.md"
    assert [h.kind for h in library.search("auditor", meaning=False)] == ["minutes"]
    assert [h.kind for h in library.search("stand", meaning=False)] == ["segment"]  # not minutes


def test_an_index_from_a_newer_minutia_is_rebuilt(tmp_path, root):
    index = tmp_path / "library.sqlite3"
    folder = make_session(root, "Weekly")
    with Library(root=root, index_path=index) as lib:
        lib.sync()
    conn = sqlite3.connect(index)
    conn.execute(f"PRAGMA user_version = {library_store.SCHEMA_VERSION + 1}")
    conn.execute("DROP TABLE passages_fts")
    conn.commit()
    conn.close()
    with Library(root=root, index_path=index) as lib:
        report = lib.sync()
        assert "newer Minutia" in report.rebuilt
        assert report.added == [folder.name]
        assert [h.session_id for h in lib.search("Berlin stand", meaning=False)][:1] == [folder.name]


def test_a_damaged_index_file_is_rebuilt(tmp_path, root):
    index = tmp_path / "library.sqlite3"
    folder = make_session(root, "Weekly")
    with Library(root=root, index_path=index) as lib:
        lib.sync()
    for suffix in ("-wal", "-shm"):
        (tmp_path / ("library.sqlite3" + suffix)).unlink(missing_ok=True)
    index.write_bytes(b"this is not an SQLite database" * 100)
    with Library(root=root, index_path=index) as lib:
        report = lib.sync()
        assert "damaged" in report.rebuilt and report.added == [folder.name]
        assert lib.entries()[0].title == "Weekly"


def test_an_update_that_fails_half_way_leaves_the_session_as_it_was(root, library, monkeypatch):
    folder = make_session(root, "Atomic")
    library.sync()
    Session.open(folder).save_manifest(title="Renamed by hand")

    def broken(record):
        raise RuntimeError("power cut")
    monkeypatch.setattr(library_store, "chunks_of", broken)  # after the session row is written
    with pytest.raises(RuntimeError):
        library.update(folder)
    assert [e.title for e in library.entries()] == ["Atomic"]
    assert library.search("Berlin", meaning=False)  # its passages are all still there


def test_rename_writes_the_manifest_and_the_index(root, library):
    folder = make_session(root, "Old title")
    library.sync()
    entry = library.rename(folder.name[:17], "  Berlin   fair  ")
    assert entry.title == "Berlin fair"
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["title"] == "Berlin fair"
    assert [h.kind for h in library.search("fair", meaning=False)] == ["title"]
    assert library.search("Old title", meaning=False) == []
    with pytest.raises(InputError, match="empty"):
        library.rename(folder.name, "   ")


def test_delete_moves_the_folder_to_the_trash_or_deletes_it(tmp_path, root):
    trash = tmp_path / "trash"
    trash.mkdir()
    with Library(root=root, index_path=tmp_path / "i.sqlite3",
                 trash=lambda p: shutil.move(p, trash / p.name)) as lib:
        a, b = make_session(root, "First"), make_session(root, "Second")
        lib.sync()
        lib.delete(a.name)
        assert not a.exists() and (trash / a.name / "manifest.json").is_file()
        lib.delete(str(b), permanent=True)
        assert not b.exists() and not (trash / b.name).exists()
        assert lib.entries() == [] and lib.search("Berlin", meaning=False) == []
        with pytest.raises(InputError, match="No meeting"):
            lib.delete(a.name)


def test_a_session_is_named_by_folder_id_or_unique_prefix(tmp_path, root, library):
    a, b = make_session(root, "Alpha"), make_session(root, "Beta")
    library.sync()
    assert library.resolve(str(a)).id == a.name
    assert library.resolve(b.name).title == "Beta"
    assert library.resolve(b.name[:-2]).title == "Beta"
    with pytest.raises(InputError, match="several"):
        library.resolve(a.name[:8])  # the same day
    with pytest.raises(InputError, match="No meeting"):
        library.resolve("1999")
    with pytest.raises(InputError, match="No meeting"):
        library.resolve("%")  # LIKE's wildcard is a plain character
    outside = make_session(tmp_path / "other", "Outside")
    with pytest.raises(InputError, match="not in the library"):
        library.resolve(str(outside))


def test_a_finished_job_is_indexed_without_a_sync(tmp_path):
    said = Transcript([Segment(0.0, 3.0, "The Lisbon office opens in October.", speaker=0)],
                      "en", 1.0, 3.0)
    pipeline = Pipeline(config=EngineConfig(speakers=False), transcriber=FakeTranscriber([]),
                        chat_model=FakeChat("- Lisbon opens in October [00:00]"),
                        sessions_root=paths.sessions_dir())
    events = list(pipeline.minutes_from_transcript(said, cancel=CancelToken(), title="Lisbon"))
    folder = events[-1].session_dir
    with Library() as lib:  # the user's library, as the app and CLI open it; no sync
        entry = {e.id: e for e in lib.entries()}[folder.name]
        assert (entry.title, entry.status) == ("Lisbon", "minutes written")
        assert any(h.session_id == folder.name for h in lib.search("Lisbon", meaning=False))
    elsewhere = Pipeline(config=EngineConfig(speakers=False), transcriber=FakeTranscriber([]),
                         chat_model=FakeChat("- ok"), sessions_root=tmp_path / "out")
    other = list(elsewhere.minutes_from_transcript(said, cancel=CancelToken(), title="Out"))
    with Library() as lib:  # a job with its own output folder is not the library's
        assert other[-1].session_dir.name not in {e.id for e in lib.entries()}
    assert os.path.isdir(other[-1].session_dir)


def test_two_processes_share_one_index(tmp_path, root):
    index = tmp_path / "library.sqlite3"
    folder = make_session(root, "Shared")
    first, second = Library(root=root, index_path=index), Library(root=root, index_path=index)
    try:
        assert second.rebuilt is None and first.sync().added == [folder.name]
        assert [e.id for e in second.entries()] == [folder.name]  # written by the other one
        second.rename(folder.name, "Shared, renamed")
        assert first.entries()[0].title == "Shared, renamed"
    finally:
        first.close()
        second.close()
