import os
import threading
import uuid
from pathlib import Path

import pytest
from audio_files import read_wav, write_wav
from fakes import FakeChat, FakeTranscriber
from locations import SAMPLE

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from desktop.gc_guard import GuiThreadCollector  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from desktop.session_controller import SessionController  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from engine import EngineConfig, Pipeline, Segment  # noqa: E402

SEGMENTS = [Segment(0.0, 3.5, "Good morning everyone, let's plan the launch."),
            Segment(4.0, 7.5, "Brian will test the contact form by Friday."),
            Segment(8.0, 11.0, "Should we translate the site?")]
REPLY = "- **Brian**: test the contact form (due: Friday) [00:04]"


class Backends:
    """Fake backends that remember which threads called them."""

    def __init__(self, delay=0.0, chat_delay=0.0):
        self.transcriber = FakeTranscriber(SEGMENTS, delay=delay)
        self.chat = FakeChat(REPLY, delay=chat_delay)
        self.factory_threads: set[str] = set()

    def make_pipeline(self, config, sessions_root=None):
        self.factory_threads.add(threading.current_thread().name)
        return Pipeline(config=config, transcriber=self.transcriber, chat_model=self.chat,
                        sessions_root=sessions_root)

    def engine_threads(self) -> set[str]:
        return self.transcriber.threads | self.chat.threads | self.factory_threads


@pytest.fixture(autouse=True, scope="session")
def _garbage_collected_on_the_gui_thread(qapp):
    """As in the app (desktop/app.py): from the first Qt test to the end of the run, cycles are
    collected on the GUI thread only. Without it a window left in a cycle by a desktop test was
    destroyed on a recorder thread in the live-recording tests, and the run died with SIGSEGV."""
    collector = GuiThreadCollector(qapp)
    yield
    collector.stop()


@pytest.fixture
def settings():
    s = Settings(f"test-{uuid.uuid4().hex[:8]}")  # a throwaway settings name
    yield s
    s.clear()
    Path(s.file_name).unlink(missing_ok=True)


@pytest.fixture
def short_wav(tmp_path) -> Path:
    samples, _ = read_wav(SAMPLE)
    return write_wav(tmp_path / "planning meeting.wav", samples[: 16000 * 12])


def make_window(qtbot, settings, backends, tmp_path):
    controller = SessionController(lambda cfg: backends.make_pipeline(cfg, tmp_path / "sessions"),
                                   EngineConfig())
    window = MainWindow(controller, settings, confirm=lambda question: True)
    qtbot.addWidget(window)
    window.show()
    return window
