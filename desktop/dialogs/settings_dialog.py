"""Settings: models, device, threads, language, temperature, template, speakers, remote backends.
Applied to the next job. The API key goes to the OS keyring, never to the settings file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.dialogs.model_paths import gguf_problem, whisper_problem
from desktop.dialogs.models_page import ModelsDialog
from desktop.dialogs.playback_group import PlaybackGroup
from desktop.dialogs.speakers_group import SpeakersGroup
from desktop.dialogs.vocabulary_group import VocabularyGroup
from engine import EngineConfig
from engine.config import BACKENDS
from engine.errors import MinutiaError
from engine.minutes.prompts import available_templates
from engine.model_catalog import ModelStage
from engine.remote import keys


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #b00020")
    label.setWordWrap(True)
    label.hide()
    return label


def _path_row(edit: QLineEdit, browse) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    button = QPushButton("Browse…")
    button.clicked.connect(browse)
    layout.addWidget(button)
    return row


class SettingsDialog(QDialog):
    def __init__(self, config: EngineConfig, parent: QWidget | None = None, *,
                 output_device: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Minutia settings")
        self.whisper = QLineEdit(str(config.whisper_model or ""))
        self.whisper.setPlaceholderText("embedded Whisper base")
        self.llm = QLineEdit(str(config.llm_model or ""))
        self.llm.setPlaceholderText("embedded SmolLM2-135M-Instruct (demo quality)")
        self.device = QComboBox()
        self.device.addItems(["auto", "cpu", "cuda"])
        self.device.setCurrentText(config.device)
        self.threads = QSpinBox()
        self.threads.setRange(0, 256)
        self.threads.setSpecialValueText("all cores")
        self.threads.setValue(config.threads or 0)
        self.language = QLineEdit(config.language or "")
        self.language.setPlaceholderText("detect (or a code: en, de, fr…)")
        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(0.0, 2.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setValue(config.temperature)
        self.temperature.setToolTip("0 = always the most likely token (reproducible minutes)")
        self.minutes_language = QLineEdit(config.minutes_language or "")
        self.minutes_language.setPlaceholderText("as spoken (or a code: en, de, fr…)")
        self.strict = QCheckBox("Drop items the evidence check cannot verify")
        self.strict.setToolTip("Off: such items stay, marked ⚠ with the reason")
        self.strict.setChecked(config.strict)
        self.insights = QCheckBox("End the minutes with chapters, key terms, names and tone")
        self.insights.setChecked(config.insights)
        self.template = QComboBox()
        self.template.addItems(sorted(available_templates()))
        self.template.setCurrentText(config.template)
        self.context = QSpinBox()
        self.context.setRange(512, 131072)
        self.context.setSingleStep(1024)
        self.context.setValue(config.context)
        self.speakers = SpeakersGroup(config)
        self.vocabulary = VocabularyGroup()
        self.playback = PlaybackGroup(output_device)
        self._config = config
        self.whisper_error, self.llm_error = _error_label(), _error_label()
        self._lay_out(config)

    def _lay_out(self, config: EngineConfig) -> None:
        # The rows scroll (taller than a laptop's screen); OK and Cancel stay in view below.
        rows = QWidget()
        form = QFormLayout(rows)
        form.addRow("Speech model folder", _path_row(self.whisper, self._browse_whisper))
        form.addRow("", self.whisper_error)
        form.addRow("Language model (GGUF)", _path_row(self.llm, self._browse_llm))
        form.addRow("", self.llm_error)
        models_button = QPushButton("Models… (download, recommended for this computer)")
        models_button.clicked.connect(self._open_models)
        form.addRow("", models_button)
        form.addRow("Device", self.device)
        form.addRow("CPU threads", self.threads)
        form.addRow("Spoken language", self.language)
        form.addRow("Temperature", self.temperature)
        form.addRow("Minutes template", self.template)
        form.addRow("Minutes language", self.minutes_language)
        form.addRow("Evidence", self.strict)
        form.addRow("Insights", self.insights)
        form.addRow("Context (tokens)", self.context)
        form.addRow(self.speakers)
        form.addRow(self.vocabulary)
        form.addRow(self.playback)
        form.addRow(self._remote_group(config))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(rows)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll)
        outer.addWidget(buttons)
        self._fit(rows)

    def _fit(self, rows: QWidget) -> None:
        """As tall as the rows need, up to 85 % of the screen's height."""
        screen = self.screen().availableGeometry() if self.screen() else None
        height = rows.sizeHint().height() + 60
        if screen is not None:
            height = min(height, int(screen.height() * 0.85))
        self.resize(rows.sizeHint().width() + 40, height)

    def _remote_group(self, config: EngineConfig) -> QGroupBox:
        """Where each stage runs; the endpoint; the key (shown as its last 4 characters)."""
        box = QGroupBox("Remote backends (opt-in: nothing leaves this computer unless you agree)")
        form = QFormLayout(box)
        self.asr_backend, self.minutes_backend = QComboBox(), QComboBox()
        for combo, value in ((self.asr_backend, config.asr_backend),
                             (self.minutes_backend, config.minutes_backend)):
            combo.addItems(BACKENDS)
            combo.setCurrentText(value)
            combo.setToolTip("local: this computer only · openai: the endpoint below ·"
                             " auto: local, the endpoint only if the local model cannot run")
        self.base_url = QLineEdit(config.base_url)
        self.remote_asr_model = QLineEdit(config.remote_asr_model)
        self.remote_minutes_model = QLineEdit(config.remote_minutes_model)
        self.remote_timeout = QDoubleSpinBox()
        self.remote_timeout.setRange(1, 3600)
        self.remote_timeout.setSuffix(" s")
        self.remote_timeout.setValue(config.remote_timeout)
        self.remote_context = QSpinBox()
        self.remote_context.setRange(2048, 2_000_000)
        self.remote_context.setSingleStep(4096)
        self.remote_context.setValue(config.remote_context)
        self.key_status = QLabel(keys.describe(config.base_url))
        self.new_key = QLineEdit()
        self.new_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_key.setPlaceholderText("paste a key to store it in the OS keyring")
        self.forget_consents = QCheckBox("Ask again before sending to any endpoint")
        self.key_error = QLabel()
        self.key_error.setStyleSheet("color: #b00020")
        self.key_error.hide()
        form.addRow("Transcription", self.asr_backend)
        form.addRow("Minutes", self.minutes_backend)
        form.addRow("Base URL", self.base_url)
        form.addRow("Transcription model", self.remote_asr_model)
        form.addRow("Minutes model", self.remote_minutes_model)
        form.addRow("Timeout", self.remote_timeout)
        form.addRow("Context (tokens)", self.remote_context)
        form.addRow("API key", self.key_status)
        form.addRow("New API key", self.new_key)
        form.addRow("", self.forget_consents)
        form.addRow("", self.key_error)
        return box

    def _paths_ok(self) -> bool:
        """Show, next to each model field, why its path cannot be used."""
        ok = True
        for edit, label, problem in ((self.whisper, self.whisper_error, whisper_problem),
                                     (self.llm, self.llm_error, gguf_problem)):
            text = problem(edit.text())
            label.setText(text)
            label.setVisible(bool(text))
            if text:
                if ok:
                    edit.setFocus()
                ok = False
        return ok

    def accept(self) -> None:
        if not self._paths_ok():
            return
        if not self.speakers.counts_ok() or not self.vocabulary.save():
            return
        key = self.new_key.text().strip()
        if key:
            try:
                keys.store(self.base_url.text(), key)
            except MinutiaError as e:
                self.key_error.setText(str(e))
                self.key_error.show()
                return
            self.new_key.clear()
        if self.speakers.forget_voices():
            super().accept()

    def _open_models(self) -> None:
        """Settings ▸ Models (desktop/dialogs/models_page.py): Use fills the field above."""
        chosen = {stage: Path(edit.text().strip()) if edit.text().strip() else None
                  for stage, edit in ((ModelStage.TRANSCRIBE, self.whisper),
                                      (ModelStage.MINUTES, self.llm))}
        dialog = ModelsDialog(chosen, self)
        dialog.page.model_chosen.connect(self.on_model_chosen)
        dialog.exec()

    def on_model_chosen(self, stage: str, path: Path | None) -> None:
        edit = self.whisper if stage == ModelStage.TRANSCRIBE.value else self.llm
        edit.setText(str(path) if path is not None else "")

    def _browse_whisper(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "faster-whisper model folder")
        if folder:
            self.whisper.setText(folder)

    def _browse_llm(self) -> None:
        file, _ = QFileDialog.getOpenFileName(self, "GGUF model", "", "GGUF models (*.gguf)")
        if file:
            self.llm.setText(file)

    def config(self) -> EngineConfig:
        text = lambda edit: edit.text().strip() or None  # noqa: E731
        # replace(): the settings this dialog does not show (sampling, Lens) stay as they are.
        return replace(
            self.speakers.apply(self._config),
            whisper_model=Path(text(self.whisper)) if text(self.whisper) else None,
            llm_model=Path(text(self.llm)) if text(self.llm) else None,
            device=self.device.currentText(), threads=self.threads.value() or None,
            context=self.context.value(), language=text(self.language),
            template=self.template.currentText() or "general",
            temperature=round(self.temperature.value(), 2),
            minutes_language=text(self.minutes_language), strict=self.strict.isChecked(),
            insights=self.insights.isChecked(), asr_backend=self.asr_backend.currentText(),
            minutes_backend=self.minutes_backend.currentText(),
            base_url=self.base_url.text().strip() or self._config.base_url,
            remote_asr_model=self.remote_asr_model.text().strip() or self._config.remote_asr_model,
            remote_minutes_model=(self.remote_minutes_model.text().strip()
                                  or self._config.remote_minutes_model),
            remote_timeout=self.remote_timeout.value(), remote_context=self.remote_context.value())
