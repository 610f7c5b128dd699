"""Hearing and correcting the transcript in the window (issue 19), fast tier: fake backends,
the real widgets, a real session folder, and a stand-in output stream (tests/fake_output.py).
Through a real PortAudio device: tests/test_e2e/test_playback.py."""

import json

from conftest import Backends, make_window, short_wav  # noqa: F401 - fixture
from fake_output import RATE, FakeSD, FakeStream, counting_wav
from fakes import FakeChat
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from test_main_window import wait_idle

from desktop.meeting import Meeting, MeetingStatus
from engine import transcript_io
from engine.audio.player import Player
from engine.session import Session
from engine.types import Segment, Transcript


def edit_row(qtbot, window, row: int, text: str) -> None:
    """Double-click-style editing: the row's editor, the new text, Enter."""
    view = window.transcript
    view.editItem(view.item(row))
    editor = view.findChild(QLineEdit)
    assert editor is not None and editor.text() == view.segment_at(row).text.strip()
    editor.setText(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)  # Enter commits, queued


def processed(qtbot, settings, tmp_path, wav):
    window = make_window(qtbot, settings, Backends(), tmp_path)
    window.open_files([wav])
    wait_idle(qtbot, window)
    return window


def test_an_edit_in_place_is_saved_beside_the_original_and_used_everywhere(
        qtbot, settings, tmp_path, short_wav):  # noqa: F811
    window = processed(qtbot, settings, tmp_path, short_wav)
    meeting, review = window.current, window.transcript_review
    folder = meeting.session_dir
    original = (folder / "transcript.json").read_bytes()
    assert not review.badge.isVisible()
    edit_row(qtbot, window, 1, "Bryan will test the contact form by Friday.")
    assert (folder / "transcript.json").read_bytes() == original
    assert window.transcript.texts()[1] == "[00:04]  Bryan will test the contact form by Friday."
    assert review.badge.isVisible() and review.undo_button.isEnabled()
    assert "Bryan will test" in meeting.transcript.text
    assert "Bryan will test" in window.export_transcript("txt", tmp_path / "t.txt").read_text()
    assert "write them again from the corrected one?" in window.message_bar.label.text()
    backends_chat: FakeChat = window.controller._pipeline.chat_model
    backends_chat.requests.clear()
    window.regenerate()
    wait_idle(qtbot, window)
    prompt = json.dumps(backends_chat.requests)
    assert "Bryan will test" in prompt and "Brian will test" not in prompt


def test_find_and_replace_previews_the_hits_then_undo_and_redo(qtbot, settings, tmp_path,
                                                                short_wav):  # noqa: F811
    window = processed(qtbot, settings, tmp_path, short_wav)
    review = window.transcript_review
    review.find_and_replace()
    dialog = review.dialog
    dialog.old.setText("brian")
    dialog.new.setText("Bryan")
    assert dialog.count.text() == "1 hit(s)"
    assert dialog.hits.item(0).text() == "[00:04] [Brian → Bryan] will test the contact form by…"
    qtbot.mouseClick(dialog.replace_button, Qt.MouseButton.LeftButton)
    assert dialog.count.text() == "0 hit(s)"  # the preview follows: nothing left to replace
    assert "Bryan will test" in window.transcript.texts()[1]
    assert "Replaced 1 ×" in window.message_bar.label.text()  # (the regenerate was offered)
    dialog.close()
    review.undo()
    assert "Brian will test" in window.transcript.texts()[1] and review.redo_button.isEnabled()
    review.redo()
    assert "Bryan will test" in window.transcript.texts()[1]
    review.show_original.setChecked(True)  # back to the machine's transcript
    assert "Brian will test" in window.transcript.texts()[1] and not review.badge.isVisible()
    review.show_original.setChecked(False)
    assert "Bryan will test" in window.current.transcript.text


def speaking_session(tmp_path) -> Session:
    session = Session.create("review", root=tmp_path / "sessions")
    counting_wav(session.dir / "recording.wav", 12)
    session.save_manifest(recording={"file": "recording.wav", "rate": RATE})
    session.save_transcript(Transcript([
        Segment(0.0, 4.0, " Thomas opens the meeting.", speaker=0),
        Segment(4.0, 8.0, " The budget is fine and we ship on Monday.", speaker=1),
        Segment(8.0, 12.0, " Thomas closes it.", speaker=1)], "en", 0.9, 12.0))
    return session


def reopened(qtbot, settings, tmp_path, session):
    """A new window showing the session (as after a restart)."""
    window = make_window(qtbot, settings, Backends(), tmp_path)
    meeting = Meeting("review", status=MeetingStatus.DONE, session_dir=session.dir,
                      transcript=transcript_io.load_transcript(session.dir / "transcript.json"))
    window.meetings.append(meeting)
    window.show_meeting(meeting)
    return window


def test_speaker_merge_and_split_survive_a_restart(qtbot, settings, tmp_path):
    session = speaking_session(tmp_path)
    window = reopened(qtbot, settings, tmp_path, session)
    review = window.transcript_review
    menu = review.row_menu(2)
    said_by = next(a.menu() for a in menu.actions() if a.text() == "Said by")
    next(a for a in said_by.actions() if a.text() == "Speaker 1").trigger()
    next(a for a in review.row_menu(0).actions() if a.text() == "Merge with the next").trigger()
    view = window.transcript
    view.editItem(view.item(0))
    editor = view.findChild(QLineEdit)
    editor.setCursorPosition(editor.text().index("and we ship"))
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert window.transcript.texts() == [
        "[00:00]  Speaker 1: Thomas opens the meeting. The budget is fine",
        "[00:05]  Speaker 1: and we ship on Monday.",  # cut by its share of the characters
        "[00:08]  Speaker 1: Thomas closes it."]
    window.close()
    again = reopened(qtbot, settings, tmp_path, session)
    assert again.transcript.texts() == window.transcript.texts()
    assert again.transcript_review.badge.isVisible()
    assert [r[0] for r in again.speaker_list.rows()] == ["Speaker 1"]
    assert "Speaker 2" not in again.export_transcript("srt", tmp_path / "t.srt").read_text()


def test_a_click_plays_from_the_segment_and_the_row_heard_is_highlighted(qtbot, settings,
                                                                         tmp_path):
    session = speaking_session(tmp_path)
    window = reopened(qtbot, settings, tmp_path, session)
    bar = window.transcript_review.play_bar
    bar.player = Player(sd=FakeSD())
    FakeStream.streams = []
    view = window.transcript
    rect = view.visualItemRect(view.item(1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: bool(FakeStream.streams and FakeStream.streams[0].firsts), timeout=3000)
    assert FakeStream.streams[0].firsts[0] == 4 * RATE  # the clicked segment's start
    qtbot.waitUntil(lambda: view.heard_row == 1, timeout=3000)
    bar.player.seek(8.5)
    qtbot.waitUntil(lambda: view.heard_row == 2, timeout=3000)
    shot = view.viewport().grab().toImage()  # row 2 painted as heard (row 1 is selected)
    rect = view.visualItemRect(view.item(2))
    assert shot.pixelColor(rect.right() - 3, rect.center().y()).name() == "#ffeca0"
    other = view.visualItemRect(view.item(0))
    assert shot.pixelColor(other.right() - 3, other.center().y()).name() != "#ffeca0"
    assert bar.time_label.text().startswith("00:08 / 00:12")
    bar.toggle()  # pause
    assert bar.play_button.text() == "▶"
    window.close()
    assert not FakeStream.streams[-1].active  # closing the window stopped it


def test_audio_gone_says_so_and_the_text_stays_editable(qtbot, settings, tmp_path):
    session = speaking_session(tmp_path)
    (session.dir / "recording.wav").unlink()
    window = reopened(qtbot, settings, tmp_path, session)
    bar = window.transcript_review.play_bar
    bar.toggle()
    assert "has no audio to play" in bar.note.text() or "not there any more" in bar.note.text()
    edit_row(qtbot, window, 0, "Tomasz opens the meeting.")
    assert "Tomasz opens" in window.transcript.texts()[0]


def test_a_citation_in_the_minutes_plays_from_its_moment(qtbot, settings, tmp_path):
    session = speaking_session(tmp_path)
    window = reopened(qtbot, settings, tmp_path, session)
    window.transcript_review.play_bar.player = Player(sd=FakeSD())
    FakeStream.streams = []
    window.minutes.time_clicked.emit(8.0)  # a [00:08] link
    qtbot.waitUntil(lambda: bool(FakeStream.streams and FakeStream.streams[0].firsts),
                    timeout=3000)
    assert FakeStream.streams[0].firsts[0] == 8 * RATE
    assert window.transcript.currentRow() == 2
    window.close()


def test_the_play_bar_lists_the_outputs_and_switches_to_one(qtbot, settings, tmp_path):
    session = speaking_session(tmp_path)
    window = reopened(qtbot, settings, tmp_path, session)
    bar = window.transcript_review.play_bar
    bar.player = Player(sd=FakeSD())
    FakeStream.streams = []
    bar.list_outputs()
    labels = [a.text() for a in bar.output_menu.actions()]
    assert labels == ["System default", "Speakers (ALSA) [default]", "USB headset (ALSA)"]
    assert bar.output_menu.actions()[0].isChecked()
    bar.play_from(2.0)
    bar.output_menu.actions()[2].trigger()
    qtbot.waitUntil(lambda: len(FakeStream.streams) == 2, timeout=3000)
    assert FakeStream.streams[1].device == 2 and bar.player.device == 2
    bar.list_outputs()
    assert bar.output_menu.actions()[2].isChecked()
    window.close()
