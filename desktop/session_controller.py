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
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop.workers.generator_worker import GeneratorWorker, start_in_thread
from engine import (
    EngineConfig,
    Finished,
    LanguageDetected,
    MinutesDelta,
    MinutesPlanned,
    MinutiaError,
    Notice,
    Pipeline,
    Progress,
    SegmentAdded,
    SessionStarted,
    StageChanged,
    Transcript,
    TranscriptSaved,
)
from engine.audio.recorder import RecordControl
from engine.background import wait_for_helpers
from engine.events import (
    DeviceChosen,
    InsightsFound,
    LevelMeasured,
    LiveCommitted,
    LiveTentative,
    RecordingStarted,
    RecordingStopped,
    TokenOffer,
)
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
    minutes_delta = Signal(str)
    minutes_piece = Signal(str, object)   # the same text, with its Token Lens step (or None)
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
        self._state = "idle"
        self._stage_started = time.monotonic()
        self._record_control: RecordControl | None = None
        self._step_control: StepControl | None = None

    # ---- state ---------------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self._state

    @property
    def busy(self) -> bool:
        return self._state != "idle"

    def _set_state(self, state: str) -> None:
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
            self._set_state("cancelling")
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
            for backend in (self._pipeline.transcriber, self._pipeline.chat_model):
                close = getattr(backend, "close", None)
                if close is not None:
                    close()
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
                self._set_state("idle")
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
        self._set_state("running")
        self.job_started.emit(job)
        self._thread = start_in_thread(worker)
        self._thread.finished.connect(self._on_thread_finished)

    @Slot(object)
    def _on_yielded(self, event) -> None:
        if isinstance(event, SegmentAdded):
            self.segment_added.emit(event.segment)
        elif isinstance(event, MinutesDelta):
            self.minutes_delta.emit(event.text)
            self.minutes_piece.emit(event.text, event.step)
        elif isinstance(event, Progress):
            self._emit_progress(event)
        elif isinstance(event, StageChanged):
            self._stage_started = time.monotonic()
            self.stage_changed.emit(event.stage)
        elif isinstance(event, TranscriptSaved):
            self.transcript_saved.emit(event.transcript, event.path)
        elif isinstance(event, SessionStarted):
            self.session_started.emit(event.session_dir)
        elif isinstance(event, LanguageDetected):
            self.language_detected.emit(event.language, event.probability)
        elif isinstance(event, MinutesPlanned):
            self.minutes_planned.emit(event)
        elif isinstance(event, TokenOffer):
            self.token_offered.emit(event)
        elif isinstance(event, InsightsFound):
            self.insights_found.emit(event.insights)
        elif isinstance(event, Notice):
            self.notice.emit(event.message)
        elif isinstance(event, DeviceChosen):
            self.device_chosen.emit(event.label)
        elif isinstance(event, Finished):
            self.job_finished.emit(event)
        elif isinstance(event, LevelMeasured):
            self.level_changed.emit(event.peak, event.seconds, event.paused)
        elif isinstance(event, LiveCommitted):
            for segment in event.segments:
                self.segment_added.emit(segment)
            self.tentative_changed.emit("")
        elif isinstance(event, LiveTentative):
            self.tentative_changed.emit(event.text)
        elif isinstance(event, RecordingStarted):
            self.recording_started.emit(event.device)
        elif isinstance(event, RecordingStopped):
            self._record_control = None
            self.recording_stopped.emit(event.seconds)

    def _emit_progress(self, event: Progress) -> None:
        fraction = event.fraction
        elapsed = time.monotonic() - self._stage_started
        left = elapsed / fraction * (1 - fraction) if 0.02 < fraction < 1 else -1.0
        self.progress_changed.emit(event.stage, fraction, left)

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
            self._set_state("idle")
