"""Compose the desktop app: settings, the engine's pipeline factory, the controller, the window."""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop.gc_guard import GuiThreadCollector
from desktop.main_window import MainWindow
from desktop.remote_consent import ConsentBridge
from desktop.session_controller import SessionController
from desktop.settings import Key, Settings
from engine import EngineConfig, Pipeline, backends, paths
from engine.logging_setup import setup_logging
from engine.remote.consent import Consent

log = logging.getLogger("minutia.app")
# One speaker finder for the app's life: its model is loaded by the first job that finds
# speakers, on the worker thread, and kept for the next (one job runs at a time).
_DIARIZER = backends.make_diarizer()


def make_pipeline(config: EngineConfig, consent: Consent | None = None) -> Pipeline:
    """Production backends for ``config``; called on the worker thread (model files are
    assembled and checked there, never on the GUI thread). ``consent`` answers before a
    remote backend sends anything."""
    plan = backends.make_device_plan(config)
    return Pipeline(config=config, device=plan,
                    transcriber=backends.make_transcriber(config, plan, consent),
                    chat_model=backends.make_chat_model(config, plan, consent),
                    diarizer=_DIARIZER)


def build_window(settings: Settings, files: list[Path] = ()) -> MainWindow:
    bridge = ConsentBridge(settings)
    controller = SessionController(lambda config: make_pipeline(config, bridge.consent()),
                                   settings.engine_config())
    window = MainWindow(controller, settings)
    bridge.parent_widget = window
    bridge.setParent(window)  # lives (and is asked) as long as the window
    geometry = settings.value(Key.WINDOW_GEOMETRY)
    if geometry is not None:
        window.restoreGeometry(geometry)
    if files:
        QTimer.singleShot(0, lambda: window.open_files(list(files)))
    return window


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()  # the frozen app must not re-run itself in children
    parser = argparse.ArgumentParser(prog="minutia gui", description="Minutia desktop app")
    parser.add_argument("files", nargs="*", type=Path, help="meeting recordings to process now")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    log_file = setup_logging()
    log.info("desktop app starting; log at %s", log_file)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Minutia")
    app.setOrganizationName("Minutia")
    app.setWindowIcon(QIcon(str(paths.assets_dir() / "icons" / "minutia.png")))
    app.setDesktopFileName("minutia")  # Wayland: the window belongs to packaging/minutia.desktop
    GuiThreadCollector(app)  # Qt objects in reference cycles die on the GUI thread, never a worker's
    window = build_window(Settings(), args.files)
    window.show()
    window.offer_recovery()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
