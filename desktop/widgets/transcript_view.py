"""The live transcript: one row per segment, ``[mm:ss] text``, added as the worker yields them;
``[mm:ss]  Name: text`` with the name in the speaker's colour once the speakers are found.

A click on a row asks to hear it (``segment_clicked``); a double-click or F2 edits its text in
place (``segment_edited``: the row and the new text; desktop/transcript_editor.py saves it);
the row being heard is highlighted and followed (``set_playing``)."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from html import escape

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QSize, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QPainter, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
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
HEARD = QColor(255, 236, 160)  # the row being heard


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

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        if index.row() == self.view.heard_row:
            option.backgroundBrush = QBrush(HEARD)

    # ---- editing a row in place: its text only, saved by whoever listens to segment_edited --
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex) -> QWidget:
        editor = _RowEditor(parent)
        editor.split_requested.connect(lambda at: self._split(editor, index.row(), at))
        return editor

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if isinstance(editor, _RowEditor) and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            editor.split_requested.emit(editor.cursorPosition())
            return True
        return super().eventFilter(editor, event)

    def _split(self, editor: _RowEditor, row: int, at: int) -> None:
        """Ctrl+Enter in the editor: split the row's segment at the cursor (in its text as
        saved, which may start with a space the editor does not show)."""
        segment = self.view.segment_at(row)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.RevertModelCache)
        if segment is not None:
            lead = len(segment.text) - len(segment.text.lstrip())
            self.view.segment_split.emit(row, lead + at)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        segment = index.data(Qt.ItemDataRole.UserRole)
        editor.setText(segment.text.strip() if segment is not None else "")

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: QModelIndex) -> None:
        segment = index.data(Qt.ItemDataRole.UserRole)
        if segment is not None and editor.text().strip() != segment.text.strip():
            self.view.segment_edited.emit(index.row(), editor.text())

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        doc = self._document(option, index)
        if doc is None:
            return super().sizeHint(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()))


class _RowEditor(QLineEdit):
    """A row's text being edited; Ctrl+Enter asks to split the segment at the cursor (seen
    by the delegate's event filter, which would otherwise take Enter as "done")."""

    split_requested = Signal(int)


class TranscriptView(QListWidget):
    segment_clicked = Signal(float)  # a row was clicked: its start, to hear it
    segment_edited = Signal(int, str)  # a row's text was edited in place: its row, the text
    segment_split = Signal(int, int)  # Ctrl+Enter while editing: the row, where to cut

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heard_row = -1  # the row highlighted as being heard
        self._starts: list[float] = []  # each row's start, for set_playing
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.editable = True  # rows can be edited (whoever saves the edits may refuse)
        self.itemClicked.connect(self._on_item_clicked)
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
        self.addItem(self._item(segment))
        if follow:
            self.scrollToBottom()

    def _item(self, segment: Segment) -> QListWidgetItem:
        item = QListWidgetItem(self._row_text(segment))
        item.setData(Qt.ItemDataRole.UserRole, segment)
        if self.editable:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

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

    def set_segments(self, segments: list[Segment], names: Mapping[int, str] | None = None,
                     *, editable: bool | None = None) -> None:
        """All rows anew; ``names``: the speakers' names (none: "Speaker N"); ``editable``:
        whether rows can be edited in place (None: as before). The scroll position stays."""
        if editable is not None:
            self.editable = editable
        same_names = self.names == dict(names or {})
        self.names = dict(names or {})
        if same_names and self._update_in_place(segments):
            return
        scrolled, row = self.verticalScrollBar().value(), self.currentRow()
        follow = scrolled >= self.verticalScrollBar().maximum() - 4
        self.clear()
        self.heard_row = -1
        self._starts = []
        # All rows at once, scrolled once: a row added at a time, each followed to the bottom,
        # laid the list out again per row (200 rows with speakers took 8 s; every correction
        # redraws the transcript).
        for s in segments:
            self.addItem(self._item(s))
        if follow:
            self.scrollToBottom()
            return
        if row >= 0 and self.count():
            self.setCurrentRow(min(row, self.count() - 1))
        self.verticalScrollBar().setValue(scrolled)

    def _update_in_place(self, segments: list[Segment]) -> bool:
        """As many rows as segments (a corrected text, a replace): only the rows whose
        segment changed are updated (a whole redraw takes ~1 s on a 1,500-row meeting).
        False: the rows must be made anew."""
        if self.count() != len(segments) or any(self.segment_at(i) is None
                                                for i in range(self.count())):
            return False
        self._starts = []
        for i, segment in enumerate(segments):
            if self.segment_at(i) != segment:
                self.item(i).setData(Qt.ItemDataRole.UserRole, segment)
                self.item(i).setText(self._row_text(segment))
        return True

    def segment_at(self, row: int) -> Segment | None:
        item = self.item(row)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    @Slot(float)
    def set_playing(self, seconds: float) -> None:
        """Highlight the row being heard at ``seconds`` and keep it in view (-1: none)."""
        if len(self._starts) != self.count():  # rows came or went: the starts again
            self._starts = [s.start if s is not None else float("inf")
                            for s in map(self.segment_at, range(self.count()))]
        row = bisect.bisect_right(self._starts, seconds) - 1  # the rows are in time order
        if row >= 0 and self.segment_at(row) is None:
            row = -1
        if row == self.heard_row:
            return
        # Painted by the delegate, not set as the item's data: a data change makes the list
        # lay every row out again (350 ms a time on a 1,500-row meeting).
        before, self.heard_row = self.heard_row, row
        for r in (before, row):
            if 0 <= r < self.count():
                self.viewport().update(self.visualItemRect(self.item(r)))
        if row >= 0:
            if self.state() != QAbstractItemView.State.EditingState:
                self.scrollToItem(self.item(row), QListWidget.ScrollHint.EnsureVisible)

    @Slot(QListWidgetItem)
    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        segment = item.data(Qt.ItemDataRole.UserRole)
        if segment is not None:
            self.segment_clicked.emit(float(segment.start))

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
