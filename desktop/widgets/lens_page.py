"""The Token Lens page beside the transcript: the minutes as coloured tokens, the token
panel, and after a fork the original beside the fork."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.lens_view import HeatMode, LensView
from desktop.widgets.token_panel import TokenPanel
from engine.minutes.lens import Sampling, TokenStep

Pieces = list[tuple[str, TokenStep | None]]


class LensPage(QWidget):
    fork_requested = Signal(int, int)  # position, token id
    step_requested = Signal()
    tokenizer_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = LensView()
        self.original = LensView()
        self.original.legend.hide()
        self.original_box = _titled("Before the fork", self.original)
        self.current_box = _titled("Minutes, token by token", self.view)
        self.original_box.hide()
        self.panel = TokenPanel()
        self.heat = QComboBox()
        self.heat.addItem("Colour by probability", HeatMode.PROBABILITY)
        self.heat.addItem("Colour by entropy", HeatMode.ENTROPY)
        self.heat.currentIndexChanged.connect(lambda _: self.set_mode(self.heat.currentData()))
        texts = QSplitter(Qt.Orientation.Horizontal)
        texts.addWidget(self.original_box)
        texts.addWidget(self.current_box)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(texts)
        split.addWidget(self.panel)
        split.setSizes([400, 400])  # half each: the alternatives need the room of 4-5 rows
        self.step_button = QPushButton("Step through…")
        self.step_button.setToolTip("Write the minutes again one token per click, seeing the"
                                    " model's distribution before each choice")
        self.step_button.clicked.connect(self.step_requested)
        self.tokenizer_button = QPushButton("Tokenizer…")
        self.tokenizer_button.setToolTip("See any text as the model's tokens")
        self.tokenizer_button.clicked.connect(self.tokenizer_requested)
        bar = QHBoxLayout()
        bar.addWidget(self.heat)
        bar.addStretch(1)
        bar.addWidget(self.step_button)
        bar.addWidget(self.tokenizer_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.view.token_clicked.connect(self.panel.show_step)
        self.original.token_clicked.connect(self.panel.show_step)
        self.panel.fork_requested.connect(self.fork_requested)

    def set_pieces(self, pieces: Pieces, original: Pieces | None = None) -> None:
        self.view.set_pieces(pieces)
        self.original.set_pieces(original or [])
        self.original_box.setVisible(original is not None)
        self.current_box.layout().itemAt(0).widget().setText(
            "<b>The fork</b>" if original is not None else "<b>Minutes, token by token</b>")
        self.panel.show_step(None)

    @Slot(str, object)
    def append_piece(self, text: str, step: TokenStep | None) -> None:
        self.view.append_piece(text, step)

    def set_sampling(self, sampling: Sampling) -> None:
        self.panel.set_sampling(sampling)

    def set_mode(self, mode: HeatMode | str) -> None:
        self.view.set_mode(mode)
        self.original.set_mode(mode)


def _titled(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(QLabel(f"<b>{title}</b>"))
    layout.addWidget(widget, 1)
    return box
