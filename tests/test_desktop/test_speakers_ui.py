"""Speakers in the window (fast tier, fake backends and diarizer): the list with talk time
and suggested names, names coloured in the transcript, rename in place, and a rename that
the transcript, exports, insights and rewritten minutes all follow."""

import json
import threading

import numpy as np
from conftest import short_wav  # noqa: F401 - fixture
from fakes import FakeChat, FakeDiarizer, FakeTranscriber
from PySide6.QtCore import Qt
from test_main_window import wait_idle

from desktop.dialogs.settings_dialog import SettingsDialog
from desktop.main_window import MainWindow
from desktop.session_controller import SessionController
from desktop.widgets.speaker_colors import speaker_color
from desktop.widgets.speaker_list import NAME, SUGGESTED
from engine import EngineConfig, Pipeline, Segment, voices
from engine.diarize.turns import Turn
from engine.voices import VoiceBook

SEGMENTS = [Segment(0.0, 3.0, "Hi everyone, I'm Dana. I will book the room for Friday."),
            Segment(3.5, 7.0, "Priya, can you send the revised budget?"),
            Segment(7.5, 10.0, "Yes, I will send the budget by Thursday.")]
TURNS = [Turn(0.0, 7.2, 0), Turn(7.3, 10.0, 1)]


def window_with_speakers(qtbot, settings, tmp_path, **config):
    chat = FakeChat("- The budget goes out on Thursday. [00:07]")

    def pipeline(cfg):
        return Pipeline(config=cfg, transcriber=FakeTranscriber(SEGMENTS), chat_model=chat,
                        sessions_root=tmp_path / "sessions", diarizer=FakeDiarizer(TURNS))

    controller = SessionController(pipeline, EngineConfig(**config))
    window = MainWindow(controller, settings, confirm=lambda question: True)
    qtbot.addWidget(window)
    window.show()
    return window


def test_speakers_are_listed_coloured_and_named_by_suggestion(qtbot, settings, tmp_path,
                                                              short_wav):  # noqa: F811
    window = window_with_speakers(qtbot, settings, tmp_path)
    window.open_files([short_wav])
    wait_idle(qtbot, window)
    rows = window.speaker_list.rows()
    assert [r[0] for r in rows] == ["Speaker 1", "Speaker 2"]
    assert rows[0][1] == "00:06 · 72%" and rows[0][2] == "1"  # 3 s + 3.5 s of 9 s said
    assert rows[0][3] == "Dana? [00:00]" and rows[1][3] == "Priya? [00:07]"
    assert window.transcript.texts()[2] == "[00:07]  Speaker 2: Yes, I will send the budget by Thursday."
    first = window.speaker_list.tree.topLevelItem(0)
    assert first.foreground(NAME).color() == speaker_color(0) != speaker_color(1)
    assert "Speaker 1: 00:06, 72%, 1 turn\n" in window.insights_view.toPlainText()
    minutes = window.minutes.markdown()
    assert "**Speaker 1**: book the room" in minutes  # owner: who said "I will"
    assert "**Priya**: send the revised budget" in minutes  # asked by name, answered "Yes, I will"

    # a double-click on a suggestion takes it; the transcript, exports and insights follow
    window.speaker_list._double_clicked(window.speaker_list.tree.topLevelItem(0), SUGGESTED)
    folder = window.current.session_dir
    names = json.loads((folder / "speakers.json").read_text())
    assert names == {"0": {"name": "Dana", "suggested": True}}
    assert window.transcript.texts()[0].startswith("[00:00]  Dana: Hi everyone")
    assert "Dana: 00:06, 72%" in window.insights_view.toPlainText()
    assert "Dana: Hi everyone" in (folder / "transcript.txt").read_text()
    srt = window.export_transcript("srt", tmp_path / "t.srt").read_text()
    assert "Dana: Hi everyone, I'm Dana" in srt
    assert window.speaker_list.rows()[0][3] == ""  # the suggestion taken is not offered again
    assert window.message_bar.action_button.text() == "Write the minutes again"

    # ... and the minutes, once written again
    window.message_bar.action_button.click()
    wait_idle(qtbot, window)
    assert "**Dana**: book the room" in window.minutes.markdown()


def test_rename_in_place_and_back(qtbot, settings, tmp_path, short_wav):  # noqa: F811
    window = window_with_speakers(qtbot, settings, tmp_path)
    window.open_files([short_wav])
    wait_idle(qtbot, window)
    item = window.speaker_list.tree.topLevelItem(0)
    assert item.flags() & Qt.ItemFlag.ItemIsEditable
    item.setText(NAME, "  Dana Okafor ")  # what the in-place editor commits
    assert window.speaker_list.rows()[0][0] == "Dana Okafor"
    assert window.current.transcript.speaker_names == {0: "Dana Okafor"}
    assert window.transcript.texts()[0].startswith("[00:00]  Dana Okafor: Hi everyone")
    names = json.loads((window.current.session_dir / "speakers.json").read_text())
    assert names == {"0": {"name": "Dana Okafor", "suggested": False}}
    back = [a for a in window.speaker_list.actions_for(0) if a.text().startswith("Back to")]
    back[0].trigger()
    assert window.current.transcript.speaker_names == {}
    assert window.transcript.texts()[0].startswith("[00:00]  Speaker 1: Hi everyone")


def test_names_cannot_change_while_the_meeting_is_being_worked_on(qtbot, settings, tmp_path,
                                                                 short_wav):  # noqa: F811
    window = window_with_speakers(qtbot, settings, tmp_path)
    window.open_files([short_wav])
    qtbot.waitUntil(lambda: window.speaker_list.note.text() != "", timeout=5000)
    assert window.speaker_list.note.text() == "Speakers: found when the transcript is complete."
    wait_idle(qtbot, window)
    assert window.speaker_list.note.isHidden()
    window.regenerate()
    qtbot.waitUntil(lambda: window.controller.busy, timeout=5000)
    item = window.speaker_list.tree.topLevelItem(0)
    assert not item.flags() & Qt.ItemFlag.ItemIsEditable
    window.speakers.rename(0, "Dana")  # as if an editor had been open
    assert "when the job on this meeting has ended" in window.message_bar.label.text()
    wait_idle(qtbot, window)
    assert window.speaker_list.tree.topLevelItem(0).flags() & Qt.ItemFlag.ItemIsEditable
    assert not (window.current.session_dir / "speakers.json").exists()


def test_speakers_turned_off_gives_a_transcript_without_them(qtbot, settings, tmp_path,
                                                             short_wav):  # noqa: F811
    window = window_with_speakers(qtbot, settings, tmp_path, speakers=False)
    window.open_files([short_wav])
    wait_idle(qtbot, window)
    assert window.speaker_list.rows() == [] and window.speaker_list.tree.isHidden()
    assert window.transcript.texts()[0] == f"[00:00]  {SEGMENTS[0].text}"


def test_settings_keep_the_speaker_counts(qtbot, settings):
    dialog = SettingsDialog(EngineConfig(num_speakers=3))
    qtbot.addWidget(dialog)
    group = dialog.speakers
    assert group.exactly.value() == 3 and not group.at_least.isEnabled()
    group.exactly.setValue(0)  # "find out"
    group.at_least.setValue(4)
    group.at_most.setValue(2)
    dialog.accept()
    assert dialog.result() == 0 and "fewer than at least 4" in group.error.text()
    group.at_most.setValue(6)
    dialog.accept()
    config = dialog.config()
    assert (config.num_speakers, config.min_speakers, config.max_speakers) == (None, 4, 6)
    settings.save_engine_config(config)
    again = settings.engine_config()
    assert (again.speakers, again.num_speakers, again.min_speakers, again.max_speakers) == (
        True, None, 4, 6)
    group.find.setChecked(False)
    settings.save_engine_config(dialog.config())
    assert settings.engine_config().speakers is False
    assert threading.current_thread() is threading.main_thread()


def test_remember_a_voice_from_the_speaker_list(qtbot, settings, tmp_path, short_wav):  # noqa: F811
    window = window_with_speakers(qtbot, settings, tmp_path)
    window.open_files([short_wav])
    wait_idle(qtbot, window)
    folder = window.current.session_dir
    (folder / voices.SESSION_FILE).unlink(missing_ok=True)  # as a session from before voices
    window.speakers.remember_as(1, "Priya")
    assert "The voice was not remembered" in window.message_bar.label.text()
    assert "transcribe the recording again" in window.message_bar.label.text()

    rng = np.random.default_rng(7)
    (folder / voices.SESSION_FILE).write_text(voices.session_voices_json(
        {0: rng.normal(size=voices.DIM), 1: rng.normal(size=voices.DIM)}, {0: 9, 1: 4}))
    window.speakers.remember_as(1, "Priya Test")
    try:
        assert "Priya Test" in [v.name for v in VoiceBook().voices()]
        assert window.current.transcript.speaker_names == {1: "Priya Test"}  # named here too
        assert "Minutia will know Priya Test's voice" in window.status_line.stage_label.text()
    finally:
        VoiceBook().forget("Priya Test")


def test_settings_list_remembered_voices_and_forget_one_on_ok(qtbot):
    book, rng = VoiceBook(), np.random.default_rng(3)
    book.remember("Zofia Test", rng.normal(size=voices.DIM))
    book.remember("Zofia Test", rng.normal(size=voices.DIM))
    book.remember("Anil Test", rng.normal(size=voices.DIM))
    try:
        dialog = SettingsDialog(EngineConfig())
        qtbot.addWidget(dialog)
        group = dialog.speakers
        rows = {group.voices.item(i).data(Qt.ItemDataRole.UserRole): group.voices.item(i).text()
                for i in range(group.voices.count())}
        assert rows["Zofia Test"].startswith("Zofia Test — learnt from 2 meetings, since 20")
        assert rows["Anil Test"].startswith("Anil Test — learnt from 1 meeting, since 20")
        group.voices.setCurrentRow(list(rows).index("Anil Test"))
        group.forget.click()
        assert "Anil Test" in [v.name for v in book.voices()]  # not before OK
        dialog.accept()
        names = [v.name for v in book.voices()]
        assert "Anil Test" not in names and "Zofia Test" in names
    finally:
        book.forget("Zofia Test")
        book.forget("Anil Test")
