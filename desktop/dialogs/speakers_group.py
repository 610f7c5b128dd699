"""The Speakers part of Settings: whether to find who spoke, what the user knows of how many
people there are, and the voices Minutia remembers (listed, and forgotten on request)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QSpinBox, QWidget

from engine import EngineConfig

MAX_SPEAKERS = 32  # the spin boxes' top; the diarizer itself takes any number


def _count_box(value: int | None, unknown: str, lowest: int) -> QSpinBox:
    """A speaker count: ``lowest - 1`` shows ``unknown`` and means None."""
    box = QSpinBox()
    box.setRange(lowest - 1, MAX_SPEAKERS)
    box.setSpecialValueText(unknown)
    box.setValue(value if value is not None else lowest - 1)
    return box


class SpeakersGroup(QGroupBox):
    def __init__(self, config: EngineConfig, parent: QWidget | None = None) -> None:
        super().__init__("Speakers (found on this computer, after the transcript)", parent)
        self.find = QCheckBox("Find who spoke when")
        self.find.setToolTip("Off: transcripts have no speakers, and first-person action"
                             " items have no owner")
        self.find.setChecked(config.speakers)
        self.exactly = _count_box(config.num_speakers, "find out", 1)
        self.at_least = _count_box(config.min_speakers, "", 1)
        self.at_least.setMinimum(1)
        self.at_most = _count_box(config.max_speakers, "no limit", 1)
        form = QFormLayout(self)
        form.addRow(self.find)
        form.addRow("Number of speakers", self.exactly)
        form.addRow("At least", self.at_least)
        form.addRow("At most", self.at_most)
        self.find.toggled.connect(self._enable)
        self.exactly.valueChanged.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        on = self.find.isChecked()
        self.exactly.setEnabled(on)
        ranged = on and self.exactly.value() == 0
        self.at_least.setEnabled(ranged)
        self.at_most.setEnabled(ranged)

    def problem(self) -> str:
        """Why the counts cannot be used ("" when they can)."""
        if self.at_most.value() and self.at_most.value() < self.at_least.value():
            return (f"At most {self.at_most.value()} speakers is fewer than at least"
                    f" {self.at_least.value()}.")
        return ""

    def apply(self, config: EngineConfig) -> EngineConfig:
        return replace(config, speakers=self.find.isChecked(),
                       num_speakers=self.exactly.value() or None,
                       min_speakers=self.at_least.value(),
                       max_speakers=self.at_most.value() or None)
