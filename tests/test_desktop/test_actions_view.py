"""The Actions tab on the real window (pytest-qt, offscreen): every meeting's action items
from their minutes, ticked done by the user (kept in the session folder's actions.json and
the index, still ticked after a restart), opened again, and a double click that opens the
meeting at the item's moment. Real SQLite and session folders."""

import json
import threading

from conftest import Backends
from library_sessions import make_session
from library_window import WatchedLibrary, library_window, wait_listed
from PySide6.QtCore import Qt

LAUNCH = """# Minutes: Launch

## Action items

- **Peter**: test the contact form (due: before Friday) [00:04]
- **(owner not stated)**: move the server (due: tomorrow) [00:08] ⚠ unverified (2)
"""
LINES = [(0.0, 0, "Welcome to the launch call."), (4.0, 1, "Peter will test the contact form."),
         (8.0, 0, "Someone moves the server tomorrow.")]
SALES = "# Sales call\n\n## Next steps\n\n- **Ana**: send the quote (due: Monday) [00:00]\n"


def window_on(qtbot, settings, tmp_path, shown=3):
    window = library_window(qtbot, settings, tmp_path, Backends().make_pipeline)
    wait_listed(qtbot, window, 2)
    qtbot.waitUntil(lambda: window.actions_view.list.count() == shown)
    window.side_tabs.setCurrentWidget(window.actions_view)  # lists again: wait for it
    qtbot.waitUntil(lambda: not window.library.jobs.busy)
    return window


def texts(view):
    return [view.list.item(i).text() for i in range(view.list.count())]


def test_items_of_every_meeting_ticked_done_kept_in_the_folder_and_after_a_restart(
        qtbot, settings, tmp_path):
    launch = make_session(tmp_path / "sessions", "Launch", LINES, minutes=LAUNCH)
    make_session(tmp_path / "sessions", "Sales call", minutes=SALES)
    window = window_on(qtbot, settings, tmp_path)
    view = window.actions_view
    assert texts(view)[0].startswith("Ana: send the quote\ndue Monday  ·  Sales call [00:00]")
    assert "Peter: test the contact form\ndue before Friday  ·  Launch [00:04]" in texts(view)[1]
    assert texts(view)[2].startswith("Owner not stated: move the server  ⚠ unverified")
    assert "3 open action items" in view.count_label.text() and "2 meetings" in view.count_label.text()
    peter = view.items[1]
    view.tick(peter.id)  # as a click on its box
    qtbot.waitUntil(lambda: view.list.count() == 2, timeout=10000)  # done: out of the open list
    flags = json.loads((launch / "actions.json").read_text(encoding="utf-8"))["done"]
    assert list(flags) == [peter.id]
    view.show_done.setChecked(True)
    done_row = next(i for i in range(view.list.count()) if view.items[i].id == peter.id)
    assert view.list.item(done_row).checkState() == Qt.CheckState.Checked
    assert view.list.item(done_row).font().strikeOut()
    window.close()
    again = window_on(qtbot, settings, tmp_path, shown=2)  # a restart: the flag is in the folder
    assert [a.id for a in again.library.all_actions if a.done] == [peter.id]
    assert again.actions_view.list.count() == 2 and "2 open" in again.actions_view.count_label.text()
    again.actions_view.show_done.setChecked(True)
    again.actions_view.tick(peter.id, done=False)
    qtbot.waitUntil(lambda: not any(a.done for a in again.library.all_actions), timeout=10000)
    assert json.loads((launch / "actions.json").read_text(encoding="utf-8"))["done"] == {}
    assert threading.current_thread().name not in WatchedLibrary.threads


def test_a_click_on_the_box_ticks_it_and_a_double_click_opens_the_meeting_there(
        qtbot, settings, tmp_path):
    make_session(tmp_path / "sessions", "Launch", LINES, minutes=LAUNCH)
    make_session(tmp_path / "sessions", "Sales call", minutes=SALES)
    window = window_on(qtbot, settings, tmp_path)
    view = window.actions_view
    row = next(i for i, a in enumerate(view.items) if a.owner is None)
    rect = view.list.visualItemRect(view.list.item(row))
    qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.current is not None and window.current.title == "Launch",
                    timeout=10000)
    assert window.transcript.currentRow() == 2  # said at 00:08
    assert "move the server" in window.minutes.markdown()
    ana = next(a for a in view.items if a.owner == "Ana")
    ana_row = view.items.index(ana)
    box = view.list.visualItemRect(view.list.item(ana_row))
    qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=box.topLeft() + type(box.topLeft())(12, box.height() // 2))
    qtbot.waitUntil(lambda: [a.owner for a in window.library.all_actions if a.done] == ["Ana"],
                    timeout=10000)


def test_a_folder_that_cannot_be_written_leaves_the_item_open_and_says_why(
        qtbot, settings, tmp_path):
    launch = make_session(tmp_path / "sessions", "Launch", LINES, minutes=LAUNCH)
    make_session(tmp_path / "sessions", "Sales call", minutes=SALES)
    window = window_on(qtbot, settings, tmp_path)
    view = window.actions_view
    (launch / "actions.json").mkdir()  # a folder where the file must go: cannot be written
    peter = next(a for a in view.items if a.owner == "Peter")
    view.tick(peter.id)
    qtbot.waitUntil(lambda: window.message_bar.isVisible(), timeout=10000)
    assert "Cannot save the done flag" in window.message_bar.label.text()
    qtbot.waitUntil(lambda: view.list.count() == 3 and not window.library.jobs.busy)
    assert all(view.list.item(i).checkState() == Qt.CheckState.Unchecked
               for i in range(view.list.count()))
