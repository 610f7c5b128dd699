"""Render the library's Ask tab offscreen (docs/screenshots/ask.png): the meetings of
scripts/screenshot_library.py, a question answered by the embedded model with the Token
Lens on — the checked answer with its [meeting, mm:ss] links, the answer's tokens
coloured by how sure the model was, one token clicked — and the cited meeting opened at
the cited moment.

    .venv/bin/python scripts/screenshot_ask.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import screenshot_library as shots  # noqa: E402  (sets MINUTIA_HOME and the platform first)
from PySide6.QtCore import QUrl  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.app import make_pipeline  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from desktop.session_controller import SessionController  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from engine import EngineConfig  # noqa: E402

QUESTION = "Who sends the invoice to the printer?"


def main() -> None:
    shots.OUT.mkdir(parents=True, exist_ok=True)
    shots.make_library()
    app = QApplication([])
    window = MainWindow(SessionController(make_pipeline, EngineConfig()),
                        Settings("screenshots-ask"), confirm=lambda q: True)
    window.resize(1400, 800)
    window.show()
    wait = shots.wait
    wait(app, lambda: window.library_pane.model.rowCount() == 4 and not window.library.jobs.busy)
    ask = window.library.ask
    window.side_tabs.setCurrentWidget(ask.box)
    window.menu.lens.setChecked(True)
    window.message_bar.hide()  # the Lens's offer to rewrite the (no) minutes shown
    ask.box.question.setText(QUESTION)
    ask.box.ask_button.click()
    wait(app, lambda: ask.box.ask_button.isEnabled() and not ask.jobs.busy, 300)
    ask.box.answer_view.anchorClicked.emit(QUrl("cite:0"))  # the citation, as clicked
    wait(app, lambda: window.current is not None)
    wait(app, lambda: window.tokenizer._thread is None, 60)
    window.menu.lens.setChecked(False)  # the minutes area back to the minutes
    window.message_bar.hide()
    steps = [s for _, s in ask.box.lens.pieces if s is not None]
    if steps:
        ask.box.lens.token_clicked.emit(min(steps, key=lambda s: s.probability))
    wait(app, lambda: False, 0.5)
    window.grab().save(str(shots.OUT / "ask.png"))
    window.close()
    print(shots.OUT / "ask.png")


if __name__ == "__main__":
    main()
