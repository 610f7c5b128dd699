"""The output device chosen on the play bar is remembered across restarts, and a remembered
one that is gone falls back to the system's default with a message (issue 19)."""

from fake_output import FakeSD, FakeStream
from test_transcript_review import reopened, speaking_session

from desktop.settings import Key
from engine.audio.player import Player


def _bar(window):
    bar = window.transcript_review.play_bar
    bar.player = Player(sd=FakeSD())
    return bar


def test_the_chosen_output_is_used_again_after_a_restart_and_a_missing_one_says_so(
        qtbot, settings, tmp_path, monkeypatch):
    session = speaking_session(tmp_path)
    first = reopened(qtbot, settings, tmp_path, session)
    bar = _bar(first)
    bar.list_outputs()
    bar.output_menu.actions()[2].trigger()  # USB headset
    assert settings.value(Key.OUTPUT_DEVICE) == "USB headset"
    first.close()

    again = reopened(qtbot, settings, tmp_path, session)  # a restart: a new window
    bar = _bar(again)
    FakeStream.streams = []
    bar.play_from(1.0)
    qtbot.waitUntil(lambda: len(FakeStream.streams) == 1, timeout=3000)
    assert FakeStream.streams[0].device == 2 and bar.player.device == 2
    again.close()

    monkeypatch.setattr(FakeSD, "DEVICES", FakeSD.DEVICES[:2])  # the headset is unplugged
    gone = reopened(qtbot, settings, tmp_path, session)
    bar = _bar(gone)
    FakeStream.streams = []
    bar.play_from(1.0)
    qtbot.waitUntil(lambda: len(FakeStream.streams) == 1, timeout=3000)
    assert FakeStream.streams[0].device is None
    assert "The output “USB headset” chosen before is not there: playing through the system's" \
        " default." == gone.message_bar.label.text()
    assert settings.value(Key.OUTPUT_DEVICE) == "USB headset"  # back when plugged in again
    gone.close()
