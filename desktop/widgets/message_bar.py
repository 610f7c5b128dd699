"""An in-window message bar (errors, notices) with a Details toggle, instead of dialogs."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

_STYLES = {
    "error": "QFrame#messageBar { background: #fdecea; border: 1px solid #f5c2bd; border-radius: 4px; }",
    "info": "QFrame#messageBar { background: #eaf2fb; border: 1px solid #bcd3ee; border-radius: 4px; }",
}


class MessageBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.details_button = QPushButton("Details")
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._toggle_details)
        close = QPushButton("✕")
        close.setFlat(True)
        close.setFixedWidth(28)
        close.clicked.connect(self.hide)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(120)
        self.details.hide()
        row = QHBoxLayout()
        row.addWidget(self.label, 1)
        row.addWidget(self.details_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.details)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, *, kind: str = "info", details: str = "") -> None:
        self.kind = kind
        self.setStyleSheet(_STYLES[kind])
        self.label.setText(text)
        self.details.setPlainText(details)
        self.details_button.setVisible(bool(details))
        self.details_button.setChecked(False)
        self.show()

    @Slot(bool)
    def _toggle_details(self, on: bool) -> None:
        self.details.setVisible(on)
