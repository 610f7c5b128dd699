"""The speakers of the meeting shown, above its transcript: each speaker's colour and name
(renamed in place: double-click or F2), talk time as a bar with its share, turns, and the
names their words suggest. A line says why there are none yet (recording, transcribing,
turned off)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt, Signal, Slot
from PySide6.QtGui import QAction, QColor, QPainter
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.speaker_colors import speaker_color
from engine import Transcript, speakers
from engine.diarize.turns import label
from engine.transcript_io import mmss

NAME, TALK, TURNS, SUGGESTED = range(4)
SHARE_ROLE = Qt.ItemDataRole.UserRole + 1  # the talk-time column's share of the meeting


class _TalkBar(QStyledItemDelegate):
    """The talk-time cell: a bar as long as the speaker's share, in their colour, and the
    time and share as text over it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        share = index.data(SHARE_ROLE)
        if share is None:
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget else None
        if style is not None and option.state & QStyle.StateFlag.State_Selected:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter,
                                option.widget)
        r = option.rect.adjusted(2, 4, -2, -4)
        colour = QColor(index.data(Qt.ItemDataRole.DecorationRole) or "#888888")
        colour.setAlpha(90)
        painter.save()
        painter.fillRect(QRect(r.left(), r.top(), max(1, int(r.width() * share)), r.height()),
                         colour)
        painter.setPen(option.palette.text().color())
        painter.drawText(r.adjusted(4, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter,
                         index.data(Qt.ItemDataRole.DisplayRole))
        painter.restore()


class SpeakerList(QWidget):
    """``rename_requested(speaker, name)``: the user named a speaker ("" gives back
    "Speaker N"); ``remember_requested(speaker)``: "Remember this voice"."""

    rename_requested = Signal(int, str)
    remember_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555")
        self.tree = QTreeWidget()
        self.tree.setObjectName("speakers")
        self.tree.setHeaderLabels(["Speaker", "Talk time", "Turns", "May be"])
        self.tree.setRootIsDecorated(False)
        self.tree.setItemDelegateForColumn(TALK, _TalkBar(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(TURNS, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnWidth(NAME, 105)
        self.tree.setColumnWidth(TALK, 100)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setEditTriggers(QTreeWidget.EditTrigger.DoubleClicked
                                  | QTreeWidget.EditTrigger.EditKeyPressed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.itemChanged.connect(self._edited)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.tree, 1)
        self._suggestions: dict[int, list[speakers.Suggestion]] = {}
        self.show_speakers(None, "")

    def show_speakers(self, transcript: Transcript | None, note: str, *,
                      editable: bool = True) -> None:
        """The speakers of ``transcript`` (none: only ``note``). ``editable``: names can be
        changed now (not while a job is on the meeting)."""
        talk = speakers.talk_time(transcript.segments) if transcript is not None else []
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.tree.setVisible(bool(talk))
        self._suggestions = {}
        names = transcript.speaker_names if transcript is not None else {}
        if talk:
            for s in speakers.suggest(transcript.segments):
                if names.get(s.speaker) != s.name:
                    self._suggestions.setdefault(s.speaker, []).append(s)
        total = sum(t.seconds for t in talk) or 1.0
        self.tree.blockSignals(True)  # filling is not renaming
        self.tree.clear()
        for t in talk:
            self.tree.addTopLevelItem(self._row(t, names, t.seconds / total, editable))
        self.tree.blockSignals(False)
        row = self.tree.sizeHintForRow(0) if talk else 0
        shown = min(len(talk), 6)  # more scroll
        self.tree.setFixedHeight(self.tree.header().sizeHint().height() + row * shown
                                 + 2 * self.tree.frameWidth() + 2)

    def _row(self, t: speakers.TalkTime, names: dict[int, str], share: float,
             editable: bool) -> QTreeWidgetItem:
        item = QTreeWidgetItem([speakers.display_name(t.speaker, names),
                                f"{mmss(t.seconds)} · {share:.0%}", str(t.turns),
                                self._suggested_text(t.speaker)])
        colour = speaker_color(t.speaker)
        item.setData(NAME, Qt.ItemDataRole.UserRole, t.speaker)
        item.setData(NAME, Qt.ItemDataRole.DecorationRole, colour)
        item.setForeground(NAME, colour)
        font = item.font(NAME)
        font.setBold(True)
        item.setFont(NAME, font)
        item.setData(TALK, Qt.ItemDataRole.DecorationRole, colour)
        item.setData(TALK, SHARE_ROLE, share)
        item.setToolTip(NAME, f"{label(t.speaker)}: double-click (or F2) to name them")
        hints = self._suggestions.get(t.speaker, [])
        if hints:
            item.setToolTip(SUGGESTED, "\n".join(f"[{mmss(s.at)}] {s.evidence}" for s in hints)
                            + "\nDouble-click to use the first name")
        if editable:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def _suggested_text(self, speaker: int) -> str:
        hints = self._suggestions.get(speaker, [])
        return ", ".join(f"{s.name}? [{mmss(s.at)}]" for s in hints)

    def rows(self) -> list[tuple[str, str, str, str]]:
        """What each row says (tests and screenshots read it)."""
        return [tuple(self.tree.topLevelItem(i).text(c) for c in range(4))
                for i in range(self.tree.topLevelItemCount())]

    def edit_name(self, speaker: int) -> None:
        """Start editing ``speaker``'s name in place."""
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(NAME, Qt.ItemDataRole.UserRole) == speaker:
                self.tree.setCurrentItem(item, NAME)
                self.tree.editItem(item, NAME)

    @Slot(QTreeWidgetItem, int)
    def _edited(self, item: QTreeWidgetItem, column: int) -> None:
        if column == NAME:
            speaker = item.data(NAME, Qt.ItemDataRole.UserRole)
            name = item.text(NAME).strip()
            self.rename_requested.emit(speaker, "" if name == label(speaker) else name)

    @Slot(QTreeWidgetItem, int)
    def _double_clicked(self, item: QTreeWidgetItem, column: int) -> None:
        speaker = item.data(NAME, Qt.ItemDataRole.UserRole)
        hints = self._suggestions.get(speaker, [])
        if column == SUGGESTED and hints and item.flags() & Qt.ItemFlag.ItemIsEditable:
            self.rename_requested.emit(speaker, hints[0].name)
        elif column != NAME:
            self.edit_name(speaker)

    @Slot(QPoint)
    def _menu(self, at: QPoint) -> None:
        item = self.tree.itemAt(at)
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEditable:
            return
        speaker = item.data(NAME, Qt.ItemDataRole.UserRole)
        menu = QMenu(self)
        for action in self.actions_for(speaker):
            menu.addAction(action)
        menu.exec(self.tree.viewport().mapToGlobal(at))

    def actions_for(self, speaker: int) -> list[QAction]:
        """The row's context menu: rename, each suggested name, the default name back,
        remember the voice."""
        out = [self._action("Rename…", lambda: self.edit_name(speaker))]
        for s in self._suggestions.get(speaker, []):
            out.append(self._action(f"Call them {s.name} (said at [{mmss(s.at)}])",
                                    lambda name=s.name: self.rename_requested.emit(speaker, name)))
        out.append(self._action(f"Back to “{label(speaker)}”",
                                lambda: self.rename_requested.emit(speaker, "")))
        out.append(self._action("Remember this voice…",
                                lambda: self.remember_requested.emit(speaker)))
        return out

    def _action(self, text: str, slot) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        return action
