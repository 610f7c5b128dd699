"""Benchmark: how late the GUI event loop runs while a full job (real models) is processed.

A 16 ms QTimer records how late each tick fires while the desktop app transcribes the sample
meeting and streams its minutes, twice: the first job also loads both models, the second
finds them loaded. Prints p50/p99/max lateness per job. Targets: p99 <= 50 ms, max <= 150 ms.

    .venv/bin/python bench/ui_latency.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from bench.home import throwaway_home  # noqa: E402

throwaway_home("ui")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench.report import write_section  # noqa: E402
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
    lateness: dict[int, list[float]] = {1: [], 2: []}
    job = [0]
    last = [time.perf_counter()]
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(INTERVAL_MS)

    def tick() -> None:
        now = time.perf_counter()
        if job[0] in lateness:
            lateness[job[0]].append(max(0.0, (now - last[0]) * 1000 - INTERVAL_MS))
        last[0] = now

    def on_started(_job) -> None:
        job[0] += 1
        walls[job[0]] = time.perf_counter()

    walls: dict[int, float] = {}
    timer.timeout.connect(tick)
    controller.job_started.connect(on_started)
    controller.job_finished.connect(lambda _: walls.__setitem__(job[0], time.perf_counter()
                                                                 - walls[job[0]]))
    controller.state_changed.connect(lambda s: s == "idle" and app.quit())
    timer.start()
    window.open_files([SAMPLE, SAMPLE])
    app.exec()
    controller.shutdown()
    lines = []
    for n, label in ((1, "first job (loads both models)"), (2, "second job (models loaded)")):
        q = statistics.quantiles(lateness[n], n=100)
        lines.append(f"- {label}, {walls[n]:.1f} s: {len(lateness[n])} ticks of a {INTERVAL_MS} ms"
                     f" timer; lateness p50 {q[49]:.1f} ms, p99 {q[98]:.1f} ms,"
                     f" max {max(lateness[n]):.1f} ms")
    report = (f"The sample meeting, real models, {os.cpu_count()} cores, offscreen; targets p99 <= 50 ms,"
              f" max <= 150 ms.\n\n" + "\n".join(lines))
    print(report)
    if "--no-write" not in sys.argv:
        write_section("Desktop event loop while a job runs", ".venv/bin/python bench/ui_latency.py",
                      report)


if __name__ == "__main__":
    main()
