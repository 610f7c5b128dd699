"""Runs meetings one after another through the engine, off the GUI thread, and reports as signals.

State: idle -> running -> (cancelling ->) idle. Files queue; each job is one engine iterator
run by the GeneratorWorker on its own QThread. The engine's pipeline (and its loaded models)
is built inside the worker, kept between jobs, and rebuilt when the settings change.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop.workers.generator_worker import GeneratorWorker, start_in_thread
from engine import (
    DeviceChosen,
    EngineConfig,
    Event,
    Finished,
    InsightsFound,
    LanguageDetected,
    LevelMeasured,
    LiveCommitted,
    LiveTentative,
    MinutesDelta,
    MinutesPlanned,
    MinutesTentative,
    MinutiaError,
    Notice,
    Pipeline,
    Progress,
    RecordingStarted,
    RecordingStopped,
    SegmentAdded,
    SessionStarted,
    StageChanged,
    TokenOffer,
    Transcript,
    TranscriptSaved,
)
from engine.audio.recorder import RecordControl
from engine.background import wait_for_helpers
from engine.minutes.grounding import Tally
from engine.minutes.lens import StepControl
from engine.recording_job import record_meeting
from engine.recovery import Interrupted, recovered_meeting

log = logging.getLogger("minutia.controller")

AUDIO_SUFFIXES = {".wav", ".flac", ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".webm",
                  ".mp4", ".mkv", ".mov", ".wma", ".aiff", ".aif"}


@dataclass(frozen=True)
class Job:
    title: str
    path: Path | None = None  # a meeting file to process ...
    transcript: Transcript | None = None  # ... or a transcript to rewrite minutes for ...
    record_from: Callable[[], object] | None = None  # ... or a recording: makes its source
    recover: Interrupted | None = None  # ... or a recording interrupted by a crash
    fork: tuple[int, int] | None = None  # regenerate with this (position, token id) forced
    step: StepControl | None = None  # regenerate one token per click (Token Lens step mode)


PipelineFactory = Callable[[EngineConfig], Pipeline]


class ControllerState(StrEnum):
    """What the controller is doing; state_changed carries the value."""

    IDLE = "idle"  # no job, nothing queued
    RUNNING = "running"  # a job runs on the worker
    CANCELLING = "cancelling"  # asked to stop; the worker has not ended yet


class SessionController(QObject):
    state_changed = Signal(str)
    queue_changed = Signal(int)
    job_started = Signal(object)          # Job
    device_chosen = Signal(str)
    session_started = Signal(object)      # Path of the session folder
    stage_changed = Signal(object)        # Stage
    progress_changed = Signal(object, float, float)  # Stage, fraction, seconds left (-1: unknown)
    language_detected = Signal(str, float)
    segment_added = Signal(object)        # Segment
    transcript_saved = Signal(object, object)  # Transcript, Path
    minutes_planned = Signal(object)      # MinutesPlanned
    minutes_delta = Signal(str, object)   # text, its Token Lens step (TokenStep or None)
    minutes_tentative = Signal(str)       # the model's text still being checked ("": none)
    token_offered = Signal(object)        # step mode: the TokenOffer waiting for a click
    insights_found = Signal(object)       # engine.insights.Insights
    notice = Signal(str)
    job_finished = Signal(object)         # engine.Finished
    job_failed = Signal(str, str)         # one-line message, details
    job_cancelled = Signal()
    recording_started = Signal(str)       # source name
    level_changed = Signal(float, float, bool)  # peak 0..1, seconds recorded, paused
    tentative_changed = Signal(str)       # the utterance still being spoken
    recording_stopped = Signal(float)     # seconds recorded

    def __init__(self, make_pipeline: PipelineFactory, config: EngineConfig,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._make_pipeline = make_pipeline
        self.config = config
        self._pipeline: Pipeline | None = None
        self._queue: deque[Job] = deque()
        self._worker: GeneratorWorker | None = None
        self._thread: QThread | None = None
        self._state = ControllerState.IDLE
        self._stage_started = time.monotonic()
        self._record_control: RecordControl | None = None
        self._step_control: StepControl | None = None

    # ---- state ---------------------------------------------------------------------------
    @property
    def state(self) -> ControllerState:
        return self._state

    @property
    def busy(self) -> bool:
        return self._state != ControllerState.IDLE

    def _set_state(self, state: ControllerState) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)

    # ---- commands (GUI thread) -------------------------------------------------------------
    def enqueue_files(self, paths: list[Path]) -> list[str]:
        """Queue audio/video files; returns one message per refused path."""
        refused = []
        for path in map(Path, paths):
            if path.is_dir() or path.suffix.lower() not in AUDIO_SUFFIXES:
                refused.append(f"{path.name} is not an audio or video file")
                continue
            self._queue.append(Job(path.stem, path=path))
        self._queued()
        return refused

    def regenerate(self, transcript: Transcript, title: str,
                   fork: tuple[int, int] | None = None) -> None:
        """Rewrite the minutes of a kept transcript with the current settings; ``fork``:
        with that (position, token id) forced, everything before it kept."""
        self._queue.append(Job(title, transcript=transcript, fork=fork))
        self._queued()

    def step_through(self, transcript: Transcript, title: str) -> None:
        """Rewrite the minutes one token per click: the Token Lens's step mode. The job
        offers each next token (token_offered) and waits for choose_token() or run_to_end()."""
        self._queue.append(Job(title, transcript=transcript, step=StepControl()))
        self._queued()

    def choose_token(self, token: int | None = None) -> None:
        """Step mode: write the next token, ``token`` (an id) or, with None, the sampler's."""
        if self._step_control is not None:
            self._step_control.next(token)

    def run_to_end(self) -> None:
        """Step mode: stop waiting for clicks; the rest is written as usual."""
        if self._step_control is not None:
            self._step_control.run_to_end()

    def recover(self, items: list[Interrupted]) -> None:
        """Queue recordings a crash interrupted: each is repaired, transcribed and summarised
        in its own session folder."""
        self._queue.extend(Job(item.title or item.session_dir.name, recover=item) for item in items)
        self._queued()

    def start_recording(self, make_source: Callable[[], object], title: str) -> None:
        """Record now (ahead of queued files) from the source ``make_source`` builds on the
        worker thread; transcribe live; write the minutes after stop_recording()."""
        self._record_control = RecordControl()
        self._queue.appendleft(Job(title, record_from=make_source))
        self._queued()

    def pause_recording(self, paused: bool) -> None:
        if self._record_control is not None:
            (self._record_control.pause if paused else self._record_control.resume)()

    def stop_recording(self) -> None:
        """End the recording; the live transcript's tail and the minutes follow."""
        if self._record_control is not None:
            self._record_control.stop()

    @property
    def recording(self) -> bool:
        return self._record_control is not None and not self._record_control.stopping

    def queued_titles(self) -> list[str]:
        """The meetings waiting to start (files, recoveries), in order."""
        return [job.title for job in self._queue if job.transcript is None]

    def _queued(self) -> None:
        """Jobs were added: say how many wait, and start the next if the worker is free."""
        self.queue_changed.emit(len(self._queue))
        self._start_next()

    def apply_config(self, config: EngineConfig) -> None:
        """Use ``config`` from the next job on (models reload only if they changed)."""
        self.config = config

    def cancel(self) -> None:
        """Stop the current job at its next segment or token; queued files still run.
        A recording being cancelled keeps its audio (and what was transcribed so far)."""
        self.stop_recording()
        if self._worker is not None:
            self._set_state(ControllerState.CANCELLING)
            self._worker.cancel()

    def cancel_all(self) -> None:
        self._queue.clear()
        self.queue_changed.emit(0)
        self.cancel()

    def shutdown(self, timeout_s: float = 10.0, *, helpers_s: float | None = None) -> bool:
        """Cancel everything, wait (bounded) for the worker and for the engine's helper
        threads (a cancelled prompt evaluation or speech window ends in its own time), then
        release the models. A model still in use then is released by its helper as that
        ends (LocalLlama.close); nothing here waits longer than ``timeout_s``.

        Args:
            helpers_s: the most to wait for helpers (default: what is left of ``timeout_s``);
                0 when the caller waited for them already without blocking (the window).
        """
        self.cancel_all()
        deadline = time.monotonic() + timeout_s
        thread = self._thread
        if thread is not None and not thread.wait(int(timeout_s * 1000)):
            log.warning("worker still running after %.0f s at shutdown", timeout_s)
            return False
        left = max(0.0, deadline - time.monotonic())
        if not wait_for_helpers(left if helpers_s is None else min(left, helpers_s)):
            log.warning("an engine helper is still in a native call at shutdown: its model"
                        " is released when that call ends")
        self.release_models()
        return True

    def release_models(self) -> None:
        if self._pipeline is not None:
            self._pipeline.transcriber.close()
            self._pipeline.chat_model.close()
            self._pipeline = None

    # ---- the job (runs on the worker thread) ------------------------------------------------
    def _pipeline_for(self, config: EngineConfig) -> Pipeline:
        if self._pipeline is None or self._pipeline.config.models_key() != config.models_key():
            self.release_models()
            self._pipeline = self._make_pipeline(config)
        self._pipeline.config = config  # the models stay; the other settings apply now
        return self._pipeline

    def _job_events(self, job: Job, config: EngineConfig, cancel):
        pipeline = self._pipeline_for(config)
        if pipeline.device is not None:
            yield DeviceChosen(pipeline.device.label)
        if job.record_from is not None:
            return (yield from record_meeting(pipeline, job.record_from(), self._record_control,
                                              cancel=cancel, title=job.title))
        if job.recover is not None:
            return (yield from recovered_meeting(pipeline, job.recover, cancel=cancel))
        if job.path is not None:
            return (yield from pipeline.process_file(job.path, cancel=cancel, title=job.title))
        return (yield from pipeline.minutes_from_transcript(
            job.transcript, cancel=cancel, title=job.title, source="regenerate",
            step=job.step))

    # ---- plumbing (GUI thread) ------------------------------------------------------------
    def _start_next(self) -> None:
        if self._worker is not None or not self._queue:
            if not self._queue and self._worker is None:
                self._set_state(ControllerState.IDLE)
            return
        job = self._queue.popleft()
        self.queue_changed.emit(len(self._queue))
        config = replace(self.config, fork=job.fork)
        self._step_control = job.step
        worker = GeneratorWorker(lambda cancel: self._job_events(job, config, cancel))
        worker.yielded.connect(self._on_yielded)
        worker.errored.connect(self._on_errored)
        worker.cancelled.connect(self._on_cancelled)
        self._worker = worker
        self._set_state(ControllerState.RUNNING)
        self.job_started.emit(job)
        self._thread = start_in_thread(worker)
        self._thread.finished.connect(self._on_thread_finished)

    @Slot(object)
    def _on_yielded(self, event: Event) -> None:
        handler = self._HANDLERS.get(type(event))
        if handler is None:
            log.warning("no handler for the engine event %s: dropped", type(event).__name__)
            return
        handler(self, event)

    def _on_stage(self, event: StageChanged) -> None:
        self._stage_started = time.monotonic()  # for the estimate of what is left
        self.stage_changed.emit(event.stage)

    def _on_progress(self, event: Progress) -> None:
        fraction = event.fraction
        elapsed = time.monotonic() - self._stage_started
        left = elapsed / fraction * (1 - fraction) if 0.02 < fraction < 1 else -1.0
        self.progress_changed.emit(event.stage, fraction, left)

    def _on_live_committed(self, event: LiveCommitted) -> None:
        for segment in event.segments:
            self.segment_added.emit(segment)
        self.tentative_changed.emit("")

    def _on_recording_stopped(self, event: RecordingStopped) -> None:
        self._record_control = None
        self.recording_stopped.emit(event.seconds)

    # What each engine event becomes, by its exact type (events are final dataclasses): a
    # signal, or a method above where the controller keeps some state too. A class-level
    # table: one on the instance, of bound methods, would keep the controller in a
    # reference cycle (desktop/gc_guard.py says why those are best avoided).
    _HANDLERS: ClassVar[dict[type, Callable[[SessionController, Any], None]]] = {
        DeviceChosen: lambda c, e: c.device_chosen.emit(e.label),
        SessionStarted: lambda c, e: c.session_started.emit(e.session_dir),
        StageChanged: _on_stage,
        Progress: _on_progress,
        Notice: lambda c, e: c.notice.emit(e.message),
        Finished: lambda c, e: c.job_finished.emit(e),
        RecordingStarted: lambda c, e: c.recording_started.emit(e.device),
        LevelMeasured: lambda c, e: c.level_changed.emit(e.peak, e.seconds, e.paused),
        RecordingStopped: _on_recording_stopped,
        LiveCommitted: _on_live_committed,
        LiveTentative: lambda c, e: c.tentative_changed.emit(e.text),
        LanguageDetected: lambda c, e: c.language_detected.emit(e.language, e.probability),
        SegmentAdded: lambda c, e: c.segment_added.emit(e.segment),
        TranscriptSaved: lambda c, e: c.transcript_saved.emit(e.transcript, e.path),
        InsightsFound: lambda c, e: c.insights_found.emit(e.insights),
        MinutesPlanned: lambda c, e: c.minutes_planned.emit(e),
        MinutesDelta: lambda c, e: c.minutes_delta.emit(e.text, e.step),
        MinutesTentative: lambda c, e: c.minutes_tentative.emit(e.text),
        TokenOffer: lambda c, e: c.token_offered.emit(e),
        # The grounding checks are in the session's manifest and marked in the minutes
        # themselves; the window shows nothing more of them.
        Tally: lambda c, e: None,
    }

    @Slot(object)
    def _on_errored(self, error: Exception) -> None:
        if isinstance(error, MinutiaError):
            self.job_failed.emit(str(error), "")
        else:
            self.job_failed.emit(f"Something went wrong: {error}",
                                 f"{type(error).__name__}: {error}\n\nThe log has the details.")

    @Slot()
    def _on_cancelled(self) -> None:
        self.job_cancelled.emit()

    @Slot()
    def _on_thread_finished(self) -> None:
        self._record_control = None  # a recording that failed never said it stopped
        self._step_control = None
        self._worker = None
        self._thread = None
        self._start_next()
        if self._worker is None:
            self._set_state(ControllerState.IDLE)
