"""The player's logic (issue 19) with a stand-in for sounddevice: a stream whose thread asks for
a block every 20 ms, as PortAudio's does. The file's samples count frames (sample i holds
i // 4), so each block tells where in the file it came from. Real devices:
tests/test_e2e/test_playback.py."""

import time

import numpy as np
import pytest
from fake_output import RATE, FakeSD, FakeStream, counting_wav

from engine import InputError
from engine.audio.player import Player, PlayerState, _Stretcher


@pytest.fixture
def player(tmp_path):
    path = counting_wav(tmp_path / "count.wav", 6)
    FakeStream.streams = []
    made = Player(sd=FakeSD())
    assert made.open(path) == 6.0
    yield made
    made.close()


def wait_for(condition, timeout=3.0):
    end = time.monotonic() + timeout
    while not condition() and time.monotonic() < end:
        time.sleep(0.01)
    return condition()


def test_plays_from_the_position_asked_and_reports_it(player):
    player.play(1.0)
    assert wait_for(lambda: len(FakeStream.streams[0].firsts) > 10)
    firsts = FakeStream.streams[0].firsts
    assert firsts[0] == RATE  # the very first block is the asked second
    assert np.all(np.diff(firsts[:10]) == 320)  # then block after block
    assert abs(player.position - (1.0 + len(firsts) * 0.02)) < 0.06


def test_seek_pause_and_play_again(player):
    player.play(0.0)
    wait_for(lambda: len(FakeStream.streams[0].firsts) > 5)
    player.seek(4.0)
    stream = FakeStream.streams[0]
    n = len(stream.firsts)
    assert wait_for(lambda: len(stream.firsts) > n + 5)
    assert 4 * RATE in stream.firsts[n:n + 2]  # the next block or the one after is 4.0 s
    player.pause()
    here = player.position
    assert player.state == PlayerState.PAUSED and not stream.active
    time.sleep(0.1)
    assert player.position == here
    player.play()
    assert wait_for(lambda: len(FakeStream.streams) == 2 and FakeStream.streams[1].firsts)
    assert abs(FakeStream.streams[1].firsts[0] / RATE - here) < 0.001


def test_speed_moves_the_position_faster_and_the_end_is_reached(player):
    player.set_speed(2.0)
    player.play(4.0)
    time.sleep(0.5)
    assert 4.8 < player.position < 5.2
    assert wait_for(lambda: player.state == PlayerState.ENDED, timeout=8)  # a busy machine
    assert player.position == 6.0
    with pytest.raises(InputError, match="outside"):
        player.set_speed(3.0)


def test_a_device_that_goes_away_fails_with_a_message(player):
    player.play(2.0)
    wait_for(lambda: FakeStream.streams)
    FakeStream.streams[0].die_after = 10
    assert wait_for(lambda: player.state == PlayerState.FAILED)
    assert player.error.startswith("Playback stopped at 00:02: the output device went away")
    assert 2.1 < player.position < 2.4


def test_the_time_stretch_keeps_the_pitch():
    t = np.arange(2 * RATE) / RATE
    tone = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    for speed in (0.75, 1.5, 2.0):
        s = _Stretcher(RATE, speed)
        out = np.concatenate([s.push(tone[i:i + 512]) for i in range(0, len(tone), 512)]
                             + [s.push(None)])
        assert abs(len(out) / len(tone) - 1 / speed) < 0.03
        spectrum = np.abs(np.fft.rfft(out[:RATE]))
        assert abs(np.argmax(spectrum) * RATE / RATE - 440) <= 1  # 1 Hz bins: still 440 Hz


def test_a_recording_still_being_written_plays_on_as_it_grows(player, tmp_path):
    path = player.source.path
    player.play(5.8)  # 0.2 s before what is on disk ends
    time.sleep(0.5)
    assert player.state == PlayerState.PLAYING  # waits at the end: the file changed just now
    with path.open("ab") as f:  # the recorder appends another second
        f.write((np.arange(6 * RATE, 7 * RATE) // 4).astype("<i2").tobytes())
    stream = FakeStream.streams[0]
    assert wait_for(lambda: any(first >= 6 * RATE for first in stream.firsts))
    assert 6 * RATE in stream.firsts  # on from where the recording had got to, nothing skipped


def test_another_output_device_goes_on_from_where_it_was(player):
    assert [d.label for d in player.output_devices()] == ["Speakers (ALSA) [default]",
                                                          "USB headset (ALSA)"]
    player.play(1.0)
    time.sleep(0.3)
    player.set_device(2)
    assert player.state == PlayerState.PLAYING
    assert wait_for(lambda: len(FakeStream.streams) == 2 and FakeStream.streams[1].firsts)
    first, second = FakeStream.streams
    assert not first.active and second.device == 2
    assert 1.2 < second.firsts[0] / RATE < 1.45  # on from about where it was
