"""The context meter: prompt + transcript + reserved output against the model's context
window, and the plan that implies (one pass, or N chunks then a merge)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from engine.events import MinutesPlanned

COLOURS = {"prompt": "#7e57c2", "transcript": "#42a5f5", "reserved output": "#ffa726"}
FREE = "#e0e0e0"


def parts(planned: MinutesPlanned) -> list[tuple[str, int]]:
    """What one pass holds: the prompt, the transcript (or, when chunked, as much as one
    chunk may carry), the reserved output."""
    room = planned.context_tokens - planned.prompt_tokens - planned.reserved_output_tokens
    return [("prompt", planned.prompt_tokens),
            ("transcript", min(planned.transcript_tokens, max(room, 0))),
            ("reserved output", planned.reserved_output_tokens)]


def describe(planned: MinutesPlanned) -> str:
    used = planned.prompt_tokens + planned.transcript_tokens + planned.reserved_output_tokens
    swatch = "".join(f'<span style="color:{COLOURS[name]}">&#9632;</span> {name} {tokens:,} + '
                     for name, tokens in (("prompt", planned.prompt_tokens),
                                          ("transcript", planned.transcript_tokens),
                                          ("reserved output", planned.reserved_output_tokens)))
    text = f"{swatch[:-3]} = {used:,} of a {planned.context_tokens:,}-token context: "
    if planned.chunks <= 1:
        return text + "<b>one pass</b>"
    return (text + f"<b>too long for one pass: {planned.chunks} chunks, each summarised,"
            " then merged</b>")


class _Bar(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.planned: MinutesPlanned | None = None
        self.setMinimumHeight(12)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(200, 12)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(FREE))
        if self.planned is None:
            return
        x, width = 0.0, float(self.width())
        for name, tokens in parts(self.planned):
            w = width * tokens / self.planned.context_tokens
            painter.fillRect(QRectF(x, 0, w, self.height()), QColor(COLOURS[name]))
            x += w


class ContextMeter(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contextMeter")
        self.bar = _Bar()
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(2)
        layout.addWidget(self.bar)
        layout.addWidget(self.label)
        self.set_plan(None)

    @property
    def planned(self) -> MinutesPlanned | None:
        return self.bar.planned

    def set_plan(self, planned: MinutesPlanned | None, note: str = "") -> None:
        """Show ``planned``; None with a ``note`` says why there is nothing to show."""
        self.bar.planned = planned
        self.bar.update()
        self.label.setText(describe(planned) if planned is not None
                           else f"<span style='color:#666'>Context: {note or 'no transcript yet'}</span>")
