"""The library pane on the real window (pytest-qt, offscreen): every meeting kept under the
data dir listed after a restart, search (words and meaning, off the GUI thread) whose hit
opens the meeting at that moment, sort, rename, delete to the trash after asking, open
folder, and a meeting reopened with its transcript, minutes and insights. Real SQLite, real
session folders, the real embedding model."""

import json
import shutil
import threading
import time

import numpy as np
from conftest import Backends
from library_sessions import BERLIN, MINUTES, make_session
from library_window import WatchedLibrary, library_window, wait_listed
from PySide6.QtCore import Qt
from test_main_window import drop, wait_idle

from desktop.main_window import MainWindow
from desktop.session_controller import SessionController
from desktop.workers.library_jobs import LibraryJobs
from engine import EngineConfig

KITCHEN = [(0.0, 0, "The tiles arrive on Monday."), (40.0, 1, "The plumber comes on Friday.")]


def sessions(tmp_path):
    root = tmp_path / "sessions"
    berlin = make_session(root, "Trade show", names={1: "Marta"}, duration=140.0)
    kitchen = make_session(root, "Kitchen", KITCHEN, minutes=None)
    return berlin, kitchen


def window_on(qtbot, settings, tmp_path, **kw):
    return library_window(qtbot, settings, tmp_path, Backends().make_pipeline, **kw)


def rows(window):
    model = window.library_pane.model
    return [model.data(model.index(i)) for i in range(model.rowCount())]


def click(qtbot, view, row):
    """A click on the row ``row`` of a list (a QListWidget's or a QListView's)."""
    rect = (view.visualItemRect(view.item(row)) if hasattr(view, "item")
            else view.visualRect(view.model().index(row, 0)))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_every_kept_meeting_is_listed_and_still_there_after_a_restart(qtbot, settings, tmp_path):
    berlin, kitchen = sessions(tmp_path)
    window = window_on(qtbot, settings, tmp_path)
    wait_listed(qtbot, window, 2)
    trade = next(r for r in rows(window) if r.startswith("Trade show"))
    assert f"{berlin.name[:4]}-{berlin.name[4:6]}-{berlin.name[6:8]}" in trade
    assert "02:20" in trade and "minutes written" in trade and "Speaker 1, Marta" in trade
    assert "transcribed" in next(r for r in rows(window) if r.startswith("Kitchen"))
    assert "2 meetings" in window.library_pane.count_label.text()
    window.close()
    make_session(tmp_path / "sessions", "Copied in", minutes=None)  # e.g. from a laptop
    again = window_on(qtbot, settings, tmp_path)
    wait_listed(qtbot, again, 3)
    assert sorted(r.split("\n")[0] for r in rows(again)) == ["Copied in", "Kitchen", "Trade show"]
    assert threading.current_thread().name not in WatchedLibrary.threads  # never the GUI's


def test_a_meeting_reopens_with_its_transcript_minutes_and_insights(qtbot, settings, tmp_path):
    berlin, _ = sessions(tmp_path)
    window = window_on(qtbot, settings, tmp_path)
    wait_listed(qtbot, window, 2)
    row = next(i for i, r in enumerate(rows(window)) if r.startswith("Trade show"))
    click(qtbot, window.library_pane.list, row)
    qtbot.waitUntil(lambda: window.current is not None and window.current.title == "Trade show")
    assert window.windowTitle() == "Minutia — Trade show"
    assert window.transcript.texts()[1].endswith(BERLIN[1][2]) and len(window.transcript.texts()) == 3
    assert window.minutes.markdown() == MINUTES
    assert "Book the Berlin stand for March" in window.minutes.preview.toPlainText()
    assert "Marta" in window.insights_view.toPlainText()  # talk time by the saved name
    assert window.current.session_dir == berlin and window.meetings == []
    assert window.menu.regenerate.isEnabled()  # its minutes can be written again


def test_search_finds_words_and_meaning_and_a_hit_opens_the_meeting_there(qtbot, settings,
                                                                         tmp_path):
    sessions(tmp_path)
    window = window_on(qtbot, settings, tmp_path)
    wait_listed(qtbot, window, 2)
    pane = window.library_pane
    qtbot.keyClicks(pane.search, "invoice")
    qtbot.waitUntil(lambda: bool(pane.hits), timeout=60000)
    hit = pane.hits[0]  # then the meeting's title, a little close in meaning
    assert (hit.title, hit.start, hit.found_by) == ("Trade show", 130.0, "both")
    label = pane.hit_list.itemWidget(pane.hit_list.item(0)).text()
    assert "<b>invoice</b>" in label and "[02:10]" in label
    assert pane.stack.currentWidget() is pane.hit_list and "hits" in pane.note.text()
    click(qtbot, pane.hit_list, 0)
    qtbot.waitUntil(lambda: window.current is not None and window.current.title == "Trade show")
    assert window.transcript.currentRow() == 2  # the segment said at 02:10, selected
    assert window.transcript_tabs.currentWidget() is window.transcript_page
    pane.search.clear()
    assert pane.stack.currentWidget() is pane.list
    qtbot.keyClicks(pane.search, "exhibition booth in Germany")  # no word in common
    qtbot.waitUntil(lambda: bool(pane.hits) and pane.hits[0].found_by == "meaning", timeout=30000)
    assert pane.hits[0].title == "Trade show"
    pane.search.setText("zeppelin")
    qtbot.waitUntil(lambda: "Nothing found for “zeppelin”" in pane.note.text(), timeout=30000)
    assert threading.current_thread().name not in WatchedLibrary.threads


def test_sort_rename_and_open_folder(qtbot, settings, tmp_path):
    berlin, _ = sessions(tmp_path)
    window = window_on(qtbot, settings, tmp_path)
    wait_listed(qtbot, window, 2)
    pane = window.library_pane
    pane.sort.setCurrentText("Title A–Z")
    assert [r.split("\n")[0] for r in rows(window)] == ["Kitchen", "Trade show"]
    pane.sort.setCurrentText("Longest first")
    assert rows(window)[0].startswith("Trade show")
    assert not pane.rename_button.isEnabled()  # nothing selected yet
    click(qtbot, pane.list, 0)
    opened = []
    window.library.open_folder = opened.append
    pane.folder_button.click()
    assert opened == [berlin]
    window.library.ask_title = lambda current: "Berlin fair" if current == "Trade show" else None
    pane.rename_button.click()
    qtbot.waitUntil(lambda: rows(window)[0].startswith("Berlin fair"), timeout=10000)
    manifest = json.loads((berlin / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["title"] == "Berlin fair"
    qtbot.waitUntil(lambda: window.windowTitle() == "Minutia — Berlin fair")  # it was shown


def test_delete_asks_then_moves_the_folder_to_the_trash(qtbot, settings, tmp_path):
    berlin, kitchen = sessions(tmp_path)
    answers = []
    window = window_on(qtbot, settings, tmp_path, confirm=lambda q: answers.append(q) or len(answers) > 1)
    wait_listed(qtbot, window, 2)
    pane = window.library_pane
    row = next(i for i, r in enumerate(rows(window)) if r.startswith("Kitchen"))
    click(qtbot, pane.list, row)
    qtbot.waitUntil(lambda: window.current is not None and window.current.title == "Kitchen")
    pane.delete_button.click()  # the first answer is no
    assert "Move “Kitchen” to the trash?" in answers[0] and kitchen.is_dir()
    pane.delete_button.click()
    wait_listed(qtbot, window, 1)
    assert not kitchen.exists() and (tmp_path / "trash" / kitchen.name / "manifest.json").is_file()
    assert window.current is None and window.transcript.texts() == []  # no longer shown
    assert rows(window)[0].startswith("Trade show") and berlin.is_dir()


def test_a_finished_job_appears_in_the_library(qtbot, settings, tmp_path, short_wav):
    window = window_on(qtbot, settings, tmp_path)
    wait_listed(qtbot, window, 0)
    drop(window, short_wav)
    wait_idle(qtbot, window)
    wait_listed(qtbot, window, 1)
    assert rows(window)[0].startswith("planning meeting") and "minutes written" in rows(window)[0]
    assert window.meeting_list.isVisible()  # this session's job, above the library
    click(qtbot, window.library_pane.list, 0)  # the same meeting: the one in memory is shown
    assert window.current is window.meetings[0] and window.meeting_list.currentRow() == 0
    window.library_pane.delete_button.click()  # (the test's confirm says yes)
    wait_listed(qtbot, window, 0)
    assert window.meetings == [] and window.meeting_list.count() == 0
    assert not window.meeting_list.isVisible() and window.current is None


def test_damaged_and_vanished_folders_are_named_and_the_rest_listed(qtbot, settings, tmp_path):
    berlin, kitchen = sessions(tmp_path)
    broken = make_session(tmp_path / "sessions", "Broken", minutes=None)
    (broken / "manifest.json").write_text("{ half written", encoding="utf-8")
    window = window_on(qtbot, settings, tmp_path)
    wait_listed(qtbot, window, 2)
    pane = window.library_pane
    assert f"Not listed: {broken.name} (manifest.json is not valid JSON" in pane.note.text()
    row = next(i for i, r in enumerate(rows(window)) if r.startswith("Kitchen"))
    shutil.rmtree(kitchen)  # deleted behind the app's back, then clicked
    click(qtbot, pane.list, row)
    qtbot.waitUntil(lambda: window.message_bar.isVisible())
    assert "No meeting" in window.message_bar.label.text() and window.current is None
    wait_listed(qtbot, window, 1)  # listed again without it
    assert rows(window)[0].startswith("Trade show")
    click(qtbot, pane.list, 0)
    pane.list.setFocus()
    qtbot.keyClick(pane.list, Qt.Key.Key_Delete)  # asks (the test says yes), then the trash
    wait_listed(qtbot, window, 0)
    assert not berlin.exists() and "no meetings yet" in pane.count_label.text()


class SlowEmbedder:
    """Vectors a batch at a time, slowly: the first search after many meetings came in."""

    name = "slow"

    def __init__(self):
        self.batches = 0

    def embed(self, texts):
        time.sleep(0.4)
        self.batches += 1
        vectors = np.random.default_rng(len(texts)).normal(size=(len(texts), 384))
        return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def test_a_long_first_search_says_how_far_it_is_and_closing_stops_it(qtbot, settings, tmp_path):
    root = tmp_path / "sessions"
    for n in range(80):  # 80 meetings of 10 chunks (and a title): 4 batches of vectors
        lines = [(i * 10.0, 0, f"Line {i} of meeting {n}, topic {i % 7}.") for i in range(60)]
        make_session(root, f"Meeting {n}", lines, minutes=None)
    embedder = SlowEmbedder()
    make = lambda: WatchedLibrary(root=root, index_path=tmp_path / "index.sqlite3",  # noqa: E731
                                  embedder=embedder)
    window = MainWindow(SessionController(Backends().make_pipeline, EngineConfig()), settings,
                        confirm=lambda q: True, library=LibraryJobs(make_library=make))
    qtbot.addWidget(window)
    window.show()
    wait_listed(qtbot, window, 80, timeout=60000)
    pane = window.library_pane
    pane.search.setText("topic")
    pane.search.returnPressed.emit()
    qtbot.waitUntil(lambda: "Preparing meaning search: 256 of" in pane.note.text(), timeout=20000)
    started = time.monotonic()
    window.close()
    assert time.monotonic() - started < 2.0  # the batch under way, then it stopped
    thread = window.library.jobs._thread
    assert thread is None or thread.isFinished()  # never left running (Qt aborts on that)
    assert embedder.batches < 4  # it stopped after the batch under way, before the end


def test_the_meeting_a_job_is_writing_is_neither_renamed_nor_deleted(qtbot, settings, tmp_path,
                                                                      short_wav):
    window = library_window(qtbot, settings, tmp_path, Backends(delay=1.0).make_pipeline)
    wait_listed(qtbot, window, 0)
    drop(window, short_wav)
    wait_listed(qtbot, window, 1)  # listed as soon as its folder exists
    pane = window.library_pane
    click(qtbot, pane.list, 0)
    asked = []
    window.library.ask_title = asked.append
    pane.rename_button.click()
    assert asked == [] and "being worked on" in window.message_bar.label.text()
    pane.delete_button.click()
    assert "before deleting it" in window.message_bar.label.text()
    wait_idle(qtbot, window)
    assert window.meetings[0].session_dir.is_dir()
