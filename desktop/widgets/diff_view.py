"""The minutes against their previous version, word by word: removed words struck out in
red, added words in green."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from engine.minutes.word_diff import Change, count_words

STYLE = {"same": "", "removed": "color:#b71c1c;background:#ffebee;text-decoration:line-through",
         "added": "color:#1b5e20;background:#e8f5e9"}


def diff_html(changes: list[Change]) -> str:
    spans = "".join(f'<span style="{STYLE[c.kind]}">{html.escape(c.text)}</span>' if c.kind != "same"
                    else html.escape(c.text) for c in changes)
    return f'<div style="white-space:pre-wrap;font-family:\'DejaVu Sans\'">{spans}</div>'


class DiffView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.browser = QTextBrowser()
        self.browser.setObjectName("minutesDiff")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.browser, 1)

    def set_changes(self, changes: list[Change], what: str) -> None:
        self.summary.setText(f"<b>{count_words(changes, 'added')} words added,"
                             f" {count_words(changes, 'removed')} removed</b> against {what}.")
        self.browser.setHtml(diff_html(changes))
