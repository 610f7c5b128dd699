"""The meetings list: this session's meetings with their status, then the files still
waiting in the queue (greyed, "queued", until they start)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from desktop.meeting import Meeting, MeetingStatus


class MeetingList(QListWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("meetings")

    def show_rows(self, meetings: list[Meeting], queued: list[str],
                  current: Meeting | None = None) -> None:
        """One row per meeting (``title · status``), then one per queued title; the row of
        ``current`` selected. Emits no selection signal."""
        rows = [(f"{m.title}  ·  {m.status}", True) for m in meetings]
        rows += [(f"{title}  ·  {MeetingStatus.QUEUED}", False) for title in queued]
        self.blockSignals(True)
        while self.count() > len(rows):
            self.takeItem(self.count() - 1)
        while self.count() < len(rows):
            self.addItem(QListWidgetItem())
        for i, (text, started) in enumerate(rows):
            self.item(i).setText(text)
            self.item(i).setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                                  if started else Qt.ItemFlag.NoItemFlags)
        if current in meetings:
            self.setCurrentRow(meetings.index(current))
        self.blockSignals(False)
