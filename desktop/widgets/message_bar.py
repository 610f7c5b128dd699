"""An in-window message bar (errors, notices) with a Details toggle and an optional action
button, instead of dialogs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

_STYLES = {
    "error": "QFrame#messageBar { background: #fdecea; border: 1px solid #f5c2bd; border-radius: 4px; }",
    "info": "QFrame#messageBar { background: #eaf2fb; border: 1px solid #bcd3ee; border-radius: 4px; }",
}


class MessageBar(QFrame):
    closed = Signal()  # the user closed it (✕)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.details_button = QPushButton("Details")
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._toggle_details)
        self.action_button = QPushButton()
        self.action_button.clicked.connect(self._run_action)
        self._action: Callable[[], None] | None = None
        self.close_button = close = QPushButton("✕")
        close.setFlat(True)
        close.setFixedWidth(28)
        close.clicked.connect(self.hide)
        close.clicked.connect(self.closed)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(120)
        self.details.hide()
        row = QHBoxLayout()
        row.addWidget(self.label, 1)
        row.addWidget(self.action_button)
        row.addWidget(self.details_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.details)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, *, kind: str = "info", details: str = "",
                     action: tuple[str, Callable[[], None]] | None = None) -> None:
        """Show ``text``; ``action`` (label, callback) adds a button that runs the callback
        and closes the bar."""
        self.kind = kind
        self._action = action[1] if action else None
        self.action_button.setText(action[0] if action else "")
        self.action_button.setVisible(action is not None)
        self.setStyleSheet(_STYLES[kind])
        self.label.setText(text)
        self.details.setPlainText(details)
        self.details_button.setVisible(bool(details))
        self.details_button.setChecked(False)
        self.show()

    @Slot(bool)
    def _toggle_details(self, on: bool) -> None:
        self.details.setVisible(on)

    @Slot()
    def _run_action(self) -> None:
        action, self._action = self._action, None
        self.hide()
        if action is not None:
            action()
