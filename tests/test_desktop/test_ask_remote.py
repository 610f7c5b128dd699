"""The Ask tab with the remote chat backend: the same consent question as the minutes,
asked on the GUI thread, naming "ask"; "Keep it local" sends nothing and says so; "Send"
streams the answer from a real llama-cpp-python server on loopback (SmolLM2)."""

from dataclasses import replace

from conftest import Backends
from library_sessions import BERLIN, make_session
from library_window import library_window, wait_listed
from PySide6.QtWidgets import QLabel
from test_remote_ui import answer_dialogs

from engine.library.ask import Answered, AnswerPiece

QUESTION = "Who sends the invoice to the printer?"


def remote_window(qtbot, settings, tmp_path, base_url):
    make_session(tmp_path / "sessions", "Trade show planning", BERLIN,
                 names={0: "Marta", 1: "Priya"})
    window = library_window(qtbot, settings, tmp_path, Backends().make_pipeline)
    c = window.controller
    c.apply_config(replace(c.config, minutes_backend="openai", base_url=base_url,
                           remote_minutes_model="smollm2", remote_context=8192))
    wait_listed(qtbot, window, 1)
    return window


def ask(qtbot, window):
    box, events = window.library.ask.box, []
    window.library.ask.jobs.event.connect(events.append)
    box.question.setText(QUESTION)
    box.ask_button.click()
    qtbot.waitUntil(lambda: box.ask_button.isEnabled(), timeout=120000)
    return box, events


def questions(shown):
    return [" ".join(label.text() for label in d.findChildren(QLabel)) for d in shown]


def test_keep_it_local_sends_nothing_and_says_ask(qtbot, settings, tmp_path, llama_server):
    window = remote_window(qtbot, settings, tmp_path, llama_server)
    shown: list = []
    timer = answer_dialogs("keep", shown)
    box, events = ask(qtbot, window)
    timer.stop()
    assert len(shown) == 1 and f"to {llama_server} for ask?" in questions(shown)[0]
    assert "minutes" not in questions(shown)[0]
    assert "for ask; nothing was sent" in box.note.text()
    assert not any(isinstance(e, (AnswerPiece, Answered)) for e in events)


def test_send_streams_the_answer_from_the_server(qtbot, settings, tmp_path, llama_server):
    window = remote_window(qtbot, settings, tmp_path, llama_server)
    shown: list = []
    timer = answer_dialogs("send", shown)
    box, events = ask(qtbot, window)
    timer.stop()
    assert len(shown) == 1 and settings.consent(llama_server) is True
    assert any(isinstance(e, AnswerPiece) for e in events)
    answer = events[-1].answer
    assert isinstance(events[-1], Answered) and answer.model_text
    assert {c.title for c in answer.citations} == {"Trade show planning"}
    assert "Trade show planning, 02:10" in box.answer_view.toPlainText()
