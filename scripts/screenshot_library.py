"""Render the meeting library offscreen (docs/screenshots/): the Meetings pane listing four
kept meetings with one reopened, a search whose hit opened its meeting at that moment, and
the Actions tab with one item ticked done. The meetings are session folders written with
the engine's Session API in a temporary MINUTIA_HOME (no models run, except the embedding
model for meaning search).

    .venv/bin/python scripts/screenshot_library.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["MINUTIA_HOME"] = tempfile.mkdtemp(prefix="minutia-library-shots-")

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.app import make_pipeline  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from desktop.session_controller import SessionController  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from engine import EngineConfig, paths, speakers  # noqa: E402
from engine.session import Session, Status  # noqa: E402
from engine.types import Segment, Transcript  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
LAUNCH = [
    (0, 0, "Good morning everyone, let's plan the launch of the new garden website."),
    (5, 1, "Thanks Alice, the design is finished, but the contact form still needs testing."),
    (11, 0, "And we decide to launch the website on Monday 3rd of March."),
    (22, 0, "Peter, can you test the contact form before Friday?"),
    (26, 1, "Yes, I will test the contact form and fix any problems before Friday."),
    (36, 2, "Sure, I will write the announcement and send it to Alice by Thursday."),
    (41, 0, "David, please update the photos on the gallery page this week."),
    (49, 0, "One open question is whether we need a Spanish version of the site.")]
LAUNCH_MINUTES = """# Minutes: Garden website launch

## Decisions

- We decide to launch the website on Monday 3rd of March. [00:11]

## Action items

- **Peter**: test the contact form and fix any problems before Friday (due: before Friday) [00:26]
- **Carmen**: write the announcement and send it to Alice by Thursday (due: by Thursday) [00:36]
- **David**: update the photos on the gallery page this week (due: this week) [00:41]

## Open questions

- Whether we need a Spanish version of the site. [00:49]
"""
TRADE = [(0, 0, "Welcome, this is the planning call for the trade show."),
         (65, 1, "We decided to book the Berlin stand for March."),
         (130, 0, "Priya will send the invoice to the printer by Thursday."),
         (190, 1, "Ravi, could you order the banners next week?")]
TRADE_MINUTES = """# Minutes: Trade show planning

## Decisions

- Book the Berlin stand for March [01:05]

## Action items

- **Priya**: send the invoice to the printer (due: by Thursday) [02:10]
- **Ravi**: order the banners (due: next week) [03:10]
"""
KITCHEN = [(0, 0, "The tiles arrive on Monday."), (40, 1, "The plumber comes on Friday.")]


def session(title, lines, names, minutes=None, seconds=None, created=None):
    s = Session.create(title, root=paths.sessions_dir(), created=created)
    segments = [Segment(float(at), at + 4.0, text, speaker=who) for at, who, text in lines]
    s.save_transcript(Transcript(segments, "en", 1.0, seconds or segments[-1].end))
    s.name_speakers({k: speakers.Named(v) for k, v in names.items()})
    if minutes:
        s.save_minutes(minutes, complete=True)
        s.save_manifest(status=Status.COMPLETE)
    return s.dir


def make_library() -> None:
    session("Kitchen renovation", KITCHEN, {0: "Sam", 1: "Jo"}, seconds=95,
            created="2026-11-12T17:05:00")
    session("Trade show planning", TRADE, {0: "Priya", 1: "Ravi"}, TRADE_MINUTES, 1510,
            created="2026-11-24T10:00:00")
    session("Garden website launch", LAUNCH, {0: "Alice", 1: "Peter", 2: "Carmen"},
            LAUNCH_MINUTES, 63, created="2026-12-02T09:15:00")
    rec = Session.create("Recording 2026-12-03 09.30", root=paths.sessions_dir(),
                         created="2026-12-03T09:30:00")
    (rec.dir / "recording.wav").write_bytes(b"\0" * (44 + 32000 * 754))
    rec.save_manifest(status=Status.RECORDING,
                      recording={"file": "recording.wav", "pid": 999_999_999})


def wait(app, done, seconds=120.0) -> None:
    import time
    end = time.monotonic() + seconds
    while not done() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
    app.processEvents()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    make_library()
    app = QApplication([])
    window = MainWindow(SessionController(make_pipeline, EngineConfig()),
                        Settings("screenshots-library"), confirm=lambda q: True)
    window.resize(1280, 760)
    window.show()
    pane = window.library_pane
    wait(app, lambda: pane.model.rowCount() == 4 and not window.library.jobs.busy)
    pane.list.clicked.emit(pane.model.index(1))  # the website launch
    wait(app, lambda: window.current is not None)
    wait(app, lambda: window.tokenizer._thread is None, 60)  # the context meter's count
    window.grab().save(str(OUT / "library.png"))
    pane.search.setText("exhibition booth in Germany")
    wait(app, lambda: bool(pane.hits))
    pane.hit_list.itemClicked.emit(pane.hit_list.item(0))
    wait(app, lambda: window.current is not None and window.current.title.startswith("Trade"))
    wait(app, lambda: window.tokenizer._thread is None, 60)
    window.grab().save(str(OUT / "library-search.png"))
    pane.search.clear()
    window.side_tabs.setCurrentWidget(window.actions_view)
    view = window.actions_view
    wait(app, lambda: view.list.count() == 5)
    view.tick(next(a.id for a in view.items if a.owner == "Peter"))
    wait(app, lambda: view.list.count() == 4 and not window.library.jobs.busy)
    view.show_done.setChecked(True)
    wait(app, lambda: view.list.count() == 5)
    window.grab().save(str(OUT / "actions.png"))
    window.close()
    for name in ("library", "library-search", "actions"):
        print(OUT / f"{name}.png")


if __name__ == "__main__":
    main()
