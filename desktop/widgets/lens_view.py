"""The Token Lens view of the minutes: every generated token a clickable span, coloured by
how sure the model was (heat map), the writer's own headings in grey."""

from __future__ import annotations

import html
from enum import StrEnum

from PySide6.QtCore import QTimer, QUrl, Signal, Slot
from PySide6.QtWidgets import QLabel, QTextBrowser, QToolTip, QVBoxLayout, QWidget

from engine.minutes.lens import TokenStep

RENDER_INTERVAL_MS = 100
# Probability -> colour: red where the model guessed, amber in between, green where it was sure.
STOPS = ((0.0, (239, 83, 80)), (0.5, (255, 202, 40)), (1.0, (102, 187, 106)))
MAX_ENTROPY = 4.0  # nats; anything above is shown as the most uncertain colour


def heat(value: float) -> str:
    """A colour for ``value`` in [0, 1] (1 = sure), as #rrggbb."""
    value = min(1.0, max(0.0, value))
    for (a, ca), (b, cb) in zip(STOPS, STOPS[1:], strict=False):
        if value <= b:
            t = (value - a) / (b - a)
            return _hex(x + (y - x) * t for x, y in zip(ca, cb, strict=True))
    return _hex(STOPS[-1][1])


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


class HeatMode(StrEnum):
    """What the colour of a token shows."""

    PROBABILITY = "probability"  # of the chosen token
    ENTROPY = "entropy"  # of the whole distribution


def sureness(step: TokenStep, mode: HeatMode) -> float:
    """1 = certain, 0 = a guess: the chosen token's probability, or 1 - entropy (scaled)."""
    if mode == HeatMode.ENTROPY:
        return 1.0 - min(step.entropy, MAX_ENTROPY) / MAX_ENTROPY
    return step.probability


class LensView(QWidget):
    """Holds the minutes as pieces (text, TokenStep or None) and renders them as spans."""

    token_clicked = Signal(object)  # TokenStep

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setObjectName("lensText")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._clicked)
        self.browser.highlighted.connect(self._hovered)
        self.legend = QLabel()
        self.legend.setObjectName("lensLegend")
        self.legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.legend)
        layout.addWidget(self.browser, 1)
        self.pieces: list[tuple[str, TokenStep | None]] = []
        self.steps: dict[int, TokenStep] = {}
        self.mode = HeatMode.PROBABILITY
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RENDER_INTERVAL_MS)
        self._timer.timeout.connect(self.render)
        self._update_legend()

    # ---- content ---------------------------------------------------------------------------
    def clear(self) -> None:
        self.set_pieces([])

    def set_pieces(self, pieces: list[tuple[str, TokenStep | None]]) -> None:
        self.pieces = list(pieces)
        self.steps = {s.i: s for _, s in self.pieces if s is not None}
        self.render()

    @Slot(str, object)
    def append_piece(self, text: str, step: TokenStep | None) -> None:
        self.pieces.append((text, step))
        if step is not None:
            self.steps[step.i] = step
        if not self._timer.isActive():
            self._timer.start()

    def set_mode(self, mode: HeatMode | str) -> None:
        self.mode = HeatMode(mode)
        self._update_legend()
        self.render()

    # ---- rendering -------------------------------------------------------------------------
    def html(self) -> str:
        out = []
        for text, step in self.pieces:
            shown = html.escape(text)
            if step is None:
                out.append(f'<span style="color:#888">{shown}</span>')
            else:
                border = "border-bottom:2px solid #1565c0;" if step.forced else ""
                out.append(f'<a name="t{step.i}" href="token:{step.i}" style="color:#111;'
                           f'text-decoration:none;'
                           f'background-color:{heat(sureness(step, self.mode))};{border}">'
                           f'{shown or "&#9647;"}</a>')
        return ('<div style="white-space:pre-wrap;font-family:\'DejaVu Sans\';line-height:150%">'
                + "".join(out) + "</div>")

    @Slot()
    def render(self) -> None:
        self._timer.stop()
        bar = self.browser.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        keep = bar.value()
        self.browser.setHtml(self.html())
        bar.setValue(bar.maximum() if at_end else keep)

    def _update_legend(self) -> None:
        what = ("the chosen token's probability" if self.mode == HeatMode.PROBABILITY
                else "the entropy of the whole distribution (low = sure)")
        swatches = "".join(f'<span style="background:{heat(v)}">&nbsp;{label}&nbsp;</span> '
                           for v, label in ((0.05, "a guess"), (0.5, "unsure"), (0.95, "sure")))
        self.legend.setText(f"Colour = {what}: {swatches} Grey text is written by Minutia, not"
                            " the model. Click a token to see what else it could have been.")

    def scroll_to(self, i: int) -> None:
        """Bring token ``i`` into view."""
        self.render()
        self.browser.scrollToAnchor(f"t{i}")

    # ---- interaction -------------------------------------------------------------------------
    def step_at(self, url: QUrl | str) -> TokenStep | None:
        text = url.toString() if isinstance(url, QUrl) else url
        if not text.startswith("token:"):
            return None
        return self.steps.get(int(text.split(":", 1)[1]))

    @Slot(QUrl)
    def _clicked(self, url: QUrl) -> None:
        step = self.step_at(url)
        if step is not None:
            self.token_clicked.emit(step)

    @Slot(QUrl)
    def _hovered(self, url: QUrl) -> None:
        step = self.step_at(url)
        if step is not None:
            QToolTip.showText(self.cursor().pos(), f"{step.token!r}: p = {step.probability:.1%},"
                              f" entropy {step.entropy:.2f} nats")

