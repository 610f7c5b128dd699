"""Record / Pause / Stop in the window, with a fake source and fake recogniser (fast tier)."""

import json
import threading
import time

import numpy as np
from conftest import SEGMENTS, Backends
from locations import SAMPLE

from desktop.main_window import MainWindow
from desktop.session_controller import SessionController
from desktop.widgets.record_bar import RecordBar
from engine import EngineConfig
from engine.audio.devices import InputDevice
from engine.audio.sources import ReplaySource
from engine.errors import DeviceError


class Tone:
    """A live-like source: 100 ms blocks of a quiet tone, paced in real time, until stopped."""

    name = "test tone"

    def __init__(self):
        self.error, self.ended, self._stop = None, False, threading.Event()

    def start(self, deliver):
        def run():
            while not self._stop.wait(0.1):
                deliver((0.2 * np.sin(np.arange(1600) * 0.2)).astype(np.float32))
        threading.Thread(target=run, daemon=True).start()

    def stop(self):
        self._stop.set()


def one_mic():
    return [InputDevice(3, "Test Mic", "ALSA", 1, 16000.0, True)]


def make_window(qtbot, settings, tmp_path, backends, source_factory, devices=one_mic):
    controller = SessionController(lambda cfg: backends.make_pipeline(cfg, tmp_path / "sessions"),
                                   EngineConfig())
    window = MainWindow(controller, settings, confirm=lambda q: True,
                        make_source=lambda index: source_factory,
                        record_bar=RecordBar(list_devices=devices))
    qtbot.addWidget(window)
    window.show()
    return window


def test_record_pause_stop_then_minutes(qtbot, settings, tmp_path):
    backends = Backends()
    window = make_window(qtbot, settings, tmp_path, backends, Tone)
    bar, c = window.record_bar, window.controller
    assert bar.record_button.isEnabled() and not bar.stop_button.isEnabled()
    assert bar.devices.currentText() == "Test Mic (ALSA) [default]"
    t0 = time.monotonic()
    with qtbot.waitSignal(c.recording_started, timeout=5000):
        bar.record_button.click()
    assert time.monotonic() - t0 < 1.0
    assert not bar.record_button.isEnabled() and bar.stop_button.isEnabled()
    qtbot.waitUntil(lambda: bar.level.value() > 10, timeout=3000)  # the meter moves
    assert "after you press Stop" in window.speaker_list.note.text()
    bar.pause_button.setChecked(True)
    qtbot.waitUntil(lambda: bar.elapsed.text().startswith("❚❚"), timeout=3000)
    paused_at = c.level_changed
    bar.pause_button.setChecked(False)
    qtbot.wait(600)
    with qtbot.waitSignal(c.recording_stopped, timeout=5000) as stopped:
        bar.stop_button.click()
    qtbot.waitUntil(lambda: not c.busy, timeout=20000)
    meeting = window.meetings[0]
    assert meeting.status == "done" and "## Action items" in window.minutes.markdown()
    assert window.transcript.texts()[0].endswith(SEGMENTS[0].text)
    manifest = json.loads((meeting.session_dir / "manifest.json").read_text())
    assert manifest["recording"]["seconds"] == stopped.args[0] > 0.3
    assert bar.record_button.isEnabled() and paused_at is not None


def test_stop_while_the_live_recogniser_is_mid_chunk(qtbot, settings, tmp_path):
    backends = Backends(delay=0.5)  # each recognised chunk takes a while
    window = make_window(qtbot, settings, tmp_path, backends,
                         lambda: ReplaySource(SAMPLE, paced=True))
    c = window.controller
    with qtbot.waitSignal(c.segment_added, timeout=30000):
        window.record_bar.record_button.click()
    window.record_bar.stop_button.click()
    qtbot.waitUntil(lambda: not c.busy, timeout=30000)
    assert window.meetings[0].status == "done"
    assert (window.meetings[0].session_dir / "recording.wav").is_file()


def test_without_portaudio_recording_is_disabled_and_says_why(qtbot, settings, tmp_path):
    def no_portaudio():
        raise DeviceError("PortAudio is not installed, so Minutia cannot record")
    window = make_window(qtbot, settings, tmp_path, Backends(), Tone, devices=no_portaudio)
    assert not window.record_bar.record_button.isEnabled()
    assert "PortAudio is not installed" in window.record_bar.record_button.toolTip()
    assert window.menu.import_files.isEnabled()  # files still work


def test_an_interrupted_recording_is_offered_at_start_and_recovered(qtbot, settings, tmp_path):
    from audio_files import read_wav

    from engine import paths
    from engine.audio.wav_writer import CrashSafeWav
    from engine.session import Session
    speech, _ = read_wav(SAMPLE)
    crashed = Session.create("Tuesday stand-up", root=paths.sessions_dir())
    wav = CrashSafeWav(crashed.dir / "recording.wav")
    wav.write(speech[: 16000 * 5])
    wav._f.flush()  # killed here: the header on disk still says 0 s
    crashed.save_manifest(status="recording", recording={"file": "recording.wav", "pid": 2 ** 22 + 7})
    backends = Backends()
    window = make_window(qtbot, settings, tmp_path, backends, Tone)
    window.offer_recovery()
    bar = window.message_bar
    assert bar.isVisible() and bar.action_button.isVisible()
    assert "Tuesday stand-up" in bar.label.text() and "00:05" in bar.label.text()
    with qtbot.waitSignal(window.controller.job_finished, timeout=15000) as done:
        bar.action_button.click()
    assert done.args[0].session_dir == crashed.dir
    assert [m.title for m in window.meetings] == ["Tuesday stand-up"]
    assert [t.split("  ", 1)[1] for t in window.transcript.texts()] == [s.text for s in SEGMENTS]
    manifest = json.loads((crashed.dir / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["recording"]["recovered"] is True
    assert (crashed.dir / "minutes.md").is_file()
    qtbot.waitUntil(lambda: not window.controller.busy)
    window.offer_recovery()  # nothing left to offer: the bar shows the last job's notice at most
    assert not bar.action_button.isVisible()
