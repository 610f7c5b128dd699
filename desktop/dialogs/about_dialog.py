"""Help ▸ About Minutia: the version, the libraries and Qt it runs on, the devices, and the
embedded models with their SHA-256, so a bug report can say exactly what ran.

The checksums come from ``engine.self_test.embedded_models`` on a helper thread (hashing
~300 MB takes a second the first time; the first call may also assemble the Whisper model
into the cache, as the first job would); the dialog polls for them, so the window never
waits. "Copy" puts the whole text on the clipboard.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import PySide6
from PySide6.QtCore import Qt, QTimer, Slot, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from engine import paths
from engine.self_test import ModelInfo, embedded_models, versions

POLL_MS = 100


def models_text(models: list[ModelInfo]) -> str:
    """The models as lines: role, name, SHA-256 and where the file is (or why it is missing)."""
    lines = []
    for m in models:
        lines.append(f"{m.role}: {m.name}" if m.error is None else f"{m.role}: missing — {m.error}")
        if m.error is None:
            lines.append(f"    sha256 {m.sha256}")
            lines.append(f"    {m.path}")
    return "\n".join(lines)


class AboutDialog(QDialog):
    """Versions and model checksums, selectable and copyable."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Minutia")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(720, 480)
        found = versions()
        self.header = QLabel(f"<b>Minutia {found.pop('Minutia')}</b> — meeting audio in, minutes out,"
                        " on this computer.")
        self.text = QPlainTextEdit(readOnly=True)
        found["PySide6"] = PySide6.__version__
        found["Qt"] = qVersion()
        self._versions = "\n".join(f"{k}: {v}" for k, v in found.items())
        self._folders = "\n".join(f"{name}: {folder}" for name, folder in (
            ("Sessions", paths.sessions_dir()), ("Cache", paths.cache_dir()), ("Logs", paths.log_dir())))
        self._show("Models: computing checksums…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="about-checksums")
        self._models: Future = self._pool.submit(embedded_models)
        self._pool.shutdown(wait=False)
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self.on_poll)
        self._timer.start()

    def _show(self, models: str) -> None:
        self.text.setPlainText(f"{self._versions}\n\n{models}\n\n{self._folders}\n")

    @Slot()
    def on_poll(self) -> None:
        if not self._models.done():
            return
        self._timer.stop()
        try:
            self._show("Models:\n" + models_text(self._models.result()))
        except Exception as e:  # noqa: BLE001 - shown, not raised, in an About box
            self._show(f"Models: could not be checked ({e})")

    @Slot()
    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
