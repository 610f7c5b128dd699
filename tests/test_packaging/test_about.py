"""Help ▸ About Minutia: versions and the embedded models' checksums (issue 20)."""

from __future__ import annotations

import hashlib

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QWidget

from desktop.dialogs.about_dialog import AboutDialog
from desktop.window_menu import WindowMenu
from engine import __version__, models


def test_help_menu_has_about(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = WindowMenu(window, QWidget())
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert menu.about in help_menu.actions() and menu.about.text() == "About Minutia"


def test_about_shows_versions_then_each_models_real_checksum(qtbot):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert f"Minutia {__version__}" in dialog.header.text()
    text = dialog.text.toPlainText()
    assert "computing checksums" in text  # the window did not wait for ~300 MB of hashing
    for line in ("CTranslate2: ", "llama-cpp-python: ", "onnxruntime: ", "Qt: 6.", "PySide6: 6."):
        assert line in text
    qtbot.waitUntil(lambda: "sha256" in dialog.text.toPlainText(), timeout=60_000)
    text = dialog.text.toPlainText()
    assert "missing" not in text.split("Models:")[1], text
    gguf = models.default_llm_model().path
    assert f"sha256 {hashlib.sha256(gguf.read_bytes()).hexdigest()}" in text  # hashed for real
    assert f"sha256 {models.WHISPER_BASE_SHA256}" in text
    assert text.count("    sha256 ") == 5
    dialog.copy()
    assert QGuiApplication.clipboard().text() == text
