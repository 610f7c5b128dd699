"""The live transcript: one row per segment, ``[mm:ss] text``, added as the worker yields them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from engine import Segment
from engine.transcript_io import mmss


class TranscriptView(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcript")
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setUniformItemSizes(False)

    @Slot(object)
    def add_segment(self, segment: Segment) -> None:
        self.set_tentative("")  # a committed row replaces the tentative one
        bar = self.verticalScrollBar()
        follow = bar.value() >= bar.maximum() - 4
        item = QListWidgetItem(f"[{mmss(segment.start)}]  {segment.text}")
        item.setData(Qt.ItemDataRole.UserRole, segment)
        self.addItem(item)
        if follow:
            self.scrollToBottom()

    @Slot(str)
    def set_tentative(self, text: str) -> None:
        """The utterance still being spoken, greyed, as the last row (empty: none)."""
        last = self.item(self.count() - 1) if self.count() else None
        if last is not None and last.data(Qt.ItemDataRole.UserRole) is None:
            self.takeItem(self.count() - 1)
        if text:
            item = QListWidgetItem(text)
            item.setForeground(Qt.GlobalColor.gray)
            self.addItem(item)
            self.scrollToBottom()

    def set_segments(self, segments: list[Segment]) -> None:
        self.clear()
        for s in segments:
            self.add_segment(s)

    def texts(self) -> list[str]:
        """The committed rows (tentative text excluded)."""
        return [self.item(i).text() for i in range(self.count())
                if self.item(i).data(Qt.ItemDataRole.UserRole) is not None]

    @Slot(float)
    def show_time(self, seconds: float) -> None:
        """Scroll to the segment said at ``seconds`` (a citation) and select it."""
        best = None
        for i in range(self.count()):
            segment = self.item(i).data(Qt.ItemDataRole.UserRole)
            if segment is not None and segment.start <= seconds + 0.999:
                best = i  # the last segment starting at or before the cited second
        if best is not None:
            self.setCurrentRow(best)
            self.scrollToItem(self.item(best), QListWidget.ScrollHint.PositionAtCenter)
