"""Settings ▸ Models: installed models and which is in use, the catalogue with what each
needs, this machine and the preset recommended per stage; Download (progress with speed and
time left, Cancel) runs on the one generator worker, off the window's thread; Use warns
first when a model does not fit this machine, then hands the path to the Settings fields."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QThread, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.workers.generator_worker import GeneratorWorker, start_in_thread
from engine import model_hub, model_store
from engine.errors import MinutiaError
from engine.hardware import HardwareFacts, probe_hardware
from engine.model_catalog import ModelStage, Preset
from engine.model_download import DownloadFinished, DownloadProgress, DownloadStarted, download
from engine.model_overview import Overview, model_warning, overview

INSTALLED_COLUMNS = ("In use", "Stage", "Model", "Source", "Size", "Licence", "Location")
CATALOGUE_COLUMNS = ("Model", "Stage", "Size", "Needs (RAM / GPU)", "Speed", "Licence", "State",
                     "Why")


def _size(n: float) -> str:
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


def _table(columns: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]], tips: list[str | None]) -> None:
    table.setRowCount(len(rows))
    for r, (row, tip) in enumerate(zip(rows, tips, strict=True)):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if tip:
                item.setToolTip(tip)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


def _ask(parent: QWidget, warning: str) -> bool:
    answer = QMessageBox.warning(parent, "This model may not fit", f"{warning}\n\nUse it anyway?",
                                 QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class ModelsPage(QWidget):
    """``model_chosen(stage, path)``: the user picked a model (path None: the embedded one)."""

    model_chosen = Signal(str, object)
    download_ended = Signal()

    def __init__(self, choices: dict[ModelStage, Path | None], *,
                 facts: HardwareFacts | None = None,
                 confirm: Callable[[QWidget, str], bool] = _ask,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices, self._confirm = dict(choices), confirm
        self.facts = facts or probe_hardware()
        self.view: Overview | None = None
        self._worker: GeneratorWorker | None = None
        self._thread: QThread | None = None
        self.hardware = QLabel()
        self.hardware.setWordWrap(True)
        self.installed, self.catalogue = _table(INSTALLED_COLUMNS), _table(CATALOGUE_COLUMNS)
        self.download_button, self.cancel_button = QPushButton("Download"), QPushButton("Cancel")
        self.use_button, self.remove_button = QPushButton("Use"), QPushButton("Remove")
        self.hub_button, self.hub_status = QPushButton("Check the hub"), QLabel()
        self._hub_jobs: list[tuple[GeneratorWorker, QThread]] = []
        self.progress, self.status = QProgressBar(), QLabel()
        self.status.setWordWrap(True)
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.cancel_button.setEnabled(False)
        self._layout()
        self.download_button.clicked.connect(self.on_download_clicked)
        self.cancel_button.clicked.connect(self.on_cancel_clicked)
        self.use_button.clicked.connect(self.on_use_clicked)
        self.remove_button.clicked.connect(self.on_remove_clicked)
        self.hub_button.clicked.connect(self.on_hub_clicked)
        self.refresh()

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.hardware)
        layout.addWidget(QLabel("Installed"))
        layout.addWidget(self.installed, 1)
        layout.addWidget(QLabel("Catalogue (downloaded from the Hugging Face Hub when you ask;"
                                " HF_ENDPOINT and HF_TOKEN are honoured)"))
        layout.addWidget(self.catalogue, 2)
        buttons = QHBoxLayout()
        for button in (self.download_button, self.cancel_button, self.use_button,
                       self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.hub_status)
        buttons.addWidget(self.hub_button)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)

    def refresh(self) -> None:
        """Read the installed models again and redraw both tables."""
        self.view = view = overview(self._choices, self.facts)
        lines = ["<b>This machine:</b> " + "; ".join(self.facts.describe())]
        for stage, rec in view.recommended.items():
            lines.append(f"<b>Recommended for {stage.value}:</b> {rec.preset.id} on"
                         f" {rec.device.upper()} ({rec.reason})")
        self.hardware.setText("<br>".join(lines))
        _fill(self.installed, [("●" if r.in_use else "", r.model.stage.value, r.model.name,
                                r.model.source, _size(r.model.size_bytes), r.model.licence,
                                str(r.model.path)) for r in view.installed],
              [r.warning for r in view.installed])
        _fill(self.catalogue, [(r.preset.id, r.preset.stage.value, _size(r.preset.size_gb * 1e9),
                                f"{r.preset.ram_gb:g} GB / {r.preset.vram_gb:g} GB",
                                r.preset.speed, r.preset.licence, self._state(r),
                                r.preset.why) for r in view.catalogue],
              [r.warning for r in view.catalogue])

    @staticmethod
    def _state(row) -> str:
        tags = [t for t, on in (("embedded", row.preset.embedded), ("installed", row.installed),
                                ("recommended", row.recommended)) if on]
        return ", ".join(tags) + (" ⚠ may not fit" if row.warning and not row.preset.embedded
                                  else "")

    def selected_preset(self) -> Preset | None:
        rows = self.catalogue.selectionModel().selectedRows()
        return self.view.catalogue[rows[0].row()].preset if rows and self.view else None

    def select(self, preset_id: str) -> None:
        """Select a catalogue row by id (keyboard users and tests)."""
        for i, row in enumerate(self.view.catalogue if self.view else []):
            if row.preset.id == preset_id:
                self.catalogue.selectRow(i)

    @property
    def downloading(self) -> bool:
        """True until the worker's thread has finished (a running QThread must stay referenced)."""
        return self._thread is not None

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet("color: #b00020" if error else "")
        self.status.setText(text)

    @Slot()
    def on_download_clicked(self) -> None:
        preset = self.selected_preset()
        if preset is None or preset.embedded or self.downloading:
            self._say("Choose a model of the catalogue to download.")
            return
        worker = GeneratorWorker(lambda cancel: download(preset.id, cancel=cancel))
        worker.yielded.connect(self.on_download_event)
        worker.errored.connect(self.on_download_failed)
        worker.cancelled.connect(self.on_download_cancelled)
        self._worker, self._thread = worker, start_in_thread(worker)
        self._thread.finished.connect(self.on_download_ended)
        self.download_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.progress.show()
        self._say(f"Contacting the hub for {preset.id}…")

    @Slot()
    def on_cancel_clicked(self) -> None:
        if self._worker is not None:
            self._worker.cancel()  # only sets the token: the worker stops at the next chunk
            self._say("Cancelling…")

    @Slot(object)
    def on_download_event(self, event) -> None:
        if isinstance(event, DownloadStarted):
            resumed = f", resuming after {_size(event.resumed_bytes)}" if event.resumed_bytes else ""
            self._say(f"Downloading {event.preset_id}: {_size(event.total_bytes)}{resumed}")
        elif isinstance(event, DownloadProgress):
            share = event.done_bytes / event.total_bytes if event.total_bytes else 1.0
            self.progress.setValue(int(share * 1000))
            left = f"{event.eta_s:.0f} s left" if event.eta_s is not None else ""
            self._say(f"Downloading {event.preset_id}: {_size(event.done_bytes)} of"
                      f" {_size(event.total_bytes)}, {_size(event.bytes_per_s)}/s, {left}")
        elif isinstance(event, DownloadFinished):
            self.progress.setValue(1000)
            self._say(f"{event.preset_id} is installed and verified. Select it and press Use.")

    @Slot(object)
    def on_download_failed(self, error) -> None:
        text = str(error) if isinstance(error, MinutiaError) else f"Download failed: {error}"
        self._say(text, error=True)

    @Slot()
    def on_download_cancelled(self) -> None:
        self._say("Download cancelled; what arrived is kept, and Download resumes it.")

    @Slot()
    def on_download_ended(self) -> None:
        """The worker's thread has finished (after the worker's last signal)."""
        if self._thread is not None:
            self._thread.wait()  # it emitted finished on its way out: returns at once
        self._worker, self._thread = None, None
        self.download_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.hide()
        self.refresh()
        self.download_ended.emit()

    @Slot()
    def on_hub_clicked(self) -> None:
        """Ask the hub whether it answers, off the window's thread (offline: "not reachable")."""
        def check(cancel):
            yield model_hub.reachable()

        worker = GeneratorWorker(check)
        worker.yielded.connect(self.on_hub_checked)
        thread = start_in_thread(worker)
        self._hub_jobs.append((worker, thread))  # referenced until its thread has finished
        thread.finished.connect(self.on_hub_thread_finished)
        self.hub_button.setEnabled(False)
        self.hub_status.setText(f"Asking {model_hub.endpoint()}…")

    @Slot()
    def on_hub_thread_finished(self) -> None:
        for _, thread in self._hub_jobs:
            if thread is self.sender():
                thread.wait()  # it emitted finished on its way out: returns at once
        self._hub_jobs = [job for job in self._hub_jobs if job[1] is not self.sender()]
        self.hub_button.setEnabled(not self._hub_jobs)

    @Slot(object)
    def on_hub_checked(self, problem) -> None:
        self.hub_status.setText(problem or f"{model_hub.endpoint()}: reachable")

    def _selected_model(self) -> tuple[ModelStage, Path | None, Preset | None] | None:
        """(stage, path, preset) of the selection: an installed row, else a catalogue row."""
        assert self.view is not None
        rows = self.installed.selectionModel().selectedRows()
        if rows:
            model = self.view.installed[rows[0].row()].model
            return (model.stage, None if model.source == "embedded" else model.path,
                    model.preset)
        preset = self.selected_preset()
        if preset is None:
            return None
        if preset.embedded:
            return preset.stage, None, preset
        path = model_store.installed_path(preset)
        return (preset.stage, path, preset) if path is not None else None

    @Slot()
    def on_use_clicked(self) -> None:
        chosen = self._selected_model()
        if chosen is None:
            self._say("Choose an installed model (download it first).")
            return
        stage, path, preset = chosen
        warning = model_warning(stage, preset, path, self.facts)
        if warning and not self._confirm(self, warning):
            return
        self._choices[stage] = path
        self.model_chosen.emit(stage.value, path)
        self._say(f"{preset.id if preset else path.name} will be used for {stage.value}"
                  " (press OK in Settings to keep it).")
        self.refresh()

    @Slot()
    def on_remove_clicked(self) -> None:
        preset = self.selected_preset()
        try:
            if preset is None:
                raise MinutiaError("Choose a downloaded model of the catalogue to remove.")
            freed = model_store.remove(preset.id)
        except MinutiaError as e:
            self._say(str(e), error=True)
            return
        self._say(f"Removed {preset.id} ({_size(freed)} freed).")
        self.refresh()



class ModelsDialog(QDialog):
    """The Models page in a window of its own, opened from Settings."""

    def __init__(self, choices: dict[ModelStage, Path | None], parent: QWidget | None = None,
                 **page_options) -> None:
        super().__init__(parent)
        self.setWindowTitle("Models")
        self.resize(980, 640)
        self.page = ModelsPage(choices, parent=self, **page_options)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page)
        layout.addWidget(buttons)

    def done(self, result: int) -> None:
        """Close at once, or, while a download runs, cancel it and close when it has stopped."""
        if self.page.downloading:
            self.page.download_ended.connect(lambda: QDialog.done(self, result))
            self.page.on_cancel_clicked()
            return
        super().done(result)
