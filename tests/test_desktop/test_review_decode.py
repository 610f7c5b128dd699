"""A non-WAV meeting file is decoded for playing on a worker thread (issue 19): the play bar
says "preparing…" and the window keeps running meanwhile; what was asked (play from a
moment) happens when it is ready."""

import numpy as np
import pytest
from audio_files import encode
from fake_output import FakeSD, FakeStream
from PySide6.QtCore import QTimer
from test_transcript_review import reopened

from engine.audio.player import Player, PlayerState
from engine.session import Session
from engine.types import Segment, Transcript


@pytest.fixture(scope="module")
def long_mp3(tmp_path_factory):
    """Ten minutes of MP3 (decoding it takes a second or more on this machine)."""
    tone = (0.3 * np.sin(np.arange(16000 * 600) * 0.05)).astype(np.float32)
    return encode(tmp_path_factory.mktemp("mp3") / "long meeting.mp3", tone, codec="libmp3lame",
                  rate=16000, stereo=False)


def imported(tmp_path, audio) -> Session:
    session = Session.create("imported", root=tmp_path / "sessions")
    session.save_manifest(source={"path": str(audio)})
    session.save_transcript(Transcript([Segment(0.0, 60.0, " A long tone."),
                                        Segment(60.0, 600.0, " More of it.")], "en", 0.9, 600.0))
    return session


def test_a_long_mp3_is_decoded_off_the_gui_thread_then_played_from_the_moment_asked(
        qtbot, settings, tmp_path, long_mp3):
    window = reopened(qtbot, settings, tmp_path, imported(tmp_path, long_mp3))
    bar = window.transcript_review.play_bar
    bar.player = Player(sd=FakeSD())
    FakeStream.streams = []
    ticks = {"while preparing": 0}

    def tick():
        if bar.preparing:
            ticks["while preparing"] += 1

    timer = QTimer(interval=10)
    timer.timeout.connect(tick)
    timer.start()
    window.transcript.segment_clicked.emit(60.0)  # a click on the second segment
    assert bar.preparing and bar.time_label.text() == "preparing…"  # the click came back
    qtbot.waitUntil(lambda: bar.player.state == PlayerState.PLAYING, timeout=60000)
    timer.stop()
    assert ticks["while preparing"] >= 3  # the event loop ran while it decoded
    assert not bar.preparing and bar.player.duration == pytest.approx(600.0, abs=0.1)
    qtbot.waitUntil(lambda: len(FakeStream.streams) == 1 and bool(FakeStream.streams[0].firsts))
    assert bar.player.position >= 60.0
    window.close()


def test_a_file_that_is_not_audio_says_so_once_the_worker_has_tried(qtbot, settings, tmp_path):
    bad = tmp_path / "notes.mp3"
    bad.write_text("not audio at all " * 100)
    window = reopened(qtbot, settings, tmp_path, imported(tmp_path, bad))
    bar = window.transcript_review.play_bar
    bar.player = Player(sd=FakeSD())
    bar.play_from(0.0)
    assert bar.preparing
    qtbot.waitUntil(lambda: not bar.preparing, timeout=20000)
    assert bar.player.state != PlayerState.PLAYING
    assert "Cannot play notes.mp3" in window.message_bar.label.text()
    window.close()
