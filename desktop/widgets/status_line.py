"""The window's status bar while jobs run: what is happening (stage or meeting), a progress
bar, the elapsed time with an estimate of what is left in the stage, and where the models run."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from engine import Stage
from engine.transcript_io import mmss

LOADING = (Stage.LOADING_SPEECH_MODEL, Stage.LOADING_LLM)  # no fraction: a busy bar


class StatusLine(QObject):
    """Puts its labels and progress bar into ``bar`` (a QMainWindow's statusBar()); ``text``
    is the first line shown."""

    def __init__(self, bar: QStatusBar, text: str) -> None:
        super().__init__(bar)
        self.stage_label = QLabel(text)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.time_label = QLabel()
        self.device_label = QLabel("Device: not loaded yet")
        bar.addWidget(self.stage_label, 1)
        bar.addWidget(self.progress)
        bar.addWidget(self.time_label)
        bar.addPermanentWidget(self.device_label)
        self._clock = QTimer(self)
        self._clock.setInterval(500)
        self._clock.timeout.connect(self._tick)
        self._job_started = 0.0
        self._left = -1.0  # seconds left in the stage; -1: unknown

    def say(self, text: str) -> None:
        self.stage_label.setText(text)

    @Slot(str)
    def show_device(self, label: str) -> None:
        self.device_label.setText(f"Device: {label}")

    def job_started(self) -> None:
        """A job began: the clock runs from now, the bar shows from 0."""
        self._job_started = self._now()
        self._left = -1.0
        self._clock.start()
        self.progress.show()
        self.progress.setValue(0)

    @Slot(object)
    def show_stage(self, stage: Stage) -> None:
        self.stage_label.setText(stage.value.capitalize() + "…")
        self.progress.setValue(0)
        self._left = -1.0
        self.progress.setRange(0, 0 if stage in LOADING else 1000)

    @Slot(object, float, float)
    def show_progress(self, stage: Stage, fraction: float, left: float) -> None:
        """``fraction`` of ``stage`` done, about ``left`` seconds left (-1: unknown)."""
        self.progress.setRange(0, 1000)
        self.progress.setValue(int(fraction * 1000))
        self._left = left

    def hide_progress(self) -> None:
        self.progress.hide()

    def idle(self) -> None:
        """No job runs any more: the clock stops, bar and time go."""
        self._clock.stop()
        self.progress.hide()
        self.time_label.clear()

    @staticmethod
    def _now() -> float:
        return time.monotonic()

    @Slot()
    def _tick(self) -> None:
        elapsed = self._now() - self._job_started
        text = f"{mmss(elapsed)} elapsed"
        if self._left >= 0:
            text += f", about {mmss(self._left)} left in this stage"
        self.time_label.setText(text)
