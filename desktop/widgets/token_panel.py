"""The Token Lens side panel: one token, what else the model considered, and a fork button
for each alternative."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.lens_view import heat
from engine.minutes.lens import MAX_TOP, Sampling, TokenStep


class TokenPanel(QWidget):
    fork_requested = Signal(int, int)  # position, token id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tokenPanel")
        self.title = QLabel("Click a token in the minutes.")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.top_k = QSpinBox()
        self.top_k.setRange(1, MAX_TOP)
        self.top_k.setValue(5)
        self.top_k.setPrefix("Show top ")
        self.top_k.valueChanged.connect(lambda _: self.show_step(self.step))
        self.rows = QGridLayout()
        self.rows.setColumnStretch(1, 1)
        self.settings = QLabel()
        self.settings.setWordWrap(True)
        self.settings.setStyleSheet("color:#555")
        head = QHBoxLayout()
        head.addWidget(self.top_k)
        head.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(head)
        layout.addLayout(self.rows)
        layout.addWidget(self.settings)
        layout.addStretch(1)
        self.step: TokenStep | None = None
        self.sampling = Sampling()
        self.bars: list[QProgressBar] = []
        self.fork_buttons: list[QPushButton] = []

    def set_sampling(self, sampling: Sampling) -> None:
        self.sampling = sampling
        self.show_step(self.step)

    @Slot(object)
    def show_step(self, step: TokenStep | None) -> None:
        self.step = step
        while self.rows.count():
            self.rows.takeAt(0).widget().deleteLater()
        self.bars, self.fork_buttons = [], []
        s = self.sampling
        self.settings.setText(f"Sampling: temperature {s.temperature:g} (0 = always the most likely),"
                              f" top-k {s.top_k}, top-p {s.top_p:g}, min-p {s.min_p:g},"
                              f" seed {s.seed}, repeat penalty {s.repeat_penalty:g}.")
        if step is None:
            self.title.setText("Click a token in the minutes.")
            return
        how = "you forced it (a fork)" if step.forced else "the model's choice"
        self.title.setText(f"<b>Token {step.i}</b>: <code>{_shown(step.token)}</code>"
                           f" (id {step.id}), {how}<br>probability {step.probability:.1%},"
                           f" entropy {step.entropy:.2f} nats")
        for row, alt in enumerate(step.top[: self.top_k.value()]):
            label = QLabel(f"<code>{_shown(alt.token)}</code>")
            label.setTextFormat(Qt.TextFormat.RichText)
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setValue(round(alt.probability * 1000))
            bar.setFormat(f"{alt.probability:.1%}")
            bar.setStyleSheet(f"QProgressBar::chunk {{ background: {heat(alt.probability)}; }}")
            chosen = alt.id == step.id
            fork = QPushButton("chosen" if chosen else "Fork here")
            fork.setEnabled(not chosen)
            fork.setToolTip(f"Write the minutes again with {alt.token!r} at position {step.i}")
            fork.clicked.connect(lambda _=False, i=step.i, t=alt.id: self.fork_requested.emit(i, t))
            self.rows.addWidget(label, row, 0)
            self.rows.addWidget(bar, row, 1)
            self.rows.addWidget(fork, row, 2)
            self.bars.append(bar)
            self.fork_buttons.append(fork)


def _shown(token: str) -> str:
    """A token as text a reader can see: spaces and newlines made visible."""
    return html.escape(token.replace(" ", "␣").replace("\n", "↵")) or "∅"
