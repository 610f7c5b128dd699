"""Consent for the desktop app: a job on the worker thread asks, the GUI thread shows the
question (once per endpoint; the answer is kept in the settings), the job goes on."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QDialog, QWidget

from desktop.dialogs.consent_dialog import ConsentDialog
from desktop.settings import Settings
from engine.remote.consent import Consent, Disclosure


class _Question:
    def __init__(self, disclosure: Disclosure) -> None:
        self.disclosure = disclosure
        self.answer = False
        self.done = threading.Event()


class ConsentBridge(QObject):
    """Lives on the GUI thread; ``ask`` may be called from any thread."""

    _asked = Signal(object)

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self._settings = settings
        self.parent_widget: QWidget | None = None
        self._closed = False
        self._asked.connect(self._on_asked, Qt.ConnectionType.QueuedConnection)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)

    def close(self) -> None:
        """The app is quitting: a question still waiting is answered no."""
        self._closed = True

    def consent(self) -> Consent:
        return Consent(self.ask, refusal_hint=" You chose to keep data on this computer for this"
                                              " endpoint: Settings ▸ Remote backends can ask again.")

    def ask(self, disclosure: Disclosure) -> bool:
        if QThread.currentThread() is self.thread():
            return self._answer(disclosure)
        question = _Question(disclosure)
        self._asked.emit(question)
        while not question.done.wait(0.1):
            if self._closed:
                return False
        return question.answer

    @Slot(object)
    def _on_asked(self, question: _Question) -> None:
        try:
            question.answer = self._answer(question.disclosure)
        finally:
            question.done.set()

    def _answer(self, disclosure: Disclosure) -> bool:
        remembered = self._settings.consent(disclosure.endpoint)
        if remembered is not None:
            return remembered
        allowed = ConsentDialog(disclosure, self.parent_widget).exec() == QDialog.DialogCode.Accepted
        self._settings.set_consent(disclosure.endpoint, allowed)
        return allowed
