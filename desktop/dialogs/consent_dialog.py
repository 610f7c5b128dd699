"""The question before anything leaves the computer: what, how much, to where."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from engine.remote.consent import Disclosure


class ConsentDialog(QDialog):
    def __init__(self, disclosure: Disclosure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Send to a remote endpoint?")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        question = QLabel(f"<b>{disclosure.sentence}</b>")
        question.setWordWrap(True)
        layout.addWidget(question)
        note = QLabel("Until now everything stayed on this computer. Your answer is remembered"
                      f" for {disclosure.endpoint}; Settings ▸ Remote backends can ask again.")
        note.setWordWrap(True)
        layout.addWidget(note)
        if disclosure.preview:
            self.preview = QPlainTextEdit(disclosure.preview)
            self.preview.setReadOnly(True)
            layout.addWidget(QLabel("The start of what is sent:"))
            layout.addWidget(self.preview)
        buttons = QDialogButtonBox()
        self.send = buttons.addButton("Send", QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep = buttons.addButton("Keep it local", QDialogButtonBox.ButtonRole.RejectRole)
        self.keep.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
