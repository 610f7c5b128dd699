"""The controller's table of engine events (fast tier): every event a job may yield has a
handler, a minutes piece is one signal with its Token Lens step, and an event the table does
not know is logged instead of dropped in silence."""

import logging
import typing
from dataclasses import dataclass

from desktop.session_controller import SessionController
from engine import EngineConfig, Event, LiveCommitted, MinutesDelta, Segment


def make_controller() -> SessionController:
    return SessionController(lambda config: None, EngineConfig())  # no job runs here


def test_every_engine_event_has_a_handler():
    assert set(typing.get_args(Event)) == set(SessionController._HANDLERS)


def test_a_minutes_piece_is_one_signal_with_its_lens_step(qtbot):
    controller = make_controller()
    seen = []
    controller.minutes_delta.connect(lambda text, step: seen.append((text, step)))  # GUI thread
    controller._on_yielded(MinutesDelta(" launch", step=None))
    controller._on_yielded(MinutesDelta("## Summary\n", generated=False))
    assert seen == [(" launch", None), ("## Summary\n", None)]


def test_live_segments_become_transcript_rows_and_clear_the_tentative_text(qtbot):
    controller = make_controller()
    rows, tentative = [], []
    controller.segment_added.connect(rows.append)
    controller.tentative_changed.connect(tentative.append)
    segments = (Segment(0.0, 1.0, "Good morning."), Segment(1.0, 2.0, "Let's start."))
    controller._on_yielded(LiveCommitted(segments, at=0.0))
    assert rows == list(segments) and tentative == [""]


def test_an_unknown_event_is_logged_not_dropped_in_silence(qtbot, caplog):
    @dataclass(frozen=True)
    class Surprise:
        pass

    with caplog.at_level(logging.WARNING, logger="minutia.controller"):
        make_controller()._on_yielded(Surprise())
    assert "no handler for the engine event Surprise" in caplog.text
