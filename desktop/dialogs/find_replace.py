"""Find and replace across the transcript: the hits listed as you type (``[mm:ss] …before
[found] after…``), then one Replace all, which is one edit (one undo takes it all back)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.errors import InputError
from engine.transcript_edits import CONTEXT, Hit
from engine.transcript_io import mmss


def hit_line(hit: Hit, new: str) -> str:
    left = "…" if len(hit.before) == CONTEXT else ""
    right = "…" if len(hit.after) == CONTEXT else ""
    change = f"[{hit.found} → {new}]" if new else f"[{hit.found}]"
    return f"[{mmss(hit.start)}] {left}{hit.before.lstrip()}{change}{hit.after}{right}"


class FindReplaceDialog(QDialog):
    """``find`` gives the hits of (text, match case, whole words); ``replace_all`` asks for
    the replacement (the dialog's owner makes it and says how many were replaced)."""

    replace_all = Signal(str, str, bool, bool)  # old, new, match case, whole words

    def __init__(self, find: Callable[..., list[Hit]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find and replace in the transcript")
        self.find = find
        self.old = QLineEdit(placeholderText="e.g. Thomas")
        self.new = QLineEdit(placeholderText="e.g. Tomasz")
        self.match_case = QCheckBox("Match case")
        self.whole_words = QCheckBox("Whole words", checked=True)
        self.hits = QListWidget()
        self.count = QLabel()
        self.replace_button = QPushButton("Replace all")
        form = QFormLayout()
        form.addRow("Find:", self.old)
        form.addRow("Replace with:", self.new)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.match_case)
        layout.addWidget(self.whole_words)
        layout.addWidget(self.count)
        layout.addWidget(self.hits, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.replace_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for w in (self.old, self.new):
            w.textChanged.connect(self.refresh)
        for box in (self.match_case, self.whole_words):
            box.toggled.connect(self.refresh)
        self.replace_button.clicked.connect(self.on_replace_clicked)
        self.resize(560, 380)
        self.refresh()

    def options(self) -> dict:
        return {"match_case": self.match_case.isChecked(),
                "whole_word": self.whole_words.isChecked()}

    @Slot()
    def refresh(self) -> None:
        """The preview: every hit of what is typed, with its replacement."""
        self.hits.clear()
        try:
            found = self.find(self.old.text(), **self.options()) if self.old.text().strip() else []
        except InputError:
            found = []
        for hit in found:
            self.hits.addItem(hit_line(hit, self.new.text()))
        self.count.setText(f"{len(found)} hit(s)" if self.old.text().strip() else "")
        self.replace_button.setEnabled(bool(found))

    @Slot()
    def on_replace_clicked(self) -> None:
        self.replace_all.emit(self.old.text(), self.new.text(), self.match_case.isChecked(),
                              self.whole_words.isChecked())
        self.refresh()
