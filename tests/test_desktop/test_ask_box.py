"""The Ask tab on the real window (pytest-qt, offscreen): a question answered from one of
three meetings streams, off the GUI thread, into an answer whose citation, clicked, opens
that meeting at that moment; a question no meeting answers is refused; Cancel stops the
answer; the Token Lens shows the answer's tokens. Real SQLite, real session folders, the
real embedding model and the real embedded SmolLM2."""

import threading

import pytest
from conftest import Backends
from library_sessions import BERLIN, make_session
from library_window import WatchedLibrary, library_window, wait_listed
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from real_models import normalise, real_backends

from engine.library.ask import NOT_FOUND, Answered, AnswerPiece
from engine.minutes.lens import MAX_TOP, TokenStep

KITCHEN = [(0.0, 0, "The kitchen renovation starts next week."),
           (95.0, 0, "The plumber needs the tiles chosen by Friday.")]
HIRING = [(0.0, 0, "We have three candidates for the data engineer role."),
          (75.0, 1, "Sam interviews the last one on Tuesday.")]
QUESTION = "Who sends the invoice to the printer?"  # SmolLM2 writes a draft for it


@pytest.fixture(scope="module")
def model():
    return real_backends()[3]  # the embedded SmolLM2-135M-Instruct


class Held:
    """The real model, its answer held after the first piece until ``go`` is set (so that
    a Cancel click lands while the answer is being written, on any machine)."""

    def __init__(self, model):
        self.model, self.go = model, threading.Event()

    def __getattr__(self, name):
        return getattr(self.model, name)

    def stream_chat(self, messages, **kw):
        for k, piece in enumerate(self.model.stream_chat(messages, **kw)):
            yield piece
            if k == 0:
                self.go.wait(30)


def ask_window(qtbot, settings, tmp_path, model):
    root = tmp_path / "sessions"
    make_session(root, "Trade show planning", BERLIN, names={0: "Marta", 1: "Priya"})
    make_session(root, "Kitchen works", KITCHEN)
    make_session(root, "Hiring round", HIRING, minutes=None)
    window = library_window(qtbot, settings, tmp_path, Backends().make_pipeline)
    window.library.ask.jobs.make_model = lambda config: model
    wait_listed(qtbot, window, 3)
    window.side_tabs.setCurrentWidget(window.library.ask.box)
    return window


def click_link(qtbot, browser, href):
    """A mouse click on the link ``href`` of a QTextBrowser, where it is drawn."""
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(browser.document())
                cursor.setPosition(fragment.position() + 1)
                point = browser.cursorRect(cursor).center()
                qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
                return
            it += 1
        block = block.next()
    raise AssertionError(f"no link {href} in {browser.toHtml()}")


def asked(qtbot, window, question):
    """``question`` typed into the Ask tab and Ask clicked; the box and what the jobs emit."""
    box, events = window.library.ask.box, collect(window)
    qtbot.keyClicks(box.question, question)
    box.ask_button.click()
    return box, events


def collect(window):
    events = []
    window.library.ask.jobs.event.connect(events.append)
    return events


def test_an_answer_streams_cites_its_meeting_and_the_citation_opens_it_there(
        qtbot, settings, tmp_path, model):
    window = ask_window(qtbot, settings, tmp_path, model)
    box, events = window.library.ask.box, collect(window)
    qtbot.keyClicks(box.question, QUESTION)
    qtbot.keyClick(box.question, Qt.Key.Key_Return)
    assert not box.ask_button.isEnabled() and box.cancel_button.isVisible()
    qtbot.waitUntil(lambda: box.ask_button.isEnabled(), timeout=120000)
    answer = events[-1].answer
    assert isinstance(events[-1], Answered) and any(isinstance(e, AnswerPiece) for e in events)
    shown = normalise(box.answer_view.toPlainText())
    assert "thursday" in shown and "trade show planning 02 10" in shown, shown
    assert {c.title for c in box.citations} == {"Trade show planning"}
    assert all(s.verified for s in answer.sentences)
    if answer.left_out:  # said so, never shown as the answer
        assert "Left out" in box.left_out.text() and box.left_out.isVisible()
    k = next(i for i, c in enumerate(box.citations) if c.start == 130.0)
    click_link(qtbot, box.answer_view, f"cite:{k}")
    qtbot.waitUntil(lambda: window.current is not None
                    and window.current.title == "Trade show planning", timeout=15000)
    assert window.transcript.currentRow() == 2  # the segment said at 02:10
    assert threading.current_thread().name not in WatchedLibrary.threads  # never the GUI's


def test_a_question_no_meeting_answers_is_refused(qtbot, settings, tmp_path, model):
    window = ask_window(qtbot, settings, tmp_path, model)
    box, events = asked(qtbot, window, "What is the password for the guest Wi-Fi?")
    qtbot.waitUntil(lambda: box.ask_button.isEnabled() and bool(events), timeout=60000)
    assert box.answer_view.toPlainText().strip() == NOT_FOUND
    assert box.citations == [] and not any(isinstance(e, AnswerPiece) for e in events)
    assert "close enough" in box.note.text()


def test_cancel_stops_the_answer_being_written(qtbot, settings, tmp_path, model):
    held = Held(model)
    window = ask_window(qtbot, settings, tmp_path, held)
    box, events = asked(qtbot, window, QUESTION)
    qtbot.waitUntil(lambda: any(isinstance(e, AnswerPiece) for e in events), timeout=120000)
    with qtbot.waitSignal(window.library.ask.jobs.cancelled, timeout=30000):
        qtbot.mouseClick(box.cancel_button, Qt.MouseButton.LeftButton)
        held.go.set()
    qtbot.waitUntil(lambda: not window.library.ask.jobs.busy)
    assert "Cancelled" in box.note.text() and box.ask_button.isEnabled()
    assert not any(isinstance(e, Answered) for e in events)
    assert box.answer_view.toPlainText() == "" and not box.cancel_button.isVisible()


def test_the_token_lens_shows_the_answers_tokens(qtbot, settings, tmp_path, model):
    window = ask_window(qtbot, settings, tmp_path, model)
    window.menu.lens.setChecked(True)  # as the user turns the Lens on
    assert window.controller.config.lens_top == MAX_TOP
    box, events = asked(qtbot, window, QUESTION)
    qtbot.waitUntil(lambda: box.ask_button.isEnabled(), timeout=120000)
    steps = [e.step for e in events if isinstance(e, AnswerPiece)]
    assert steps and all(isinstance(s, TokenStep) for s in steps)
    assert box.lens_box.isVisible()
    assert "".join(t for t, _ in box.lens.pieces) == events[-1].answer.model_text
    first = steps[0]
    box.lens.render()
    click_link(qtbot, box.lens.browser, f"token:{first.i}")
    assert f"Token {first.i}" in box.panel.title.text() and box.panel.bars
    other = next(a for a in first.top if a.id != first.id)
    events.clear()
    box.panel.fork_buttons[list(first.top).index(other)].click()  # "Fork here"
    qtbot.waitUntil(lambda: box.ask_button.isEnabled() and bool(events), timeout=120000)
    forked = next(e.step for e in events if isinstance(e, AnswerPiece))
    assert forked.forced and (forked.i, forked.id) == (first.i, other.id)
    assert box.lens.pieces[0][0] == other.token  # the answer written again from there


def test_closing_the_window_while_an_answer_is_written_stops_it(qtbot, settings, tmp_path,
                                                                  model):
    from desktop.workers import ask_jobs
    held = Held(model)
    window = ask_window(qtbot, settings, tmp_path, held)
    box, events = asked(qtbot, window, QUESTION)
    qtbot.waitUntil(lambda: any(isinstance(e, AnswerPiece) for e in events), timeout=120000)
    thread = window.library.ask.jobs._thread
    held.go.set()  # the model writes on; the close cancels it at its next token
    assert window.close()
    assert thread.isFinished()  # the bounded wait at close saw it end
    assert all(t is not thread for t, _ in ask_jobs._ORPHANS)  # ended within the wait
    assert window.library.ask.jobs.ask("another?", None, None) is False  # closed: no new job
