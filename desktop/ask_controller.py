"""The Ask tab in the window: a question goes to AskJobs (answered off the GUI thread with
the settings in force: the local model, or the remote backend once the user agreed, asked
as for the minutes but naming "ask"), what comes back is shown in the AskBox as it is
written, a citation clicked opens its meeting at its moment, and a token of the answer
picked in the Lens can be put in another's place (the question asked again from there)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from desktop.remote_consent import ConsentBridge
from desktop.widgets.ask_box import AskBox
from desktop.workers.ask_jobs import AskJobs
from engine import EngineConfig, backends
from engine.library import Library
from engine.library.ask import AnswerPiece, AskOptions, SentenceChecked, SourcesFound
from engine.library.ask_check import Citation
from engine.library.ask_consent import AskConsent

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


class AskController(QObject):
    def __init__(self, window: MainWindow, *, make_library: Callable[[], Library],
                 open_meeting: Callable[[str, float], None]) -> None:
        super().__init__(window)
        self.window = window
        self.box = AskBox()
        self.open_meeting = open_meeting
        self.consent = ConsentBridge(window.settings)
        self.consent.parent_widget = window
        self.consent.setParent(self)
        self.jobs = AskJobs(make_library=make_library, make_model=self._make_model, parent=self)
        self.question = ""
        self.options = AskOptions()
        self._connect()

    def _connect(self) -> None:
        b, j = self.box, self.jobs
        b.asked.connect(self.ask)
        b.cancel_requested.connect(j.cancel)
        b.citation_clicked.connect(self.open_citation)
        b.fork_requested.connect(self.fork)
        j.event.connect(self.on_event)
        j.answered.connect(b.show_answer)
        j.failed.connect(b.show_failure)
        j.cancelled.connect(b.show_cancelled)
        j.finished.connect(self.on_finished)

    def _make_model(self, config: EngineConfig):
        """On the worker thread: the chat model the settings ask for (as for the minutes)."""
        plan = backends.make_device_plan(config)
        return backends.make_chat_model(config, plan, AskConsent(self.consent.consent()))

    @property
    def config(self) -> EngineConfig:
        return self.window.controller.config

    # ---- requests -----------------------------------------------------------------------
    @Slot(str)
    def ask(self, question: str) -> None:
        self._start(question, AskOptions(lens_top=self.config.lens_top))

    @Slot(int, int)
    def fork(self, position: int, token: int) -> None:
        """The same question, the answer written again with ``token`` at ``position``."""
        if self.question:
            self._start(self.question, replace(self.options, fork=(position, token)))

    def _start(self, question: str, options: AskOptions) -> None:
        if self.jobs.busy:
            self.box.show_note("An answer is still being written: cancel it first.")
            return
        self.question, self.options = question, options
        self.box.start(question, lens=bool(options.lens_top or options.fork),
                       sampling=options.sampling)
        self.jobs.ask(question, options, self.config)

    @Slot(object)
    def open_citation(self, citation: Citation) -> None:
        self.open_meeting(citation.session_id, citation.start)

    # ---- what comes back (GUI thread) ---------------------------------------------------
    @Slot(object)
    def on_event(self, event: object) -> None:
        if isinstance(event, SourcesFound):
            meetings = {s.meeting.id for s in event.sources}
            n = len(event.sources)
            self.box.show_note(f"Answering from {n} passage{'s' if n != 1 else ''} of"
                               f" {len(meetings)} meeting{'s' if len(meetings) != 1 else ''}…")
        elif isinstance(event, AnswerPiece):
            self.box.add_piece(event.text, event.step)
        elif isinstance(event, SentenceChecked):
            self.box.add_checked(event.sentence)

    @Slot()
    def on_finished(self) -> None:
        self.box.set_running(False)  # the worker is free only now: Ask again

    def shutdown(self) -> None:
        self.consent.close()
        self.jobs.shutdown()
