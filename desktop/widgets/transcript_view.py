"""The live transcript: one row per segment, ``[mm:ss] text``, added as the worker yields them;
``[mm:ss]  Name: text`` with the name in the speaker's colour once the speakers are found."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from PySide6.QtCore import QModelIndex, QSize, Qt, Slot
from PySide6.QtGui import QPainter, QTextDocument
from PySide6.QtWidgets import (
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.widgets.speaker_colors import speaker_color
from engine import Segment, speakers
from engine.transcript_io import mmss

MARGIN = 4  # around a row's text, as the default rows have


class _SpeakerRow(QStyledItemDelegate):
    """A row whose segment has a speaker: its text as rich text, the name bold in the
    speaker's colour. Other rows (no speakers, the tentative one) are drawn as usual."""

    def __init__(self, view: TranscriptView) -> None:
        super().__init__(view)
        self.view = view

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument | None:
        segment = index.data(Qt.ItemDataRole.UserRole)
        if segment is None or segment.speaker is None:
            return None
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(MARGIN)
        colour = speaker_color(segment.speaker).name()
        name = escape(speakers.display_name(segment.speaker, self.view.names))
        doc.setHtml(f"[{mmss(segment.start)}]&nbsp; <b style='color:{colour}'>{name}:</b>"
                    f" {escape(segment.text.strip())}")
        doc.setTextWidth(max(80, self.view.viewport().width() - 2))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        doc = self._document(option, index)
        if doc is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else self.view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        painter.translate(option.rect.topLeft())
        doc.drawContents(painter)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        doc = self._document(option, index)
        if doc is None:
            return super().sizeHint(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()))


class TranscriptView(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcript")
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # rows re-wrapped to a new width
        self.names: dict[int, str] = {}  # the speakers' names the rows show
        self.setItemDelegate(_SpeakerRow(self))

    def _row_text(self, segment: Segment) -> str:
        if segment.speaker is None:
            return f"[{mmss(segment.start)}]  {segment.text}"
        name = speakers.display_name(segment.speaker, self.names)
        return f"[{mmss(segment.start)}]  {name}: {segment.text.strip()}"

    @Slot(object)
    def add_segment(self, segment: Segment) -> None:
        self.set_tentative("")  # a committed row replaces the tentative one
        bar = self.verticalScrollBar()
        follow = bar.value() >= bar.maximum() - 4
        item = QListWidgetItem(self._row_text(segment))
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

    def set_segments(self, segments: list[Segment], names: Mapping[int, str] | None = None
                     ) -> None:
        """All rows anew; ``names``: the speakers' names (none: "Speaker N")."""
        self.names = dict(names or {})
        self.clear()
        for s in segments:
            self.add_segment(s)

    def set_names(self, names: Mapping[int, str]) -> None:
        """A speaker was renamed: the rows say the new names."""
        self.names = dict(names)
        for i in range(self.count()):
            segment = self.item(i).data(Qt.ItemDataRole.UserRole)
            if segment is not None:
                self.item(i).setText(self._row_text(segment))

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
