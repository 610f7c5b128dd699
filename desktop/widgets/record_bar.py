"""Record / Pause / Stop, the input-device picker, a level meter and the elapsed time."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from engine.audio.devices import list_input_devices
from engine.errors import DeviceError
from engine.transcript_io import mmss

NO_INPUT = "No microphone found: PortAudio lists no input device"


class RecordBar(QWidget):
    record_clicked = Signal(int)  # PortAudio device index
    pause_toggled = Signal(bool)
    stop_clicked = Signal()

    def __init__(self, parent: QWidget | None = None, *, list_devices=list_input_devices) -> None:
        super().__init__(parent)
        self.devices = QComboBox()
        self.devices.setMinimumWidth(220)
        self.record_button = QPushButton("● Record")
        self.pause_button = QPushButton("Pause")
        self.pause_button.setCheckable(True)
        self.stop_button = QPushButton("■ Stop")
        self.level = QProgressBar()
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        self.level.setFixedWidth(90)
        self.elapsed = QLabel("")
        self.reason = QLabel()  # why recording is off, in words beside the greyed controls
        self.reason.setStyleSheet("color: #5f5f5f")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        for widget in (self.devices, self.record_button, self.pause_button, self.stop_button,
                       self.level, self.elapsed, self.reason):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.record_button.clicked.connect(
            lambda: self.record_clicked.emit(int(self.devices.currentData())))
        self.pause_button.toggled.connect(self.pause_toggled)
        self.stop_button.clicked.connect(self.stop_clicked)
        self.unavailable = ""
        self.refresh_devices(list_devices)
        self.set_recording(False)

    def refresh_devices(self, list_devices=list_input_devices) -> None:
        """Fill the picker; without PortAudio or inputs, say why and disable recording."""
        self.devices.clear()
        try:
            found = list_devices()
            self.unavailable = "" if found else NO_INPUT
        except DeviceError as e:
            found, self.unavailable = [], str(e)
        for d in found:
            self.devices.addItem(d.label, d.index)
            if d.is_default:
                self.devices.setCurrentIndex(self.devices.count() - 1)
        self.record_button.setToolTip(self.unavailable or "Start recording a meeting")
        self.level.setToolTip(self.unavailable or "Input level")
        self.devices.setToolTip(self.unavailable or "The input to record from")
        self.reason.setText(self.unavailable)
        self.reason.setVisible(bool(self.unavailable))
        self.set_recording(False)

    def set_recording(self, on: bool, *, busy: bool = False) -> None:
        self.record_button.setEnabled(not on and not busy and not self.unavailable)
        self.devices.setEnabled(not on and not self.unavailable)
        self.level.setEnabled(on or not self.unavailable)
        self.pause_button.setEnabled(on)
        self.stop_button.setEnabled(on)
        if not on:
            self.pause_button.setChecked(False)
            self.level.setValue(0)

    @Slot(float, float, bool)
    def show_level(self, peak: float, seconds: float, paused: bool) -> None:
        self.level.setValue(int(min(1.0, peak) * 100))
        self.elapsed.setText(("❚❚ " if paused else "● ") + mmss(seconds))
