"""Render the desktop app offscreen on the sample meeting: one screenshot while the minutes
stream, one when done, the exported PDF's first page, one while recording (the sample
replayed as a live source), and the Token Lens: a token's alternatives, a fork at it, the
changes after a regenerate with other sampling, step mode, the tokenizer view, and the
settings and consent dialogs of the remote backends (docs/screenshots/).

    .venv/bin/python scripts/screenshot.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MINUTIA_HOME", tempfile.mkdtemp(prefix="minutia-shots-"))

from PySide6.QtCore import QTimer, QUrl  # noqa: E402
from PySide6.QtWidgets import QApplication, QScrollArea  # noqa: E402

from desktop.app import make_pipeline  # noqa: E402
from desktop.dialogs.consent_dialog import ConsentDialog  # noqa: E402
from desktop.dialogs.settings_dialog import SettingsDialog  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from desktop.session_controller import SessionController  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from engine import EngineConfig  # noqa: E402
from engine.audio.sources import ReplaySource  # noqa: E402
from engine.remote.consent import Disclosure  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SAMPLE = ROOT / "assets" / "samples" / "meeting.wav"


def shoot_dialogs(window) -> dict[str, Path]:
    """Settings (the remote backends) and the question before anything is sent."""
    settings = SettingsDialog(window.controller.config, window)
    consent = ConsentDialog(Disclosure(
        "http://gpu-box:8000/v1", "minutes",
        "the meeting transcript in prompts to qwen2.5-7b-instruct (this one 3,412 characters)",
        preview=SAMPLE.with_suffix(".txt").read_text(encoding="utf-8")[:600]), window)
    shots = {}
    for name, dialog in (("settings", settings), ("consent", consent)):
        dialog.show()
        QApplication.processEvents()
        scroll = dialog.findChild(QScrollArea)
        if scroll is not None:  # Settings scrolls: show its remote backends, at the bottom
            scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
            QApplication.processEvents()
        shots[name] = OUT / f"{name}.png"
        dialog.grab().save(str(shots[name]))
        dialog.close()
    return shots


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    controller = SessionController(make_pipeline, EngineConfig(temperature=0.0))
    window = MainWindow(controller, Settings("screenshots"), confirm=lambda q: True)
    window.resize(1280, 760)
    window.show()
    shots = {}

    def grab(name: str) -> None:
        app.processEvents()  # lay out widgets added just now (the token panel's rows)
        path = OUT / f"{name}.png"
        window.grab().save(str(path))
        shots[name] = path

    def on_delta(_text: str, _step) -> None:
        summary = window.minutes.markdown().partition("## Summary")[2]
        if "streaming" not in shots and len(summary) > 120:
            window.minutes.render()  # what the next throttled render would show
            grab("streaming")

    def on_tentative(text: str) -> None:
        # the embedded model's Summary draft, greyed while the guard checks it
        if "streaming" not in shots and len(text) > 120:
            window.minutes.render()
            grab("streaming")

    def on_state(state: str) -> None:
        if state != "idle":
            return
        if "finished" not in shots:
            deadline = time.monotonic() + 20  # the library lists the meeting as it is now
            while window.library.jobs.busy and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.02)
            grab("finished")
            window.transcript_tabs.setCurrentWidget(window.insights_view)
            grab("insights")
            window.transcript_tabs.setCurrentWidget(window.transcript_page)
            pdf = OUT / "minutes.pdf"
            window.export_pdf(pdf)
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                            str(OUT / "minutes-pdf-page")], check=False)
            window.make_source = lambda index: (lambda: ReplaySource(SAMPLE))
            window.start_recording(0)
            QTimer.singleShot(16_000, lambda: (grab("recording"), controller.stop_recording()))
        elif "lens-regenerated" not in shots:
            shots["lens-regenerated"] = None
            window.menu.lens.setChecked(True)
            window.regenerate()
        elif "lens" not in shots:
            steps = [st for _, st in window.current.lens if st is not None]
            unsure = min(steps[:40], key=lambda st: st.probability)
            window.lens_page.view.render()
            window.lens_page.view.browser.anchorClicked.emit(QUrl(f"token:{unsure.i}"))
            grab("lens")
            window.lens.fork(unsure.i, unsure.top[1].id if unsure.top[0].id == unsure.id
                        else unsure.top[0].id)
        elif "lens-fork" not in shots:
            window.lens_page.view.render()
            grab("lens-fork")
            window.sampling_bar.temperature.setValue(0.9)
            window.sampling_bar.seed.setValue(3)
            window.sampling_bar.regenerate.click()
        elif "changes" not in shots:
            window.message_bar.action_button.click()  # Show changes
            grab("changes")
            window.menu.changes.setChecked(False)
            window.sampling_bar.temperature.setValue(0.0)
            window.lens_page.step_button.click()
        else:
            window.menu.tokenizer.trigger()
            QTimer.singleShot(3000, shoot_tokenizer)

    def shoot_tokenizer() -> None:
        app.processEvents()
        path = OUT / "tokenizer.png"
        window.lens.tokenizer_dialog.grab().save(str(path))
        shots["tokenizer"] = path
        shots.update(shoot_dialogs(window))
        QTimer.singleShot(200, app.quit)

    def on_offer(offer) -> None:
        if offer.i < 12:
            QTimer.singleShot(50, window.lens_page.panel.next_button.click)
        elif "step" not in shots:
            window.lens_page.view.render()
            grab("step")
            window.lens_page.panel.run_button.click()

    controller.minutes_delta.connect(on_delta)
    controller.minutes_tentative.connect(on_tentative)
    controller.token_offered.connect(on_offer)
    controller.state_changed.connect(on_state)
    window.open_files([SAMPLE])
    QTimer.singleShot(300_000, app.quit)
    app.exec()
    controller.shutdown()
    for name, path in shots.items():
        if path is not None:
            print(f"{name}: {path}")


if __name__ == "__main__":
    main()
