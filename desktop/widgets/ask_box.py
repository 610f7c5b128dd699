"""The Ask tab of the library: a question to all meetings, the answer as it is written
(the model's draft in grey, each sentence shown once the evidence check verifies it), then
the checked answer whose every citation ``[meeting title, mm:ss]`` is a link that opens
that meeting at that moment; "Not found in your meetings." as such; the sentences left out
named. With the Token Lens on, the answer's tokens coloured by how sure the model was, and
a click on one shows what else it weighed (the minutes' Lens widgets, reused)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.lens_view import LensView
from desktop.widgets.token_panel import TokenPanel
from engine.library.ask import EMPTY_STATUS, NOT_FOUND_STATUS, QUOTED, Answer
from engine.library.ask_check import Checked, Citation
from engine.minutes.lens import Sampling, TokenStep

DRAFT_INTERVAL_MS = 60  # the draft is redrawn at most this often while tokens stream
QUOTED_INTRO = ("The model's answer could not be verified against your meetings; the passage"
                " that best matches the question:")
PICK_TOKEN = "Click a token of the answer to see what else the model weighed there."


def citation_link(k: int, c: Citation) -> str:
    return f'<a href="cite:{k}">{html.escape(c.label)}</a>'


class AskBox(QWidget):
    asked = Signal(str)  # the question
    cancel_requested = Signal()
    citation_clicked = Signal(object)  # Citation: open its meeting at its moment
    fork_requested = Signal(int, int)  # the Lens: ask again with this token at this position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ask")
        self.citations: list[Citation] = []
        self.verified: list[Checked] = []  # this answer's, as they passed the check
        self.draft = ""
        self.done = True  # the answer (or a failure, a cancel) came
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DRAFT_INTERVAL_MS)
        self._timer.timeout.connect(self._render_draft)
        self.set_running(False)

    def _build(self) -> None:
        self.question = QLineEdit(placeholderText="Ask your meetings a question…")
        self.question.setClearButtonEnabled(True)
        self.ask_button = QPushButton("Ask")
        self.cancel_button = QPushButton("Cancel")
        row = QHBoxLayout()
        row.addWidget(self.question, 1)
        row.addWidget(self.ask_button)
        row.addWidget(self.cancel_button)
        self.note = QLabel(wordWrap=True, objectName="ask-note")
        self.note.setStyleSheet("color: gray")
        self.answer_view = QTextBrowser(objectName="ask-answer")
        self.answer_view.setOpenLinks(False)
        self.answer_view.setPlaceholderText(
            "Answers come from your meetings only: every sentence cites the meeting and"
            " the moment it was said, and is checked against that moment before it is"
            " shown. Click a citation to open the meeting there.")
        self.left_out = QLabel(wordWrap=True, objectName="ask-left-out")
        self.left_out.setStyleSheet("color: #8a6d00")
        self.left_out.hide()
        self.lens = LensView()
        self.panel = TokenPanel()
        self.lens_box = QSplitter(Qt.Orientation.Vertical)
        self.lens_box.addWidget(self.lens)
        self.lens_box.addWidget(self.panel)
        self.lens_box.hide()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.answer_view)
        split.addWidget(self.lens_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(split, 1)
        layout.addWidget(self.left_out)
        self.question.returnPressed.connect(self._ask)
        self.ask_button.clicked.connect(self._ask)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.answer_view.anchorClicked.connect(self._link_clicked)
        self.lens.token_clicked.connect(self.panel.show_step)
        self.panel.fork_requested.connect(self.fork_requested)

    # ---- asking -------------------------------------------------------------------------
    @Slot()
    def _ask(self) -> None:
        text = self.question.text().strip()
        if text and self.ask_button.isEnabled():
            self.asked.emit(text)

    def set_running(self, running: bool) -> None:
        """A question being answered (Cancel offered), or another may be asked."""
        self.ask_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.cancel_button.setVisible(running)

    def start(self, question: str, lens: bool, sampling: Sampling) -> None:
        """A new answer begins: the old one cleared."""
        self.citations, self.verified, self.draft, self.done = [], [], "", False
        self.answer_view.clear()
        self.left_out.hide()
        self.lens.set_pieces([])
        self.panel.set_sampling(sampling)
        self.panel.show_step(None)
        self.panel.title.setText(PICK_TOKEN)
        self.lens_box.setVisible(lens)
        self.set_running(True)
        self.show_note(f"Searching your meetings for “{question}”…")

    @Slot(str)
    def show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    # ---- while the model writes ---------------------------------------------------------
    def add_piece(self, text: str, step: TokenStep | None) -> None:
        """A token of the model's draft (with its Lens step, when recorded)."""
        self.draft += text
        if step is not None:
            self.lens.append_piece(text, step)
        if not self._timer.isActive():
            self._timer.start()

    def add_checked(self, sentence: Checked) -> None:
        """A sentence of the draft has been checked; shown from now on if verified."""
        if sentence.verified:
            self.verified.append(sentence)
            self._timer.start()

    @Slot()
    def _render_draft(self) -> None:
        self._timer.stop()
        if self.done:
            return  # the answer came meanwhile
        self.citations = []
        shown = self._sentences_html(self.verified)
        self.answer_view.setHtml(
            f"{shown}<p style='color:gray'><i>Being written, each sentence checked before it"
            f" is shown:</i><br>{html.escape(self.draft)}</p>")

    # ---- the answer ---------------------------------------------------------------------
    def show_answer(self, answer: Answer) -> None:
        """The checked answer: its sentences with links, or the message saying why none."""
        self._timer.stop()
        self.done = True
        self.citations = []
        if answer.status in (NOT_FOUND_STATUS, EMPTY_STATUS):
            self.answer_view.setHtml(f"<p><b>{html.escape(answer.text)}</b></p>")
            self.show_note("Nothing in your meetings is close enough to the question"
                           if answer.status == NOT_FOUND_STATUS else "")
            return
        body = self._sentences_html(answer.sentences)
        if answer.status == QUOTED:
            body = f"<p><i>{html.escape(QUOTED_INTRO)}</i></p>{body}"
        self.answer_view.setHtml(body)
        meetings = {s.meeting.id for s in answer.sources}
        self.show_note(f"From {len(answer.sources)} passage{_s(answer.sources)} of"
                       f" {len(meetings)} meeting{_s(meetings)}.")
        self._say_left_out(answer.left_out)

    def _sentences_html(self, sentences: list[Checked]) -> str:
        parts = []
        for s in sentences:
            links = []
            for c in s.citations:
                self.citations.append(c)
                links.append(citation_link(len(self.citations) - 1, c))
            parts.append(" ".join([html.escape(s.text), *links]))
        return "".join(f"<p>{p}</p>" for p in parts)

    def _say_left_out(self, left_out: list[Checked]) -> None:
        n = len(left_out)
        self.left_out.setVisible(n > 0)
        if n:
            self.left_out.setText(f"⚠ Left out {n} sentence{'s' if n != 1 else ''} of the"
                                  " model's answer that the evidence check could not verify.")
            self.left_out.setToolTip("\n".join(f"“{s.text}”: {s.reason}" for s in left_out))

    def show_failure(self, message: str) -> None:
        self._timer.stop()
        self.done = True
        self.show_note(message)

    def show_cancelled(self) -> None:
        self._timer.stop()
        self.done = True
        self.show_note("Cancelled: no answer.")
        self.answer_view.clear()

    @Slot(QUrl)
    def _link_clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("cite:"):
            k = int(text.split(":", 1)[1])
            if 0 <= k < len(self.citations):
                self.citation_clicked.emit(self.citations[k])


def _s(items) -> str:
    return "" if len(items) == 1 else "s"
