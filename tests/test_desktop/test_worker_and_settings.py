"""The generator worker's signal contract, and settings round-trips."""

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Slot

from desktop.settings import Key
from desktop.workers.generator_worker import GeneratorWorker, start_in_thread
from engine import EngineConfig


class Observer(QObject):
    """Takes the worker's signals on the GUI thread, as the controller does: its slots are
    queued there. A plain callable connected to them would run on the worker's thread; pytest-qt's
    waitSignals did, stopped its timeout timer from there ("Timers cannot be stopped from another
    thread"), and the timer left registered crashed the next test 5 s later (SIGSEGV)."""

    def __init__(self, worker: GeneratorWorker) -> None:
        super().__init__()
        self.seen: list[str] = []
        self.threads: set[str] = set()
        worker.yielded.connect(self.on_yielded)
        worker.returned.connect(self.on_returned)
        worker.errored.connect(self.on_errored)
        worker.cancelled.connect(self.on_cancelled)
        worker.finished.connect(self.on_finished)

    def _saw(self, name: str) -> None:
        self.seen.append(name)
        self.threads.add(threading.current_thread().name)

    @Slot(object)
    def on_yielded(self, _item) -> None:
        self._saw("yielded")

    @Slot(object)
    def on_returned(self, _value) -> None:
        self._saw("returned")

    @Slot(object)
    def on_errored(self, _error) -> None:
        self._saw("errored")

    @Slot()
    def on_cancelled(self) -> None:
        self._saw("cancelled")

    @Slot()
    def on_finished(self) -> None:
        self._saw("finished")


def run_worker(qtbot, make_iterator) -> list[str]:
    worker = GeneratorWorker(make_iterator)
    observer = Observer(worker)
    thread = start_in_thread(worker)
    qtbot.waitUntil(lambda: "finished" in observer.seen, timeout=5000)
    qtbot.waitUntil(thread.isFinished, timeout=5000)
    assert observer.threads == {threading.main_thread().name}  # every signal reached the GUI thread
    return observer.seen


def test_items_then_return_value_then_finished(qtbot):
    def gen(cancel):
        yield 1
        yield 2
        return "done"
    seen = run_worker(qtbot, gen)
    assert seen == ["yielded", "yielded", "returned", "finished"]


def test_an_exception_goes_to_errored_then_finished(qtbot):
    def gen(cancel):
        yield 1
        raise ValueError("bad")
    seen = run_worker(qtbot, gen)
    assert seen == ["yielded", "errored", "finished"]


def test_cancel_has_its_own_signal_and_reaches_the_engine_iterator(qtbot):
    closed = []

    def gen(cancel):
        try:
            yield 1
            cancel.cancel()  # as if the user clicked Cancel now
            yield 2
            yield 3
        finally:
            closed.append(True)
    seen = run_worker(qtbot, gen)
    assert seen == ["yielded", "yielded", "cancelled", "finished"] and closed == [True]


def test_settings_round_trip_through_the_typed_wrapper(settings):
    config = EngineConfig(whisper_model=Path("/models/whisper small"), llm_model=Path("/m/x.gguf"),
                          device="cpu", threads=3, context=4096, language="de",
                          template="general", temperature=0.7, seed=5, top_k=0, top_p=0.5,
                          min_p=0.0, strict=True, minutes_language="fr")
    settings.save_engine_config(config)
    assert settings.engine_config() == config
    settings.save_engine_config(EngineConfig())
    assert settings.engine_config() == EngineConfig()
    settings.set_value(Key.LAST_FOLDER, "/home/x")
    assert settings.value(Key.LAST_FOLDER) == "/home/x"
    assert "test-" in settings.file_name  # never the user's own settings file


def test_settings_dialog_turns_its_fields_into_an_engine_config(qtbot):
    from desktop.dialogs.settings_dialog import SettingsDialog
    dialog = SettingsDialog(EngineConfig(temperature=0.2, top_k=7))
    qtbot.addWidget(dialog)
    dialog.llm.setText("/models/llama 3.gguf")
    dialog.device.setCurrentText("cpu")
    dialog.threads.setValue(4)
    dialog.language.setText("fr")
    dialog.temperature.setValue(0.0)
    dialog.minutes_language.setText("de")
    dialog.strict.setChecked(True)
    config = dialog.config()
    assert config == EngineConfig(llm_model=Path("/models/llama 3.gguf"), device="cpu", threads=4,
                                  language="fr", temperature=0.0, top_k=7, strict=True,
                                  minutes_language="de")  # top-k: not on the dialog, kept
    assert dialog.template.currentText() == "general"
