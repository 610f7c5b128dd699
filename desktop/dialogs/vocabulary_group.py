"""The Vocabulary part of Settings: the names and terms transcriptions are told about
(engine/vocabulary.py: corrections add to it), one a line, and whether they are told."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from engine import vocabulary
from engine.errors import InputError


class VocabularyGroup(QGroupBox):
    """Shows the vocabulary saved at ``path`` (default: the user's); ``save`` writes it."""

    def __init__(self, parent: QWidget | None = None, *, path: Path | None = None) -> None:
        super().__init__("Vocabulary (names and terms you corrected)", parent)
        self.path = path
        self.use = QCheckBox("Tell transcriptions about these (Whisper's hotwords)")
        self.use.setToolTip("They are hints: Whisper spells a name as you corrected it when it"
                            " hears something close. Off: the list is kept but not used.")
        self.words = QPlainTextEdit()
        self.words.setPlaceholderText("One name or term a line (Tomasz, Qdrant…). Correcting a"
                                      " transcript adds to it.")
        self.words.setMaximumHeight(110)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.use)
        layout.addWidget(self.words)
        layout.addWidget(self.error)
        try:
            saved = vocabulary.load(path)
        except InputError as e:
            saved = vocabulary.Vocabulary(path=path)
            self._show_error(str(e))
        self.use.setChecked(saved.use)
        self.words.setPlainText("\n".join(saved.words))

    def terms(self) -> list[str]:
        return [line.strip() for line in self.words.toPlainText().splitlines() if line.strip()]

    def save(self) -> bool:
        """Write the list and the switch; False (and why, under the list) when it cannot."""
        edited = vocabulary.Vocabulary(use=self.use.isChecked(), path=self.path)
        try:
            vocabulary.save(edited.with_words(self.terms()))
        except OSError as e:
            self._show_error(f"The vocabulary was not saved: {e}")
            return False
        self.error.hide()
        return True

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
