"""Render the transcript review offscreen (docs/screenshots/, issue 19): a meeting whose
transcript was corrected ("Corrected" badge, a name replaced, a segment edited), the play bar
under it at 00:26 with that row highlighted as heard, and the Find and replace dialog with its
preview of the hits. The session is written with the engine's API in a temporary MINUTIA_HOME;
no model runs and nothing is played (the player is only moved to 00:26).

    .venv/bin/python scripts/screenshot_review.py
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["MINUTIA_HOME"] = tempfile.mkdtemp(prefix="minutia-review-shots-")

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.app import make_pipeline  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from desktop.meeting import Meeting, MeetingStatus  # noqa: E402
from desktop.session_controller import SessionController  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from engine import EngineConfig, paths, speakers, transcript_io  # noqa: E402
from engine.session import Session  # noqa: E402
from engine.transcript_layer import TranscriptLayer  # noqa: E402
from engine.types import Segment, Transcript  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
LINES = [
    (0, 0, "Good morning everyone, let's plan the launch of the new garden website."),
    (5, 1, "Thanks Alice, the design is finished, but the contact form still needs testing."),
    (11, 0, "And we decide to launch the website on Monday 3rd of March."),
    (22, 0, "Thomas, can you test the contact form before Friday?"),
    (26, 1, "Yes, I will test the contact form and fix any problems to finance my first day."),
    (36, 2, "Sure, I will write the announcement and send it to Alice by Thursday."),
    (41, 0, "Thomas, please also check the posting costs this week."),
    (49, 0, "One open question is whether we need a Spanish version of the site.")]
MINUTES = """# Minutes: Garden website launch

## Decisions

- We decide to launch the website on Monday 3rd of March. [00:11]

## Action items

- **Tomasz**: test the contact form and fix any problems by Thursday (due: by Thursday) [00:26]
- **Carmen**: write the announcement and send it to Alice (due: by Thursday) [00:36]
- **Tomasz**: check the hosting costs (due: this week) [00:41]
"""


def corrected_session() -> Path:
    s = Session.create("Garden website launch", root=paths.sessions_dir())
    shutil.copy(ROOT / "assets" / "samples" / "meeting.wav", s.dir / "recording.wav")
    s.save_manifest(recording={"file": "recording.wav", "rate": 16000})
    segments = [Segment(float(at), at + 4.5, " " + text, speaker=who) for at, who, text in LINES]
    s.save_transcript(Transcript(segments, "en", 1.0, 63.0))
    s.name_speakers({0: speakers.Named("Alice"), 1: speakers.Named("Tomasz"),
                     2: speakers.Named("Carmen")})
    layer = TranscriptLayer.open(s.dir)
    layer.replace("posting", "hosting")
    layer.edit_text(4, "Yes, I will test the contact form and fix any problems by Thursday.")
    s.save_minutes(MINUTES, complete=True)
    return s.dir


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    folder = corrected_session()
    app = QApplication([])
    window = MainWindow(SessionController(make_pipeline, EngineConfig()),
                        Settings("screenshots-review"), confirm=lambda q: True)
    window.resize(1280, 760)
    window.show()
    meeting = Meeting("Garden website launch", status=MeetingStatus.DONE, session_dir=folder,
                      transcript=transcript_io.load_transcript(folder / "transcript.json"),
                      minutes=MINUTES)
    window.meetings.append(meeting)
    window.show_meeting(meeting)
    window.refresh_list()
    bar = window.transcript_review.play_bar
    bar._ready()
    bar.player.seek(26.4)
    bar.on_tick()
    window.transcript.set_playing(26.4)
    app.processEvents()
    window.grab().save(str(OUT / "transcript-review.png"))
    review = window.transcript_review
    review.find_and_replace()
    review.dialog.old.setText("Thomas")
    review.dialog.new.setText("Tomasz")
    app.processEvents()
    review.dialog.grab().save(str(OUT / "find-replace.png"))
    review.dialog.close()
    window.close()
    for name in ("transcript-review", "find-replace"):
        print(OUT / f"{name}.png")


if __name__ == "__main__":
    main()
