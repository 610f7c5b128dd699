"""What the window shows after a cancel, a failure, an edit, a queue (fast tier, fake backends)."""

import json
from pathlib import Path

from conftest import SEGMENTS, Backends, make_window
from fakes import FakeTranscriber
from PySide6.QtWidgets import QPushButton
from test_main_window import wait_idle

from desktop.dialogs.settings_dialog import SettingsDialog
from desktop.widgets.record_bar import RecordBar
from engine import EngineConfig
from engine.models import default_llm_model


def rows(window) -> list[str]:
    return [window.meeting_list.item(i).text() for i in range(window.meeting_list.count())]


def sessions(tmp_path) -> set[Path]:
    root = tmp_path / "sessions"
    return set(root.iterdir()) if root.is_dir() else set()


def test_a_transcription_cancelled_midway_shows_its_transcript_and_can_be_summarised(
        qtbot, settings, short_wav, tmp_path):
    backends = Backends(delay=0.4)
    window = make_window(qtbot, settings, backends, tmp_path)
    c = window.controller
    with qtbot.waitSignal(c.segment_added, timeout=10000):
        window.open_files([short_wav])
    window.menu.cancel.trigger()
    wait_idle(qtbot, window)
    cancelled = window.meetings[0]
    assert cancelled.status == "cancelled"
    # the context meter counts the kept transcript, as for any meeting with one
    qtbot.waitUntil(lambda: "transcript" in window.context_meter.label.text()
                    and "one pass" in window.context_meter.label.text(), timeout=15000)
    backends.transcriber.delay = 0
    window.open_files([short_wav])  # another meeting, then back to the cancelled one
    wait_idle(qtbot, window)
    window.meeting_list.setCurrentRow(0)
    assert window.current is cancelled
    kept = window.transcript.texts()
    assert kept and kept[0].endswith(SEGMENTS[0].text) and len(kept) < len(SEGMENTS)
    assert window.menu.regenerate.isEnabled() and window.sampling_bar.regenerate.isEnabled()
    window.menu.regenerate.trigger()
    wait_idle(qtbot, window)
    assert cancelled.status == "done" and "## Summary" in window.minutes.markdown()
    assert window.transcript.texts() == kept  # minutes of what was heard, not of a new run


def test_a_meeting_without_speech_cannot_be_regenerated(qtbot, settings, short_wav, tmp_path):
    backends = Backends()
    backends.transcriber = FakeTranscriber([])  # nothing recognisable in the file
    window = make_window(qtbot, settings, backends, tmp_path)
    window.open_files([short_wav])
    wait_idle(qtbot, window)
    assert window.meetings[0].status == "failed"
    assert "No speech found" in window.message_bar.label.text()
    assert not window.menu.regenerate.isEnabled()
    assert not window.sampling_bar.regenerate.isEnabled()
    assert not window.lens_page.step_button.isEnabled()
    before = sessions(tmp_path)
    window.regenerate()  # e.g. from the Lens's offer: refused before any job starts
    qtbot.wait(300)
    assert not window.controller.busy and sessions(tmp_path) == before
    assert "regenerate is empty" not in window.message_bar.label.text()


def test_the_settings_dialog_refuses_model_paths_that_do_not_exist(qtbot, tmp_path):
    dialog = SettingsDialog(EngineConfig())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.llm.setText(str(tmp_path / "missing.gguf"))
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.llm_error.isVisible() and "not found" in dialog.llm_error.text()
    assert "missing.gguf" in dialog.llm_error.text()
    text_file = tmp_path / "notes.gguf"
    text_file.write_text("not a model")
    dialog.llm.setText(str(text_file))
    dialog.accept()
    assert dialog.isVisible() and "not a GGUF model" in dialog.llm_error.text()
    dialog.llm.setText(str(default_llm_model().path))
    dialog.whisper.setText(str(tmp_path / "no such folder"))
    dialog.accept()
    assert dialog.isVisible() and not dialog.llm_error.isVisible()
    assert dialog.whisper_error.isVisible() and "not found" in dialog.whisper_error.text()
    dialog.whisper.setText("")  # the embedded model
    dialog.accept()
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted
    assert dialog.config().llm_model == default_llm_model().path


def test_a_failed_regenerate_keeps_the_minutes_shown(qtbot, settings, short_wav, tmp_path):
    backends = Backends()
    window = make_window(qtbot, settings, backends, tmp_path)
    window.open_files([short_wav])
    wait_idle(qtbot, window)
    meeting = window.meetings[0]
    shown, folder = window.minutes.markdown(), meeting.session_dir
    assert "## Summary" in shown
    backends.chat.fail_after = 0  # the next request crashes (as a model that will not load)
    window.menu.regenerate.trigger()
    wait_idle(qtbot, window)
    assert window.message_bar.isVisible() and window.message_bar.kind == "error"
    assert "the model crashed" in window.message_bar.label.text()
    assert window.minutes.markdown() == shown and meeting.minutes == shown
    assert meeting.status == "done" and meeting.session_dir == folder
    assert rows(window)[0] == "planning meeting  ·  done"
    assert window.menu.regenerate.isEnabled()


def test_edits_are_saved_in_the_session_and_regenerate_asks_before_replacing_them(
        qtbot, settings, short_wav, tmp_path):
    backends = Backends()
    window = make_window(qtbot, settings, backends, tmp_path)
    questions, answers = [], [False, True]
    window.confirm = lambda q: (questions.append(q), answers.pop(0))[1]
    window.open_files([short_wav])
    wait_idle(qtbot, window)
    meeting = window.meetings[0]
    folder = meeting.session_dir
    window.menu.edit_markdown.setChecked(True)
    window.minutes.source.appendPlainText("\nEdited by hand: Ünïcode ✓")
    window.menu.edit_markdown.setChecked(False)  # back to the preview: the edit is kept
    edited = folder / "minutes.edited.md"
    qtbot.waitUntil(edited.is_file, timeout=3000)
    assert edited.read_text(encoding="utf-8") == window.minutes.markdown()
    assert "Edited by hand: Ünïcode ✓" in edited.read_text(encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["minutes"] == "minutes.edited.md"
    assert "Edited by hand" not in (folder / "minutes.md").read_text()  # the model's, as written
    out = window.export_markdown(tmp_path / "out.md")
    assert "Edited by hand" in out.read_text(encoding="utf-8")

    before = sessions(tmp_path)
    window.menu.regenerate.trigger()  # answered No
    assert len(questions) == 1 and "edited" in questions[0]
    qtbot.wait(200)
    assert not window.controller.busy and sessions(tmp_path) == before
    assert "Edited by hand" in window.minutes.markdown()
    window.menu.regenerate.trigger()  # answered Yes
    wait_idle(qtbot, window)
    assert len(questions) == 2 and "Edited by hand" not in window.minutes.markdown()
    assert "Edited by hand" in edited.read_text(encoding="utf-8")  # still in the old folder
    window.menu.regenerate.trigger()  # generated minutes, not edited: no question
    wait_idle(qtbot, window)
    assert len(questions) == 2


def test_queued_files_are_listed_until_they_start(qtbot, settings, short_wav, tmp_path):
    backends = Backends(delay=0.3)
    window = make_window(qtbot, settings, backends, tmp_path)
    second = short_wav.with_name("second meeting.wav")
    third = short_wav.with_name("third meeting.wav")
    for copy in (second, third):
        copy.write_bytes(short_wav.read_bytes())
    with qtbot.waitSignal(window.controller.job_started, timeout=5000):
        window.open_files([short_wav, second, third])
    assert rows(window) == ["planning meeting  ·  running", "second meeting  ·  queued",
                            "third meeting  ·  queued"]
    with qtbot.waitSignal(window.controller.job_started, timeout=10000):
        pass  # the second starts
    assert rows(window) == ["planning meeting  ·  done", "second meeting  ·  running",
                            "third meeting  ·  queued"]
    assert window.current.title == "second meeting"
    window.meeting_list.setCurrentRow(2)  # a queued one has nothing to show yet
    assert window.current.title == "second meeting"
    window.controller.cancel_all()
    wait_idle(qtbot, window)
    assert rows(window) == ["planning meeting  ·  done", "second meeting  ·  cancelled"]


def test_the_status_bar_follows_the_message_and_the_selected_meeting(qtbot, settings, short_wav,
                                                                     tmp_path):
    broken = tmp_path / "broken.mp3"
    broken.write_text("this is text, not mp3\n" * 20)
    window = make_window(qtbot, settings, Backends(), tmp_path)
    window.open_files([short_wav, broken])
    wait_idle(qtbot, window)
    assert window.status_line.stage_label.text() == "Failed: see the message above"
    close = next(b for b in window.message_bar.findChildren(QPushButton) if b.text() == "✕")
    close.click()
    assert not window.message_bar.isVisible()
    assert "see the message above" not in window.status_line.stage_label.text()
    assert "broken.mp3 is not an audio or video file" in window.status_line.stage_label.text()
    window.meeting_list.setCurrentRow(0)
    assert window.status_line.stage_label.text().startswith("Done: planning meeting")
    window.meeting_list.setCurrentRow(1)
    assert window.status_line.stage_label.text().startswith("Failed: broken.mp3")


def test_without_an_input_device_the_record_bar_says_why(qtbot, settings, tmp_path):
    bar = RecordBar(list_devices=lambda: [])
    qtbot.addWidget(bar)
    bar.show()
    reason = "No microphone found: PortAudio lists no input device"
    assert not bar.record_button.isEnabled() and not bar.level.isEnabled()
    assert bar.reason.isVisible() and bar.reason.text() == reason
    for widget in (bar.record_button, bar.level, bar.devices):
        assert widget.toolTip() == reason
    bar.set_recording(False, busy=True)  # a job ran and ended: the reason stays
    bar.set_recording(False)
    assert bar.reason.isVisible() and not bar.record_button.isEnabled()

