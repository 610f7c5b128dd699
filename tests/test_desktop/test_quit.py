"""Quitting: while a job runs, while its question is open, and right after a cancel that
left llama.cpp in the middle of a prompt evaluation (the real embedded model)."""

import threading
import time

import pytest
from conftest import Backends, make_window
from fakes import FakeTranscriber
from PySide6.QtCore import QTimer

from desktop.main_window import MainWindow
from desktop.session_controller import SessionController
from engine import EngineConfig, Pipeline, Segment
from engine.minutes.local_llama import LocalLlama
from engine.models import default_llm_model


def test_yes_quits_even_if_the_job_ended_while_the_question_was_open(qtbot, settings, short_wav,
                                                                      tmp_path):
    window = make_window(qtbot, settings, Backends(delay=0.2), tmp_path)
    asked = []

    def answer_after_the_job_ends(question):  # the user reads slowly; the job finishes meanwhile
        asked.append(question)
        qtbot.waitUntil(lambda: not window.controller.busy, timeout=20000)
        return True
    window.confirm = answer_after_the_job_ends
    with qtbot.waitSignal(window.controller.job_started, timeout=5000):
        window.open_files([short_wav])
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)
    assert len(asked) == 1 and window.meetings[0].status == "done"


def test_no_keeps_the_app_and_the_next_quit_asks_again(qtbot, settings, short_wav, tmp_path):
    window = make_window(qtbot, settings, Backends(delay=0.2), tmp_path)
    asked = []
    window.confirm = lambda q: (asked.append(q), False)[1]
    with qtbot.waitSignal(window.controller.job_started, timeout=5000):
        window.open_files([short_wav, short_wav])
    window.close()
    assert window.isVisible() and window.controller.busy and len(asked) == 1
    window.close()
    assert window.isVisible() and len(asked) == 2
    window.confirm = lambda q: (asked.append(q), True)[1]
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert len(asked) == 3


def _long_transcript_segments(n: int = 40) -> list[Segment]:
    """A long meeting: its prompt keeps llama.cpp busy for seconds in one native call."""
    lines = ["Carmen will write the announcement for the launch on {d} March.",
             "Brian says the contact form still fails for {d} percent of visitors.",
             "We agreed to move the budget review to room {d} next week.",
             "Should the support team get {d} more hours for the translations?"]
    return [Segment(4.0 * i, 4.0 * i + 3.5, lines[i % 4].format(d=i % 28 + 1)) for i in range(n)]


def _helpers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "minutia-prompt"]


@pytest.mark.e2e
def test_quit_right_after_cancelling_a_prompt_evaluation_never_freezes(qtbot, settings,
                                                                      short_wav, tmp_path):
    chat = LocalLlama(default_llm_model(), context=8192, threads=2)
    transcriber = FakeTranscriber(_long_transcript_segments())
    controller = SessionController(
        lambda config: Pipeline(config=config, transcriber=transcriber, chat_model=chat,
                                sessions_root=tmp_path / "sessions"),
        EngineConfig(temperature=0.0, insights=False))
    window = MainWindow(controller, settings, confirm=lambda question: True)
    qtbot.addWidget(window)
    window.show()
    beats = [time.monotonic()]
    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: beats.append(time.monotonic()))
    heartbeat.start(20)
    window.open_files([short_wav])
    qtbot.waitUntil(lambda: bool(_helpers()), timeout=120000)  # the prompt is being evaluated
    qtbot.wait(300)
    assert _helpers() and chat._llm is not None
    t0 = time.monotonic()
    window.controller.cancel()
    window.close()  # right after the cancel
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30000)
    closed_after = time.monotonic() - t0
    qtbot.waitUntil(lambda: chat._llm is None, timeout=120000)  # released once the helper is done
    assert not _helpers()
    heartbeat.stop()
    started = next(i for i, b in enumerate(beats) if b >= t0) - 1
    worst = max(b - a for a, b in zip(beats[started:], beats[started + 1:], strict=False))
    assert worst < 1.0, f"the window froze for {worst:.1f} s while quitting"
    assert closed_after < 20
