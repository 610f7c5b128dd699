"""Benchmark: how late the GUI event loop runs while a full job (real models) is processed.

A 16 ms QTimer records how late each tick fires while the desktop app transcribes the sample
meeting and streams its minutes; prints p50/p99/max lateness. Targets: p99 <= 50 ms,
max <= 150 ms.

    .venv/bin/python bench/ui_latency.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MINUTIA_HOME", tempfile.mkdtemp(prefix="minutia-bench-ui-"))

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.app import make_pipeline  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from desktop.session_controller import SessionController  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from engine import EngineConfig  # noqa: E402

SAMPLE = ROOT / "assets" / "samples" / "meeting.wav"
INTERVAL_MS = 16


def main() -> None:
    app = QApplication([])
    controller = SessionController(make_pipeline, EngineConfig(temperature=0.0))
    window = MainWindow(controller, Settings("bench-ui"), confirm=lambda q: True)
    window.show()
    lateness: list[float] = []
    last = [time.perf_counter()]
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(INTERVAL_MS)

    def tick() -> None:
        now = time.perf_counter()
        lateness.append(max(0.0, (now - last[0]) * 1000 - INTERVAL_MS))
        last[0] = now

    timer.timeout.connect(tick)
    controller.state_changed.connect(lambda s: s == "idle" and app.quit())
    timer.start()
    t0 = time.perf_counter()
    window.open_files([SAMPLE])
    app.exec()
    wall = time.perf_counter() - t0
    controller.shutdown()
    q = statistics.quantiles(lateness, n=100)
    print(f"job {wall:.1f} s, {len(lateness)} ticks of {INTERVAL_MS} ms; event-loop lateness: "
          f"p50 {q[49]:.1f} ms, p99 {q[98]:.1f} ms, max {max(lateness):.1f} ms; "
          f"preview renders {window.minutes.render_count}")


if __name__ == "__main__":
    main()
