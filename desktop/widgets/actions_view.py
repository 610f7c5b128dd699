"""The Actions tab: every meeting's action items, open ones by default, each with a box to
tick it done, its owner, due date, and the meeting and moment it comes from; a double
click opens that meeting at that moment."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.two_lines import TwoLines
from engine.library import Action
from engine.transcript_io import mmss

ROLE = Qt.ItemDataRole.UserRole


def action_text(a: Action) -> str:
    """Two lines: owner and task; due date, meeting and moment."""
    owner = a.owner or "Owner not stated"
    mark = "  ⚠ unverified" if a.unverified else ""
    due = f"due {a.due}" if a.due else "no due date"
    at = f" [{mmss(a.start)}]" if a.start is not None else ""
    return f"{owner}: {a.task}{mark}\n{due}  ·  {a.title}{at}, {a.created[:10]}"


class ActionsView(QWidget):
    done_toggled = Signal(str, bool)  # item id, ticked done
    open_requested = Signal(object)  # Action: its meeting at its moment
    show_done_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actions")
        self.items: list[Action] = []
        self.count_label = QLabel()
        self.show_done = QCheckBox("Show done")
        head = QHBoxLayout()
        head.addWidget(self.count_label, 1)
        head.addWidget(self.show_done)
        self.list = QListWidget(objectName="actions-list")
        self.list.setItemDelegate(TwoLines(self.list))
        hint = QLabel("Tick an item when it is done; double-click one to open its meeting"
                      " at that moment.", wordWrap=True)
        hint.setStyleSheet("color: gray")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(head)
        layout.addWidget(self.list, 1)
        layout.addWidget(hint)
        self.list.itemChanged.connect(self._changed)
        self.list.itemDoubleClicked.connect(self._opened)
        self.show_done.toggled.connect(self.show_done_changed)
        self.show_actions([])

    def show_actions(self, items: list[Action]) -> None:
        """List ``items`` (done ones only when "Show done" is ticked)."""
        self.items = [a for a in items if self.show_done.isChecked() or not a.done]
        self.list.blockSignals(True)
        self.list.clear()
        for a in self.items:
            item = QListWidgetItem(action_text(a))
            item.setData(ROLE, a.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if a.done else Qt.CheckState.Unchecked)
            item.setToolTip(f"{action_text(a)}\n{a.id} · {a.path}"
                            + (f"\ndone {a.done}" if a.done else ""))
            if a.done:
                font = item.font()
                font.setStrikeOut(True)
                item.setFont(font)
                item.setForeground(Qt.GlobalColor.gray)
            self.list.addItem(item)
        self.list.blockSignals(False)
        still = sum(1 for a in items if not a.done)
        self.count_label.setText(f"<b>{still} open action item{'s' if still != 1 else ''}</b>"
                                 f" in {_meetings(items)}"
                                 if items else "<b>No action items</b> in the meetings' minutes")

    def tick(self, action_id: str, done: bool = True) -> None:
        """Tick the item ``action_id`` as a click on its box would."""
        for i in range(self.list.count()):
            if self.list.item(i).data(ROLE) == action_id:
                self.list.item(i).setCheckState(Qt.CheckState.Checked if done
                                                else Qt.CheckState.Unchecked)

    @Slot(QListWidgetItem)
    def _changed(self, item: QListWidgetItem) -> None:
        self.done_toggled.emit(item.data(ROLE), item.checkState() == Qt.CheckState.Checked)

    @Slot(QListWidgetItem)
    def _opened(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        if 0 <= row < len(self.items):
            self.open_requested.emit(self.items[row])


def _meetings(items: list[Action]) -> str:
    n = len({a.session_id for a in items})
    return f"{n} meeting{'s' if n != 1 else ''}"
