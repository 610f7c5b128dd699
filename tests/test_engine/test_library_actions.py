"""Open action items across meetings (engine.library.actions): parsed from each session's
minutes, ticked done in the session folder (actions.json) and in the index; real SQLite and
real session folders."""

import json
import shutil
import sqlite3

import pytest
from library_sessions import make_session

from engine.errors import InputError
from engine.library import Library
from engine.library import store as library_store
from engine.library.actions import ACTIONS_FILE, load_done, parse_actions

WRITTEN = """# Minutes: Launch

## Summary

Tasks: Peter will test the contact form (due: by Friday) [00:26].

## Decisions

- We launch on Monday [00:11]

## Action items

- **Peter**: test the contact form and fix any problems before Friday (due: before Friday) [00:26]
- **(owner not stated)**: do the move tomorrow morning (due: tomorrow) [01:23] ⚠ unverified (5)
- **Carmen**: write the announcement (due: not stated) [1:02:03]
- Ask the volunteers about a calendar [00:54, 01:10]

## Open questions

- Do we need a Spanish version? [00:49]

_Evidence: 6 items, 5 verified against the transcript; unverified items are marked ⚠ and explained below._

- ⚠ (2) what was said at 01:23 is about something else: “- **Bo**: move (due: today)”
"""
NONE = "# Minutes\n\n## Action items\n\nNone recorded.\n\n## Next steps\n\n- None recorded.\n"
OTHER = "# Sales call\n\n## Next steps\n\n- **Ana**: send the quote (due: Monday) [02:00]\n"


@pytest.fixture
def root(tmp_path):
    return tmp_path / "sessions"


@pytest.fixture
def library(tmp_path, root):
    with Library(root=root, index_path=tmp_path / "index" / "library.sqlite3") as lib:
        yield lib


def test_the_minutes_tasks_with_owner_due_date_and_moment():
    found = parse_actions(WRITTEN)
    assert [(a.owner, a.task, a.due, a.start, a.unverified) for a in found] == [
        ("Peter", "test the contact form and fix any problems before Friday", "before Friday",
         26.0, False),
        (None, "do the move tomorrow morning", "tomorrow", 83.0, True),
        ("Carmen", "write the announcement", None, 3723.0, False),
        (None, "Ask the volunteers about a calendar", None, 54.0, False)]
    assert parse_actions(NONE) == []  # "None recorded." is no task
    assert [(a.owner, a.task) for a in parse_actions(OTHER)] == [("Ana", "send the quote")]
    # decisions and questions are not tasks; a bullet stating "(due: ...)" anywhere is
    assert parse_actions("## Notes\n- **Bo**: call the venue (due: today) [00:05]\n- Fine\n"
                         )[0].owner == "Bo"


def test_every_meetings_items_are_listed_newest_meeting_first(root, library):
    first = make_session(root, "Launch", minutes=WRITTEN)
    second = make_session(root, "Sales call", minutes=OTHER)
    make_session(root, "Standup", minutes=None)  # no minutes: no items
    library.sync()
    items = library.actions()
    assert [a.title for a in items] == ["Sales call"] + ["Launch"] * 4
    assert items[0].path == second and items[1].path == first
    assert items[1].task.startswith("test the contact form") and items[1].due == "before Friday"
    assert len({a.id for a in items}) == 5 and all(a.done is None for a in items)


def test_ticking_done_writes_the_session_folder_and_the_index(root, library, tmp_path):
    folder = make_session(root, "Launch", minutes=WRITTEN)
    library.sync()
    peter = library.actions()[0]
    done = library.set_done(peter.id[:6])  # the start of the id is enough
    assert done.id == peter.id and done.done is not None
    saved = json.loads((folder / ACTIONS_FILE).read_text(encoding="utf-8"))
    assert saved["done"][peter.id]["task"] == peter.task
    assert [a.id for a in library.actions(open_only=True)] == [a.id for a in
                                                               library.actions()[1:]]
    # the folder is the truth: a new index built from the folders has the flag
    with Library(root=root, index_path=tmp_path / "other.sqlite3") as fresh:
        fresh.sync()
        assert [a.id for a in fresh.actions() if a.done] == [peter.id]
    assert library.set_done(peter.id, done=False).done is None
    assert load_done(folder) == {} and len(library.actions(open_only=True)) == 4


def test_the_flag_survives_a_regenerate_that_keeps_the_task_and_a_reindex(root, library):
    folder = make_session(root, "Launch", minutes=WRITTEN)
    library.sync()
    carmen = next(a for a in library.actions() if a.owner == "Carmen")
    library.set_done(carmen.id)
    rewritten = WRITTEN.replace("[1:02:03]", "[1:02:05]").replace("- **Peter**", "- **Petra**")
    (folder / "minutes.md").write_text(rewritten, encoding="utf-8")
    library.sync()
    assert [a.owner for a in library.actions() if a.done] == ["Carmen"]
    assert next(a for a in library.actions() if a.owner == "Carmen").start == 3725.0
    library.reindex()
    assert [a.id for a in library.actions() if a.done] == [carmen.id]


def test_a_copied_in_folder_brings_its_flags_and_a_deleted_one_takes_its_items(root, library,
                                                                              tmp_path):
    elsewhere = make_session(tmp_path / "laptop", "Sales call", minutes=OTHER)
    with Library(root=tmp_path / "laptop", index_path=tmp_path / "laptop.sqlite3") as laptop:
        laptop.sync()
        laptop.set_done(laptop.actions()[0].id)
    shutil.copytree(elsewhere, root / elsewhere.name)
    library.sync()
    assert [a.done is not None for a in library.actions()] == [True]
    shutil.rmtree(root / elsewhere.name)
    library.sync()
    assert library.actions() == []


def test_a_flag_changed_in_the_folder_by_hand_is_read_again(root, library):
    folder = make_session(root, "Launch", minutes=WRITTEN)
    library.sync()
    first = library.actions()[0]
    (folder / ACTIONS_FILE).write_text(json.dumps({"done": {first.id: "2026-12-01T09:00:00"}}))
    library.sync()
    assert library.actions()[0].done == "2026-12-01T09:00:00"
    (folder / ACTIONS_FILE).write_text("{ not json")  # damaged: no flags, items still listed
    library.sync()
    assert [a.done for a in library.actions()] == [None] * 4


def test_unknown_ambiguous_and_malformed_ids_are_refused(root, library):
    # 17 tasks: two ids share their first hex digit (pigeonhole)
    many = "## Action items\n" + "".join(f"- **Bo**: call venue number {n}\n" for n in range(17))
    make_session(root, "Venues", minutes=many)
    library.sync()
    ids = [a.id for a in library.actions()]
    shared = next(i[0] for i in ids if sum(j.startswith(i[0]) for j in ids) > 1)
    with pytest.raises(InputError, match="fits several"):
        library.set_done(shared)
    with pytest.raises(InputError, match="No action item"):
        library.set_done("0" * 10 if "0" * 10 not in ids else "f" * 10)
    with pytest.raises(InputError, match="not an action item's id"):
        library.set_done("x'; DROP TABLE actions")
    assert len(library.actions(open_only=True)) == 17


def test_an_index_from_before_action_items_is_rebuilt_with_them(root, tmp_path):
    make_session(root, "Launch", minutes=WRITTEN)
    index = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(index)
    conn.execute("CREATE TABLE sessions (id TEXT)")
    conn.execute(f"PRAGMA user_version = {library_store.SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    with Library(root=root, index_path=index) as library:
        report = library.sync()
        assert "older layout" in report.rebuilt and len(library.actions()) == 4


def test_an_index_of_version_1_gains_the_items_in_place_and_keeps_its_vectors(root, tmp_path):
    folder = make_session(root, "Launch", minutes=WRITTEN)
    index = tmp_path / "v1.sqlite3"
    with Library(root=root, index_path=index) as library:
        library.sync()
        library.set_done(library.actions()[0].id)
        assert library.embed_pending() > 0
        vectors = library.conn.execute("SELECT count(*) FROM vectors").fetchone()[0]
        library.conn.execute("DROP TABLE actions")  # as version 1 left it
        library.conn.execute("PRAGMA user_version = 1")
    with Library(root=root, index_path=index) as library:
        report = library.sync()
        assert report.rebuilt is None and report.updated == [folder.name]
        assert len(library.actions()) == 4 and library.actions()[0].done is not None
        assert library.conn.execute("SELECT count(*) FROM vectors").fetchone()[0] == vectors
        assert library.embed_pending() == 0  # nothing to compute again
