"""The Token Lens side panel: one token, what else the model considered, and a fork button
for each alternative. In step mode: the distribution for the next token before it is
chosen, with Next token (the sampler chooses) and a Choose button per alternative."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.lens_view import heat
from engine.events import TokenOffer
from engine.minutes.lens import MAX_TOP, Alternative, Sampling, TokenStep


class TokenPanel(QWidget):
    fork_requested = Signal(int, int)  # position, token id
    choose_requested = Signal(object)  # step mode: a token id, or None for the sampler's choice
    run_requested = Signal()           # step mode: write the rest without clicks

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
        self.top_k.valueChanged.connect(self._refresh)
        self.next_button = QPushButton("Next token")
        self.next_button.setToolTip("Let the sampler choose this token with the settings in"
                                    " force (at temperature 0: the most likely one)")
        self.next_button.clicked.connect(lambda: self._choose(None))
        self.run_button = QPushButton("Run to end")
        self.run_button.setToolTip("Stop stepping: write the rest of the minutes at full speed")
        self.run_button.clicked.connect(self._run)
        # The alternatives scroll when the panel is short (a small window, the Lens's
        # splitter): each row keeps its height instead of the rows squeezing into each other.
        rows = QWidget()
        self.rows = QGridLayout(rows)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setColumnStretch(1, 1)
        self.rows.setRowStretch(MAX_TOP, 1)  # below the last row: the rows stay at the top
        self.rows_area = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        self.rows_area.setWidget(rows)
        self.settings = QLabel()
        self.settings.setWordWrap(True)
        self.settings.setStyleSheet("color:#555")
        head = QHBoxLayout()
        head.addWidget(self.top_k)
        head.addStretch(1)
        head.addWidget(self.next_button)
        head.addWidget(self.run_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(head)
        layout.addWidget(self.rows_area, 1)
        layout.addWidget(self.settings)
        self.step: TokenStep | None = None
        self.offer: TokenOffer | None = None
        self.sampling = Sampling()
        self.bars: list[QProgressBar] = []
        self.fork_buttons: list[QPushButton] = []  # the alternatives' buttons (Fork or Choose)
        self._show_step_buttons(False)

    def set_sampling(self, sampling: Sampling) -> None:
        self.sampling = sampling
        self._refresh()

    @Slot(object)
    def show_step(self, step: TokenStep | None) -> None:
        """A generated token: its probability and the alternatives, each a fork."""
        self.step, self.offer = step, None
        self._show_step_buttons(False)
        if step is None:
            self._fill("Click a token in the minutes.", ())
            return
        how = "you chose it (a fork)" if step.forced else "the model's choice"
        if step.id < 0:  # from a remote server: its probabilities, but no token ids to fork with
            self._fill(f"<b>Token {step.i}</b>: <code>{_shown(step.token)}</code>, the server's"
                       f" choice<br>probability {step.probability:.1%}, entropy over the"
                       f" alternatives it reported {step.entropy:.2f} nats", step.top,
                       action="remote", chosen_text=step.token,
                       tip=lambda alt: "Forks need the local model: a remote server chooses"
                                       " its own tokens")
            return
        self._fill(f"<b>Token {step.i}</b>: <code>{_shown(step.token)}</code>"
                   f" (id {step.id}), {how}<br>probability {step.probability:.1%},"
                   f" entropy {step.entropy:.2f} nats", step.top, step.id, "Fork here",
                   lambda alt: f"Write the minutes again with {alt.token!r} at position {step.i}",
                   lambda alt: self.fork_requested.emit(step.i, alt.id))

    @Slot(object)
    def show_offer(self, offer: TokenOffer) -> None:
        """Step mode: the distribution for the next token, before anything is chosen."""
        self.step, self.offer = None, offer
        self._show_step_buttons(True)
        self._fill(f"<b>Next token (position {offer.i})</b>: the model's distribution,"
                   f" entropy {offer.entropy:.2f} nats. <b>Next token</b> lets the sampler"
                   f" choose; or choose one yourself.", offer.top, None, "Choose",
                   lambda alt: f"Write {alt.token!r} at position {offer.i}",
                   lambda alt: self._choose(alt.id))

    def stop_stepping(self) -> None:
        if self.offer is not None:
            self.show_step(None)

    @Slot()
    def _refresh(self) -> None:
        if self.offer is not None:
            self.show_offer(self.offer)
        else:
            self.show_step(self.step)

    def _show_step_buttons(self, visible: bool) -> None:
        for button in (self.next_button, self.run_button):
            button.setVisible(visible)
            button.setEnabled(visible)

    def _choose(self, token: int | None) -> None:
        self._wait_for_next_offer()
        self.choose_requested.emit(token)

    def _run(self) -> None:
        self._wait_for_next_offer()
        self.run_requested.emit()

    def _wait_for_next_offer(self) -> None:
        """One click, one token: the buttons come back with the next offer."""
        for button in (self.next_button, self.run_button, *self.fork_buttons):
            button.setEnabled(False)

    def _fill(self, title: str, top: tuple[Alternative, ...], chosen: int | None = None,
              action: str = "", tip: Callable[[Alternative], str] | None = None,
              clicked: Callable[[Alternative], None] | None = None,
              chosen_text: str | None = None) -> None:
        """``clicked`` None: the buttons only show which one was chosen (``chosen`` by id, or
        ``chosen_text`` by text for tokens without ids)."""
        while self.rows.count():
            widget = self.rows.takeAt(0).widget()
            widget.hide()  # deleteLater waits for the event loop: never show two sets of rows
            widget.deleteLater()
        self.bars, self.fork_buttons = [], []
        s = self.sampling
        self.settings.setText(f"Sampling: temperature {s.temperature:g} (0 = always the most likely),"
                              f" top-k {s.top_k}, top-p {s.top_p:g}, min-p {s.min_p:g},"
                              f" seed {s.seed}, repeat penalty {s.repeat_penalty:g}.")
        self.title.setText(title)
        for row, alt in enumerate(top[: self.top_k.value()]):
            label = QLabel(f"<code>{_shown(alt.token)}</code>")
            label.setTextFormat(Qt.TextFormat.RichText)
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setValue(round(alt.probability * 1000))
            bar.setFormat(f"{alt.probability:.1%}")
            bar.setStyleSheet(f"QProgressBar::chunk {{ background: {heat(alt.probability)}; }}")
            was_chosen = alt.token == chosen_text if chosen_text is not None else alt.id == chosen
            button = QPushButton("chosen" if was_chosen else action)
            button.setEnabled(not was_chosen and clicked is not None)
            button.setToolTip(tip(alt))
            if clicked is not None:
                button.clicked.connect(lambda _=False, a=alt: clicked(a))
            for column, widget in enumerate((label, bar, button)):
                widget.setMinimumHeight(widget.sizeHint().height())
                self.rows.addWidget(widget, row, column)
            self.bars.append(bar)
            self.fork_buttons.append(button)
        # Lay the rows out now, not an event-loop turn later (they overlapped until then).
        self.rows.activate()
        self.rows_area.setWidgetResizable(True)


def visible(token: str) -> str:
    """A token as text a reader can see: spaces and newlines made visible."""
    return token.replace(" ", "␣").replace("\n", "↵") or "∅"


def _shown(token: str) -> str:
    return html.escape(visible(token))
