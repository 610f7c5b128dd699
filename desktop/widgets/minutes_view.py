"""The minutes: a live, throttled Markdown preview and an editable Markdown source, and
after them, greyed, the model's text still being checked (never part of the minutes)."""

from __future__ import annotations

import html

from PySide6.QtCore import QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QPlainTextEdit, QStackedWidget, QTextBrowser, QVBoxLayout, QWidget

from engine.export import minutes_html

RENDER_INTERVAL_MS = 100  # at most 10 renders a second, however fast tokens arrive
TENTATIVE = ('<p class="tentative" style="color:#8a8a8a"><i>Being checked against the'
             ' transcript:</i> {}</p>')


class MinutesView(QWidget):
    """Streams deltas into the source; renders the preview on a timer, following the end
    unless the user scrolled up. What the source holds is what gets exported."""

    rendered = Signal()
    edited = Signal()  # the user changed the source (never a delta, never set_markdown)
    time_clicked = Signal(float)  # a [mm:ss] citation was clicked: seconds into the meeting

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.anchorClicked.connect(self._clicked)
        self.preview.setObjectName("minutesPreview")
        self.source = QPlainTextEdit()
        self.source.setObjectName("minutesSource")
        self.source.setFont(QFont("DejaVu Sans Mono", 10))
        self.source.setPlaceholderText("The minutes appear here as they are written.")
        self.source.textChanged.connect(self._text_changed)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.preview)
        self.stack.addWidget(self.source)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RENDER_INTERVAL_MS)
        self._timer.timeout.connect(self.render)
        self.render_count = 0
        self._streaming = False
        self._pending = ""
        self._tentative = ""
        self._setting = False

    def markdown(self) -> str:
        return self.source.toPlainText() + self._pending

    def set_markdown(self, text: str) -> None:
        self._pending = self._tentative = ""
        self._setting = True
        try:
            self.source.setPlainText(text)
        finally:
            self._setting = False
        self.render()

    def clear(self) -> None:
        self.set_markdown("")

    def show_source(self, on: bool) -> None:
        self.stack.setCurrentWidget(self.source if on else self.preview)
        if not on:
            self.render()

    @Slot(str)
    def append_delta(self, text: str) -> None:
        # Tokens are buffered and reach the editor with the next render: inserting each one
        # re-lays out the editor's last block, which costs milliseconds per token.
        self._pending += text
        self._schedule()

    @Slot(str)
    def set_tentative(self, text: str) -> None:
        """The model's text not yet checked (a Summary sentence still being written, or held
        because it does not hold up): shown greyed after the minutes until the next one."""
        self._tentative = text
        self._schedule()

    def tentative(self) -> str:
        return self._tentative

    def _flush(self) -> None:
        if self._pending:
            pending, self._pending = self._pending, ""
            cursor = self.source.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            self.source.blockSignals(True)  # this render shows it already
            cursor.insertText(pending)
            self.source.blockSignals(False)

    def set_streaming(self, on: bool) -> None:
        self.source.setReadOnly(on)
        self._streaming = on
        if not on:
            self._tentative = ""
            self.render()

    @Slot()
    def _text_changed(self) -> None:
        self._schedule()
        if not self._setting and not self._streaming:
            self.edited.emit()

    @Slot()
    def _schedule(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    @Slot()
    def render(self) -> None:
        self._timer.stop()
        self._flush()
        bar = self.preview.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        keep = bar.value()
        page = minutes_html(self.markdown(), links=True)
        if self._tentative:
            shown = html.escape(self._tentative).replace("\n", "<br>")
            page = page.replace("</body>", TENTATIVE.format(shown) + "</body>", 1)
        self.preview.setHtml(page)
        bar.setValue(bar.maximum() if at_end and self._streaming else keep)
        self.render_count += 1
        self.rendered.emit()

    @Slot(QUrl)
    def _clicked(self, url: QUrl) -> None:
        if url.scheme() == "t":
            self.time_clicked.emit(float(url.path()))
