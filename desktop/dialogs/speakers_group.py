"""The Speakers part of Settings: whether to find who spoke, what the user knows of how many
people there are, and the voices Minutia remembers (listed, and forgotten on request)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QWidget,
)

from engine import EngineConfig
from engine.voices import VoiceBook

MAX_SPEAKERS = 32  # the spin boxes' top; the diarizer itself takes any number


def _count_box(value: int | None, unknown: str, lowest: int) -> QSpinBox:
    """A speaker count: ``lowest - 1`` shows ``unknown`` and means None."""
    box = QSpinBox()
    box.setRange(lowest - 1, MAX_SPEAKERS)
    box.setSpecialValueText(unknown)
    box.setValue(value if value is not None else lowest - 1)
    return box


class SpeakersGroup(QGroupBox):
    def __init__(self, config: EngineConfig, parent: QWidget | None = None, *,
                 book: VoiceBook | None = None) -> None:
        super().__init__("Speakers (found on this computer, after the transcript)", parent)
        self.book = book or VoiceBook()
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
        form.addRow("Remembered voices", self._voices_row())
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.error.hide()
        form.addRow(self.error)
        self.find.toggled.connect(self._enable)
        self.exactly.valueChanged.connect(self._enable)
        self._enable()

    def _voices_row(self) -> QWidget:
        """The voices remembered so far; Forget takes the selected one off (on OK)."""
        self.voices = QListWidget()
        self.voices.setMaximumHeight(90)
        self.voices.setToolTip("Voices you asked Minutia to remember (right-click a speaker:"
                               " Remember this voice). They never leave this computer.")
        for voice in self.book.voices():
            meetings = f"{voice.meetings} meeting{'s' if voice.meetings != 1 else ''}"
            item = QListWidgetItem(f"{voice.name} — learnt from {meetings},"
                                   f" since {voice.created[:10]}")
            item.setData(Qt.ItemDataRole.UserRole, voice.name)
            self.voices.addItem(item)
        if not self.voices.count():
            self.voices.addItem("none yet")
            self.voices.setEnabled(False)
        self.forget = QPushButton("Forget")
        self.forget.clicked.connect(self._forget_selected)
        self.forget.setEnabled(False)
        self.voices.currentRowChanged.connect(lambda row: self.forget.setEnabled(row >= 0))
        self.forgotten: list[str] = []
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.voices, 1)
        layout.addWidget(self.forget, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _forget_selected(self) -> None:
        item = self.voices.currentItem()
        if item is not None and item.data(Qt.ItemDataRole.UserRole):
            self.forgotten.append(item.data(Qt.ItemDataRole.UserRole))
            self.voices.takeItem(self.voices.row(item))

    def forget_voices(self) -> bool:
        """The voices the user took off the list are forgotten (the dialog was accepted).
        Returns whether all were; else the group says why one was not."""
        while self.forgotten:
            try:
                self.book.forget(self.forgotten[0])
            except OSError as e:
                self._say(f"The voice of {self.forgotten[0]} could not be forgotten: {e}")
                return False
            self.forgotten.pop(0)
        return True

    def _say(self, problem: str) -> None:
        self.error.setText(problem)
        self.error.setVisible(bool(problem))

    def _enable(self) -> None:
        on = self.find.isChecked()
        self.exactly.setEnabled(on)
        ranged = on and self.exactly.value() == 0
        self.at_least.setEnabled(ranged)
        self.at_most.setEnabled(ranged)

    def counts_ok(self) -> bool:
        """Whether the counts can be used; if not, the group says why."""
        fewer = self.at_most.value() and self.at_most.value() < self.at_least.value()
        self._say(f"At most {self.at_most.value()} speakers is fewer than at least"
                  f" {self.at_least.value()}." if fewer else "")
        return not fewer

    def apply(self, config: EngineConfig) -> EngineConfig:
        return replace(config, speakers=self.find.isChecked(),
                       num_speakers=self.exactly.value() or None,
                       min_speakers=self.at_least.value(),
                       max_speakers=self.at_most.value() or None)
