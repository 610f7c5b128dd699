"""The real window (offscreen) shows a session; a click on one transcript row plays it through
PortAudio ("pulse") into the virtual sink, whose monitor ("vmic") is captured in the same
process on the same clock (time.monotonic). Run under tests/tools/vmic-start.sh's environment:

    python tests/tools/click_probe.py SESSION_DIR ROW OUT.npz [--listen SECONDS]

OUT.npz has play_probe.py's keys (``called`` is the click) and ``heard_rows`` ((monotonic
time, the row highlighted as heard) pairs).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import sounddevice as sd  # noqa: E402 - its env comes from the caller
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.main_window import MainWindow  # noqa: E402
from desktop.meeting import Meeting, MeetingStatus  # noqa: E402
from desktop.session_controller import SessionController  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from engine import EngineConfig, transcript_io  # noqa: E402
from engine.audio.player import Player  # noqa: E402


def pump(seconds: float, app: QApplication, each=None) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        if each is not None:
            each()
        time.sleep(0.005)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("session", type=Path)
    p.add_argument("row", type=int)
    p.add_argument("out", type=Path)
    p.add_argument("--listen", type=float, default=2.5)
    a = p.parse_args()
    app = QApplication([])
    settings = Settings(f"probe-{uuid.uuid4().hex[:8]}")
    window = MainWindow(SessionController(lambda config: None, EngineConfig()), settings,
                        confirm=lambda question: True)
    window.show()
    meeting = Meeting("played", status=MeetingStatus.DONE, session_dir=a.session,
                      transcript=transcript_io.load_transcript(a.session))
    window.meetings.append(meeting)
    window.show_meeting(meeting)
    bar, view = window.transcript_review.play_bar, window.transcript
    bar.player = Player(device="pulse")
    blocks, ends, positions, rows = [], [], [], []

    overflows = []

    def captured(indata, frames, time_info, status):
        if status:
            overflows.append(len(blocks))
        ends.append(time.monotonic())
        blocks.append(indata[:, 0].copy())

    with sd.InputStream(samplerate=16000, channels=1, dtype="float32", device="vmic",
                        blocksize=160, latency="low", callback=captured) as stream:
        pump(0.8, app)
        rect = view.visualItemRect(view.item(a.row))
        called = time.monotonic()
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        pump(a.listen, app, lambda: (positions.append((time.monotonic(), bar.player.position)),
                                     rows.append((time.monotonic(), view.heard_row))))
        latency_in = stream.latency
    state, error = str(bar.player.state), bar.player.error
    underflows = bar.player.underflows
    window.close()
    pump(0.3, app)
    settings.clear()
    np.savez(a.out, captured=np.concatenate(blocks), block_end=np.array(ends),
             block_frames=np.array([len(b) for b in blocks]), called=called,
             latency_in=latency_in, positions=np.array(positions), heard_rows=np.array(rows),
             state=state, error=error, overflows=len(overflows), underflows=underflows)


if __name__ == "__main__":
    main()
