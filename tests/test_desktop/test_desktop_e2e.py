"""The desktop app with the real engine and models on the committed sample meeting."""

import re
import subprocess
import threading

import pytest
from locations import SAMPLE
from real_models import normalise
from test_main_window import drop, wait_idle

from desktop.app import make_pipeline
from desktop.main_window import MainWindow
from desktop.session_controller import SessionController
from engine import EngineConfig

pytestmark = pytest.mark.e2e
SECTIONS = ("Summary", "Decisions", "Action items", "Open questions")


class ThreadRecorder:
    """Wraps a real backend and remembers the thread of every call into it."""

    def __init__(self, backend, threads: set):
        self._backend, self._threads = backend, threads

    def __getattr__(self, name):
        attr = getattr(self._backend, name)
        if not callable(attr):
            return attr

        def call(*args, **kwargs):
            self._threads.add(threading.current_thread().name)
            return attr(*args, **kwargs)
        return call


@pytest.fixture
def real_window(qtbot, settings):
    threads: set[str] = set()

    def recording_pipeline(config):
        threads.add(threading.current_thread().name)
        pipeline = make_pipeline(config)
        pipeline.transcriber = ThreadRecorder(pipeline.transcriber, threads)
        pipeline.chat_model = ThreadRecorder(pipeline.chat_model, threads)
        return pipeline

    controller = SessionController(recording_pipeline, EngineConfig(temperature=0.0))
    window = MainWindow(controller, settings, confirm=lambda question: True)
    qtbot.addWidget(window)
    window.show()
    window.engine_threads = threads
    yield window
    controller.shutdown()


def test_drop_the_sample_meeting_and_export_it(qtbot, real_window, tmp_path):
    window = real_window
    drop(window, SAMPLE)
    qtbot.waitUntil(lambda: window.transcript.count() >= 3, timeout=120000)  # rows while running
    assert window.controller.busy
    wait_idle(qtbot, window, timeout=240000)
    assert window.meetings[0].status == "done", window.message_bar.label.text()
    assert window.transcript.count() >= 10
    assert window.status_line.device_label.text() == "Device: CPU"
    # the real speaker finder: four espeak voices, two of them told apart (docs/benchmarks.md)
    assert len(window.speaker_list.rows()) >= 2
    assert all(re.match(r"\[\d\d:\d\d\]  Speaker \d: ", row) for row in window.transcript.texts())
    assert "speakers found" in window.message_bar.label.text()
    preview = window.minutes.preview.toPlainText()
    positions = [preview.index(title) for title in SECTIONS]
    assert positions == sorted(positions)
    md = window.export_markdown(tmp_path / "minutes.md")
    assert md.read_text() == window.minutes.markdown()
    pdf = window.export_pdf(tmp_path / "minutes.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert all(title in text for title in SECTIONS)
    assert "carmen write the announcement" in normalise(text)  # quoted from Whisper's words
    gui = threading.current_thread().name
    assert window.engine_threads and gui not in window.engine_threads


def test_cancel_mid_generation_then_regenerate(qtbot, real_window):
    window = real_window
    c = window.controller
    with qtbot.waitSignal(c.minutes_delta, timeout=180000):
        window.open_files([SAMPLE])
    c.cancel()
    wait_idle(qtbot, window, timeout=30000)
    meeting = window.meetings[0]
    assert meeting.status == "cancelled" and len(meeting.transcript.segments) >= 10
    assert (meeting.session_dir / "transcript.json").is_file()
    window.regenerate()
    wait_idle(qtbot, window, timeout=180000)
    assert meeting.status == "done"
    assert "## Action items" in window.minutes.markdown()


def test_files_on_the_command_line_start_at_once(qtbot, settings):
    from desktop.app import build_window
    window = build_window(settings, [SAMPLE])
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.controller.stage_changed, timeout=10000):
        pass
    assert window.windowTitle() == "Minutia — meeting"
    window.controller.cancel_all()
    wait_idle(qtbot, window, timeout=30000)
    assert window.meetings[0].status == "cancelled"
    window.controller.shutdown()
