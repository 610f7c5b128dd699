"""Sampling controls beside the minutes: how adventurous the next-token choice is, and a
button to write the minutes again with them."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from engine import EngineConfig


def _number(widget, low, high, step, tip: str, decimals: int | None = None):
    widget.setRange(low, high)
    widget.setSingleStep(step)
    if decimals is not None:
        widget.setDecimals(decimals)
    widget.setToolTip(tip)
    widget.setKeyboardTracking(False)
    return widget


class SamplingBar(QWidget):
    """The values apply to the next generation as soon as they change (changed); Regenerate
    writes the current meeting's minutes again with them."""

    changed = Signal()
    regenerate_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.temperature = _number(QDoubleSpinBox(), 0.0, 2.0, 0.1,
                                   "0 = always the most likely token (the same minutes every"
                                   " time); higher = more adventurous choices", 2)
        self.top_k = _number(QSpinBox(), 0, 1000, 5,
                             "Choose only among the K most likely tokens (0 = no limit)")
        self.top_k.setSpecialValueText("off")
        self.top_p = _number(QDoubleSpinBox(), 0.05, 1.0, 0.05,
                             "Choose only among the most likely tokens that together reach this"
                             " probability (1 = no limit)", 2)
        self.min_p = _number(QDoubleSpinBox(), 0.0, 1.0, 0.01,
                             "Drop tokens less likely than this fraction of the most likely one"
                             " (0 = no limit)", 2)
        self.seed = _number(QSpinBox(), 0, 2**31 - 1, 1,
                            "The same seed and settings give the same minutes")
        self.regenerate = QPushButton("Regenerate")
        self.regenerate.setToolTip("Write this meeting's minutes again with these settings and"
                                   " show what changed, word by word")
        self.regenerate.clicked.connect(self.regenerate_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for label, widget in (("Temperature", self.temperature), ("top-k", self.top_k),
                              ("top-p", self.top_p), ("min-p", self.min_p), ("seed", self.seed)):
            layout.addWidget(QLabel(label))
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.regenerate)
        for widget in (self.temperature, self.top_k, self.top_p, self.min_p, self.seed):
            widget.valueChanged.connect(self.changed)

    def set_config(self, config: EngineConfig) -> None:
        self.blockSignals(True)
        self.temperature.setValue(config.temperature)
        self.top_k.setValue(config.top_k)
        self.top_p.setValue(config.top_p)
        self.min_p.setValue(config.min_p)
        self.seed.setValue(config.seed)
        self.blockSignals(False)

    def applied_to(self, config: EngineConfig) -> EngineConfig:
        """``config`` with the sampling set here."""
        return replace(config, temperature=round(self.temperature.value(), 2),
                       top_k=self.top_k.value(), top_p=round(self.top_p.value(), 2),
                       min_p=round(self.min_p.value(), 2), seed=self.seed.value())
