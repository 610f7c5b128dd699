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


def test_settings_lists_the_outputs_and_its_choice_is_the_play_bars(qtbot, settings, tmp_path,
                                                                     monkeypatch):
    from desktop.dialogs import playback_group
    from desktop.dialogs.playback_group import PlaybackGroup
    from engine.audio.devices import list_output_devices

    monkeypatch.setattr(playback_group, "list_output_devices",
                        lambda: list_output_devices(FakeSD()))
    session = speaking_session(tmp_path)
    window = reopened(qtbot, settings, tmp_path, session)
    bar = _bar(window)
    group = PlaybackGroup(bar.remembered_output)
    qtbot.addWidget(group)
    names = [group.outputs.itemText(i) for i in range(group.outputs.count())]
    assert names[0] == "System default" and "USB headset" in names
    assert group.output() == ""
    group.outputs.setCurrentIndex(names.index("USB headset"))
    window.transcript_review.on_output_chosen(group.output())  # what OK in Settings does
    assert settings.value(Key.OUTPUT_DEVICE) == "USB headset"
    FakeStream.streams = []
    bar.play_from(1.0)
    qtbot.waitUntil(lambda: len(FakeStream.streams) == 1, timeout=3000)
    assert FakeStream.streams[0].device == 2
    bar.toggle()  # pause
    window.close()

    monkeypatch.setattr(FakeSD, "DEVICES", FakeSD.DEVICES[:2])  # unplugged: kept, marked
    kept = PlaybackGroup("USB headset")
    qtbot.addWidget(kept)
    assert kept.outputs.currentText() == "USB headset (not connected now)"
    assert kept.output() == "USB headset"
